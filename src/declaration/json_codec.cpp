// Declaration JSON decoding (simdjson DOM, error-code API) and canonical encoding.
#include "declaration/json_codec.h"

#include <simdjson.h>

#include <bitset>
#include <array>
#include <initializer_list>
#include <span>

#include "core/json_writer.h"

namespace oc {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

std::string_view json_type_name(element_type type) {
  switch (type) {
    case element_type::ARRAY: return "an array";
    case element_type::OBJECT: return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return "a number";
    case element_type::STRING: return "a string";
    case element_type::BOOL: return "a boolean";
    case element_type::NULL_VALUE: return "null";
  }
  return "a value";
}

// Decodes one JSON object whose fields are listed in `names`; knows which were seen.
class ObjectDecoder {
 public:
  // `names` must outlive the decoder (the callers pass static arrays).
  ObjectDecoder(Errors& errors, std::string path, std::span<const std::string_view> names)
      : errors_(errors), path_(std::move(path)), names_(names) {}

  // Calls visit(index, key, value) for each known field; reports unknown and duplicate fields.
  template <class Visit>
  void each(object fields, Visit&& visit) {
    for (auto [key, value] : fields) {
      std::size_t index = index_of(key);
      if (index == names_.size()) {
        add("field.unknown", path_ + "/" + json_pointer_segment(key),
            "unknown field '" + std::string(key.substr(0, 64)) + "'");
        continue;
      }
      if (seen_.test(index)) {
        add("field.duplicate", child(key), "field '" + std::string(key) + "' appears twice");
        continue;
      }
      seen_.set(index);
      visit(index, key, value);
    }
  }

  void require(std::initializer_list<std::string_view> required) {
    for (std::string_view name : required) {
      if (!seen_.test(index_of(name))) {
        add(std::string(name) + ".required", child(name), "'" + std::string(name) + "' is required");
      }
    }
  }

  std::string child(std::string_view key) const { return path_ + "/" + std::string(key); }

  void add(std::string code, std::string path, std::string message) {
    errors_.push_back(Error{std::move(code), std::move(path), std::move(message)});
  }

  void wrong_type(std::string_view key, element value, std::string_view expected) {
    add(std::string(key) + ".type", child(key),
        "'" + std::string(key) + "' must be " + std::string(expected) + ", not " +
            std::string(json_type_name(value.type())));
  }

  // Reads a string field; false (and an error) when the value is not a string.
  bool read_string(std::string_view key, element value, std::string& out) {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) {
      wrong_type(key, value, "a string");
      return false;
    }
    out.assign(text);
    return true;
  }

  void read_decimal(std::string_view key, element value, int fraction_digits_max, Decimal& out) {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) {
      wrong_type(key, value, "a decimal string such as \"12.50\"");
      return;
    }
    if (text.size() > decimal_text_length_max) {
      add(std::string(key) + ".decimal", child(key),
          "'" + std::string(key) + "' has more than " + std::to_string(decimal_text_length_max) +
              " characters");
      return;
    }
    auto parsed = Decimal::parse(text, fraction_digits_max);
    if (!parsed) {
      add(std::string(key) + ".decimal", child(key),
          "'" + std::string(key) + "': " + parsed.error().message);
      return;
    }
    out = *parsed;
  }

  template <class Enum>
  void read_enum(std::string_view key, element value, std::optional<Enum> (*parse)(std::string_view),
                 Enum& out) {
    std::string text;
    if (!read_string(key, value, text)) return;
    auto parsed = parse(text);
    if (!parsed) {
      add(std::string(key) + ".invalid", child(key),
          "'" + text.substr(0, 64) + "' is not a valid " + std::string(key));
      return;
    }
    out = *parsed;
  }

  bool as_object(std::string_view key, element value, object& out) {
    if (value.get_object().get(out) != simdjson::SUCCESS) {
      wrong_type(key, value, "an object");
      return false;
    }
    return true;
  }

 private:
  std::size_t index_of(std::string_view key) const {
    std::size_t i = 0;
    for (std::string_view name : names_) {
      if (name == key) return i;
      ++i;
    }
    return names_.size();
  }

  Errors& errors_;
  std::string path_;
  std::span<const std::string_view> names_;
  std::bitset<32> seen_;
};

void decode_party(Errors& errors, const std::string& path, object fields, Party& party) {
  static constexpr std::array<std::string_view, 3> kNames = {"id", "name", "country"};
  ObjectDecoder decoder(errors, path, kNames);
  decoder.each(fields, [&](std::size_t index, std::string_view key, element value) {
    switch (index) {
      case 0: decoder.read_string(key, value, party.id); break;
      case 1: decoder.read_string(key, value, party.name); break;
      case 2: decoder.read_string(key, value, party.country); break;
    }
  });
  decoder.require({"id", "name"});
}

