#include "tariff/duty_expression.h"

#include <gtest/gtest.h>

namespace oc {
namespace {

Decimal d(const char* text) { return Decimal::parse(text).value(); }

TEST(DutyExpression, AdValorem) {
  auto parsed = parse_duty_expression("12.5%");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->ad_valorem_percent, d("12.5"));
  EXPECT_FALSE(parsed->is_specific());
  EXPECT_EQ(parsed->to_string(), "12.5%");
}

TEST(DutyExpression, Specific) {
  auto parsed = parse_duty_expression("3.5 CNY/KGM");
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(parsed->ad_valorem_percent.has_value());
  EXPECT_EQ(parsed->specific_cny, d("3.5"));
  EXPECT_EQ(parsed->specific_unit, "KGM");
  EXPECT_EQ(parsed->to_string(), "3.5 CNY/KGM");
}

TEST(DutyExpression, CompoundWithFreeSpacing) {
  auto parsed = parse_duty_expression("  10%+2.5 CNY / KGM ");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->ad_valorem_percent, d("10"));
  EXPECT_EQ(parsed->specific_cny, d("2.5"));
  EXPECT_EQ(parsed->to_string(), "10% + 2.5 CNY/KGM");
}

struct BadCase {
  const char* text;
  const char* message_part;
};

class DutyExpressionBad : public ::testing::TestWithParam<BadCase> {};

TEST_P(DutyExpressionBad, IsRefusedWithPosition) {
  auto parsed = parse_duty_expression(GetParam().text);
  ASSERT_FALSE(parsed.ok()) << GetParam().text;
  EXPECT_EQ(parsed.error().code, "tariff.bad_expression");
  EXPECT_NE(parsed.error().message.find(GetParam().message_part), std::string::npos)
      << parsed.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DutyExpressionBad,
    ::testing::Values(BadCase{"", "at character 1: expected a rate"},
                      BadCase{"   ", "at character 4: expected a rate"},
                      BadCase{"%", "at character 1: expected a number"},
                      BadCase{"8", "at character 2: expected '%' or 'CNY'"},
                      BadCase{"8% +", "at character 5: expected a number"},
                      BadCase{"8% 9%", "at character 4: expected '+' or the end"},
                      BadCase{"1.2.3%", "at character 1: expected a plain decimal"},
                      BadCase{"0.1234567%", "at most 6 fraction digits"},
                      BadCase{"3 CNY", "at character 6: expected '/' after CNY"},
                      BadCase{"3 CNY/", "at character 7: expected a unit code"},
                      BadCase{"3 USD/KGM", "expected '%' or 'CNY'"},
                      BadCase{"3 CNY/KGM + 5%", "at character 11: expected the end"},
                      BadCase{"2000000 CNY/KGM", "a specific rate of at most 1000000 CNY"},
                      BadCase{"99999999999999999999%", "a plain decimal"},
                      BadCase{"1%xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                              "at most 64 characters"}));

TEST(DutyAmount, CompoundIsExactBeforeRounding) {
  auto expression = parse_duty_expression("10% + 0.333 CNY/KGM").value();
  auto value = ExactAmount::of(d("100.05")).value();
  // 100.05 × 10% = 10.005 and 3 × 0.333 = 0.999: 11.004 -> 11.00
  auto amount = duty_amount(expression, value, d("3"));
  ASSERT_TRUE(amount.ok());
  EXPECT_EQ(amount->round_to_cents().value(), d("11.00"));
}

}  // namespace
}  // namespace oc
