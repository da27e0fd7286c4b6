#include "clearance/tax_refund_service.h"

#include <simdjson.h>

#include "clearance/lodging.h"
#include "core/codes.h"
#include "core/json_writer.h"
#include "core/sha256.h"
#include "taxrefund/refund_verification.h"

namespace oc {
namespace {

RefundAnswer rejected(Errors errors) { return RegimeAnswer::rejected(std::move(errors)); }

std::string form_answer(const RefundFormRecord& record) {
  JsonWriter out;
  out.begin_object()
      .field("id", record.id)
      .field("refund_amount", Decimal::from_units(record.refund_cents, 2).to_string())
      .field("qr_payload", record.payload)
      .field("qr_png", "/v1/taxrefund/forms/" + record.id + "/qr.png")
      .field("qr_svg", "/v1/taxrefund/forms/" + record.id + "/qr.svg")
      .end_object();
  return out.take();
}

struct VerificationRequest {
  std::string qr_payload;
  std::string port;
  TimePoint departing_at;
};

Result<VerificationRequest> decode_verification(std::string_view body, Errors& errors) {
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded(body.substr(0, 64 * 1024));
  simdjson::dom::element root;
  simdjson::dom::object object;
  if (body.size() > 64 * 1024 || parser.parse(padded).get(root) != simdjson::SUCCESS ||
      root.get_object().get(object) != simdjson::SUCCESS) {
    errors.push_back(make_error("json.syntax", "", "the body must be a JSON object"));
    return errors.front();
  }
  VerificationRequest request;
  bool has_payload = false, has_port = false, has_departing = false;
  for (auto [key, value] : object) {
    std::string_view text;
    const std::string path = "/" + std::string(key);
    if (key != "qr_payload" && key != "port" && key != "departing_at") {
      errors.push_back(make_error("field.unknown", path, "unknown field '" + std::string(key.substr(0, 64)) + "'"));
      continue;
    }
    if (value.get_string().get(text) != simdjson::SUCCESS) {
      errors.push_back(make_error("verification.type", path, std::string(key) + " must be a string"));
      continue;
    }
    if (key == "qr_payload") {
      has_payload = true;
      request.qr_payload = std::string(text);
    } else if (key == "port") {
      has_port = true;
      if (!is_locode_syntax(text)) {
        errors.push_back(make_error("verification.port", path, "a UN/LOCODE such as CNSZX"));
      }
      request.port = std::string(text);
    } else {
      has_departing = true;
      auto at = parse_timestamp(text);
      if (!at) {
        errors.push_back(make_error("verification.departing_at", path, "an RFC 3339 timestamp"));
      } else {
        request.departing_at = *at;
      }
    }
  }
  if (!has_payload) errors.push_back(make_error("verification.required", "/qr_payload", "qr_payload is required"));
  if (!has_port) errors.push_back(make_error("verification.required", "/port", "port is required"));
  if (!has_departing) errors.push_back(make_error("verification.required", "/departing_at", "departing_at is required"));
  if (!errors.empty()) return errors.front();
  return request;
}

}  // namespace

Result<RefundAnswer> TaxRefundService::issue(std::string_view body, const std::string& store_party,
                                             std::optional<AuditEntry> audit) {
  const TimePoint now = clock_.now();
  DecodedRefundForm decoded = decode_refund_form(body, traveller_, now, policy_);
  if (!decoded.errors.empty()) return rejected(std::move(decoded.errors));
  const RefundForm& form = decoded.form;
  if (!store_party.empty() && form.store != store_party) {
    return make_error("auth.party_mismatch", "/store", "a store issues forms under its own id only");
  }
  RefundFormRecord record;
  record.id = form.id;
  record.store = form.store;
  record.traveller_key = form.traveller_key;
  record.purchase_date = form.date;
  record.body_json = canonical_refund_form_json(form);
  record.body_sha256 = sha256_hex(record.body_json);
  record.content_hash = refund_form_content_hash(form);
  record.refund_cents = form.amount.refund.rescale(2, Rounding::half_up)->units();
  record.payload = make_refund_payload(form, signing_);
  record.issued_at = now;
  if (audit) audit->target = form.id;
  auto stored = store_.record_refund_form(record, std::move(audit));
  if (!stored) return std::move(stored).error();
  if (*stored == JournalDisposition::exists) {
    auto first = store_.find_refund_form(form.id);
    if (!first) return std::move(first).error();
    if (!first->has_value()) return make_error("store.io", "", "a recorded form vanished");
    return RefundAnswer{RefundAnswer::Kind::exists, form_answer(**first), {}};
  }
  return RefundAnswer{RefundAnswer::Kind::created, form_answer(record), {}};
}

Result<RefundAnswer> TaxRefundService::verify(std::string_view body, std::optional<AuditEntry> audit) {
  Errors errors;
  auto request = decode_verification(body, errors);
  if (!request) return rejected(std::move(errors));
  auto payload = verify_payload(request->qr_payload, signing_.public_key());
  if (!payload) return rejected({std::move(payload).error()});
  auto found = store_.find_refund_form(payload->form_id);
  if (!found) return std::move(found).error();
  if (!found->has_value()) {
    return make_error("form.not_found", "/qr_payload", "no form " + payload->form_id);
  }
  const RefundFormRecord& record = **found;
  const TimePoint now = clock_.now();
  auto cash = store_.cash_paid(record.traveller_key, request->port, now - refund_departure_window);
  if (!cash) return std::move(cash).error();
  StoredRefundForm stored{record.id, record.purchase_date, record.content_hash,
                          Decimal::from_units(record.refund_cents, 2), record.verified_at};
  auto decision = decide_refund_verification(
      *payload, stored, Departure{request->departing_at, Decimal::from_units(*cash, 2), now});
  if (!decision) {
    if (decision.error().code == "form.already_verified") return std::move(decision).error();
    return rejected({std::move(decision).error()});
  }
  if (audit) audit->target = record.id;
  const std::int64_t cash_cents = decision->cash_max.rescale(2, Rounding::half_up)->units();
  OC_TRY(store_.mark_refund_verified(record.id, decision->verified_at, request->port, cash_cents,
                                     std::move(audit)));
  JsonWriter out;
  out.begin_object()
      .field("form_id", record.id)
      .field("refund_amount", decision->refund_amount.to_string())
      .field("cash_max", decision->cash_max.to_string())
      .field("bank_card", decision->bank_card.to_string())
      .field("verified_at", format_timestamp(decision->verified_at))
      .end_object();
  return RefundAnswer{RefundAnswer::Kind::done, out.take(), {}};
}

}  // namespace oc
