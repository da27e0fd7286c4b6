// Property: the indexed matcher fires exactly what evaluating every rule fires (match ==
// match_naive), for random rule sets and random declarations drawn from one small vocabulary so
// that rules and declarations meet often.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "risk/rule_engine.h"
#include "risk_test_support.h"

namespace oc {
namespace {

const std::vector<std::string> kCodes = {"8703231990", "8703241000", "8704211000", "6109100021",
                                         "8471300000", "0306171000", "870323",     "61"};
const std::vector<std::string> kPrefixes = {"8",    "87", "8703", "870323",   "8704", "61",
                                            "6109", "84", "0306", "87032319", ""};
const std::vector<std::string> kOrigins = {"XX", "YY", "CN", "DE", "VN"};
const std::vector<std::string> kParties = {"P1", "P2", "P3"};
const std::vector<std::string> kOffices = {"2200", "5100"};
const std::vector<std::string> kGrades = {"advanced_certified", "certified", "regular",
                                          "untrustworthy", "seriously_untrustworthy"};
const std::vector<std::string> kNumbers = {"0", "1", "2", "10", "100", "0.5", "1000", "5000"};

// A vector of between `low` and `high` - 1 elements.
template <class T>
rc::Gen<std::vector<T>> vector_of(std::size_t low, std::size_t high, rc::Gen<T> element) {
  return rc::gen::mapcat(rc::gen::inRange<std::size_t>(low, high), [element](std::size_t count) {
    return rc::gen::container<std::vector<T>>(count, element);
  });
}

std::string quoted(const std::string& text) {
  return "\"" + text + "\"";
}

template <class T>
rc::Gen<std::string> one_of_quoted(const std::vector<T>& values) {
  return rc::gen::map(rc::gen::elementOf(values), quoted);
}

rc::Gen<std::string> quoted_list(const std::vector<std::string>& values) {
  return rc::gen::map(vector_of<std::string>(1, 4, rc::gen::elementOf(values)),
                      [](const std::vector<std::string>& picked) {
                        std::string text = "[";
                        for (std::size_t i = 0; i < picked.size(); ++i) {
                          text += (i ? ", " : "") + quoted(picked[i]);
                        }
                        return text + "]";
                      });
}

rc::Gen<std::string> field_value_test(const std::string& field,
                                      const std::vector<std::string>& values) {
  return rc::gen::oneOf(
      rc::gen::map(one_of_quoted(values), [field](std::string v) { return field + " = " + v; }),
      rc::gen::map(one_of_quoted(values), [field](std::string v) { return field + " != " + v; }),
      rc::gen::map(quoted_list(values), [field](std::string v) { return field + " in " + v; }),
      rc::gen::map(quoted_list(values), [field](std::string v) { return field + " not in " + v; }));
}

rc::Gen<std::string> test_condition() {
  const std::vector<std::string> ops = {"<", "<=", ">", ">=", "=", "!="};
  const std::vector<std::string> number_fields = {
      "quantity",   "net_mass_kg", "invoice_amount", "unit_value", "value_per_kg",
      "mass_ratio", "price_ratio", "total_value",    "item_count", "reference(hs6, origin)"};
  return rc::gen::oneOf(
      rc::gen::map(one_of_quoted(kPrefixes), [](std::string p) { return "hs starts " + p; }),
      rc::gen::map(quoted_list(kPrefixes), [](std::string l) { return "hs starts any " + l; }),
      rc::gen::map(quoted_list(kPrefixes), [](std::string l) { return "hs starts any " + l; }),
      rc::gen::just(std::string("hs starts any CAR_HS")), field_value_test("hs", kCodes),
      field_value_test("hs6", kCodes), field_value_test("origin", kOrigins),
      field_value_test("origin", kOrigins), rc::gen::just(std::string("origin in WATCHED")),
      field_value_test("declarant", kParties), field_value_test("importer", kParties),
      field_value_test("exporter", kParties), field_value_test("office", kOffices),
      rc::gen::map(rc::gen::elementOf(kGrades), [](std::string g) { return "grade = " + g; }),
      rc::gen::map(quoted_list(kGrades), [](std::string l) { return "grade in " + l; }),
      rc::gen::just(std::string("origin = trading_country")),
      rc::gen::map(rc::gen::tuple(rc::gen::elementOf(number_fields), rc::gen::elementOf(ops),
                                  rc::gen::elementOf(kNumbers)),
                   [](const std::tuple<std::string, std::string, std::string>& t) {
                     return std::get<0>(t) + " " + std::get<1>(t) + " " + std::get<2>(t);
                   }),
      rc::gen::map(rc::gen::elementOf(ops), [](std::string op) {
        return "unit_value " + op + " 0.6 * reference(hs6, origin)";
      }));
}

rc::Gen<std::string> condition(int depth) {
  if (depth == 0) return test_condition();
  auto sub = rc::gen::lazy([depth] { return condition(depth - 1); });
  return rc::gen::oneOf(test_condition(), test_condition(),
                        rc::gen::map(vector_of<std::string>(2, 4, sub),
                                     [](const std::vector<std::string>& parts) {
                                       std::string text;
                                       for (const std::string& part : parts)
                                         text += (text.empty() ? "" : " and ") + part;
                                       return text;
                                     }),
                        rc::gen::map(rc::gen::pair(sub, sub),
                                     [](const std::pair<std::string, std::string>& p) {
                                       return "(" + p.first + " or " + p.second + ")";
                                     }),
                        rc::gen::map(sub, [](std::string c) { return "not (" + c + ")"; }));
}

rc::Gen<std::string> rule_file() {
  const std::vector<std::string> actions = {
      "red 100%", "50% red, 50% yellow", "score +0.35", "score -1", "blue 5%", "green 100%"};
  const std::vector<std::string> windows = {"2026-01-01..", "2026-01-01..2026-06-30",
                                            "2026-07-01..", "2025-01-01..2025-12-31"};
  auto rule =
      rc::gen::tuple(condition(2), rc::gen::elementOf(actions), rc::gen::elementOf(windows));
  return rc::gen::map(
      vector_of<std::tuple<std::string, std::string, std::string>>(0, 60, rule),
      [](const std::vector<std::tuple<std::string, std::string, std::string>>& rules) {
        std::string text = "list CAR_HS = [\"8703\", \"8704\"]\nlist WATCHED = [\"XX\", \"YY\"]\n";
        for (std::size_t i = 0; i < rules.size(); ++i) {
          const auto& [condition_text, action, window] = rules[i];
          text += "rule R-" + std::to_string(i) + " \"generated\" when " + condition_text +
                  " then " + action + " valid " + window + " owner \"o\" because \"r\"\n";
        }
        return text;
      });
}

rc::Gen<Item> item() {
  return rc::gen::map(rc::gen::tuple(rc::gen::elementOf(kCodes), rc::gen::elementOf(kOrigins),
                                     rc::gen::inRange(0, 20), rc::gen::inRange(0, 3000),
                                     rc::gen::inRange(0, 10000)),
                      [](const std::tuple<std::string, std::string, int, int, int>& t) {
                        Item item = testing::base_item();
                        item.hs_code = std::get<0>(t);
                        item.origin = std::get<1>(t);
                        item.quantity = Decimal::from_int(std::get<2>(t));
                        item.net_mass_kg = Decimal::from_int(std::get<3>(t));
                        item.gross_mass_kg = Decimal::from_int(std::get<3>(t) + 10);
                        item.invoice_amount = Decimal::from_units(std::get<4>(t) * 100, 2);
                        return item;
                      });
}

struct Case {
  Declaration declaration;
  CreditGrade grade = CreditGrade::regular;
  RuleDate date;
};

rc::Gen<Case> declaration_case() {
  const std::vector<std::string> dates = {"2025-06-01", "2026-01-01", "2026-06-30", "2026-07-01",
                                          "2027-01-01"};
  return rc::gen::map(
      rc::gen::tuple(vector_of<Item>(0, 5, item()), rc::gen::elementOf(kParties),
                     rc::gen::elementOf(kParties), rc::gen::elementOf(kParties),
                     rc::gen::elementOf(kOffices), rc::gen::elementOf(kOrigins),
                     rc::gen::inRange(0, credit_grade_count), rc::gen::elementOf(dates)),
      [](const auto& t) {
        Case c;
        c.declaration = testing::base_declaration();
        c.declaration.items = std::get<0>(t);
        c.declaration.declarant = std::get<1>(t);
        c.declaration.importer.id = std::get<2>(t);
        c.declaration.exporter.id = std::get<3>(t);
        c.declaration.office = std::get<4>(t);
        c.declaration.trading_country = std::get<5>(t);
        c.grade = static_cast<CreditGrade>(std::get<6>(t));
        c.date = parse_rule_date(std::get<7>(t)).value();
        return c;
      });
}

ReferencePrices property_prices() {
  std::vector<ReferencePrices::BandEntry> bands;
  for (const char* hs6 : {"870323", "870324", "847130"}) {
    for (const char* origin : {"XX", "CN", "DE"}) {
      bands.push_back({hs6, origin,
                       PriceBand{Decimal::from_int(50), Decimal::from_int(100),
                                 Decimal::from_int(200), reference_observations_min}});
    }
  }
  return ReferencePrices::from_bands(bands);
}

RC_GTEST_PROP(RuleMatcherProperty, IndexedMatchingEqualsEvaluatingEveryRule, ()) {
  const std::string text = *rule_file();
  RuleBuild build = build_rules(text);
  RC_ASSERT(build.errors.empty());
  const ReferencePrices prices = property_prices();
  const auto cases = *rc::gen::container<std::vector<Case>>(20, declaration_case());
  std::size_t fired_total = 0;
  for (const Case& c : cases) {
    RuleInput input{c.declaration, c.date, c.grade, prices};
    std::vector<FiredRule> indexed = build.rules->match(input);
    std::vector<FiredRule> naive = build.rules->match_naive(input);
    RC_ASSERT(testing::describe(indexed) == testing::describe(naive));
    RC_ASSERT(indexed == naive);
    fired_total += naive.size();
  }
  const RuleIndexStats& stats = build.rules->index_stats();
  RC_CLASSIFY(fired_total == 0, "nothing fired");
  RC_CLASSIFY(fired_total > 0 && fired_total < 20, "1-19 rules fired over 20 declarations");
  RC_CLASSIFY(fired_total >= 20, "20+ rules fired over 20 declarations");
  RC_CLASSIFY(stats.hs_prefix + stats.party + stats.origin + stats.other_field + stats.grade > 0,
              "some rules indexed");
}

}  // namespace
}  // namespace oc
