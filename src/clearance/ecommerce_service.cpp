#include "clearance/ecommerce_service.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>

#include "core/codes.h"
#include "core/json_writer.h"
#include "core/sha256.h"
#include "ecommerce/matching.h"
#include "ecommerce/return_window.h"
#include "ecommerce/stored_documents.h"
#include "tariff/ecommerce_rules.h"
#include "taxrefund/refund_time.h"

namespace oc {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// The order as the service keeps it in its record's state_json; the view of
// GET /v1/ecommerce/orders/{id} is exactly this JSON.
struct OrderState {
  std::string id;
  std::string platform;
  std::string status;  // awaiting_documents, mismatch, matched, cleared, refused, returned
  std::string buyer_masked;
  std::string missing_json = "[]";     // raw JSON arrays, as matching wrote them
  std::string mismatches_json = "[]";
  std::string errors_json;             // refused: the errors (raw JSON array)
  std::string declaration_id;
  std::string lane;
  std::string tax_json;                // cleared: the assessment's payable totals (raw JSON)
  std::string cleared_at;
  int quota_year = 0;
  std::int64_t drawn_cents = 0;        // what the clearance drew on the quota
  std::string return_id;
  std::string returned_at;
  std::string return_reason;
};

std::string money(std::int64_t cents) { return Decimal::from_units(cents, 2).to_string(); }

std::string state_json(const OrderState& state) {
  JsonWriter out;
  out.begin_object()
      .field("id", state.id)
      .field("platform", state.platform)
      .field("status", state.status);
  out.key("buyer").begin_object().field("id_number", state.buyer_masked).end_object();
  out.key("missing").raw(state.missing_json);
  out.key("mismatches").raw(state.mismatches_json);
  if (!state.errors_json.empty()) out.key("errors").raw(state.errors_json);
  if (!state.declaration_id.empty()) {
    out.field("declaration_id", state.declaration_id).field("lane", state.lane);
    out.key("tax").raw(state.tax_json.empty() ? "{}" : state.tax_json);
    out.field("cleared_at", state.cleared_at);
    out.key("quota")
        .begin_object()
        .field("year", static_cast<std::int64_t>(state.quota_year))
        .field("drawn", money(state.drawn_cents))
        .end_object();
  }
  if (!state.return_id.empty()) {
    out.key("returned")
        .begin_object()
        .field("id", state.return_id)
        .field("at", state.returned_at)
        .field("reason", state.return_reason)
        .end_object();
  }
  return out.end_object().take();
}

Result<OrderState> parse_state(std::string_view json) {
  simdjson::dom::parser parser;
  object root;
  auto corrupt = [] {
    return make_error("store.corrupt", "", "a stored e-commerce order state is not as written");
  };
  if (parser.parse(json).get_object().get(root) != simdjson::SUCCESS) return corrupt();
  OrderState state;
  auto text = [&](object from, std::string_view key, std::string& out) {
    std::string_view value;
    if (from[key].get_string().get(value) == simdjson::SUCCESS) out = std::string(value);
  };
  auto raw = [&](std::string_view key, std::string& out) {
    element value;
    if (root[key].get(value) == simdjson::SUCCESS) out = simdjson::minify(value);
  };
  text(root, "id", state.id);
  text(root, "platform", state.platform);
  text(root, "status", state.status);
  object buyer;
  if (root["buyer"].get_object().get(buyer) == simdjson::SUCCESS) {
    text(buyer, "id_number", state.buyer_masked);
  }
  raw("missing", state.missing_json);
  raw("mismatches", state.mismatches_json);
  raw("errors", state.errors_json);
  raw("tax", state.tax_json);
  text(root, "declaration_id", state.declaration_id);
  text(root, "lane", state.lane);
  text(root, "cleared_at", state.cleared_at);
  object quota;
  if (root["quota"].get_object().get(quota) == simdjson::SUCCESS) {
    std::int64_t year = 0;
    std::string drawn;
    if (quota["year"].get_int64().get(year) != simdjson::SUCCESS) return corrupt();
    state.quota_year = static_cast<int>(year);
    text(quota, "drawn", drawn);
    auto parsed = Decimal::parse(drawn, 2);
    if (!parsed) return corrupt();
    state.drawn_cents = parsed->rescale(2, Rounding::half_up)->units();
  }
  object returned;
  if (root["returned"].get_object().get(returned) == simdjson::SUCCESS) {
    text(returned, "id", state.return_id);
    text(returned, "at", state.returned_at);
    text(returned, "reason", state.return_reason);
  }
  if (state.status.empty()) return corrupt();
  return state;
}

bool is_closed(const OrderState& state) {
  return state.status == "matched" || state.status == "cleared" || state.status == "refused" ||
         state.status == "returned";
}

bool may_see(const EcommerceCaller& caller, const RegimeRecord& order, std::string_view office) {
  if (caller.auditor) return true;
  if (!caller.party.empty()) return order.owner == caller.party;
  return std::find(caller.offices.begin(), caller.offices.end(), office) != caller.offices.end();
}

int china_year(TimePoint at) {
  const std::string day = local_date(at);
  int year = 0;
  std::from_chars(day.data(), day.data() + 4, year);
  return year;
}

// Strips the enclosing {"errors": …} of errors_json to the array.
std::string errors_array(const Errors& errors) {
  std::string json = errors_json(errors);
  const std::size_t open = json.find('[');
  const std::size_t close = json.rfind(']');
  if (open == std::string::npos || close == std::string::npos) return "[]";
  return json.substr(open, close - open + 1);
}

struct Documents {
  std::optional<RegimeRecord> order;
  std::optional<RegimeRecord> payment;  // the latest received
  std::optional<RegimeRecord> waybill;  // the latest received
};

template <class Source>
Result<Documents> gather(Source& source, std::string_view order_id) {
  Documents documents;
  auto order = source.find(ecommerce_order_kind, order_id);
  if (!order) return std::move(order).error();
  documents.order = std::move(*order);
  for (auto [kind, slot] : {std::pair{ecommerce_payment_kind, &documents.payment},
                            std::pair{ecommerce_waybill_kind, &documents.waybill}}) {
    auto linked = source.linked(kind, order_id);
    if (!linked) return std::move(linked).error();
    if (!linked->empty()) *slot = std::move(linked->back());
  }
  return documents;
}

// Reads through the store's read connections with the transaction's names.
struct StoreReads {
  Store& store;
  Result<std::optional<RegimeRecord>> find(std::string_view kind, std::string_view id) {
    return store.find_record(kind, id);
  }
  Result<std::vector<RegimeRecord>> linked(std::string_view kind, std::string_view link) {
    return store.linked_records(kind, link);
  }
};

// The payer's mask, kept in a payment record's state.
std::string mask_of(const RegimeRecord& record) {
  simdjson::dom::parser parser;
  std::string_view masked;
  if (parser.parse(record.state_json)["payer"].get_string().get(masked) != simdjson::SUCCESS) {
    return "";
  }
  return std::string(masked);
}

struct TypedDocuments {
  std::optional<EcommerceOrder> order;
  std::optional<EcommercePayment> payment;
  std::optional<EcommerceWaybill> waybill;
};

Result<TypedDocuments> typed(const Documents& documents, const OrderState* state) {
  TypedDocuments out;
  if (documents.order) {
    auto order = read_stored_order(documents.order->body_json, state ? state->buyer_masked : "");
    if (!order) return std::move(order).error();
    out.order = std::move(*order);
  }
  if (documents.payment) {
    auto payment = read_stored_payment(documents.payment->body_json, mask_of(*documents.payment));
    if (!payment) return std::move(payment).error();
    out.payment = std::move(*payment);
  }
  if (documents.waybill) {
    auto waybill = read_stored_waybill(documents.waybill->body_json);
    if (!waybill) return std::move(waybill).error();
    out.waybill = std::move(*waybill);
  }
  return out;
}

EcommerceMatch match_of(const TypedDocuments& docs) {
  return match_order(docs.order ? &*docs.order : nullptr, docs.payment ? &*docs.payment : nullptr,
                     docs.waybill ? &*docs.waybill : nullptr);
}

void set_match(OrderState& state, const EcommerceMatch& match) {
  state.status = std::string(to_string(match.status));
  JsonWriter missing;
  write_missing(missing, match);
  state.missing_json = missing.take();
  JsonWriter mismatches;
  write_mismatches(mismatches, match);
  state.mismatches_json = mismatches.take();
}

struct ReturnRequest {
  std::string id;
  TimePoint at;
  std::string reason;
};

Errors decode_return(std::string_view body, ReturnRequest& request) {
  Errors errors;
  if (body.size() > ecommerce_return_body_bytes_max) {
    errors.push_back(make_error("body.too_large", "", "a return body is at most 4 KiB"));
    return errors;
  }
  simdjson::dom::parser parser;
  object root;
  simdjson::padded_string padded(body);
  if (parser.parse(padded).get_object().get(root) != simdjson::SUCCESS) {
    errors.push_back(make_error("json.syntax", "", "the body must be a JSON object"));
    return errors;
  }
  bool has_id = false, has_at = false, has_reason = false;
  for (auto [key, value] : root) {
    const std::string path = "/" + std::string(key.substr(0, 64));
    bool* seen = key == "id" ? &has_id : key == "at" ? &has_at : key == "reason" ? &has_reason : nullptr;
    if (seen == nullptr) {
      errors.push_back(make_error("field.unknown", path, "unknown field"));
      continue;
    }
    if (*seen) {
      errors.push_back(make_error("field.duplicate", path, "the field appears twice"));
      continue;
    }
    *seen = true;
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) {
      errors.push_back(make_error("ecommerce.type", path, "must be a string"));
      continue;
    }
    if (key == "id") {
      if (!is_client_id_syntax(text)) {
        errors.push_back(make_error("ecommerce.id", path, "1 to 64 of A-Z a-z 0-9 - _"));
      }
      request.id = std::string(text);
    } else if (key == "at") {
      if (auto at = parse_timestamp(text)) {
        request.at = *at;
      } else {
        errors.push_back(make_error("ecommerce.return_at", path, "an RFC 3339 timestamp"));
      }
    } else {
      if (text.size() > ecommerce_return_reason_length_max ||
          std::any_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20; })) {
        errors.push_back(make_error("ecommerce.return_reason", path,
                                    "at most 256 bytes without control characters"));
      }
      request.reason = std::string(text);
    }
  }
  if (!has_id) errors.push_back(make_error("field.missing", "/id", "id is required"));
  if (!has_at) errors.push_back(make_error("field.missing", "/at", "at is required"));
  return errors;
}

