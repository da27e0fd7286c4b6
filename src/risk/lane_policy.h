// What lane selection is told by configuration: each office's lane shares (matched to its
// inspection capacity), its minimum random share, how credit grades scale both, and the credit
// register (each enterprise's grade; the whitelist).
//
// data/risk/lane_policy.csv:
//   office,red_percent,yellow_percent,blue_percent,random_percent,
//   advanced_certified,certified,regular,untrustworthy,seriously_untrustworthy
// Shares are percentages of an office's declarations (up to 2 decimals, together at most 100);
// the five grade columns are factors in percent applied to the shares (15 = 0.15×). The row
// with office "*" applies to offices not listed (required).
// data/risk/credit_grades.csv:  party,grade,whitelisted   (grade names of credit_grade.h;
// whitelisted yes/no). Parties not listed are `regular` and not whitelisted.
// Both are immutable once parsed; share them freely between threads.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"
#include "risk/credit_grade.h"

namespace oc {

inline constexpr std::size_t lane_policy_offices_max = 10'000;
inline constexpr std::size_t credit_register_parties_max = 10'000'000;
// A grade factor above this (in percent) is refused as a typing error.
inline constexpr std::int64_t grade_factor_percent_max = 10'000;

struct LanePolicy {
  // Shares in basis points (1/100 of a percent) of the office's declarations.
  std::int32_t red_bp = 300;
  std::int32_t yellow_bp = 700;
  std::int32_t blue_bp = 200;
  std::int32_t random_bp = 100;
  // Per grade (CreditGrade order), in percent: 100 = the shares as written.
  std::array<std::int32_t, credit_grade_count> grade_factor_percent = {15, 50, 100, 300, 1000};
};

class LanePolicies {
 public:
  // The defaults above for every office.
  LanePolicies() = default;
  // Errors: lane_policy.bad_row (path file:line:column), lane_policy.no_default, and the CSV
  // reader's csv.* codes.
  static Result<LanePolicies> parse(std::string_view content, std::string file_name);

  const LanePolicy& for_office(std::string_view office) const;
  std::size_t size() const { return offices_.size(); }

 private:
  LanePolicy default_policy_;
  std::unordered_map<std::string, LanePolicy> offices_;
};

struct CreditStanding {
  CreditGrade grade = CreditGrade::regular;
  bool whitelisted = false;
};

class CreditRegister {
 public:
  CreditRegister() = default;
  // Errors: credit.bad_row (file:line:column), credit.duplicate_party, csv.*.
  static Result<CreditRegister> parse(std::string_view content, std::string file_name);

  CreditStanding standing(std::string_view party) const;
  std::size_t size() const { return parties_.size(); }

 private:
  std::unordered_map<std::string, CreditStanding> parties_;
};

}  // namespace oc
