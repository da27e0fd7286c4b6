// SqliteStore: the Store on one SQLite file. The design (connections, group commit, id blocks)
// is described in sqlite_store.h.
#include "store/sqlite_store.h"

#include <fmt/format.h>
#include <pthread.h>
#include <simdjson.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/sha256.h"
#include "declaration/lifecycle.h"
#include "store/audit_chain.h"
#include "store/sqlite_handle.h"
#include "store/sqlite_list_query.h"
#include "store/sqlite_migrations.h"
#include "store/sqlite_rows.h"
#include "store/sqlite_verify.h"
#include "store/sqlite_writer.h"

namespace oc {
namespace {

using sqlite::AppendEventJob;
using sqlite::CallJob;
using sqlite::Connection;
using sqlite::DeclarationQuery;
using sqlite::lane_name;
using sqlite::LodgeJob;
using sqlite::make_sqlite_error;
using sqlite::read_event;
using sqlite::read_record;
using sqlite::ReserveIdsJob;
using sqlite::Statement;
using sqlite::StatementScope;
using sqlite::WriteJob;
using sqlite::Writer;

// SQLite's journal_size_limit: the WAL file is truncated back to this size after a checkpoint.
constexpr std::int64_t kWalSizeLimitBytes = 64 * 1024 * 1024;

// A read transaction, so that verify() sees one snapshot while lodgings go on.
constexpr std::string_view kBeginReadSql = "BEGIN";
constexpr std::string_view kEndReadSql = "COMMIT";

// Statements built at run time (list queries) that one read connection keeps prepared; past
// this many shapes the cache starts over.
constexpr std::size_t kQueryCacheMax = 256;

// importer.id and exporter.id of a declaration body ("" when absent or not a string, or when the
// body is not JSON): what the record's importer_id and exporter_id must be, and what migration 2
// and verify() derive with SQLite's json_extract.
std::pair<std::string, std::string> body_parties(std::string_view body_json) {
  thread_local simdjson::dom::parser parser;
  const simdjson::padded_string json(body_json);
  simdjson::dom::element root;
  if (parser.parse(json).get(root) != simdjson::SUCCESS) return {};
  const auto party_id = [&](const char* party) {
    std::string_view id;
    if (root[party]["id"].get_string().get(id) != simdjson::SUCCESS) return std::string();
    return std::string(id);
  };
  return {party_id("importer"), party_id("exporter")};
}

// The preconditions store.h puts on a NewLodging; checked before anything is written.
Result<void> check_lodging(const NewLodging& lodging) {
  const DeclarationRecord& record = lodging.record;
  const auto invalid = [&](std::string_view why) {
    return make_error("store.invalid_lodging", "",
                      fmt::format("declaration {}: {}", record.id, why));
  };
  if (record.id.empty() || record.declarant.empty() || record.lrn.empty()) {
    return invalid("id, declarant and lrn must not be empty");
  }
  if (lodging.events.empty() || lodging.events.front().type != EventType::lodged) {
    return invalid("the events must start with `lodged`");
  }
  for (std::size_t i = 0; i < lodging.events.size(); ++i) {
    const Event& event = lodging.events[i];
    if (event.sequence != static_cast<std::int64_t>(i + 1)) {
      return invalid(fmt::format("event {} has sequence {}", i + 1, event.sequence));
    }
    if (event.declaration_id != record.id) {
      return invalid(
          fmt::format("event {} belongs to declaration '{}'", i + 1, event.declaration_id));
    }
  }
  if (record.event_count != static_cast<std::int64_t>(lodging.events.size())) {
    return invalid(fmt::format("event_count is {} but {} events are given", record.event_count,
                               lodging.events.size()));
  }
  if (sha256_hex(record.body_json) != record.body_sha256) {
    return invalid("body_sha256 is not the SHA-256 of body_json");
  }
  const auto [importer_id, exporter_id] = body_parties(record.body_json);
  if (record.importer_id != importer_id || record.exporter_id != exporter_id) {
    return invalid(fmt::format(
        "importer_id '{}' and exporter_id '{}' are not the body's importer and exporter ('{}', "
        "'{}')",
        record.importer_id, record.exporter_id, importer_id, exporter_id));
  }
  // The stored status and lane must be what the events say, or verify() would flag the record.
  auto state = replay(lodging.events);
  if (!state.ok()) {
    return invalid(
        fmt::format("the events do not replay: {}: {}", state.error().code, state.error().message));
  }
  if (state->status != record.status || state->lane != record.lane) {
    return invalid(fmt::format("status {} and lane {} do not follow from the events ({}, {})",
                               to_string(record.status), lane_name(record.lane),
                               to_string(state->status), lane_name(state->lane)));
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Read connections.

struct Reader {
  Connection connection;  // declared first: statements are finalized before it closes
  Statement find_by_id;
  Statement find_by_lrn;
  Statement events;
  Statement find_idempotency_key;
  Statement find_token_by_hash;
  Statement all_tokens;
  Statement audit_after;
  std::unordered_map<std::string, Statement> queries;  // list queries by SQL text

  // A fixed statement kept prepared by its SQL text (zone ledger reads).
  Result<Statement*> prepare_sql(std::string_view sql) {
    auto found = queries.find(std::string(sql));
    if (found == queries.end()) {
      if (queries.size() >= kQueryCacheMax) queries.clear();
      auto prepared = Statement::prepare(connection.get(), sql);
      if (!prepared.ok()) return std::move(prepared).error();
      found = queries.emplace(std::string(sql), std::move(prepared).value()).first;
    }
    return &found->second;
  }

  // The prepared statement of `query`, binding its parameters.
  Result<Statement*> prepare(const DeclarationQuery& query) {
    auto found = queries.find(query.sql);
    if (found == queries.end()) {
      if (queries.size() >= kQueryCacheMax) queries.clear();
      auto prepared = Statement::prepare(connection.get(), query.sql);
      if (!prepared.ok()) return std::move(prepared).error();
      found = queries.emplace(query.sql, std::move(prepared).value()).first;
    }
    Statement& statement = found->second;
    for (std::size_t i = 0; i < query.parameters.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      if (const auto* text = std::get_if<std::string_view>(&query.parameters[i])) {
        statement.bind_text(index, *text);
      } else {
        statement.bind_int64(index, std::get<std::int64_t>(query.parameters[i]));
      }
    }
    return &statement;
  }
};

// A fixed set of read connections; acquire() blocks while all are lent out.
class ReaderPool {
 public:
  class Lease {
   public:
    Lease(ReaderPool& pool, Reader& reader) : pool_(pool), reader_(reader) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_.give_back(reader_); }
    Reader* operator->() const { return &reader_; }

   private:
    ReaderPool& pool_;
    Reader& reader_;
  };

  void add(std::unique_ptr<Reader> reader) {
    free_.push_back(reader.get());
    readers_.push_back(std::move(reader));
  }

  Lease acquire() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return !free_.empty(); });
    Reader* reader = free_.back();
    free_.pop_back();
    return Lease(*this, *reader);
  }

