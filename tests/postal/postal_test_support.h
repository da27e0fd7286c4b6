// Shared fixtures of the postal tests: the demo tariff, hashers with a fixed secret, and bodies.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/identity_key.h"
#include "postal/item.h"
#include "tariff/tariff.h"

namespace oc::postal_testing {

inline constexpr std::string_view kSecret = "0123456789abcdef0123456789abcdef";

inline const IdentityHasher& phone_hasher() {
  static const IdentityHasher hasher = [](std::string_view phone) {
    return identity_key(postal_phone_key_domain, phone, kSecret);
  };
  return hasher;
}

inline const IdentityHasher& id_hasher() {
  static const IdentityHasher hasher = [](std::string_view id) {
    return identity_key(postal_id_number_key_domain, id, kSecret);
  };
  return hasher;
}

inline const Tariff& demo_tariff() {
  static const Tariff tariff = [] {
    auto loaded = load_tariff(OC_SOURCE_DIR "/data/tariff");
    if (!loaded) {
      ADD_FAILURE() << loaded.error().code << " " << loaded.error().path;
      return Tariff{};
    }
    return std::move(*loaded);
  }();
  return tariff;
}

// 2026-11-23T10:00:00Z plus `minutes`.
inline TimePoint at(int minutes = 0) {
  return *parse_timestamp("2026-11-23T10:00:00Z") + std::chrono::minutes(minutes);
}

// code and path of each error, in order.
inline std::vector<std::pair<std::string, std::string>> codes(const Errors& errors) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& error : errors) out.emplace_back(error.code, error.path);
  return out;
}

using Expected = std::vector<std::pair<std::string, std::string>>;

inline const char* kItemBody = R"({"tracking_no":"EE123456785CN","origin":"JP",
  "sender":{"name":"Sato Hanako","address":"1-1 Chiyoda, Tokyo","country":"JP"},
  "recipient":{"name":"Li Lei","phone":"+86 138-0013-8000","address":"1 Renmin Rd, Shenzhen"},
  "contents":[{"description":"Green tea","category":"food_and_drink","quantity":"2","value":"3000","currency":"JPY"}]})";

}  // namespace oc::postal_testing
