// Key files of the tax refund subsystem: one line of text, "<label> <base64url key bytes>\n".
// The label names what the key is for ("octr-ed25519-secret-v1", …) so that a public key cannot
// be loaded where a secret one is expected. Secret files are created with mode 0600 and never
// overwritten; loading a secret file that group or others can read is refused (as ssh does).
// Also the base64url helpers (libsodium, URL-safe alphabet, no padding) used by the payload.
// Thread safety: free functions without shared state.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace oc {

// A key file holds at most this many bytes (the longest valid one is under 100).
inline constexpr std::size_t key_file_bytes_max = 1024;

enum class KeyFileKind { secret, public_key };

// Errors: key.unreadable (cannot open or read; the message carries the reason), key.malformed
// (not "<label> <base64url>" with the expected label and key length), key.insecure_permissions
// (a secret file readable by group or others). The path of every error is the file's path.
Result<std::string> read_key_file(const std::filesystem::path& path, std::string_view label,
                                  std::size_t key_bytes, KeyFileKind kind);

// Creates the file (never replaces one: key.exists), mode 0600 for secrets and 0644 for public
// keys. Errors: key.exists, key.unwritable.
VoidResult write_key_file(const std::filesystem::path& path, std::string_view label,
                          std::string_view key, KeyFileKind kind);

// base64url without padding (RFC 4648 §5), the libsodium URLSAFE_NO_PADDING variant.
std::string base64url_encode(std::string_view bytes);
// nullopt unless `text` is the canonical base64url encoding of exactly `bytes_expected` bytes
// (no padding, no whitespace, unused trailing bits zero).
std::optional<std::string> base64url_decode(std::string_view text, std::size_t bytes_expected);

// Calls sodium_init() once; REQUIRES it to succeed (it only fails without a random source).
void ensure_sodium();

}  // namespace oc
