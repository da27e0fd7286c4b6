// Names of the credit grades, as rules, JSON and the CLI write them.
#include "risk/credit_grade.h"

#include <array>
#include <cstddef>

#include "core/enum_names.h"

namespace oc {
namespace {

constexpr std::array<std::string_view, credit_grade_count> kGradeNames = {
    "advanced_certified", "certified", "regular", "untrustworthy", "seriously_untrustworthy"};

}  // namespace

std::string_view to_string(CreditGrade grade) {
  return kGradeNames[static_cast<std::size_t>(grade)];
}

std::optional<CreditGrade> parse_credit_grade(std::string_view text) {
  return parse_enum_name<CreditGrade>(kGradeNames, text);
}

}  // namespace oc
