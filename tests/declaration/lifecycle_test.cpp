// The lifecycle state machine: every (status, event type) pair against a table written out here,
// independently of transition_rules(); the roles of every transition; sequence, limit and payload
// checks; and whole paths replayed for each lane.
#include "declaration/lifecycle.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace oc {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kDeclarationId = "D2026112300000001";

const TimePoint kMorning = std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + 8h;

// A payload that satisfies each event type's requirements.
std::string valid_payload(EventType type) {
  switch (type) {
    case EventType::lane_assigned:
      return R"({"lane":"red"})";
    case EventType::documents_requested:
      return R"({"documents":"certificate of origin"})";
    case EventType::findings_recorded:
      return R"({"outcome":"discrepancy","note":"12 cartons"})";
    case EventType::duties_paid:
      return R"({"reference":"PAY-2026-0001"})";
    case EventType::guarantee_lodged:
      return R"({"reference":"GUA-2026-0001"})";
    case EventType::rejected:
      return R"({"reason":"documents not provided"})";
    case EventType::amended:
      return R"({"reason":"corrected gross mass"})";
    case EventType::cancelled:
      return R"({"reason":"shipment withdrawn"})";
    default:
      return "{}";
  }
}

Event make_event(std::int64_t sequence, EventType type, Role role, std::string payload) {
  return Event{.sequence = sequence,
               .declaration_id = std::string(kDeclarationId),
               .type = type,
               .actor = Actor{.role = role, .id = std::string(to_string(role)) + "-1"},
               // Clamped: some tests use absurd sequences, and times do not matter here.
               .at = kMorning + std::chrono::minutes(std::clamp<std::int64_t>(sequence, 0, 10'000)),
               .payload_json = std::move(payload)};
}

// The roles allowed to make each event, each list in Role order (written out here, not read
// from the table under test).
const std::map<EventType, std::vector<Role>>& expected_roles() {
  static const std::map<EventType, std::vector<Role>> roles = {
      {EventType::lodged, {Role::system, Role::trader}},
      {EventType::accepted, {Role::system}},
      {EventType::rejected, {Role::system, Role::officer}},
      {EventType::lane_assigned, {Role::system}},
      {EventType::document_review_started, {Role::officer}},
      {EventType::documents_requested, {Role::officer}},
      {EventType::documents_submitted, {Role::trader}},
      {EventType::documents_accepted, {Role::officer}},
      {EventType::inspection_started, {Role::officer}},
      {EventType::findings_recorded, {Role::officer}},
      {EventType::duties_paid, {Role::system, Role::officer}},
      {EventType::guarantee_lodged, {Role::system, Role::officer}},
      {EventType::released, {Role::system, Role::officer}},
      {EventType::exit_confirmed, {Role::system, Role::officer}},
      {EventType::amended, {Role::trader}},
      {EventType::cancelled, {Role::trader}},
  };
  return roles;
}

Event valid_event(const DeclarationState& state, EventType type) {
  return make_event(state.event_count + 1, type, expected_roles().at(type).front(),
                    valid_payload(type));
}

DeclarationState state_of(Status status, std::optional<Lane> lane = std::nullopt,
                          std::optional<Outcome> outcome = std::nullopt) {
  return DeclarationState{.status = status, .lane = lane, .outcome = outcome, .event_count = 4};
}

::testing::AssertionResult fails_with(const Result<DeclarationState>& result,
                                      std::string_view code) {
  if (result.ok()) {
    return ::testing::AssertionFailure()
           << "expected " << code << ", got status " << to_string(result->status);
  }
  if (result.error().code != code) {
    return ::testing::AssertionFailure() << "expected " << code << ", got " << result.error().code
                                         << ": " << result.error().message;
  }
  if (!result.error().path.empty()) {
    return ::testing::AssertionFailure() << "path should be empty: " << result.error().path;
  }
  return ::testing::AssertionSuccess();
}

// ---------------------------------------------------------------------------------------------
// Every (status, event type) pair.
//
// Cells: a status abbreviation is the next status; --- is lifecycle.illegal_transition and pre is
// lifecycle.precondition_failed. Each event is made by a role allowed to make it, with a valid
// payload, so no other error can occur. Rows where a precondition depends on the lane or the
// findings outcome appear once per lane or outcome.
//   LOD lodged  ACC accepted  REJ rejected  LAN lane_assigned  REV document_review
//   AWA awaiting_documents  INS physical_inspection  FND findings_recorded  SET duties_settled
//   REL released  EXI exited  CAN cancelled
// Columns, in EventType order: lodged, accepted, rejected, lane_assigned, document_review_started,
// documents_requested, documents_submitted, documents_accepted, inspection_started,
// findings_recorded, duties_paid, guarantee_lodged, released, exit_confirmed, amended, cancelled.

// The state each row starts from. Statuses past lane assignment carry the lane (and outcome)
// that led to them; lane_assigned and findings_recorded appear once per lane or outcome.
DeclarationState row_state(std::string_view name) {
  static const std::map<std::string_view, DeclarationState> states = {
      {"(empty)", DeclarationState{}},
      {"lodged", state_of(Status::lodged)},
      {"accepted", state_of(Status::accepted)},
      {"rejected", state_of(Status::rejected)},
      {"lane_assigned/green", state_of(Status::lane_assigned, Lane::green)},
      {"lane_assigned/yellow", state_of(Status::lane_assigned, Lane::yellow)},
      {"lane_assigned/red", state_of(Status::lane_assigned, Lane::red)},
      {"lane_assigned/blue", state_of(Status::lane_assigned, Lane::blue)},
      {"document_review", state_of(Status::document_review, Lane::yellow)},
      {"awaiting_documents", state_of(Status::awaiting_documents, Lane::yellow)},
      {"physical_inspection", state_of(Status::physical_inspection, Lane::red)},
      {"findings/compliant", state_of(Status::findings_recorded, Lane::red, Outcome::compliant)},
      {"findings/discrepancy",
       state_of(Status::findings_recorded, Lane::red, Outcome::discrepancy)},
      {"findings/seizure", state_of(Status::findings_recorded, Lane::red, Outcome::seizure)},
      {"duties_settled", state_of(Status::duties_settled, Lane::green)},
      {"released", state_of(Status::released, Lane::green)},
      {"exited", state_of(Status::exited, Lane::green)},
      {"cancelled", state_of(Status::cancelled)},
  };
  return states.at(name);
}

struct MatrixRow {
  std::string_view state;  // a row_state() name
  std::string_view cells;  // one cell per EventType, in EventType order
};

// clang-format off
constexpr MatrixRow kMatrix[] = {
  //                       lod acc rej lan drs drq dsb dac ins fnd pay gua rel exi amd can
  {"(empty)",              "LOD --- --- --- --- --- --- --- --- --- --- --- --- --- --- ---"},
  {"lodged",               "--- ACC REJ --- --- --- --- --- --- --- --- --- --- --- --- CAN"},
  {"accepted",             "--- --- REJ LAN --- --- --- --- --- --- --- --- --- --- ACC CAN"},
  {"rejected",             "--- --- --- --- --- --- --- --- --- --- --- --- --- --- --- ---"},
  {"lane_assigned/green",  "--- --- REJ --- pre --- --- --- pre --- SET SET --- --- LAN CAN"},
  {"lane_assigned/yellow", "--- --- REJ --- REV --- --- --- pre --- pre pre --- --- LAN CAN"},
  {"lane_assigned/red",    "--- --- REJ --- pre --- --- --- INS --- pre pre --- --- LAN CAN"},
  {"lane_assigned/blue",   "--- --- REJ --- pre --- --- --- pre --- SET SET --- --- LAN CAN"},
  {"document_review",      "--- --- REJ --- --- AWA --- FND INS --- --- --- --- --- REV CAN"},
  {"awaiting_documents",   "--- --- REJ --- --- --- REV --- --- --- --- --- --- --- AWA CAN"},
  {"physical_inspection",  "--- --- --- --- --- --- --- --- --- FND --- --- --- --- --- ---"},
  {"findings/compliant",   "--- --- --- --- --- --- --- --- --- --- SET SET --- --- --- ---"},
  {"findings/discrepancy", "--- --- --- --- --- --- --- --- --- --- SET SET --- --- --- ---"},
  {"findings/seizure",     "--- --- --- --- --- --- --- --- --- --- pre pre --- --- --- ---"},
  {"duties_settled",       "--- --- --- --- --- --- --- --- --- --- --- --- REL --- --- ---"},
  {"released",             "--- --- --- --- --- --- --- --- --- --- --- --- --- EXI --- ---"},
  {"exited",               "--- --- --- --- --- --- --- --- --- --- --- --- --- --- --- ---"},
  {"cancelled",            "--- --- --- --- --- --- --- --- --- --- --- --- --- --- --- ---"},
};
// clang-format on

std::vector<std::string> split_cells(std::string_view cells) {
  std::vector<std::string> tokens;
  std::istringstream stream{std::string(cells)};
  for (std::string token; stream >> token;) tokens.push_back(token);
  return tokens;
}

TEST(LifecycleMatrix, EveryStatusAndEveryEventType) {
  const std::map<std::string, Status> next_status = {{"LOD", Status::lodged},
                                                     {"ACC", Status::accepted},
                                                     {"REJ", Status::rejected},
                                                     {"LAN", Status::lane_assigned},
                                                     {"REV", Status::document_review},
                                                     {"AWA", Status::awaiting_documents},
                                                     {"INS", Status::physical_inspection},
                                                     {"FND", Status::findings_recorded},
                                                     {"SET", Status::duties_settled},
                                                     {"REL", Status::released},
                                                     {"EXI", Status::exited},
                                                     {"CAN", Status::cancelled}};
  const std::map<std::string, std::string_view> error_code = {
      {"---", "lifecycle.illegal_transition"}, {"pre", "lifecycle.precondition_failed"}};

  int pairs_checked = 0;
  for (const MatrixRow& row : kMatrix) {
    const DeclarationState state = row_state(row.state);
    const std::vector<std::string> cells = split_cells(row.cells);
    ASSERT_EQ(cells.size(), static_cast<std::size_t>(event_type_count)) << row.state;
    for (int column = 0; column < event_type_count; ++column) {
      const auto type = static_cast<EventType>(column);
      const std::string& cell = cells[static_cast<std::size_t>(column)];
      SCOPED_TRACE(std::string(row.state) + " + " + std::string(to_string(type)) + " -> " + cell);
      ++pairs_checked;
      const auto result = apply(state, valid_event(state, type));
      if (auto next = next_status.find(cell); next != next_status.end()) {
        if (!result.ok()) {
          ADD_FAILURE() << result.error().code << ": " << result.error().message;
          continue;
        }
        EXPECT_EQ(result->status, next->second);
        EXPECT_EQ(result->event_count, state.event_count + 1);
      } else {
        ASSERT_TRUE(error_code.contains(cell)) << "bad cell";
        EXPECT_TRUE(fails_with(result, error_code.at(cell)));
      }
    }
  }
  EXPECT_EQ(pairs_checked, 18 * event_type_count);
}

TEST(LifecycleMatrix, CoversEveryStatus) {
  std::array<bool, status_count> covered{};
  for (const MatrixRow& row : kMatrix) {
    const DeclarationState state = row_state(row.state);
    if (state.event_count > 0) covered[static_cast<std::size_t>(state.status)] = true;
  }
  for (int status = 0; status < status_count; ++status) {
    EXPECT_TRUE(covered[static_cast<std::size_t>(status)])
        << to_string(static_cast<Status>(status));
  }
}

TEST(LifecycleMatrix, RulesTableIsIndexedByEventType) {
  const auto rules = transition_rules();
  ASSERT_EQ(rules.size(), static_cast<std::size_t>(event_type_count));
  for (int i = 0; i < event_type_count; ++i) {
    EXPECT_EQ(rules[static_cast<std::size_t>(i)].type, static_cast<EventType>(i));
    const auto& roles = rules[static_cast<std::size_t>(i)].roles;
    EXPECT_EQ(std::vector<Role>(roles.begin(), roles.end()),
              expected_roles().at(static_cast<EventType>(i)));
  }
}

// ---------------------------------------------------------------------------------------------
// Roles: each role against each transition, from a state where the transition is valid.

DeclarationState valid_from(EventType type) {
  switch (type) {
    case EventType::lodged:
      return DeclarationState{};
    case EventType::accepted:
    case EventType::rejected:
      return state_of(Status::lodged);
    case EventType::lane_assigned:
      return state_of(Status::accepted);
    case EventType::document_review_started:
      return state_of(Status::lane_assigned, Lane::yellow);
    case EventType::documents_requested:
    case EventType::documents_accepted:
      return state_of(Status::document_review, Lane::yellow);
    case EventType::documents_submitted:
      return state_of(Status::awaiting_documents, Lane::yellow);
    case EventType::inspection_started:
      return state_of(Status::lane_assigned, Lane::red);
    case EventType::findings_recorded:
      return state_of(Status::physical_inspection, Lane::red);
    case EventType::duties_paid:
      return state_of(Status::lane_assigned, Lane::green);
    case EventType::guarantee_lodged:
      return state_of(Status::findings_recorded, Lane::red, Outcome::compliant);
    case EventType::released:
      return state_of(Status::duties_settled, Lane::blue);
    case EventType::exit_confirmed:
      return state_of(Status::released, Lane::green);
    case EventType::amended:
      return state_of(Status::accepted);
    case EventType::cancelled:
      return state_of(Status::lodged);
  }
  return DeclarationState{};
}

TEST(LifecycleRoles, EachRoleAgainstEachTransition) {
  for (int type_index = 0; type_index < event_type_count; ++type_index) {
    const auto type = static_cast<EventType>(type_index);
    const std::vector<Role>& allowed = expected_roles().at(type);
    const DeclarationState from = valid_from(type);
    for (int role_index = 0; role_index < role_count; ++role_index) {
      const auto role = static_cast<Role>(role_index);
      SCOPED_TRACE(std::string(to_string(type)) + " by " + std::string(to_string(role)));
      const auto result =
          apply(from, make_event(from.event_count + 1, type, role, valid_payload(type)));
      if (std::ranges::find(allowed, role) != allowed.end()) {
        EXPECT_TRUE(result.ok()) << result.error().message;
      } else {
        EXPECT_TRUE(fails_with(result, "lifecycle.role_not_allowed"));
      }
    }
  }
}

TEST(LifecycleRoles, AuditorAndAdminMakeNoTransition) {
  for (const auto& [type, roles] : expected_roles()) {
    EXPECT_EQ(std::ranges::find(roles, Role::auditor), roles.end()) << to_string(type);
    EXPECT_EQ(std::ranges::find(roles, Role::admin), roles.end()) << to_string(type);
  }
}

TEST(LifecycleRoles, InspectionByReferralIsForOfficersOnly) {
  const DeclarationState review = state_of(Status::document_review, Lane::yellow);
  EXPECT_TRUE(
      apply(review, make_event(5, EventType::inspection_started, Role::officer, "{}")).ok());
  EXPECT_TRUE(
      fails_with(apply(review, make_event(5, EventType::inspection_started, Role::trader, "{}")),
                 "lifecycle.role_not_allowed"));
}

TEST(LifecycleRoles, MessageNamesRoleEventAndStatus) {
  const auto result = apply(state_of(Status::duties_settled, Lane::green),
                            make_event(5, EventType::released, Role::trader, "{}"));
  ASSERT_TRUE(fails_with(result, "lifecycle.role_not_allowed"));
  EXPECT_EQ(result.error().message,
            "role trader may not make released from duties_settled; allowed roles: system, "
            "officer");
}

// ---------------------------------------------------------------------------------------------
// Errors: messages and the order in which checks apply.

TEST(LifecycleErrors, IllegalTransitionMessageNamesStatusesAndEvent) {
  const auto result = apply(state_of(Status::lane_assigned, Lane::green),
                            make_event(5, EventType::released, Role::officer, "{}"));
  ASSERT_TRUE(fails_with(result, "lifecycle.illegal_transition"));
  EXPECT_EQ(result.error().message,
            "released is not allowed from lane_assigned; allowed from duties_settled");
}

TEST(LifecycleErrors, FirstEventMustBeLodged) {
  const auto result =
      apply(DeclarationState{}, make_event(1, EventType::accepted, Role::system, "{}"));
  ASSERT_TRUE(fails_with(result, "lifecycle.illegal_transition"));
  EXPECT_EQ(result.error().message,
            "accepted is not allowed before the declaration is lodged; the first event must be "
            "lodged");
}

TEST(LifecycleErrors, LodgedOnlyOnce) {
  const auto result =
      apply(state_of(Status::lodged), make_event(5, EventType::lodged, Role::trader, "{}"));
  ASSERT_TRUE(fails_with(result, "lifecycle.illegal_transition"));
  EXPECT_EQ(result.error().message,
            "lodged is not allowed from lodged; allowed only as the first event");
}

TEST(LifecycleErrors, PreconditionMessageNamesLane) {
  const auto result = apply(state_of(Status::lane_assigned, Lane::yellow),
                            make_event(5, EventType::inspection_started, Role::officer, "{}"));
  ASSERT_TRUE(fails_with(result, "lifecycle.precondition_failed"));
  EXPECT_EQ(result.error().message,
            "inspection_started from lane_assigned requires lane red; lane is yellow");
}

TEST(LifecycleErrors, PreconditionFailsWhenStateLacksLaneOrOutcome) {
  EXPECT_TRUE(
      fails_with(apply(state_of(Status::lane_assigned),
                       valid_event(state_of(Status::lane_assigned), EventType::duties_paid)),
                 "lifecycle.precondition_failed"));
  EXPECT_TRUE(fails_with(
      apply(state_of(Status::findings_recorded, Lane::red),
            valid_event(state_of(Status::findings_recorded), EventType::guarantee_lodged)),
      "lifecycle.precondition_failed"));
}

TEST(LifecycleErrors, IllegalTransitionComesBeforeRole) {
  EXPECT_TRUE(fails_with(apply(state_of(Status::lane_assigned, Lane::green),
                               make_event(5, EventType::released, Role::trader, "{}")),
                         "lifecycle.illegal_transition"));
}

TEST(LifecycleErrors, RoleComesBeforePrecondition) {
  EXPECT_TRUE(fails_with(apply(state_of(Status::findings_recorded, Lane::red, Outcome::seizure),
                               make_event(5, EventType::duties_paid, Role::trader,
                                          valid_payload(EventType::duties_paid))),
                         "lifecycle.role_not_allowed"));
}

TEST(LifecycleErrors, PreconditionComesBeforePayload) {
  EXPECT_TRUE(fails_with(apply(state_of(Status::lane_assigned, Lane::red),
                               make_event(5, EventType::duties_paid, Role::system, "nonsense")),
                         "lifecycle.precondition_failed"));
}

TEST(LifecycleErrors, SequenceComesFirst) {
  EXPECT_TRUE(fails_with(apply(state_of(Status::exited, Lane::green),
                               make_event(9, EventType::accepted, Role::trader, "[]")),
                         "lifecycle.sequence_gap"));
}

// ---------------------------------------------------------------------------------------------
// Sequence and limits.

TEST(LifecycleSequence, GapsRepeatsAndNonsenseAreRefused) {
  const DeclarationState accepted = state_of(Status::accepted);  // 4 events
  const std::string lane = valid_payload(EventType::lane_assigned);
  for (std::int64_t sequence :
       {std::int64_t{6}, std::int64_t{4}, std::int64_t{1}, std::int64_t{0}, std::int64_t{-5},
        std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
    SCOPED_TRACE(sequence);
    EXPECT_TRUE(fails_with(
        apply(accepted, make_event(sequence, EventType::lane_assigned, Role::system, lane)),
        "lifecycle.sequence_gap"));
  }
  EXPECT_TRUE(apply(accepted, make_event(5, EventType::lane_assigned, Role::system, lane)).ok());
}

TEST(LifecycleSequence, GapMessageSaysWhatWasExpected) {
  const auto result =
      apply(state_of(Status::accepted),
            make_event(7, EventType::amended, Role::trader, valid_payload(EventType::amended)));
  ASSERT_TRUE(fails_with(result, "lifecycle.sequence_gap"));
  EXPECT_EQ(result.error().message,
            "amended has sequence 7; the declaration has 4 events, so the next sequence is 5");
}

TEST(LifecycleSequence, FirstEventHasSequenceOne) {
  EXPECT_TRUE(
      fails_with(apply(DeclarationState{}, make_event(2, EventType::lodged, Role::trader, "{}")),
                 "lifecycle.sequence_gap"));
  const auto lodged =
      apply(DeclarationState{}, make_event(1, EventType::lodged, Role::trader, "{}"));
  ASSERT_TRUE(lodged.ok());
  EXPECT_EQ(*lodged, (DeclarationState{.status = Status::lodged, .event_count = 1}));
}

TEST(LifecycleSequence, CorruptStateCountsAreRefusedWithoutOverflow) {
  DeclarationState negative = state_of(Status::accepted);
  negative.event_count = -1;
  EXPECT_TRUE(fails_with(apply(negative, make_event(0, EventType::amended, Role::trader,
                                                    valid_payload(EventType::amended))),
                         "lifecycle.sequence_gap"));
  DeclarationState huge = state_of(Status::accepted);
  huge.event_count = std::numeric_limits<std::int64_t>::max();
  EXPECT_TRUE(fails_with(
      apply(huge, make_event(std::numeric_limits<std::int64_t>::min(), EventType::amended,
                             Role::trader, valid_payload(EventType::amended))),
      "lifecycle.sequence_gap"));
}

TEST(LifecycleLimits, EventsPerDeclarationAreCapped) {
  DeclarationState state = state_of(Status::awaiting_documents, Lane::yellow);
  state.event_count = events_per_declaration_max - 1;
  const auto last = apply(state, valid_event(state, EventType::documents_submitted));
  ASSERT_TRUE(last.ok()) << last.error().message;
  EXPECT_EQ(last->event_count, events_per_declaration_max);
  EXPECT_TRUE(fails_with(apply(*last, valid_event(*last, EventType::documents_requested)),
                         "lifecycle.too_many_events"));
}

// ---------------------------------------------------------------------------------------------
// Payloads.

struct PayloadCase {
  std::string_view name;
  DeclarationState state;
  EventType type;
  std::string payload;
};

TEST(LifecyclePayload, BadPayloadsAreRefused) {
  const DeclarationState accepted = state_of(Status::accepted);
  const DeclarationState inspecting = state_of(Status::physical_inspection, Lane::red);
  const DeclarationState reviewing = state_of(Status::document_review, Lane::yellow);
  const DeclarationState green = state_of(Status::lane_assigned, Lane::green);
  const std::vector<PayloadCase> cases = {
      {"empty text", accepted, EventType::lane_assigned, ""},
      {"not json", accepted, EventType::lane_assigned, "lane=green"},
      {"truncated", accepted, EventType::lane_assigned, R"({"lane":"green")"},
      {"array", accepted, EventType::lane_assigned, R"(["green"])"},
      {"string", accepted, EventType::lane_assigned, R"("green")"},
      {"null", accepted, EventType::lane_assigned, "null"},
      {"lane missing", accepted, EventType::lane_assigned, "{}"},
      {"lane unknown", accepted, EventType::lane_assigned, R"({"lane":"purple"})"},
      {"lane upper case", accepted, EventType::lane_assigned, R"({"lane":"GREEN"})"},
      {"lane number", accepted, EventType::lane_assigned, R"({"lane":2})"},
      {"lane empty", accepted, EventType::lane_assigned, R"({"lane":""})"},
      {"lane in nested object", accepted, EventType::lane_assigned, R"({"x":{"lane":"red"}})"},
      {"outcome missing", inspecting, EventType::findings_recorded, R"({"note":"ok"})"},
      {"outcome unknown", inspecting, EventType::findings_recorded, R"({"outcome":"fine"})"},
      {"note not a string", inspecting, EventType::findings_recorded,
       R"({"outcome":"compliant","note":5})"},
      {"documents missing", reviewing, EventType::documents_requested, "{}"},
      {"documents empty", reviewing, EventType::documents_requested, R"({"documents":""})"},
      {"reference missing", green, EventType::duties_paid, "{}"},
      {"reference number", green, EventType::guarantee_lodged, R"({"reference":42})"},
      {"amendment reason missing", accepted, EventType::amended, "{}"},
      {"cancellation reason empty", accepted, EventType::cancelled, R"({"reason":""})"},
      {"rejection reason missing", accepted, EventType::rejected, "{}"},
      {"payload-free event with array", state_of(Status::lodged), EventType::accepted, "[1]"},
      {"payload-free event with garbage", state_of(Status::lodged), EventType::accepted, "{"},
      {"too long", accepted, EventType::amended,
       R"({"reason":")" + std::string(event_payload_bytes_max, 'x') + R"("})"},
  };
  for (const PayloadCase& test_case : cases) {
    SCOPED_TRACE(test_case.name);
    Event event = valid_event(test_case.state, test_case.type);
    event.payload_json = test_case.payload;
    EXPECT_TRUE(fails_with(apply(test_case.state, event), "lifecycle.bad_payload"));
  }
}

TEST(LifecyclePayload, MessageNamesEventAndField) {
  Event event = valid_event(state_of(Status::accepted), EventType::lane_assigned);
  event.payload_json = R"({"lane":"purple"})";
  const auto result = apply(state_of(Status::accepted), event);
  ASSERT_TRUE(fails_with(result, "lifecycle.bad_payload"));
  EXPECT_EQ(
      result.error().message,
      R"(lane_assigned payload field "lane" is "purple"; expected green, yellow, red or blue)");
}

TEST(LifecyclePayload, ExtraFieldsAndWhitespaceAreAccepted) {
  const DeclarationState accepted = state_of(Status::accepted);
  Event event = valid_event(accepted, EventType::lane_assigned);
  event.payload_json = R"(  { "score": 0.93, "rules": ["R12"], "lane": "yellow" }  )";
  const auto result = apply(accepted, event);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->lane, Lane::yellow);
}

TEST(LifecyclePayload, PayloadAtTheLimitIsAccepted) {
  const DeclarationState accepted = state_of(Status::accepted);
  Event event = valid_event(accepted, EventType::amended);
  const std::string prefix = R"({"reason":")";
  const std::string suffix = R"("})";
  event.payload_json =
      prefix + std::string(event_payload_bytes_max - prefix.size() - suffix.size(), 'x') + suffix;
  ASSERT_EQ(event.payload_json.size(), event_payload_bytes_max);
  EXPECT_TRUE(apply(accepted, event).ok());
}

