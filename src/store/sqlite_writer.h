// The writer of the SQLite store: the one write connection, its prepared statements, and group
// transactions that run queued jobs (lodgings, appended events, audit entries, tokens, id-block
// reservations), each lodging or event in its own SAVEPOINT. Internal to src/store.
//
// Audit chain: the writer assigns each audit entry its sequence and hashes, in the order it
// writes them, which is commit order. The head of the chain (last sequence and sha256) is kept in
// memory; it is read under the write lock at the start of each group (one lookup, so another
// process on the file may append too), advanced by each entry written, put back when a savepoint
// rolls back (a failed lodging consumes no sequence number) and when the group fails.
//
// Thread safety: none; one thread at a time runs a group (sqlite_store.cpp guarantees it). A job
// is finished exactly once, by the thread that ran its group.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/sqlite_handle.h"
#include "store/store.h"

namespace oc::sqlite {

class Writer;
// sqlite_regimes.cpp: a regime_records row selected as "kind, id, link, owner, subject,
// body_sha256, body_json, state_json, version, created_at_us, updated_at_us".
RegimeRecord read_regime_record(const Statement& statement);
// The regime reads, one text each for the writer and the read connections (sqlite_regimes.cpp):
// a record by (?1 kind, ?2 id); records of ?1 kind linked to ?2, oldest first; up to ?2 records of
// ?1 kind by id; the sum of an allowance ledger's entries (?1 ledger, ?2 subject, ?3 year).
extern const std::string_view kSelectRegimeRecordSql;
extern const std::string_view kSelectLinkedRegimeRecordsSql;
extern const std::string_view kSelectRegimeRecordsOfKindSql;
extern const std::string_view kSumAllowanceSql;
// sqlite_regimes.cpp: runs a regime body against the writer (inside Writer::transact's savepoint).
Result<void> run_regime_transaction(Writer& writer,
                                    const std::function<VoidResult(RegimeTransaction&)>& body);

// One unit of work for the writer: runs inside a group transaction, then learns whether the
// group committed. The submitting thread waits on it, so a job lives on that thread's stack.
class WriteJob {
 public:
  WriteJob() = default;
  WriteJob(const WriteJob&) = delete;
  WriteJob& operator=(const WriteJob&) = delete;
  virtual ~WriteJob() = default;

  // Lodgings this job adds to a group (counted against group_commit_max).
  virtual std::size_t lodging_count() const { return 1; }
  // Runs inside the open transaction; per-item failures stay in the job.
  virtual void execute(Writer& writer) = 0;

  // `failure`: the group did not commit and every result of the job becomes this error.
  void finish(const Error* failure) {
    on_finish(failure);
    done_.set_value();
  }
  void wait() { done_future_.wait(); }

 private:
  virtual void on_finish(const Error* failure) = 0;

  std::promise<void> done_;
  std::future<void> done_future_ = done_.get_future();
};

class Writer {
 public:
  // Prepares the statements and reads the id counter of a migrated database.
  static Result<std::unique_ptr<Writer>> open(Connection connection);
  explicit Writer(Connection connection) : connection_(std::move(connection)) {}

  // declaration_id_counter.reserved_through as of this writer's last COMMIT.
  std::int64_t persisted_through() const { return persisted_through_; }

  // Runs every job in ONE transaction, then finishes each with the outcome of the COMMIT.
  void run_group(std::span<WriteJob* const> jobs);

