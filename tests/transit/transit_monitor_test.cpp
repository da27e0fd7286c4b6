// The monitor as a registry: idempotent registration and events, replays, limits, the alert list
// with its filters, rehydration, and many threads applying events to many transits at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "transit/transit_monitor.h"
#include "transit_test_support.h"

namespace oc {
namespace {

using testing::at;
using testing::event;

TransitContext context(std::string office = "5301") {
  return TransitContext{std::move(office), at("08:00")};
}

Transit transit_with_id(std::string id) {
  Transit t = testing::base_transit();
  t.id = std::move(id);
  return t;
}

// A complete journey: sealed, four positions along the route, arrival at 08:50.
std::vector<SealEvent> journey() {
  return {event("EV-1", SealEventType::sealed, "08:05", "22.48", "113.88"),
          event("EV-2", SealEventType::position, "08:15", "22.49", "113.885"),
          event("EV-3", SealEventType::position, "08:25", "22.50", "113.89"),
          event("EV-4", SealEventType::position, "08:35", "22.51", "113.895"),
          event("EV-5", SealEventType::position, "08:50", "22.52", "113.90")};
}

TEST(TransitMonitorAdd, ARegistrationReplayAnswersExistsAndOtherContentConflicts) {
  TransitMonitor monitor;
  auto first = monitor.add(testing::base_transit(), context());
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->kind, AddOutcome::Kind::created);
  // The replay comes later (another registration time) and from the API again: still exists.
  auto replay = monitor.add(testing::base_transit(), TransitContext{"5301", at("12:00")});
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->kind, AddOutcome::Kind::exists);
  Transit other = testing::base_transit();
  other.goods[0].quantity = Decimal::from_int(101);
  auto conflict = monitor.add(other, context());
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, "transit.exists_with_different_content");
  EXPECT_EQ(conflict.error().path, "/id");
  EXPECT_EQ(monitor.size(), 1u);
}

TEST(TransitMonitorAdd, AnInvalidTransitIsRefusedWithItsFirstError) {
  TransitMonitor monitor;
  Transit t = testing::base_transit();
  t.corridor.points.resize(1);
  auto refused = monitor.add(t, context());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "transit.corridor.points.count");
  EXPECT_EQ(monitor.size(), 0u);
}

TEST(TransitMonitorAdd, TheRegistryHasALimit) {
  MonitorOptions options;
  options.transits_max = 2;
  TransitMonitor monitor(options);
  ASSERT_TRUE(monitor.add(transit_with_id("TR-1"), context()).ok());
  ASSERT_TRUE(monitor.add(transit_with_id("TR-2"), context()).ok());
  auto full = monitor.add(transit_with_id("TR-3"), context());
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, "transit.registry_full");
  EXPECT_TRUE(monitor.add(transit_with_id("TR-2"), context()).ok());  // a replay still answers
  EXPECT_EQ(monitor.size(), 2u);
}

TEST(TransitMonitorApply, UnknownTransit) {
  TransitMonitor monitor;
  auto applied = monitor.apply("TR-404", journey()[0]);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, "transit.not_found");
  EXPECT_EQ(monitor.view("TR-404").error().code, "transit.not_found");
  EXPECT_EQ(monitor.tick("TR-404", at("09:00")).error().code, "transit.not_found");
  EXPECT_EQ(monitor.resolve_alert("TR-404", "overdue", at("09:00")).error().code,
            "transit.not_found");
}

