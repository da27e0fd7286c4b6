// RuleNumber: the exact numbers a rule compares. A value times 10^12 held in a 128-bit integer,
// so declaration decimals (at most 12 fraction digits) convert exactly and derived values
// (unit_value, price_ratio, ...) are quotients rounded half-up at the 12th decimal place.
// The range is |value| < 10^14 (rule_number_magnitude_max); anything outside it, like a division
// by zero, "cannot be computed" — and a comparison with such a value is false. Inside the range
// no operation here can overflow: 10^26 * 10^12 < 2^127, and a factor (`0.6 * x`) has at most
// rule_factor_fraction_digits_max decimals and magnitude below rule_factor_magnitude_max.
// Thread safety: value type and pure functions.
#pragma once

#include <cstdint>
#include <optional>

#include "core/decimal.h"
#include "risk/rule_ast.h"

namespace oc {

__extension__ using RuleInt = __int128;

inline constexpr int rule_number_scale = 12;
inline constexpr std::int64_t rule_number_magnitude_max = 100'000'000'000'000;  // 10^14, exclusive
inline constexpr std::int64_t rule_factor_magnitude_max = 1'000'000;            // 10^6, exclusive
inline constexpr int rule_factor_fraction_digits_max = 6;

struct RuleNumber {
  RuleInt units = 0;  // value * 10^12
};

namespace rule_number_detail {
constexpr RuleInt pow10(int exponent) {
  RuleInt result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}
inline constexpr RuleInt kOne = pow10(rule_number_scale);
// 10^0 .. 10^12: scales of a Decimal.
inline constexpr RuleInt kPow10[rule_number_scale + 1] = {
    pow10(0), pow10(1), pow10(2), pow10(3),  pow10(4),  pow10(5), pow10(6),
    pow10(7), pow10(8), pow10(9), pow10(10), pow10(11), pow10(12)};
inline constexpr RuleInt kUnitsMax = static_cast<RuleInt>(rule_number_magnitude_max) * kOne;
inline bool in_range(RuleInt units) {
  return units < kUnitsMax && units > -kUnitsMax;
}
}  // namespace rule_number_detail

// Exact; nullopt when |value| >= 10^14.
inline std::optional<RuleNumber> to_rule_number(const Decimal& value) {
  // units < 2^63 and the factor <= 10^12, so the product fits easily.
  RuleInt units = static_cast<RuleInt>(value.units()) *
                  rule_number_detail::kPow10[rule_number_scale - value.scale()];
  if (!rule_number_detail::in_range(units)) return std::nullopt;
  return RuleNumber{units};
}

inline std::optional<RuleNumber> rule_number_from_int(std::int64_t value) {
  if (value >= rule_number_magnitude_max || value <= -rule_number_magnitude_max)
    return std::nullopt;
  return RuleNumber{static_cast<RuleInt>(value) * rule_number_detail::kOne};
}

inline std::optional<RuleNumber> rule_sum(RuleNumber a, RuleNumber b) {
  RuleInt units = a.units + b.units;  // each below 10^26: no overflow
  if (!rule_number_detail::in_range(units)) return std::nullopt;
  return RuleNumber{units};
}

// a / b rounded half away from zero at 10^-12; nullopt when b is zero or the result is out of
// range.
inline std::optional<RuleNumber> rule_quotient(RuleNumber a, RuleNumber b) {
  if (b.units == 0) return std::nullopt;
  RuleInt numerator = a.units * rule_number_detail::kOne;  // < 10^38 < 2^127
  RuleInt denominator = b.units;
  if (denominator < 0) {
    denominator = -denominator;
    numerator = -numerator;
  }
  RuleInt quotient = numerator / denominator;
  RuleInt remainder = numerator % denominator;
  if (remainder != 0) {
    RuleInt twice = (remainder < 0 ? -remainder : remainder) * 2;
    if (twice >= denominator) quotient += numerator < 0 ? -1 : 1;
  }
  if (!rule_number_detail::in_range(quotient)) return std::nullopt;
  return RuleNumber{quotient};
}

inline bool compare_values(RuleInt left, ComparisonOp op, RuleInt right) {
  switch (op) {
    case ComparisonOp::less:
      return left < right;
    case ComparisonOp::less_equal:
      return left <= right;
    case ComparisonOp::greater:
      return left > right;
    case ComparisonOp::greater_equal:
      return left >= right;
    case ComparisonOp::equal:
      return left == right;
    case ComparisonOp::not_equal:
      return left != right;
  }
  return false;
}

inline bool compare(RuleNumber left, ComparisonOp op, RuleNumber right) {
  return compare_values(left.units, op, right.units);
}

// left op (factor * right), exactly: left * 10^k op f * right where factor = f / 10^k.
// REQUIRES: |factor| < rule_factor_magnitude_max, factor.scale() <= rule_factor_fraction_digits_max
// (so both products stay below 10^38).
inline bool compare_scaled(RuleNumber left, ComparisonOp op, const Decimal& factor,
                           RuleNumber right) {
  RuleInt scaled_left = left.units * rule_number_detail::kPow10[factor.scale()];
  RuleInt scaled_right = static_cast<RuleInt>(factor.units()) * right.units;
  return compare_values(scaled_left, op, scaled_right);
}

}  // namespace oc
