// Cross-border e-commerce over the API (regimes-v1): orders, payments and waybills arrive in any
// order, are matched field by field, a matched order is declared and taxed at the e-commerce
// rates, the buyer's yearly quota is a ledger that concurrent orders never overspend, and a return
// within 30 days gives the quota back.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "server_fixture.h"

namespace oc {
namespace {

using testing::HttpClient;
using testing::HttpResult;
using testing::json_field;

const std::string kPlatform = "91440300PLATFORM1";
const std::string kBuyer = "11010519491231002X";  // GB 11643 check digit X

std::string order(const std::string& id, const std::string& price = "95.00",
                  const std::string& quantity = "2", const std::string& total = "200.00",
                  const std::string& buyer = kBuyer, const std::string& platform = kPlatform) {
  return "{\"id\":\"" + id + "\",\"platform\":\"" + platform +
         "\",\"procedure\":\"1210\",\"buyer\":{\"id_number\":\"" + buyer +
         "\",\"name\":\"Li Hua\",\"phone\":\"13800138000\"},\"items\":[{\"sku\":\"TS-1\","
         "\"hs_code\":\"6109100000\",\"description\":\"Cotton T-shirt\",\"quantity\":\"" +
         quantity + "\",\"unit\":\"PCE\",\"price\":\"" + price +
         "\",\"origin\":\"VN\"}],\"freight\":\"10.00\",\"total\":\"" + total +
         "\",\"currency\":\"CNY\"}";
}

std::string payment(const std::string& id, const std::string& order_id,
                    const std::string& amount = "200.00", const std::string& payer = kBuyer) {
  return "{\"id\":\"" + id + "\",\"order_id\":\"" + order_id + "\",\"payer_id_number\":\"" + payer +
         "\",\"amount\":\"" + amount + "\",\"paid_at\":\"2026-11-23T08:00:00Z\"}";
}

std::string waybill(const std::string& id, const std::string& order_id,
                    const std::string& phone = "+86 138 0013 8000") {
  return "{\"id\":\"" + id + "\",\"order_id\":\"" + order_id +
         "\",\"logistics_company\":\"SF Express\",\"consignee\":{\"name\":\"Li Hua\",\"phone\":\"" +
         phone + "\"}}";
}

class EcommerceApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing::Server(std::filesystem::temp_directory_path() /
                                  ("oc-ecommerce-api-" + std::to_string(::getpid())));
    platform_ = server_->create_token("trader", kPlatform);
    other_platform_ = server_->create_token("trader", "91440300PLATFORM2");
    payments_ = server_->create_token("trader", "PAYCO-1");
    logistics_ = server_->create_token("trader", "SF-EXPRESS");
    officer_ = server_->create_token("officer", "", {"5349"});
    other_officer_ = server_->create_token("officer", "", {"2248"});
    auditor_ = server_->create_token("auditor", "");
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

