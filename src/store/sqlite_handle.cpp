// RAII over the SQLite C API: connection, statement, error mapping.
#include "store/sqlite_handle.h"

#include <climits>

namespace oc::sqlite {

Error make_sqlite_error(sqlite3* db, int result_code, std::string_view context) {
  const int primary = result_code & 0xff;
  std::string message(context);
  message += ": ";
  // sqlite3_errmsg describes the most recent failure on the connection; fall back to the
  // generic text of the code when there is no connection.
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(result_code);
  const bool busy = primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
  return make_error(busy ? "store.busy" : "store.io", "", std::move(message));
}

Result<Connection> Connection::open(const std::filesystem::path& file, int busy_timeout_ms) {
  Connection connection;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(file.c_str(), &connection.db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    // On failure sqlite3_open_v2 still returns a handle carrying the message (or null on OOM).
    return make_sqlite_error(connection.db_, rc, "open " + file.string());
  }
  sqlite3_extended_result_codes(connection.db_, 1);
  sqlite3_busy_timeout(connection.db_, busy_timeout_ms);
  return connection;
}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Connection::~Connection() {
  // close_v2 defers the close until every statement of the connection is finalized.
  sqlite3_close_v2(db_);
}

Result<void> Connection::exec(std::string_view sql, std::string_view context) {
  const std::string text(sql);  // sqlite3_exec wants a terminated string
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return make_sqlite_error(db_, rc, context);
  return {};
}

Result<std::string> Connection::query_text(std::string_view sql, std::string_view context) {
  auto statement = Statement::prepare(db_, sql, /*persistent=*/false);
  if (!statement.ok()) return std::move(statement).error();
  StatementScope scope(*statement);
  const int rc = statement->step();
  if (rc == SQLITE_DONE) return std::string();
  if (rc != SQLITE_ROW) return make_sqlite_error(db_, rc, context);
  return std::string(statement->text(0));
}

Result<Statement> Statement::prepare(sqlite3* db, std::string_view sql, bool persistent) {
  Statement statement;
  if (sql.size() > static_cast<std::size_t>(INT_MAX)) {
    return make_error("store.io", "", "prepare: SQL text too long");
  }
  const unsigned flags = persistent ? SQLITE_PREPARE_PERSISTENT : 0;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), flags,
                                    &statement.stmt_, nullptr);
  if (rc != SQLITE_OK) {
    return make_sqlite_error(db, rc, "prepare \"" + std::string(sql.substr(0, 60)) + "\"");
  }
  return statement;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
    bind_rc_ = other.bind_rc_;
  }
  return *this;
}

void Statement::bind_text(int index, std::string_view text) {
  // sqlite3_bind_text64 refuses (SQLITE_TOOBIG) text beyond the connection's length limit;
  // the code surfaces at step().
  const int rc =
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

void Statement::bind_int64(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

void Statement::bind_null(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

int Statement::step() {
  if (bind_rc_ != SQLITE_OK) return bind_rc_;
  return sqlite3_step(stmt_);
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_rc_ = SQLITE_OK;
}

std::string_view Statement::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (data == nullptr) return {};
  return std::string_view(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

}  // namespace oc::sqlite
