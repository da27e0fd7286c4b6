#include "api/error_mapping.h"

#include <array>
#include <string_view>
#include <utility>

namespace oc::api {
namespace {

// Exact codes first, then prefixes; the first match wins.
constexpr std::array<std::pair<std::string_view, int>, 64> kExact = {{
    {"ecommerce.transaction_limit_exceeded", 422},
    {"ecommerce.annual_limit_exceeded", 422},
    {"postal.parcel_value_exceeded", 422},
    {"allowance.exceeded", 422},
    {"category_limit.exceeded", 422},
    {"traveller.not_eligible", 422},
    {"code.already_picked_up", 409},
    {"code.not_found", 404},
    {"code.exists", 409},
    {"ecommerce.order_not_found", 404},
    {"ecommerce.order_closed", 409},
    {"ecommerce.order_not_cleared", 409},
    {"ecommerce.order_returned", 409},
    {"ecommerce.return_window_closed", 422},
    {"postal.not_found", 404},
    {"postal.refund_not_found", 404},
    {"postal.state_conflict", 409},
    {"postal.refund_pending", 409},
    {"postal.refund_id_exists", 409},
    {"postal.not_paid", 409},
    {"postal.too_many_attempts", 429},
    {"postal.payment_amount_mismatch", 422},
    {"postal.refund_exceeds_paid", 422},
    {"postal.return_reason", 422},
    {"postal.too_many_refunds", 422},
    {"postal.unknown_category", 422},
    {"postal.receipt_failed", 500},
    {"form.not_found", 404},
    {"form.already_verified", 409},
    {"form.exists_with_different_content", 409},
    {"transit.not_found", 404},
    {"alert.not_found", 404},
    {"transit.exists_with_different_content", 409},
    {"seal_event.exists_with_different_content", 409},
    {"transit.registry_full", 503},
    {"account.not_found", 404},
    {"zone.unknown", 404},
    {"movement.exists_with_different_content", 409},
    {"hs_code.not_found", 404},
    {"statistics.too_many", 400},
    {"store.unavailable", 503},
    {"lifecycle.bad_payload", 400},
    {"body.too_large", 413},
    {"http.body_too_large", 413},
    {"http.header_too_large", 431},
    {"http.timeout", 408},
    {"http.content_type", 415},
    {"http.method_not_allowed", 405},
    {"http.not_found", 404},
    {"declaration.not_found", 404},
    {"store.not_found", 404},
    {"token.not_found", 404},
    {"lodging.lrn_conflict", 409},
    {"store.conflict", 409},
    {"idempotency.key_reused", 422},
    {"idempotency.in_flight", 409},
    {"lifecycle.role_not_allowed", 403},
    {"auth.forbidden", 403},
    {"auth.party_mismatch", 403},
    {"rate.limited", 429},
    {"store.busy", 503},
    {"http.overloaded", 503},
    {"internal.error", 500},
    {"internal.allocation", 500},
}};

// Business rules of the special regimes that refuse a well-formed request (regimes-v1: 422).
constexpr std::array<std::pair<std::string_view, int>, 10> kPrefixes = {{
    {"stock.", 422},
    {"rules.", 422},
    {"hainan.", 422},
    {"form.", 422},
    {"auth.", 401},
    {"lifecycle.", 409},
    {"store.", 500},
    {"internal.", 500},
    {"reference.", 500},
    {"file.", 500},
}};

}  // namespace

int http_status(const Error& error) {
  for (const auto& [code, status] : kExact) {
    if (error.code == code) return status;
  }
  // regimes-v1: the same client id with other content.
  if (error.code.ends_with(".exists_with_different_content")) return 409;
  for (const auto& [prefix, status] : kPrefixes) {
    if (error.code.starts_with(prefix)) return status;
  }
  return 400;  // everything else is a problem with the request itself (validation, query, JSON)
}

int rejection_status(const Errors& errors) {
  return http_status(errors.front()) == 422 ? 422 : 400;
}

}  // namespace oc::api
