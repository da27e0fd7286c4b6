// The recipient's supplementary declaration of a postal item
// (`POST /v1/postal/items/{tracking_no}/declaration`) and the postal tax it is assessed to.
//
// Body: {"phone":"…","id_number":"…","name":"…","contents":[…the content shape of item.h…]}
//
// Rules:
// - phone is the proof of being the recipient (compared with the lodged item's key by the state
//   machine, postal/item_state.h); it is hashed at once like the operator's;
// - id_number is the recipient's real-name identity number: an 18-character resident identity
//   card number (17 digits and a digit or X, ISO 7064 MOD 11-2 check character verified) or
//   another document number of 5 to 20 letters and digits (a passport, a Hong Kong, Macao or
//   Taiwan travel permit). It is upper-cased, hashed at once with its own IdentityHasher
//   (postal_id_number_key_domain) and masked; the clear number never leaves the decoder and no
//   error message repeats it;
// - name is the recipient's real name as on the identity document; it is not compared with the
//   name the operator lodged (parcels are often addressed to nicknames);
// - contents: what the recipient declares the parcel holds. When it differs from the operator's
//   lodged contents, the recipient's declaration is what is assessed: it is the customs
//   declaration the recipient answers for, the operator's list is a consignment note.
// Tax: assess_postal_tax runs the contents through assess_postal_parcel (tariff/postal_rules.h,
// the one place postal tax is computed; tariff-v1 rule 8) and keeps a copy the store can hold
// (category names and rates instead of pointers into the tariff).
// Thread safety: value types and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/decimal.h"
#include "core/identity_key.h"
#include "core/result.h"
#include "postal/item.h"
#include "tariff/tariff.h"

namespace oc {

inline constexpr std::size_t postal_id_number_length_min = 5;
inline constexpr std::size_t postal_id_number_length_max = 20;

struct SupplementaryDeclaration {
  std::string phone_key;         // hash of the normalised phone (item.h)
  std::string id_number_key;     // hash of the upper-cased identity number
  std::string id_number_masked;  // first 4 and last 4 characters
  std::string name;
  std::vector<PostalContentLine> contents;
  bool operator==(const SupplementaryDeclaration&) const = default;
};

// Every error at once: body.too_large, json.*, field.unknown, field.duplicate,
// postal.required, postal.type, postal.phone, postal.id_number, postal.name, and the content
// codes of decode_postal_item (postal.no_contents … postal.currency).
struct DecodedSupplementaryDeclaration {
  SupplementaryDeclaration declaration;
  Errors errors;
};
DecodedSupplementaryDeclaration decode_supplementary_declaration(
    std::string_view json, const IdentityHasher& phone_hasher,
    const IdentityHasher& id_number_hasher);


struct PostalTaxLine {
  std::string category;
  Decimal rate_percent;  // 13, 20 or 50
  Decimal value_cny;
  Decimal tax;
  bool operator==(const PostalTaxLine&) const = default;
};

struct PostalTax {
  std::vector<PostalTaxLine> lines;  // one per content line, in order
  Decimal value_cny;                 // the parcel's value
  Decimal limit_cny;     // the parcel limit that applied (1000.00, or 800.00 from HK/MO/TW)
  Decimal tax_computed;  // Σ line taxes
  Decimal tax_payable;   // 0.00 when waived
  bool waived = false;   // tax_computed ≤ 50 CNY
  int rate_year = 0;     // the month whose customs exchange rates converted the values
  int rate_month = 0;
  bool operator==(const PostalTax&) const = default;
};

// The year and month of `at` in China Standard Time (UTC+8): the exchange-rate month of a
// declaration made at `at`.
struct YearMonth {
  int year = 0;
  int month = 0;
};
YearMonth postal_rate_month(TimePoint at);

// The postal tax of `contents` for an item posted in `origin`, at the customs exchange rates of
// year/month. Errors are those of assess_postal_parcel, business-rule refusals (422):
// postal.unknown_category (/contents/N/category), exchange_rate.missing (/contents/N/currency),
// postal.parcel_value_exceeded (/contents; over the limit and not a single indivisible item),
// postal.no_contents, postal.too_many_contents; decimal.overflow.
Result<PostalTax> assess_postal_tax(std::string_view origin,
                                    const std::vector<PostalContentLine>& contents,
                                    const Tariff& tariff, int year, int month);

}  // namespace oc
