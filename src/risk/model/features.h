// Feature engineering for the learned risk model, with no leakage across time.
//
// The protocol (docs/risk.md has it in full): time runs in calendar months. For a declaration of
// month m, every feature derived from history uses only declarations of months strictly before
// m: their labels (entity profiles) and their unit values (HS6 median unit value). A month's
// declarations never see each other's labels. Categorical encodings (label code = rank by
// frequency, and frequency) are fitted once, on the training period, and use no label; a value
// unseen in the training period is missing (NaN).
//
// A FeaturePipeline holds the encodings and the history absorbed so far (profile tallies per key,
// HS6 unit values). transform_by_month() is the protocol: month by month in ascending order,
// features from the state before the month, then the month's labels are absorbed. The training
// rows thus get an expanding window (the first month has only the prior, which is missing when
// nothing was absorbed before), and a later file continues from the stored state.
//
// Profiles: for each key group (importer, importer x HS6, ..., see feature_names()) the number of
// earlier labelled declarations n and frauds f with that key; features are the m-estimate
// (f + m * prior) / (n + m), prior = the fraud rate of all earlier labelled declarations, and
// log(1 + n). A key part that is empty (no seller, no courier) gives missing features.
//
// Thread safety: const member functions may run concurrently; absorb and transform_by_month need
// exclusive access. A pipeline is a value: copy it to branch history (the CLI evaluates on a copy).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/json_writer.h"
#include "core/result.h"
#include "risk/model/kcs_data.h"

namespace simdjson::dom {
class element;
}

namespace oc::risk_model {

// The m of the m-estimate: how many declarations' worth of weight the prior has.
inline constexpr double profile_smoothing_default = 1.0;
// Limits of a pipeline read from a model file.
inline constexpr std::size_t encoding_values_max = 10'000'000;
inline constexpr std::size_t profile_keys_max = 50'000'000;

// Row-major features, NaN for missing: what XGBoost and the native scorer read.
struct FeatureMatrix {
  std::size_t rows = 0;
  std::size_t columns = 0;
  std::vector<float> values;

  const float* row(std::size_t index) const { return values.data() + index * columns; }
};

struct ProfileTally {
  std::uint32_t declarations = 0;
  std::uint32_t frauds = 0;
};

class FeaturePipeline {
 public:
  struct Options {
    double profile_smoothing = profile_smoothing_default;
    // Profiles keyed on exact declared values (item price, net mass, and their pairs with HS6 and
    // origin). On the KCS synthetic data they carry most of the signal (docs/risk.md says why);
    // off for the ablation.
    bool value_fingerprints = true;
    // Every history-derived feature (profiles and the HS6 unit value comparison); off for the
    // ablation that keeps the declaration's own columns only.
    bool entity_profiles = true;
  };

  // Fits the categorical encodings on the training period's declarations (labels unused).
  // The history starts empty.
  static FeaturePipeline fit(const std::vector<KcsDeclaration>& training_rows, Options options);

  // The names of the features, in column order (fixed by the code and the options).
  const std::vector<std::string>& feature_names() const { return feature_names_; }
  std::size_t feature_count() const { return feature_names_.size(); }
  const Options& options() const { return options_; }

  // Features of one declaration from the current state.
  // REQUIRES: out has feature_count() floats.
  void features(const KcsDeclaration& row, float* out) const;

  // Adds one declaration to the history: its unit value always, its label when `labelled`
  // (the replay simulation absorbs uninspected declarations unlabelled).
  void absorb(const KcsDeclaration& row, bool labelled);

  // The monthly protocol over `rows` (any order; the matrix keeps it). Error
  // risk_model.time_order when a row's month is not after the last month absorbed before.
  Result<FeatureMatrix> transform_by_month(const std::vector<KcsDeclaration>& rows);

  // The last month absorbed (KcsDate::month_index), -1 when none; the first month seen, same.
  int last_month() const { return last_month_; }
  int first_month() const { return first_month_; }
  ProfileTally overall() const { return overall_; }

  // The state as a JSON object (encodings, tallies, unit values, options) and back. from_json
  // errors: risk_model.format with a path naming the member (under `path`).
  void write_json(JsonWriter& out) const;
  static Result<FeaturePipeline> from_json(const simdjson::dom::element& element,
                                           const std::string& path);

 private:
  struct Encoding {
    // value -> (rank by training frequency, training count)
    std::unordered_map<std::string, std::pair<std::uint32_t, std::uint32_t>> codes;
  };
  struct UnitValues {
    std::vector<float> sorted_log_unit_values;  // log(1 + unit value), ascending
  };

  FeaturePipeline() = default;
  void name_features();
  void mark_month(int month_index);

  Options options_;
  std::vector<std::string> feature_names_;
  std::uint32_t training_rows_ = 0;
  std::vector<Encoding> encodings_;  // one per categorical column
  std::vector<std::unordered_map<std::string, ProfileTally>> profiles_;  // one per key group
  std::unordered_map<std::string, UnitValues> hs6_unit_values_;
  ProfileTally overall_;
  int first_month_ = -1;
  int last_month_ = -1;
};

}  // namespace oc::risk_model
