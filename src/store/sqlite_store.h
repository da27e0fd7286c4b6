// SqliteStore: the embedded default Store, one SQLite file in WAL mode with synchronous=FULL.
//
// Connections: one write connection, used by exactly one writer at a time (the group-commit
// thread, or the caller holding the writer lock when group commit is off), and a small pool of
// read connections; WAL lets the readers run beside the writer. Every method is thread-safe.
//
// Group commit: with `group_commit`, lodge(), lodge_batch(), append_event() and id-block
// reservations are queued for the writer thread, which takes everything queued (up to
// `group_commit_max` lodgings) and commits it in ONE transaction, each lodging inside its own
// SAVEPOINT so that one lodging's failure (an lrn conflict) leaves the others in. A caller returns
// only after its group's COMMIT, so the answer is durable. Without it, each call is its own
// transaction. If the transaction itself fails (I/O error, disk full), every job in it fails.
//
// Declaration ids: "D" + yyyymmdd of lodged_at + a store-wide number of at least 8 digits. The
// number comes from an in-memory counter that takes blocks of `declaration_ids_per_block`
// numbers from declaration_id_counter.reserved_through (raised in a committed transaction before
// any number of the block is handed out). So numbers never repeat across restarts, a crash leaves
// a gap of at most one block, and two processes on one file get disjoint blocks. Each lodging's
// transaction also raises the mark to the number it stores, so a stored id is never reissued even
// if a block reservation failed (the number is then handed out unreserved and retried).
//
// Schema: migrations are an ordered list, each applied in its own transaction and recorded in
// schema_migrations; opening a file whose schema is newer than this code knows fails with
// `store.schema_too_new`.
//
// Error codes (Result errors, never exceptions): store.io (SQLite error; the message carries
// sqlite3_errmsg), store.busy (the database stayed locked past busy_timeout_ms),
// store.schema_too_new, store.corrupt (a stored value this code cannot read),
// store.invalid_lodging / store.invalid_event (the caller broke a precondition of store.h),
// store.batch_too_large, store.invalid_options,
// store.duplicate_id, store.not_found, store.conflict, lodging.lrn_conflict (path "/lrn").
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>

#include "core/result.h"
#include "store/store.h"

namespace oc {

// The schema version this code creates and understands (the last migration's number).
inline constexpr int sqlite_schema_version = 1;

struct SqliteOptions {
  bool group_commit = true;
  // Most lodgings one group transaction takes from the queue (a lodge_batch is never split).
  std::size_t group_commit_max = 1024;
  // Most lodgings one lodge_batch() may carry; a longer batch fails whole with
  // store.batch_too_large (split it: each call is one transaction).
  std::size_t lodge_batch_max = 10000;
  // How long a connection waits for a lock held by another process before store.busy.
  int busy_timeout_ms = 5000;
  // Read connections in the pool (find, find_by_lrn, events, verify); at least 1.
  std::size_t read_connections_max = 4;
  // Declaration numbers reserved durably at a time; a crash leaves at most this gap.
  std::int64_t declaration_ids_per_block = 1000;
  // Page size of a new file (a power of two, 512..65536); an existing file keeps its own. Every
  // commit writes each page it touched whole, so small pages suit small groups; measured on the
  // bench, 4096 is as fast as larger pages for bulk import and much faster for small commits.
  int page_size_bytes = 4096;
  // Page cache of the write connection (SQLite's cache_size, in KiB).
  std::int64_t write_cache_kib = 64 * 1024;
  // WAL pages after which the writer, right after a commit, copies the WAL back into the
  // database file (SQLite's wal_autocheckpoint). Measured on the bench, checkpointing on a thread
  // of its own instead was slower on 2 cores: its fsyncs compete with the commits' fsyncs.
  int wal_autocheckpoint_pages = 4000;
  // verify() lists at most this many problems, then one line counting the rest.
  std::size_t verify_problems_max = 1000;
};

// Creates or opens `file`, sets the PRAGMAs and applies pending migrations.
// Errors: store.io, store.busy, store.schema_too_new, store.invalid_options.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& file,
                                                 const SqliteOptions& options = {});

}  // namespace oc
