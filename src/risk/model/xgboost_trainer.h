// Training the learned risk model's trees with the XGBoost C API (libxgboost), and XGBoost's own
// prediction for comparing with the native scorer (tests, benchmark).
//
// Training is deterministic: a fixed seed and a fixed thread count give the same model bytes.
// Missing features are NaN in the matrices (XGDMatrixCreateFromMat with missing = NaN).
// While training, a progress line goes to `progress` every progress_every iterations and at the
// last: the iteration and XGBoost's evaluation of the training and validation sets (AUC, log
// loss), so the operator sees training move.
// Errors: risk_model.xgboost (an XGBoost call failed; the message is XGBoost's), and
// risk_model.training for inputs that cannot train (no rows, labels of the wrong size).
// Thread safety: each call uses its own XGBoost handles; XgboostPredictor is one thread at a time.
#pragma once

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "risk/model/features.h"

namespace oc::risk_model {

inline constexpr int training_rounds_max = 100'000;

// The hyperparameters (docs/risk.md says how they were chosen).
struct TrainingParameters {
  int rounds = 150;
  int max_depth = 6;
  double learning_rate = 0.05;
  double subsample = 0.8;
  double colsample_bytree = 0.8;
  double min_child_weight = 1;
  double reg_lambda = 1;
  int threads = 2;
  int seed = 0;
  int progress_every = 50;
};

struct LabelledMatrix {
  const FeatureMatrix* features = nullptr;
  std::vector<float> labels;  // 0 or 1, one per row
};

// Trains on `train`, evaluating `valid` too when it is given (progress only: nothing is chosen
// on it). Returns XGBoost's model JSON with the feature names set.
Result<std::string> train_booster(const LabelledMatrix& train, const LabelledMatrix* valid,
                                  const std::vector<std::string>& feature_names,
                                  const TrainingParameters& parameters, std::FILE* progress);

// The library's version, "1.7.4".
std::string xgboost_version();

// An XGBoost booster loaded from model JSON, predicting probabilities.
class XgboostPredictor {
 public:
  static Result<XgboostPredictor> from_json(std::string_view model_json, int threads);
  ~XgboostPredictor();
  XgboostPredictor(XgboostPredictor&& other) noexcept;
  XgboostPredictor& operator=(XgboostPredictor&&) = delete;

  // A batch through a DMatrix (XGDMatrixCreateFromMat + XGBoosterPredictFromDMatrix).
  Result<std::vector<float>> predict(const FeatureMatrix& rows) const;
  // In-place prediction of dense rows (XGBoosterPredictFromDense), no DMatrix: XGBoost's fastest
  // path for a few rows. REQUIRES: rows has count * columns floats.
  Result<std::vector<float>> predict_dense(const float* rows, std::size_t count,
                                           std::size_t columns) const;
  // Saabas contributions as XGBoost computes them (approximate contributions, type 3): per row,
  // columns + 1 values, the last being the bias.
  Result<std::vector<float>> approximate_contributions(const FeatureMatrix& rows) const;

 private:
  explicit XgboostPredictor(void* booster) : booster_(booster) {}
  void* booster_ = nullptr;  // BoosterHandle
};

}  // namespace oc::risk_model
