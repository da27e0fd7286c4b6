#include "tariff/assessment.h"

#include <chrono>

#include "tariff/exact_amount.h"
#include "tariff/postal_rules.h"

namespace oc {
namespace {

const Decimal kZero = Decimal::from_units(0, 2);

std::string item_path(std::size_t index, std::string_view field) {
  return "/items/" + std::to_string(index) + "/" + std::string(field);
}

// Collects the first arithmetic error of a chain of checked operations.
class Arithmetic {
 public:
  static constexpr std::size_t no_item = static_cast<std::size_t>(-1);
  // Errors without a path get "/items/N" for `item`, else stay whole-declaration errors.
  explicit Arithmetic(Errors& errors, std::size_t item = no_item) : errors_(errors), item_(item) {}

  template <class T>
  T take(Result<T> result) {
    if (result) return std::move(*result);
    if (!failed_) {
      Error error = std::move(result).error();
      if (error.path.empty() && item_ != no_item) error.path = "/items/" + std::to_string(item_);
      errors_.push_back(std::move(error));
    }
    failed_ = true;
    return T{};
  }
  bool failed() const { return failed_; }

 private:
  Errors& errors_;
  std::size_t item_;
  bool failed_ = false;
};

ExactAmount exact(Arithmetic& math, const Decimal& value) {
  return math.take(ExactAmount::of(value));
}

// Freight and insurance the incoterm leaves out of the invoice (rule 1).
struct Additions {
  bool freight = false;
  bool insurance = false;
};
Additions additions_for(Incoterm incoterm) {
  switch (incoterm) {
    case Incoterm::EXW:
    case Incoterm::FCA:
    case Incoterm::FOB:
      return {true, true};
    case Incoterm::CFR:
    case Incoterm::CPT:
      return {false, true};
    default:
      return {false, false};
  }
}

// Spreads `amount` over the items pro rata to invoice amount (equally when every invoice amount
// is zero), rounded half up at the amount's own scale (at least cents), the remainder on the last
// item so the shares add up exactly.
std::vector<Decimal> spread(Arithmetic& math, const Decimal& amount,
                            const std::vector<Item>& items) {
  std::vector<Decimal> shares(items.size(), kZero);
  if (items.empty() || amount.is_zero()) return shares;
  const int scale = std::max(2, amount.scale());
  Decimal total_invoice;
  for (const auto& item : items) total_invoice = math.take(total_invoice.add(item.invoice_amount));
  const bool by_count = total_invoice.is_zero();
  const ExactAmount whole = exact(math, amount);
  Decimal given;
  for (std::size_t i = 0; i + 1 < items.size(); ++i) {
    ExactAmount share =
        by_count ? math.take(whole.times_ratio(Decimal::from_int(1),
                                               Decimal::from_int(static_cast<std::int64_t>(items.size()))))
                 : math.take(whole.times_ratio(items[i].invoice_amount, total_invoice));
    shares[i] = math.take(share.round(scale));
    given = math.take(given.add(shares[i]));
  }
  shares.back() = math.take(amount.subtract(given));
  return shares;
}

// The quantity in the line's statutory unit: the declared quantity when the units agree, the net
// mass for KGM (and TNE) lines.
Result<Decimal> statutory_quantity(const Item& item, const TariffLine& line, std::size_t index) {
  if (item.unit == line.unit) return item.quantity;
  if (line.unit == "KGM") return item.net_mass_kg;
  if (line.unit == "TNE") {
    const auto& kg = item.net_mass_kg;
    if (kg.scale() + 3 <= Decimal::scale_max) return Decimal::from_units(kg.units(), kg.scale() + 3);
    return kg.divide(Decimal::from_int(1000), Decimal::scale_max, Rounding::half_up);
  }
  return make_error("tariff.unit_mismatch", item_path(index, "unit"),
                    "line " + line.hs_code + " has a specific rate per " + line.unit +
                        "; the item declares its quantity in " + item.unit.substr(0, 8) +
                        " (declare it in " + line.unit + ")");
}

// Evaluates duty-type expressions for one item, fetching the statutory quantity once, on demand.
class ItemCalculator {
 public:
  ItemCalculator(Arithmetic& math, const Item& item, const TariffLine& line, std::size_t index,
                 ItemAssessment& out)
      : math_(math), item_(item), line_(line), index_(index), out_(out) {}

