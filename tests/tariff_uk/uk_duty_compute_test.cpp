// UK duty computation: the worked examples of tests/data/tariff_uk/compute_cases.txt (each
// computed by hand in the file), and what the fixture format cannot say.
#include "tariff/uk/uk_duty_compute.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>

#include "fixture_blocks.h"

namespace oc::uk {
namespace {

Decimal dec(std::string_view text) {
  Result<Decimal> value = Decimal::parse(text);
  EXPECT_TRUE(value.ok()) << text;
  return value.ok() ? *value : Decimal{};
}

std::chrono::year_month_day date_of(const std::string& text) {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  EXPECT_EQ(std::sscanf(text.c_str(), "%d-%u-%u", &year, &month, &day), 3) << text;
  return std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day};
}

// The goods field a fixture key names.
std::optional<Decimal>* measurement(UkGoods& goods, const std::string& key) {
  const std::map<std::string, std::optional<Decimal> UkGoods::*> fields = {
      {"net_mass_kg", &UkGoods::net_mass_kg},
      {"gross_mass_kg", &UkGoods::gross_mass_kg},
      {"net_drained_mass_kg", &UkGoods::net_drained_mass_kg},
      {"net_dry_matter_kg", &UkGoods::net_dry_matter_kg},
      {"lactic_matter_kg", &UkGoods::lactic_matter_kg},
      {"dry_lactic_matter_kg", &UkGoods::dry_lactic_matter_kg},
      {"standard_quality_kg", &UkGoods::standard_quality_kg},
      {"total_alcohol_kg", &UkGoods::total_alcohol_kg},
      {"sucrose_percent", &UkGoods::sucrose_percent},
      {"volume_litres", &UkGoods::volume_litres},
      {"alcohol_percent_vol", &UkGoods::alcohol_percent_vol},
      {"items", &UkGoods::items},
      {"length_m", &UkGoods::length_m},
      {"area_m2", &UkGoods::area_m2},
  };
  auto found = fields.find(key);
  return found == fields.end() ? nullptr : &(goods.*(found->second));
}

TEST(UkDutyCompute, ComputeCases) {
  std::vector<testing::FixtureBlock> blocks =
      testing::read_fixture_blocks(testing::kFixtureDir / "compute_cases.txt");
  EXPECT_GE(blocks.size(), 70u);  // a truncated fixture file cannot pass silently
  for (const testing::FixtureBlock& block : blocks) {
    SCOPED_TRACE("compute_cases.txt:" + std::to_string(block.line));
    const std::string* text = block.find("expression");
    ASSERT_NE(text, nullptr);
    Result<Expression> expression = parse_uk_duty_expression(*text);
    ASSERT_TRUE(expression.ok()) << expression.error().message;
    UkGoods goods;
    std::optional<Decimal> gbp_per_eur;
    const std::string* expect = nullptr;
    const std::string* error = nullptr;
    for (const auto& [key, value] : block.fields) {
      if (key == "expression") continue;
      if (key == "expect") {
        expect = &value;
      } else if (key == "error") {
        error = &value;
      } else if (key == "customs_value_gbp") {
        goods.customs_value_gbp = dec(value);
      } else if (key == "date") {
        goods.date = date_of(value);
      } else if (key == "gbp_per_eur") {
        gbp_per_eur = dec(value);
      } else if (std::optional<Decimal>* field = measurement(goods, key)) {
        *field = dec(value);
      } else {
        ADD_FAILURE() << "unknown key " << key;
      }
    }
    ASSERT_NE(expect == nullptr, error == nullptr) << "a case has either expect: or error:";
    Result<Money> duty = compute_uk_duty(*expression, goods, gbp_per_eur);
    if (expect != nullptr) {
      ASSERT_TRUE(duty.ok()) << duty.error().code << " " << duty.error().message;
      EXPECT_EQ(duty->to_string(), *expect);
    } else {
      ASSERT_FALSE(duty.ok()) << "computed " << duty->to_string();
      std::string path = duty.error().path.empty() ? "-" : duty.error().path;
      EXPECT_EQ(duty.error().code + " " + path, *error) << duty.error().message;
    }
  }
}

TEST(UkDutyCompute, ResultIsInPenceAndNamesTheReason) {
  Result<Expression> expression = parse_uk_duty_expression("12%");
  ASSERT_TRUE(expression.ok());
  UkGoods goods{.customs_value_gbp = dec("10")};
  Result<Money> duty = compute_uk_duty(*expression, goods, std::nullopt);
  ASSERT_TRUE(duty.ok());
  EXPECT_EQ(duty->amount.scale(), 2);
  EXPECT_EQ(duty->currency, "GBP");

  Result<Expression> agricultural = parse_uk_duty_expression("9.00% +  EA MAX 18.70%  + ADSZ");
  ASSERT_TRUE(agricultural.ok());
  Result<Money> refused = compute_uk_duty(*agricultural, goods, std::nullopt);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message.substr(0, 26), "agricultural_component:EA:");
}

// The rate is asked for only when the chosen period has EUR amounts.
TEST(UkDutyCompute, ExchangeRateOnlyForEuroPeriods) {
  Result<Expression> expression =
      parse_uk_duty_expression("5% (01 JAN - 30 JUN), 2 EUR / item (01 JUL - 31 DEC)");
  ASSERT_TRUE(expression.ok());
  UkGoods goods{.customs_value_gbp = dec("100"), .items = dec("3")};
  goods.date = std::chrono::year{2021} / 3 / 1;
  Result<Money> spring = compute_uk_duty(*expression, goods, std::nullopt);
  ASSERT_TRUE(spring.ok());
  EXPECT_EQ(spring->to_string(), "5.00 GBP");
  goods.date = std::chrono::year{2021} / 9 / 1;
  EXPECT_EQ(compute_uk_duty(*expression, goods, std::nullopt).error().code,
            "uk_duty.missing_exchange_rate");
  // 2 EUR x 3 items x 0.8 = 4.80
  EXPECT_EQ(compute_uk_duty(*expression, goods, dec("0.8"))->to_string(), "4.80 GBP");
}

}  // namespace
}  // namespace oc::uk
