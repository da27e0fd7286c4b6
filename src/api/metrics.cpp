#include "api/metrics.h"

#include <cstdio>

namespace oc::api {
namespace {

constexpr std::array<std::string_view, 3> kDispositions = {"accepted", "replayed", "rejected"};

void append_line(std::string& out, const char* format, auto... values) {
  char line[256];
  std::snprintf(line, sizeof line, format, values...);
  out += line;
}

}  // namespace

std::size_t Metrics::status_slot(int status) {
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    if (statuses[i] == status) return i;
  }
  return statuses.size();
}

void Metrics::observe_request(RouteId route, int status, std::chrono::microseconds latency) {
  auto index = static_cast<std::size_t>(route);
  if (index >= route_count) return;
  RouteCounters& counters = routes_[index];
  counters.by_status[status_slot(status)].fetch_add(1, std::memory_order_relaxed);
  double seconds = static_cast<double>(latency.count()) / 1e6;
  std::size_t bucket = 0;
  while (bucket < latency_buckets_seconds.size() && seconds > latency_buckets_seconds[bucket]) {
    ++bucket;
  }
  counters.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  counters.latency_sum_micros.fetch_add(static_cast<std::uint64_t>(latency.count()),
                                        std::memory_order_relaxed);
  counters.count.fetch_add(1, std::memory_order_relaxed);
}

void Metrics::observe_unrouted(int status) {
  unrouted_[status_slot(status)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::count_lodging(std::string_view disposition) {
  for (std::size_t i = 0; i < kDispositions.size(); ++i) {
    if (kDispositions[i] == disposition) lodgings_[i].fetch_add(1, std::memory_order_relaxed);
  }
}

void Metrics::count_lane(Lane lane) {
  lanes_[static_cast<std::size_t>(lane)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::count_error(std::string_view code) {
  std::lock_guard lock(errors_mutex_);
  auto it = errors_.find(code);
  if (it == errors_.end()) {
    errors_.emplace(std::string(code), 1);
  } else {
    ++it->second;
  }
}

std::uint64_t Metrics::requests(RouteId route, int status) const {
  return routes_[static_cast<std::size_t>(route)].by_status[status_slot(status)].load();
}

std::uint64_t Metrics::errors(std::string_view code) const {
  std::lock_guard lock(errors_mutex_);
  auto it = errors_.find(code);
  return it == errors_.end() ? 0 : it->second;
}

std::string Metrics::prometheus_text(std::string_view extra) const {
  std::string out;
  out += "# HELP opencustoms_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE opencustoms_http_requests_total counter\n";
  auto status_label = [](std::size_t slot) {
    return slot < statuses.size() ? std::to_string(statuses[slot]) : std::string("other");
  };
  for (const Route& route : routes()) {
    const RouteCounters& counters = routes_[static_cast<std::size_t>(route.id)];
    for (std::size_t slot = 0; slot < status_slots; ++slot) {
      std::uint64_t value = counters.by_status[slot].load(std::memory_order_relaxed);
      if (value == 0) continue;
      append_line(out, "opencustoms_http_requests_total{route=\"%.*s\",status=\"%s\"} %llu\n",
                  static_cast<int>(route.name.size()), route.name.data(),
                  status_label(slot).c_str(), static_cast<unsigned long long>(value));
    }
  }
  for (std::size_t slot = 0; slot < status_slots; ++slot) {
    std::uint64_t value = unrouted_[slot].load(std::memory_order_relaxed);
    if (value == 0) continue;
    append_line(out, "opencustoms_http_requests_total{route=\"unrouted\",status=\"%s\"} %llu\n",
                status_label(slot).c_str(), static_cast<unsigned long long>(value));
  }
  out += "# HELP opencustoms_http_request_duration_seconds Request latency by route.\n";
  out += "# TYPE opencustoms_http_request_duration_seconds histogram\n";
  for (const Route& route : routes()) {
    const RouteCounters& counters = routes_[static_cast<std::size_t>(route.id)];
    std::uint64_t count = counters.count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    std::uint64_t cumulative = 0;
    int name_length = static_cast<int>(route.name.size());
    for (std::size_t b = 0; b <= latency_buckets_seconds.size(); ++b) {
      cumulative += counters.buckets[b].load(std::memory_order_relaxed);
      if (b < latency_buckets_seconds.size()) {
        append_line(out,
                    "opencustoms_http_request_duration_seconds_bucket{route=\"%.*s\",le=\"%g\"} "
                    "%llu\n",
                    name_length, route.name.data(), latency_buckets_seconds[b],
                    static_cast<unsigned long long>(cumulative));
      } else {
        append_line(out,
                    "opencustoms_http_request_duration_seconds_bucket{route=\"%.*s\",le=\"+Inf\"} "
                    "%llu\n",
                    name_length, route.name.data(), static_cast<unsigned long long>(cumulative));
      }
    }
    append_line(out, "opencustoms_http_request_duration_seconds_sum{route=\"%.*s\"} %.6f\n",
                name_length, route.name.data(),
                static_cast<double>(counters.latency_sum_micros.load()) / 1e6);
    append_line(out, "opencustoms_http_request_duration_seconds_count{route=\"%.*s\"} %llu\n",
                name_length, route.name.data(), static_cast<unsigned long long>(count));
  }
  out += "# HELP opencustoms_lodgings_total Declarations lodged, by outcome.\n";
  out += "# TYPE opencustoms_lodgings_total counter\n";
  for (std::size_t i = 0; i < kDispositions.size(); ++i) {
    append_line(out, "opencustoms_lodgings_total{outcome=\"%s\"} %llu\n", kDispositions[i].data(),
                static_cast<unsigned long long>(lodgings_[i].load()));
  }
  out += "# HELP opencustoms_lanes_total Lanes assigned at lodging.\n";
  out += "# TYPE opencustoms_lanes_total counter\n";
  for (std::size_t i = 0; i < lane_count; ++i) {
    std::string_view lane = to_string(static_cast<Lane>(i));
    append_line(out, "opencustoms_lanes_total{lane=\"%.*s\"} %llu\n", static_cast<int>(lane.size()),
                lane.data(), static_cast<unsigned long long>(lanes_[i].load()));
  }
  out += "# HELP opencustoms_errors_total Errors answered, by code.\n";
  out += "# TYPE opencustoms_errors_total counter\n";
  {
    std::lock_guard lock(errors_mutex_);
    for (const auto& [code, value] : errors_) {
      append_line(out, "opencustoms_errors_total{code=\"%s\"} %llu\n", code.c_str(),
                  static_cast<unsigned long long>(value));
    }
  }
  out += extra;
  return out;
}

}  // namespace oc::api
