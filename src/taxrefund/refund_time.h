// Calendar days of the tax refund rules. Purchase dates are the store's local calendar dates and
// exit ports are in China, so "today" and "the day of departure" are taken in China Standard
// Time (UTC+8, no daylight saving), not in UTC: a purchase at 01:00 in Shenzhen is on that day.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace oc {

inline constexpr std::chrono::hours refund_local_utc_offset{8};

// "YYYY-MM-DD" of `at` in China Standard Time.
inline std::string local_date(TimePoint at) {
  return format_date(at + refund_local_utc_offset);
}

// Whole days from date `from` to date `to` (both "YYYY-MM-DD"); negative when `to` is earlier.
// nullopt when either is not a date.
inline std::optional<std::int64_t> days_between(std::string_view from, std::string_view to) {
  auto a = parse_timestamp(from);
  auto b = parse_timestamp(to);
  if (!a || !b || from.size() != 10 || to.size() != 10) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::days>(*b - *a).count();
}

}  // namespace oc
