// The learned risk model end to end: train on a KCS file (features by the monthly protocol,
// XGBoost, the model file) and score or evaluate a later file out of time. `opencustoms risk
// train|eval` and the tests call these; the CLI only parses options and prints.
// Thread safety: plain functions; each call owns what it builds.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "risk/model/features.h"
#include "risk/model/kcs_data.h"
#include "risk/model/metrics.h"
#include "risk/model/model_file.h"
#include "risk/model/xgboost_trainer.h"

namespace oc::risk_model {

struct TrainingRun {
  const std::vector<KcsDeclaration>* train = nullptr;
  const std::vector<KcsDeclaration>* valid = nullptr;  // optional: progress and metrics only
  std::string train_source;                            // file names for the metadata
  std::string valid_source;
  FeaturePipeline::Options features;
  TrainingParameters parameters;
  std::FILE* progress = nullptr;  // progress lines; nullptr: quiet
};

struct TrainedModel {
  std::string file_json;  // the model file's content
  std::optional<RankingMetrics> validation;
};

// REQUIRES: run.train is set. The model's pipeline holds the history of the training file only;
// the validation file continues a copy of it (so its months must follow the training months).
Result<TrainedModel> train_risk_model(const TrainingRun& run);

// Probabilities of fraud for `rows`, month by month from the model's stored history onwards, each
// month's labels joining the history after the month is scored (the same protocol as training).
// Error risk_model.time_order when the rows start before the month after the model's history.
Result<std::vector<double>> score_out_of_time(const RiskModel& model,
                                              const std::vector<KcsDeclaration>& rows);

std::vector<bool> fraud_labels(const std::vector<KcsDeclaration>& rows);

}  // namespace oc::risk_model
