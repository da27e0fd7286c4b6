// The three documents of a cross-border e-commerce retail import (regimes-v1 "Cross-border
// e-commerce"; the "three documents" of GACC 2018 No. 194): the platform's order, the payment
// company's payment and the logistics company's waybill, decoded from their API bodies.
//
// What the decoders do:
// - report every shape and field error at once, each with a JSON-pointer path (codes below);
// - refuse unknown fields (field.unknown), duplicate fields (field.duplicate) and missing
//   required fields (field.missing); optional extensions are named as such below;
// - replace every identity number (order buyer.id_number, payment payer_id_number) at once by the
//   caller's IdentityHasher key plus a masked form for answers: the clear number never leaves the
//   decoder, and no error message repeats it;
// - normalise phones and trim names, which matching compares (ecommerce/matching.h).
// Cross-document rules (totals, amounts, identities, consignee, goods) are matching's job: a
// decoder only judges its own document.
//
// Decisions (docs/ecommerce.md):
// - Currency: only CNY (ecommerce.currency_unsupported). Retail orders on the Chinese platforms
//   that use the channel are priced in CNY, and the 5,000 / 26,000 CNY limits are CNY amounts.
// - Identity numbers: an 18-character value of 17 digits and a digit or X is a resident identity
//   number and must carry a valid GB 11643-1999 check digit and a real birth date; any other
//   value of 5 to 20 letters and digits is accepted as another identity document (a passport, or
//   a Hong Kong, Macao or Taiwan residents' permit). Letters are upper-cased before hashing, so
//   "x" and "X" give the same key. normalize_identity_number is the one normalisation: the
//   integrator hashes a quota look-up's number through it too.
// - Phones: separators (space, '-', '.', '(' and ')') are dropped, a leading '+' is kept, "00"
//   becomes '+'; 5 to 15 digits (E.164). A Chinese mobile number written with +86 is kept in its
//   domestic 11-digit form, so "+86 138 0013 8000" equals "13800138000".
// - Names: leading and trailing spaces (ASCII and U+3000) are trimmed; compared exactly.
// - Amounts are decimal strings in CNY with at most 2 fraction digits, ≥ 0; quantities > 0 with at
//   most 3; an item's price is its unit price. Syntax only for HS codes and countries here: the
//   declaration check (declaration/validation.h) refuses codes missing from the lists.
//
// Error codes (all paths JSON pointers): body.too_large, json.syntax, json.utf8, json.type,
// field.unknown, field.duplicate, field.missing, ecommerce.type (a value of the wrong JSON type),
// ecommerce.id, ecommerce.platform, ecommerce.procedure, ecommerce.id_number,
// ecommerce.id_number_check_digit, ecommerce.name, ecommerce.phone, ecommerce.sku,
// ecommerce.duplicate_sku, ecommerce.hs_code, ecommerce.description, ecommerce.quantity,
// ecommerce.unit, ecommerce.amount (price, freight, insurance, total, amount),
// ecommerce.net_mass_kg, ecommerce.country (origin, departure_country), ecommerce.no_items,
// ecommerce.too_many_items, ecommerce.currency_unsupported, ecommerce.paid_at,
// ecommerce.company (payment_company, logistics_company).
//
// Thread safety: value types and pure functions; the decoders use a thread-local parser and call
// the IdentityHasher, which must be callable from many threads (core/identity_key.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/codes.h"
#include "core/decimal.h"
#include "core/identity_key.h"
#include "core/result.h"

