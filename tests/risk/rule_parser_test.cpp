// The parser's tree shape, its limits (one test per limit) and its error recovery. Error positions
// and messages of ordinary mistakes are pinned in tests/data/risk/syntax_errors.txt.
#include "risk/rule_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "risk/credit_grade.h"
#include "risk/rule_check.h"
#include "risk/rule_engine.h"
#include "risk_test_support.h"

namespace oc {
namespace {

const std::string kTail = R"( then red 100% valid 2026-01-01.. owner "o" because "r")";

std::string rule_text(const std::string& id, const std::string& condition) {
  return "rule " + id + " \"x\" when " + condition + kTail + "\n";
}

std::vector<std::string> codes(const Errors& errors) {
  std::vector<std::string> result;
  for (const Error& e : errors) result.push_back(e.code + " " + e.path);
  return result;
}

TEST(RuleParser, BuildsTheTreeOfTheIssueExample) {
  ParsedRuleFile parsed = parse_rule_file(
      "list WATCHED_ORIGINS = [\"XX\", \"YY\"]\n"
      "rule R-0042 \"undervalued cars\" when hs starts \"8703\" and origin in WATCHED_ORIGINS and "
      "unit_value < 0.6 * reference(hs6, origin) then red 100% valid 2026-01-01..2026-06-30 "
      "owner \"Risk Dept\" because \"cars declared far below the reference price\"\n");
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors.front().message;
  ASSERT_EQ(parsed.file.lists.size(), 1u);
  EXPECT_EQ(parsed.file.lists[0].entries.size(), 2u);
  ASSERT_EQ(parsed.file.rules.size(), 1u);
  const RuleSyntax& rule = parsed.file.rules[0];
  EXPECT_EQ(rule.id, "R-0042");
  EXPECT_EQ(rule.name, "undervalued cars");
  EXPECT_EQ(rule.at, (SourcePosition{2, 6}));
  ASSERT_EQ(rule.condition.kind, RuleCondition::Kind::all_of);
  ASSERT_EQ(rule.condition.children.size(), 3u);
  const RuleCondition& price = rule.condition.children[2];
  EXPECT_EQ(price.kind, RuleCondition::Kind::compare);
  EXPECT_EQ(price.field, "unit_value");
  EXPECT_EQ(price.op, ComparisonOp::less);
  EXPECT_EQ(price.operand.kind, RuleOperand::Kind::call);
  EXPECT_EQ(price.operand.text, "reference");
  ASSERT_TRUE(price.operand.factor.has_value());
  EXPECT_EQ(price.operand.factor->to_string(), "0.6");
  EXPECT_EQ(to_string(rule.action), "red 100%");
  EXPECT_EQ(format_rule_date(rule.valid_from), "2026-01-01");
  ASSERT_TRUE(rule.valid_to.has_value());
  EXPECT_EQ(format_rule_date(*rule.valid_to), "2026-06-30");
  EXPECT_EQ(rule.owner, "Risk Dept");
}

TEST(RuleParser, AndIsFlatAndBindsTighterThanOr) {
  ParsedRuleFile parsed =
      parse_rule_file(rule_text("R-1",
                                "office = \"1\" or office = \"2\" and port = \"3\" and "
                                "port = \"4\" or not office = \"5\""));
  ASSERT_TRUE(parsed.errors.empty());
  const RuleCondition& top = parsed.file.rules[0].condition;
  ASSERT_EQ(top.kind, RuleCondition::Kind::any_of);
  ASSERT_EQ(top.children.size(), 3u);
  EXPECT_EQ(top.children[0].kind, RuleCondition::Kind::compare);
  EXPECT_EQ(top.children[1].kind, RuleCondition::Kind::all_of);
  EXPECT_EQ(top.children[1].children.size(), 3u);
  EXPECT_EQ(top.children[2].kind, RuleCondition::Kind::negation);
}

TEST(RuleParser, EmptyTextIsAnEmptyRuleFile) {
  ParsedRuleFile parsed = parse_rule_file("");
  EXPECT_TRUE(parsed.errors.empty());
  EXPECT_TRUE(parsed.file.rules.empty());
  EXPECT_TRUE(parse_rule_file("# nothing\n\n   \n").errors.empty());
}

TEST(RuleParser, PathsCarryTheSourceName) {
  ParsedRuleFile parsed = parse_rule_file("rule", "data/risk/rules.txt");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].path, "data/risk/rules.txt:1:5");
  EXPECT_EQ(parsed.errors[0].message, "line 1, column 5: expected a rule id, found end of file");
}