TEST(LifecyclePayload, LaneAndOutcomeAreTakenFromPayload) {
  for (std::string_view lane : {"green", "yellow", "red", "blue"}) {
    Event event = valid_event(state_of(Status::accepted), EventType::lane_assigned);
    event.payload_json = R"({"lane":")" + std::string(lane) + R"("})";
    const auto result = apply(state_of(Status::accepted), event);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->lane, parse_lane(lane));
    EXPECT_EQ(result->outcome, std::nullopt);
  }
  for (std::string_view outcome : {"compliant", "discrepancy", "seizure"}) {
    const DeclarationState inspecting = state_of(Status::physical_inspection, Lane::red);
    Event event = valid_event(inspecting, EventType::findings_recorded);
    event.payload_json = R"({"outcome":")" + std::string(outcome) + R"("})";
    const auto result = apply(inspecting, event);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->outcome, parse_outcome(outcome));
    EXPECT_EQ(result->lane, Lane::red);
  }
}

// ---------------------------------------------------------------------------------------------
// Whole paths, replayed.

class History {
 public:
  History& add(EventType type, Role role, std::string payload = "{}") {
    events_.push_back(
        make_event(static_cast<std::int64_t>(events_.size()) + 1, type, role, std::move(payload)));
    return *this;
  }
  const std::vector<Event>& events() const { return events_; }

