// Clearance times per link, derived from a declaration's events, and their percentiles.
#include "declaration/clearance_times.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "declaration/lifecycle.h"

namespace oc {
namespace {

constexpr std::array<std::string_view, clearance_link_count> kLinkNames = {
    "lodged_to_lane", "lane_to_findings", "checks_to_release", "release_to_exit",
    "lodged_to_release"};

// When a declaration reached each point of its way. A replayed history reaches each at most once.
struct Milestones {
  std::optional<TimePoint> lodged;
  std::optional<TimePoint> lane_assigned;
  std::optional<TimePoint> findings;  // findings_recorded, or documents_accepted (review done)
  std::optional<TimePoint> released;
  std::optional<TimePoint> exited;
};

Milestones find_milestones(std::span<const Event> events) {
  Milestones milestones;
  for (const Event& event : events) {
    switch (event.type) {
      case EventType::lodged:
        milestones.lodged = event.at;
        break;
      case EventType::lane_assigned:
        milestones.lane_assigned = event.at;
        break;
      case EventType::documents_accepted:
      case EventType::findings_recorded:
        milestones.findings = event.at;
        break;
      case EventType::released:
        milestones.released = event.at;
        break;
      case EventType::exit_confirmed:
        milestones.exited = event.at;
        break;
      default:
        break;
    }
  }
  return milestones;
}

}  // namespace

std::string_view to_string(ClearanceLink link) {
  return kLinkNames[static_cast<std::size_t>(link)];
}

Result<ClearanceTimes> derive_clearance_times(std::span<const Event> events) {
  auto state = replay(events);
  if (!state) return std::move(state).error();

  ClearanceTimes times;
  if (events.empty()) return times;
  times.declaration_id = events.front().declaration_id;

  const Milestones at = find_milestones(events);
  // Only yellow and red lanes have findings; green and blue go from selection to settlement.
  const std::optional<TimePoint> checks_done = at.findings ? at.findings : at.lane_assigned;
  const std::array<std::pair<std::optional<TimePoint>, std::optional<TimePoint>>,
                   clearance_link_count>
      ends = {{{at.lodged, at.lane_assigned},
               {at.lane_assigned, at.findings},
               {checks_done, at.released},
               {at.released, at.exited},
               {at.lodged, at.released}}};
  for (std::size_t link = 0; link < ends.size(); ++link) {
    const auto& [start, end] = ends[link];
    if (!start || !end) continue;
    if (*end < *start) {
      return make_error(
          "clearance_times.time_reversed", "",
          fmt::format("declaration {}: {} ends at {}, before it starts at {}", times.declaration_id,
                      kLinkNames[link], format_timestamp(*end), format_timestamp(*start)));
    }
    // Event times are timestamps of years 0001-9999, so the difference fits in 64 bits.
    times.durations[link] = *end - *start;
  }
  return times;
}

std::array<ClearanceLinkSummary, clearance_link_count> summarize_clearance_times(
    std::span<const ClearanceTimes> declarations) {
  std::array<ClearanceLinkSummary, clearance_link_count> summaries;
  std::vector<std::chrono::microseconds> durations;
  durations.reserve(declarations.size());
  for (std::size_t link = 0; link < summaries.size(); ++link) {
    durations.clear();
    for (const ClearanceTimes& declaration : declarations) {
      if (declaration.durations[link]) durations.push_back(*declaration.durations[link]);
    }
    std::ranges::sort(durations);
    summaries[link] = ClearanceLinkSummary{
        .link = static_cast<ClearanceLink>(link),
        .declaration_count = static_cast<std::int64_t>(durations.size()),
        .median = nearest_rank_percentile(durations, 50),
        .p90 = nearest_rank_percentile(durations, 90),
    };
  }
  return summaries;
}

std::optional<std::chrono::microseconds> nearest_rank_percentile(
    std::span<const std::chrono::microseconds> sorted, int percent) {
  assert(percent >= 1 && percent <= 100);
  assert(std::ranges::is_sorted(sorted));
  if (sorted.empty()) return std::nullopt;
  // ceil(percent * n / 100) in integers; n * 100 cannot overflow for any span that fits in memory.
  const std::size_t rank = (sorted.size() * static_cast<std::size_t>(percent) + 99) / 100;
  return sorted[rank - 1];
}

}  // namespace oc