 private:
  void give_back(Reader& reader) {
    {
      std::lock_guard lock(mutex_);
      free_.push_back(&reader);
    }
    available_.notify_one();
  }

  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Reader>> readers_;
  std::vector<Reader*> free_;
};

// PRAGMAs every connection gets. journal_mode=WAL is persistent in the file; setting it on each
// connection is harmless and checks that the file really is in WAL mode.
Result<void> configure_connection(Connection& connection, const SqliteOptions& options) {
  auto mode = connection.query_text("PRAGMA journal_mode = WAL", "set journal_mode");
  if (!mode.ok()) return std::move(mode).error();
  if (*mode != "wal") {
    return make_error(
        "store.io", "",
        fmt::format("set journal_mode: the database stays in '{}' mode, not WAL", *mode));
  }
  const std::string pragmas = fmt::format(
      "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {}; "
      "PRAGMA journal_size_limit = {};",
      options.busy_timeout_ms, kWalSizeLimitBytes);
  return connection.exec(pragmas, "set pragmas");
}

Result<std::unique_ptr<Reader>> open_reader(const std::filesystem::path& file,
                                            const SqliteOptions& options) {
  auto connection = Connection::open(file, options.busy_timeout_ms);
  if (!connection.ok()) return std::move(connection).error();
  auto reader = std::make_unique<Reader>();
  reader->connection = std::move(connection).value();
  OC_TRY(configure_connection(reader->connection, options));
  OC_TRY(reader->connection.exec("PRAGMA query_only = ON", "set query_only"));
  const std::pair<Statement*, std::string_view> statements[] = {
      {&reader->find_by_id, sqlite::kSelectByIdSql},
      {&reader->find_by_lrn, sqlite::kSelectByLrnSql},
      {&reader->events, sqlite::kSelectEventsSql},
      {&reader->find_idempotency_key, sqlite::kSelectIdempotencyKeySql},
      {&reader->find_token_by_hash, sqlite::kSelectTokenByHashSql},
      {&reader->all_tokens, sqlite::kSelectAllTokensSql},
      {&reader->audit_after, sqlite::kSelectAuditAfterSql},
  };
  for (const auto& [statement, sql] : statements) {
    auto prepared = Statement::prepare(reader->connection.get(), sql);
    if (!prepared.ok()) return std::move(prepared).error();
    *statement = std::move(prepared).value();
  }
  return reader;
}

// ---------------------------------------------------------------------------------------------
// The store.

