// The declaration lifecycle: which event may follow which state, made by whom, under which
// preconditions. One table (transition_rules) is the single source of truth; apply() enforces it
// and replay() rebuilds a declaration's state from its events. docs/lifecycle.md lists every
// transition with its roles, precondition and payload.
//
//   lodged -> accepted -> lane_assigned -> (yellow) document_review <-> awaiting_documents
//                                      -> (red) physical_inspection -> findings_recorded
//          -> duties_settled -> released -> exited;   plus rejected, amended, cancelled.
// Thread safety: pure functions over values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/result.h"
#include "declaration/declaration.h"
#include "declaration/event.h"

namespace oc {

// A declaration takes at most this many events (document request loops and amendments are the
// only repeatable steps); the next one is refused with lifecycle.too_many_events.
inline constexpr std::int64_t events_per_declaration_max = 1000;
// An event's payload_json is at most this long; a longer one is lifecycle.bad_payload. An
// amendment carries the whole amended declaration, so the limit is a declaration body plus room
// for the reason and hashes.
inline constexpr std::size_t event_payload_bytes_max = declaration_body_bytes_max + 64 * 1024;

struct DeclarationState {
  Status status = Status::lodged;
  std::optional<Lane> lane;
  std::optional<Outcome> outcome;  // set by findings (documents_accepted -> compliant)
  std::int64_t event_count = 0;    // 0 = nothing lodged yet

  bool operator==(const DeclarationState&) const = default;
};

// One row of the transition table.
struct TransitionRule {
  EventType type;
  std::span<const Status> from;   // empty for `lodged` (the first event)
  std::optional<Status> to;       // nullopt: status unchanged (amended)
  std::span<const Role> roles;    // roles allowed to make it
  std::string_view precondition;  // human text, for docs and error messages ("" if none)
  std::string_view payload;       // required payload fields, for docs ("" if none)
};

// One rule per event type, in EventType order: transition_rules()[i].type == EventType(i).
std::span<const TransitionRule> transition_rules();

// Checks `event` against `state` and returns the next state, with event_count = event.sequence.
// The empty state (event_count == 0) accepts only `lodged`. Errors (path empty), in the order
// they are checked:
//   lifecycle.sequence_gap         event.sequence != state.event_count + 1 (or the state's own
//                                  event_count is outside 0..events_per_declaration_max)
//   lifecycle.too_many_events      the declaration already has events_per_declaration_max events
//   lifecycle.illegal_transition   the event is not allowed from state.status
//   lifecycle.role_not_allowed     event.actor.role may not make this transition
//   lifecycle.precondition_failed  the lane or the findings outcome forbid it
//   lifecycle.bad_payload          payload_json is not a JSON object, is too long, or lacks a
//                                  required field
Result<DeclarationState> apply(const DeclarationState& state, const Event& event);

// Folds apply() over all events from the empty state; the first error stops it. Also
// lifecycle.declaration_mismatch when the events do not all share one declaration_id.
Result<DeclarationState> replay(std::span<const Event> events);

}  // namespace oc
