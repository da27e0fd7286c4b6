// Lane selection and its configuration: rules first, then the score ranking, then the random
// top-up; grades scale the shares; the whitelist; deterministic draws.
#include "risk/lane_selection.h"

#include <gtest/gtest.h>

#include "risk/rule_engine.h"
#include "risk_test_support.h"

namespace oc {
namespace {

const std::string kPolicyHeader =
    "office,red_percent,yellow_percent,blue_percent,random_percent,advanced_certified,certified,"
    "regular,untrustworthy,seriously_untrustworthy\n";

LanePolicies policies(const std::string& rows) {
  auto parsed = LanePolicies::parse(kPolicyHeader + rows, "lane_policy.csv");
  EXPECT_TRUE(parsed.ok()) << parsed.error().code << " " << parsed.error().path;
  return parsed ? std::move(*parsed) : LanePolicies{};
}

std::shared_ptr<const CompiledRules> rules(const std::string& text) {
  RuleBuild build = build_rules(text);
  EXPECT_TRUE(build.errors.empty()) << (build.errors.empty() ? "" : build.errors.front().message);
  return build.rules;
}

std::vector<FiredRule> fire(const CompiledRules& compiled, const Declaration& declaration) {
  static const ReferencePrices no_prices;
  return compiled.match(
      RuleInput{declaration, *parse_rule_date("2026-11-23"), CreditGrade::regular, no_prices});
}

Declaration car_declaration() {
  Declaration d = testing::base_declaration();
  Item item = testing::base_item();
  item.hs_code = "8703239000";
  d.items.push_back(item);
  return d;
}

TEST(LanePolicy, ParsesOfficesAndTheDefault) {
  LanePolicies parsed = policies("*,3,7,2,1,15,50,100,300,1000\n5349,5.5,10,0,2,10,50,100,400,1000\n");
  EXPECT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed.for_office("5349").red_bp, 550);
  EXPECT_EQ(parsed.for_office("5349").grade_factor_percent[0], 10);
  EXPECT_EQ(parsed.for_office("2248").red_bp, 300);
  EXPECT_EQ(parsed.for_office("2248").random_bp, 100);
}

TEST(LanePolicy, ErrorsNameTheCell) {
  auto no_default = LanePolicies::parse(kPolicyHeader + "5349,3,7,2,1,15,50,100,300,1000\n", "p.csv");
  ASSERT_FALSE(no_default.ok());
  EXPECT_EQ(no_default.error().code, "lane_policy.no_default");
  auto over = LanePolicies::parse(kPolicyHeader + "*,50,40,20,1,15,50,100,300,1000\n", "p.csv");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "lane_policy.bad_row");
  EXPECT_EQ(over.error().path, "p.csv:2:2");
  auto factor = LanePolicies::parse(kPolicyHeader + "*,3,7,2,1,15,50,100,300,-1\n", "p.csv");
  ASSERT_FALSE(factor.ok());
  EXPECT_EQ(factor.error().path, "p.csv:2:10");
  auto share = LanePolicies::parse(kPolicyHeader + "*,3.125,7,2,1,15,50,100,300,1000\n", "p.csv");
  ASSERT_FALSE(share.ok());
  EXPECT_EQ(share.error().path, "p.csv:2:2");
}

TEST(CreditRegister, GradesWhitelistAndErrors) {
  auto parsed = CreditRegister::parse(
      "party,grade,whitelisted\nAEO-1,advanced_certified,no\nBAD-1,untrustworthy,no\nWL-1,regular,yes\n",
      "credit.csv");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->standing("AEO-1").grade, CreditGrade::advanced_certified);
  EXPECT_TRUE(parsed->standing("WL-1").whitelisted);
  EXPECT_EQ(parsed->standing("UNKNOWN").grade, CreditGrade::regular);
  auto bad = CreditRegister::parse("party,grade,whitelisted\nX,excellent,no\n", "credit.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "credit.bad_row");
  EXPECT_EQ(bad.error().path, "credit.csv:2:2");
  auto twice = CreditRegister::parse("party,grade,whitelisted\nX,regular,no\nX,regular,no\n", "c.csv");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, "credit.duplicate_party");
}

