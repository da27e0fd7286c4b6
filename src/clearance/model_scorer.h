// The learned model at lodging, and the store's history as its training data.
//
// A declaration item becomes one row of the model's column layout (risk/model/kcs_data.h):
// office, procedure (process type), declaration type (import type), transport mode, declarant,
// importer, exporter (seller), HS6, departure and origin countries, preference (origin
// indicator and tax type), net mass and the item's invoice amount (item price, declaration
// currency), dated by the customs day. A declaration's score is its riskiest item's probability;
// its explanation that item's top tree-path contributions.
//
// Labels come from inspection findings: a declaration with a findings_recorded event is
// labelled fraud when the outcome is discrepancy or seizure (critical when seizure). Only such
// declarations train a model (`opencustoms risk train --from-db`): the feedback loop of the issue,
// with the random share of lane selection keeping those labels an honest sample.
// Thread safety: ModelScorer is immutable after load; score() may run on many threads.
#pragma once

#include <filesystem>
#include <memory>

#include "core/result.h"
#include "risk/model/model_file.h"
#include "risk/risk_service.h"
#include "store/store.h"

namespace oc {

// The model's row for one item (label unset).
risk_model::KcsDeclaration model_row(const Declaration& declaration, const Item& item,
                                     std::int32_t day);

class ModelScorer final : public DeclarationScorer {
 public:
  // Errors: file.*, risk_model.format, risk_model.version.
  static Result<std::shared_ptr<const ModelScorer>> load(const std::filesystem::path& file);

  std::optional<Score> score(const Declaration& declaration, std::int32_t day) const override;
  std::string version() const override { return version_; }

 private:
  ModelScorer(risk_model::RiskModel model, std::string version)
      : model_(std::move(model)), version_(std::move(version)) {}
  risk_model::RiskModel model_;
  std::string version_;  // "sha256:<first 16 hex digits of the file>"
};

// The labelled history: every stored declaration with inspection findings, one row per item,
// oldest first. Errors: store.*.
Result<std::vector<risk_model::KcsDeclaration>> labelled_history(Store& store);

}  // namespace oc
