// The feedback-loop replay: what an inspection policy catches when only the declarations it
// inspects get labels, week by week over a later KCS file (docs/risk.md, "Feedback loop").
//
// Every policy starts from the same fully labelled history (the training file: model trained,
// profiles built by the monthly protocol). Then, for each week of the stream (weeks start on
// Monday), in order:
//   1. the week's declarations get features from the policy's own history and scores from its
//      own model;
//   2. the policy inspects capacity_percent of them (rounded, at least one):
//        random             a uniform draw;
//        model              the highest scores;
//        model_with_random  random_percent of the capacity drawn uniformly, the rest by score;
//        model_all_labels   the highest scores, but every label of the week joins the history
//                           (an upper bound no real office has: it shows what the loop costs);
//   3. the inspected declarations' labels join the policy's history (profiles) and training set;
//      the others join unlabelled (their unit values only);
//   4. every retrain_weeks weeks, the policy's model is retrained on its training set.
// The outcome per policy: frauds found / frauds in the stream (detected share) and frauds found /
// inspections (hit rate). Deterministic for a seed.
// Thread safety: a plain function.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/result.h"
#include "risk/model/features.h"
#include "risk/model/kcs_data.h"
#include "risk/model/xgboost_trainer.h"

namespace oc::risk_model {

struct SimulationOptions {
  double capacity_percent = 5;  // of each week's declarations, inspected
  double random_percent = 10;   // of the capacity, drawn at random (model_with_random)
  int retrain_weeks = 4;        // 0: never retrain
  std::uint64_t seed = 1;
  FeaturePipeline::Options features;
  TrainingParameters parameters;
};

enum class SelectionPolicy { random, model, model_with_random, model_all_labels };
const char* to_string(SelectionPolicy policy);

struct PolicyOutcome {
  SelectionPolicy policy = SelectionPolicy::random;
  std::size_t weeks = 0;
  std::size_t declarations = 0;
  std::size_t frauds = 0;  // in the stream
  std::size_t inspected = 0;
  std::size_t frauds_found = 0;
  std::size_t retrainings = 0;
  std::vector<double> weekly_hit_rate;  // frauds found / inspected, per week

  double detected_share() const { return frauds == 0 ? 0 : double(frauds_found) / frauds; }
  double hit_rate() const { return inspected == 0 ? 0 : double(frauds_found) / inspected; }
};

// REQUIRES: history and stream non-empty, every stream month after the history's last month.
// Errors: risk_model.time_order, risk_model.xgboost, risk_model.training, and
// risk_model.simulation for options out of range.
Result<std::vector<PolicyOutcome>> simulate_feedback(const std::vector<KcsDeclaration>& history,
                                                     const std::vector<KcsDeclaration>& stream,
                                                     const SimulationOptions& options,
                                                     std::FILE* progress);

// {"capacity_percent":5,...,"policies":[{"policy":"random","detected_share":0.0512,...}]}
std::string simulation_json(const SimulationOptions& options,
                            const std::vector<PolicyOutcome>& outcomes);

}  // namespace oc::risk_model
