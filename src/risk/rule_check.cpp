// The semantic checks of a rule file: names, types, values, actions and validity windows.
#include "risk/rule_check.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "risk/credit_grade.h"
#include "risk/rule_fields.h"
#include "risk/rule_number.h"
#include "risk/rule_parser.h"

namespace oc {
namespace {

std::string type_name(RuleValueType type) {
  switch (type) {
    case RuleValueType::text:
      return "text";
    case RuleValueType::number:
      return "a number";
    case RuleValueType::grade:
      return "a credit grade";
  }
  return "?";
}

std::string window(const RuleSyntax& rule) {
  return format_rule_date(rule.valid_from) + ".." +
         (rule.valid_to ? format_rule_date(*rule.valid_to) : std::string());
}

class Checker {
 public:
  Checker(const RuleFileSyntax& file, std::string_view source_name)
      : file_(file), source_name_(source_name) {}

  Errors run() {
    check_lists();
    check_rules();
    check_versions();
    std::stable_sort(found_.begin(), found_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    Errors errors;
    for (auto& [at, error] : found_) {
      if (errors.size() == rule_errors_max) {
        errors.push_back(make_rule_error(
            "rules.too_many_errors", source_name_, at,
            "more than " + std::to_string(rule_errors_max) + " errors; the rest are not reported"));
        break;
      }
      errors.push_back(std::move(error));
    }
    return errors;
  }

 private:
  void add(std::string code, SourcePosition at, std::string_view message) {
    found_.emplace_back(at, make_rule_error(std::move(code), source_name_, at, message));
  }

  void check_lists() {
    for (const RuleListSyntax& list : file_.lists) {
      auto [it, inserted] = lists_.emplace(list.name, &list);
      if (!inserted) {
        add("rules.duplicate_list", list.at,
            "list " + list.name + " is already defined on line " +
                std::to_string(it->second->at.line));
      }
      if (list.entries.empty()) add("rules.empty_list", list.at, "list " + list.name + " is empty");
    }
  }

  void check_rules() {
    std::map<std::string, const RuleSyntax*, std::less<>> ids;
    for (const RuleSyntax& rule : file_.rules) {
      auto [it, inserted] = ids.emplace(rule.id, &rule);
      if (!inserted) {
        add("rules.duplicate_id", rule.at,
            "rule " + rule.id + " is already defined on line " +
                std::to_string(it->second->at.line) + "; a new version needs its own id (" +
                std::string(rule_base_id(rule.id)) + "v2)");
      }
      if (rule.name.empty()) add("rules.empty_text", rule.at, "rule " + rule.id + " has no name");
      if (rule.owner.empty()) add("rules.empty_text", rule.owner_at, "the owner is empty");
      if (rule.rationale.empty())
        add("rules.empty_text", rule.rationale_at, "the rationale is empty");
      check_condition(rule.condition);
      check_action(rule.action);
      if (rule.valid_to && *rule.valid_to < rule.valid_from) {
        add("rules.validity_order", rule.validity_at,
            "the validity window " + window(rule) + " ends before it starts");
      }
    }
  }

  // Versions of one rule (same base id) must not be valid on the same day.
  void check_versions() {
    std::map<std::string_view, std::vector<const RuleSyntax*>> by_base;
    std::map<std::string_view, bool> seen_ids;
    for (const RuleSyntax& rule : file_.rules) {
      if (!seen_ids.emplace(rule.id, true).second) continue;            // reported as duplicate_id
      if (rule.valid_to && *rule.valid_to < rule.valid_from) continue;  // validity_order
      by_base[rule_base_id(rule.id)].push_back(&rule);
    }
    for (auto& [base, versions] : by_base) {
      if (versions.size() < 2) continue;
      std::stable_sort(versions.begin(), versions.end(),
                       [](const auto* a, const auto* b) { return a->valid_from < b->valid_from; });
      const RuleSyntax* latest_end = versions.front();  // the version ending last so far
      for (std::size_t i = 1; i < versions.size(); ++i) {
        const RuleSyntax* rule = versions[i];
        bool overlaps = !latest_end->valid_to || *latest_end->valid_to >= rule->valid_from;
        if (overlaps) {
          add("rules.validity_overlap", rule->validity_at,
              rule->id + " (valid " + window(*rule) + ") overlaps " + latest_end->id + " (valid " +
                  window(*latest_end) + ", line " + std::to_string(latest_end->at.line) +
                  "): versions of one rule must not be valid on the same day");
        }
        if (latest_end->valid_to && (!rule->valid_to || *rule->valid_to > *latest_end->valid_to)) {
          latest_end = rule;
        }
      }
    }
  }

  void check_action(const RuleAction& action) {
    if (action.kind != RuleAction::Kind::lanes) return;
    const Decimal hundred = Decimal::from_int(100);
    Decimal sum;
    bool seen[lane_count] = {false, false, false, false};
    for (const LaneShare& share : action.shares) {
      if (share.percent.sign() <= 0 || share.percent > hundred) {
        add("rules.percentage_range", share.at,
            "a lane share must be above 0% and at most 100%; it is " + share.percent.to_string() +
                "%");
      }
      auto& lane_seen = seen[static_cast<std::size_t>(share.lane)];
      if (lane_seen) {
        add("rules.duplicate_lane", share.at,
            std::string(to_string(share.lane)) + " appears twice in one split");
      }
      lane_seen = true;
      auto next = sum.add(share.percent);
      if (next) sum = *next;
    }
    if (action.shares.size() > 1 && sum > hundred) {
      add("rules.split_over_100", action.at,
          "the lane shares add up to " + sum.to_string() + "%, more than 100%");
    }
  }

  void check_number(const Decimal& value, SourcePosition at) {
    if (!to_rule_number(value)) {
      add("rules.number_range", at,
          "number " + value.to_string() + " is out of range (numbers stay below 10^14)");
    }
  }

  void check_factor(const Decimal& factor, SourcePosition at) {
    auto magnitude_max = Decimal::from_int(rule_factor_magnitude_max);
    if (factor.scale() > rule_factor_fraction_digits_max || factor >= magnitude_max) {
      add("rules.number_range", at,
          "factor " + factor.to_string() + " is out of range (below 10^6, at most " +
              std::to_string(rule_factor_fraction_digits_max) + " decimals)");
    }
  }

  // The field on the left of a test; nullptr after reporting when it does not resolve.
  const RuleFieldInfo* resolve_field(const std::string& name, bool call, SourcePosition at) {
    const RuleFieldInfo* info = find_rule_field(name);
    if (info == nullptr) {
      add("rules.unknown_field", at, "unknown field '" + name + "'");
      return nullptr;
    }
    if (info->call && !call) {
      add("rules.unknown_field", at, name + " is a function: write " + name + "(hs6, origin)");
      return nullptr;
    }
    if (!info->call && call) {
      add("rules.unknown_field", at, name + " is a field, not a function");
      return nullptr;
    }
    return info;
  }

  // A word or text naming one value of an enumerated field (grade, transport_mode, ...).
  void check_enum_value(const RuleFieldInfo& field, const std::string& value, SourcePosition at) {
    if (!field.accepts(value)) {
      add("rules.unknown_value", at,
          "'" + value + "' is not a " +
              (field.type == RuleValueType::grade ? std::string("credit grade")
                                                  : "value of " + std::string(field.name)));
    }
  }

  void check_compare(const RuleCondition& test, const RuleFieldInfo& field) {
    const RuleOperand& operand = test.operand;
    bool ordering = test.op != ComparisonOp::equal && test.op != ComparisonOp::not_equal;
    if (field.type != RuleValueType::number && ordering) {
      add("rules.type_mismatch", test.at,
          std::string(field.name) + " is " + type_name(field.type) + ": '" +
              std::string(to_string(test.op)) + "' compares numbers only");
      return;
    }
    switch (operand.kind) {
      case RuleOperand::Kind::number:
        if (field.type != RuleValueType::number) {
          add("rules.type_mismatch", operand.at,
              std::string(field.name) + " is " + type_name(field.type) +
                  ", not a number; text values are written in quotes");
        } else {
          check_number(operand.number, operand.at);
        }
        return;
      case RuleOperand::Kind::text:
        if (field.type == RuleValueType::number) {
          add("rules.type_mismatch", operand.at,
              std::string(field.name) + " is a number; it cannot equal text");
        } else if (field.accepts != nullptr) {
          check_enum_value(field, operand.text, operand.at);
        }
        return;
      case RuleOperand::Kind::word:
        if (field.accepts != nullptr && !operand.factor && field.accepts(operand.text)) return;
        [[fallthrough]];
      case RuleOperand::Kind::call: {
        const RuleFieldInfo* right = find_rule_field(operand.text);
        if (right == nullptr && operand.kind == RuleOperand::Kind::word) {
          if (field.accepts != nullptr) {
            check_enum_value(field, operand.text, operand.at);
          } else if (field.type == RuleValueType::text) {
            add("rules.unknown_field", operand.at,
                "unknown field '" + operand.text + "' (text values are written in quotes: \"" +
                    operand.text + "\")");
          } else {
            add("rules.unknown_field", operand.at, "unknown field '" + operand.text + "'");
          }
          return;
        }
        right = resolve_field(operand.text, operand.kind == RuleOperand::Kind::call, operand.at);
        if (right == nullptr) return;
        if (right->type != field.type || field.type == RuleValueType::grade) {
          add("rules.type_mismatch", operand.at,
              std::string(field.name) + " is " + type_name(field.type) + " and " +
                  std::string(right->name) + " is " + type_name(right->type) +
                  (field.type == RuleValueType::grade ? "; compare grades with grade names" : ""));
          return;
        }
        if (operand.factor) {
          if (field.type != RuleValueType::number) {
            add("rules.type_mismatch", operand.factor_at, "only numbers can be multiplied");
          } else {
            check_factor(*operand.factor, operand.factor_at);
          }
        }
        return;
      }
    }
  }

  // The entries of the list a test uses; nullptr after reporting when it does not resolve.
  const std::vector<RuleValue>* resolve_list(const RuleListRef& list) {
    if (list.name.empty()) {
      if (list.entries.empty()) add("rules.empty_list", list.at, "the list is empty");
      return &list.entries;
    }
    auto it = lists_.find(list.name);
    if (it == lists_.end()) {
      add("rules.unknown_list", list.at, "unknown list '" + list.name + "'");
      return nullptr;
    }
    return &it->second->entries;
  }

  void check_entries(const RuleCondition& test, const RuleFieldInfo& field) {
    const std::vector<RuleValue>* entries = resolve_list(test.list);
    if (entries == nullptr) return;
    bool named = !test.list.name.empty();
    std::string where = named ? " in list " + test.list.name : std::string();
    for (const RuleValue& entry : *entries) {
      SourcePosition at = named ? test.list.at : entry.at;
      bool enumerated = field.accepts != nullptr;
      if (entry.kind == RuleValue::Kind::number ||
          (entry.kind == RuleValue::Kind::word && !enumerated)) {
        add("rules.type_mismatch", at,
            "'" + entry.text + "'" + where + " is not text; " + std::string(field.name) +
                " is tested against texts in quotes");
        return;  // one report per list use
      }
      if (enumerated && !field.accepts(entry.text)) {
        check_enum_value(field, entry.text, at);
        return;
      }
    }
  }

  void check_test(const RuleCondition& test) {
    const RuleFieldInfo* field = resolve_field(test.field, test.field_is_call, test.at);
    if (field == nullptr) {
      if (test.kind == RuleCondition::Kind::in_list ||
          test.kind == RuleCondition::Kind::not_in_list ||
          test.kind == RuleCondition::Kind::starts_any) {
        resolve_list(test.list);  // still report an unknown or empty list
      }
      return;
    }
    switch (test.kind) {
      case RuleCondition::Kind::compare:
        check_compare(test, *field);
        return;
      case RuleCondition::Kind::in_list:
      case RuleCondition::Kind::not_in_list:
        if (field->type == RuleValueType::number) {
          add("rules.type_mismatch", test.at,
              std::string(field->name) + " is a number; 'in' tests text and grades");
          resolve_list(test.list);
          return;
        }
        check_entries(test, *field);
        return;
      case RuleCondition::Kind::starts:
      case RuleCondition::Kind::starts_any:
        if (field->type != RuleValueType::text) {
          add("rules.type_mismatch", test.at,
              std::string(field->name) + " is " + type_name(field->type) + "; 'starts' tests text");
          if (test.kind == RuleCondition::Kind::starts_any) resolve_list(test.list);
          return;
        }
        if (test.kind == RuleCondition::Kind::starts_any) {
          RuleFieldInfo free_text = *field;
          free_text.accepts = nullptr;  // prefixes need not be whole values
          check_entries(test, free_text);
        }
        return;
      default:
        return;
    }
  }

  void check_condition(const RuleCondition& condition) {
    switch (condition.kind) {
      case RuleCondition::Kind::all_of:
      case RuleCondition::Kind::any_of:
      case RuleCondition::Kind::negation:
        for (const RuleCondition& child : condition.children) check_condition(child);
        return;
      default:
        check_test(condition);
        return;
    }
  }

  const RuleFileSyntax& file_;
  std::string_view source_name_;
  std::map<std::string, const RuleListSyntax*, std::less<>> lists_;
  std::vector<std::pair<SourcePosition, Error>> found_;
};

}  // namespace

std::string_view rule_base_id(std::string_view id) {
  std::size_t end = id.size();
  while (end > 0 && id[end - 1] >= '0' && id[end - 1] <= '9') --end;
  if (end == id.size() || end < 2 || id[end - 1] != 'v') return id;
  return id.substr(0, end - 1);
}

Errors check_rule_file(const RuleFileSyntax& file, std::string_view source_name) {
  return Checker(file, source_name).run();
}

}  // namespace oc
