// rule_check: the meaning of a parsed rule file, every error at once. Each Error has a stable
// code and the path "<source_name>:<line>:<column>" of what is wrong; errors come in file order.
//   rules.unknown_field    a field (or function) no declaration has; a text value without quotes
//   rules.unknown_list     a list name no `list` statement defines
//   rules.empty_list       a list with no entries ([] or an empty `list`)
//   rules.type_mismatch    an operator or value that does not fit the field's type: `<` on text,
//                          text compared with a number, a number in a text list, `in` on a number
//   rules.unknown_value    not one of an enumerated field's values (grade, transport_mode,
//                          incoterm, type): `grade = trusted`
//   rules.number_range     a number of 10^14 or more; a factor of 10^6 or more or with more than
//                          6 decimals
//   rules.duplicate_id     two rules with the same id (versions are distinct ids, see below)
//   rules.duplicate_list   two lists with the same name
//   rules.percentage_range a lane share not above 0 or above 100
//   rules.split_over_100   lane shares of one rule summing to more than 100
//   rules.duplicate_lane   one lane twice in one rule's split
//   rules.validity_order   a validity window whose FROM is after its TO
//   rules.validity_overlap two versions of one rule valid on the same day
//   rules.empty_text       an empty name, owner or rationale
//   rules.too_many_errors  more than rule_errors_max errors; the rest are not reported
//
// Versions: a rule id may end in `v<digits>` (R-0042v2); its base id is the id without that suffix
// (R-0042). Officers version a rule by adding a new id with the same base and a validity window
// that starts after the previous version's ends: a decision records the exact version that fired,
// and two versions of one rule are never valid on the same day.
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "core/result.h"
#include "risk/rule_ast.h"

namespace oc {

Errors check_rule_file(const RuleFileSyntax& file, std::string_view source_name = "rules");

// "R-0042v2" -> "R-0042"; an id without a version suffix is its own base.
std::string_view rule_base_id(std::string_view id);

}  // namespace oc
