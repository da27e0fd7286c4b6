// Offshore duty-free over the API (regimes-v1): a shop records sales against the traveller's
// yearly allowance, each item's traceability code is picked up once, and concurrent sales to one
// traveller never overspend the allowance.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "core/clock.h"
#include "server_fixture.h"

namespace oc {
namespace {

using testing::HttpClient;
using testing::HttpResult;
using testing::json_field;

const std::string kShop = "HN-DFS-1";

std::string china_day(int days_after = 0) {
  auto now = std::chrono::system_clock::now() + std::chrono::hours(8) + std::chrono::hours(24 * days_after);
  return format_date(std::chrono::time_point_cast<std::chrono::microseconds>(now));
}

std::string item(const std::string& code, const std::string& category, const std::string& quantity,
                 const std::string& unit, const std::string& price) {
  return "{\"code\":\"" + code + "\",\"category\":\"" + category + "\",\"quantity\":\"" + quantity +
         "\",\"unit\":\"" + unit + "\",\"price\":\"" + price + "\"}";
}

std::string sale(const std::string& id, const std::string& id_number, const std::string& items,
                 const std::string& birth_date = "1990-05-17", int leaving_in_days = 3,
                 const std::string& store = kShop) {
  return "{\"id\":\"" + id + "\",\"store\":\"" + store + "\",\"traveller\":{\"id_number\":\"" +
         id_number + "\",\"birth_date\":\"" + birth_date + "\",\"leaving\":{\"by\":\"air\",\"date\":\"" +
         china_day(leaving_in_days) + "\"}},\"items\":[" + items + "]}";
}

std::string pickup(const std::string& code) {
  return "{\"code\":\"" + code + "\",\"at\":\"2026-11-23T10:00:00Z\"}";
}

class DutyFreeApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing::Server(std::filesystem::temp_directory_path() /
                                  ("oc-dutyfree-api-" + std::to_string(::getpid())));
    shop_ = server_->create_token("trader", kShop);
    other_shop_ = server_->create_token("trader", "HN-DFS-2");
    officer_ = server_->create_token("officer", "", {"6400"});
    auditor_ = server_->create_token("auditor", "");
    admin_ = server_->create_token("admin", "");
    server_->start();
  }
  static void TearDownTestSuite() {
    auto directory = server_->directory();
    delete server_;
    std::filesystem::remove_all(directory);
  }
  HttpResult post(const std::string& target, const std::string& body, const std::string& token) {
    return client_.request("POST", target, token, body);
  }
  HttpResult get(const std::string& target, const std::string& token) {
    return client_.request("GET", target, token, "");
  }
  static std::string year() { return china_day().substr(0, 4); }

  static testing::Server* server_;
  static std::string shop_, other_shop_, officer_, auditor_, admin_;
  HttpClient client_{server_->port()};
};

testing::Server* DutyFreeApiTest::server_ = nullptr;
std::string DutyFreeApiTest::shop_, DutyFreeApiTest::other_shop_, DutyFreeApiTest::officer_,
    DutyFreeApiTest::auditor_, DutyFreeApiTest::admin_;

TEST_F(DutyFreeApiTest, SaleDrawsOnTheAllowanceAndReplaysAnswerTheFirstResult) {
  const std::string traveller = "460100199005170011";
  const std::string body =
      sale("S-1", traveller,
           item("TRACE-0001", "cosmetics", "2", "PCE", "1200.50") + "," +
               item("TRACE-0002", "watches", "1", "PCE", "30000.00"));
  HttpResult sold = post("/v1/dutyfree/sales", body, shop_);
  ASSERT_EQ(sold.status, 201) << sold.body;
  EXPECT_EQ(json_field(sold.body, "total"), "31200.50");
  EXPECT_EQ(json_field(sold.body, "used"), "31200.50");
  EXPECT_EQ(json_field(sold.body, "remaining"), "68799.50");
  EXPECT_EQ(sold.body.find(traveller), std::string::npos);  // the number never comes back
  EXPECT_EQ(json_field(sold.body, "id_number"), "460*************11");

  HttpResult replay = post("/v1/dutyfree/sales", body, shop_);
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.body, sold.body);
  HttpResult changed = post("/v1/dutyfree/sales",
                            sale("S-1", traveller, item("TRACE-0001", "cosmetics", "3", "PCE", "1800.00")),
                            shop_);
  EXPECT_EQ(changed.status, 409);
  EXPECT_EQ(json_field(changed.body, "code"), "sale.exists_with_different_content");

  HttpResult allowance = get("/v1/dutyfree/travellers/" + traveller + "/allowance?year=" + year(), officer_);
  ASSERT_EQ(allowance.status, 200) << allowance.body;
  EXPECT_EQ(allowance.body, "{\"year\":" + year() +
                                ",\"limit\":\"100000.00\",\"used\":\"31200.50\",\"remaining\":\"68799.50\"}");
  // Lower-case letters name the same traveller; last year is untouched.
  HttpResult last_year = get("/v1/dutyfree/travellers/" + traveller + "/allowance?year=" +
                                 std::to_string(std::stoi(year()) - 1),
                             shop_);
  EXPECT_EQ(json_field(last_year.body, "used"), "0.00");
  EXPECT_EQ(get("/v1/dutyfree/travellers/" + traveller + "/allowance?year=20x6", auditor_).status, 400);
  EXPECT_EQ(get("/v1/dutyfree/travellers/" + traveller + "/allowance?month=1", auditor_).status, 400);
}

