// Transits under e-seal over the API (regimes-v1): registration, seal events out of order and
// replayed, alerts for officers, arrival with an intact seal closing the transit and writing the
// goods into the destination account, and the journal surviving a restart.
#include <gtest/gtest.h>

#include <chrono>

#include "core/clock.h"
#include "server_fixture.h"

namespace oc {
namespace {

using testing::HttpClient;
using testing::HttpResult;
using testing::json_field;

const std::string kEnterprise = "91440300MA5FQH001Y";

std::string at(std::chrono::minutes offset) {
  return format_timestamp(std::chrono::time_point_cast<std::chrono::microseconds>(
      std::chrono::system_clock::now() + offset));
}

std::string transit(const std::string& id, const std::string& item) {
  return "{\"id\":\"" + id +
         "\",\"from\":\"CNSZX\",\"to\":\"QH-ZONE-1\",\"seal\":\"ES-" + id + "\",\"deadline\":\"" +
         at(std::chrono::minutes(120)) +
         "\",\"corridor\":{\"points\":[[22.48,113.88],[22.52,113.90]],\"width_m\":\"500\"},"
         "\"goods\":[{\"item\":\"" + item +
         "\",\"hs_code\":\"8471300000\",\"unit\":\"NAR\",\"quantity\":\"40\"}],"
         "\"destination_account\":{\"zone\":\"QH-ZONE-1\",\"enterprise\":\"" + kEnterprise + "\"}}";
}

std::string event(const std::string& id, const std::string& type, std::chrono::minutes when,
                  const std::string& lat = "", const std::string& lon = "") {
  std::string body = "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"at\":\"" + at(when) + "\"";
  if (!lat.empty()) body += ",\"lat\":\"" + lat + "\",\"lon\":\"" + lon + "\"";
  return body + "}";
}

class TransitsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("oc-transits-api-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    server_ = std::make_unique<testing::Server>(
        directory_, std::vector<std::string>{"--transit-settle-seconds", "0"});
    trader_ = server_->create_token("trader", kEnterprise);
    officer_ = server_->create_token("officer", "", {"5349"});
    other_officer_ = server_->create_token("officer", "", {"2248"});
    server_->start();
    client_ = std::make_unique<HttpClient>(server_->port());
  }
  void TearDown() override {
    client_.reset();
    server_.reset();
    std::filesystem::remove_all(directory_);
  }
  HttpResult post(const std::string& target, const std::string& body,
                  const std::string* token = nullptr) {
    return client_->request("POST", target, token ? *token : trader_, body);
  }
  HttpResult get(const std::string& target, const std::string& token) {
    return client_->request("GET", target, token);
  }
  std::string balances() {
    return get("/v1/zones/QH-ZONE-1/accounts/" + kEnterprise + "/balances", trader_).body;
  }

  std::filesystem::path directory_;
  std::unique_ptr<testing::Server> server_;
  std::unique_ptr<HttpClient> client_;
  std::string trader_, officer_, other_officer_;
};

TEST_F(TransitsApiTest, AnIntactArrivalClosesAndFillsTheAccount) {
  const std::string body = transit("TR-1", "T-ITEM-1");
  HttpResult registered = post("/v1/transits", body);
  ASSERT_EQ(registered.status, 201) << registered.body;
  EXPECT_EQ(json_field(registered.body, "status"), "in_transit");
  EXPECT_EQ(post("/v1/transits", body).status, 200);  // replay
  EXPECT_EQ(post("/v1/transits", transit("TR-1", "OTHER")).status, 409);
  // Events out of order: a position first, then the seal, then arrival at the last point.
  const std::string events = "/v1/transits/TR-1/seal-events";
  ASSERT_EQ(post(events, event("EV-2", "position", std::chrono::minutes(-20), "22.50", "113.89")).status, 201);
  const std::string sealed = event("EV-1", "sealed", std::chrono::minutes(-30));
  ASSERT_EQ(post(events, sealed).status, 201);
  EXPECT_EQ(balances().find("T-ITEM-1"), std::string::npos);
  HttpResult arrived = post(events, event("EV-3", "position", std::chrono::minutes(-5), "22.52", "113.90"));
  ASSERT_EQ(arrived.status, 201) << arrived.body;
  EXPECT_EQ(json_field(arrived.body, "status"), "closed") << arrived.body;
  EXPECT_NE(balances().find("\"item\":\"T-ITEM-1\",\"hs_code\":\"8471300000\",\"unit\":\"NAR\",\"quantity\":\"40\""),
            std::string::npos)
      << balances();
  // A replayed event is answered 200; the same id with other content 409.
  EXPECT_EQ(post(events, sealed).status, 200);
  HttpResult other = post(events, event("EV-1", "opened", std::chrono::minutes(-30)));
  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(json_field(other.body, "code"), "seal_event.exists_with_different_content");
  // Officers of the zone's office see it; others do not.
  EXPECT_EQ(get("/v1/transits/TR-1", officer_).status, 200);
  EXPECT_EQ(get("/v1/transits/TR-1", other_officer_).status, 404);
  EXPECT_EQ(get("/v1/transits/NOPE", officer_).status, 404);
}

