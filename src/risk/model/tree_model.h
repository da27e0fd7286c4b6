// TreeModel: the native scorer of the learned risk model. It reads the gradient-boosted trees of an
// XGBoost model saved as JSON (gbtree booster, binary:logistic objective, numerical splits) into
// flat arrays and walks them itself, giving XGBoost's own scores without XGBoost at scoring time.
//
// Scores follow XGBoost's CPU predictor exactly: a split sends a row left when `x < threshold`
// (both float), a missing value (NaN) to the node's default child; the margin starts at the
// base score's logit and adds each tree's leaf value in float, tree by tree; the probability is
// 1 / (1 + exp(-margin)) in float.
//
// Explanations are tree-path contributions (Saabas; XGBoost's "approximate contributions"): each
// node's expected value is the cover-weighted mean of its subtree's leaves (cover = XGBoost's
// sum_hessian); along a row's path every split adds (expected value of the child taken -
// expected value of the node) to its feature. bias + sum of contributions = margin.
//
// Errors of from_json (all risk_model.format, path = JSON pointer of the offending member):
// anything else than the shapes above, arrays of the wrong length, a child index out of range,
// a node reached twice (a cycle or a shared subtree), a split feature out of range, non-finite
// values, and the limits below.
// Thread safety: immutable after loading; score from any number of threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace simdjson::dom {
class element;
}

namespace oc::risk_model {

inline constexpr std::size_t trees_max = 100'000;
inline constexpr std::size_t tree_nodes_max = 1 << 20;
inline constexpr std::size_t model_nodes_max = 1 << 26;
inline constexpr std::size_t tree_depth_max = 256;
inline constexpr std::size_t model_features_max = 100'000;
inline constexpr std::size_t model_json_depth_max = 64;
inline constexpr std::size_t model_file_bytes_max = std::size_t{512} << 20;

struct FeatureContribution {
  std::size_t feature = 0;
  std::string name;
  double contribution = 0;  // in margin (log-odds) units
};

class TreeModel {
 public:
  // An XGBoost model JSON document as XGBoosterSaveModelToBuffer({"format":"json"}) writes it.
  static Result<TreeModel> from_json(std::string_view json);
  // The same document already parsed (inside the risk model file); `path` prefixes error paths.
  static Result<TreeModel> from_element(const simdjson::dom::element& element,
                                        const std::string& path);

  std::size_t feature_count() const { return feature_count_; }
  std::size_t tree_count() const { return roots_.size(); }
  std::size_t node_count() const { return nodes_.size(); }
  // The names XGBoost stored (feature_names), or f0, f1, ... when it stored none.
  const std::vector<std::string>& feature_names() const { return feature_names_; }
  float base_margin() const { return base_margin_; }

  // REQUIRES: row has feature_count() floats (NaN = missing).
  float predict_margin(const float* row) const;
  float predict(const float* row) const;
  // rows: `count` rows of feature_count() floats each; out: `count` probabilities.
  void predict_batch(const float* rows, std::size_t count, float* out) const;

  // Saabas contributions: per_feature[i] for feature i; bias + their sum = predict_margin(row)
  // up to rounding.
  struct Contributions {
    double bias = 0;
    std::vector<double> per_feature;
  };
  Contributions contributions(const float* row) const;
  // The features pushing the score up most (positive contributions, largest first, at most
  // `count`).
  std::vector<FeatureContribution> top_reasons(const float* row, std::size_t count) const;

 private:
  // Siblings are adjacent: the right child is left + 1. A leaf has feature == kLeaf and its
  // value in `value`.
  struct Node {
    float value;            // split threshold, or leaf value
    std::uint32_t feature;  // split feature, or kLeaf
    std::uint32_t left;     // index of the left child in nodes_
    std::uint32_t default_left;
  };
  static constexpr std::uint32_t kLeaf = 0xFFFFFFFFu;

  std::uint32_t leaf_of(std::uint32_t root, const float* row) const;

  std::size_t feature_count_ = 0;
  float base_margin_ = 0;
  std::vector<Node> nodes_;           // every tree, each in breadth-first order
  std::vector<std::uint32_t> roots_;  // per tree, its root in nodes_
  std::vector<double> node_means_;    // per node, its expected value (Saabas)
  std::vector<std::string> feature_names_;
};

}  // namespace oc::risk_model