class SqliteStore final : public Store {
 public:
  SqliteStore(const SqliteOptions& options, std::unique_ptr<Writer> writer)
      : options_(options),
        writer_(std::move(writer)),
        next_number_(writer_->persisted_through() + 1),
        reserved_limit_(writer_->persisted_through()) {}

  ~SqliteStore() override {
    if (writer_thread_.joinable()) {
      {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
      }
      queue_ready_.notify_one();
      writer_thread_.join();
    }
  }

  // REQUIRES: called once, before the store is shared. Throws std::system_error when no thread
  // can be started (open_sqlite_store turns it into store.io).
  void start_writer_thread() {
    if (options_.group_commit) writer_thread_ = std::thread([this] { writer_loop(); });
  }

  void add_reader(std::unique_ptr<Reader> reader) { readers_.add(std::move(reader)); }

  std::string allocate_declaration_id(TimePoint lodged_at) override {
    std::int64_t number = 0;
    {
      std::lock_guard lock(id_mutex_);
      if (next_number_ > reserved_limit_) {
        ReserveIdsJob job(options_.declaration_ids_per_block);
        submit(job);
        if (job.through().ok()) {
          reserved_limit_ = *job.through();
          // Another process may have taken the blocks in between; never step back.
          next_number_ =
              std::max(next_number_, reserved_limit_ - options_.declaration_ids_per_block + 1);
        }
        // If the reservation failed, the number is handed out anyway: the next call retries the
        // reservation, and a lodging under this id raises the mark in its own transaction.
      }
      number = next_number_++;
    }
    return fmt::format("D{}{:08}", format_date_compact(lodged_at), number);
  }

  Result<LodgeResult> lodge(NewLodging lodging) override {
    auto checked = check_lodging(lodging);
    if (!checked.ok()) return std::move(checked).error();
    std::vector<NewLodging> lodgings;
    lodgings.push_back(std::move(lodging));
    LodgeJob job(std::move(lodgings), std::vector<std::optional<Result<LodgeResult>>>(1));
    submit(job);
    return std::move(job.take_results().front());
  }

  std::vector<Result<LodgeResult>> lodge_batch(std::vector<NewLodging> lodgings) override {
    if (lodgings.size() > options_.lodge_batch_max) {
      const Error too_large =
          make_error("store.batch_too_large", "",
                     fmt::format("a batch of {} lodgings exceeds the limit of {}; split it",
                                 lodgings.size(), options_.lodge_batch_max));
      return std::vector<Result<LodgeResult>>(lodgings.size(), Result<LodgeResult>(too_large));
    }
    std::vector<std::optional<Result<LodgeResult>>> results(lodgings.size());
    bool any_valid = false;
    for (std::size_t i = 0; i < lodgings.size(); ++i) {
      auto checked = check_lodging(lodgings[i]);
      if (checked.ok()) {
        any_valid = true;
      } else {
        results[i] = Result<LodgeResult>(std::move(checked).error());
      }
    }
    LodgeJob job(std::move(lodgings), std::move(results));
    if (any_valid) {
      submit(job);
    } else {
      job.finish(nullptr);
    }
    return job.take_results();
  }

  Result<std::optional<DeclarationRecord>> find(std::string_view id) override {
    auto reader = readers_.acquire();
    Statement& query = reader->find_by_id;
    StatementScope scope(query);
    query.bind_text(1, id);
    return one_record(query, "find declaration");
  }

  Result<std::optional<DeclarationRecord>> find_by_lrn(std::string_view declarant,
                                                       std::string_view lrn) override {
    auto reader = readers_.acquire();
    Statement& query = reader->find_by_lrn;
    StatementScope scope(query);
    query.bind_text(1, declarant);
    query.bind_text(2, lrn);
    return one_record(query, "find declaration by lrn");
  }

  Result<std::vector<Event>> events(std::string_view id) override {
    auto reader = readers_.acquire();
    Statement& query = reader->events;
    StatementScope scope(query);
    query.bind_text(1, id);
    std::vector<Event> events;
    int rc = SQLITE_OK;
    while ((rc = query.step()) == SQLITE_ROW) {
      auto event = read_event(query);
      if (!event.ok()) return std::move(event).error();
      events.push_back(std::move(event).value());
    }
    if (rc != SQLITE_DONE) return make_sqlite_error(query.db(), rc, "read events");
    return events;
  }

  Result<DeclarationRecord> append_event(std::string_view id, std::int64_t expected_event_count,
                                         Event event, Status new_status,
                                         std::optional<Lane> new_lane) override {
    return append_event(id, expected_event_count, std::move(event), new_status, new_lane,
                        std::nullopt);
  }

