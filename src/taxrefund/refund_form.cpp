#include "taxrefund/refund_form.h"

#include <simdjson.h>
#include <sodium.h>

#include <algorithm>
#include <cassert>
#include <optional>
#include <set>

#include "core/codes.h"
#include "core/json_writer.h"
#include "taxrefund/key_file.h"
#include "taxrefund/refund_time.h"

namespace oc {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::string_view kTravellerKeyDomain{"octr-traveller-v1\0", 18};

bool printable_utf8(std::string_view text, std::size_t max) {
  if (text.empty() || text.size() > max) return false;
  // simdjson has validated UTF-8; only control characters are refused here.
  return std::none_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

bool is_passport_number(std::string_view text) {
  if (text.size() < passport_length_min || text.size() > passport_length_max) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

class Decoder {
 public:
  explicit Decoder(Errors& errors) : errors_(errors) {}

  void add(std::string code, std::string path, std::string message) {
    errors_.push_back(make_error(std::move(code), std::move(path), std::move(message)));
  }

  // Calls visit(key, value) for each known field; unknown and duplicate fields are errors.
  template <class Visit>
  void fields(object value, const std::string& path, std::initializer_list<std::string_view> known,
              Visit&& visit) {
    std::set<std::string_view> seen;
    for (auto [key, field] : value) {
      const std::string shown(key.substr(0, 64));
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        add("field.unknown", path + "/" + shown, "unknown field '" + shown + "'");
        continue;
      }
      if (!seen.insert(key).second) {
        add("field.duplicate", path + "/" + shown, "field '" + shown + "' appears twice");
        continue;
      }
      visit(key, field);
    }
    for (std::string_view name : known) {
      if (!seen.contains(name)) {  // every field of a form is required
        add("form.required", path + "/" + std::string(name), std::string(name) + " is required");
      }
    }
  }

  std::optional<std::string_view> string(element value, const std::string& path) {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) {
      add("form.type", path, "must be a string");
      return std::nullopt;
    }
    return text;
  }

  // A string field checked by `valid`; the error names what was expected.
  std::optional<std::string_view> text(element value, const std::string& path, std::string code,
                                       bool (*valid)(std::string_view), std::string expected) {
    auto text = string(value, path);
    if (text && !valid(*text)) {
      add(std::move(code), path, std::move(expected));
      return std::nullopt;
    }
    return text;
  }

 private:
  Errors& errors_;
};

std::optional<Decimal> parse_vat_rate(std::string_view text) {
  if (!text.ends_with('%') || text.size() > 8) return std::nullopt;
  auto rate = Decimal::parse(text.substr(0, text.size() - 1), 2);
  if (!rate) return std::nullopt;
  return *rate;
}

std::optional<Decimal> parse_amount(std::string_view text) {
  if (text.size() > 32) return std::nullopt;
  auto amount = Decimal::parse(text, refund_amount_fraction_digits_max);
  if (!amount || *amount > Decimal::from_int(refund_item_amount_max_cny)) return std::nullopt;
  return *amount;
}

std::string percent_text(const Decimal& percent) {
  // "13%" rather than "13.00%": the fraction only when it is not zero.
  auto whole = percent.rescale(0, Rounding::down);
  if (whole && *whole == percent) return whole->to_string() + "%";
  return percent.to_string() + "%";
}

}  // namespace

TravellerSecret TravellerSecret::generate() {
  ensure_sodium();
  std::string secret(bytes, '\0');
  randombytes_buf(secret.data(), secret.size());
  return TravellerSecret(std::move(secret));
}

TravellerSecret TravellerSecret::from_bytes(std::string_view secret) {
  assert(secret.size() == bytes);
  return TravellerSecret(std::string(secret));
}

Result<TravellerSecret> TravellerSecret::load(const std::filesystem::path& path) {
  auto secret = read_key_file(path, file_label, bytes, KeyFileKind::secret);
  if (!secret) return std::move(secret).error();
  return TravellerSecret(std::move(*secret));
}

