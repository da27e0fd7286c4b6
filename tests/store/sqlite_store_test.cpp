// SqliteStore: lodging, idempotency, events, id allocation, group commit, verify, migrations.
#include "store/sqlite_store.h"

#include <gtest/gtest.h>

#include "store_test_support.h"
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/sha256.h"

namespace oc {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const TimePoint kLodgedAt =
    TimePoint(std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 23} + 10h +
              15min + 123456us);
constexpr std::string_view kDeclarant = "91440300MA5FQH001Y";

using testing_support::TempDir;

std::string body_for(std::string_view lrn, std::string_view note = "") {
  return "{\"lrn\":\"" + std::string(lrn) + "\",\"declarant\":\"" + std::string(kDeclarant) +
         "\",\"office\":\"5301\",\"note\":\"" + std::string(note) + "\"}";
}

Event make_event(std::string_view id, std::int64_t sequence, EventType type, Role role,
                 std::string payload = "{}") {
  Event event;
  event.sequence = sequence;
  event.declaration_id = id;
  event.type = type;
  event.actor = Actor{role, role == Role::system ? "system" : "officer-7"};
  event.at = kLodgedAt + std::chrono::seconds(sequence);
  event.payload_json = std::move(payload);
  return event;
}

// A green-lane declaration as the lodging pipeline stores it: lodged, accepted, lane_assigned.
NewLodging make_lodging(Store& store, std::string_view lrn, std::string_view note = "") {
  NewLodging lodging;
  DeclarationRecord& record = lodging.record;
  record.id = store.allocate_declaration_id(kLodgedAt);
  record.declarant = kDeclarant;
  record.lrn = lrn;
  record.body_json = body_for(lrn, note);
  record.body_sha256 = sha256_hex(record.body_json);
  record.answer_json = "{\"id\":\"" + record.id + "\",\"status\":\"lane_assigned\"}";
  record.office = "5301";
  record.status = Status::lane_assigned;
  record.lane = Lane::green;
  record.lodged_at = kLodgedAt;
  record.event_count = 3;
  lodging.events = {
      make_event(record.id, 1, EventType::lodged, Role::trader),
      make_event(record.id, 2, EventType::accepted, Role::system),
      make_event(record.id, 3, EventType::lane_assigned, Role::system, R"({"lane":"green"})"),
  };
  return lodging;
}

std::unique_ptr<Store> open_or_fail(const fs::path& file, const SqliteOptions& options = {}) {
  auto store = open_sqlite_store(file, options);
  if (!store.ok()) {
    ADD_FAILURE() << store.error().code << ": " << store.error().message;
    return nullptr;
  }
  return std::move(store).value();
}

using testing_support::raw_exec;
using testing_support::raw_query_text;

TEST(SqliteStore, LodgeFindAndEventsRoundTripExactly) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  const NewLodging lodging = make_lodging(*store, "SZX-2026-000123");

  auto lodged = store->lodge(lodging);
  ASSERT_TRUE(lodged.ok()) << lodged.error().message;
  EXPECT_EQ(lodged->disposition, LodgeDisposition::created);
  EXPECT_EQ(lodged->record, lodging.record);

  auto found = store->find(lodging.record.id);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ(**found, lodging.record);

  auto by_lrn = store->find_by_lrn(kDeclarant, "SZX-2026-000123");
  ASSERT_TRUE(by_lrn.ok());
  ASSERT_TRUE(by_lrn->has_value());
  EXPECT_EQ(**by_lrn, lodging.record);

  auto events = store->events(lodging.record.id);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(*events, lodging.events);
}

TEST(SqliteStore, UnknownIdsFindNothing) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  auto found = store->find("D2026112399999999");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
  auto by_lrn = store->find_by_lrn(kDeclarant, "nope");
  ASSERT_TRUE(by_lrn.ok());
  EXPECT_FALSE(by_lrn->has_value());
  auto events = store->events("D2026112399999999");
  ASSERT_TRUE(events.ok());
  EXPECT_TRUE(events->empty());
}