  Result<DeclarationRecord> append_event(std::string_view id, std::int64_t expected_event_count,
                                         Event event, Status new_status,
                                         std::optional<Lane> new_lane,
                                         std::optional<AuditEntry> audit) override {
    if (event.declaration_id != id || event.sequence != expected_event_count + 1) {
      return make_error(
          "store.invalid_event", "",
          fmt::format("event {} of declaration '{}' cannot follow event {} of "
                      "declaration {}",
                      event.sequence, event.declaration_id, expected_event_count, id));
    }
    AppendEventJob job(id, expected_event_count, std::move(event), new_status, new_lane,
                       std::move(audit));
    submit(job);
    return job.take_result();
  }

  Result<std::vector<DeclarationRecord>> list_declarations(
      const DeclarationFilter& filter) override {
    if (filter.limit < 1 || filter.limit > declarations_page_max) {
      return make_error(
          "store.invalid_options", "",
          fmt::format("list limit {} is not within 1..{}", filter.limit, declarations_page_max));
    }
    const DeclarationQuery query = sqlite::declaration_page_query(filter);
    std::vector<DeclarationRecord> records;
    if (query.matches_nothing) return records;
    auto reader = readers_.acquire();
    auto statement = reader->prepare(query);
    if (!statement.ok()) return std::move(statement).error();
    Statement& rows = **statement;
    StatementScope scope(rows);
    int rc = SQLITE_OK;
    while ((rc = rows.step()) == SQLITE_ROW) {
      auto record = read_record(rows);
      if (!record.ok()) return std::move(record).error();
      records.push_back(std::move(record).value());
    }
    if (rc != SQLITE_DONE) return make_sqlite_error(rows.db(), rc, "list declarations");
    return records;
  }

  Result<std::vector<std::vector<Event>>> events_of_declarations(
      const DeclarationFilter& filter, std::size_t declarations_max) override {
    const auto max = static_cast<std::int64_t>(
        std::min<std::size_t>(declarations_max, static_cast<std::size_t>(INT64_MAX)));
    const DeclarationQuery query = sqlite::declaration_events_query(filter, max);
    std::vector<std::vector<Event>> declarations;
    if (query.matches_nothing) return declarations;
    auto reader = readers_.acquire();
    auto statement = reader->prepare(query);
    if (!statement.ok()) return std::move(statement).error();
    Statement& rows = **statement;
    StatementScope scope(rows);
    int rc = SQLITE_OK;
    while ((rc = rows.step()) == SQLITE_ROW) {
      auto event = read_event(rows);
      if (!event.ok()) return std::move(event).error();
      if (declarations.empty() ||
          declarations.back().front().declaration_id != event->declaration_id) {
        declarations.emplace_back();
      }
      declarations.back().push_back(std::move(event).value());
    }
    if (rc != SQLITE_DONE) return make_sqlite_error(rows.db(), rc, "read events of declarations");
    return declarations;
  }

  Result<std::optional<IdempotencyKey>> find_idempotency_key(std::string_view scope,
                                                             std::string_view key) override {
    auto reader = readers_.acquire();
    Statement& query = reader->find_idempotency_key;
    StatementScope statement_scope(query);
    query.bind_text(1, scope);
    query.bind_text(2, key);
    const int rc = query.step();
    if (rc == SQLITE_DONE) return std::optional<IdempotencyKey>();
    if (rc != SQLITE_ROW) return make_sqlite_error(query.db(), rc, "find idempotency key");
    return std::optional<IdempotencyKey>(sqlite::read_idempotency_key(query));
  }

  Result<AuditEntry> append_audit(AuditEntry entry) override {
    CallJob<AuditEntry> job(
        [&entry](Writer& writer) { return writer.append_audit(std::move(entry)); });
    submit(job);
    return job.take_result();
  }

  Result<std::vector<AuditEntry>> audit_entries(std::int64_t after_sequence,
                                                std::size_t limit) override {
    auto reader = readers_.acquire();
    Statement& query = reader->audit_after;
    StatementScope scope(query);
    query.bind_int64(1, after_sequence);
    query.bind_int64(2, static_cast<std::int64_t>(
                            std::min<std::size_t>(limit, static_cast<std::size_t>(INT64_MAX))));
    std::vector<AuditEntry> entries;
    int rc = SQLITE_OK;
    while ((rc = query.step()) == SQLITE_ROW) entries.push_back(sqlite::read_audit_entry(query));
    if (rc != SQLITE_DONE) return make_sqlite_error(query.db(), rc, "read audit entries");
    return entries;
  }

  Result<AuditReport> verify_audit() override {
    auto reader = readers_.acquire();
    Connection& connection = reader->connection;
    OC_TRY(connection.exec(kBeginReadSql, "begin read"));
    auto report = sqlite::verify_audit_log(connection, options_.verify_problems_max);
    (void)connection.exec(kEndReadSql, "end read");
    return report;
  }

