#include "postal/item_state.h"

#include "postal/tracking_number.h"

#include <cstdio>

#include "core/json_writer.h"

namespace oc {
namespace {

Error state_conflict(const PostalItemRecord& record, std::string_view wanted) {
  return make_error("postal.state_conflict", "",
                    "item " + record.item.tracking_no + " is " +
                        std::string(to_string(record.status)) + ": " + std::string(wanted));
}

Error not_found() {
  return make_error("postal.not_found", "",
                    "no postal item with this tracking number and recipient phone");
}

std::string cents(const Decimal& amount) {
  auto rounded = amount.rescale(2, Rounding::half_up);
  return rounded ? rounded->to_string() : amount.to_string();
}

std::string percent(const Decimal& rate) {
  auto whole = rate.rescale(0, Rounding::down);
  if (whole && *whole == rate) return whole->to_string() + "%";
  return rate.to_string() + "%";
}

bool refund_pending(const PostalItemRecord& record) {
  for (const auto& refund : record.refunds) {
    if (refund.status == PostalRefundStatus::pending) return true;
  }
  return false;
}

}  // namespace

std::string_view to_string(PostalStatus status) {
  switch (status) {
    case PostalStatus::awaiting_declaration:
      return "awaiting_declaration";
    case PostalStatus::awaiting_payment:
      return "awaiting_payment";
    case PostalStatus::released:
      return "released";
    case PostalStatus::returned:
      return "returned";
  }
  return "awaiting_declaration";
}

std::string_view to_string(PostalRefundStatus status) {
  switch (status) {
    case PostalRefundStatus::pending:
      return "pending";
    case PostalRefundStatus::approved:
      return "approved";
    case PostalRefundStatus::rejected:
      return "rejected";
  }
  return "pending";
}

PostalItemRecord lodge_postal_item(PostalItem item, TimePoint now) {
  PostalItemRecord record;
  record.item = std::move(item);
  record.lodged_at = now;
  record.status = PostalStatus::awaiting_declaration;
  return record;
}

Result<PostalItemRecord> declare_postal_item(const PostalItemRecord& record,
                                             const SupplementaryDeclaration& declaration,
                                             const Tariff& tariff, TimePoint now) {
  if (!phone_key_matches(record.item, declaration.phone_key)) return not_found();
  if (record.status != PostalStatus::awaiting_declaration) {
    return state_conflict(record, "a declaration is accepted only while awaiting_declaration");
  }
  const YearMonth month = postal_rate_month(now);
  auto tax =
      assess_postal_tax(record.item.origin, declaration.contents, tariff, month.year, month.month);
  if (!tax) return std::move(tax).error();
  PostalItemRecord next = record;
  next.declaration = PostalDeclarationRecord{declaration, now};
  next.status =
      tax->tax_payable.is_zero() ? PostalStatus::released : PostalStatus::awaiting_payment;
  next.tax = std::move(*tax);
  return next;
}

Result<PostalItemRecord> pay_postal_tax(const PostalItemRecord& record,
                                        const PostalPayment& payment, TimePoint now) {
  if (!phone_key_matches(record.item, payment.phone_key)) return not_found();
  if (record.status != PostalStatus::awaiting_payment) {
    return state_conflict(record, "a payment is accepted only while awaiting_payment");
  }
  // REQUIRES (record invariant): awaiting_payment carries the assessment.
  if (!record.tax) return state_conflict(record, "the item has no assessment");
  if (payment.amount != record.tax->tax_payable) {
    return make_error("postal.payment_amount_mismatch", "/amount",
                      "the tax payable is " + cents(record.tax->tax_payable) +
                          " CNY; the payment is " + cents(payment.amount) + " CNY");
  }
  PostalItemRecord next = record;
  next.payment = PostalPaymentRecord{
      payment, now, "OCP-" + format_date_compact(now) + "-" + record.item.tracking_no};
  next.status = PostalStatus::released;
  return next;
}

const PostalRefundRecord* find_postal_refund(const PostalItemRecord& record, std::string_view id) {
  for (const auto& refund : record.refunds) {
    if (refund.request.id == id) return &refund;
  }
  return nullptr;
}

Decimal postal_refunded(const PostalItemRecord& record) {
  Decimal total = Decimal::from_units(0, 2);
  for (const auto& refund : record.refunds) {
    if (refund.status != PostalRefundStatus::approved) continue;
    // Each approved amount is within the payment, and payments are bounded, so no overflow.
    auto sum = total.add(refund.request.amount);
    if (sum) total = *sum;
  }
  return total;
}

Result<PostalItemRecord> request_postal_refund(const PostalItemRecord& record,
                                               const PostalRefundRequest& request, TimePoint now) {
  if (!phone_key_matches(record.item, request.phone_key)) return not_found();
  if (!record.payment) {
    return state_conflict(record, "only a paid item's tax can be refunded, and it was not paid");
  }
  if (find_postal_refund(record, request.id) != nullptr) {
    return make_error("postal.refund_id_exists", "/id",
                      "refund request " + request.id + " exists for this item");
  }
  if (refund_pending(record)) {
    return make_error("postal.refund_pending", "",
                      "another refund request of this item is pending review");
  }
  if (record.refunds.size() >= postal_refunds_max) {
    return make_error(
        "postal.too_many_refunds", "",
        "at most " + std::to_string(postal_refunds_max) + " refund requests per item");
  }
  auto refundable = record.payment->payment.amount.subtract(postal_refunded(record));
  if (!refundable) return std::move(refundable).error();
  if (request.amount > *refundable) {
    return make_error("postal.refund_exceeds_paid", "/amount",
                      "at most " + cents(*refundable) + " CNY of the " +
                          cents(record.payment->payment.amount) +
                          " CNY paid can still be refunded");
  }
  PostalItemRecord next = record;
  next.refunds.push_back(
      PostalRefundRecord{request, now, PostalRefundStatus::pending, "", std::nullopt});
  return next;
}

Result<PostalItemRecord> review_postal_refund(const PostalItemRecord& record,
                                              std::string_view refund_id,
                                              const PostalRefundReview& review, TimePoint now) {
  const PostalRefundRecord* found = find_postal_refund(record, refund_id);
  if (found == nullptr) {
    return make_error("postal.refund_not_found", "", "no such refund request for this item");
  }
  if (found->status != PostalRefundStatus::pending) {
    return make_error("postal.state_conflict", "",
                      "refund request " + found->request.id + " is already " +
                          std::string(to_string(found->status)));
  }
  PostalItemRecord next = record;
  for (auto& refund : next.refunds) {
    if (refund.request.id != refund_id) continue;
    refund.status = review.decision == PostalRefundDecision::approved
                        ? PostalRefundStatus::approved
                        : PostalRefundStatus::rejected;
    refund.review_reason = review.reason;
    refund.reviewed_at = now;
  }
  return next;
}

Result<PostalItemRecord> return_postal_item(const PostalItemRecord& record,
                                            const PostalReturnRequest& request, TimePoint now) {
  if (request.phone_key && !phone_key_matches(record.item, *request.phone_key)) return not_found();
  if (request.reason == PostalReturnReason::refused_by_recipient && !request.phone_key) {
    return not_found();  // the decoder requires the phone; a caller that built the request did not
  }
  switch (record.status) {
    case PostalStatus::awaiting_declaration:
    case PostalStatus::awaiting_payment:
      break;
    case PostalStatus::returned:
      return state_conflict(record, "the item has been returned already");
    case PostalStatus::released:
      if (!record.payment) {
        return state_conflict(record, "released without tax to pay: the item has gone to delivery");
      }
      if (refund_pending(record) || postal_refunded(record) != record.payment->payment.amount) {
        return state_conflict(record, "the paid tax must be refunded in full before a return");
      }
      break;
  }
  if (request.reason == PostalReturnReason::unpaid &&
      record.status != PostalStatus::awaiting_payment) {
    return make_error("postal.return_reason", "/reason",
                      "unpaid applies only while awaiting_payment; the item is " +
                          std::string(to_string(record.status)));
  }
  PostalItemRecord next = record;
  next.status = PostalStatus::returned;
  next.returned = PostalReturnRecord{request.reason, now};
  return next;
}

std::vector<std::string_view> postal_needed(const PostalItemRecord& record) {
  switch (record.status) {
    case PostalStatus::awaiting_declaration:
      return {"declaration"};
    case PostalStatus::awaiting_payment:
      return {"payment"};
    case PostalStatus::released:
    case PostalStatus::returned:
      return {};
  }
  return {};
}

std::string postal_item_view_json(const PostalItemRecord& record) {
  JsonWriter out;
  out.begin_object()
      .field("tracking_no", record.item.tracking_no)
      .key("check_digit_valid")
      .boolean(is_s10_tracking_number(record.item.tracking_no))
      .field("status", to_string(record.status));
  out.key("needed").begin_array();
  for (auto need : postal_needed(record)) out.string(need);
  out.end_array();
  out.field("origin", record.item.origin).field("lodged_at", format_timestamp(record.lodged_at));
  out.key("recipient")
      .begin_object()
      .field("phone", record.item.recipient.phone_masked)
      .end_object();
  const auto& contents =
      record.declaration ? record.declaration->declaration.contents : record.item.contents;
  out.field("contents_declared_by", record.declaration ? "recipient" : "operator");
  out.key("contents");
  write_postal_contents(out, contents);
  out.key("tax");
  if (record.tax) {
    const PostalTax& tax = *record.tax;
    char month[16];
    std::snprintf(month, sizeof month, "%04d-%02d", tax.rate_year, tax.rate_month);
    out.begin_object()
        .field("value_cny", cents(tax.value_cny))
        .field("limit_cny", cents(tax.limit_cny))
        .field("tax_computed", cents(tax.tax_computed))
        .field("tax_payable", cents(tax.tax_payable))
        .key("waived")
        .boolean(tax.waived)
        .field("rate_month", month);
    out.key("lines").begin_array();
    for (const auto& line : tax.lines) {
      out.begin_object()
          .field("category", line.category)
          .field("rate", percent(line.rate_percent))
          .field("value_cny", cents(line.value_cny))
          .field("tax", cents(line.tax))
          .end_object();
    }
    out.end_array().end_object();
  } else {
    out.null();
  }
  out.key("payment");
  if (record.payment) {
    out.begin_object()
        .field("amount", cents(record.payment->payment.amount))
        .field("method", to_string(record.payment->payment.method))
        .field("reference", record.payment->payment.reference)
        .field("paid_at", format_timestamp(record.payment->paid_at))
        .field("receipt_no", record.payment->receipt_no)
        .end_object();
  } else {
    out.null();
  }
  out.key("refunds").begin_array();
  for (const auto& refund : record.refunds) {
    out.begin_object()
        .field("id", refund.request.id)
        .field("amount", cents(refund.request.amount))
        .field("reason", refund.request.reason)
        .field("status", to_string(refund.status))
        .field("requested_at", format_timestamp(refund.requested_at));
    if (refund.reviewed_at) out.field("reviewed_at", format_timestamp(*refund.reviewed_at));
    if (!refund.review_reason.empty()) out.field("review_reason", refund.review_reason);
    out.end_object();
  }
  out.end_array();
  out.field("refunded", cents(postal_refunded(record)));
  out.key("returned");
  if (record.returned) {
    out.begin_object()
        .field("reason", to_string(record.returned->reason))
        .field("returned_at", format_timestamp(record.returned->returned_at))
        .end_object();
  } else {
    out.null();
  }
  return out.end_object().take();
}

}  // namespace oc