TEST(SqliteStore, LodgingTheSameDeclarationAgainReturnsTheOriginal) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  const NewLodging first = make_lodging(*store, "LRN-1");
  ASSERT_TRUE(store->lodge(first).ok());

  // The retry gets a new id and a new answer from the pipeline; the store answers the first.
  NewLodging retry = make_lodging(*store, "LRN-1");
  ASSERT_NE(retry.record.id, first.record.id);
  auto replayed = store->lodge(retry);
  ASSERT_TRUE(replayed.ok()) << replayed.error().message;
  EXPECT_EQ(replayed->disposition, LodgeDisposition::replayed);
  EXPECT_EQ(replayed->record, first.record);

  auto second_id = store->find(retry.record.id);
  ASSERT_TRUE(second_id.ok());
  EXPECT_FALSE(second_id->has_value());
}

TEST(SqliteStore, SameLrnWithAnotherBodyIsRefused) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  const NewLodging first = make_lodging(*store, "LRN-1");
  ASSERT_TRUE(store->lodge(first).ok());

  auto refused = store->lodge(make_lodging(*store, "LRN-1", "changed"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "lodging.lrn_conflict");
  EXPECT_EQ(refused.error().path, "/lrn");
  EXPECT_EQ(refused.error().message,
            "declarant 91440300MA5FQH001Y already lodged lrn LRN-1 as declaration " +
                first.record.id + " with a different body; use a new lrn for a new declaration");

  auto stored = store->find_by_lrn(kDeclarant, "LRN-1");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(**stored, first.record);
}

TEST(SqliteStore, LodgingThatBreaksThePreconditionsIsRefused) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  NewLodging bad_hash = make_lodging(*store, "LRN-1");
  bad_hash.record.body_json += " ";
  auto refused = store->lodge(bad_hash);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "store.invalid_lodging");

  NewLodging no_events = make_lodging(*store, "LRN-2");
  no_events.events.clear();
  refused = store->lodge(no_events);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "store.invalid_lodging");

  NewLodging gap = make_lodging(*store, "LRN-3");
  gap.events[2].sequence = 4;
  refused = store->lodge(gap);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "store.invalid_lodging");

  NewLodging wrong_status = make_lodging(*store, "LRN-4");
  wrong_status.record.status = Status::released;
  refused = store->lodge(wrong_status);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "store.invalid_lodging");
  EXPECT_EQ(refused.error().message,
            "declaration " + wrong_status.record.id +
                ": status released and lane green do not follow from the events "
                "(lane_assigned, green)");

  NewLodging illegal = make_lodging(*store, "LRN-5");
  illegal.events[1].actor.role = Role::trader;  // only the system accepts
  refused = store->lodge(illegal);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "store.invalid_lodging");

  for (const char* lrn : {"LRN-1", "LRN-2", "LRN-3", "LRN-4", "LRN-5"}) {
    auto found = store->find_by_lrn(kDeclarant, lrn);
    ASSERT_TRUE(found.ok());
    EXPECT_FALSE(found->has_value()) << lrn;
  }
}

TEST(SqliteStore, ReusedIdIsRefused) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  const NewLodging first = make_lodging(*store, "LRN-1");
  ASSERT_TRUE(store->lodge(first).ok());
  NewLodging second = make_lodging(*store, "LRN-2");
  second.record.id = first.record.id;
  second.record.answer_json = "{}";
  for (Event& event : second.events) event.declaration_id = first.record.id;
  auto refused = store->lodge(second);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "store.duplicate_id");
}

TEST(SqliteStore, DataSurvivesReopening) {
  TempDir dir;
  const fs::path file = dir.file("store.db");
  NewLodging lodging;
  {
    auto store = open_or_fail(file);
    ASSERT_NE(store, nullptr);
    lodging = make_lodging(*store, "LRN-1");
    ASSERT_TRUE(store->lodge(lodging).ok());
  }
  auto store = open_or_fail(file);
  ASSERT_NE(store, nullptr);
  auto found = store->find(lodging.record.id);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ(**found, lodging.record);
  auto events = store->events(lodging.record.id);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(*events, lodging.events);
}

