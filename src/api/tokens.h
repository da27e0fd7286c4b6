// API bearer tokens: 256 random bits from libsodium, shown once, stored only as a SHA-256 hash.
// A token reads "oct_" + 64 hex digits; its public id "tok_" + 16 hex digits names it in lists,
// the audit log and revocation without revealing it.
#pragma once

#include <string>
#include <string_view>

#include "store/store.h"

namespace oc::api {

inline constexpr std::string_view token_prefix = "oct_";
inline constexpr std::size_t token_length = 4 + 64;

struct NewToken {
  std::string id;      // public
  std::string secret;  // the bearer token, shown once
  std::string sha256;  // what the store keeps
};

NewToken generate_token();
// The hash the store looks tokens up by.
std::string token_hash(std::string_view secret);
// Form check before any lookup: prefix, length, lower-case hex.
bool is_token_syntax(std::string_view secret);

// A token as the API and the CLI show it (never its hash); `secret` only at creation.
std::string token_to_json(const TokenRecord& token, std::string_view secret = {});

}  // namespace oc::api
