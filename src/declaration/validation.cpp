// The validation rules of a goods declaration, in field order.
#include "declaration/validation.h"

#include <algorithm>
#include <string>

#include "core/codes.h"

namespace oc {
namespace {

class Checker {
 public:
  Checker(Errors& errors, const Errors& decode_errors)
      : errors_(errors), decode_errors_(decode_errors) {}

  // True when decoding already reported a problem at `path` (or below it).
  bool decoded_badly(const std::string& path) const {
    if (decode_errors_.empty()) return false;
    return std::any_of(decode_errors_.begin(), decode_errors_.end(), [&](const Error& e) {
      return e.path == path || (e.path.size() > path.size() && e.path.starts_with(path) &&
                                e.path[path.size()] == '/');
    });
  }

  void add(std::string_view field, std::string_view rule, std::string path, std::string message) {
    errors_.push_back(Error{std::string(field) + "." + std::string(rule), std::move(path),
                            std::move(message)});
  }

  // Text: 1..length_max bytes of valid text without control characters.
  // REQUIRES: path ends with "/" + field.
  bool text(std::string_view field, const std::string& path, std::string_view value,
            std::size_t length_max) {
    if (decoded_badly(path)) return false;
    if (value.empty() || value.size() > length_max) {
      add(field, "length", path,
          std::string(field) + " must have 1 to " + std::to_string(length_max) +
              " characters; it has " + std::to_string(value.size()));
      return false;
    }
    bool has_control = std::any_of(value.begin(), value.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
    });
    if (has_control) {
      add(field, "characters", path, std::string(field) + " must not contain control characters");
      return false;
    }
    return true;
  }

  void country(std::string_view field, const std::string& path, std::string_view value,
               const ReferenceData& reference) {
    if (decoded_badly(path)) return;
    if (!is_country_syntax(value)) {
      add(field, "syntax", path,
          "'" + std::string(value.substr(0, 35)) + "' is not an ISO 3166 alpha-2 country code");
    } else if (!reference.has_country(value)) {
      add(field, "unknown", path, std::string(value) + " is not a known country");
    }
  }

  // A decimal with sign and size rules: minimum 0 (inclusive) or strictly positive.
  void amount(std::string_view field, const std::string& path, const Decimal& value,
              bool strictly_positive) {
    if (decoded_badly(path)) return;
    if (strictly_positive ? value.sign() <= 0 : value.sign() < 0) {
      add(field, strictly_positive ? "not_positive" : "negative", path,
          std::string(field) + " must be " + (strictly_positive ? "greater than 0" : "0 or more") +
              "; it is " + value.to_string());
      return;
    }
    if (value > Decimal::from_int(decimal_whole_max)) {
      add(field, "too_large", path,
          std::string(field) + " " + value.to_string() + " exceeds the limit of " +
              std::to_string(decimal_whole_max));
    }
  }

 private:
  Errors& errors_;
  const Errors& decode_errors_;
};

void check_party(Checker& check, std::string_view name, const Party& party,
                 const ReferenceData& reference) {
  std::string base = "/" + std::string(name);
  if (check.decoded_badly(base) && party.id.empty() && party.name.empty()) return;
  check.text("id", base + "/id", party.id, party_id_length_max);
  check.text("name", base + "/name", party.name, party_name_length_max);
  if (!party.country.empty()) check.country("country", base + "/country", party.country, reference);
}

void check_documents(Checker& check, const Declaration& d) {
  for (std::size_t i = 0; i < d.documents.size(); ++i) {
    const Document& document = d.documents[i];
    std::string base = "/documents/" + std::to_string(i);
    if (check.decoded_badly(base + "/type")) continue;
    check.text("id", base + "/id", document.id, document_id_length_max);
    std::string path = base + "/agreement";
    if (document.type == DocumentType::certificate_of_origin) {
      if (document.agreement.empty()) {
        if (!check.decoded_badly(path)) {
          check.add("agreement", "required", path,
                    "a certificate_of_origin names the agreement it is issued under");
        }
      } else if (!check.decoded_badly(path) && !is_known_agreement(document.agreement)) {
        check.add("agreement", "unknown", path,
                  "'" + document.agreement.substr(0, 35) + "' is not a known trade agreement");
      }
    } else if (!document.agreement.empty()) {
      check.add("agreement", "not_allowed", path,
                "only a certificate_of_origin carries an agreement");
    }
  }
}

bool has_certificate(const Declaration& d, std::string_view agreement) {
  return std::any_of(d.documents.begin(), d.documents.end(), [&](const Document& document) {
    return document.type == DocumentType::certificate_of_origin && document.agreement == agreement;
  });
}

void check_item(Checker& check, const Declaration& d, std::size_t index,
                const ReferenceData& reference) {
  const Item& item = d.items[index];
  std::string base = "/items/" + std::to_string(index);
  std::string path = base + "/hs_code";
  if (!check.decoded_badly(path)) {
    if (!is_hs_code_syntax(item.hs_code)) {
      check.add("hs_code", "syntax", path,
                "'" + item.hs_code.substr(0, 35) + "' is not an 8- or 10-digit tariff code");
    } else if (!reference.has_hs_subheading(std::string_view(item.hs_code).substr(0, 6))) {
      check.add("hs_code", "unknown", path,
                item.hs_code + " is not in the tariff: " + item.hs_code.substr(0, 6) +
                    " is not an HS subheading");
    }
  }
  check.text("description", base + "/description", item.description, description_length_max);
  check.country("origin", base + "/origin", item.origin, reference);
  check.amount("quantity", base + "/quantity", item.quantity, true);
  path = base + "/unit";
  if (!check.decoded_badly(path) && find_unit(item.unit) == nullptr) {
    check.add("unit", "unknown", path,
              "'" + item.unit.substr(0, 35) + "' is not a supported UN/ECE Rec. 20 unit");
  }
  check.amount("net_mass_kg", base + "/net_mass_kg", item.net_mass_kg, true);
  check.amount("gross_mass_kg", base + "/gross_mass_kg", item.gross_mass_kg, true);
  path = base + "/net_mass_kg";
  if (!check.decoded_badly(path) && !check.decoded_badly(base + "/gross_mass_kg") &&
      item.net_mass_kg > item.gross_mass_kg) {
    check.add("net_mass_kg", "exceeds_gross", path,
              "net mass " + item.net_mass_kg.to_string() + " kg exceeds gross mass " +
                  item.gross_mass_kg.to_string() + " kg");
  }
  check.amount("invoice_amount", base + "/invoice_amount", item.invoice_amount, false);
  path = base + "/preference";
  if (!check.decoded_badly(path) && item.preference != "MFN") {
    if (!is_known_agreement(item.preference)) {
      check.add("preference", "unknown", path,
                "'" + item.preference.substr(0, 35) + "' is neither MFN nor a known agreement");
    } else if (!has_certificate(d, item.preference)) {
      check.add("preference", "certificate_missing", path,
                "a preference under " + item.preference +
                    " needs a certificate_of_origin document for " + item.preference);
    }
  }
}

}  // namespace

