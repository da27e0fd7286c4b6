// The lodging pipeline: check, assess, select, commit.
#include "clearance/lodging.h"

#include "core/json_writer.h"
#include "core/sha256.h"
#include "declaration/json_codec.h"
#include "declaration/validation.h"
#include "risk/risk_service.h"
#include "tariff/assessment.h"

namespace oc {
namespace {

std::string lane_payload(Lane lane) {
  JsonWriter out;
  out.begin_object().field("lane", to_string(lane)).end_object();
  return out.take();
}

std::string answer_json(const std::string& id, const Declaration& d, TimePoint lodged_at,
                        const Assessment& assessment, const RiskDecision& risk) {
  JsonWriter out;
  out.begin_object()
      .field("id", id)
      .field("lrn", d.lrn)
      .field("declarant", d.declarant)
      .field("status", to_string(Status::lane_assigned))
      .field("lane", to_string(risk.lane.lane))
      .field("lodged_at", format_timestamp(lodged_at));
  out.key("assessment").raw(assessment_json(assessment));
  out.key("risk").raw(risk_json(risk));
  out.end_object();
  return out.take();
}

LodgingOutcome replayed_outcome(const DeclarationRecord& record) {
  LodgingOutcome outcome;
  outcome.disposition = LodgingDisposition::replayed;
  outcome.declaration_id = record.id;
  outcome.answer_json = record.answer_json;
  return outcome;
}

Error lrn_conflict(const Declaration& d) {
  return make_error(
      "lodging.lrn_conflict", "/lrn",
      "declarant " + d.declarant + " already lodged lrn " + d.lrn + " with a different body");
}

}  // namespace

std::string errors_json(const Errors& errors) {
  JsonWriter out;
  out.begin_object().key("errors").begin_array();
  for (const Error& error : errors) {
    out.begin_object()
        .field("code", error.code)
        .field("path", error.path)
        .field("message", error.message)
        .end_object();
  }
  out.end_array().end_object();
  return out.take();
}

Result<LodgingService::Prepared> LodgingService::prepare(std::string_view body, const Actor& actor,
                                                         const LodgingOptions& options) {
  Prepared prepared;
  auto reject = [&prepared](Errors errors) {
    prepared.outcome.disposition = LodgingDisposition::rejected;
    prepared.outcome.answer_json = errors_json(errors);
    prepared.outcome.errors = std::move(errors);
    return std::move(prepared);
  };
  DecodedDeclaration checked = check_declaration(body, reference_);
  if (!checked.errors.empty()) return reject(std::move(checked.errors));
  const Declaration& d = checked.declaration;
  if (!options.required_party.empty() && d.declarant != options.required_party &&
      d.importer.id != options.required_party && d.exporter.id != options.required_party) {
    return make_error("auth.party_mismatch", "/declarant",
                      "party " + options.required_party +
                          " is neither declarant, importer nor exporter of this declaration");
  }
  std::string body_json = encode_declaration(d);
  std::string body_sha256 = sha256_hex(body_json);

  auto existing = store_.find_by_lrn(d.declarant, d.lrn);
  if (!existing) return std::move(existing).error();
  if (existing->has_value()) {
    if ((*existing)->body_sha256 != body_sha256) return lrn_conflict(d);
    prepared.outcome = replayed_outcome(**existing);
    return prepared;
  }

  TimePoint now = clock_.now();
  AssessmentContext context;
  context.hainan = options.hainan;
  context.hainan_value_added = options.hainan_value_added;
  context.day = customs_day(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
  // E-commerce orders lodged directly (not through the e-commerce module's quota ledger) are
  // assessed as the buyer's first order of the year.
  if (options.buyer_year_to_date) context.buyer_year_to_date_cny = *options.buyer_year_to_date;
  AssessmentOutcome assessed = assess_declaration(d, tariff_, context);
  if (!assessed.ok()) return reject(std::move(assessed.errors));

  std::string id = store_.allocate_declaration_id(now);
  RiskDecision risk = risk_.decide(d, id, context.day);
  const Lane lane = risk.lane.lane;
  const Actor system{Role::system, "system"};
  Actor lodger = actor;
  if (lodger.id.empty()) lodger.id = d.declarant;

  NewLodging lodging;
  DeclarationRecord& record = lodging.record;
  record.id = id;
  record.declarant = d.declarant;
  record.lrn = d.lrn;
  record.body_sha256 = std::move(body_sha256);
  record.body_json = std::move(body_json);
  record.answer_json = answer_json(id, d, now, assessed.assessment, risk);
  record.office = d.office;
  record.importer_id = d.importer.id;
  record.exporter_id = d.exporter.id;
  record.status = Status::lane_assigned;
  record.lane = lane;
  record.lodged_at = now;
  record.event_count = 3;
  lodging.events = {
      Event{1, id, EventType::lodged, lodger, now, "{}"},
      Event{2, id, EventType::accepted, system, now, "{}"},
      Event{3, id, EventType::lane_assigned, system, now, lane_payload(lane)},
  };
  lodging.idempotency = options.idempotency;
  lodging.audit = options.audit;
  if (lodging.audit) lodging.audit->target = id;
  prepared.outcome.disposition = LodgingDisposition::accepted;
  prepared.outcome.declaration_id = id;
  prepared.outcome.lane = lane;
  prepared.outcome.answer_json = record.answer_json;
  prepared.outcome.payable = assessed.assessment.payable;
  prepared.lodging = std::move(lodging);
  return prepared;
}

Result<LodgingOutcome> LodgingService::finish(Result<LodgeResult> stored) {
  if (!stored) return std::move(stored).error();
  if (stored->disposition == LodgeDisposition::replayed) return replayed_outcome(stored->record);
  LodgingOutcome outcome;
  outcome.disposition = LodgingDisposition::accepted;
  outcome.declaration_id = stored->record.id;
  outcome.lane = stored->record.lane;
  outcome.answer_json = stored->record.answer_json;
  return outcome;
}

Result<LodgingOutcome> LodgingService::lodge(std::string_view body, const Actor& actor,
                                             LodgingOptions options) {
  auto prepared = prepare(body, actor, options);
  if (!prepared) return std::move(prepared).error();
  if (!prepared->lodging) return std::move(prepared->outcome);
  return finish(store_.lodge(std::move(*prepared->lodging)));
}

std::vector<Result<LodgingOutcome>> LodgingService::lodge_many(
    const std::vector<std::string>& bodies, const Actor& actor) {
  std::vector<Result<LodgingOutcome>> outcomes;
  outcomes.reserve(bodies.size());
  std::vector<NewLodging> to_store;
  std::vector<std::size_t> stored_positions;
  for (const std::string& body : bodies) {
    auto prepared = prepare(body, actor, LodgingOptions{});
    if (!prepared) {
      outcomes.emplace_back(std::move(prepared).error());
      continue;
    }
    if (prepared->lodging) {
      stored_positions.push_back(outcomes.size());
      to_store.push_back(std::move(*prepared->lodging));
    }
    outcomes.emplace_back(std::move(prepared->outcome));
  }
  if (to_store.empty()) return outcomes;
  std::vector<Result<LodgeResult>> stored = store_.lodge_batch(std::move(to_store));
  for (std::size_t i = 0; i < stored.size(); ++i) {
    outcomes[stored_positions[i]] = finish(std::move(stored[i]));
  }
  return outcomes;
}

}  // namespace oc
