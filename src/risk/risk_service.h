// RiskService: the risk engine as lodging sees it — for one declaration, the fired targeting
// rules, the learned model's score, the declarant's credit standing and the office's lane policy
// combined into a lane (lane_selection.h), with everything a decision must record: which rule set
// (its SHA-256) and which rules fired, which model version scored it and the features that pushed
// the score, the rank, and the reasons in words.
//
// The rule set and the model are swapped whole at run time (reload_rules, replace_model) while
// decisions go on; each decision uses one consistent set. The credit register and lane policies
// are fixed for the service's life (a restart applies new ones).
// Thread safety: every member may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "declaration/declaration.h"
#include "risk/lane_policy.h"
#include "risk/lane_selection.h"
#include "risk/rule_engine.h"

namespace oc {

// A learned model's view of a declaration (risk/model implements it).
class DeclarationScorer {
 public:
  struct Score {
    double probability = 0;  // of a finding, 0..1
    // The features that pushed the score most (tree-path contributions), strongest first.
    std::vector<std::pair<std::string, double>> top_features;
  };
  virtual ~DeclarationScorer() = default;
  virtual std::optional<Score> score(const Declaration& declaration, std::int32_t day) const = 0;
  virtual std::string version() const = 0;
};

struct RiskDecision {
  LaneDecision lane;
  CreditStanding credit;
  std::string rules_version;   // SHA-256 of the rule file's text
  std::string model_version;   // "" when no model is loaded
  std::vector<std::pair<std::string, double>> top_features;
};

class RiskService {
 public:
  RiskService(LanePolicies policies, CreditRegister credit, std::uint64_t seed);

  // Compiles and swaps in a rule file; on errors the current set stays and every error returns.
  Errors reload_rules(std::string_view source, std::string_view source_name);
  void replace_reference_prices(std::shared_ptr<const ReferencePrices> prices);
  void replace_model(std::shared_ptr<const DeclarationScorer> model);

  // REQUIRES: the declaration passed validation. `day`: days since 1970-01-01 (the customs day).
  RiskDecision decide(const Declaration& declaration, std::string_view declaration_id,
                      std::int32_t day);

  const CreditRegister& credit() const { return credit_; }
  std::shared_ptr<const CompiledRules> rules() const { return rules_.rules(); }

 private:
  RuleEngine rules_;
  LaneSelector selector_;
  CreditRegister credit_;
  std::atomic<std::shared_ptr<const DeclarationScorer>> model_;
};

// {"score":"0.8312","rank":"0.0500","rules":[…],"reasons":[…],"selection":"rule|score|random|none",
//  "grade":"regular","whitelisted":false,"rules_version":"…","model":null|"…","features":[…]}
std::string risk_json(const RiskDecision& decision);

}  // namespace oc