Error order_not_found(std::string_view id) {
  return make_error("ecommerce.order_not_found", "", "no order " + std::string(id.substr(0, 64)));
}

}  // namespace

// One document as received: its record, and for an order its decoded form.
struct EcommerceService::Arrival {
  RegimeRecord record;
  std::string order_id;
  std::string what;  // "order", "payment", "waybill": error codes and answers
  std::string buyer_masked;  // orders
  std::string platform;      // orders
};

std::string EcommerceService::key_of(std::string_view id_number) const {
  auto normalized = normalize_identity_number(id_number);
  return buyer_key_(normalized ? normalized->number : std::string(id_number));
}

Result<RegimeAnswer> EcommerceService::receive_order(std::string_view body,
                                                     const EcommerceCaller& caller,
                                                     std::optional<AuditEntry> audit) {
  DecodedEcommerceOrder decoded = decode_ecommerce_order(body, buyer_key_);
  if (!decoded.errors.empty()) return RegimeAnswer::rejected(std::move(decoded.errors));
  const EcommerceOrder& order = decoded.order;
  if (!caller.party.empty() && order.platform != caller.party) {
    return make_error("auth.party_mismatch", "/platform", "a platform sends its own orders only");
  }
  Arrival arrival;
  arrival.record.kind = std::string(ecommerce_order_kind);
  arrival.record.id = order.id;
  arrival.record.owner = order.platform;
  arrival.record.subject = order.buyer.identity.key;
  arrival.record.body_json = canonical_json(order);
  arrival.order_id = order.id;
  arrival.what = "order";
  arrival.buyer_masked = order.buyer.identity.masked;
  arrival.platform = order.platform;
  return receive(std::move(arrival), std::move(audit));
}

