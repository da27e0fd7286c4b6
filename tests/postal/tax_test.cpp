// The postal tax of a few parcels, worked by hand from data/tariff/postal_rates.csv and the
// demo tariff's November 2026 exchange rates (JPY 0.0468, USD 7.0443, HKD 0.9012 CNY).
#include <gtest/gtest.h>

#include "postal/declaration.h"
#include "postal_test_support.h"

namespace oc {
namespace {

using namespace postal_testing;

PostalContentLine line(const char* category, const char* quantity, const char* value,
                       const char* currency) {
  return {"goods", category, *Decimal::parse(quantity), *Decimal::parse(value), currency};
}

Result<PostalTax> tax_of(const char* origin, std::vector<PostalContentLine> contents) {
  return assess_postal_tax(origin, contents, demo_tariff(), 2026, 11);
}

TEST(PostalTax, SmallTaxIsWaived) {
  // 3000 JPY × 0.0468 = 140.40 CNY; food and drink 13%: 18.252 → 18.25 ≤ 50: waived.
  auto tax = tax_of("JP", {line("food_and_drink", "2", "3000", "JPY")});
  ASSERT_TRUE(tax.ok());
  EXPECT_EQ(tax->value_cny.to_string(), "140.40");
  EXPECT_EQ(tax->limit_cny.to_string(), "1000.00");
  EXPECT_EQ(tax->tax_computed.to_string(), "18.25");
  EXPECT_EQ(tax->tax_payable.to_string(), "0.00");
  EXPECT_TRUE(tax->waived);
  ASSERT_EQ(tax->lines.size(), 1u);
  EXPECT_EQ(tax->lines[0],
            (PostalTaxLine{"food_and_drink", Decimal::from_int(13), Decimal::from_units(14040, 2),
                           Decimal::from_units(1825, 2)}));
  EXPECT_EQ(tax->rate_year, 2026);
  EXPECT_EQ(tax->rate_month, 11);
}

TEST(PostalTax, TwoRatesPayable) {
  // textiles 20% of 300.00 = 60.00; books 13% of 100.00 = 13.00; Σ 73.00 > 50: payable.
  auto tax =
      tax_of("JP", {line("textiles", "3", "300.00", "CNY"), line("books", "2", "100", "CNY")});
  ASSERT_TRUE(tax.ok());
  EXPECT_EQ(tax->value_cny.to_string(), "400.00");
  EXPECT_EQ(tax->tax_computed.to_string(), "73.00");
  EXPECT_EQ(tax->tax_payable.to_string(), "73.00");
  EXPECT_FALSE(tax->waived);
}

TEST(PostalTax, FiftyIsWaivedFiftyAndOneCentIsNot) {
  auto at_fifty = tax_of("JP", {line("textiles", "1", "250.00", "CNY")});  // 20% = 50.00
  ASSERT_TRUE(at_fifty.ok());
  EXPECT_TRUE(at_fifty->waived);
  EXPECT_EQ(at_fifty->tax_payable.to_string(), "0.00");
  auto over = tax_of("JP", {line("textiles", "1", "250.05", "CNY")});  // 20% = 50.01
  ASSERT_TRUE(over.ok());
  EXPECT_FALSE(over->waived);
  EXPECT_EQ(over->tax_payable.to_string(), "50.01");
}

TEST(PostalTax, OverTheLimitIsRefused) {
  // 2 × 100 USD × 7.0443 = 1408.86 CNY > 1000 with more than one piece.
  auto tax = tax_of("US", {line("electrical_appliances", "1", "100", "USD"),
                           line("electrical_appliances", "1", "100", "USD")});
  ASSERT_FALSE(tax.ok());
  EXPECT_EQ(tax.error().code, "postal.parcel_value_exceeded");
  EXPECT_EQ(tax.error().path, "/contents");
}

TEST(PostalTax, SingleIndivisibleItemOverTheLimitIsAllowed) {
  // 500 USD × 7.0443 = 3522.15 CNY; high-end watches 50%: 1761.075 → 1761.08.
  auto tax = tax_of("US", {line("high_end_watches", "1", "500", "USD")});
  ASSERT_TRUE(tax.ok());
  EXPECT_EQ(tax->value_cny.to_string(), "3522.15");
  EXPECT_EQ(tax->tax_payable.to_string(), "1761.08");
  // The same value in two pieces is refused.
  auto two = tax_of("US", {line("high_end_watches", "2", "500", "USD")});
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().code, "postal.parcel_value_exceeded");
}

TEST(PostalTax, HongKongMacaoTaiwanLimitIs800) {
  // 900 HKD × 0.9012 = 811.08 CNY: over 800 from HK, within 1000 from JP.
  auto from_hk = tax_of("HK", {line("textiles", "2", "900", "HKD")});
  ASSERT_FALSE(from_hk.ok());
  EXPECT_EQ(from_hk.error().code, "postal.parcel_value_exceeded");
  auto from_jp = tax_of("JP", {line("textiles", "2", "900", "HKD")});
  ASSERT_TRUE(from_jp.ok());
  EXPECT_EQ(from_jp->limit_cny.to_string(), "1000.00");
  EXPECT_EQ(from_jp->tax_payable.to_string(), "162.22");  // 811.08 × 20% = 162.216
  auto from_tw = tax_of("TW", {line("textiles", "1", "700", "CNY")});
  ASSERT_TRUE(from_tw.ok());
  EXPECT_EQ(from_tw->limit_cny.to_string(), "800.00");
}

TEST(PostalTax, UnknownCategoryAndMissingRate) {
  auto unknown =
      tax_of("JP", {line("books", "1", "1", "CNY"), line("spaceships", "1", "1", "CNY")});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "postal.unknown_category");
  EXPECT_EQ(unknown.error().path, "/contents/1/category");
  auto no_rate = tax_of("JP", {line("books", "1", "1", "XXX")});
  ASSERT_FALSE(no_rate.ok());
  EXPECT_EQ(no_rate.error().code, "exchange_rate.missing");
  EXPECT_EQ(no_rate.error().path, "/contents/0/currency");
}

TEST(PostalTax, RateMonthIsChinaStandardTime) {
  // 2026-11-30T16:00Z is 2026-12-01 00:00 in Beijing.
  auto month = postal_rate_month(*parse_timestamp("2026-11-30T16:00:00Z"));
  EXPECT_EQ(month.year, 2026);
  EXPECT_EQ(month.month, 12);
  month = postal_rate_month(*parse_timestamp("2026-11-30T15:59:59Z"));
  EXPECT_EQ(month.month, 11);
}

}  // namespace
}  // namespace oc
