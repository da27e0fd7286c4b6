// Bonded-zone goods accounts over the API (regimes-v1): every movement kind, replays by client
// id, refusals naming the line, a second-line exit lodged with its movement, who sees which
// account, and 64 clients moving the same stock at once without overspending it.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "../declaration/test_support.h"
#include "server_fixture.h"

namespace oc {
namespace {

using testing::HttpClient;
using testing::HttpResult;
using testing::json_field;

const std::string kEnterprise = "91440300MA5FQH001Y";  // the demo party
const std::string kOther = "91310000OTHERPARTY";
const std::string kAccount = "/v1/zones/QH-ZONE-1/accounts/" + kEnterprise;

std::string line(const std::string& item, const std::string& quantity,
                 const std::string& hs = "8471300000", const std::string& unit = "NAR") {
  return "{\"item\":\"" + item + "\",\"hs_code\":\"" + hs + "\",\"unit\":\"" + unit +
         "\",\"quantity\":\"" + quantity + "\"}";
}
std::string movement(const std::string& id, const std::string& kind, const std::string& rest) {
  return "{\"id\":\"" + id + "\",\"kind\":\"" + kind + "\"," + rest + "}";
}

class ZonesApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing::Server(std::filesystem::temp_directory_path() /
                                  ("oc-zones-api-" + std::to_string(::getpid())));
    trader_ = server_->create_token("trader", kEnterprise);
    other_trader_ = server_->create_token("trader", kOther);
    officer_ = server_->create_token("officer", "", {"5349"});
    other_officer_ = server_->create_token("officer", "", {"2248"});
    auditor_ = server_->create_token("auditor");
    server_->start();
  }
  static void TearDownTestSuite() {
    auto directory = server_->directory();
    delete server_;
    std::filesystem::remove_all(directory);
  }
  HttpResult post(const std::string& target, const std::string& body,
                  const std::string& token = trader_) {
    return client_.request("POST", target, token, body);
  }
  HttpResult get(const std::string& target, const std::string& token = trader_) {
    return client_.request("GET", target, token);
  }
  std::string balances(const std::string& account = kAccount) {
    return get(account + "/balances", auditor_).body;
  }

  static testing::Server* server_;
  static std::string trader_, other_trader_, officer_, other_officer_, auditor_;
  HttpClient client_{server_->port()};
};

testing::Server* ZonesApiTest::server_ = nullptr;
std::string ZonesApiTest::trader_, ZonesApiTest::other_trader_, ZonesApiTest::officer_,
    ZonesApiTest::other_officer_, ZonesApiTest::auditor_;

TEST_F(ZonesApiTest, EntryReplayAndOtherContent) {
  std::string entry = movement("E-1", "first_line_entry", "\"lines\":[" + line("A-1", "100") + "]");
  HttpResult first = post(kAccount + "/movements", entry);
  ASSERT_EQ(first.status, 201) << first.body;
  HttpResult again = post(kAccount + "/movements", entry);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);
  HttpResult other = post(kAccount + "/movements",
                          movement("E-1", "first_line_entry", "\"lines\":[" + line("A-1", "101") + "]"));
  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(json_field(other.body, "code"), "movement.exists_with_different_content");
  // The same content spelt differently is a replay, not other content.
  HttpResult spaced = post(kAccount + "/movements",
                           "{ \"kind\" : \"first_line_entry\", \"id\":\"E-1\", \"lines\":[" +
                               line("A-1", "100.000") + "]}");
  EXPECT_EQ(spaced.status, 200) << spaced.body;
  EXPECT_NE(balances().find("{\"item\":\"A-1\",\"hs_code\":\"8471300000\",\"unit\":\"NAR\",\"quantity\":\"100\"}"),
            std::string::npos);
}

TEST_F(ZonesApiTest, AMovementBelowZeroIsRefusedWholeAndNamesTheLine) {
  ASSERT_EQ(post(kAccount + "/movements",
                 movement("S-1", "first_line_entry",
                          "\"lines\":[" + line("B-1", "10") + "," + line("B-2", "5") + "]"))
                .status,
            201);
  HttpResult refused = post(kAccount + "/movements",
                            movement("S-2", "re_export",
                                     "\"lines\":[" + line("B-1", "4") + "," + line("B-2", "6") + "]"));
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.body,
            "{\"errors\":[{\"code\":\"stock.insufficient\",\"path\":\"/lines/1/quantity\",\"message\":"
            "\"item B-2 of QH-ZONE-1/" + kEnterprise + " holds 5 NAR; the movement takes 6\"}]}");
  // All or nothing: B-1 still holds 10.
  EXPECT_NE(balances().find("\"item\":\"B-1\",\"hs_code\":\"8471300000\",\"unit\":\"NAR\",\"quantity\":\"10\""),
            std::string::npos);
  HttpResult mismatch = post(kAccount + "/movements",
                             movement("S-3", "first_line_entry",
                                      "\"lines\":[" + line("B-1", "1", "8517130000") + "]"));
  EXPECT_EQ(mismatch.status, 422);
  EXPECT_EQ(json_field(mismatch.body, "code"), "stock.line_mismatch");
}

