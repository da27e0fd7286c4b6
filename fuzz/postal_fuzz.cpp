// Fuzz target: each line of the input through every postal body decoder (item, supplementary
// declaration, payment, refund request, refund review, return), and the decoded ones, in order,
// through the item state machine — starting from the first item that decodes, else a fixed item
// whose recipient phone is 13800138000 — with the demo tariff; a paid item's receipt is drawn.
// Nothing may crash, hang or trip a sanitizer, and:
// - every error has a body./json./field./postal. code and an empty or JSON-pointer path;
// - a decoded item has the S10 layout and 1 to postal_contents_max content lines;
// - every record keeps the invariants of postal/item_state.h (status and the parts it implies,
//   payment = tax payable, 0 ≤ refunded ≤ paid, at most one refund pending), and a transition
//   never changes its argument, and every record reads back exactly from its stored JSON;
// - a receipt is a PDF with the tracking number in it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "postal/declaration.h"
#include "postal/item.h"
#include "postal/item_state.h"
#include "postal/record_json.h"
#include "postal/receipt.h"
#include "postal/requests.h"
#include "postal/tracking_number.h"

namespace {

using namespace oc;

const IdentityHasher& hasher() {
  static const IdentityHasher h = [](std::string_view text) {
    return identity_key("oc-postal-fuzz-v1", text, "fuzzing-secret-of-32-bytes-long!");
  };
  return h;
}

const Tariff& tariff() {
  static const Tariff loaded = [] {
    auto result = load_tariff(OC_SOURCE_DIR "/data/tariff");
    if (!result) std::abort();
    return std::move(*result);
  }();
  return loaded;
}

void check(const Errors& errors) {
  for (const auto& error : errors) {
    std::string_view code = error.code;
    if (!code.starts_with("postal.") && !code.starts_with("json.") && !code.starts_with("body.") &&
        !code.starts_with("field.")) {
      std::abort();
    }
    if (!error.path.empty() && error.path.front() != '/') std::abort();
  }
}

void check(const PostalItemRecord& record) {
  const bool returned = record.status == PostalStatus::returned;
  if (returned != record.returned.has_value()) std::abort();
  if (record.declaration.has_value() != record.tax.has_value()) std::abort();
  if (record.status == PostalStatus::awaiting_declaration && record.tax) std::abort();
  if (record.status == PostalStatus::awaiting_payment &&
      (!record.tax || record.tax->tax_payable.sign() <= 0 || record.payment)) {
    std::abort();
  }
  if (record.tax) {
    const PostalTax& tax = *record.tax;
    if (tax.tax_payable.sign() < 0 || tax.tax_payable > tax.tax_computed) std::abort();
    if (tax.waived != tax.tax_payable.is_zero() && tax.tax_computed.sign() > 0) std::abort();
  }
  if (record.payment &&
      (!record.tax || record.payment->payment.amount != record.tax->tax_payable)) {
    std::abort();
  }
  if (!record.refunds.empty() && !record.payment) std::abort();
  int pending = 0;
  for (const auto& refund : record.refunds) pending += refund.status == PostalRefundStatus::pending;
  if (pending > 1 || record.refunds.size() > postal_refunds_max) std::abort();
  const Decimal refunded = postal_refunded(record);
  if (refunded.sign() < 0 || (record.payment && refunded > record.payment->payment.amount))
    std::abort();
  if (!postal_item_view_json(record).starts_with("{\"tracking_no\":")) std::abort();
  auto stored = read_postal_record(canonical_postal_item_json(record.item),
                                   postal_record_state_json(record));
  if (!stored || !(*stored == record)) std::abort();
}

template <class Transition>
void apply(PostalItemRecord& record, Transition&& transition) {
  const PostalItemRecord before = record;
  auto next = transition(static_cast<const PostalItemRecord&>(record));
  if (!(record == before)) std::abort();
  if (!next) return;
  check(*next);
  record = std::move(*next);
}

PostalItemRecord fixed_item() {
  static const PostalItem item = [] {
    auto decoded = decode_postal_item(
        R"({"tracking_no":"EE123456785CN","origin":"JP","sender":{"name":"S","address":"A"},)"
        R"("recipient":{"name":"R","phone":"13800138000","address":"B"},"contents":[{"description":)"
        R"("tea","category":"food_and_drink","quantity":"1","value":"100","currency":"CNY"}]})",
        hasher());
    if (!decoded.errors.empty()) std::abort();
    return decoded.item;
  }();
  return lodge_postal_item(item, TimePoint{});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::optional<PostalItemRecord> record;
  TimePoint now = *parse_timestamp("2026-11-23T10:00:00Z");
  std::string last_refund_id = "RF-1";
  while (!input.empty()) {
    const auto end = input.find('\n');
    const std::string_view line = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view{} : input.substr(end + 1);
    now += std::chrono::minutes(1);

    auto item = decode_postal_item(line, hasher());
    check(item.errors);
    if (item.errors.empty()) {
      if (!has_s10_layout(item.item.tracking_no) || item.item.contents.empty() ||
          item.item.contents.size() > postal_contents_max) {
        std::abort();
      }
      if (!record) record = lodge_postal_item(item.item, now);
    }
    if (!record) record = fixed_item();

    auto declaration = decode_supplementary_declaration(line, hasher(), hasher());
    check(declaration.errors);
    if (declaration.errors.empty()) {
      apply(*record, [&](const PostalItemRecord& r) {
        return declare_postal_item(r, declaration.declaration, tariff(), now);
      });
    }
    auto payment = decode_postal_payment(line, hasher());
    check(payment.errors);
    if (payment.errors.empty()) {
      apply(*record,
            [&](const PostalItemRecord& r) { return pay_postal_tax(r, payment.payment, now); });
      if (record->tax) {  // and the exact amount, to reach the later states
        PostalPayment exact = payment.payment;
        exact.amount = record->tax->tax_payable;
        apply(*record, [&](const PostalItemRecord& r) { return pay_postal_tax(r, exact, now); });
      }
    }
    auto refund = decode_postal_refund_request(line, hasher());
    check(refund.errors);
    if (refund.errors.empty()) {
      last_refund_id = refund.request.id;
      apply(*record, [&](const PostalItemRecord& r) {
        return request_postal_refund(r, refund.request, now);
      });
    }
    auto review = decode_postal_refund_review(line);
    check(review.errors);
    if (review.errors.empty()) {
      apply(*record, [&](const PostalItemRecord& r) {
        return review_postal_refund(r, last_refund_id, review.review, now);
      });
    }
    auto back = decode_postal_return_request(line, hasher());
    check(back.errors);
    if (back.errors.empty()) {
      apply(*record,
            [&](const PostalItemRecord& r) { return return_postal_item(r, back.request, now); });
    }
  }
  if (record && record->payment) {
    auto pdf = render_postal_receipt_pdf(*record);
    if (!pdf || !pdf->starts_with("%PDF-") ||
        pdf->find(record->item.tracking_no) == std::string::npos) {
      std::abort();
    }
  }
  return 0;
}
