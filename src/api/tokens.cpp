#include "api/tokens.h"

#include <sodium.h>

#include <cassert>

#include "core/json_writer.h"
#include "core/sha256.h"

namespace oc::api {
namespace {

std::string random_hex(std::size_t bytes_count) {
  static const bool initialised = sodium_init() >= 0;
  assert(initialised);
  (void)initialised;
  std::string bytes(bytes_count, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  std::string hex(bytes_count * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  hex.pop_back();
  return hex;
}

}  // namespace

NewToken generate_token() {
  NewToken token;
  token.secret = std::string(token_prefix) + random_hex(32);
  token.id = "tok_" + random_hex(8);
  token.sha256 = token_hash(token.secret);
  return token;
}

std::string token_hash(std::string_view secret) {
  return sha256_hex(secret);
}

bool is_token_syntax(std::string_view secret) {
  if (secret.size() != token_length || !secret.starts_with(token_prefix)) return false;
  for (char c : secret.substr(token_prefix.size())) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string token_to_json(const TokenRecord& token, std::string_view secret) {
  JsonWriter out;
  out.begin_object().field("id", token.id);
  if (!secret.empty()) out.field("token", secret);
  out.field("role", to_string(token.role));
  out.key("party");
  if (token.party.empty()) {
    out.null();
  } else {
    out.string(token.party);
  }
  out.key("offices").begin_array();
  for (const std::string& office : token.offices) out.string(office);
  out.end_array();
  out.field("label", token.label).field("created_at", format_timestamp(token.created_at));
  out.key("revoked_at");
  if (token.revoked_at) {
    out.string(format_timestamp(*token.revoked_at));
  } else {
    out.null();
  }
  out.end_object();
  return out.take();
}

}  // namespace oc::api
