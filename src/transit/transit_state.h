// What the monitor says about a transit: its status, its alerts, and the closing instruction that
// moves its goods into the destination account. Names follow regimes-v1 (`GET /v1/transits/{id}`,
// `GET /v1/alerts`); docs/transit.md explains when each arises.
// Thread safety: value types.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "transit/transit.h"

namespace oc {

// Precedence when several apply: closed, then alert (any open alert), then arrived, then
// in_transit.
enum class TransitStatus { in_transit, arrived, closed, alert };

enum class AlertKind {
  opened_before_arrival,  // an `opened` event at or before arrival (blocks closing while open)
  tamper,                 // a `tamper` event before closing (blocks closing while open)
  off_corridor,           // positions outside the corridor before arrival: one alert per excursion
  overdue,                // arrived after the deadline, or the deadline passed with no arrival
  silent_seal,            // no event for longer than the silence limit before arrival
};

// The seal's lock as its latest `sealed` / `opened` event says.
enum class SealState { unknown, sealed, opened };

// Why a transit that is not closed does not close yet (the first that applies, in this order).
enum class ClosingHold {
  none,  // closed
  not_arrived,
  seal_never_sealed,  // no `sealed` event at or before arrival: no evidence the seal was locked
  blocking_alert,     // an open opened_before_arrival or tamper alert (an officer resolves it)
  settling,           // arrived; waiting closing_settle for late events before the tick closes
};

std::string_view to_string(TransitStatus status);
std::string_view to_string(AlertKind kind);
std::string_view to_string(SealState state);
std::string_view to_string(ClosingHold hold);
bool blocks_closing(AlertKind kind);

struct Alert {
  // Stable, so that an officer's resolution survives recomputation: "<kind>:<event id>" for alerts
  // an event raised, "silent_seal:<since>" and "overdue" for those raised by time.
  std::string id;
  AlertKind kind = AlertKind::tamper;
  TimePoint at;                       // when the condition arose
  std::string event_id;               // the event that raised it; "" when time raised it
  std::optional<TimePoint> since;     // silent_seal: the last time the seal was heard
  std::optional<TimePoint> ended_at;  // off_corridor: back inside; silent_seal: heard again
  std::optional<double> distance_m;   // off_corridor: the farthest position from the corridor
  bool open = true;
  std::optional<TimePoint> resolved_at;

  bool operator==(const Alert&) const = default;
};

// What closing a transit writes: the persistence layer applies it to the destination account in
// the same transaction that records the transit as closed. movement_id is the ledger movement's
// client id, so a retried transaction answers `exists` instead of counting the goods twice.
struct ClosingInstruction {
  std::string transit_id;
  std::string movement_id;  // "<transit id>:arrival"
  DestinationAccount account;
  std::vector<GoodsLine> goods;
  TimePoint arrived_at;
  TimePoint closed_at;

  bool operator==(const ClosingInstruction&) const = default;
};

struct TransitView {
  std::string transit_id;
  std::string office;
  TransitStatus status = TransitStatus::in_transit;
  ClosingHold hold = ClosingHold::not_arrived;
  SealState seal = SealState::unknown;
  std::optional<TimePoint> arrived_at;
  std::string arrival_event_id;
  std::optional<TimePoint> closed_at;
  TimePoint last_heard_at;  // the latest event time, or the registration when none is later
  std::optional<GeoPoint> last_position;
  std::optional<TimePoint> battery_low_at;
  std::size_t events = 0;
  std::vector<Alert> alerts;  // by time, then id; resolved ones included (open == false)
  std::optional<ClosingInstruction> closing;

  bool operator==(const TransitView&) const = default;
};

}  // namespace oc