Result<RegimeAnswer> EcommerceService::receive_payment(std::string_view body,
                                                       const EcommerceCaller& caller,
                                                       std::optional<AuditEntry> audit) {
  DecodedEcommercePayment decoded = decode_ecommerce_payment(body, buyer_key_);
  if (!decoded.errors.empty()) return RegimeAnswer::rejected(std::move(decoded.errors));
  const EcommercePayment& payment = decoded.payment;
  Arrival arrival;
  arrival.record.kind = std::string(ecommerce_payment_kind);
  arrival.record.id = payment.id;
  arrival.record.link = payment.order_id;
  arrival.record.owner = caller.party;
  arrival.record.subject = payment.payer.key;
  arrival.record.body_json = canonical_json(payment);
  JsonWriter state;
  state.begin_object().field("payer", payment.payer.masked).end_object();
  arrival.record.state_json = state.take();
  arrival.order_id = payment.order_id;
  arrival.what = "payment";
  return receive(std::move(arrival), std::move(audit));
}

Result<RegimeAnswer> EcommerceService::receive_waybill(std::string_view body,
                                                       const EcommerceCaller& caller,
                                                       std::optional<AuditEntry> audit) {
  DecodedEcommerceWaybill decoded = decode_ecommerce_waybill(body);
  if (!decoded.errors.empty()) return RegimeAnswer::rejected(std::move(decoded.errors));
  const EcommerceWaybill& waybill = decoded.waybill;
  Arrival arrival;
  arrival.record.kind = std::string(ecommerce_waybill_kind);
  arrival.record.id = waybill.id;
  arrival.record.link = waybill.order_id;
  arrival.record.owner = caller.party;
  arrival.record.body_json = canonical_json(waybill);
  arrival.order_id = waybill.order_id;
  arrival.what = "waybill";
  return receive(std::move(arrival), std::move(audit));
}

