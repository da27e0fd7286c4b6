#include "core/decimal.h"

#include <gtest/gtest.h>

#include <limits>

namespace oc {
namespace {

Decimal parse(std::string_view text) {
  auto parsed = Decimal::parse(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? *parsed : Decimal{};
}

TEST(DecimalParse, KeepsTheWrittenScale) {
  Decimal d = parse("1234.50");
  EXPECT_EQ(d.units(), 123450);
  EXPECT_EQ(d.scale(), 2);
  EXPECT_EQ(d.to_string(), "1234.50");
  EXPECT_EQ(parse("-0.05").to_string(), "-0.05");
  EXPECT_EQ(parse("0").to_string(), "0");
  EXPECT_EQ(parse("007").to_string(), "7");
}

TEST(DecimalParse, RejectsEverythingButPlainDecimals) {
  for (std::string_view bad : {"", "-", ".5", "5.", "1e3", "+1", " 1", "1 ", "1,5", "0x10", "1.2.3",
                               "NaN", "--1", "1-"}) {
    auto parsed = Decimal::parse(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, "decimal.syntax") << bad;
  }
}

TEST(DecimalParse, TooManyFractionDigitsIsAScaleError) {
  auto parsed = Decimal::parse("1.23456", 4);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "decimal.scale");
  EXPECT_TRUE(Decimal::parse("1.2345", 4).ok());
}

TEST(DecimalParse, HugeNumbersOverflowCleanly) {
  EXPECT_EQ(parse("9223372036854775807").units(), std::numeric_limits<std::int64_t>::max());
  auto parsed = Decimal::parse("9223372036854775808");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "decimal.overflow");
  auto long_digits = Decimal::parse(std::string(400, '9'));
  ASSERT_FALSE(long_digits.ok());
  EXPECT_EQ(long_digits.error().code, "decimal.overflow");
}

TEST(DecimalArithmetic, AddAndSubtractAlignScales) {
  EXPECT_EQ(parse("1.5").add(parse("2.25"))->to_string(), "3.75");
  EXPECT_EQ(parse("1.5").subtract(parse("2.25"))->to_string(), "-0.75");
}

TEST(DecimalArithmetic, AdditionOverflowIsAnErrorValue) {
  Decimal max = Decimal::from_units(std::numeric_limits<std::int64_t>::max(), 0);
  auto sum = max.add(Decimal::from_int(1));
  ASSERT_FALSE(sum.ok());
  EXPECT_EQ(sum.error().code, "decimal.overflow");
  Decimal min = Decimal::from_units(std::numeric_limits<std::int64_t>::min(), 0);
  auto difference = min.subtract(Decimal::from_int(1));
  ASSERT_FALSE(difference.ok());
  EXPECT_EQ(difference.error().code, "decimal.overflow");
  // Rescaling up multiplies units: 9.2e18 at scale 0 cannot gain two decimals.
  auto rescaled = max.rescale(2, Rounding::half_up);
  ASSERT_FALSE(rescaled.ok());
  EXPECT_EQ(rescaled.error().code, "decimal.overflow");
}

TEST(DecimalArithmetic, MultiplicationOverflowIsAnErrorValue) {
  auto product = parse("100000000000000").multiply(parse("1000000"), 2, Rounding::half_up);
  ASSERT_FALSE(product.ok());
  EXPECT_EQ(product.error().code, "decimal.overflow");
}

TEST(DecimalArithmetic, NegationOfTheMinimumOverflows) {
  auto negated = Decimal::from_units(std::numeric_limits<std::int64_t>::min(), 2).negate();
  ASSERT_FALSE(negated.ok());
  EXPECT_EQ(negated.error().code, "decimal.overflow");
  EXPECT_EQ(parse("-1.25").negate()->to_string(), "1.25");
}

TEST(DecimalArithmetic, MultiplyRoundsHalfUpAwayFromZero) {
  // 512345.67 * 0.125 = 64043.20875 -> 64043.21
  EXPECT_EQ(parse("512345.67").multiply(parse("0.125"), 2, Rounding::half_up)->to_string(),
            "64043.21");
  EXPECT_EQ(parse("0.005").multiply(parse("1"), 2, Rounding::half_up)->to_string(), "0.01");
  EXPECT_EQ(parse("-0.005").multiply(parse("1"), 2, Rounding::half_up)->to_string(), "-0.01");
  EXPECT_EQ(parse("0.0049").multiply(parse("1"), 2, Rounding::half_up)->to_string(), "0.00");
  EXPECT_EQ(parse("0.009").multiply(parse("1"), 2, Rounding::down)->to_string(), "0.00");
  EXPECT_EQ(parse("2").multiply(parse("3"), 4, Rounding::half_up)->to_string(), "6.0000");
}

TEST(DecimalArithmetic, DivideRoundsAndRefusesZero) {
  EXPECT_EQ(parse("10").divide(parse("3"), 6, Rounding::half_up)->to_string(), "3.333333");
  EXPECT_EQ(parse("2").divide(parse("3"), 2, Rounding::half_up)->to_string(), "0.67");
  EXPECT_EQ(parse("-2").divide(parse("3"), 2, Rounding::half_up)->to_string(), "-0.67");
  EXPECT_EQ(parse("1").divide(parse("-8"), 2, Rounding::half_up)->to_string(), "-0.13");
  auto by_zero = parse("1").divide(parse("0.00"), 2, Rounding::half_up);
  ASSERT_FALSE(by_zero.ok());
  EXPECT_EQ(by_zero.error().code, "decimal.division_by_zero");
  auto too_big = Decimal::from_units(std::numeric_limits<std::int64_t>::max(), 0)
                     .divide(parse("0.000000000001"), 12, Rounding::half_up);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().code, "decimal.overflow");
}

TEST(DecimalCompare, ComparesValuesNotRepresentations) {
  EXPECT_EQ(parse("1.5"), parse("1.50"));
  EXPECT_LT(parse("1.49"), parse("1.5"));
  EXPECT_GT(parse("-1"), parse("-1.01"));
  EXPECT_EQ(parse("0"), parse("-0.00"));
}

TEST(DecimalRounding, RoundToCentsIsHalfUp) {
  EXPECT_EQ(round_to_cents(parse("78598.565"))->to_string(), "78598.57");
  EXPECT_EQ(round_to_cents(parse("78598.5649"))->to_string(), "78598.56");
  EXPECT_EQ(round_to_cents(parse("7"))->to_string(), "7.00");
}

TEST(DecimalPrint, PrintsTheMinimumInt64) {
  EXPECT_EQ(Decimal::from_units(std::numeric_limits<std::int64_t>::min(), 2).to_string(),
            "-92233720368547758.08");
}

}  // namespace
}  // namespace oc
