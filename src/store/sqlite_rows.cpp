// Declarations and events <-> SQLite rows.
#include "store/sqlite_rows.h"

#include <fmt/format.h>

#include <chrono>

namespace oc::sqlite {
namespace {

Error corrupt_value(std::string_view declaration_id, std::string_view what,
                    std::string_view value) {
  return make_error("store.corrupt", "",
                    fmt::format("declaration {}: unknown {} '{}'", declaration_id, what, value));
}

}  // namespace

Result<DeclarationRecord> read_record(const Statement& row) {
  DeclarationRecord record;
  record.id = row.text(0);
  record.declarant = row.text(1);
  record.lrn = row.text(2);
  record.body_sha256 = row.text(3);
  record.body_json = row.text(4);
  record.answer_json = row.text(5);
  record.office = row.text(6);
  const auto status = parse_status(row.text(7));
  if (!status) return corrupt_value(record.id, "status", row.text(7));
  record.status = *status;
  if (!row.is_null(8)) {
    const auto lane = parse_lane(row.text(8));
    if (!lane) return corrupt_value(record.id, "lane", row.text(8));
    record.lane = *lane;
  }
  record.lodged_at = TimePoint(std::chrono::microseconds(row.int64(9)));
  record.event_count = row.int64(10);
  return record;
}

Result<Event> read_event(const Statement& row) {
  Event event;
  event.declaration_id = row.text(0);
  event.sequence = row.int64(1);
  const auto type = parse_event_type(row.text(2));
  if (!type) return corrupt_value(event.declaration_id, "event type", row.text(2));
  event.type = *type;
  const auto role = parse_role(row.text(3));
  if (!role) return corrupt_value(event.declaration_id, "actor role", row.text(3));
  event.actor.role = *role;
  event.actor.id = row.text(4);
  event.at = TimePoint(std::chrono::microseconds(row.int64(5)));
  event.payload_json = row.text(6);
  return event;
}

void bind_record(Statement& statement, const DeclarationRecord& record) {
  statement.bind_text(1, record.id);
  statement.bind_text(2, record.declarant);
  statement.bind_text(3, record.lrn);
  statement.bind_text(4, record.body_sha256);
  statement.bind_text(5, record.body_json);
  statement.bind_text(6, record.answer_json);
  statement.bind_text(7, record.office);
  statement.bind_text(8, to_string(record.status));
  if (record.lane) {
    statement.bind_text(9, to_string(*record.lane));
  } else {
    statement.bind_null(9);
  }
  statement.bind_int64(10, record.lodged_at.time_since_epoch().count());
  statement.bind_int64(11, record.event_count);
}

void bind_event(Statement& statement, const Event& event) {
  statement.bind_text(1, event.declaration_id);
  statement.bind_int64(2, event.sequence);
  statement.bind_text(3, to_string(event.type));
  statement.bind_text(4, to_string(event.actor.role));
  statement.bind_text(5, event.actor.id);
  statement.bind_int64(6, event.at.time_since_epoch().count());
  statement.bind_text(7, event.payload_json);
}

std::string_view lane_name(std::optional<Lane> lane) {
  return lane ? to_string(*lane) : std::string_view("none");
}

}  // namespace oc::sqlite
