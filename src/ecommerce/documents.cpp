#include "ecommerce/documents.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <initializer_list>
#include <set>

#include "core/codes.h"
#include "core/json_writer.h"
#include "core/sha256.h"
#include "declaration/json_codec.h"

namespace oc {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

// 1..max bytes without control characters (simdjson has validated the UTF-8).
bool printable(std::string_view text, std::size_t max) {
  return !text.empty() && text.size() <= max && !has_control(text);
}

// At most 64 bytes of a key for a path or message, cut at a UTF-8 character boundary.
std::string shown_key(std::string_view key) {
  if (key.size() <= 64) return json_pointer_segment(key);
  std::size_t end = 64;
  while (end > 0 && (static_cast<unsigned char>(key[end]) & 0xC0) == 0x80) --end;
  return json_pointer_segment(key.substr(0, end));
}

// Leading and trailing ASCII spaces and U+3000 (ideographic space, E3 80 80).
std::string_view trim_name(std::string_view text) {
  constexpr std::string_view ideographic = "\xE3\x80\x80";
  for (;;) {
    if (text.starts_with(' '))
      text.remove_prefix(1);
    else if (text.starts_with(ideographic))
      text.remove_prefix(ideographic.size());
    else
      break;
  }
  for (;;) {
    if (text.ends_with(' '))
      text.remove_suffix(1);
    else if (text.ends_with(ideographic))
      text.remove_suffix(ideographic.size());
    else
      break;
  }
  return text;
}

struct Field {
  std::string_view name;
  bool required;
};

class Decoder {
 public:
  explicit Decoder(Errors& errors) : errors_(errors) {}

  void add(std::string code, std::string path, std::string message) {
    errors_.push_back(make_error(std::move(code), std::move(path), std::move(message)));
  }

  // Calls visit(key, value) once for each known field; unknown and duplicate fields are errors,
  // and so is each required field that is absent.
  template <class Visit>
  void fields(object value, const std::string& path, std::initializer_list<Field> known,
              Visit&& visit) {
    std::set<std::string_view> seen;
    for (auto member : value) {
      // Named copies, not a structured binding: clang 14 cannot capture bindings in lambdas.
      const std::string_view key = member.key;
      const element field = member.value;
      auto match =
          std::find_if(known.begin(), known.end(), [&](const Field& f) { return f.name == key; });
      if (match == known.end()) {
        const std::string shown = shown_key(key);
        add("field.unknown", path + "/" + shown, "unknown field '" + shown + "'");
        continue;
      }
      if (!seen.insert(match->name).second) {
        add("field.duplicate", path + "/" + std::string(key),
            "field '" + std::string(key) + "' appears twice");
        continue;
      }
      visit(match->name, field);
    }
    for (const Field& f : known) {
      if (f.required && !seen.contains(f.name)) {
        add("field.missing", path + "/" + std::string(f.name),
            std::string(f.name) + " is required");
      }
    }
  }

  std::optional<object> as_object(element value, const std::string& path, std::string_view what) {
    object out;
    if (value.get_object().get(out) != simdjson::SUCCESS) {
      add("ecommerce.type", path, std::string(what) + " must be an object");
      return std::nullopt;
    }
    return out;
  }

  std::optional<std::string_view> string(element value, const std::string& path) {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) {
      add("ecommerce.type", path, "must be a string");
      return std::nullopt;
    }
    return text;
  }

  // A SKU, unique among `seen` (ecommerce.duplicate_sku names `where` it appears twice).
  std::optional<std::string> sku(element value, const std::string& path,
                                 std::set<std::string>& seen, std::string_view where);

  // A string accepted by `valid`; otherwise `code` with the message naming what was expected.
  template <class Valid>
  std::optional<std::string> text(element value, const std::string& path, std::string code,
                                  Valid&& valid, std::string expected) {
    auto text = string(value, path);
    if (!text) return std::nullopt;
    if (!valid(*text)) {
      add(std::move(code), path, std::move(expected));
      return std::nullopt;
    }
    return std::string(*text);
  }

