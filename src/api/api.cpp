// The API's request flow and its handlers: parse, call one domain function, map the result.
#include "api/api.h"

#include <algorithm>
#include <array>

#include "api/api_context.h"
#include "api/error_mapping.h"
#include "api/request_parsing.h"
#include "api/tokens.h"
#include "core/codes.h"
#include "core/csv.h"
#include "core/identity_key.h"
#include "taxrefund/qr_image.h"
#include "core/json_writer.h"
#include "core/sha256.h"
#include "declaration/clearance_times.h"
#include "declaration/lifecycle.h"

namespace oc::api {

namespace {

bool is_state_changing(const HttpRequest& request) {
  return request.method == "POST" || request.method == "DELETE";
}

bool is_json_content_type(std::string_view value) {
  std::string_view media = value.substr(0, value.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (media.size() != 16) return false;
  constexpr std::string_view expected = "application/json";
  for (std::size_t i = 0; i < media.size(); ++i) {
    char c = media[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != expected[i]) return false;
  }
  return true;
}

void write_lane(JsonWriter& out, const std::optional<Lane>& lane) {
  out.key("lane");
  if (lane) {
    out.string(to_string(*lane));
  } else {
    out.null();
  }
}

void write_summary(JsonWriter& out, const DeclarationRecord& record) {
  out.begin_object()
      .field("id", record.id)
      .field("lrn", record.lrn)
      .field("declarant", record.declarant)
      .field("importer", record.importer_id)
      .field("exporter", record.exporter_id)
      .field("office", record.office)
      .field("status", to_string(record.status));
  write_lane(out, record.lane);
  out.field("lodged_at", format_timestamp(record.lodged_at))
      .field("event_count", record.event_count)
      .end_object();
}

// The event an action route appends, and the body fields it takes.
struct ActionSpec {
  RouteId route;
  EventType event;
  std::array<std::string_view, 2> fields;  // allowed string fields ("" = none)
};
constexpr std::array kActions = {
    ActionSpec{RouteId::cancel, EventType::cancelled, {"reason", ""}},
    ActionSpec{RouteId::start_document_review, EventType::document_review_started, {"", ""}},
    ActionSpec{RouteId::request_documents, EventType::documents_requested, {"documents", ""}},
    ActionSpec{RouteId::submit_documents, EventType::documents_submitted, {"note", ""}},
    ActionSpec{RouteId::accept_documents, EventType::documents_accepted, {"note", ""}},
    ActionSpec{RouteId::start_inspection, EventType::inspection_started, {"note", ""}},
    ActionSpec{RouteId::record_findings, EventType::findings_recorded, {"outcome", "note"}},
    ActionSpec{RouteId::record_payment, EventType::duties_paid, {"reference", ""}},
    ActionSpec{RouteId::record_guarantee, EventType::guarantee_lodged, {"reference", ""}},
    ActionSpec{RouteId::release, EventType::released, {"note", ""}},
    ActionSpec{RouteId::confirm_exit, EventType::exit_confirmed, {"note", ""}},
    ActionSpec{RouteId::reject, EventType::rejected, {"reason", ""}},
    ActionSpec{RouteId::amend, EventType::amended, {"reason", ""}},
};

const ActionSpec* find_action(RouteId route) {
  for (const ActionSpec& spec : kActions) {
    if (spec.route == route) return &spec;
  }
  return nullptr;
}

Result<std::optional<TimePoint>> time_parameter(const Target& target, std::string_view name) {
  auto it = target.query.find(name);
  if (it == target.query.end()) return std::optional<TimePoint>{};
  auto parsed = parse_timestamp(it->second);
  if (!parsed) {
    return make_error(std::string(name) + ".invalid", "?" + std::string(name),
                      "'" + it->second.substr(0, 40) +
                          "' is not a date (2026-11-23) or UTC timestamp (2026-11-23T10:15:00Z)");
  }
  return std::optional<TimePoint>{*parsed};
}

}  // namespace

Api::Api(const ReferenceData& reference, const Tariff& tariff, RiskService& risk,
         const ZoneRegistry& zones, RegimeServices services, Store& store, const Clock& clock,
         ApiOptions options)
    : reference_(reference),
      risk_(risk),
      store_(store),
      clock_(clock),
      options_(options),
      lodging_(reference, tariff, risk, store, clock),
      zones_(zones, lodging_, store, clock),
      transits_(services.transits),
      refunds_(services.refunds),
      dutyfree_(services.dutyfree),
      ecommerce_(services.ecommerce),
      postal_(services.postal),
      actions_(store, clock),
      rate_limiter_(options.rate_limit, clock) {}

HttpResponse Api::handle(const HttpRequest& request) {
  auto started = std::chrono::steady_clock::now();
  auto target = parse_target(request.target);
  if (!target) {
    metrics_.observe_unrouted(400);
    metrics_.count_error(target.error().code);
    return json_response(400, errors_json({target.error()}));
  }
  MatchResult matched = match_route(request.method, target->path);
  if (!matched.match) {
    bool wrong_method = matched.failure == MatchFailure::method_not_allowed;
    int status = wrong_method ? 405 : 404;
    metrics_.observe_unrouted(status);
    Error error = wrong_method
                      ? make_error("http.method_not_allowed", "",
                                   request.method.substr(0, 16) + " is not allowed on this path")
                      : make_error("http.not_found", "", "no such route");
    metrics_.count_error(error.code);
    return json_response(status, errors_json({error}));
  }
  Context context{request,   std::move(*target), matched.match->route, matched.match->parameter,
                  matched.match->parameters, {}};
  // A person's identity number in the path ({id_number}) never reaches the audit log in clear.
  if (context.route->pattern.find("{id_number}") != std::string_view::npos) {
    context.parameter = mask_identity(context.parameter);
  }
  HttpResponse response = dispatch(context);
  auto latency = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  metrics_.observe_request(context.route->id, response.status, latency);
  return response;
}

HttpResponse Api::dispatch(Context& context) {
  HttpResponse response = route_request(context);
  int status = response.status;
  bool denied = status == 401 || status == 403 || status == 404 || status == 429;
  if (!context.audited && context.route->id != RouteId::healthz &&
      (denied || is_state_changing(context.request))) {
    audit(context, status, context.error_code);
  }
  return response;
}

HttpResponse Api::route_request(Context& context) {
  RouteId route = context.route->id;
  if (route == RouteId::healthz) return json_response(200, "{\"status\":\"ok\"}");
  if (route == RouteId::readyz) return readyz();
  if (route == RouteId::metrics) {
    HttpResponse response;
    response.content_type = "text/plain; version=0.0.4";
    response.body = metrics_.prometheus_text(extra_metrics_ ? extra_metrics_() : std::string());
    return response;
  }
  if (route == RouteId::openapi) return json_response(200, std::string(openapi_document()));

  // A member of the public on a route that allows it (a postal recipient): no principal, and
  // the rate limit counts per remote address instead of per token.
  const bool anonymous =
      allows_anonymous(route) && context.request.header("authorization").empty();
  if (!anonymous) {
    auto principal = authenticate(context.request);
    if (!principal) return fail(context, principal.error());
    context.principal = std::move(*principal);
  }
  const std::string& remote = context.request.remote_address;
  const std::string limit_key =
      anonymous ? "anonymous:" + remote.substr(0, remote.rfind(':')) : context.principal->token_id;
  if (std::int64_t wait = rate_limiter_.acquire(limit_key); wait > 0) {
    HttpResponse response = fail(
        context,
        make_error("rate.limited", "",
                   "too many requests for this token; retry after " + std::to_string(wait) + " s"));
    response.headers.emplace_back("Retry-After", std::to_string(wait));
    return response;
  }
  if (!anonymous && !role_may_call(context.principal->role, route)) {
    return fail(context, make_error("auth.forbidden", "",
                                    "role " + std::string(to_string(context.principal->role)) +
                                        " may not call " + std::string(context.route->name)));
  }
  if (is_state_changing(context.request) &&
      context.request.body.find_first_not_of(" \t\r\n") != std::string::npos &&
      !is_json_content_type(context.request.header("content-type"))) {
    return fail(context, make_error("http.content_type", "",
                                    "the body must be sent as Content-Type: application/json"));
  }
  switch (route) {
    case RouteId::lodge_declaration:
      return lodge(context);
    case RouteId::list_declarations:
      return list_declarations(context);
    case RouteId::get_declaration:
      return get_declaration(context);
    case RouteId::get_events:
      return get_events(context);
    case RouteId::clearance_times:
      return clearance_times(context);
    case RouteId::reference_hs:
      return reference_hs(context);
    case RouteId::create_token:
      return create_token(context);
    case RouteId::list_tokens:
      return list_tokens(context);
    case RouteId::revoke_token:
      return revoke_token(context);
    case RouteId::audit_log:
      return audit_log(context);
    case RouteId::risk_rules:
      return risk_rules(context);
    case RouteId::reload_risk_rules:
      return reload_risk_rules(context);
    case RouteId::zone_movement:
      return zone_movement(context);
    case RouteId::zone_balances:
      return zone_balances(context);
    case RouteId::zone_movements:
      return zone_movements(context);
    case RouteId::register_transit:
      return register_transit(context);
    case RouteId::seal_event:
      return seal_event(context);
    case RouteId::get_transit:
      return get_transit(context);
    case RouteId::resolve_alert:
      return resolve_alert(context);
    case RouteId::list_alerts:
      return list_alerts(context);
    case RouteId::issue_refund_form:
      return issue_refund_form(context);
    case RouteId::refund_qr_png:
      return refund_qr(context, true);
    case RouteId::refund_qr_svg:
      return refund_qr(context, false);
    case RouteId::dutyfree_sale:
      return dutyfree_sale(context);
    case RouteId::dutyfree_allowance:
      return dutyfree_allowance(context);
    case RouteId::dutyfree_pickup:
      return dutyfree_pickup(context);
    case RouteId::ecommerce_order:
    case RouteId::ecommerce_payment:
    case RouteId::ecommerce_waybill:
      return ecommerce_document(context);
    case RouteId::get_ecommerce_order:
      return get_ecommerce_order(context);
    case RouteId::ecommerce_return:
      return ecommerce_return(context);
    case RouteId::ecommerce_quota:
      return ecommerce_quota(context);
    case RouteId::postal_item:
    case RouteId::get_postal_item:
    case RouteId::postal_declaration:
    case RouteId::postal_payment:
    case RouteId::postal_receipt:
    case RouteId::postal_refund_request:
    case RouteId::postal_refund_review:
    case RouteId::postal_return:
      return postal_route(context);
    case RouteId::verify_refund:
      return verify_refund(context);
    default:
      return act(context);
  }
}

Result<Principal> Api::authenticate(const HttpRequest& request) {
  std::string_view authorization = request.header("authorization");
  if (authorization.empty()) {
    return make_error("auth.missing_token", "", "send Authorization: Bearer <token>");
  }
  constexpr std::string_view scheme = "Bearer ";
  if (!authorization.starts_with(scheme)) {
    return make_error("auth.invalid_token", "", "the Authorization scheme must be Bearer");
  }
  std::string_view secret = authorization.substr(scheme.size());
  if (!is_token_syntax(secret)) return make_error("auth.invalid_token", "", "unknown token");
  std::string hash = token_hash(secret);
  TimePoint now = clock_.now();
  std::optional<TokenRecord> token;
  bool cached = false;
  {
    std::lock_guard lock(token_cache_mutex_);
    auto it = token_cache_.find(hash);
    if (it != token_cache_.end() && now - it->second.fetched_at < options_.token_cache_ttl) {
      token = it->second.token;
      cached = true;
    }
  }
  if (!cached) {
    auto found = store_.find_token_by_hash(hash);
    if (!found) return std::move(found).error();
    token = *found;
    std::lock_guard lock(token_cache_mutex_);
    token_cache_[hash] = CachedToken{token, now};
  }
  if (!token) return make_error("auth.invalid_token", "", "unknown token");
  if (token->revoked_at) return make_error("auth.revoked_token", "", "the token was revoked");
  return Principal{token->id, token->role, token->party, token->offices};
}

HttpResponse Api::fail(Context& context, const Error& error) {
  return fail(context, Errors{error}, http_status(error));
}

HttpResponse Api::fail(Context& context, const Errors& errors, int status) {
  for (const Error& error : errors) metrics_.count_error(error.code);
  context.error_code = errors.front().code;
  HttpResponse response = json_response(status, errors_json(errors));
  if (status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

AuditEntry Api::audit_entry(const Context& context, int status, std::string_view error_code) const {
  AuditEntry entry;
  entry.at = clock_.now();
  entry.actor = context.principal ? context.principal->token_id : "anonymous";
  entry.role = context.principal ? std::string(to_string(context.principal->role)) : "";
  entry.action = std::string(context.route->name);
  entry.target = context.parameter;
  entry.status = status;
  JsonWriter detail;
  detail.begin_object().field("method", context.request.method);
  if (!error_code.empty()) detail.field("error", error_code);
  if (!context.request.remote_address.empty()) {
    detail.field("remote", context.request.remote_address);
  }
  detail.end_object();
  entry.detail_json = detail.take();
  return entry;
}

void Api::audit(const Context& context, int status, std::string_view error_code) {
  auto appended = store_.append_audit(audit_entry(context, status, error_code));
  if (!appended) metrics_.count_error("audit.append_failed");
}

HttpResponse Api::readyz() {
  auto probe = store_.find("D00000000000000000");
  if (!probe) {
    return json_response(503,
                         errors_json({make_error("store.unavailable", "", probe.error().message)}));
  }
  return json_response(200, "{\"status\":\"ready\"}");
}

HttpResponse Api::lodge(Context& context) {
  const Principal& principal = *context.principal;
  LodgingOptions lodging_options;
  lodging_options.required_party = principal.party;
  lodging_options.audit = audit_entry(context, 201, "");

  // Idempotency-Key: a retry with the same key and body gets the first answer; another body
  // under the same key is refused; a retry while the first is still in flight is refused.
  std::string in_flight_name;
  if (context.request.has_header("idempotency-key")) {
    std::string_view key = context.request.header("idempotency-key");
    bool visible_ascii =
        std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7F; });
    if (key.empty() || key.size() > options_.idempotency_key_length_max || !visible_ascii) {
      return fail(context, make_error("idempotency.key_invalid", "",
                                      "Idempotency-Key must be 1 to " +
                                          std::to_string(options_.idempotency_key_length_max) +
                                          " visible ASCII characters"));
    }
    std::string scope = "party:" + principal.party;
    std::string request_sha256 = sha256_hex(context.request.body);
    auto existing = store_.find_idempotency_key(scope, key);
    if (!existing) return fail(context, existing.error());
    if (existing->has_value()) {
      if ((*existing)->request_sha256 != request_sha256) {
        return fail(context, make_error("idempotency.key_reused", "",
                                        "this Idempotency-Key was used with a different body"));
      }
      auto record = store_.find((*existing)->declaration_id);
      if (!record) return fail(context, record.error());
      if (!record->has_value()) {
        return fail(context,
                    make_error("internal.error", "", "idempotency key without its declaration"));
      }
      context.audited = true;  // a replay changes nothing
      return json_response(201, (*record)->answer_json);
    }
    in_flight_name = scope + "\n" + std::string(key);
    std::lock_guard lock(in_flight_mutex_);
    if (!idempotency_in_flight_.insert(in_flight_name).second) {
      return fail(context, make_error("idempotency.in_flight", "",
                                      "a request with this Idempotency-Key is still in progress"));
    }
    lodging_options.idempotency = IdempotencyKey{scope, std::string(key), request_sha256, ""};
  }
  auto outcome =
      lodging_.lodge(context.request.body, Actor{Role::trader, principal.party}, lodging_options);
  if (!in_flight_name.empty()) {
    std::lock_guard lock(in_flight_mutex_);
    idempotency_in_flight_.erase(in_flight_name);
  }
  if (!outcome) return fail(context, outcome.error());
  context.parameter = outcome->declaration_id;
  switch (outcome->disposition) {
    case LodgingDisposition::accepted:
      context.audited = true;  // written with the declaration
      metrics_.count_lodging("accepted");
      if (outcome->lane) metrics_.count_lane(*outcome->lane);
      return json_response(201, outcome->answer_json);
    case LodgingDisposition::replayed:
      context.audited = true;
      metrics_.count_lodging("replayed");
      return json_response(200, outcome->answer_json);
    case LodgingDisposition::rejected:
      metrics_.count_lodging("rejected");
      // A body that is fine but refused by a regime's rule is 422; any other problem is 400.
      return fail(context, outcome->errors, rejection_status(outcome->errors));
  }
  return fail(context, make_error("internal.error", "", "unknown lodging outcome"));
}

Result<DeclarationRecord> Api::visible_declaration(const Context& context) {
  auto found = store_.find(context.parameter);
  if (!found) return std::move(found).error();
  if (found->has_value()) {
    const DeclarationRecord& record = **found;
    DeclarationParties parties{record.declarant, record.importer_id, record.exporter_id,
                               record.office};
    if (may_see(*context.principal, parties)) return std::move(**found);
  }
  return make_error("declaration.not_found", "",
                    "no declaration " + context.parameter.substr(0, 40));
}

HttpResponse Api::list_declarations(Context& context) {
  static constexpr std::array<std::string_view, 7> kAllowed = {"status", "lane",   "office", "from",
                                                               "to",     "cursor", "limit"};
  if (auto checked = check_query(context.target, kAllowed); !checked) {
    return fail(context, checked.error());
  }
  const auto& query = context.target.query;
  DeclarationFilter filter;
  Errors errors;
  if (auto it = query.find("status"); it != query.end()) {
    filter.status = parse_status(it->second);
    if (!filter.status) errors.push_back(make_error("status.invalid", "?status", "unknown status"));
  }
  if (auto it = query.find("lane"); it != query.end()) {
    filter.lane = parse_lane(it->second);
    if (!filter.lane) errors.push_back(make_error("lane.invalid", "?lane", "unknown lane"));
  }
  if (auto it = query.find("office"); it != query.end()) filter.office = it->second;
  for (std::string_view name : {"from", "to"}) {
    auto value = time_parameter(context.target, name);
    if (!value) {
      errors.push_back(value.error());
    } else {
      (name == "from" ? filter.lodged_from : filter.lodged_to) = *value;
    }
  }
  if (auto it = query.find("cursor"); it != query.end()) {
    bool well_formed = it->second.size() == 17 && it->second[0] == 'D' &&
                       std::all_of(it->second.begin() + 1, it->second.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
    if (!well_formed) errors.push_back(make_error("cursor.invalid", "?cursor", "malformed cursor"));
    filter.before_id = it->second;
  }
  filter.limit = options_.page_size_default;
  if (auto it = query.find("limit"); it != query.end()) {
    auto limit = Decimal::parse(it->second, 0);
    if (!limit || limit->sign() <= 0) {
      errors.push_back(
          make_error("limit.invalid", "?limit", "limit must be a whole number from 1"));
    } else {
      filter.limit = static_cast<std::size_t>(
          std::min<std::int64_t>(limit->units(), static_cast<std::int64_t>(declarations_page_max)));
    }
  }
  if (!errors.empty()) return fail(context, errors, 400);
  const Principal& principal = *context.principal;
  if (principal.role == Role::trader) filter.party = principal.party;
  if (principal.role == Role::officer) filter.offices = principal.offices;

  auto records = store_.list_declarations(filter);
  if (!records) return fail(context, records.error());
  JsonWriter out;
  out.begin_object().key("declarations").begin_array();
  for (const DeclarationRecord& record : *records) write_summary(out, record);
  out.end_array();
  out.key("next_cursor");
  if (records->size() == filter.limit) {
    out.string(records->back().id);
  } else {
    out.null();
  }
  out.field("limit", static_cast<std::int64_t>(filter.limit)).end_object();
  return json_response(200, out.take());
}

HttpResponse Api::get_declaration(Context& context) {
  auto record = visible_declaration(context);
  if (!record) return fail(context, record.error());
  auto events = store_.events(record->id);
  if (!events) return fail(context, events.error());
  return json_response(200, declaration_view_json(*record, *events));
}

HttpResponse Api::get_events(Context& context) {
  auto record = visible_declaration(context);
  if (!record) return fail(context, record.error());
  auto events = store_.events(record->id);
  if (!events) return fail(context, events.error());
  std::string body = "{\"events\":[";
  for (std::size_t i = 0; i < events->size(); ++i) {
    if (i > 0) body += ",";
    body += event_to_json((*events)[i]);
  }
  body += "]}";
  return json_response(200, std::move(body));
}

HttpResponse Api::act(Context& context) {
  const ActionSpec* spec = find_action(context.route->id);
  if (spec == nullptr) return fail(context, make_error("internal.error", "", "no handler"));
  auto record = visible_declaration(context);
  if (!record) return fail(context, record.error());
  std::vector<std::string_view> fields;
  for (std::string_view field : spec->fields) {
    if (!field.empty()) fields.push_back(field);
  }
  static constexpr std::array<std::string_view, 1> kRawDeclaration = {"declaration"};
  bool amend = spec->route == RouteId::amend;
  auto body = parse_small_body(context.request.body, fields, {},
                               amend ? std::span<const std::string_view>(kRawDeclaration)
                                     : std::span<const std::string_view>());
  if (!body) return fail(context, body.error());

  std::string payload;
  if (amend) {
    auto declaration = body->raw.find("declaration");
    if (declaration == body->raw.end()) {
      return fail(context, make_error("declaration.required", "/declaration",
                                      "an amendment carries the whole amended declaration"));
    }
    auto reason = body->strings.find("reason");
    Errors errors;
    auto built = amendment_payload(*record, reason == body->strings.end() ? "" : reason->second,
                                   declaration->second, reference_, errors);
    if (!built) return fail(context, errors, 400);
    payload = std::move(*built);
  } else {
    JsonWriter out;
    out.begin_object();
    for (const auto& [name, value] : body->strings) out.field(name, value);
    out.end_object();
    payload = out.take();
  }
  const Principal& principal = *context.principal;
  Actor actor{principal.role,
              principal.role == Role::trader ? principal.party : principal.token_id};
  AuditEntry entry = audit_entry(context, 200, "");
  auto outcome = actions_.act(record->id, spec->event, actor, std::move(payload), entry);
  if (!outcome) return fail(context, outcome.error());
  context.audited = true;
  JsonWriter out;
  out.begin_object()
      .field("id", outcome->record.id)
      .field("status", to_string(outcome->record.status));
  write_lane(out, outcome->record.lane);
  out.field("event_count", outcome->record.event_count);
  out.key("event").raw(event_to_json(outcome->event));
  out.end_object();
  return json_response(200, out.take());
}

HttpResponse Api::clearance_times(Context& context) {
  static constexpr std::array<std::string_view, 3> kAllowed = {"office", "from", "to"};
  if (auto checked = check_query(context.target, kAllowed); !checked) {
    return fail(context, checked.error());
  }
  DeclarationFilter filter;
  Errors errors;
  auto from = time_parameter(context.target, "from");
  auto to = time_parameter(context.target, "to");
  if (!from) errors.push_back(from.error());
  if (!to) errors.push_back(to.error());
  if (!errors.empty()) return fail(context, errors, 400);
  filter.lodged_from = *from;
  filter.lodged_to = *to;
  const Principal& principal = *context.principal;
  if (auto it = context.target.query.find("office"); it != context.target.query.end()) {
    if (principal.role == Role::officer && !principal.has_office(it->second)) {
      return fail(context, make_error("auth.forbidden", "?office",
                                      "office " + it->second.substr(0, 8) + " is not yours"));
    }
    filter.office = it->second;
  }
  if (principal.role == Role::officer) filter.offices = principal.offices;
  auto declarations =
      store_.events_of_declarations(filter, options_.statistics_declarations_max + 1);
  if (!declarations) return fail(context, declarations.error());
  if (declarations->size() > options_.statistics_declarations_max) {
    return fail(context,
                make_error("statistics.too_many", "",
                           "more than " + std::to_string(options_.statistics_declarations_max) +
                               " declarations in the window; narrow from/to"));
  }
  std::vector<ClearanceTimes> times;
  times.reserve(declarations->size());
  for (const std::vector<Event>& events : *declarations) {
    auto derived = derive_clearance_times(events);
    if (derived) times.push_back(std::move(*derived));
  }
  auto summary = summarize_clearance_times(times);
  JsonWriter out;
  out.begin_object().field("declarations", static_cast<std::int64_t>(times.size()));
  out.key("links").begin_object();
  auto seconds = [](const std::optional<std::chrono::microseconds>& value, JsonWriter& writer) {
    if (!value) {
      writer.null();
      return;
    }
    writer.string(Decimal::from_units(value->count(), 6).to_string());
  };
  for (const ClearanceLinkSummary& link : summary) {
    out.key(to_string(link.link)).begin_object().field("count", link.declaration_count);
    out.key("median_seconds");
    seconds(link.median, out);
    out.key("p90_seconds");
    seconds(link.p90, out);
    out.end_object();
  }
  out.end_object().end_object();
  return json_response(200, out.take());
}

HttpResponse Api::reference_hs(Context& context) {
  const std::string& code = context.parameter;
  bool digits = !code.empty() &&
                std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || (code.size() != 2 && code.size() != 4 && code.size() != 6 && code.size() != 8 &&
                  code.size() != 10)) {
    return fail(context,
                make_error("hs_code.syntax", "", "an HS code has 2, 4, 6, 8 or 10 digits"));
  }
  std::string_view lookup = code.size() > 6 ? std::string_view(code).substr(0, 6) : code;
  const std::string* description = reference_.hs_description(lookup);
  if (description == nullptr) {
    return fail(context, make_error("hs_code.not_found", "", code + " is not in the nomenclature"));
  }
  JsonWriter out;
  out.begin_object().field("code", code).field("hs", lookup).field("description", *description);
  if (code.size() >= 4) {
    if (const std::string* chapter =
            reference_.hs_description(std::string_view(code).substr(0, 2))) {
      out.field("chapter", *chapter);
    }
  }
  out.end_object();
  return json_response(200, out.take());
}

HttpResponse Api::create_token(Context& context) {
  static constexpr std::array<std::string_view, 3> kStrings = {"role", "party", "label"};
  static constexpr std::array<std::string_view, 1> kLists = {"offices"};
  auto body = parse_small_body(context.request.body, kStrings, kLists);
  if (!body) return fail(context, body.error());
  auto role_text = body->strings.find("role");
  std::optional<Role> role =
      role_text == body->strings.end() ? std::nullopt : parse_role(role_text->second);
  if (!role || *role == Role::system) {
    return fail(context, make_error("role.invalid", "/role",
                                    "role must be trader, officer, auditor or admin"));
  }
  TokenRecord token;
  token.role = *role;
  if (auto party = body->strings.find("party"); party != body->strings.end())
    token.party = party->second;
  if (auto label = body->strings.find("label"); label != body->strings.end())
    token.label = label->second;
  if (auto offices = body->string_lists.find("offices"); offices != body->string_lists.end()) {
    token.offices = offices->second;
  }
  auto checked = check_token_binding(token);
  if (!checked) return fail(context, checked.error());
  NewToken secret = generate_token();
  token.id = secret.id;
  token.token_sha256 = secret.sha256;
  token.created_at = clock_.now();
  auto created = store_.create_token(token);
  if (!created) return fail(context, created.error());
  context.parameter = token.id;
  return json_response(201, token_to_json(token, secret.secret));
}

HttpResponse Api::list_tokens(Context& context) {
  auto tokens = store_.list_tokens();
  if (!tokens) return fail(context, tokens.error());
  std::string body = "{\"tokens\":[";
  for (std::size_t i = 0; i < tokens->size(); ++i) {
    if (i > 0) body += ",";
    body += token_to_json((*tokens)[i]);
  }
  body += "]}";
  return json_response(200, std::move(body));
}

HttpResponse Api::revoke_token(Context& context) {
  auto revoked = store_.revoke_token(context.parameter, clock_.now());
  if (!revoked) return fail(context, revoked.error());
  {
    std::lock_guard lock(token_cache_mutex_);
    token_cache_.erase(revoked->token_sha256);
  }
  return json_response(200, token_to_json(*revoked));
}

HttpResponse Api::risk_rules(Context& context) {
  (void)context;
  std::shared_ptr<const CompiledRules> rules = risk_.rules();
  JsonWriter out;
  out.begin_object().field("rules_version", rules->source_sha256()).key("rules").begin_array();
  for (const TargetingRule& rule : rules->rules()) {
    out.begin_object()
        .field("id", rule.id)
        .field("name", rule.name)
        .field("action", to_string(rule.action))
        .field("valid_from", format_rule_date(rule.valid_from))
        .key("valid_to");
    if (rule.valid_to) {
      out.string(format_rule_date(*rule.valid_to));
    } else {
      out.null();
    }
    out.field("owner", rule.owner).field("because", rule.rationale).end_object();
  }
  out.end_array().end_object();
  return json_response(200, out.take());
}

HttpResponse Api::reload_risk_rules(Context& context) {
  if (options_.rules_file.empty()) {
    return fail(context, make_error("rules.no_file", "", "this server was started without a rules file"));
  }
  auto text = read_file(options_.rules_file);
  if (!text) return fail(context, text.error());
  Errors errors = risk_.reload_rules(*text, options_.rules_file.filename().string());
  if (!errors.empty()) return fail(context, errors, 422);
  std::shared_ptr<const CompiledRules> rules = risk_.rules();
  JsonWriter out;
  out.begin_object()
      .field("rules_version", rules->source_sha256())
      .field("rules", static_cast<std::int64_t>(rules->rules().size()))
      .end_object();
  return json_response(200, out.take());
}

Result<const ZoneInfo*> Api::visible_account(const Context& context) {
  const std::string& zone = context.parameters.at(0);
  const std::string& enterprise = context.parameters.at(1);
  const ZoneInfo* info = zones_.zones().find(zone);
  const Principal& principal = *context.principal;
  bool visible = info != nullptr;
  if (visible && principal.role == Role::trader) visible = principal.party == enterprise;
  if (visible && principal.role == Role::officer) visible = principal.has_office(info->office);
  if (!visible) {
    return make_error("account.not_found", "",
                      "no account " + zone.substr(0, 64) + "/" + enterprise.substr(0, 64));
  }
  return info;
}

HttpResponse Api::zone_movement(Context& context) {
  auto account = visible_account(context);
  if (!account) return fail(context, account.error());
  const Principal& principal = *context.principal;
  auto outcome = zones_.move(context.parameters[0], context.parameters[1], context.request.body,
                             Actor{principal.role, principal.party}, audit_entry(context, 201, ""));
  if (!outcome) return fail(context, outcome.error());
  switch (outcome->disposition) {
    case MovementDisposition::applied:
      context.audited = true;  // written with the movement
      return json_response(201, outcome->answer_json);
    case MovementDisposition::exists:
      return json_response(200, outcome->answer_json);
    case MovementDisposition::rejected:
      return fail(context, outcome->errors, rejection_status(outcome->errors));
  }
  return fail(context, make_error("internal.error", "", "unknown movement outcome"));
}

HttpResponse Api::zone_balances(Context& context) {
  auto account = visible_account(context);
  if (!account) return fail(context, account.error());
  auto lines = store_.stock(context.parameters[0], context.parameters[1]);
  if (!lines) return fail(context, lines.error());
  return json_response(200, stock_json(*lines));
}

HttpResponse Api::zone_movements(Context& context) {
  static constexpr std::array<std::string_view, 2> kAllowed = {"cursor", "limit"};
  if (auto checked = check_query(context.target, kAllowed); !checked) {
    return fail(context, checked.error());
  }
  auto account = visible_account(context);
  if (!account) return fail(context, account.error());
  std::int64_t after = 0;
  std::size_t limit = options_.page_size_default;
  if (auto it = context.target.query.find("cursor"); it != context.target.query.end()) {
    auto parsed = Decimal::parse(it->second, 0);
    if (!parsed || parsed->sign() < 0) {
      return fail(context, make_error("cursor.invalid", "?cursor",
                                      "cursor must be the next_after of the previous page"));
    }
    after = parsed->units();
  }
  if (auto it = context.target.query.find("limit"); it != context.target.query.end()) {
    auto parsed = Decimal::parse(it->second, 0);
    if (!parsed || parsed->sign() <= 0) {
      return fail(context, make_error("limit.invalid", "?limit", "limit must be a whole number from 1"));
    }
    limit = static_cast<std::size_t>(
        std::min<std::int64_t>(parsed->units(), static_cast<std::int64_t>(movements_page_max)));
  }
  auto records = store_.movements(context.parameters[0], context.parameters[1], after, limit);
  if (!records) return fail(context, records.error());
  return json_response(200, movements_json(*records, limit));
}

Result<TransitView> Api::visible_transit(const Context& context) {
  const std::string& id = context.parameters.at(0);
  auto view = transits_.view(id);
  const Principal& principal = *context.principal;
  bool visible = view.ok();
  if (visible && principal.role == Role::trader) visible = transits_.enterprise_of(id) == principal.party;
  if (visible && principal.role == Role::officer) visible = principal.has_office(view->office);
  if (!visible) return make_error("transit.not_found", "", "no transit " + id.substr(0, 64));
  return view;
}

HttpResponse Api::transit_answer(Context& context, Result<TransitAnswer> answer) {
  if (!answer) return fail(context, answer.error());
  switch (answer->outcome) {
    case JournalOutcome::created:
      context.audited = true;  // the audit entry was written with the journal row
      return json_response(context.route->id == RouteId::resolve_alert ? 200 : 201, answer->json);
    case JournalOutcome::exists:
      return json_response(200, answer->json);
    case JournalOutcome::rejected:
      return fail(context, answer->errors, rejection_status(answer->errors));
  }
  return fail(context, make_error("internal.error", "", "unknown transit outcome"));
}

HttpResponse Api::register_transit(Context& context) {
  const Principal& principal = *context.principal;
  return transit_answer(context, transits_.register_transit(context.request.body, principal.token_id,
                                                            principal.party,
                                                            audit_entry(context, 201, "")));
}

HttpResponse Api::seal_event(Context& context) {
  if (auto visible = visible_transit(context); !visible) return fail(context, visible.error());
  return transit_answer(context, transits_.seal_event(context.parameters[0], context.request.body,
                                                      audit_entry(context, 201, "")));
}

HttpResponse Api::get_transit(Context& context) {
  auto view = visible_transit(context);
  if (!view) return fail(context, view.error());
  return json_response(200, transit_view_json(*view));
}

HttpResponse Api::resolve_alert(Context& context) {
  if (auto visible = visible_transit(context); !visible) return fail(context, visible.error());
  return transit_answer(context,
                        transits_.resolve_alert(context.parameters[0], context.parameters[1],
                                                context.principal->token_id,
                                                audit_entry(context, 200, "")));
}

HttpResponse Api::list_alerts(Context& context) {
  static constexpr std::array<std::string_view, 3> kAllowed = {"office", "open", "limit"};
  if (auto checked = check_query(context.target, kAllowed); !checked) {
    return fail(context, checked.error());
  }
  AlertFilter filter;
  if (auto it = context.target.query.find("office"); it != context.target.query.end()) {
    filter.office = it->second;
  }
  if (auto it = context.target.query.find("open"); it != context.target.query.end()) {
    if (it->second != "true" && it->second != "false") {
      return fail(context, make_error("open.invalid", "?open", "open must be true or false"));
    }
    filter.open_only = it->second == "true";
  }
  if (auto it = context.target.query.find("limit"); it != context.target.query.end()) {
    auto parsed = Decimal::parse(it->second, 0);
    if (!parsed || parsed->sign() <= 0) {
      return fail(context, make_error("limit.invalid", "?limit", "limit must be a whole number from 1"));
    }
    filter.limit = static_cast<std::size_t>(
        std::min<std::int64_t>(parsed->units(), static_cast<std::int64_t>(alerts_page_max)));
  }
  const Principal& principal = *context.principal;
  if (principal.role == Role::officer) {
    if (filter.office && !principal.has_office(*filter.office)) {
      return fail(context, make_error("auth.forbidden", "?office", "not one of your offices"));
    }
    if (!filter.office) {
      // Every office of the officer, merged in time order.
      AlertList merged;
      for (const std::string& office : principal.offices) {
        AlertFilter one = filter;
        one.office = office;
        AlertList part = transits_.alerts(one);
        merged.more = merged.more || part.more;
        merged.alerts.insert(merged.alerts.end(), part.alerts.begin(), part.alerts.end());
      }
      std::stable_sort(merged.alerts.begin(), merged.alerts.end(),
                       [](const TransitAlert& a, const TransitAlert& b) { return a.alert.at < b.alert.at; });
      if (merged.alerts.size() > filter.limit) {
        merged.alerts.resize(filter.limit);
        merged.more = true;
      }
      return json_response(200, alerts_json(merged));
    }
  }
  return json_response(200, alerts_json(transits_.alerts(filter)));
}

HttpResponse Api::issue_refund_form(Context& context) {
  const Principal& principal = *context.principal;
  auto answer = refunds_.issue(context.request.body, principal.party, audit_entry(context, 201, ""));
  if (!answer) return fail(context, answer.error());
  switch (answer->kind) {
    case RefundAnswer::Kind::created:
      context.audited = true;
      return json_response(201, answer->json);
    case RefundAnswer::Kind::rejected:
      return fail(context, answer->errors, rejection_status(answer->errors));
    default:
      return json_response(200, answer->json);
  }
}

HttpResponse Api::refund_qr(Context& context, bool png) {
  auto form = refunds_.form(context.parameters.at(0));
  if (!form) return fail(context, form.error());
  const Principal& principal = *context.principal;
  if (!form->has_value() || (principal.role == Role::trader && (*form)->store != principal.party)) {
    return fail(context, make_error("form.not_found", "", "no form " + context.parameters[0].substr(0, 64)));
  }
  auto code = encode_qr((*form)->payload);
  if (!code) return fail(context, code.error());
  HttpResponse response;
  if (png) {
    auto image = qr_png(*code);
    if (!image) return fail(context, image.error());
    response.content_type = "image/png";
    response.body = std::move(*image);
  } else {
    response.content_type = "image/svg+xml";
    response.body = qr_svg(*code);
  }
  return response;
}

HttpResponse Api::verify_refund(Context& context) {
  auto answer = refunds_.verify(context.request.body, audit_entry(context, 200, ""));
  if (!answer) return fail(context, answer.error());
  if (answer->kind == RefundAnswer::Kind::rejected) {
    return fail(context, answer->errors, rejection_status(answer->errors));
  }
  context.audited = true;
  return json_response(200, answer->json);
}

HttpResponse Api::audit_log(Context& context) {
  static constexpr std::array<std::string_view, 2> kAllowed = {"after", "limit"};
  if (auto checked = check_query(context.target, kAllowed); !checked) {
    return fail(context, checked.error());
  }
  std::int64_t after = 0;
  std::size_t limit = options_.page_size_default;
  if (auto it = context.target.query.find("after"); it != context.target.query.end()) {
    auto parsed = Decimal::parse(it->second, 0);
    if (!parsed || parsed->sign() < 0) {
      return fail(context,
                  make_error("after.invalid", "?after", "after must be a sequence number"));
    }
    after = parsed->units();
  }
  if (auto it = context.target.query.find("limit"); it != context.target.query.end()) {
    auto parsed = Decimal::parse(it->second, 0);
    if (!parsed || parsed->sign() <= 0) {
      return fail(context,
                  make_error("limit.invalid", "?limit", "limit must be a whole number from 1"));
    }
    limit = static_cast<std::size_t>(
        std::min<std::int64_t>(parsed->units(), static_cast<std::int64_t>(declarations_page_max)));
  }
  auto entries = store_.audit_entries(after, limit);
  if (!entries) return fail(context, entries.error());
  JsonWriter out;
  out.begin_object().key("entries").begin_array();
  for (const AuditEntry& entry : *entries) {
    out.begin_object()
        .field("sequence", entry.sequence)
        .field("at", format_timestamp(entry.at))
        .field("actor", entry.actor)
        .field("role", entry.role)
        .field("action", entry.action)
        .field("target", entry.target)
        .field("status", static_cast<std::int64_t>(entry.status));
    out.key("detail").raw(entry.detail_json);
    out.field("previous_sha256", entry.previous_sha256).field("sha256", entry.sha256).end_object();
  }
  out.end_array();
  out.key("next_after");
  if (entries->size() == limit) {
    out.integer(entries->back().sequence);
  } else {
    out.null();
  }
  out.end_object();
  return json_response(200, out.take());
}

VoidResult check_token_binding(const TokenRecord& token) {
  if (token.role == Role::trader &&
      (token.party.empty() || token.party.size() > party_id_length_max)) {
    return make_error("party.required", "/party",
                      "a trader token is bound to one party id (1..35)");
  }
  if (token.role != Role::trader && !token.party.empty()) {
    return make_error("party.not_allowed", "/party", "only trader tokens are bound to a party");
  }
  if (token.role == Role::officer && token.offices.empty()) {
    return make_error("offices.required", "/offices",
                      "an officer token is bound to customs offices");
  }
  if (token.role != Role::officer && !token.offices.empty()) {
    return make_error("offices.not_allowed", "/offices",
                      "only officer tokens are bound to offices");
  }
  for (const std::string& office : token.offices) {
    if (find_office(office) == nullptr) {
      return make_error("offices.unknown", "/offices",
                        office.substr(0, 8) + " is not a known customs office");
    }
  }
  if (token.label.size() > 200)
    return make_error("label.length", "/label", "a label has at most 200 characters");
  return {};
}

}  // namespace oc::api
