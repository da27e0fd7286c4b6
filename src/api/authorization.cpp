#include "api/authorization.h"

#include <algorithm>

namespace oc::api {

bool Principal::has_office(std::string_view office) const {
  return std::find(offices.begin(), offices.end(), office) != offices.end();
}

bool is_public(RouteId route) {
  switch (route) {
    case RouteId::healthz:
    case RouteId::readyz:
    case RouteId::metrics:
    case RouteId::openapi:
      return true;
    default:
      return false;
  }
}

bool allows_anonymous(RouteId route) {
  switch (route) {
    case RouteId::get_postal_item:
    case RouteId::postal_declaration:
    case RouteId::postal_payment:
    case RouteId::postal_receipt:
    case RouteId::postal_refund_request:
    case RouteId::postal_return:
      return true;
    default:
      return false;
  }
}

bool role_may_call(Role role, RouteId route) {
  if (is_public(route)) return true;
  switch (route) {
    case RouteId::lodge_declaration:
    case RouteId::amend:
    case RouteId::cancel:
    case RouteId::submit_documents:
      return role == Role::trader;
    case RouteId::list_declarations:
    case RouteId::get_declaration:
    case RouteId::get_events:
      return role == Role::trader || role == Role::officer || role == Role::auditor;
    case RouteId::start_document_review:
    case RouteId::request_documents:
    case RouteId::accept_documents:
    case RouteId::start_inspection:
    case RouteId::record_findings:
    case RouteId::record_payment:
    case RouteId::record_guarantee:
    case RouteId::release:
    case RouteId::confirm_exit:
    case RouteId::reject:
      return role == Role::officer;
    case RouteId::clearance_times:
      return role == Role::officer || role == Role::auditor;
    case RouteId::reference_hs:
      return role != Role::system;
    case RouteId::create_token:
    case RouteId::list_tokens:
    case RouteId::revoke_token:
      return role == Role::admin;
    case RouteId::audit_log:
      return role == Role::auditor || role == Role::admin;
    case RouteId::risk_rules:
      return role == Role::officer || role == Role::auditor || role == Role::admin;
    case RouteId::reload_risk_rules:
      return role == Role::admin;
    case RouteId::zone_movement:
    case RouteId::register_transit:
      return role == Role::trader;
    case RouteId::seal_event:
      return role == Role::trader || role == Role::officer;
    case RouteId::get_transit:
      return role == Role::trader || role == Role::officer || role == Role::auditor;
    case RouteId::resolve_alert:
      return role == Role::officer;
    case RouteId::list_alerts:
      return role == Role::officer || role == Role::auditor;
    case RouteId::issue_refund_form:
      return role == Role::trader;
    case RouteId::refund_qr_png:
    case RouteId::refund_qr_svg:
      return role == Role::trader || role == Role::officer || role == Role::auditor;
    case RouteId::verify_refund:
      return role == Role::officer;
    case RouteId::zone_balances:
    case RouteId::zone_movements:
      return role == Role::trader || role == Role::officer || role == Role::auditor;
    // A duty-free shop sells and hands over; an officer may also watch a pick-up; a shop checks a
    // traveller's remaining allowance before selling.
    case RouteId::dutyfree_sale:
      return role == Role::trader;
    case RouteId::dutyfree_pickup:
      return role == Role::trader || role == Role::officer;
    case RouteId::dutyfree_allowance:
      return role == Role::trader || role == Role::officer || role == Role::auditor;
    // Platforms, payment and logistics companies send their documents; platforms return orders.
    case RouteId::ecommerce_order:
    case RouteId::ecommerce_payment:
    case RouteId::ecommerce_waybill:
    case RouteId::ecommerce_return:
      return role == Role::trader;
    case RouteId::get_ecommerce_order:
    case RouteId::ecommerce_quota:
      return role == Role::trader || role == Role::officer || role == Role::auditor;
    // The postal operator lodges items and sees its own; the recipient's steps may also be taken
    // by a trader (a broker) who proves the phone; officers review refunds and return items.
    case RouteId::postal_item:
    case RouteId::postal_declaration:
    case RouteId::postal_payment:
    case RouteId::postal_refund_request:
      return role == Role::trader;
    case RouteId::get_postal_item:
    case RouteId::postal_receipt:
      return role == Role::trader || role == Role::officer || role == Role::auditor;
    case RouteId::postal_refund_review:
      return role == Role::officer;
    case RouteId::postal_return:
      return role == Role::trader || role == Role::officer;
    default:
      return false;
  }
}

bool may_see(const Principal& principal, const DeclarationParties& declaration) {
  switch (principal.role) {
    case Role::trader:
      return !principal.party.empty() &&
             (declaration.declarant == principal.party || declaration.importer == principal.party ||
              declaration.exporter == principal.party);
    case Role::officer:
      return principal.has_office(declaration.office);
    case Role::auditor:
      return true;
    default:
      return false;
  }
}

}  // namespace oc::api