TEST_F(ZonesApiTest, TransferProcessingAndCorrection) {
  ASSERT_EQ(post(kAccount + "/movements",
                 movement("P-0", "first_line_entry",
                          "\"lines\":[" + line("RAW-1", "1000", "7208100000", "KGM") + "]"))
                .status,
            201);
  HttpResult processed = post(
      kAccount + "/movements",
      movement("P-1", "processing",
               "\"consume\":[{\"item\":\"RAW-1\",\"hs_code\":\"7208100000\",\"unit\":\"KGM\","
               "\"quantity\":\"102\",\"loss_rate\":\"0.02\"}],\"produce\":[" +
                   line("PART-1", "50", "8708295000", "PCE") + "]"));
  ASSERT_EQ(processed.status, 201) << processed.body;
  const std::string target = "/v1/zones/FT-ZONE-1/accounts/" + kOther;
  HttpResult transfer = post(kAccount + "/movements",
                             movement("T-1", "transfer",
                                      "\"lines\":[" + line("PART-1", "20", "8708295000", "PCE") +
                                          "],\"to\":{\"zone\":\"FT-ZONE-1\",\"enterprise\":\"" +
                                          kOther + "\"}"));
  ASSERT_EQ(transfer.status, 201) << transfer.body;
  HttpResult correction = post(
      kAccount + "/movements",
      movement("C-1", "correction",
               "\"lines\":[" + line("RAW-1", "-3", "7208100000", "KGM") +
                   "],\"reason\":\"stocktake 2026-11: 3 kg rusted and scrapped\""));
  ASSERT_EQ(correction.status, 201) << correction.body;
  std::string mine = balances();
  EXPECT_NE(mine.find("\"item\":\"RAW-1\",\"hs_code\":\"7208100000\",\"unit\":\"KGM\",\"quantity\":\"895\""),
            std::string::npos)
      << mine;
  EXPECT_NE(mine.find("\"item\":\"PART-1\",\"hs_code\":\"8708295000\",\"unit\":\"PCE\",\"quantity\":\"30\""),
            std::string::npos);
  EXPECT_EQ(balances(target),
            "{\"lines\":[{\"item\":\"PART-1\",\"hs_code\":\"8708295000\",\"unit\":\"PCE\",\"quantity\":\"20\"}]}");
  // The transfer shows in both accounts' movements.
  HttpResult theirs = get(target + "/movements", other_trader_);
  EXPECT_EQ(theirs.status, 200);
  EXPECT_NE(theirs.body.find("\"id\":\"T-1\""), std::string::npos) << theirs.body;
}

TEST_F(ZonesApiTest, ASecondLineExitLodgesItsDeclarationInTheSameTransaction) {
  ASSERT_EQ(post(kAccount + "/movements",
                 movement("X-0", "first_line_entry", "\"lines\":[" + line("CAR-1", "2", "8703239000") + "]"))
                .status,
            201);
  std::string declaration = testing::valid_body();
  declaration.replace(declaration.find("SZX-2026-000123"), 15, "ZONE-EXIT-1");
  HttpResult exit = post(kAccount + "/movements",
                         movement("X-1", "second_line_exit",
                                  "\"lines\":[" + line("CAR-1", "2", "8703239000") +
                                      "],\"declaration\":" + declaration));
  ASSERT_EQ(exit.status, 201) << exit.body;
  EXPECT_NE(exit.body.find("\"declaration\":{\"id\":\"D"), std::string::npos) << exit.body;
  EXPECT_NE(exit.body.find("\"assessment\":{\"regime\":\"general\""), std::string::npos);
  EXPECT_EQ(balances().find("\"item\":\"CAR-1\",\"hs_code\":\"8703239000\",\"unit\":\"NAR\",\"quantity\":\"2\""),
            std::string::npos);
  // Not enough stock: neither the movement nor its declaration is stored.
  std::string second = testing::valid_body();
  second.replace(second.find("SZX-2026-000123"), 15, "ZONE-EXIT-2");
  HttpResult refused = post(kAccount + "/movements",
                            movement("X-2", "second_line_exit",
                                     "\"lines\":[" + line("CAR-1", "2", "8703239000") +
                                         "],\"declaration\":" + second));
  EXPECT_EQ(refused.status, 422) << refused.body;
  HttpResult lodged_alone =
      client_.request("POST", "/v1/declarations", trader_, second);
  EXPECT_EQ(lodged_alone.status, 201) << "the refused exit left its declaration behind";
  // The declaration must describe the movement's goods.
  std::string third = testing::valid_body();
  third.replace(third.find("SZX-2026-000123"), 15, "ZONE-EXIT-3");
  HttpResult mismatch = post(kAccount + "/movements",
                             movement("X-3", "second_line_exit",
                                      "\"lines\":[" + line("CAR-1", "1", "8703239000") +
                                          "],\"declaration\":" + third));
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_EQ(json_field(mismatch.body, "code"), "movement.declaration_mismatch");
}

