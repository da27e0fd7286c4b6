#include "tariff/exact_amount.h"

namespace oc {
namespace {

using Wide = ExactAmount::Units;

Error overflow() {
  return make_error("decimal.overflow", "", "a tax computation exceeds the exact range");
}

Wide power_of_ten(int exponent) {
  Wide result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

bool checked_multiply(Wide a, Wide b, Wide& out) { return !__builtin_mul_overflow(a, b, &out); }

// a × b ÷ c, truncated toward zero, without forming a × b when it would overflow:
// a = q·c + r, so a·b/c = q·b + r·b/c with |r| < |c|.
Result<Wide> multiply_divide(Wide a, Wide b, Wide c) {
  Wide quotient = a / c;
  Wide remainder = a % c;
  Wide high = 0;
  Wide low = 0;
  if (!checked_multiply(quotient, b, high) || !checked_multiply(remainder, b, low)) {
    return overflow();
  }
  Wide sum = 0;
  if (__builtin_add_overflow(high, low / c, &sum)) return overflow();
  return sum;
}

}  // namespace

Result<ExactAmount> ExactAmount::of(const Decimal& value) {
  Wide units = 0;
  if (!checked_multiply(value.units(), power_of_ten(scale - value.scale()), units)) {
    return overflow();
  }
  return ExactAmount(units);
}

Result<ExactAmount> ExactAmount::plus(const ExactAmount& other) const {
  Wide sum = 0;
  if (__builtin_add_overflow(units_, other.units_, &sum)) return overflow();
  return ExactAmount(sum);
}

Result<ExactAmount> ExactAmount::minus(const ExactAmount& other) const {
  Wide difference = 0;
  if (__builtin_sub_overflow(units_, other.units_, &difference)) return overflow();
  return ExactAmount(difference);
}

Result<ExactAmount> ExactAmount::times(const Decimal& factor) const {
  auto product = multiply_divide(units_, factor.units(), power_of_ten(factor.scale()));
  if (!product) return std::move(product).error();
  return ExactAmount(*product);
}

Result<ExactAmount> ExactAmount::times_ratio(const Decimal& numerator,
                                             const Decimal& denominator) const {
  assert(!denominator.is_zero());
  // n/10^a ÷ d/10^b = n·10^b ÷ (d·10^a)
  Wide scaled_numerator = 0;
  Wide scaled_denominator = 0;
  if (!checked_multiply(numerator.units(), power_of_ten(denominator.scale()), scaled_numerator) ||
      !checked_multiply(denominator.units(), power_of_ten(numerator.scale()), scaled_denominator)) {
    return overflow();
  }
  auto product = multiply_divide(units_, scaled_numerator, scaled_denominator);
  if (!product) return std::move(product).error();
  return ExactAmount(*product);
}

Result<Decimal> ExactAmount::round(int result_scale) const {
  assert(result_scale >= 0 && result_scale <= Decimal::scale_max);
  const Wide unit = power_of_ten(scale - result_scale);
  Wide magnitude = units_ < 0 ? -units_ : units_;
  Wide cents = magnitude / unit;
  if (magnitude % unit >= unit / 2) ++cents;
  if (cents > Wide{INT64_MAX}) return overflow();
  auto whole = static_cast<std::int64_t>(cents);
  return Decimal::from_units(units_ < 0 ? -whole : whole, result_scale);
}

}  // namespace oc
