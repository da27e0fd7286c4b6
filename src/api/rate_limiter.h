// Per-token request rate limit: a token bucket per key (the token id), refilled continuously.
// Thread-safe. Time comes from the injected Clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"

namespace oc::api {

struct RateLimit {
  double requests_per_second = 2000;  // sustained
  double burst = 4000;                // bucket size
};

class RateLimiter {
 public:
  RateLimiter(RateLimit limit, const Clock& clock) : limit_(limit), clock_(clock) {}

  // 0 when the request may go ahead (and is counted); otherwise the whole seconds to wait
  // before a request would be allowed (the Retry-After value, at least 1).
  std::int64_t acquire(std::string_view key);

 private:
  struct Bucket {
    double tokens = 0;
    TimePoint refilled_at;
  };
  RateLimit limit_;
  const Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace oc::api