TEST(LaneSelection, ARuleAt100PercentSelectsItsLane) {
  auto compiled = rules(
      "rule R-1 \"cars\" when hs starts \"8703\" then red 100% valid 2026-01-01.. owner \"Risk\" "
      "because \"test\"\n");
  Declaration d = car_declaration();
  auto fired = fire(*compiled, d);
  LaneSelector selector(policies("*,3,7,2,0,15,50,100,300,1000\n"), 42);
  LaneDecision decision = selector.select({"D1", "5349", {}, fired, std::nullopt});
  EXPECT_EQ(decision.lane, Lane::red);
  EXPECT_EQ(decision.reason, LaneReason::rule);
  EXPECT_EQ(decision.rules, std::vector<std::string>{"R-1"});
  EXPECT_EQ(decision.reasons.front(), "rule R-1 (red 100%) selected red: cars");
}

TEST(LaneSelection, ASplitRuleDividesDeclarationsByItsShares) {
  auto compiled = rules(
      "rule R-2 \"split\" when hs starts \"8703\" then 50% red, 30% yellow valid 2026-01-01.. "
      "owner \"Risk\" because \"test\"\n");
  Declaration d = car_declaration();
  auto fired = fire(*compiled, d);
  LaneSelector selector(policies("*,0,0,0,0,15,50,100,300,1000\n"), 7);
  int red = 0, yellow = 0, green = 0;
  for (int i = 0; i < 10000; ++i) {
    std::string id = "D" + std::to_string(i);
    switch (selector.select({id, "5349", {}, fired, std::nullopt}).lane) {
      case Lane::red: ++red; break;
      case Lane::yellow: ++yellow; break;
      case Lane::green: ++green; break;
      case Lane::blue: ADD_FAILURE(); break;
    }
  }
  // 50% / 30% / 20% of 10,000 draws: well within ±3 standard deviations (~150).
  EXPECT_NEAR(red, 5000, 150);
  EXPECT_NEAR(yellow, 3000, 140);
  EXPECT_NEAR(green, 2000, 120);
}

TEST(LaneSelection, DrawsAreDeterministicPerDeclarationAndSeed) {
  std::vector<FiredRule> none;
  LaneSelector a(policies("*,0,0,0,50,15,50,100,300,1000\n"), 1);
  LaneSelector b(policies("*,0,0,0,50,15,50,100,300,1000\n"), 1);
  LaneSelector c(policies("*,0,0,0,50,15,50,100,300,1000\n"), 2);
  int differ = 0;
  for (int i = 0; i < 200; ++i) {
    std::string id = "D" + std::to_string(i);
    Lane first = a.select({id, "5349", {}, none, std::nullopt}).lane;
    EXPECT_EQ(first, b.select({id, "5349", {}, none, std::nullopt}).lane);
    differ += first != c.select({id, "5349", {}, none, std::nullopt}).lane;
  }
  EXPECT_GT(differ, 50);  // another seed draws otherwise (about half of 200 differ)
}

TEST(LaneSelection, RandomShareScalesWithTheGrade) {
  std::vector<FiredRule> none;
  LaneSelector selector(policies("*,0,0,0,2,15,50,100,300,1000\n"), 11);
  auto reds = [&](CreditGrade grade) {
    int count = 0;
    for (int i = 0; i < 100000; ++i) {
      std::string id = "R" + std::to_string(i);
      count += selector.select({id, "5349", {grade, false}, none, std::nullopt}).lane == Lane::red;
    }
    return count;
  };
  int regular = reds(CreditGrade::regular);
  int aeo = reds(CreditGrade::advanced_certified);
  int untrustworthy = reds(CreditGrade::untrustworthy);
  EXPECT_NEAR(regular, 2000, 135);        // 2%
  EXPECT_NEAR(aeo, 300, 52);              // 2% × 15%: well under a fifth of the regular rate
  EXPECT_NEAR(untrustworthy, 6000, 225);  // 2% × 300%
  EXPECT_LT(aeo * 5, regular);
}

