// Cross-border e-commerce retail import (tariff-v1 rule 7; MOF/GACC/STA 2016 No. 18 and 2018
// No. 49), all of it in one place: which orders the channel takes and at what share of the normal
// taxes. The buyer's year-to-date total comes from the caller (the quota ledger of the e-commerce
// module); this file only decides.
#pragma once

#include <string_view>

#include "core/decimal.h"
#include "core/result.h"

namespace oc {

inline constexpr std::int64_t ecommerce_transaction_limit_cny = 5'000;
inline constexpr std::int64_t ecommerce_annual_limit_cny = 26'000;
// Import VAT and consumption tax within the limits: 70% of the normal amounts; the tariff is 0.
inline constexpr std::int64_t ecommerce_tax_share_percent = 70;

// Procedures that go through the e-commerce retail channel: 1210 / 1239 (bonded), 9610 (direct).
bool is_ecommerce_procedure(std::string_view procedure);

enum class EcommerceTreatment {
  reduced,  // within both limits: tariff 0, VAT and consumption tax at 70%
  full,     // one indivisible item above the transaction limit, within the year's room
};
std::string_view to_string(EcommerceTreatment treatment);

struct EcommerceDecision {
  EcommerceTreatment treatment = EcommerceTreatment::reduced;
  Decimal year_to_date_before;  // CNY
  Decimal year_to_date_after;   // CNY, counting this order
};

// The order's dutiable value (retail price + freight + insurance, CNY) against the limits.
// `single_indivisible_item`: the order holds exactly one piece of one good.
// Errors (path ""): ecommerce.transaction_limit_exceeded (above 5,000 with more than one piece),
// ecommerce.annual_limit_exceeded (beyond the year's room: the channel refuses the order).
Result<EcommerceDecision> decide_ecommerce(const Decimal& order_value_cny,
                                           bool single_indivisible_item,
                                           const Decimal& year_to_date_cny);

}  // namespace oc
