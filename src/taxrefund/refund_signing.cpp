#include "taxrefund/refund_signing.h"

#include <sodium.h>

#include <array>
#include <cassert>

#include "taxrefund/key_file.h"

namespace oc {
namespace {

static_assert(RefundPublicKey::bytes == crypto_sign_PUBLICKEYBYTES);
static_assert(RefundSigningKey::seed_bytes == crypto_sign_SEEDBYTES);
constexpr std::size_t kHashBytes = crypto_hash_sha256_BYTES;
constexpr std::size_t kSignatureBytes = crypto_sign_BYTES;

const unsigned char* bytes_of(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

Error malformed(std::string message) {
  return make_error("form.payload_malformed", "/qr_payload", std::move(message));
}

}  // namespace

Result<RefundPublicKey> RefundPublicKey::from_text(std::string_view text) {
  auto key = base64url_decode(text, bytes);
  if (!key) return make_error("key.malformed", "", "a public key is 43 characters of base64url");
  return RefundPublicKey(std::move(*key));
}

Result<RefundPublicKey> RefundPublicKey::load(const std::filesystem::path& path) {
  auto key = read_key_file(path, file_label, bytes, KeyFileKind::public_key);
  if (!key) return std::move(key).error();
  return RefundPublicKey(std::move(*key));
}

VoidResult RefundPublicKey::save(const std::filesystem::path& path) const {
  return write_key_file(path, file_label, key_, KeyFileKind::public_key);
}

std::string RefundPublicKey::to_text() const {
  return base64url_encode(key_);
}

RefundSigningKey RefundSigningKey::generate() {
  ensure_sodium();
  std::string seed(seed_bytes, '\0');
  randombytes_buf(seed.data(), seed.size());
  auto key = from_seed(seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

RefundSigningKey RefundSigningKey::from_seed(std::string_view seed) {
  assert(seed.size() == seed_bytes);
  std::string public_key(crypto_sign_PUBLICKEYBYTES, '\0');
  std::string secret_key(crypto_sign_SECRETKEYBYTES, '\0');
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(public_key.data()),
                           reinterpret_cast<unsigned char*>(secret_key.data()), bytes_of(seed));
  return RefundSigningKey(std::string(seed), std::move(secret_key),
                          RefundPublicKey(std::move(public_key)));
}

Result<RefundSigningKey> RefundSigningKey::load(const std::filesystem::path& path) {
  auto seed = read_key_file(path, file_label, seed_bytes, KeyFileKind::secret);
  if (!seed) return std::move(seed).error();
  auto key = from_seed(*seed);
  sodium_memzero(seed->data(), seed->size());
  return key;
}

VoidResult RefundSigningKey::save(const std::filesystem::path& path) const {
  return write_key_file(path, file_label, seed_, KeyFileKind::secret);
}

RefundSigningKey::~RefundSigningKey() {
  if (!seed_.empty()) sodium_memzero(seed_.data(), seed_.size());
  if (!secret_key_.empty()) sodium_memzero(secret_key_.data(), secret_key_.size());
}

std::string RefundSigningKey::sign(std::string_view message) const {
  std::string signature(kSignatureBytes, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                       bytes_of(message), message.size(), bytes_of(secret_key_));
  return signature;
}

std::string make_refund_payload(const RefundForm& form, const RefundSigningKey& key) {
  return make_refund_payload(RefundPayload{form.id, form.date, refund_form_content_hash(form)},
                             key);
}

std::string make_refund_payload(const RefundPayload& fields, const RefundSigningKey& key) {
  assert(is_client_id_syntax(fields.form_id) && is_calendar_date(fields.purchase_date));
  assert(base64url_decode(fields.content_hash, kHashBytes).has_value());
  std::string payload = std::string(refund_payload_format) + "." + fields.form_id + "." +
                        fields.purchase_date + "." + fields.content_hash;
  payload += "." + base64url_encode(key.sign(payload));
  assert(payload.size() <= refund_payload_length_max);
  return payload;
}

Result<RefundPayload> verify_payload(std::string_view payload, const RefundPublicKey& key) {
  if (payload.empty() || payload.size() > refund_payload_length_max) {
    return malformed("a refund payload is 1 to " + std::to_string(refund_payload_length_max) +
                     " characters");
  }
  std::array<std::string_view, 5> parts;
  std::size_t count = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = payload.find('.', start);
    if (count == parts.size())
      return malformed("a refund payload has exactly 5 fields separated by '.'");
    parts[count++] =
        payload.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (count != parts.size())
    return malformed("a refund payload has exactly 5 fields separated by '.'");
  if (parts[0] != refund_payload_format) return malformed("not an OCTR1 refund payload");
  if (!is_client_id_syntax(parts[1]))
    return malformed("the payload's form id is not 1 to 64 of A-Z a-z 0-9 - _");
  if (!is_calendar_date(parts[2]))
    return malformed("the payload's purchase date is not YYYY-MM-DD");
  if (!base64url_decode(parts[3], kHashBytes))
    return malformed("the payload's content hash is not 43 base64url characters");
  auto signature = base64url_decode(parts[4], kSignatureBytes);
  if (!signature) return malformed("the payload's signature is not 86 base64url characters");
  const std::string_view signed_part = payload.substr(0, payload.size() - parts[4].size() - 1);
  if (crypto_sign_verify_detached(bytes_of(*signature), bytes_of(signed_part), signed_part.size(),
                                  bytes_of(key.bytes_view())) != 0) {
    return make_error("form.signature_invalid", "/qr_payload",
                      "the refund code's signature does not verify: it was altered or not issued "
                      "with this system's key");
  }
  return RefundPayload{std::string(parts[1]), std::string(parts[2]), std::string(parts[3])};
}

}  // namespace oc
