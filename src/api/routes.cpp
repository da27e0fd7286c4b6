#include "api/routes.h"

#include <array>

namespace oc::api {
namespace {

constexpr std::array kRoutes = {
    Route{RouteId::healthz, "GET", "/healthz", "healthz"},
    Route{RouteId::readyz, "GET", "/readyz", "readyz"},
    Route{RouteId::metrics, "GET", "/metrics", "metrics"},
    Route{RouteId::openapi, "GET", "/v1/openapi.json", "openapi"},
    Route{RouteId::lodge_declaration, "POST", "/v1/declarations", "lodge_declaration"},
    Route{RouteId::list_declarations, "GET", "/v1/declarations", "list_declarations"},
    Route{RouteId::get_declaration, "GET", "/v1/declarations/{id}", "get_declaration"},
    Route{RouteId::get_events, "GET", "/v1/declarations/{id}/events", "get_events"},
    Route{RouteId::amend, "POST", "/v1/declarations/{id}/amend", "amend"},
    Route{RouteId::cancel, "POST", "/v1/declarations/{id}/cancel", "cancel"},
    Route{RouteId::start_document_review, "POST", "/v1/declarations/{id}/document-review",
          "start_document_review"},
    Route{RouteId::request_documents, "POST", "/v1/declarations/{id}/request-documents",
          "request_documents"},
    Route{RouteId::submit_documents, "POST", "/v1/declarations/{id}/submit-documents",
          "submit_documents"},
    Route{RouteId::accept_documents, "POST", "/v1/declarations/{id}/accept-documents",
          "accept_documents"},
    Route{RouteId::start_inspection, "POST", "/v1/declarations/{id}/inspection",
          "start_inspection"},
    Route{RouteId::record_findings, "POST", "/v1/declarations/{id}/findings", "record_findings"},
    Route{RouteId::record_payment, "POST", "/v1/declarations/{id}/payment", "record_payment"},
    Route{RouteId::record_guarantee, "POST", "/v1/declarations/{id}/guarantee", "record_guarantee"},
    Route{RouteId::release, "POST", "/v1/declarations/{id}/release", "release"},
    Route{RouteId::confirm_exit, "POST", "/v1/declarations/{id}/exit", "confirm_exit"},
    Route{RouteId::reject, "POST", "/v1/declarations/{id}/reject", "reject"},
    Route{RouteId::clearance_times, "GET", "/v1/stats/clearance-times", "clearance_times"},
    Route{RouteId::reference_hs, "GET", "/v1/reference/hs/{code}", "reference_hs"},
    Route{RouteId::create_token, "POST", "/v1/tokens", "create_token"},
    Route{RouteId::list_tokens, "GET", "/v1/tokens", "list_tokens"},
    Route{RouteId::revoke_token, "DELETE", "/v1/tokens/{id}", "revoke_token"},
    Route{RouteId::audit_log, "GET", "/v1/audit", "audit_log"},
    Route{RouteId::risk_rules, "GET", "/v1/risk/rules", "risk_rules"},
    Route{RouteId::reload_risk_rules, "POST", "/v1/risk/rules/reload", "reload_risk_rules"},
    Route{RouteId::zone_movement, "POST", "/v1/zones/{zone}/accounts/{enterprise}/movements",
          "zone_movement"},
    Route{RouteId::zone_balances, "GET", "/v1/zones/{zone}/accounts/{enterprise}/balances",
          "zone_balances"},
    Route{RouteId::zone_movements, "GET", "/v1/zones/{zone}/accounts/{enterprise}/movements",
          "zone_movements"},
    Route{RouteId::register_transit, "POST", "/v1/transits", "register_transit"},
    Route{RouteId::seal_event, "POST", "/v1/transits/{id}/seal-events", "seal_event"},
    Route{RouteId::get_transit, "GET", "/v1/transits/{id}", "get_transit"},
    Route{RouteId::resolve_alert, "POST", "/v1/transits/{id}/alerts/{alert}/resolve",
          "resolve_alert"},
    Route{RouteId::list_alerts, "GET", "/v1/alerts", "list_alerts"},
    Route{RouteId::issue_refund_form, "POST", "/v1/taxrefund/forms", "issue_refund_form"},
    Route{RouteId::refund_qr_png, "GET", "/v1/taxrefund/forms/{id}/qr.png", "refund_qr_png"},
    Route{RouteId::refund_qr_svg, "GET", "/v1/taxrefund/forms/{id}/qr.svg", "refund_qr_svg"},
    Route{RouteId::verify_refund, "POST", "/v1/taxrefund/verifications", "verify_refund"},
    Route{RouteId::dutyfree_sale, "POST", "/v1/dutyfree/sales", "dutyfree_sale"},
    Route{RouteId::dutyfree_allowance, "GET", "/v1/dutyfree/travellers/{id_number}/allowance",
          "dutyfree_allowance"},
    Route{RouteId::dutyfree_pickup, "POST", "/v1/dutyfree/pickups", "dutyfree_pickup"},
    Route{RouteId::ecommerce_order, "POST", "/v1/ecommerce/orders", "ecommerce_order"},
    Route{RouteId::ecommerce_payment, "POST", "/v1/ecommerce/payments", "ecommerce_payment"},
    Route{RouteId::ecommerce_waybill, "POST", "/v1/ecommerce/waybills", "ecommerce_waybill"},
    Route{RouteId::get_ecommerce_order, "GET", "/v1/ecommerce/orders/{id}", "get_ecommerce_order"},
    Route{RouteId::ecommerce_return, "POST", "/v1/ecommerce/orders/{id}/returns",
          "ecommerce_return"},
    Route{RouteId::ecommerce_quota, "GET", "/v1/ecommerce/quota/{id_number}", "ecommerce_quota"},
    Route{RouteId::postal_item, "POST", "/v1/postal/items", "postal_item"},
    Route{RouteId::get_postal_item, "GET", "/v1/postal/items/{tracking_no}", "get_postal_item"},
    Route{RouteId::postal_declaration, "POST", "/v1/postal/items/{tracking_no}/declaration",
          "postal_declaration"},
    Route{RouteId::postal_payment, "POST", "/v1/postal/items/{tracking_no}/payment",
          "postal_payment"},
    Route{RouteId::postal_receipt, "GET", "/v1/postal/items/{tracking_no}/receipt",
          "postal_receipt"},
    Route{RouteId::postal_refund_request, "POST", "/v1/postal/items/{tracking_no}/refund-requests",
          "postal_refund_request"},
    Route{RouteId::postal_refund_review, "POST",
          "/v1/postal/items/{tracking_no}/refund-requests/{id}/review", "postal_refund_review"},
    Route{RouteId::postal_return, "POST", "/v1/postal/items/{tracking_no}/return", "postal_return"},
};

static_assert(kRoutes.size() == route_count, "one route per RouteId");
constexpr bool ids_in_order() {
  for (std::size_t i = 0; i < kRoutes.size(); ++i) {
    if (static_cast<std::size_t>(kRoutes[i].id) != i) return false;
  }
  return true;
}
static_assert(ids_in_order(), "kRoutes lists the routes in RouteId order");

// Matches one pattern; fills `parameters` with the {placeholder} segments.
bool matches(std::string_view pattern, std::string_view path, std::vector<std::string>& parameters) {
  while (!pattern.empty() && !path.empty()) {
    if (pattern.front() != '/' || path.front() != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    std::size_t pattern_end = pattern.find('/');
    std::size_t path_end = path.find('/');
    std::string_view pattern_segment = pattern.substr(0, pattern_end);
    std::string_view path_segment = path.substr(0, path_end);
    if (pattern_segment.starts_with('{')) {
      if (path_segment.empty()) return false;
      parameters.emplace_back(path_segment);
    } else if (pattern_segment != path_segment) {
      return false;
    }
    pattern =
        pattern_end == std::string_view::npos ? std::string_view{} : pattern.substr(pattern_end);
    path = path_end == std::string_view::npos ? std::string_view{} : path.substr(path_end);
  }
  return pattern.empty() && path.empty();
}

}  // namespace

std::span<const Route> routes() {
  return kRoutes;
}

MatchResult match_route(std::string_view method, std::string_view path) {
  MatchResult result;
  for (const Route& route : kRoutes) {
    std::vector<std::string> parameters;
    if (!matches(route.pattern, path, parameters)) continue;
    if (route.method == method) {
      std::string joined;
      for (const auto& parameter : parameters) {
        if (!joined.empty()) joined += "/";
        joined += parameter;
      }
      result.match = RouteMatch{&route, std::move(joined), std::move(parameters)};
      return result;
    }
    result.failure = MatchFailure::method_not_allowed;
  }
  return result;
}

}  // namespace oc::api
