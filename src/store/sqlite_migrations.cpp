// The SQLite schema, one migration at a time.
#include "store/sqlite_migrations.h"

#include <array>
#include <string>

#include "store/sqlite_store.h"

namespace oc::sqlite {
namespace {

constexpr std::string_view kCreateMigrationsTableSql = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
))sql";

constexpr std::string_view kSchemaVersionSql =
    "SELECT coalesce(max(version), 0) FROM schema_migrations";

constexpr std::string_view kRecordMigrationSql =
    "INSERT INTO schema_migrations (version, name, applied_at) "
    "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";

// Version 1. Statuses, lanes, event types and roles are stored by name (event.h's to_string), so
// the file reads on its own and survives a reordering of the enums. Times are microseconds since
// the Unix epoch, UTC. The list indexes end in (lodged_at_us, id) for keyset pagination.
constexpr std::string_view kInitialSchemaSql = R"sql(
CREATE TABLE declarations (
  id           TEXT PRIMARY KEY NOT NULL,
  declarant    TEXT NOT NULL,
  lrn          TEXT NOT NULL,
  body_sha256  TEXT NOT NULL,
  body_json    TEXT NOT NULL,
  answer_json  TEXT NOT NULL,
  office       TEXT NOT NULL,
  status       TEXT NOT NULL,
  lane         TEXT,
  lodged_at_us INTEGER NOT NULL,
  event_count  INTEGER NOT NULL,
  UNIQUE (declarant, lrn)
);
CREATE TABLE events (
  declaration_id TEXT NOT NULL REFERENCES declarations (id),
  sequence       INTEGER NOT NULL,
  type           TEXT NOT NULL,
  actor_role     TEXT NOT NULL,
  actor_id       TEXT NOT NULL,
  at_us          INTEGER NOT NULL,
  payload_json   TEXT NOT NULL,
  PRIMARY KEY (declaration_id, sequence)
) WITHOUT ROWID;
-- Every declaration number at or below reserved_through may have been handed out.
CREATE TABLE declaration_id_counter (
  singleton        INTEGER PRIMARY KEY CHECK (singleton = 1),
  reserved_through INTEGER NOT NULL
);
INSERT INTO declaration_id_counter (singleton, reserved_through) VALUES (1, 0);
CREATE INDEX declarations_by_status ON declarations (status, lodged_at_us, id);
CREATE INDEX declarations_by_lane ON declarations (lane, lodged_at_us, id);
CREATE INDEX declarations_by_office ON declarations (office, lodged_at_us, id);
CREATE INDEX declarations_by_lodged_at ON declarations (lodged_at_us, id);
)sql";

// Version 2, for the HTTP API.
// Parties: importer_id and exporter_id join declarant as the parties that may see a declaration;
// rows stored before this migration take them from their body (importer.id / exporter.id when
// it is a string, else "", as the store checks at lodging). List indexes end in id, the
// order of list_declarations (newest first, id as the cursor): with the equality column first,
// one page is a range scan of one index (or one per party column / per office, merged; see
// sqlite_list_query.h). They replace the status, lane and office indexes of version 1, which
// ended in lodged_at_us and could only serve a page by sorting every row of the value; time
// windows (clearance-time statistics) use declarations_by_lodged_at. Every index costs each
// commit about one more page written (measured: bench/store_bench.cpp), so no index is kept
// that no query needs.
// idempotency_keys: an Idempotency-Key and the declaration its lodging made, in the same
// transaction. audit_log: the hash-chained log; sequence is assigned by the writer (no
// AUTOINCREMENT: it must never skip), previous_sha256 and sha256 per store.h. tokens: bearer
// tokens by the SHA-256 of their secret; offices is a JSON array of strings.
constexpr std::string_view kApiSchemaSql = R"sql(
ALTER TABLE declarations ADD COLUMN importer_id TEXT NOT NULL DEFAULT '';
ALTER TABLE declarations ADD COLUMN exporter_id TEXT NOT NULL DEFAULT '';
UPDATE declarations SET
  importer_id = CASE WHEN json_valid(body_json) THEN
                  CASE WHEN json_type(body_json, '$.importer.id') = 'text'
                       THEN json_extract(body_json, '$.importer.id') ELSE '' END
                ELSE '' END,
  exporter_id = CASE WHEN json_valid(body_json) THEN
                  CASE WHEN json_type(body_json, '$.exporter.id') = 'text'
                       THEN json_extract(body_json, '$.exporter.id') ELSE '' END
                ELSE '' END;
