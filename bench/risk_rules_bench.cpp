// Targeting-rule matching: 1,000 generated rules over generated declarations. The aim (issue 5)
// is >= 1,000,000 declarations per second per core; `aim_ratio` is the measured rate / 1,000,000.
// Run: build/bench/risk_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// Rule mix (fixed seed): 45% HS prefix (4 or 6 digits, half with a price test), 20% origin, 20%
// party (importer / declarant / exporter), 8% office or procedure, 5% grade, 2% unindexed (numbers
// only). Declarations: 1 to 5 items (3 on average) over 97 chapters, 40 origins, 5,000 parties,
// 50 offices; 90% of declarants regular.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "risk/rule_engine.h"

namespace {

constexpr int kRules = 1'000;
constexpr int kDeclarations = 4'096;
constexpr int kOrigins = 40;
constexpr int kParties = 5'000;
constexpr int kOffices = 50;

std::string origin_code(int i) {
  return std::string(1, static_cast<char>('A' + i / 26)) + static_cast<char>('A' + i % 26);
}
std::string party_code(int i) {
  return "91" + std::to_string(310000000 + i);
}
std::string office_code(int i) {
  return std::to_string(2200 + i);
}

struct Fixture {
  std::shared_ptr<const oc::CompiledRules> rules;
  std::vector<oc::Declaration> declarations;
  std::vector<oc::CreditGrade> grades;
  oc::ReferencePrices prices;
  oc::RuleDate date = oc::parse_rule_date("2026-03-01").value();
};

std::string digits(std::mt19937& random, int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += static_cast<char>('0' + random() % 10);
  return text;
}
std::string chapter(std::mt19937& random) {
  int c = 1 + static_cast<int>(random() % 97);
  return (c < 10 ? "0" : "") + std::to_string(c);
}

std::string generate_rules(std::mt19937& random) {
  std::string text = "list BAD = [untrustworthy, seriously_untrustworthy]\n";
  for (int i = 0; i < kRules; ++i) {
    int kind = static_cast<int>(random() % 100);
    std::string condition;
    if (kind < 45) {
      std::string prefix = chapter(random) + digits(random, random() % 2 ? 2 : 4);
      condition = "hs starts \"" + prefix + "\"";
      if (random() % 2) condition += " and unit_value < 0.6 * reference(hs6, origin)";
    } else if (kind < 65) {
      condition = "origin = \"" + origin_code(static_cast<int>(random() % kOrigins)) +
                  "\" and value_per_kg < " + std::to_string(1 + random() % 5);
    } else if (kind < 85) {
      static const char* kPartyFields[] = {"importer", "declarant", "exporter"};
      condition = std::string(kPartyFields[random() % 3]) + " in [\"" +
                  party_code(static_cast<int>(random() % kParties)) + "\", \"" +
                  party_code(static_cast<int>(random() % kParties)) + "\"]";
    } else if (kind < 93) {
      condition = random() % 2
                      ? "office = \"" + office_code(static_cast<int>(random() % kOffices)) +
                            "\" and total_value > 50000"
                      : "procedure = \"" + std::to_string(4000 + random() % 100) + "\"";
    } else if (kind < 98) {
      condition = "grade in BAD and item_count > 3";
    } else {
      condition = "value_per_kg < 0.05 and net_mass_kg > 20000";
    }
    static const char* kActions[] = {"red 100%", "50% red, 50% yellow", "score +0.3", "yellow 20%"};
    text += "rule R-" + std::to_string(i) + " \"generated\" when " + condition + " then " +
            kActions[random() % 4] + " valid 2026-01-01.. owner \"bench\" because \"bench\"\n";
  }
  return text;
}

const Fixture& fixture() {
  static const Fixture built = [] {
    Fixture f;
    std::mt19937 random(20261123);
    oc::RuleBuild build = oc::build_rules(generate_rules(random), "bench");
    if (!build.errors.empty()) {
      std::fprintf(stderr, "%s %s\n", build.errors[0].path.c_str(),
                   build.errors[0].message.c_str());
      std::abort();
    }
    f.rules = build.rules;
    std::vector<oc::ReferencePrices::BandEntry> bands;
    for (int d = 0; d < kDeclarations; ++d) {
      oc::Declaration declaration;
      declaration.procedure = std::to_string(4000 + random() % 100);
      declaration.declarant = party_code(static_cast<int>(random() % kParties));
      declaration.importer.id = party_code(static_cast<int>(random() % kParties));
      declaration.exporter.id = party_code(static_cast<int>(random() % kParties));
      declaration.office = office_code(static_cast<int>(random() % kOffices));
      declaration.port = "CNSHA";
      declaration.trading_country = origin_code(static_cast<int>(random() % kOrigins));
      declaration.currency = "USD";
      int items = 1 + static_cast<int>(random() % 5);
      for (int i = 0; i < items; ++i) {
        oc::Item item;
        item.hs_code = chapter(random) + digits(random, 8);
        item.origin = origin_code(static_cast<int>(random() % kOrigins));
        item.quantity = oc::Decimal::from_int(1 + random() % 100);
        item.unit = "PCE";
        item.net_mass_kg = oc::Decimal::from_int(1 + random() % 5000);
        item.gross_mass_kg = oc::Decimal::from_int(5001 + random() % 100);
        item.invoice_amount = oc::Decimal::from_units(100 + random() % 10'000'000, 2);
        if (random() % 2) {
          bands.push_back({item.hs_code.substr(0, 6), item.origin,
                           oc::PriceBand{oc::Decimal::from_int(50), oc::Decimal::from_int(100),
                                         oc::Decimal::from_int(150), 5}});
        }
        declaration.items.push_back(std::move(item));
      }
      f.declarations.push_back(std::move(declaration));
      f.grades.push_back(random() % 10 == 0 ? oc::CreditGrade::untrustworthy
                                            : oc::CreditGrade::regular);
    }
    f.prices = oc::ReferencePrices::from_bands(bands);
    // The benchmark is only meaningful if the indexes lose nothing.
    for (std::size_t i = 0; i < f.declarations.size(); ++i) {
      oc::RuleInput input{f.declarations[i], f.date, f.grades[i], f.prices};
      if (f.rules->match(input) != f.rules->match_naive(input)) std::abort();
    }
    return f;
  }();
  return built;
}

void report(benchmark::State& state, std::size_t fired) {
  state.SetItemsProcessed(state.iterations());
  state.counters["aim_ratio"] = benchmark::Counter(static_cast<double>(state.iterations()) / 1e6,
                                                   benchmark::Counter::kIsRate);
  state.counters["fired_per_declaration"] =
      static_cast<double>(fired) / static_cast<double>(state.iterations());
}

void BM_RuleMatch1000Rules(benchmark::State& state) {
  const Fixture& f = fixture();
  std::size_t next = 0;
  std::size_t fired = 0;
  for (auto _ : state) {
    oc::RuleInput input{f.declarations[next], f.date, f.grades[next], f.prices};
    std::vector<oc::FiredRule> result = f.rules->match(input);
    fired += result.size();
    benchmark::DoNotOptimize(result);
    next = (next + 1) % f.declarations.size();
  }
  report(state, fired);
}
BENCHMARK(BM_RuleMatch1000Rules);

// The same without the indexes: what the indexes save.
void BM_RuleMatchNaive1000Rules(benchmark::State& state) {
  const Fixture& f = fixture();
  std::size_t next = 0;
  std::size_t fired = 0;
  for (auto _ : state) {
    oc::RuleInput input{f.declarations[next], f.date, f.grades[next], f.prices};
    std::vector<oc::FiredRule> result = f.rules->match_naive(input);
    fired += result.size();
    benchmark::DoNotOptimize(result);
    next = (next + 1) % f.declarations.size();
  }
  report(state, fired);
}
BENCHMARK(BM_RuleMatchNaive1000Rules);

// Parse + check + compile of the 1,000-rule file (what a hot reload costs).
void BM_RuleBuild1000Rules(benchmark::State& state) {
  std::mt19937 random(20261123);
  std::string text = generate_rules(random);
  for (auto _ : state) {
    oc::RuleBuild build = oc::build_rules(text, "bench");
    benchmark::DoNotOptimize(build);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_RuleBuild1000Rules)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
