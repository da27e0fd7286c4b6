// The field table.
#include "risk/rule_fields.h"

#include <array>

#include "declaration/declaration.h"
#include "risk/credit_grade.h"

namespace oc {
namespace {

bool is_declaration_type(std::string_view v) {
  return parse_declaration_type(v).has_value();
}
bool is_transport_mode(std::string_view v) {
  return parse_transport_mode(v).has_value();
}
bool is_incoterm(std::string_view v) {
  return parse_incoterm(v).has_value();
}
bool is_credit_grade(std::string_view v) {
  return parse_credit_grade(v).has_value();
}

using T = RuleValueType;
using L = RuleFieldLevel;
using F = RuleField;

constexpr std::array<RuleFieldInfo, rule_field_count> kFields = {{
    {"type", F::type, T::text, L::declaration, false, is_declaration_type},
    {"procedure", F::procedure, T::text, L::declaration, false, nullptr},
    {"declarant", F::declarant, T::text, L::declaration, false, nullptr},
    {"importer", F::importer, T::text, L::declaration, false, nullptr},
    {"exporter", F::exporter, T::text, L::declaration, false, nullptr},
    {"exporter_country", F::exporter_country, T::text, L::declaration, false, nullptr},
    {"office", F::office, T::text, L::declaration, false, nullptr},
    {"port", F::port, T::text, L::declaration, false, nullptr},
    {"transport_mode", F::transport_mode, T::text, L::declaration, false, is_transport_mode},
    {"trading_country", F::trading_country, T::text, L::declaration, false, nullptr},
    {"departure_country", F::departure_country, T::text, L::declaration, false, nullptr},
    {"incoterm", F::incoterm, T::text, L::declaration, false, is_incoterm},
    {"currency", F::currency, T::text, L::declaration, false, nullptr},
    {"item_count", F::item_count, T::number, L::declaration, false, nullptr},
    {"total_value", F::total_value, T::number, L::declaration, false, nullptr},
    {"freight", F::freight, T::number, L::declaration, false, nullptr},
    {"insurance", F::insurance, T::number, L::declaration, false, nullptr},
    {"grade", F::grade, T::grade, L::declaration, false, is_credit_grade},
    {"hs", F::hs, T::text, L::item, false, nullptr},
    {"hs6", F::hs6, T::text, L::item, false, nullptr},
    {"origin", F::origin, T::text, L::item, false, nullptr},
    {"preference", F::preference, T::text, L::item, false, nullptr},
    {"unit", F::unit, T::text, L::item, false, nullptr},
    {"quantity", F::quantity, T::number, L::item, false, nullptr},
    {"net_mass_kg", F::net_mass_kg, T::number, L::item, false, nullptr},
    {"gross_mass_kg", F::gross_mass_kg, T::number, L::item, false, nullptr},
    {"invoice_amount", F::invoice_amount, T::number, L::item, false, nullptr},
    {"unit_value", F::unit_value, T::number, L::item, false, nullptr},
    {"value_per_kg", F::value_per_kg, T::number, L::item, false, nullptr},
    {"mass_ratio", F::mass_ratio, T::number, L::item, false, nullptr},
    {"price_ratio", F::price_ratio, T::number, L::item, false, nullptr},
    {"reference", F::reference, T::number, L::item, true, nullptr},
    {"reference_q1", F::reference_q1, T::number, L::item, true, nullptr},
    {"reference_q3", F::reference_q3, T::number, L::item, true, nullptr},
}};

constexpr bool table_in_enum_order() {
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    if (static_cast<std::size_t>(kFields[i].field) != i) return false;
  }
  return true;
}
static_assert(table_in_enum_order(), "kFields must list the fields in RuleField order");

// EvaluationContext caches by field bit and resets the item fields' bits per item.
constexpr bool item_fields_last() {
  for (const RuleFieldInfo& info : kFields) {
    bool after_hs = static_cast<int>(info.field) >= static_cast<int>(RuleField::hs);
    if ((info.level == RuleFieldLevel::item) != after_hs) return false;
  }
  return true;
}
static_assert(item_fields_last(), "item fields come last in RuleField, from hs on");
static_assert(rule_field_count <= 64, "EvaluationContext keeps one bit per field");

}  // namespace

std::span<const RuleFieldInfo> rule_fields() {
  return kFields;
}

const RuleFieldInfo& rule_field_info(RuleField field) {
  return kFields[static_cast<std::size_t>(field)];
}

const RuleFieldInfo* find_rule_field(std::string_view name) {
  for (const RuleFieldInfo& info : kFields) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

}  // namespace oc
