// The declaration lifecycle: which event may follow which state, made by whom, under which
// preconditions. One table (transition_rules) is the single source of truth; apply() enforces it
// and replay() rebuilds a declaration's state from its events.
//
//   lodged -> accepted -> lane_assigned -> (yellow) document_review <-> awaiting_documents
//                                      -> (red) physical_inspection -> findings_recorded
//          -> duties_settled -> released -> exited;   plus rejected, amended, cancelled.
// Thread safety: pure functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/result.h"
#include "declaration/event.h"

namespace oc {

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
};

std::span<const TransitionRule> transition_rules();

// Checks `event` against `state` and returns the next state.
// Errors (path empty): lifecycle.illegal_transition, lifecycle.role_not_allowed,
// lifecycle.precondition_failed, lifecycle.bad_payload, lifecycle.sequence_gap.
Result<DeclarationState> apply(const DeclarationState& state, const Event& event);

// Folds apply() over all events from the empty state.
Result<DeclarationState> replay(std::span<const Event> events);

}  // namespace oc
