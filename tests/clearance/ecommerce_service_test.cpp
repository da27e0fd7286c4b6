// EcommerceService below the API: a clearance interrupted between its two transactions (the
// documents matched and marked, the declaration not yet written) is completed by recover(), once.
#include "clearance/ecommerce_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "../declaration/test_support.h"
#include "core/sha256.h"
#include "store/sqlite_store.h"

namespace oc {
namespace {

using namespace std::chrono;

const std::string kOrder =
    R"({"id":"ORD-9","platform":"PLATFORM-1","procedure":"9610","buyer":{"id_number":"E12345678",)"
    R"("name":"Wang Fang","phone":"13800138000"},"items":[{"sku":"TS-1","hs_code":"6109100000",)"
    R"("description":"Cotton T-shirt","quantity":"3","unit":"PCE","price":"100.00","origin":"VN"}],)"
    R"("freight":"0.00","total":"300.00","currency":"CNY"})";
const std::string kPayment =
    R"({"id":"PAY-9","order_id":"ORD-9","payer_id_number":"E12345678","amount":"300.00",)"
    R"("paid_at":"2026-11-23T08:00:00Z"})";
const std::string kWaybill =
    R"({"id":"WB-9","order_id":"ORD-9","logistics_company":"EMS","consignee":{"name":"Wang Fang",)"
    R"("phone":"13800138000"}})";

class EcommerceServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("oc-ecommerce-service-" + std::to_string(::getpid()));
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    auto store = open_sqlite_store(directory_ / "test.db");
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
    lodging_ = std::make_unique<LodgingService>(testing::demo_reference(), testing::demo_tariff(),
                                                *risk_, *store_, clock_);
    service_ = std::make_unique<EcommerceService>(hasher_, *lodging_, *store_, clock_);
  }
  void TearDown() override {
    service_.reset();
    lodging_.reset();
    store_.reset();
    std::filesystem::remove_all(directory_);
  }

  IdentityHasher hasher_ = [](std::string_view id) {
    return identity_key("test", id, std::string(32, 'k'));
  };
  std::filesystem::path directory_;
  ManualClock clock_{time_point_cast<microseconds>(sys_days{2026y / 11 / 23}) + hours{10}};
  std::unique_ptr<Store> store_;
  std::unique_ptr<RiskService> risk_ = testing::demo_risk();
  std::unique_ptr<LodgingService> lodging_;
  std::unique_ptr<EcommerceService> service_;
};

TEST_F(EcommerceServiceTest, RecoverCompletesAnInterruptedClearanceOnce) {
  EcommerceCaller carrier{"CARRIER", {}, false};
  ASSERT_EQ(service_->receive_payment(kPayment, carrier, std::nullopt)->kind,
            RegimeAnswer::Kind::created);
  ASSERT_EQ(service_->receive_waybill(kWaybill, carrier, std::nullopt)->kind,
            RegimeAnswer::Kind::created);
  // What the order's first transaction leaves when the process stops right after it.
  DecodedEcommerceOrder decoded = decode_ecommerce_order(kOrder, hasher_);
  ASSERT_TRUE(decoded.errors.empty());
  const TimePoint now = clock_.now();
  ASSERT_TRUE(store_
                  ->transact([&](RegimeTransaction& tx) -> VoidResult {
                    RegimeRecord order;
                    order.kind = std::string(ecommerce_order_kind);
                    order.id = "ORD-9";
                    order.owner = "PLATFORM-1";
                    order.subject = decoded.order.buyer.identity.key;
                    order.body_json = canonical_json(decoded.order);
                    order.body_sha256 = sha256_hex(order.body_json);
                    order.state_json =
                        R"({"id":"ORD-9","platform":"PLATFORM-1","status":"matched","buyer":)"
                        R"({"id_number":"E12****78"},"missing":[],"mismatches":[]})";
                    order.created_at = order.updated_at = now;
                    OC_TRY(tx.put(order));
                    RegimeRecord marker;
                    marker.kind = std::string(ecommerce_clearing_kind);
                    marker.id = "ORD-9";
                    marker.body_json = "ORD-9";
                    marker.body_sha256 = sha256_hex(marker.body_json);
                    marker.created_at = marker.updated_at = now;
                    return tx.put(marker);
                  })
                  .ok());

  auto recovered = service_->recover();
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  EXPECT_EQ(*recovered, 1u);
  auto view = service_->order_view("ORD-9", EcommerceCaller{"PLATFORM-1", {}, false});
  ASSERT_TRUE(view.ok());
  EXPECT_NE(view->find("\"status\":\"cleared\""), std::string::npos) << *view;
  // 300.00 × 13% × 70% = 27.30
  EXPECT_NE(view->find("\"vat\":\"27.30\""), std::string::npos) << *view;
  EXPECT_EQ(*store_->allowance_used(ecommerce_quota_ledger, decoded.order.buyer.identity.key, 2026),
            30000);
  EXPECT_TRUE(store_->records_of_kind(ecommerce_clearing_kind, 10)->empty());
  // Nothing left to do: a second start clears nothing and draws nothing more.
  EXPECT_EQ(*service_->recover(), 0u);
  EXPECT_EQ(*store_->allowance_used(ecommerce_quota_ledger, decoded.order.buyer.identity.key, 2026),
            30000);
  // The quota read through the service names the same buyer.
  EXPECT_NE(service_->quota("e12345678", 2026)->find("\"used\":\"300.00\""), std::string::npos);
}

}  // namespace
}  // namespace oc
