// How declarations, events, idempotency keys, audit entries and tokens map to SQLite rows: the
// queries whose column order the readers below rely on, and the binders for the inserts.
// Internal to src/store.
//
// Statuses, lanes, event types and roles are stored by name (event.h's to_string); times are
// microseconds since the Unix epoch, UTC.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "declaration/event.h"
#include "store/sqlite_handle.h"
#include "store/store.h"

namespace oc::sqlite {

// Every query that reads a DeclarationRecord lists its columns in read_record's order; every
// query that reads an Event lists them in read_event's order.
inline constexpr std::string_view kInsertDeclarationSql = R"sql(
INSERT INTO declarations (id, declarant, lrn, body_sha256, body_json, answer_json, office, status,
                          lane, lodged_at_us, event_count, importer_id, exporter_id)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
ON CONFLICT (declarant, lrn) DO NOTHING)sql";

inline constexpr std::string_view kInsertEventSql = R"sql(
INSERT INTO events (declaration_id, sequence, type, actor_role, actor_id, at_us, payload_json)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))sql";

inline constexpr std::string_view kSelectByIdSql = R"sql(
SELECT id, declarant, lrn, body_sha256, body_json, answer_json, office, status, lane,
       lodged_at_us, event_count, importer_id, exporter_id
FROM declarations WHERE id = ?1)sql";

inline constexpr std::string_view kSelectByLrnSql = R"sql(
SELECT id, declarant, lrn, body_sha256, body_json, answer_json, office, status, lane,
       lodged_at_us, event_count, importer_id, exporter_id
FROM declarations WHERE declarant = ?1 AND lrn = ?2)sql";

inline constexpr std::string_view kSelectEventsSql = R"sql(
SELECT declaration_id, sequence, type, actor_role, actor_id, at_us, payload_json
FROM events WHERE declaration_id = ?1 ORDER BY sequence)sql";

// Optimistic concurrency: the row changes only if nobody appended since the caller read it.
inline constexpr std::string_view kAdvanceDeclarationSql = R"sql(
UPDATE declarations SET event_count = event_count + 1, status = ?1, lane = ?2
WHERE id = ?3 AND event_count = ?4
RETURNING id, declarant, lrn, body_sha256, body_json, answer_json, office, status, lane,
          lodged_at_us, event_count, importer_id, exporter_id)sql";

// verify(): every declaration (read_record's columns), then the parties its body names (columns
// 13 and 14: importer.id and exporter.id when strings, else ''; NULL when the body is not JSON).
inline constexpr std::string_view kVerifyDeclarationsSql = R"sql(
SELECT id, declarant, lrn, body_sha256, body_json, answer_json, office, status, lane,
       lodged_at_us, event_count, importer_id, exporter_id,
       CASE WHEN json_valid(body_json) THEN
         CASE WHEN json_type(body_json, '$.importer.id') = 'text'
              THEN json_extract(body_json, '$.importer.id') ELSE '' END
       END,
       CASE WHEN json_valid(body_json) THEN
         CASE WHEN json_type(body_json, '$.exporter.id') = 'text'
              THEN json_extract(body_json, '$.exporter.id') ELSE '' END
       END
FROM declarations ORDER BY id)sql";

// The columns of a declaration as read_record reads them, for queries built at run time.
inline constexpr std::string_view kRecordColumns =
    "id, declarant, lrn, body_sha256, body_json, answer_json, office, status, lane, lodged_at_us, "
    "event_count, importer_id, exporter_id";

inline constexpr std::string_view kInsertIdempotencyKeySql = R"sql(
INSERT INTO idempotency_keys (scope, key, request_sha256, declaration_id) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (scope, key) DO NOTHING)sql";

inline constexpr std::string_view kSelectIdempotencyKeySql = R"sql(
SELECT scope, key, request_sha256, declaration_id FROM idempotency_keys
WHERE scope = ?1 AND key = ?2)sql";

inline constexpr std::string_view kAuditColumns =
    "sequence, at_us, actor, role, action, target, status, detail_json, previous_sha256, sha256";

