// The model file: what it holds, that a loaded model scores as the trained one, and refusals.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "risk/model/model_file.h"
#include "risk/model/risk_training.h"
#include "risk_model/risk_model_test_support.h"

namespace oc::risk_model {
namespace {

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(ModelFile, HoldsTreesPipelineAndMetadata) {
  const RiskModel& model = testing::test_model();
  EXPECT_EQ(model.trees.tree_count(), static_cast<std::size_t>(testing::kTestRounds));
  EXPECT_EQ(model.feature_names, model.pipeline.feature_names());
  EXPECT_EQ(model.trees.feature_count(), model.feature_names.size());
  EXPECT_EQ(month_name(model.pipeline.last_month()), "2020-12");
  EXPECT_EQ(model.pipeline.overall().declarations, 37385u);
  EXPECT_NE(model.metadata_json.find("\"first_day\":\"2020-01-01\""), std::string::npos);
  EXPECT_NE(model.metadata_json.find("\"rounds\":40"), std::string::npos);
  EXPECT_NE(model.metadata_json.find("\"xgboost_version\":\"1."), std::string::npos);
  EXPECT_EQ(testing::test_model_file().find("\"validation\""), std::string::npos);
}

TEST(ModelFile, ScoresTheValidationFileOutOfTime) {
  const RiskModel& model = testing::test_model();
  auto scores = score_out_of_time(model, testing::kcs_valid());
  ASSERT_TRUE(scores.ok());
  RankingMetrics metrics = ranking_metrics(*scores, fraud_labels(testing::kcs_valid()));
  // A floor far under what the model reaches (docs/risk.md), to catch a broken pipeline.
  EXPECT_GT(metrics.auc, 0.9);
  EXPECT_GT(metrics.precision_at[2], 0.9);  // at 5%
  // The training file's own months are inside the model's history: refused, not scored.
  auto inside = score_out_of_time(model, testing::kcs_train());
  ASSERT_FALSE(inside.ok());
  EXPECT_EQ(inside.error().code, "risk_model.time_order");
}

TEST(ModelFile, ValidationMetricsAreStoredWhenTrainedWithAValidationFile) {
  std::vector<KcsDeclaration> train(testing::kcs_train().begin(),
                                    testing::kcs_train().begin() + 8000);
  std::vector<KcsDeclaration> valid;
  for (const KcsDeclaration& row : testing::kcs_train()) {
    if (row.date.month == 4) valid.push_back(row);
  }
  ASSERT_LT(train.back().date.month, 4);
  TrainingRun run;
  run.train = &train;
  run.valid = &valid;
  run.train_source = "first.csv";
  run.valid_source = "april.csv";
  run.parameters.rounds = 5;
  run.parameters.threads = 1;
  auto trained = train_risk_model(run);
  ASSERT_TRUE(trained.ok()) << trained.error().message;
  ASSERT_TRUE(trained->validation.has_value());
  auto model = RiskModel::parse(trained->file_json);
  ASSERT_TRUE(model.ok());
  EXPECT_NE(model->metadata_json.find("\"validation\":{\"source\":\"april.csv\""),
            std::string::npos);
  EXPECT_NE(model->metadata_json.find(metrics_json(*trained->validation)), std::string::npos);
  // The stored history ends with the training file, not the validation file.
  EXPECT_EQ(model->pipeline.overall().declarations, train.size());
  auto rescored = score_out_of_time(*model, valid);
  ASSERT_TRUE(rescored.ok());
  EXPECT_EQ(metrics_json(ranking_metrics(*rescored, fraud_labels(valid))),
            metrics_json(*trained->validation));
}

TEST(ModelFile, RefusesOtherVersionsFormatsAndMismatchedParts) {
  const std::string& file = testing::test_model_file();
  auto version = RiskModel::parse(replaced(file, "\"version\":1,", "\"version\":2,"));
  ASSERT_FALSE(version.ok());
  EXPECT_EQ(version.error().code, "risk_model.version");
  EXPECT_EQ(version.error().path, "/version");

  struct Bad {
    std::string from;
    std::string to;
    std::string path;
  };
  const Bad cases[] = {
      {"\"format\":\"opencustoms-risk-model\"", "\"format\":\"other\"", "/format"},
      {"\"feature_names\":[\"code:office\"", "\"feature_names\":[\"code:bureau\"",
       "/feature_names"},
      {"\"options\":{\"profile_smoothing\":1", "\"options\":{\"profile_smoothing\":-1",
       "/pipeline/options/profile_smoothing"},
      {"\"overall\":{\"declarations\":37385", "\"overall\":{\"declarations\":-5",
       "/pipeline/overall/declarations"},
      {"\"column\":\"office\"", "\"column\":\"port\"", "/pipeline/encodings/0/column"},
      {"\"group\":\"importer\"", "\"group\":\"exporter\"", "/pipeline/profiles/0/group"},
      {"\"metadata\":{", "\"metadata\":[{", ""},  // malformed JSON after the edit
      {"\"learner\":{", "\"learner\":{\"x\":1,\"feature_names\":[],",
       "/xgboost/learner/feature_names"},
  };
  for (const Bad& bad : cases) {
    auto model = RiskModel::parse(replaced(file, bad.from, bad.to));
    ASSERT_FALSE(model.ok()) << bad.to;
    EXPECT_EQ(model.error().code, "risk_model.format") << bad.to;
    EXPECT_EQ(model.error().path, bad.path) << bad.to << ": " << model.error().message;
  }
  for (std::size_t cut : {std::size_t{0}, std::size_t{1}, file.size() / 2, file.size() - 1}) {
    auto model = RiskModel::parse(std::string_view(file).substr(0, cut));
    ASSERT_FALSE(model.ok()) << cut;
    EXPECT_EQ(model.error().code, "risk_model.format");
  }
}

TEST(ModelFile, IsWrittenWhole) {
  std::filesystem::path directory =
      std::filesystem::temp_directory_path() / ("oc-risk-model-" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  std::filesystem::path path = directory / "model.json";
  ASSERT_TRUE(write_file_atomically(path, "old").ok());
  ASSERT_TRUE(write_file_atomically(path, testing::test_model_file()).ok());
  auto loaded = RiskModel::load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->trees.node_count(), testing::test_model().trees.node_count());
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(directory),
                          std::filesystem::directory_iterator()),
            1);  // no temporary left behind
  auto missing = RiskModel::load(directory / "none.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "file.missing");
  auto unwritable = write_file_atomically(directory / "no" / "such" / "dir.json", "x");
  ASSERT_FALSE(unwritable.ok());
  EXPECT_EQ(unwritable.error().code, "file.unwritable");
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace oc::risk_model

namespace oc::risk_model {
namespace {

// The fuzz seed corpus doubles as a table of model files: which load, and that the broken ones
// are refused with a risk_model code by both loaders.
TEST(ModelFile, TheSeedCorpusLoadsOrIsRefused) {
  const std::set<std::string> risk_models = {"tiny-model.json"};
  const std::set<std::string> xgboost_models = {"tiny-xgboost.json", "overflowing-leaves.json",
                                                "zero-cover.json"};
  std::size_t files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(OC_SOURCE_DIR "/fuzz/corpus/risk_model")) {
    std::string name = entry.path().filename().string();
    std::ifstream in(entry.path(), std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto model = RiskModel::parse(content);
    EXPECT_EQ(model.ok(), risk_models.count(name) == 1) << name;
    if (!model) {
      EXPECT_TRUE(model.error().code.starts_with("risk_model.")) << name;
    }
    auto trees = TreeModel::from_json(content);
    EXPECT_EQ(trees.ok(), xgboost_models.count(name) == 1)
        << name << ": " << (trees ? "" : trees.error().message);
    ++files;
  }
  EXPECT_GE(files, 15u);
}

}  // namespace
}  // namespace oc::risk_model
