#include "clearance/actions.h"

#include <simdjson.h>

#include "core/json_writer.h"
#include "core/sha256.h"
#include "declaration/json_codec.h"
#include "declaration/lifecycle.h"
#include "declaration/validation.h"

namespace oc {

Result<ActionOutcome> ActionService::act(std::string_view declaration_id, EventType type,
                                         const Actor& actor, std::string payload_json,
                                         std::optional<AuditEntry> audit) {
  auto found = store_.find(declaration_id);
  if (!found) return std::move(found).error();
  if (!found->has_value()) {
    return make_error("declaration.not_found", "",
                      "no declaration " + std::string(declaration_id.substr(0, 40)));
  }
  auto events = store_.events(declaration_id);
  if (!events) return std::move(events).error();
  auto state = replay(*events);
  if (!state) return std::move(state).error();

  Event event{state->event_count + 1, std::string(declaration_id), type, actor,
              clock_.now(),           std::move(payload_json)};
  auto next = apply(*state, event);
  if (!next) return std::move(next).error();
  if (audit) audit->target = std::string(declaration_id);
  auto record = store_.append_event(declaration_id, state->event_count, event, next->status,
                                    next->lane, std::move(audit));
  if (!record) return std::move(record).error();
  return ActionOutcome{std::move(*record), std::move(event)};
}

Result<std::string> amendment_payload(const DeclarationRecord& record, std::string_view reason,
                                      std::string_view amended_body, const ReferenceData& reference,
                                      Errors& errors) {
  DecodedDeclaration checked = check_declaration(amended_body, reference);
  for (Error& error : checked.errors) {
    error.path = "/declaration" + error.path;
    errors.push_back(std::move(error));
  }
  if (checked.errors.empty()) {
    const Declaration& d = checked.declaration;
    if (d.lrn != record.lrn || d.declarant != record.declarant) {
      errors.push_back(make_error("amend.identity_changed", "/declaration",
                                  "an amendment keeps the lrn (" + record.lrn +
                                      ") and declarant (" + record.declarant + ")"));
    }
  }
  if (!errors.empty()) return errors.front();
  std::string canonical = encode_declaration(checked.declaration);
  JsonWriter out;
  out.begin_object().field("reason", reason);
  out.key("declaration").raw(canonical);
  out.field("sha256", sha256_hex(canonical)).end_object();
  return out.take();
}

namespace {

// The body of the last amendment, or the lodged body.
std::string current_body_json(const DeclarationRecord& record, const std::vector<Event>& events) {
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if (it->type != EventType::amended) continue;
    simdjson::dom::parser parser;
    simdjson::dom::element payload;
    simdjson::dom::element body;
    // Amendment payloads are written by amendment_payload(), always with a declaration.
    if (parser.parse(it->payload_json).get(payload) == simdjson::SUCCESS &&
        payload["declaration"].get(body) == simdjson::SUCCESS) {
      return simdjson::minify(body);
    }
    break;
  }
  return record.body_json;
}

}  // namespace

std::string declaration_view_json(const DeclarationRecord& record,
                                  const std::vector<Event>& events) {
  JsonWriter out;
  out.begin_object()
      .field("id", record.id)
      .field("lrn", record.lrn)
      .field("declarant", record.declarant)
      .field("importer", record.importer_id)
      .field("exporter", record.exporter_id)
      .field("office", record.office)
      .field("status", to_string(record.status));
  out.key("lane");
  if (record.lane) {
    out.string(to_string(*record.lane));
  } else {
    out.null();
  }
  out.field("lodged_at", format_timestamp(record.lodged_at))
      .field("event_count", record.event_count)
      .field("body_sha256", record.body_sha256);
  out.key("declaration").raw(current_body_json(record, events));
  out.key("answer").raw(record.answer_json);
  out.end_object();
  return out.take();
}

}  // namespace oc