TEST(SqliteStore, AllocatedIdsNeverRepeatAcrossReopening) {
  TempDir dir;
  const fs::path file = dir.file("store.db");
  SqliteOptions options;
  options.declaration_ids_per_block = 4;
  std::set<std::string> ids;
  std::size_t allocated = 0;
  for (int session = 0; session < 3; ++session) {
    auto store = open_or_fail(file, options);
    ASSERT_NE(store, nullptr);
    // Some sessions end mid-block, some lodge what they allocated, some lodge nothing.
    for (int i = 0; i < 6; ++i) {
      const std::string id = store->allocate_declaration_id(kLodgedAt);
      EXPECT_EQ(id.size(), 17u) << id;
      EXPECT_EQ(id.substr(0, 9), "D20261123");
      ids.insert(id);
      ++allocated;
    }
    if (session == 1) {
      const NewLodging lodging = make_lodging(*store, "LRN-1");
      ASSERT_TRUE(store->lodge(lodging).ok());
      ids.insert(lodging.record.id);
      ++allocated;
    }
  }
  EXPECT_EQ(ids.size(), 19u);
  EXPECT_EQ(allocated, 19u);
  // Three sessions, each reserving whole blocks of 4: 8 + 8 + 8 numbers at most.
  EXPECT_EQ(raw_query_text(file, "SELECT reserved_through FROM declaration_id_counter"), "24");
}

TEST(SqliteStore, TwoStoresOnOneFileAllocateDisjointIds) {
  TempDir dir;
  const fs::path file = dir.file("store.db");
  SqliteOptions options;
  options.declaration_ids_per_block = 4;
  auto first = open_or_fail(file, options);
  auto second = open_or_fail(file, options);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  std::set<std::string> ids;
  for (int i = 0; i < 10; ++i) {
    ids.insert(first->allocate_declaration_id(kLodgedAt));
    ids.insert(second->allocate_declaration_id(kLodgedAt));
  }
  EXPECT_EQ(ids.size(), 20u);
  // The second store lodges what the first one stored meanwhile as a replay.
  const NewLodging lodging = make_lodging(*first, "LRN-1");
  ASSERT_TRUE(first->lodge(lodging).ok());
  auto replayed = second->lodge(make_lodging(*second, "LRN-1"));
  ASSERT_TRUE(replayed.ok());
  EXPECT_EQ(replayed->disposition, LodgeDisposition::replayed);
  EXPECT_EQ(replayed->record, lodging.record);
}

TEST(SqliteStore, OpeningDoesNotWaitForAnotherWriter) {
  TempDir dir;
  const fs::path file = dir.file("store.db");
  ASSERT_NE(open_or_fail(file), nullptr);
  sqlite3* writer = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &writer), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(writer, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  SqliteOptions options;
  options.busy_timeout_ms = 0;  // any write at open would fail at once with store.busy
  auto store = open_or_fail(file, options);
  EXPECT_NE(store, nullptr);
  if (store != nullptr) {
    auto report = store->verify();
    EXPECT_TRUE(report.ok());
    // Lodging needs the write lock: with no patience it is refused, and says why.
    auto blocked = store->lodge(make_lodging(*store, "LRN-1"));
    ASSERT_FALSE(blocked.ok());
    EXPECT_EQ(blocked.error().code, "store.busy");
  }
  sqlite3_exec(writer, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(writer);
}

TEST(SqliteStore, IdsCarryTheLodgingDate) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->allocate_declaration_id(kLodgedAt), "D2026112300000001");
  EXPECT_EQ(store->allocate_declaration_id(kLodgedAt + 24h), "D2026112400000002");
}

