#include "risk/risk_service.h"

#include <chrono>
#include <fmt/format.h>

#include "core/json_writer.h"

namespace oc {

RiskService::RiskService(LanePolicies policies, CreditRegister credit, std::uint64_t seed)
    : selector_(std::move(policies), seed), credit_(std::move(credit)) {}

Errors RiskService::reload_rules(std::string_view source, std::string_view source_name) {
  return rules_.reload(source, source_name);
}

void RiskService::replace_reference_prices(std::shared_ptr<const ReferencePrices> prices) {
  rules_.replace_reference_prices(std::move(prices));
}

void RiskService::replace_model(std::shared_ptr<const DeclarationScorer> model) {
  model_.store(std::move(model));
}

RiskDecision RiskService::decide(const Declaration& declaration, std::string_view declaration_id,
                                 std::int32_t day) {
  RiskDecision decision;
  decision.credit = credit_.standing(declaration.declarant);
  RuleDecision fired = rules_.evaluate(declaration, RuleDate{std::chrono::days{day}},
                                       decision.credit.grade);
  decision.rules_version = fired.rules->source_sha256();
  std::optional<double> probability;
  if (std::shared_ptr<const DeclarationScorer> model = model_.load()) {
    decision.model_version = model->version();
    if (auto score = model->score(declaration, day)) {
      probability = score->probability;
      decision.top_features = std::move(score->top_features);
    }
  }
  decision.lane = selector_.select(
      LaneInputs{declaration_id, declaration.office, decision.credit, fired.fired, probability});
  return decision;
}

std::string risk_json(const RiskDecision& decision) {
  JsonWriter out;
  out.begin_object()
      .field("score", fmt::format("{:.4f}", decision.lane.score))
      .field("rank", fmt::format("{:.4f}", decision.lane.rank));
  out.key("rules").begin_array();
  for (const auto& id : decision.lane.rules) out.string(id);
  out.end_array().key("reasons").begin_array();
  for (const auto& reason : decision.lane.reasons) out.string(reason);
  out.end_array()
      .field("selection", to_string(decision.lane.reason))
      .field("grade", to_string(decision.credit.grade))
      .key("whitelisted")
      .boolean(decision.credit.whitelisted)
      .field("rules_version", decision.rules_version)
      .key("model");
  if (decision.model_version.empty()) {
    out.null();
  } else {
    out.string(decision.model_version);
  }
  out.key("features").begin_array();
  for (const auto& [name, contribution] : decision.top_features) {
    out.begin_object().field("name", name).field("contribution", fmt::format("{:+.4f}", contribution)).end_object();
  }
  out.end_array().end_object();
  return out.take();
}

}  // namespace oc
