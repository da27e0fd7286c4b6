// Declaration checking speed: the aim is >= 200,000 five-item declarations per second on one
// core (issue: Foundation). Run: build/bench/opencustoms_bench --benchmark_filter=Declaration
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "core/reference_data.h"
#include "declaration/json_codec.h"
#include "declaration/validation.h"

namespace {

const oc::ReferenceData& reference() {
  static const oc::ReferenceData data = [] {
    auto loaded = oc::load_reference(OC_SOURCE_DIR "/data/reference");
    if (!loaded) std::abort();
    return std::move(*loaded);
  }();
  return data;
}

// The demo declaration with five items (line 6 of data/demo/declarations.jsonl).
std::string five_item_body() {
  std::ifstream in(OC_SOURCE_DIR "/data/demo/declarations.jsonl");
  std::string line;
  for (int i = 0; i < 6 && std::getline(in, line); ++i) {
  }
  if (oc::decode_declaration(line).declaration.items.size() != 5) std::abort();
  return line;
}

void BM_DeclarationValidate5Items(benchmark::State& state) {
  oc::Declaration declaration = oc::decode_declaration(five_item_body()).declaration;
  for (auto _ : state) {
    oc::Errors errors = oc::validate_declaration(declaration, reference());
    benchmark::DoNotOptimize(errors);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DeclarationValidate5Items);

void BM_DeclarationDecode5Items(benchmark::State& state) {
  std::string body = five_item_body();
  for (auto _ : state) {
    oc::DecodedDeclaration decoded = oc::decode_declaration(body);
    benchmark::DoNotOptimize(decoded);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(BM_DeclarationDecode5Items);

void BM_DeclarationDecodeAndValidate5Items(benchmark::State& state) {
  std::string body = five_item_body();
  for (auto _ : state) {
    oc::DecodedDeclaration checked = oc::check_declaration(body, reference());
    if (!checked.errors.empty()) state.SkipWithError("the benchmark body must be valid");
    benchmark::DoNotOptimize(checked);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DeclarationDecodeAndValidate5Items);

void BM_DeclarationEncode5Items(benchmark::State& state) {
  oc::Declaration declaration = oc::decode_declaration(five_item_body()).declaration;
  for (auto _ : state) {
    std::string json = oc::encode_declaration(declaration);
    benchmark::DoNotOptimize(json);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DeclarationEncode5Items);

}  // namespace

BENCHMARK_MAIN();
