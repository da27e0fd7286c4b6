// The sharded, per-transit-locked registry of transit trackers (see transit_monitor.h).
#include "transit/transit_monitor.h"

#include <algorithm>
#include <functional>

namespace oc {
namespace {

struct IdHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view id) const { return std::hash<std::string_view>{}(id); }
};

}  // namespace

struct TransitMonitor::Entry {
  Entry(Transit transit, TransitContext context, TrackerOptions options)
      : tracker(std::move(transit), std::move(context), options) {}

  std::mutex mutex;
  TransitTracker tracker;
};

struct TransitMonitor::Shard {
  mutable std::shared_mutex mutex;
  std::unordered_map<std::string, std::unique_ptr<Entry>, IdHash, std::equal_to<>> entries;
};

TransitMonitor::TransitMonitor(MonitorOptions options)
    : options_(options), shards_(std::make_unique<Shard[]>(monitor_shards)) {}

TransitMonitor::~TransitMonitor() = default;

TransitMonitor::Shard& TransitMonitor::shard_of(std::string_view transit_id) const {
  // The map hashes the same id again; the shard takes the high bits so the two stay independent.
  std::size_t hash = IdHash{}(transit_id);
  return shards_[(hash >> 32 ^ hash) % monitor_shards];
}

Result<TransitMonitor::Locked> TransitMonitor::lock(std::string_view transit_id) const {
  Shard& shard = shard_of(transit_id);
  std::shared_lock shard_lock(shard.mutex);
  auto found = shard.entries.find(transit_id);
  if (found == shard.entries.end()) {
    return make_error("transit.not_found", "",
                      "no transit '" + std::string(transit_id.substr(0, 80)) + "'");
  }
  Entry* entry = found->second.get();
  return Locked{std::move(shard_lock), std::unique_lock(entry->mutex), entry};
}

Result<AddOutcome> TransitMonitor::add(Transit transit, TransitContext context) {
  Errors problems = validate_transit(transit);
  if (!problems.empty()) return std::move(problems.front());

  Shard& shard = shard_of(transit.id);
  std::unique_lock shard_lock(shard.mutex);
  if (auto found = shard.entries.find(transit.id); found != shard.entries.end()) {
    std::lock_guard transit_lock(found->second->mutex);
    if (found->second->tracker.transit() == transit) return AddOutcome{AddOutcome::Kind::exists};
    return make_error("transit.exists_with_different_content", "/id",
                      "transit " + transit.id + " is already registered with other content");
  }
  if (transit.deadline <= context.registered_at) {
    return make_error("transit.deadline.not_after_registration", "/deadline",
                      "the deadline " + format_timestamp(transit.deadline) +
                          " is not after the registration at " +
                          format_timestamp(context.registered_at));
  }
  if (transit.deadline - context.registered_at > transit_duration_max) {
    return make_error("transit.deadline.too_far", "/deadline",
                      "the deadline may be at most " +
                          std::to_string(transit_duration_max.count() / 24) +
                          " days after the registration");
  }
  if (size_.fetch_add(1, std::memory_order_relaxed) >= options_.transits_max) {
    size_.fetch_sub(1, std::memory_order_relaxed);
    return make_error(
        "transit.registry_full", "",
        "the monitor already holds " + std::to_string(options_.transits_max) + " transits");
  }
  std::string id = transit.id;
  shard.entries.emplace(
      std::move(id),
      std::make_unique<Entry>(std::move(transit), std::move(context), options_.tracker));
  return AddOutcome{AddOutcome::Kind::created};
}

Result<ApplyOutcome> TransitMonitor::apply(std::string_view transit_id, const SealEvent& event) {
  auto locked = lock(transit_id);
  if (!locked) return std::move(locked).error();
  return locked->entry->tracker.apply(event);
}

TickReport TransitMonitor::tick(TimePoint now) {
  TickReport report;
  for (std::size_t i = 0; i < monitor_shards; ++i) {
    Shard& shard = shards_[i];
    std::shared_lock shard_lock(shard.mutex);
    for (auto& [id, entry] : shard.entries) {
      std::lock_guard transit_lock(entry->mutex);
      TickOutcome outcome = entry->tracker.tick(now);
      if (outcome.closing) report.closings.push_back(std::move(*outcome.closing));
      for (Alert& alert : outcome.raised) {
        report.raised.push_back(
            TransitAlert{id, entry->tracker.context().office, std::move(alert)});
      }
    }
  }
  std::sort(report.closings.begin(), report.closings.end(),
            [](const ClosingInstruction& a, const ClosingInstruction& b) {
              return a.transit_id < b.transit_id;
            });
  std::sort(report.raised.begin(), report.raised.end(),
            [](const TransitAlert& a, const TransitAlert& b) {
              if (a.transit_id != b.transit_id) return a.transit_id < b.transit_id;
              return a.alert.id < b.alert.id;
            });
  return report;
}

Result<TickOutcome> TransitMonitor::tick(std::string_view transit_id, TimePoint now) {
  auto locked = lock(transit_id);
  if (!locked) return std::move(locked).error();
  return locked->entry->tracker.tick(now);
}

VoidResult TransitMonitor::resolve_alert(std::string_view transit_id, std::string_view alert_id,
                                         TimePoint at) {
  auto locked = lock(transit_id);
  if (!locked) return std::move(locked).error();
  return locked->entry->tracker.resolve_alert(alert_id, at);
}

VoidResult TransitMonitor::restore_closing(std::string_view transit_id, TimePoint closed_at) {
  auto locked = lock(transit_id);
  if (!locked) return std::move(locked).error();
  return locked->entry->tracker.restore_closing(closed_at);
}

Result<TransitView> TransitMonitor::view(std::string_view transit_id) const {
  auto locked = lock(transit_id);
  if (!locked) return std::move(locked).error();
  return locked->entry->tracker.view();
}

AlertList TransitMonitor::alerts(const AlertFilter& filter) const {
  AlertList list;
  std::vector<Alert> found;
  for (std::size_t i = 0; i < monitor_shards; ++i) {
    Shard& shard = shards_[i];
    std::shared_lock shard_lock(shard.mutex);
    for (const auto& [id, entry] : shard.entries) {
      std::lock_guard transit_lock(entry->mutex);
      const TransitTracker& tracker = entry->tracker;
      if (filter.office && tracker.context().office != *filter.office) continue;
      found.clear();
      tracker.append_alerts(found, filter.open_only);
      for (Alert& alert : found) {
        list.alerts.push_back(TransitAlert{id, tracker.context().office, std::move(alert)});
      }
    }
  }
  std::sort(list.alerts.begin(), list.alerts.end(),
            [](const TransitAlert& a, const TransitAlert& b) {
              if (a.alert.at != b.alert.at) return a.alert.at < b.alert.at;
              if (a.transit_id != b.transit_id) return a.transit_id < b.transit_id;
              return a.alert.id < b.alert.id;
            });
  std::size_t limit = std::clamp<std::size_t>(filter.limit, 1, alerts_page_max);
  if (list.alerts.size() > limit) {
    list.alerts.resize(limit);
    list.more = true;
  }
  return list;
}

}  // namespace oc
