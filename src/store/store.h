// Store: the one interface through which declarations and their events are persisted.
//
// SQLite (sqlite_store.h) is the embedded default; PostgreSQL comes later behind the same
// interface. Every method that returns ok has made its write durable (the data survives a
// SIGKILL or power loss right after the call returns). A lodging commits the declaration, its
// answer (with the assessment) and its events in one transaction: all or nothing.
// Thread safety: every method may be called from any thread concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "declaration/event.h"
#include "zones/movement.h"

namespace oc {

struct DeclarationRecord {
  std::string id;           // "D" + yyyymmdd + 8-digit number, e.g. D2026112300000001
  std::string declarant;
  std::string lrn;
  std::string body_sha256;  // lower-case hex SHA-256 of body_json
  std::string body_json;    // canonical JSON of the declaration as lodged
  std::string answer_json;  // the answer given at lodging; a replay returns it verbatim
  std::string office;
  std::string importer_id;  // with declarant, the parties that may see the declaration
  std::string exporter_id;
  Status status = Status::lodged;
  std::optional<Lane> lane;
  TimePoint lodged_at;
  std::int64_t event_count = 0;  // sequence of the last event

  bool operator==(const DeclarationRecord&) const = default;
};

// A declaration list query. Results newest first (id descending); `before_id` is the cursor:
// only ids strictly below it. `party` matches declarant, importer_id or exporter_id; `offices`
// (when not empty) restricts to those offices (officers); `office` is the caller's filter.
struct DeclarationFilter {
  std::optional<Status> status;
  std::optional<Lane> lane;
  std::optional<std::string> office;
  std::optional<TimePoint> lodged_from;  // inclusive
  std::optional<TimePoint> lodged_to;    // exclusive
  std::optional<std::string> party;
  std::vector<std::string> offices;
  std::string before_id;                 // "" = from the newest
  std::size_t limit = 50;                // REQUIRES: 1..declarations_page_max
};
inline constexpr std::size_t declarations_page_max = 500;

// An Idempotency-Key of the HTTP API, stored in the same transaction as the lodging it made.
struct IdempotencyKey {
  std::string scope;           // whose key space ("party:<id>")
  std::string key;             // the header value
  std::string request_sha256;  // of the request body
  std::string declaration_id;  // filled by the store from the lodging

  bool operator==(const IdempotencyKey&) const = default;
};

// One audit-log entry. The store assigns sequence (1, 2, ... without gaps), previous_sha256 (the
// sha256 of the entry before; 64 zeros for the first) and sha256 = audit_entry_hash(entry), in
// commit order, under its writer.
struct AuditEntry {
  std::int64_t sequence = 0;
  TimePoint at;
  std::string actor;        // token id, or "anonymous"
  std::string role;         // "trader", ..., or "" when unauthenticated
  std::string action;       // route name, e.g. "lodge_declaration", "release"
  std::string target;       // declaration id or token id, "" when none
  int status = 0;           // HTTP status answered
  std::string detail_json = "{}";  // small JSON object: error code, remote address, ...
  std::string previous_sha256;
  std::string sha256;

  bool operator==(const AuditEntry&) const = default;
};
// SHA-256 (lower-case hex) over previous_sha256 and every field but sha256. Changing any field
// changes it. The hashed bytes are the tag "opencustoms-audit-v1\n" followed by nine netstrings
// (<byte length in decimal>:<bytes>,) in this order: previous_sha256, sequence, at (microseconds
// since the Unix epoch, UTC), actor, role, action, target, status, detail_json. Integers are
// written in decimal, '-' for a negative, no leading zeros. Length prefixes make the encoding
// unambiguous: no two different entries hash the same bytes. (src/store/audit_hash.cpp)
std::string audit_entry_hash(const AuditEntry& entry);

struct AuditReport {
  std::size_t entries = 0;
  std::string head_sha256;              // sha256 of the last entry
  std::vector<std::string> problems;    // edited, deleted, inserted or reordered entries
  bool ok() const { return problems.empty(); }
};

struct TokenRecord {
  std::string id;              // public id, e.g. "tok_3f2a9c1d"
  std::string token_sha256;    // the secret is never stored
  Role role = Role::trader;
  std::string party;
  std::vector<std::string> offices;
  std::string label;
  TimePoint created_at;
  std::optional<TimePoint> revoked_at;

