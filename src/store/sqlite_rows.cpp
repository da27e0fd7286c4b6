// Declarations, events, idempotency keys, audit entries and tokens <-> SQLite rows.
#include "store/sqlite_rows.h"

#include <fmt/format.h>

#include <simdjson.h>

#include <chrono>

#include "core/json_writer.h"

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
  record.importer_id = row.text(11);
  record.exporter_id = row.text(12);
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
  statement.bind_text(12, record.importer_id);
  statement.bind_text(13, record.exporter_id);
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

IdempotencyKey read_idempotency_key(const Statement& row) {
  IdempotencyKey key;
  key.scope = row.text(0);
  key.key = row.text(1);
  key.request_sha256 = row.text(2);
  key.declaration_id = row.text(3);
  return key;
}

void bind_idempotency_key(Statement& statement, const IdempotencyKey& key) {
  statement.bind_text(1, key.scope);
  statement.bind_text(2, key.key);
  statement.bind_text(3, key.request_sha256);
  statement.bind_text(4, key.declaration_id);
}

AuditEntry read_audit_entry(const Statement& row) {
  AuditEntry entry;
  entry.sequence = row.int64(0);
  entry.at = TimePoint(std::chrono::microseconds(row.int64(1)));
  entry.actor = row.text(2);
  entry.role = row.text(3);
  entry.action = row.text(4);
  entry.target = row.text(5);
  entry.status = static_cast<int>(row.int64(6));
  entry.detail_json = row.text(7);
  entry.previous_sha256 = row.text(8);
  entry.sha256 = row.text(9);
  return entry;
}

void bind_audit_entry(Statement& statement, const AuditEntry& entry) {
  statement.bind_int64(1, entry.sequence);
  statement.bind_int64(2, entry.at.time_since_epoch().count());
  statement.bind_text(3, entry.actor);
  statement.bind_text(4, entry.role);
  statement.bind_text(5, entry.action);
  statement.bind_text(6, entry.target);
  statement.bind_int64(7, entry.status);
  statement.bind_text(8, entry.detail_json);
  statement.bind_text(9, entry.previous_sha256);
  statement.bind_text(10, entry.sha256);
}

Result<TokenRecord> read_token(const Statement& row) {
  TokenRecord token;
  token.id = row.text(0);
  token.token_sha256 = row.text(1);
  const auto role = parse_role(row.text(2));
  if (!role) {
    return make_error("store.corrupt", "",
                      fmt::format("token {}: unknown role '{}'", token.id, row.text(2)));
  }
  token.role = *role;
  token.party = row.text(3);
  token.label = row.text(5);
  token.created_at = TimePoint(std::chrono::microseconds(row.int64(6)));
  if (!row.is_null(7)) token.revoked_at = TimePoint(std::chrono::microseconds(row.int64(7)));

  const auto unreadable = [&] {
    return make_error("store.corrupt", "",
                      fmt::format("token {}: offices '{}' is not a JSON array of strings", token.id,
                                  row.text(4)));
  };
  thread_local simdjson::dom::parser parser;
  const simdjson::padded_string json(row.text(4));
  simdjson::dom::array offices;
  if (parser.parse(json).get_array().get(offices) != simdjson::SUCCESS) return unreadable();
  for (const simdjson::dom::element office : offices) {
    std::string_view text;
    if (office.get_string().get(text) != simdjson::SUCCESS) return unreadable();
    token.offices.emplace_back(text);
  }
  return token;
}

void bind_token(Statement& statement, const TokenRecord& token, std::string_view offices_json) {
  statement.bind_text(1, token.id);
  statement.bind_text(2, token.token_sha256);
  statement.bind_text(3, to_string(token.role));
  statement.bind_text(4, token.party);
  statement.bind_text(5, offices_json);
  statement.bind_text(6, token.label);
  statement.bind_int64(7, token.created_at.time_since_epoch().count());
  if (token.revoked_at) {
    statement.bind_int64(8, token.revoked_at->time_since_epoch().count());
  } else {
    statement.bind_null(8);
  }
}

std::string offices_to_json(const std::vector<std::string>& offices) {
  JsonWriter out;
  out.begin_array();
  for (const std::string& office : offices) out.string(office);
  out.end_array();
  return out.take();
}

std::string_view lane_name(std::optional<Lane> lane) {
  return lane ? to_string(*lane) : std::string_view("none");
}

}  // namespace oc::sqlite
