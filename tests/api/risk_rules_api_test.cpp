// The targeting rules over the API: the set in force (GET /v1/risk/rules), hot reload by an admin
// (POST /v1/risk/rules/reload) and by SIGHUP, a broken file keeping the old set, and lodgings
// following whichever set is in force.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "../declaration/test_support.h"
#include "core/sha256.h"
#include "server_fixture.h"

namespace oc {
namespace {

using testing::HttpClient;
using testing::HttpResult;
using testing::json_field;

const std::string kRedCars =
    "rule R-9000 \"every car\" when hs starts \"8703\" then red 100% valid 2026-01-01.. owner "
    "\"Test\" because \"reload test\"\n";
const std::string kYellowCars =
    "rule R-9001 \"every car, documents\" when hs starts \"8703\" then yellow 100% valid "
    "2026-01-01.. owner \"Test\" because \"reload test\"\n";

class RiskRulesApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("oc-risk-api-" + std::to_string(::getpid()));
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    rules_file_ = directory_ / "rules.txt";
    write_rules("# no rules yet\n");
    server_ = std::make_unique<testing::Server>(
        directory_, std::vector<std::string>{"--rules", rules_file_.string()});
    trader_ = server_->create_token("trader", "91440300MA5FQH001Y");
    officer_ = server_->create_token("officer", "", {"5349"});
    admin_ = server_->create_token("admin");
    server_->start();
    client_ = std::make_unique<HttpClient>(server_->port());
  }
  void TearDown() override {
    client_.reset();
    server_.reset();
    std::filesystem::remove_all(directory_);
  }
  void write_rules(const std::string& text) { std::ofstream(rules_file_, std::ios::binary) << text; }
  std::string lodge_lane(const std::string& lrn) {
    std::string body = testing::valid_body();
    body.replace(body.find("SZX-2026-000123"), 15, lrn);
    body.replace(body.find("\"preference\": \"RCEP\""), 20, "\"preference\": \"MFN\"");
    HttpResult result = client_->request("POST", "/v1/declarations", trader_, body);
    EXPECT_EQ(result.status, 201) << result.body;
    return json_field(result.body, "lane");
  }
  std::string version() {
    return json_field(client_->request("GET", "/v1/risk/rules", officer_).body, "rules_version");
  }

  std::filesystem::path directory_, rules_file_;
  std::unique_ptr<testing::Server> server_;
  std::unique_ptr<HttpClient> client_;
  std::string trader_, officer_, admin_;
};

TEST_F(RiskRulesApiTest, AnAdminReloadSwapsTheSetAndABrokenFileKeepsIt) {
  EXPECT_EQ(version(), sha256_hex("# no rules yet\n"));
  EXPECT_EQ(lodge_lane("RELOAD-1"), "green");

  write_rules(kRedCars);
  HttpResult reloaded = client_->request("POST", "/v1/risk/rules/reload", admin_);
  ASSERT_EQ(reloaded.status, 200) << reloaded.body;
  EXPECT_EQ(reloaded.body, "{\"rules_version\":\"" + sha256_hex(kRedCars) + "\",\"rules\":1}");
  HttpResult listed = client_->request("GET", "/v1/risk/rules", officer_);
  EXPECT_EQ(listed.body, "{\"rules_version\":\"" + sha256_hex(kRedCars) +
                             "\",\"rules\":[{\"id\":\"R-9000\",\"name\":\"every car\",\"action\":"
                             "\"red 100%\",\"valid_from\":\"2026-01-01\",\"valid_to\":null,"
                             "\"owner\":\"Test\",\"because\":\"reload test\"}]}");
  EXPECT_EQ(lodge_lane("RELOAD-2"), "red");

  write_rules("rule R-9002 \"broken\" when hs starts \"8703\" than red 100%\n");
  HttpResult broken = client_->request("POST", "/v1/risk/rules/reload", admin_);
  EXPECT_EQ(broken.status, 422) << broken.body;
  EXPECT_EQ(json_field(broken.body, "code"), "rules.syntax");
  EXPECT_EQ(version(), sha256_hex(kRedCars));
  EXPECT_EQ(lodge_lane("RELOAD-3"), "red");
}

TEST_F(RiskRulesApiTest, SighupReloadsTheRulesFile) {
  write_rules(kYellowCars);
  server_->signal(SIGHUP);
  // The reload runs on the server's signal thread: wait for it (bounded), then lodge.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (version() != sha256_hex(kYellowCars) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(version(), sha256_hex(kYellowCars))
      << "server stderr: " << testing::read_file((directory_ / "serve.err").string());
  EXPECT_EQ(lodge_lane("SIGHUP-1"), "yellow");
}

}  // namespace
}  // namespace oc
