// Properties of the transit monitor over random event sets drawn from a small vocabulary
// (times within two hours, so that ties, gaps, arrivals and deadlines meet often):
//   - order independence: the same events in any arrival order, with any replays mixed in, end
//     in the same view after the same tick — including the sorted order, where every event takes
//     the in-order fast path, against shuffles that take the re-fold;
//   - the view is consistent: status follows from closing and open alerts; a closing has an
//     arrival, a `sealed` at or before it, no open blocking alert, and came after the settle time.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "transit/transit_monitor.h"
#include "transit_test_support.h"

namespace oc {
namespace {

// Places on and off the base corridor (tests/data/transit/monitor.txt lists them).
const std::vector<std::pair<std::string, std::string>> places = {
    {"22.48", "113.88"},    {"22.49", "113.885"}, {"22.50", "113.89"}, {"22.51", "113.895"},
    {"22.517", "113.8985"}, {"22.519", "113.90"}, {"22.52", "113.90"}, {"22.50", "113.90"},
    {"22.505", "113.905"},  {"22.50", "113.891"}};

struct EventSpec {
  int type = 0;    // index into SealEventType
  int minute = 0;  // after 08:00
  int second = 0;  // 0 or 30, for ties and near-ties
  int place = 0;   // index into places; -1: no lat/lon (other than position)
};

rc::Gen<EventSpec> event_spec() {
  return rc::gen::build<EventSpec>(
      rc::gen::set(&EventSpec::type,
                   rc::gen::weightedElement<int>({{2, 0}, {8, 1}, {1, 2}, {1, 3}, {1, 4}})),
      rc::gen::set(&EventSpec::minute, rc::gen::inRange(0, 120)),
      rc::gen::set(&EventSpec::second, rc::gen::element(0, 30)),
      rc::gen::set(&EventSpec::place, rc::gen::inRange(-1, static_cast<int>(places.size()))));
}

std::vector<SealEvent> events_of(const std::vector<EventSpec>& specs) {
  std::vector<SealEvent> events;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const EventSpec& spec = specs[i];
    SealEvent e;
    e.id = "EV-" + std::to_string(i);
    e.type = static_cast<SealEventType>(spec.type);
    e.at = testing::at("08:00") + std::chrono::minutes(spec.minute) +
           std::chrono::seconds(spec.second);
    int place = spec.place;
    if (e.type == SealEventType::position && place < 0) place = static_cast<int>(i % places.size());
    if (place >= 0) {
      e.lat = Decimal::parse(places[place].first).value();
      e.lon = Decimal::parse(places[place].second).value();
    }
    events.push_back(e);
  }
  return events;
}

struct Scenario {
  std::vector<SealEvent> events;
  MonitorOptions options;
  TimePoint deadline;
  TimePoint tick;
};

rc::Gen<Scenario> scenario() {
  return rc::gen::map(rc::gen::tuple(rc::gen::container<std::vector<EventSpec>>(event_spec()),
                                     rc::gen::inRange(5, 45), rc::gen::inRange(0, 20),
                                     rc::gen::inRange(30, 150), rc::gen::inRange(0, 180)),
                      [](const auto& generated) {
                        const auto& [specs, silence, settle, deadline, tick] = generated;
                        Scenario s;
                        s.events = events_of(specs);
                        s.options.tracker.seal_silence_max = std::chrono::minutes(silence);
                        s.options.tracker.closing_settle = std::chrono::minutes(settle);
                        s.deadline = testing::at("08:00") + std::chrono::minutes(deadline);
                        s.tick = testing::at("08:00") + std::chrono::minutes(tick);
                        return s;
                      });
}

Transit transit_due(TimePoint deadline) {
  Transit t = testing::base_transit();
  t.deadline = deadline;
  return t;
}

// Registers the transit, applies `order`, ticks; returns the final view.
TransitView run(const Scenario& s, const std::vector<SealEvent>& order) {
  TransitMonitor monitor(s.options);
  RC_ASSERT(
      monitor.add(transit_due(s.deadline), TransitContext{"5301", testing::at("08:00")}).ok());
  for (const SealEvent& e : order) {
    auto applied = monitor.apply("TR-1", e);
    RC_ASSERT(applied.ok());
  }
  monitor.tick(s.tick);
  return *monitor.view("TR-1");
}

RC_GTEST_PROP(TransitMonitorProperty, TheArrivalOrderDoesNotMatter, ()) {
  Scenario s = *scenario();
  std::uint32_t seed = *rc::gen::arbitrary<std::uint32_t>();
  std::vector<SealEvent> sorted = s.events;
  std::sort(sorted.begin(), sorted.end(), [](const SealEvent& a, const SealEvent& b) {
    return a.at != b.at ? a.at < b.at : a.id < b.id;
  });
  std::vector<SealEvent> shuffled = s.events;
  std::mt19937 random(seed);
  // Replays: about a third of the events come twice.
  for (const SealEvent& e : s.events) {
    if (random() % 3 == 0) shuffled.push_back(e);
  }
  std::shuffle(shuffled.begin(), shuffled.end(), random);

  TransitView in_order = run(s, sorted);
  TransitView any_order = run(s, shuffled);
  RC_ASSERT(testing::describe(any_order) == testing::describe(in_order));
  RC_ASSERT(any_order == in_order);
  RC_ASSERT(run(s, s.events) == in_order);
}

RC_GTEST_PROP(TransitMonitorProperty, TheViewIsConsistent, ()) {
  Scenario s = *scenario();
  TransitView view = run(s, s.events);
  bool any_open =
      std::any_of(view.alerts.begin(), view.alerts.end(), [](const Alert& a) { return a.open; });
  bool open_blocking = std::any_of(view.alerts.begin(), view.alerts.end(),
                                   [](const Alert& a) { return a.open && blocks_closing(a.kind); });
  if (view.closing) {
    RC_ASSERT(view.status == TransitStatus::closed);
    RC_ASSERT(view.hold == ClosingHold::none);
    RC_ASSERT(view.arrived_at.has_value());
    RC_ASSERT(!open_blocking);
    RC_ASSERT(view.closing->arrived_at == *view.arrived_at);
    RC_ASSERT(view.closing->closed_at >= *view.arrived_at + s.options.tracker.closing_settle);
    RC_ASSERT(view.closing->closed_at == s.tick);
    bool sealed_by_arrival = std::any_of(s.events.begin(), s.events.end(), [&](const SealEvent& e) {
      return e.type == SealEventType::sealed && e.at <= *view.arrived_at;
    });
    RC_ASSERT(sealed_by_arrival);
  } else {
    RC_ASSERT(view.status == (any_open          ? TransitStatus::alert
                              : view.arrived_at ? TransitStatus::arrived
                                                : TransitStatus::in_transit));
    if (view.arrived_at && view.hold == ClosingHold::settling) {
      RC_ASSERT(s.tick < *view.arrived_at + s.options.tracker.closing_settle);
    }
  }
  // Every event-raised alert names an event the transit holds, at that event's time.
  for (const Alert& alert : view.alerts) {
    if (alert.kind == AlertKind::overdue || alert.kind == AlertKind::silent_seal) continue;
    auto raised_by = std::find_if(s.events.begin(), s.events.end(),
                                  [&](const SealEvent& e) { return e.id == alert.event_id; });
    RC_ASSERT(raised_by != s.events.end());
    RC_ASSERT(raised_by->at == alert.at);
  }
  RC_ASSERT(view.events == s.events.size());
}

}  // namespace
}  // namespace oc
