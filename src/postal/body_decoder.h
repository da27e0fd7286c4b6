// Internal to src/postal: the shared machinery of the postal body decoders (one simdjson parse,
// every error at once with JSON-pointer paths, unknown and duplicate fields refused, required
// fields named). Not part of the library's interface.
#pragma once

#include <simdjson.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.h"
#include "core/result.h"
#include "postal/item.h"

namespace oc::postal_detail {

using simdjson::dom::element;
using simdjson::dom::object;

class BodyDecoder {
 public:
  explicit BodyDecoder(Errors& errors) : errors_(errors) {}

  void add(std::string code, std::string path, std::string message) {
    errors_.push_back(make_error(std::move(code), std::move(path), std::move(message)));
  }
  bool clean() const { return errors_.empty(); }

  // Parses `json` (at most `bytes_max`) into an object; on failure records body.too_large,
  // json.syntax, json.utf8 or json.type and returns nullopt. The object lives in this decoder's
  // parser, so it is valid while the decoder is.
  std::optional<object> parse(std::string_view json, std::size_t bytes_max, std::string_view what);

  // Calls visit(key, value) for each known field once; unknown fields (field.unknown), repeated
  // fields (field.duplicate) and missing required ones (postal.required) are errors.
  template <class Visit>
  void fields(object value, const std::string& path,
              std::initializer_list<std::string_view> required,
              std::initializer_list<std::string_view> optional, Visit&& visit) {
    std::vector<std::string_view> seen;
    for (simdjson::dom::key_value_pair member : value) {
      // Named copies, not a structured binding: clang 14 cannot capture those in a lambda.
      const std::string_view key = member.key;
      const element field = member.value;
      const std::string shown = printable_prefix(key);
      auto known = [&](std::initializer_list<std::string_view> names) {
        for (auto name : names)
          if (name == key) return true;
        return false;
      };
      if (!known(required) && !known(optional)) {
        add("field.unknown", path + "/" + shown, "unknown field '" + shown + "'");
        continue;
      }
      bool repeated = false;
      for (auto name : seen) repeated = repeated || name == key;
      if (repeated) {
        add("field.duplicate", path + "/" + shown, "field '" + shown + "' appears twice");
        continue;
      }
      seen.push_back(key);
      visit(key, field);
    }
    for (std::string_view name : required) {
      bool present = false;
      for (auto s : seen) present = present || s == name;
      if (!present) {
        add("postal.required", path + "/" + std::string(name), std::string(name) + " is required");
      }
    }
  }

  // The value as a string, else postal.type.
  std::optional<std::string_view> string(element value, const std::string& path);
  // The value as an object, else postal.type naming what was expected.
  std::optional<object> object_of(element value, const std::string& path,
                                  std::string_view expected);

  // A string of 1 to `bytes_max` bytes without control characters, else `code`.
  std::optional<std::string> text(element value, const std::string& path, std::string code,
                                  std::size_t bytes_max, std::string_view what);

  // A phone number normalised (core/identity_key.h normalize_phone), else postal.phone. Never echoes it.
  std::optional<std::string> phone(element value, const std::string& path);

  // A decimal amount in CNY with at most 2 fraction digits, 0 < amount ≤ postal_amount_max_cny,
  // else postal.amount.
  std::optional<Decimal> amount(element value, const std::string& path);

  // The contents array (1 to postal_contents_max lines of the content shape).
  std::vector<PostalContentLine> contents(element value, const std::string& path);

 private:
  static std::string printable_prefix(std::string_view key);

  Errors& errors_;
  simdjson::dom::parser parser_;
  simdjson::padded_string padded_;
};

// True for 1 to `bytes_max` bytes with no C0 control character and no DEL (UTF-8 validity is
// simdjson's).
bool printable_utf8(std::string_view text, std::size_t bytes_max);

}  // namespace oc::postal_detail