  VoidResult create_token(const TokenRecord& token) override {
    CallJob<void> job([&token](Writer& writer) { return writer.create_token(token); });
    submit(job);
    return job.take_result();
  }

  Result<std::optional<TokenRecord>> find_token_by_hash(std::string_view token_sha256) override {
    auto reader = readers_.acquire();
    Statement& query = reader->find_token_by_hash;
    StatementScope scope(query);
    query.bind_text(1, token_sha256);
    const int rc = query.step();
    if (rc == SQLITE_DONE) return std::optional<TokenRecord>();
    if (rc != SQLITE_ROW) return make_sqlite_error(query.db(), rc, "find token");
    auto token = sqlite::read_token(query);
    if (!token.ok()) return std::move(token).error();
    return std::optional<TokenRecord>(std::move(token).value());
  }

  Result<std::vector<TokenRecord>> list_tokens() override {
    auto reader = readers_.acquire();
    Statement& query = reader->all_tokens;
    StatementScope scope(query);
    std::vector<TokenRecord> tokens;
    int rc = SQLITE_OK;
    while ((rc = query.step()) == SQLITE_ROW) {
      auto token = sqlite::read_token(query);
      if (!token.ok()) return std::move(token).error();
      tokens.push_back(std::move(token).value());
    }
    if (rc != SQLITE_DONE) return make_sqlite_error(query.db(), rc, "list tokens");
    return tokens;
  }

  Result<TokenRecord> revoke_token(std::string_view id, TimePoint at) override {
    CallJob<TokenRecord> job([&](Writer& writer) { return writer.revoke_token(id, at); });
    submit(job);
    return job.take_result();
  }

  Result<LedgerResult> apply_movement(LedgerWrite write) override {
    if (write.lodging) {
      auto checked = check_lodging(*write.lodging);
      if (!checked.ok()) return std::move(checked).error();
    }
    CallJob<LedgerResult> job([&write](Writer& writer) { return writer.apply_movement(write); });
    submit(job);
    return job.take_result();
  }

  std::vector<Result<LedgerResult>> apply_movements(std::vector<LedgerWrite> writes) override {
    std::vector<Result<LedgerResult>> results;
    if (writes.size() > options_.lodge_batch_max) {
      const Error too_large =
          make_error("store.batch_too_large", "",
                     fmt::format("a batch of {} movements exceeds the limit of {}; split it",
                                 writes.size(), options_.lodge_batch_max));
      return std::vector<Result<LedgerResult>>(writes.size(), Result<LedgerResult>(too_large));
    }
    CallJob<std::vector<Result<LedgerResult>>> job([&writes](Writer& writer) {
      std::vector<Result<LedgerResult>> each;
      each.reserve(writes.size());
      for (LedgerWrite& write : writes) each.push_back(writer.apply_movement(write));
      return Result<std::vector<Result<LedgerResult>>>(std::move(each));
    });
    submit(job);
    auto all = job.take_result();
    if (!all) return std::vector<Result<LedgerResult>>(writes.size(), Result<LedgerResult>(all.error()));
    return std::move(*all);
  }

  Result<std::vector<StockLine>> stock(std::string_view zone, std::string_view enterprise) override {
    return read_all<StockLine>(
        "SELECT item, hs_code, unit, quantity_micro FROM zone_stock WHERE zone = ?1 AND "
        "enterprise = ?2 ORDER BY item",
        [](Statement& s) {
          return StockLine{std::string(s.text(0)), std::string(s.text(1)),
                           std::string(s.text(2)), s.int64(3)};
        },
        {std::string(zone), std::string(enterprise)});
  }

  Result<std::vector<MovementRecord>> movements(std::string_view zone, std::string_view enterprise,
                                                std::int64_t after, std::size_t limit) override {
    auto reader = readers_.acquire();
    auto query = reader->prepare_sql(
        "SELECT m.sequence, m.zone, m.enterprise, m.id, m.kind, m.body_json, m.answer_json, "
        "m.declaration_id, m.at_us FROM zone_movements m WHERE m.sequence IN (SELECT DISTINCT "
        "sequence FROM zone_movement_lines WHERE zone = ?1 AND enterprise = ?2 AND sequence > ?3 "
        "ORDER BY sequence LIMIT ?4) ORDER BY m.sequence");
    if (!query) return std::move(query).error();
    Statement& statement = **query;
    StatementScope scope(statement);
    statement.bind_text(1, zone);
    statement.bind_text(2, enterprise);
    statement.bind_int64(3, after);
    statement.bind_int64(4, static_cast<std::int64_t>(std::clamp<std::size_t>(limit, 1, movements_page_max)));
    std::vector<MovementRecord> records;
    while (true) {
      const int rc = statement.step();
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return make_sqlite_error(statement.db(), rc, "read zone movements");
      records.push_back(read_movement(statement));
    }
    return records;
  }