  bool operator==(const TokenRecord&) const = default;
};

struct NewLodging {
  DeclarationRecord record;  // id from allocate_declaration_id; event_count == events.size()
  std::vector<Event> events;  // sequences 1..n, first one `lodged`
  // Written in the lodging's own transaction when set. The store fills idempotency's
  // declaration_id and the audit entry's sequence and hashes. A second lodging under an existing
  // (scope, key) in a race: same request_sha256 and the same declaration -> replayed; otherwise
  // error idempotency.key_reused.
  std::optional<IdempotencyKey> idempotency;
  std::optional<AuditEntry> audit;
};

enum class LodgeDisposition { created, replayed };

struct LodgeResult {
  LodgeDisposition disposition = LodgeDisposition::created;
  DeclarationRecord record;  // as stored (for a replay: the original)
};

// One goods-account movement of a zone (src/zones), written whole or not at all: the movement,
// its signed stock changes, for a second-line exit the lodging of its declaration, and the audit
// entry, in one transaction. A stock line that would go below zero, or whose HS code or unit
// differs from the line's, refuses the whole movement.
struct LedgerWrite {
  std::string zone;
  std::string enterprise;
  std::string movement_id;
  std::string kind;
  std::string body_sha256;  // of body_json, the canonical movement
  std::string body_json;
  std::string answer_json;  // what the API answers; a replay answers it again
  std::vector<StockDelta> deltas;
  TimePoint at;
  std::optional<NewLodging> lodging;  // second_line_exit
  std::string declaration_id;         // second_line_exit whose declaration is already stored
  std::optional<AuditEntry> audit;    // its target becomes "<zone>/<enterprise>/<id>"
};

enum class LedgerDisposition { applied, exists };

struct LedgerResult {
  LedgerDisposition disposition = LedgerDisposition::applied;
  std::int64_t sequence = 0;     // the movement's number in the whole ledger
  std::string declaration_id;    // second_line_exit
  std::string answer_json;       // for a replay: the first answer
};

struct StockLine {
  std::string item;
  std::string hs_code;
  std::string unit;
  std::int64_t quantity_micro = 0;
  bool operator==(const StockLine&) const = default;
};

struct MovementRecord {
  std::int64_t sequence = 0;
  std::string zone;
  std::string enterprise;
  std::string id;
  std::string kind;
  std::string body_json;
  std::string answer_json;
  std::string declaration_id;
  TimePoint at;
};
inline constexpr std::size_t movements_page_max = 500;

// The journal of transits under e-seal (src/transit): what was registered and every seal event
// received, so that the monitor's state can be rebuilt after a restart. Alerts and closings are
// derived from these (a closing is the ledger movement "<transit id>:arrival").
struct TransitRecord {
  std::string id;
  std::string body_sha256;  // of body_json, the canonical transit
  std::string body_json;
  std::string office;
  std::string registered_by;
  TimePoint registered_at;
};
struct SealEventRecord {
  std::string transit_id;
  std::string id;
  std::string body_sha256;
  std::string body_json;
  TimePoint received_at;
};
struct AlertResolutionRecord {
  std::string transit_id;
  std::string alert_id;
  std::string resolved_by;
  TimePoint resolved_at;
};
enum class JournalDisposition { created, exists };

// A departure tax refund form as issued (src/taxrefund) and its one verification at an exit port.
struct RefundFormRecord {
  std::string id;
  std::string store;           // the issuing store's party id
  std::string traveller_key;   // keyed hash; the passport number is never stored
  std::string purchase_date;   // YYYY-MM-DD
  std::string body_sha256;     // of body_json, the canonical form
  std::string body_json;
  std::string content_hash;    // what the QR payload carries
  std::int64_t refund_cents = 0;
  std::string payload;         // the signed QR payload
  TimePoint issued_at;
  std::optional<TimePoint> verified_at;
  std::string verified_port;
  std::int64_t cash_cents = 0;  // paid in cash at verification
};

// A record of the person-facing regimes (e-commerce documents and orders, duty-free sales and
// traceability codes, postal items): one row per (kind, id), written by the regime's service
// inside Store::transact. `link` ties a record to another (a payment to its order, a code to its
// sale); `owner` is the party that may see it; `subject` is a keyed hash of the person it is
// about (never a clear identity number). `body_json` is the canonical body first received (its
// SHA-256 tells a replay from a conflicting resend); `state_json` is the service's current state.
struct RegimeRecord {
  std::string kind;
  std::string id;
  std::string link;
  std::string owner;
  std::string subject;
  std::string body_sha256;
  std::string body_json;
  std::string state_json = "{}";
  std::int64_t version = 0;  // 0: not stored yet; the store counts up with each put
  TimePoint created_at;
  TimePoint updated_at;
};

// One signed draw on a yearly allowance (the e-commerce buyer quota, the duty-free allowance):
// positive uses it, negative gives it back (a return). Entry ids are unique per ledger.
struct AllowanceEntry {
  std::string ledger;  // "ecommerce.quota", "dutyfree.allowance"
  std::string entry_id;
  std::string subject;  // keyed hash of the person
  int year = 0;
  std::int64_t cents = 0;
  TimePoint at;
};

// What a regime service may do inside one atomic store write. Everything it does commits
// together or not at all (an error returned from the body undoes it), and no other write runs in
// between, so a read-check-write (an allowance's room, a code not yet picked up) cannot race.
class RegimeTransaction {
 public:
  virtual ~RegimeTransaction() = default;
  virtual Result<std::optional<RegimeRecord>> find(std::string_view kind, std::string_view id) = 0;
  // Records of `kind` linked to `link`, oldest first.
  virtual Result<std::vector<RegimeRecord>> linked(std::string_view kind,
                                                   std::string_view link) = 0;
  // Inserts a new record (version 0) or replaces the stored one, which must still be at
  // record.version (store.conflict otherwise); record.version is advanced.
  virtual VoidResult put(RegimeRecord& record) = 0;
  // Removes a record (a marker of work in progress); nothing when it does not exist.
  virtual VoidResult erase(std::string_view kind, std::string_view id) = 0;
  virtual Result<std::int64_t> allowance_used(std::string_view ledger, std::string_view subject,
                                              int year) = 0;
  // Errors: allowance.entry_exists (the entry id was used before in this ledger).
  virtual VoidResult add_allowance(const AllowanceEntry& entry) = 0;
  // A declaration lodged in the same transaction (LodgingService::prepare's write).
  virtual Result<LodgeResult> lodge(NewLodging& lodging) = 0;
  // The request's audit entry (sequence and hashes filled in).
  virtual VoidResult audit(AuditEntry& entry) = 0;
};

struct VerifyReport {
  std::size_t declarations = 0;
  std::size_t events = 0;
  std::size_t movements = 0;
  std::vector<std::string> problems;  // empty when the store is consistent
  bool ok() const { return problems.empty(); }
};

class Store {
 public:
  virtual ~Store() = default;

