// Departure tax refunds over the API (regimes-v1): a store issues a form with a signed QR code,
// an officer verifies it at the exit port once — never twice, even when kiosks scan at once — and
// an altered payload is refused.
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

const std::string kStore = "SH-DEPT-STORE-01";

// Today in China Standard Time, and `days` before it.
std::string china_day(int days_before = 0) {
  auto now = std::chrono::system_clock::now() + std::chrono::hours(8) - std::chrono::hours(24 * days_before);
  return format_date(std::chrono::time_point_cast<std::chrono::microseconds>(now));
}

std::string form(const std::string& id, const std::string& amount) {
  return "{\"id\":\"" + id + "\",\"store\":\"" + kStore + "\",\"date\":\"" + china_day() +
         "\",\"traveller\":{\"passport\":\"E12345678\",\"nationality\":\"DE\",\"entry_date\":\"" +
         china_day(10) + "\"},\"items\":[{\"description\":\"Silk scarf\",\"vat_rate\":\"13%\","
         "\"amount_incl_vat\":\"" + amount + "\"}]}";
}

std::string verification(const std::string& payload) {
  return "{\"qr_payload\":\"" + payload + "\",\"port\":\"CNPVG\",\"departing_at\":\"" +
         format_timestamp(std::chrono::time_point_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now() + std::chrono::hours(3))) +
         "\"}";
}

class TaxRefundApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing::Server(std::filesystem::temp_directory_path() /
                                  ("oc-taxrefund-api-" + std::to_string(::getpid())));
    store_ = server_->create_token("trader", kStore);
    other_store_ = server_->create_token("trader", "OTHER-STORE");
    officer_ = server_->create_token("officer", "", {"2233"});
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

  static testing::Server* server_;
  static std::string store_, other_store_, officer_;
  HttpClient client_{server_->port()};
};

testing::Server* TaxRefundApiTest::server_ = nullptr;
std::string TaxRefundApiTest::store_, TaxRefundApiTest::other_store_, TaxRefundApiTest::officer_;

TEST_F(TaxRefundApiTest, IssueVerifyOnceAndRefuseAlterations) {
  const std::string body = form("F-1", "1000.00");
  HttpResult issued = post("/v1/taxrefund/forms", body, store_);
  ASSERT_EQ(issued.status, 201) << issued.body;
  // 1000.00 × 11% − 2% fee = 90.00
  EXPECT_EQ(json_field(issued.body, "refund_amount"), "90.00");
  EXPECT_EQ(json_field(issued.body, "qr_png"), "/v1/taxrefund/forms/F-1/qr.png");
  const std::string payload = json_field(issued.body, "qr_payload");
  ASSERT_TRUE(payload.starts_with("OCTR1.F-1.")) << payload;
  EXPECT_EQ(issued.body.find("E12345678"), std::string::npos);  // the passport never comes back
  EXPECT_EQ(post("/v1/taxrefund/forms", body, store_).body, issued.body);
  EXPECT_EQ(post("/v1/taxrefund/forms", form("F-1", "2000.00"), store_).status, 409);

  HttpResult png = client_.request("GET", "/v1/taxrefund/forms/F-1/qr.png", store_);
  EXPECT_EQ(png.status, 200);
  EXPECT_EQ(png.header("content-type"), "image/png");
  EXPECT_EQ(png.body.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  HttpResult svg = client_.request("GET", "/v1/taxrefund/forms/F-1/qr.svg", officer_);
  EXPECT_EQ(svg.header("content-type"), "image/svg+xml");
  EXPECT_NE(svg.body.find("<svg"), std::string::npos);
  EXPECT_EQ(client_.request("GET", "/v1/taxrefund/forms/F-1/qr.png", other_store_).status, 404);

  std::string altered = payload;
  altered[11] = altered[11] == 'A' ? 'B' : 'A';
  HttpResult refused = post("/v1/taxrefund/verifications", verification(altered), officer_);
  EXPECT_EQ(refused.status, 422) << refused.body;

  HttpResult verified = post("/v1/taxrefund/verifications", verification(payload), officer_);
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(json_field(verified.body, "form_id"), "F-1");
  EXPECT_EQ(json_field(verified.body, "refund_amount"), "90.00");
  EXPECT_EQ(json_field(verified.body, "cash_max"), "90.00");
  HttpResult again = post("/v1/taxrefund/verifications", verification(payload), officer_);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(json_field(again.body, "code"), "form.already_verified");
}

TEST_F(TaxRefundApiTest, RulesAreRefusedWithTheirCodes) {
  HttpResult small = post("/v1/taxrefund/forms", form("F-SMALL", "199.99"), store_);
  EXPECT_EQ(small.status, 422);
  EXPECT_EQ(json_field(small.body, "code"), "form.below_minimum");
  HttpResult foreign = post("/v1/taxrefund/forms", form("F-FOREIGN", "500.00"), other_store_);
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(post("/v1/taxrefund/verifications", verification("OCTR1.x"), store_).status, 403);
}

TEST_F(TaxRefundApiTest, KiosksScanningAtOnceVerifyTheFormOnce) {
  HttpResult issued = post("/v1/taxrefund/forms", form("F-RACE", "3000.00"), store_);
  ASSERT_EQ(issued.status, 201);
  const std::string body = verification(json_field(issued.body, "qr_payload"));
  std::atomic<int> ok{0}, already{0}, other{0};
  std::vector<std::thread> kiosks;
  for (int k = 0; k < 8; ++k) {
    kiosks.emplace_back([&] {
      HttpClient client(server_->port());
      HttpResult result = client.request("POST", "/v1/taxrefund/verifications", officer_, body);
      if (result.status == 200) {
        ++ok;
      } else if (result.status == 409) {
        ++already;
      } else {
        ++other;
      }
    });
  }
  for (auto& kiosk : kiosks) kiosk.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(already.load(), 7);
  EXPECT_EQ(other.load(), 0);
}

}  // namespace
}  // namespace oc