 private:
  std::vector<Event> events_;
};

History through_lane(std::string_view lane) {
  History history;
  history.add(EventType::lodged, Role::trader)
      .add(EventType::accepted, Role::system)
      .add(EventType::lane_assigned, Role::system, R"({"lane":")" + std::string(lane) + R"("})");
  return history;
}

TEST(LifecycleReplay, GreenLane) {
  History history = through_lane("green");
  history.add(EventType::duties_paid, Role::system, R"({"reference":"PAY-1"})")
      .add(EventType::released, Role::system)
      .add(EventType::exit_confirmed, Role::officer);
  const auto state = replay(history.events());
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(*state, (DeclarationState{.status = Status::exited,
                                      .lane = Lane::green,
                                      .outcome = std::nullopt,
                                      .event_count = 6}));
}

TEST(LifecycleReplay, BlueLaneWithGuarantee) {
  History history = through_lane("blue");
  history.add(EventType::guarantee_lodged, Role::officer, R"({"reference":"GUA-1"})")
      .add(EventType::released, Role::system)
      .add(EventType::exit_confirmed, Role::system);
  const auto state = replay(history.events());
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(*state, (DeclarationState{.status = Status::exited,
                                      .lane = Lane::blue,
                                      .outcome = std::nullopt,
                                      .event_count = 6}));
}

