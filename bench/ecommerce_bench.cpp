// Cross-border e-commerce (docs/ecommerce.md): the domain work per order — decode the order, the
// payment and the waybill (identity numbers hashed with keyed BLAKE2b, as the server does), match
// them and build the declaration body for the lodging spine. Aim (issue 7): ≥ 20,000 matched
// orders per second on the 2-vCPU machine, single-threaded.
#include <benchmark/benchmark.h>

#include <string>

#include "core/identity_key.h"
#include "ecommerce/declaration.h"
#include "ecommerce/matching.h"

namespace {

constexpr std::string_view kOrder =
    R"({"id":"ORD-20261123-000001","platform":"P1","procedure":"1210",)"
    R"("buyer":{"id_number":"440308199003071235","name":"Li Lei","phone":"13800138000"},)"
    R"("items":[{"sku":"SKU-1","hs_code":"3304990000","description":"Face cream 50 ml",)"
    R"("quantity":"2","unit":"PCE","price":"150.00","origin":"JP"},)"
    R"({"sku":"SKU-2","hs_code":"3304100000","description":"Lipstick","quantity":"1",)"
    R"("unit":"PCE","price":"99.90","origin":"JP"},)"
    R"({"sku":"SKU-3","hs_code":"3303000000","description":"Eau de toilette 30 ml","quantity":"1",)"
    R"("unit":"PCE","price":"420.00","origin":"FR"}],)"
    R"("freight":"20.00","total":"839.90","currency":"CNY"})";
constexpr std::string_view kPayment =
    R"({"id":"PAY-20261123-000001","order_id":"ORD-20261123-000001",)"
    R"("payer_id_number":"440308199003071235","amount":"839.90",)"
    R"("paid_at":"2026-11-23T10:15:00+08:00","payment_company":"Alipay"})";
constexpr std::string_view kWaybill =
    R"({"id":"WB-20261123-000001","order_id":"ORD-20261123-000001","logistics_company":"SF Express",)"
    R"("consignee":{"name":"Li Lei","phone":"+86 138-0013-8000"},)"
    R"("items":[{"sku":"SKU-1","quantity":"2"},{"sku":"SKU-2","quantity":"1"},)"
    R"({"sku":"SKU-3","quantity":"1"}],"departure_country":"JP"})";

const std::string kSecret(32, 's');

std::string hash(std::string_view identity) {
  return oc::identity_key("ecommerce-buyer-v1", identity, kSecret);
}

// One order's whole domain path: three decodes, the match, the declaration body.
void BM_MatchedOrder(benchmark::State& state) {
  const oc::IdentityHasher hasher = hash;
  const oc::EcommerceChannel channel;
  std::int64_t matched = 0;
  for (auto _ : state) {
    auto order = oc::decode_ecommerce_order(kOrder, hasher);
    auto payment = oc::decode_ecommerce_payment(kPayment, hasher);
    auto waybill = oc::decode_ecommerce_waybill(kWaybill);
    auto match = oc::match_order(&order.order, &payment.payment, &waybill.waybill);
    if (match.status == oc::EcommerceMatchStatus::matched) {
      auto body =
          oc::build_ecommerce_declaration(order.order, payment.payment, waybill.waybill, channel);
      benchmark::DoNotOptimize(body);
      ++matched;
    }
  }
  if (matched != static_cast<std::int64_t>(state.iterations())) state.SkipWithError("not matched");
  state.SetItemsProcessed(matched);
  state.SetLabel("matched orders per second");
}
BENCHMARK(BM_MatchedOrder);

// The parts, to see where the time goes.
void BM_DecodeOrder(benchmark::State& state) {
  const oc::IdentityHasher hasher = hash;
  for (auto _ : state) benchmark::DoNotOptimize(oc::decode_ecommerce_order(kOrder, hasher));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeOrder);

void BM_IdentityKey(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(hash("440308199003071235"));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_IdentityKey);

void BM_MatchAndDeclare(benchmark::State& state) {
  const oc::IdentityHasher hasher = hash;
  auto order = oc::decode_ecommerce_order(kOrder, hasher).order;
  auto payment = oc::decode_ecommerce_payment(kPayment, hasher).payment;
  auto waybill = oc::decode_ecommerce_waybill(kWaybill).waybill;
  for (auto _ : state) {
    auto match = oc::match_order(&order, &payment, &waybill);
    benchmark::DoNotOptimize(match);
    benchmark::DoNotOptimize(oc::build_ecommerce_declaration(order, payment, waybill));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MatchAndDeclare);

}  // namespace

BENCHMARK_MAIN();
