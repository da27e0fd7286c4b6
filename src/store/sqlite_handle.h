// RAII over the SQLite C API for the store: a connection, a prepared statement, and the mapping
// of SQLite result codes to store errors. Internal to src/store.
//
// Thread safety: none. Connections are opened with SQLITE_OPEN_NOMUTEX; the owner guarantees that
// one thread at a time uses a connection and its statements.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace oc::sqlite {

// store.busy for SQLITE_BUSY/SQLITE_LOCKED, store.io for everything else; the message is
// "<context>: <sqlite3_errmsg>".
Error make_sqlite_error(sqlite3* db, int result_code, std::string_view context);

class Connection {
 public:
  // Opens (creating when missing) `file` read-write, with extended result codes and a busy
  // timeout. Sets no PRAGMAs beyond busy_timeout.
  static Result<Connection> open(const std::filesystem::path& file, int busy_timeout_ms);

  Connection() = default;
  Connection(Connection&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  sqlite3* get() const { return db_; }
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

  // Runs SQL that returns no rows (may hold several statements).
  Result<void> exec(std::string_view sql, std::string_view context);
  // First column of the first row of `sql` as text ("" when no row).
  Result<std::string> query_text(std::string_view sql, std::string_view context);

 private:
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  // `persistent`: the statement is kept and reused for the life of the connection.
  static Result<Statement> prepare(sqlite3* db, std::string_view sql, bool persistent = true);

  Statement() = default;
  Statement(Statement&& other) noexcept
      : stmt_(std::exchange(other.stmt_, nullptr)), bind_rc_(other.bind_rc_) {}
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  // Parameters are 1-based. Text is bound without a copy (SQLITE_STATIC).
  // REQUIRES: `text` stays alive and unchanged until reset().
  void bind_text(int index, std::string_view text);
  void bind_int64(int index, std::int64_t value);
  void bind_null(int index);

  // SQLITE_ROW, SQLITE_DONE or an error code; a failed bind is reported here.
  int step();
  // Ends the current execution (and with it the statement's implicit read transaction) and
  // clears the bindings.
  void reset();

  // Columns are 0-based. text() views memory owned by the statement until the next step/reset.
  std::string_view text(int column) const;
  std::int64_t int64(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

  sqlite3* db() const { return sqlite3_db_handle(stmt_); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int bind_rc_ = SQLITE_OK;
};

// Resets a statement when the scope ends, so no statement keeps a read snapshot open by accident.
class StatementScope {
 public:
  explicit StatementScope(Statement& statement) : statement_(statement) {}
  StatementScope(const StatementScope&) = delete;
  StatementScope& operator=(const StatementScope&) = delete;
  ~StatementScope() { statement_.reset(); }

 private:
  Statement& statement_;
};

}  // namespace oc::sqlite