  static testing::Server* server_;
  static std::string platform_, other_platform_, payments_, logistics_, officer_, other_officer_,
      auditor_;
  HttpClient client_{server_->port()};
};

testing::Server* EcommerceApiTest::server_ = nullptr;
std::string EcommerceApiTest::platform_, EcommerceApiTest::other_platform_,
    EcommerceApiTest::payments_, EcommerceApiTest::logistics_, EcommerceApiTest::officer_,
    EcommerceApiTest::other_officer_, EcommerceApiTest::auditor_;

TEST_F(EcommerceApiTest, DocumentsInAnyOrderClearTheOrderAtTheEcommerceRates) {
  HttpResult w = post("/v1/ecommerce/waybills", waybill("WB-1", "ORD-1"), logistics_);
  ASSERT_EQ(w.status, 201) << w.body;
  EXPECT_EQ(w.body, "{\"id\":\"WB-1\",\"order_id\":\"ORD-1\",\"order_status\":\"awaiting_documents\"}");
  HttpResult p = post("/v1/ecommerce/payments", payment("PAY-1", "ORD-1"), payments_);
  ASSERT_EQ(p.status, 201) << p.body;
  HttpResult o = post("/v1/ecommerce/orders", order("ORD-1"), platform_);
  ASSERT_EQ(o.status, 201) << o.body;
  EXPECT_EQ(json_field(o.body, "status"), "cleared");
  EXPECT_EQ(o.body.find(kBuyer), std::string::npos);  // the number never comes back
  const std::string declaration_id = json_field(o.body, "declaration_id");
  ASSERT_FALSE(declaration_id.empty());
  // 2 × 95.00 + 10.00 freight = 200.00 CNY; tariff 0; VAT 13% × 70% = 18.20.
  EXPECT_NE(o.body.find("\"tax\":{\"duty\":\"0.00\",\"anti_dumping\":\"0.00\",\"countervailing\":"
                        "\"0.00\",\"consumption_tax\":\"0.00\",\"vat\":\"18.20\",\"total\":\"18.20\"}"),
            std::string::npos)
      << o.body;
  EXPECT_NE(o.body.find("\"quota\":{\"year\":"), std::string::npos);
  // The declaration is the platform's, lodged through the normal spine.
  HttpResult declaration = get("/v1/declarations/" + declaration_id, platform_);
  ASSERT_EQ(declaration.status, 200) << declaration.body;
  EXPECT_EQ(json_field(declaration.body, "procedure"), "1210");
  // Replays answer the first result; other content under the same id is refused.
  HttpResult replay = post("/v1/ecommerce/orders", order("ORD-1"), platform_);
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.body, o.body);
  HttpResult other = post("/v1/ecommerce/orders", order("ORD-1", "96.00", "2", "202.00"), platform_);
  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(json_field(other.body, "code"), "order.exists_with_different_content");
  // The order is closed: a new document for it is refused.
  HttpResult late = post("/v1/ecommerce/payments", payment("PAY-1-LATE", "ORD-1"), payments_);
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(json_field(late.body, "code"), "ecommerce.order_closed");
  EXPECT_EQ(get("/v1/ecommerce/orders/ORD-1", platform_).body, o.body);
}

TEST_F(EcommerceApiTest, MismatchesAreReportedFieldByFieldAndACorrectedDocumentClears) {
  ASSERT_EQ(post("/v1/ecommerce/orders", order("ORD-2"), platform_).status, 201);
  HttpResult awaiting = get("/v1/ecommerce/orders/ORD-2", platform_);
  EXPECT_EQ(json_field(awaiting.body, "status"), "awaiting_documents");
  EXPECT_NE(awaiting.body.find("\"missing\":[\"payment\",\"waybill\"]"), std::string::npos);
  ASSERT_EQ(post("/v1/ecommerce/payments", payment("PAY-2", "ORD-2", "190.00", "E99887766"),
                 payments_)
                .status,
            201);
  HttpResult w = post("/v1/ecommerce/waybills", waybill("WB-2", "ORD-2", "13900139000"), logistics_);
  EXPECT_EQ(json_field(w.body, "order_status"), "mismatch");
  HttpResult view = get("/v1/ecommerce/orders/ORD-2", officer_);
  ASSERT_EQ(view.status, 200);
  EXPECT_NE(view.body.find("\"mismatches\":[{\"path\":\"/payment/amount\",\"expected\":\"200.00\","
                           "\"got\":\"190.00\"},{\"path\":\"/payment/payer_id_number\",\"expected\":"
                           "\"110*************2X\",\"got\":\"E99****66\"},{\"path\":"
                           "\"/waybill/consignee/phone\",\"expected\":\"13800138000\",\"got\":"
                           "\"13900139000\"}]"),
            std::string::npos)
      << view.body;
  EXPECT_EQ(view.body.find("E99887766"), std::string::npos);
  // The payment company and the carrier resend corrected documents under new ids.
  ASSERT_EQ(post("/v1/ecommerce/payments", payment("PAY-2B", "ORD-2"), payments_).status, 201);
  HttpResult fixed = post("/v1/ecommerce/waybills", waybill("WB-2B", "ORD-2"), logistics_);
  EXPECT_EQ(json_field(fixed.body, "order_status"), "cleared") << fixed.body;
}

