// The one place where domain error codes become HTTP statuses.
#pragma once

#include "core/result.h"

namespace oc::api {

// 400 bad input, 401 authentication, 403 role not allowed, 404 not found (also another party's
// object), 409 state conflicts, 413 body size, 415 content type, 422 idempotency key reuse,
// 429 rate, 503 storage busy, 500 anything unexpected. See docs/api.md for the full table.
int http_status(const Error& error);
// The status of a body refused with `errors` (REQUIRES: not empty): 422 when the first is a rule
// of a regime that refuses a well-formed request, else 400.
int rejection_status(const Errors& errors);

}  // namespace oc::api
