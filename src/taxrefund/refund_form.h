// A departure tax refund form (regimes-v1 "Departure tax refund"; tariff-v1 rule 10) as a store
// issues it: decoded from the API body with every shape error at once, its refund computed by
// tax_refund_amount (tariff/tax_refund_rules.h, the one place the amounts are decided), and the
// traveller's passport number replaced by a keyed hash at once — the clear number never leaves
// decode_refund_form.
//
// The form's content hash (SHA-256 of canonical_refund_form_json) is what the QR payload signs
// (taxrefund/refund_signing.h), so a stored form and a scanned code can be matched exactly.
// Thread safety: value types and pure functions; TravellerSecret is immutable after creation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/codes.h"
#include "core/decimal.h"
#include "core/identity_key.h"
#include "core/result.h"
#include "tariff/tax_refund_rules.h"

namespace oc {

// Limits of one form body, each enforced with an error (not a cut).
inline constexpr std::size_t refund_form_body_bytes_max = 64 * 1024;
inline constexpr std::size_t refund_form_id_length_max =
    client_id_length_max;  // core/codes.h: it travels in the QR payload
inline constexpr std::size_t refund_store_length_max = 128;  // bytes of UTF-8
inline constexpr std::size_t refund_description_length_max = 256;
inline constexpr std::size_t passport_length_min = 5;
inline constexpr std::size_t passport_length_max = 20;  // [A-Z0-9], case-insensitive
inline constexpr int refund_amount_fraction_digits_max = 2;
// One item's VAT-inclusive amount: at most 10 million CNY, so that 99 items stay far inside int64.
inline constexpr std::int64_t refund_item_amount_max_cny = 10'000'000;

// The server's secret for traveller keys: 32 random bytes, kept in a key file
// ("octr-traveller-secret-v1 <base64url>", mode 0600) beside the signing key.
class TravellerSecret {
 public:
  static constexpr std::size_t bytes = 32;
  static constexpr std::string_view file_label = "octr-traveller-secret-v1";

  static TravellerSecret generate();
  // REQUIRES: secret.size() == bytes
  static TravellerSecret from_bytes(std::string_view secret);
  // Errors: key.unreadable, key.malformed, key.insecure_permissions (taxrefund/key_file.h).
  static Result<TravellerSecret> load(const std::filesystem::path& path);
  // Errors: key.exists, key.unwritable.
  VoidResult save(const std::filesystem::path& path) const;

  const std::string& bytes_view() const { return secret_; }
  // Identity numbers of one purpose (`domain`, e.g. "ocdf-traveller-v1") → keys under this
  // secret (core/identity_key.h). The hasher keeps a copy of the secret.
  IdentityHasher hasher(std::string_view domain) const {
    return [secret = secret_, label = std::string(domain)](std::string_view identity) {
      return identity_key(label, identity, secret);
    };
  }

 private:
  explicit TravellerSecret(std::string secret) : secret_(std::move(secret)) {}
  std::string secret_;
};

// The traveller's stable pseudonym: lower-case hex of BLAKE2b-256 (libsodium crypto_generichash)
// keyed with the server secret over "octr-traveller-v1\0<NATIONALITY>\0<PASSPORT>" with the
// passport number upper-cased. The same passport of the same country gives the same key (so
// cash already paid in one departure can be summed); without the secret, the key reveals nothing
// and cannot be brute-forced over the small space of passport numbers.
std::string traveller_key(std::string_view passport, std::string_view nationality,
                          const TravellerSecret& secret);

struct RefundFormItem {
  std::string description;
  Decimal vat_percent;      // 13 or 9 (tax_refund_amount refuses any other)
  Decimal amount_incl_vat;  // CNY, at most 2 fraction digits
  bool operator==(const RefundFormItem&) const = default;
};

struct RefundForm {
  std::string id;
  std::string store;
  std::string date;           // the purchase date, "YYYY-MM-DD"
  std::string traveller_key;  // traveller_key(passport, nationality, secret)
  std::string nationality;    // ISO 3166 alpha-2
  std::string entry_date;     // the traveller's entry into China, "YYYY-MM-DD"
  std::vector<RefundFormItem> items;
  TaxRefundAmount amount;  // from tax_refund_amount
};

// Every error at once: json.syntax, json.utf8, json.type, body.too_large, field.unknown,
// field.duplicate, form.type, form.required, form.id, form.store, form.date (not a date, or after
// `now`), form.passport, form.nationality, form.entry_date (not a date, or after the purchase),
// form.description, form.vat_rate (not "N%"), form.bad_amount, form.no_items,
// form.too_many_items; then, only when the shape is clean, the first error of tax_refund_amount
// (form.vat_rate_unsupported, form.bad_amount, form.below_minimum, refund.bad_policy).
// Paths are JSON pointers. `now` is the injected clock's time (dates are compared in UTC).
struct DecodedRefundForm {
  RefundForm form;
  Errors errors;
};
DecodedRefundForm decode_refund_form(std::string_view json, const TravellerSecret& secret,
                                     TimePoint now, const TaxRefundPolicy& policy = {});

// A canonical JSON of the form (fixed field order, amounts with 2 fraction digits, VAT rates as
// "13%", the traveller as key and nationality — never a passport number).
std::string canonical_refund_form_json(const RefundForm& form);

// SHA-256 of canonical_refund_form_json, base64url without padding (43 characters): the
// content hash the QR payload carries and the store keeps.
std::string refund_form_content_hash(const RefundForm& form);

// True for "YYYY-MM-DD" naming a real calendar day.
bool is_calendar_date(std::string_view text);

}  // namespace oc
