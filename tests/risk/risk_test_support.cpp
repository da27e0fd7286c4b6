#include "risk_test_support.h"

#include <fstream>
#include <sstream>
#include <utility>

namespace oc::testing {
namespace {

std::vector<std::pair<std::string, std::string>> split_pairs(std::string_view pairs,
                                                             std::string& error) {
  std::vector<std::pair<std::string, std::string>> result;
  std::istringstream in{std::string(pairs)};
  std::string word;
  while (in >> word) {
    std::size_t equals = word.find('=');
    if (equals == std::string::npos) {
      error = "'" + word + "' is not key=value";
      return {};
    }
    result.emplace_back(word.substr(0, equals), word.substr(equals + 1));
  }
  return result;
}

bool set_decimal(Decimal& field, const std::string& text, std::string& error) {
  auto parsed = Decimal::parse(text);
  if (!parsed) {
    error = "bad decimal '" + text + "'";
    return false;
  }
  field = *parsed;
  return true;
}

}  // namespace

Declaration base_declaration() {
  Declaration d;
  d.lrn = "LRN-RISK-1";
  d.type = DeclarationType::import;
  d.procedure = "4000";
  d.declarant = "1100000001";
  d.importer = Party{"1100000001", "Importer Co", "CN"};
  d.exporter = Party{"EX-001", "Exporter GmbH", "DE"};
  d.office = "2200";
  d.port = "CNSHA";
  d.transport_mode = TransportMode::sea;
  d.trading_country = "DE";
  d.departure_country = "DE";
  d.incoterm = Incoterm::FOB;
  d.currency = "USD";
  return d;
}

Item base_item() {
  Item item;
  item.hs_code = "8471300000";
  item.description = "goods";
  item.origin = "DE";
  item.quantity = Decimal::from_int(10);
  item.unit = "PCE";
  item.net_mass_kg = Decimal::from_int(100);
  item.gross_mass_kg = Decimal::from_int(110);
  item.invoice_amount = Decimal::from_int(5000);
  item.preference = "MFN";
  return item;
}

std::string apply_declaration_fields(Declaration& d, std::string_view pairs) {
  std::string error;
  for (auto& [key, value] : split_pairs(pairs, error)) {
    if (key == "type") {
      auto type = parse_declaration_type(value);
      if (!type) return "bad type " + value;
      d.type = *type;
    } else if (key == "procedure") {
      d.procedure = value;
    } else if (key == "declarant") {
      d.declarant = value;
    } else if (key == "importer") {
      d.importer.id = value;
    } else if (key == "exporter") {
      d.exporter.id = value;
    } else if (key == "exporter_country") {
      d.exporter.country = value;
    } else if (key == "office") {
      d.office = value;
    } else if (key == "port") {
      d.port = value;
    } else if (key == "mode") {
      auto mode = parse_transport_mode(value);
      if (!mode) return "bad mode " + value;
      d.transport_mode = *mode;
    } else if (key == "trading") {
      d.trading_country = value;
    } else if (key == "departure") {
      d.departure_country = value;
    } else if (key == "incoterm") {
      auto incoterm = parse_incoterm(value);
      if (!incoterm) return "bad incoterm " + value;
      d.incoterm = *incoterm;
    } else if (key == "currency") {
      d.currency = value;
    } else if (key == "freight") {
      if (!set_decimal(d.freight, value, error)) return error;
    } else if (key == "insurance") {
      if (!set_decimal(d.insurance, value, error)) return error;
    } else {
      return "unknown declaration key " + key;
    }
  }
  return error;
}

std::string apply_item_fields(Item& item, std::string_view pairs) {
  std::string error;
  for (auto& [key, value] : split_pairs(pairs, error)) {
    if (key == "hs") {
      item.hs_code = value;
    } else if (key == "origin") {
      item.origin = value;
    } else if (key == "unit") {
      item.unit = value;
    } else if (key == "preference") {
      item.preference = value;
    } else if (key == "quantity") {
      if (!set_decimal(item.quantity, value, error)) return error;
    } else if (key == "net") {
      if (!set_decimal(item.net_mass_kg, value, error)) return error;
    } else if (key == "gross") {
      if (!set_decimal(item.gross_mass_kg, value, error)) return error;
    } else if (key == "amount") {
      if (!set_decimal(item.invoice_amount, value, error)) return error;
    } else {
      return "unknown item key " + key;
    }
  }
  return error;
}

std::string describe(const FiredRule& fired) {
  std::string text(fired.id());
  if (fired.item_index) text += " item " + std::to_string(*fired.item_index);
  return text + " " + to_string(fired.action());
}

std::vector<std::string> describe(const std::vector<FiredRule>& fired) {
  std::vector<std::string> result;
  for (const FiredRule& one : fired) result.push_back(describe(one));
  return result;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace oc::testing