VoidResult TravellerSecret::save(const std::filesystem::path& path) const {
  return write_key_file(path, file_label, secret_, KeyFileKind::secret);
}

std::string traveller_key(std::string_view passport, std::string_view nationality,
                          const TravellerSecret& secret) {
  std::string message(kTravellerKeyDomain);
  message.append(nationality);
  message.push_back('\0');
  for (char c : passport)
    message.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  unsigned char digest[crypto_generichash_BYTES];
  const std::string& key = secret.bytes_view();
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size(), reinterpret_cast<const unsigned char*>(key.data()),
                     key.size());
  sodium_memzero(message.data(), message.size());
  char hex[crypto_generichash_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, crypto_generichash_BYTES * 2);
}

bool is_calendar_date(std::string_view text) {
  return text.size() == 10 && parse_timestamp(text).has_value();
}

DecodedRefundForm decode_refund_form(std::string_view json, const TravellerSecret& secret,
                                     TimePoint now, const TaxRefundPolicy& policy) {
  DecodedRefundForm decoded;
  Errors& errors = decoded.errors;
  RefundForm& form = decoded.form;
  if (json.size() > refund_form_body_bytes_max) {
    errors.push_back(make_error("body.too_large", "", "a refund form body is at most 64 KiB"));
    return decoded;
  }
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  element root;
  if (auto error = parser.parse(padded).get(root); error != simdjson::SUCCESS) {
    errors.push_back(make_error(error == simdjson::UTF8_ERROR ? "json.utf8" : "json.syntax", "",
                                "the body is not well-formed JSON"));
    return decoded;
  }
  object body;
  if (root.get_object().get(body) != simdjson::SUCCESS) {
    errors.push_back(make_error("json.type", "", "the body must be a JSON object"));
    return decoded;
  }
  Decoder decoder(errors);
  std::optional<std::string_view> passport;
  const std::string today = local_date(now);
  decoder.fields(
      body, "", {"id", "store", "date", "traveller", "items"},
      [&](std::string_view key, element field) {
        const std::string path = "/" + std::string(key);
        if (key == "id") {
          auto id = decoder.text(field, path, "form.id", is_client_id_syntax,
                                 "an id of 1 to 64 characters A-Z, a-z, 0-9, '-' or '_'");
          if (id) form.id = std::string(*id);
        } else if (key == "store") {
          auto store = decoder.text(
              field, path, "form.store",
              [](std::string_view s) { return printable_utf8(s, refund_store_length_max); },
              "a store name of 1 to 128 bytes without control characters");
          if (store) form.store = std::string(*store);
        } else if (key == "date") {
          auto date = decoder.text(field, path, "form.date", is_calendar_date,
                                   "a purchase date YYYY-MM-DD");
          if (date && std::string(*date) > today) {
            decoder.add(
                "form.date", path,
                "the purchase date " + std::string(*date) + " is after today (" + today + ")");
          } else if (date) {
            form.date = std::string(*date);
          }
        } else if (key == "traveller") {
          object traveller;
          if (field.get_object().get(traveller) != simdjson::SUCCESS) {
            decoder.add("form.type", path,
                        "traveller must be an object {passport, nationality, entry_date}");
            return;
          }
          decoder.fields(
              traveller, path, {"passport", "nationality", "entry_date"},
              [&](std::string_view name, element value) {
                const std::string child = path + "/" + std::string(name);
                if (name == "passport") {
                  // The message never repeats the number: error answers are logged.
                  passport = decoder.text(value, child, "form.passport", is_passport_number,
                                          "a passport number of 5 to 20 letters and digits");
                } else if (name == "nationality") {
                  auto nationality =
                      decoder.text(value, child, "form.nationality", is_country_syntax,
                                   "an ISO 3166 alpha-2 country code");
                  if (nationality) form.nationality = std::string(*nationality);
                } else {
                  auto entry = decoder.text(value, child, "form.entry_date", is_calendar_date,
                                            "an entry date YYYY-MM-DD");
                  if (entry) form.entry_date = std::string(*entry);
                }
              });
        } else if (key == "items") {
          simdjson::dom::array items;
          if (field.get_array().get(items) != simdjson::SUCCESS) {
            decoder.add("form.type", path, "items must be an array");
            return;
          }
          if (items.size() == 0) {
            decoder.add("form.no_items", path, "a form needs at least one item");
            return;
          }
          if (items.size() > tax_refund_items_max) {
            decoder.add("form.too_many_items", path,
                        "at most " + std::to_string(tax_refund_items_max) + " items on one form");
            return;
          }
          std::size_t index = 0;
          for (element entry : items) {
            const std::string item_path = path + "/" + std::to_string(index++);
            object item_object;
            if (entry.get_object().get(item_object) != simdjson::SUCCESS) {
              decoder.add("form.type", item_path, "an item must be an object");
              continue;
            }
            RefundFormItem item;
            int found = 0;
            decoder.fields(item_object, item_path, {"description", "vat_rate", "amount_incl_vat"},
                           [&](std::string_view name, element value) {
                             const std::string child = item_path + "/" + std::string(name);
                             auto text = decoder.string(value, child);
                             if (!text) return;
                             if (name == "description") {
                               if (!printable_utf8(*text, refund_description_length_max)) {
                                 decoder.add(
                                     "form.description", child,
                                     "a description of 1 to 256 bytes without control characters");
                                 return;
                               }
                               item.description = std::string(*text);
                             } else if (name == "vat_rate") {
                               auto rate = parse_vat_rate(*text);
                               if (!rate) {
                                 decoder.add("form.vat_rate", child, "a VAT rate such as \"13%\"");
                                 return;
                               }
                               item.vat_percent = *rate;
                             } else {
                               auto amount = parse_amount(*text);
                               if (!amount) {
                                 decoder.add("form.bad_amount", child,
                                             "a CNY amount such as \"1280.00\": at most 2 fraction "
                                             "digits and 10,000,000");
                                 return;
                               }
                               item.amount_incl_vat = *amount;
                             }
                             ++found;
                           });
            if (found == 3) form.items.push_back(std::move(item));
          }
        }
      });
  if (!form.entry_date.empty() && !form.date.empty() && form.entry_date > form.date) {
    decoder.add("form.entry_date", "/traveller/entry_date",
                "the traveller entered China on " + form.entry_date + ", after the purchase on " +
                    form.date);
  }
  if (!errors.empty()) return decoded;
  auto amount = tax_refund_amount(
      [&] {
        std::vector<TaxRefundItem> items;
        items.reserve(form.items.size());
        for (const auto& item : form.items)
          items.push_back({item.vat_percent, item.amount_incl_vat});
        return items;
      }(),
      policy);
  if (!amount) {
    errors.push_back(std::move(amount).error());
    return decoded;
  }
  form.amount = std::move(*amount);
  form.traveller_key = traveller_key(*passport, form.nationality, secret);
  return decoded;
}

std::string canonical_refund_form_json(const RefundForm& form) {
  JsonWriter out;
  out.begin_object().field("id", form.id).field("store", form.store).field("date", form.date);
  out.key("traveller")
      .begin_object()
      .field("key", form.traveller_key)
      .field("nationality", form.nationality)
      .field("entry_date", form.entry_date)
      .end_object();
  out.key("items").begin_array();
  for (const auto& item : form.items) {
    auto amount = item.amount_incl_vat.rescale(2, Rounding::half_up);
    out.begin_object()
        .field("description", item.description)
        .field("vat_rate", percent_text(item.vat_percent))
        .field("amount_incl_vat", amount ? amount->to_string() : item.amount_incl_vat.to_string())
        .end_object();
  }
  out.end_array();
  out.field("refund", form.amount.refund.to_string());
  return out.end_object().take();
}

std::string refund_form_content_hash(const RefundForm& form) {
  const std::string canonical = canonical_refund_form_json(form);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(canonical.data()),
                     canonical.size());
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

}  // namespace oc
