// Names of the lifecycle vocabulary, as they appear in JSON, the store and the CLI.
#include "declaration/event.h"

#include <array>

#include "core/enum_names.h"

#include "core/json_writer.h"

namespace oc {
namespace {

constexpr std::array<std::string_view, status_count> kStatusNames = {"lodged",
                                                                     "accepted",
                                                                     "rejected",
                                                                     "lane_assigned",
                                                                     "document_review",
                                                                     "awaiting_documents",
                                                                     "physical_inspection",
                                                                     "findings_recorded",
                                                                     "duties_settled",
                                                                     "released",
                                                                     "exited",
                                                                     "cancelled"};
constexpr std::array<std::string_view, lane_count> kLaneNames = {"green", "yellow", "red", "blue"};
constexpr std::array<std::string_view, role_count> kRoleNames = {"system", "trader", "officer",
                                                                 "auditor", "admin"};
constexpr std::array<std::string_view, event_type_count> kEventTypeNames = {
    "lodged",
    "accepted",
    "rejected",
    "lane_assigned",
    "document_review_started",
    "documents_requested",
    "documents_submitted",
    "documents_accepted",
    "inspection_started",
    "findings_recorded",
    "duties_paid",
    "guarantee_lodged",
    "released",
    "exit_confirmed",
    "amended",
    "cancelled"};
constexpr std::array<std::string_view, 3> kOutcomeNames = {"compliant", "discrepancy", "seizure"};

}  // namespace

std::string_view to_string(Status status) {
  return kStatusNames[static_cast<std::size_t>(status)];
}
std::string_view to_string(Lane lane) {
  return kLaneNames[static_cast<std::size_t>(lane)];
}
std::string_view to_string(Role role) {
  return kRoleNames[static_cast<std::size_t>(role)];
}
std::string_view to_string(EventType type) {
  return kEventTypeNames[static_cast<std::size_t>(type)];
}
std::string_view to_string(Outcome outcome) {
  return kOutcomeNames[static_cast<std::size_t>(outcome)];
}
std::optional<Status> parse_status(std::string_view text) {
  return parse_enum_name<Status>(kStatusNames, text);
}
std::optional<Lane> parse_lane(std::string_view text) {
  return parse_enum_name<Lane>(kLaneNames, text);
}
std::optional<Role> parse_role(std::string_view text) {
  return parse_enum_name<Role>(kRoleNames, text);
}
std::optional<EventType> parse_event_type(std::string_view text) {
  return parse_enum_name<EventType>(kEventTypeNames, text);
}
std::optional<Outcome> parse_outcome(std::string_view text) {
  return parse_enum_name<Outcome>(kOutcomeNames, text);
}

std::string event_to_json(const Event& event) {
  JsonWriter out;
  out.begin_object()
      .field("sequence", event.sequence)
      .field("declaration_id", event.declaration_id)
      .field("type", to_string(event.type));
  out.key("actor")
      .begin_object()
      .field("role", to_string(event.actor.role))
      .field("id", event.actor.id)
      .end_object();
  out.field("at", format_timestamp(event.at));
  out.key("payload").raw(event.payload_json.empty() ? std::string_view("{}")
                                                    : std::string_view(event.payload_json));
  out.end_object();
  return out.take();
}

}  // namespace oc