TEST_F(EcommerceApiTest, OnlyThePlatformAndTheChannelsOfficersSeeAnOrder) {
  ASSERT_EQ(post("/v1/ecommerce/orders", order("ORD-3"), platform_).status, 201);
  EXPECT_EQ(get("/v1/ecommerce/orders/ORD-3", platform_).status, 200);
  EXPECT_EQ(get("/v1/ecommerce/orders/ORD-3", officer_).status, 200);
  EXPECT_EQ(get("/v1/ecommerce/orders/ORD-3", auditor_).status, 200);
  EXPECT_EQ(get("/v1/ecommerce/orders/ORD-3", other_platform_).status, 404);
  EXPECT_EQ(get("/v1/ecommerce/orders/ORD-3", payments_).status, 404);
  EXPECT_EQ(get("/v1/ecommerce/orders/ORD-3", other_officer_).status, 404);
  EXPECT_EQ(get("/v1/ecommerce/orders/NO-SUCH", auditor_).status, 404);
  // A platform sends its own orders only; officers send no documents.
  EXPECT_EQ(post("/v1/ecommerce/orders", order("ORD-X"), other_platform_).status, 403);
  EXPECT_EQ(post("/v1/ecommerce/payments", payment("PAY-X", "ORD-3"), officer_).status, 403);
}

TEST_F(EcommerceApiTest, BadDocumentsAreRefusedWithEveryError) {
  HttpResult bad = post("/v1/ecommerce/orders",
                        "{\"id\":\"bad id\",\"platform\":\"" + kPlatform +
                            "\",\"procedure\":\"0110\",\"colour\":\"red\"}",
                        platform_);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("\"path\":\"/id\""), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find("\"path\":\"/procedure\""), std::string::npos);
  EXPECT_NE(bad.body.find("\"code\":\"field.unknown\",\"path\":\"/colour\""), std::string::npos);
  HttpResult digit = post("/v1/ecommerce/orders", order("ORD-CD", "95.00", "2", "200.00",
                                                        "110105194912310021"),
                          platform_);
  EXPECT_EQ(digit.status, 400);
  EXPECT_EQ(json_field(digit.body, "code"), "ecommerce.id_number_check_digit");
  EXPECT_EQ(digit.body.find("110105194912310021"), std::string::npos);
  EXPECT_EQ(post("/v1/ecommerce/waybills", "[1,2]", logistics_).status, 400);
}

TEST_F(EcommerceApiTest, TransactionLimitRefusesTheOrder) {
  const std::string buyer = "B7654321";
  ASSERT_EQ(post("/v1/ecommerce/payments", payment("PAY-TL", "ORD-TL", "5010.00", buyer), payments_).status,
            201);
  ASSERT_EQ(post("/v1/ecommerce/waybills", waybill("WB-TL", "ORD-TL"), logistics_).status, 201);
  HttpResult refused = post("/v1/ecommerce/orders", order("ORD-TL", "2500.00", "2", "5010.00", buyer),
                            platform_);
  ASSERT_EQ(refused.status, 201) << refused.body;
  EXPECT_EQ(json_field(refused.body, "status"), "refused");
  EXPECT_NE(refused.body.find("\"code\":\"ecommerce.transaction_limit_exceeded\""), std::string::npos)
      << refused.body;
  HttpResult quota = get("/v1/ecommerce/quota/" + buyer, officer_);
  EXPECT_EQ(json_field(quota.body, "used"), "0.00");
}

