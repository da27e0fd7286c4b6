#include "api/request_parsing.h"

#include <simdjson.h>

#include <algorithm>

#include "declaration/declaration.h"

namespace oc::api {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      int high = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
      int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      if (high < 0 || low < 0) return make_error("query.invalid", "", "bad percent-encoding");
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool contains(std::span<const std::string_view> names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

Result<Target> parse_target(std::string_view target) {
  Target result;
  std::size_t question = target.find('?');
  std::string_view path = target.substr(0, question);
  if (path.empty() || path.front() != '/') {
    return make_error("path.invalid", "", "the request target must be an absolute path");
  }
  auto decoded_path = percent_decode(path, false);
  if (!decoded_path) return make_error("path.invalid", "", "bad percent-encoding in the path");
  result.path = std::move(*decoded_path);
  if (question == std::string_view::npos) return result;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t equals = pair.find('=');
    auto name = percent_decode(pair.substr(0, equals), true);
    auto value =
        percent_decode(equals == std::string_view::npos ? "" : pair.substr(equals + 1), true);
    if (!name || !value)
      return make_error("query.invalid", "", "bad percent-encoding in the query");
    if (result.query.size() == query_parameters_max) {
      return make_error("query.invalid", "",
                        "more than " + std::to_string(query_parameters_max) + " query parameters");
    }
    if (!result.query.emplace(*name, *value).second) {
      return make_error("query.invalid", "?" + name->substr(0, 40),
                        "query parameter '" + name->substr(0, 40) + "' is repeated");
    }
  }
  return result;
}

VoidResult check_query(const Target& target, std::span<const std::string_view> allowed) {
  for (const auto& [name, value] : target.query) {
    if (!contains(allowed, name)) {
      return make_error("query.unknown", "?" + name.substr(0, 40),
                        "unknown query parameter '" + name.substr(0, 40) + "'");
    }
  }
  return {};
}

Result<SmallBody> parse_small_body(std::string_view body,
                                   std::span<const std::string_view> string_fields,
                                   std::span<const std::string_view> string_list_fields,
                                   std::span<const std::string_view> raw_fields) {
  SmallBody result;
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return result;
  if (body.size() > declaration_body_bytes_max) {
    return make_error("body.too_large", "", "the body is larger than the limit");
  }
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  auto code = parser.parse(body.data(), body.size(), true).get(root);
  if (code == simdjson::UTF8_ERROR)
    return make_error("json.utf8", "", "the body is not valid UTF-8");
  if (code != simdjson::SUCCESS) {
    return make_error("json.syntax", "",
                      std::string("malformed JSON: ") + simdjson::error_message(code));
  }
  simdjson::dom::object fields;
  if (root.get_object().get(fields) != simdjson::SUCCESS) {
    return make_error("json.type", "", "the body must be a JSON object");
  }
  for (auto [key, value] : fields) {
    std::string name(key);
    std::string path = "/" + name.substr(0, 64);
    if (contains(string_fields, key)) {
      std::string_view text;
      if (value.get_string().get(text) != simdjson::SUCCESS) {
        return make_error(name + ".type", path, "'" + name + "' must be a string");
      }
      if (!result.strings.emplace(name, std::string(text)).second) {
        return make_error("field.duplicate", path, "field '" + name + "' appears twice");
      }
    } else if (contains(string_list_fields, key)) {
      simdjson::dom::array items;
      if (value.get_array().get(items) != simdjson::SUCCESS) {
        return make_error(name + ".type", path, "'" + name + "' must be an array of strings");
      }
      std::vector<std::string> list;
      for (simdjson::dom::element item : items) {
        std::string_view text;
        if (item.get_string().get(text) != simdjson::SUCCESS) {
          return make_error(name + ".type", path, "'" + name + "' must be an array of strings");
        }
        list.emplace_back(text);
      }
      result.string_lists[name] = std::move(list);
    } else if (contains(raw_fields, key)) {
      result.raw[name] = simdjson::minify(value);
    } else {
      return make_error("field.unknown", path, "unknown field '" + name.substr(0, 64) + "'");
    }
  }
  return result;
}

}  // namespace oc::api
