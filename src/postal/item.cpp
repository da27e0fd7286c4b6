#include "postal/item.h"

#include "core/codes.h"
#include "core/json_writer.h"
#include "postal/body_decoder.h"
#include "postal/tracking_number.h"

namespace oc {

using postal_detail::BodyDecoder;
using postal_detail::element;

std::string mask_phone(std::string_view normalised_phone) {
  return mask_identity(normalised_phone, 3, 4);
}

DecodedPostalItem decode_postal_item(std::string_view json, const IdentityHasher& phone_hasher) {
  DecodedPostalItem decoded;
  PostalItem& item = decoded.item;
  BodyDecoder decoder(decoded.errors);
  auto body = decoder.parse(json, postal_item_body_bytes_max, "a postal item");
  if (!body) return decoded;
  decoder.fields(
      *body, "", {"tracking_no", "origin", "sender", "recipient", "contents"}, {},
      [&](std::string_view key, element field) {
        const std::string path = "/" + std::string(key);
        if (key == "tracking_no") {
          auto text = decoder.string(field, path);
          if (!text) return;
          auto tracking_no = parse_tracking_number(*text);
          if (!tracking_no) {
            decoder.add("postal.tracking_no", path,
                        "a UPU S10 identifier: 2 letters, 8 digits and a check digit, 2 letters "
                        "(e.g. EE123456785CN)");
          } else {
            item.tracking_no = std::move(*tracking_no);
          }
        } else if (key == "origin") {
          auto text = decoder.string(field, path);
          if (!text) return;
          if (!is_country_syntax(*text)) {
            decoder.add("postal.origin", path, "an ISO 3166 alpha-2 code such as \"JP\"");
          } else if (*text == "CN") {
            decoder.add("postal.origin", path, "an inbound postal item cannot originate in CN");
          } else {
            item.origin = std::string(*text);
          }
        } else if (key == "sender") {
          auto sender = decoder.object_of(field, path, "{name, address, country?}");
          if (!sender) return;
          decoder.fields(
              *sender, path, {"name", "address"}, {"country"},
              [&](std::string_view name, element value) {
                const std::string child = path + "/" + std::string(name);
                if (name == "name") {
                  auto v =
                      decoder.text(value, child, "postal.name", postal_name_bytes_max, "a name");
                  if (v) item.sender.name = std::move(*v);
                } else if (name == "address") {
                  auto v = decoder.text(value, child, "postal.address", postal_address_bytes_max,
                                        "an address");
                  if (v) item.sender.address = std::move(*v);
                } else {
                  auto v = decoder.string(value, child);
                  if (v && !is_country_syntax(*v)) {
                    decoder.add("postal.country", child, "an ISO 3166 alpha-2 code such as \"JP\"");
                  } else if (v) {
                    item.sender.country = std::string(*v);
                  }
                }
              });
        } else if (key == "recipient") {
          auto recipient = decoder.object_of(field, path, "{name, phone, address}");
          if (!recipient) return;
          decoder.fields(*recipient, path, {"name", "phone", "address"}, {},
                         [&](std::string_view name, element value) {
                           const std::string child = path + "/" + std::string(name);
                           if (name == "name") {
                             auto v = decoder.text(value, child, "postal.name",
                                                   postal_name_bytes_max, "a name");
                             if (v) item.recipient.name = std::move(*v);
                           } else if (name == "address") {
                             auto v = decoder.text(value, child, "postal.address",
                                                   postal_address_bytes_max, "an address");
                             if (v) item.recipient.address = std::move(*v);
                           } else if (auto phone = decoder.phone(value, child)) {
                             item.recipient.phone_key = phone_hasher(*phone);
                             item.recipient.phone_masked = mask_phone(*phone);
                           }
                         });
        } else {
          item.contents = decoder.contents(field, path);
        }
      });
  return decoded;
}

Errors check_postal_categories(const std::vector<PostalContentLine>& contents,
                               const Tariff& tariff) {
  Errors errors;
  for (std::size_t i = 0; i < contents.size(); ++i) {
    if (tariff.postal_category(contents[i].category) == nullptr) {
      errors.push_back(make_error("postal.unknown_category",
                                  "/contents/" + std::to_string(i) + "/category",
                                  "'" + contents[i].category + "' is not a postal category"));
    }
  }
  return errors;
}

void write_postal_contents(JsonWriter& out, const std::vector<PostalContentLine>& contents) {
  out.begin_array();
  for (const auto& line : contents) {
    out.begin_object()
        .field("description", line.description)
        .field("category", line.category)
        .field("quantity", line.quantity.to_string())
        .field("value", line.value.to_string())
        .field("currency", line.currency)
        .end_object();
  }
  out.end_array();
}

std::string canonical_postal_item_json(const PostalItem& item) {
  JsonWriter out;
  out.begin_object().field("tracking_no", item.tracking_no).field("origin", item.origin);
  out.key("sender")
      .begin_object()
      .field("name", item.sender.name)
      .field("address", item.sender.address);
  if (!item.sender.country.empty()) out.field("country", item.sender.country);
  out.end_object();
  out.key("recipient")
      .begin_object()
      .field("name", item.recipient.name)
      .field("address", item.recipient.address)
      .field("phone_key", item.recipient.phone_key)
      .field("phone_masked", item.recipient.phone_masked)
      .end_object();
  out.key("contents");
  write_postal_contents(out, item.contents);
  return out.end_object().take();
}

bool phone_key_matches(const PostalItem& item, std::string_view phone_key) {
  const std::string& stored = item.recipient.phone_key;
  // Keys are fixed-length hex; the length is not secret, the content is compared in full.
  if (stored.empty() || stored.size() != phone_key.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    difference |= static_cast<unsigned char>(stored[i] ^ phone_key[i]);
  }
  return difference == 0;
}

bool phone_matches(const PostalItem& item, std::string_view phone,
                   const IdentityHasher& phone_hasher) {
  auto normalised = normalize_phone(phone);
  if (!normalised) return false;
  return phone_key_matches(item, phone_hasher(*normalised));
}

}  // namespace oc