  // For jobs, inside run_group. Each runs in its own savepoint. `lodging.audit` and `audit` are
  // completed (sequence, hashes) when written.
  Result<LodgeResult> lodge(NewLodging& lodging);
  Result<DeclarationRecord> append_event(std::string_view id, std::int64_t expected_event_count,
                                         const Event& event, Status new_status,
                                         std::optional<Lane> new_lane,
                                         std::optional<AuditEntry>& audit);
  // One statement each, so no savepoint.
  Result<AuditEntry> append_audit(AuditEntry entry);
  Result<void> create_token(const TokenRecord& token);
  Result<TokenRecord> revoke_token(std::string_view id, TimePoint at);
  // Reserves the next `count` declaration numbers; returns the last of them. They are reserved
  // once the group commits.
  Result<std::int64_t> reserve_block(std::int64_t count);
  // A zone movement in its own savepoint (sqlite_ledger.cpp): checks and writes it, with its
  // lodging and audit entry when set.
  Result<LedgerResult> apply_movement(LedgerWrite& write);
  // Transit journal rows (sqlite_ledger.cpp), each with its audit entry, in a savepoint.
  Result<JournalDisposition> record_transit(TransitRecord& record, std::optional<AuditEntry>& audit);
  Result<JournalDisposition> record_seal_event(SealEventRecord& record,
                                               std::optional<AuditEntry>& audit);
  Result<void> record_alert_resolution(AlertResolutionRecord& record,
                                       std::optional<AuditEntry>& audit);
  Result<JournalDisposition> record_refund_form(RefundFormRecord& record,
                                                std::optional<AuditEntry>& audit);
  Result<void> mark_refund_verified(std::string_view id, TimePoint at, std::string_view port,
                                    std::int64_t cash_cents, std::optional<AuditEntry>& audit);
  // A regime service's body (store.h RegimeTransaction) in its own savepoint
  // (sqlite_regimes.cpp).
  Result<void> transact(const std::function<VoidResult(RegimeTransaction&)>& body);
  bool transaction_lost() const { return transaction_error_.has_value(); }

 private:
  sqlite3* db() const { return connection_.get(); }
  // An SQLite failure inside a job. If SQLite rolled the whole transaction back (disk full, I/O
  // error), the group is lost and every job in it fails.
  Error fail(int result_code, std::string_view context);
  // Runs a transaction-control statement; any failure loses the group.
  Result<void> control(Statement& statement, std::string_view context);
  template <class T, class Body>
  Result<T> in_savepoint(Body body);

  Result<LodgeResult> lodge_in_savepoint(NewLodging& lodging);
  Result<LodgeResult> store_declaration(NewLodging& lodging);
  // Records `key` for the lodging's outcome, or refuses it (idempotency.key_reused).
  Result<void> record_idempotency_key(IdempotencyKey& key, const Result<LodgeResult>& outcome);
  Result<DeclarationRecord> append_in_savepoint(std::string_view id,
                                                std::int64_t expected_event_count,
                                                const Event& event, Status new_status,
                                                std::optional<Lane> new_lane,
                                                std::optional<AuditEntry>& audit);
  // Completes `entry` as the next link of the chain and inserts it.
  Result<void> write_audit(AuditEntry& entry);
  struct AuditHead {
    std::int64_t sequence = 0;
    std::string sha256;
  };
  Result<AuditHead> read_audit_head();
  Result<std::optional<DeclarationRecord>> find_by_lrn(std::string_view declarant,
                                                       std::string_view lrn);
  Result<LedgerResult> apply_movement_in_savepoint(LedgerWrite& write);
  Result<JournalDisposition> journal_in_savepoint(Statement& select, Statement& insert,
                                                  const std::vector<std::string_view>& key,
                                                  std::string_view sha256,
                                                  const std::vector<std::string_view>& texts,
                                                  std::int64_t at_us, std::string_view what,
                                                  std::optional<AuditEntry>& audit);
  Result<void> prepare_ledger_statements();
  friend class RegimeWriterTransaction;  // sqlite_regimes.cpp
  friend Result<void> run_regime_transaction(
      Writer& writer, const std::function<VoidResult(RegimeTransaction&)>& body);

