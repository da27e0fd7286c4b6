// Shared pieces of the transit and seal-event JSON decoders (internal to src/transit): one parse
// with the body limits, and a reader of one JSON object that reports every problem with a code
// under the decoder's prefix ("transit.", "seal_event.") and a JSON-pointer path.
#pragma once

#include <simdjson.h>

#include <bitset>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/decimal.h"
#include "core/result.h"

namespace oc::transit_json {

// Nesting allowed in a transit or seal-event body (a transit needs 4: corridor.points[i][j]).
inline constexpr std::size_t json_depth_max = 8;
// A decimal written with more characters than this is refused before it is parsed.
inline constexpr std::size_t decimal_text_length_max = 32;

// Parses `json` (at most bytes_max bytes) with a thread-local parser. On failure appends the
// whole-body error (body.too_large, json.syntax, json.utf8, json.depth, json.type) and returns
// false.
bool parse_object(std::string_view json, std::size_t bytes_max, std::string_view what,
                  Errors& errors, simdjson::dom::object& out);

std::string_view json_type_name(simdjson::dom::element_type type);
// "~" -> "~0", "/" -> "~1" (RFC 6901).
std::string json_pointer_segment(std::string_view key);

// At most bytes_max bytes of valid UTF-8 `text`, cut at a character boundary (for messages).
std::string excerpt(std::string_view text, std::size_t bytes_max);

// Client-chosen identifiers and codes: 1..length_max characters of [A-Za-z0-9._:-], so that they
// can travel in URL paths and log lines unescaped.
bool is_identifier(std::string_view text, std::size_t length_max);

// Adds "<code_base>.length" or "<code_base>.syntax" at `path` (naming the field `name` in the
// message) unless is_identifier(text, length_max); returns whether it is one.
bool check_identifier(Errors& errors, std::string_view code_base, const std::string& path,
                      std::string_view name, std::string_view text, std::size_t length_max);

// Reads one JSON object whose field names are `names` (at most 16). Codes are
// "<prefix>.<field>.<rule>" where <field> is `field_prefix` + the key ("corridor.width_m").
class FieldReader {
 public:
  // `names` must outlive the reader (callers pass static arrays).
  FieldReader(Errors& errors, std::string_view prefix, std::string field_prefix, std::string path,
              std::span<const std::string_view> names)
      : errors_(errors),
        prefix_(prefix),
        field_prefix_(std::move(field_prefix)),
        path_(std::move(path)),
        names_(names) {}

  // Calls visit(index, key, value) for each known field in body order; reports unknown and
  // duplicate fields.
  template <class Visit>
  void each(simdjson::dom::object fields, Visit&& visit) {
    for (auto [key, value] : fields) {
      std::size_t index = index_of(key);
      if (index == names_.size()) {
        add_raw(std::string(prefix_) + ".field.unknown", path_ + "/" + json_pointer_segment(key),
                "unknown field '" + excerpt(key, 64) + "'");
        continue;
      }
      if (seen_.test(index)) {
        add_raw(std::string(prefix_) + ".field.duplicate", child(key),
                "field '" + std::string(key) + "' appears twice");
        continue;
      }
      seen_.set(index);
      visit(index, key, value);
    }
  }

  // Reports `<field>.required` for each name not seen.
  void require(std::initializer_list<std::string_view> required);
  bool seen(std::string_view key) const { return seen_.test(index_of(key)); }

  std::string child(std::string_view key) const { return path_ + "/" + std::string(key); }
  std::string code(std::string_view key, std::string_view rule) const;
  void add(std::string_view key, std::string_view rule, std::string message) {
    add_raw(code(key, rule), child(key), std::move(message));
  }
  void add_raw(std::string code, std::string path, std::string message) {
    errors_.push_back(Error{std::move(code), std::move(path), std::move(message)});
  }
  void wrong_type(std::string_view key, simdjson::dom::element value, std::string_view expected);

  // Each returns false (after adding an error) when the value is not of the expected shape.
  bool read_string(std::string_view key, simdjson::dom::element value, std::string& out);
  // A string that must be is_identifier(…, length_max): codes `.type`, `.length`, `.syntax`.
  bool read_identifier(std::string_view key, simdjson::dom::element value, std::size_t length_max,
                       std::string& out);
  // A decimal string: `.type`, `.decimal` (syntax, too many fraction digits, too long).
  bool read_decimal(std::string_view key, simdjson::dom::element value, int fraction_digits_max,
                    Decimal& out);
  // "YYYY-MM-DDTHH:MM:SS[.ffffff]Z" (a date alone is refused): `.type`, `.timestamp`.
  bool read_timestamp(std::string_view key, simdjson::dom::element value, TimePoint& out);
  bool read_object(std::string_view key, simdjson::dom::element value, simdjson::dom::object& out);
  bool read_array(std::string_view key, simdjson::dom::element value, simdjson::dom::array& out);

 private:
  std::size_t index_of(std::string_view key) const;

  Errors& errors_;
  std::string_view prefix_;
  std::string field_prefix_;
  std::string path_;
  std::span<const std::string_view> names_;
  std::bitset<16> seen_;
};

}  // namespace oc::transit_json
