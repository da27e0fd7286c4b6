// E-seal events through the transit monitor. The aim (issue 6) is >= 100,000 events per second;
// `aim_ratio` is the measured rate / 100,000 (one core).
// Run: build/bench/transit_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// Workload (fixed seed): 1,000 transits, each on a 20-point corridor (~47 km, 2.45 km segments,
// 500 m wide), each with 200 events: `sealed`, then positions every 30 s along the route with up
// to ~50 m of jitter, 2% of them ~900 m off the corridor, one battery_low, the last position at
// the destination (arrival). Events of different transits interleave as they would arrive from
// 1,000 seals at once; 200,000 events per batch. Registering the transits is not timed.
//   BM_Apply/in_order       decoded events, each transit's in time order (the O(1) fold path)
//   BM_Apply/late_10pct     10% of events arrive late (1 to 20 events behind): insert + re-fold
//   BM_DecodeAndApply       JSON bodies -> decode_seal_event -> apply (decoding included)
//   BM_Replay               every event again: each answers `exists`
//   BM_Tick                 one tick over the 1,000 transits (after the batch)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "transit/transit_monitor.h"

namespace {

constexpr int kTransits = 1'000;
constexpr int kEventsPerTransit = 200;
constexpr int kCorridorPoints = 20;
constexpr double kAimPerSecond = 100'000;

oc::TimePoint start_time() {
  return *oc::parse_timestamp("2026-11-23T08:00:00Z");
}

oc::Transit make_transit(int index) {
  oc::Transit t;
  t.id = "TR-" + std::to_string(index);
  t.from = "CNSZX";
  t.to = "QH-ZONE-1";
  t.seal = "ES-" + std::to_string(index);
  t.deadline = start_time() + std::chrono::hours(24);
  for (int i = 0; i < kCorridorPoints; ++i) {
    t.corridor.points.push_back(oc::GeoPoint{22.48 + 0.02 * i, 113.88 + 0.01 * i});
  }
  t.corridor.width_m = oc::Decimal::from_int(500);
  t.goods.push_back(oc::GoodsLine{"SKU-1", "8471300000", "NAR", oc::Decimal::from_int(100)});
  t.destination_account = oc::DestinationAccount{"QH-ZONE-1", "ENT-" + std::to_string(index)};
  return t;
}

oc::Decimal degrees(double value) {
  return oc::Decimal::from_units(static_cast<std::int64_t>(std::llround(value * 1e6)), 6);
}

struct Arrival {
  int transit;
  oc::SealEvent event;
  std::string json;
};

// Every transit's journey, interleaved round-robin across transits.
std::vector<Arrival> make_arrivals(std::mt19937& random) {
  std::uniform_real_distribution<double> jitter(-0.0005, 0.0005);
  std::uniform_int_distribution<int> percent(0, 99);
  std::vector<std::vector<oc::SealEvent>> journeys(kTransits);
  for (int t = 0; t < kTransits; ++t) {
    auto& events = journeys[t];
    for (int i = 0; i < kEventsPerTransit; ++i) {
      oc::SealEvent e;
      e.id = "EV-" + std::to_string(i);
      e.at = start_time() + std::chrono::seconds(30 * i + t % 30);
      if (i == 0) {
        e.type = oc::SealEventType::sealed;
      } else if (i == kEventsPerTransit / 2) {
        e.type = oc::SealEventType::battery_low;
      } else {
        e.type = oc::SealEventType::position;
        double progress = static_cast<double>(i) / (kEventsPerTransit - 1) * (kCorridorPoints - 1);
        double lat = 22.48 + 0.02 * progress, lon = 113.88 + 0.01 * progress;
        if (i < kEventsPerTransit - 1) {
          lat += jitter(random);
          lon += jitter(random);
          if (percent(random) < 2) lon += 0.01;  // ~900 m east of the route
        }
        e.lat = degrees(lat);
        e.lon = degrees(lon);
      }
      events.push_back(e);
    }
  }
  std::vector<Arrival> arrivals;
  arrivals.reserve(static_cast<std::size_t>(kTransits) * kEventsPerTransit);
  for (int i = 0; i < kEventsPerTransit; ++i) {
    for (int t = 0; t < kTransits; ++t) {
      arrivals.push_back(Arrival{t, journeys[t][i], oc::encode_seal_event(journeys[t][i])});
    }
  }
  return arrivals;
}

// 10% of each transit's events move 1 to 20 of its events later in the arrival order.
std::vector<Arrival> make_late(std::vector<Arrival> arrivals, std::mt19937& random) {
  std::uniform_int_distribution<int> percent(0, 99);
  std::uniform_int_distribution<int> delay(1, 20);
  std::vector<double> key(arrivals.size());
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    key[i] = static_cast<double>(i);
    if (percent(random) < 10) key[i] += (delay(random) + 0.5) * kTransits;
  }
  std::vector<std::size_t> order(arrivals.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
  std::vector<Arrival> late;
  late.reserve(arrivals.size());
  for (std::size_t i : order) late.push_back(std::move(arrivals[i]));
  return late;
}

struct Workload {
  std::vector<oc::Transit> transits;
  std::vector<std::string> ids;
  std::vector<Arrival> in_order;
  std::vector<Arrival> late;
};

const Workload& workload() {
  static const Workload w = [] {
    Workload w;
    std::mt19937 random(2026);
    for (int t = 0; t < kTransits; ++t) {
      w.transits.push_back(make_transit(t));
      w.ids.push_back(w.transits.back().id);
    }
    w.in_order = make_arrivals(random);
    w.late = make_late(w.in_order, random);
    return w;
  }();
  return w;
}

std::unique_ptr<oc::TransitMonitor> registered_monitor() {
  auto monitor = std::make_unique<oc::TransitMonitor>();
  for (const oc::Transit& t : workload().transits) {
    if (!monitor->add(t, oc::TransitContext{"5301", start_time()}).ok()) std::abort();
  }
  return monitor;
}

void report(benchmark::State& state, std::size_t events) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(events));
  state.counters["aim_ratio"] = benchmark::Counter(static_cast<double>(events) / kAimPerSecond,
                                                   benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Apply(benchmark::State& state) {
  const Workload& w = workload();
  const std::vector<Arrival>& arrivals = state.range(0) == 0 ? w.in_order : w.late;
  state.SetLabel(state.range(0) == 0 ? "in_order" : "late_10pct");
  for (auto _ : state) {
    state.PauseTiming();
    auto monitor = registered_monitor();
    state.ResumeTiming();
    for (const Arrival& a : arrivals) {
      auto applied = monitor->apply(w.ids[a.transit], a.event);
      benchmark::DoNotOptimize(applied);
    }
    state.PauseTiming();
    monitor.reset();
    state.ResumeTiming();
  }
  report(state, arrivals.size());
}
BENCHMARK(BM_Apply)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_DecodeAndApply(benchmark::State& state) {
  const Workload& w = workload();
  for (auto _ : state) {
    state.PauseTiming();
    auto monitor = registered_monitor();
    state.ResumeTiming();
    for (const Arrival& a : w.in_order) {
      oc::DecodedSealEvent decoded = oc::decode_seal_event(a.json);
      if (!decoded.errors.empty()) std::abort();
      auto applied = monitor->apply(w.ids[a.transit], decoded.event);
      benchmark::DoNotOptimize(applied);
    }
    state.PauseTiming();
    monitor.reset();
    state.ResumeTiming();
  }
  report(state, w.in_order.size());
}
BENCHMARK(BM_DecodeAndApply)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Replay(benchmark::State& state) {
  const Workload& w = workload();
  auto monitor = registered_monitor();
  for (const Arrival& a : w.in_order) (void)monitor->apply(w.ids[a.transit], a.event);
  for (auto _ : state) {
    for (const Arrival& a : w.in_order) {
      auto applied = monitor->apply(w.ids[a.transit], a.event);
      if (!applied || applied->kind != oc::ApplyOutcome::Kind::exists) std::abort();
    }
  }
  report(state, w.in_order.size());
}
BENCHMARK(BM_Replay)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Tick(benchmark::State& state) {
  const Workload& w = workload();
  auto monitor = registered_monitor();
  for (const Arrival& a : w.in_order) (void)monitor->apply(w.ids[a.transit], a.event);
  oc::TimePoint now = start_time() + std::chrono::minutes(95);  // arrived, still settling
  for (auto _ : state) {
    oc::TickReport report = monitor->tick(now);
    benchmark::DoNotOptimize(report);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * kTransits);
}
BENCHMARK(BM_Tick)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
