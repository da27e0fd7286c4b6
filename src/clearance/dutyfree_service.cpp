#include "clearance/dutyfree_service.h"

#include <simdjson.h>

#include <algorithm>

#include "core/json_writer.h"
#include "core/sha256.h"
#include "taxrefund/refund_time.h"

namespace oc {
namespace {

std::int64_t cents_of(const Decimal& amount) {
  auto rounded = amount.rescale(2, Rounding::half_up);
  return rounded ? rounded->units() : 0;
}

std::string money(std::int64_t cents) { return Decimal::from_units(cents, 2).to_string(); }

void write_allowance(JsonWriter& out, int year, std::int64_t used_cents) {
  const std::int64_t limit = dutyfree_allowance_cny * 100;
  out.begin_object()
      .field("year", static_cast<std::int64_t>(year))
      .field("limit", money(limit))
      .field("used", money(used_cents))
      .field("remaining", money(std::max<std::int64_t>(0, limit - used_cents)))
      .end_object();
}

void write_items(JsonWriter& out, const DutyFreeSale& sale) {
  out.key("items").begin_array();
  for (const DutyFreeItem& item : sale.items) {
    out.begin_object()
        .field("code", item.code)
        .field("category", item.category)
        .field("quantity", item.quantity.to_string())
        .field("unit", item.unit)
        .field("price", item.price.to_string())
        .end_object();
  }
  out.end_array();
}

// The sale as stored and compared for replays: the traveller's key instead of the number.
std::string canonical_sale_json(const DutyFreeSale& sale, std::string_view key) {
  JsonWriter out;
  out.begin_object().field("id", sale.id).field("store", sale.store);
  out.key("traveller")
      .begin_object()
      .field("key", key)
      .field("birth_date", sale.birth_date)
      .key("leaving")
      .begin_object()
      .field("by", sale.leaving_by)
      .field("date", sale.leaving_date)
      .end_object()
      .end_object();
  write_items(out, sale);
  out.field("total", sale.total.to_string()).end_object();
  return out.take();
}

struct PickupRequest {
  std::string code;
  TimePoint at;
};

Errors decode_pickup(std::string_view body, PickupRequest& request) {
  Errors errors;
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::object object;
  if (body.size() > dutyfree_pickup_body_bytes_max) {
    errors.push_back(make_error("body.too_large", "", "a pick-up body is at most 4 KiB"));
    return errors;
  }
  simdjson::padded_string padded(body);
  if (parser.parse(padded).get(root) != simdjson::SUCCESS ||
      root.get_object().get(object) != simdjson::SUCCESS) {
    errors.push_back(make_error("json.syntax", "", "the body must be a JSON object"));
    return errors;
  }
  bool has_code = false, has_at = false;
  for (auto [key, value] : object) {
    const std::string path = "/" + std::string(key.substr(0, 64));
    std::string_view text;
    if (key != "code" && key != "at") {
      errors.push_back(make_error("field.unknown", path, "unknown field"));
      continue;
    }
    if ((key == "code" && has_code) || (key == "at" && has_at)) {
      errors.push_back(make_error("field.duplicate", path, "the field appears twice"));
      continue;
    }
    (key == "code" ? has_code : has_at) = true;
    if (value.get_string().get(text) != simdjson::SUCCESS) {
      errors.push_back(make_error("pickup.type", path, "must be a string"));
      continue;
    }
    if (key == "code") {
      if (text.empty() || text.size() > dutyfree_code_length_max ||
          !std::all_of(text.begin(), text.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; })) {
        errors.push_back(make_error("pickup.code", path, "a traceability code of 1 to 64 printable ASCII characters"));
      }
      request.code = std::string(text);
    } else if (auto at = parse_timestamp(text)) {
      request.at = *at;
    } else {
      errors.push_back(make_error("pickup.at", path, "an RFC 3339 timestamp"));
    }
  }
  if (!has_code) errors.push_back(make_error("field.missing", "/code", "code is required"));
  if (!has_at) errors.push_back(make_error("field.missing", "/at", "at is required"));
  return errors;
}

}  // namespace

std::string DutyFreeService::key_of(std::string_view id_number) const {
  std::string upper(id_number);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return traveller_key_(upper);
}