  ExactAmount amount(const DutyExpression& expression, const ExactAmount& base) {
    Decimal quantity;
    if (expression.is_specific()) {
      if (!out_.statutory_quantity) {
        out_.statutory_quantity = math_.take(statutory_quantity(item_, line_, index_));
      }
      quantity = *out_.statutory_quantity;
    }
    return math_.take(duty_amount(expression, base, quantity));
  }
  Decimal rounded(const DutyExpression& expression, const ExactAmount& base) {
    return math_.take(amount(expression, base).round_to_cents());
  }

 private:
  Arithmetic& math_;
  const Item& item_;
  const TariffLine& line_;
  std::size_t index_;
  ItemAssessment& out_;
};

bool has_certificate(const Declaration& declaration, std::string_view agreement) {
  for (const auto& document : declaration.documents) {
    if (document.type == DocumentType::certificate_of_origin && document.agreement == agreement) {
      return true;
    }
  }
  return false;
}

// Rule 2: general / MFN / provisional, then a claimed preference where it is lower.
void choose_duty_rate(const Declaration& declaration, const Item& item, const TariffLine& line,
                      const Tariff& tariff, const ExactAmount& value, ItemCalculator& calculator,
                      ItemAssessment& out) {
  if (!tariff.has_mfn_treatment(item.origin)) {
    out.basis = DutyBasis::general;
    out.duty_rate = *line.general;
    if (item.preference != "MFN") {
      out.refusal = {PreferenceRefusal::Reason::origin_without_mfn, item.preference, item.origin,
                     nullptr};
    }
    return;
  }
  out.basis = line.provisional ? DutyBasis::provisional : DutyBasis::mfn;
  out.duty_rate = line.provisional ? *line.provisional : *line.mfn;
  if (item.preference == "MFN") return;

  const std::string& agreement = item.preference;
  const bool special = agreement == "LDC";
  const ConventionalRate* conventional = nullptr;
  for (const auto& rate : line.conventional) {
    if (rate.agreement == agreement) conventional = &rate;
  }
  const DutyExpression* candidate =
      special ? (line.special ? &*line.special : nullptr)
              : (conventional != nullptr ? &conventional->rate : nullptr);
  using Reason = PreferenceRefusal::Reason;
  Reason refusal = Reason::none;
  if (!has_certificate(declaration, agreement)) {
    refusal = Reason::no_certificate;
  } else if (!tariff.agreement_lists(agreement, item.origin)) {
    refusal = Reason::origin_not_party;
  } else if (candidate == nullptr) {
    refusal = Reason::no_rate;
  } else {
    ExactAmount preferential = calculator.amount(*candidate, value);
    ExactAmount ordinary = calculator.amount(*out.duty_rate, value);
    if (preferential <= ordinary) {
      out.basis = special ? DutyBasis::special : DutyBasis::conventional;
      if (!special) out.agreement = conventional->agreement;  // lives as long as the tariff
      out.duty_rate = *candidate;
      return;
    }
    refusal = Reason::higher;
  }
  out.refusal = {refusal, agreement, item.origin, refusal == Reason::higher ? candidate : nullptr};
}


// Trade remedies in force on the day for this item (exporter's own rate first).
void apply_remedies(const Declaration& declaration, const Item& item, const Tariff& tariff,
                    std::int32_t day, const ExactAmount& value, ItemCalculator& calculator,
                    ItemAssessment& out) {
  for (auto kind : {TradeRemedyKind::anti_dumping, TradeRemedyKind::countervailing}) {
    const TradeRemedy* remedy =
        tariff.trade_remedy(kind, item.hs_code, item.origin, declaration.exporter.id, day);
    if (remedy == nullptr) continue;
    RemedyAssessment& target =
        kind == TradeRemedyKind::anti_dumping ? out.anti_dumping : out.countervailing;
    target.remedy = remedy;
    target.amount = calculator.rounded(remedy->rate, value);
  }
}

// Rules 4 and 5 on top of the duty already in `out`: consumption tax on the composite base, then
// VAT on customs value + duty + remedies + consumption tax. Sets the normal amounts.
void consumption_tax_and_vat(Arithmetic& math, const TariffLine& line, ItemCalculator& calculator,
                             ItemAssessment& out) {
  ExactAmount base = exact(math, out.customs_value);
  base = math.take(base.plus(exact(math, out.duty)));
  base = math.take(base.plus(exact(math, out.anti_dumping.amount)));
  base = math.take(base.plus(exact(math, out.countervailing.amount)));
  out.consumption_tax_normal = kZero;
  if (line.consumption_tax) {
    const DutyExpression& rate = *line.consumption_tax;
    ExactAmount specific;
    if (rate.is_specific()) {
      DutyExpression specific_only{std::nullopt, rate.specific_cny, rate.specific_unit};
      specific = calculator.amount(specific_only, ExactAmount{});
    }
    ExactAmount tax = specific;
    if (rate.ad_valorem_percent) {
      ExactAmount composite = math.take(base.plus(specific));
      const Decimal& percent = *rate.ad_valorem_percent;
      Decimal remainder = math.take(Decimal::from_int(100).subtract(percent));
      tax = math.take(tax.plus(math.take(composite.times_ratio(percent, remainder))));
    }
    out.consumption_tax_normal = math.take(tax.round_to_cents());
  }
  ExactAmount vat_base = math.take(base.plus(exact(math, out.consumption_tax_normal)));
  out.vat_normal = math.take(
      math.take(vat_base.times_ratio(line.vat_percent, Decimal::from_int(100))).round_to_cents());
  out.consumption_tax = out.consumption_tax_normal;
  out.vat = out.vat_normal;
}

Decimal share_of(Arithmetic& math, const Decimal& normal, std::int64_t percent) {
  return math.take(math.take(exact(math, normal).times_ratio(Decimal::from_int(percent),
                                                             Decimal::from_int(100)))
                       .round_to_cents());
}

void add_to(Arithmetic& math, TaxTotals& totals, const ItemAssessment& item) {
  totals.duty = math.take(totals.duty.add(item.duty));
  totals.anti_dumping = math.take(totals.anti_dumping.add(item.anti_dumping.amount));
  totals.countervailing = math.take(totals.countervailing.add(item.countervailing.amount));
  totals.consumption_tax = math.take(totals.consumption_tax.add(item.consumption_tax));
  totals.vat = math.take(totals.vat.add(item.vat));
}

void finish_total(Arithmetic& math, TaxTotals& totals) {
  Decimal total = math.take(totals.duty.add(totals.anti_dumping));
  total = math.take(total.add(totals.countervailing));
  total = math.take(total.add(totals.consumption_tax));
  totals.total = math.take(total.add(totals.vat));
}

// Rule 6: a tax type whose declaration total is below 50.00 CNY is waived. Trade remedies are not
// waived (they are not "tax types" of the import tax rules).
void apply_waivers(Assessment& assessment) {
  const Decimal threshold = Decimal::from_int(tax_waiver_below_cny);
  auto waive = [&](std::string_view name, Decimal& payable) {
    if (!payable.is_zero() && payable < threshold) {
      assessment.waived.push_back({name, payable});
      payable = kZero;
    }
  };
  waive("duty", assessment.payable.duty);
  waive("consumption_tax", assessment.payable.consumption_tax);
  waive("vat", assessment.payable.vat);
}

std::pair<int, int> year_month(std::int32_t day) {
  std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{day}}};
  return {static_cast<int>(date.year()), static_cast<int>(static_cast<unsigned>(date.month()))};
}

