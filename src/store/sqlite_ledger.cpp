// The writer's half of the zone goods accounts: one movement, checked against the stock and
// written with its lines, stock updates, lodging and audit entry in one savepoint.
#include <fmt/format.h>

#include <map>

#include "store/sqlite_writer.h"

namespace oc::sqlite {
namespace {

constexpr std::string_view kSelectMovementSql =
    "SELECT sequence, body_sha256, answer_json, declaration_id FROM zone_movements "
    "WHERE zone = ?1 AND enterprise = ?2 AND id = ?3";
constexpr std::string_view kSelectStockSql =
    "SELECT hs_code, unit, quantity_micro FROM zone_stock "
    "WHERE zone = ?1 AND enterprise = ?2 AND item = ?3";
constexpr std::string_view kInsertMovementSql =
    "INSERT INTO zone_movements (zone, enterprise, id, kind, body_sha256, body_json, answer_json, "
    "declaration_id, at_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING sequence";
constexpr std::string_view kInsertMovementLineSql =
    "INSERT INTO zone_movement_lines (sequence, line, zone, enterprise, item, delta_micro) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kUpsertStockSql =
    "INSERT INTO zone_stock (zone, enterprise, item, hs_code, unit, quantity_micro) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (zone, enterprise, item) "
    "DO UPDATE SET quantity_micro = excluded.quantity_micro";

std::int64_t micros(TimePoint at) { return at.time_since_epoch().count(); }

constexpr std::string_view kSelectTransitSql = "SELECT body_sha256 FROM transits WHERE id = ?1";
constexpr std::string_view kInsertTransitSql =
    "INSERT INTO transits (id, body_sha256, body_json, office, registered_by, registered_at_us) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kSelectSealEventSql =
    "SELECT body_sha256 FROM seal_events WHERE transit_id = ?1 AND id = ?2";
constexpr std::string_view kInsertSealEventSql =
    "INSERT INTO seal_events (transit_id, id, body_sha256, body_json, received_at_us) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr std::string_view kSelectRefundSql = "SELECT body_sha256 FROM refund_forms WHERE id = ?1";
constexpr std::string_view kInsertRefundSql =
    "INSERT INTO refund_forms (id, body_sha256, store, traveller_key, purchase_date, body_json, "
    "content_hash, payload, refund_cents, issued_at_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "?9, ?10)";
// Only a form not verified before: the second scan changes nothing.
constexpr std::string_view kVerifyRefundSql =
    "UPDATE refund_forms SET verified_at_us = ?2, verified_port = ?3, cash_cents = ?4 "
    "WHERE id = ?1 AND verified_at_us IS NULL RETURNING id";
constexpr std::string_view kInsertResolutionSql =
    "INSERT INTO transit_alert_resolutions (transit_id, alert_id, resolved_by, resolved_at_us) "
    "VALUES (?1, ?2, ?3, ?4)";

}  // namespace

Result<void> Writer::prepare_ledger_statements() {
  if (ledger_prepared_) return {};
  const std::pair<Statement*, std::string_view> statements[] = {
      {&select_movement_, kSelectMovementSql},
      {&select_stock_, kSelectStockSql},
      {&insert_movement_, kInsertMovementSql},
      {&insert_movement_line_, kInsertMovementLineSql},
      {&upsert_stock_, kUpsertStockSql},
      {&select_transit_, kSelectTransitSql},
      {&insert_transit_, kInsertTransitSql},
      {&select_seal_event_, kSelectSealEventSql},
      {&insert_seal_event_, kInsertSealEventSql},
      {&insert_resolution_, kInsertResolutionSql},
      {&select_refund_, kSelectRefundSql},
      {&insert_refund_, kInsertRefundSql},
      {&verify_refund_, kVerifyRefundSql},
  };
  for (const auto& [statement, sql] : statements) {
    auto prepared = Statement::prepare(db(), sql);
    if (!prepared.ok()) return std::move(prepared).error();
    *statement = std::move(prepared).value();
  }
  ledger_prepared_ = true;
  return {};
}

