// XGBoost C API calls: RAII over the handles, parameters, the boosting loop with progress lines,
// JSON export, and XGBoost's own predictions.
#include "risk/model/xgboost_trainer.h"

#include <xgboost/c_api.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>

namespace oc::risk_model {
namespace {

Error xgboost_error(const std::string& call) {
  return make_error("risk_model.xgboost", "", call + ": " + XGBGetLastError());
}

#define OC_XGB(call)                              \
  do {                                            \
    if ((call) != 0) return xgboost_error(#call); \
  } while (false)

struct MatrixHandle {
  DMatrixHandle handle = nullptr;
  MatrixHandle() = default;
  MatrixHandle(const MatrixHandle&) = delete;
  MatrixHandle& operator=(const MatrixHandle&) = delete;
  ~MatrixHandle() {
    if (handle != nullptr) XGDMatrixFree(handle);
  }
};

struct BoosterOwner {
  BoosterHandle handle = nullptr;
  BoosterOwner() = default;
  BoosterOwner(const BoosterOwner&) = delete;
  BoosterOwner& operator=(const BoosterOwner&) = delete;
  ~BoosterOwner() {
    if (handle != nullptr) XGBoosterFree(handle);
  }
};

VoidResult make_matrix(const FeatureMatrix& rows, const std::vector<float>* labels,
                       MatrixHandle& out) {
  OC_XGB(XGDMatrixCreateFromMat(rows.values.data(), rows.rows, rows.columns,
                                std::numeric_limits<float>::quiet_NaN(), &out.handle));
  if (labels != nullptr) {
    OC_XGB(XGDMatrixSetFloatInfo(out.handle, "label", labels->data(), labels->size()));
  }
  return ok_result();
}

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

// "[49]\ttrain-auc:0.93012\ttrain-logloss:0.3" -> "train auc 0.9301  train logloss 0.3000"
std::string readable_evaluation(std::string_view evaluation) {
  std::string out;
  std::size_t start = evaluation.find('\t');
  while (start != std::string_view::npos) {
    std::size_t end = evaluation.find('\t', start + 1);
    std::string_view item = evaluation.substr(
        start + 1, end == std::string_view::npos ? std::string_view::npos : end - start - 1);
    std::size_t dash = item.find('-');
    std::size_t colon = item.rfind(':');
    if (dash != std::string_view::npos && colon != std::string_view::npos && dash < colon) {
      double value = std::strtod(std::string(item.substr(colon + 1)).c_str(), nullptr);
      char text[32];
      std::snprintf(text, sizeof text, " %.4f", value);
      if (!out.empty()) out += "  ";
      out.append(item.substr(0, dash)).append(" ").append(item.substr(dash + 1, colon - dash - 1));
      out += text;
    }
    start = end;
  }
  return out;
}

}  // namespace

std::string xgboost_version() {
  int major = 0;
  int minor = 0;
  int patch = 0;
  XGBoostVersion(&major, &minor, &patch);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

Result<std::string> train_booster(const LabelledMatrix& train, const LabelledMatrix* valid,
                                  const std::vector<std::string>& feature_names,
                                  const TrainingParameters& parameters, std::FILE* progress) {
  auto check = [](const LabelledMatrix& data, std::size_t columns, const char* what) -> VoidResult {
    if (data.features == nullptr || data.features->rows == 0) {
      return make_error("risk_model.training", "", std::string(what) + ": no declarations");
    }
    if (data.labels.size() != data.features->rows || data.features->columns != columns) {
      return make_error("risk_model.training", "",
                        std::string(what) +
                            ": labels or columns do "
                            "not match the features");
    }
    return ok_result();
  };
  OC_TRY(check(train, feature_names.size(), "training set"));
  if (valid != nullptr) OC_TRY(check(*valid, feature_names.size(), "validation set"));
  if (parameters.rounds < 1 || parameters.rounds > training_rounds_max) {
    return make_error("risk_model.training", "",
                      "rounds must be 1.." + std::to_string(training_rounds_max));
  }

  MatrixHandle train_matrix;
  OC_TRY(make_matrix(*train.features, &train.labels, train_matrix));
  MatrixHandle valid_matrix;
  if (valid != nullptr) OC_TRY(make_matrix(*valid->features, &valid->labels, valid_matrix));

  std::vector<DMatrixHandle> cached = {train_matrix.handle};
  std::vector<const char*> names = {"train"};
  if (valid != nullptr) {
    cached.push_back(valid_matrix.handle);
    names.push_back("valid");
  }
  BoosterOwner booster;
  OC_XGB(XGBoosterCreate(cached.data(), cached.size(), &booster.handle));
  const std::pair<const char*, std::string> settings[] = {
      {"objective", "binary:logistic"},
      {"tree_method", "hist"},
      {"max_depth", std::to_string(parameters.max_depth)},
      {"eta", number_text(parameters.learning_rate)},
      {"subsample", number_text(parameters.subsample)},
      {"colsample_bytree", number_text(parameters.colsample_bytree)},
      {"min_child_weight", number_text(parameters.min_child_weight)},
      {"lambda", number_text(parameters.reg_lambda)},
      {"nthread", std::to_string(parameters.threads)},
      {"seed", std::to_string(parameters.seed)},
      {"verbosity", "0"},
  };
  for (const auto& [name, value] : settings) {
    OC_XGB(XGBoosterSetParam(booster.handle, name, value.c_str()));
  }
  // Two metrics: evaluation strings list both for each set.
  OC_XGB(XGBoosterSetParam(booster.handle, "eval_metric", "auc"));
  OC_XGB(XGBoosterSetParam(booster.handle, "eval_metric", "logloss"));

  for (int iteration = 0; iteration < parameters.rounds; ++iteration) {
    OC_XGB(XGBoosterUpdateOneIter(booster.handle, iteration, train_matrix.handle));
    bool report =
        progress != nullptr && parameters.progress_every > 0 &&
        ((iteration + 1) % parameters.progress_every == 0 || iteration + 1 == parameters.rounds);
    if (report) {
      const char* evaluation = nullptr;
      OC_XGB(XGBoosterEvalOneIter(booster.handle, iteration, cached.data(), names.data(),
                                  cached.size(), &evaluation));
      std::fprintf(progress, "risk train: iteration %d/%d  %s\n", iteration + 1, parameters.rounds,
                   readable_evaluation(evaluation).c_str());
      std::fflush(progress);
    }
  }

  std::vector<const char*> name_pointers;
  for (const std::string& name : feature_names) name_pointers.push_back(name.c_str());
  OC_XGB(XGBoosterSetStrFeatureInfo(booster.handle, "feature_name", name_pointers.data(),
                                    name_pointers.size()));
  bst_ulong length = 0;
  const char* bytes = nullptr;
  OC_XGB(XGBoosterSaveModelToBuffer(booster.handle, "{\"format\":\"json\"}", &length, &bytes));
  return std::string(bytes, length);
}

Result<XgboostPredictor> XgboostPredictor::from_json(std::string_view model_json, int threads) {
  BoosterOwner booster;
  OC_XGB(XGBoosterCreate(nullptr, 0, &booster.handle));
  OC_XGB(XGBoosterLoadModelFromBuffer(booster.handle, model_json.data(), model_json.size()));
  OC_XGB(XGBoosterSetParam(booster.handle, "nthread", std::to_string(threads).c_str()));
  XgboostPredictor predictor(booster.handle);
  booster.handle = nullptr;
  return predictor;
}

XgboostPredictor::~XgboostPredictor() {
  if (booster_ != nullptr) XGBoosterFree(booster_);
}

XgboostPredictor::XgboostPredictor(XgboostPredictor&& other) noexcept : booster_(other.booster_) {
  other.booster_ = nullptr;
}

Result<std::vector<float>> XgboostPredictor::predict(const FeatureMatrix& rows) const {
  MatrixHandle matrix;
  OC_TRY(make_matrix(rows, nullptr, matrix));
  const char* config =
      "{\"type\":0,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,"
      "\"strict_shape\":false}";
  const bst_ulong* shape = nullptr;
  bst_ulong dimensions = 0;
  const float* result = nullptr;
  OC_XGB(
      XGBoosterPredictFromDMatrix(booster_, matrix.handle, config, &shape, &dimensions, &result));
  return std::vector<float>(result, result + rows.rows);
}

Result<std::vector<float>> XgboostPredictor::predict_dense(const float* rows, std::size_t count,
                                                           std::size_t columns) const {
  char interface[256];
  std::snprintf(interface, sizeof interface,
                "{\"data\":[%llu,true],\"shape\":[%zu,%zu],\"typestr\":\"<f4\",\"version\":3}",
                static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(rows)), count,
                columns);
  const char* config =
      "{\"type\":0,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,"
      "\"strict_shape\":false,\"missing\":NaN,\"cache_id\":0}";
  const bst_ulong* shape = nullptr;
  bst_ulong dimensions = 0;
  const float* result = nullptr;
  OC_XGB(XGBoosterPredictFromDense(booster_, interface, config, nullptr, &shape, &dimensions,
                                   &result));
  return std::vector<float>(result, result + count);
}

Result<std::vector<float>> XgboostPredictor::approximate_contributions(
    const FeatureMatrix& rows) const {
  MatrixHandle matrix;
  OC_TRY(make_matrix(rows, nullptr, matrix));
  const char* config =
      "{\"type\":3,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,"
      "\"strict_shape\":false}";
  const bst_ulong* shape = nullptr;
  bst_ulong dimensions = 0;
  const float* result = nullptr;
  OC_XGB(
      XGBoosterPredictFromDMatrix(booster_, matrix.handle, config, &shape, &dimensions, &result));
  return std::vector<float>(result, result + rows.rows * (rows.columns + 1));
}

}  // namespace oc::risk_model

#undef OC_XGB