TEST(SqliteStore, AppendEventUsesOptimisticConcurrency) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  const NewLodging lodging = make_lodging(*store, "LRN-1");
  const std::string& id = lodging.record.id;
  ASSERT_TRUE(store->lodge(lodging).ok());

  const Event paid =
      make_event(id, 4, EventType::duties_paid, Role::system, R"({"reference":"PAY-1"})");
  auto appended = store->append_event(id, 3, paid, Status::duties_settled, Lane::green);
  ASSERT_TRUE(appended.ok()) << appended.error().message;
  DeclarationRecord expected = lodging.record;
  expected.event_count = 4;
  expected.status = Status::duties_settled;
  EXPECT_EQ(*appended, expected);
  auto found = store->find(id);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(**found, expected);
  auto events = store->events(id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 4u);
  EXPECT_EQ(events->back(), paid);

  // A second officer who read the declaration at 3 events loses the race.
  auto conflict = store->append_event(id, 3, paid, Status::duties_settled, Lane::green);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, "store.conflict");
  EXPECT_EQ(conflict.error().message,
            "declaration " + id +
                " has 4 events, not the expected 3: it was changed meanwhile; reload it and retry");

  const Event stray = make_event("D2026112399999999", 4, EventType::released, Role::system);
  auto missing = store->append_event("D2026112399999999", 3, stray, Status::released, Lane::green);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "store.not_found");

  // An event whose sequence does not follow the expected count is the caller's bug.
  auto invalid = store->append_event(id, 4, paid, Status::duties_settled, Lane::green);
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().code, "store.invalid_event");

  auto report = store->verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problems.front();
  EXPECT_EQ(report->events, 4u);
}

TEST(SqliteStore, LodgeBatchKeepsTheOthersWhenOneConflicts) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  const NewLodging existing = make_lodging(*store, "LRN-X");
  ASSERT_TRUE(store->lodge(existing).ok());

  std::vector<NewLodging> batch;
  batch.push_back(make_lodging(*store, "LRN-A"));
  batch.push_back(make_lodging(*store, "LRN-X", "another body"));
  batch.push_back(make_lodging(*store, "LRN-B"));
  NewLodging invalid = make_lodging(*store, "LRN-C");
  invalid.record.body_sha256 = "0";
  batch.push_back(invalid);
  const std::vector<NewLodging> sent = batch;

  auto results = store->lodge_batch(std::move(batch));
  ASSERT_EQ(results.size(), 4u);
  ASSERT_TRUE(results[0].ok());
  EXPECT_EQ(results[0]->disposition, LodgeDisposition::created);
  EXPECT_EQ(results[0]->record, sent[0].record);
  ASSERT_FALSE(results[1].ok());
  EXPECT_EQ(results[1].error().code, "lodging.lrn_conflict");
  ASSERT_TRUE(results[2].ok());
  EXPECT_EQ(results[2]->record, sent[2].record);
  ASSERT_FALSE(results[3].ok());
  EXPECT_EQ(results[3].error().code, "store.invalid_lodging");

  for (const std::size_t i : {0u, 2u}) {
    auto found = store->find(sent[i].record.id);
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ(**found, sent[i].record);
    auto events = store->events(sent[i].record.id);
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(*events, sent[i].events);
  }
  auto conflicting = store->find(sent[1].record.id);
  ASSERT_TRUE(conflicting.ok());
  EXPECT_FALSE(conflicting->has_value());
  auto conflicting_events = store->events(sent[1].record.id);
  ASSERT_TRUE(conflicting_events.ok());
  EXPECT_TRUE(conflicting_events->empty());
}

TEST(SqliteStore, DuplicatesWithinOneBatchAreLodgedOnce) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  std::vector<NewLodging> batch;
  batch.push_back(make_lodging(*store, "LRN-A"));
  batch.push_back(make_lodging(*store, "LRN-A"));
  batch.push_back(make_lodging(*store, "LRN-A", "another body"));
  const DeclarationRecord first = batch[0].record;

  auto results = store->lodge_batch(std::move(batch));
  ASSERT_EQ(results.size(), 3u);
  ASSERT_TRUE(results[0].ok());
  EXPECT_EQ(results[0]->disposition, LodgeDisposition::created);
  ASSERT_TRUE(results[1].ok());
  EXPECT_EQ(results[1]->disposition, LodgeDisposition::replayed);
  EXPECT_EQ(results[1]->record, first);
  ASSERT_FALSE(results[2].ok());
  EXPECT_EQ(results[2].error().code, "lodging.lrn_conflict");
}

