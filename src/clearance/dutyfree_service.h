// DutyFreeService: offshore duty-free sales (regimes-v1 "Offshore duty-free") end to end. A shop
// records a sale: the body is decoded (travel/dutyfree.h), the traveller's identity number turned
// into a keyed hash at once, eligibility and the per-purchase category limits checked, and then —
// in ONE store transaction — the traveller's allowance for the year is read and drawn on, each
// item's traceability code registered, and the sale and its audit entry written. The store runs
// that transaction alone, so concurrent sales to one traveller can never overspend the allowance.
// At departure the pick-up point records each code once (a second pick-up: 409 with the time of
// the first).
// Thread safety: every member may be called from many threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "clearance/regime_answer.h"
#include "core/clock.h"
#include "core/identity_key.h"
#include "store/store.h"
#include "travel/dutyfree.h"

namespace oc {

inline constexpr std::string_view dutyfree_allowance_ledger = "dutyfree.allowance";
inline constexpr std::string_view dutyfree_sale_kind = "dutyfree.sale";
inline constexpr std::string_view dutyfree_code_kind = "dutyfree.code";
// The hashing domain of travellers' identity numbers (TravellerSecret::hasher).
inline constexpr std::string_view dutyfree_traveller_domain = "ocdf-traveller-v1";
inline constexpr std::size_t dutyfree_pickup_body_bytes_max = 4 * 1024;

// Who asks: a shop (trader party, sees and picks up only its own sales' codes) or an officer.
struct DutyFreeCaller {
  std::string shop;  // the trader's party; empty for officers
};

class DutyFreeService {
 public:
  // `traveller_key`: the identity number → keyed hash (identity_key with the server secret).
  DutyFreeService(IdentityHasher traveller_key, Store& store, const Clock& clock)
      : traveller_key_(std::move(traveller_key)), store_(store), clock_(clock) {}

  // POST /v1/dutyfree/sales. Errors: auth.party_mismatch (the sale's store is not the caller),
  // sale.exists_with_different_content, code.exists (a code sold before in another sale), store.*.
  // Rejections: the body's errors, traveller.not_eligible, category_limit.exceeded,
  // allowance.exceeded (422).
  Result<RegimeAnswer> sell(std::string_view body, const DutyFreeCaller& caller,
                            std::optional<AuditEntry> audit);
  // GET /v1/dutyfree/travellers/{id_number}/allowance?year= → {"year","limit","used","remaining"}.
  Result<std::string> allowance(std::string_view id_number, int year);
  // POST /v1/dutyfree/pickups {"code","at"}. Errors: code.not_found (404; also another shop's
  // code), code.already_picked_up (409, saying when), store.*. Rejections: the body's errors.
  Result<RegimeAnswer> pick_up(std::string_view body, const DutyFreeCaller& caller,
                               std::optional<AuditEntry> audit);

  // The traveller's key of an identity number (upper-cased first), for audit targets.
  std::string key_of(std::string_view id_number) const;

 private:
  IdentityHasher traveller_key_;
  Store& store_;
  const Clock& clock_;
};

}  // namespace oc