Result<RegimeAnswer> EcommerceService::receive(Arrival arrival, std::optional<AuditEntry> audit) {
  const TimePoint now = clock_.now();
  RegimeRecord& record = arrival.record;
  record.body_sha256 = sha256_hex(record.body_json);
  record.created_at = record.updated_at = now;
  const bool is_order = arrival.what == "order";
  if (audit) audit->target = record.id;

  bool replay = false;
  std::optional<TypedDocuments> matched;  // the documents, when this arrival completed the match
  std::string order_status = "awaiting_documents";
  std::string order_state;  // the order's view after this arrival (orders)
  auto written = store_.transact([&](RegimeTransaction& tx) -> VoidResult {
    auto existing = tx.find(record.kind, record.id);
    if (!existing) return std::move(existing).error();
    if (existing->has_value()) {
      if ((*existing)->body_sha256 != record.body_sha256) {
        return make_error(arrival.what + ".exists_with_different_content", "/id",
                          arrival.what + " " + record.id + " was received with other content");
      }
      replay = true;
    }
    // The order's state as stored, when the order is there.
    std::optional<OrderState> state;
    auto stored_order = is_order && !replay ? Result<std::optional<RegimeRecord>>(std::nullopt)
                                            : tx.find(ecommerce_order_kind, arrival.order_id);
    if (!stored_order) return std::move(stored_order).error();
    if (stored_order->has_value()) {
      auto parsed = parse_state((*stored_order)->state_json);
      if (!parsed) return std::move(parsed).error();
      state = std::move(*parsed);
    }
    if (replay) {
      order_status = state ? state->status : "awaiting_documents";
      if (state && is_order) order_state = state_json(*state);
      return {};
    }
    if (!is_order && state && is_closed(*state)) {
      return make_error("ecommerce.order_closed", "/order_id",
                        "order " + arrival.order_id + " is " + state->status +
                            "; its documents can no longer change");
    }
    OC_TRY(tx.put(record));
    auto documents = gather(tx, arrival.order_id);
    if (!documents) return std::move(documents).error();
    if (!documents->order) {
      if (audit) OC_TRY(tx.audit(*audit));
      return {};  // the order has not arrived: nothing to match yet
    }
    if (is_order) {
      state.emplace();
      state->id = arrival.order_id;
      state->platform = arrival.platform;
      state->buyer_masked = arrival.buyer_masked;
    }
    auto docs = typed(*documents, &*state);
    if (!docs) return std::move(docs).error();
    const EcommerceMatch match = match_of(*docs);
    set_match(*state, match);
    if (match.status == EcommerceMatchStatus::matched) matched = std::move(*docs);
    RegimeRecord order = std::move(*documents->order);
    order.state_json = state_json(*state);
    order.updated_at = now;
    OC_TRY(tx.put(order));
    if (matched) {
      RegimeRecord marker;
      marker.kind = std::string(ecommerce_clearing_kind);
      marker.id = arrival.order_id;
      marker.body_json = arrival.order_id;
      marker.body_sha256 = sha256_hex(marker.body_json);
      marker.created_at = marker.updated_at = now;
      OC_TRY(tx.put(marker));
    }
    order_status = state->status;
    order_state = order.state_json;
    if (audit) OC_TRY(tx.audit(*audit));
    return {};
  });
  if (!written) return std::move(written).error();
  if (matched) {
    auto cleared =
        clear_matched(arrival.order_id, *matched->order, *matched->payment, *matched->waybill);
    if (!cleared) return std::move(cleared).error();
    order_state = std::move(cleared->json);
    order_status = std::move(cleared->status);
  }
  const RegimeAnswer::Kind kind = replay ? RegimeAnswer::Kind::exists : RegimeAnswer::Kind::created;
  if (is_order) {
    if (order_state.empty()) return make_error("store.io", "", "the order's state was not written");
    return RegimeAnswer{kind, std::move(order_state), {}};
  }
  JsonWriter out;
  out.begin_object()
      .field("id", record.id)
      .field("order_id", arrival.order_id)
      .field("order_status", order_status)
      .end_object();
  return RegimeAnswer{kind, out.take(), {}};
}

