#include "clearance/postal_service.h"

#include "core/sha256.h"
#include "postal/declaration.h"
#include "postal/receipt.h"
#include "postal/record_json.h"
#include "postal/requests.h"
#include "postal/tracking_number.h"

namespace oc {
namespace {

Error not_found(std::string_view tracking_no) {
  return make_error("postal.not_found", "",
                    "no item " + std::string(tracking_no.substr(0, 16)) + " with this phone number");
}

}  // namespace

std::string PostalService::phone_key_of(std::string_view phone) const {
  auto normalised = normalize_phone(phone);
  return normalised ? phone_key_(*normalised) : std::string();
}

VoidResult PostalService::check_throttle(const std::string& tracking_no) {
  std::lock_guard lock(throttle_mutex_);
  auto it = failures_.find(tracking_no);
  if (it == failures_.end()) return {};
  const TimePoint now = clock_.now();
  if (now - it->second.window_start >= postal_proof_window) {
    failures_.erase(it);
    return {};
  }
  if (it->second.count < postal_proof_failures_max) return {};
  const auto wait = std::chrono::duration_cast<std::chrono::seconds>(
      it->second.window_start + postal_proof_window - now);
  return make_error("postal.too_many_attempts", "",
                    "too many wrong phone numbers for this item; try again in " +
                        std::to_string(std::max<std::int64_t>(1, wait.count())) + " s");
}

void PostalService::note_failure(const std::string& tracking_no) {
  std::lock_guard lock(throttle_mutex_);
  const TimePoint now = clock_.now();
  if (failures_.size() >= postal_proof_tracked_max) {
    std::erase_if(failures_, [&](const auto& entry) {
      return now - entry.second.window_start >= postal_proof_window;
    });
    // Still full of live entries: forget them all rather than grow without bound (the per-address
    // rate limit of requests without a token still holds).
    if (failures_.size() >= postal_proof_tracked_max) failures_.clear();
  }
  Failures& failures = failures_[tracking_no];
  if (failures.count == 0 || now - failures.window_start >= postal_proof_window) {
    failures = Failures{0, now};
  }
  ++failures.count;
}

Result<PostalService::Loaded> PostalService::load(RegimeTransaction* tx,
                                                  std::string_view tracking_no,
                                                  const std::string& phone_key,
                                                  const PostalCaller& caller) {
  auto found = tx ? tx->find(postal_item_kind, tracking_no)
                  : store_.find_record(postal_item_kind, tracking_no);
  if (!found) return std::move(found).error();
  if (!found->has_value()) return not_found(tracking_no);
  if (caller.kind == PostalCaller::Kind::operator_party && (*found)->owner != caller.party &&
      phone_key.empty()) {
    return not_found(tracking_no);
  }
  auto record = read_postal_record((*found)->body_json, (*found)->state_json);
  if (!record) return std::move(record).error();
  // The recipient proves with the phone; a phone given by anyone else must be right too.
  if ((caller.kind == PostalCaller::Kind::recipient || !phone_key.empty()) &&
      !phone_key_matches(record->item, phone_key)) {
    return not_found(tracking_no);
  }
  return Loaded{std::move(**found), std::move(*record)};
}

Result<RegimeAnswer> PostalService::lodge(std::string_view body, const PostalCaller& caller,
                                          std::optional<AuditEntry> audit) {
  DecodedPostalItem decoded = decode_postal_item(body, phone_key_);
  if (!decoded.errors.empty()) return RegimeAnswer::rejected(std::move(decoded.errors));
  if (Errors unknown = check_postal_categories(decoded.item.contents, tariff_); !unknown.empty()) {
    return RegimeAnswer::rejected(std::move(unknown));
  }
  const TimePoint now = clock_.now();
  const PostalItemRecord record = lodge_postal_item(std::move(decoded.item), now);
  RegimeRecord stored;
  stored.kind = std::string(postal_item_kind);
  stored.id = record.item.tracking_no;
  stored.owner = caller.party;
  stored.subject = record.item.recipient.phone_key;
  stored.body_json = canonical_postal_item_json(record.item);
  stored.body_sha256 = sha256_hex(stored.body_json);
  stored.state_json = postal_record_state_json(record);
  stored.created_at = stored.updated_at = now;
  if (audit) audit->target = stored.id;
  std::optional<std::string> replay;
  auto written = store_.transact([&](RegimeTransaction& tx) -> VoidResult {
    auto existing = tx.find(postal_item_kind, stored.id);
    if (!existing) return std::move(existing).error();
    if (existing->has_value()) {
      if ((*existing)->body_sha256 != stored.body_sha256 || (*existing)->owner != stored.owner) {
        return make_error("item.exists_with_different_content", "/tracking_no",
                          "item " + stored.id + " was lodged with other content");
      }
      auto first = read_postal_record((*existing)->body_json, (*existing)->state_json);
      if (!first) return std::move(first).error();
      replay = postal_item_view_json(*first);
      return {};
    }
    OC_TRY(tx.put(stored));
    if (audit) OC_TRY(tx.audit(*audit));
    return {};
  });
  if (!written) return std::move(written).error();
  if (replay) return RegimeAnswer{RegimeAnswer::Kind::exists, std::move(*replay), {}};
  return RegimeAnswer{RegimeAnswer::Kind::created, postal_item_view_json(record), {}};
}

Result<PostalService::Loaded> PostalService::read(std::string_view tracking_no,
                                                  std::optional<std::string_view> phone,
                                                  const PostalCaller& caller) {
  auto parsed = parse_tracking_number(tracking_no);
  if (!parsed) return not_found(tracking_no);
  const std::string key = phone ? phone_key_of(*phone) : std::string();
  if (caller.kind == PostalCaller::Kind::recipient) OC_TRY(check_throttle(*parsed));
  auto loaded = load(nullptr, *parsed, key, caller);
  if (!loaded && loaded.error().code == "postal.not_found" &&
      caller.kind == PostalCaller::Kind::recipient) {
    note_failure(*parsed);
  }
  return loaded;
}

Result<std::string> PostalService::view(std::string_view tracking_no,
                                        std::optional<std::string_view> phone,
                                        const PostalCaller& caller) {
  auto loaded = read(tracking_no, phone, caller);
  if (!loaded) return std::move(loaded).error();
  return postal_item_view_json(loaded->record);
}

Result<RegimeAnswer> PostalService::apply(std::string_view tracking_no,
                                          const std::string& phone_key,
                                          const PostalCaller& caller,
                                          std::optional<AuditEntry> audit, const Step& step) {
  auto parsed = parse_tracking_number(tracking_no);
  if (!parsed) return not_found(tracking_no);
  const bool proving = caller.kind == PostalCaller::Kind::recipient || !phone_key.empty();
  if (proving) OC_TRY(check_throttle(*parsed));
  if (audit) audit->target = *parsed;
  const TimePoint now = clock_.now();
  bool replay = false;
  std::string view;
  auto written = store_.transact([&](RegimeTransaction& tx) -> VoidResult {
    auto loaded = load(&tx, *parsed, phone_key, caller);
    if (!loaded) return std::move(loaded).error();
    auto next = step(loaded->record);
    if (!next) return std::move(next).error();
    if (!next->has_value()) {
      replay = true;
      view = postal_item_view_json(loaded->record);
      return {};
    }
    RegimeRecord& stored = loaded->stored;
    stored.state_json = postal_record_state_json(**next);
    stored.updated_at = now;
    OC_TRY(tx.put(stored));
    if (audit) OC_TRY(tx.audit(*audit));
    view = postal_item_view_json(**next);
    return {};
  });
  if (!written) {
    if (proving && written.error().code == "postal.not_found") note_failure(*parsed);
    return std::move(written).error();
  }
  return RegimeAnswer{replay ? RegimeAnswer::Kind::exists : RegimeAnswer::Kind::created,
                      std::move(view), {}};
}

Result<RegimeAnswer> PostalService::declare(std::string_view tracking_no, std::string_view body,
                                            const PostalCaller& caller,
                                            std::optional<AuditEntry> audit) {
  DecodedSupplementaryDeclaration decoded =
      decode_supplementary_declaration(body, phone_key_, id_number_key_);
  if (!decoded.errors.empty()) return RegimeAnswer::rejected(std::move(decoded.errors));
  const SupplementaryDeclaration& declaration = decoded.declaration;
  const TimePoint now = clock_.now();
  return apply(tracking_no, declaration.phone_key, caller, std::move(audit),
               [&](const PostalItemRecord& record) -> Result<std::optional<PostalItemRecord>> {
                 if (record.declaration && record.declaration->declaration == declaration) {
                   return std::optional<PostalItemRecord>();
                 }
                 auto next = declare_postal_item(record, declaration, tariff_, now);
                 if (!next) return std::move(next).error();
                 return std::optional<PostalItemRecord>(std::move(*next));
               });
}

Result<RegimeAnswer> PostalService::pay(std::string_view tracking_no, std::string_view body,
                                        const PostalCaller& caller,
                                        std::optional<AuditEntry> audit) {
  DecodedPostalPayment decoded = decode_postal_payment(body, phone_key_);
  if (!decoded.errors.empty()) return RegimeAnswer::rejected(std::move(decoded.errors));
  const PostalPayment& payment = decoded.payment;
  const TimePoint now = clock_.now();
  return apply(tracking_no, payment.phone_key, caller, std::move(audit),
               [&](const PostalItemRecord& record) -> Result<std::optional<PostalItemRecord>> {
                 if (record.payment && record.payment->payment == payment) {
                   return std::optional<PostalItemRecord>();
                 }
                 auto next = pay_postal_tax(record, payment, now);
                 if (!next) return std::move(next).error();
                 return std::optional<PostalItemRecord>(std::move(*next));
               });
}

Result<RegimeAnswer> PostalService::request_refund(std::string_view tracking_no,
                                                   std::string_view body,
                                                   const PostalCaller& caller,
                                                   std::optional<AuditEntry> audit) {
  DecodedPostalRefundRequest decoded = decode_postal_refund_request(body, phone_key_);
  if (!decoded.errors.empty()) return RegimeAnswer::rejected(std::move(decoded.errors));
  const PostalRefundRequest& request = decoded.request;
  const TimePoint now = clock_.now();
  return apply(tracking_no, request.phone_key, caller, std::move(audit),
               [&](const PostalItemRecord& record) -> Result<std::optional<PostalItemRecord>> {
                 const PostalRefundRecord* earlier = find_postal_refund(record, request.id);
                 if (earlier != nullptr && earlier->request == request) {
                   return std::optional<PostalItemRecord>();
                 }
                 auto next = request_postal_refund(record, request, now);
                 if (!next) return std::move(next).error();
                 return std::optional<PostalItemRecord>(std::move(*next));
               });
}

Result<RegimeAnswer> PostalService::review_refund(std::string_view tracking_no,
                                                  std::string_view refund_id,
                                                  std::string_view body,
                                                  const PostalCaller& caller,
                                                  std::optional<AuditEntry> audit) {
  DecodedPostalRefundReview decoded = decode_postal_refund_review(body);
  if (!decoded.errors.empty()) return RegimeAnswer::rejected(std::move(decoded.errors));
  const PostalRefundReview& review = decoded.review;
  const TimePoint now = clock_.now();
  return apply(tracking_no, "", caller, std::move(audit),
               [&](const PostalItemRecord& record) -> Result<std::optional<PostalItemRecord>> {
                 const PostalRefundRecord* refund = find_postal_refund(record, refund_id);
                 const auto decided = review.decision == PostalRefundDecision::approved
                                          ? PostalRefundStatus::approved
                                          : PostalRefundStatus::rejected;
                 if (refund != nullptr && refund->status == decided &&
                     refund->review_reason == review.reason) {
                   return std::optional<PostalItemRecord>();
                 }
                 auto next = review_postal_refund(record, refund_id, review, now);
                 if (!next) return std::move(next).error();
                 return std::optional<PostalItemRecord>(std::move(*next));
               });
}

Result<RegimeAnswer> PostalService::return_item(std::string_view tracking_no,
                                                std::string_view body, const PostalCaller& caller,
                                                std::optional<AuditEntry> audit) {
  DecodedPostalReturnRequest decoded = decode_postal_return_request(body, phone_key_);
  if (!decoded.errors.empty()) return RegimeAnswer::rejected(std::move(decoded.errors));
  const PostalReturnRequest& request = decoded.request;
  const TimePoint now = clock_.now();
  return apply(tracking_no, request.phone_key.value_or(""), caller, std::move(audit),
               [&](const PostalItemRecord& record) -> Result<std::optional<PostalItemRecord>> {
                 if (record.returned && record.returned->reason == request.reason) {
                   return std::optional<PostalItemRecord>();
                 }
                 auto next = return_postal_item(record, request, now);
                 if (!next) return std::move(next).error();
                 return std::optional<PostalItemRecord>(std::move(*next));
               });
}

Result<PostalReceipt> PostalService::receipt(std::string_view tracking_no,
                                             std::optional<std::string_view> phone,
                                             const PostalCaller& caller) {
  auto loaded = read(tracking_no, phone, caller);
  if (!loaded) return std::move(loaded).error();
  if (!loaded->record.payment) {
    return make_error("postal.not_paid", "",
                      "item " + loaded->record.item.tracking_no +
                          " has no payment, so no receipt; it is " +
                          std::string(to_string(loaded->record.status)));
  }
  auto pdf = render_postal_receipt_pdf(loaded->record);
  if (!pdf) return std::move(pdf).error();
  return PostalReceipt{loaded->record.payment->receipt_no, std::move(*pdf)};
}

}  // namespace oc
