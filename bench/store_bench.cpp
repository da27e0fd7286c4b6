// Durable lodging into the SQLite store: realistic 5-item declarations (body ~1.6 KB, answer
// ~1 KB, 3 events) into a file in a temp dir, synchronous=FULL.
//   BM_LodgeGroupCommit/threads:N  N client threads calling lodge() on one store (group commit)
//   BM_LodgeWithKeyAndAudit/threads:N  the same, each lodging carrying an Idempotency-Key and an
//                                  audit entry, as the HTTP API lodges
//   BM_LodgeOnePerCommit           one thread, group commit off: one transaction per declaration
//   BM_LodgeBatch/1000             bulk import: lodge_batch() of 1000 per transaction
// Each run starts from an empty file. items_per_second counts declarations made durable.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/sha256.h"
#include "store/sqlite_store.h"

namespace oc {
namespace {

namespace fs = std::filesystem;

const TimePoint kLodgedAt =
    TimePoint(std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 23});

// The contract's example (shared/api/declaration-v1.md) grown to 5 items; the lrn goes between
// the two halves.
constexpr std::string_view kBodyBeforeLrn = R"({"lrn":")";
constexpr std::string_view kBodyAfterLrn =
    R"(","type":"import","procedure":"0110","declarant":"91440300MA5FQH001Y",)"
    R"("importer":{"id":"91440300MA5FQH001Y","name":"Qianhai Trading Co."},)"
    R"("exporter":{"id":"DE123456789","name":"Muster GmbH","country":"DE"},)"
    R"("office":"5301","port":"CNSZX","transport_mode":"sea","trading_country":"DE",)"
    R"("departure_country":"DE","incoterm":"FOB","currency":"EUR","freight":"1200.00",)"
    R"("insurance":"35.50","documents":[{"type":"invoice","id":"INV-2026-77"},)"
    R"({"type":"certificate_of_origin","id":"RCEP-DE-0001","agreement":"RCEP"}],"items":[)"
    R"({"hs_code":"8703239000","description":"Passenger car, 1.5-2.0 L petrol engine",)"
    R"("origin":"DE","quantity":"2","unit":"NAR","net_mass_kg":"2800.000",)"
    R"("gross_mass_kg":"3000.000","invoice_amount":"64000.00","preference":"RCEP"},)"
    R"({"hs_code":"8708295000","description":"Car body parts, doors, steel",)"
    R"("origin":"DE","quantity":"40","unit":"PCE","net_mass_kg":"820.000",)"
    R"("gross_mass_kg":"900.000","invoice_amount":"9600.00","preference":"MFN"},)"
    R"({"hs_code":"4011100000","description":"New pneumatic radial tyres for cars",)"
    R"("origin":"DE","quantity":"120","unit":"PCE","net_mass_kg":"1140.000",)"
    R"("gross_mass_kg":"1200.000","invoice_amount":"10800.00","preference":"RCEP"},)"
    R"({"hs_code":"8507600090","description":"Lithium-ion accumulators, vehicle",)"
    R"("origin":"DE","quantity":"10","unit":"PCE","net_mass_kg":"450.000",)"
    R"("gross_mass_kg":"480.000","invoice_amount":"21500.00","preference":"MFN"},)"
    R"({"hs_code":"8512201000","description":"Lighting equipment for motor vehicles",)"
    R"("origin":"DE","quantity":"200","unit":"PCE","net_mass_kg":"160.000",)"
    R"("gross_mass_kg":"175.000","invoice_amount":"7400.00","preference":"MFN"}]})";

