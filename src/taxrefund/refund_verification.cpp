#include "taxrefund/refund_verification.h"

#include <cassert>

#include "tariff/tax_refund_rules.h"
#include "taxrefund/refund_time.h"

namespace oc {
namespace {

Result<Decimal> cents(const Decimal& amount) {
  return amount.rescale(2, Rounding::half_up);
}

}  // namespace

Result<RefundVerification> decide_refund_verification(const RefundPayload& payload,
                                                      const StoredRefundForm& stored,
                                                      const Departure& departure) {
  assert(stored.refund.sign() >= 0 && departure.cash_already_paid.sign() >= 0);
  const std::string path = "/qr_payload";
  if (payload.form_id != stored.form_id || payload.purchase_date != stored.purchase_date ||
      payload.content_hash != stored.content_hash) {
    return make_error(
        "form.signature_invalid", path,
        "the refund code was signed for other content than form " + stored.form_id + " on record");
  }
  if (stored.verified_at) {
    return make_error("form.already_verified", path,
                      "form " + stored.form_id + " was already verified at " +
                          format_timestamp(*stored.verified_at));
  }
  if (departure.departing_at < departure.now - refund_departure_past_tolerance ||
      departure.departing_at > departure.now + refund_departure_ahead_max) {
    return make_error("form.not_departing", "/departing_at",
                      "the departure at " + format_timestamp(departure.departing_at) +
                          " is not between 2 hours ago and 24 hours ahead of " +
                          format_timestamp(departure.now));
  }
  const std::string departure_date = local_date(departure.departing_at);
  const auto days = days_between(stored.purchase_date, departure_date);
  assert(days.has_value());  // both are dates: the payload's was checked, the other is formatted
  if (*days < 0) {
    return make_error("form.not_departing", "/departing_at",
                      "the departure on " + departure_date + " is before the purchase on " +
                          stored.purchase_date);
  }
  if (*days > tax_refund_validity_days) {
    return make_error("form.expired", path,
                      "bought on " + stored.purchase_date + " and leaving on " + departure_date +
                          ": " + std::to_string(*days) + " days, more than " +
                          std::to_string(tax_refund_validity_days));
  }
  auto refund = cents(stored.refund);
  if (!refund) return std::move(refund).error();
  auto departure_total = departure.cash_already_paid.add(*refund);
  if (!departure_total) return std::move(departure_total).error();
  // Cash for this form = this departure's cash after it − the cash already paid, never below 0.
  const RefundPayout payout = split_refund_payout(*departure_total);
  auto cash = payout.cash.subtract(departure.cash_already_paid);
  if (!cash) return std::move(cash).error();
  Decimal cash_max = cash->sign() < 0 ? Decimal::from_units(0, 2) : *cash;
  auto cash_cents = cents(cash_max);
  if (!cash_cents) return std::move(cash_cents).error();
  auto bank_card = refund->subtract(*cash_cents);
  if (!bank_card) return std::move(bank_card).error();
  return RefundVerification{stored.form_id, *refund, *cash_cents, *bank_card, departure.now};
}

}  // namespace oc
