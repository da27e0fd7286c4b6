// verify(): the SQLite store checked against its own rules.
#include "store/sqlite_verify.h"

#include <fmt/format.h>

#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "core/sha256.h"
#include "declaration/lifecycle.h"
#include "store/audit_chain.h"
#include "store/sqlite_rows.h"

namespace oc::sqlite {
namespace {

constexpr std::string_view kIntegrityCheckSql = "PRAGMA integrity_check";

constexpr std::string_view kKeysWithoutDeclarationSql = R"sql(
SELECT k.scope, k.key, k.declaration_id FROM idempotency_keys AS k
WHERE NOT EXISTS (SELECT 1 FROM declarations AS d WHERE d.id = k.declaration_id)
ORDER BY k.scope, k.key)sql";

// Collects verify() problems up to a limit, counting the rest.
class ProblemList {
 public:
  explicit ProblemList(std::size_t max) : max_(max) {}
  void add(std::string problem) {
    if (problems_.size() < max_) {
      problems_.push_back(std::move(problem));
    } else {
      ++omitted_;
    }
  }
  std::vector<std::string> take() {
    if (omitted_ > 0) problems_.push_back(fmt::format("... and {} more problems", omitted_));
    return std::move(problems_);
  }

 private:
  std::size_t max_;
  std::size_t omitted_ = 0;
  std::vector<std::string> problems_;
};

// Checks one declaration row against its events (all of them, in sequence order).
void check_declaration(const Statement& row, std::span<const Event> events, bool events_readable,
                       ProblemList& problems) {
  const std::string_view id = row.text(0);
  const std::string_view stored_sha256 = row.text(3);
  const std::string computed_sha256 = sha256_hex(row.text(4));
  if (computed_sha256 != stored_sha256) {
    problems.add(fmt::format("declaration {}: body_sha256 {} does not match body_json (sha256 {})",
                             id, stored_sha256, computed_sha256));
  }
  auto record = read_record(row);
  if (!record.ok()) problems.add(record.error().message);
  // Columns 13 and 14: the parties the body names (NULL when the body is not JSON).
  for (const auto& [column, body_column, name] :
       {std::tuple{11, 13, "importer"}, std::tuple{12, 14, "exporter"}}) {
    if (!row.is_null(body_column) && row.text(column) != row.text(body_column)) {
      problems.add(fmt::format("declaration {}: {}_id is '{}' but its body names '{}'", id, name,
                               row.text(column), row.text(body_column)));
    }
  }
  if (!events_readable) return;  // read_event already reported why

  const std::int64_t event_count = row.int64(10);
  if (events.empty()) {
    problems.add(fmt::format("declaration {}: has no events", id));
    return;
  }
  if (events.front().type != EventType::lodged) {
    problems.add(fmt::format("declaration {}: first event is {}, not lodged", id,
                             to_string(events.front().type)));
    return;
  }
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].sequence != static_cast<std::int64_t>(i + 1)) {
      problems.add(fmt::format("declaration {}: event sequence broken: expected {}, found {}", id,
                               i + 1, events[i].sequence));
      return;
    }
  }
  if (event_count != static_cast<std::int64_t>(events.size())) {
    problems.add(fmt::format("declaration {}: event_count is {} but {} events are stored", id,
                             event_count, events.size()));
    return;
  }
  if (!record.ok()) return;
  auto state = replay(events);
  if (!state.ok()) {
    problems.add(fmt::format("declaration {}: events do not replay: {}: {}", id, state.error().code,
                             state.error().message));
    return;
  }
  if (state->status != record->status) {
    problems.add(fmt::format("declaration {}: status is {} but its events lead to {}", id,
                             to_string(record->status), to_string(state->status)));
  }
  if (state->lane != record->lane) {
    problems.add(fmt::format("declaration {}: lane is {} but its events lead to {}", id,
                             lane_name(record->lane), lane_name(state->lane)));
  }
}

}  // namespace

// Stock lines whose balance differs from the sum of their movement lines (or that have lines but
// no balance row, or a balance row without lines): zone, enterprise, item, balance, sum.
constexpr std::string_view kVerifyStockSql = R"sql(
WITH sums AS (
  SELECT zone, enterprise, item, sum(delta_micro) AS total
  FROM zone_movement_lines GROUP BY zone, enterprise, item)
SELECT s.zone, s.enterprise, s.item, k.quantity_micro, s.total
FROM sums s LEFT JOIN zone_stock k
  ON k.zone = s.zone AND k.enterprise = s.enterprise AND k.item = s.item
WHERE k.quantity_micro IS NULL OR k.quantity_micro != s.total OR k.quantity_micro < 0
UNION ALL
SELECT k.zone, k.enterprise, k.item, k.quantity_micro, 0
FROM zone_stock k
WHERE NOT EXISTS (SELECT 1 FROM zone_movement_lines l
                  WHERE l.zone = k.zone AND l.enterprise = k.enterprise AND l.item = k.item))sql";

