// The risk model file (`opencustoms risk train --out MODEL`): one JSON document holding all that
// scoring new declarations needs, so no training data is read again:
//   {"format": "opencustoms-risk-model", "version": 1,
//    "feature_names": [...],             the columns, in order
//    "metadata": {...},                  training period, hyperparameters, metrics (free form)
//    "pipeline": {...},                  FeaturePipeline state at the end of the training data
//    "xgboost": {...}}                   XGBoost's own model JSON, unchanged
// A reader accepts exactly model_file_version; anything else is risk_model.version (the file must
// be retrained or converted, never half-read). Other errors: risk_model.format (path = JSON
// pointer), file.* when reading from disk.
// Thread safety: a loaded RiskModel is immutable; its pipeline is copied to score a file.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "risk/model/features.h"
#include "risk/model/tree_model.h"

namespace oc::risk_model {

inline constexpr std::string_view model_file_format = "opencustoms-risk-model";
inline constexpr int model_file_version = 1;

struct RiskModel {
  std::vector<std::string> feature_names;
  std::string metadata_json;  // a JSON object
  FeaturePipeline pipeline;
  TreeModel trees;
  std::string xgboost_json;  // for XGBoost itself (tests, benchmark); minified on load

  static Result<RiskModel> parse(std::string_view content);
  static Result<RiskModel> load(const std::filesystem::path& path);
};

// The file's text. REQUIRES: xgboost_json and metadata_json are JSON objects.
std::string model_file_json(const std::vector<std::string>& feature_names,
                            std::string_view metadata_json, const FeaturePipeline& pipeline,
                            std::string_view xgboost_json);

// Writes `content` to a temporary file beside `path`, then renames it over `path`, so a reader
// never sees half a model. Error file.unwritable.
VoidResult write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace oc::risk_model
