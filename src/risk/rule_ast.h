// The syntax tree of a targeting-rule file (docs/risk-rules.md): what rule_parser produces,
// rule_check checks and rule_matcher compiles. Plain values that own everything they hold.
// Positions are 1-based; columns count characters (UTF-8 code points), not bytes.
// Also the named limits of a rule file, each enforced by the parser with its own error code.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.h"
#include "declaration/event.h"

namespace oc {

// Limits of one rule file.
inline constexpr std::size_t rule_source_bytes_max = 4 * 1024 * 1024;
inline constexpr std::size_t rules_max = 10'000;
inline constexpr std::size_t rule_lists_max = 1'000;
inline constexpr std::size_t rule_list_entries_max = 10'000;
// Nesting of parentheses and `not` in one condition.
inline constexpr std::size_t rule_condition_depth_max = 32;
// Tests (comparisons, `in`, `starts`) in one condition: bounds the work of one evaluation.
inline constexpr std::size_t rule_condition_tests_max = 256;
// Bytes of one quoted text (a rule name, owner, rationale or text value).
inline constexpr std::size_t rule_text_length_max = 1'000;
// Characters of a rule id or list name.
inline constexpr std::size_t rule_name_length_max = 64;
// Errors reported for one file; one more (`rules.too_many_errors`) says the rest were dropped.
inline constexpr std::size_t rule_errors_max = 100;

// A calendar day (validity windows are whole days, both ends included).
using RuleDate = std::chrono::sys_days;

struct SourcePosition {
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  bool operator==(const SourcePosition&) const = default;
  auto operator<=>(const SourcePosition&) const = default;
};

// A literal as written: "text", a decimal number, or a bare word (an enumeration value such as
// `untrustworthy` or `sea`; the checker decides what a word means).
struct RuleValue {
  enum class Kind { text, number, word };
  Kind kind = Kind::text;
  std::string text;  // text: the unescaped characters; word: the word; number: as written
  Decimal number;    // number only
  SourcePosition at;
};

// A named list (`WATCHED_ORIGINS`) or an inline one (`["XX", "YY"]`).
struct RuleListRef {
  std::string name;                // empty for an inline list
  std::vector<RuleValue> entries;  // inline list only
  SourcePosition at;
};

// The right side of a comparison.
struct RuleOperand {
  enum class Kind {
    text,    // "..."
    number,  // 12.5
    word,    // a field name or an enumeration value, decided by the checker
    call,    // reference(hs6, origin), reference_q1(...), reference_q3(...)
  };
  Kind kind = Kind::number;
  std::string text;               // text: the text; word, call: the name
  Decimal number;                 // number only
  std::optional<Decimal> factor;  // word or call times a number (`0.6 * reference(hs6, origin)`)
  SourcePosition at;
  SourcePosition factor_at;
};

enum class ComparisonOp { less, less_equal, greater, greater_equal, equal, not_equal };

// "<", "<=", ">", ">=", "=", "!=".
std::string_view to_string(ComparisonOp op);

struct RuleCondition {
  enum class Kind {
    all_of,       // a and b and ...   (children, 2 or more)
    any_of,       // a or b or ...     (children, 2 or more)
    negation,     // not a             (one child)
    compare,      // field op operand
    in_list,      // field in list
    not_in_list,  // field not in list
    starts,       // field starts "prefix"   (operand is the text)
    starts_any,   // field starts any list
  };
  Kind kind = Kind::compare;
  SourcePosition at;
  std::vector<RuleCondition> children;
  // Tests: the field on the left (a field name, or a function name when `field_is_call`).
  std::string field;
  bool field_is_call = false;
  ComparisonOp op = ComparisonOp::equal;
  RuleOperand operand;
  RuleListRef list;
};

// One lane of a selection: `red 100%`, `50% yellow`.
struct LaneShare {
  Lane lane = Lane::green;
  Decimal percent;
  SourcePosition at;
};

// What a rule does when it fires: select for lanes with percentages (a split when more than one
// share; the rest of 100% is not selected by this rule), or add a weight to the risk score.
struct RuleAction {
  enum class Kind { lanes, score };
  Kind kind = Kind::lanes;
  std::vector<LaneShare> shares;  // lanes only, in the order written
  Decimal weight;                 // score only; signed
  SourcePosition at;
};

// "red 100%", "red 50%, yellow 50%", "score +0.35", "score -1".
std::string to_string(const RuleAction& action);

struct RuleSyntax {
  std::string id;  // R-0042, R-0042v2
  SourcePosition at;
  std::string name;
  RuleCondition condition;
  RuleAction action;
  RuleDate valid_from;
  std::optional<RuleDate> valid_to;  // nullopt: open-ended
  SourcePosition validity_at;
  std::string owner;
  SourcePosition owner_at;
  std::string rationale;
  SourcePosition rationale_at;
};

struct RuleListSyntax {
  std::string name;
  std::vector<RuleValue> entries;
  SourcePosition at;
};

// A whole file, lists and rules in the order written.
struct RuleFileSyntax {
  std::vector<RuleListSyntax> lists;
  std::vector<RuleSyntax> rules;
};

// "YYYY-MM-DD" of a valid calendar date; nullopt otherwise.
std::optional<RuleDate> parse_rule_date(std::string_view text);
std::string format_rule_date(RuleDate date);

}  // namespace oc