DROP INDEX declarations_by_status;
DROP INDEX declarations_by_lane;
DROP INDEX declarations_by_office;
CREATE INDEX declarations_list_by_status ON declarations (status, id);
CREATE INDEX declarations_list_by_lane ON declarations (lane, id);
CREATE INDEX declarations_list_by_office ON declarations (office, id);
CREATE INDEX declarations_list_by_declarant ON declarations (declarant, id);
CREATE INDEX declarations_list_by_importer ON declarations (importer_id, id);
CREATE INDEX declarations_list_by_exporter ON declarations (exporter_id, id);
CREATE TABLE idempotency_keys (
  scope          TEXT NOT NULL,
  key            TEXT NOT NULL,
  request_sha256 TEXT NOT NULL,
  declaration_id TEXT NOT NULL REFERENCES declarations (id),
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;
CREATE TABLE audit_log (
  sequence        INTEGER PRIMARY KEY,
  at_us           INTEGER NOT NULL,
  actor           TEXT NOT NULL,
  role            TEXT NOT NULL,
  action          TEXT NOT NULL,
  target          TEXT NOT NULL,
  status          INTEGER NOT NULL,
  detail_json     TEXT NOT NULL,
  previous_sha256 TEXT NOT NULL,
  sha256          TEXT NOT NULL
);
CREATE TABLE tokens (
  id            TEXT PRIMARY KEY NOT NULL,
  token_sha256  TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL,
  party         TEXT NOT NULL,
  offices       TEXT NOT NULL,
  label         TEXT NOT NULL,
  created_at_us INTEGER NOT NULL,
  revoked_at_us INTEGER
);
)sql";

// Version 3, goods accounts of special customs supervision areas (src/zones). zone_movements is
// the append-only journal (sequence: the ledger's order; one client id per account);
// zone_movement_lines the signed changes each made, in micro-units; zone_stock the balance of
// every stock line, kept in the movement's transaction and checked by verify() against the sum
// of its changes. The CHECK makes a negative balance impossible even for a bug.
constexpr std::string_view kZonesSchemaSql = R"sql(
CREATE TABLE zone_movements (
  sequence       INTEGER PRIMARY KEY AUTOINCREMENT,
  zone           TEXT NOT NULL,
  enterprise     TEXT NOT NULL,
  id             TEXT NOT NULL,
  kind           TEXT NOT NULL,
  body_sha256    TEXT NOT NULL,
  body_json      TEXT NOT NULL,
  answer_json    TEXT NOT NULL,
  declaration_id TEXT NOT NULL,
  at_us          INTEGER NOT NULL,
  UNIQUE (zone, enterprise, id)
);
CREATE TABLE zone_movement_lines (
  sequence     INTEGER NOT NULL REFERENCES zone_movements (sequence),
  line         INTEGER NOT NULL,
  zone         TEXT NOT NULL,
  enterprise   TEXT NOT NULL,
  item         TEXT NOT NULL,
  delta_micro  INTEGER NOT NULL,
  PRIMARY KEY (sequence, line)
) WITHOUT ROWID;
CREATE INDEX zone_movement_lines_by_account ON zone_movement_lines (zone, enterprise, sequence);
CREATE TABLE zone_stock (
  zone           TEXT NOT NULL,
  enterprise     TEXT NOT NULL,
  item           TEXT NOT NULL,
  hs_code        TEXT NOT NULL,
  unit           TEXT NOT NULL,
  quantity_micro INTEGER NOT NULL CHECK (quantity_micro >= 0),
  PRIMARY KEY (zone, enterprise, item)
) WITHOUT ROWID;
)sql";

// Version 4, transits under e-seal (src/transit): the journal the monitor is rebuilt from.
constexpr std::string_view kTransitsSchemaSql = R"sql(
CREATE TABLE transits (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  id               TEXT NOT NULL UNIQUE,
  body_sha256      TEXT NOT NULL,
  body_json        TEXT NOT NULL,
  office           TEXT NOT NULL,
  registered_by    TEXT NOT NULL,
  registered_at_us INTEGER NOT NULL
);
CREATE TABLE seal_events (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  transit_id     TEXT NOT NULL REFERENCES transits (id),
  id             TEXT NOT NULL,
  body_sha256    TEXT NOT NULL,
  body_json      TEXT NOT NULL,
  received_at_us INTEGER NOT NULL,
  UNIQUE (transit_id, id)
);
CREATE TABLE transit_alert_resolutions (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  transit_id     TEXT NOT NULL REFERENCES transits (id),
  alert_id       TEXT NOT NULL,
  resolved_by    TEXT NOT NULL,
  resolved_at_us INTEGER NOT NULL
);
)sql";

// Version 5, departure tax refund forms (src/taxrefund): issued once per id, verified once.
constexpr std::string_view kRefundSchemaSql = R"sql(
CREATE TABLE refund_forms (
  id             TEXT PRIMARY KEY NOT NULL,
  store          TEXT NOT NULL,
  traveller_key  TEXT NOT NULL,
  purchase_date  TEXT NOT NULL,
  body_sha256    TEXT NOT NULL,
  body_json      TEXT NOT NULL,
  content_hash   TEXT NOT NULL,
  refund_cents   INTEGER NOT NULL CHECK (refund_cents >= 0),
  payload        TEXT NOT NULL,
  issued_at_us   INTEGER NOT NULL,
  verified_at_us INTEGER,
  verified_port  TEXT NOT NULL DEFAULT '',
  cash_cents     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX refund_forms_by_traveller ON refund_forms (traveller_key, verified_port, verified_at_us);
)sql";