TEST(LifecycleReplay, YellowLaneWithDocumentRequestLoop) {
  History history = through_lane("yellow");
  history.add(EventType::document_review_started, Role::officer)
      .add(EventType::documents_requested, Role::officer, R"({"documents":"invoice"})")
      .add(EventType::documents_submitted, Role::trader)
      .add(EventType::amended, Role::trader, R"({"reason":"invoice value corrected"})")
      .add(EventType::documents_requested, Role::officer, R"({"documents":"packing list"})")
      .add(EventType::documents_submitted, Role::trader)
      .add(EventType::documents_accepted, Role::officer)
      .add(EventType::duties_paid, Role::system, R"({"reference":"PAY-2"})")
      .add(EventType::released, Role::officer)
      .add(EventType::exit_confirmed, Role::officer);
  const auto state = replay(history.events());
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(*state, (DeclarationState{.status = Status::exited,
                                      .lane = Lane::yellow,
                                      .outcome = Outcome::compliant,
                                      .event_count = 13}));
}

TEST(LifecycleReplay, YellowLaneReferredToInspection) {
  History history = through_lane("yellow");
  history.add(EventType::document_review_started, Role::officer)
      .add(EventType::inspection_started, Role::officer)
      .add(EventType::findings_recorded, Role::officer, R"({"outcome":"compliant"})")
      .add(EventType::duties_paid, Role::system, R"({"reference":"PAY-3"})")
      .add(EventType::released, Role::system);
  const auto state = replay(history.events());
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(*state, (DeclarationState{.status = Status::released,
                                      .lane = Lane::yellow,
                                      .outcome = Outcome::compliant,
                                      .event_count = 8}));
}