Errors validate_declaration(const Declaration& d, const ReferenceData& reference,
                            const Errors& decode_errors) {
  Errors errors;
  Checker check(errors, decode_errors);
  check.text("lrn", "/lrn", d.lrn, lrn_length_max);
  if (!check.decoded_badly("/procedure")) {
    const ProcedureInfo* procedure = find_procedure(d.procedure);
    if (procedure == nullptr) {
      check.add("procedure", "unknown", "/procedure",
                "'" + d.procedure.substr(0, 35) + "' is not a known procedure code");
    } else if (!check.decoded_badly("/type") &&
               ((procedure->direction == ProcedureDirection::import &&
                 d.type != DeclarationType::import) ||
                (procedure->direction == ProcedureDirection::export_ &&
                 d.type != DeclarationType::export_))) {
      check.add("procedure", "direction", "/procedure",
                "procedure " + d.procedure + " (" + std::string(procedure->name) +
                    ") does not apply to an " + std::string(to_string(d.type)) + " declaration");
    }
  }
  check.text("declarant", "/declarant", d.declarant, party_id_length_max);
  check_party(check, "importer", d.importer, reference);
  check_party(check, "exporter", d.exporter, reference);
  if (!check.decoded_badly("/office")) {
    if (!is_office_syntax(d.office)) {
      check.add("office", "syntax", "/office",
                "'" + d.office.substr(0, 35) + "' is not a 4-digit customs office code");
    } else if (find_office(d.office) == nullptr) {
      check.add("office", "unknown", "/office", d.office + " is not a known customs office");
    }
  }
  if (!check.decoded_badly("/port")) {
    if (!is_locode_syntax(d.port)) {
      check.add("port", "syntax", "/port", "'" + d.port.substr(0, 35) + "' is not a UN/LOCODE");
    } else if (!reference.has_locode(d.port)) {
      check.add("port", "unknown", "/port", d.port + " is not a known UN/LOCODE");
    }
  }
  check.country("trading_country", "/trading_country", d.trading_country, reference);
  if (!d.departure_country.empty()) {
    check.country("departure_country", "/departure_country", d.departure_country, reference);
  }
  if (!check.decoded_badly("/currency")) {
    if (!is_currency_syntax(d.currency)) {
      check.add("currency", "syntax", "/currency",
                "'" + d.currency.substr(0, 35) + "' is not an ISO 4217 currency code");
    } else if (!reference.has_currency(d.currency)) {
      check.add("currency", "unknown", "/currency", d.currency + " is not a current currency");
    }
  }
  check.amount("freight", "/freight", d.freight, false);
  check.amount("insurance", "/insurance", d.insurance, false);
  check_documents(check, d);
  if (!check.decoded_badly("/items") && d.items.empty()) {
    check.add("items", "count", "/items",
              "a declaration has 1 to " + std::to_string(items_max) + " items; it has none");
  }
  for (std::size_t i = 0; i < d.items.size(); ++i) {
    if (check.decoded_badly("/items/" + std::to_string(i)) &&
        d.items[i] == Item{}) {
      continue;  // the entry was not an object at all
    }
    check_item(check, d, i, reference);
  }
  return errors;
}

DecodedDeclaration check_declaration(std::string_view json, const ReferenceData& reference) {
  DecodedDeclaration decoded = decode_declaration(json);
  if (!decoded.errors.empty() && decoded.errors.front().path.empty()) {
    return decoded;  // the body as a whole is unusable (syntax, size, not an object)
  }
  Errors semantic = validate_declaration(decoded.declaration, reference, decoded.errors);
  decoded.errors.insert(decoded.errors.end(), std::make_move_iterator(semantic.begin()),
                        std::make_move_iterator(semantic.end()));
  return decoded;
}

}  // namespace oc
