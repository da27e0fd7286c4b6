// Fuzz target: any bytes as a risk model file (RiskModel::parse: the pipeline state, XGBoost's
// trees, their agreement) and as a bare XGBoost model JSON (TreeModel::from_json). Nothing may
// crash, hang or trip a sanitizer; every refusal is a risk_model.* error; a model that loads
// scores a few fixed rows to a probability (or NaN from overflowing leaves), the same one row at
// a time as in a batch, and computes features and explanations without fault.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string_view>
#include <vector>

#include "risk/model/model_file.h"
#include "risk/model/tree_model.h"

namespace {

void check_error(const oc::Error& error) {
  if (!error.code.starts_with("risk_model.")) std::abort();
}

void exercise(const oc::risk_model::TreeModel& trees) {
  std::size_t columns = trees.feature_count();
  if (columns == 0 || trees.feature_names().size() != columns) std::abort();
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> rows;
  for (float value : {kNaN, 0.0f, 1.0f, -1e30f}) rows.insert(rows.end(), columns, value);
  std::size_t count = rows.size() / columns;
  std::vector<float> batch(count);
  trees.predict_batch(rows.data(), count, batch.data());
  for (std::size_t r = 0; r < count; ++r) {
    float single = trees.predict(rows.data() + r * columns);
    bool same = (std::isnan(single) && std::isnan(batch[r])) || single == batch[r];
    if (!same) std::abort();
    if (!std::isnan(single) && (single < 0.0f || single > 1.0f)) std::abort();
    auto contributions = trees.contributions(rows.data() + r * columns);
    if (contributions.per_feature.size() != columns) std::abort();
    for (const auto& reason : trees.top_reasons(rows.data() + r * columns, 3)) {
      if (reason.feature >= columns || !(reason.contribution > 0)) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view content(reinterpret_cast<const char*>(data), size);
  auto model = oc::risk_model::RiskModel::parse(content);
  if (!model) {
    check_error(model.error());
  } else {
    exercise(model->trees);
    if (model->pipeline.feature_count() != model->trees.feature_count()) std::abort();
    oc::risk_model::KcsDeclaration declaration;
    declaration.declaration_id = "1";
    declaration.date = {2021, 1, 4};
    declaration.hs6 = "870323";
    declaration.importer = "IMP1";
    declaration.origin_country = "DE";
    declaration.net_mass_kg = 1200;
    declaration.item_price_krw = 25'000'000;
    std::vector<float> features(model->pipeline.feature_count());
    model->pipeline.features(declaration, features.data());
    model->trees.predict(features.data());
  }
  auto trees = oc::risk_model::TreeModel::from_json(content);
  if (!trees) {
    check_error(trees.error());
  } else {
    exercise(*trees);
  }
  return 0;
}
