// Signing refund forms for their QR codes: Ed25519 keys (libsodium), their files, and the QR
// payload a store prints and an exit port scans.
//
// Payload (docs/taxrefund.md): "OCTR1.<form id>.<purchase date>.<content hash>.<signature>"
//   OCTR1          format and version
//   form id        [A-Za-z0-9_-]{1,64} (refund_form_id_length_max)
//   purchase date  YYYY-MM-DD
//   content hash   SHA-256 of the canonical form JSON, base64url without padding (43 characters)
//   signature      Ed25519 over every byte before the last '.', base64url without padding (86)
// All of it is URL-safe ASCII, at most 212 bytes. The signature covers exactly the characters
// transmitted, and both base64url fields must be canonical, so any change of any byte is refused.
//
// Key files (taxrefund/key_file.h): the secret key holds the 32-byte Ed25519 seed
// ("octr-ed25519-secret-v1 <base64url>", mode 0600, never overwritten); the public key
// ("octr-ed25519-public-v1 <base64url>") can be handed to every exit port and kiosk.
// Thread safety: keys are immutable after creation; signing and verifying are reentrant.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"
#include "taxrefund/refund_form.h"

namespace oc {

inline constexpr std::string_view refund_payload_format = "OCTR1";
// The longest payload the format allows is 5+1+64+1+10+1+43+1+86 = 212 bytes.
inline constexpr std::size_t refund_payload_length_max = 212;

class RefundPublicKey {
 public:
  static constexpr std::size_t bytes = 32;
  static constexpr std::string_view file_label = "octr-ed25519-public-v1";

  // From base64url text (43 characters). Error: key.malformed.
  static Result<RefundPublicKey> from_text(std::string_view text);
  // Errors: key.unreadable, key.malformed.
  static Result<RefundPublicKey> load(const std::filesystem::path& path);
  // Errors: key.exists, key.unwritable.
  VoidResult save(const std::filesystem::path& path) const;

  std::string to_text() const;
  const std::string& bytes_view() const { return key_; }
  bool operator==(const RefundPublicKey&) const = default;

 private:
  friend class RefundSigningKey;
  explicit RefundPublicKey(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

class RefundSigningKey {
 public:
  static constexpr std::size_t seed_bytes = 32;
  static constexpr std::string_view file_label = "octr-ed25519-secret-v1";

  static RefundSigningKey generate();
  // A deterministic key, for tests and fixtures. REQUIRES: seed.size() == seed_bytes
  static RefundSigningKey from_seed(std::string_view seed);
  // Errors: key.unreadable, key.malformed, key.insecure_permissions.
  static Result<RefundSigningKey> load(const std::filesystem::path& path);
  // Writes the secret file (0600). Errors: key.exists, key.unwritable.
  VoidResult save(const std::filesystem::path& path) const;

  RefundSigningKey(RefundSigningKey&&) = default;
  RefundSigningKey& operator=(RefundSigningKey&&) = default;
  RefundSigningKey(const RefundSigningKey&) = delete;
  RefundSigningKey& operator=(const RefundSigningKey&) = delete;
  ~RefundSigningKey();

  const RefundPublicKey& public_key() const { return public_key_; }
  // The 64-byte detached Ed25519 signature of `message`.
  std::string sign(std::string_view message) const;

 private:
  RefundSigningKey(std::string seed, std::string secret_key, RefundPublicKey public_key)
      : seed_(std::move(seed)),
        secret_key_(std::move(secret_key)),
        public_key_(std::move(public_key)) {}
  std::string seed_;        // what the key file holds
  std::string secret_key_;  // libsodium's 64-byte expanded secret key
  RefundPublicKey public_key_;
};

// What a payload says, once its signature is verified.
struct RefundPayload {
  std::string form_id;
  std::string purchase_date;  // YYYY-MM-DD
  std::string content_hash;   // base64url, as refund_form_content_hash gives it
  bool operator==(const RefundPayload&) const = default;
};

// The signed payload of a decoded form (its id, date and refund_form_content_hash).
// REQUIRES: the form decoded without errors.
std::string make_refund_payload(const RefundForm& form, const RefundSigningKey& key);
// REQUIRES: form_id and purchase_date are valid (is_calendar_date), content_hash is 43 base64url.
std::string make_refund_payload(const RefundPayload& fields, const RefundSigningKey& key);

// Errors: form.payload_malformed (not an OCTR1 payload: length, prefix, field count, id, date,
// base64url), form.signature_invalid (well-formed, but not signed by `key` as it stands).
Result<RefundPayload> verify_payload(std::string_view payload, const RefundPublicKey& key);

}  // namespace oc
