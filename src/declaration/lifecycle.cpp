// The lifecycle's transition table and its enforcement. The table (kRules) says from which
// statuses an event may come, where it leads and who may make it; the few conditions on the lane,
// the findings outcome and the payload are checked in code beside it. docs/lifecycle.md mirrors
// both; keep the three in step.
#include "declaration/lifecycle.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <string>
#include <utility>

namespace oc {
namespace {

constexpr Status kFromLodged[] = {Status::lodged};
constexpr Status kFromAccepted[] = {Status::accepted};
constexpr Status kFromLaneAssigned[] = {Status::lane_assigned};
constexpr Status kFromDocumentReview[] = {Status::document_review};
constexpr Status kFromAwaitingDocuments[] = {Status::awaiting_documents};
constexpr Status kFromPhysicalInspection[] = {Status::physical_inspection};
constexpr Status kFromDutiesSettled[] = {Status::duties_settled};
constexpr Status kFromReleased[] = {Status::released};
// A red lane goes to inspection at once; an officer reviewing documents may refer to it.
constexpr Status kFromInspectable[] = {Status::lane_assigned, Status::document_review};
// Green and blue lanes settle straight after selection; yellow and red after their findings.
constexpr Status kFromSettleable[] = {Status::lane_assigned, Status::findings_recorded};
// Amendments are possible until the goods are examined; before acceptance the declaration is
// still being validated, so the trader cancels and lodges again instead.
constexpr Status kFromAmendable[] = {Status::accepted, Status::lane_assigned,
                                     Status::document_review, Status::awaiting_documents};
// Until physical inspection starts the declaration can end early: withdrawn by the trader
// (cancelled) or refused by customs (rejected, e.g. when requested documents never come). Once
// the goods are examined it ends only through findings, settlement and release.
constexpr Status kFromWithdrawable[] = {Status::lodged, Status::accepted, Status::lane_assigned,
                                        Status::document_review, Status::awaiting_documents};

// Role lists are in Role order, so error messages read the same everywhere.
constexpr Role kSystem[] = {Role::system};
constexpr Role kTrader[] = {Role::trader};
constexpr Role kOfficer[] = {Role::officer};
constexpr Role kSystemTrader[] = {Role::system, Role::trader};
constexpr Role kSystemOfficer[] = {Role::system, Role::officer};

constexpr std::string_view kSettlePrecondition =
    "from lane_assigned: lane is green or blue; from findings_recorded: outcome is not seizure";

constexpr std::array<TransitionRule, event_type_count> kRules = {{
    {EventType::lodged, {}, Status::lodged, kSystemTrader, "first event of the declaration", ""},
    {EventType::accepted, kFromLodged, Status::accepted, kSystem, "", ""},
    {EventType::rejected, kFromWithdrawable, Status::rejected, kSystemOfficer, "",
     "reason: non-empty string"},
    {EventType::lane_assigned, kFromAccepted, Status::lane_assigned, kSystem, "",
     "lane: green|yellow|red|blue"},
    {EventType::document_review_started, kFromLaneAssigned, Status::document_review, kOfficer,
     "lane is yellow", ""},
    {EventType::documents_requested, kFromDocumentReview, Status::awaiting_documents, kOfficer, "",
     "documents: non-empty string"},
    {EventType::documents_submitted, kFromAwaitingDocuments, Status::document_review, kTrader, "",
     ""},
    {EventType::documents_accepted, kFromDocumentReview, Status::findings_recorded, kOfficer, "",
     ""},
    {EventType::inspection_started, kFromInspectable, Status::physical_inspection, kOfficer,
     "from lane_assigned: lane is red", ""},
    {EventType::findings_recorded, kFromPhysicalInspection, Status::findings_recorded, kOfficer, "",
     "outcome: compliant|discrepancy|seizure; note: string (optional)"},
    {EventType::duties_paid, kFromSettleable, Status::duties_settled, kSystemOfficer,
     kSettlePrecondition, "reference: non-empty string"},
    {EventType::guarantee_lodged, kFromSettleable, Status::duties_settled, kSystemOfficer,
     kSettlePrecondition, "reference: non-empty string"},
    {EventType::released, kFromDutiesSettled, Status::released, kSystemOfficer, "", ""},
    {EventType::exit_confirmed, kFromReleased, Status::exited, kSystemOfficer, "", ""},
    {EventType::amended, kFromAmendable, std::nullopt, kTrader, "", "reason: non-empty string"},
    {EventType::cancelled, kFromWithdrawable, Status::cancelled, kTrader, "",
     "reason: non-empty string"},
}};

constexpr bool rules_in_event_type_order() {
  for (std::size_t i = 0; i < kRules.size(); ++i) {
    if (static_cast<std::size_t>(kRules[i].type) != i) return false;
  }
  return true;
}
static_assert(rules_in_event_type_order(), "kRules must be indexed by EventType");

template <class T>
bool contains(std::span<const T> items, T item) {
  return std::ranges::find(items, item) != items.end();
}

template <class T>
std::string join_names(std::span<const T> items) {
  std::string joined;
  for (const T& item : items) {
    if (!joined.empty()) joined += ", ";
    joined += to_string(item);
  }
  return joined;
}

Error lifecycle_error(std::string_view code, std::string message) {
  return make_error(std::string(code), "", std::move(message));
}

// The two facts apply() takes from a payload; everything else in it is kept but not read here.
struct PayloadFacts {
  std::optional<Lane> lane;
  std::optional<Outcome> outcome;
};

Result<std::string_view> required_string(simdjson::dom::object object, EventType type,
                                         std::string_view field) {
  simdjson::dom::element element;
  if (object.at_key(field).get(element) != simdjson::SUCCESS) {
    return lifecycle_error("lifecycle.bad_payload", fmt::format("{} payload lacks the field \"{}\"",
                                                                to_string(type), field));
  }
  std::string_view text;
  if (element.get_string().get(text) != simdjson::SUCCESS || text.empty()) {
    return lifecycle_error(
        "lifecycle.bad_payload",
        fmt::format("{} payload field \"{}\" must be a non-empty string", to_string(type), field));
  }
  return text;
}

Result<PayloadFacts> check_payload(const Event& event) {
  const EventType type = event.type;
  if (event.payload_json.size() > event_payload_bytes_max) {
    return lifecycle_error("lifecycle.bad_payload",
                           fmt::format("{} payload is {} bytes; the limit is {}", to_string(type),
                                       event.payload_json.size(), event_payload_bytes_max));
  }
  // A parser per call keeps apply() free of shared state; payloads are small.
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(event.payload_json).get(root) != simdjson::SUCCESS) {
    return lifecycle_error("lifecycle.bad_payload",
                           fmt::format("{} payload is not valid JSON", to_string(type)));
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    return lifecycle_error("lifecycle.bad_payload",
                           fmt::format("{} payload is not a JSON object", to_string(type)));
  }

