#include "postal/body_decoder.h"

#include "core/codes.h"

namespace oc::postal_detail {
namespace {

bool is_category_name(std::string_view text) {
  if (text.empty() || text.size() > postal_category_length_max) return false;
  for (char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

bool printable_utf8(std::string_view text, std::size_t bytes_max) {
  if (text.empty() || text.size() > bytes_max) return false;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return false;
  }
  return true;
}

std::string BodyDecoder::printable_prefix(std::string_view key) {
  // Keys are echoed in paths and messages: at most 64 bytes, control characters as '?', and a
  // cut never splits a UTF-8 character.
  std::size_t end = std::min<std::size_t>(key.size(), 64);
  while (end < key.size() && end > 0 && (static_cast<unsigned char>(key[end]) & 0xC0) == 0x80)
    --end;
  std::string shown(key.substr(0, end));
  for (char& c : shown) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = '?';
  }
  return shown;
}

std::optional<object> BodyDecoder::parse(std::string_view json, std::size_t bytes_max,
                                         std::string_view what) {
  if (json.size() > bytes_max) {
    add("body.too_large", "",
        std::string(what) + " body is at most " + std::to_string(bytes_max) + " bytes");
    return std::nullopt;
  }
  padded_ = simdjson::padded_string(json);
  element root;
  if (auto error = parser_.parse(padded_).get(root); error != simdjson::SUCCESS) {
    add(error == simdjson::UTF8_ERROR ? "json.utf8" : "json.syntax", "",
        "the body is not well-formed JSON");
    return std::nullopt;
  }
  object body;
  if (root.get_object().get(body) != simdjson::SUCCESS) {
    add("json.type", "", "the body must be a JSON object");
    return std::nullopt;
  }
  return body;
}

std::optional<std::string_view> BodyDecoder::string(element value, const std::string& path) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) {
    add("postal.type", path, "must be a string");
    return std::nullopt;
  }
  return text;
}

std::optional<object> BodyDecoder::object_of(element value, const std::string& path,
                                             std::string_view expected) {
  object out;
  if (value.get_object().get(out) != simdjson::SUCCESS) {
    add("postal.type", path, "must be an object " + std::string(expected));
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> BodyDecoder::text(element value, const std::string& path,
                                             std::string code, std::size_t bytes_max,
                                             std::string_view what) {
  auto text = string(value, path);
  if (!text) return std::nullopt;
  if (!printable_utf8(*text, bytes_max)) {
    add(std::move(code), path,
        std::string(what) + " of 1 to " + std::to_string(bytes_max) +
            " bytes without control characters");
    return std::nullopt;
  }
  return std::string(*text);
}

std::optional<std::string> BodyDecoder::phone(element value, const std::string& path) {
  auto text = string(value, path);
  if (!text) return std::nullopt;
  auto normalised = normalize_phone(*text);
  if (!normalised) {
    add("postal.phone", path,
        "a phone number: 5 to 15 digits, optionally with +country code (at most 32 characters)");
    return std::nullopt;
  }
  return normalised;
}

std::optional<Decimal> BodyDecoder::amount(element value, const std::string& path) {
  auto text = string(value, path);
  if (!text) return std::nullopt;
  auto amount = text->size() <= 32 ? Decimal::parse(*text, 2) : Result<Decimal>(Error{});
  if (!amount || amount->sign() <= 0 || *amount > Decimal::from_int(postal_amount_max_cny)) {
    add("postal.amount", path,
        "a positive CNY amount such as \"61.30\": at most 2 fraction digits and " +
            std::to_string(postal_amount_max_cny));
    return std::nullopt;
  }
  return amount->rescale(2, Rounding::down).value();
}

std::vector<PostalContentLine> BodyDecoder::contents(element value, const std::string& path) {
  std::vector<PostalContentLine> lines;
  simdjson::dom::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS) {
    add("postal.type", path, "contents must be an array");
    return lines;
  }
  if (array.size() == 0) {
    add("postal.no_contents", path, "at least one content line");
    return lines;
  }
  if (array.size() > postal_contents_max) {
    add("postal.too_many_contents", path,
        "at most " + std::to_string(postal_contents_max) + " content lines");
    return lines;
  }
  std::size_t index = 0;
  for (element entry : array) {
    const std::string line_path = path + "/" + std::to_string(index++);
    auto fields_of =
        object_of(entry, line_path, "{description, category, quantity, value, currency}");
    if (!fields_of) continue;
    PostalContentLine line;
    int found = 0;
    fields(*fields_of, line_path, {"description", "category", "quantity", "value", "currency"}, {},
           [&](std::string_view key, element field) {
             const std::string child = line_path + "/" + std::string(key);
             if (key == "description") {
               auto d = text(field, child, "postal.description", postal_description_bytes_max,
                             "a description");
               if (d) line.description = std::move(*d), ++found;
               return;
             }
             auto v = string(field, child);
             if (!v) return;
             if (key == "category") {
               if (!is_category_name(*v)) {
                 add("postal.category", child,
                     "a postal category name such as \"food_and_drink\" (a-z, 0-9, _; at most 64)");
               } else {
                 line.category = std::string(*v), ++found;
               }
             } else if (key == "quantity") {
               auto q = v->size() <= 32 ? Decimal::parse(*v, postal_quantity_fraction_digits_max)
                                        : Result<Decimal>(Error{});
               if (!q || q->sign() <= 0 || *q > Decimal::from_int(postal_quantity_max)) {
                 add("postal.quantity", child,
                     "a positive number of pieces: at most 3 fraction digits and 1,000,000");
               } else {
                 line.quantity = *q, ++found;
               }
             } else if (key == "value") {
               auto a = v->size() <= 32 ? Decimal::parse(*v, postal_value_fraction_digits_max)
                                        : Result<Decimal>(Error{});
               if (!a || a->sign() <= 0 || *a > Decimal::from_int(postal_value_max)) {
                 add("postal.value", child,
                     "a positive value in the line's currency: at most 2 fraction digits and "
                     "10,000,000");
               } else {
                 line.value = *a, ++found;
               }
             } else {
               if (!is_currency_syntax(*v)) {
                 add("postal.currency", child, "an ISO 4217 currency code such as \"JPY\"");
               } else {
                 line.currency = std::string(*v), ++found;
               }
             }
           });
    if (found == 5) lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace oc::postal_detail
