// `opencustoms risk train|eval` as a black box: the eval contract's exact shape, progress while
// training, exit codes and error paths.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "app/process.h"
#include "risk_model/risk_model_test_support.h"

namespace oc {
namespace {

class RiskCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("oc-risk-cli-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  testing::ProcessResult run(std::vector<std::string> args) {
    args.insert(args.begin(), OC_BINARY);
    return testing::run_process(args, (directory_ / "stderr.txt").string());
  }
  std::string path(const std::string& name) const { return (directory_ / name).string(); }
  std::string write(const std::string& name, const std::string& content) {
    std::ofstream(path(name), std::ios::binary) << content;
    return path(name);
  }

  std::filesystem::path directory_;
};

const std::regex kEvalShape(
    R"(\{"precision_at":\{"1":\d\.\d{4},"2":\d\.\d{4},"5":\d\.\d{4},"10":\d\.\d{4}\},)"
    R"("recall_at":\{"1":\d\.\d{4},"2":\d\.\d{4},"5":\d\.\d{4},"10":\d\.\d{4}\},"auc":\d\.\d{4}\}\n)");

TEST_F(RiskCliTest, TrainThenEvalPrintsTheContract) {
  std::string model = path("model.json");
  auto trained = run({"risk", "train", "--train", testing::kKcsTrain, "--valid", testing::kKcsValid,
                      "--out", model, "--rounds", "20", "--threads", "1"});
  ASSERT_EQ(trained.exit_code, 0) << trained.err;
  EXPECT_TRUE(std::regex_match(trained.out, kEvalShape)) << trained.out;
  EXPECT_NE(trained.err.find("iteration 20/20  train auc 0."), std::string::npos) << trained.err;
  EXPECT_NE(trained.err.find("valid auc 0."), std::string::npos) << trained.err;

  auto evaluated = run({"risk", "eval", "--model", model, "--data", testing::kKcsValid});
  ASSERT_EQ(evaluated.exit_code, 0) << evaluated.err;
  EXPECT_TRUE(std::regex_match(evaluated.out, kEvalShape)) << evaluated.out;
  EXPECT_EQ(evaluated.out, trained.out);  // the same out-of-time protocol as training's check
}

TEST_F(RiskCliTest, FailuresExitOneWithTheErrorPath) {
  std::string bad_csv = write("bad.csv", testing::kcs_header() + testing::kcs_record("1") +
                                             testing::kcs_record("2", "2020-13-01"));
  auto bad_train = run({"risk", "train", "--train", bad_csv, "--out", path("m.json")});
  EXPECT_EQ(bad_train.exit_code, 1);
  EXPECT_NE(bad_train.err.find("error: kcs.bad_field at " + bad_csv + ":3:2"), std::string::npos)
      << bad_train.err;
  EXPECT_FALSE(std::filesystem::exists(path("m.json")));

  std::string not_a_model = write("model.json", "{\"format\":\"opencustoms-risk-model\"}");
  auto bad_model = run({"risk", "eval", "--model", not_a_model, "--data", testing::kKcsValid});
  EXPECT_EQ(bad_model.exit_code, 1);
  EXPECT_NE(bad_model.err.find("error: risk_model.format at /version"), std::string::npos)
      << bad_model.err;
  EXPECT_EQ(bad_model.out, "");

  auto missing = run({"risk", "eval", "--model", path("none.json"), "--data", testing::kKcsValid});
  EXPECT_EQ(missing.exit_code, 1);

  auto usage = run({"risk"});
  EXPECT_EQ(usage.exit_code, 1);
}

}  // namespace
}  // namespace oc
