#include "core/codes.h"

#include <gtest/gtest.h>

#include <set>

namespace oc {
namespace {

TEST(Codes, HsCodeSyntaxIsEightOrTenDigits) {
  EXPECT_TRUE(is_hs_code_syntax("87032390"));
  EXPECT_TRUE(is_hs_code_syntax("8703239000"));
  EXPECT_FALSE(is_hs_code_syntax("870323"));
  EXPECT_FALSE(is_hs_code_syntax("870323900"));
  EXPECT_FALSE(is_hs_code_syntax("8703.23.90"));
  EXPECT_FALSE(is_hs_code_syntax("870323900A"));
}

TEST(Codes, CountryCurrencyLocodeOfficeSyntax) {
  EXPECT_TRUE(is_country_syntax("DE"));
  EXPECT_FALSE(is_country_syntax("de"));
  EXPECT_FALSE(is_country_syntax("DEU"));
  EXPECT_TRUE(is_currency_syntax("EUR"));
  EXPECT_FALSE(is_currency_syntax("EU"));
  EXPECT_TRUE(is_locode_syntax("CNSZX"));
  EXPECT_TRUE(is_locode_syntax("DE2AB"));
  EXPECT_TRUE(is_locode_syntax("DE9B0"));  // in the published list despite the 2-9 rule
  EXPECT_FALSE(is_locode_syntax("CNSZ-"));
  EXPECT_FALSE(is_locode_syntax("CNSZXX"));
  EXPECT_FALSE(is_locode_syntax("cnszx"));
  EXPECT_TRUE(is_office_syntax("5301"));
  EXPECT_FALSE(is_office_syntax("530"));
}

TEST(Codes, TablesHaveUniqueCodesAndLookUp) {
  std::set<std::string_view> seen;
  for (const auto& unit : units()) EXPECT_TRUE(seen.insert(unit.code).second) << unit.code;
  seen.clear();
  for (const auto& procedure : procedures()) {
    EXPECT_TRUE(seen.insert(procedure.code).second) << procedure.code;
  }
  seen.clear();
  for (const auto& office : offices()) EXPECT_TRUE(seen.insert(office.code).second) << office.code;
  ASSERT_NE(find_procedure("1210"), nullptr);
  EXPECT_EQ(find_procedure("1210")->direction, ProcedureDirection::import);
  EXPECT_EQ(find_procedure("9999"), nullptr);
  ASSERT_NE(find_office("5301"), nullptr);
  EXPECT_EQ(find_office("5301")->name, "Huanggang Customs");
  EXPECT_NE(find_unit("KGM"), nullptr);
  EXPECT_EQ(find_unit("XXX"), nullptr);
}

}  // namespace
}  // namespace oc
