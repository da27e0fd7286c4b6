// Code lists the project keeps itself, and the syntax of every code a declaration carries.
//
// Syntax checks are pure and cheap. Membership in the large external lists (HS subheadings,
// countries, currencies, UN/LOCODE) is checked against ReferenceData; the small lists the project
// owns (UN/ECE Rec. 20 units in use, customs procedure codes, customs offices) are compiled in
// here, each row with the reason it exists.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace oc {

// 8 or 10 ASCII digits (a national tariff line).
bool is_hs_code_syntax(std::string_view code);
// Two upper-case ASCII letters.
bool is_country_syntax(std::string_view code);
// Three upper-case ASCII letters.
bool is_currency_syntax(std::string_view code);
// Two upper-case letters then three of [A-Z0-9] (the published list uses 0 and 1 as well).
bool is_locode_syntax(std::string_view code);
// Four ASCII digits.
bool is_office_syntax(std::string_view code);
// A client-chosen id of a regimes-v1 record (a refund form, an e-commerce document, a postal
// refund request…): 1 to client_id_length_max of A-Z a-z 0-9 '-' '_', so that it fits in a path
// segment and a QR payload unescaped.
inline constexpr std::size_t client_id_length_max = 64;
bool is_client_id_syntax(std::string_view id);

struct UnitInfo {
  std::string_view code;  // UN/ECE Rec. 20 common code
  std::string_view name;
};
std::span<const UnitInfo> units();
const UnitInfo* find_unit(std::string_view code);

enum class ProcedureDirection { import, export_, both };
struct ProcedureInfo {
  std::string_view code;  // China customs supervision mode (监管方式) code
  std::string_view name;
  ProcedureDirection direction;
};
std::span<const ProcedureInfo> procedures();
const ProcedureInfo* find_procedure(std::string_view code);

struct OfficeInfo {
  std::string_view code;  // 4-digit customs office code (关区代码)
  std::string_view name;
};
std::span<const OfficeInfo> offices();
const OfficeInfo* find_office(std::string_view code);

}  // namespace oc
