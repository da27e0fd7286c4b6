// Small parsing helpers of the API: query strings, the JSON bodies of actions and token
// requests. Each failure is an Error with a stable code and a path.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace oc::api {

inline constexpr std::size_t query_parameters_max = 32;

// "/v1/declarations?status=lodged&limit=10" -> path and decoded parameters. Errors:
// query.invalid (bad percent-encoding, repeated or too many parameters), path.invalid.
struct Target {
  std::string path;
  std::map<std::string, std::string, std::less<>> query;
};
Result<Target> parse_target(std::string_view target);

// Refuses parameters outside `allowed` (query.unknown, path "?name").
VoidResult check_query(const Target& target, std::span<const std::string_view> allowed);

// A small JSON object body: every field must be in `string_fields` (a JSON string),
// `string_list_fields` (an array of strings) or `raw_fields` (any JSON value, kept minified).
// An empty body is an empty object. Errors: json.*, field.unknown, <field>.type.
struct SmallBody {
  std::map<std::string, std::string, std::less<>> strings;
  std::map<std::string, std::vector<std::string>, std::less<>> string_lists;
  std::map<std::string, std::string, std::less<>> raw;
};
Result<SmallBody> parse_small_body(std::string_view body,
                                   std::span<const std::string_view> string_fields,
                                   std::span<const std::string_view> string_list_fields = {},
                                   std::span<const std::string_view> raw_fields = {});

}  // namespace oc::api
