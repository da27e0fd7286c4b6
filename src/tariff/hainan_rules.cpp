#include "tariff/hainan_rules.h"

#include "tariff/exact_amount.h"

namespace oc {

Result<HainanValueAddedResult> hainan_value_added(const HainanValueAdded& inputs) {
  if (inputs.mainland_sale_price_cny.sign() < 0 || inputs.imported_materials_cny.sign() < 0 ||
      inputs.domestic_materials_cny.sign() < 0) {
    return make_error("hainan.negative_amount", "", "value-added amounts cannot be negative");
  }
  auto materials = inputs.imported_materials_cny.add(inputs.domestic_materials_cny);
  if (!materials) return std::move(materials).error();
  if (materials->is_zero()) {
    return make_error("hainan.no_materials", "",
                      "the value-added rate needs the value of the materials used (both are zero)");
  }
  auto added = inputs.mainland_sale_price_cny.subtract(*materials);
  if (!added) return std::move(added).error();
  // added ÷ materials × 100, exact at 1e-18, then cut to 0.01 %.
  auto exact = ExactAmount::of(*added);
  if (!exact) return std::move(exact).error();
  auto ratio = exact->times_ratio(Decimal::from_int(100), *materials);
  if (!ratio) return std::move(ratio).error();
  auto threshold = ExactAmount::of(Decimal::from_int(hainan_value_added_threshold_percent));
  if (!threshold) return std::move(threshold).error();
  HainanValueAddedResult result;
  result.exempt = *ratio >= *threshold;
  // Truncation toward zero: floor for positive rates, so 29.999 % shows as 29.99 %, never 30.00 %.
  auto shown = ratio->times(Decimal::from_int(100));
  if (!shown) return std::move(shown).error();
  auto whole = shown->round(0);
  if (!whole) return std::move(whole).error();
  // round(0) rounds half up; step back when that crossed the exact value.
  auto back = ExactAmount::of(*whole);
  if (!back) return std::move(back).error();
  std::int64_t hundredths = whole->units();
  if (*back > *shown) --hundredths;
  result.rate_percent = Decimal::from_units(hundredths, 2);
  return result;
}

}  // namespace oc