TEST(RuleParser, RecoversAtTheNextRuleAndKeepsTheGoodOnes) {
  std::string text = rule_text("R-1", "origin = ") + rule_text("R-2", "origin = \"DE\"") +
                     "garbage here\n" + rule_text("R-3", "origin = \"CN\"") +
                     "list BROKEN = [\"a\",\n" + rule_text("R-4", "origin = \"XX\"");
  ParsedRuleFile parsed = parse_rule_file(text);
  EXPECT_EQ(codes(parsed.errors),
            (std::vector<std::string>{"rules.syntax rules:1:29", "rules.syntax rules:3:1",
                                      "rules.syntax rules:6:1"}));
  ASSERT_EQ(parsed.file.rules.size(), 3u);
  EXPECT_EQ(parsed.file.rules[0].id, "R-2");
  EXPECT_EQ(parsed.file.rules[1].id, "R-3");
  EXPECT_EQ(parsed.file.rules[2].id, "R-4");
}

// --- limits: one test each ---

TEST(RuleParserLimits, SourceBytes) {
  std::string text(rule_source_bytes_max + 1, ' ');
  ParsedRuleFile parsed = parse_rule_file(text);
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].code, "rules.too_large");
  EXPECT_EQ(parsed.errors[0].path, "rules:1:1");
  std::string at_limit(rule_source_bytes_max, '\n');
  EXPECT_TRUE(parse_rule_file(at_limit).errors.empty());
}

TEST(RuleParserLimits, RulesPerFile) {
  std::string text;
  for (std::size_t i = 0; i <= rules_max; ++i) {
    text += "rule R-" + std::to_string(i) + " \"x\" when office = \"1\"" + kTail + "\n";
  }
  ParsedRuleFile parsed = parse_rule_file(text);
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].code, "rules.too_many_rules");
  EXPECT_EQ(parsed.errors[0].path, "rules:" + std::to_string(rules_max + 1) + ":1");
  EXPECT_EQ(parsed.file.rules.size(), rules_max);
}

TEST(RuleParserLimits, ListsPerFile) {
  std::string text;
  for (std::size_t i = 0; i <= rule_lists_max; ++i) {
    text += "list L" + std::to_string(i) + " = [\"a\"]\n";
  }
  ParsedRuleFile parsed = parse_rule_file(text);
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].code, "rules.too_many_lists");
  EXPECT_EQ(parsed.errors[0].path, "rules:" + std::to_string(rule_lists_max + 1) + ":1");
}

TEST(RuleParserLimits, EntriesPerList) {
  std::string entries;
  for (std::size_t i = 0; i < rule_list_entries_max; ++i)
    entries += "\"" + std::to_string(i) + "\",";
  EXPECT_TRUE(parse_rule_file("list L = [" + entries + "]").errors.empty());
  ParsedRuleFile parsed = parse_rule_file("list L = [" + entries + "\"one more\"]");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].code, "rules.list_too_long");
  // Inline lists have the same limit.
  parsed = parse_rule_file(rule_text("R-1", "office in [" + entries + "\"one more\"]"));
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].code, "rules.list_too_long");
}

TEST(RuleParserLimits, ConditionDepth) {
  auto nested = [](std::size_t depth) {
    return std::string(depth, '(') + "office = \"1\"" + std::string(depth, ')');
  };
  EXPECT_TRUE(parse_rule_file(rule_text("R-1", nested(rule_condition_depth_max))).errors.empty());
  ParsedRuleFile parsed = parse_rule_file(rule_text("R-1", nested(rule_condition_depth_max + 1)));
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].code, "rules.too_deep");
  EXPECT_EQ(parsed.errors[0].path, "rules:1:" + std::to_string(19 + rule_condition_depth_max));

  std::string nots;
  for (std::size_t i = 0; i <= rule_condition_depth_max; ++i) nots += "not ";
  parsed = parse_rule_file(rule_text("R-1", nots + "office = \"1\""));
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].code, "rules.too_deep");
}

TEST(RuleParserLimits, DeepNestingFarBeyondTheLimitFailsCleanly) {
  std::string deep(100'000, '(');
  ParsedRuleFile parsed = parse_rule_file(rule_text("R-1", deep));
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].code, "rules.too_deep");
}

TEST(RuleParserLimits, TestsPerCondition) {
  auto chain = [](std::size_t tests) {
    std::string condition = "office = \"0\"";
    for (std::size_t i = 1; i < tests; ++i)
      condition += " or office = \"" + std::to_string(i) + "\"";
    return condition;
  };
  EXPECT_TRUE(parse_rule_file(rule_text("R-1", chain(rule_condition_tests_max))).errors.empty());
  ParsedRuleFile parsed = parse_rule_file(rule_text("R-1", chain(rule_condition_tests_max + 1)));
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].code, "rules.too_many_tests");
}

