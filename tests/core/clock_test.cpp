#include "core/clock.h"

#include <gtest/gtest.h>

namespace oc {
namespace {

using namespace std::chrono;

TEST(Clock, FormatsUtcTimestamps) {
  TimePoint at = time_point_cast<microseconds>(sys_days{2026y / 11 / 23}) + hours{10} + minutes{15};
  EXPECT_EQ(format_timestamp(at), "2026-11-23T10:15:00Z");
  EXPECT_EQ(format_timestamp(at + microseconds{1500}), "2026-11-23T10:15:00.001500Z");
  EXPECT_EQ(format_date(at), "2026-11-23");
  EXPECT_EQ(format_date_compact(at), "20261123");
}

TEST(Clock, ParsesWhatItFormats) {
  TimePoint at = time_point_cast<microseconds>(sys_days{2024y / 2 / 29}) + seconds{86399} +
                 microseconds{7};
  EXPECT_EQ(parse_timestamp(format_timestamp(at)), at);
  EXPECT_EQ(parse_timestamp("2024-02-29"), time_point_cast<microseconds>(sys_days{2024y / 2 / 29}));
}

TEST(Clock, RejectsMalformedTimestamps) {
  for (std::string_view bad : {"", "2026-13-01", "2026-02-30", "2026-11-23T24:00:00Z",
                               "2026-11-23T10:15:00", "2026-11-23T10:15:00.Z",
                               "2026-11-23T10:15:00.1234567Z", "2026-11-23 10:15:00Z", "20261123",
                               "2026-11-23T10:15:00Zjunk"}) {
    EXPECT_EQ(parse_timestamp(bad), std::nullopt) << bad;
  }
}

TEST(Clock, ManualClockMovesOnlyWhenTold) {
  TimePoint start = time_point_cast<microseconds>(sys_days{2026y / 1 / 1});
  ManualClock clock(start);
  EXPECT_EQ(clock.now(), start);
  clock.advance(seconds{90});
  EXPECT_EQ(clock.now(), start + seconds{90});
}

}  // namespace
}  // namespace oc
