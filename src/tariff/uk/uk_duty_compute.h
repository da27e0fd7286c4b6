// The duty of one line of goods under a UK duty expression (uk_duty_expression.h), in GBP.
//
// The period is chosen by the goods' date; the period's sum is bounded below by its MIN sum and
// then above by its MAX sum (so when a MIN exceeds the MAX, the MAX wins), and the result is
// rounded half up to 0.01 GBP. Every term is computed with checked Decimal arithmetic held to
// working_scale fractional digits (half up); only the final amount is rounded to pence. EUR
// amounts (the CET column) are converted with the caller's GBP-per-EUR rate.
// Specific terms read the goods' measurement for their unit and mass basis:
//   kg, tonne     the mass named by the basis (net_mass_kg for net, gross_mass_kg for gross, …);
//                 "net / % sacchar." is net_mass_kg × sucrose_percent
//   hl            volume_litres / 100;  "% vol / hl": alcohol_percent_vol × volume_litres / 100
//   item, m, m2   items, length_m, area_m2
// Thread safety: a pure function.
#pragma once

#include <chrono>
#include <optional>

#include "core/decimal.h"
#include "core/money.h"
#include "core/result.h"
#include "tariff/uk/uk_duty_expression.h"

namespace oc::uk {

// Fractional digits of every intermediate amount (10^-8 GBP). Amounts above about 9.2 × 10^10
// GBP overflow (decimal.overflow), far beyond any one customs line.
inline constexpr int working_scale = 8;

// What the duty of one line is computed on. Measurements are optional: an expression needs only
// the ones its terms name. All values must be zero or more.
struct UkGoods {
  Decimal customs_value_gbp;
  std::chrono::year_month_day date{std::chrono::year{2021}, std::chrono::January,
                                   std::chrono::day{1}};  // selects the seasonal period
  std::optional<Decimal> net_mass_kg;
  std::optional<Decimal> gross_mass_kg;
  std::optional<Decimal> net_drained_mass_kg;  // "net drained wt", "eda"
  std::optional<Decimal> net_dry_matter_kg;    // "net dry", "mas"
  std::optional<Decimal> lactic_matter_kg;
  std::optional<Decimal> dry_lactic_matter_kg;
  std::optional<Decimal> standard_quality_kg;  // sugar converted to the standard quality
  std::optional<Decimal> total_alcohol_kg;
  std::optional<Decimal> sucrose_percent;  // "% sacchar.": 45.5 means 45.5 %
  std::optional<Decimal> volume_litres;
  std::optional<Decimal> alcohol_percent_vol;  // 40 means 40 % vol
  std::optional<Decimal> items;
  std::optional<Decimal> length_m;
  std::optional<Decimal> area_m2;
};

// Errors (path: the goods field as a JSON pointer, e.g. "/net_mass_kg", or "" for the
// expression):
//   uk_duty.invalid_date           goods.date is not a calendar date
//   uk_duty.no_season              no period of the expression covers goods.date
//   uk_duty.not_computable         the chosen period holds EA, ADSZ, ADFM or Entry Price; the
//                                  message starts with the reason code (uncomputable_reasons)
//   uk_duty.missing_measurement    a term needs a measurement the goods lack
//   uk_duty.negative               the customs value or a needed measurement is below zero
//   uk_duty.missing_exchange_rate  an EUR term and no gbp_per_eur
//   uk_duty.exchange_rate          gbp_per_eur is not above zero
//   decimal.overflow               an amount beyond the working range
Result<Money> compute_uk_duty(const Expression& expression, const UkGoods& goods,
                              const std::optional<Decimal>& gbp_per_eur);

}  // namespace oc::uk
