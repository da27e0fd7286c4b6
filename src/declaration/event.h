// The vocabulary of a declaration's life: statuses, lanes, roles, event types and the immutable
// Event record. The transition rules themselves live in lifecycle.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace oc {

enum class Status {
  lodged,               // received, not yet checked by the system
  accepted,             // validated and assessed
  rejected,             // refused at lodging (terminal)
  lane_assigned,        // risk selection done; waits on the lane's work
  document_review,      // yellow lane: an officer checks the documents
  awaiting_documents,   // the officer asked the trader for documents
  physical_inspection,  // red lane (or referred from review): goods are examined
  findings_recorded,    // compliant, discrepancy or seizure recorded
  duties_settled,       // duties paid or a guarantee lodged
  released,             // goods may leave customs control
  exited,               // goods confirmed out of the port / zone (terminal)
  cancelled,            // withdrawn by the trader before examination (terminal)
};
inline constexpr int status_count = 12;

enum class Lane { green, yellow, red, blue };
inline constexpr int lane_count = 4;

// Who makes a transition. `system` is the platform itself (validation, assessment, selection).
enum class Role { system, trader, officer, auditor, admin };
inline constexpr int role_count = 5;

enum class EventType {
  lodged,
  accepted,
  rejected,
  lane_assigned,            // payload {"lane": ...}
  document_review_started,
  documents_requested,      // payload {"documents": "..."}
  documents_submitted,
  documents_accepted,       // review closes as compliant
  inspection_started,
  findings_recorded,        // payload {"outcome": "compliant|discrepancy|seizure", "note": ...}
  duties_paid,              // payload {"reference": ...}
  guarantee_lodged,         // payload {"reference": ...}
  released,
  exit_confirmed,
  amended,                  // payload {"reason": ...}
  cancelled,                // payload {"reason": ...}
};
inline constexpr int event_type_count = 16;

enum class Outcome { compliant, discrepancy, seizure };

struct Actor {
  Role role = Role::system;
  std::string id;  // party id, officer id or "system"

  bool operator==(const Actor&) const = default;
};

// One immutable step. `sequence` is the declaration's own event number, from 1, without gaps.
struct Event {
  std::int64_t sequence = 0;
  std::string declaration_id;
  EventType type = EventType::lodged;
  Actor actor;
  TimePoint at;
  std::string payload_json = "{}";  // a JSON object

  bool operator==(const Event&) const = default;
};

std::string_view to_string(Status status);
std::string_view to_string(Lane lane);
std::string_view to_string(Role role);
std::string_view to_string(EventType type);
std::string_view to_string(Outcome outcome);
std::optional<Status> parse_status(std::string_view text);
std::optional<Lane> parse_lane(std::string_view text);
std::optional<Role> parse_role(std::string_view text);
std::optional<EventType> parse_event_type(std::string_view text);
std::optional<Outcome> parse_outcome(std::string_view text);

// {"sequence":1,"declaration_id":...,"type":...,"actor":{"role":...,"id":...},"at":...,"payload":{...}}
std::string event_to_json(const Event& event);

}  // namespace oc
