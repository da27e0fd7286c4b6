// The fields a targeting rule can test: their names, value types, and whether they belong to the
// declaration or to one item. One table, read by the checker (names and types), the compiler
// (indexes) and the evaluator (how to read each value). docs/risk-rules.md lists them.
// Thread safety: immutable tables.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace oc {

enum class RuleField : std::uint8_t {
  // The declaration.
  type,               // import | export
  procedure,          // customs procedure code
  declarant,          // declarant id
  importer,           // importer id
  exporter,           // exporter id
  exporter_country,   // "" when absent
  office,             // customs office code
  port,               // UN/LOCODE
  transport_mode,     // sea | air | road | rail | post | pipeline | other
  trading_country,    //
  departure_country,  // "" when absent
  incoterm,           // EXW ... DDP
  currency,           // ISO 4217 of every amount
  item_count,         // number of items
  total_value,        // sum of the items' invoice amounts, in the declaration's currency
  freight,            //
  insurance,          //
  grade,              // the declarant's credit grade (an input of the evaluation)
  // One item.
  hs,              // the item's commodity code (8 or 10 digits)
  hs6,             // its first six digits
  origin,          // country of origin
  preference,      // MFN or an agreement code
  unit,            // unit of quantity
  quantity,        //
  net_mass_kg,     //
  gross_mass_kg,   //
  invoice_amount,  // in the declaration's currency
  unit_value,      // invoice_amount / quantity
  value_per_kg,    // invoice_amount / net_mass_kg
  mass_ratio,      // net_mass_kg / gross_mass_kg
  price_ratio,     // unit_value / reference(hs6, origin)
  reference,       // reference(hs6, origin): median unit value of accepted history
  reference_q1,    // first quartile
  reference_q3,    // third quartile
};
inline constexpr std::size_t rule_field_count = 34;

enum class RuleValueType { text, number, grade };
enum class RuleFieldLevel { declaration, item };

struct RuleFieldInfo {
  std::string_view name;
  RuleField field;
  RuleValueType type;
  RuleFieldLevel level;
  bool call;  // written as a function: reference(hs6, origin)
  // For an enumerated text field: whether `value` is one of its values; nullptr for free text.
  bool (*accepts)(std::string_view value);
};

// Every field, in RuleField order.
std::span<const RuleFieldInfo> rule_fields();
const RuleFieldInfo& rule_field_info(RuleField field);
// nullptr when no field has that name.
const RuleFieldInfo* find_rule_field(std::string_view name);

}  // namespace oc
