// The Hainan free trade port, in one place: the zero-tariff catalogue on the first line and the
// processing value-added rule on the second line (tariff-v1 rule 9; GACC announcement 2025
// No. 158, art. 4).
//
// Value-added rate = (mainland sale price − Σ imported materials − Σ domestic materials)
//                    ÷ (Σ imported materials + Σ domestic materials).
// Imported materials are valued at their customs value (CIF), domestic materials at their purchase
// price including tax, all in CNY. At ≥ 30% the goods leave for the mainland free of tariff; import
// VAT and consumption tax are charged as usual. See docs/tariff.md.
#pragma once

#include "core/decimal.h"
#include "core/result.h"

namespace oc {

inline constexpr std::int64_t hainan_value_added_threshold_percent = 30;

enum class HainanLine {
  none,
  first_line,   // entering the island from abroad
  second_line,  // leaving the island for the mainland
};

struct HainanValueAdded {
  Decimal mainland_sale_price_cny;
  Decimal imported_materials_cny;
  Decimal domestic_materials_cny;
};

struct HainanValueAddedResult {
  Decimal rate_percent;  // rounded down to 0.01 %, so a rate is never rounded up across 30 %
  bool exempt = false;   // rate ≥ 30 %, decided on the exact ratio
};

// Errors: hainan.no_materials (both material sums zero), hainan.negative_amount.
Result<HainanValueAddedResult> hainan_value_added(const HainanValueAdded& inputs);

}  // namespace oc