TEST(SqliteStore, OversizedBatchIsRefusedWhole) {
  TempDir dir;
  SqliteOptions options;
  options.lodge_batch_max = 2;
  auto store = open_or_fail(dir.file("store.db"), options);
  ASSERT_NE(store, nullptr);
  std::vector<NewLodging> batch;
  for (const char* lrn : {"LRN-1", "LRN-2", "LRN-3"}) batch.push_back(make_lodging(*store, lrn));
  auto results = store->lodge_batch(std::move(batch));
  ASSERT_EQ(results.size(), 3u);
  for (const auto& result : results) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, "store.batch_too_large");
  }
  auto report = store->verify();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->declarations, 0u);
}

TEST(SqliteStore, EmptyBatchAnswersNothing) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->lodge_batch({}).empty());
}

// 16 threads x 200 lodgings, plus 20 lrns that every thread lodges with the same body.
void lodge_concurrently(const SqliteOptions& options) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 200;
  constexpr int kShared = 20;
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"), options);
  ASSERT_NE(store, nullptr);

  std::atomic<int> created{0};
  std::atomic<int> replayed{0};
  std::atomic<int> failed{0};
  std::vector<std::vector<std::string>> shared_ids(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string lrn = "T" + std::to_string(t) + "-" + std::to_string(i);
        auto result = store->lodge(make_lodging(*store, lrn));
        if (!result.ok() || result->disposition != LodgeDisposition::created) ++failed;
        if (i % 10 == 0) {
          auto shared = store->lodge(make_lodging(*store, "SHARED-" + std::to_string(i / 10)));
          if (!shared.ok()) {
            ++failed;
            continue;
          }
          ++(shared->disposition == LodgeDisposition::created ? created : replayed);
          shared_ids[t].push_back(shared->record.id);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(created.load(), kShared);
  EXPECT_EQ(replayed.load(), kShared * (kThreads - 1));
  // Every thread was answered with the one stored declaration of each shared lrn.
  for (int t = 1; t < kThreads; ++t) EXPECT_EQ(shared_ids[t], shared_ids[0]);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      const std::string lrn = "T" + std::to_string(t) + "-" + std::to_string(i);
      auto found = store->find_by_lrn(kDeclarant, lrn);
      ASSERT_TRUE(found.ok());
      ASSERT_TRUE(found->has_value()) << lrn;
    }
  }
  auto report = store->verify();
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->ok()) << report->problems.front();
  EXPECT_EQ(report->declarations, std::size_t{kThreads * kPerThread + kShared});
  EXPECT_EQ(report->events, std::size_t{3 * (kThreads * kPerThread + kShared)});
}

TEST(SqliteStore, ConcurrentLodgingsWithGroupCommitAreEachStoredOnce) {
  lodge_concurrently(SqliteOptions{});
}

TEST(SqliteStore, ConcurrentLodgingsWithoutGroupCommitAreEachStoredOnce) {
  SqliteOptions options;
  options.group_commit = false;
  lodge_concurrently(options);
}

TEST(SqliteStore, SmallGroupsStillCommitEverything) {
  SqliteOptions options;
  options.group_commit_max = 3;
  lodge_concurrently(options);
}