  PayloadFacts facts;
  switch (type) {
    case EventType::lane_assigned: {
      auto text = required_string(object, type, "lane");
      if (!text) return std::move(text).error();
      facts.lane = parse_lane(*text);
      if (!facts.lane) {
        return lifecycle_error("lifecycle.bad_payload",
                               fmt::format("lane_assigned payload field \"lane\" is \"{}\"; "
                                           "expected green, yellow, red or blue",
                                           *text));
      }
      break;
    }
    case EventType::findings_recorded: {
      auto text = required_string(object, type, "outcome");
      if (!text) return std::move(text).error();
      facts.outcome = parse_outcome(*text);
      if (!facts.outcome) {
        return lifecycle_error("lifecycle.bad_payload",
                               fmt::format("findings_recorded payload field \"outcome\" is \"{}\"; "
                                           "expected compliant, discrepancy or seizure",
                                           *text));
      }
      simdjson::dom::element note;
      if (object.at_key("note").get(note) == simdjson::SUCCESS && !note.is_string()) {
        return lifecycle_error("lifecycle.bad_payload",
                               "findings_recorded payload field \"note\" must be a string");
      }
      break;
    }
    case EventType::documents_requested: {
      auto text = required_string(object, type, "documents");
      if (!text) return std::move(text).error();
      break;
    }
    case EventType::duties_paid:
    case EventType::guarantee_lodged: {
      auto text = required_string(object, type, "reference");
      if (!text) return std::move(text).error();
      break;
    }
    case EventType::rejected:
    case EventType::amended:
    case EventType::cancelled: {
      auto text = required_string(object, type, "reason");
      if (!text) return std::move(text).error();
      break;
    }
    default:
      break;
  }
  return facts;
}

std::string lane_name(const std::optional<Lane>& lane) {
  return lane ? std::string(to_string(*lane)) : std::string("not set");
}

// The conditions on the lane and the findings outcome (the rule's `precondition` text).
VoidResult check_precondition(const DeclarationState& state, EventType type) {
  auto failed = [&](std::string_view requirement, std::string found) -> VoidResult {
    return lifecycle_error("lifecycle.precondition_failed",
                           fmt::format("{} from {} requires {}; {}", to_string(type),
                                       to_string(state.status), requirement, found));
  };
  switch (type) {
    case EventType::document_review_started:
      if (state.lane != Lane::yellow) {
        return failed("lane yellow", "lane is " + lane_name(state.lane));
      }
      break;
    case EventType::inspection_started:
      if (state.status == Status::lane_assigned && state.lane != Lane::red) {
        return failed("lane red", "lane is " + lane_name(state.lane));
      }
      break;
    case EventType::duties_paid:
    case EventType::guarantee_lodged:
      if (state.status == Status::lane_assigned && state.lane != Lane::green &&
          state.lane != Lane::blue) {
        return failed("lane green or blue (other lanes settle after their findings)",
                      "lane is " + lane_name(state.lane));
      }
      if (state.status == Status::findings_recorded) {
        if (!state.outcome) return failed("a findings outcome", "none is recorded");
        if (*state.outcome == Outcome::seizure) {
          return failed("an outcome other than seizure",
                        "the goods are seized and cannot be settled or released");
        }
      }
      break;
    default:
      break;
  }
  return ok_result();
}

}  // namespace

