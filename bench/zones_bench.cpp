// Durable goods-account movements into the SQLite store (issue: bonded zones; aim ≥ 50,000/s with
// batching). Each run starts from an empty file in a temp dir, synchronous=FULL.
//   BM_MovementBatch/N          apply_movements() of N movements per transaction (batch work, CLI)
//   BM_MovementGroupCommit/threads:T  T client threads each applying one movement at a time (the
//                               API path); the store's group commit batches them
// A movement: a two-line first-line entry, or a one-line transfer between two accounts of the
// same zone (so balances are read, checked and updated on both sides). items_per_second counts
// durable movements.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "core/sha256.h"
#include "store/sqlite_store.h"

namespace oc {
namespace {

namespace fs = std::filesystem;

// Even n: an entry of two items into account E(n mod 64); odd n: a transfer of one unit of the
// item entry n−1 brought in, from that account to the next one.
LedgerWrite make_write(std::int64_t n) {
  const std::int64_t home = n % 2 == 0 ? n : n - 1;
  const AccountRef account{"QH-ZONE-1", "E" + std::to_string(home % 64)};
  Movement movement;
  movement.id = "M" + std::to_string(n);
  auto line = [](const std::string& item, std::int64_t quantity) {
    MovementLine l;
    l.item = item;
    l.hs_code = "84713000";
    l.unit = "NAR";
    l.quantity_micro = quantity;
    return l;
  };
  if (n % 2 == 0) {
    movement.kind = MovementKind::first_line_entry;
    movement.lines = {line("SKU-" + std::to_string(n % 16), 10'000'000),
                      line("SKU-" + std::to_string((n + 1) % 16), 5'000'000)};
  } else {
    movement.kind = MovementKind::transfer;
    movement.to = AccountRef{"QH-ZONE-1", "E" + std::to_string((home + 1) % 64)};
    movement.lines = {line("SKU-" + std::to_string(home % 16), 1'000'000)};
  }
  LedgerWrite write;
  write.zone = account.zone;
  write.enterprise = account.enterprise;
  write.movement_id = movement.id;
  write.kind = std::string(to_string(movement.kind));
  write.body_json = canonical_movement_json(movement);
  write.body_sha256 = sha256_hex(write.body_json);
  write.answer_json = "{\"id\":\"" + movement.id + "\"}";
  write.deltas = movement_deltas(account, movement);
  write.at = TimePoint(std::chrono::seconds(1'800'000'000));
  return write;
}

struct TempStore {
  fs::path directory;
  std::unique_ptr<Store> store;
  TempStore() {
    static std::atomic<int> counter{0};
    directory = fs::temp_directory_path() /
                ("oc-zones-bench-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::remove_all(directory);
    fs::create_directories(directory);
    store = std::move(open_sqlite_store(directory / "zones.db").value());
  }
  ~TempStore() {
    store.reset();
    fs::remove_all(directory);
  }
};

void BM_MovementBatch(benchmark::State& state) {
  TempStore temp;
  std::int64_t next = 0;
  const auto batch = static_cast<std::int64_t>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<LedgerWrite> writes;
    for (std::int64_t i = 0; i < batch; ++i) writes.push_back(make_write(next++));
    state.ResumeTiming();
    auto results = temp.store->apply_movements(std::move(writes));
    for (const auto& result : results) {
      if (!result) state.SkipWithError(result.error().message.c_str());
    }
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_MovementBatch)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

TempStore* shared_store = nullptr;
std::atomic<std::int64_t> shared_next{0};

void BM_MovementGroupCommit(benchmark::State& state) {
  if (state.thread_index() == 0) {
    shared_store = new TempStore();
    shared_next = 0;
  }
  // Movement numbers are striped per thread so that transfers find stock entered before.
  for (auto _ : state) {
    auto result = shared_store->store->apply_movement(make_write(shared_next++));
    if (!result && result.error().code != "stock.insufficient") {
      state.SkipWithError(result.error().message.c_str());
    }
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    delete shared_store;
    shared_store = nullptr;
  }
}
BENCHMARK(BM_MovementGroupCommit)->Threads(64)->UseRealTime()->MinTime(2.0);

}  // namespace
}  // namespace oc

BENCHMARK_MAIN();