Result<LedgerResult> Writer::apply_movement_in_savepoint(LedgerWrite& write) {
  // 1. A replay answers the first result; the same id with another body is refused.
  {
    StatementScope scope(select_movement_);
    select_movement_.bind_text(1, write.zone);
    select_movement_.bind_text(2, write.enterprise);
    select_movement_.bind_text(3, write.movement_id);
    const int rc = select_movement_.step();
    if (rc == SQLITE_ROW) {
      if (select_movement_.text(1) != write.body_sha256) {
        return make_error("movement.exists_with_different_content", "/id",
                          fmt::format("movement {} of {}/{} exists with other content",
                                      write.movement_id, write.zone, write.enterprise));
      }
      return LedgerResult{LedgerDisposition::exists, select_movement_.int64(0),
                          std::string(select_movement_.text(3)),
                          std::string(select_movement_.text(2))};
    }
    if (rc != SQLITE_DONE) return fail(rc, "read zone movement");
  }

  // 2. The new balance of every stock line the movement changes (lines of one item summed).
  struct Change {
    const StockDelta* first = nullptr;
    std::int64_t delta = 0;
    std::int64_t balance = 0;
  };
  std::map<std::tuple<std::string, std::string, std::string>, Change> changes;
  for (const StockDelta& delta : write.deltas) {
    Change& change = changes[{delta.account.zone, delta.account.enterprise, delta.item}];
    if (change.first == nullptr) {
      change.first = &delta;
      StatementScope scope(select_stock_);
      select_stock_.bind_text(1, delta.account.zone);
      select_stock_.bind_text(2, delta.account.enterprise);
      select_stock_.bind_text(3, delta.item);
      const int rc = select_stock_.step();
      if (rc == SQLITE_ROW) {
        if (select_stock_.text(0) != delta.hs_code || select_stock_.text(1) != delta.unit) {
          return make_error("stock.line_mismatch", delta.path,
                            fmt::format("item {} of {}/{} is {} in {}, not {} in {}", delta.item,
                                        delta.account.zone, delta.account.enterprise,
                                        select_stock_.text(0), select_stock_.text(1),
                                        delta.hs_code, delta.unit));
        }
        change.balance = select_stock_.int64(2);
      } else if (rc != SQLITE_DONE) {
        return fail(rc, "read zone stock");
      }
    }
    if (__builtin_add_overflow(change.delta, delta.delta_micro, &change.delta)) {
      return make_error("stock.overflow", delta.path, "the movement's quantities overflow");
    }
  }
  for (auto& [key, change] : changes) {
    std::int64_t after = 0;
    if (__builtin_add_overflow(change.balance, change.delta, &after)) {
      return make_error("stock.overflow", change.first->path, "the balance would overflow");
    }
    if (after < 0) {
      return make_error("stock.insufficient", change.first->path + "/quantity",
                        fmt::format("item {} of {}/{} holds {} {}; the movement takes {}",
                                    change.first->item, change.first->account.zone,
                                    change.first->account.enterprise, format_quantity(change.balance),
                                    change.first->unit, format_quantity(-change.delta)));
    }
    change.balance = after;
  }

  // 3. The declaration of a second-line exit, in the same savepoint.
  LedgerResult result;
  result.declaration_id = write.declaration_id;
  if (write.lodging) {
    auto lodged = lodge_in_savepoint(*write.lodging);
    if (!lodged) return std::move(lodged).error();
    result.declaration_id = lodged->record.id;
  }

  // 4. The movement, its lines, the balances, the audit entry.
  {
    StatementScope scope(insert_movement_);
    insert_movement_.bind_text(1, write.zone);
    insert_movement_.bind_text(2, write.enterprise);
    insert_movement_.bind_text(3, write.movement_id);
    insert_movement_.bind_text(4, write.kind);
    insert_movement_.bind_text(5, write.body_sha256);
    insert_movement_.bind_text(6, write.body_json);
    insert_movement_.bind_text(7, write.answer_json);
    insert_movement_.bind_text(8, result.declaration_id);
    insert_movement_.bind_int64(9, micros(write.at));
    const int rc = insert_movement_.step();
    if (rc != SQLITE_ROW) return fail(rc, "insert zone movement");
    result.sequence = insert_movement_.int64(0);
  }
  for (std::size_t i = 0; i < write.deltas.size(); ++i) {
    const StockDelta& delta = write.deltas[i];
    StatementScope scope(insert_movement_line_);
    insert_movement_line_.bind_int64(1, result.sequence);
    insert_movement_line_.bind_int64(2, static_cast<std::int64_t>(i));
    insert_movement_line_.bind_text(3, delta.account.zone);
    insert_movement_line_.bind_text(4, delta.account.enterprise);
    insert_movement_line_.bind_text(5, delta.item);
    insert_movement_line_.bind_int64(6, delta.delta_micro);
    const int rc = insert_movement_line_.step();
    if (rc != SQLITE_DONE) return fail(rc, "insert zone movement line");
  }
  for (const auto& [key, change] : changes) {
    StatementScope scope(upsert_stock_);
    upsert_stock_.bind_text(1, change.first->account.zone);
    upsert_stock_.bind_text(2, change.first->account.enterprise);
    upsert_stock_.bind_text(3, change.first->item);
    upsert_stock_.bind_text(4, change.first->hs_code);
    upsert_stock_.bind_text(5, change.first->unit);
    upsert_stock_.bind_int64(6, change.balance);
    const int rc = upsert_stock_.step();
    if (rc != SQLITE_DONE) return fail(rc, "update zone stock");
  }
  if (write.audit) {
    write.audit->target = write.zone + "/" + write.enterprise + "/" + write.movement_id;
    OC_TRY(write_audit(*write.audit));
  }
  result.answer_json = write.answer_json;
  return result;
}

// One journal row: `select` (bound to `key`) finds an existing row's body_sha256; the same hash is
// a replay, another is `<what>.exists_with_different_content`; otherwise `insert` is bound to
// key..., sha256, texts..., at_us and run, then the audit entry is written.
Result<JournalDisposition> Writer::journal_in_savepoint(
    Statement& select, Statement& insert, const std::vector<std::string_view>& key,
    std::string_view sha256, const std::vector<std::string_view>& texts, std::int64_t at_us,
    std::string_view what, std::optional<AuditEntry>& audit) {
  {
    StatementScope scope(select);
    for (std::size_t i = 0; i < key.size(); ++i) select.bind_text(static_cast<int>(i + 1), key[i]);
    const int rc = select.step();
    if (rc == SQLITE_ROW) {
      if (select.text(0) != sha256) {
        return make_error(std::string(what) + ".exists_with_different_content", "/id",
                          fmt::format("{} {} exists with other content", what, key.back()));
      }
      return JournalDisposition::exists;
    }
    if (rc != SQLITE_DONE) return fail(rc, "read journal");
  }
  {
    StatementScope scope(insert);
    int index = 1;
    for (std::string_view part : key) insert.bind_text(index++, part);
    insert.bind_text(index++, sha256);
    for (std::string_view text : texts) insert.bind_text(index++, text);
    insert.bind_int64(index, at_us);
    const int rc = insert.step();
    if (rc != SQLITE_DONE) return fail(rc, "write journal");
  }
  if (audit) OC_TRY(write_audit(*audit));
  return JournalDisposition::created;
}

}  // namespace oc::sqlite
