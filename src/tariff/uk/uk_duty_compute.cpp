// The duty of one line under a UK duty expression: choose the period, compute each term at
// working_scale, bound by MIN and MAX, round to pence.
#include "tariff/uk/uk_duty_compute.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace oc::uk {
namespace {

// One goods measurement, named as in UkGoods (for error paths).
struct Measurement {
  const std::optional<Decimal>* value;
  std::string_view name;
};

Measurement mass_measurement(const UkGoods& goods, MassBasis basis) {
  switch (basis) {
    case MassBasis::net:
    case MassBasis::net_percent_sacchar:
      return {&goods.net_mass_kg, "net_mass_kg"};
    case MassBasis::gross:
      return {&goods.gross_mass_kg, "gross_mass_kg"};
    case MassBasis::net_drained_weight:
      return {&goods.net_drained_mass_kg, "net_drained_mass_kg"};
    case MassBasis::net_dry_matter:
      return {&goods.net_dry_matter_kg, "net_dry_matter_kg"};
    case MassBasis::lactic_matter:
      return {&goods.lactic_matter_kg, "lactic_matter_kg"};
    case MassBasis::dry_lactic_matter:
      return {&goods.dry_lactic_matter_kg, "dry_lactic_matter_kg"};
    case MassBasis::standard_quality:
      return {&goods.standard_quality_kg, "standard_quality_kg"};
    case MassBasis::total_alcohol:
      return {&goods.total_alcohol_kg, "total_alcohol_kg"};
  }
  return {&goods.net_mass_kg, "net_mass_kg"};
}

Result<Decimal> require(const Measurement& measurement) {
  if (!measurement.value->has_value()) {
    return make_error("uk_duty.missing_measurement", "/" + std::string(measurement.name),
                      "the duty needs the goods' " + std::string(measurement.name));
  }
  const Decimal& value = **measurement.value;
  if (value.sign() < 0) {
    return make_error("uk_duty.negative", "/" + std::string(measurement.name),
                      std::string(measurement.name) + " is below zero: " + value.to_string());
  }
  return value;
}

class Evaluator {
 public:
  Evaluator(const UkGoods& goods, const std::optional<Decimal>& gbp_per_eur)
      : goods_(goods), gbp_per_eur_(gbp_per_eur) {}

  Result<Decimal> sum(const DutySum& sum) const {
    Decimal total = Decimal::from_units(0, working_scale);
    for (const Term& term : sum.terms) {
      Result<Decimal> amount = this->term(term);
      if (!amount.ok()) return amount;
      Result<Decimal> added = total.add(*amount);
      if (!added.ok()) return added;
      total = *added;
    }
    return total;
  }

 private:
  Result<Decimal> term(const Term& term) const {
    if (const auto* ad_valorem = std::get_if<AdValorem>(&term)) {
      // percent / 100 first, exact for the parser's numbers (amount_fraction_digits_max + 2 <=
      // scale_max), so that the product's range is that of the duty itself.
      static_assert(amount_fraction_digits_max + 2 <= Decimal::scale_max);
      Result<Decimal> fraction = ad_valorem->percent.divide(
          Decimal::from_int(100), std::min(ad_valorem->percent.scale() + 2, Decimal::scale_max),
          Rounding::half_up);
      if (!fraction.ok()) return fraction;
      return goods_.customs_value_gbp.multiply(*fraction, working_scale, Rounding::half_up);
    }
    if (const auto* specific = std::get_if<SpecificDuty>(&term)) return specific_amount(*specific);
    // compute_uk_duty refuses these before computing; this keeps the function total.
    return make_error("uk_duty.not_computable", "", to_string(term) + " cannot be computed");
  }

  // amount × measured quantity / (per_quantity × unit size), in GBP.
  Result<Decimal> specific_amount(const SpecificDuty& specific) const {
    Result<Decimal> quantity = measured_quantity(specific);
    if (!quantity.ok()) return quantity;
    Result<Decimal> amount = specific.amount.multiply(*quantity, working_scale, Rounding::half_up);
    if (!amount.ok()) return amount;
    amount = amount->divide(specific.per_quantity, working_scale, Rounding::half_up);
    if (!amount.ok()) return amount;
    if (specific.currency == Currency::eur) {
      // Checked by compute_uk_duty before any term is computed.
      amount = amount->multiply(*gbp_per_eur_, working_scale, Rounding::half_up);
    }
    return amount;
  }

  // The goods' quantity in the term's unit (tonnes, hectolitres, …), times the percentage for
  // the per-percent units.
  Result<Decimal> measured_quantity(const SpecificDuty& specific) const {
    switch (specific.unit) {
      case Unit::kilogram:
      case Unit::tonne: {
        Result<Decimal> mass = require(mass_measurement(goods_, specific.basis));
        if (!mass.ok()) return mass;
        if (specific.basis == MassBasis::net_percent_sacchar) {
          Result<Decimal> sucrose = require({&goods_.sucrose_percent, "sucrose_percent"});
          if (!sucrose.ok()) return sucrose;
          mass = mass->multiply(*sucrose, working_scale, Rounding::half_up);
          if (!mass.ok()) return mass;
        }
        if (specific.unit == Unit::kilogram) return mass;
        return mass->divide(Decimal::from_int(1000), working_scale, Rounding::half_up);
      }
      case Unit::hectolitre:
      case Unit::percent_vol_hectolitre: {
        Result<Decimal> litres = require({&goods_.volume_litres, "volume_litres"});
        if (!litres.ok()) return litres;
        Result<Decimal> hectolitres =
            litres->divide(Decimal::from_int(100), working_scale, Rounding::half_up);
        if (!hectolitres.ok() || specific.unit == Unit::hectolitre) return hectolitres;
        Result<Decimal> strength = require({&goods_.alcohol_percent_vol, "alcohol_percent_vol"});
        if (!strength.ok()) return strength;
        return hectolitres->multiply(*strength, working_scale, Rounding::half_up);
      }
      case Unit::item:
        return require({&goods_.items, "items"});
      case Unit::metre:
        return require({&goods_.length_m, "length_m"});
      case Unit::square_metre:
        return require({&goods_.area_m2, "area_m2"});
    }
    return make_error("uk_duty.missing_measurement", "", "unknown unit");
  }

