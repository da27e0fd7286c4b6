// UK Global Tariff benchmarks: loading the whole 2021 file (11,830 lines, two duty expressions
// each; the budget is under 200 ms), parsing its expressions alone, and computing duties.
#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "tariff/uk/uk_duty_compute.h"
#include "tariff/uk/uk_duty_expression.h"
#include "tariff/uk/uk_tariff.h"

namespace {

const std::filesystem::path kUkgtFile = std::filesystem::path(OC_SHARED_DATA_DIR) / "tariffs" /
                                        "uk-global-tariff" / "ukgt-2021-observations.csv";

void BM_LoadUkTariff(benchmark::State& state) {
  for (auto _ : state) {
    oc::Result<oc::uk::UkTariff> loaded = oc::uk::load_uk_tariff(kUkgtFile);
    if (!loaded.ok()) {
      state.SkipWithError((loaded.error().code + " " + loaded.error().path).c_str());
      break;
    }
    benchmark::DoNotOptimize(loaded);
  }
}
BENCHMARK(BM_LoadUkTariff)->Unit(benchmark::kMillisecond);

// The normal forms of every expression of the file, to parse or compute in a loop.
const std::vector<oc::uk::Expression>& file_expressions() {
  static const std::vector<oc::uk::Expression> expressions = [] {
    std::vector<oc::uk::Expression> all;
    oc::Result<oc::uk::UkTariff> loaded = oc::uk::load_uk_tariff(kUkgtFile);
    if (!loaded.ok()) return all;
    for (const oc::uk::UkTariffLine& line : loaded->lines()) {
      all.push_back(line.cet_duty);
      all.push_back(line.ukgt_duty);
    }
    return all;
  }();
  return expressions;
}

void BM_ParseExpressions(benchmark::State& state) {
  std::vector<std::string> texts;
  for (const oc::uk::Expression& expression : file_expressions()) {
    texts.push_back(oc::uk::to_string(expression));
  }
  if (texts.empty()) state.SkipWithError("the file did not load");
  std::size_t next = 0;
  for (auto _ : state) {
    auto parsed = oc::uk::parse_uk_duty_expression(texts[next]);
    benchmark::DoNotOptimize(parsed);
    if (++next == texts.size()) next = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseExpressions);

// Every expression of the file in turn (the uncomputable ones answer with their error), on goods
// carrying every measurement.
void BM_ComputeDuty(benchmark::State& state) {
  const std::vector<oc::uk::Expression>& expressions = file_expressions();
  if (expressions.empty()) state.SkipWithError("the file did not load");
  oc::uk::UkGoods goods{.customs_value_gbp = oc::Decimal::from_units(123456, 2)};
  for (std::optional<oc::Decimal>* field :
       {&goods.net_mass_kg, &goods.gross_mass_kg, &goods.net_drained_mass_kg,
        &goods.net_dry_matter_kg, &goods.lactic_matter_kg, &goods.dry_lactic_matter_kg,
        &goods.standard_quality_kg, &goods.total_alcohol_kg, &goods.sucrose_percent,
        &goods.volume_litres, &goods.alcohol_percent_vol, &goods.items, &goods.length_m,
        &goods.area_m2}) {
    *field = oc::Decimal::from_units(12500, 3);
  }
  goods.date = std::chrono::year{2021} / 3 / 1;
  const std::optional<oc::Decimal> gbp_per_eur = oc::Decimal::from_units(8606, 4);
  std::size_t next = 0;
  for (auto _ : state) {
    auto duty = oc::uk::compute_uk_duty(expressions[next], goods, gbp_per_eur);
    benchmark::DoNotOptimize(duty);
    if (++next == expressions.size()) next = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ComputeDuty);

// One compound expression with a compound maximum, the costliest common form.
void BM_ComputeCompoundWithMaximum(benchmark::State& state) {
  auto expression = oc::uk::parse_uk_duty_expression(
      "9.10% + 45.10 EUR / 100 kg MAX 18.90% + 16.50 EUR / 100 kg");
  oc::uk::UkGoods goods{.customs_value_gbp = oc::Decimal::from_units(123456, 2),
                        .net_mass_kg = oc::Decimal::from_units(250500, 3)};
  const std::optional<oc::Decimal> gbp_per_eur = oc::Decimal::from_units(8606, 4);
  for (auto _ : state) {
    auto duty = oc::uk::compute_uk_duty(*expression, goods, gbp_per_eur);
    benchmark::DoNotOptimize(duty);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ComputeCompoundWithMaximum);

}  // namespace

BENCHMARK_MAIN();