  // A decimal string with at most `fraction_digits` digits after the point, in
  // [0, max] (or (0, max] when strictly_positive).
  std::optional<Decimal> decimal(element value, const std::string& path, std::string code,
                                 int fraction_digits, std::int64_t max, bool strictly_positive,
                                 std::string expected) {
    auto text = string(value, path);
    if (!text) return std::nullopt;
    if (text->size() <= ecommerce_decimal_text_length_max) {
      auto parsed = Decimal::parse(*text, fraction_digits);
      if (parsed && (strictly_positive ? parsed->sign() > 0 : parsed->sign() >= 0) &&
          *parsed <= Decimal::from_int(max)) {
        return *parsed;
      }
    }
    add(std::move(code), path, std::move(expected));
    return std::nullopt;
  }

  std::optional<Decimal> money(element value, const std::string& path) {
    return decimal(value, path, "ecommerce.amount", ecommerce_money_fraction_digits_max,
                   ecommerce_amount_max_cny, false,
                   "a CNY amount such as \"128.50\": 0 or more, at most 2 fraction digits and "
                   "10,000,000");
  }

  std::optional<Decimal> quantity(element value, const std::string& path) {
    return decimal(value, path, "ecommerce.quantity", ecommerce_quantity_fraction_digits_max,
                   ecommerce_quantity_max, true,
                   "a quantity such as \"2\": greater than 0, at most 3 fraction digits and "
                   "1,000,000");
  }

  std::optional<EcommerceIdentity> identity(element value, const std::string& path,
                                            const IdentityHasher& hasher) {
    auto text = string(value, path);
    if (!text) return std::nullopt;
    auto normalized = normalize_identity_number(*text);
    if (!normalized) {
      Error error = std::move(normalized).error();
      error.path = path;
      errors_.push_back(std::move(error));
      return std::nullopt;
    }
    EcommerceIdentity identity;
    identity.kind = normalized->kind;
    identity.key = hasher(normalized->number);
    identity.masked = mask_identity(normalized->number);
    std::fill(normalized->number.begin(), normalized->number.end(), '\0');
    return identity;
  }

  std::optional<std::string> name(element value, const std::string& path) {
    auto text = string(value, path);
    if (!text) return std::nullopt;
    std::string_view trimmed = trim_name(*text);
    if (!printable(trimmed, ecommerce_name_length_max)) {
      add("ecommerce.name", path, "a name of 1 to 128 bytes without control characters");
      return std::nullopt;
    }
    return std::string(trimmed);
  }

  std::optional<std::string> phone(element value, const std::string& path) {
    auto text = string(value, path);
    if (!text) return std::nullopt;
    auto normalized = normalize_phone(*text);
    if (!normalized) {
      add("ecommerce.phone", path,
          "a phone number of 5 to 15 digits, optionally with a leading '+' and separators");
    }
    return normalized;
  }

  std::optional<std::string> id(element value, const std::string& path) {
    return text(value, path, "ecommerce.id", is_client_id_syntax,
                "an id of 1 to 64 characters A-Z, a-z, 0-9, '-' or '_'");
  }

  std::optional<std::string> company(element value, const std::string& path) {
    return text(
        value, path, "ecommerce.company",
        [](std::string_view s) { return printable(s, ecommerce_company_length_max); },
        "a company name or code of 1 to 128 bytes without control characters");
  }

  std::optional<std::string> country(element value, const std::string& path) {
    return text(value, path, "ecommerce.country", is_country_syntax,
                "an ISO 3166 alpha-2 country code such as \"JP\"");
  }

  // The array of an `items` field, within 1..ecommerce_items_max entries.
  std::optional<array> items(element value, const std::string& path, std::string_view of) {
    array out;
    if (value.get_array().get(out) != simdjson::SUCCESS) {
      add("ecommerce.type", path, "items must be an array");
      return std::nullopt;
    }
    if (out.size() == 0) {
      add("ecommerce.no_items", path, "a" + std::string(of) + " needs at least one item");
      return std::nullopt;
    }
    if (out.size() > ecommerce_items_max) {
      add("ecommerce.too_many_items", path,
          "at most " + std::to_string(ecommerce_items_max) + " items on one" + std::string(of));
      return std::nullopt;
    }
    return out;
  }

 private:
  Errors& errors_;
};