  // A fresh id for a declaration lodged at `lodged_at`. Numbers never repeat, even across
  // restarts; an id allocated but never lodged leaves a gap (allowed).
  virtual std::string allocate_declaration_id(TimePoint lodged_at) = 0;

  // Stores the record and its events atomically; durable on return.
  // (declarant, lrn) already stored with the same body_sha256 -> ok, disposition replayed, the
  // original record. Same (declarant, lrn) with another body -> error `lodging.lrn_conflict`.
  virtual Result<LodgeResult> lodge(NewLodging lodging) = 0;
  // The same for many lodgings in one transaction (bulk import); one result per lodging, in
  // order. A per-lodging error (lrn conflict) does not undo the others.
  virtual std::vector<Result<LodgeResult>> lodge_batch(std::vector<NewLodging> lodgings) = 0;

  virtual Result<std::optional<DeclarationRecord>> find(std::string_view id) = 0;
  virtual Result<std::optional<DeclarationRecord>> find_by_lrn(std::string_view declarant,
                                                               std::string_view lrn) = 0;
  // Events of one declaration in sequence order; empty when the id is unknown.
  virtual Result<std::vector<Event>> events(std::string_view id) = 0;

  // Appends one event and sets the new status/lane, if the declaration still has
  // `expected_event_count` events (optimistic concurrency). Errors: store.not_found,
  // store.conflict (someone else moved it first).
  virtual Result<DeclarationRecord> append_event(std::string_view id,
                                                 std::int64_t expected_event_count, Event event,
                                                 Status new_status,
                                                 std::optional<Lane> new_lane) = 0;

  // The same, with an audit entry written in the same transaction (sequence and hashes filled
  // by the store).
  virtual Result<DeclarationRecord> append_event(std::string_view id,
                                                 std::int64_t expected_event_count, Event event,
                                                 Status new_status, std::optional<Lane> new_lane,
                                                 std::optional<AuditEntry> audit) = 0;

  // Newest first; see DeclarationFilter. REQUIRES: 1 <= filter.limit <= declarations_page_max.
  virtual Result<std::vector<DeclarationRecord>> list_declarations(
      const DeclarationFilter& filter) = 0;
  // Every event of up to `declarations_max` declarations matching `filter` (its limit and
  // before_id are ignored), one vector per declaration, for clearance-time statistics.
  virtual Result<std::vector<std::vector<Event>>> events_of_declarations(
      const DeclarationFilter& filter, std::size_t declarations_max) = 0;

  virtual Result<std::optional<IdempotencyKey>> find_idempotency_key(std::string_view scope,
                                                                     std::string_view key) = 0;

  // Appends one audit entry (durable on return); returns it with sequence and hashes.
  virtual Result<AuditEntry> append_audit(AuditEntry entry) = 0;
  // Entries with sequence > after_sequence, oldest first, at most `limit`.
  virtual Result<std::vector<AuditEntry>> audit_entries(std::int64_t after_sequence,
                                                        std::size_t limit) = 0;
  // Walks the whole chain: sequences 1..n without gaps, each previous_sha256 equal to the
  // entry before's sha256, each sha256 equal to audit_entry_hash. Reports edited, deleted,
  // inserted and reordered entries. (A cut-off tail leaves a valid shorter chain: compare the
  // head with one recorded elsewhere — `opencustoms audit verify --expect-head`.)
  virtual Result<AuditReport> verify_audit() = 0;

