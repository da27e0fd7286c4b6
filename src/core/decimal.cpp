// Decimal arithmetic: every operation is exact in 128-bit integers and checked on the way back
// to 64 bits.
#include "core/decimal.h"

#include <array>
#include <limits>

namespace oc {
namespace {

__extension__ using i128 = __int128;  // GCC and Clang both provide it on x86-64

constexpr std::array<std::int64_t, 19> kPow10 = {
    1LL,
    10LL,
    100LL,
    1000LL,
    10000LL,
    100000LL,
    1000000LL,
    10000000LL,
    100000000LL,
    1000000000LL,
    10000000000LL,
    100000000000LL,
    1000000000000LL,
    10000000000000LL,
    100000000000000LL,
    1000000000000000LL,
    10000000000000000LL,
    100000000000000000LL,
    1000000000000000000LL,
};

i128 pow10_128(int exponent) {
  i128 result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

Error overflow(std::string_view what) {
  return make_error("decimal.overflow", "", std::string(what) + " does not fit the decimal range");
}

// `describe` names the operation for the error message; it runs only on overflow, so the
// common path builds no strings.
template <class Describe>
Result<Decimal> narrow(i128 units, int scale, Describe describe) {
  if (units > std::numeric_limits<std::int64_t>::max() ||
      units < std::numeric_limits<std::int64_t>::min()) {
    return overflow(describe());
  }
  return Decimal::from_units(static_cast<std::int64_t>(units), scale);
}

// numerator / denominator rounded as asked. REQUIRES: denominator > 0.
i128 divide_rounded(i128 numerator, i128 denominator, Rounding rounding) {
  i128 quotient = numerator / denominator;
  i128 remainder = numerator % denominator;
  if (rounding == Rounding::half_up && remainder != 0) {
    i128 twice = (remainder < 0 ? -remainder : remainder) * 2;
    if (twice >= denominator) quotient += (numerator < 0 ? -1 : 1);
  }
  return quotient;
}

// Largest magnitude we let a 128-bit intermediate reach before scaling further.
constexpr i128 kIntermediateMax = static_cast<i128>(1) << 120;

}  // namespace

Result<Decimal> Decimal::parse(std::string_view text, int fraction_digits_max) {
  auto syntax = [&] {
    return make_error("decimal.syntax", "",
                      "'" + std::string(text.substr(0, 40)) + "' is not a decimal number");
  };
  std::size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && text[pos] == '-') {
    negative = true;
    ++pos;
  }
  i128 units = 0;
  int integer_digits = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    units = units * 10 + (text[pos] - '0');
    if (units > std::numeric_limits<std::int64_t>::max()) return overflow("'" + std::string(text.substr(0, 40)) + "'");
    ++integer_digits;
    ++pos;
  }
  if (integer_digits == 0) return syntax();
  int scale = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (scale == fraction_digits_max || scale == scale_max) {
        return make_error("decimal.scale", "",
                          "'" + std::string(text.substr(0, 40)) + "' has more than " +
                              std::to_string(std::min(fraction_digits_max, int{scale_max})) +
                              " decimal places");
      }
      units = units * 10 + (text[pos] - '0');
      if (units > std::numeric_limits<std::int64_t>::max()) return overflow("'" + std::string(text.substr(0, 40)) + "'");
      ++scale;
      ++pos;
    }
    if (scale == 0) return syntax();
  }
  if (pos != text.size()) return syntax();
  return from_units(static_cast<std::int64_t>(negative ? -units : units), scale);
}

std::string Decimal::to_string() const {
  // Work in unsigned magnitude so INT64_MIN prints correctly.
  std::uint64_t magnitude = units_ < 0 ? (~static_cast<std::uint64_t>(units_) + 1)
                                       : static_cast<std::uint64_t>(units_);
  std::string digits = std::to_string(magnitude);
  if (static_cast<int>(digits.size()) <= scale_) {
    digits.insert(0, static_cast<std::size_t>(scale_ + 1 - static_cast<int>(digits.size())), '0');
  }
  if (scale_ > 0) digits.insert(digits.size() - static_cast<std::size_t>(scale_), 1, '.');
  if (units_ < 0) digits.insert(0, 1, '-');
  return digits;
}