  Connection connection_;  // declared first: statements are finalized before it closes
  Statement begin_, commit_, rollback_, savepoint_, release_, rollback_to_;
  Statement insert_declaration_, insert_event_, select_by_lrn_, advance_declaration_;
  Statement event_count_, reserve_block_, raise_reserved_through_;
  Statement insert_idempotency_key_, select_idempotency_key_, insert_audit_, audit_head_;
  Statement insert_token_, revoke_token_;
  Statement select_movement_, select_stock_, insert_movement_, insert_movement_line_, upsert_stock_;
  Statement select_transit_, insert_transit_, select_seal_event_, insert_seal_event_,
      insert_resolution_, select_refund_, insert_refund_, verify_refund_;
  Statement select_record_, select_linked_, insert_record_, update_record_, allowance_sum_,
      insert_allowance_, erase_record_;
  bool regime_prepared_ = false;
  bool ledger_prepared_ = false;
  std::int64_t persisted_through_ = 0;  // declaration_id_counter as of the last COMMIT
  std::int64_t pending_through_ = 0;    // what this group's COMMIT must make it
  AuditHead chain_head_;                // as of the last entry written
  AuditHead group_start_head_;          // as read when the group began
  std::optional<Error> transaction_error_;
};

class LodgeJob final : public WriteJob {
 public:
  // `results` holds, for each lodging, either nullopt (to be lodged) or its error already.
  LodgeJob(std::vector<NewLodging> lodgings,
           std::vector<std::optional<Result<LodgeResult>>> results)
      : lodgings_(std::move(lodgings)), results_(std::move(results)) {
    pending_ = static_cast<std::size_t>(
        std::count_if(results_.begin(), results_.end(), [](const auto& r) { return !r; }));
    to_lodge_.reserve(pending_);
    for (std::size_t i = 0; i < results_.size(); ++i) {
      if (!results_[i]) to_lodge_.push_back(i);
    }
  }

  std::size_t lodging_count() const override { return std::max<std::size_t>(pending_, 1); }

  void execute(Writer& writer) override {
    for (const std::size_t i : to_lodge_) {
      results_[i] = writer.lodge(lodgings_[i]);
      if (writer.transaction_lost()) return;
    }
  }

  std::vector<Result<LodgeResult>> take_results() {
    std::vector<Result<LodgeResult>> results;
    results.reserve(results_.size());
    for (auto& result : results_) results.push_back(std::move(*result));
    return results;
  }

 private:
  void on_finish(const Error* failure) override {
    if (failure == nullptr) return;
    for (const std::size_t i : to_lodge_) results_[i] = Result<LodgeResult>(*failure);
  }

  std::vector<NewLodging> lodgings_;
  std::vector<std::optional<Result<LodgeResult>>> results_;
  std::vector<std::size_t> to_lodge_;
  std::size_t pending_ = 0;
};

class AppendEventJob final : public WriteJob {
 public:
  AppendEventJob(std::string_view id, std::int64_t expected_event_count, Event event,
                 Status new_status, std::optional<Lane> new_lane, std::optional<AuditEntry> audit)
      : id_(id),
        expected_event_count_(expected_event_count),
        event_(std::move(event)),
        new_status_(new_status),
        new_lane_(new_lane),
        audit_(std::move(audit)) {}

  void execute(Writer& writer) override {
    result_ =
        writer.append_event(id_, expected_event_count_, event_, new_status_, new_lane_, audit_);
  }

  Result<DeclarationRecord> take_result() { return std::move(*result_); }

 private:
  void on_finish(const Error* failure) override {
    if (failure != nullptr) result_ = Result<DeclarationRecord>(*failure);
  }

  std::string_view id_;
  std::int64_t expected_event_count_;
  Event event_;
  Status new_status_;
  std::optional<Lane> new_lane_;
  std::optional<AuditEntry> audit_;
  std::optional<Result<DeclarationRecord>> result_;
};

// A single writer call (an audit entry, a token) run in a group.
template <class T>
class CallJob final : public WriteJob {
 public:
  explicit CallJob(std::function<Result<T>(Writer&)> call) : call_(std::move(call)) {}

  void execute(Writer& writer) override { result_ = call_(writer); }
  Result<T> take_result() { return std::move(*result_); }

 private:
  void on_finish(const Error* failure) override {
    if (failure != nullptr) result_ = Result<T>(*failure);
  }

  std::function<Result<T>(Writer&)> call_;
  std::optional<Result<T>> result_;
};

class ReserveIdsJob final : public WriteJob {
 public:
  explicit ReserveIdsJob(std::int64_t count) : count_(count) {}

  void execute(Writer& writer) override { through_ = writer.reserve_block(count_); }
  // The last number of the reserved block, once the group committed.
  const Result<std::int64_t>& through() const { return through_; }

 private:
  void on_finish(const Error* failure) override {
    if (failure != nullptr) through_ = *failure;
  }

  std::int64_t count_;
  Result<std::int64_t> through_ = make_error("store.io", "", "not run");
};

}  // namespace oc::sqlite
