// SHA-256 through libsodium: body hashes in the store and, later, the audit hash chain.
#pragma once

#include <string>
#include <string_view>

namespace oc {

// Lower-case hex digest of `data` (64 characters).
std::string sha256_hex(std::string_view data);

}  // namespace oc
