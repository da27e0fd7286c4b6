// Fuzz target: the first line of the input is a transit body (POST /v1/transits); every further
// line is a seal-event body, or "tick TIMESTAMP", or "resolve ALERT_ID". The transit (or, when it
// does not register, a fixed valid one) goes into a monitor and the lines are applied in order.
// Nothing may crash, hang or trip a sanitizer; beyond that:
//   - every error has a transit./seal_event./alert./json./body. code and an empty or "/" path;
//   - a cleanly decoded transit or event validates and survives the canonical round trip;
//   - a replay of every accepted event answers `exists`;
//   - the accepted events, applied to two fresh monitors in their order and in reverse and then
//     ticked once at the last tick's time, end in the same view (order independence);
//   - the view is consistent (a closing has an arrival and no open blocking alert).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "transit/transit_monitor.h"

namespace {

const char* const kBaseTransit =
    R"({"id":"TR-1","from":"CNSZX","to":"QH-ZONE-1","seal":"ES-0001",)"
    R"("deadline":"2026-11-23T18:00:00Z",)"
    R"("corridor":{"points":[[22.48,113.88],[22.50,113.89],[22.52,113.90]],"width_m":"500"},)"
    R"("goods":[{"item":"SKU-1","hs_code":"8471300000","unit":"NAR","quantity":"100"}],)"
    R"("destination_account":{"zone":"QH-ZONE-1","enterprise":"ENT-0001"}})";

void check(bool condition) {
  if (!condition) std::abort();
}

void check_error(const oc::Error& error) {
  std::string_view code = error.code;
  check(code.starts_with("transit.") || code.starts_with("seal_event.") ||
        code.starts_with("alert.") || code.starts_with("json.") || code == "body.too_large");
  check(error.path.empty() || error.path.front() == '/');
}

oc::TimePoint registered_at() {
  return *oc::parse_timestamp("2026-11-23T08:00:00Z");
}

oc::TransitView replay(const oc::Transit& transit, const std::vector<oc::SealEvent>& events,
                       bool reverse, oc::TimePoint tick) {
  oc::TransitMonitor monitor;
  check(monitor.add(transit, oc::TransitContext{"5301", registered_at()}).ok());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const oc::SealEvent& e = events[reverse ? events.size() - 1 - i : i];
    auto applied = monitor.apply(transit.id, e);
    check(applied.ok() && applied->kind == oc::ApplyOutcome::Kind::created);
  }
  monitor.tick(tick);
  return *monitor.view(transit.id);
}

void check_consistent(const oc::TransitView& view) {
  bool any_open = false, open_blocking = false;
  for (const oc::Alert& alert : view.alerts) {
    any_open = any_open || alert.open;
    open_blocking = open_blocking || (alert.open && oc::blocks_closing(alert.kind));
  }
  if (view.closing) {
    check(view.status == oc::TransitStatus::closed && view.arrived_at.has_value());
  } else {
    check(view.status == (any_open          ? oc::TransitStatus::alert
                          : view.arrived_at ? oc::TransitStatus::arrived
                                            : oc::TransitStatus::in_transit));
  }
  if (view.hold == oc::ClosingHold::settling) check(!open_blocking);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> lines;
  while (!input.empty()) {
    std::size_t end = input.find('\n');
    lines.push_back(input.substr(0, end));
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
  }
  if (lines.empty()) lines.push_back("");

  oc::DecodedTransit decoded = oc::decode_transit(lines[0]);
  for (const oc::Error& error : decoded.errors) check_error(error);
  if (decoded.errors.empty()) {
    check(oc::validate_transit(decoded.transit).empty());
    oc::DecodedTransit again = oc::decode_transit(oc::encode_transit(decoded.transit));
    check(again.errors.empty() && again.transit == decoded.transit);
  }

  oc::TransitMonitor monitor;
  oc::Transit transit = decoded.transit;
  bool registered = false;
  if (decoded.errors.empty()) {
    auto added = monitor.add(transit, oc::TransitContext{"5301", registered_at()});
    if (!added) check_error(added.error());
    registered = added.ok();
  }
  if (!registered) {
    transit = oc::decode_transit(kBaseTransit).transit;
    check(monitor.add(transit, oc::TransitContext{"5301", registered_at()}).ok());
  }

  std::vector<oc::SealEvent> accepted;
  oc::TimePoint last_tick = registered_at();
  for (std::size_t i = 1; i < lines.size() && i <= 2000; ++i) {
    std::string_view line = lines[i];
    if (line.starts_with("tick ")) {
      if (auto at = oc::parse_timestamp(line.substr(5))) {
        monitor.tick(*at);
        last_tick = std::max(last_tick, *at);
      }
      continue;
    }
    if (line.starts_with("resolve ")) {
      auto resolved = monitor.resolve_alert(transit.id, line.substr(8), last_tick);
      if (!resolved) check_error(resolved.error());
      continue;
    }
    oc::DecodedSealEvent event = oc::decode_seal_event(line);
    for (const oc::Error& error : event.errors) check_error(error);
    if (!event.errors.empty()) continue;
    check(oc::validate_seal_event(event.event).empty());
    oc::DecodedSealEvent again = oc::decode_seal_event(oc::encode_seal_event(event.event));
    check(again.errors.empty() && again.event == event.event);
    auto applied = monitor.apply(transit.id, event.event);
    if (!applied) {
      check_error(applied.error());
      continue;
    }
    if (applied->kind == oc::ApplyOutcome::Kind::created) accepted.push_back(event.event);
  }
  for (const oc::SealEvent& e : accepted) {
    auto applied = monitor.apply(transit.id, e);
    check(applied.ok() && applied->kind == oc::ApplyOutcome::Kind::exists);
  }
  check_consistent(*monitor.view(transit.id));

  oc::TransitView forward = replay(transit, accepted, false, last_tick);
  oc::TransitView backward = replay(transit, accepted, true, last_tick);
  check(forward == backward);
  check_consistent(forward);
  return 0;
}