inline constexpr std::string_view kInsertAuditSql = R"sql(
INSERT INTO audit_log (sequence, at_us, actor, role, action, target, status, detail_json,
                       previous_sha256, sha256)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10))sql";

// The head of the chain: the last entry's sequence and sha256 (no row for an empty log).
inline constexpr std::string_view kAuditHeadSql =
    "SELECT sequence, sha256 FROM audit_log ORDER BY sequence DESC LIMIT 1";

inline constexpr std::string_view kSelectAuditAfterSql = R"sql(
SELECT sequence, at_us, actor, role, action, target, status, detail_json, previous_sha256, sha256
FROM audit_log WHERE sequence > ?1 ORDER BY sequence LIMIT ?2)sql";

inline constexpr std::string_view kSelectAllAuditSql = R"sql(
SELECT sequence, at_us, actor, role, action, target, status, detail_json, previous_sha256, sha256
FROM audit_log ORDER BY sequence)sql";

inline constexpr std::string_view kInsertTokenSql = R"sql(
INSERT INTO tokens (id, token_sha256, role, party, offices, label, created_at_us, revoked_at_us)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8))sql";

inline constexpr std::string_view kSelectTokenByHashSql = R"sql(
SELECT id, token_sha256, role, party, offices, label, created_at_us, revoked_at_us
FROM tokens WHERE token_sha256 = ?1)sql";

inline constexpr std::string_view kSelectAllTokensSql = R"sql(
SELECT id, token_sha256, role, party, offices, label, created_at_us, revoked_at_us
FROM tokens ORDER BY created_at_us, id)sql";

// Revoking keeps the first revocation time.
inline constexpr std::string_view kRevokeTokenSql = R"sql(
UPDATE tokens SET revoked_at_us = coalesce(revoked_at_us, ?2) WHERE id = ?1
RETURNING id, token_sha256, role, party, offices, label, created_at_us, revoked_at_us)sql";

inline constexpr std::string_view kAllEventsSql = R"sql(
SELECT declaration_id, sequence, type, actor_role, actor_id, at_us, payload_json
FROM events ORDER BY declaration_id, sequence)sql";

// The row a declaration query is on. Error store.corrupt for a status or lane this code does not
// know.
Result<DeclarationRecord> read_record(const Statement& row);
// The row an event query is on. Error store.corrupt for an unknown event type or role.
Result<Event> read_event(const Statement& row);

// Binds ?1..?13 of kInsertDeclarationSql.
// REQUIRES: `record` outlives the statement's next reset (text is bound without a copy).
void bind_record(Statement& statement, const DeclarationRecord& record);
// Binds ?1..?7 of kInsertEventSql. REQUIRES: `event` outlives the statement's next reset.
void bind_event(Statement& statement, const Event& event);

// The row an idempotency-key query is on.
IdempotencyKey read_idempotency_key(const Statement& row);
// Binds ?1..?4 of kInsertIdempotencyKeySql. REQUIRES: `key` outlives the statement's next reset.
void bind_idempotency_key(Statement& statement, const IdempotencyKey& key);

// The row an audit query is on (kAuditColumns' order).
AuditEntry read_audit_entry(const Statement& row);
// Binds ?1..?10 of kInsertAuditSql. REQUIRES: `entry` outlives the statement's next reset.
void bind_audit_entry(Statement& statement, const AuditEntry& entry);

// The row a token query is on. Error store.corrupt for an unknown role or unreadable offices.
Result<TokenRecord> read_token(const Statement& row);
// Binds ?1..?8 of kInsertTokenSql. REQUIRES: `token` and `offices_json` outlive the statement's
// next reset.
void bind_token(Statement& statement, const TokenRecord& token, std::string_view offices_json);
// Offices as stored: a JSON array of strings.
std::string offices_to_json(const std::vector<std::string>& offices);

// "green" ... or "none", for messages.
std::string_view lane_name(std::optional<Lane> lane);

}  // namespace oc::sqlite
