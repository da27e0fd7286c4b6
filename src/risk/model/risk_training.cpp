// Training run: features, boosting, native check of the validation scores, metadata, model file.
#include "risk/model/risk_training.h"

#include <charconv>

#include "core/json_writer.h"

namespace oc::risk_model {
namespace {

std::vector<float> float_labels(const std::vector<KcsDeclaration>& rows) {
  std::vector<float> labels;
  labels.reserve(rows.size());
  for (const KcsDeclaration& row : rows) labels.push_back(row.fraud ? 1.0f : 0.0f);
  return labels;
}

std::string number(double value) {
  char text[32];
  auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

void write_period(JsonWriter& out, const std::string& source,
                  const std::vector<KcsDeclaration>& rows) {
  KcsDate first = rows.front().date;
  KcsDate last = rows.front().date;
  std::int64_t frauds = 0;
  for (const KcsDeclaration& row : rows) {
    first = std::min(first, row.date);
    last = std::max(last, row.date);
    frauds += row.fraud ? 1 : 0;
  }
  out.field("source", source)
      .field("first_day", first.to_string())
      .field("last_day", last.to_string())
      .field("declarations", static_cast<std::int64_t>(rows.size()))
      .field("frauds", frauds);
}

std::string metadata_json(const TrainingRun& run, const std::optional<RankingMetrics>& validation) {
  JsonWriter out;
  out.begin_object();
  out.field("created_by", "opencustoms risk train");
  out.field("xgboost_version", xgboost_version());
  out.key("training").begin_object();
  write_period(out, run.train_source, *run.train);
  out.end_object();
  out.key("features").begin_object();
  out.key("profile_smoothing").raw(number(run.features.profile_smoothing));
  out.key("value_fingerprints").boolean(run.features.value_fingerprints);
  out.key("entity_profiles").boolean(run.features.entity_profiles);
  out.end_object();
  const TrainingParameters& p = run.parameters;
  out.key("hyperparameters").begin_object();
  out.field("objective", "binary:logistic").field("tree_method", "hist");
  out.field("rounds", static_cast<std::int64_t>(p.rounds));
  out.field("max_depth", static_cast<std::int64_t>(p.max_depth));
  out.key("learning_rate").raw(number(p.learning_rate));
  out.key("subsample").raw(number(p.subsample));
  out.key("colsample_bytree").raw(number(p.colsample_bytree));
  out.key("min_child_weight").raw(number(p.min_child_weight));
  out.key("lambda").raw(number(p.reg_lambda));
  out.field("threads", static_cast<std::int64_t>(p.threads));
  out.field("seed", static_cast<std::int64_t>(p.seed));
  out.end_object();
  if (validation) {
    out.key("validation").begin_object();
    write_period(out, run.valid_source, *run.valid);
    out.key("metrics").raw(metrics_json(*validation));
    out.end_object();
  }
  out.end_object();
  return out.take();
}

}  // namespace

std::vector<bool> fraud_labels(const std::vector<KcsDeclaration>& rows) {
  std::vector<bool> labels;
  labels.reserve(rows.size());
  for (const KcsDeclaration& row : rows) labels.push_back(row.fraud);
  return labels;
}

Result<TrainedModel> train_risk_model(const TrainingRun& run) {
  FeaturePipeline pipeline = FeaturePipeline::fit(*run.train, run.features);
  auto train_features = pipeline.transform_by_month(*run.train);
  if (!train_features) return std::move(train_features).error();
  // `pipeline` now holds the training history: that is what the model file keeps.
  std::optional<FeatureMatrix> valid_features;
  if (run.valid != nullptr) {
    FeaturePipeline continued = pipeline;
    auto features = continued.transform_by_month(*run.valid);
    if (!features) return std::move(features).error();
    valid_features = std::move(features).value();
  }

  LabelledMatrix train{&*train_features, float_labels(*run.train)};
  std::optional<LabelledMatrix> valid;
  if (valid_features) valid = LabelledMatrix{&*valid_features, float_labels(*run.valid)};
  auto booster_json = train_booster(train, valid ? &*valid : nullptr, pipeline.feature_names(),
                                    run.parameters, run.progress);
  if (!booster_json) return std::move(booster_json).error();

  TrainedModel trained;
  if (valid_features) {
    auto trees = TreeModel::from_json(*booster_json);
    if (!trees) return std::move(trees).error();
    std::vector<float> probabilities(valid_features->rows);
    trees->predict_batch(valid_features->values.data(), valid_features->rows, probabilities.data());
    std::vector<double> scores(probabilities.begin(), probabilities.end());
    trained.validation = ranking_metrics(scores, fraud_labels(*run.valid));
  }
  trained.file_json = model_file_json(
      pipeline.feature_names(), metadata_json(run, trained.validation), pipeline, *booster_json);
  return trained;
}

Result<std::vector<double>> score_out_of_time(const RiskModel& model,
                                              const std::vector<KcsDeclaration>& rows) {
  FeaturePipeline pipeline = model.pipeline;
  auto features = pipeline.transform_by_month(rows);
  if (!features) return std::move(features).error();
  std::vector<float> probabilities(features->rows);
  model.trees.predict_batch(features->values.data(), features->rows, probabilities.data());
  return std::vector<double>(probabilities.begin(), probabilities.end());
}

}  // namespace oc::risk_model
