// Tariff engine speed (issue: tariff and tax engine). The aim: >= 1,000,000 item assessments per
// second on one core. Run: build/bench/tariff_bench
//   BM_AssessItems/N     — assess_declaration on a declaration of N items drawn from the demo
//                          declarations (mixed ad valorem, specific, compound duties, consumption
//                          tax, preferences); items/s is the figure to compare with the aim.
//   BM_AssessmentJson    — writing the explained answer (not part of the aim).
//   BM_LoadDemoTariff    — loading data/tariff.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "declaration/json_codec.h"
#include "tariff/assessment.h"

namespace {

const oc::Tariff& tariff() {
  static const oc::Tariff loaded = [] {
    auto result = oc::load_tariff(OC_SOURCE_DIR "/data/tariff");
    if (!result) std::abort();
    return std::move(*result);
  }();
  return loaded;
}

// Every import item of the demo declarations, in EUR terms of one FOB declaration with freight.
oc::Declaration declaration_of(std::size_t item_count) {
  std::ifstream in(OC_SOURCE_DIR "/data/demo/declarations.jsonl");
  std::string line;
  oc::Declaration first;
  std::vector<oc::Item> items;
  while (std::getline(in, line)) {
    auto decoded = oc::decode_declaration(line);
    if (!decoded.errors.empty()) std::abort();
    if (decoded.declaration.type != oc::DeclarationType::import) continue;
    if (first.items.empty()) first = decoded.declaration;
    for (const auto& item : decoded.declaration.items) items.push_back(item);
  }
  oc::Declaration d = first;
  d.items.clear();
  for (std::size_t i = 0; i < item_count; ++i) d.items.push_back(items[i % items.size()]);
  // A certificate for every preference the items claim, so preferences are weighed too.
  for (const auto& item : d.items) {
    if (item.preference == "MFN") continue;
    d.documents.push_back({oc::DocumentType::certificate_of_origin, "CO-" + item.preference,
                           item.preference});
  }
  return d;
}

oc::AssessmentContext november() {
  oc::AssessmentContext context;
  context.day = *oc::parse_iso_day("2026-11-23");
  return context;
}

void BM_AssessItems(benchmark::State& state) {
  const oc::Declaration d = declaration_of(static_cast<std::size_t>(state.range(0)));
  const oc::AssessmentContext context = november();
  {
    auto outcome = oc::assess_declaration(d, tariff(), context);
    if (!outcome.ok()) {
      state.SkipWithError((outcome.errors.front().code + " " + outcome.errors.front().path).c_str());
      return;
    }
  }
  for (auto _ : state) {
    auto outcome = oc::assess_declaration(d, tariff(), context);
    benchmark::DoNotOptimize(outcome);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AssessItems)->Arg(1)->Arg(5)->Arg(50);

void BM_AssessmentJson(benchmark::State& state) {
  const oc::Declaration d = declaration_of(5);
  auto outcome = oc::assess_declaration(d, tariff(), november());
  for (auto _ : state) {
    std::string json = oc::assessment_json(outcome.assessment);
    benchmark::DoNotOptimize(json);
  }
  state.SetItemsProcessed(state.iterations() * 5);
}
BENCHMARK(BM_AssessmentJson);

void BM_LoadDemoTariff(benchmark::State& state) {
  for (auto _ : state) {
    auto loaded = oc::load_tariff(OC_SOURCE_DIR "/data/tariff");
    benchmark::DoNotOptimize(loaded);
  }
}
BENCHMARK(BM_LoadDemoTariff)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
