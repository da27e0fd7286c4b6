// `opencustoms risk train` and `risk eval`: the learned risk model on KCS files
// (../shared/api/declaration-v1.md; docs/risk.md). Progress and summaries go to stderr; eval's
// metrics JSON (and train's validation metrics, when --valid is given) to stdout.
#include <cstdio>

#include "app/app_context.h"
#include "clearance/model_scorer.h"
#include "app/commands.h"
#include "risk/model/feedback_simulation.h"
#include "risk/model/risk_training.h"

namespace oc::app {

int run_risk_train(const CommonOptions& common, const RiskTrainOptions& options) {
  using namespace oc::risk_model;
  Result<std::vector<KcsDeclaration>> train = std::vector<KcsDeclaration>{};
  if (options.from_db) {
    auto store = open_store_or_report(common.db);
    if (!store) return exit_failure;
    train = labelled_history(**store);
    if (train && train->empty()) {
      train = make_error("risk_model.training", "--from-db",
                         "the store holds no inspected declaration (no findings recorded yet)");
    }
  } else if (!options.train.empty()) {
    train = read_kcs_file(options.train);
  } else {
    train = make_error("option.invalid", "--train", "give --train CSV or --from-db");
  }
  if (!train) {
    print_error(train.error());
    return exit_failure;
  }
  std::optional<std::vector<KcsDeclaration>> valid;
  if (!options.valid.empty()) {
    auto rows = read_kcs_file(options.valid);
    if (!rows) {
      print_error(rows.error());
      return exit_failure;
    }
    valid = std::move(rows).value();
  }

  TrainingRun run;
  run.train = &*train;
  run.valid = valid ? &*valid : nullptr;
  run.train_source = options.from_db ? common.db.filename().string() : options.train.filename().string();
  run.valid_source = options.valid.filename().string();
  if (options.profile_smoothing > 0) run.features.profile_smoothing = options.profile_smoothing;
  run.features.value_fingerprints = options.value_fingerprints;
  run.features.entity_profiles = options.entity_profiles;
  if (options.rounds > 0) run.parameters.rounds = options.rounds;
  if (options.max_depth > 0) run.parameters.max_depth = options.max_depth;
  if (options.learning_rate > 0) run.parameters.learning_rate = options.learning_rate;
  run.parameters.threads = options.threads;
  run.progress = stderr;
  std::string validating;
  if (valid) {
    validating = ", validating on " + std::to_string(valid->size()) + " from " + run.valid_source;
  }
  std::fprintf(stderr, "risk train: %zu declarations from %s%s; %d rounds\n", train->size(),
               run.train_source.c_str(), validating.c_str(), run.parameters.rounds);

  auto trained = train_risk_model(run);
  if (!trained) {
    print_error(trained.error());
    return exit_failure;
  }
  auto written = write_file_atomically(options.out, trained->file_json);
  if (!written) {
    print_error(written.error());
    return exit_failure;
  }
  std::fprintf(stderr, "risk train: model written to %s (%zu bytes)\n", options.out.c_str(),
               trained->file_json.size());
  if (trained->validation) std::printf("%s\n", metrics_json(*trained->validation).c_str());
  return exit_ok;
}

int run_risk_eval(const RiskEvalOptions& options) {
  using namespace oc::risk_model;
  auto model = RiskModel::load(options.model);
  if (!model) {
    print_error(model.error());
    return exit_failure;
  }
  auto rows = read_kcs_file(options.data);
  if (!rows) {
    print_error(rows.error());
    return exit_failure;
  }
  auto scores = score_out_of_time(*model, *rows);
  if (!scores) {
    print_error(scores.error());
    return exit_failure;
  }
  std::printf("%s\n", metrics_json(ranking_metrics(*scores, fraud_labels(*rows))).c_str());
  return exit_ok;
}

int run_risk_simulate(const RiskSimulateOptions& options) {
  using namespace oc::risk_model;
  auto history = read_kcs_file(options.train);
  if (!history) {
    print_error(history.error());
    return exit_failure;
  }
  auto stream = read_kcs_file(options.data);
  if (!stream) {
    print_error(stream.error());
    return exit_failure;
  }
  SimulationOptions simulation;
  simulation.capacity_percent = options.capacity_percent;
  simulation.random_percent = options.random_percent;
  simulation.retrain_weeks = options.retrain_weeks;
  simulation.seed = options.seed;
  simulation.parameters.threads = options.threads;
  auto outcomes = simulate_feedback(*history, *stream, simulation, stderr);
  if (!outcomes) {
    print_error(outcomes.error());
    return exit_failure;
  }
  std::printf("%s\n", simulation_json(simulation, *outcomes).c_str());
  return exit_ok;
}

}  // namespace oc::app