TEST_F(DutyFreeApiTest, RulesRefuseWithTheirCodesAndWriteNothing) {
  const std::string traveller = "P1234567";
  HttpResult young = post("/v1/dutyfree/sales",
                          sale("S-YOUNG", traveller, item("TRACE-Y1", "toys", "1", "PCE", "100.00"),
                               china_day(-365 * 15).substr(0, 10)),
                          shop_);
  EXPECT_EQ(young.status, 422);
  EXPECT_EQ(json_field(young.body, "code"), "traveller.not_eligible");
  HttpResult not_leaving = post("/v1/dutyfree/sales",
                                sale("S-STAY", traveller, item("TRACE-Y2", "toys", "1", "PCE", "100.00"),
                                     "1990-01-01", 181),
                                shop_);
  EXPECT_EQ(not_leaving.status, 422);
  EXPECT_EQ(json_field(not_leaving.body, "path"), "/traveller/leaving/date");
  HttpResult phones = post("/v1/dutyfree/sales",
                           sale("S-PHONES", traveller,
                                item("TRACE-P1", "mobile_phones", "3", "PCE", "9000.00") + "," +
                                    item("TRACE-P2", "mobile_phones", "2", "PCE", "6000.00")),
                           shop_);
  EXPECT_EQ(phones.status, 422);
  EXPECT_EQ(json_field(phones.body, "code"), "category_limit.exceeded");
  EXPECT_EQ(json_field(phones.body, "path"), "/items/1/quantity");
  HttpResult too_much = post("/v1/dutyfree/sales",
                             sale("S-BIG", traveller, item("TRACE-B1", "jewellery", "1", "PCE", "100000.01")),
                             shop_);
  EXPECT_EQ(too_much.status, 422);
  EXPECT_EQ(json_field(too_much.body, "code"), "allowance.exceeded");
  HttpResult bad = post("/v1/dutyfree/sales", "{\"id\":\"S-BAD\",\"colour\":1}", shop_);
  EXPECT_EQ(bad.status, 400);
  // Nothing of the refused sales was written: no allowance used, their codes are not sold.
  EXPECT_EQ(json_field(get("/v1/dutyfree/travellers/" + traveller + "/allowance", shop_).body, "used"),
            "0.00");
  EXPECT_EQ(post("/v1/dutyfree/pickups", pickup("TRACE-B1"), shop_).status, 404);
  // A shop sells under its own id only; officers do not sell.
  EXPECT_EQ(post("/v1/dutyfree/sales",
                 sale("S-OTHER", traveller, item("TRACE-O1", "toys", "1", "PCE", "10.00")), other_shop_)
                .status,
            403);
  EXPECT_EQ(post("/v1/dutyfree/sales",
                 sale("S-OFF", traveller, item("TRACE-O2", "toys", "1", "PCE", "10.00")), officer_)
                .status,
            403);
}

