// The assessment as JSON, with each item's computation in words. Kept apart from the engine so
// that assessing costs nothing for explanations nobody reads.
#include <fmt/format.h>

#include "core/json_writer.h"
#include "tariff/assessment.h"

namespace oc {
namespace {

std::string basis_name(const ItemAssessment& item) {
  switch (item.basis) {
    case DutyBasis::general: return "general";
    case DutyBasis::mfn: return "mfn";
    case DutyBasis::provisional: return "provisional";
    case DutyBasis::conventional: return "conventional:" + std::string(item.agreement);
    case DutyBasis::special: return "special";
    case DutyBasis::ecommerce_zero: return "ecommerce";
    case DutyBasis::hainan_zero_tariff: return "hainan_zero_tariff";
    case DutyBasis::hainan_value_added: return "hainan_value_added";
    case DutyBasis::postal: return "postal:" + item.postal_category->category;
    case DutyBasis::export_: return "export";
  }
  return "mfn";
}

std::string rate_text(const ItemAssessment& item) {
  return item.duty_rate ? item.duty_rate->to_string() : "0%";
}

std::string quantity_text(const ItemAssessment& item) {
  return item.statutory_quantity ? item.statutory_quantity->to_string() + " " + item.line->unit
                                 : std::string();
}

// "value × 8%", "quantity KGM × 2.5 CNY", "value × 10% + quantity × 2.5 CNY"
std::string formula(const DutyExpression& rate, const std::string& value,
                    const ItemAssessment& item) {
  std::string text;
  if (rate.ad_valorem_percent) text = value + " × " + rate.ad_valorem_percent->to_string() + "%";
  if (rate.specific_cny) {
    if (!text.empty()) text += " + ";
    text += quantity_text(item) + " × " + rate.specific_cny->to_string() + " CNY";
  }
  return text;
}

std::string refusal_text(const ItemAssessment& item) {
  const auto& refusal = item.refusal;
  const std::string& agreement = refusal.agreement;
  const std::string applied = "preference " + agreement + " not applied: ";
  switch (refusal.reason) {
    case PreferenceRefusal::Reason::origin_without_mfn:
      return "preference " + agreement + " not granted: origin " + refusal.origin +
             " has no most-favoured-nation treatment";
    case PreferenceRefusal::Reason::no_certificate:
      return applied + "no certificate of origin under " + agreement;
    case PreferenceRefusal::Reason::origin_not_party:
      return applied + "origin " + refusal.origin + " is not party to " + agreement;
    case PreferenceRefusal::Reason::no_rate:
      return applied + "line " + item.line->hs_code + " has no " +
             (agreement == "LDC" ? std::string("special preferential") : agreement) + " rate";
    case PreferenceRefusal::Reason::higher:
      return applied + agreement + " rate " + refusal.rate->to_string() + " is higher than " +
             item.duty_rate->to_string();
    case PreferenceRefusal::Reason::none:
      break;
  }
  return "";
}

std::vector<std::string> explain(const Assessment& assessment, const ItemAssessment& item) {
  std::vector<std::string> lines;
  const std::string cv = item.customs_value.to_string();
  std::string value = "customs value: (" + item.invoice_amount.to_string();
  if (!item.freight_share.is_zero()) value += " + freight " + item.freight_share.to_string();
  if (!item.insurance_share.is_zero()) value += " + insurance " + item.insurance_share.to_string();
  value += ") " + assessment.currency + " × " + assessment.cny_per_unit.to_string() + " = " + cv +
           " CNY";
  lines.push_back(std::move(value));
  switch (item.basis) {
    case DutyBasis::export_:
      lines.push_back("export: the tariff holds no export duty for line " + item.line->hs_code);
      return lines;
    case DutyBasis::hainan_zero_tariff:
      lines.push_back("Hainan first line: the line is off the taxable list, so no duty, import VAT "
                      "or consumption tax");
      return lines;
    case DutyBasis::ecommerce_zero:
      lines.push_back("duty: 0 (cross-border e-commerce retail import within the limits)");
      break;
    case DutyBasis::hainan_value_added:
      lines.push_back("duty: 0 (processed in Hainan with at least 30% value added)");
      break;
    case DutyBasis::postal:
      lines.push_back("postal tax: " + cv + " × " + rate_text(item) + " = " + item.duty.to_string() +
                      " (category " + item.postal_category->category + ")");
      return lines;
    default:
      lines.push_back("duty (" + basis_name(item) + "): " + formula(*item.duty_rate, cv, item) +
                      " = " + item.duty.to_string());
  }
  if (item.refusal.reason != PreferenceRefusal::Reason::none) {
    lines.push_back(refusal_text(item));
  }
  for (const auto* remedy : {&item.anti_dumping, &item.countervailing}) {
    if (remedy->remedy == nullptr) continue;
    lines.push_back(std::string(to_string(remedy->remedy->kind)) + " (" + remedy->remedy->measure +
                    "): " + formula(remedy->remedy->rate, cv, item) + " = " +
                    remedy->amount.to_string());
  }
  std::string base = cv + " + " + item.duty.to_string();
  if (item.anti_dumping.remedy) base += " + " + item.anti_dumping.amount.to_string();
  if (item.countervailing.remedy) base += " + " + item.countervailing.amount.to_string();
  if (item.line->consumption_tax) {
    const auto& rate = *item.line->consumption_tax;
    std::string text = "consumption tax: ";
    if (rate.ad_valorem_percent) {
      const std::string percent = rate.ad_valorem_percent->to_string();
      std::string composite = base;
      if (rate.specific_cny) {
        composite += " + " + quantity_text(item) + " × " + rate.specific_cny->to_string() + " CNY";
      }
      text += "(" + composite + ") ÷ (1 − " + percent + "%) × " + percent + "%";
    }
    if (rate.specific_cny) {
      if (rate.ad_valorem_percent) text += " + ";
      text += quantity_text(item) + " × " + rate.specific_cny->to_string() + " CNY";
    }
    text += " = " + item.consumption_tax_normal.to_string();
    lines.push_back(std::move(text));
  }
  lines.push_back("vat: (" + base + " + " + item.consumption_tax_normal.to_string() + ") × " +
                  item.line->vat_percent.to_string() + "% = " + item.vat_normal.to_string());
  if (item.basis == DutyBasis::ecommerce_zero) {
    lines.push_back("e-commerce: 70% of the normal taxes: consumption tax " +
                    item.consumption_tax.to_string() + ", vat " + item.vat.to_string());
  }
  return lines;
}

}  // namespace

void write_tax_totals(JsonWriter& out, const TaxTotals& totals) {
  out.begin_object()
      .field("duty", totals.duty.to_string())
      .field("anti_dumping", totals.anti_dumping.to_string())
      .field("countervailing", totals.countervailing.to_string())
      .field("consumption_tax", totals.consumption_tax.to_string())
      .field("vat", totals.vat.to_string())
      .field("total", totals.total.to_string())
      .end_object();
}

namespace {

void write_remedy(JsonWriter& out, std::string_view name, const RemedyAssessment& remedy) {
  if (remedy.remedy == nullptr) return;
  out.key(name)
      .begin_object()
      .field("measure", remedy.remedy->measure)
      .field("rate", remedy.remedy->rate.to_string())
      .field("amount", remedy.amount.to_string())
      .end_object();
}

}  // namespace

std::string assessment_json(const Assessment& assessment) {
  JsonWriter out;
  out.begin_object().field("regime", to_string(assessment.regime)).field("currency", "CNY");
  out.key("exchange_rate")
      .begin_object()
      .field("currency", assessment.currency)
      .field("month", fmt::format("{:04}-{:02}", assessment.year, assessment.month))
      .field("cny_per_unit", assessment.cny_per_unit.to_string())
      .end_object();
  out.field("customs_value", assessment.customs_value.to_string());
  out.key("items").begin_array();
  for (std::size_t i = 0; i < assessment.items.size(); ++i) {
    const ItemAssessment& item = assessment.items[i];
    out.begin_object()
        .field("seq", static_cast<std::int64_t>(i + 1))
        .field("tariff_line", item.line->hs_code)
        .field("customs_value", item.customs_value.to_string());
    out.key("duty")
        .begin_object()
        .field("basis", basis_name(item))
        .field("rate", rate_text(item))
        .field("amount", item.duty.to_string())
        .end_object();
    write_remedy(out, "anti_dumping", item.anti_dumping);
    write_remedy(out, "countervailing", item.countervailing);
    out.key("consumption_tax").begin_object().key("rate");
    const bool taxed = item.basis != DutyBasis::postal &&
                       item.basis != DutyBasis::hainan_zero_tariff &&
                       item.basis != DutyBasis::export_;
    if (item.line->consumption_tax && taxed) {
      out.string(item.line->consumption_tax->to_string());
    } else {
      out.null();
    }
    out.field("amount", item.consumption_tax.to_string()).end_object();
    out.key("vat").begin_object().key("rate");
    if (taxed) {
      out.string(item.line->vat_percent.to_string() + "%");
    } else {
      out.null();
    }
    out.field("amount", item.vat.to_string()).end_object();
    if (item.basis == DutyBasis::ecommerce_zero) {
      out.key("normal")
          .begin_object()
          .field("consumption_tax", item.consumption_tax_normal.to_string())
          .field("vat", item.vat_normal.to_string())
          .end_object();
    }
    out.key("explanation").begin_array();
    for (const auto& line : explain(assessment, item)) out.string(line);
    out.end_array().end_object();
  }
  out.end_array();
  out.key("totals");
  write_tax_totals(out, assessment.payable);
  out.key("computed");
  write_tax_totals(out, assessment.computed);
  out.key("waived").begin_array();
  for (const auto& waiver : assessment.waived) {
    out.begin_object()
        .field("tax", waiver.tax)
        .field("amount", waiver.amount.to_string())
        .field("reason", waiver.tax == "postal_tax"
                             ? "a postal tax of 50 CNY or less is waived"
                             : "a tax type totalling less than 50.00 CNY on a declaration is waived")
        .end_object();
  }
  out.end_array();
  if (assessment.ecommerce) {
    out.key("ecommerce")
        .begin_object()
        .field("treatment", to_string(assessment.ecommerce->treatment))
        .field("year_to_date_before", assessment.ecommerce->year_to_date_before.to_string())
        .field("year_to_date_after", assessment.ecommerce->year_to_date_after.to_string())
        .field("annual_limit", fmt::format("{}.00", ecommerce_annual_limit_cny))
        .field("transaction_limit", fmt::format("{}.00", ecommerce_transaction_limit_cny))
        .end_object();
  }
  if (assessment.hainan_value_added) {
    out.key("hainan_value_added")
        .begin_object()
        .field("rate", assessment.hainan_value_added->rate_percent.to_string() + "%")
        .field("threshold", fmt::format("{}%", hainan_value_added_threshold_percent))
        .key("exempt")
        .boolean(assessment.hainan_value_added->exempt)
        .end_object();
  }
  out.end_object();
  return out.take();
}

}  // namespace oc