TEST(TransitMonitorApply, ReplayingEveryEventAnyNumberOfTimesChangesNothing) {
  TransitMonitor once, many;
  ASSERT_TRUE(once.add(testing::base_transit(), context()).ok());
  ASSERT_TRUE(many.add(testing::base_transit(), context()).ok());
  for (const SealEvent& e : journey()) ASSERT_TRUE(once.apply("TR-1", e).ok());
  std::vector<SealEvent> replays;
  for (int round = 0; round < 3; ++round) {
    for (const SealEvent& e : journey()) replays.push_back(e);
  }
  std::shuffle(replays.begin(), replays.end(), std::mt19937(7));
  int created = 0, exists = 0;
  for (const SealEvent& e : replays) {
    auto applied = many.apply("TR-1", e);
    ASSERT_TRUE(applied.ok());
    (applied->kind == ApplyOutcome::Kind::created ? created : exists)++;
  }
  EXPECT_EQ(created, 5);
  EXPECT_EQ(exists, 10);
  once.tick(at("09:00"));
  many.tick(at("09:00"));
  EXPECT_EQ(testing::describe(*many.view("TR-1")), testing::describe(*once.view("TR-1")));
  EXPECT_EQ(*many.view("TR-1"), *once.view("TR-1"));
}

TEST(TransitMonitorApply, TheEventsPerTransitLimit) {
  TransitMonitor monitor;
  ASSERT_TRUE(monitor.add(testing::base_transit(), context()).ok());
  for (std::size_t i = 0; i < seal_events_per_transit_max; ++i) {
    SealEvent e = event("EV-" + std::to_string(i), SealEventType::battery_low, "08:05");
    e.at += std::chrono::seconds(i);
    ASSERT_TRUE(monitor.apply("TR-1", e).ok()) << i;
  }
  SealEvent one_more = event("EV-X", SealEventType::sealed, "08:05");
  auto refused = monitor.apply("TR-1", one_more);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "transit.seal_events.too_many");
  // A replay of an event held still answers.
  SealEvent first = event("EV-0", SealEventType::battery_low, "08:05");
  EXPECT_EQ(monitor.apply("TR-1", first)->kind, ApplyOutcome::Kind::exists);
}

TEST(TransitMonitorApply, AnInvalidEventBuiltInCodeIsRefused) {
  TransitMonitor monitor;
  ASSERT_TRUE(monitor.add(testing::base_transit(), context()).ok());
  SealEvent e = event("EV-1", SealEventType::position, "08:05");  // no lat/lon
  auto refused = monitor.apply("TR-1", e);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "seal_event.lat.required");
}

TEST(TransitMonitorTick, ClosesOnceAndTimeNeverRunsBackwards) {
  TransitMonitor monitor;
  ASSERT_TRUE(monitor.add(testing::base_transit(), context()).ok());
  for (const SealEvent& e : journey()) ASSERT_TRUE(monitor.apply("TR-1", e).ok());
  EXPECT_TRUE(monitor.tick(at("08:55")).closings.empty());
  TickReport report = monitor.tick(at("09:00"));
  ASSERT_EQ(report.closings.size(), 1u);
  EXPECT_EQ(report.closings[0].movement_id, "TR-1:arrival");
  EXPECT_EQ(report.closings[0].goods, testing::base_transit().goods);
  EXPECT_EQ(report.closings[0].account, testing::base_transit().destination_account);
  EXPECT_TRUE(monitor.tick(at("09:30")).closings.empty());  // exactly once
  EXPECT_TRUE(monitor.tick(at("08:00")).closings.empty());  // an older time changes nothing
  EXPECT_EQ(monitor.view("TR-1")->closed_at, at("09:00"));
}

TEST(TransitMonitorTick, OneTransitTickClosesWithoutTheSweep) {
  MonitorOptions options;
  options.tracker.closing_settle = std::chrono::minutes(0);
  TransitMonitor monitor(options);
  ASSERT_TRUE(monitor.add(testing::base_transit(), context()).ok());
  for (const SealEvent& e : journey()) ASSERT_TRUE(monitor.apply("TR-1", e).ok());
  auto outcome = monitor.tick("TR-1", at("08:50"));
  ASSERT_TRUE(outcome.ok());
  ASSERT_TRUE(outcome->closing.has_value());
  EXPECT_EQ(outcome->closing->arrived_at, at("08:50"));
}

