// Departure tax refund (docs/taxrefund.md): the exit-port check must answer "in under a second"
// (issue 7); these show it takes microseconds. Also decoding a form, signing its payload and
// drawing the QR code as SVG and PNG, which happen once per form at the store.
#include <benchmark/benchmark.h>

#include <string>

#include "taxrefund/qr_image.h"
#include "taxrefund/refund_form.h"
#include "taxrefund/refund_signing.h"
#include "taxrefund/refund_verification.h"

namespace {

constexpr std::string_view kBody =
    R"({"id":"F-20261120-0001","store":"Shenzhen Bay Mall, shop 12","date":"2026-11-20",)"
    R"("traveller":{"passport":"E12345678","nationality":"GB","entry_date":"2026-11-15"},)"
    R"("items":[{"description":"Camera","vat_rate":"13%","amount_incl_vat":"8999.00"},)"
    R"({"description":"Silk scarf","vat_rate":"13%","amount_incl_vat":"1280.00"},)"
    R"({"description":"Books","vat_rate":"9%","amount_incl_vat":"356.50"}]})";

struct Fixture {
  oc::TravellerSecret secret = oc::TravellerSecret::from_bytes(std::string(32, 's'));
  oc::RefundSigningKey key = oc::RefundSigningKey::from_seed(std::string(32, 'k'));
  oc::TimePoint now = *oc::parse_timestamp("2026-11-23T02:00:00Z");
  oc::RefundForm form = oc::decode_refund_form(kBody, secret, now).form;
  std::string payload = oc::make_refund_payload(form, key);
  oc::StoredRefundForm stored{form.id, form.date, oc::refund_form_content_hash(form),
                              form.amount.refund, std::nullopt};
  oc::Departure departure{now + std::chrono::hours(3), oc::Decimal::from_units(1500000, 2), now};
};

const Fixture& fixture() {
  static const Fixture value;
  return value;
}

void BM_VerifyPayload(benchmark::State& state) {
  const Fixture& f = fixture();
  for (auto _ : state) {
    auto verified = oc::verify_payload(f.payload, f.key.public_key());
    benchmark::DoNotOptimize(verified);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyPayload);

// The whole domain part of a scan: signature, then the decision over the stored facts.
void BM_VerifyScan(benchmark::State& state) {
  const Fixture& f = fixture();
  for (auto _ : state) {
    auto verified = oc::verify_payload(f.payload, f.key.public_key());
    auto decision = oc::decide_refund_verification(*verified, f.stored, f.departure);
    benchmark::DoNotOptimize(decision);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyScan);

void BM_DecodeForm(benchmark::State& state) {
  const Fixture& f = fixture();
  for (auto _ : state) {
    auto decoded = oc::decode_refund_form(kBody, f.secret, f.now);
    benchmark::DoNotOptimize(decoded);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeForm);

void BM_SignPayload(benchmark::State& state) {
  const Fixture& f = fixture();
  for (auto _ : state) {
    auto payload = oc::make_refund_payload(f.form, f.key);
    benchmark::DoNotOptimize(payload);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SignPayload);

void BM_QrEncode(benchmark::State& state) {
  const Fixture& f = fixture();
  for (auto _ : state) {
    auto code = oc::encode_qr(f.payload);
    benchmark::DoNotOptimize(code);
  }
}
BENCHMARK(BM_QrEncode);

void BM_QrSvg(benchmark::State& state) {
  const Fixture& f = fixture();
  for (auto _ : state) {
    auto code = oc::encode_qr(f.payload);
    auto svg = oc::qr_svg(*code);
    benchmark::DoNotOptimize(svg);
  }
}
BENCHMARK(BM_QrSvg);

void BM_QrPng(benchmark::State& state) {
  const Fixture& f = fixture();
  for (auto _ : state) {
    auto code = oc::encode_qr(f.payload);
    auto png = oc::qr_png(*code, 4);
    benchmark::DoNotOptimize(png);
  }
}
BENCHMARK(BM_QrPng);

}  // namespace

BENCHMARK_MAIN();