void decode_document(Errors& errors, const std::string& path, object fields, Document& document) {
  static constexpr std::array<std::string_view, 3> kNames = {"type", "id", "agreement"};
  ObjectDecoder decoder(errors, path, kNames);
  decoder.each(fields, [&](std::size_t index, std::string_view key, element value) {
    switch (index) {
      case 0: decoder.read_enum(key, value, parse_document_type, document.type); break;
      case 1: decoder.read_string(key, value, document.id); break;
      case 2: decoder.read_string(key, value, document.agreement); break;
    }
  });
  decoder.require({"type", "id"});
}

void decode_item(Errors& errors, const std::string& path, object fields, Item& item) {
  static constexpr std::array<std::string_view, 9> kNames = {
      "hs_code",     "description",   "origin",         "quantity",  "unit",
      "net_mass_kg", "gross_mass_kg", "invoice_amount", "preference"};
  ObjectDecoder decoder(errors, path, kNames);
  decoder.each(fields, [&](std::size_t index, std::string_view key, element value) {
    switch (index) {
      case 0: decoder.read_string(key, value, item.hs_code); break;
      case 1: decoder.read_string(key, value, item.description); break;
      case 2: decoder.read_string(key, value, item.origin); break;
      case 3: decoder.read_decimal(key, value, quantity_fraction_digits_max, item.quantity); break;
      case 4: decoder.read_string(key, value, item.unit); break;
      case 5:
        decoder.read_decimal(key, value, quantity_fraction_digits_max, item.net_mass_kg);
        break;
      case 6:
        decoder.read_decimal(key, value, quantity_fraction_digits_max, item.gross_mass_kg);
        break;
      case 7:
        decoder.read_decimal(key, value, money_fraction_digits_max, item.invoice_amount);
        break;
      case 8: decoder.read_string(key, value, item.preference); break;
    }
  });
  decoder.require({"hs_code", "description", "origin", "quantity", "unit", "net_mass_kg",
                   "gross_mass_kg", "invoice_amount"});
}

// Decodes an array of objects with `decode_one`, bounded by `count_max`.
template <class T, class DecodeOne>
void decode_list(ObjectDecoder& decoder, Errors& errors, std::string_view key, element value,
                 std::size_t count_max, std::vector<T>& out, DecodeOne decode_one) {
  simdjson::dom::array elements;
  if (value.get_array().get(elements) != simdjson::SUCCESS) {
    decoder.wrong_type(key, value, "an array");
    return;
  }
  std::size_t count = elements.size();
  if (count > count_max) {
    decoder.add(std::string(key) + ".count", decoder.child(key),
                std::string(key) + " has " + std::to_string(count) + " entries; at most " +
                    std::to_string(count_max) + " are allowed");
    return;
  }
  out.reserve(count);
  std::size_t position = 0;
  for (element entry : elements) {
    std::string path = decoder.child(key) + "/" + std::to_string(position++);
    object fields;
    out.emplace_back();
    if (entry.get_object().get(fields) != simdjson::SUCCESS) {
      errors.push_back(Error{std::string(key) + ".type", path,
                             "each entry of '" + std::string(key) + "' must be an object"});
      continue;
    }
    decode_one(errors, path, fields, out.back());
  }
}

void decode_root(Errors& errors, object fields, Declaration& d) {
  static constexpr std::array<std::string_view, 17> kNames = {
      "lrn",      "type",           "procedure",       "declarant",         "importer",
      "exporter", "office",         "port",            "transport_mode",    "trading_country",
      "departure_country", "incoterm", "currency",     "freight",           "insurance",
      "documents", "items"};
  ObjectDecoder decoder(errors, "", kNames);
  decoder.each(fields, [&](std::size_t index, std::string_view key, element value) {
    object party;
    switch (index) {
      case 0: decoder.read_string(key, value, d.lrn); break;
      case 1: decoder.read_enum(key, value, parse_declaration_type, d.type); break;
      case 2: decoder.read_string(key, value, d.procedure); break;
      case 3: decoder.read_string(key, value, d.declarant); break;
      case 4:
        if (decoder.as_object(key, value, party)) decode_party(errors, "/importer", party, d.importer);
        break;
      case 5:
        if (decoder.as_object(key, value, party)) decode_party(errors, "/exporter", party, d.exporter);
        break;
      case 6: decoder.read_string(key, value, d.office); break;
      case 7: decoder.read_string(key, value, d.port); break;
      case 8: decoder.read_enum(key, value, parse_transport_mode, d.transport_mode); break;
      case 9: decoder.read_string(key, value, d.trading_country); break;
      case 10: decoder.read_string(key, value, d.departure_country); break;
      case 11: decoder.read_enum(key, value, parse_incoterm, d.incoterm); break;
      case 12: decoder.read_string(key, value, d.currency); break;
      case 13: decoder.read_decimal(key, value, money_fraction_digits_max, d.freight); break;
      case 14: decoder.read_decimal(key, value, money_fraction_digits_max, d.insurance); break;
      case 15:
        decode_list(decoder, errors, key, value, documents_max, d.documents, decode_document);
        break;
      case 16: decode_list(decoder, errors, key, value, items_max, d.items, decode_item); break;
    }
  });
  decoder.require({"lrn", "type", "procedure", "declarant", "importer", "exporter", "office", "port",
                   "transport_mode", "trading_country", "incoterm", "currency", "items"});
}