TEST(LifecycleReplay, RedLaneWithDiscrepancy) {
  History history = through_lane("red");
  history.add(EventType::inspection_started, Role::officer)
      .add(EventType::findings_recorded, Role::officer,
           R"({"outcome":"discrepancy","note":"undeclared 40 units"})")
      .add(EventType::duties_paid, Role::officer, R"({"reference":"PAY-4"})")
      .add(EventType::released, Role::officer)
      .add(EventType::exit_confirmed, Role::officer);
  const auto state = replay(history.events());
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(*state, (DeclarationState{.status = Status::exited,
                                      .lane = Lane::red,
                                      .outcome = Outcome::discrepancy,
                                      .event_count = 8}));
}

TEST(LifecycleReplay, SeizureBlocksSettlementAndRelease) {
  History history = through_lane("red");
  history.add(EventType::inspection_started, Role::officer)
      .add(EventType::findings_recorded, Role::officer, R"({"outcome":"seizure"})");
  const auto seized = replay(history.events());
  ASSERT_TRUE(seized.ok()) << seized.error().message;
  EXPECT_EQ(*seized, (DeclarationState{.status = Status::findings_recorded,
                                       .lane = Lane::red,
                                       .outcome = Outcome::seizure,
                                       .event_count = 5}));

  const auto paid = apply(
      *seized, make_event(6, EventType::duties_paid, Role::system, R"({"reference":"PAY-5"})"));
  ASSERT_TRUE(fails_with(paid, "lifecycle.precondition_failed"));
  EXPECT_EQ(paid.error().message,
            "duties_paid from findings_recorded requires an outcome other than seizure; the goods "
            "are seized and cannot be settled or released");
  EXPECT_TRUE(fails_with(apply(*seized, make_event(6, EventType::guarantee_lodged, Role::officer,
                                                   R"({"reference":"GUA-5"})")),
                         "lifecycle.precondition_failed"));
  EXPECT_TRUE(fails_with(apply(*seized, make_event(6, EventType::released, Role::officer, "{}")),
                         "lifecycle.illegal_transition"));
  EXPECT_TRUE(fails_with(apply(*seized, make_event(6, EventType::cancelled, Role::trader,
                                                   R"({"reason":"withdrawn"})")),
                         "lifecycle.illegal_transition"));

  history.add(EventType::duties_paid, Role::system, R"({"reference":"PAY-5"})");
  EXPECT_TRUE(fails_with(replay(history.events()), "lifecycle.precondition_failed"));
}

