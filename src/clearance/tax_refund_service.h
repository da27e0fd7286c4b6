// TaxRefundService: departure tax refund forms end to end (regimes-v1). A store issues a form: it
// is decoded (the passport becomes a keyed hash at once), its refund computed by the tariff
// engine's rule 10, signed into a QR payload and recorded; a replay of the same id and body gets
// the first answer. At the exit port an officer (or a kiosk with an officer token) scans the
// payload: signature, stored facts, first verification, departure window and the 90 days are
// checked (taxrefund/refund_verification.h), the cash share is capped per traveller and
// departure, and the form is marked verified in one atomic write — so two kiosks scanning the
// same code at once cannot both pay it.
// Thread safety: every member may be called from many threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "clearance/regime_answer.h"
#include "core/clock.h"
#include "store/store.h"
#include "taxrefund/refund_form.h"
#include "taxrefund/refund_signing.h"

namespace oc {

// A departure is one day at one port: cash paid to the traveller at that port in the 24 hours
// before a scan counts toward the 20,000 CNY cash cap.
inline constexpr std::chrono::hours refund_departure_window{24};

using RefundAnswer = RegimeAnswer;

class TaxRefundService {
 public:
  TaxRefundService(const RefundSigningKey& signing, const TravellerSecret& traveller, Store& store,
                   const Clock& clock, TaxRefundPolicy policy = {})
      : signing_(signing), traveller_(traveller), store_(store), clock_(clock), policy_(policy) {}

  // POST /v1/taxrefund/forms by `store_party` (the form's store must be it: auth.party_mismatch).
  // Errors: form.exists_with_different_content, store.*; rejections: the form's errors.
  Result<RefundAnswer> issue(std::string_view body, const std::string& store_party,
                             std::optional<AuditEntry> audit);
  // POST /v1/taxrefund/verifications {"qr_payload","port","departing_at"}. Errors:
  // form.not_found, form.already_verified (409), store.*; rejections: the payload's and the
  // rules' errors.
  Result<RefundAnswer> verify(std::string_view body, std::optional<AuditEntry> audit);
  // The form as stored; nullopt when unknown.
  Result<std::optional<RefundFormRecord>> form(std::string_view id) { return store_.find_refund_form(id); }

 private:
  const RefundSigningKey& signing_;
  const TravellerSecret& traveller_;
  Store& store_;
  const Clock& clock_;
  TaxRefundPolicy policy_;
};

}  // namespace oc