TEST_F(EcommerceApiTest, AReturnWithinThirtyDaysGivesTheQuotaBack) {
  const std::string buyer = "C1122334";
  ASSERT_EQ(post("/v1/ecommerce/payments", payment("PAY-R", "ORD-R", "1010.00", buyer), payments_).status,
            201);
  ASSERT_EQ(post("/v1/ecommerce/waybills", waybill("WB-R", "ORD-R"), logistics_).status, 201);
  HttpResult cleared = post("/v1/ecommerce/orders", order("ORD-R", "500.00", "2", "1010.00", buyer),
                            platform_);
  ASSERT_EQ(json_field(cleared.body, "status"), "cleared") << cleared.body;
  EXPECT_EQ(json_field(get("/v1/ecommerce/quota/" + buyer, platform_).body, "used"), "1010.00");
  const std::string now = json_field(cleared.body, "cleared_at");
  const std::string body = "{\"id\":\"RET-1\",\"at\":\"" + now + "\",\"reason\":\"wrong size\"}";
  EXPECT_EQ(post("/v1/ecommerce/orders/ORD-R/returns", body, other_platform_).status, 404);
  HttpResult returned = post("/v1/ecommerce/orders/ORD-R/returns", body, platform_);
  ASSERT_EQ(returned.status, 201) << returned.body;
  EXPECT_EQ(json_field(returned.body, "status"), "returned");
  HttpResult quota = get("/v1/ecommerce/quota/" + buyer, auditor_);
  EXPECT_EQ(json_field(quota.body, "used"), "0.00");
  EXPECT_EQ(json_field(quota.body, "remaining"), "26000.00");
  EXPECT_EQ(post("/v1/ecommerce/orders/ORD-R/returns", body, platform_).status, 200);
  HttpResult again = post("/v1/ecommerce/orders/ORD-R/returns",
                          "{\"id\":\"RET-2\",\"at\":\"" + now + "\"}", platform_);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(json_field(again.body, "code"), "ecommerce.order_returned");
  EXPECT_EQ(json_field(get("/v1/ecommerce/quota/" + buyer, auditor_).body, "used"), "0.00");
  // Not cleared: nothing to return. Too late: refused.
  ASSERT_EQ(post("/v1/ecommerce/orders", order("ORD-R2", "95.00", "2", "200.00", buyer), platform_).status,
            201);
  EXPECT_EQ(post("/v1/ecommerce/orders/ORD-R2/returns", body, platform_).status, 409);
  ASSERT_EQ(post("/v1/ecommerce/payments", payment("PAY-R3", "ORD-R3", "200.00", buyer), payments_).status,
            201);
  ASSERT_EQ(post("/v1/ecommerce/waybills", waybill("WB-R3", "ORD-R3"), logistics_).status, 201);
  ASSERT_EQ(post("/v1/ecommerce/orders", order("ORD-R3", "95.00", "2", "200.00", buyer), platform_).status,
            201);
  HttpResult late = post("/v1/ecommerce/orders/ORD-R3/returns",
                         "{\"id\":\"RET-3\",\"at\":\"2020-01-01T00:00:00Z\"}", platform_);
  EXPECT_EQ(late.status, 422);
  EXPECT_EQ(json_field(late.body, "code"), "ecommerce.return_window_closed");
}