TEST(LifecycleReplay, CancellationDuringReviewIsFinal) {
  History history = through_lane("yellow");
  history.add(EventType::document_review_started, Role::officer)
      .add(EventType::cancelled, Role::trader, R"({"reason":"order cancelled by buyer"})");
  const auto state = replay(history.events());
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(*state, (DeclarationState{.status = Status::cancelled,
                                      .lane = Lane::yellow,
                                      .outcome = std::nullopt,
                                      .event_count = 5}));
  for (int type = 0; type < event_type_count; ++type) {
    EXPECT_TRUE(fails_with(apply(*state, valid_event(*state, static_cast<EventType>(type))),
                           "lifecycle.illegal_transition"))
        << to_string(static_cast<EventType>(type));
  }
}

TEST(LifecycleReplay, OfficerRejectsWhenRequestedDocumentsNeverCome) {
  History history = through_lane("yellow");
  history.add(EventType::document_review_started, Role::officer)
      .add(EventType::documents_requested, Role::officer, R"({"documents":"licence"})")
      .add(EventType::rejected, Role::officer, R"({"reason":"licence not provided in 10 days"})");
  const auto state = replay(history.events());
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(*state, (DeclarationState{.status = Status::rejected,
                                      .lane = Lane::yellow,
                                      .outcome = std::nullopt,
                                      .event_count = 6}));
}

