#include "clearance/lodging.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "declaration/json_codec.h"
#include "declaration/lifecycle.h"
#include "store/sqlite_store.h"
#include "../declaration/test_support.h"
#include "core/sha256.h"
#include "core/sha256.h"

namespace oc {
namespace {

using namespace std::chrono;
using testing::demo_reference;
using testing::valid_body;

class LodgingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("oc-lodging-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    auto store = open_sqlite_store(directory_ / "test.db");
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
    service_ = std::make_unique<LodgingService>(demo_reference(), testing::demo_tariff(), *risk_,
                                                *store_, clock_);
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::filesystem::remove_all(directory_);
  }

  LodgingOutcome lodge(const std::string& body) {
    auto outcome = service_->lodge(body, Actor{Role::trader, ""});
    EXPECT_TRUE(outcome.ok()) << outcome.error().code;
    return outcome.ok() ? *outcome : LodgingOutcome{};
  }

  std::filesystem::path directory_;
  ManualClock clock_{time_point_cast<microseconds>(sys_days{2026y / 11 / 23}) + hours{10}};
  std::unique_ptr<Store> store_;
  std::unique_ptr<RiskService> risk_ = testing::demo_risk();
  std::unique_ptr<LodgingService> service_;
};

std::string with_lrn(std::string body, const std::string& lrn) {
  body.replace(body.find("SZX-2026-000123"), 15, lrn);
  return body;
}

TEST_F(LodgingTest, AcceptedDeclarationIsStoredWithItsAssessmentEventsAndNamedPlaceholder) {
  LodgingOutcome outcome = lodge(valid_body());
  ASSERT_EQ(outcome.disposition, LodgingDisposition::accepted);
  EXPECT_TRUE(outcome.declaration_id.starts_with("D20261123")) << outcome.declaration_id;
  EXPECT_EQ(outcome.declaration_id.size(), 17u);
  const std::string& answer = outcome.answer_json;
  EXPECT_TRUE(answer.starts_with(
      "{\"id\":\"" + outcome.declaration_id +
      "\",\"lrn\":\"SZX-2026-000123\",\"declarant\":\"91440300MA5FQH001Y\","
      "\"status\":\"lane_assigned\",\"lane\":\"yellow\","
      "\"lodged_at\":\"2026-11-23T10:00:00Z\",\"assessment\":{\"regime\":\"general\","))
      << answer;
  // The demo tariff: EUR 8.0552 in 2026-11; line 8703239000 MFN 15%, consumption tax 5%, VAT
  // 13%; DE is not party to RCEP. (64000 + 1200 + 35.50) × 8.0552 = 525485.00;
  // duty 78822.75; CT (525485 + 78822.75) ÷ 0.95 × 5% = 31805.67; VAT 82694.74.
  EXPECT_NE(answer.find("\"totals\":{\"duty\":\"78822.75\",\"anti_dumping\":\"0.00\","
                        "\"countervailing\":\"0.00\",\"consumption_tax\":\"31805.67\","
                        "\"vat\":\"82694.74\",\"total\":\"193323.16\"}"),
            std::string::npos)
      << answer;
  EXPECT_NE(answer.find("preference RCEP not applied: origin DE is not party to RCEP"),
            std::string::npos);
  EXPECT_TRUE(answer.ends_with(
      "\"risk\":{\"score\":\"0.0000\",\"rank\":\"1.0000\",\"rules\":[\"R-0070\"],"
      "\"reasons\":[\"rule R-0070 (yellow 100%) selected yellow: RCEP preference claimed for a "
      "non-member origin\"],\"selection\":\"rule\",\"grade\":\"regular\",\"whitelisted\":false,"
      "\"rules_version\":\"" +
      sha256_hex(testing::read_file(OC_SOURCE_DIR "/data/risk/rules.txt")) +
      "\",\"model\":null,\"features\":[]}}"))
      << answer;

  auto record = store_->find(outcome.declaration_id);
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->status, Status::lane_assigned);
  EXPECT_EQ((*record)->lane, Lane::yellow);
  EXPECT_EQ((*record)->office, "5349");
  EXPECT_EQ((*record)->body_json, encode_declaration(decode_declaration(valid_body()).declaration));
  auto events = store_->events(outcome.declaration_id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].type, EventType::lodged);
  EXPECT_EQ((*events)[0].actor, (Actor{Role::trader, "91440300MA5FQH001Y"}));
  EXPECT_EQ((*events)[2].payload_json, "{\"lane\":\"yellow\"}");
  auto state = replay(*events);
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(state->status, Status::lane_assigned);
  EXPECT_EQ(state->lane, Lane::yellow);
}

TEST_F(LodgingTest, ReplayReturnsTheOriginalAnswerEvenLater) {
  LodgingOutcome first = lodge(valid_body());
  clock_.advance(hours{5});
  // The same declaration with other whitespace is the same declaration.
  std::string reformatted = valid_body();
  reformatted.insert(1, "\n   ");
  LodgingOutcome again = lodge(reformatted);
  EXPECT_EQ(again.disposition, LodgingDisposition::replayed);
  EXPECT_EQ(again.declaration_id, first.declaration_id);
  EXPECT_EQ(again.answer_json, first.answer_json);
  auto report = store_->verify();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->declarations, 1u);
}

