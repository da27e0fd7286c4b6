// The executable form of checked rule conditions, and how they read a declaration.
//
// ConditionProgram holds the conditions of one rule set as a flat array of nodes (and/or/not and
// typed tests whose names, lists and literals are resolved at compile time), so evaluation does
// no name lookups, allocates nothing and never fails: a value that cannot be computed (zero
// quantity, no reference price, out of range) makes its comparison false.
// EvaluationContext reads the fields of one declaration — and of the item selected at the moment —
// caching the derived values of that item (unit_value, price_ratio, ...) so that every rule
// reading them divides once.
// Thread safety: a ConditionProgram is immutable after compilation and shared between threads;
// an EvaluationContext belongs to one evaluation on one thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "declaration/declaration.h"
#include "risk/credit_grade.h"
#include "risk/reference_prices.h"
#include "risk/rule_ast.h"
#include "risk/rule_fields.h"
#include "risk/rule_number.h"

namespace oc {

// The named lists of a file by name (the first definition of each).
using RuleListMap = std::map<std::string, const std::vector<RuleValue>*, std::less<>>;
RuleListMap map_rule_lists(const RuleFileSyntax& file);

// The texts of an `in` or `starts any` list: sorted and unique.
class TextSet {
 public:
  explicit TextSet(std::vector<std::string> texts);
  bool contains(std::string_view text) const;
  // Whether some entry is a prefix of `text`.
  bool contains_prefix_of(std::string_view text) const;
  const std::vector<std::string>& texts() const { return texts_; }

 private:
  std::vector<std::string> texts_;
  std::vector<std::size_t> lengths_;  // the distinct entry lengths, ascending
};

class EvaluationContext {
 public:
  // Borrows all three for its lifetime.
  EvaluationContext(const Declaration& declaration, CreditGrade grade,
                    const ReferencePrices& prices);

  // REQUIRES: index < declaration.items.size(). Item fields read this item until the next call.
  void select_item(std::size_t index);

  // REQUIRES: field is a text field; an item field only after select_item.
  std::string_view text(RuleField field) const;
  // REQUIRES: field is a number field; an item field only after select_item.
  // nullopt when the value cannot be computed. Each value is computed once per item (declaration
  // values once per evaluation) and cached.
  std::optional<RuleNumber> number(RuleField field) {
    const std::uint64_t bit = std::uint64_t{1} << static_cast<unsigned>(field);
    if ((computed_ & bit) == 0) compute(field);
    if ((valid_ & bit) == 0) return std::nullopt;
    return RuleNumber{values_[static_cast<std::size_t>(field)]};
  }
  CreditGrade grade() const { return grade_; }

 private:
  // Item fields come last in RuleField, from hs on (rule_fields.cpp checks this).
  static constexpr std::uint64_t kItemFields =
      ((std::uint64_t{1} << rule_field_count) - 1) &
      ~((std::uint64_t{1} << static_cast<unsigned>(RuleField::hs)) - 1);

  void compute(RuleField field);
  std::optional<RuleNumber> compute_value(RuleField field);
  const PriceBand* band();

  const Declaration& declaration_;
  CreditGrade grade_;
  const ReferencePrices& prices_;
  const Item* item_ = nullptr;
  std::uint64_t computed_ = 0;  // bit per RuleField: value cached (item bits reset per item)
  std::uint64_t valid_ = 0;     // bit per RuleField: the cached value could be computed
  std::array<RuleInt, rule_field_count> values_;  // read only where valid_ says so
  bool band_done_ = false;
  const PriceBand* band_ = nullptr;
};

class ConditionProgram {
 public:
  // Compiles one condition; returns its root node. REQUIRES: the file the condition and `lists`
  // come from passed check_rule_file.
  std::uint32_t add(const RuleCondition& condition, const RuleListMap& lists);

  bool evaluate(std::uint32_t root, EvaluationContext& context) const;

  // Whether the condition reads any item field (then it is evaluated per item).
  bool reads_item(std::uint32_t root) const;

 private:
  // The tests come after negation (evaluate() relies on it).
  enum class NodeKind : std::uint8_t {
    all_of,
    any_of,
    negation,
    number_vs_literal,  // field op literal
    number_vs_field,    // field op field
    number_vs_scaled,   // field op factor * field
    text_vs_literal,    // field (= | !=) "text"
    text_vs_field,      // field (= | !=) field
    text_in,            // field [not] in set
    text_starts,        // field starts "text"
    text_starts_any,    // field starts any set
    grade_in,           // grade (= | != | in | not in) grades, as a bit mask
  };

  // 64 bytes: one cache line. Texts live in texts_, lists in sets_.
  struct Node {
    NodeKind kind = NodeKind::all_of;
    RuleField field = RuleField::type;
    RuleField right_field = RuleField::type;
    ComparisonOp op = ComparisonOp::equal;
    bool negated = false;  // text_in, grade_in
    bool reads_item = false;
    std::uint8_t grade_mask = 0;
    std::uint32_t children_begin = 0;  // into children_
    std::uint32_t children_end = 0;
    std::uint32_t operand = 0;  // text_in, text_starts_any: into sets_; text tests: into texts_
    RuleNumber literal;
    Decimal factor;
  };

  std::uint32_t compile(const RuleCondition& condition, const RuleListMap& lists);
  std::uint32_t compile_test(const RuleCondition& test, const RuleListMap& lists);
  std::uint32_t set_for(const RuleListRef& list, const RuleListMap& lists);
  std::uint32_t add_text(std::string text);
  bool evaluate_test(const Node& node, EvaluationContext& context) const;

  std::vector<Node> nodes_;
  std::vector<std::uint32_t> children_;
  std::vector<TextSet> sets_;
  std::vector<std::string> texts_;
  std::map<std::string, std::uint32_t, std::less<>> named_sets_;
};

// The literal text an operand stands for when it is a value rather than a field: "text", or a
// bare word that is one of an enumerated field's values. nullopt for a field operand.
std::optional<std::string> operand_literal_text(const RuleOperand& operand,
                                                const RuleFieldInfo& field);

// The entries of a list reference (inline, or a named list). REQUIRES: a named list is in `lists`.
const std::vector<RuleValue>& list_entries(const RuleListRef& list, const RuleListMap& lists);

}  // namespace oc
