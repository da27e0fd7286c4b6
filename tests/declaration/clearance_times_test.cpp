// Clearance times: link durations derived from events, to the microsecond, and the nearest-rank
// median and 90th percentile over a known set.
#include "declaration/clearance_times.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace oc {
namespace {

using namespace std::chrono_literals;
using std::chrono::microseconds;

const TimePoint kMonday = std::chrono::sys_days{std::chrono::year{2026} / 11 / 23};

class History {
 public:
  explicit History(std::string declaration_id) : declaration_id_(std::move(declaration_id)) {}

  History& add(EventType type, Role role, TimePoint at, std::string payload = "{}") {
    events_.push_back(Event{.sequence = static_cast<std::int64_t>(events_.size()) + 1,
                            .declaration_id = declaration_id_,
                            .type = type,
                            .actor = Actor{.role = role, .id = std::string(to_string(role))},
                            .at = at,
                            .payload_json = std::move(payload)});
    return *this;
  }
  const std::vector<Event>& events() const { return events_; }

 private:
  std::string declaration_id_;
  std::vector<Event> events_;
};

History green_to_exit() {
  History history("D2026112300000001");
  history.add(EventType::lodged, Role::trader, kMonday + 8h)
      .add(EventType::accepted, Role::system, kMonday + 8h + 1500ms)
      .add(EventType::lane_assigned, Role::system, kMonday + 8h + 2250ms, R"({"lane":"green"})")
      .add(EventType::duties_paid, Role::system, kMonday + 9h + 30min, R"({"reference":"P1"})")
      .add(EventType::released, Role::system, kMonday + 9h + 30min + 1us)
      .add(EventType::exit_confirmed, Role::officer, kMonday + 48h + 14h);
  return history;
}

TEST(ClearanceTimes, GreenLaneToExit) {
  const auto times = derive_clearance_times(green_to_exit().events());
  ASSERT_TRUE(times.ok()) << times.error().message;
  EXPECT_EQ(times->declaration_id, "D2026112300000001");
  EXPECT_EQ(times->duration(ClearanceLink::lodged_to_lane), microseconds{2'250'000});
  EXPECT_EQ(times->duration(ClearanceLink::lane_to_findings), std::nullopt);
  // From the lane (green has no check) to release: 1:29:57.750001.
  EXPECT_EQ(times->duration(ClearanceLink::checks_to_release), microseconds{5'397'750'001});
  // 2 days 4:29:59.999999.
  EXPECT_EQ(times->duration(ClearanceLink::release_to_exit), microseconds{188'999'999'999});
  EXPECT_EQ(times->duration(ClearanceLink::lodged_to_release), microseconds{5'400'000'001});
}

TEST(ClearanceTimes, YellowLaneWithDocumentLoopNotYetExited) {
  History history("D2026112300000002");
  history.add(EventType::lodged, Role::trader, kMonday + 8h)
      .add(EventType::accepted, Role::system, kMonday + 8h + 1s)
      .add(EventType::lane_assigned, Role::system, kMonday + 8h + 3s, R"({"lane":"yellow"})")
      .add(EventType::document_review_started, Role::officer, kMonday + 8h + 30min)
      .add(EventType::documents_requested, Role::officer, kMonday + 8h + 45min,
           R"({"documents":"invoice"})")
      .add(EventType::documents_submitted, Role::trader, kMonday + 10h + 45min)
      .add(EventType::documents_accepted, Role::officer, kMonday + 11h + 500ms)
      .add(EventType::duties_paid, Role::system, kMonday + 11h + 20min, R"({"reference":"P2"})")
      .add(EventType::released, Role::officer, kMonday + 11h + 20min + 250ms);
  const auto times = derive_clearance_times(history.events());
  ASSERT_TRUE(times.ok()) << times.error().message;
  EXPECT_EQ(times->duration(ClearanceLink::lodged_to_lane), microseconds{3'000'000});
  // 2:59:57.5, the document loop included.
  EXPECT_EQ(times->duration(ClearanceLink::lane_to_findings), microseconds{10'797'500'000});
  // 0:19:59.75 from documents accepted to release.
  EXPECT_EQ(times->duration(ClearanceLink::checks_to_release), microseconds{1'199'750'000});
  EXPECT_EQ(times->duration(ClearanceLink::release_to_exit), std::nullopt);
  EXPECT_EQ(times->duration(ClearanceLink::lodged_to_release), microseconds{12'000'250'000});
}

TEST(ClearanceTimes, RedLaneStillInProgress) {
  History history("D2026112300000003");
  history.add(EventType::lodged, Role::trader, kMonday + 8h)
      .add(EventType::accepted, Role::system, kMonday + 8h + 2s)
      .add(EventType::lane_assigned, Role::system, kMonday + 8h + 4s, R"({"lane":"red"})")
      .add(EventType::inspection_started, Role::officer, kMonday + 13h)
      .add(EventType::findings_recorded, Role::officer, kMonday + 15h + 30min + 7us,
           R"({"outcome":"discrepancy"})");
  const auto times = derive_clearance_times(history.events());
  ASSERT_TRUE(times.ok()) << times.error().message;
  EXPECT_EQ(times->duration(ClearanceLink::lodged_to_lane), microseconds{4'000'000});
  EXPECT_EQ(times->duration(ClearanceLink::lane_to_findings), microseconds{26'996'000'007});
  EXPECT_EQ(times->duration(ClearanceLink::checks_to_release), std::nullopt);
  EXPECT_EQ(times->duration(ClearanceLink::release_to_exit), std::nullopt);
  EXPECT_EQ(times->duration(ClearanceLink::lodged_to_release), std::nullopt);
}

TEST(ClearanceTimes, RejectedDeclarationHasNoLinks) {
  History history("D2026112300000004");
  history.add(EventType::lodged, Role::trader, kMonday + 8h)
      .add(EventType::rejected, Role::officer, kMonday + 8h + 1s, R"({"reason":"duplicate"})");
  const auto times = derive_clearance_times(history.events());
  ASSERT_TRUE(times.ok()) << times.error().message;
  EXPECT_EQ(times->declaration_id, "D2026112300000004");
  for (const auto& duration : times->durations) EXPECT_EQ(duration, std::nullopt);
}

TEST(ClearanceTimes, CancelledAfterSelectionKeepsLodgedToLane) {
  History history("D2026112300000005");
  history.add(EventType::lodged, Role::trader, kMonday + 8h)
      .add(EventType::accepted, Role::system, kMonday + 8h + 1s)
      .add(EventType::lane_assigned, Role::system, kMonday + 8h + 90s, R"({"lane":"red"})")
      .add(EventType::cancelled, Role::trader, kMonday + 9h, R"({"reason":"withdrawn"})");
  const auto times = derive_clearance_times(history.events());
  ASSERT_TRUE(times.ok()) << times.error().message;
  EXPECT_EQ(times->duration(ClearanceLink::lodged_to_lane), microseconds{90'000'000});
  EXPECT_EQ(times->duration(ClearanceLink::lane_to_findings), std::nullopt);
  EXPECT_EQ(times->duration(ClearanceLink::lodged_to_release), std::nullopt);
}

TEST(ClearanceTimes, ZeroLengthLinkIsZero) {
  History history("D2026112300000006");
  history.add(EventType::lodged, Role::trader, kMonday + 8h)
      .add(EventType::accepted, Role::system, kMonday + 8h)
      .add(EventType::lane_assigned, Role::system, kMonday + 8h, R"({"lane":"blue"})");
  const auto times = derive_clearance_times(history.events());
  ASSERT_TRUE(times.ok()) << times.error().message;
  EXPECT_EQ(times->duration(ClearanceLink::lodged_to_lane), microseconds{0});
}

TEST(ClearanceTimes, LinkEndingBeforeItStartsIsAnError) {
  History history("D2026112300000007");
  history.add(EventType::lodged, Role::trader, kMonday + 8h)
      .add(EventType::accepted, Role::system, kMonday + 8h + 1s)
      .add(EventType::lane_assigned, Role::system, kMonday + 7h + 59min, R"({"lane":"green"})");
  const auto times = derive_clearance_times(history.events());
  ASSERT_FALSE(times.ok());
  EXPECT_EQ(times.error().code, "clearance_times.time_reversed");
  EXPECT_EQ(times.error().path, "");
  EXPECT_EQ(times.error().message,
            "declaration D2026112300000007: lodged_to_lane ends at 2026-11-23T07:59:00Z, before it "
            "starts at 2026-11-23T08:00:00Z");
}

TEST(ClearanceTimes, HistoryThatDoesNotReplayIsRefused) {
  History history("D2026112300000008");
  history.add(EventType::lodged, Role::trader, kMonday + 8h)
      .add(EventType::released, Role::system, kMonday + 9h);
  const auto times = derive_clearance_times(history.events());
  ASSERT_FALSE(times.ok());
  EXPECT_EQ(times.error().code, "lifecycle.illegal_transition");
}

TEST(ClearanceTimes, NoEvents) {
  const auto times = derive_clearance_times({});
  ASSERT_TRUE(times.ok());
  EXPECT_EQ(*times, ClearanceTimes{});
}

TEST(ClearanceTimes, LinkNames) {
  EXPECT_EQ(to_string(ClearanceLink::lodged_to_lane), "lodged_to_lane");
  EXPECT_EQ(to_string(ClearanceLink::lane_to_findings), "lane_to_findings");
  EXPECT_EQ(to_string(ClearanceLink::checks_to_release), "checks_to_release");
  EXPECT_EQ(to_string(ClearanceLink::release_to_exit), "release_to_exit");
  EXPECT_EQ(to_string(ClearanceLink::lodged_to_release), "lodged_to_release");
}

// ---------------------------------------------------------------------------------------------
// Percentiles.

std::vector<microseconds> seconds_from_one_to(int n) {
  std::vector<microseconds> values;
  for (int i = 1; i <= n; ++i) values.push_back(std::chrono::seconds(i));
  return values;
}

TEST(NearestRankPercentile, Definition) {
  EXPECT_EQ(nearest_rank_percentile({}, 50), std::nullopt);

  const std::vector<microseconds> one = {5s};
  for (int percent : {1, 50, 90, 100}) EXPECT_EQ(nearest_rank_percentile(one, percent), 5s);

  const auto ten = seconds_from_one_to(10);
  EXPECT_EQ(nearest_rank_percentile(ten, 1), 1s);
  EXPECT_EQ(nearest_rank_percentile(ten, 10), 1s);
  EXPECT_EQ(nearest_rank_percentile(ten, 11), 2s);
  EXPECT_EQ(nearest_rank_percentile(ten, 50), 5s);  // even count: the lower middle value
  EXPECT_EQ(nearest_rank_percentile(ten, 90), 9s);
  EXPECT_EQ(nearest_rank_percentile(ten, 91), 10s);
  EXPECT_EQ(nearest_rank_percentile(ten, 100), 10s);

  const auto eleven = seconds_from_one_to(11);
  EXPECT_EQ(nearest_rank_percentile(eleven, 50), 6s);
  EXPECT_EQ(nearest_rank_percentile(eleven, 90), 10s);  // rank ceil(9.9) = 10

  const auto twenty = seconds_from_one_to(20);
  EXPECT_EQ(nearest_rank_percentile(twenty, 50), 10s);
  EXPECT_EQ(nearest_rank_percentile(twenty, 90), 18s);

  const std::vector<microseconds> skewed = {1us, 1us, 1us, 100us};
  EXPECT_EQ(nearest_rank_percentile(skewed, 50), 1us);
  EXPECT_EQ(nearest_rank_percentile(skewed, 90), 100us);
}

ClearanceTimes with_links(std::vector<std::pair<ClearanceLink, microseconds>> links) {
  ClearanceTimes times;
  for (const auto& [link, duration] : links) {
    times.durations[static_cast<std::size_t>(link)] = duration;
  }
  return times;
}

TEST(ClearanceTimeSummary, MedianAndP90PerLinkOverAKnownSet) {
  // lodged_to_lane: ten declarations, 1..10 minutes in shuffled order.
  // lane_to_findings: three of them (10, 20, 30 minutes); checks_to_release: four (1..4 hours);
  // release_to_exit: none; lodged_to_release: one (42 hours).
  const std::vector<ClearanceTimes> declarations = {
      with_links({{ClearanceLink::lodged_to_lane, 7min},
                  {ClearanceLink::lane_to_findings, 30min},
                  {ClearanceLink::checks_to_release, 4h}}),
      with_links({{ClearanceLink::lodged_to_lane, 1min}}),
      with_links({{ClearanceLink::lodged_to_lane, 10min},
                  {ClearanceLink::checks_to_release, 1h},
                  {ClearanceLink::lodged_to_release, 42h}}),
      with_links({{ClearanceLink::lodged_to_lane, 3min}, {ClearanceLink::lane_to_findings, 10min}}),
      with_links({{ClearanceLink::lodged_to_lane, 5min}}),
      with_links({{ClearanceLink::lodged_to_lane, 2min}, {ClearanceLink::checks_to_release, 3h}}),
      with_links({{ClearanceLink::lodged_to_lane, 9min}}),
      with_links({{ClearanceLink::lodged_to_lane, 4min}, {ClearanceLink::lane_to_findings, 20min}}),
      with_links({{ClearanceLink::lodged_to_lane, 8min}, {ClearanceLink::checks_to_release, 2h}}),
      with_links({{ClearanceLink::lodged_to_lane, 6min}}),
      with_links({}),  // lodged a moment ago: no link yet
  };
  const auto summaries = summarize_clearance_times(declarations);

  EXPECT_EQ(summaries[0], (ClearanceLinkSummary{.link = ClearanceLink::lodged_to_lane,
                                                .declaration_count = 10,
                                                .median = 5min,
                                                .p90 = 9min}));
  EXPECT_EQ(summaries[1], (ClearanceLinkSummary{.link = ClearanceLink::lane_to_findings,
                                                .declaration_count = 3,
                                                .median = 20min,
                                                .p90 = 30min}));
  EXPECT_EQ(summaries[2], (ClearanceLinkSummary{.link = ClearanceLink::checks_to_release,
                                                .declaration_count = 4,
                                                .median = 2h,
                                                .p90 = 4h}));
  EXPECT_EQ(summaries[3], (ClearanceLinkSummary{.link = ClearanceLink::release_to_exit,
                                                .declaration_count = 0,
                                                .median = std::nullopt,
                                                .p90 = std::nullopt}));
  EXPECT_EQ(summaries[4], (ClearanceLinkSummary{.link = ClearanceLink::lodged_to_release,
                                                .declaration_count = 1,
                                                .median = 42h,
                                                .p90 = 42h}));
}

TEST(ClearanceTimeSummary, DerivedTimesFeedTheSummary) {
  const auto green = derive_clearance_times(green_to_exit().events());
  ASSERT_TRUE(green.ok());
  const std::vector<ClearanceTimes> declarations = {*green};
  const auto summaries = summarize_clearance_times(declarations);
  EXPECT_EQ(summaries[static_cast<std::size_t>(ClearanceLink::lodged_to_release)].median,
            microseconds{5'400'000'001});
  EXPECT_EQ(summaries[static_cast<std::size_t>(ClearanceLink::lane_to_findings)].declaration_count,
            0);
}

TEST(ClearanceTimeSummary, NoDeclarations) {
  const auto summaries = summarize_clearance_times({});
  for (int link = 0; link < clearance_link_count; ++link) {
    const auto& summary = summaries[static_cast<std::size_t>(link)];
    EXPECT_EQ(summary.link, static_cast<ClearanceLink>(link));
    EXPECT_EQ(summary.declaration_count, 0);
    EXPECT_EQ(summary.median, std::nullopt);
    EXPECT_EQ(summary.p90, std::nullopt);
  }
}

}  // namespace
}  // namespace oc