TEST_F(LodgingTest, SameLrnWithAnotherBodyIsAConflict) {
  lodge(valid_body());
  std::string changed = valid_body();
  changed.replace(changed.find("64000.00"), 8, "64000.01");
  auto outcome = service_->lodge(changed, Actor{Role::trader, ""});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().code, "lodging.lrn_conflict");
  EXPECT_EQ(outcome.error().path, "/lrn");
}

TEST_F(LodgingTest, RejectedDeclarationIsNotStored) {
  std::string bad = valid_body();
  bad.replace(bad.find("8703239000"), 10, "8703999999");
  LodgingOutcome outcome = lodge(bad);
  EXPECT_EQ(outcome.disposition, LodgingDisposition::rejected);
  EXPECT_TRUE(outcome.declaration_id.empty());
  EXPECT_EQ(outcome.answer_json,
            "{\"errors\":[{\"code\":\"hs_code.unknown\",\"path\":\"/items/0/hs_code\",\"message\":"
            "\"8703999999 is not in the tariff: 870399 is not an HS subheading\"}]}");
  auto report = store_->verify();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->declarations, 0u);
}

TEST_F(LodgingTest, TheRulesDecideTheLane) {
  std::string mfn = with_lrn(valid_body(), "LRN-MFN");
  mfn.replace(mfn.find("\"preference\": \"RCEP\""), 20, "\"preference\": \"MFN\"");
  LodgingOutcome green = lodge(mfn);
  EXPECT_EQ(green.lane, Lane::green);
  EXPECT_NE(green.answer_json.find("\"rules\":[],\"reasons\":[\"no rule fired; score below the "
                                   "office's selection\"],\"selection\":\"none\""),
            std::string::npos)
      << green.answer_json;
  std::string free = with_lrn(valid_body(), "LRN-FREE");
  free.replace(free.find("\"preference\": \"RCEP\""), 20, "\"preference\": \"MFN\"");
  free.replace(free.find("64000.00"), 8, "0.00");
  LodgingOutcome red = lodge(free);
  EXPECT_EQ(red.lane, Lane::red);
  EXPECT_NE(red.answer_json.find("\"rules\":[\"R-0170\"]"), std::string::npos) << red.answer_json;
}

TEST_F(LodgingTest, LodgeManyKeepsEachOutcomeInOrder) {
  std::string bad = with_lrn(valid_body(), "LRN-BAD");
  bad.replace(bad.find("\"EUR\""), 5, "\"XYZ\"");
  std::string conflicting = with_lrn(valid_body(), "LRN-A");
  conflicting.replace(conflicting.find("64000.00"), 8, "1.00");
  auto outcomes = service_->lodge_many(
      {with_lrn(valid_body(), "LRN-A"), bad, with_lrn(valid_body(), "LRN-B"),
       with_lrn(valid_body(), "LRN-A")},
      Actor{Role::trader, ""});
  ASSERT_EQ(outcomes.size(), 4u);
  ASSERT_TRUE(outcomes[0].ok() && outcomes[1].ok() && outcomes[2].ok() && outcomes[3].ok());
  EXPECT_EQ(outcomes[0]->disposition, LodgingDisposition::accepted);
  EXPECT_EQ(outcomes[1]->disposition, LodgingDisposition::rejected);
  EXPECT_EQ(outcomes[2]->disposition, LodgingDisposition::accepted);
  // The same lrn twice in one batch: the second is a replay of the first.
  EXPECT_EQ(outcomes[3]->disposition, LodgingDisposition::replayed);
  EXPECT_EQ(outcomes[3]->declaration_id, outcomes[0]->declaration_id);
  auto later = service_->lodge_many({conflicting}, Actor{Role::trader, ""});
  ASSERT_FALSE(later[0].ok());
  EXPECT_EQ(later[0].error().code, "lodging.lrn_conflict");
}

TEST_F(LodgingTest, ConcurrentLodgingsOfOneLrnStoreItOnce) {
  constexpr int threads_count = 8;
  std::vector<std::thread> threads;
  std::vector<LodgingOutcome> outcomes(threads_count);
  for (int i = 0; i < threads_count; ++i) {
    threads.emplace_back([&, i] {
      auto outcome = service_->lodge(valid_body(), Actor{Role::trader, ""});
      if (outcome.ok()) outcomes[i] = *outcome;
    });
  }
  for (auto& thread : threads) thread.join();
  int accepted = 0;
  for (const auto& outcome : outcomes) {
    accepted += outcome.disposition == LodgingDisposition::accepted;
    EXPECT_EQ(outcome.declaration_id, outcomes[0].declaration_id);
    EXPECT_EQ(outcome.answer_json, outcomes[0].answer_json);
  }
  EXPECT_EQ(accepted, 1);
  auto report = store_->verify();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->declarations, 1u);
  EXPECT_TRUE(report->ok());
}

}  // namespace
}  // namespace oc