  Result<std::optional<MovementRecord>> find_movement(std::string_view zone,
                                                      std::string_view enterprise,
                                                      std::string_view id) override {
    auto rows = read_all<MovementRecord>(
        "SELECT sequence, zone, enterprise, id, kind, body_json, answer_json, declaration_id, "
        "at_us FROM zone_movements WHERE zone = ?1 AND enterprise = ?2 AND id = ?3",
        read_movement, {std::string(zone), std::string(enterprise), std::string(id)});
    if (!rows) return std::move(rows).error();
    if (rows->empty()) return std::optional<MovementRecord>();
    return std::optional<MovementRecord>(std::move(rows->front()));
  }

  Result<JournalDisposition> record_transit(TransitRecord record,
                                            std::optional<AuditEntry> audit) override {
    CallJob<JournalDisposition> job(
        [&](Writer& writer) { return writer.record_transit(record, audit); });
    submit(job);
    return job.take_result();
  }

  Result<JournalDisposition> record_seal_event(SealEventRecord record,
                                               std::optional<AuditEntry> audit) override {
    CallJob<JournalDisposition> job(
        [&](Writer& writer) { return writer.record_seal_event(record, audit); });
    submit(job);
    return job.take_result();
  }

  VoidResult record_alert_resolution(AlertResolutionRecord record,
                                     std::optional<AuditEntry> audit) override {
    CallJob<void> job([&](Writer& writer) { return writer.record_alert_resolution(record, audit); });
    submit(job);
    return job.take_result();
  }

  Result<std::vector<TransitRecord>> transits() override {
    return read_all<TransitRecord>(
        "SELECT id, body_sha256, body_json, office, registered_by, registered_at_us FROM transits "
        "ORDER BY seq",
        [](Statement& s) {
          return TransitRecord{std::string(s.text(0)), std::string(s.text(1)),
                               std::string(s.text(2)), std::string(s.text(3)),
                               std::string(s.text(4)),
                               TimePoint(std::chrono::microseconds(s.int64(5)))};
        });
  }

  Result<std::vector<SealEventRecord>> seal_events() override {
    return read_all<SealEventRecord>(
        "SELECT transit_id, id, body_sha256, body_json, received_at_us FROM seal_events ORDER BY seq",
        [](Statement& s) {
          return SealEventRecord{std::string(s.text(0)), std::string(s.text(1)),
                                 std::string(s.text(2)), std::string(s.text(3)),
                                 TimePoint(std::chrono::microseconds(s.int64(4)))};
        });
  }

  Result<std::vector<AlertResolutionRecord>> alert_resolutions() override {
    return read_all<AlertResolutionRecord>(
        "SELECT transit_id, alert_id, resolved_by, resolved_at_us FROM transit_alert_resolutions "
        "ORDER BY seq",
        [](Statement& s) {
          return AlertResolutionRecord{std::string(s.text(0)), std::string(s.text(1)),
                                       std::string(s.text(2)),
                                       TimePoint(std::chrono::microseconds(s.int64(3)))};
        });
  }

  Result<JournalDisposition> record_refund_form(RefundFormRecord record,
                                                std::optional<AuditEntry> audit) override {
    CallJob<JournalDisposition> job(
        [&](Writer& writer) { return writer.record_refund_form(record, audit); });
    submit(job);
    return job.take_result();
  }

  Result<std::optional<RefundFormRecord>> find_refund_form(std::string_view id) override {
    auto rows = read_all<RefundFormRecord>(
        "SELECT id, store, traveller_key, purchase_date, body_sha256, body_json, content_hash, "
        "refund_cents, payload, issued_at_us, verified_at_us, verified_port, cash_cents "
        "FROM refund_forms WHERE id = ?1",
        [](Statement& s) {
          RefundFormRecord record;
          record.id = s.text(0);
          record.store = s.text(1);
          record.traveller_key = s.text(2);
          record.purchase_date = s.text(3);
          record.body_sha256 = s.text(4);
          record.body_json = s.text(5);
          record.content_hash = s.text(6);
          record.refund_cents = s.int64(7);
          record.payload = s.text(8);
          record.issued_at = TimePoint(std::chrono::microseconds(s.int64(9)));
          if (!s.is_null(10)) record.verified_at = TimePoint(std::chrono::microseconds(s.int64(10)));
          record.verified_port = s.text(11);
          record.cash_cents = s.int64(12);
          return record;
        },
        {std::string(id)});
    if (!rows) return std::move(rows).error();
    if (rows->empty()) return std::optional<RefundFormRecord>();
    return std::optional<RefundFormRecord>(std::move(rows->front()));
  }