std::optional<std::string> Decoder::sku(element value, const std::string& path,
                                        std::set<std::string>& seen, std::string_view where) {
  auto v = text(
      value, path, "ecommerce.sku",
      [](std::string_view s) { return printable(s, ecommerce_sku_length_max); },
      "a SKU of 1 to 64 bytes without control characters");
  if (v && !seen.insert(*v).second) {
    add("ecommerce.duplicate_sku", path, "SKU " + *v + " appears twice " + std::string(where));
    return std::nullopt;
  }
  return v;
}

// Parses the body into its root object, or reports why it cannot (body.too_large, json.*).
std::optional<object> parse_root(std::string_view json, simdjson::padded_string& padded,
                                 Errors& errors, std::string_view what) {
  if (json.size() > ecommerce_body_bytes_max) {
    errors.push_back(
        make_error("body.too_large", "", "a" + std::string(what) + " body is at most 256 KiB"));
    return std::nullopt;
  }
  thread_local simdjson::dom::parser parser;
  padded = simdjson::padded_string(json);
  element root;
  if (auto error = parser.parse(padded).get(root); error != simdjson::SUCCESS) {
    errors.push_back(make_error(error == simdjson::UTF8_ERROR ? "json.utf8" : "json.syntax", "",
                                "the body is not well-formed JSON"));
    return std::nullopt;
  }
  object body;
  if (root.get_object().get(body) != simdjson::SUCCESS) {
    errors.push_back(make_error("json.type", "", "the body must be a JSON object"));
    return std::nullopt;
  }
  return body;
}

bool is_platform(std::string_view text) {
  return text.size() <= ecommerce_platform_length_max && is_client_id_syntax(text);
}

bool is_procedure(std::string_view text) {
  return text == "1210" || text == "1239" || text == "9610";
}