// Postal articles declared on a declaration (procedure 9700): each item's category comes from its
// HS code; the parcel rules (limit, rates, waiver) are postal_rules.h's.
void assess_postal_items(const Declaration& declaration, const Tariff& tariff, Arithmetic& math,
                         Assessment& assessment, Errors& errors) {
  PostalParcel parcel;
  parcel.origin = declaration.departure_country.empty() ? declaration.trading_country
                                                        : declaration.departure_country;
  for (std::size_t i = 0; i < assessment.items.size(); ++i) {
    auto& item = assessment.items[i];
    item.postal_category = tariff.postal_category_for_hs(declaration.items[i].hs_code);
    if (item.postal_category == nullptr) {
      errors.push_back(make_error("postal.unknown_category", item_path(i, "hs_code"),
                                  declaration.items[i].hs_code + " is in no postal category"));
      continue;
    }
    Decimal value = math.take(item.invoice_amount.add(item.freight_share));
    value = math.take(value.add(item.insurance_share));
    parcel.contents.push_back({item.postal_category->category, declaration.items[i].quantity, value,
                               declaration.currency});
  }
  if (!errors.empty()) return;
  auto postal = assess_postal_parcel(parcel, tariff, assessment.year, assessment.month);
  if (!postal) {
    Error error = std::move(postal).error();
    if (error.path == "/contents") error.path = "/items";
    errors.push_back(std::move(error));
    return;
  }
  for (std::size_t i = 0; i < assessment.items.size(); ++i) {
    auto& item = assessment.items[i];
    item.basis = DutyBasis::postal;
    item.duty_rate = DutyExpression{item.postal_category->rate_percent, std::nullopt, ""};
    item.duty = postal->contents[i].tax;
    item.consumption_tax = item.vat = item.consumption_tax_normal = item.vat_normal = kZero;
  }
  if (postal->waived) assessment.waived.push_back({"postal_tax", postal->tax_computed});
}

}  // namespace

