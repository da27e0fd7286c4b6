// ExactAmount: a tax amount held exactly while it is being computed, so that each tax is rounded
// once, at the end, half up to 0.01 CNY (tariff-v1 rule 6).
//
// The value is a signed 128-bit count of 1e-18 CNY. Products of two decimals are exact at that
// scale; a division (only the consumption-tax composite base divides) truncates toward zero at
// 1e-18, which cannot change a half-up rounding to cents: the rounding threshold is itself a whole
// number of 1e-18 units, so floor(x) reaches it exactly when x does (x >= 0). Every operation is
// overflow-checked and fails with decimal.overflow instead of wrapping; the range (about 1.7e20 CNY)
// is far beyond any declaration the limits in declaration.h allow.
#pragma once

#include "core/decimal.h"
#include "core/result.h"

namespace oc {

class ExactAmount {
 public:
  __extension__ using Units = __int128;  // GCC and Clang both provide it on x86-64

  static constexpr int scale = 18;

  constexpr ExactAmount() = default;

  static Result<ExactAmount> of(const Decimal& value);

  Result<ExactAmount> plus(const ExactAmount& other) const;
  Result<ExactAmount> minus(const ExactAmount& other) const;
  // this × factor, exact.
  Result<ExactAmount> times(const Decimal& factor) const;
  // this × numerator ÷ denominator, truncated toward zero at 1e-18.
  // REQUIRES: denominator is not zero.
  Result<ExactAmount> times_ratio(const Decimal& numerator, const Decimal& denominator) const;

  // Half up (ties away from zero) to `result_scale` fraction digits (0..18); fails with
  // decimal.overflow beyond Decimal's range.
  Result<Decimal> round(int result_scale) const;
  Result<Decimal> round_to_cents() const { return round(2); }

  bool is_negative() const { return units_ < 0; }
  bool is_zero() const { return units_ == 0; }
  friend bool operator==(const ExactAmount&, const ExactAmount&) = default;
  friend auto operator<=>(const ExactAmount& a, const ExactAmount& b) { return a.units_ <=> b.units_; }

 private:
  explicit constexpr ExactAmount(Units units) : units_(units) {}
  Units units_ = 0;
};

}  // namespace oc