// The answer around the id, with a 5-item assessment (~1 KB).
constexpr std::string_view kAnswerBeforeId = R"({"id":")";
constexpr std::string_view kAnswerAfterId =
    R"(","status":"lane_assigned","lane":"green","assessment":{"currency":"CNY","items":[)"
    R"({"seq":1,"customs_value":"512345.67","duty":{"basis":"conventional:RCEP","rate":"12.5%",)"
    R"("amount":"64043.21"},"vat":{"rate":"13%","amount":"78598.57"}},)"
    R"({"seq":2,"customs_value":"76880.10","duty":{"basis":"mfn","rate":"6%","amount":"4612.81"},)"
    R"("vat":{"rate":"13%","amount":"10593.08"}},)"
    R"({"seq":3,"customs_value":"86490.11","duty":{"basis":"conventional:RCEP","rate":"8%",)"
    R"("amount":"6919.21"},"vat":{"rate":"13%","amount":"12143.21"}},)"
    R"({"seq":4,"customs_value":"172175.04","duty":{"basis":"mfn","rate":"6%",)"
    R"("amount":"10330.50"},"vat":{"rate":"13%","amount":"23725.72"}},)"
    R"({"seq":5,"customs_value":"59262.03","duty":{"basis":"mfn","rate":"10%",)"
    R"("amount":"5926.20"},"vat":{"rate":"13%","amount":"8474.47"}}],)"
    R"("totals":{"duty":"91831.93","consumption_tax":"0.00","vat":"133535.05",)"
    R"("total":"225366.98"}},"risk":{"score":"0.0412","rules":[],"reasons":[]}})";

std::atomic<std::int64_t> g_lrn_counter{0};

NewLodging make_lodging(Store& store) {
  const std::string lrn = "SZX-2026-" + std::to_string(++g_lrn_counter);
  NewLodging lodging;
  DeclarationRecord& record = lodging.record;
  record.id = store.allocate_declaration_id(kLodgedAt);
  record.declarant = "91440300MA5FQH001Y";
  record.lrn = lrn;
  record.body_json.reserve(kBodyBeforeLrn.size() + lrn.size() + kBodyAfterLrn.size());
  record.body_json.append(kBodyBeforeLrn).append(lrn).append(kBodyAfterLrn);
  record.body_sha256 = sha256_hex(record.body_json);
  record.answer_json.append(kAnswerBeforeId).append(record.id).append(kAnswerAfterId);
  record.office = "5301";
  record.importer_id = "91440300MA5FQH001Y";
  record.exporter_id = "DE123456789";
  record.status = Status::lane_assigned;
  record.lane = Lane::green;
  record.lodged_at = kLodgedAt;
  record.event_count = 3;
  const auto event = [&](std::int64_t sequence, EventType type, Role role, std::string payload) {
    Event made;
    made.sequence = sequence;
    made.declaration_id = record.id;
    made.type = type;
    made.actor = Actor{role, role == Role::system ? "system" : "91440300MA5FQH001Y"};
    made.at = kLodgedAt;
    made.payload_json = std::move(payload);
    return made;
  };
  lodging.events.push_back(event(1, EventType::lodged, Role::trader, "{}"));
  lodging.events.push_back(event(2, EventType::accepted, Role::system, "{}"));
  lodging.events.push_back(event(3, EventType::lane_assigned, Role::system, R"({"lane":"green"})"));
  return lodging;
}

// A store on a fresh file in its own temp dir; the dir goes with it.
struct BenchStore {
  explicit BenchStore(const SqliteOptions& options) {
    std::string pattern = (fs::temp_directory_path() / "oc_store_bench_XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) {
      dir = pattern;
      auto opened = open_sqlite_store(dir / "store.db", options);
      if (opened.ok()) {
        store = std::move(opened).value();
      } else {
        error = opened.error().code + ": " + opened.error().message;
      }
    } else {
      error = "mkdtemp failed";
    }
  }
  ~BenchStore() {
    store.reset();
    std::error_code ignored;
    if (!dir.empty()) fs::remove_all(dir, ignored);
  }

  fs::path dir;
  std::unique_ptr<Store> store;
  std::string error;
};

// Shared by the threads of one run: thread 0 creates it before the loop and destroys it after;
// the loop's start and end are barriers for all threads.
std::unique_ptr<BenchStore> g_bench_store;

// What the API adds to a lodging: a random-looking Idempotency-Key (a UUID) and the audit entry.
void add_key_and_audit(NewLodging& lodging) {
  const std::string key = sha256_hex(lodging.record.lrn);
  lodging.idempotency =
      IdempotencyKey{"party:91440300MA5FQH001Y",
                     key.substr(0, 8) + "-" + key.substr(8, 4) + "-" + key.substr(12, 4) + "-" +
                         key.substr(16, 4) + "-" + key.substr(20, 12),
                     sha256_hex(lodging.record.body_json), ""};
  AuditEntry audit;
  audit.at = lodging.record.lodged_at;
  audit.actor = "tok_3f2a9c1d";
  audit.role = "trader";
  audit.action = "lodge_declaration";
  audit.status = 201;
  audit.detail_json = R"({"method":"POST","remote":"10.0.0.17"})";
  lodging.audit = std::move(audit);
}

void lodge_loop(benchmark::State& state, const SqliteOptions& options, bool key_and_audit) {
  if (state.thread_index() == 0) g_bench_store = std::make_unique<BenchStore>(options);
  for (auto _ : state) {
    if (!g_bench_store->store) {
      state.SkipWithError(g_bench_store->error.c_str());
      break;
    }
    NewLodging lodging = make_lodging(*g_bench_store->store);
    if (key_and_audit) add_key_and_audit(lodging);
    auto result = g_bench_store->store->lodge(std::move(lodging));
    if (!result.ok()) {
      state.SkipWithError(result.error().message.c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) g_bench_store.reset();
}

void BM_LodgeGroupCommit(benchmark::State& state) {
  lodge_loop(state, SqliteOptions{}, false);
}
BENCHMARK(BM_LodgeGroupCommit)
    ->Threads(1)
    ->Threads(8)
    ->Threads(32)
    ->Threads(64)
    ->UseRealTime()
    ->MinTime(3.0);

void BM_LodgeWithKeyAndAudit(benchmark::State& state) {
  lodge_loop(state, SqliteOptions{}, true);
}
BENCHMARK(BM_LodgeWithKeyAndAudit)
    ->Threads(1)
    ->Threads(8)
    ->Threads(32)
    ->Threads(64)
    ->UseRealTime()
    ->MinTime(3.0);

void BM_LodgeOnePerCommit(benchmark::State& state) {
  SqliteOptions options;
  options.group_commit = false;
  lodge_loop(state, options, false);
}
BENCHMARK(BM_LodgeOnePerCommit)->UseRealTime()->MinTime(3.0);

void BM_LodgeBatch(benchmark::State& state) {
  const auto batch_size = static_cast<std::size_t>(state.range(0));
  BenchStore bench(SqliteOptions{});
  if (!bench.store) {
    state.SkipWithError(bench.error.c_str());
    return;
  }
  for (auto _ : state) {
    std::vector<NewLodging> batch;
    batch.reserve(batch_size);
    for (std::size_t i = 0; i < batch_size; ++i) batch.push_back(make_lodging(*bench.store));
    for (const auto& result : bench.store->lodge_batch(std::move(batch))) {
      if (!result.ok()) {
        state.SkipWithError(result.error().message.c_str());
        return;
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_LodgeBatch)->Arg(1000)->UseRealTime()->MinTime(3.0);

}  // namespace
}  // namespace oc

BENCHMARK_MAIN();
