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
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "declaration/event.h"

namespace oc {

struct DeclarationRecord {
  std::string id;           // "D" + yyyymmdd + 8-digit number, e.g. D2026112300000001
  std::string declarant;
  std::string lrn;
  std::string body_sha256;  // lower-case hex SHA-256 of body_json
  std::string body_json;    // canonical JSON of the declaration as lodged
  std::string answer_json;  // the answer given at lodging; a replay returns it verbatim
  std::string office;
  Status status = Status::lodged;
  std::optional<Lane> lane;
  TimePoint lodged_at;
  std::int64_t event_count = 0;  // sequence of the last event

  bool operator==(const DeclarationRecord&) const = default;
};

struct NewLodging {
  DeclarationRecord record;  // id from allocate_declaration_id; event_count == events.size()
  std::vector<Event> events;  // sequences 1..n, first one `lodged`
};

enum class LodgeDisposition { created, replayed };

struct LodgeResult {
  LodgeDisposition disposition = LodgeDisposition::created;
  DeclarationRecord record;  // as stored (for a replay: the original)
};

struct VerifyReport {
  std::size_t declarations = 0;
  std::size_t events = 0;
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

  // Checks the whole store: database integrity, every body hash, every event chain contiguous
  // from 1 and starting with `lodged`, event_count and status consistent with the events.
  virtual Result<VerifyReport> verify() = 0;
};

}  // namespace oc
