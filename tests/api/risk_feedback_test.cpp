// The learning loop end to end: lodgings → inspections → findings in the store → `opencustoms
// risk train --from-db` → a server started with the model scores new declarations, and each
// answer records the model version and the features that pushed the score.
#include <gtest/gtest.h>

#include "../declaration/test_support.h"
#include "server_fixture.h"

namespace oc {
namespace {

using testing::HttpClient;
using testing::HttpResult;
using testing::json_field;

TEST(RiskFeedback, FindingsTrainAModelThatTheServerThenUses) {
  const auto directory = std::filesystem::temp_directory_path() /
                         ("oc-risk-feedback-" + std::to_string(::getpid()));
  std::filesystem::remove_all(directory);
  {
    testing::Server server(directory);
    const std::string trader = server.create_token("trader", "91440300MA5FQH001Y");
    const std::string officer = server.create_token("officer", "", {"5349"});
    server.start();
    HttpClient client(server.port());
    // 24 declarations the rules send to red (no invoice value); the officer inspects them all
    // and finds discrepancies in the ones from Italy.
    for (int i = 0; i < 24; ++i) {
      std::string body = testing::valid_body();
      body.replace(body.find("SZX-2026-000123"), 15, "FEEDBACK-" + std::to_string(i));
      body.replace(body.find("64000.00"), 8, "0.00");
      if (i % 2 == 0) body.replace(body.find("\"origin\": \"DE\""), 14, "\"origin\": \"IT\"");
      HttpResult lodged = client.request("POST", "/v1/declarations", trader, body);
      ASSERT_EQ(lodged.status, 201) << lodged.body;
      ASSERT_EQ(json_field(lodged.body, "lane"), "red");
      const std::string base = "/v1/declarations/" + json_field(lodged.body, "id");
      ASSERT_EQ(client.request("POST", base + "/inspection", officer, "").status, 200);
      const std::string outcome = i % 2 == 0 ? "discrepancy" : "compliant";
      ASSERT_EQ(client.request("POST", base + "/findings", officer,
                               "{\"outcome\":\"" + outcome + "\",\"note\":\"test\"}")
                    .status,
                200);
    }
  }
  const std::string model = (directory / "model.json").string();
  testing::ProcessResult trained =
      testing::run_process({OC_BINARY, "risk", "train", "--from-db", "--db",
                            (directory / "api.db").string(), "--out", model, "--rounds", "10",
                            "--threads", "1"},
                           (directory / "train.err").string());
  ASSERT_EQ(trained.exit_code, 0) << testing::read_file((directory / "train.err").string());
  {
    testing::Server server(directory, {"--model", model});
    server.start();
    const std::string trader = server.create_token("trader", "91440300MA5FQH001Y");
    HttpClient client(server.port());
    std::string body = testing::valid_body();
    body.replace(body.find("SZX-2026-000123"), 15, "FEEDBACK-IT");
    body.replace(body.find("\"origin\": \"DE\""), 14, "\"origin\": \"IT\"");
    HttpResult risky = client.request("POST", "/v1/declarations", trader, body);
    ASSERT_EQ(risky.status, 201) << risky.body;
    EXPECT_NE(risky.body.find("\"model\":\"sha256:"), std::string::npos) << risky.body;
    // Italian goods were discrepant every time: the model scores them high and says why.
    const std::string score = risky.body.substr(risky.body.find("\"score\":\"") + 9, 6);
    EXPECT_GT(std::stod(score), 0.5) << risky.body;
    EXPECT_NE(risky.body.find("\"features\":[{\"name\":"), std::string::npos) << risky.body;
    std::string other = testing::valid_body();
    other.replace(other.find("SZX-2026-000123"), 15, "FEEDBACK-DE");
    HttpResult calm = client.request("POST", "/v1/declarations", trader, other);
    ASSERT_EQ(calm.status, 201) << calm.body;
    const std::string calm_score = calm.body.substr(calm.body.find("\"score\":\"") + 9, 6);
    EXPECT_LT(std::stod(calm_score), std::stod(score)) << calm.body;
  }
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace oc
