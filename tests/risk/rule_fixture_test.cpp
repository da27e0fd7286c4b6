// The one runner of the rule-language fixtures, tests/data/risk/*.txt. The format is described at
// the top of tests/data/risk/language.txt. Each case builds its rule set; a case with `error:`
// lines expects exactly those errors (code, path and, when given, message) in order; otherwise
// the set must build cleanly and the fired rules (both indexed and naive matching) must be
// exactly the `fired:` lines, in order.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "risk/reference_prices.h"
#include "risk/rule_engine.h"
#include "risk_test_support.h"

namespace oc {
namespace {

struct FixtureCase {
  std::string file;
  std::size_t line = 0;
  std::string title;
  std::string rules;
  std::string declaration_fields;
  std::vector<std::string> items;
  std::string date = "2026-03-01";
  std::string grade = "regular";
  std::vector<std::string> prices;
  std::vector<std::string> fired;
  bool expects_nothing = false;
  std::vector<std::string> errors;
  std::string problem;  // a malformed case block
};

// Names a case in gtest's messages instead of dumping its bytes.
void PrintTo(const FixtureCase& c, std::ostream* out) {
  *out << c.file << ".txt:" << c.line << " " << c.title;
}

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.pop_back();
  std::size_t start = text.find_first_not_of(' ');
  return start == std::string::npos ? std::string() : text.substr(start);
}

std::vector<FixtureCase> read_cases(const std::filesystem::path& path) {
  std::vector<FixtureCase> cases;
  std::istringstream in(testing::read_text_file(path.string()));
  std::string line;
  std::size_t number = 0;
  bool in_rules = false;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.starts_with("=== ")) {
      cases.push_back(FixtureCase{});
      cases.back().file = path.stem().string();
      cases.back().line = number;
      cases.back().title = line.substr(4);
      in_rules = false;
      continue;
    }
    if (in_rules && (line.starts_with("  ") || line.empty())) {
      cases.back().rules += (line.empty() ? line : line.substr(2)) + "\n";
      continue;
    }
    in_rules = false;
    if (line.empty() || line.starts_with("#")) continue;
    if (cases.empty()) continue;  // the file's preamble
    FixtureCase& c = cases.back();
    std::size_t colon = line.find(':');
    std::string key = line.substr(0, colon);
    std::string value = colon == std::string::npos ? "" : trim(line.substr(colon + 1));
    if (key == "rules") {
      in_rules = true;
    } else if (key == "declaration") {
      c.declaration_fields += " " + value;
    } else if (key == "item") {
      c.items.push_back(value);
    } else if (key == "date") {
      c.date = value;
    } else if (key == "grade") {
      c.grade = value;
    } else if (key == "price") {
      c.prices.push_back(value);
    } else if (key == "fired") {
      if (value == "nothing") {
        c.expects_nothing = true;
      } else {
        c.fired.push_back(value);
      }
    } else if (key == "error") {
      c.errors.push_back(value);
    } else {
      c.problem = "line " + std::to_string(number) + ": unknown key '" + key + "'";
    }
  }
  return cases;
}

std::vector<FixtureCase> all_cases() {
  std::vector<FixtureCase> cases;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(OC_SOURCE_DIR "/tests/data/risk")) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    auto more = read_cases(file);
    cases.insert(cases.end(), more.begin(), more.end());
  }
  for (FixtureCase& c : cases) {  // blank lines between cases are not part of the rule file
    while (c.rules.ends_with("\n\n")) c.rules.pop_back();
  }
  return cases;
}

// "rules.syntax rules:3:41 line 3, column 41: ..." -> code, path, optional message.
Error expected_error(const std::string& text) {
  Error error;
  std::istringstream in(text);
  in >> error.code >> error.path;
  std::getline(in, error.message);
  error.message = trim(error.message);
  return error;
}

ReferencePrices prices_of(const FixtureCase& c, std::string& problem) {
  std::vector<ReferencePrices::BandEntry> bands;
  for (const std::string& text : c.prices) {
    std::istringstream in(text);
    std::string hs6, origin, q1, median, q3;
    in >> hs6 >> origin >> q1 >> median >> q3;
    auto a = Decimal::parse(q1), b = Decimal::parse(median), d = Decimal::parse(q3);
    if (!a || !b || !d) {
      problem = "bad price line '" + text + "'";
      return {};
    }
    bands.push_back({hs6, origin, PriceBand{*a, *b, *d, reference_observations_min}});
  }
  return ReferencePrices::from_bands(bands);
}

class RuleFixture : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(RuleFixture, Case) {
  const FixtureCase& c = GetParam();
  SCOPED_TRACE(c.file + ".txt:" + std::to_string(c.line) + " " + c.title);
  ASSERT_EQ(c.problem, "");
  ASSERT_TRUE(!c.errors.empty() || !c.fired.empty() || c.expects_nothing)
      << "a case needs `fired:` or `error:` lines";
  RuleBuild build = build_rules(c.rules, "rules");
  if (!c.errors.empty()) {
    std::vector<std::string> expected, actual;
    for (const std::string& text : c.errors) {
      Error e = expected_error(text);
      expected.push_back(e.code + " " + e.path + (e.message.empty() ? "" : " " + e.message));
    }
    for (std::size_t i = 0; i < build.errors.size(); ++i) {
      const Error& e = build.errors[i];
      bool with_message = i < c.errors.size() && !expected_error(c.errors[i]).message.empty();
      actual.push_back(e.code + " " + e.path + (with_message ? " " + e.message : ""));
    }
    EXPECT_EQ(actual, expected);
    return;
  }
  ASSERT_TRUE(build.errors.empty())
      << build.errors.front().code << " " << build.errors.front().message;

  Declaration declaration = testing::base_declaration();
  ASSERT_EQ(testing::apply_declaration_fields(declaration, c.declaration_fields), "");
  for (const std::string& text : c.items) {
    Item item = testing::base_item();
    ASSERT_EQ(testing::apply_item_fields(item, text), "");
    declaration.items.push_back(item);
  }
  auto date = parse_rule_date(c.date);
  ASSERT_TRUE(date.has_value()) << c.date;
  auto grade = parse_credit_grade(c.grade);
  ASSERT_TRUE(grade.has_value()) << c.grade;
  std::string problem;
  ReferencePrices prices = prices_of(c, problem);
  ASSERT_EQ(problem, "");

  RuleInput input{declaration, *date, *grade, prices};
  std::vector<FiredRule> fired = build.rules->match(input);
  EXPECT_EQ(testing::describe(fired), c.fired);
  EXPECT_EQ(fired, build.rules->match_naive(input)) << "indexed and naive matching differ";
}

std::string case_name(const ::testing::TestParamInfo<FixtureCase>& info) {
  std::string name = info.param.file + "_" + std::to_string(info.index) + "_";
  for (char c : info.param.title) {
    if (name.size() > 80) break;
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) {
      name += c;
    } else if (name.back() != '_') {
      name += '_';
    }
  }
  while (name.back() == '_') name.pop_back();
  return name;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, RuleFixture, ::testing::ValuesIn(all_cases()), case_name);

TEST(RuleFixtures, EveryFixtureFileHasCases) {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(OC_SOURCE_DIR "/tests/data/risk")) {
    if (entry.path().extension() != ".txt") continue;
    ++files;
    EXPECT_FALSE(read_cases(entry.path()).empty()) << entry.path();
  }
  EXPECT_GE(files, 4u);
}

}  // namespace
}  // namespace oc
