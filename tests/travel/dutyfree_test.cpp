#include "travel/dutyfree.h"

#include <gtest/gtest.h>

namespace oc {
namespace {

std::string sale_body(const std::string& items, const std::string& birth = "1990-05-17",
                      const std::string& leaving = "2026-11-25") {
  return R"({"id":"S-1","store":"HN-DFS-1","traveller":{"id_number":"460100199005170011","birth_date":")" +
         birth + R"(","leaving":{"by":"air","date":")" + leaving + R"("}},"items":[)" + items + "]}";
}
std::string item(const std::string& code, const std::string& category, const std::string& quantity,
                 const std::string& unit, const std::string& price) {
  return R"({"code":")" + code + R"(","category":")" + category + R"(","quantity":")" + quantity +
         R"(","unit":")" + unit + R"(","price":")" + price + R"("})";
}
Decimal d(const char* text) { return Decimal::parse(text).value(); }

std::vector<std::string> codes_and_paths(const Errors& errors) {
  std::vector<std::string> out;
  for (const auto& error : errors) out.push_back(error.code + " " + error.path);
  return out;
}

TEST(DutyFree, ASaleWithinTheAllowanceAndLimits) {
  auto decoded = decode_dutyfree_sale(sale_body(
      item("T-1", "cosmetics", "30", "PCE", "6000.00") + "," +
      item("T-2", "mobile_phones", "2", "PCE", "15000.00")));
  ASSERT_TRUE(decoded.errors.empty()) << decoded.errors.front().message;
  EXPECT_EQ(decoded.sale.total, d("21000.00"));
  auto decision = decide_dutyfree_sale(decoded.sale, "2026-11-23", d("70000.00"));
  ASSERT_TRUE(decision.ok()) << decision.error().message;
  EXPECT_EQ(decision->used_after, d("91000.00"));
  EXPECT_EQ(decision->remaining, d("9000.00"));
}

TEST(DutyFree, TheAllowanceIsExactAtItsEdge) {
  auto decoded = decode_dutyfree_sale(sale_body(item("T-1", "watches", "1", "PCE", "30000.00")));
  ASSERT_TRUE(decoded.errors.empty());
  EXPECT_TRUE(decide_dutyfree_sale(decoded.sale, "2026-11-23", d("70000.00")).ok());
  auto over = decide_dutyfree_sale(decoded.sale, "2026-11-23", d("70000.01"));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "allowance.exceeded");
  EXPECT_EQ(over.error().path, "/items");
  EXPECT_NE(over.error().message.find("remaining allowance of 29999.99 CNY"), std::string::npos)
      << over.error().message;
}

TEST(DutyFree, CategoryLimitsArePerPurchaseAndNameTheItem) {
  auto decoded = decode_dutyfree_sale(sale_body(
      item("T-1", "alcohol", "1000", "MLT", "800.00") + "," +
      item("T-2", "alcohol", "750", "MLT", "600.00")));
  ASSERT_TRUE(decoded.errors.empty());
  auto refused = decide_dutyfree_sale(decoded.sale, "2026-11-23", d("0"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "category_limit.exceeded");
  EXPECT_EQ(refused.error().path, "/items/1/quantity");
  auto phones = decode_dutyfree_sale(sale_body(item("T-1", "mobile_phones", "5", "PCE", "30000.00")));
  EXPECT_EQ(decide_dutyfree_sale(phones.sale, "2026-11-23", d("0")).error().code,
            "category_limit.exceeded");
}

TEST(DutyFree, EligibilityByAgeAndDeparture) {
  auto young = decode_dutyfree_sale(sale_body(item("T-1", "toys", "1", "PCE", "100.00"), "2010-11-24"));
  auto refused = decide_dutyfree_sale(young.sale, "2026-11-23", d("0"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().path, "/traveller/birth_date");
  // Sixteen on the day of the sale.
  auto sixteen = decode_dutyfree_sale(sale_body(item("T-1", "toys", "1", "PCE", "100.00"), "2010-11-23"));
  EXPECT_TRUE(decide_dutyfree_sale(sixteen.sale, "2026-11-23", d("0")).ok());
  auto left = decode_dutyfree_sale(sale_body(item("T-1", "toys", "1", "PCE", "100.00"), "1990-01-01", "2026-11-22"));
  auto not_leaving = decide_dutyfree_sale(left.sale, "2026-11-23", d("0"));
  ASSERT_FALSE(not_leaving.ok());
  EXPECT_EQ(not_leaving.error().code, "traveller.not_eligible");
  EXPECT_EQ(not_leaving.error().path, "/traveller/leaving/date");
}

TEST(DutyFree, BodyErrorsAllAtOnce) {
  auto decoded = decode_dutyfree_sale(
      R"({"id":"S-1","store":"HN","colour":"red","traveller":{"id_number":"12","birth_date":"1990-02-30","leaving":{"by":"rocket","date":"2026-11-25"}},"items":[)" +
      item("T-1", "caviar", "1", "PCE", "10.00") + "," + item("T-1", "cosmetics", "-1", "MLT", "abc") + "]}");
  EXPECT_EQ(codes_and_paths(decoded.errors),
            (std::vector<std::string>{
                "field.unknown /colour",
                "dutyfree.id_number /traveller/id_number",
                "dutyfree.birth_date /traveller/birth_date",
                "dutyfree.leaving_by /traveller/leaving/by",
                "dutyfree.required /traveller/leaving",
                "dutyfree.category /items/0/category",
                "dutyfree.duplicate_code /items/1/code",
                "dutyfree.quantity /items/1/quantity",
                "dutyfree.price /items/1/price",
                "dutyfree.unit /items/1/unit",  // cosmetics are counted in pieces
            }));
  EXPECT_EQ(codes_and_paths(decode_dutyfree_sale(sale_body(R"({"code":"T-1"})")).errors),
            (std::vector<std::string>{"dutyfree.required /items/0"}));
  EXPECT_EQ(codes_and_paths(decode_dutyfree_sale("[]").errors), (std::vector<std::string>{"json.type "}));
}

}  // namespace
}  // namespace oc