// A process killed in the middle of group commits loses nothing it acknowledged, and what it
// leaves verifies clean. (SIGKILL keeps the OS page cache; power loss is SQLite's fsync's job.)
TEST(SqliteStoreCrash, KilledWhileLodgingLosesNothingAcknowledged) {
  constexpr int kThreads = 8;
  constexpr std::size_t kAcknowledgedBeforeKill = 1500;
  TempDir dir;
  const fs::path file = dir.file("store.db");
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child lodges until it is killed, reporting each acknowledged lrn on one line (a write
    // under PIPE_BUF bytes is atomic, so threads do not interleave).
    close(pipe_fds[0]);
    auto store = open_sqlite_store(file);
    if (!store.ok()) _exit(2);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0;; ++i) {
          const std::string lrn = "T" + std::to_string(t) + "-" + std::to_string(i);
          auto result = (*store)->lodge(make_lodging(**store, lrn));
          if (!result.ok()) _exit(3);
          const std::string line = lrn + "\n";
          if (write(pipe_fds[1], line.data(), line.size()) < 0) _exit(4);
        }
      });
    }
    for (auto& thread : threads) thread.join();
    _exit(0);
  }
  close(pipe_fds[1]);
  std::FILE* acknowledgements = fdopen(pipe_fds[0], "r");
  ASSERT_NE(acknowledgements, nullptr);
  std::vector<std::string> acknowledged;
  char line[64];
  bool killed = false;
  while (std::fgets(line, sizeof line, acknowledgements) != nullptr) {
    acknowledged.emplace_back(line, std::strlen(line) - 1);
    if (!killed && acknowledged.size() >= kAcknowledgedBeforeKill) {
      kill(child, SIGKILL);
      killed = true;  // keep reading: lines written before the kill are still in the pipe
    }
  }
  std::fclose(acknowledgements);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);

  auto store = open_or_fail(file);
  ASSERT_NE(store, nullptr);
  for (const std::string& lrn : acknowledged) {
    auto found = store->find_by_lrn(kDeclarant, lrn);
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value()) << lrn << " was acknowledged but is not stored";
  }
  auto report = store->verify();
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->ok()) << report->problems.front();
  EXPECT_GE(report->declarations, acknowledged.size());
  EXPECT_EQ(report->events, 3 * report->declarations);
}

// verify(): each kind of damage is reported, naming the declaration.
class SqliteStoreVerify : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_or_fail(file_);
    ASSERT_NE(store_, nullptr);
    for (const char* lrn : {"LRN-1", "LRN-2", "LRN-3"}) {
      lodgings_.push_back(make_lodging(*store_, lrn));
      ASSERT_TRUE(store_->lodge(lodgings_.back()).ok());
    }
    auto report = store_->verify();
    ASSERT_TRUE(report.ok());
    ASSERT_TRUE(report->ok()) << report->problems.front();
    EXPECT_EQ(report->declarations, 3u);
    EXPECT_EQ(report->events, 9u);
  }

  std::vector<std::string> problems() {
    auto report = store_->verify();
    EXPECT_TRUE(report.ok()) << report.error().message;
    return report.ok() ? report->problems : std::vector<std::string>{"verify failed"};
  }

  const std::string& id() const { return lodgings_[1].record.id; }

  TempDir dir_;
  fs::path file_ = dir_.file("store.db");
  std::unique_ptr<Store> store_;
  std::vector<NewLodging> lodgings_;
};

TEST_F(SqliteStoreVerify, EditedBodyIsReported) {
  raw_exec(file_,
           "UPDATE declarations SET body_json = '{\"lrn\":\"forged\"}' WHERE id = '" + id() + "'");
  EXPECT_EQ(problems(), std::vector<std::string>{"declaration " + id() + ": body_sha256 " +
                                                 lodgings_[1].record.body_sha256 +
                                                 " does not match body_json (sha256 " +
                                                 sha256_hex("{\"lrn\":\"forged\"}") + ")"});
}

TEST_F(SqliteStoreVerify, DeletedLastEventIsReported) {
  raw_exec(file_, "DELETE FROM events WHERE declaration_id = '" + id() + "' AND sequence = 3");
  EXPECT_EQ(problems(), std::vector<std::string>{"declaration " + id() +
                                                 ": event_count is 3 but 2 events are stored"});
}

