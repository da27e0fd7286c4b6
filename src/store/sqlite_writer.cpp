// The writer: group transactions on the write connection.
#include "store/sqlite_writer.h"

#include <fmt/format.h>

#include <charconv>
#include <system_error>

#include "store/audit_chain.h"
#include "store/sqlite_rows.h"

namespace oc::sqlite {
namespace {

constexpr std::string_view kBeginSql = "BEGIN IMMEDIATE";
constexpr std::string_view kCommitSql = "COMMIT";
constexpr std::string_view kRollbackSql = "ROLLBACK";
constexpr std::string_view kSavepointSql = "SAVEPOINT lodging";
constexpr std::string_view kReleaseSql = "RELEASE lodging";
constexpr std::string_view kRollbackToSql = "ROLLBACK TO lodging";

constexpr std::string_view kEventCountSql = "SELECT event_count FROM declarations WHERE id = ?1";

constexpr std::string_view kReservedThroughSql =
    "SELECT reserved_through FROM declaration_id_counter WHERE singleton = 1";

// Takes the next block inside the transaction, so that two processes on one file (a server and a
// bulk import) get disjoint blocks.
constexpr std::string_view kReserveBlockSql =
    "UPDATE declaration_id_counter SET reserved_through = reserved_through + ?1 "
    "WHERE singleton = 1 RETURNING reserved_through";

constexpr std::string_view kRaiseReservedThroughSql =
    "UPDATE declaration_id_counter SET reserved_through = max(reserved_through, ?1) "
    "WHERE singleton = 1";

// The number of an id this store allocated ("D" + yyyymmdd + number); nullopt for other ids.
std::optional<std::int64_t> declaration_number(std::string_view id) {
  constexpr std::size_t kPrefixLength = 9;  // "D" + yyyymmdd
  if (id.size() <= kPrefixLength || id.front() != 'D') return std::nullopt;
  const std::string_view digits = id.substr(kPrefixLength);
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return number;
}

}  // namespace

Result<std::unique_ptr<Writer>> Writer::open(Connection connection) {
  auto writer = std::make_unique<Writer>(std::move(connection));
  const std::pair<Statement*, std::string_view> statements[] = {
      {&writer->begin_, kBeginSql},
      {&writer->commit_, kCommitSql},
      {&writer->rollback_, kRollbackSql},
      {&writer->savepoint_, kSavepointSql},
      {&writer->release_, kReleaseSql},
      {&writer->rollback_to_, kRollbackToSql},
      {&writer->insert_declaration_, kInsertDeclarationSql},
      {&writer->insert_event_, kInsertEventSql},
      {&writer->select_by_lrn_, kSelectByLrnSql},
      {&writer->advance_declaration_, kAdvanceDeclarationSql},
      {&writer->event_count_, kEventCountSql},
      {&writer->reserve_block_, kReserveBlockSql},
      {&writer->raise_reserved_through_, kRaiseReservedThroughSql},
      {&writer->insert_idempotency_key_, kInsertIdempotencyKeySql},
      {&writer->select_idempotency_key_, kSelectIdempotencyKeySql},
      {&writer->insert_audit_, kInsertAuditSql},
      {&writer->audit_head_, kAuditHeadSql},
      {&writer->insert_token_, kInsertTokenSql},
      {&writer->revoke_token_, kRevokeTokenSql},
  };
  for (const auto& [statement, sql] : statements) {
    auto prepared = Statement::prepare(writer->db(), sql);
    if (!prepared.ok()) return std::move(prepared).error();
    *statement = std::move(prepared).value();
  }
  auto reserved = Statement::prepare(writer->db(), kReservedThroughSql, false);
  if (!reserved.ok()) return std::move(reserved).error();
  StatementScope scope(*reserved);
  const int rc = reserved->step();
  if (rc != SQLITE_ROW) return make_sqlite_error(writer->db(), rc, "read declaration_id_counter");
  writer->persisted_through_ = reserved->int64(0);
  writer->pending_through_ = writer->persisted_through_;
  auto head = writer->read_audit_head();
  if (!head.ok()) return std::move(head).error();
  writer->chain_head_ = writer->group_start_head_ = std::move(head).value();
  return writer;
}

Result<Writer::AuditHead> Writer::read_audit_head() {
  StatementScope scope(audit_head_);
  const int rc = audit_head_.step();
  if (rc == SQLITE_DONE) return AuditHead{0, std::string(audit_first_previous_sha256)};
  if (rc != SQLITE_ROW) return make_sqlite_error(db(), rc, "read the audit chain head");
  return AuditHead{audit_head_.int64(0), std::string(audit_head_.text(1))};
}

Error Writer::fail(int result_code, std::string_view context) {
  Error error = make_sqlite_error(db(), result_code, context);
  if (!connection_.in_transaction() && !transaction_error_) transaction_error_ = error;
  return error;
}

Result<void> Writer::control(Statement& statement, std::string_view context) {
  StatementScope scope(statement);
  const int rc = statement.step();
  if (rc == SQLITE_DONE) return {};
  Error error = make_sqlite_error(db(), rc, context);
  if (!transaction_error_) transaction_error_ = error;
  return error;
}

void Writer::run_group(std::span<WriteJob* const> jobs) {
  transaction_error_.reset();
  if (control(begin_, "begin transaction").ok()) {
    if (auto head = read_audit_head(); head.ok()) {
      chain_head_ = group_start_head_ = std::move(head).value();
    } else {
      transaction_error_ = std::move(head).error();
    }
    for (WriteJob* job : jobs) {
      if (transaction_error_) break;
      job->execute(*this);
      if (transaction_error_) break;
    }
    if (!transaction_error_ && pending_through_ > persisted_through_) {
      StatementScope scope(raise_reserved_through_);
      raise_reserved_through_.bind_int64(1, pending_through_);
      const int rc = raise_reserved_through_.step();
      if (rc != SQLITE_DONE) {
        transaction_error_ = make_sqlite_error(db(), rc, "update declaration_id_counter");
      }
    }
    if (!transaction_error_) (void)control(commit_, "commit");
  }
  if (transaction_error_) {
    if (connection_.in_transaction()) {
      StatementScope scope(rollback_);
      (void)rollback_.step();  // nothing more to do if even this fails: the group is lost
    }
    pending_through_ = persisted_through_;
    chain_head_ = group_start_head_;
  } else {
    persisted_through_ = pending_through_;
  }
  const std::optional<Error> failure = std::move(transaction_error_);
  transaction_error_.reset();
  for (WriteJob* job : jobs) job->finish(failure ? &*failure : nullptr);
}

template <class T, class Body>
Result<T> Writer::in_savepoint(Body body) {
  auto opened = control(savepoint_, "savepoint");
  if (!opened.ok()) return std::move(opened).error();
  const AuditHead head = chain_head_;
  Result<T> result = body();
  if (transaction_error_) return *transaction_error_;
  if (!result.ok()) {
    chain_head_ = head;  // the entries it wrote are undone: their numbers are free again
    auto undone = control(rollback_to_, "rollback to savepoint");
    if (!undone.ok()) return std::move(undone).error();
  }
  auto released = control(release_, "release savepoint");
  if (!released.ok()) return std::move(released).error();
  return result;
}

Result<LedgerResult> Writer::apply_movement(LedgerWrite& write) {
  OC_TRY(prepare_ledger_statements());  // sqlite_ledger.cpp
  return in_savepoint<LedgerResult>([&] { return apply_movement_in_savepoint(write); });
}

Result<JournalDisposition> Writer::record_transit(TransitRecord& record,
                                                  std::optional<AuditEntry>& audit) {
  OC_TRY(prepare_ledger_statements());
  return in_savepoint<JournalDisposition>([&] {
    return journal_in_savepoint(select_transit_, insert_transit_, {record.id}, record.body_sha256,
                                {record.body_json, record.office, record.registered_by},
                                record.registered_at.time_since_epoch().count(), "transit", audit);
  });
}

Result<JournalDisposition> Writer::record_seal_event(SealEventRecord& record,
                                                     std::optional<AuditEntry>& audit) {
  OC_TRY(prepare_ledger_statements());
  return in_savepoint<JournalDisposition>([&] {
    return journal_in_savepoint(select_seal_event_, insert_seal_event_,
                                {record.transit_id, record.id}, record.body_sha256,
                                {record.body_json}, record.received_at.time_since_epoch().count(),
                                "seal_event", audit);
  });
}

Result<void> Writer::record_alert_resolution(AlertResolutionRecord& record,
                                             std::optional<AuditEntry>& audit) {
  OC_TRY(prepare_ledger_statements());
  return in_savepoint<void>([&]() -> Result<void> {
    StatementScope scope(insert_resolution_);
    insert_resolution_.bind_text(1, record.transit_id);
    insert_resolution_.bind_text(2, record.alert_id);
    insert_resolution_.bind_text(3, record.resolved_by);
    insert_resolution_.bind_int64(4, record.resolved_at.time_since_epoch().count());
    const int rc = insert_resolution_.step();
    if (rc != SQLITE_DONE) return fail(rc, "write alert resolution");
    if (audit) OC_TRY(write_audit(*audit));
    return {};
  });
}

Result<JournalDisposition> Writer::record_refund_form(RefundFormRecord& record,
                                                      std::optional<AuditEntry>& audit) {
  OC_TRY(prepare_ledger_statements());
  const std::string cents = std::to_string(record.refund_cents);  // INTEGER affinity converts it
  return in_savepoint<JournalDisposition>([&] {
    return journal_in_savepoint(select_refund_, insert_refund_, {record.id}, record.body_sha256,
                                {record.store, record.traveller_key, record.purchase_date,
                                 record.body_json, record.content_hash, record.payload, cents},
                                record.issued_at.time_since_epoch().count(), "form", audit);
  });
}

Result<void> Writer::mark_refund_verified(std::string_view id, TimePoint at, std::string_view port,
                                          std::int64_t cash_cents,
                                          std::optional<AuditEntry>& audit) {
  OC_TRY(prepare_ledger_statements());
  return in_savepoint<void>([&]() -> Result<void> {
    StatementScope scope(verify_refund_);
    verify_refund_.bind_text(1, id);
    verify_refund_.bind_int64(2, at.time_since_epoch().count());
    verify_refund_.bind_text(3, port);
    verify_refund_.bind_int64(4, cash_cents);
    const int rc = verify_refund_.step();
    if (rc == SQLITE_DONE) {
      return make_error("form.already_verified", "/qr_payload",
                        "form " + std::string(id) + " was verified before");
    }
    if (rc != SQLITE_ROW) return fail(rc, "verify refund form");
    if (audit) OC_TRY(write_audit(*audit));
    return {};
  });
}

Result<void> Writer::transact(const std::function<VoidResult(RegimeTransaction&)>& body) {
  return in_savepoint<void>([&] { return run_regime_transaction(*this, body); });
}

Result<LodgeResult> Writer::lodge(NewLodging& lodging) {
  return in_savepoint<LodgeResult>([&] { return lodge_in_savepoint(lodging); });
}

Result<LodgeResult> Writer::lodge_in_savepoint(NewLodging& lodging) {
  Result<LodgeResult> outcome = store_declaration(lodging);
  if (transaction_error_) return outcome;
  if (lodging.idempotency && (outcome.ok() || outcome.error().code == "lodging.lrn_conflict")) {
    auto recorded = record_idempotency_key(*lodging.idempotency, outcome);
    if (!recorded.ok()) return std::move(recorded).error();
  }
  if (outcome.ok() && outcome->disposition == LodgeDisposition::created && lodging.audit) {
    lodging.audit->target = outcome->record.id;
    auto written = write_audit(*lodging.audit);
    if (!written.ok()) return std::move(written).error();
  }
  return outcome;
}

Result<void> Writer::record_idempotency_key(IdempotencyKey& key,
                                            const Result<LodgeResult>& outcome) {
  if (outcome.ok()) {
    key.declaration_id = outcome->record.id;
    StatementScope scope(insert_idempotency_key_);
    bind_idempotency_key(insert_idempotency_key_, key);
    const int rc = insert_idempotency_key_.step();
    if (rc != SQLITE_DONE) return fail(rc, "insert idempotency key");
    if (sqlite3_changes(db()) == 1) return {};
  }
  StatementScope scope(select_idempotency_key_);
  select_idempotency_key_.bind_text(1, key.scope);
  select_idempotency_key_.bind_text(2, key.key);
  const int rc = select_idempotency_key_.step();
  if (rc == SQLITE_DONE) return {};  // no key, and the lodging failed on its own
  if (rc != SQLITE_ROW) return fail(rc, "read idempotency key");
  const IdempotencyKey existing = read_idempotency_key(select_idempotency_key_);
  const bool same_request = existing.request_sha256 == key.request_sha256;
  if (!outcome.ok() && same_request) return {};  // the lodging's own error stands
  if (outcome.ok() && same_request && existing.declaration_id == outcome->record.id) return {};
  return make_error("idempotency.key_reused", "",
                    fmt::format("Idempotency-Key '{}' was already used for another request "
                                "(declaration {}); use a new key for a new request",
                                key.key, existing.declaration_id));
}

Result<void> Writer::write_audit(AuditEntry& entry) {
  entry.sequence = chain_head_.sequence + 1;
  entry.previous_sha256 = chain_head_.sha256;
  entry.sha256 = audit_entry_hash(entry);
  StatementScope scope(insert_audit_);
  bind_audit_entry(insert_audit_, entry);
  const int rc = insert_audit_.step();
  if (rc != SQLITE_DONE) return fail(rc, fmt::format("insert audit entry {}", entry.sequence));
  chain_head_ = AuditHead{entry.sequence, entry.sha256};
  return {};
}

Result<AuditEntry> Writer::append_audit(AuditEntry entry) {
  auto written = write_audit(entry);
  if (!written.ok()) return std::move(written).error();
  return entry;
}

Result<void> Writer::create_token(const TokenRecord& token) {
  const std::string offices = offices_to_json(token.offices);
  StatementScope scope(insert_token_);
  bind_token(insert_token_, token, offices);
  const int rc = insert_token_.step();
  if (rc == SQLITE_DONE) return {};
  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return make_error("store.duplicate_id", "",
                      fmt::format("token id {} is already stored", token.id));
  }
  if (rc == SQLITE_CONSTRAINT_UNIQUE) {
    return make_error(
        "store.duplicate_id", "",
        fmt::format("token {}: a token with the same secret hash is already stored", token.id));
  }
  return fail(rc, fmt::format("insert token {}", token.id));
}

