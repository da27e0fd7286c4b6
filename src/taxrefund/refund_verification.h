// The exit-port check of a departure tax refund form (issue 7): a pure decision over the verified
// QR payload, the facts the store holds about the form, and the departure — no clock, no store,
// no I/O, so every rule is pinned by fixtures (tests/data/taxrefund/verification.txt).
//
// Rules, in the order they are checked (the first that fails is the answer):
//   1. the payload names the stored form: same id, purchase date and content hash
//      (form.signature_invalid: a code signed for other content than the form on record);
//   2. not verified before (form.already_verified, the message says when);
//   3. the traveller is leaving: departing_at is no earlier than now − 2 hours (a delayed
//      departure scanned at the gate) and no later than now + 24 hours, and not before the
//      purchase date (form.not_departing);
//   4. the goods leave within 90 days of purchase: days from the purchase date to the day of
//      departure in China Standard Time ≤ tax_refund_validity_days (form.expired);
//   then the refund is the stored amount and cash is capped at 20,000 CNY per traveller per
//   departure (split_refund_payout over what this traveller already got in cash in the same
//   departure plus this form), the rest to a bank card.
// The signature itself is checked before (verify_payload, taxrefund/refund_signing.h).
// Thread safety: pure functions.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/decimal.h"
#include "core/result.h"
#include "taxrefund/refund_signing.h"

namespace oc {

// How far in the past a departure may be when scanned: flights and ships leave late.
inline constexpr std::chrono::hours refund_departure_past_tolerance{2};
// How far ahead a departure may be: the check is made at the exit port on the day of leaving.
inline constexpr std::chrono::hours refund_departure_ahead_max{24};

// What the store holds about one form (written when the form was issued and when it was verified).
struct StoredRefundForm {
  std::string form_id;
  std::string purchase_date;             // YYYY-MM-DD
  std::string content_hash;              // refund_form_content_hash at issue
  Decimal refund;                        // the form's refund (tax_refund_amount at issue), ≥ 0
  std::optional<TimePoint> verified_at;  // when an exit port verified it, if ever
};

struct Departure {
  TimePoint departing_at;     // the traveller's scheduled departure, from the request
  Decimal cash_already_paid;  // cash refunds this traveller already got in this departure, ≥ 0
  TimePoint now;              // the injected clock's time of the scan
};

struct RefundVerification {
  std::string form_id;
  Decimal refund_amount;  // the form's refund, CNY, 2 fraction digits
  Decimal cash_max;       // the most of refund_amount that may be paid in cash
  Decimal bank_card;      // refund_amount − cash_max, paid to a bank card
  TimePoint verified_at;  // = departure.now: what the store records
};

// Errors (in rule order): form.signature_invalid, form.already_verified, form.not_departing,
// form.expired; decimal.overflow only for amounts no form can reach.
// REQUIRES: payload came from verify_payload; stored.refund and cash_already_paid are ≥ 0.
Result<RefundVerification> decide_refund_verification(const RefundPayload& payload,
                                                      const StoredRefundForm& stored,
                                                      const Departure& departure);

}  // namespace oc
