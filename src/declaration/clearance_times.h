// Clearance times: how long one declaration spent on each link of its way through customs,
// derived from its events, and the median and 90th percentile of each link over many
// declarations (served later as GET /v1/stats/clearance-times).
//
// Link end points are event times (Event::at), never the clock: these are pure functions over
// values and may be called from any thread. docs/lifecycle.md defines each link.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "declaration/event.h"

namespace oc {

enum class ClearanceLink {
  lodged_to_lane,     // lodged -> lane_assigned (validation, assessment, risk selection)
  lane_to_findings,   // lane_assigned -> findings recorded; yellow and red lanes only
  checks_to_release,  // end of checks -> released: from the findings (yellow, red) or from
                      // lane_assigned (green, blue, which carry no check); mostly duty settlement
  release_to_exit,    // released -> exit_confirmed
  lodged_to_release,  // lodged -> released: the whole clearance
};
inline constexpr int clearance_link_count = 5;

// "lodged_to_lane", "lane_to_findings", ...: the names used in JSON and in docs/lifecycle.md.
std::string_view to_string(ClearanceLink link);

struct ClearanceTimes {
  std::string declaration_id;
  // Indexed by ClearanceLink; nullopt while the declaration has not travelled the link (it has
  // not reached the link's end yet, or never will: a green lane has no lane_to_findings).
  std::array<std::optional<std::chrono::microseconds>, clearance_link_count> durations;

  std::optional<std::chrono::microseconds> duration(ClearanceLink link) const {
    return durations[static_cast<std::size_t>(link)];
  }
  bool operator==(const ClearanceTimes&) const = default;
};

// Derives the link durations of one declaration from its events (all of them, in sequence
// order). The events must replay (lifecycle.h); their errors are returned as they are. A link
// whose end precedes its start is clearance_times.time_reversed (path empty). No events: an
// empty declaration_id and no durations.
Result<ClearanceTimes> derive_clearance_times(std::span<const Event> events);

struct ClearanceLinkSummary {
  ClearanceLink link = ClearanceLink::lodged_to_lane;
  std::int64_t declaration_count = 0;  // declarations that travelled the link
  // Nearest-rank percentiles (see nearest_rank_percentile); nullopt when declaration_count is 0.
  std::optional<std::chrono::microseconds> median;
  std::optional<std::chrono::microseconds> p90;

  bool operator==(const ClearanceLinkSummary&) const = default;
};

// One summary per link, in ClearanceLink order, over the declarations that travelled each link.
std::array<ClearanceLinkSummary, clearance_link_count> summarize_clearance_times(
    std::span<const ClearanceTimes> declarations);

// The nearest-rank percentile of `sorted`: the value at 1-based rank ceil(percent / 100 * n) of
// the n values in ascending order; nullopt when n is 0. The result is always one of the values
// (no interpolation), so the median of an even count is the lower middle value.
// REQUIRES: `sorted` ascending; 1 <= percent <= 100.
std::optional<std::chrono::microseconds> nearest_rank_percentile(
    std::span<const std::chrono::microseconds> sorted, int percent);

}  // namespace oc
