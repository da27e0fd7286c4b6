#include "core/money.h"

#include <gtest/gtest.h>

namespace oc {
namespace {

Money money(std::string_view amount, std::string currency) {
  return Money{*Decimal::parse(amount), std::move(currency)};
}

TEST(Money, AddsWithinOneCurrency) {
  auto sum = add(money("10.10", "CNY"), money("0.05", "CNY"));
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->to_string(), "10.15 CNY");
  EXPECT_EQ(subtract(money("1", "CNY"), money("1.01", "CNY"))->to_string(), "-0.01 CNY");
}

TEST(Money, RefusesToMixCurrencies) {
  auto sum = add(money("1", "CNY"), money("1", "EUR"));
  ASSERT_FALSE(sum.ok());
  EXPECT_EQ(sum.error().code, "money.currency_mismatch");
  EXPECT_EQ(sum.error().message, "cannot combine CNY with EUR");
}

TEST(Money, OverflowPropagates) {
  auto sum = add(Money{Decimal::from_units(INT64_MAX, 2), "CNY"}, money("0.01", "CNY"));
  ASSERT_FALSE(sum.ok());
  EXPECT_EQ(sum.error().code, "decimal.overflow");
}

TEST(Money, ConvertsWithAnExplicitRateRoundingHalfUp) {
  // 64000.00 EUR at 7.8125 CNY = 500000.00 exactly; 1.01 EUR at 7.82135 = 7.8995635 -> 7.90
  EXPECT_EQ(convert(money("64000.00", "EUR"), *Decimal::parse("7.8125"), "CNY")->to_string(),
            "500000.00 CNY");
  EXPECT_EQ(convert(money("1.01", "EUR"), *Decimal::parse("7.82135"), "CNY")->to_string(),
            "7.90 CNY");
}

}  // namespace
}  // namespace oc