std::optional<TimePoint> parse_rfc3339(std::string_view text) {
  // "YYYY-MM-DDTHH:MM:SS[.ffffff]" then "Z" or "±HH:MM"; a date alone is not a payment time.
  if (text.size() < 20 || text.size() > 40) return std::nullopt;
  if (text.back() == 'Z') return parse_timestamp(text);
  const std::size_t sign_at = text.size() - 6;
  const char sign = text[sign_at];
  if ((sign != '+' && sign != '-') || text[sign_at + 3] != ':') return std::nullopt;
  const std::string_view offset = text.substr(sign_at + 1);
  if (!is_digit(offset[0]) || !is_digit(offset[1]) || !is_digit(offset[3]) ||
      !is_digit(offset[4])) {
    return std::nullopt;
  }
  const int hours = (offset[0] - '0') * 10 + (offset[1] - '0');
  const int minutes = (offset[3] - '0') * 10 + (offset[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  std::string utc(text.substr(0, sign_at));
  utc.push_back('Z');
  auto local = parse_timestamp(utc);
  if (!local) return std::nullopt;
  const auto shift = std::chrono::hours(hours) + std::chrono::minutes(minutes);
  return sign == '+' ? *local - shift : *local + shift;
}

std::string money_text(const Decimal& amount) {
  auto cents = amount.rescale(2, Rounding::half_up);
  return cents ? cents->to_string() : amount.to_string();
}

std::string thousandths_text(const Decimal& value) {
  auto scaled = value.rescale(3, Rounding::half_up);
  return scaled ? scaled->to_string() : value.to_string();
}

}  // namespace

Result<NormalizedIdentity> normalize_identity_number(std::string_view text) {
  const bool resident_shape = text.size() == 18 &&
                              std::all_of(text.begin(), text.begin() + 17, is_digit) &&
                              (is_digit(text[17]) || text[17] == 'X' || text[17] == 'x');
  NormalizedIdentity out;
  if (resident_shape) {
    if (!is_resident_id_number(text)) {
      return make_error("ecommerce.id_number_check_digit", "",
                        "not a valid resident identity number: the check digit (GB 11643) or the "
                        "birth date is wrong");
    }
    out.kind = EcommerceIdentityKind::resident_id;
  } else {
    if (text.size() < ecommerce_identity_length_min ||
        text.size() > ecommerce_identity_length_max ||
        !std::all_of(text.begin(), text.end(), is_alnum)) {
      return make_error("ecommerce.id_number", "",
                        "an 18-character resident identity number, or another identity document "
                        "number of 5 to 20 letters and digits");
    }
    out.kind = EcommerceIdentityKind::other_document;
  }
  out.number.reserve(text.size());
  for (char c : text) out.number.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
  return out;
}

DecodedEcommerceOrder decode_ecommerce_order(std::string_view json, const IdentityHasher& hasher) {
  DecodedEcommerceOrder decoded;
  EcommerceOrder& order = decoded.order;
  simdjson::padded_string padded;
  auto body = parse_root(json, padded, decoded.errors, "n order");
  if (!body) return decoded;
  Decoder decoder(decoded.errors);
  decoder.fields(
      *body, "",
      {{"id", true},
       {"platform", true},
       {"procedure", true},
       {"buyer", true},
       {"items", true},
       {"freight", true},
       {"insurance", false},
       {"total", true},
       {"currency", true}},
      [&](std::string_view key, element field) {
        const std::string path = "/" + std::string(key);
        if (key == "id") {
          if (auto v = decoder.id(field, path)) order.id = std::move(*v);
        } else if (key == "platform") {
          if (auto v = decoder.text(field, path, "ecommerce.platform", is_platform,
                                    "a platform code of 1 to 35 characters A-Z, a-z, 0-9, '-' "
                                    "or '_' (it becomes the declarant)")) {
            order.platform = std::move(*v);
          }
        } else if (key == "procedure") {
          if (auto v = decoder.text(field, path, "ecommerce.procedure", is_procedure,
                                    "1210 or 1239 (bonded) or 9610 (direct purchase)")) {
            order.procedure = std::move(*v);
          }
        } else if (key == "buyer") {
          auto buyer = decoder.as_object(field, path, "buyer");
          if (!buyer) return;
          decoder.fields(*buyer, path, {{"id_number", true}, {"name", true}, {"phone", true}},
                         [&](std::string_view name, element value) {
                           const std::string child = path + "/" + std::string(name);
                           if (name == "id_number") {
                             if (auto v = decoder.identity(value, child, hasher)) {
                               order.buyer.identity = std::move(*v);
                             }
                           } else if (name == "name") {
                             if (auto v = decoder.name(value, child)) order.buyer.name = *v;
                           } else {
                             if (auto v = decoder.phone(value, child)) order.buyer.phone = *v;
                           }
                         });
        } else if (key == "items") {
          auto items = decoder.items(field, path, "n order");
          if (!items) return;
          std::set<std::string> skus;
          std::size_t index = 0;
          for (element entry : *items) {
            const std::string item_path = path + "/" + std::to_string(index++);
            auto fields = decoder.as_object(entry, item_path, "an item");
            if (!fields) continue;
            EcommerceOrderItem item;
            decoder.fields(
                *fields, item_path,
                {{"sku", true},
                 {"hs_code", true},
                 {"description", true},
                 {"quantity", true},
                 {"unit", true},
                 {"price", true},
                 {"origin", false},
                 {"net_mass_kg", false}},
                [&](std::string_view name, element value) {
                  const std::string child = item_path + "/" + std::string(name);
                  if (name == "sku") {
                    if (auto v = decoder.sku(value, child, skus, "in the order")) item.sku = std::move(*v);
                  } else if (name == "hs_code") {
                    if (auto v = decoder.text(value, child, "ecommerce.hs_code", is_hs_code_syntax,
                                              "an 8- or 10-digit tariff code")) {
                      item.hs_code = std::move(*v);
                    }
                  } else if (name == "description") {
                    if (auto v = decoder.text(
                            value, child, "ecommerce.description",
                            [](std::string_view s) {
                              return printable(s, ecommerce_description_length_max);
                            },
                            "a description of 1 to 256 bytes without control characters")) {
                      item.description = std::move(*v);
                    }
                  } else if (name == "quantity") {
                    if (auto v = decoder.quantity(value, child)) item.quantity = *v;
                  } else if (name == "unit") {
                    if (auto v = decoder.text(
                            value, child, "ecommerce.unit",
                            [](std::string_view s) { return find_unit(s) != nullptr; },
                            "a UN/ECE Rec. 20 unit such as PCE, KGM or LTR")) {
                      item.unit = std::move(*v);
                    }
                  } else if (name == "price") {
                    if (auto v = decoder.money(value, child)) item.price = *v;
                  } else if (name == "origin") {
                    if (auto v = decoder.country(value, child)) item.origin = std::move(*v);
                  } else {
                    item.net_mass_kg = decoder.decimal(
                        value, child, "ecommerce.net_mass_kg", ecommerce_mass_fraction_digits_max,
                        ecommerce_net_mass_max_kg, true,
                        "a net mass in kg greater than 0 with at most 3 fraction digits");
                  }
                });
            order.items.push_back(std::move(item));
          }
        } else if (key == "freight") {
          if (auto v = decoder.money(field, path)) order.freight = *v;
        } else if (key == "insurance") {
          if (auto v = decoder.money(field, path)) order.insurance = *v;
        } else if (key == "total") {
          if (auto v = decoder.money(field, path)) order.total = *v;
        } else {
          auto v = decoder.string(field, path);
          if (v && *v != "CNY") {
            decoder.add("ecommerce.currency_unsupported", path,
                        "retail orders through the channel are priced in CNY");
          }
        }
      });
  return decoded;
}

DecodedEcommercePayment decode_ecommerce_payment(std::string_view json,
                                                 const IdentityHasher& hasher) {
  DecodedEcommercePayment decoded;
  EcommercePayment& payment = decoded.payment;
  simdjson::padded_string padded;
  auto body = parse_root(json, padded, decoded.errors, " payment");
  if (!body) return decoded;
  Decoder decoder(decoded.errors);
  decoder.fields(*body, "",
                 {{"id", true},
                  {"order_id", true},
                  {"payer_id_number", true},
                  {"amount", true},
                  {"paid_at", true},
                  {"payment_company", false}},
                 [&](std::string_view key, element field) {
                   const std::string path = "/" + std::string(key);
                   if (key == "id") {
                     if (auto v = decoder.id(field, path)) payment.id = std::move(*v);
                   } else if (key == "order_id") {
                     if (auto v = decoder.id(field, path)) payment.order_id = std::move(*v);
                   } else if (key == "payer_id_number") {
                     if (auto v = decoder.identity(field, path, hasher)) payment.payer = *v;
                   } else if (key == "amount") {
                     if (auto v = decoder.money(field, path)) payment.amount = *v;
                   } else if (key == "paid_at") {
                     auto text = decoder.string(field, path);
                     if (!text) return;
                     if (auto at = parse_rfc3339(*text)) {
                       payment.paid_at = *at;
                     } else {
                       decoder.add("ecommerce.paid_at", path,
                                   "an RFC 3339 timestamp such as 2026-11-23T10:15:00+08:00");
                     }
                   } else {
                     if (auto v = decoder.company(field, path)) payment.payment_company = *v;
                   }
                 });
  return decoded;
}

DecodedEcommerceWaybill decode_ecommerce_waybill(std::string_view json) {
  DecodedEcommerceWaybill decoded;
  EcommerceWaybill& waybill = decoded.waybill;
  simdjson::padded_string padded;
  auto body = parse_root(json, padded, decoded.errors, " waybill");
  if (!body) return decoded;
  Decoder decoder(decoded.errors);
  decoder.fields(
      *body, "",
      {{"id", true},
       {"order_id", true},
       {"logistics_company", true},
       {"consignee", true},
       {"items", false},
       {"departure_country", false}},
      [&](std::string_view key, element field) {
        const std::string path = "/" + std::string(key);
        if (key == "id") {
          if (auto v = decoder.id(field, path)) waybill.id = std::move(*v);
        } else if (key == "order_id") {
          if (auto v = decoder.id(field, path)) waybill.order_id = std::move(*v);
        } else if (key == "logistics_company") {
          if (auto v = decoder.company(field, path)) waybill.logistics_company = std::move(*v);
        } else if (key == "consignee") {
          auto consignee = decoder.as_object(field, path, "consignee");
          if (!consignee) return;
          decoder.fields(*consignee, path, {{"name", true}, {"phone", true}},
                         [&](std::string_view name, element value) {
                           const std::string child = path + "/" + std::string(name);
                           if (name == "name") {
                             if (auto v = decoder.name(value, child)) waybill.consignee.name = *v;
                           } else {
                             if (auto v = decoder.phone(value, child)) waybill.consignee.phone = *v;
                           }
                         });
        } else if (key == "items") {
          auto items = decoder.items(field, path, " waybill");
          if (!items) return;
          waybill.items.emplace();
          std::set<std::string> skus;
          std::size_t index = 0;
          for (element entry : *items) {
            const std::string item_path = path + "/" + std::to_string(index++);
            auto fields = decoder.as_object(entry, item_path, "an item");
            if (!fields) continue;
            EcommerceWaybillItem item;
            decoder.fields(
                *fields, item_path, {{"sku", true}, {"quantity", true}},
                [&](std::string_view name, element value) {
                  const std::string child = item_path + "/" + std::string(name);
                  if (name == "sku") {
                    if (auto v = decoder.sku(value, child, skus, "on the waybill")) item.sku = std::move(*v);
                  } else {
                    if (auto v = decoder.quantity(value, child)) item.quantity = *v;
                  }
                });
            waybill.items->push_back(std::move(item));
          }
        } else {
          if (auto v = decoder.country(field, path)) waybill.departure_country = std::move(*v);
        }
      });
  return decoded;
}

std::string canonical_json(const EcommerceOrder& order) {
  JsonWriter out;
  out.begin_object()
      .field("id", order.id)
      .field("platform", order.platform)
      .field("procedure", order.procedure);
  out.key("buyer")
      .begin_object()
      .field("key", order.buyer.identity.key)
      .field("name", order.buyer.name)
      .field("phone", order.buyer.phone)
      .end_object();
  out.key("items").begin_array();
  for (const auto& item : order.items) {
    out.begin_object()
        .field("sku", item.sku)
        .field("hs_code", item.hs_code)
        .field("description", item.description)
        .field("quantity", thousandths_text(item.quantity))
        .field("unit", item.unit)
        .field("price", money_text(item.price));
    if (!item.origin.empty()) out.field("origin", item.origin);
    if (item.net_mass_kg) out.field("net_mass_kg", thousandths_text(*item.net_mass_kg));
    out.end_object();
  }
  out.end_array();
  out.field("freight", money_text(order.freight))
      .field("insurance", money_text(order.insurance))
      .field("total", money_text(order.total))
      .field("currency", order.currency);
  return out.end_object().take();
}

std::string canonical_json(const EcommercePayment& payment) {
  JsonWriter out;
  out.begin_object()
      .field("id", payment.id)
      .field("order_id", payment.order_id)
      .field("payer_key", payment.payer.key)
      .field("amount", money_text(payment.amount))
      .field("paid_at", format_timestamp(payment.paid_at));
  if (!payment.payment_company.empty()) out.field("payment_company", payment.payment_company);
  return out.end_object().take();
}

std::string canonical_json(const EcommerceWaybill& waybill) {
  JsonWriter out;
  out.begin_object()
      .field("id", waybill.id)
      .field("order_id", waybill.order_id)
      .field("logistics_company", waybill.logistics_company);
  out.key("consignee")
      .begin_object()
      .field("name", waybill.consignee.name)
      .field("phone", waybill.consignee.phone)
      .end_object();
  if (waybill.items) {
    out.key("items").begin_array();
    for (const auto& item : *waybill.items) {
      out.begin_object()
          .field("sku", item.sku)
          .field("quantity", thousandths_text(item.quantity))
          .end_object();
    }
    out.end_array();
  }
  if (!waybill.departure_country.empty()) {
    out.field("departure_country", waybill.departure_country);
  }
  return out.end_object().take();
}

std::string content_hash(const EcommerceOrder& order) {
  return sha256_hex(canonical_json(order));
}
std::string content_hash(const EcommercePayment& payment) {
  return sha256_hex(canonical_json(payment));
}
std::string content_hash(const EcommerceWaybill& waybill) {
  return sha256_hex(canonical_json(waybill));
}

}  // namespace oc