Result<TokenRecord> Writer::revoke_token(std::string_view id, TimePoint at) {
  StatementScope scope(revoke_token_);
  revoke_token_.bind_text(1, id);
  revoke_token_.bind_int64(2, at.time_since_epoch().count());
  const int rc = revoke_token_.step();
  if (rc == SQLITE_DONE) {
    return make_error("token.not_found", "", fmt::format("no token with id {}", id));
  }
  if (rc != SQLITE_ROW) return fail(rc, fmt::format("revoke token {}", id));
  return read_token(revoke_token_);
}

Result<LodgeResult> Writer::store_declaration(NewLodging& lodging) {
  const DeclarationRecord& record = lodging.record;
  int rc = SQLITE_OK;
  std::optional<Error> constraint_error;
  {
    StatementScope scope(insert_declaration_);
    bind_record(insert_declaration_, record);
    rc = insert_declaration_.step();
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
      constraint_error = make_sqlite_error(db(), rc, "insert declaration " + record.id);
    } else if (rc != SQLITE_DONE) {
      return fail(rc, "insert declaration " + record.id);
    }
  }
  // Nothing inserted: (declarant, lrn) is taken (DO NOTHING), or another constraint failed.
  if (constraint_error || sqlite3_changes(db()) == 0) {
    auto existing = find_by_lrn(record.declarant, record.lrn);
    if (!existing.ok()) return std::move(existing).error();
    if (!existing->has_value()) {
      if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE) {
        return make_error("store.duplicate_id", "",
                          fmt::format("declaration id {} is already stored", record.id));
      }
      if (constraint_error) return *constraint_error;
      return make_error("store.io", "",
                        fmt::format("insert declaration {}: no row written", record.id));
    }
    DeclarationRecord& original = **existing;
    if (original.body_sha256 != record.body_sha256) {
      return make_error("lodging.lrn_conflict", "/lrn",
                        fmt::format("declarant {} already lodged lrn {} as declaration {} with a "
                                    "different body; use a new lrn for a new declaration",
                                    record.declarant, record.lrn, original.id));
    }
    return LodgeResult{LodgeDisposition::replayed, std::move(original)};
  }
  for (const Event& event : lodging.events) {
    StatementScope scope(insert_event_);
    bind_event(insert_event_, event);
    rc = insert_event_.step();
    if (rc != SQLITE_DONE) {
      return fail(rc, fmt::format("insert event {} of {}", event.sequence, record.id));
    }
  }
  // A number handed out while its block could not be reserved is made safe here.
  if (const auto number = declaration_number(record.id)) {
    pending_through_ = std::max(pending_through_, *number);
  }
  return LodgeResult{LodgeDisposition::created, std::move(lodging.record)};
}

