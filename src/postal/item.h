// A postal item as the postal operator lodges it with customs (regimes-v1 "Postal items",
// `POST /v1/postal/items`), the content-line shape that the recipient's supplementary
// declaration shares, and the recipient's phone — the proof of being the recipient.
//
// Body:
//   {"tracking_no":"EE123456785CN","origin":"JP",
//    "sender":{"name":"…","address":"…","country":"JP"},            country optional
//    "recipient":{"name":"…","phone":"+86 138 0013 8000","address":"…"},
//    "contents":[{"description":"Green tea","category":"food_and_drink","quantity":"2",
//                 "value":"3000","currency":"JPY"}]}
//
// Rules:
// - tracking_no is a UPU S10 identifier (postal/tracking_number.h), stored upper-cased;
// - origin is the ISO 3166 alpha-2 country or territory the item was posted in; never CN (these
//   are inbound items); HK, MO and TW select the 800 CNY parcel limit (tariff-v1 rule 8);
// - sender: name and address required, country optional (the sender's address may be in another
//   country than the one the item was posted in, so it is not compared with origin);
// - the recipient's phone is normalised (core/identity_key.h normalize_phone) and replaced at once by a keyed hash
//   (the IdentityHasher given, see postal_phone_key_domain) and a masked form: the clear number
//   never leaves the decoder and no error message repeats it. The recipient's name and address
//   are kept as written: the operator needs them to deliver;
// - contents: 1 to postal_contents_max lines; category is a postal_rates.csv category name
//   (syntax here; membership in the tariff is checked by check_postal_categories or at
//   assessment); quantity a positive number of pieces (≤ 3 fraction digits, ≤ 1,000,000);
//   value a positive amount (≤ 2 fraction digits, ≤ 10,000,000) in currency, an ISO 4217 code.
// Thread safety: value types and pure functions; the hasher must be callable from many threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.h"
#include "core/identity_key.h"
#include "core/json_writer.h"
#include "core/result.h"
#include "tariff/postal_rules.h"
#include "tariff/tariff.h"

namespace oc {

// Limits, each enforced with an error (never a cut).
inline constexpr std::size_t postal_item_body_bytes_max = 64 * 1024;
inline constexpr std::size_t postal_request_body_bytes_max = 8 * 1024;  // every other postal body
inline constexpr std::size_t postal_name_bytes_max = 128;
inline constexpr std::size_t postal_address_bytes_max = 512;
inline constexpr std::size_t postal_description_bytes_max = 256;
inline constexpr std::size_t postal_category_length_max = 64;  // [a-z0-9_]
inline constexpr std::int64_t postal_quantity_max = 1'000'000;
inline constexpr int postal_quantity_fraction_digits_max = 3;
inline constexpr std::int64_t postal_value_max = 10'000'000;  // per content line, in its currency
inline constexpr int postal_value_fraction_digits_max = 2;
// Every CNY amount a postal body carries (payment, refund), so sums stay far inside int64.
inline constexpr std::int64_t postal_amount_max_cny = 100'000'000;

// The IdentityHasher domains the server should build the postal hashers with
// (identity_key(domain, identity, secret)), one per purpose so the keys are unrelated.
inline constexpr std::string_view postal_phone_key_domain = "oc-postal-recipient-phone-v1";
inline constexpr std::string_view postal_id_number_key_domain = "oc-postal-recipient-id-v1";

// "138****8000": the first 3 and last 4 characters of the normalised number.
std::string mask_phone(std::string_view normalised_phone);

struct PostalContentLine {
  std::string description;  // UTF-8 as written
  std::string category;     // a postal_rates.csv category
  Decimal quantity;         // pieces
  Decimal value;            // in `currency`
  std::string currency;     // ISO 4217
  bool operator==(const PostalContentLine&) const = default;
};

struct PostalSender {
  std::string name;
  std::string address;
  std::string country;  // ISO 3166 alpha-2, "" when not given
  bool operator==(const PostalSender&) const = default;
};

struct PostalRecipient {
  std::string name;
  std::string address;
  std::string phone_key;     // the IdentityHasher's key of the normalised phone
  std::string phone_masked;  // mask_phone of the normalised phone
  bool operator==(const PostalRecipient&) const = default;
};

struct PostalItem {
  std::string tracking_no;  // S10, upper case
  std::string origin;       // ISO 3166 alpha-2, not CN
  PostalSender sender;
  PostalRecipient recipient;
  std::vector<PostalContentLine> contents;  // as the operator declared them
  bool operator==(const PostalItem&) const = default;
};

// Every error at once, JSON-pointer paths: body.too_large, json.syntax, json.utf8, json.type,
// field.unknown, field.duplicate, postal.required, postal.type, postal.tracking_no,
// postal.origin, postal.country, postal.name, postal.address, postal.phone, postal.no_contents,
// postal.too_many_contents, postal.description, postal.category, postal.quantity,
// postal.value, postal.currency. On errors the item is partial and must not be used.
struct DecodedPostalItem {
  PostalItem item;
  Errors errors;
};
DecodedPostalItem decode_postal_item(std::string_view json, const IdentityHasher& phone_hasher);

// postal.unknown_category at /contents/N/category for each line whose category is not one of
// the tariff's postal categories (the lodging route answers 422 with all of them).
Errors check_postal_categories(const std::vector<PostalContentLine>& contents,
                               const Tariff& tariff);

// The lodged item in canonical JSON (fixed order, the phone as key and mask — never in clear):
// equal items give equal text, so a replayed lodging can be told from a different one with the
// same tracking number (…exists_with_different_content).
std::string canonical_postal_item_json(const PostalItem& item);
// Content lines as a JSON array ({description, category, quantity, value, currency}), the one
// form the canonical item, the stored record and the view all write.
void write_postal_contents(JsonWriter& out, const std::vector<PostalContentLine>& contents);

// The recipient's proof: the phone, normalised and hashed, equals the item's key. Compared in
// constant time over the key; false for text that is not a phone number.
bool phone_matches(const PostalItem& item, std::string_view phone,
                   const IdentityHasher& phone_hasher);
// The same for a key a decoder already computed (postal bodies carry the phone).
bool phone_key_matches(const PostalItem& item, std::string_view phone_key);

}  // namespace oc
