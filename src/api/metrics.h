// The API's metrics probe: request counts and latency histograms per route, lodgings by outcome,
// lanes, and errors by code, exposed as Prometheus text at /metrics. Thread-safe; the hot path
// (observe_request) uses only relaxed atomics.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "api/routes.h"
#include "declaration/event.h"

namespace oc::api {

class Metrics {
 public:
  // Upper bounds of the latency histogram, in seconds.
  static constexpr std::array<double, 12> latency_buckets_seconds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};
  // Statuses counted individually; anything else counts as "other".
  static constexpr std::array<int, 16> statuses = {200, 201, 400, 401, 403, 404, 405, 408,
                                                   409, 413, 415, 422, 429, 431, 500, 503};

  void observe_request(RouteId route, int status, std::chrono::microseconds latency);
  // A request that matched no route (404/405) or failed before routing.
  void observe_unrouted(int status);
  void count_lodging(std::string_view disposition);  // accepted | replayed | rejected
  void count_lane(Lane lane);
  void count_error(std::string_view code);

  std::uint64_t requests(RouteId route, int status) const;
  std::uint64_t errors(std::string_view code) const;

  // Prometheus text exposition format 0.0.4. `extra` is appended as is (server gauges).
  std::string prometheus_text(std::string_view extra = {}) const;

 private:
  static constexpr std::size_t route_count = api::route_count;
  static constexpr std::size_t status_slots = statuses.size() + 1;
  static std::size_t status_slot(int status);

  struct RouteCounters {
    std::array<std::atomic<std::uint64_t>, status_slots> by_status{};
    std::array<std::atomic<std::uint64_t>, latency_buckets_seconds.size() + 1> buckets{};
    std::atomic<std::uint64_t> latency_sum_micros{0};
    std::atomic<std::uint64_t> count{0};
  };
  std::array<RouteCounters, route_count> routes_{};
  std::array<std::atomic<std::uint64_t>, status_slots> unrouted_{};
  std::array<std::atomic<std::uint64_t>, 3> lodgings_{};
  std::array<std::atomic<std::uint64_t>, lane_count> lanes_{};
  mutable std::mutex errors_mutex_;
  std::map<std::string, std::uint64_t, std::less<>> errors_;
};

}  // namespace oc::api