Error parse_error(simdjson::error_code code) {
  switch (code) {
    case simdjson::UTF8_ERROR:
      return make_error("json.utf8", "", "the body is not valid UTF-8");
    case simdjson::DEPTH_ERROR:
      return make_error("json.depth", "",
                        "JSON nests deeper than " + std::to_string(json_depth_max) + " levels");
    case simdjson::EMPTY:
      return make_error("json.syntax", "", "the body is empty");
    case simdjson::CAPACITY:
      return make_error("body.too_large", "", "the body is too large");
    default:
      return make_error("json.syntax", "",
                        std::string("malformed JSON: ") + simdjson::error_message(code));
  }
}

void write_party(JsonWriter& out, const Party& party) {
  out.begin_object().field("id", party.id).field("name", party.name);
  if (!party.country.empty()) out.field("country", party.country);
  out.end_object();
}

}  // namespace

std::string json_pointer_segment(std::string_view key) {
  std::string segment;
  segment.reserve(key.size());
  for (char c : key) {
    if (c == '~') {
      segment += "~0";
    } else if (c == '/') {
      segment += "~1";
    } else {
      segment.push_back(c);
    }
  }
  return segment;
}

DecodedDeclaration decode_declaration(std::string_view json) {
  DecodedDeclaration result;
  if (json.size() > declaration_body_bytes_max) {
    result.errors.push_back(make_error("body.too_large", "",
                                       "the body has " + std::to_string(json.size()) +
                                           " bytes; at most " +
                                           std::to_string(declaration_body_bytes_max) +
                                           " are allowed"));
    return result;
  }
  if (json.empty()) {  // also keeps a null data() pointer away from simdjson's memcpy
    result.errors.push_back(make_error("json.syntax", "", "the body is empty"));
    return result;
  }
  thread_local simdjson::dom::parser parser(declaration_body_bytes_max + 64);
  thread_local bool configured = [] {
    return parser.allocate(declaration_body_bytes_max + 64, json_depth_max) == simdjson::SUCCESS;
  }();
  if (!configured) {
    result.errors.push_back(make_error("internal.allocation", "", "JSON parser allocation failed"));
    return result;
  }
  element root;
  auto code = parser.parse(json.data(), json.size(), true).get(root);
  if (code != simdjson::SUCCESS) {
    result.errors.push_back(parse_error(code));
    return result;
  }
  object fields;
  if (root.get_object().get(fields) != simdjson::SUCCESS) {
    result.errors.push_back(make_error("json.type", "",
                                       "a declaration must be a JSON object, not " +
                                           std::string(json_type_name(root.type()))));
    return result;
  }
  decode_root(result.errors, fields, result.declaration);
  return result;
}

std::string encode_declaration(const Declaration& d) {
  JsonWriter out;
  out.begin_object()
      .field("lrn", d.lrn)
      .field("type", to_string(d.type))
      .field("procedure", d.procedure)
      .field("declarant", d.declarant);
  out.key("importer");
  write_party(out, d.importer);
  out.key("exporter");
  write_party(out, d.exporter);
  out.field("office", d.office)
      .field("port", d.port)
      .field("transport_mode", to_string(d.transport_mode))
      .field("trading_country", d.trading_country);
  if (!d.departure_country.empty()) out.field("departure_country", d.departure_country);
  out.field("incoterm", to_string(d.incoterm))
      .field("currency", d.currency)
      .field("freight", d.freight.to_string())
      .field("insurance", d.insurance.to_string());
  out.key("documents").begin_array();
  for (const Document& document : d.documents) {
    out.begin_object().field("type", to_string(document.type)).field("id", document.id);
    if (!document.agreement.empty()) out.field("agreement", document.agreement);
    out.end_object();
  }
  out.end_array();
  out.key("items").begin_array();
  for (const Item& item : d.items) {
    out.begin_object()
        .field("hs_code", item.hs_code)
        .field("description", item.description)
        .field("origin", item.origin)
        .field("quantity", item.quantity.to_string())
        .field("unit", item.unit)
        .field("net_mass_kg", item.net_mass_kg.to_string())
        .field("gross_mass_kg", item.gross_mass_kg.to_string())
        .field("invoice_amount", item.invoice_amount.to_string())
        .field("preference", item.preference)
        .end_object();
  }
  out.end_array();
  out.end_object();
  return out.take();
}

}  // namespace oc