TEST_F(TransitsApiTest, AnOpenedSealRaisesAnAlertThatBlocksClosingUntilResolved) {
  ASSERT_EQ(post("/v1/transits", transit("TR-2", "T-ITEM-2")).status, 201);
  const std::string events = "/v1/transits/TR-2/seal-events";
  ASSERT_EQ(post(events, event("E1", "sealed", std::chrono::minutes(-40))).status, 201);
  ASSERT_EQ(post(events, event("E2", "opened", std::chrono::minutes(-30))).status, 201);
  ASSERT_EQ(post(events, event("E3", "position", std::chrono::minutes(-25), "22.60", "114.20")).status, 201);
  HttpResult arrived = post(events, event("E4", "position", std::chrono::minutes(-5), "22.52", "113.90"));
  ASSERT_EQ(arrived.status, 201);
  EXPECT_EQ(json_field(arrived.body, "status"), "alert") << arrived.body;
  EXPECT_EQ(balances().find("T-ITEM-2"), std::string::npos);
  HttpResult alerts = get("/v1/alerts?open=true", officer_);
  ASSERT_EQ(alerts.status, 200);
  EXPECT_NE(alerts.body.find("\"transit_id\":\"TR-2\",\"office\":\"5349\",\"id\":\"opened_before_arrival:E2\""),
            std::string::npos)
      << alerts.body;
  EXPECT_NE(alerts.body.find("\"kind\":\"off_corridor\""), std::string::npos);
  EXPECT_EQ(get("/v1/alerts", other_officer_).body, "{\"alerts\":[],\"more\":false}");
  EXPECT_EQ(get("/v1/alerts?office=5349", other_officer_).status, 403);
  // The officer examines the goods and resolves the alert: the transit closes.
  HttpResult resolved = post("/v1/transits/TR-2/alerts/opened_before_arrival:E2/resolve", "", &officer_);
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(json_field(resolved.body, "status"), "closed") << resolved.body;
  EXPECT_NE(balances().find("\"item\":\"T-ITEM-2\""), std::string::npos);
}

TEST_F(TransitsApiTest, TheJournalSurvivesARestart) {
  ASSERT_EQ(post("/v1/transits", transit("TR-3", "T-ITEM-3")).status, 201);
  const std::string events = "/v1/transits/TR-3/seal-events";
  const std::string sealed = event("A", "sealed", std::chrono::minutes(-30));
  ASSERT_EQ(post(events, sealed).status, 201);
  ASSERT_EQ(post(events, event("B", "position", std::chrono::minutes(-5), "22.52", "113.90")).status, 201);
  ASSERT_EQ(post("/v1/transits", transit("TR-4", "T-ITEM-4")).status, 201);
  ASSERT_EQ(post("/v1/transits/TR-4/seal-events", event("A", "tamper", std::chrono::minutes(-10))).status, 201);
  std::string before3 = get("/v1/transits/TR-3", officer_).body;
  std::string before4 = get("/v1/transits/TR-4", officer_).body;
  server_->stop();
  server_->start();
  client_ = std::make_unique<HttpClient>(server_->port());
  EXPECT_EQ(get("/v1/transits/TR-3", officer_).body, before3);
  EXPECT_EQ(get("/v1/transits/TR-4", officer_).body, before4);
  EXPECT_EQ(json_field(before3, "status"), "closed");
  // Closed once: the goods are in the account once.
  EXPECT_NE(balances().find("\"item\":\"T-ITEM-3\",\"hs_code\":\"8471300000\",\"unit\":\"NAR\",\"quantity\":\"40\""),
            std::string::npos);
  EXPECT_EQ(post(events, sealed).status, 200);
}

}  // namespace
}  // namespace oc