TEST_F(EcommerceApiTest, ConcurrentOrdersOfOneBuyerNeverOverspendTheQuota) {
  // 64 orders of 1,000.00 CNY each (2 × 495.00 + 10.00) for one buyer: exactly 26 fit in 26,000.
  const std::string buyer = "D9988776";
  for (int i = 0; i < 64; ++i) {
    const std::string n = std::to_string(i);
    ASSERT_EQ(post("/v1/ecommerce/payments", payment("PAY-Q" + n, "ORD-Q" + n, "1000.00", buyer), payments_)
                  .status,
              201);
    ASSERT_EQ(post("/v1/ecommerce/waybills", waybill("WB-Q" + n, "ORD-Q" + n), logistics_).status, 201);
  }
  std::atomic<int> cleared{0}, refused{0}, other{0};
  std::vector<std::thread> platforms;
  for (int i = 0; i < 64; ++i) {
    platforms.emplace_back([&, i] {
      HttpClient client(server_->port());
      HttpResult result = client.request("POST", "/v1/ecommerce/orders", platform_,
                                         order("ORD-Q" + std::to_string(i), "495.00", "2",
                                               "1000.00", buyer));
      const std::string status = json_field(result.body, "status");
      if (result.status == 201 && status == "cleared") {
        ++cleared;
      } else if (result.status == 201 && status == "refused" &&
                 result.body.find("ecommerce.annual_limit_exceeded") != std::string::npos) {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  for (auto& thread : platforms) thread.join();
  EXPECT_EQ(cleared.load(), 26);
  EXPECT_EQ(refused.load(), 38);
  EXPECT_EQ(other.load(), 0);
  HttpResult quota = get("/v1/ecommerce/quota/" + buyer, officer_);
  EXPECT_EQ(json_field(quota.body, "used"), "26000.00");
  EXPECT_EQ(json_field(quota.body, "remaining"), "0.00");
}

TEST_F(EcommerceApiTest, ALineWithoutAnyOriginIsRefusedNotGuessed) {
  // The contract's shape: no origin on the line, none on the waybill, and this server assumes none.
  std::string no_origin = order("ORD-NO-ORIGIN");
  no_origin.replace(no_origin.find(",\"origin\":\"VN\""), 14, "");
  ASSERT_EQ(post("/v1/ecommerce/payments", payment("PAY-NO", "ORD-NO-ORIGIN"), payments_).status, 201);
  ASSERT_EQ(post("/v1/ecommerce/waybills", waybill("WB-NO", "ORD-NO-ORIGIN"), logistics_).status, 201);
  HttpResult refused = post("/v1/ecommerce/orders", no_origin, platform_);
  ASSERT_EQ(refused.status, 201) << refused.body;
  EXPECT_EQ(json_field(refused.body, "status"), "refused");
  EXPECT_NE(refused.body.find("\"code\":\"ecommerce.origin_missing\",\"path\":\"/order/items/0/origin\""),
            std::string::npos)
      << refused.body;
}

TEST(EcommerceDefaultOrigin, AServerAssumingAnOriginClearsTheContractsShape) {
  testing::Server server(std::filesystem::temp_directory_path() /
                             ("oc-ecommerce-origin-" + std::to_string(::getpid())),
                         {"--ecommerce-default-origin", "JP"});
  const std::string platform = server.create_token("trader", kPlatform);
  const std::string company = server.create_token("trader", "COMPANY");
  server.start();
  HttpClient client(server.port());
  std::string no_origin = order("ORD-JP");
  no_origin.replace(no_origin.find(",\"origin\":\"VN\""), 14, "");
  ASSERT_EQ(client.request("POST", "/v1/ecommerce/payments", company, payment("PAY-JP", "ORD-JP")).status,
            201);
  ASSERT_EQ(client.request("POST", "/v1/ecommerce/waybills", company, waybill("WB-JP", "ORD-JP")).status,
            201);
  HttpResult cleared = client.request("POST", "/v1/ecommerce/orders", platform, no_origin);
  ASSERT_EQ(cleared.status, 201) << cleared.body;
  EXPECT_EQ(json_field(cleared.body, "status"), "cleared") << cleared.body;
  HttpResult declaration =
      client.request("GET", "/v1/declarations/" + json_field(cleared.body, "declaration_id"), platform);
  EXPECT_NE(declaration.body.find("\"origin\":\"JP\""), std::string::npos) << declaration.body;
  auto directory = server.directory();
  server.stop();
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace oc