TEST(TransitMonitorRestore, RehydrationLatchesTheClosing) {
  TransitMonitor monitor;
  ASSERT_TRUE(monitor.add(testing::base_transit(), context()).ok());
  auto early = monitor.restore_closing("TR-1", at("09:00"));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, "transit.not_arrived");
  for (const SealEvent& e : journey()) ASSERT_TRUE(monitor.apply("TR-1", e).ok());
  // A tamper stamped after the recorded closing raises nothing once the closing is restored.
  ASSERT_TRUE(monitor.apply("TR-1", event("EV-9", SealEventType::tamper, "09:30")).ok());
  EXPECT_EQ(monitor.view("TR-1")->status, TransitStatus::alert);
  ASSERT_TRUE(monitor.restore_closing("TR-1", at("09:00")).ok());
  TransitView view = *monitor.view("TR-1");
  EXPECT_EQ(view.status, TransitStatus::closed);
  EXPECT_TRUE(view.alerts.empty());
  EXPECT_TRUE(monitor.tick(at("10:00")).closings.empty());  // not handed out again
}

TEST(TransitMonitorAlerts, FilteredByOfficeAndOpenness) {
  TransitMonitor monitor;
  ASSERT_TRUE(monitor.add(transit_with_id("TR-A"), context("5301")).ok());
  ASSERT_TRUE(monitor.add(transit_with_id("TR-B"), context("5316")).ok());
  ASSERT_TRUE(monitor.add(transit_with_id("TR-C"), context("5301")).ok());
  ASSERT_TRUE(monitor.apply("TR-A", event("EV-1", SealEventType::tamper, "08:10")).ok());
  ASSERT_TRUE(monitor.apply("TR-B", event("EV-1", SealEventType::opened, "08:05")).ok());
  ASSERT_TRUE(monitor.apply("TR-C", event("EV-1", SealEventType::sealed, "08:05")).ok());
  ASSERT_TRUE(monitor.apply("TR-C", event("EV-2", SealEventType::tamper, "08:20")).ok());
  ASSERT_TRUE(monitor.resolve_alert("TR-C", "tamper:EV-2", at("08:30")).ok());

  auto describe = [](const AlertList& list) {
    std::vector<std::string> text;
    for (const TransitAlert& a : list.alerts) {
      text.push_back(a.transit_id + " " + a.office + " " + testing::describe(a.alert));
    }
    return text;
  };
  EXPECT_EQ(describe(monitor.alerts(AlertFilter{})),
            (std::vector<std::string>{"TR-B 5316 opened_before_arrival:EV-1 at 08:05 open",
                                      "TR-A 5301 tamper:EV-1 at 08:10 open"}));
  EXPECT_EQ(describe(monitor.alerts(AlertFilter{"5301", true})),
            (std::vector<std::string>{"TR-A 5301 tamper:EV-1 at 08:10 open"}));
  EXPECT_EQ(describe(monitor.alerts(AlertFilter{"5301", false})),
            (std::vector<std::string>{"TR-A 5301 tamper:EV-1 at 08:10 open",
                                      "TR-C 5301 tamper:EV-2 at 08:20 resolved 08:30"}));
  AlertList page = monitor.alerts(AlertFilter{std::nullopt, false, 1});
  EXPECT_EQ(page.alerts.size(), 1u);
  EXPECT_TRUE(page.more);
  EXPECT_FALSE(monitor.alerts(AlertFilter{"9999", false}).more);
}

