// Shared by the transit tests: the base transit (Shenzhen Shekou port to a Qianhai zone), short
// times, event builders and one-line descriptions of alerts and closings for exact comparison.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "transit/seal_event.h"
#include "transit/transit.h"
#include "transit/transit_state.h"

namespace oc::testing {

// The day every short time ("08:05") falls on.
inline constexpr std::string_view base_day = "2026-11-23";

// The base transit's top-level fields as (key, JSON text), in contract order. Corridor:
// (22.48, 113.88) -> (22.50, 113.89) -> (22.52, 113.90), 500 m wide (250 m each side); deadline
// 18:00; registered (by the tests) at 08:00.
std::vector<std::pair<std::string, std::string>> base_transit_fields();
std::string join_transit_fields(const std::vector<std::pair<std::string, std::string>>& fields);
std::string base_transit_json();
Transit base_transit();

// "08:05" / "08:05:30" on base_day, or a full timestamp. Aborts the test on nonsense.
TimePoint at(std::string_view text);
// The inverse: "08:05" (seconds when not zero) on base_day, the full timestamp otherwise.
std::string short_time(TimePoint time);

// A seal event; lat and lon as decimal strings ("" for none).
SealEvent event(std::string id, SealEventType type, std::string_view time,
                std::string_view lat = "", std::string_view lon = "");

// "tamper:EV-5 at 09:00 open", "silent_seal:… at 08:35 since 08:05 until 09:10 open",
// "overdue at 18:00 event EV-9 resolved 19:00".
std::string describe(const Alert& alert);
// "TR-1:arrival QH-ZONE-1/ENT-0001 arrived 09:00 closed 09:10 lines SKU-1 8471300000 NAR 100; …"
std::string describe(const ClosingInstruction& closing);
// Status, hold, seal, arrival, closing and every alert: equal views describe equally.
std::string describe(const TransitView& view);

std::string read_text_file(const std::string& path);

}  // namespace oc::testing