  // Errors: store.duplicate_id.
  virtual VoidResult create_token(const TokenRecord& token) = 0;
  virtual Result<std::optional<TokenRecord>> find_token_by_hash(std::string_view token_sha256) = 0;
  virtual Result<std::vector<TokenRecord>> list_tokens() = 0;
  // Sets revoked_at (once; revoking again keeps the first time). Errors: token.not_found.
  virtual Result<TokenRecord> revoke_token(std::string_view id, TimePoint at) = 0;

  // Checks the whole store: database integrity, every body hash, every event chain contiguous
  // from 1 and starting with `lodged`, event_count and status consistent with the events.
  virtual Result<VerifyReport> verify() = 0;

  // Zones (goods accounts). Errors: movement.exists_with_different_content (the same id in this
  // account with another body), stock.insufficient and stock.line_mismatch (path: the movement
  // line), and a lodging's own errors.
  virtual Result<LedgerResult> apply_movement(LedgerWrite write) = 0;
  // Many movements in one transaction (each all-or-nothing on its own), for batch work.
  virtual std::vector<Result<LedgerResult>> apply_movements(std::vector<LedgerWrite> writes) = 0;
  // The account's stock lines, by item.
  virtual Result<std::vector<StockLine>> stock(std::string_view zone,
                                               std::string_view enterprise) = 0;
  // Movements touching the account (either side of a transfer), oldest first, after `after`.
  // REQUIRES: 1 <= limit <= movements_page_max.
  virtual Result<std::vector<MovementRecord>> movements(std::string_view zone,
                                                        std::string_view enterprise,
                                                        std::int64_t after, std::size_t limit) = 0;
  virtual Result<std::optional<MovementRecord>> find_movement(std::string_view zone,
                                                              std::string_view enterprise,
                                                              std::string_view id) = 0;

  // Transits. Errors: transit.exists_with_different_content, seal_event.exists_with_different_content
  // (the same id with another body).
  virtual Result<JournalDisposition> record_transit(TransitRecord record,
                                                    std::optional<AuditEntry> audit) = 0;
  virtual Result<JournalDisposition> record_seal_event(SealEventRecord record,
                                                       std::optional<AuditEntry> audit) = 0;
  virtual VoidResult record_alert_resolution(AlertResolutionRecord record,
                                             std::optional<AuditEntry> audit) = 0;
  // Everything, in the order received (for rebuilding the monitor at start).
  virtual Result<std::vector<TransitRecord>> transits() = 0;
  virtual Result<std::vector<SealEventRecord>> seal_events() = 0;
  virtual Result<std::vector<AlertResolutionRecord>> alert_resolutions() = 0;

  // Tax refund forms. record: form.exists_with_different_content for the same id with another
  // body. mark_verified sets verified_at once, atomically: the second scan gets
  // form.already_verified (its message says when). cash_paid: the cash already paid to a
  // traveller at a port since `since` (one departure).
  virtual Result<JournalDisposition> record_refund_form(RefundFormRecord record,
                                                        std::optional<AuditEntry> audit) = 0;
  virtual Result<std::optional<RefundFormRecord>> find_refund_form(std::string_view id) = 0;
  virtual VoidResult mark_refund_verified(std::string_view id, TimePoint at, std::string_view port,
                                          std::int64_t cash_cents,
                                          std::optional<AuditEntry> audit) = 0;
  virtual Result<std::int64_t> cash_paid(std::string_view traveller_key, std::string_view port,
                                         TimePoint since) = 0;

  // Regime records (see RegimeTransaction): `body` runs on the store's writer, atomically and
  // durably; its error undoes everything it wrote and is returned. Keep it short: other writes
  // wait for it.
  virtual VoidResult transact(const std::function<VoidResult(RegimeTransaction&)>& body) = 0;
  virtual Result<std::optional<RegimeRecord>> find_record(std::string_view kind,
                                                          std::string_view id) = 0;
  virtual Result<std::vector<RegimeRecord>> linked_records(std::string_view kind,
                                                           std::string_view link) = 0;
  // Up to `limit` records of a kind, by id (for markers of work in progress: few at a time).
  virtual Result<std::vector<RegimeRecord>> records_of_kind(std::string_view kind,
                                                            std::size_t limit) = 0;
  virtual Result<std::int64_t> allowance_used(std::string_view ledger, std::string_view subject,
                                              int year) = 0;
};

}  // namespace oc