TEST(TransitMonitorAlerts, ATickReportsWhatItsTimeRaised) {
  TransitMonitor monitor;
  ASSERT_TRUE(monitor.add(transit_with_id("TR-A"), context("5301")).ok());
  ASSERT_TRUE(monitor.add(transit_with_id("TR-B"), context("5316")).ok());
  ASSERT_TRUE(monitor.apply("TR-B", event("EV-1", SealEventType::sealed, "08:20")).ok());
  TickReport report = monitor.tick(at("08:45"));
  ASSERT_EQ(report.raised.size(), 1u);
  EXPECT_EQ(report.raised[0].transit_id, "TR-A");
  EXPECT_EQ(report.raised[0].alert.id, "silent_seal:2026-11-23T08:00:00Z");
  EXPECT_TRUE(monitor.tick(at("08:46")).raised.empty());
  report = monitor.tick(at("18:01"));
  std::vector<std::string> raised;
  for (const TransitAlert& a : report.raised) raised.push_back(a.transit_id + " " + a.alert.id);
  EXPECT_EQ(raised, (std::vector<std::string>{"TR-A overdue", "TR-B overdue",
                                              "TR-B silent_seal:2026-11-23T08:20:00Z"}));
}

// Many transits, each with its own journey (some with alerts), applied by four threads at once
// in a shuffled order, while two more threads tick and list alerts; the final views must equal a
// sequential run's.
TEST(TransitMonitorConcurrency, ThreadsApplyingToManyTransitsEndAsASequentialRun) {
  constexpr int transits = 200;
  std::vector<std::pair<std::string, SealEvent>> work;
  for (int t = 0; t < transits; ++t) {
    std::string id = "TR-" + std::to_string(t);
    std::vector<SealEvent> events = journey();
    if (t % 3 == 0) events.push_back(event("EV-6", SealEventType::tamper, "08:30"));
    if (t % 5 == 0)
      events.push_back(event("EV-7", SealEventType::position, "08:40", "22.50", "113.90"));
    if (t % 7 == 0) events.erase(events.begin() + 2);  // a 20-minute gap and no vertex fix
    for (const SealEvent& e : events) {
      work.emplace_back(id, e);
      if (t % 2 == 0) work.emplace_back(id, e);  // replays
    }
  }
  auto register_all = [&](TransitMonitor& monitor) {
    for (int t = 0; t < transits; ++t) {
      ASSERT_TRUE(
          monitor.add(transit_with_id("TR-" + std::to_string(t)), context(t % 2 ? "5301" : "5316"))
              .ok());
    }
  };

  TransitMonitor sequential;
  register_all(sequential);
  for (const auto& [id, e] : work) ASSERT_TRUE(sequential.apply(id, e).ok());

  TransitMonitor concurrent;
  register_all(concurrent);
  std::vector<std::pair<std::string, SealEvent>> shuffled = work;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(2026));
  constexpr int appliers = 4;
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < appliers; ++w) {
    threads.emplace_back([&, w] {
      for (std::size_t i = w; i < shuffled.size(); i += appliers) {
        if (!concurrent.apply(shuffled[i].first, shuffled[i].second).ok()) failures++;
      }
    });
  }
  // Readers at the same time: ticks before any arrival can close (08:45 < 08:50 arrival) and
  // alert lists, so that they contend for the same locks without changing the outcome.
  std::thread ticker([&] {
    while (!done) concurrent.tick(at("08:45"));
  });
  std::thread lister([&] {
    while (!done) (void)concurrent.alerts(AlertFilter{"5301", false, alerts_page_max});
  });
  for (int w = 0; w < appliers; ++w) threads[w].join();
  done = true;
  ticker.join();
  lister.join();
  EXPECT_EQ(failures.load(), 0);

  sequential.tick(at("08:45"));
  TickReport sequential_report = sequential.tick(at("09:30"));
  TickReport concurrent_report = concurrent.tick(at("09:30"));
  EXPECT_EQ(concurrent_report.closings, sequential_report.closings);
  EXPECT_FALSE(sequential_report.closings.empty());
  for (int t = 0; t < transits; ++t) {
    std::string id = "TR-" + std::to_string(t);
    ASSERT_EQ(testing::describe(*concurrent.view(id)), testing::describe(*sequential.view(id)));
  }
  EXPECT_EQ(concurrent.alerts(AlertFilter{std::nullopt, false, alerts_page_max}).alerts,
            sequential.alerts(AlertFilter{std::nullopt, false, alerts_page_max}).alerts);
}

}  // namespace
}  // namespace oc
