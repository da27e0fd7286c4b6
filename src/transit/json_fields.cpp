// The transit decoders' shared JSON reading (simdjson DOM, error-code API; never throws).
#include "transit/json_fields.h"

#include <cassert>

namespace oc::transit_json {

using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

// The largest body any transit route accepts; the thread-local parser is sized for it once.
constexpr std::size_t parser_capacity_bytes = 256 * 1024;

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

}  // namespace

std::string_view json_type_name(element_type type) {
  switch (type) {
    case element_type::ARRAY:
      return "an array";
    case element_type::OBJECT:
      return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      return "a number";
    case element_type::STRING:
      return "a string";
    case element_type::BOOL:
      return "a boolean";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "a value";
}

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

std::string excerpt(std::string_view text, std::size_t bytes_max) {
  if (text.size() <= bytes_max) return std::string(text);
  std::size_t end = bytes_max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "…";
}

bool is_identifier(std::string_view text, std::size_t length_max) {
  if (text.empty() || text.size() > length_max) return false;
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool check_identifier(Errors& errors, std::string_view code_base, const std::string& path,
                      std::string_view name, std::string_view text, std::size_t length_max) {
  if (text.empty() || text.size() > length_max) {
    errors.push_back(Error{std::string(code_base) + ".length", path,
                           "'" + std::string(name) + "' must have 1 to " +
                               std::to_string(length_max) + " characters, not " +
                               std::to_string(text.size())});
    return false;
  }
  if (!is_identifier(text, length_max)) {
    errors.push_back(
        Error{std::string(code_base) + ".syntax", path,
              "'" + std::string(name) + "' may hold only ASCII letters, digits and . _ : -"});
    return false;
  }
  return true;
}

bool parse_object(std::string_view json, std::size_t bytes_max, std::string_view what,
                  Errors& errors, simdjson::dom::object& out) {
  assert(bytes_max <= parser_capacity_bytes);
  if (json.size() > bytes_max) {
    errors.push_back(make_error("body.too_large", "",
                                "the body has " + std::to_string(json.size()) + " bytes; at most " +
                                    std::to_string(bytes_max) + " are allowed"));
    return false;
  }
  if (json.empty()) {  // also keeps a null data() pointer away from simdjson's memcpy
    errors.push_back(make_error("json.syntax", "", "the body is empty"));
    return false;
  }
  thread_local simdjson::dom::parser parser(parser_capacity_bytes);
  thread_local bool configured = [] {
    return parser.allocate(parser_capacity_bytes, json_depth_max) == simdjson::SUCCESS;
  }();
  if (!configured) {
    errors.push_back(make_error("internal.allocation", "", "JSON parser allocation failed"));
    return false;
  }
  element root;
  auto code = parser.parse(json.data(), json.size(), true).get(root);
  if (code != simdjson::SUCCESS) {
    errors.push_back(parse_error(code));
    return false;
  }
  if (root.get_object().get(out) != simdjson::SUCCESS) {
    errors.push_back(make_error("json.type", "",
                                std::string(what) + " must be a JSON object, not " +
                                    std::string(json_type_name(root.type()))));
    return false;
  }
  return true;
}

std::size_t FieldReader::index_of(std::string_view key) const {
  std::size_t i = 0;
  for (std::string_view name : names_) {
    if (name == key) return i;
    ++i;
  }
  return names_.size();
}

void FieldReader::require(std::initializer_list<std::string_view> required) {
  for (std::string_view name : required) {
    assert(index_of(name) < names_.size());
    if (!seen_.test(index_of(name))) {
      add(name, "required", "'" + std::string(name) + "' is required");
    }
  }
}

std::string FieldReader::code(std::string_view key, std::string_view rule) const {
  std::string result;
  result.reserve(prefix_.size() + field_prefix_.size() + key.size() + rule.size() + 2);
  result.append(prefix_).append(".").append(field_prefix_).append(key).append(".").append(rule);
  return result;
}

void FieldReader::wrong_type(std::string_view key, element value, std::string_view expected) {
  add(key, "type",
      "'" + std::string(key) + "' must be " + std::string(expected) + ", not " +
          std::string(json_type_name(value.type())));
}

bool FieldReader::read_string(std::string_view key, element value, std::string& out) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) {
    wrong_type(key, value, "a string");
    return false;
  }
  out.assign(text);
  return true;
}

bool FieldReader::read_identifier(std::string_view key, element value, std::size_t length_max,
                                  std::string& out) {
  if (!read_string(key, value, out)) return false;
  std::string base = std::string(prefix_) + "." + field_prefix_ + std::string(key);
  return check_identifier(errors_, base, child(key), key, out, length_max);
}

bool FieldReader::read_decimal(std::string_view key, element value, int fraction_digits_max,
                               Decimal& out) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) {
    wrong_type(key, value, "a decimal string such as \"12.50\"");
    return false;
  }
  if (text.size() > decimal_text_length_max) {
    add(key, "decimal",
        "'" + std::string(key) + "' has more than " + std::to_string(decimal_text_length_max) +
            " characters");
    return false;
  }
  auto parsed = Decimal::parse(text, fraction_digits_max);
  if (!parsed) {
    add(key, "decimal", "'" + std::string(key) + "': " + parsed.error().message);
    return false;
  }
  out = *parsed;
  return true;
}

bool FieldReader::read_timestamp(std::string_view key, element value, TimePoint& out) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) {
    wrong_type(key, value, "a timestamp string such as \"2026-11-23T18:00:00Z\"");
    return false;
  }
  auto parsed = text.size() > 10 ? parse_timestamp(text) : std::nullopt;
  if (!parsed) {
    add(key, "timestamp",
        "'" + std::string(key) + "' must be a UTC timestamp YYYY-MM-DDTHH:MM:SS[.ffffff]Z, not '" +
            excerpt(text, 40) + "'");
    return false;
  }
  out = *parsed;
  return true;
}

bool FieldReader::read_object(std::string_view key, element value, simdjson::dom::object& out) {
  if (value.get_object().get(out) != simdjson::SUCCESS) {
    wrong_type(key, value, "an object");
    return false;
  }
  return true;
}

bool FieldReader::read_array(std::string_view key, element value, simdjson::dom::array& out) {
  if (value.get_array().get(out) != simdjson::SUCCESS) {
    wrong_type(key, value, "an array");
    return false;
  }
  return true;
}

}  // namespace oc::transit_json