  VoidResult mark_refund_verified(std::string_view id, TimePoint at, std::string_view port,
                                  std::int64_t cash_cents, std::optional<AuditEntry> audit) override {
    CallJob<void> job([&](Writer& writer) {
      return writer.mark_refund_verified(id, at, port, cash_cents, audit);
    });
    submit(job);
    return job.take_result();
  }

  Result<std::int64_t> cash_paid(std::string_view traveller_key, std::string_view port,
                                 TimePoint since) override {
    auto rows = read_all<std::int64_t>(
        "SELECT coalesce(sum(cash_cents), 0) FROM refund_forms WHERE traveller_key = ?1 AND "
        "verified_port = ?2 AND verified_at_us >= ?3",
        [](Statement& s) { return s.int64(0); },
        {std::string(traveller_key), std::string(port),
         std::to_string(since.time_since_epoch().count())});
    if (!rows) return std::move(rows).error();
    return rows->empty() ? 0 : rows->front();
  }

  VoidResult transact(const std::function<VoidResult(RegimeTransaction&)>& body) override {
    CallJob<void> job([&](Writer& writer) { return writer.transact(body); });
    submit(job);
    return job.take_result();
  }

  Result<std::optional<RegimeRecord>> find_record(std::string_view kind,
                                                  std::string_view id) override {
    auto rows = read_all<RegimeRecord>(
        sqlite::kSelectRegimeRecordSql, sqlite::read_regime_record, {std::string(kind), std::string(id)});
    if (!rows) return std::move(rows).error();
    if (rows->empty()) return std::optional<RegimeRecord>();
    return std::optional<RegimeRecord>(std::move(rows->front()));
  }

  Result<std::vector<RegimeRecord>> linked_records(std::string_view kind,
                                                   std::string_view link) override {
    return read_all<RegimeRecord>(
        sqlite::kSelectLinkedRegimeRecordsSql, sqlite::read_regime_record, {std::string(kind), std::string(link)});
  }

  Result<std::vector<RegimeRecord>> records_of_kind(std::string_view kind,
                                                    std::size_t limit) override {
    return read_all<RegimeRecord>(
        sqlite::kSelectRegimeRecordsOfKindSql, sqlite::read_regime_record, {std::string(kind), std::to_string(limit)});
  }

  Result<std::int64_t> allowance_used(std::string_view ledger, std::string_view subject,
                                      int year) override {
    auto rows = read_all<std::int64_t>(
        sqlite::kSumAllowanceSql,
        [](Statement& s) { return s.int64(0); },
        {std::string(ledger), std::string(subject), std::to_string(year)});
    if (!rows) return std::move(rows).error();
    return rows->empty() ? 0 : rows->front();
  }

  Result<VerifyReport> verify() override {
    auto reader = readers_.acquire();
    Connection& connection = reader->connection;
    // One read transaction: the whole check sees one snapshot while lodgings go on.
    OC_TRY(connection.exec(kBeginReadSql, "begin read"));
    auto report = sqlite::verify_store(connection, options_.verify_problems_max);
    (void)connection.exec(kEndReadSql, "end read");
    return report;
  }

 private:
  // A row of zone_movements selected as sequence, zone, enterprise, id, kind, body_json,
  // answer_json, declaration_id, at_us.
  static MovementRecord read_movement(Statement& statement) {
    MovementRecord record;
    record.sequence = statement.int64(0);
    record.zone = statement.text(1);
    record.enterprise = statement.text(2);
    record.id = statement.text(3);
    record.kind = statement.text(4);
    record.body_json = statement.text(5);
    record.answer_json = statement.text(6);
    record.declaration_id = statement.text(7);
    record.at = TimePoint(std::chrono::microseconds(statement.int64(8)));
    return record;
  }

  // Every row of `sql` with its ?N parameters bound to `parameters` (text; SQLite's affinity
  // turns numeric text into numbers where a column or comparison needs them).
  template <class Row, class Read>
  Result<std::vector<Row>> read_all(std::string_view sql, Read read,
                                    const std::vector<std::string>& parameters = {}) {
    auto reader = readers_.acquire();
    auto query = reader->prepare_sql(sql);
    if (!query) return std::move(query).error();
    Statement& statement = **query;
    StatementScope scope(statement);
    for (std::size_t i = 0; i < parameters.size(); ++i) {
      statement.bind_text(static_cast<int>(i + 1), parameters[i]);
    }
    std::vector<Row> rows;
    while (true) {
      const int rc = statement.step();
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return make_sqlite_error(statement.db(), rc, "read journal");
      rows.push_back(read(statement));
    }
    return rows;
  }