Result<VerifyReport> verify_store(Connection& connection, std::size_t problems_max) {
  VerifyReport report;
  ProblemList problems(problems_max);

  auto integrity = Statement::prepare(connection.get(), kIntegrityCheckSql, false);
  if (!integrity.ok()) return std::move(integrity).error();
  int rc = SQLITE_OK;
  while ((rc = integrity->step()) == SQLITE_ROW) {
    if (integrity->text(0) != "ok") {
      problems.add(fmt::format("integrity_check: {}", integrity->text(0)));
    }
  }
  if (rc != SQLITE_DONE) return make_sqlite_error(connection.get(), rc, "integrity_check");
  integrity->reset();

  auto declarations = Statement::prepare(connection.get(), kVerifyDeclarationsSql, false);
  if (!declarations.ok()) return std::move(declarations).error();
  auto events = Statement::prepare(connection.get(), kAllEventsSql, false);
  if (!events.ok()) return std::move(events).error();

  // Merge join: both cursors run in declaration id order (BINARY collation, which orders like
  // std::string_view). Events whose id falls between declarations have no declaration.
  int event_rc = events->step();
  std::string orphan_id;
  std::size_t orphan_events = 0;
  const auto flush_orphans = [&] {
    if (orphan_events > 0) {
      problems.add(fmt::format("declaration {}: {} event(s) stored without a declaration row",
                               orphan_id, orphan_events));
    }
    orphan_events = 0;
  };
  const auto note_orphan = [&](std::string_view id) {
    if (orphan_events == 0 || orphan_id != id) {
      flush_orphans();
      orphan_id = id;
    }
    ++orphan_events;
    ++report.events;
  };

  std::vector<Event> chain;
  while ((rc = declarations->step()) == SQLITE_ROW) {
    ++report.declarations;
    const std::string id(declarations->text(0));
    while (event_rc == SQLITE_ROW && events->text(0) < std::string_view(id)) {
      note_orphan(events->text(0));
      event_rc = events->step();
    }
    chain.clear();
    bool events_readable = true;
    while (event_rc == SQLITE_ROW && events->text(0) == std::string_view(id)) {
      ++report.events;
      auto event = read_event(*events);
      if (event.ok()) {
        chain.push_back(std::move(event).value());
      } else if (events_readable) {
        problems.add(event.error().message);
        events_readable = false;
      }
      event_rc = events->step();
    }
    check_declaration(*declarations, chain, events_readable, problems);
  }
  if (rc != SQLITE_DONE) return make_sqlite_error(connection.get(), rc, "read declarations");
  while (event_rc == SQLITE_ROW) {
    note_orphan(events->text(0));
    event_rc = events->step();
  }
  if (event_rc != SQLITE_DONE) return make_sqlite_error(connection.get(), event_rc, "read events");
  flush_orphans();

  auto keys = Statement::prepare(connection.get(), kKeysWithoutDeclarationSql, false);
  if (!keys.ok()) return std::move(keys).error();
  while ((rc = keys->step()) == SQLITE_ROW) {
    problems.add(fmt::format("idempotency key '{}' of {}: declaration {} is not stored",
                             keys->text(1), keys->text(0), keys->text(2)));
  }
  if (rc != SQLITE_DONE) return make_sqlite_error(connection.get(), rc, "read idempotency keys");

  // Zone goods accounts: every balance equals the sum of its movement lines, no line is missing
  // its balance, and no balance is negative (the schema's CHECK should make that impossible).
  auto ledger = Statement::prepare(connection.get(), kVerifyStockSql, false);
  if (!ledger.ok()) return std::move(ledger).error();
  while ((rc = ledger->step()) == SQLITE_ROW) {
    problems.add(fmt::format("zone stock {}/{} item {}: balance {} but its movement lines sum to {}",
                             ledger->text(0), ledger->text(1), ledger->text(2),
                             ledger->is_null(3) ? std::string("missing") : std::to_string(ledger->int64(3)),
                             ledger->int64(4)));
  }
  if (rc != SQLITE_DONE) return make_sqlite_error(connection.get(), rc, "verify zone stock");
  auto movement_count = Statement::prepare(connection.get(), "SELECT count(*) FROM zone_movements", false);
  if (!movement_count.ok()) return std::move(movement_count).error();
  if (movement_count->step() == SQLITE_ROW) {
    report.movements = static_cast<std::size_t>(movement_count->int64(0));
  }

  // Regime records (e-commerce, duty-free, postal): every body still hashes to its body_sha256.
  auto records = Statement::prepare(
      connection.get(), "SELECT kind, id, body_sha256, body_json FROM regime_records", false);
  if (!records.ok()) return std::move(records).error();
  while ((rc = records->step()) == SQLITE_ROW) {
    if (sha256_hex(records->text(3)) != records->text(2)) {
      problems.add(fmt::format("{} {}: body_sha256 {} does not match body_json", records->text(0),
                               records->text(1), records->text(2)));
    }
  }
  if (rc != SQLITE_DONE) return make_sqlite_error(connection.get(), rc, "verify regime records");

  report.problems = problems.take();
  return report;
}

Result<AuditReport> verify_audit_log(Connection& connection, std::size_t problems_max) {
  auto entries = Statement::prepare(connection.get(), kSelectAllAuditSql, false);
  if (!entries.ok()) return std::move(entries).error();
  AuditChainCheck check(problems_max);
  int rc = SQLITE_OK;
  while ((rc = entries->step()) == SQLITE_ROW) check.add(read_audit_entry(*entries));
  if (rc != SQLITE_DONE) return make_sqlite_error(connection.get(), rc, "read audit log");
  return check.finish();
}

}  // namespace oc::sqlite
