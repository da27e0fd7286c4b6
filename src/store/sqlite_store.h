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
// Idempotency keys and audit entries of a lodging are written by the writer inside the lodging's
// own savepoint, so they cost no extra transaction or fsync. The key row is inserted after the
// declaration, naming the declaration the lodging created or replayed; if (scope, key) is already
// stored, the lodging is answered as replayed only when the stored key has the same
// request_sha256 and names that same declaration, and is otherwise refused with
// idempotency.key_reused (which wins over an lrn conflict when the stored request differs); the
// savepoint then undoes everything the lodging wrote. The audit entry is written last, only for a
// created declaration, with target = its id. append_audit, create_token and revoke_token are
// queued like lodgings and committed by the same group transactions.
//
// The audit chain: the writer numbers entries and hashes them (audit_entry_hash, store.h) in the
// order it writes them, which is commit order; a rolled-back savepoint or transaction gives its
// numbers back, so the sequence never skips (sqlite_writer.h). verify_audit() walks the chain
// with AuditChainCheck (audit_chain.h), which names edited, deleted, inserted and reordered
// entries.
//
// Lists: list_declarations and events_of_declarations build their SQL per filter shape
// (sqlite_list_query.h, which also gives the plans) and keep it prepared per read connection.
// A page by party or by office is a range scan of (column, id) indexes, not a sort.
//
// Schema: migrations are an ordered list, each applied in its own transaction and recorded in
// schema_migrations; opening a file whose schema is newer than this code knows fails with
// `store.schema_too_new`. Version 2 (the HTTP API) adds importer_id/exporter_id (filled from the
// body for rows stored before it), the list indexes, idempotency_keys, audit_log and tokens.
//
// Error codes (Result errors, never exceptions): store.io (SQLite error; the message carries
// sqlite3_errmsg), store.busy (the database stayed locked past busy_timeout_ms),
// store.schema_too_new, store.corrupt (a stored value this code cannot read),
// store.invalid_lodging / store.invalid_event (the caller broke a precondition of store.h; among
// them: importer_id and exporter_id must be the body's importer.id and exporter.id, "" when the
// body names none), store.batch_too_large, store.invalid_options (also a list limit outside
// 1..declarations_page_max), store.duplicate_id (also a token id or token hash stored before),
// store.not_found, store.conflict, lodging.lrn_conflict (path "/lrn"), idempotency.key_reused,
// token.not_found.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>

#include "core/result.h"
#include "store/store.h"

namespace oc {

// The schema version this code creates and understands (the last migration's number).
inline constexpr int sqlite_schema_version = 6;

struct SqliteOptions {
  bool group_commit = true;
  // Most lodgings one group transaction takes from the queue (a lodge_batch is never split).
  std::size_t group_commit_max = 1024;
  // Most lodgings one lodge_batch() may carry; a longer batch fails whole with
  // store.batch_too_large (split it: each call is one transaction).
  std::size_t lodge_batch_max = 10000;
  // How long a connection waits for a lock held by another process before store.busy.
  int busy_timeout_ms = 5000;
  // Read connections in the pool (every read: find, lists, keys, tokens, audit, verify); at
  // least 1.
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
  // verify() and verify_audit() list at most this many problems, then one line counting the
  // rest.
  std::size_t verify_problems_max = 1000;
};

// Creates or opens `file`, sets the PRAGMAs and applies pending migrations.
// Errors: store.io, store.busy, store.schema_too_new, store.invalid_options.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& file,
                                                 const SqliteOptions& options = {});

}  // namespace oc
