// Actions on a lodged declaration: every officer or trader step after lodging (review, findings,
// payment, release, exit, amendment, cancellation) is one event appended through here, checked
// by the lifecycle against the state the declaration's events replay to.
// Thread safety: stateless; concurrent actions on one declaration are serialised by the store's
// optimistic check (the loser gets store.conflict and may retry).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/reference_data.h"
#include "core/result.h"
#include "declaration/event.h"
#include "store/store.h"

namespace oc {

struct ActionOutcome {
  DeclarationRecord record;  // after the event
  Event event;
};

class ActionService {
 public:
  ActionService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Errors: declaration.not_found, lifecycle.* (illegal transition, role, precondition,
  // payload), store.conflict (another action landed first), store.*.
  // `audit`, when given, is written in the same transaction as the event.
  Result<ActionOutcome> act(std::string_view declaration_id, EventType type, const Actor& actor,
                            std::string payload_json, std::optional<AuditEntry> audit = {});

 private:
  Store& store_;
  const Clock& clock_;
};

// The payload of an amendment: {"reason": ..., "declaration": <canonical amended body>,
// "sha256": ...}. The amended body is checked like a lodging (errors with paths under
// /declaration) and must keep the original lrn and declarant (amend.identity_changed).
// Errors are returned all at once.
Result<std::string> amendment_payload(const DeclarationRecord& record, std::string_view reason,
                                      std::string_view amended_body, const ReferenceData& reference,
                                      Errors& errors);

// One declaration as the API and the CLI show it: identity, parties, status, lane, the
// declaration as it stands (the body of the last amendment, or the lodged body) and the answer
// given at lodging.
std::string declaration_view_json(const DeclarationRecord& record,
                                  const std::vector<Event>& events);

}  // namespace oc
