// Reference data benchmarks: loading the full shared reference directory (the budget is
// under a second), parsing the UN/LOCODE file alone (116k rows, 8.6 MB), and the lookups a
// declaration check makes.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "core/csv.h"
#include "core/reference_data.h"

namespace {

const std::filesystem::path kSharedReference =
    std::filesystem::path(OC_SHARED_DATA_DIR) / "reference";
const std::filesystem::path kUnlocodeFile =
    kSharedReference / "un-locode/unlocode-geoapify-all.csv";

void BM_LoadSharedReference(benchmark::State& state) {
  for (auto _ : state) {
    oc::Result<oc::ReferenceData> loaded = oc::load_reference(kSharedReference);
    if (!loaded.ok()) {
      state.SkipWithError((loaded.error().code + " " + loaded.error().path).c_str());
      break;
    }
    benchmark::DoNotOptimize(loaded);
  }
}
BENCHMARK(BM_LoadSharedReference)->Unit(benchmark::kMillisecond);

// Reads every record; returns the record count, or 0 on the first error.
std::size_t parse_unlocode(const std::string& content) {
  oc::Result<oc::CsvReader> reader =
      oc::CsvReader::open(content, "unlocode.csv", {.optional_last_column = "geocoded"});
  if (!reader.ok()) return 0;
  std::size_t records = 0;
  for (;;) {
    oc::Result<bool> more = reader->next();
    if (!more.ok()) return 0;
    if (!*more) return records;
    benchmark::DoNotOptimize(reader->record().fields.data());
    ++records;
  }
}

void BM_ParseUnlocodeCsv(benchmark::State& state) {
  oc::Result<std::string> content = oc::read_file(kUnlocodeFile);
  if (!content.ok()) {
    state.SkipWithError(content.error().code.c_str());
    return;
  }
  std::size_t records = 0;
  for (auto _ : state) records = parse_unlocode(*content);
  if (records == 0) state.SkipWithError("the UN/LOCODE file did not parse");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * content->size()));
  state.counters["records"] = static_cast<double>(records);
}
BENCHMARK(BM_ParseUnlocodeCsv)->Unit(benchmark::kMillisecond);

void BM_ReadAndParseUnlocodeCsv(benchmark::State& state) {
  for (auto _ : state) {
    oc::Result<std::string> content = oc::read_file(kUnlocodeFile);
    if (!content.ok() || parse_unlocode(*content) == 0) {
      state.SkipWithError("the UN/LOCODE file did not read or parse");
      break;
    }
  }
}
BENCHMARK(BM_ReadAndParseUnlocodeCsv)->Unit(benchmark::kMillisecond);

void BM_Lookups(benchmark::State& state) {
  oc::Result<oc::ReferenceData> loaded = oc::load_reference(kSharedReference);
  if (!loaded.ok()) {
    state.SkipWithError(loaded.error().code.c_str());
    return;
  }
  const oc::ReferenceData& data = *loaded;
  for (auto _ : state) {
    benchmark::DoNotOptimize(data.has_hs_subheading("870323"));
    benchmark::DoNotOptimize(data.has_country("DE"));
    benchmark::DoNotOptimize(data.has_currency("EUR"));
    benchmark::DoNotOptimize(data.has_locode("DEHAM"));
    benchmark::DoNotOptimize(data.cny_per_unit("EUR", 2025, 3));
  }
}
BENCHMARK(BM_Lookups);

}  // namespace

BENCHMARK_MAIN();