Result<RegimeAnswer> DutyFreeService::sell(std::string_view body, const DutyFreeCaller& caller,
                                           std::optional<AuditEntry> audit) {
  DecodedDutyFreeSale decoded = decode_dutyfree_sale(body);
  if (!decoded.errors.empty()) return RegimeAnswer::rejected(std::move(decoded.errors));
  DutyFreeSale& sale = decoded.sale;
  if (!caller.shop.empty() && sale.store != caller.shop) {
    return make_error("auth.party_mismatch", "/store", "a shop records its own sales only");
  }
  const std::string key = key_of(sale.id_number);
  const std::string masked = mask_identity(sale.id_number);
  std::fill(sale.id_number.begin(), sale.id_number.end(), '\0');  // the clear number goes no further
  const TimePoint now = clock_.now();
  const std::string day = local_date(now);
  const int year = std::stoi(day.substr(0, 4));
  RegimeRecord record;
  record.kind = std::string(dutyfree_sale_kind);
  record.id = sale.id;
  record.owner = sale.store;
  record.subject = key;
  record.body_json = canonical_sale_json(sale, key);
  record.body_sha256 = sha256_hex(record.body_json);
  record.created_at = record.updated_at = now;
  if (audit) audit->target = sale.id;

  // A replay answers the first result even when the rules would refuse the sale today (the
  // traveller has left since); the transaction below checks again for a race.
  auto earlier = store_.find_record(dutyfree_sale_kind, sale.id);
  if (!earlier) return std::move(earlier).error();
  if (earlier->has_value() && (*earlier)->body_sha256 == record.body_sha256) {
    return RegimeAnswer{RegimeAnswer::Kind::exists, (*earlier)->state_json, {}};
  }
  // Eligibility and category limits do not depend on the ledger: refuse them before writing.
  if (auto checked = decide_dutyfree_sale(sale, day, Decimal::from_units(0, 2));
      !checked && checked.error().code != "allowance.exceeded") {
    return RegimeAnswer::rejected({std::move(checked).error()});
  }

  std::optional<RegimeAnswer> replay;
  auto written = store_.transact([&](RegimeTransaction& tx) -> VoidResult {
    auto existing = tx.find(dutyfree_sale_kind, sale.id);
    if (!existing) return std::move(existing).error();
    if (existing->has_value()) {
      if ((*existing)->body_sha256 != record.body_sha256) {
        return make_error("sale.exists_with_different_content", "/id",
                          "sale " + sale.id + " was recorded with other content");
      }
      replay = RegimeAnswer{RegimeAnswer::Kind::exists, (*existing)->state_json, {}};
      return {};
    }
    auto used = tx.allowance_used(dutyfree_allowance_ledger, key, year);
    if (!used) return std::move(used).error();
    auto decision = decide_dutyfree_sale(sale, day, Decimal::from_units(*used, 2));
    if (!decision) return std::move(decision).error();
    for (std::size_t i = 0; i < sale.items.size(); ++i) {
      const DutyFreeItem& item = sale.items[i];
      auto sold = tx.find(dutyfree_code_kind, item.code);
      if (!sold) return std::move(sold).error();
      if (sold->has_value()) {
        return make_error("code.exists", "/items/" + std::to_string(i) + "/code",
                          "traceability code " + item.code + " was sold before");
      }
      RegimeRecord code;
      code.kind = std::string(dutyfree_code_kind);
      code.id = item.code;
      code.link = sale.id;
      code.owner = sale.store;
      code.subject = key;
      code.body_json = record.body_json;
      code.body_sha256 = record.body_sha256;
      code.created_at = code.updated_at = now;
      OC_TRY(tx.put(code));
    }
    const std::int64_t cents = cents_of(sale.total);
    OC_TRY(tx.add_allowance(
        AllowanceEntry{std::string(dutyfree_allowance_ledger), sale.id, key, year, cents, now}));
    JsonWriter out;
    out.begin_object().field("id", sale.id).field("store", sale.store);
    out.key("traveller").begin_object().field("id_number", masked).end_object();
    out.field("sold_at", format_timestamp(now)).field("total", money(cents));
    out.key("allowance");
    write_allowance(out, year, *used + cents);
    write_items(out, sale);
    out.end_object();
    record.state_json = out.take();
    OC_TRY(tx.put(record));
    if (audit) OC_TRY(tx.audit(*audit));
    return {};
  });
  if (!written) {
    const std::string& code = written.error().code;
    if (code == "allowance.exceeded") return RegimeAnswer::rejected({std::move(written).error()});
    return std::move(written).error();
  }
  if (replay) return std::move(*replay);
  return RegimeAnswer{RegimeAnswer::Kind::created, record.state_json, {}};
}

Result<std::string> DutyFreeService::allowance(std::string_view id_number, int year) {
  auto used = store_.allowance_used(dutyfree_allowance_ledger, key_of(id_number), year);
  if (!used) return std::move(used).error();
  JsonWriter out;
  write_allowance(out, year, *used);
  return out.take();
}

Result<RegimeAnswer> DutyFreeService::pick_up(std::string_view body, const DutyFreeCaller& caller,
                                              std::optional<AuditEntry> audit) {
  PickupRequest request;
  if (Errors errors = decode_pickup(body, request); !errors.empty()) {
    return RegimeAnswer::rejected(std::move(errors));
  }
  const TimePoint now = clock_.now();
  if (audit) audit->target = request.code;
  std::string answer;
  auto written = store_.transact([&](RegimeTransaction& tx) -> VoidResult {
    auto found = tx.find(dutyfree_code_kind, request.code);
    if (!found) return std::move(found).error();
    if (!found->has_value() || (!caller.shop.empty() && (*found)->owner != caller.shop)) {
      return make_error("code.not_found", "/code", "no sold item with code " + request.code);
    }
    RegimeRecord& code = **found;
    if (code.state_json != "{}") {
      simdjson::dom::parser parser;
      std::string_view when;
      simdjson::dom::element state;
      if (parser.parse(code.state_json).get(state) != simdjson::SUCCESS ||
          state["picked_up_at"].get_string().get(when) != simdjson::SUCCESS) {
        when = "an earlier time";
      }
      return make_error("code.already_picked_up", "/code",
                        "item " + request.code + " was picked up at " + std::string(when));
    }
    JsonWriter out;
    out.begin_object()
        .field("code", request.code)
        .field("sale", code.link)
        .field("picked_up_at", format_timestamp(request.at))
        .field("recorded_at", format_timestamp(now))
        .end_object();
    answer = out.take();
    code.state_json = answer;
    code.updated_at = now;
    OC_TRY(tx.put(code));
    if (audit) OC_TRY(tx.audit(*audit));
    return {};
  });
  if (!written) return std::move(written).error();
  return RegimeAnswer{RegimeAnswer::Kind::done, std::move(answer), {}};
}

}  // namespace oc
