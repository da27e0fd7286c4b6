// The rule engine: building, failed reloads, versions, and hot reload under concurrent evaluation.
#include "risk/rule_engine.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/sha256.h"
#include "risk_test_support.h"

namespace oc {
namespace {

const RuleDate kDay = parse_rule_date("2026-03-01").value();

// `count` rules with ids PREFIX-0.. that all fire for the base declaration.
std::string all_firing_rules(const std::string& prefix, int count) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    // Mixed indexes: party, office, grade, HS prefix and always-evaluated rules.
    static const char* kConditions[] = {"declarant = \"1100000001\"", "office = \"2200\"",
                                        "grade = regular", "hs starts \"8471\"",
                                        "quantity > 1 or item_count = 0"};
    text += "rule " + prefix + "-" + std::to_string(i) + " \"r\" when " + kConditions[i % 5] +
            " then score +1 valid 2026-01-01.. owner \"o\" because \"r\"\n";
  }
  return text;
}

Declaration one_item_declaration() {
  Declaration declaration = testing::base_declaration();
  declaration.items.push_back(testing::base_item());
  return declaration;
}

TEST(RuleEngine, StartsEmpty) {
  RuleEngine engine;
  RuleDecision decision = engine.evaluate(one_item_declaration(), kDay, CreditGrade::regular);
  EXPECT_TRUE(decision.fired.empty());
  EXPECT_EQ(decision.rules->source_sha256(), sha256_hex(""));
}

TEST(RuleEngine, ReloadSwapsAndRecordsTheVersion) {
  RuleEngine engine;
  std::string text = all_firing_rules("A", 5);
  EXPECT_TRUE(engine.reload(text).empty());
  RuleDecision decision = engine.evaluate(one_item_declaration(), kDay, CreditGrade::regular);
  EXPECT_EQ(decision.fired.size(), 5u);
  EXPECT_EQ(decision.rules->source_sha256(), sha256_hex(text));
  EXPECT_EQ(engine.version(), sha256_hex(text));
  EXPECT_EQ(decision.fired[0].id(), "A-0");
}

TEST(RuleEngine, AFailedReloadKeepsTheOldSetAndReportsEveryError) {
  RuleEngine engine;
  std::string good = all_firing_rules("A", 3);
  ASSERT_TRUE(engine.reload(good).empty());
  Errors errors = engine.reload(
      "rule B-1 \"x\" when colour = \"red\" then red 100% valid 2026-01-01.. owner \"o\" because "
      "\"r\"\nrule B-1 \"x\" when origin in NOWHERE then red 100% valid 2027-01-01.. owner \"o\" "
      "because \"r\"\n",
      "next.txt");
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].code, "rules.unknown_field");
  EXPECT_EQ(errors[0].path, "next.txt:1:19");
  EXPECT_EQ(errors[1].code, "rules.duplicate_id");
  EXPECT_EQ(errors[2].code, "rules.unknown_list");
  EXPECT_EQ(engine.rules()->source_sha256(), sha256_hex(good));
  EXPECT_EQ(engine.evaluate(one_item_declaration(), kDay, CreditGrade::regular).fired.size(), 3u);
}

TEST(RuleEngine, ReferencePricesAreSwappedToo) {
  RuleEngine engine;
  ASSERT_TRUE(engine
                  .reload("rule P-1 \"cheap\" when unit_value < 0.6 * reference(hs6, origin) then "
                          "red 100% valid 2026-01-01.. owner \"o\" because \"r\"")
                  .empty());
  Declaration declaration = one_item_declaration();  // unit value 500, hs6 847130, origin DE
  EXPECT_TRUE(engine.evaluate(declaration, kDay, CreditGrade::regular).fired.empty());
  engine.replace_reference_prices(std::make_shared<const ReferencePrices>(
      ReferencePrices::from_bands({{"847130", "DE",
                                    PriceBand{Decimal::from_int(900), Decimal::from_int(1000),
                                              Decimal::from_int(1100), 5}}})));
  RuleDecision decision = engine.evaluate(declaration, kDay, CreditGrade::regular);
  ASSERT_EQ(decision.fired.size(), 1u);
  EXPECT_EQ(decision.fired[0].item_index, 0u);
}

TEST(RuleEngine, DecisionsKeepTheirRuleSetAliveAfterAReload) {
  RuleEngine engine;
  ASSERT_TRUE(engine.reload(all_firing_rules("A", 2)).empty());
  RuleDecision before = engine.evaluate(one_item_declaration(), kDay, CreditGrade::regular);
  ASSERT_TRUE(engine.reload(all_firing_rules("B", 2)).empty());
  ASSERT_EQ(before.fired.size(), 2u);
  EXPECT_EQ(before.fired[1].id(), "A-1");  // still readable: the decision owns its set
  EXPECT_EQ(before.fired[1].rule->owner, "o");
}

// Readers evaluate without pause while a writer reloads between two sets (and sometimes fails a
// reload): every decision must be entirely one set's — all its rules, its hash — never a mix.
TEST(RuleEngine, HotReloadUnderConcurrentEvaluation) {
  constexpr int kRules = 60;
  constexpr int kReloads = 300;
  const std::string set_a = all_firing_rules("A", kRules);
  const std::string set_b = all_firing_rules("B", kRules);
  const std::string hash_a = sha256_hex(set_a);
  const std::string hash_b = sha256_hex(set_b);
  RuleEngine engine;
  ASSERT_TRUE(engine.reload(set_a).empty());
  const Declaration declaration = one_item_declaration();

  std::atomic<bool> done{false};
  std::atomic<long> evaluations{0};
  std::atomic<long> torn{0};
  std::atomic<long> seen_a{0};
  std::atomic<long> seen_b{0};
  auto reader = [&] {
    while (!done.load()) {
      RuleDecision decision = engine.evaluate(declaration, kDay, CreditGrade::regular);
      const std::string& hash = decision.rules->source_sha256();
      char expected = hash == hash_a ? 'A' : hash == hash_b ? 'B' : '?';
      bool whole = decision.fired.size() == static_cast<std::size_t>(kRules) && expected != '?';
      for (const FiredRule& fired : decision.fired) whole = whole && fired.id()[0] == expected;
      if (!whole) ++torn;
      ++(expected == 'A' ? seen_a : seen_b);
      ++evaluations;
    }
  };
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i) readers.emplace_back(reader);
  for (int i = 0; i < kReloads; ++i) {
    EXPECT_TRUE(engine.reload(i % 2 == 0 ? set_b : set_a).empty());
    if (i % 10 == 0) {
      EXPECT_FALSE(engine.reload("rule broken").empty());
    }
  }
  done = true;
  for (std::thread& thread : readers) thread.join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_GT(evaluations.load(), 0);
  EXPECT_EQ(seen_a.load() + seen_b.load(), evaluations.load());
  // The last reload installed set A (kReloads is even, so the last i is odd).
  EXPECT_EQ(engine.rules()->source_sha256(), hash_a);
}

}  // namespace
}  // namespace oc
