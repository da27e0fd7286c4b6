// The writer's half of the regime records and allowance ledgers (store.h RegimeTransaction): a
// service's body runs on the writer thread inside one savepoint, reading and writing through
// these statements, so its read-check-write cannot interleave with another write.
#include <fmt/format.h>

#include "store/sqlite_writer.h"

namespace oc::sqlite {

#define OC_REGIME_RECORD_SELECT                                                                \
  "SELECT kind, id, link, owner, subject, body_sha256, body_json, state_json, version, "       \
  "created_at_us, updated_at_us FROM regime_records "
const std::string_view kSelectRegimeRecordSql = OC_REGIME_RECORD_SELECT "WHERE kind = ?1 AND id = ?2";
const std::string_view kSelectLinkedRegimeRecordsSql =
    OC_REGIME_RECORD_SELECT "WHERE kind = ?1 AND link = ?2 AND link <> '' ORDER BY created_at_us, id";
const std::string_view kSelectRegimeRecordsOfKindSql =
    OC_REGIME_RECORD_SELECT "WHERE kind = ?1 ORDER BY id LIMIT CAST(?2 AS INTEGER)";
#undef OC_REGIME_RECORD_SELECT
const std::string_view kSumAllowanceSql =
    "SELECT coalesce(sum(cents), 0) FROM allowance_entries "
    "WHERE ledger = ?1 AND subject = ?2 AND year = ?3";

namespace {

constexpr std::string_view kInsertRecordSql =
    "INSERT INTO regime_records (kind, id, link, owner, subject, body_sha256, body_json, "
    "state_json, version, created_at_us, updated_at_us) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?10)";
// Only the version the service read: a lost update is refused, not silently overwritten.
constexpr std::string_view kUpdateRecordSql =
    "UPDATE regime_records SET state_json = ?3, version = version + 1, updated_at_us = ?4 "
    "WHERE kind = ?1 AND id = ?2 AND version = ?5";
constexpr std::string_view kEraseRecordSql = "DELETE FROM regime_records WHERE kind = ?1 AND id = ?2";
constexpr std::string_view kInsertAllowanceSql =
    "INSERT INTO allowance_entries (ledger, entry_id, subject, year, cents, at_us) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (ledger, entry_id) DO NOTHING";

std::int64_t micros(TimePoint at) { return at.time_since_epoch().count(); }

}  // namespace

RegimeRecord read_regime_record(const Statement& s) {
  RegimeRecord record;
  record.kind = s.text(0);
  record.id = s.text(1);
  record.link = s.text(2);
  record.owner = s.text(3);
  record.subject = s.text(4);
  record.body_sha256 = s.text(5);
  record.body_json = s.text(6);
  record.state_json = s.text(7);
  record.version = s.int64(8);
  record.created_at = TimePoint(std::chrono::microseconds(s.int64(9)));
  record.updated_at = TimePoint(std::chrono::microseconds(s.int64(10)));
  return record;
}

class RegimeWriterTransaction final : public RegimeTransaction {
 public:
  explicit RegimeWriterTransaction(Writer& writer) : w_(writer) {}

  static Result<void> prepare(Writer& w) {
    if (w.regime_prepared_) return {};
    const std::pair<Statement*, std::string_view> statements[] = {
        {&w.select_record_, kSelectRegimeRecordSql}, {&w.select_linked_, kSelectLinkedRegimeRecordsSql},
        {&w.insert_record_, kInsertRecordSql},     {&w.update_record_, kUpdateRecordSql},
        {&w.allowance_sum_, kSumAllowanceSql},     {&w.insert_allowance_, kInsertAllowanceSql},
        {&w.erase_record_, kEraseRecordSql},
    };
    for (const auto& [statement, sql] : statements) {
      auto prepared = Statement::prepare(w.db(), sql);
      if (!prepared.ok()) return std::move(prepared).error();
      *statement = std::move(prepared).value();
    }
    w.regime_prepared_ = true;
    return {};
  }

  Result<std::optional<RegimeRecord>> find(std::string_view kind, std::string_view id) override {
    Statement& s = w_.select_record_;
    StatementScope scope(s);
    s.bind_text(1, kind);
    s.bind_text(2, id);
    const int rc = s.step();
    if (rc == SQLITE_DONE) return std::optional<RegimeRecord>();
    if (rc != SQLITE_ROW) return w_.fail(rc, "read regime record");
    return std::optional<RegimeRecord>(read_regime_record(s));
  }