  const UkGoods& goods_;
  const std::optional<Decimal>& gbp_per_eur_;
};

bool contains(const std::vector<DateRange>& ranges, const DayMonth& date) {
  auto before_or_equal = [](const DayMonth& a, const DayMonth& b) {
    return a.month < b.month || (a.month == b.month && a.day <= b.day);
  };
  for (const DateRange& range : ranges) {
    bool after_from = before_or_equal(range.from, date);
    bool before_to = before_or_equal(date, range.to);
    bool wraps = !before_or_equal(range.from, range.to);
    if (wraps ? (after_from || before_to) : (after_from && before_to)) return true;
  }
  return false;
}

// The period whose ranges hold `date`, else the one without ranges, else nullptr.
const Period* period_on(const Expression& expression, const DayMonth& date) {
  const Period* undated = nullptr;
  for (const Period& period : expression.periods) {
    if (period.ranges.empty()) {
      undated = &period;
    } else if (contains(period.ranges, date)) {
      return &period;
    }
  }
  return undated;
}

// The reason code of the period's first term that needs data the tariff cannot give.
std::optional<std::string> uncomputable_term(const Period& period) {
  for (const DutySum* sum : {&period.duty, period.minimum ? &*period.minimum : nullptr,
                             period.maximum ? &*period.maximum : nullptr}) {
    if (sum == nullptr) continue;
    for (const Term& term : sum->terms) {
      if (const auto* component = std::get_if<AgriculturalComponent>(&term)) {
        return "agricultural_component:" + std::string(to_string(*component));
      }
      if (std::holds_alternative<EntryPrice>(term)) return "entry_price";
    }
  }
  return std::nullopt;
}

bool uses_eur(const DutySum& sum) {
  for (const Term& term : sum.terms) {
    const auto* specific = std::get_if<SpecificDuty>(&term);
    if (specific != nullptr && specific->currency == Currency::eur) return true;
  }
  return false;
}

}  // namespace

Result<Money> compute_uk_duty(const Expression& expression, const UkGoods& goods,
                              const std::optional<Decimal>& gbp_per_eur) {
  if (!goods.date.ok()) {
    return make_error("uk_duty.invalid_date", "/date", "the goods' date is not a calendar date");
  }
  DayMonth date{static_cast<int>(static_cast<unsigned>(goods.date.day())),
                static_cast<int>(static_cast<unsigned>(goods.date.month()))};
  const Period* period = period_on(expression, date);
  if (period == nullptr) {
    return make_error("uk_duty.no_season", "",
                      "no period of '" + to_string(expression) + "' covers " +
                          std::to_string(date.day) + "/" + std::to_string(date.month));
  }
  if (std::optional<std::string> reason = uncomputable_term(*period)) {
    return make_error(
        "uk_duty.not_computable", "",
        *reason + ": '" + to_string(*period) + "' needs data the tariff file does not hold");
  }
  if (goods.customs_value_gbp.sign() < 0) {
    return make_error("uk_duty.negative", "/customs_value_gbp",
                      "customs_value_gbp is below zero: " + goods.customs_value_gbp.to_string());
  }
  bool eur = uses_eur(period->duty) || (period->minimum && uses_eur(*period->minimum)) ||
             (period->maximum && uses_eur(*period->maximum));
  if (eur && !gbp_per_eur) {
    return make_error("uk_duty.missing_exchange_rate", "",
                      "'" + to_string(*period) + "' has EUR amounts and no GBP-per-EUR rate");
  }
  if (eur && gbp_per_eur->sign() <= 0) {
    return make_error("uk_duty.exchange_rate", "",
                      "the GBP-per-EUR rate must be above zero: " + gbp_per_eur->to_string());
  }

  Evaluator evaluator(goods, gbp_per_eur);
  Result<Decimal> duty = evaluator.sum(period->duty);
  if (!duty.ok()) return std::move(duty).error();
  Decimal amount = *duty;
  if (period->minimum) {
    Result<Decimal> minimum = evaluator.sum(*period->minimum);
    if (!minimum.ok()) return std::move(minimum).error();
    if (amount < *minimum) amount = *minimum;
  }
  if (period->maximum) {
    Result<Decimal> maximum = evaluator.sum(*period->maximum);
    if (!maximum.ok()) return std::move(maximum).error();
    if (amount > *maximum) amount = *maximum;
  }
  Result<Decimal> pence = round_to_cents(amount);
  if (!pence.ok()) return std::move(pence).error();
  return Money{*pence, "GBP"};
}

}  // namespace oc::uk
