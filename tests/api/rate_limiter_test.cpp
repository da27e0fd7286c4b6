#include "api/rate_limiter.h"

#include <gtest/gtest.h>

namespace oc::api {
namespace {

using namespace std::chrono;

TEST(RateLimiter, AllowsTheBurstThenAsksToWaitAndRefills) {
  ManualClock clock(TimePoint(seconds(1'000'000)));
  RateLimiter limiter(RateLimit{2, 3}, clock);  // 2 per second, burst 3
  EXPECT_EQ(limiter.acquire("tok_a"), 0);
  EXPECT_EQ(limiter.acquire("tok_a"), 0);
  EXPECT_EQ(limiter.acquire("tok_a"), 0);
  EXPECT_EQ(limiter.acquire("tok_a"), 1);  // empty: retry after a second
  EXPECT_EQ(limiter.acquire("tok_b"), 0);  // buckets are per token
  clock.advance(milliseconds(500));        // one token back
  EXPECT_EQ(limiter.acquire("tok_a"), 0);
  EXPECT_EQ(limiter.acquire("tok_a"), 1);
  clock.advance(seconds(10));  // refills to the burst, not beyond
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.acquire("tok_a"), 0);
  EXPECT_EQ(limiter.acquire("tok_a"), 1);
}

TEST(RateLimiter, RetryAfterRoundsUpWholeSeconds) {
  ManualClock clock(TimePoint(seconds(1'000'000)));
  RateLimiter limiter(RateLimit{0.25, 1}, clock);  // one request every 4 s
  EXPECT_EQ(limiter.acquire("tok"), 0);
  EXPECT_EQ(limiter.acquire("tok"), 4);
}

}  // namespace
}  // namespace oc::api
