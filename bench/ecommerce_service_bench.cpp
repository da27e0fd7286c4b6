// Cross-border e-commerce end to end below HTTP: each iteration sends one order's payment, waybill
// and order through EcommerceService into a durable SQLite store (synchronous=FULL) — three
// documents stored and matched, the declaration built, validated, assessed and given a lane,
// the quota drawn and the declaration lodged. items_per_second counts cleared orders.
//   BM_ClearOrders/threads:N  N client threads, each order with its own buyer
// (The domain alone — decode, match, declaration body — is ecommerce_bench.)
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>

#include "clearance/ecommerce_service.h"
#include "core/csv.h"
#include "core/reference_data.h"
#include "store/sqlite_store.h"
#include "tariff/tariff.h"

namespace oc {
namespace {

struct Platform {
  ReferenceData reference;
  Tariff tariff;
  std::unique_ptr<RiskService> risk;
  std::unique_ptr<Store> store;
  ManualClock clock{TimePoint(std::chrono::sys_days{std::chrono::year{2026} / 11 / 23}) +
                    std::chrono::hours(2)};
  std::unique_ptr<LodgingService> lodging;
  std::unique_ptr<EcommerceService> service;
  std::filesystem::path directory;

  Platform() {
    auto loaded_reference = load_reference(OC_SOURCE_DIR "/data/reference");
    auto loaded_tariff = load_tariff(OC_SOURCE_DIR "/data/tariff");
    if (!loaded_reference || !loaded_tariff) std::abort();
    reference = std::move(*loaded_reference);
    tariff = std::move(*loaded_tariff);
    auto policy_text = read_file(OC_SOURCE_DIR "/tests/data/risk/lane_policy_no_random.csv");
    auto rules_text = read_file(OC_SOURCE_DIR "/data/risk/rules.txt");
    if (!policy_text || !rules_text) std::abort();
    auto policies = LanePolicies::parse(*policy_text, "policy");
    if (!policies) std::abort();
    risk = std::make_unique<RiskService>(std::move(*policies), CreditRegister{}, 1);
    if (!risk->reload_rules(*rules_text, "rules.txt").empty()) std::abort();
    directory = std::filesystem::temp_directory_path() /
                ("oc-ecommerce-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(directory);
    std::filesystem::create_directories(directory);
    auto opened = open_sqlite_store(directory / "bench.db");
    if (!opened) std::abort();
    store = std::move(*opened);
    lodging = std::make_unique<LodgingService>(reference, tariff, *risk, *store, clock);
    service = std::make_unique<EcommerceService>(
        [](std::string_view id) { return identity_key("bench", id, std::string(32, 'k')); },
        *lodging, *store, clock);
  }
  ~Platform() {
    service.reset();
    lodging.reset();
    store.reset();
    std::filesystem::remove_all(directory);
  }
};

std::atomic<std::int64_t> next_order{0};

void BM_ClearOrders(benchmark::State& state) {
  static std::unique_ptr<Platform> platform;
  static std::mutex setup;
  if (state.thread_index() == 0) {
    std::lock_guard lock(setup);
    platform = std::make_unique<Platform>();
  }
  // Google Benchmark starts every thread's loop together after thread 0's setup.
  std::int64_t cleared = 0;
  const EcommerceCaller company{"COMPANY-1", {}, false};
  const EcommerceCaller seller{"PLATFORM-1", {}, false};
  for (auto _ : state) {
    const std::string n = std::to_string(next_order.fetch_add(1));
    const std::string id = "ORD-" + n;
    const std::string buyer = "P" + std::string(8 - std::min<std::size_t>(8, n.size()), '0') + n;
    const std::string payment = R"({"id":"PAY-)" + n + R"(","order_id":")" + id +
                                R"(","payer_id_number":")" + buyer +
                                R"(","amount":"300.00","paid_at":"2026-11-23T01:00:00Z"})";
    const std::string waybill = R"({"id":"WB-)" + n + R"(","order_id":")" + id +
                                R"(","logistics_company":"EMS","consignee":{"name":"Wang Fang",)"
                                R"("phone":"13800138000"}})";
    const std::string order =
        R"({"id":")" + id + R"(","platform":"PLATFORM-1","procedure":"1210","buyer":{"id_number":")" +
        buyer +
        R"(","name":"Wang Fang","phone":"13800138000"},"items":[{"sku":"TS-1","hs_code":"6109100000",)"
        R"("description":"Cotton T-shirt","quantity":"3","unit":"PCE","price":"100.00","origin":"VN"}],)"
        R"("freight":"0.00","total":"300.00","currency":"CNY"})";
    auto a = platform->service->receive_payment(payment, company, std::nullopt);
    auto b = platform->service->receive_waybill(waybill, company, std::nullopt);
    auto c = platform->service->receive_order(order, seller, std::nullopt);
    if (!a || !b || !c || c->json.find("\"status\":\"cleared\"") == std::string::npos) {
      state.SkipWithError("an order did not clear");
      break;
    }
    ++cleared;
  }
  state.SetItemsProcessed(cleared);
}
BENCHMARK(BM_ClearOrders)->Threads(1)->Threads(16)->Threads(64)->UseRealTime();

}  // namespace
}  // namespace oc

BENCHMARK_MAIN();
