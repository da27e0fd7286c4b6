// The project's demo tariff (data/tariff) loads, and assesses every demo declaration.
#include <gtest/gtest.h>

#include <fstream>

#include "../declaration/test_support.h"
#include "declaration/json_codec.h"
#include "tariff/assessment.h"

namespace oc {
namespace {

using testing::demo_tariff;

AssessmentContext on(const char* date) {
  AssessmentContext context;
  context.day = *parse_iso_day(date);
  return context;
}

TEST(DemoTariff, LoadsEveryFile) {
  const auto& counts = demo_tariff().counts();
  EXPECT_EQ(counts.lines, 104u);
  EXPECT_EQ(counts.agreement_members, 63u);
  EXPECT_EQ(counts.countries, 19u);
  EXPECT_EQ(counts.exchange_rates, 1332u);
  EXPECT_EQ(counts.trade_remedies, 14u);
  EXPECT_EQ(counts.postal_categories, 19u);
  EXPECT_EQ(counts.hainan_taxable_prefixes, 17u);
}

TEST(DemoTariff, AssessesEveryDemoDeclaration) {
  std::ifstream in(OC_SOURCE_DIR "/data/demo/declarations.jsonl");
  std::string line;
  int assessed = 0;
  while (std::getline(in, line)) {
    auto decoded = decode_declaration(line);
    ASSERT_TRUE(decoded.errors.empty()) << line;
    auto outcome = assess_declaration(decoded.declaration, demo_tariff(), on("2026-11-23"));
    EXPECT_TRUE(outcome.ok()) << decoded.declaration.lrn << ": "
                              << (outcome.ok() ? "" : outcome.errors.front().code + " " +
                                                          outcome.errors.front().path + " " +
                                                          outcome.errors.front().message);
    ++assessed;
  }
  EXPECT_EQ(assessed, 12);
}

}  // namespace
}  // namespace oc