Result<Decimal> Decimal::add(const Decimal& other) const {
  int scale = std::max(scale_, other.scale_);
  i128 a = static_cast<i128>(units_) * kPow10[static_cast<std::size_t>(scale - scale_)];
  i128 b = static_cast<i128>(other.units_) * kPow10[static_cast<std::size_t>(scale - other.scale_)];
  return narrow(a + b, scale, [&] { return "sum of " + to_string() + " and " + other.to_string(); });
}

Result<Decimal> Decimal::subtract(const Decimal& other) const {
  int scale = std::max(scale_, other.scale_);
  i128 a = static_cast<i128>(units_) * kPow10[static_cast<std::size_t>(scale - scale_)];
  i128 b = static_cast<i128>(other.units_) * kPow10[static_cast<std::size_t>(scale - other.scale_)];
  return narrow(a - b, scale,
                [&] { return "difference of " + to_string() + " and " + other.to_string(); });
}

Result<Decimal> Decimal::multiply(const Decimal& other, int result_scale,
                                  Rounding rounding) const {
  assert(result_scale >= 0 && result_scale <= scale_max);
  // |a*b| < 2^126 always fits; the product has scale_ + other.scale_ (<= 24) digits.
  i128 product = static_cast<i128>(units_) * other.units_;
  int product_scale = scale_ + other.scale_;
  i128 result = 0;
  if (product_scale >= result_scale) {
    result = divide_rounded(product, pow10_128(product_scale - result_scale), rounding);
  } else {
    i128 factor = pow10_128(result_scale - product_scale);
    if ((product < 0 ? -product : product) > kIntermediateMax / factor) {
      return overflow("product of " + to_string() + " and " + other.to_string());
    }
    result = product * factor;
  }
  return narrow(result, result_scale,
                [&] { return "product of " + to_string() + " and " + other.to_string(); });
}

Result<Decimal> Decimal::divide(const Decimal& other, int result_scale, Rounding rounding) const {
  assert(result_scale >= 0 && result_scale <= scale_max);
  if (other.units_ == 0) {
    return make_error("decimal.division_by_zero", "", "division of " + to_string() + " by zero");
  }
  // value = (units_ / 10^s1) / (o / 10^s2) = units_ * 10^(s2 + rs - s1) / o, at scale rs.
  int exponent = other.scale_ + result_scale - scale_;
  i128 numerator = units_;
  i128 denominator = other.units_;
  if (exponent >= 0) {
    i128 factor = pow10_128(exponent);
    if ((numerator < 0 ? -numerator : numerator) > kIntermediateMax / factor) {
      return overflow("quotient of " + to_string() + " and " + other.to_string());
    }
    numerator *= factor;
  } else {
    denominator *= pow10_128(-exponent);
  }
  if (denominator < 0) {
    denominator = -denominator;
    numerator = -numerator;
  }
  return narrow(divide_rounded(numerator, denominator, rounding), result_scale,
                [&] { return "quotient of " + to_string() + " and " + other.to_string(); });
}

Result<Decimal> Decimal::rescale(int result_scale, Rounding rounding) const {
  assert(result_scale >= 0 && result_scale <= scale_max);
  if (result_scale >= scale_) {
    i128 units = static_cast<i128>(units_) * kPow10[static_cast<std::size_t>(result_scale - scale_)];
    return narrow(units, result_scale, [&] { return to_string(); });
  }
  i128 units = divide_rounded(units_, kPow10[static_cast<std::size_t>(scale_ - result_scale)], rounding);
  return narrow(units, result_scale, [&] { return to_string(); });
}

Result<Decimal> Decimal::negate() const {
  return narrow(-static_cast<i128>(units_), scale_, [&] { return "negation of " + to_string(); });
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  int scale = std::max(a.scale_, b.scale_);
  i128 x = static_cast<i128>(a.units_) * kPow10[static_cast<std::size_t>(scale - a.scale_)];
  i128 y = static_cast<i128>(b.units_) * kPow10[static_cast<std::size_t>(scale - b.scale_)];
  return x <=> y;
}

Result<Decimal> round_to_cents(const Decimal& amount) {
  return amount.rescale(2, Rounding::half_up);
}

}  // namespace oc
