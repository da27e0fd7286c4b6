#include "api/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace oc::api {

std::int64_t RateLimiter::acquire(std::string_view key) {
  TimePoint now = clock_.now();
  std::lock_guard lock(mutex_);
  auto [it, inserted] = buckets_.try_emplace(std::string(key), Bucket{limit_.burst, now});
  Bucket& bucket = it->second;
  if (!inserted) {
    double elapsed_seconds = std::chrono::duration<double>(now - bucket.refilled_at).count();
    if (elapsed_seconds > 0) {
      bucket.tokens =
          std::min(limit_.burst, bucket.tokens + elapsed_seconds * limit_.requests_per_second);
      bucket.refilled_at = now;
    }
  }
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return 0;
  }
  double wait_seconds = (1.0 - bucket.tokens) / limit_.requests_per_second;
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(wait_seconds)));
}

}  // namespace oc::api
