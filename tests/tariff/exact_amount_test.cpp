#include "tariff/exact_amount.h"

#include <gtest/gtest.h>

namespace oc {
namespace {

Decimal d(const char* text) { return Decimal::parse(text).value(); }

TEST(ExactAmount, RoundsHalfUpOnlyAtTheEnd) {
  auto a = ExactAmount::of(d("0.004")).value();
  auto b = ExactAmount::of(d("0.001")).value();
  EXPECT_EQ(a.round_to_cents().value(), d("0.00"));
  EXPECT_EQ(a.plus(b).value().round_to_cents().value(), d("0.01"));
}

TEST(ExactAmount, NegativeTiesRoundAwayFromZero) {
  EXPECT_EQ(ExactAmount::of(d("-0.005")).value().round_to_cents().value(), d("-0.01"));
  EXPECT_EQ(ExactAmount::of(d("-0.0049")).value().round_to_cents().value(), d("0.00"));
}

TEST(ExactAmount, RatioTruncationNeverChangesAHalfUpRounding) {
  // 1 × 1 / 3 = 0.333…; × 3 back must not reach 1.00 by rounding error, and 0.015 / 3 × 1 stays.
  auto one = ExactAmount::of(d("1")).value();
  auto third = one.times_ratio(d("1"), d("3")).value();
  EXPECT_EQ(third.round_to_cents().value(), d("0.33"));
  // 2.675 exactly = 26.75 / 10: a tie, rounds up (binary floating point would give 2.67).
  auto tie = ExactAmount::of(d("26.75")).value().times_ratio(d("1"), d("10")).value();
  EXPECT_EQ(tie.round_to_cents().value(), d("2.68"));
}

TEST(ExactAmount, RoundsToOtherScales) {
  auto value = ExactAmount::of(d("1.23456")).value();
  EXPECT_EQ(value.round(4).value(), d("1.2346"));
  EXPECT_EQ(value.round(0).value(), d("1"));
}

TEST(ExactAmount, OverflowIsAnErrorNotAWrap) {
  auto huge = ExactAmount::of(Decimal::from_int(9'000'000'000'000'000'000)).value();
  auto product = huge.times(Decimal::from_int(9'000'000'000'000'000'000));
  ASSERT_FALSE(product.ok());
  EXPECT_EQ(product.error().code, "decimal.overflow");
  auto big = ExactAmount::of(Decimal::from_int(100'000'000'000'000'000)).value();
  auto sum = big.times(Decimal::from_int(1000)).value();
  auto cents = sum.round_to_cents();
  ASSERT_FALSE(cents.ok());
  EXPECT_EQ(cents.error().code, "decimal.overflow");
}

}  // namespace
}  // namespace oc
