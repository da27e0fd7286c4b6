// Api: the HTTP/JSON API of OpenCustoms, independent of the network edge. The server hands it a
// plain HttpRequest and sends back the HttpResponse; tests and the fuzz target call it directly.
//
// Every request: route match (404/405) -> authentication (401) -> rate limit (429) -> role check
// (403) -> the route's handler, which checks visibility of the declaration it touches (404 for
// another party's or office's declaration, so existence does not leak), calls one domain
// function and maps its result. Every state-changing request (POST, DELETE) and every denied
// request is appended to the hash-chained audit log; a successful lodging or action writes its
// audit entry in the same transaction as its data.
// Thread safety: handle() may be called from many threads at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

#include "api/authorization.h"
#include "api/http_types.h"
#include "api/metrics.h"
#include "api/rate_limiter.h"
#include "clearance/actions.h"
#include "clearance/dutyfree_service.h"
#include "clearance/ecommerce_service.h"
#include "clearance/lodging.h"
#include "clearance/postal_service.h"
#include "clearance/tax_refund_service.h"
#include "clearance/transit_service.h"
#include "clearance/zone_service.h"
#include "core/clock.h"
#include "core/reference_data.h"
#include "tariff/tariff.h"
#include "store/store.h"

namespace oc::api {

struct ApiOptions {
  RateLimit rate_limit;
  std::size_t page_size_default = 50;
  // Declarations one clearance-times request reads at most (a larger window is refused).
  std::size_t statistics_declarations_max = 200'000;
  // How long a token looked up from the store is trusted before it is looked up again
  // (so a revocation through the CLI reaches a running server within this time).
  std::chrono::milliseconds token_cache_ttl{2000};
  std::size_t idempotency_key_length_max = 255;
  // The targeting rules file POST /v1/risk/rules/reload re-reads ("" : reload is refused).
  std::filesystem::path rules_file;
};

// The services of the special regimes, built by the server (they hold keys and monitors).
struct RegimeServices {
  TransitService& transits;
  TaxRefundService& refunds;
  DutyFreeService& dutyfree;
  EcommerceService& ecommerce;
  PostalService& postal;
};

class Api {
 public:
  Api(const ReferenceData& reference, const Tariff& tariff, RiskService& risk,
      const ZoneRegistry& zones, RegimeServices services, Store& store, const Clock& clock,
      ApiOptions options = {});

  HttpResponse handle(const HttpRequest& request);

  Metrics& metrics() { return metrics_; }
  // Extra Prometheus text (the server's connection gauges), appended to /metrics.
  void set_extra_metrics(std::function<std::string()> provider) {
    extra_metrics_ = std::move(provider);
  }

 private:
  struct Context;  // one request's state (api.cpp)

  HttpResponse dispatch(Context& context);
  HttpResponse route_request(Context& context);
  HttpResponse lodge(Context& context);
  HttpResponse list_declarations(Context& context);
  HttpResponse get_declaration(Context& context);
  HttpResponse get_events(Context& context);
  HttpResponse act(Context& context);
  HttpResponse clearance_times(Context& context);
  HttpResponse reference_hs(Context& context);
  HttpResponse create_token(Context& context);
  HttpResponse list_tokens(Context& context);
  HttpResponse revoke_token(Context& context);
  HttpResponse audit_log(Context& context);
  HttpResponse risk_rules(Context& context);
  HttpResponse reload_risk_rules(Context& context);
  HttpResponse zone_movement(Context& context);
  HttpResponse zone_balances(Context& context);
  HttpResponse zone_movements(Context& context);
  HttpResponse register_transit(Context& context);
  HttpResponse seal_event(Context& context);
  HttpResponse get_transit(Context& context);
  HttpResponse resolve_alert(Context& context);
  HttpResponse list_alerts(Context& context);
  HttpResponse issue_refund_form(Context& context);
  HttpResponse refund_qr(Context& context, bool png);
  HttpResponse verify_refund(Context& context);
  // api_regimes.cpp
  HttpResponse dutyfree_sale(Context& context);
  HttpResponse dutyfree_allowance(Context& context);
  HttpResponse dutyfree_pickup(Context& context);
  HttpResponse ecommerce_document(Context& context);
  HttpResponse get_ecommerce_order(Context& context);
  HttpResponse ecommerce_return(Context& context);
  HttpResponse ecommerce_quota(Context& context);
  HttpResponse postal_route(Context& context);
  // Maps a regime service's answer: created 201 and done 200 (their audit entry written with the
  // data), a replay 200, a refused body 400/422, an error by its code.
  HttpResponse regime_response(Context& context, Result<RegimeAnswer> answer);
  // The transit of the route when the principal may see it (its destination enterprise, officers
  // of its office, auditors); transit.not_found otherwise.
  Result<TransitView> visible_transit(const Context& context);
  HttpResponse transit_answer(Context& context, Result<TransitAnswer> answer);
  // The account of the route's {zone}/{enterprise} when the principal may see it: a trader its
  // own enterprise, an officer the zones of its offices, an auditor all; account.not_found
  // otherwise (never 403, so accounts cannot be probed).
  Result<const ZoneInfo*> visible_account(const Context& context);
  HttpResponse readyz();

  Result<Principal> authenticate(const HttpRequest& request);
  // Loads a declaration the principal may see; declaration.not_found otherwise.
  Result<DeclarationRecord> visible_declaration(const Context& context);
  HttpResponse fail(Context& context, const Error& error);
  HttpResponse fail(Context& context, const Errors& errors, int status);
  void audit(const Context& context, int status, std::string_view error_code);
  AuditEntry audit_entry(const Context& context, int status, std::string_view error_code) const;

  const ReferenceData& reference_;
  RiskService& risk_;
  Store& store_;
  const Clock& clock_;
  ApiOptions options_;
  LodgingService lodging_;
  ZoneService zones_;
  TransitService& transits_;
  TaxRefundService& refunds_;
  DutyFreeService& dutyfree_;
  EcommerceService& ecommerce_;
  PostalService& postal_;
  ActionService actions_;
  RateLimiter rate_limiter_;
  Metrics metrics_;
  std::function<std::string()> extra_metrics_;

  std::mutex in_flight_mutex_;
  std::set<std::string> idempotency_in_flight_;

  struct CachedToken {
    std::optional<TokenRecord> token;
    TimePoint fetched_at;
  };
  std::mutex token_cache_mutex_;
  std::unordered_map<std::string, CachedToken> token_cache_;
};

// Checks a token's binding: traders have one party, officers known offices, others neither.
// Errors with paths into the token request (/party, /offices, /label).
VoidResult check_token_binding(const TokenRecord& token);

// The OpenAPI 3.1 description of this API (docs/openapi.json, compiled in).
std::string_view openapi_document();

}  // namespace oc::api