TEST(LaneSelection, TheScoreRanksAgainstTheOfficesRecentScores) {
  std::vector<FiredRule> none;
  LaneSelector selector(policies("*,3,7,2,0,15,50,100,300,1000\n"), 3);
  for (int i = 0; i < 1000; ++i) {  // a window of scores 0.000 .. 0.999
    selector.select({"W" + std::to_string(i), "5349", {}, none, i / 1000.0});
  }
  LaneDecision top = selector.select({"T1", "5349", {}, none, 0.995});
  EXPECT_EQ(top.lane, Lane::red);
  EXPECT_EQ(top.reason, LaneReason::score);
  EXPECT_DOUBLE_EQ(top.rank, 0.005);  // 0.995 .. 0.999 of 1,000 scores
  LaneDecision high = selector.select({"T2", "5349", {}, none, 0.95});  // rank ≈ 5%
  EXPECT_EQ(high.lane, Lane::yellow);
  LaneDecision audit = selector.select({"T3", "5349", {}, none, 0.895});  // rank ≈ 10.6%
  EXPECT_EQ(audit.lane, Lane::blue);
  LaneDecision middle = selector.select({"T4", "5349", {}, none, 0.5});
  EXPECT_EQ(middle.lane, Lane::green);
  // Untrustworthy: the red share triples to 9%, so rank 5% is red.
  LaneDecision bad = selector.select({"T5", "5349", {CreditGrade::untrustworthy, false}, none, 0.95});
  EXPECT_EQ(bad.lane, Lane::red);
  // AEO: yellow shrinks to within (3% + 7%) × 15% = 1.5%, so rank 5% stays green.
  LaneDecision aeo =
      selector.select({"T6", "5349", {CreditGrade::advanced_certified, false}, none, 0.95});
  EXPECT_EQ(aeo.lane, Lane::green);
}

TEST(LaneSelection, WhitelistedPartiesSkipScoreAndRandomButNotRules) {
  std::vector<FiredRule> none;
  LaneSelector selector(policies("*,100,0,0,100,100,100,100,100,100\n"), 5);
  EXPECT_EQ(selector.select({"X1", "5349", {CreditGrade::regular, true}, none, 0.99}).lane,
            Lane::green);
  EXPECT_EQ(selector.select({"X1", "5349", {CreditGrade::regular, false}, none, 0.99}).lane,
            Lane::red);
  auto compiled = rules(
      "rule R-1 \"cars\" when hs starts \"8703\" then yellow 100% valid 2026-01-01.. owner \"Risk\" "
      "because \"test\"\n");
  Declaration d = car_declaration();
  auto fired = fire(*compiled, d);
  EXPECT_EQ(selector.select({"X2", "5349", {CreditGrade::regular, true}, fired, 0.99}).lane,
            Lane::yellow);
}

TEST(LaneSelection, ScoreRulesAddTheirWeight) {
  auto compiled = rules(
      "rule R-9 \"heavy\" when net_mass_kg > 50 then score +0.5 valid 2026-01-01.. owner \"A\" "
      "because \"test\"\n");
  Declaration d = car_declaration();
  auto fired = fire(*compiled, d);
  LaneSelector selector(policies("*,3,7,2,0,15,50,100,300,1000\n"), 5);
  LaneDecision decision = selector.select({"S1", "5349", {}, fired, 0.25});
  EXPECT_DOUBLE_EQ(decision.score, 0.75);
  EXPECT_EQ(decision.rules, std::vector<std::string>{"R-9"});
  // Cold window: rank = 1 − 0.75 = 25%, beyond every share: green.
  EXPECT_EQ(decision.lane, Lane::green);
}

}  // namespace
}  // namespace oc