Result<EcommerceService::OrderView> EcommerceService::clear(const std::string& order_id) {
  StoreReads reads{store_};
  auto documents = gather(reads, order_id);
  if (!documents) return std::move(documents).error();
  if (!documents->order) return order_not_found(order_id);
  auto state = parse_state(documents->order->state_json);
  if (!state) return std::move(state).error();
  auto docs = typed(*documents, &*state);
  if (!docs) return std::move(docs).error();
  if (state->status != "matched" || !docs->payment || !docs->waybill) {
    // Cleared by another request meanwhile: only a stale marker can be left.
    OC_TRY(store_.transact(
        [&](RegimeTransaction& tx) { return tx.erase(ecommerce_clearing_kind, order_id); }));
    return OrderView{documents->order->state_json, state->status};
  }
  return clear_matched(order_id, *docs->order, *docs->payment, *docs->waybill);
}

Result<EcommerceService::OrderView> EcommerceService::clear_matched(
    const std::string& order_id, const EcommerceOrder& order, const EcommercePayment& payment,
    const EcommerceWaybill& waybill) {
  const TimePoint now = clock_.now();
  const int year = china_year(now);
  auto value = ecommerce_dutiable_value(order);
  if (!value) return std::move(value).error();
  const std::int64_t value_cents = value->rescale(2, Rounding::half_up)->units();

  // Everything that reads no stored state of the quota: the declaration, its assessment with the
  // year so far as it stands now, the lane. The transaction below re-checks the quota.
  std::optional<Errors> refusal;
  std::optional<LodgingService::Prepared> prepared;
  auto body = build_ecommerce_declaration(order, payment, waybill, channel_);
  if (!body) {
    refusal = Errors{std::move(body).error()};
  } else {
    auto used = store_.allowance_used(ecommerce_quota_ledger, order.buyer.identity.key, year);
    if (!used) return std::move(used).error();
    LodgingOptions options;
    options.buyer_year_to_date = Decimal::from_units(*used, 2);
    auto lodged = lodging_.prepare(*body, Actor{Role::trader, order.platform}, options);
    if (!lodged) {
      refusal = Errors{std::move(lodged).error()};
    } else if (lodged->outcome.disposition == LodgingDisposition::rejected) {
      refusal = std::move(lodged->outcome.errors);
    } else if (!lodged->lodging) {
      refusal = Errors{make_error("ecommerce.declared_elsewhere", "",
                                  "a declaration " + ecommerce_lrn(order.id) +
                                      " was lodged before by the platform itself")};
    } else {
      prepared = std::move(*lodged);
    }
  }

  OrderView view;
  auto written = store_.transact([&](RegimeTransaction& tx) -> VoidResult {
    auto marker = tx.find(ecommerce_clearing_kind, order_id);
    if (!marker) return std::move(marker).error();
    auto stored = tx.find(ecommerce_order_kind, order_id);
    if (!stored) return std::move(stored).error();
    if (!stored->has_value()) return order_not_found(order_id);
    RegimeRecord record = std::move(**stored);
    auto current = parse_state(record.state_json);
    if (!current) return std::move(current).error();
    if (!marker->has_value()) {  // another request cleared it meanwhile
      view = OrderView{record.state_json, current->status};
      return {};
    }
    OrderState next = std::move(*current);
    if (!refusal) {
      auto used = tx.allowance_used(ecommerce_quota_ledger, order.buyer.identity.key, year);
      if (!used) return std::move(used).error();
      if (*used + value_cents > ecommerce_annual_limit_cny * 100) {
        refusal = Errors{make_error(
            "ecommerce.annual_limit_exceeded", "",
            "the order's " + value->to_string() + " CNY exceeds the buyer's remaining " +
                money(std::max<std::int64_t>(0, ecommerce_annual_limit_cny * 100 - *used)) +
                " CNY of the " + std::to_string(ecommerce_annual_limit_cny) + " CNY yearly quota")};
      }
    }
    if (refusal) {
      next.status = "refused";
      next.errors_json = errors_array(*refusal);
    } else {
      OC_TRY(tx.add_allowance(AllowanceEntry{std::string(ecommerce_quota_ledger), order_id,
                                             order.buyer.identity.key, year, value_cents, now}));
      auto lodged = tx.lodge(*prepared->lodging);
      if (!lodged) return std::move(lodged).error();
      next.status = "cleared";
      next.declaration_id = lodged->record.id;
      next.lane = lodged->record.lane ? std::string(to_string(*lodged->record.lane)) : "";
      JsonWriter tax;
      write_tax_totals(tax, *prepared->outcome.payable);
      next.tax_json = tax.take();
      next.cleared_at = format_timestamp(now);
      next.quota_year = year;
      next.drawn_cents = value_cents;
    }
    record.state_json = state_json(next);
    record.updated_at = now;
    OC_TRY(tx.put(record));
    OC_TRY(tx.erase(ecommerce_clearing_kind, order_id));
    view = OrderView{record.state_json, next.status};
    return {};
  });
  if (!written) return std::move(written).error();
  return view;
}

