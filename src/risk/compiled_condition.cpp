// Compiling checked conditions to nodes, and evaluating them.
#include "risk/compiled_condition.h"

#include <algorithm>
#include <cassert>
#include <utility>

namespace oc {

// --- lists ---

RuleListMap map_rule_lists(const RuleFileSyntax& file) {
  RuleListMap lists;
  for (const RuleListSyntax& list : file.lists) lists.emplace(list.name, &list.entries);
  return lists;
}

const std::vector<RuleValue>& list_entries(const RuleListRef& list, const RuleListMap& lists) {
  if (list.name.empty()) return list.entries;
  auto it = lists.find(list.name);
  assert(it != lists.end());
  return *it->second;
}

TextSet::TextSet(std::vector<std::string> texts) : texts_(std::move(texts)) {
  std::sort(texts_.begin(), texts_.end());
  texts_.erase(std::unique(texts_.begin(), texts_.end()), texts_.end());
  for (const std::string& text : texts_) lengths_.push_back(text.size());
  std::sort(lengths_.begin(), lengths_.end());
  lengths_.erase(std::unique(lengths_.begin(), lengths_.end()), lengths_.end());
}

bool TextSet::contains(std::string_view text) const {
  if (texts_.size() <= 8) {
    for (const std::string& entry : texts_) {
      if (entry == text) return true;
    }
    return false;
  }
  auto it = std::lower_bound(texts_.begin(), texts_.end(), text,
                             [](const std::string& a, std::string_view b) { return a < b; });
  return it != texts_.end() && *it == text;
}

bool TextSet::contains_prefix_of(std::string_view text) const {
  for (std::size_t length : lengths_) {
    if (length > text.size()) return false;
    if (contains(text.substr(0, length))) return true;
  }
  return false;
}

// --- reading a declaration ---

EvaluationContext::EvaluationContext(const Declaration& declaration, CreditGrade grade,
                                     const ReferencePrices& prices)
    : declaration_(declaration), grade_(grade), prices_(prices) {}

void EvaluationContext::select_item(std::size_t index) {
  assert(index < declaration_.items.size());
  item_ = &declaration_.items[index];
  computed_ &= ~kItemFields;
  band_done_ = false;
}

std::string_view EvaluationContext::text(RuleField field) const {
  const Declaration& d = declaration_;
  switch (field) {
    case RuleField::type:
      return to_string(d.type);
    case RuleField::procedure:
      return d.procedure;
    case RuleField::declarant:
      return d.declarant;
    case RuleField::importer:
      return d.importer.id;
    case RuleField::exporter:
      return d.exporter.id;
    case RuleField::exporter_country:
      return d.exporter.country;
    case RuleField::office:
      return d.office;
    case RuleField::port:
      return d.port;
    case RuleField::transport_mode:
      return to_string(d.transport_mode);
    case RuleField::trading_country:
      return d.trading_country;
    case RuleField::departure_country:
      return d.departure_country;
    case RuleField::incoterm:
      return to_string(d.incoterm);
    case RuleField::currency:
      return d.currency;
    default:
      break;
  }
  assert(item_ != nullptr);
  switch (field) {
    case RuleField::hs:
      return item_->hs_code;
    case RuleField::hs6:
      return std::string_view(item_->hs_code).substr(0, 6);
    case RuleField::origin:
      return item_->origin;
    case RuleField::preference:
      return item_->preference;
    case RuleField::unit:
      return item_->unit;
    default:
      break;
  }
  assert(false && "not a text field");
  return {};
}

const PriceBand* EvaluationContext::band() {
  if (!band_done_) {
    band_done_ = true;
    band_ = prices_.find(std::string_view(item_->hs_code).substr(0, 6), item_->origin);
  }
  return band_;
}

void EvaluationContext::compute(RuleField field) {
  const std::uint64_t bit = std::uint64_t{1} << static_cast<unsigned>(field);
  std::optional<RuleNumber> value = compute_value(field);
  computed_ |= bit;
  if (value) {
    values_[static_cast<std::size_t>(field)] = value->units;
    valid_ |= bit;
  } else {
    valid_ &= ~bit;
  }
}

std::optional<RuleNumber> EvaluationContext::compute_value(RuleField field) {
  const Declaration& d = declaration_;
  auto quotient = [this](RuleField a, RuleField b) -> std::optional<RuleNumber> {
    auto x = number(a);
    auto y = number(b);
    if (!x || !y) return std::nullopt;
    return rule_quotient(*x, *y);
  };
  auto reference = [this](const Decimal PriceBand::*member) -> std::optional<RuleNumber> {
    const PriceBand* prices = band();
    if (prices == nullptr) return std::nullopt;
    return to_rule_number(prices->*member);
  };
  switch (field) {
    case RuleField::item_count:
      return rule_number_from_int(static_cast<std::int64_t>(d.items.size()));
    case RuleField::total_value: {
      std::optional<RuleNumber> sum = RuleNumber{};
      for (const Item& item : d.items) {
        auto amount = to_rule_number(item.invoice_amount);
        if (!amount) return std::nullopt;
        sum = rule_sum(*sum, *amount);
        if (!sum) return std::nullopt;
      }
      return sum;
    }
    case RuleField::freight:
      return to_rule_number(d.freight);
    case RuleField::insurance:
      return to_rule_number(d.insurance);
    default:
      break;
  }
  assert(item_ != nullptr);
  switch (field) {
    case RuleField::quantity:
      return to_rule_number(item_->quantity);
    case RuleField::net_mass_kg:
      return to_rule_number(item_->net_mass_kg);
    case RuleField::gross_mass_kg:
      return to_rule_number(item_->gross_mass_kg);
    case RuleField::invoice_amount:
      return to_rule_number(item_->invoice_amount);
    case RuleField::unit_value:
      return quotient(RuleField::invoice_amount, RuleField::quantity);
    case RuleField::value_per_kg:
      return quotient(RuleField::invoice_amount, RuleField::net_mass_kg);
    case RuleField::mass_ratio:
      return quotient(RuleField::net_mass_kg, RuleField::gross_mass_kg);
    case RuleField::price_ratio:
      return quotient(RuleField::unit_value, RuleField::reference);
    case RuleField::reference:
      return reference(&PriceBand::median);
    case RuleField::reference_q1:
      return reference(&PriceBand::first_quartile);
    case RuleField::reference_q3:
      return reference(&PriceBand::third_quartile);
    default:
      break;
  }
  assert(false && "not a number field");
  return std::nullopt;
}

// --- compiling ---

std::optional<std::string> operand_literal_text(const RuleOperand& operand,
                                                const RuleFieldInfo& field) {
  if (operand.kind == RuleOperand::Kind::text) return operand.text;
  if (operand.kind == RuleOperand::Kind::word && !operand.factor && field.accepts != nullptr &&
      field.accepts(operand.text)) {
    return operand.text;
  }
  return std::nullopt;
}

std::uint32_t ConditionProgram::add(const RuleCondition& condition, const RuleListMap& lists) {
  return compile(condition, lists);
}

bool ConditionProgram::reads_item(std::uint32_t root) const {
  return nodes_[root].reads_item;
}

std::uint32_t ConditionProgram::add_text(std::string text) {
  texts_.push_back(std::move(text));
  return static_cast<std::uint32_t>(texts_.size() - 1);
}

std::uint32_t ConditionProgram::set_for(const RuleListRef& list, const RuleListMap& lists) {
  if (!list.name.empty()) {
    auto it = named_sets_.find(list.name);
    if (it != named_sets_.end()) return it->second;
  }
  std::vector<std::string> texts;
  for (const RuleValue& entry : list_entries(list, lists)) texts.push_back(entry.text);
  sets_.emplace_back(std::move(texts));
  auto index = static_cast<std::uint32_t>(sets_.size() - 1);
  if (!list.name.empty()) named_sets_.emplace(list.name, index);
  return index;
}

std::uint32_t ConditionProgram::compile(const RuleCondition& condition, const RuleListMap& lists) {
  using Kind = RuleCondition::Kind;
  if (condition.kind != Kind::all_of && condition.kind != Kind::any_of &&
      condition.kind != Kind::negation) {
    return compile_test(condition, lists);
  }
  std::vector<std::uint32_t> children;
  bool reads_item = false;
  for (const RuleCondition& child : condition.children) {
    children.push_back(compile(child, lists));
    reads_item = reads_item || nodes_[children.back()].reads_item;
  }
  Node node;
  node.kind = condition.kind == Kind::all_of   ? NodeKind::all_of
              : condition.kind == Kind::any_of ? NodeKind::any_of
                                               : NodeKind::negation;
  node.reads_item = reads_item;
  node.children_begin = static_cast<std::uint32_t>(children_.size());
  children_.insert(children_.end(), children.begin(), children.end());
  node.children_end = static_cast<std::uint32_t>(children_.size());
  nodes_.push_back(std::move(node));
  return static_cast<std::uint32_t>(nodes_.size() - 1);
}

std::uint32_t ConditionProgram::compile_test(const RuleCondition& test, const RuleListMap& lists) {
  using Kind = RuleCondition::Kind;
  const RuleFieldInfo* field = find_rule_field(test.field);
  assert(field != nullptr);
  Node node;
  node.field = field->field;
  node.op = test.op;
  node.reads_item = field->level == RuleFieldLevel::item;
  if (field->type == RuleValueType::grade) {
    node.kind = NodeKind::grade_in;
    auto add_grade = [&](std::string_view name) {
      node.grade_mask |=
          static_cast<std::uint8_t>(1u << static_cast<unsigned>(parse_credit_grade(name).value()));
    };
    if (test.kind == Kind::compare) {
      add_grade(test.operand.text);
      node.negated = test.op == ComparisonOp::not_equal;
    } else {
      for (const RuleValue& entry : list_entries(test.list, lists)) add_grade(entry.text);
      node.negated = test.kind == Kind::not_in_list;
    }
  } else if (test.kind == Kind::in_list || test.kind == Kind::not_in_list) {
    node.kind = NodeKind::text_in;
    node.negated = test.kind == Kind::not_in_list;
    node.operand = set_for(test.list, lists);
  } else if (test.kind == Kind::starts) {
    node.kind = NodeKind::text_starts;
    node.operand = add_text(test.operand.text);
  } else if (test.kind == Kind::starts_any) {
    node.kind = NodeKind::text_starts_any;
    node.operand = set_for(test.list, lists);
  } else if (field->type == RuleValueType::text) {
    if (auto literal = operand_literal_text(test.operand, *field)) {
      node.kind = NodeKind::text_vs_literal;
      node.operand = add_text(*literal);
    } else {
      const RuleFieldInfo* right = find_rule_field(test.operand.text);
      assert(right != nullptr);
      node.kind = NodeKind::text_vs_field;
      node.right_field = right->field;
      node.reads_item = node.reads_item || right->level == RuleFieldLevel::item;
    }
  } else if (test.operand.kind == RuleOperand::Kind::number) {
    node.kind = NodeKind::number_vs_literal;
    node.literal = to_rule_number(test.operand.number).value();
  } else {
    const RuleFieldInfo* right = find_rule_field(test.operand.text);
    assert(right != nullptr);
    node.right_field = right->field;
    node.reads_item = node.reads_item || right->level == RuleFieldLevel::item;
    if (test.operand.factor) {
      node.kind = NodeKind::number_vs_scaled;
      node.factor = *test.operand.factor;
    } else {
      node.kind = NodeKind::number_vs_field;
    }
  }
  nodes_.push_back(std::move(node));
  return static_cast<std::uint32_t>(nodes_.size() - 1);
}

// --- evaluating ---

bool ConditionProgram::evaluate(std::uint32_t root, EvaluationContext& context) const {
  const Node& node = nodes_[root];
  switch (node.kind) {
    case NodeKind::all_of:
      for (std::uint32_t i = node.children_begin; i < node.children_end; ++i) {
        const Node& child = nodes_[children_[i]];
        bool holds = child.kind > NodeKind::negation ? evaluate_test(child, context)
                                                     : evaluate(children_[i], context);
        if (!holds) return false;
      }
      return true;
    case NodeKind::any_of:
      for (std::uint32_t i = node.children_begin; i < node.children_end; ++i) {
        const Node& child = nodes_[children_[i]];
        bool holds = child.kind > NodeKind::negation ? evaluate_test(child, context)
                                                     : evaluate(children_[i], context);
        if (holds) return true;
      }
      return false;
    case NodeKind::negation:
      return !evaluate(children_[node.children_begin], context);
    default:
      return evaluate_test(node, context);
  }
}

bool ConditionProgram::evaluate_test(const Node& node, EvaluationContext& context) const {
  switch (node.kind) {
    case NodeKind::number_vs_literal: {
      auto left = context.number(node.field);
      return left && compare(*left, node.op, node.literal);
    }
    case NodeKind::number_vs_field: {
      auto left = context.number(node.field);
      if (!left) return false;
      auto right = context.number(node.right_field);
      return right && compare(*left, node.op, *right);
    }
    case NodeKind::number_vs_scaled: {
      auto left = context.number(node.field);
      if (!left) return false;
      auto right = context.number(node.right_field);
      return right && compare_scaled(*left, node.op, node.factor, *right);
    }
    case NodeKind::text_vs_literal:
      return (context.text(node.field) == texts_[node.operand]) == (node.op == ComparisonOp::equal);
    case NodeKind::text_vs_field:
      return (context.text(node.field) == context.text(node.right_field)) ==
             (node.op == ComparisonOp::equal);
    case NodeKind::text_in:
      return sets_[node.operand].contains(context.text(node.field)) != node.negated;
    case NodeKind::text_starts:
      return context.text(node.field).starts_with(texts_[node.operand]);
    case NodeKind::text_starts_any:
      return sets_[node.operand].contains_prefix_of(context.text(node.field));
    case NodeKind::grade_in: {
      bool in = (node.grade_mask >> static_cast<unsigned>(context.grade())) & 1u;
      return in != node.negated;
    }
    default:
      break;
  }
  assert(false && "not a test node");
  return false;
}

}  // namespace oc
