// The life of a postal item at customs, as a pure state machine over a plain record the store
// keeps (the integrator maps each field to its tables; nothing here reads a clock or a store).
//
//   lodge ──► awaiting_declaration ──declare──► awaiting_payment ──pay──► released
//                    │                    │  (tax payable > 0)              ▲
//                    │                    └──────────declare (tax waived or 0)┘
//                    └──return──► returned ◄──return── awaiting_payment
//   released (paid) ──request refund──► one pending request ──review──► approved | rejected
//   released (paid, every paid yuan refunded, none pending) ──return──► returned
//
// Rules (docs/postal.md):
// - declare: only while awaiting_declaration; the phone must be the recipient's; the recipient's
//   contents are assessed (declaration.h) at the exchange rates of the declaration's month in
//   China Standard Time. A refused assessment (postal.parcel_value_exceeded, …) leaves the item
//   awaiting its declaration: the recipient may declare again, or the item is returned.
//   A declaration, once assessed, is final (no second declaration: 409).
// - pay: only while awaiting_payment, by the recipient, for exactly the tax payable
//   (postal.payment_amount_mismatch otherwise); the item is released; the receipt number is
//   "OCP-<YYYYMMDD of the payment in UTC>-<tracking_no>" (one payment per item, so unique).
// - refunds: only of a paid item; at most one pending request at a time
//   (postal.refund_pending); a request's amount ≤ paid − Σ approved (postal.refund_exceeds_paid);
//   at most postal_refunds_max requests per item; ids unique per item (postal.refund_id_exists:
//   the integrator answers a replay with identical content from its store before calling).
//   An approval records the refund; a rejection records its reason.
// - return: while awaiting_declaration or awaiting_payment; after release only when the item was
//   paid and the paid tax has been refunded in full (approved refunds = the payment) with no
//   request pending — a paid item's tax must be refunded first. An item released without
//   payment (tax waived) cannot be returned through customs: it has gone to delivery.
//   Reason `unpaid` only while awaiting_payment; `refused_by_recipient` needs the recipient's
//   phone; another reason's phone, when given, must be the recipient's.
// Errors: postal.state_conflict (409; the message names the current status, or the refund's),
// postal.refund_pending and postal.refund_id_exists (409), postal.not_found (the phone is not the recipient's: answer 404 exactly as for an unknown
// tracking number, so the pair cannot be probed), postal.refund_not_found (404), and the 422
// refusals postal.payment_amount_mismatch, postal.refund_exceeds_paid, postal.return_reason,
// postal.too_many_refunds, plus the assessment codes of assess_postal_tax.
// Checks run in this order: the phone proof, the status, then the step's own rules.
// Every transition returns the new record (the argument is not changed) or the first error.
// Replays: transitions are not idempotent (a second payment is a state conflict). The decoded
// bodies compare with ==, and their hashes are deterministic, so the integrator answers a replay
// (the same body again) from what it stored before calling a transition.
// Thread safety: value types and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/decimal.h"
#include "core/identity_key.h"
#include "core/result.h"
#include "postal/declaration.h"
#include "postal/item.h"
#include "postal/requests.h"
#include "tariff/tariff.h"

namespace oc {

inline constexpr std::size_t postal_refunds_max = 20;

enum class PostalStatus { awaiting_declaration, awaiting_payment, released, returned };
std::string_view to_string(PostalStatus status);

enum class PostalRefundStatus { pending, approved, rejected };
std::string_view to_string(PostalRefundStatus status);

struct PostalDeclarationRecord {
  SupplementaryDeclaration declaration;
  TimePoint declared_at;
  bool operator==(const PostalDeclarationRecord&) const = default;
};

struct PostalPaymentRecord {
  PostalPayment payment;
  TimePoint paid_at;
  std::string receipt_no;
  bool operator==(const PostalPaymentRecord&) const = default;
};

struct PostalRefundRecord {
  PostalRefundRequest request;
  TimePoint requested_at;
  PostalRefundStatus status = PostalRefundStatus::pending;
  std::string review_reason;  // the officer's reason, "" while pending
  std::optional<TimePoint> reviewed_at;
  bool operator==(const PostalRefundRecord&) const = default;
};

struct PostalReturnRecord {
  PostalReturnReason reason = PostalReturnReason::undeliverable;
  TimePoint returned_at;
  bool operator==(const PostalReturnRecord&) const = default;
};

// Invariants: declaration and tax are set together, from awaiting_payment on (or released by
// waiver); payment only when released after awaiting_payment; refunds only with a payment;
// returned only with status returned; at most one refund pending.
struct PostalItemRecord {
  PostalItem item;  // as lodged
  TimePoint lodged_at;
  PostalStatus status = PostalStatus::awaiting_declaration;
  std::optional<PostalDeclarationRecord> declaration;
  std::optional<PostalTax> tax;
  std::optional<PostalPaymentRecord> payment;
  std::vector<PostalRefundRecord> refunds;  // in the order requested
  std::optional<PostalReturnRecord> returned;
  bool operator==(const PostalItemRecord&) const = default;
};

// A newly lodged item: awaiting_declaration.
PostalItemRecord lodge_postal_item(PostalItem item, TimePoint now);

Result<PostalItemRecord> declare_postal_item(const PostalItemRecord& record,
                                             const SupplementaryDeclaration& declaration,
                                             const Tariff& tariff, TimePoint now);
Result<PostalItemRecord> pay_postal_tax(const PostalItemRecord& record,
                                        const PostalPayment& payment, TimePoint now);
Result<PostalItemRecord> request_postal_refund(const PostalItemRecord& record,
                                               const PostalRefundRequest& request, TimePoint now);
// An officer's decision on the pending request `refund_id` (the route's {id}).
Result<PostalItemRecord> review_postal_refund(const PostalItemRecord& record,
                                              std::string_view refund_id,
                                              const PostalRefundReview& review, TimePoint now);
Result<PostalItemRecord> return_postal_item(const PostalItemRecord& record,
                                            const PostalReturnRequest& request, TimePoint now);

// The refund with this id, or nullptr.
const PostalRefundRecord* find_postal_refund(const PostalItemRecord& record, std::string_view id);
// Σ approved refunds (0.00 when none).
Decimal postal_refunded(const PostalItemRecord& record);

// What the recipient must still do: ["declaration"] while awaiting_declaration, ["payment"]
// while awaiting_payment, [] once released or returned.
std::vector<std::string_view> postal_needed(const PostalItemRecord& record);

// The lookup answer (`GET /v1/postal/items/{tracking_no}?phone=…`), never with the clear phone,
// the identity number or its key, the recipient's name or address:
// {"tracking_no","check_digit_valid","status","needed":[…],"origin","lodged_at","recipient":{"phone":"138****8000"},
//  "contents_declared_by":"operator|recipient","contents":[{description,category,quantity,value,
//  currency}],"tax":{"value_cny","limit_cny","tax_computed","tax_payable","waived",
//  "rate_month":"2026-11","lines":[{"category","rate":"13%","value_cny","tax"}]}|null,
//  "payment":{"amount","method","reference","paid_at","receipt_no"}|null,
//  "refunds":[{"id","amount","reason","status","requested_at","reviewed_at"?,"review_reason"?}],
//  "refunded":"0.00","returned":{"reason","returned_at"}|null}
// Amounts are decimal strings with 2 fraction digits; times as core/clock.h format_timestamp.
std::string postal_item_view_json(const PostalItemRecord& record);

}  // namespace oc