Result<std::string> EcommerceService::order_view(std::string_view order_id,
                                                 const EcommerceCaller& caller) {
  auto found = store_.find_record(ecommerce_order_kind, order_id);
  if (!found) return std::move(found).error();
  if (!found->has_value() || !may_see(caller, **found, channel_.office)) {
    return order_not_found(order_id);
  }
  return (*found)->state_json;
}

Result<std::string> EcommerceService::quota(std::string_view id_number, int year) {
  auto used = store_.allowance_used(ecommerce_quota_ledger, key_of(id_number), year);
  if (!used) return std::move(used).error();
  const std::int64_t limit = ecommerce_annual_limit_cny * 100;
  JsonWriter out;
  out.begin_object()
      .field("year", static_cast<std::int64_t>(year))
      .field("limit", money(limit))
      .field("used", money(*used))
      .field("remaining", money(std::max<std::int64_t>(0, limit - *used)))
      .end_object();
  return out.take();
}

Result<RegimeAnswer> EcommerceService::return_order(std::string_view order_id,
                                                    std::string_view body,
                                                    const EcommerceCaller& caller,
                                                    std::optional<AuditEntry> audit) {
  ReturnRequest request;
  if (Errors errors = decode_return(body, request); !errors.empty()) {
    return RegimeAnswer::rejected(std::move(errors));
  }
  const TimePoint now = clock_.now();
  if (audit) audit->target = std::string(order_id);
  bool replay = false;
  std::string view;
  auto written = store_.transact([&](RegimeTransaction& tx) -> VoidResult {
    auto stored = tx.find(ecommerce_order_kind, order_id);
    if (!stored) return std::move(stored).error();
    if (!stored->has_value() || (!caller.party.empty() && (*stored)->owner != caller.party)) {
      return order_not_found(order_id);
    }
    RegimeRecord record = std::move(**stored);
    auto state = parse_state(record.state_json);
    if (!state) return std::move(state).error();
    if (state->status == "returned") {
      if (state->return_id != request.id) {
        return make_error("ecommerce.order_returned", "/id",
                          "order " + record.id + " was returned under " + state->return_id +
                              " at " + state->returned_at);
      }
      replay = true;
      view = record.state_json;
      return {};
    }
    if (state->status != "cleared") {
      return make_error("ecommerce.order_not_cleared", "",
                        "order " + record.id + " is " + state->status +
                            "; only a cleared order can be returned");
    }
    auto cleared_at = parse_timestamp(state->cleared_at);
    if (!cleared_at) return make_error("store.corrupt", "", "a cleared order without its time");
    if (request.at > now + std::chrono::minutes(5)) {
      return make_error("ecommerce.return_at", "/at", "a return cannot be recorded ahead of time");
    }
    if (!within_return_window(*cleared_at, request.at)) {
      return make_error("ecommerce.return_window_closed", "/at",
                        "order " + record.id + " was cleared at " + state->cleared_at +
                            "; returns are accepted within " +
                            std::to_string(ecommerce_return_days) + " days of clearance");
    }
    OC_TRY(tx.add_allowance(AllowanceEntry{std::string(ecommerce_quota_ledger),
                                           "return:" + record.id, record.subject,
                                           state->quota_year, -state->drawn_cents, now}));
    state->status = "returned";
    state->return_id = request.id;
    state->returned_at = format_timestamp(request.at);
    state->return_reason = request.reason;
    record.state_json = state_json(*state);
    record.updated_at = now;
    OC_TRY(tx.put(record));
    if (audit) OC_TRY(tx.audit(*audit));
    view = record.state_json;
    return {};
  });
  if (!written) return std::move(written).error();
  return RegimeAnswer{replay ? RegimeAnswer::Kind::exists : RegimeAnswer::Kind::created,
                      std::move(view), {}};
}

Result<std::size_t> EcommerceService::recover() {
  std::size_t completed = 0;
  while (true) {
    auto markers = store_.records_of_kind(ecommerce_clearing_kind, 100);
    if (!markers) return std::move(markers).error();
    if (markers->empty()) return completed;
    for (const RegimeRecord& marker : *markers) {
      auto cleared = clear(marker.id);
      if (!cleared) return std::move(cleared).error();
      ++completed;
    }
  }
}

}  // namespace oc