TEST_F(SqliteStoreVerify, DeletedMiddleEventIsReported) {
  raw_exec(file_, "DELETE FROM events WHERE declaration_id = '" + id() + "' AND sequence = 2");
  EXPECT_EQ(problems(), std::vector<std::string>{"declaration " + id() +
                                                 ": event sequence broken: expected 2, found 3"});
}

TEST_F(SqliteStoreVerify, DeletedFirstEventIsReported) {
  raw_exec(file_, "DELETE FROM events WHERE declaration_id = '" + id() + "' AND sequence = 1");
  EXPECT_EQ(problems(), std::vector<std::string>{"declaration " + id() +
                                                 ": first event is accepted, not lodged"});
}

TEST_F(SqliteStoreVerify, DeclarationWithoutEventsIsReported) {
  raw_exec(file_, "DELETE FROM events WHERE declaration_id = '" + id() + "'");
  EXPECT_EQ(problems(), std::vector<std::string>{"declaration " + id() + ": has no events"});
}

TEST_F(SqliteStoreVerify, ChangedStatusIsReported) {
  raw_exec(file_, "UPDATE declarations SET status = 'released' WHERE id = '" + id() + "'");
  EXPECT_EQ(problems(),
            std::vector<std::string>{"declaration " + id() +
                                     ": status is released but its events lead to lane_assigned"});
}

TEST_F(SqliteStoreVerify, ChangedLaneIsReported) {
  raw_exec(file_, "UPDATE declarations SET lane = 'red' WHERE id = '" + id() + "'");
  EXPECT_EQ(problems(), std::vector<std::string>{"declaration " + id() +
                                                 ": lane is red but its events lead to green"});
}

TEST_F(SqliteStoreVerify, UnknownStatusIsReported) {
  raw_exec(file_, "UPDATE declarations SET status = 'teleported' WHERE id = '" + id() + "'");
  EXPECT_EQ(problems(),
            std::vector<std::string>{"declaration " + id() + ": unknown status 'teleported'"});
  auto found = store_->find(id());
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().code, "store.corrupt");
}

TEST_F(SqliteStoreVerify, EventsThatDoNotReplayAreReported) {
  raw_exec(file_, "UPDATE events SET actor_role = 'trader' WHERE declaration_id = '" + id() +
                      "' AND sequence = 2");
  const auto found = problems();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rfind(
                "declaration " + id() + ": events do not replay: lifecycle.role_not_allowed: ", 0),
            0u)
      << found[0];
}

TEST_F(SqliteStoreVerify, EventsWithoutADeclarationAreReported) {
  // The store's own connections enforce the foreign key; a raw connection does not by default.
  raw_exec(file_, "DELETE FROM declarations WHERE id = '" + id() + "'");
  EXPECT_EQ(problems(), std::vector<std::string>{"declaration " + id() +
                                                 ": 3 event(s) stored without a declaration row"});
  raw_exec(file_,
           "INSERT INTO events VALUES ('A-before-all', 1, 'lodged', 'trader', 'x', 0, '{}');"
           "INSERT INTO events VALUES ('Z-after-all', 1, 'lodged', 'trader', 'x', 0, '{}');"
           "INSERT INTO events VALUES ('Z-after-all', 2, 'accepted', 'system', 'x', 0, '{}');");
  EXPECT_EQ(problems(),
            (std::vector<std::string>{
                "declaration A-before-all: 1 event(s) stored without a declaration row",
                "declaration " + id() + ": 3 event(s) stored without a declaration row",
                "declaration Z-after-all: 2 event(s) stored without a declaration row"}));
}

TEST_F(SqliteStoreVerify, ProblemsAreCappedWithACount) {
  store_.reset();
  SqliteOptions options;
  options.verify_problems_max = 2;
  store_ = open_or_fail(file_, options);
  ASSERT_NE(store_, nullptr);
  raw_exec(file_, "UPDATE declarations SET status = 'released'");
  const auto found = problems();
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[2], "... and 1 more problems");
}