// Version 6, records of the person-facing regimes (e-commerce, duty-free, postal) and the yearly
// allowance ledgers (store.h RegimeRecord, AllowanceEntry).
constexpr std::string_view kRegimesSchemaSql = R"sql(
CREATE TABLE regime_records (
  kind          TEXT NOT NULL,
  id            TEXT NOT NULL,
  link          TEXT NOT NULL DEFAULT '',
  owner         TEXT NOT NULL DEFAULT '',
  subject       TEXT NOT NULL DEFAULT '',
  body_sha256   TEXT NOT NULL,
  body_json     TEXT NOT NULL,
  state_json    TEXT NOT NULL,
  version       INTEGER NOT NULL CHECK (version >= 1),
  created_at_us INTEGER NOT NULL,
  updated_at_us INTEGER NOT NULL,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE INDEX regime_records_by_link ON regime_records (kind, link, created_at_us) WHERE link <> '';
CREATE TABLE allowance_entries (
  ledger   TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  subject  TEXT NOT NULL,
  year     INTEGER NOT NULL,
  cents    INTEGER NOT NULL,
  at_us    INTEGER NOT NULL,
  PRIMARY KEY (ledger, entry_id)
);
CREATE INDEX allowance_entries_by_subject ON allowance_entries (ledger, subject, year);
)sql";

constexpr std::array kMigrations = {
    Migration{1, "declarations, events, declaration id counter", kInitialSchemaSql},
    Migration{2, "parties, list indexes, idempotency keys, audit log, tokens", kApiSchemaSql},
    Migration{3, "zone goods accounts: movements, movement lines, stock", kZonesSchemaSql},
    Migration{4, "transits, seal events, alert resolutions", kTransitsSchemaSql},
    Migration{5, "departure tax refund forms", kRefundSchemaSql},
    Migration{6, "regime records and allowance ledgers", kRegimesSchemaSql},
};

static_assert(kMigrations.back().version == sqlite_schema_version,
              "sqlite_schema_version must name the last migration");

}  // namespace

std::span<const Migration> migrations() {
  return kMigrations;
}

Result<int> schema_version(Connection& connection) {
  auto statement = Statement::prepare(connection.get(), kSchemaVersionSql, false);
  if (!statement.ok()) return std::move(statement).error();
  StatementScope scope(*statement);
  const int rc = statement->step();
  if (rc != SQLITE_ROW) return make_sqlite_error(connection.get(), rc, "read schema version");
  return static_cast<int>(statement->int64(0));
}

Result<void> apply_migrations(Connection& connection) {
  OC_TRY(connection.exec(kCreateMigrationsTableSql, "create schema_migrations"));
  auto version = schema_version(connection);
  if (!version.ok()) return std::move(version).error();
  if (*version > sqlite_schema_version) {
    return make_error("store.schema_too_new", "",
                      "database schema version " + std::to_string(*version) +
                          " is newer than this program knows (" +
                          std::to_string(sqlite_schema_version) + "); upgrade opencustoms");
  }
  for (const Migration& migration : kMigrations) {
    if (migration.version <= *version) continue;
    OC_TRY(connection.exec("BEGIN IMMEDIATE", "begin migration"));
    auto applied = [&]() -> Result<bool> {
      // Another process may have applied it while we waited for the write lock.
      auto current = schema_version(connection);
      if (!current.ok()) return std::move(current).error();
      if (*current >= migration.version) return false;
      const std::string context = "migration " + std::to_string(migration.version);
      OC_TRY(connection.exec(migration.sql, context));
      auto record = Statement::prepare(connection.get(), kRecordMigrationSql, false);
      if (!record.ok()) return std::move(record).error();
      StatementScope scope(*record);
      record->bind_int64(1, migration.version);
      record->bind_text(2, migration.name);
      const int rc = record->step();
      if (rc != SQLITE_DONE) return make_sqlite_error(connection.get(), rc, context);
      return true;
    }();
    if (!applied.ok()) {
      if (connection.in_transaction()) (void)connection.exec("ROLLBACK", "rollback migration");
      return std::move(applied).error();
    }
    auto committed = connection.exec("COMMIT", "commit migration");
    if (!committed.ok()) {
      if (connection.in_transaction()) (void)connection.exec("ROLLBACK", "rollback migration");
      return committed;
    }
  }
  return {};
}

}  // namespace oc::sqlite
