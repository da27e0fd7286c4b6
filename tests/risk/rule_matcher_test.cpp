// Where the compiler files rules, and what a fired rule carries. What fires is pinned in
// tests/data/risk/*.txt; that indexed and naive matching agree, in the property test.
#include "risk/rule_matcher.h"

#include <gtest/gtest.h>

#include "risk/rule_engine.h"
#include "risk_test_support.h"

namespace oc {
namespace {

std::shared_ptr<const CompiledRules> compile(const std::string& conditions) {
  std::string text = "list PARTIES = [\"P1\", \"P2\"]\n";
  std::size_t line = 0;
  std::size_t start = 0;
  while (start < conditions.size()) {
    std::size_t end = conditions.find('\n', start);
    if (end == std::string::npos) end = conditions.size();
    text += "rule R-" + std::to_string(++line) + " \"r\" when " +
            conditions.substr(start, end - start) +
            " then red 100% valid 2026-01-01.. owner \"o\" because \"r\"\n";
    start = end + 1;
  }
  RuleBuild build = build_rules(text);
  EXPECT_TRUE(build.errors.empty()) << build.errors.front().message;
  return build.rules;
}

TEST(RuleMatcherIndexes, FilesEachRuleUnderItsMostSelectiveConjunct) {
  auto rules = compile(
      "grade = regular and origin = \"CN\" and importer = \"P1\" and hs starts \"8703\"\n"  // hs
      "grade = regular and origin = \"CN\" and importer in PARTIES\n"                       // party
      "grade = regular and origin in [\"CN\", \"VN\"] and quantity > 1\n"        // origin
      "grade = regular and office = \"2200\"\n"                                  // other
      "grade in [untrustworthy, regular] and quantity > 1\n"                     // grade
      "quantity > 1\n"                                                           // always
      "origin = \"CN\" or importer = \"P1\"\n"                                   // always
      "not hs starts \"87\" and origin != \"CN\" and importer not in PARTIES\n"  // always
      "port starts \"CN\" and origin = trading_country\n");                      // always
  const RuleIndexStats& stats = rules->index_stats();
  EXPECT_EQ(stats.hs_prefix, 1u);
  EXPECT_EQ(stats.party, 1u);
  EXPECT_EQ(stats.origin, 1u);
  EXPECT_EQ(stats.other_field, 1u);
  EXPECT_EQ(stats.grade, 1u);
  EXPECT_EQ(stats.always, 4u);
}

TEST(RuleMatcherIndexes, AListLongerThanTheKeyLimitIsNotAnIndex) {
  std::string entries;
  for (std::size_t i = 0; i <= rule_index_keys_max; ++i) {
    entries += (i ? ", \"" : "\"") + std::to_string(1'000'000 + i) + "\"";
  }
  auto rules =
      compile("importer in [" + entries + "]\nimporter in [" + entries + "] and office = \"2200\"");
  EXPECT_EQ(rules->index_stats().always, 1u);
  EXPECT_EQ(rules->index_stats().other_field, 1u);
  Declaration declaration = testing::base_declaration();
  declaration.importer.id = "1000001";
  ReferencePrices prices;
  RuleInput input{declaration, parse_rule_date("2026-03-01").value(), CreditGrade::regular, prices};
  EXPECT_EQ(testing::describe(rules->match(input)),
            (std::vector<std::string>{"R-1 red 100%", "R-2 red 100%"}));
}

TEST(RuleMatcher, AFiredRuleCarriesWhatTheDecisionRecords) {
  RuleBuild build = build_rules(
      "rule R-0042v2 \"undervalued cars\" when hs starts \"8703\" then 50% red, 50% yellow "
      "valid 2026-07-01.. owner \"Risk Dept\" because \"far below the reference price\"\n",
      "rules.txt");
  ASSERT_TRUE(build.errors.empty());
  Declaration declaration = testing::base_declaration();
  declaration.items.push_back(testing::base_item());
  declaration.items.push_back(testing::base_item());
  declaration.items[1].hs_code = "8703231990";
  ReferencePrices prices;
  RuleInput input{declaration, parse_rule_date("2026-07-01").value(), CreditGrade::regular, prices};
  std::vector<FiredRule> fired = build.rules->match(input);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].id(), "R-0042v2");
  EXPECT_EQ(fired[0].item_index, 1u);
  const RuleAction& action = fired[0].action();
  ASSERT_EQ(action.kind, RuleAction::Kind::lanes);
  ASSERT_EQ(action.shares.size(), 2u);
  EXPECT_EQ(action.shares[0].lane, Lane::red);
  EXPECT_EQ(action.shares[0].percent, Decimal::from_int(50));
  EXPECT_EQ(fired[0].rule->name, "undervalued cars");
  EXPECT_EQ(fired[0].rule->owner, "Risk Dept");
  EXPECT_EQ(fired[0].rule->rationale, "far below the reference price");
  EXPECT_EQ(fired[0].rule->line, 1u);
  EXPECT_EQ(format_rule_date(fired[0].rule->valid_from), "2026-07-01");
  EXPECT_FALSE(fired[0].rule->valid_to.has_value());
}

TEST(RuleMatcher, ManyRulesFiringOnManyItems) {
  // Beyond the inline fired-rule bitmap (1,024 rules) and with every rule firing.
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    static const char* kConditions[] = {"hs starts \"84\"", "origin = \"DE\"", "quantity > 1",
                                        "office = \"2200\""};
    text += "rule R-" + std::to_string(i) + " \"r\" when " + kConditions[i % 4] +
            " then score +1 valid 2026-01-01.. owner \"o\" because \"r\"\n";
  }
  RuleBuild build = build_rules(text);
  ASSERT_TRUE(build.errors.empty());
  Declaration declaration = testing::base_declaration();
  for (int i = 0; i < 50; ++i) declaration.items.push_back(testing::base_item());
  declaration.items[0].quantity = Decimal::from_int(1);  // `quantity > 1` first holds on item 1
  ReferencePrices prices;
  RuleInput input{declaration, parse_rule_date("2026-03-01").value(), CreditGrade::regular, prices};
  std::vector<FiredRule> fired = build.rules->match(input);
  ASSERT_EQ(fired.size(), 3000u);
  EXPECT_EQ(fired, build.rules->match_naive(input));
  EXPECT_EQ(fired[2].id(), "R-2");
  EXPECT_EQ(fired[2].item_index, 1u);
  EXPECT_EQ(fired[3].item_index, std::nullopt);
}

}  // namespace
}  // namespace oc
