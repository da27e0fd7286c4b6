// Clock: the injected source of time. Domain code never reads the wall clock itself; tests use
// ManualClock so every run replays exactly.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oc {

using TimePoint = std::chrono::sys_time<std::chrono::microseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override {
    return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
  }
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : micros_(start.time_since_epoch().count()) {}
  TimePoint now() const override { return TimePoint(std::chrono::microseconds(micros_.load())); }
  void advance(std::chrono::microseconds by) { micros_ += by.count(); }
  void set(TimePoint to) { micros_ = to.time_since_epoch().count(); }

 private:
  std::atomic<std::int64_t> micros_;
};

// "2026-11-23T10:15:00.123456Z" (microseconds shown only when non-zero, as ".123456").
std::string format_timestamp(TimePoint at);
// "2026-11-23"
std::string format_date(TimePoint at);
// "20261123"
std::string format_date_compact(TimePoint at);
// Accepts "YYYY-MM-DDTHH:MM:SS[.ffffff]Z" and "YYYY-MM-DD" (midnight UTC). nullopt when invalid.
std::optional<TimePoint> parse_timestamp(std::string_view text);

}  // namespace oc
