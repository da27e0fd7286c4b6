// CreditGrade: an enterprise's grade under Chinese customs enterprise credit management
// (GACC Order 251). The best grade, advanced certified, is the AEO status that partner customs
// administrations recognise. Rules test the declarant's grade (`grade in [untrustworthy, ...]`);
// lane selection will scale inspection rates by it.
// Thread safety: value type and pure functions.
#pragma once

#include <optional>
#include <string_view>

namespace oc {

// Best to worst; the enumerator order is the grade order.
enum class CreditGrade {
  advanced_certified,       // AEO (高级认证企业)
  certified,                // 一般认证企业 (kept for grades granted before the 2021 reform)
  regular,                  // 其他注册登记企业: the default for a registered enterprise
  untrustworthy,            // 失信企业
  seriously_untrustworthy,  // 严重失信企业 (a lower tier some offices still record separately)
};
inline constexpr int credit_grade_count = 5;

// "advanced_certified", "certified", "regular", "untrustworthy", "seriously_untrustworthy".
std::string_view to_string(CreditGrade grade);
std::optional<CreditGrade> parse_credit_grade(std::string_view text);

}  // namespace oc
