// EcommerceService: cross-border e-commerce retail imports (regimes-v1 "Cross-border e-commerce")
// end to end. Platforms send orders, payment companies payments, logistics companies waybills,
// in any order. Each arrival is stored and the order's three documents matched again
// (ecommerce/matching.h) in one store transaction; the order's view says what is missing or
// which fields disagree. When the three agree, the order is cleared:
//
//   build_ecommerce_declaration (procedure 1210/1239/9610) → LodgingService::prepare (validation,
//   the tariff's e-commerce rules with the buyer's year so far, risk and lane) → ONE transaction:
//   the buyer's quota re-read and drawn (26,000 CNY a calendar year), the declaration lodged, the
//   order marked cleared.
//
// The quota is a ledger (store allowance entries "ecommerce.quota", one per cleared order, keyed
// by the buyer's keyed hash): the store runs the draw alone, so concurrent orders of one buyer
// never overspend it; a return within 30 days of clearance gives the order's value back.
// A clearance interrupted by a crash is left as a marker record and completed by recover() at
// start. Buyer identity numbers are hashed at once (ecommerce/documents.h); the store and the
// answers hold only keys and masks.
// Thread safety: every member may be called from many threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clearance/lodging.h"
#include "clearance/regime_answer.h"
#include "core/clock.h"
#include "core/identity_key.h"
#include "ecommerce/declaration.h"
#include "ecommerce/documents.h"
#include "store/store.h"

namespace oc {

inline constexpr std::string_view ecommerce_order_kind = "ecommerce.order";
inline constexpr std::string_view ecommerce_payment_kind = "ecommerce.payment";
inline constexpr std::string_view ecommerce_waybill_kind = "ecommerce.waybill";
// An order whose documents matched and whose clearance has not been written yet.
inline constexpr std::string_view ecommerce_clearing_kind = "ecommerce.clearing";
inline constexpr std::string_view ecommerce_quota_ledger = "ecommerce.quota";
// The hashing domain of buyers' identity numbers (TravellerSecret::hasher).
inline constexpr std::string_view ecommerce_buyer_domain = "ocec-buyer-v1";
inline constexpr std::size_t ecommerce_return_body_bytes_max = 4 * 1024;
inline constexpr std::size_t ecommerce_return_reason_length_max = 256;

// The caller of an e-commerce route: a trader's party (platform, payment or logistics company),
// or an officer's offices, or an auditor (sees all).
struct EcommerceCaller {
  std::string party;                 // traders
  std::vector<std::string> offices;  // officers
  bool auditor = false;
};

class EcommerceService {
 public:
  EcommerceService(IdentityHasher buyer_key, LodgingService& lodging, Store& store,
                   const Clock& clock, EcommerceChannel channel = {})
      : buyer_key_(std::move(buyer_key)),
        lodging_(lodging),
        store_(store),
        clock_(clock),
        channel_(std::move(channel)) {}

  // POST /v1/ecommerce/orders (the platform: the order's platform must be the caller's party).
  // 201/200 with the order's view. Errors: auth.party_mismatch, order.exists_with_different_content,
  // store.*. Rejections: the body's errors.
  Result<RegimeAnswer> receive_order(std::string_view body, const EcommerceCaller& caller,
                                     std::optional<AuditEntry> audit);
  // POST /v1/ecommerce/payments and /waybills: 201/200 {"id","order_id","order_status"}.
  // Errors: payment|waybill.exists_with_different_content, ecommerce.order_closed (409: the
  // order is cleared, refused or returned), store.*.
  Result<RegimeAnswer> receive_payment(std::string_view body, const EcommerceCaller& caller,
                                       std::optional<AuditEntry> audit);
  Result<RegimeAnswer> receive_waybill(std::string_view body, const EcommerceCaller& caller,
                                       std::optional<AuditEntry> audit);
  // GET /v1/ecommerce/orders/{id}: the view, when the caller may see it (the platform, officers
  // of the channel's office, auditors). Errors: ecommerce.order_not_found (404).
  Result<std::string> order_view(std::string_view order_id, const EcommerceCaller& caller);
  // GET /v1/ecommerce/quota/{id_number}?year= → {"year","limit","used","remaining"}.
  Result<std::string> quota(std::string_view id_number, int year);
  // POST /v1/ecommerce/orders/{id}/returns {"id","at"[,"reason"]} by the platform: the whole
  // order comes back within 30 days of clearance; its value returns to the buyer's quota.
  // Errors: ecommerce.order_not_found, ecommerce.order_not_cleared (409),
  // ecommerce.order_returned (409: returned under another return id),
  // ecommerce.return_window_closed (422), store.*. Rejections: the body's errors.
  Result<RegimeAnswer> return_order(std::string_view order_id, std::string_view body,
                                    const EcommerceCaller& caller, std::optional<AuditEntry> audit);
  // Completes clearances a crash interrupted (call once at start, before serving).
  Result<std::size_t> recover();

  // The buyer's key of an identity number (normalised as the decoders do); for audit targets.
  std::string key_of(std::string_view id_number) const;

 private:
  struct Arrival;
  Result<RegimeAnswer> receive(Arrival arrival, std::optional<AuditEntry> audit);
  struct OrderView {
    std::string json;
    std::string status;
  };
  // Clears a matched order (see above) whose documents are read from the store; returns its view
  // afterwards.
  Result<OrderView> clear(const std::string& order_id);
  // The same with the documents the matching transaction already holds (they cannot change once
  // the order is matched: later documents are refused).
  Result<OrderView> clear_matched(const std::string& order_id, const EcommerceOrder& order,
                                  const EcommercePayment& payment,
                                  const EcommerceWaybill& waybill);

  IdentityHasher buyer_key_;
  LodgingService& lodging_;
  Store& store_;
  const Clock& clock_;
  EcommerceChannel channel_;
};

}  // namespace oc
