// Fuzz target: any bytes as a UK duty expression. A parsed expression must survive its normal
// form (same tree, same text), and its duty is computed on fixed goods on a date taken from the
// input; nothing may crash, hang or trip a sanitizer, and a computed duty is in pence, in GBP
// and never negative.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tariff/uk/uk_duty_compute.h"
#include "tariff/uk/uk_duty_expression.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  oc::Result<oc::uk::Expression> expression = oc::uk::parse_uk_duty_expression(text);
  if (!expression.ok()) {
    if (expression.error().code.empty() || expression.error().path.empty()) std::abort();
    return 0;
  }
  std::string normal = oc::uk::to_string(*expression);
  oc::Result<oc::uk::Expression> again = oc::uk::parse_uk_duty_expression(normal);
  if (!again.ok() || !(*again == *expression) || oc::uk::to_string(*again) != normal) {
    std::abort();  // the normal form must mean the same
  }
  (void)oc::uk::uncomputable_reasons(*expression);

  auto measure = [](std::int64_t units) { return oc::Decimal::from_units(units, 3); };
  oc::uk::UkGoods goods{.customs_value_gbp = oc::Decimal::from_units(123456, 2)};
  for (std::optional<oc::Decimal>* field :
       {&goods.net_mass_kg, &goods.gross_mass_kg, &goods.net_drained_mass_kg,
        &goods.net_dry_matter_kg, &goods.lactic_matter_kg, &goods.dry_lactic_matter_kg,
        &goods.standard_quality_kg, &goods.total_alcohol_kg, &goods.sucrose_percent,
        &goods.volume_litres, &goods.alcohol_percent_vol, &goods.items, &goods.length_m,
        &goods.area_m2}) {
    *field = measure(12345);
  }
  // A day of a leap year chosen by the input, so every period gets reached.
  unsigned day_of_year = size == 0 ? 0 : static_cast<unsigned>(data[0]) * 7 % 366;
  goods.date = std::chrono::year_month_day{
      std::chrono::sys_days{std::chrono::year{2024} / std::chrono::January / 1} +
      std::chrono::days{day_of_year}};
  oc::Result<oc::Money> duty =
      oc::uk::compute_uk_duty(*expression, goods, oc::Decimal::from_units(86, 2));
  if (duty.ok() &&
      (duty->currency != "GBP" || duty->amount.scale() != 2 || duty->amount.sign() < 0)) {
    std::abort();
  }
  return 0;
}
