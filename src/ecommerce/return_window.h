// The return window of cleared e-commerce retail imports: GACC Announcement 2020 No. 45 allows a
// cleared cross-border e-commerce retail import to be returned within 30 days of its release
// (the day customs cleared it), the returned goods then leaving the buyer's annual quota.
// Thread safety: pure.
#pragma once

#include <chrono>

#include "core/clock.h"

namespace oc {

inline constexpr int ecommerce_return_days = 30;

// True when `returned_at` is not before `cleared_at` and at most ecommerce_return_days × 24 h
// after it (the boundary instant included).
inline bool within_return_window(TimePoint cleared_at, TimePoint returned_at) {
  return returned_at >= cleared_at &&
         returned_at - cleared_at <= std::chrono::days(ecommerce_return_days);
}

}  // namespace oc