namespace oc {

// Limits of one document, each enforced with an error (never a cut).
inline constexpr std::size_t ecommerce_body_bytes_max = 256 * 1024;
inline constexpr std::size_t ecommerce_items_max = 100;           // lines of an order or waybill
inline constexpr std::size_t ecommerce_id_length_max = client_id_length_max;  // core/codes.h
inline constexpr std::size_t ecommerce_platform_length_max = 35;  // becomes the declarant
inline constexpr std::size_t ecommerce_sku_length_max = 64;       // bytes, no control characters
inline constexpr std::size_t ecommerce_name_length_max = 128;     // bytes of UTF-8, trimmed
inline constexpr std::size_t ecommerce_company_length_max = 128;  // bytes of UTF-8
inline constexpr std::size_t ecommerce_description_length_max = 256;
// Phones: core/identity_key.h (phone_text_length_max, phone_digits_min/max).
inline constexpr std::size_t ecommerce_identity_length_min = 5;  // other documents
inline constexpr std::size_t ecommerce_identity_length_max = 20;
inline constexpr std::size_t ecommerce_decimal_text_length_max = 32;
inline constexpr int ecommerce_money_fraction_digits_max = 2;
inline constexpr int ecommerce_quantity_fraction_digits_max = 3;
inline constexpr int ecommerce_mass_fraction_digits_max = 3;
// One amount (price, freight, insurance, total, payment) and one quantity: far above any retail
// order, and small enough that 100 lines of quantity × price stay exact in int64 cents.
inline constexpr std::int64_t ecommerce_amount_max_cny = 10'000'000;
inline constexpr std::int64_t ecommerce_quantity_max = 1'000'000;
inline constexpr std::int64_t ecommerce_net_mass_max_kg = 1'000'000;

enum class EcommerceIdentityKind { resident_id, other_document };

// An identity number after decoding: the hasher's key and a masked form, never the number.
struct EcommerceIdentity {
  EcommerceIdentityKind kind = EcommerceIdentityKind::resident_id;
  std::string key;     // IdentityHasher(normalised number)
  std::string masked;  // mask_identity(normalised number): first 3 and last 2 characters
  bool operator==(const EcommerceIdentity&) const = default;
};

struct EcommerceBuyer {
  EcommerceIdentity identity;
  std::string name;   // trimmed
  std::string phone;  // normalised (normalize_phone)
  bool operator==(const EcommerceBuyer&) const = default;
};

struct EcommerceOrderItem {
  std::string sku;  // unique within the order
  std::string hs_code;
  std::string description;
  Decimal quantity;                    // > 0, at most 3 fraction digits
  std::string unit;                    // UN/ECE Rec. 20
  Decimal price;                       // unit price, CNY
  std::string origin;                  // extension: ISO 3166 alpha-2, "" when not given
  std::optional<Decimal> net_mass_kg;  // extension: the line's net mass
  bool operator==(const EcommerceOrderItem&) const = default;
};

struct EcommerceOrder {
  std::string id;
  std::string platform;
  std::string procedure;  // 1210, 1239 (bonded) or 9610 (direct purchase)
  EcommerceBuyer buyer;
  std::vector<EcommerceOrderItem> items;  // 1..ecommerce_items_max
  Decimal freight = Decimal::from_units(0, 2);
  Decimal insurance = Decimal::from_units(0, 2);  // extension; 0.00 when not given
  Decimal total = Decimal::from_units(0, 2);      // as declared; matching checks it
  std::string currency = "CNY";
  bool operator==(const EcommerceOrder&) const = default;
};

struct EcommercePayment {
  std::string id;
  std::string order_id;
  EcommerceIdentity payer;
  Decimal amount = Decimal::from_units(0, 2);
  TimePoint paid_at;
  std::string payment_company;  // extension; "" when not given
  bool operator==(const EcommercePayment&) const = default;
};

struct EcommerceWaybillItem {
  std::string sku;
  Decimal quantity;
  bool operator==(const EcommerceWaybillItem&) const = default;
};

struct EcommerceConsignee {
  std::string name;   // trimmed
  std::string phone;  // normalised
  bool operator==(const EcommerceConsignee&) const = default;
};

struct EcommerceWaybill {
  std::string id;
  std::string order_id;
  std::string logistics_company;
  EcommerceConsignee consignee;
  // Extension: the goods on the waybill; compared with the order's when present.
  std::optional<std::vector<EcommerceWaybillItem>> items;
  std::string departure_country;  // extension: ISO 3166 alpha-2, "" when not given
  bool operator==(const EcommerceWaybill&) const = default;
};

// The decoders. A document is meaningful only when `errors` is empty.
//
// Order body: {"id","platform","procedure","buyer":{"id_number","name","phone"},
//   "items":[{"sku","hs_code","description","quantity","unit","price"[,"origin"][,"net_mass_kg"]}],
//   "freight","total","currency"[,"insurance"]}
struct DecodedEcommerceOrder {
  EcommerceOrder order;
  Errors errors;
};
DecodedEcommerceOrder decode_ecommerce_order(std::string_view json, const IdentityHasher& hasher);

// Payment body: {"id","order_id","payer_id_number","amount","paid_at"[,"payment_company"]};
// paid_at an RFC 3339 timestamp with "Z" or a ±HH:MM offset (kept in UTC).
struct DecodedEcommercePayment {
  EcommercePayment payment;
  Errors errors;
};
DecodedEcommercePayment decode_ecommerce_payment(std::string_view json,
                                                 const IdentityHasher& hasher);

// Waybill body: {"id","order_id","logistics_company","consignee":{"name","phone"}
//   [,"items":[{"sku","quantity"}]][,"departure_country"]}. No identity number, so no hasher.
struct DecodedEcommerceWaybill {
  EcommerceWaybill waybill;
  Errors errors;
};
DecodedEcommerceWaybill decode_ecommerce_waybill(std::string_view json);

// Canonical JSON of a document: fixed field order, amounts with 2 fraction digits, quantities and
// masses with 3, timestamps in UTC, identities as their key (never a number, never the mask).
// Two bodies that decode to equal documents give equal bytes, whatever their field order,
// spacing, decimal scale or phone formatting.
std::string canonical_json(const EcommerceOrder& order);
std::string canonical_json(const EcommercePayment& payment);
std::string canonical_json(const EcommerceWaybill& waybill);

// SHA-256 of canonical_json, lower-case hex: what the store keeps to tell a replay (same hash)
// from a conflicting resend under the same id (another hash).
std::string content_hash(const EcommerceOrder& order);
std::string content_hash(const EcommercePayment& payment);
std::string content_hash(const EcommerceWaybill& waybill);

// The one normalisation of an identity number, before hashing (rules above). Errors (path ""):
// ecommerce.id_number, ecommerce.id_number_check_digit; messages never repeat the number.
struct NormalizedIdentity {
  std::string number;
  EcommerceIdentityKind kind = EcommerceIdentityKind::resident_id;
};
Result<NormalizedIdentity> normalize_identity_number(std::string_view text);


}  // namespace oc
