// verify() and verify_audit() of the SQLite store: the whole file checked against its own rules.
// Internal to src/store.
#pragma once

#include <cstddef>

#include "core/result.h"
#include "store/sqlite_handle.h"
#include "store/store.h"

namespace oc::sqlite {

// Runs PRAGMA integrity_check, then checks every declaration against its events: body hash, an
// event chain contiguous from 1 that starts with `lodged`, event_count, and status and lane as
// replay() derives them, importer_id and exporter_id as its body names them; and finds events
// without a declaration and idempotency keys whose declaration is missing. Each problem is one
// line naming the declaration (or key); after `problems_max` of them, one more line counts the
// rest.
// REQUIRES: `connection` is inside a read transaction (one snapshot for the whole check).
// Errors: store.io, store.busy (the problems found are data, not errors).
Result<VerifyReport> verify_store(Connection& connection, std::size_t problems_max);

// Walks the audit log in sequence order through AuditChainCheck (audit_chain.h).
// REQUIRES: `connection` is inside a read transaction. Errors: store.io, store.busy.
Result<AuditReport> verify_audit_log(Connection& connection, std::size_t problems_max);

}  // namespace oc::sqlite
