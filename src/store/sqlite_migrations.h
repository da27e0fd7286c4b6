// The SQLite schema as an ordered list of migrations, and the code that brings a file up to date.
// Internal to src/store. Add a migration by appending to the list in sqlite_migrations.cpp and
// raising sqlite_schema_version (sqlite_store.h); never edit a migration that has shipped.
#pragma once

#include <span>
#include <string_view>

#include "core/result.h"
#include "store/sqlite_handle.h"

namespace oc::sqlite {

struct Migration {
  int version;            // 1, 2, 3 ... without gaps
  std::string_view name;  // recorded in schema_migrations
  std::string_view sql;   // one or more statements, run in the migration's transaction
};

std::span<const Migration> migrations();

// Applies every migration newer than the file's version, each in its own IMMEDIATE transaction
// (re-checking the version inside it, so two processes opening one file apply each only once).
// Errors: store.schema_too_new, store.io, store.busy.
Result<void> apply_migrations(Connection& connection);

// The highest applied migration (0 for a new file). Errors: store.io, store.busy.
Result<int> schema_version(Connection& connection);

}  // namespace oc::sqlite
