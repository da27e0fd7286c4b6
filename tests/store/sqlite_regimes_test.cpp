// The regime records and allowance ledgers of the SQLite store (store.h RegimeTransaction): a
// body's writes commit together or not at all, a stale version is refused, an allowance entry id
// is used once, and reads outside see exactly what committed.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store/sqlite_store.h"
#include "store_test_support.h"

namespace oc {
namespace {

using testing_support::raw_query_text;
using testing_support::TempDir;

const TimePoint kAt = TimePoint(std::chrono::sys_days{std::chrono::year{2026} / 11 / 23});

RegimeRecord record(std::string id, std::string link = "") {
  RegimeRecord r;
  r.kind = "test.thing";
  r.id = std::move(id);
  r.link = std::move(link);
  r.owner = "P1";
  r.subject = "key";
  r.body_json = "{}";
  r.body_sha256 = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
  r.state_json = "{\"n\":1}";
  r.created_at = r.updated_at = kAt;
  return r;
}

class RegimeStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_sqlite_store(dir_.file("regimes.db"));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(*opened);
  }
  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(RegimeStoreTest, AFailedBodyLeavesNothingBehind) {
  auto failed = store_->transact([](RegimeTransaction& tx) -> VoidResult {
    RegimeRecord r = record("A");
    OC_TRY(tx.put(r));
    OC_TRY(tx.add_allowance(AllowanceEntry{"ledger", "E-1", "key", 2026, 500, kAt}));
    return make_error("test.refused", "/x", "refused after writing");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "test.refused");
  EXPECT_FALSE(store_->find_record("test.thing", "A")->has_value());
  EXPECT_EQ(*store_->allowance_used("ledger", "key", 2026), 0);
  EXPECT_EQ(raw_query_text(dir_.file("regimes.db"), "SELECT count(*) FROM allowance_entries"), "0");
}

TEST_F(RegimeStoreTest, RecordsAreVersionedAndLinked) {
  ASSERT_TRUE(store_->transact([](RegimeTransaction& tx) -> VoidResult {
                       RegimeRecord a = record("A");
                       OC_TRY(tx.put(a));
                       EXPECT_EQ(a.version, 1);
                       RegimeRecord b = record("B", "A");
                       OC_TRY(tx.put(b));
                       RegimeRecord c = record("C", "A");
                       c.created_at += std::chrono::seconds(1);
                       return tx.put(c);
                     })
                  .ok());
  auto linked = store_->linked_records("test.thing", "A");
  ASSERT_TRUE(linked.ok());
  ASSERT_EQ(linked->size(), 2u);
  EXPECT_EQ((*linked)[0].id, "B");
  EXPECT_EQ((*linked)[1].id, "C");
  EXPECT_TRUE(store_->linked_records("test.thing", "")->empty());

  auto found = store_->find_record("test.thing", "A");
  ASSERT_TRUE(found.ok() && found->has_value());
  RegimeRecord stale = **found;
  RegimeRecord fresh = **found;
  fresh.state_json = "{\"n\":2}";
  ASSERT_TRUE(store_->transact([&](RegimeTransaction& tx) { return tx.put(fresh); }).ok());
  EXPECT_EQ(fresh.version, 2);
  stale.state_json = "{\"n\":3}";
  auto lost = store_->transact([&](RegimeTransaction& tx) { return tx.put(stale); });
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code, "store.conflict");
  EXPECT_EQ((*store_->find_record("test.thing", "A"))->state_json, "{\"n\":2}");
  // A second insert of the same id is a conflict, not an overwrite.
  auto again = store_->transact([](RegimeTransaction& tx) {
    RegimeRecord a = record("A");
    return tx.put(a);
  });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "store.conflict");
}

TEST_F(RegimeStoreTest, VerifyFindsAnEditedBody) {
  ASSERT_TRUE(store_->transact([](RegimeTransaction& tx) {
                       RegimeRecord a = record("A");
                       return tx.put(a);
                     })
                  .ok());
  ASSERT_TRUE(store_->verify()->ok());
  testing_support::raw_exec(dir_.file("regimes.db"),
                            "UPDATE regime_records SET body_json = '{\"total\":\"1.00\"}'");
  auto report = store_->verify();
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0],
            "test.thing A: body_sha256 "
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a does not match "
            "body_json");
}

TEST_F(RegimeStoreTest, AllowanceEntriesSumPerSubjectAndYearAndAreUsedOnce) {
  ASSERT_TRUE(store_->transact([](RegimeTransaction& tx) -> VoidResult {
                       OC_TRY(tx.add_allowance(AllowanceEntry{"L", "E-1", "k1", 2026, 1000, kAt}));
                       OC_TRY(tx.add_allowance(AllowanceEntry{"L", "E-2", "k1", 2026, 250, kAt}));
                       OC_TRY(tx.add_allowance(AllowanceEntry{"L", "R-1", "k1", 2026, -400, kAt}));
                       OC_TRY(tx.add_allowance(AllowanceEntry{"L", "E-3", "k1", 2025, 7, kAt}));
                       OC_TRY(tx.add_allowance(AllowanceEntry{"M", "E-1", "k1", 2026, 9, kAt}));
                       return tx.add_allowance(AllowanceEntry{"L", "E-4", "k2", 2026, 11, kAt});
                     })
                  .ok());
  EXPECT_EQ(*store_->allowance_used("L", "k1", 2026), 850);
  EXPECT_EQ(*store_->allowance_used("L", "k1", 2025), 7);
  EXPECT_EQ(*store_->allowance_used("M", "k1", 2026), 9);
  EXPECT_EQ(*store_->allowance_used("L", "k2", 2026), 11);
  auto reused = store_->transact([](RegimeTransaction& tx) {
    return tx.add_allowance(AllowanceEntry{"L", "E-2", "k1", 2026, 1, kAt});
  });
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().code, "allowance.entry_exists");
  EXPECT_EQ(*store_->allowance_used("L", "k1", 2026), 850);
}

TEST_F(RegimeStoreTest, ReadCheckWriteBodiesNeverInterleave) {
  // 32 threads each draw 100 on a 1,000 limit through read-check-write bodies: exactly 10 fit.
  std::atomic<int> drawn{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 32; ++t) {
    threads.emplace_back([&, t] {
      auto result = store_->transact([&](RegimeTransaction& tx) -> VoidResult {
        auto used = tx.allowance_used("L", "k", 2026);
        if (!used) return std::move(used).error();
        if (*used + 100 > 1000) return make_error("allowance.exceeded", "", "full");
        return tx.add_allowance(AllowanceEntry{"L", "E-" + std::to_string(t), "k", 2026, 100, kAt});
      });
      (result.ok() ? drawn : refused)++;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(drawn.load(), 10);
  EXPECT_EQ(refused.load(), 22);
  EXPECT_EQ(*store_->allowance_used("L", "k", 2026), 1000);
}

}  // namespace
}  // namespace oc
