// The compiled-in code tables. Units: the Rec. 20 codes Chinese statutory units map to.
// Procedures: the supervision modes the platform handles. Offices: a demo set of real Chinese
// customs office codes (directly-governed customs and some of their field offices).
#include "core/codes.h"

#include <algorithm>
#include <array>

namespace oc {
namespace {

bool all_of_class(std::string_view text, bool (*predicate)(char)) {
  return std::all_of(text.begin(), text.end(), predicate);
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
// UN/LOCODE's rules name 2-9 for location codes, but codes in use carry 0 and 1 too (DE9B0).
bool is_locode_char(char c) { return is_upper(c) || is_digit(c); }

constexpr std::array kUnits = {
    UnitInfo{"NAR", "number of articles"},
    UnitInfo{"PCE", "piece"},
    UnitInfo{"SET", "set"},
    UnitInfo{"PR", "pair"},
    UnitInfo{"KGM", "kilogram"},
    UnitInfo{"GRM", "gram"},
    UnitInfo{"TNE", "tonne"},
    UnitInfo{"LTR", "litre"},
    UnitInfo{"MLT", "millilitre"},
    UnitInfo{"MTR", "metre"},
    UnitInfo{"MTK", "square metre"},
    UnitInfo{"MTQ", "cubic metre"},
    UnitInfo{"KWH", "kilowatt hour"},
    UnitInfo{"CT", "carton"},
    UnitInfo{"DZN", "dozen"},
    UnitInfo{"CTM", "metric carat"},
};

constexpr std::array kProcedures = {
    ProcedureInfo{"0110", "general trade", ProcedureDirection::both},
    ProcedureInfo{"0130", "barter trade", ProcedureDirection::both},
    ProcedureInfo{"0200", "processing with supplied materials", ProcedureDirection::both},
    ProcedureInfo{"0615", "processing with imported materials", ProcedureDirection::both},
    ProcedureInfo{"1210", "bonded cross-border e-commerce", ProcedureDirection::import},
    ProcedureInfo{"1233", "bonded warehouse goods", ProcedureDirection::both},
    ProcedureInfo{"1239", "bonded cross-border e-commerce A", ProcedureDirection::import},
    ProcedureInfo{"1300", "repair goods", ProcedureDirection::both},
    ProcedureInfo{"2600", "temporary import/export goods", ProcedureDirection::both},
    ProcedureInfo{"3010", "goods for foreign-invested enterprises", ProcedureDirection::import},
    ProcedureInfo{"4500", "returned goods", ProcedureDirection::both},
    ProcedureInfo{"5000", "special customs supervision area equipment", ProcedureDirection::both},
    ProcedureInfo{"5034", "zone logistics goods entry", ProcedureDirection::both},
    ProcedureInfo{"6033", "bonded logistics centre goods", ProcedureDirection::both},
    ProcedureInfo{"9610", "cross-border e-commerce direct", ProcedureDirection::both},
    ProcedureInfo{"9700", "postal articles", ProcedureDirection::both},
    ProcedureInfo{"9710", "cross-border e-commerce B2B direct export", ProcedureDirection::export_},
    ProcedureInfo{"9810", "cross-border e-commerce export to overseas warehouse",
                  ProcedureDirection::export_},
};

constexpr std::array kOffices = {
    OfficeInfo{"0100", "Beijing Customs"},
    OfficeInfo{"0101", "Beijing Capital Airport Customs"},
    OfficeInfo{"0200", "Tianjin Customs"},
    OfficeInfo{"0202", "Tianjin Xingang Customs"},
    OfficeInfo{"2200", "Shanghai Customs"},
    OfficeInfo{"2201", "Shanghai Wusong Customs"},
    OfficeInfo{"2233", "Shanghai Pudong Airport Customs"},
    OfficeInfo{"2248", "Yangshan Customs"},
    OfficeInfo{"2300", "Nanjing Customs"},
    OfficeInfo{"2900", "Hangzhou Customs"},
    OfficeInfo{"3100", "Ningbo Customs"},
    OfficeInfo{"3500", "Xiamen Customs"},
    OfficeInfo{"4200", "Qingdao Customs"},
    OfficeInfo{"5100", "Guangzhou Customs"},
    OfficeInfo{"5141", "Guangzhou Baiyun Airport Customs"},
    OfficeInfo{"5200", "Huangpu Customs"},
    OfficeInfo{"5300", "Shenzhen Customs"},
    OfficeInfo{"5301", "Huanggang Customs"},
    OfficeInfo{"5304", "Shekou Customs"},
    OfficeInfo{"5316", "Yantian Customs"},
    OfficeInfo{"5349", "Qianhai Customs"},
    OfficeInfo{"5700", "Gongbei Customs"},
    OfficeInfo{"6400", "Haikou Customs"},
    OfficeInfo{"7900", "Chengdu Customs"},
    OfficeInfo{"8000", "Chongqing Customs"},
    OfficeInfo{"0900", "Dalian Customs"},
};

template <class Row, std::size_t N>
const Row* find_code(const std::array<Row, N>& rows, std::string_view code) {
  for (const Row& row : rows) {
    if (row.code == code) return &row;
  }
  return nullptr;
}

}  // namespace

bool is_hs_code_syntax(std::string_view code) {
  return (code.size() == 8 || code.size() == 10) && all_of_class(code, is_digit);
}
bool is_country_syntax(std::string_view code) {
  return code.size() == 2 && all_of_class(code, is_upper);
}
bool is_currency_syntax(std::string_view code) {
  return code.size() == 3 && all_of_class(code, is_upper);
}
bool is_locode_syntax(std::string_view code) {
  return code.size() == 5 && is_upper(code[0]) && is_upper(code[1]) &&
         all_of_class(code.substr(2), is_locode_char);
}
bool is_office_syntax(std::string_view code) {
  return code.size() == 4 && all_of_class(code, is_digit);
}

bool is_client_id_syntax(std::string_view id) {
  if (id.empty() || id.size() > client_id_length_max) return false;
  for (char c : id) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_')) {
      return false;
    }
  }
  return true;
}

std::span<const UnitInfo> units() { return kUnits; }
const UnitInfo* find_unit(std::string_view code) { return find_code(kUnits, code); }
std::span<const ProcedureInfo> procedures() { return kProcedures; }
const ProcedureInfo* find_procedure(std::string_view code) { return find_code(kProcedures, code); }
std::span<const OfficeInfo> offices() { return kOffices; }
const OfficeInfo* find_office(std::string_view code) { return find_code(kOffices, code); }

}  // namespace oc