TEST(SqliteStoreMigrations, ReopeningDoesNotReapply) {
  TempDir dir;
  const fs::path file = dir.file("store.db");
  ASSERT_NE(open_or_fail(file), nullptr);
  const std::string applied_at =
      raw_query_text(file, "SELECT applied_at FROM schema_migrations WHERE version = 1");
  EXPECT_FALSE(applied_at.empty());
  ASSERT_NE(open_or_fail(file), nullptr);
  ASSERT_NE(open_or_fail(file), nullptr);
  EXPECT_EQ(raw_query_text(file, "SELECT count(*) FROM schema_migrations"),
            std::to_string(sqlite_schema_version));
  EXPECT_EQ(raw_query_text(file, "SELECT max(version) FROM schema_migrations"),
            std::to_string(sqlite_schema_version));
  EXPECT_EQ(raw_query_text(file, "SELECT applied_at FROM schema_migrations WHERE version = 1"),
            applied_at);
}

TEST(SqliteStoreMigrations, FileIsInWalMode) {
  TempDir dir;
  const fs::path file = dir.file("store.db");
  ASSERT_NE(open_or_fail(file), nullptr);
  EXPECT_EQ(raw_query_text(file, "PRAGMA journal_mode"), "wal");
}

TEST(SqliteStoreMigrations, NewerSchemaIsRefused) {
  TempDir dir;
  const fs::path file = dir.file("store.db");
  ASSERT_NE(open_or_fail(file), nullptr);
  raw_exec(file, "INSERT INTO schema_migrations VALUES (" +
                     std::to_string(sqlite_schema_version + 1) +
                     ", 'from the future', '2030-01-01T00:00:00.000Z')");
  auto store = open_sqlite_store(file);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, "store.schema_too_new");
  EXPECT_EQ(store.error().message,
            "database schema version " + std::to_string(sqlite_schema_version + 1) +
                " is newer than this program knows (" + std::to_string(sqlite_schema_version) +
                "); upgrade opencustoms");
}

TEST(SqliteStoreMigrations, FileThatIsNotADatabaseIsAnIoError) {
  TempDir dir;
  const fs::path file = dir.file("store.db");
  {
    std::FILE* out = std::fopen(file.c_str(), "wb");
    ASSERT_NE(out, nullptr);
    const std::string junk(8192, 'x');
    std::fwrite(junk.data(), 1, junk.size(), out);
    std::fclose(out);
  }
  auto store = open_sqlite_store(file);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, "store.io");
  EXPECT_NE(store.error().message.find("not a database"), std::string::npos)
      << store.error().message;
}

TEST(SqliteStoreMigrations, MissingDirectoryIsAnIoError) {
  TempDir dir;
  auto store = open_sqlite_store(dir.file("no/such/dir/store.db"));
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, "store.io");
}

TEST(SqliteStoreOptions, ZeroLimitsAreRefused) {
  TempDir dir;
  SqliteOptions options;
  options.group_commit_max = 0;
  auto store = open_sqlite_store(dir.file("store.db"), options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, "store.invalid_options");
}

TEST(SqliteStoreOptions, PageSizeMustBeAPowerOfTwo) {
  TempDir dir;
  SqliteOptions options;
  options.page_size_bytes = 5000;
  auto store = open_sqlite_store(dir.file("store.db"), options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, "store.invalid_options");
}

TEST(SqliteStoreOptions, PageSizeAppliesToANewFileOnly) {
  TempDir dir;
  const fs::path file = dir.file("store.db");
  SqliteOptions options;
  options.page_size_bytes = 8192;
  ASSERT_NE(open_or_fail(file, options), nullptr);
  EXPECT_EQ(raw_query_text(file, "PRAGMA page_size"), "8192");
  options.page_size_bytes = 16384;
  ASSERT_NE(open_or_fail(file, options), nullptr);
  EXPECT_EQ(raw_query_text(file, "PRAGMA page_size"), "8192");
}

}  // namespace
}  // namespace oc
