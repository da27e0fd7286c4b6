// Compiling a rule file into rules, condition program and indexes; matching a declaration.
#include "risk/rule_matcher.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <span>
#include <utility>

#include "risk/rule_fields.h"

namespace oc {
namespace {

// How selective an index is likely to be; the highest ranked conjunct files the rule.
constexpr int kRankGrade = 10;
constexpr int kRankOtherItemField = 40;
constexpr int kRankOtherDeclarationField = 50;
constexpr int kRankOrigin = 80;
constexpr int kRankParty = 90;
constexpr int kRankPrefix = 100;  // plus the shortest prefix's length: longer is more selective

struct IndexChoice {
  enum class Kind { prefix, value, grade };
  Kind kind = Kind::value;
  int rank = -1;
  RuleField field = RuleField::type;
  std::vector<std::string> keys;
  std::uint8_t grade_mask = 0;
};

bool is_party(RuleField field) {
  return field == RuleField::declarant || field == RuleField::importer ||
         field == RuleField::exporter;
}

// The top-level conjuncts of a condition (nested `and`s flattened).
void collect_conjuncts(const RuleCondition& condition, std::vector<const RuleCondition*>& out) {
  if (condition.kind == RuleCondition::Kind::all_of) {
    for (const RuleCondition& child : condition.children) collect_conjuncts(child, out);
  } else {
    out.push_back(&condition);
  }
}

// The index a conjunct could file its rule under; rank -1 when it cannot.
IndexChoice choice_for(const RuleCondition& test, const RuleListMap& lists) {
  using Kind = RuleCondition::Kind;
  IndexChoice choice;
  if (test.kind == Kind::any_of || test.kind == Kind::negation || test.field_is_call) return choice;
  const RuleFieldInfo* field = find_rule_field(test.field);
  assert(field != nullptr);
  std::vector<std::string> keys;
  if (test.kind == Kind::compare) {
    if (test.op != ComparisonOp::equal || field->type == RuleValueType::number) return choice;
    auto literal = operand_literal_text(test.operand, *field);
    if (!literal) return choice;
    keys.push_back(*literal);
  } else if (test.kind == Kind::in_list || test.kind == Kind::starts_any) {
    for (const RuleValue& entry : list_entries(test.list, lists)) keys.push_back(entry.text);
  } else if (test.kind == Kind::starts) {
    keys.push_back(test.operand.text);
  } else {
    return choice;  // not in
  }
  if (keys.empty() || keys.size() > rule_index_keys_max) return choice;

  bool code_field = field->field == RuleField::hs || field->field == RuleField::hs6;
  if (field->type == RuleValueType::grade) {
    choice.kind = IndexChoice::Kind::grade;
    choice.rank = kRankGrade;
    for (const std::string& key : keys) {
      choice.grade_mask |=
          static_cast<std::uint8_t>(1u << static_cast<unsigned>(parse_credit_grade(key).value()));
    }
    return choice;
  }
  if (code_field) {
    // hs6 is a prefix of hs, so `hs6 = X` and `hs6 starts X` both imply `hs starts X`.
    std::size_t shortest = prefix_trie_depth_max;
    for (const std::string& key : keys) shortest = std::min(shortest, key.size());
    choice.kind = IndexChoice::Kind::prefix;
    choice.rank = kRankPrefix + static_cast<int>(shortest);
  } else {
    if (test.kind == Kind::starts || test.kind == Kind::starts_any) return choice;
    choice.kind = IndexChoice::Kind::value;
    choice.rank = is_party(field->field)                        ? kRankParty
                  : field->field == RuleField::origin           ? kRankOrigin
                  : field->level == RuleFieldLevel::declaration ? kRankOtherDeclarationField
                                                                : kRankOtherItemField;
  }
  choice.field = field->field;
  choice.keys = std::move(keys);
  return choice;
}

}  // namespace

CompiledRules CompiledRules::compile(const RuleFileSyntax& file, std::string source_sha256) {
  CompiledRules compiled;
  compiled.source_sha256_ = std::move(source_sha256);
  RuleListMap lists = map_rule_lists(file);
  compiled.rules_.reserve(file.rules.size());
  for (const RuleSyntax& syntax : file.rules) {
    TargetingRule rule;
    rule.id = syntax.id;
    rule.name = syntax.name;
    rule.action = syntax.action;
    rule.valid_from = syntax.valid_from;
    rule.valid_to = syntax.valid_to;
    rule.owner = syntax.owner;
    rule.rationale = syntax.rationale;
    rule.line = syntax.at.line;
    rule.condition = compiled.program_.add(syntax.condition, lists);
    rule.reads_item = compiled.program_.reads_item(rule.condition);
    RuleHead head;
    head.valid_from = static_cast<std::int32_t>(rule.valid_from.time_since_epoch().count());
    head.valid_to = rule.valid_to
                        ? static_cast<std::int32_t>(rule.valid_to->time_since_epoch().count())
                        : std::numeric_limits<std::int32_t>::max();
    head.condition = rule.condition;
    head.reads_item = rule.reads_item;
    compiled.heads_.push_back(head);
    compiled.rules_.push_back(std::move(rule));
    compiled.file_rule(static_cast<std::uint32_t>(compiled.rules_.size() - 1), syntax.condition,
                       lists);
  }
  for (const RuleFieldInfo& info : rule_fields()) {
    TextKeyIndex& index = compiled.value_index_[static_cast<std::size_t>(info.field)];
    if (index.empty()) continue;
    index.freeze();
    (info.level == RuleFieldLevel::declaration ? compiled.indexed_declaration_fields_
                                               : compiled.indexed_item_fields_)
        .push_back(info.field);
  }
  return compiled;
}

void CompiledRules::file_rule(std::uint32_t rule_index, const RuleCondition& condition,
                              const RuleListMap& lists) {
  std::vector<const RuleCondition*> conjuncts;
  collect_conjuncts(condition, conjuncts);
  IndexChoice best;
  for (const RuleCondition* conjunct : conjuncts) {
    IndexChoice choice = choice_for(*conjunct, lists);
    if (choice.rank > best.rank) best = std::move(choice);
  }
  if (best.rank < 0) {
    (rules_[rule_index].reads_item ? always_item_ : always_declaration_).push_back(rule_index);
    ++stats_.always;
    return;
  }
  switch (best.kind) {
    case IndexChoice::Kind::prefix:
      for (const std::string& key : best.keys) prefixes_.add(key, rule_index);
      ++stats_.hs_prefix;
      return;
    case IndexChoice::Kind::grade:
      for (int grade = 0; grade < credit_grade_count; ++grade) {
        if (best.grade_mask & (1u << grade)) {
          grade_index_[static_cast<std::size_t>(grade)].push_back(rule_index);
        }
      }
      ++stats_.grade;
      return;
    case IndexChoice::Kind::value: {
      TextKeyIndex& index = value_index_[static_cast<std::size_t>(best.field)];
      for (std::string& key : best.keys) index.add(std::move(key), rule_index);
      if (is_party(best.field)) {
        ++stats_.party;
      } else if (best.field == RuleField::origin) {
        ++stats_.origin;
      } else {
        ++stats_.other_field;
      }
      return;
    }
  }
}

namespace {

// One bit per rule: which rules fired. Inline for rule sets of up to 1,024 rules.
class RuleBits {
 public:
  explicit RuleBits(std::size_t rule_count) {
    std::size_t words = (rule_count + 63) / 64;
    if (words > inline_.size()) heap_.assign(words, 0);
  }
  bool test(std::uint32_t rule) const { return (data()[rule / 64] >> (rule % 64)) & 1u; }
  void set(std::uint32_t rule) { data()[rule / 64] |= std::uint64_t{1} << (rule % 64); }