TEST(LifecycleReplay, NoRejectionOnceInspectionStarted) {
  History history = through_lane("red");
  history.add(EventType::inspection_started, Role::officer)
      .add(EventType::rejected, Role::officer, R"({"reason":"too late"})");
  EXPECT_TRUE(fails_with(replay(history.events()), "lifecycle.illegal_transition"));
}

TEST(LifecycleReplay, NoCancellationOnceInspectionStarted) {
  History history = through_lane("red");
  history.add(EventType::inspection_started, Role::officer)
      .add(EventType::cancelled, Role::trader, R"({"reason":"too late"})");
  EXPECT_TRUE(fails_with(replay(history.events()), "lifecycle.illegal_transition"));
}

TEST(LifecycleReplay, RejectionAtLodging) {
  History history;
  history.add(EventType::lodged, Role::system)
      .add(EventType::rejected, Role::system, R"({"reason":"duplicate of D2026112200000042"})");
  const auto state = replay(history.events());
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(*state, (DeclarationState{.status = Status::rejected, .event_count = 2}));
}

TEST(LifecycleReplay, AmendmentKeepsStatusAndLane) {
  History history = through_lane("red");
  history.add(EventType::amended, Role::trader, R"({"reason":"container number"})");
  const auto state = replay(history.events());
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(*state, (DeclarationState{
                        .status = Status::lane_assigned, .lane = Lane::red, .event_count = 4}));
}

TEST(LifecycleReplay, NoEventsIsTheEmptyState) {
  const auto state = replay({});
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(*state, DeclarationState{});
}

TEST(LifecycleReplay, StopsAtTheFirstBadEvent) {
  History history = through_lane("green");
  std::vector<Event> events = history.events();
  events[1].sequence = 3;  // accepted claims to be the third event
  EXPECT_TRUE(fails_with(replay(events), "lifecycle.sequence_gap"));
}

TEST(LifecycleReplay, EventsOfAnotherDeclarationAreRefused) {
  std::vector<Event> events = through_lane("green").events();
  events[2].declaration_id = "D2026112300000002";
  const auto state = replay(events);
  ASSERT_TRUE(fails_with(state, "lifecycle.declaration_mismatch"));
  EXPECT_EQ(state.error().message,
            R"(event 3 (lane_assigned) belongs to declaration "D2026112300000002", not )"
            R"("D2026112300000001")");
}

}  // namespace
}  // namespace oc
