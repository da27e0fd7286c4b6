// The three e-commerce documents as the store keeps them: canonical_json (documents.h) is what is
// stored and hashed; these read it back into the typed documents so that matching and the
// declaration can run again on what was stored (an order matched by a later document, a clearance
// resumed after a restart). Identity masks are not part of the canonical form (it is hashed to
// tell replays from conflicts, and a mask adds nothing to it): the caller passes the mask it kept.
// Errors: store.corrupt (path: the JSON pointer of the first field that is not as written).
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "core/result.h"
#include "ecommerce/documents.h"

namespace oc {

Result<EcommerceOrder> read_stored_order(std::string_view canonical, std::string_view buyer_masked);
Result<EcommercePayment> read_stored_payment(std::string_view canonical,
                                             std::string_view payer_masked);
Result<EcommerceWaybill> read_stored_waybill(std::string_view canonical);

}  // namespace oc
