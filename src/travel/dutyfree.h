// Offshore duty-free shopping (Hainan), in one place: a traveller's annual allowance
// (100,000 CNY a calendar year), the per-purchase category limits, eligibility, and the sale
// body of regimes-v1 (`POST /v1/dutyfree/sales`). The allowance ledger and traceability-code
// pick-ups live in the store; these are the rules they apply.
//
// Rules (MOF/GACC/STA 2020 No. 33, Hainan offshore duty-free policy):
// - the allowance is 100,000 CNY of duty-free purchases per traveller per calendar year;
// - per purchase: cosmetics at most 30 pieces, mobile phones at most 4, alcohol at most 1,500 ml
//   (categories and limits in dutyfree_category_limits below);
// - eligible: aged 16 or more on the sale day, and leaving the island (by air, ship or train) on
//   a date from the sale day to dutyfree_leaving_days_max days after it;
// - each item carries a traceability code, unique in the sale, picked up once at departure.
// Thread safety: value types and pure functions.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/decimal.h"
#include "core/result.h"

namespace oc {

inline constexpr std::int64_t dutyfree_allowance_cny = 100'000;
inline constexpr int dutyfree_age_min = 16;
inline constexpr int dutyfree_leaving_days_max = 180;
inline constexpr std::size_t dutyfree_items_max = 200;
inline constexpr std::size_t dutyfree_body_bytes_max = 256 * 1024;
inline constexpr std::size_t dutyfree_code_length_max = 64;

struct CategoryLimit {
  std::string_view category;
  std::string_view unit;  // the unit quantities of the category are counted in
  std::int64_t per_purchase_max;
};
inline constexpr std::array<CategoryLimit, 3> dutyfree_category_limits = {{
    {"cosmetics", "PCE", 30},
    {"mobile_phones", "PCE", 4},
    {"alcohol", "MLT", 1500},
}};
// Categories the shops may sell (those without a per-purchase limit included).
bool is_dutyfree_category(std::string_view category);

struct DutyFreeItem {
  std::string code;      // traceability code
  std::string category;
  Decimal quantity;
  std::string unit;
  Decimal price;         // CNY
};

struct DutyFreeSale {
  std::string id;
  std::string store;
  std::string id_number;   // the traveller's identity number (the caller stores a keyed hash)
  std::string birth_date;  // YYYY-MM-DD
  std::string leaving_by;  // air, ship, train
  std::string leaving_date;
  std::vector<DutyFreeItem> items;
  Decimal total;           // Σ prices, CNY
};

struct DecodedDutyFreeSale {
  DutyFreeSale sale;
  Errors errors;
};
// Every shape and field error at once (dutyfree.* codes, field.unknown, json.*), JSON pointers.
DecodedDutyFreeSale decode_dutyfree_sale(std::string_view json);

struct AllowanceAfterSale {
  Decimal used_before;
  Decimal used_after;
  Decimal remaining;
};
// The sale against the rules on `sale_day` (YYYY-MM-DD, China Standard Time) with the traveller's
// purchases so far this year. Errors (first that applies): traveller.not_eligible (/traveller/…),
// category_limit.exceeded (/items/N/quantity, the first item of the category over its limit),
// allowance.exceeded (/items).
Result<AllowanceAfterSale> decide_dutyfree_sale(const DutyFreeSale& sale, std::string_view sale_day,
                                                const Decimal& used_this_year);

}  // namespace oc