std::string_view to_string(Regime regime) {
  switch (regime) {
    case Regime::general: return "general";
    case Regime::ecommerce: return "ecommerce";
    case Regime::postal: return "postal";
    case Regime::hainan_first_line: return "hainan_first_line";
    case Regime::hainan_second_line: return "hainan_second_line";
    case Regime::export_: return "export";
  }
  return "general";
}

Regime regime_of(const Declaration& declaration, const AssessmentContext& context) {
  if (declaration.type == DeclarationType::export_) return Regime::export_;
  if (declaration.type == DeclarationType::import && is_ecommerce_procedure(declaration.procedure)) {
    return Regime::ecommerce;
  }
  if (declaration.procedure == "9700") return Regime::postal;
  if (context.hainan == HainanLine::first_line) return Regime::hainan_first_line;
  if (context.hainan == HainanLine::second_line) return Regime::hainan_second_line;
  return Regime::general;
}

AssessmentOutcome assess_declaration(const Declaration& declaration, const Tariff& tariff,
                                     const AssessmentContext& context) {
  AssessmentOutcome outcome;
  Assessment& assessment = outcome.assessment;
  Errors& errors = outcome.errors;
  assessment.regime = regime_of(declaration, context);
  assessment.currency = declaration.currency;
  std::tie(assessment.year, assessment.month) = year_month(context.day);
  auto rate = tariff.cny_per_unit(declaration.currency, assessment.year, assessment.month);
  if (!rate) {
    errors.push_back(make_error("exchange_rate.missing", "/currency",
                                "no customs exchange rate for " + declaration.currency + " in " +
                                    std::to_string(assessment.year) + "-" +
                                    (assessment.month < 10 ? "0" : "") +
                                    std::to_string(assessment.month)));
    return outcome;
  }
  assessment.cny_per_unit = *rate;

  // Rule 1: customs value per item.
  Arithmetic math(errors);
  const Additions added = assessment.regime == Regime::export_
                              ? Additions{}
                              : additions_for(declaration.incoterm);
  auto freight = spread(math, added.freight ? declaration.freight : kZero, declaration.items);
  auto insurance = spread(math, added.insurance ? declaration.insurance : kZero, declaration.items);
  assessment.items.resize(declaration.items.size());
  assessment.customs_value = kZero;
  for (std::size_t i = 0; i < declaration.items.size(); ++i) {
    const Item& item = declaration.items[i];
    ItemAssessment& out = assessment.items[i];
    out.line = tariff.find_line(item.hs_code);
    if (out.line == nullptr) {
      errors.push_back(make_error("hs_code.unknown", item_path(i, "hs_code"),
                                  item.hs_code + " is not in the tariff"));
      continue;
    }
    out.invoice_amount = item.invoice_amount;
    out.freight_share = freight[i];
    out.insurance_share = insurance[i];
    Decimal foreign = math.take(item.invoice_amount.add(freight[i]));
    foreign = math.take(foreign.add(insurance[i]));
    out.customs_value = math.take(math.take(exact(math, foreign).times(*rate)).round_to_cents());
    assessment.customs_value = math.take(assessment.customs_value.add(out.customs_value));
  }
  if (!errors.empty()) return outcome;

  if (assessment.regime == Regime::export_) {
    for (auto& item : assessment.items) {
      item.basis = DutyBasis::export_;
      item.duty = item.anti_dumping.amount = item.countervailing.amount = kZero;
      item.consumption_tax = item.vat = item.consumption_tax_normal = item.vat_normal = kZero;
    }
  } else if (assessment.regime == Regime::postal) {
    assess_postal_items(declaration, tariff, math, assessment, errors);
  } else {
    if (assessment.regime == Regime::ecommerce) {
      bool single_piece = declaration.items.size() == 1 &&
                          declaration.items[0].quantity == Decimal::from_int(1);
      auto decision =
          decide_ecommerce(assessment.customs_value, single_piece, context.buyer_year_to_date_cny);
      if (!decision) {
        Error error = std::move(decision).error();
        error.path = "/items";
        errors.push_back(std::move(error));
        return outcome;
      }
      assessment.ecommerce = *decision;
    }
    bool value_added_exempt = false;
    if (assessment.regime == Regime::hainan_second_line && context.hainan_value_added) {
      auto value_added = hainan_value_added(*context.hainan_value_added);
      if (!value_added) {
        errors.push_back(std::move(value_added).error());
        return outcome;
      }
      assessment.hainan_value_added = *value_added;
      value_added_exempt = value_added->exempt;
    }
    const bool ecommerce_reduced =
        assessment.ecommerce && assessment.ecommerce->treatment == EcommerceTreatment::reduced;
    for (std::size_t i = 0; i < declaration.items.size(); ++i) {
      const Item& item = declaration.items[i];
      ItemAssessment& out = assessment.items[i];
      Arithmetic item_math(errors, i);
      ItemCalculator calculator(item_math, item, *out.line, i, out);
      const ExactAmount value = exact(item_math, out.customs_value);
      out.duty = out.anti_dumping.amount = out.countervailing.amount = kZero;
      if (assessment.regime == Regime::hainan_first_line && !tariff.hainan_taxable(item.hs_code)) {
        out.basis = DutyBasis::hainan_zero_tariff;
        out.consumption_tax = out.vat = out.consumption_tax_normal = out.vat_normal = kZero;
        continue;
      }
      if (ecommerce_reduced) {
        out.basis = DutyBasis::ecommerce_zero;
      } else if (value_added_exempt) {
        out.basis = DutyBasis::hainan_value_added;
      } else {
        choose_duty_rate(declaration, item, *out.line, tariff, value, calculator, out);
        out.duty = calculator.rounded(*out.duty_rate, value);
      }
      apply_remedies(declaration, item, tariff, context.day, value, calculator, out);
      consumption_tax_and_vat(item_math, *out.line, calculator, out);
      if (ecommerce_reduced) {
        out.consumption_tax = share_of(item_math, out.consumption_tax_normal,
                                       ecommerce_tax_share_percent);
        out.vat = share_of(item_math, out.vat_normal, ecommerce_tax_share_percent);
      }
    }
  }
  if (!errors.empty()) return outcome;

  assessment.computed = TaxTotals{kZero, kZero, kZero, kZero, kZero, kZero};
  for (const auto& item : assessment.items) add_to(math, assessment.computed, item);
  finish_total(math, assessment.computed);
  assessment.payable = assessment.computed;
  if (assessment.regime == Regime::postal) {
    if (!assessment.waived.empty()) assessment.payable.duty = kZero;
  } else if (assessment.regime != Regime::ecommerce && assessment.regime != Regime::export_) {
    // E-commerce retail imports have no waiver (2016 No. 18 abolished it for the channel).
    apply_waivers(assessment);
  }
  finish_total(math, assessment.payable);
  return outcome;
}

std::int32_t customs_day(std::int64_t unix_seconds) {
  constexpr std::int64_t china_offset_seconds = 8 * 3600;
  constexpr std::int64_t seconds_per_day = 86400;
  std::int64_t shifted = unix_seconds + china_offset_seconds;
  std::int64_t day = shifted / seconds_per_day;
  if (shifted % seconds_per_day < 0) --day;
  return static_cast<std::int32_t>(day);
}

}  // namespace oc