 private:
  std::uint64_t* data() { return heap_.empty() ? inline_.data() : heap_.data(); }
  const std::uint64_t* data() const { return heap_.empty() ? inline_.data() : heap_.data(); }
  std::array<std::uint64_t, 16> inline_{};
  std::vector<std::uint64_t> heap_;
};

}  // namespace

// Candidates are evaluated as they are found. Rules filed under the declaration (parties, other
// declaration fields, grade) or under nothing are tried on every item; a rule filed under an item
// key (HS prefix, origin, ...) only on the items holding that key: on the other items the filing
// conjunct is false, so they cannot satisfy the condition. Items go in ascending order, so a rule
// fires with its first satisfying item, exactly as in fire().
std::vector<FiredRule> CompiledRules::match(const RuleInput& input) const {
  const Declaration& declaration = input.declaration;
  const auto day = static_cast<std::int32_t>(input.date.time_since_epoch().count());
  EvaluationContext context(declaration, input.grade, input.prices);
  std::vector<FiredRule> fired;
  auto add_fired = [&](std::uint32_t index, std::optional<std::size_t> item) {
    if (fired.empty()) fired.reserve(8);
    fired.push_back(FiredRule{&rules_[index], item});
  };
  RuleBits done(rules_.size());
  std::vector<std::uint32_t> every_item;
  auto consider = [&](std::span<const std::uint32_t> candidates) {
    for (std::uint32_t index : candidates) {
      const RuleHead& rule = heads_[index];
      if (!rule.valid_on(day)) continue;
      if (rule.reads_item) {
        every_item.push_back(index);
      } else if (program_.evaluate(rule.condition, context)) {
        add_fired(index, std::nullopt);
      }
    }
  };
  consider(always_declaration_);
  consider(grade_index_[static_cast<std::size_t>(input.grade)]);
  for (RuleField field : indexed_declaration_fields_) {
    consider(value_index_[static_cast<std::size_t>(field)].find(context.text(field)));
  }

  std::size_t item = 0;
  auto try_rule = [&](std::uint32_t index) {
    const RuleHead& rule = heads_[index];
    assert(rule.reads_item);
    if (done.test(index) || !rule.valid_on(day)) return;
    if (!program_.evaluate(rule.condition, context)) return;
    done.set(index);
    add_fired(index, item);
  };
  for (; item < declaration.items.size(); ++item) {
    context.select_item(item);
    for (std::uint32_t index : always_item_) try_rule(index);
    for (std::uint32_t index : every_item) try_rule(index);
    prefixes_.visit(declaration.items[item].hs_code, try_rule);
    for (RuleField field : indexed_item_fields_) {
      for (std::uint32_t index :
           value_index_[static_cast<std::size_t>(field)].find(context.text(field))) {
        try_rule(index);
      }
    }
  }
  // Pointers into rules_ order as the file does.
  std::sort(fired.begin(), fired.end(),
            [](const FiredRule& a, const FiredRule& b) { return a.rule < b.rule; });
  return fired;
}

std::vector<FiredRule> CompiledRules::match_naive(const RuleInput& input) const {
  std::vector<std::uint32_t> all;
  for (std::uint32_t i = 0; i < rules_.size(); ++i) {
    if (rules_[i].valid_on(input.date)) all.push_back(i);
  }
  return fire(all, input);
}

std::vector<FiredRule> CompiledRules::fire(const std::vector<std::uint32_t>& candidates,
                                           const RuleInput& input) const {
  EvaluationContext context(input.declaration, input.grade, input.prices);
  std::vector<FiredRule> fired;
  std::vector<std::uint32_t> pending;  // item rules not fired yet
  for (std::uint32_t index : candidates) {
    const TargetingRule& rule = rules_[index];
    if (rule.reads_item) {
      pending.push_back(index);
    } else if (program_.evaluate(rule.condition, context)) {
      fired.push_back(FiredRule{&rule, std::nullopt});
    }
  }
  if (pending.empty()) return fired;
  bool item_fired = false;
  const std::size_t item_count = input.declaration.items.size();
  for (std::size_t item = 0; item < item_count && !pending.empty(); ++item) {
    context.select_item(item);
    std::erase_if(pending, [&](std::uint32_t index) {
      const TargetingRule& rule = rules_[index];
      if (!program_.evaluate(rule.condition, context)) return false;
      fired.push_back(FiredRule{&rule, item});
      item_fired = true;
      return true;
    });
  }
  if (item_fired) {
    // Pointers into rules_ order as the file does.
    std::sort(fired.begin(), fired.end(),
              [](const FiredRule& a, const FiredRule& b) { return a.rule < b.rule; });
  }
  return fired;
}

}  // namespace oc