TEST(RuleParserLimits, TextLength) {
  std::string longest(rule_text_length_max, 'a');
  EXPECT_TRUE(parse_rule_file(rule_text("R-1", "office = \"" + longest + "\"")).errors.empty());
  ParsedRuleFile parsed = parse_rule_file(rule_text("R-1", "office = \"" + longest + "a\""));
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].code, "rules.text_too_long");
  EXPECT_EQ(parsed.errors[0].path, "rules:1:28");
}

TEST(RuleParserLimits, NameLength) {
  std::string longest(rule_name_length_max, 'R');
  EXPECT_TRUE(parse_rule_file(rule_text(longest, "office = \"1\"")).errors.empty());
  ParsedRuleFile parsed = parse_rule_file(rule_text(longest + "R", "office = \"1\""));
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].code, "rules.name_too_long");
  parsed = parse_rule_file("list " + longest + "L = [\"a\"]");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].code, "rules.name_too_long");
}

TEST(RuleParserLimits, ErrorsPerFile) {
  std::string text;
  for (std::size_t i = 0; i < rule_errors_max + 10; ++i)
    text += "rule R-" + std::to_string(i) + "\n";
  ParsedRuleFile parsed = parse_rule_file(text);
  ASSERT_EQ(parsed.errors.size(), rule_errors_max + 1);
  EXPECT_EQ(parsed.errors.back().code, "rules.too_many_errors");
}

TEST(RuleParserLimits, CheckErrorsPerFile) {
  std::string text;
  for (std::size_t i = 0; i < rule_errors_max + 10; ++i) {
    text += rule_text("R-" + std::to_string(i), "colour = \"red\"");
  }
  ParsedRuleFile parsed = parse_rule_file(text);
  ASSERT_TRUE(parsed.errors.empty());
  Errors errors = check_rule_file(parsed.file);
  ASSERT_EQ(errors.size(), rule_errors_max + 1);
  EXPECT_EQ(errors.back().code, "rules.too_many_errors");
}

TEST(RuleParser, RejectsTextThatIsNotUtf8) {
  std::string text = rule_text("R-1", "office = \"1\"") + "rule R-2 \"caf\xC3\" when";
  ParsedRuleFile parsed = parse_rule_file(text);
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].code, "rules.encoding");
  EXPECT_EQ(parsed.errors[0].path, "rules:2:14");
  // Overlong encodings and surrogates are not UTF-8 either.
  EXPECT_EQ(parse_rule_file("# \xC0\xAF").errors.at(0).code, "rules.encoding");
  EXPECT_EQ(parse_rule_file("# \xED\xA0\x80").errors.at(0).code, "rules.encoding");
  EXPECT_TRUE(parse_rule_file("# \xE9\xA3\x8E\xE9\x99\xA9 \xF0\x9F\x9A\xA2").errors.empty());
}

TEST(RuleParser, ControlCharactersOutsideTextAreNamed) {
  ParsedRuleFile parsed = parse_rule_file(std::string("rule\x01"));
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].message, "line 1, column 5: unexpected character U+0001");
}

TEST(RuleBaseId, StripsOneVersionSuffix) {
  EXPECT_EQ(rule_base_id("R-0042"), "R-0042");
  EXPECT_EQ(rule_base_id("R-0042v2"), "R-0042");
  EXPECT_EQ(rule_base_id("R-0042v12"), "R-0042");
  EXPECT_EQ(rule_base_id("v2"), "v2");
  EXPECT_EQ(rule_base_id("R-0042V2"), "R-0042V2");
  EXPECT_EQ(rule_base_id("R-v"), "R-v");
}

TEST(CreditGrade, NamesRoundTrip) {
  for (int i = 0; i < credit_grade_count; ++i) {
    auto grade = static_cast<CreditGrade>(i);
    EXPECT_EQ(parse_credit_grade(to_string(grade)), grade);
  }
  EXPECT_EQ(to_string(CreditGrade::advanced_certified), "advanced_certified");
  EXPECT_FALSE(parse_credit_grade("AEO").has_value());
  EXPECT_LT(CreditGrade::advanced_certified, CreditGrade::seriously_untrustworthy);
}

TEST(SampleRules, TheShippedRuleFileBuildsCleanly) {
  std::string text = testing::read_text_file(OC_SOURCE_DIR "/data/risk/rules.txt");
  ASSERT_FALSE(text.empty());
  RuleBuild build = build_rules(text, "data/risk/rules.txt");
  ASSERT_TRUE(build.errors.empty())
      << build.errors.front().path << " " << build.errors.front().message;
  EXPECT_GE(build.rules->rules().size(), 12u);
  const RuleIndexStats& stats = build.rules->index_stats();
  EXPECT_LE(stats.always, 2u) << "the sample rules should mostly be indexed";
}

}  // namespace
}  // namespace oc
