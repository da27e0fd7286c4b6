// Reading the risk model file's JSON (simdjson DOM): typed member access where every failure is
// a risk_model.format error whose path is the JSON pointer of the offending member. Internal to
// the risk model library; the loaders of the pipeline, the trees and the model file share it.
#pragma once

#include <simdjson.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace oc::risk_model::json {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

inline Error format_error(const std::string& path, std::string message) {
  return make_error("risk_model.format", path, std::move(message));
}

inline std::string child(const std::string& path, std::string_view key) {
  return path + "/" + std::string(key);
}
inline std::string child(const std::string& path, std::size_t index) {
  return path + "/" + std::to_string(index);
}

inline Result<object> as_object(const element& value, const std::string& path) {
  object out;
  if (value.get_object().get(out) != simdjson::SUCCESS)
    return format_error(path, "expected an object");
  return out;
}

inline Result<array> as_array(const element& value, const std::string& path) {
  array out;
  if (value.get_array().get(out) != simdjson::SUCCESS)
    return format_error(path, "expected an array");
  return out;
}

inline Result<element> member(const object& fields, std::string_view key, const std::string& path) {
  element out;
  if (fields.at_key(key).get(out) != simdjson::SUCCESS) {
    return format_error(child(path, key), "missing member");
  }
  return out;
}

inline Result<std::string_view> as_string(const element& value, const std::string& path) {
  std::string_view out;
  if (value.get_string().get(out) != simdjson::SUCCESS)
    return format_error(path, "expected a string");
  return out;
}

// Any JSON number, finite.
inline Result<double> as_number(const element& value, const std::string& path) {
  double out = 0;
  std::int64_t whole = 0;
  std::uint64_t positive = 0;
  if (value.get_int64().get(whole) == simdjson::SUCCESS) {
    out = static_cast<double>(whole);
  } else if (value.get_uint64().get(positive) == simdjson::SUCCESS) {
    out = static_cast<double>(positive);
  } else if (value.get_double().get(out) != simdjson::SUCCESS) {
    return format_error(path, "expected a number");
  }
  if (!std::isfinite(out)) return format_error(path, "expected a finite number");
  return out;
}

// An integer in [low, high] (a number with a fraction is an error).
inline Result<std::int64_t> as_integer(const element& value, const std::string& path,
                                       std::int64_t low, std::int64_t high) {
  std::int64_t out = 0;
  if (value.get_int64().get(out) != simdjson::SUCCESS || out < low || out > high) {
    return format_error(path,
                        "expected an integer " + std::to_string(low) + ".." + std::to_string(high));
  }
  return out;
}

inline Result<bool> as_bool(const element& value, const std::string& path) {
  bool out = false;
  if (value.get_bool().get(out) != simdjson::SUCCESS)
    return format_error(path, "expected true or false");
  return out;
}

}  // namespace oc::risk_model::json
