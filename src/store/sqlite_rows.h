// How declarations and events map to SQLite rows: the queries whose column order the readers
// below rely on, and the binders for the inserts. Internal to src/store.
//
// Statuses, lanes, event types and roles are stored by name (event.h's to_string); times are
// microseconds since the Unix epoch, UTC.
#pragma once

#include <optional>
#include <string_view>

#include "core/result.h"
#include "declaration/event.h"
#include "store/sqlite_handle.h"
#include "store/store.h"

namespace oc::sqlite {

// Every query that reads a DeclarationRecord lists its columns in read_record's order; every
// query that reads an Event lists them in read_event's order.
inline constexpr std::string_view kInsertDeclarationSql = R"sql(
INSERT INTO declarations (id, declarant, lrn, body_sha256, body_json, answer_json, office, status,
                          lane, lodged_at_us, event_count)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
ON CONFLICT (declarant, lrn) DO NOTHING)sql";

inline constexpr std::string_view kInsertEventSql = R"sql(
INSERT INTO events (declaration_id, sequence, type, actor_role, actor_id, at_us, payload_json)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))sql";

inline constexpr std::string_view kSelectByIdSql = R"sql(
SELECT id, declarant, lrn, body_sha256, body_json, answer_json, office, status, lane,
       lodged_at_us, event_count
FROM declarations WHERE id = ?1)sql";

inline constexpr std::string_view kSelectByLrnSql = R"sql(
SELECT id, declarant, lrn, body_sha256, body_json, answer_json, office, status, lane,
       lodged_at_us, event_count
FROM declarations WHERE declarant = ?1 AND lrn = ?2)sql";

inline constexpr std::string_view kSelectEventsSql = R"sql(
SELECT declaration_id, sequence, type, actor_role, actor_id, at_us, payload_json
FROM events WHERE declaration_id = ?1 ORDER BY sequence)sql";

// Optimistic concurrency: the row changes only if nobody appended since the caller read it.
inline constexpr std::string_view kAdvanceDeclarationSql = R"sql(
UPDATE declarations SET event_count = event_count + 1, status = ?1, lane = ?2
WHERE id = ?3 AND event_count = ?4
RETURNING id, declarant, lrn, body_sha256, body_json, answer_json, office, status, lane,
          lodged_at_us, event_count)sql";

inline constexpr std::string_view kAllDeclarationsSql = R"sql(
SELECT id, declarant, lrn, body_sha256, body_json, answer_json, office, status, lane,
       lodged_at_us, event_count
FROM declarations ORDER BY id)sql";

inline constexpr std::string_view kAllEventsSql = R"sql(
SELECT declaration_id, sequence, type, actor_role, actor_id, at_us, payload_json
FROM events ORDER BY declaration_id, sequence)sql";

// The row a declaration query is on. Error store.corrupt for a status or lane this code does not
// know.
Result<DeclarationRecord> read_record(const Statement& row);
// The row an event query is on. Error store.corrupt for an unknown event type or role.
Result<Event> read_event(const Statement& row);

// Binds ?1..?11 of kInsertDeclarationSql.
// REQUIRES: `record` outlives the statement's next reset (text is bound without a copy).
void bind_record(Statement& statement, const DeclarationRecord& record);
// Binds ?1..?7 of kInsertEventSql. REQUIRES: `event` outlives the statement's next reset.
void bind_event(Statement& statement, const Event& event);

// "green" ... or "none", for messages.
std::string_view lane_name(std::optional<Lane> lane);

}  // namespace oc::sqlite