TEST_F(ZonesApiTest, AHainanExitWithThirtyPercentValueAddedPaysNoTariff) {
  const std::string hainan = "/v1/zones/HK-ZONE-1/accounts/" + kEnterprise;
  ASSERT_EQ(post(hainan + "/movements",
                 movement("H-0", "first_line_entry", "\"lines\":[" + line("CAR-9", "2", "8703239000") + "]"))
                .status,
            201);
  std::string declaration = testing::valid_body();
  declaration.replace(declaration.find("SZX-2026-000123"), 15, "HAINAN-EXIT-1");
  HttpResult exit = post(hainan + "/movements",
                         movement("H-1", "second_line_exit",
                                  "\"lines\":[" + line("CAR-9", "2", "8703239000") +
                                      "],\"declaration\":" + declaration +
                                      ",\"value_added\":{\"mainland_sale_price\":\"130\","
                                      "\"imported_materials\":\"60\",\"domestic_materials\":\"40\"}"));
  ASSERT_EQ(exit.status, 201) << exit.body;
  EXPECT_NE(exit.body.find("\"regime\":\"hainan_second_line\""), std::string::npos) << exit.body;
  EXPECT_NE(exit.body.find("\"duty\":{\"basis\":\"hainan_value_added\",\"rate\":\"0%\",\"amount\":\"0.00\"}"),
            std::string::npos);
  EXPECT_NE(exit.body.find("\"hainan_value_added\":{\"rate\":\"30.00%\",\"threshold\":\"30%\",\"exempt\":true}"),
            std::string::npos);
}

TEST_F(ZonesApiTest, AccountsAreSeenByTheirEnterpriseTheZonesOfficersAndAuditors) {
  ASSERT_EQ(post(kAccount + "/movements",
                 movement("V-1", "first_line_entry", "\"lines\":[" + line("V-1", "1") + "]"))
                .status,
            201);
  EXPECT_EQ(get(kAccount + "/balances", trader_).status, 200);
  EXPECT_EQ(get(kAccount + "/balances", officer_).status, 200);   // office 5349 supervises QH-ZONE-1
  EXPECT_EQ(get(kAccount + "/balances", auditor_).status, 200);
  EXPECT_EQ(get(kAccount + "/balances", other_trader_).status, 404);
  EXPECT_EQ(get(kAccount + "/balances", other_officer_).status, 404);
  EXPECT_EQ(post(kAccount + "/movements",
                 movement("V-2", "first_line_entry", "\"lines\":[" + line("V-1", "1") + "]"), other_trader_)
                .status,
            404);
  EXPECT_EQ(post(kAccount + "/movements",
                 movement("V-3", "first_line_entry", "\"lines\":[" + line("V-1", "1") + "]"), officer_)
                .status,
            403);
  EXPECT_EQ(get("/v1/zones/NO-SUCH-ZONE/accounts/" + kEnterprise + "/balances").status, 404);
  HttpResult bad = post(kAccount + "/movements", "{\"id\":\"Z\",\"kind\":\"teleport\",\"lines\":[]}");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json_field(bad.body, "code"), "movement.kind");
}

TEST_F(ZonesApiTest, SixtyFourClientsNeverOverspendOneStockLine) {
  constexpr int kClients = 64;
  constexpr int kAttemptsEach = 5;
  constexpr int kStock = 100;  // units; 64 × 5 = 320 one-unit exits are attempted
  ASSERT_EQ(post(kAccount + "/movements",
                 movement("RACE-0", "first_line_entry",
                          "\"lines\":[" + line("RACE-1", std::to_string(kStock)) + "]"))
                .status,
            201);
  std::atomic<int> applied{0}, refused{0}, other{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client(server_->port());
      for (int a = 0; a < kAttemptsEach; ++a) {
        std::string id = "RACE-" + std::to_string(c) + "-" + std::to_string(a);
        HttpResult result = client.request(
            "POST", kAccount + "/movements", trader_,
            movement(id, "re_export", "\"lines\":[" + line("RACE-1", "1") + "]"));
        if (result.status == 201) {
          ++applied;
        } else if (result.status == 422 && json_field(result.body, "code") == "stock.insufficient") {
          ++refused;
        } else {
          ++other;
        }
      }
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(applied.load(), kStock);
  EXPECT_EQ(refused.load(), kClients * kAttemptsEach - kStock);
  EXPECT_EQ(other.load(), 0);
  EXPECT_NE(balances().find("\"item\":\"RACE-1\",\"hs_code\":\"8471300000\",\"unit\":\"NAR\",\"quantity\":\"0\""),
            std::string::npos);
}

}  // namespace
}  // namespace oc