TEST_F(DutyFreeApiTest, EachCodeIsSoldOnceAndPickedUpOnce) {
  const std::string traveller = "G98765432";
  ASSERT_EQ(post("/v1/dutyfree/sales",
                 sale("S-CODE", traveller, item("TRACE-C1", "bags", "1", "PCE", "5000.00")), shop_)
                .status,
            201);
  HttpResult resold = post("/v1/dutyfree/sales",
                           sale("S-CODE-2", traveller, item("TRACE-C1", "bags", "1", "PCE", "5000.00")),
                           shop_);
  EXPECT_EQ(resold.status, 409);
  EXPECT_EQ(json_field(resold.body, "code"), "code.exists");
  EXPECT_EQ(json_field(get("/v1/dutyfree/travellers/" + traveller + "/allowance", shop_).body, "used"),
            "5000.00");  // the refused second sale drew nothing

  EXPECT_EQ(post("/v1/dutyfree/pickups", pickup("TRACE-C1"), other_shop_).status, 404);
  HttpResult picked = post("/v1/dutyfree/pickups", pickup("TRACE-C1"), shop_);
  ASSERT_EQ(picked.status, 200) << picked.body;
  EXPECT_EQ(json_field(picked.body, "sale"), "S-CODE");
  EXPECT_EQ(json_field(picked.body, "picked_up_at"), "2026-11-23T10:00:00Z");
  HttpResult twice = post("/v1/dutyfree/pickups", pickup("TRACE-C1"), officer_);
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(json_field(twice.body, "code"), "code.already_picked_up");
  EXPECT_NE(json_field(twice.body, "message").find("2026-11-23T10:00:00Z"), std::string::npos);
  EXPECT_EQ(post("/v1/dutyfree/pickups", pickup("TRACE-NONE"), officer_).status, 404);
  HttpResult malformed = post("/v1/dutyfree/pickups", "{\"code\":\"TRACE-C1\",\"at\":\"yesterday\"}", officer_);
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(json_field(malformed.body, "path"), "/at");
}

TEST_F(DutyFreeApiTest, ConcurrentSalesNeverExceedTheAllowance) {
  // 64 shops' tills sell 3,000 CNY each to one traveller at once: exactly 33 fit in 100,000.
  const std::string traveller = "460100198001010022";
  std::atomic<int> created{0}, exceeded{0}, other{0};
  std::vector<std::thread> tills;
  for (int t = 0; t < 64; ++t) {
    tills.emplace_back([&, t] {
      HttpClient client(server_->port());
      const std::string n = std::to_string(t);
      HttpResult result = client.request(
          "POST", "/v1/dutyfree/sales", shop_,
          sale("S-RUSH-" + n, traveller, item("TRACE-R" + n, "jewellery", "1", "PCE", "3000.00")));
      if (result.status == 201) {
        ++created;
      } else if (result.status == 422 && json_field(result.body, "code") == "allowance.exceeded") {
        ++exceeded;
      } else {
        ++other;
      }
    });
  }
  for (auto& till : tills) till.join();
  EXPECT_EQ(created.load(), 33);
  EXPECT_EQ(exceeded.load(), 31);
  EXPECT_EQ(other.load(), 0);
  HttpResult allowance = get("/v1/dutyfree/travellers/" + traveller + "/allowance", shop_);
  EXPECT_EQ(json_field(allowance.body, "used"), "99000.00");
  EXPECT_EQ(json_field(allowance.body, "remaining"), "1000.00");
}

TEST_F(DutyFreeApiTest, PickupsAtOnceHandTheItemOverOnce) {
  ASSERT_EQ(post("/v1/dutyfree/sales",
                 sale("S-DESK", "H55554444", item("TRACE-DESK", "watches", "1", "PCE", "800.00")), shop_)
                .status,
            201);
  std::atomic<int> ok{0}, already{0};
  std::vector<std::thread> desks;
  for (int d = 0; d < 8; ++d) {
    desks.emplace_back([&] {
      HttpClient client(server_->port());
      int status = client.request("POST", "/v1/dutyfree/pickups", officer_, pickup("TRACE-DESK")).status;
      if (status == 200) ++ok;
      if (status == 409) ++already;
    });
  }
  for (auto& desk : desks) desk.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(already.load(), 7);
}

TEST_F(DutyFreeApiTest, IdentityNumbersInPathsReachTheAuditLogMasked) {
  // Denied requests are audited with their path's parameter; an identity number only masked.
  EXPECT_EQ(get("/v1/dutyfree/travellers/G12345678901/allowance", admin_).status, 403);
  EXPECT_EQ(get("/v1/ecommerce/quota/G12345678901", admin_).status, 403);
  HttpResult log = get("/v1/audit?limit=1000", auditor_);
  ASSERT_EQ(log.status, 200) << log.body;
  EXPECT_EQ(log.body.find("G12345678901"), std::string::npos);
  EXPECT_NE(log.body.find("G12*******01"), std::string::npos) << log.body;
}

}  // namespace
}  // namespace oc
