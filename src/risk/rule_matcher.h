// CompiledRules: a checked rule file compiled into an indexed matcher — which rules fire for one
// declaration on one day.
//
// Indexes. Each rule is filed under ONE required conjunct (a test that every match must pass
// because it sits at the top level of the condition's `and`), the most selective it has:
//   1. HS prefix — `hs starts "8703"`, `hs starts any LIST`, `hs = "..."`, `hs in [...]`, and the
//      same on hs6 — in a trie walked along each item's code;
//   2. party — `declarant`, `importer`, `exporter` `=` or `in` — a hash map per field;
//   3. origin — `origin =` / `in` — a hash map;
//   4. any other text field `=` / `in` (office, procedure, trading_country, preference, ...);
//   5. grade `=` / `in` — one bucket per grade;
// and a rule with none of these (or only ones with more than rule_index_keys_max values) goes to
// the small "always evaluate" bucket. A declaration's candidates are what its parties and other
// declaration fields, its grade and each of its items find, plus that bucket; only candidates valid
// on the day are evaluated, and a rule filed under an item key (HS prefix, origin, ...) only on the
// items holding the key (on the others its filing conjunct is false). Because every filing key is
// implied by the condition, the result is exactly that of evaluating every rule (match_naive,
// kept for tests and checked against match by a property test, the fixtures and the fuzz target).
//
// Firing. A rule whose condition reads no item field fires once for the declaration. A rule that
// reads an item field fires when ONE item satisfies the whole condition (declaration fields are
// the same for every item); it fires once, recording the first such item. Fired rules come out in
// file order.
//
// Lifetime: a FiredRule borrows its TargetingRule from the CompiledRules that produced it.
// Thread safety: immutable after compile; match and match_naive may run on many threads at once.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "declaration/declaration.h"
#include "risk/compiled_condition.h"
#include "risk/credit_grade.h"
#include "risk/prefix_trie.h"
#include "risk/reference_prices.h"
#include "risk/rule_ast.h"
#include "risk/text_key_index.h"

namespace oc {

// A conjunct with more values than this is not used as an index key (the rule is filed under
// another conjunct or evaluated always), so that one rule cannot bloat the indexes.
inline constexpr std::size_t rule_index_keys_max = 1'024;

// What a rule is evaluated against. Borrows everything.
struct RuleInput {
  const Declaration& declaration;
  RuleDate date;
  CreditGrade grade;  // the declarant's credit grade
  const ReferencePrices& prices;
};

// One compiled rule: everything a decision records about it.
struct TargetingRule {
  std::string id;
  std::string name;
  RuleAction action;
  RuleDate valid_from;
  std::optional<RuleDate> valid_to;  // nullopt: open-ended
  std::string owner;
  std::string rationale;
  std::uint32_t line = 0;
  bool reads_item = false;
  std::uint32_t condition = 0;  // root node in the ConditionProgram

  bool valid_on(RuleDate date) const {
    return valid_from <= date && (!valid_to || date <= *valid_to);
  }
};

struct FiredRule {
  const TargetingRule* rule = nullptr;    // borrowed from the CompiledRules
  std::optional<std::size_t> item_index;  // the first satisfying item; nullopt: declaration rule

  std::string_view id() const { return rule->id; }
  const RuleAction& action() const { return rule->action; }
  bool operator==(const FiredRule&) const = default;
};

// Where the rules were filed (for tests and for docs/risk-rules.md).
struct RuleIndexStats {
  std::size_t hs_prefix = 0;
  std::size_t party = 0;
  std::size_t origin = 0;
  std::size_t other_field = 0;
  std::size_t grade = 0;
  std::size_t always = 0;
};

class CompiledRules {
 public:
  // REQUIRES: check_rule_file(file) returned no errors. `source_sha256` names the rule set.
  static CompiledRules compile(const RuleFileSyntax& file, std::string source_sha256);

  CompiledRules(CompiledRules&&) = default;
  CompiledRules& operator=(CompiledRules&&) = default;
  CompiledRules(const CompiledRules&) = delete;  // FiredRules point into rules_
  CompiledRules& operator=(const CompiledRules&) = delete;

  std::vector<FiredRule> match(const RuleInput& input) const;
  // Evaluates every rule, without the indexes: the reference match() must equal.
  std::vector<FiredRule> match_naive(const RuleInput& input) const;

  // Lower-case hex SHA-256 of the rule file's text.
  const std::string& source_sha256() const { return source_sha256_; }
  const std::vector<TargetingRule>& rules() const { return rules_; }
  const RuleIndexStats& index_stats() const { return stats_; }

 private:
  CompiledRules() = default;

  void file_rule(std::uint32_t rule_index, const RuleCondition& condition,
                 const RuleListMap& lists);
  // Fires the given rules (ascending indexes, all valid on the day) in file order.
  std::vector<FiredRule> fire(const std::vector<std::uint32_t>& candidates,
                              const RuleInput& input) const;

  // What matching reads of each rule, packed (16 bytes) apart from the rule's texts so that the
  // candidates of a declaration stay in cache.
  struct RuleHead {
    std::int32_t valid_from = 0;  // days since 1970-01-01
    std::int32_t valid_to = 0;    // days; INT32_MAX when open-ended
    std::uint32_t condition = 0;
    bool reads_item = false;

    bool valid_on(std::int32_t day) const { return valid_from <= day && day <= valid_to; }
  };

  std::string source_sha256_;
  std::vector<TargetingRule> rules_;
  std::vector<RuleHead> heads_;  // parallel to rules_
  ConditionProgram program_;
  PrefixTrie prefixes_;
  std::array<TextKeyIndex, rule_field_count> value_index_;
  std::vector<RuleField> indexed_declaration_fields_;
  std::vector<RuleField> indexed_item_fields_;
  std::array<std::vector<std::uint32_t>, credit_grade_count> grade_index_;
  // The rules filed under nothing, by whether they read items.
  std::vector<std::uint32_t> always_declaration_;
  std::vector<std::uint32_t> always_item_;
  RuleIndexStats stats_;
};

}  // namespace oc
