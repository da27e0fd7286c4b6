// The API's routes: one table naming every (method, path pattern) the server answers. The router,
// the authorization policy, the metrics labels and the OpenAPI check all read this one table.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace oc::api {

enum class RouteId {
  healthz,
  readyz,
  metrics,
  openapi,
  lodge_declaration,
  list_declarations,
  get_declaration,
  get_events,
  amend,
  cancel,
  start_document_review,
  request_documents,
  submit_documents,
  accept_documents,
  start_inspection,
  record_findings,
  record_payment,
  record_guarantee,
  release,
  confirm_exit,
  reject,
  clearance_times,
  reference_hs,
  create_token,
  list_tokens,
  revoke_token,
  audit_log,
  risk_rules,
  reload_risk_rules,
  zone_movement,
  zone_balances,
  zone_movements,
  register_transit,
  seal_event,
  get_transit,
  resolve_alert,
  list_alerts,
  issue_refund_form,
  refund_qr_png,
  refund_qr_svg,
  verify_refund,
  dutyfree_sale,
  dutyfree_allowance,
  dutyfree_pickup,
  ecommerce_order,
  ecommerce_payment,
  ecommerce_waybill,
  get_ecommerce_order,
  ecommerce_return,
  ecommerce_quota,
  postal_item,
  get_postal_item,
  postal_declaration,
  postal_payment,
  postal_receipt,
  postal_refund_request,
  postal_refund_review,
  postal_return,  // keep last: route_count counts up to it
};
// The number of routes: per-route tables (metrics) are sized by it; routes.cpp checks that the
// route table has exactly one entry per id.
inline constexpr std::size_t route_count = static_cast<std::size_t>(RouteId::postal_return) + 1;

struct Route {
  RouteId id;
  std::string_view method;
  std::string_view pattern;  // "/v1/declarations/{id}/events"; "{name}" matches one segment
  std::string_view name;     // metrics label and OpenAPI operationId
};

std::span<const Route> routes();

struct RouteMatch {
  const Route* route = nullptr;
  std::string parameter;  // the {placeholder} values joined by "/" ("" when none)
  std::vector<std::string> parameters;  // each {placeholder} value, in pattern order
};

enum class MatchFailure { not_found, method_not_allowed };

// Matches the path (without query) against the table. A path that matches a pattern under
// another method is method_not_allowed (405), otherwise not_found.
struct MatchResult {
  std::optional<RouteMatch> match;
  MatchFailure failure = MatchFailure::not_found;
};
MatchResult match_route(std::string_view method, std::string_view path);

}  // namespace oc::api