std::span<const TransitionRule> transition_rules() {
  return kRules;
}

Result<DeclarationState> apply(const DeclarationState& state, const Event& event) {
  // Enum values outside their range are programming errors: every parse_* refuses them.
  const auto type_index = static_cast<std::size_t>(event.type);
  assert(type_index < kRules.size());
  assert(static_cast<int>(state.status) >= 0 && static_cast<int>(state.status) < status_count);
  assert(static_cast<int>(event.actor.role) >= 0 &&
         static_cast<int>(event.actor.role) < role_count);
  const TransitionRule& rule = kRules[type_index];
  const std::string_view event_name = to_string(event.type);

  // A count outside 0..max cannot come from apply(); refusing it first keeps the arithmetic
  // below free of overflow.
  if (state.event_count < 0 || state.event_count > events_per_declaration_max) {
    return lifecycle_error("lifecycle.sequence_gap",
                           fmt::format("{} refused: the declaration state claims {} events, "
                                       "outside 0..{}",
                                       event_name, state.event_count, events_per_declaration_max));
  }
  if (event.sequence != state.event_count + 1) {
    return lifecycle_error(
        "lifecycle.sequence_gap",
        fmt::format("{} has sequence {}; the declaration has {} events, so the "
                    "next sequence is {}",
                    event_name, event.sequence, state.event_count, state.event_count + 1));
  }
  if (state.event_count == events_per_declaration_max) {
    return lifecycle_error("lifecycle.too_many_events",
                           fmt::format("{} refused: the declaration already has {} events; the "
                                       "limit is {}",
                                       event_name, state.event_count, events_per_declaration_max));
  }

  const bool first_event = state.event_count == 0;
  if (first_event && event.type != EventType::lodged) {
    return lifecycle_error("lifecycle.illegal_transition",
                           fmt::format("{} is not allowed before the declaration is lodged; the "
                                       "first event must be lodged",
                                       event_name));
  }
  if (!first_event && event.type == EventType::lodged) {
    return lifecycle_error("lifecycle.illegal_transition",
                           fmt::format("lodged is not allowed from {}; allowed only as the first "
                                       "event",
                                       to_string(state.status)));
  }
  if (!first_event && !contains(rule.from, state.status)) {
    return lifecycle_error("lifecycle.illegal_transition",
                           fmt::format("{} is not allowed from {}; allowed from {}", event_name,
                                       to_string(state.status), join_names(rule.from)));
  }
  // The status the event leaves from, for messages; the empty state has none.
  const std::string_view from_name = first_event ? "(none)" : to_string(state.status);

  if (!contains(rule.roles, event.actor.role)) {
    return lifecycle_error(
        "lifecycle.role_not_allowed",
        fmt::format("role {} may not make {} from {}; allowed roles: {}",
                    to_string(event.actor.role), event_name, from_name, join_names(rule.roles)));
  }
  OC_TRY(check_precondition(state, event.type));

  auto facts = check_payload(event);
  if (!facts) return std::move(facts).error();

  DeclarationState next = state;
  next.status = rule.to.value_or(state.status);
  next.event_count = event.sequence;
  if (event.type == EventType::lane_assigned) next.lane = facts->lane;
  if (event.type == EventType::documents_accepted) next.outcome = Outcome::compliant;
  if (event.type == EventType::findings_recorded) next.outcome = facts->outcome;
  if (first_event) {
    // Whatever the caller's empty state held, a lodged declaration starts clean.
    next.lane.reset();
    next.outcome.reset();
  }
  return next;
}

Result<DeclarationState> replay(std::span<const Event> events) {
  DeclarationState state;
  for (const Event& event : events) {
    if (event.declaration_id != events.front().declaration_id) {
      return lifecycle_error(
          "lifecycle.declaration_mismatch",
          fmt::format("event {} ({}) belongs to declaration \"{}\", not \"{}\"", event.sequence,
                      to_string(event.type), event.declaration_id, events.front().declaration_id));
    }
    auto next = apply(state, event);
    if (!next) return std::move(next).error();
    state = std::move(next).value();
  }
  return state;
}

}  // namespace oc