Result<DeclarationRecord> Writer::append_event(std::string_view id,
                                               std::int64_t expected_event_count,
                                               const Event& event, Status new_status,
                                               std::optional<Lane> new_lane,
                                               std::optional<AuditEntry>& audit) {
  return in_savepoint<DeclarationRecord>([&] {
    return append_in_savepoint(id, expected_event_count, event, new_status, new_lane, audit);
  });
}

Result<DeclarationRecord> Writer::append_in_savepoint(std::string_view id,
                                                      std::int64_t expected_event_count,
                                                      const Event& event, Status new_status,
                                                      std::optional<Lane> new_lane,
                                                      std::optional<AuditEntry>& audit) {
  std::optional<DeclarationRecord> advanced;
  {
    StatementScope scope(advance_declaration_);
    advance_declaration_.bind_text(1, to_string(new_status));
    if (new_lane) {
      advance_declaration_.bind_text(2, to_string(*new_lane));
    } else {
      advance_declaration_.bind_null(2);
    }
    advance_declaration_.bind_text(3, id);
    advance_declaration_.bind_int64(4, expected_event_count);
    const int rc = advance_declaration_.step();
    if (rc == SQLITE_ROW) {
      auto record = read_record(advance_declaration_);
      if (!record.ok()) return std::move(record).error();
      advanced = std::move(record).value();
    } else if (rc != SQLITE_DONE) {
      return fail(rc, fmt::format("update declaration {}", id));
    }
  }
  if (!advanced) {
    StatementScope scope(event_count_);
    event_count_.bind_text(1, id);
    const int rc = event_count_.step();
    if (rc == SQLITE_DONE) {
      return make_error("store.not_found", "", fmt::format("declaration {} not found", id));
    }
    if (rc != SQLITE_ROW) return fail(rc, fmt::format("read declaration {}", id));
    return make_error("store.conflict", "",
                      fmt::format("declaration {} has {} events, not the expected {}: it was "
                                  "changed meanwhile; reload it and retry",
                                  id, event_count_.int64(0), expected_event_count));
  }
  {
    StatementScope scope(insert_event_);
    bind_event(insert_event_, event);
    const int rc = insert_event_.step();
    if (rc != SQLITE_DONE) {
      return fail(rc, fmt::format("insert event {} of {}", event.sequence, id));
    }
  }
  if (audit) {
    auto written = write_audit(*audit);
    if (!written.ok()) return std::move(written).error();
  }
  return std::move(*advanced);
}

Result<std::int64_t> Writer::reserve_block(std::int64_t count) {
  StatementScope scope(reserve_block_);
  reserve_block_.bind_int64(1, count);
  const int rc = reserve_block_.step();
  if (rc != SQLITE_ROW) return fail(rc, "reserve declaration numbers");
  const std::int64_t through = reserve_block_.int64(0);
  pending_through_ = std::max(pending_through_, through);
  return through;
}

Result<std::optional<DeclarationRecord>> Writer::find_by_lrn(std::string_view declarant,
                                                             std::string_view lrn) {
  StatementScope scope(select_by_lrn_);
  select_by_lrn_.bind_text(1, declarant);
  select_by_lrn_.bind_text(2, lrn);
  const int rc = select_by_lrn_.step();
  if (rc == SQLITE_DONE) return std::optional<DeclarationRecord>();
  if (rc != SQLITE_ROW) return fail(rc, "find declaration by lrn");
  auto record = read_record(select_by_lrn_);
  if (!record.ok()) return std::move(record).error();
  return std::optional<DeclarationRecord>(std::move(record).value());
}

}  // namespace oc::sqlite
