// Handlers of the person-facing regimes (regimes-v1): offshore duty-free, cross-border
// e-commerce, postal items. Each calls one service function and maps its answer.
#include <charconv>

#include "api/api.h"
#include "api/api_context.h"
#include "api/error_mapping.h"

namespace oc::api {
namespace {

// ?year=YYYY (default: this year in China Standard Time).
Result<int> year_parameter(const Target& target, TimePoint now) {
  int year = 0;
  auto it = target.query.find("year");
  if (it == target.query.end()) {
    const std::string today = format_date(now + std::chrono::hours(8));
    std::from_chars(today.data(), today.data() + 4, year);
    return year;
  }
  const std::string& text = it->second;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (error != std::errc() || end != text.data() + text.size() || text.size() != 4 ||
      year < 2000 || year > 2100) {
    return make_error("year.invalid", "?year", "year must be a calendar year such as 2026");
  }
  return year;
}

DutyFreeCaller dutyfree_caller(const Principal& principal) {
  return DutyFreeCaller{principal.role == Role::trader ? principal.party : std::string()};
}

EcommerceCaller ecommerce_caller(const Principal& principal) {
  EcommerceCaller caller;
  if (principal.role == Role::trader) caller.party = principal.party;
  if (principal.role == Role::officer) caller.offices = principal.offices;
  caller.auditor = principal.role == Role::auditor;
  return caller;
}

PostalCaller postal_caller(const std::optional<Principal>& principal) {
  if (!principal) return PostalCaller{PostalCaller::Kind::recipient, ""};
  switch (principal->role) {
    case Role::officer:
      return PostalCaller{PostalCaller::Kind::officer, ""};
    case Role::auditor:
      return PostalCaller{PostalCaller::Kind::auditor, ""};
    default:
      return PostalCaller{PostalCaller::Kind::operator_party, principal->party};
  }
}

}  // namespace

HttpResponse Api::regime_response(Context& context, Result<RegimeAnswer> answer) {
  if (!answer) return fail(context, answer.error());
  switch (answer->kind) {
    case RegimeAnswer::Kind::created:
      context.audited = true;
      return json_response(201, std::move(answer->json));
    case RegimeAnswer::Kind::done:
      context.audited = true;
      return json_response(200, std::move(answer->json));
    case RegimeAnswer::Kind::exists:
      return json_response(200, std::move(answer->json));
    case RegimeAnswer::Kind::rejected:
      break;
  }
  return fail(context, answer->errors, rejection_status(answer->errors));
}

HttpResponse Api::dutyfree_sale(Context& context) {
  return regime_response(context, dutyfree_.sell(context.request.body,
                                                 dutyfree_caller(*context.principal),
                                                 audit_entry(context, 201, "")));
}

HttpResponse Api::dutyfree_allowance(Context& context) {
  static constexpr std::array<std::string_view, 1> kAllowed = {"year"};
  if (auto checked = check_query(context.target, kAllowed); !checked) {
    return fail(context, checked.error());
  }
  auto year = year_parameter(context.target, clock_.now());
  if (!year) return fail(context, year.error());
  auto answer = dutyfree_.allowance(context.parameters.at(0), *year);
  if (!answer) return fail(context, answer.error());
  return json_response(200, std::move(*answer));
}

HttpResponse Api::dutyfree_pickup(Context& context) {
  return regime_response(context, dutyfree_.pick_up(context.request.body,
                                                    dutyfree_caller(*context.principal),
                                                    audit_entry(context, 200, "")));
}

HttpResponse Api::ecommerce_document(Context& context) {
  const EcommerceCaller caller = ecommerce_caller(*context.principal);
  const std::string_view body = context.request.body;
  AuditEntry audit = audit_entry(context, 201, "");
  switch (context.route->id) {
    case RouteId::ecommerce_order:
      return regime_response(context, ecommerce_.receive_order(body, caller, std::move(audit)));
    case RouteId::ecommerce_payment:
      return regime_response(context, ecommerce_.receive_payment(body, caller, std::move(audit)));
    default:
      return regime_response(context, ecommerce_.receive_waybill(body, caller, std::move(audit)));
  }
}

HttpResponse Api::get_ecommerce_order(Context& context) {
  auto view = ecommerce_.order_view(context.parameters.at(0), ecommerce_caller(*context.principal));
  if (!view) return fail(context, view.error());
  return json_response(200, std::move(*view));
}

HttpResponse Api::ecommerce_return(Context& context) {
  return regime_response(context, ecommerce_.return_order(context.parameters.at(0),
                                                          context.request.body,
                                                          ecommerce_caller(*context.principal),
                                                          audit_entry(context, 201, "")));
}

HttpResponse Api::ecommerce_quota(Context& context) {
  static constexpr std::array<std::string_view, 1> kAllowed = {"year"};
  if (auto checked = check_query(context.target, kAllowed); !checked) {
    return fail(context, checked.error());
  }
  auto year = year_parameter(context.target, clock_.now());
  if (!year) return fail(context, year.error());
  auto answer = ecommerce_.quota(context.parameters.at(0), *year);
  if (!answer) return fail(context, answer.error());
  return json_response(200, std::move(*answer));
}

HttpResponse Api::postal_route(Context& context) {
  const PostalCaller caller = postal_caller(context.principal);
  const RouteId route = context.route->id;
  const std::string_view body = context.request.body;
  if (route == RouteId::postal_item) {
    return regime_response(context, postal_.lodge(body, caller, audit_entry(context, 201, "")));
  }
  const std::string& tracking_no = context.parameters.at(0);
  if (route == RouteId::get_postal_item || route == RouteId::postal_receipt) {
    static constexpr std::array<std::string_view, 1> kAllowed = {"phone"};
    if (auto checked = check_query(context.target, kAllowed); !checked) {
      return fail(context, checked.error());
    }
    std::optional<std::string_view> phone;
    if (auto it = context.target.query.find("phone"); it != context.target.query.end()) {
      phone = it->second;
    }
    if (route == RouteId::get_postal_item) {
      auto view = postal_.view(tracking_no, phone, caller);
      if (!view) return fail(context, view.error());
      return json_response(200, std::move(*view));
    }
    auto receipt = postal_.receipt(tracking_no, phone, caller);
    if (!receipt) return fail(context, receipt.error());
    HttpResponse response;
    response.content_type = "application/pdf";
    response.headers.emplace_back("Content-Disposition",
                                  "attachment; filename=\"" + receipt->receipt_no + ".pdf\"");
    response.body = std::move(receipt->pdf);
    return response;
  }
  AuditEntry audit = audit_entry(context, 201, "");
  switch (route) {
    case RouteId::postal_declaration:
      return regime_response(context, postal_.declare(tracking_no, body, caller, std::move(audit)));
    case RouteId::postal_payment:
      return regime_response(context, postal_.pay(tracking_no, body, caller, std::move(audit)));
    case RouteId::postal_refund_request:
      return regime_response(context,
                             postal_.request_refund(tracking_no, body, caller, std::move(audit)));
    case RouteId::postal_refund_review:
      return regime_response(context, postal_.review_refund(tracking_no, context.parameters.at(1),
                                                            body, caller, std::move(audit)));
    default:
      return regime_response(context,
                             postal_.return_item(tracking_no, body, caller, std::move(audit)));
  }
}

}  // namespace oc::api
