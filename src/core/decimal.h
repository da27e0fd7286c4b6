// Decimal: exact fixed-point numbers for money, rates and quantities.
//
// A Decimal is an int64 count of 10^-scale units ("123.45" is units 12345, scale 2). No binary
// floating point is used anywhere money is computed. Every operation that can overflow returns a
// Result carrying `decimal.overflow`; intermediate products use 128-bit integers so that
// multiply-then-round is exact. Rounding is always named by the caller.
// Thread safety: a value type; immutable operations only.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace oc {

enum class Rounding {
  half_up,  // ties away from zero: 0.005 -> 0.01, -0.005 -> -0.01 (the customs rule)
  down,     // toward zero (truncation)
};

class Decimal {
 public:
  static constexpr int scale_max = 12;

  constexpr Decimal() = default;

  // REQUIRES: 0 <= scale <= scale_max
  static constexpr Decimal from_units(std::int64_t units, int scale) {
    Decimal d;
    d.units_ = units;
    d.scale_ = static_cast<std::int8_t>(scale);
    return d;
  }
  static constexpr Decimal from_int(std::int64_t whole) { return from_units(whole, 0); }

  // Parses "-?[0-9]+(\.[0-9]+)?" exactly; no exponent, sign '+', spaces or empty parts.
  // Errors: decimal.syntax, decimal.scale (more fractional digits than fraction_digits_max),
  // decimal.overflow. The result keeps the scale written ("1.50" has scale 2).
  static Result<Decimal> parse(std::string_view text, int fraction_digits_max = scale_max);

  std::int64_t units() const { return units_; }
  int scale() const { return scale_; }
  int sign() const { return units_ > 0 ? 1 : (units_ < 0 ? -1 : 0); }
  bool is_zero() const { return units_ == 0; }

  // Prints exactly `scale()` fractional digits: from_units(-5, 2) -> "-0.05".
  std::string to_string() const;

  // Exact; the result has the larger of the two scales.
  Result<Decimal> add(const Decimal& other) const;
  Result<Decimal> subtract(const Decimal& other) const;
  // this * other, rounded to result_scale.
  Result<Decimal> multiply(const Decimal& other, int result_scale, Rounding rounding) const;
  // this / other, rounded to result_scale. Error decimal.division_by_zero when other is zero.
  Result<Decimal> divide(const Decimal& other, int result_scale, Rounding rounding) const;
  // Changes the scale; rounds when digits are dropped, checks overflow when digits are added.
  Result<Decimal> rescale(int result_scale, Rounding rounding) const;
  Result<Decimal> negate() const;

  // Numeric comparison regardless of scale: 1.5 == 1.50.
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);
  friend bool operator==(const Decimal& a, const Decimal& b) { return (a <=> b) == 0; }

 private:
  std::int64_t units_ = 0;
  std::int8_t scale_ = 0;
};

// Half-up rounding of a Decimal to 0.01 — the rounding the customs law names for tax amounts.
Result<Decimal> round_to_cents(const Decimal& amount);

}  // namespace oc
