#include "postal/declaration.h"

#include <chrono>

#include "postal/body_decoder.h"
#include "tariff/postal_rules.h"

namespace oc {

using postal_detail::BodyDecoder;
using postal_detail::element;

namespace {

// Upper-case letters and digits only, 5 to 20 of them; a resident identity card number (17
// digits then a digit or X) must carry its right check character.
std::optional<std::string> normalise_id_number(std::string_view text) {
  if (text.size() < postal_id_number_length_min || text.size() > postal_id_number_length_max) {
    return std::nullopt;
  }
  std::string upper(text);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return std::nullopt;
  }
  bool resident_shape = upper.size() == 18;
  for (std::size_t i = 0; resident_shape && i < 17; ++i) {
    resident_shape = upper[i] >= '0' && upper[i] <= '9';
  }
  if (resident_shape && !is_resident_id_number(upper)) return std::nullopt;
  return upper;
}

}  // namespace

DecodedSupplementaryDeclaration decode_supplementary_declaration(
    std::string_view json, const IdentityHasher& phone_hasher,
    const IdentityHasher& id_number_hasher) {
  DecodedSupplementaryDeclaration decoded;
  SupplementaryDeclaration& declaration = decoded.declaration;
  BodyDecoder decoder(decoded.errors);
  auto body = decoder.parse(json, postal_item_body_bytes_max, "a supplementary declaration");
  if (!body) return decoded;
  decoder.fields(*body, "", {"phone", "id_number", "name", "contents"}, {},
                 [&](std::string_view key, element field) {
                   const std::string path = "/" + std::string(key);
                   if (key == "phone") {
                     if (auto phone = decoder.phone(field, path)) {
                       declaration.phone_key = phone_hasher(*phone);
                     }
                   } else if (key == "id_number") {
                     auto text = decoder.string(field, path);
                     if (!text) return;
                     auto id = normalise_id_number(*text);
                     if (!id) {
                       // The message never repeats the number: error answers are logged.
                       decoder.add("postal.id_number", path,
                                   "a resident identity card number (18 characters, check "
                                   "character right) or a document number of 5 to 20 letters "
                                   "and digits");
                       return;
                     }
                     declaration.id_number_key = id_number_hasher(*id);
                     declaration.id_number_masked = mask_identity(*id, 4, 4);
                   } else if (key == "name") {
                     auto v =
                         decoder.text(field, path, "postal.name", postal_name_bytes_max, "a name");
                     if (v) declaration.name = std::move(*v);
                   } else {
                     declaration.contents = decoder.contents(field, path);
                   }
                 });
  return decoded;
}

YearMonth postal_rate_month(TimePoint at) {
  const auto day = std::chrono::floor<std::chrono::days>(at + std::chrono::hours(8));
  const std::chrono::year_month_day date{day};
  return {static_cast<int>(date.year()), static_cast<int>(static_cast<unsigned>(date.month()))};
}

Result<PostalTax> assess_postal_tax(std::string_view origin,
                                    const std::vector<PostalContentLine>& contents,
                                    const Tariff& tariff, int year, int month) {
  PostalParcel parcel;
  parcel.origin = std::string(origin);
  parcel.contents.reserve(contents.size());
  for (const auto& line : contents) {
    parcel.contents.push_back({line.category, line.quantity, line.value, line.currency});
  }
  auto assessment = assess_postal_parcel(parcel, tariff, year, month);
  if (!assessment) return std::move(assessment).error();
  PostalTax tax;
  for (const auto& line : assessment->contents) {
    tax.lines.push_back(
        {line.category->category, line.category->rate_percent, line.value_cny, line.tax});
  }
  tax.value_cny = assessment->value_cny;
  tax.limit_cny = assessment->limit_cny;
  tax.tax_computed = assessment->tax_computed;
  tax.tax_payable = assessment->tax_payable;
  tax.waived = assessment->waived;
  tax.rate_year = year;
  tax.rate_month = month;
  return tax;
}

}  // namespace oc
