// TransitTracker: the state machine of ONE transit, fed by e-seal events that may arrive out of
// order and may be replayed.
//
// The state is a pure function of (the set of events, the latest tick time, officers'
// resolutions), evaluated over the events sorted by (at, id) — so the order in which events
// arrive does not matter — with one exception by design: closing is irreversible (it writes the
// ledger), so a tick latches it, and an event arriving after that can add an alert to the closed
// transit but cannot reopen it. closing_settle (the wait after arrival before a tick closes) gives
// late events their chance. docs/transit.md states every rule; in short:
//   - arrival: the first `position` (by time) within the destination geofence (corridor.h);
//   - opened_before_arrival: an `opened` at or before arrival; tamper: a `tamper` before closing;
//   - off_corridor: a run of positions outside the corridor before arrival, one alert per run;
//   - silent_seal: a gap between consecutive event times (from the registration) longer than
//     seal_silence_max before arrival, or, at a tick, the time since the last event;
//   - overdue: arrival after the deadline, or, at a tick, the deadline passed with no arrival;
//   - a tick closes when arrived, sealed at or before arrival, no open blocking alert, and
//     now >= arrival + closing_settle, and hands back the ClosingInstruction exactly once.
//
// Cost: an event later than every event so far is folded in O(1) (plus one corridor test for a
// position); an earlier one is inserted and the (geometry-free) fold re-run over the transit's
// events, at most seal_events_per_transit_max.
// Thread safety: none; TransitMonitor serialises access per transit.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "transit/corridor.h"
#include "transit/seal_event.h"
#include "transit/transit.h"
#include "transit/transit_state.h"

namespace oc {

// Events one transit may hold (a position every 10 s for 55 hours).
inline constexpr std::size_t seal_events_per_transit_max = 20'000;
// Events are accepted from this long before the registration (sealing at the origin)...
inline constexpr std::chrono::hours seal_event_before_registration_max{24};
// ...until this long after the deadline (an overdue transit still reports).
inline constexpr std::chrono::hours seal_event_after_deadline_max{24 * 30};
inline constexpr std::chrono::minutes seal_silence_max_default{30};
inline constexpr std::chrono::minutes closing_settle_default{10};

struct TrackerOptions {
  std::chrono::microseconds seal_silence_max = seal_silence_max_default;
  std::chrono::microseconds closing_settle = closing_settle_default;
};

// Who supervises the transit and when it was registered; set by the caller, not the body.
struct TransitContext {
  std::string office;       // the customs office whose officers see its alerts
  TimePoint registered_at;  // the injected clock's time of `POST /v1/transits`
};

struct ApplyOutcome {
  enum class Kind { created, exists };  // exists: a replay of an event already held
  Kind kind = Kind::created;
  TransitStatus status = TransitStatus::in_transit;
};

struct TickOutcome {
  std::optional<ClosingInstruction> closing;  // set by the one tick that closes
  std::vector<Alert> raised;  // alerts this tick's time raised (overdue, silent_seal)
};

class TransitTracker {
 public:
  // REQUIRES: validate_transit(transit) is empty (TransitMonitor::add checks).
  TransitTracker(Transit transit, TransitContext context, TrackerOptions options);

  TransitTracker(const TransitTracker&) = delete;
  TransitTracker& operator=(const TransitTracker&) = delete;

  // Errors, in this precedence: the event's own (validate_seal_event),
  // seal_event.exists_with_different_content (/id), seal_event.at.out_of_window (/at),
  // transit.seal_events.too_many.
  Result<ApplyOutcome> apply(const SealEvent& event);

  // Moves the transit's time to max(now, the latest tick) and closes it when due.
  TickOutcome tick(TimePoint now);

  // An officer's resolution of a current alert (idempotent; the first time is kept).
  // Error alert.not_found.
  VoidResult resolve_alert(std::string_view alert_id, TimePoint at);

  // Rehydration after a restart: the store says this transit closed at `closed_at`.
  // Error transit.not_arrived when the events held show no arrival.
  VoidResult restore_closing(TimePoint closed_at);

  TransitStatus status() const;
  TransitView view() const;
  // Appends this transit's alerts (only open ones when open_only).
  void append_alerts(std::vector<Alert>& out, bool open_only) const;

  const Transit& transit() const { return transit_; }
  const TransitContext& context() const { return context_; }
  TimePoint now() const { return now_; }

 private:
  struct StoredEvent {
    SealEvent event;
    bool inside = true;           // position events: within the corridor
    bool at_destination = false;  // position events: within the destination geofence
    double distance_m = 0;        // position events outside: distance to the corridor
  };
  struct FoldAlert {
    AlertKind kind;
    const StoredEvent* event = nullptr;  // the raising event; nullptr for silent_seal
    TimePoint at;
    TimePoint since;  // silent_seal
    std::optional<TimePoint> ended_at;
    double distance_m = 0;
  };
  // Everything derived from the sorted events.
  struct Fold {
    SealState seal = SealState::unknown;
    bool sealed_by_arrival = false;
    const StoredEvent* arrival = nullptr;
    TimePoint last_heard;
    bool outside = false;
    std::size_t excursion = 0;  // index in alerts of the running off_corridor alert
    const StoredEvent* last_position = nullptr;
    std::optional<TimePoint> battery_low_at;
    std::vector<FoldAlert> alerts;
  };

  static bool before(const StoredEvent& a, const StoredEvent& b);
  void step(Fold& fold, const StoredEvent& stored) const;
  void refold();
  Alert make_alert(const FoldAlert& alert) const;
  std::optional<Alert> trailing_silence() const;
  std::optional<Alert> overdue() const;
  void all_alerts(std::vector<Alert>& out, bool open_only) const;
  bool resolved(const std::string& alert_id) const;
  bool has_open_alert() const;
  bool has_open_blocking_alert() const;
  ClosingHold hold() const;
  ClosingInstruction closing_instruction(TimePoint closed_at) const;

  Transit transit_;
  TransitContext context_;
  TrackerOptions options_;
  CorridorGeometry geometry_;
  std::unordered_map<std::string, StoredEvent> events_;  // by event id; nodes never move
  std::vector<const StoredEvent*> order_;                // sorted by (at, id)
  Fold fold_;
  TimePoint now_;
  std::optional<ClosingInstruction> closing_;
  std::unordered_map<std::string, TimePoint> resolutions_;  // alert id -> resolved at
};

}  // namespace oc