  static Result<std::optional<DeclarationRecord>> one_record(Statement& query,
                                                             std::string_view context) {
    const int rc = query.step();
    if (rc == SQLITE_DONE) return std::optional<DeclarationRecord>();
    if (rc != SQLITE_ROW) return make_sqlite_error(query.db(), rc, context);
    auto record = read_record(query);
    if (!record.ok()) return std::move(record).error();
    return std::optional<DeclarationRecord>(std::move(record).value());
  }

  // Returns when `job` has finished (its group committed or failed).
  void submit(WriteJob& job) {
    if (!options_.group_commit) {
      std::lock_guard lock(writer_mutex_);
      WriteJob* jobs[] = {&job};
      writer_->run_group(jobs);
      return;
    }
    {
      std::lock_guard lock(queue_mutex_);
      queue_.push_back(&job);
    }
    queue_ready_.notify_one();
    job.wait();
  }

  void writer_loop() {
#ifdef __linux__
    pthread_setname_np(pthread_self(), "oc-store-writer");  // for top, perf and gdb
#endif
    std::vector<WriteJob*> group;
    for (;;) {
      {
        std::unique_lock lock(queue_mutex_);
        queue_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and every queued job is done
        std::size_t lodgings = 0;
        while (!queue_.empty()) {
          const std::size_t count = queue_.front()->lodging_count();
          if (!group.empty() && lodgings + count > options_.group_commit_max) break;
          group.push_back(queue_.front());
          queue_.pop_front();
          lodgings += count;
        }
      }
      writer_->run_group(group);
      group.clear();
    }
  }

  const SqliteOptions options_;
  std::unique_ptr<Writer> writer_;

  // Without group commit: callers take turns on the writer.
  std::mutex writer_mutex_;
  // With group commit: jobs wait here for the writer thread.
  std::mutex queue_mutex_;
  std::condition_variable queue_ready_;
  std::deque<WriteJob*> queue_;
  bool stopping_ = false;
  std::thread writer_thread_;

  ReaderPool readers_;

  std::mutex id_mutex_;
  std::int64_t next_number_;     // the next declaration number to hand out
  std::int64_t reserved_limit_;  // numbers up to here are durably reserved
};

Result<void> check_options(const SqliteOptions& options) {
  const auto invalid = [](std::string_view what) {
    return make_error("store.invalid_options", "", fmt::format("{} must be at least 1", what));
  };
  if (options.group_commit_max < 1) return invalid("group_commit_max");
  if (options.read_connections_max < 1) return invalid("read_connections_max");
  if (options.declaration_ids_per_block < 1) return invalid("declaration_ids_per_block");
  if (options.lodge_batch_max < 1) return invalid("lodge_batch_max");
  if (options.wal_autocheckpoint_pages < 1) return invalid("wal_autocheckpoint_pages");
  const int page = options.page_size_bytes;
  if (page < 512 || page > 65536 || (page & (page - 1)) != 0) {
    return make_error(
        "store.invalid_options", "",
        fmt::format("page_size_bytes {} is not a power of two from 512 to 65536", page));
  }
  if (options.busy_timeout_ms < 0) {
    return make_error("store.invalid_options", "", "busy_timeout_ms must not be negative");
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& file,
                                                 const SqliteOptions& options) {
  OC_TRY(check_options(options));
  auto connection = Connection::open(file, options.busy_timeout_ms);
  if (!connection.ok()) return std::move(connection).error();
  // Must precede journal_mode=WAL, which writes the new file's first page.
  OC_TRY(connection->exec(fmt::format("PRAGMA page_size = {}", options.page_size_bytes),
                          "set page_size"));
  OC_TRY(configure_connection(*connection, options));
  // temp_store = MEMORY: the statement journal of each lodging's SAVEPOINT stays in memory
  // instead of a temp file per group (measured: ~25 fewer write syscalls per lodging).
  OC_TRY(connection->exec(fmt::format("PRAGMA cache_size = -{}; PRAGMA wal_autocheckpoint = {}; "
                                      "PRAGMA temp_store = MEMORY;",
                                      options.write_cache_kib, options.wal_autocheckpoint_pages),
                          "set writer pragmas"));
  OC_TRY(sqlite::apply_migrations(*connection));

  auto writer = Writer::open(std::move(connection).value());
  if (!writer.ok()) return std::move(writer).error();

  auto store = std::make_unique<SqliteStore>(options, std::move(writer).value());
  for (std::size_t i = 0; i < options.read_connections_max; ++i) {
    auto reader = open_reader(file, options);
    if (!reader.ok()) return std::move(reader).error();
    store->add_reader(std::move(reader).value());
  }
  try {
    store->start_writer_thread();
  } catch (const std::system_error& error) {
    return make_error("store.io", "", fmt::format("start the writer thread: {}", error.what()));
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace oc