  Result<std::vector<RegimeRecord>> linked(std::string_view kind, std::string_view link) override {
    Statement& s = w_.select_linked_;
    StatementScope scope(s);
    s.bind_text(1, kind);
    s.bind_text(2, link);
    std::vector<RegimeRecord> records;
    while (true) {
      const int rc = s.step();
      if (rc == SQLITE_DONE) return records;
      if (rc != SQLITE_ROW) return w_.fail(rc, "read linked regime records");
      records.push_back(read_regime_record(s));
    }
  }

  VoidResult put(RegimeRecord& record) override {
    if (record.version == 0) {
      Statement& s = w_.insert_record_;
      StatementScope scope(s);
      s.bind_text(1, record.kind);
      s.bind_text(2, record.id);
      s.bind_text(3, record.link);
      s.bind_text(4, record.owner);
      s.bind_text(5, record.subject);
      s.bind_text(6, record.body_sha256);
      s.bind_text(7, record.body_json);
      s.bind_text(8, record.state_json);
      s.bind_int64(9, micros(record.created_at));
      s.bind_int64(10, micros(record.updated_at));
      const int rc = s.step();
      if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        return make_error("store.conflict", "/id",
                          fmt::format("{} {} exists already", record.kind, record.id));
      }
      if (rc != SQLITE_DONE) return w_.fail(rc, "insert regime record");
      record.version = 1;
      return {};
    }
    Statement& s = w_.update_record_;
    StatementScope scope(s);
    s.bind_text(1, record.kind);
    s.bind_text(2, record.id);
    s.bind_text(3, record.state_json);
    s.bind_int64(4, micros(record.updated_at));
    s.bind_int64(5, record.version);
    const int rc = s.step();
    if (rc != SQLITE_DONE) return w_.fail(rc, "update regime record");
    if (sqlite3_changes(w_.db()) != 1) {
      return make_error("store.conflict", "/id",
                        fmt::format("{} {} changed since version {}", record.kind, record.id,
                                    record.version));
    }
    ++record.version;
    return {};
  }

  VoidResult erase(std::string_view kind, std::string_view id) override {
    Statement& s = w_.erase_record_;
    StatementScope scope(s);
    s.bind_text(1, kind);
    s.bind_text(2, id);
    const int rc = s.step();
    if (rc != SQLITE_DONE) return w_.fail(rc, "erase regime record");
    return {};
  }

  Result<std::int64_t> allowance_used(std::string_view ledger, std::string_view subject,
                                      int year) override {
    Statement& s = w_.allowance_sum_;
    StatementScope scope(s);
    s.bind_text(1, ledger);
    s.bind_text(2, subject);
    s.bind_int64(3, year);
    const int rc = s.step();
    if (rc != SQLITE_ROW) return w_.fail(rc, "sum allowance");
    return s.int64(0);
  }

  VoidResult add_allowance(const AllowanceEntry& entry) override {
    Statement& s = w_.insert_allowance_;
    StatementScope scope(s);
    s.bind_text(1, entry.ledger);
    s.bind_text(2, entry.entry_id);
    s.bind_text(3, entry.subject);
    s.bind_int64(4, entry.year);
    s.bind_int64(5, entry.cents);
    s.bind_int64(6, micros(entry.at));
    const int rc = s.step();
    if (rc != SQLITE_DONE) return w_.fail(rc, "write allowance entry");
    if (sqlite3_changes(w_.db()) != 1) {
      return make_error("allowance.entry_exists", "/id",
                        fmt::format("entry {} of {} exists", entry.entry_id, entry.ledger));
    }
    return {};
  }

  Result<LodgeResult> lodge(NewLodging& lodging) override { return w_.lodge_in_savepoint(lodging); }

  VoidResult audit(AuditEntry& entry) override { return w_.write_audit(entry); }

 private:
  Writer& w_;
};

Result<void> run_regime_transaction(Writer& writer,
                                    const std::function<VoidResult(RegimeTransaction&)>& body) {
  OC_TRY(RegimeWriterTransaction::prepare(writer));
  RegimeWriterTransaction transaction(writer);
  return body(transaction);
}

}  // namespace oc::sqlite
