// TransitService: transits under e-seal end to end — the in-memory monitor (src/transit) for
// alerts and arrival, the store's journal for durability (every acknowledged transit and seal
// event is written before the answer), and the zone ledger for the closing: an arrival with an
// intact seal writes the goods into the destination account as the ledger movement
// "<transit id>:arrival" (a first-line entry), which is idempotent, so a closing retried after a
// crash never counts the goods twice.
//
// At start, rebuild() replays the journal into the monitor and marks as closed every transit
// whose arrival movement is already in the ledger. tick(now) (a background sweep in `serve`)
// raises time alerts and closes what has settled.
// Thread safety: every member may be called from many threads (the monitor locks per transit,
// the store serialises writes).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "store/store.h"
#include "transit/transit_monitor.h"
#include "zones/zone_registry.h"

namespace oc {

enum class JournalOutcome { created, exists, rejected };

struct TransitAnswer {
  JournalOutcome outcome = JournalOutcome::created;
  std::string json;  // the transit's view, or {"errors":[...]} when rejected
  Errors errors;
};

class TransitService {
 public:
  TransitService(const ZoneRegistry& zones, Store& store, const Clock& clock,
                 MonitorOptions options = {})
      : zones_(zones), store_(store), clock_(clock), monitor_(options) {}

  // Replays the store's journal. Errors: store.* and a journal row that no longer decodes.
  VoidResult rebuild();

  // POST /v1/transits. The destination zone must be listed (transit.to.unknown_zone, rejected);
  // its office supervises the transit. Errors: transit.exists_with_different_content, store.*.
  // `required_party` (a trader's): must be the destination enterprise (auth.party_mismatch).
  Result<TransitAnswer> register_transit(std::string_view body, const std::string& registered_by,
                                         const std::string& required_party,
                                         std::optional<AuditEntry> audit);
  // POST /v1/transits/{id}/seal-events. Errors: transit.not_found,
  // seal_event.exists_with_different_content, store.*.
  Result<TransitAnswer> seal_event(std::string_view transit_id, std::string_view body,
                                   std::optional<AuditEntry> audit);
  // An officer resolves an open alert. Errors: transit.not_found, alert.not_found, store.*.
  Result<TransitAnswer> resolve_alert(std::string_view transit_id, std::string_view alert_id,
                                      const std::string& officer, std::optional<AuditEntry> audit);

  // Sweeps every transit at `now`; closes what has settled. Returns the closings written.
  std::size_t tick(TimePoint now);

  Result<TransitView> view(std::string_view transit_id) const { return monitor_.view(transit_id); }
  AlertList alerts(const AlertFilter& filter) const { return monitor_.alerts(filter); }
  // The destination enterprise of a transit ("" when unknown): who may see it as a trader.
  std::string enterprise_of(std::string_view transit_id) const;

 private:
  // Writes the closing into the destination account; a replay answers exists.
  VoidResult close(const ClosingInstruction& closing);

  const ZoneRegistry& zones_;
  Store& store_;
  const Clock& clock_;
  TransitMonitor monitor_;
  mutable std::mutex destinations_mutex_;
  std::unordered_map<std::string, DestinationAccount> destinations_;  // by transit id
  void remember_destination(const std::string& transit_id, const DestinationAccount& account);
};

// {"id","office","status","hold","seal","arrived_at","closed_at","last_heard_at","events",
//  "alerts":[…]}
std::string transit_view_json(const TransitView& view);
// {"alerts":[{"transit_id","office","id","kind","at","open",…}],"more":false}
std::string alerts_json(const AlertList& list);

}  // namespace oc
