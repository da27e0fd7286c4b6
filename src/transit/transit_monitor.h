// TransitMonitor: the registry of every transit under e-seal, fed concurrently by the API.
//
// It owns one TransitTracker per transit (transit_tracker.h holds the rules) in a hash map by
// transit id, split into monitor_shards shards.
// Thread safety: every method may be called from any thread at once. Each shard has a
// shared_mutex (exclusive only to add a transit) and each transit its own mutex, so events for
// different transits proceed in parallel and events for one transit are applied one at a time.
// Locks are taken shard first, then transit, never two transits at once; tick() and alerts()
// visit one transit at a time, so they never stall the whole registry.
// Time: the monitor never reads a clock; tick(now) takes the injected clock's time.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "transit/transit_tracker.h"

namespace oc {

inline constexpr std::size_t monitor_shards = 64;
inline constexpr std::size_t monitor_transits_max = 1'000'000;
inline constexpr std::size_t alerts_page_max = 1'000;

struct MonitorOptions {
  TrackerOptions tracker;
  std::size_t transits_max = monitor_transits_max;
};

struct AddOutcome {
  enum class Kind { created, exists };  // exists: the same transit registered before
  Kind kind = Kind::created;
};

struct TransitAlert {
  std::string transit_id;
  std::string office;
  Alert alert;

  bool operator==(const TransitAlert&) const = default;
};

struct AlertFilter {
  std::optional<std::string> office;  // only this office's transits
  bool open_only = true;
  std::size_t limit = alerts_page_max;  // clamped to 1..alerts_page_max
};

struct AlertList {
  std::vector<TransitAlert> alerts;  // by time, then transit id, then alert id
  bool more = false;                 // more matched than the limit
};

struct TickReport {
  std::vector<ClosingInstruction> closings;  // by transit id
  std::vector<TransitAlert> raised;          // alerts raised by this tick's time
};

class TransitMonitor {
 public:
  explicit TransitMonitor(MonitorOptions options = {});
  ~TransitMonitor();

  TransitMonitor(const TransitMonitor&) = delete;
  TransitMonitor& operator=(const TransitMonitor&) = delete;

  // Errors, in this precedence: the transit's first validate_transit error;
  // transit.exists_with_different_content (/id); transit.deadline.not_after_registration and
  // transit.deadline.too_far (/deadline, against context.registered_at); transit.registry_full.
  Result<AddOutcome> add(Transit transit, TransitContext context);

  // transit.not_found, or TransitTracker::apply's errors.
  Result<ApplyOutcome> apply(std::string_view transit_id, const SealEvent& event);

  // Ticks every transit (TransitTracker::tick) and gathers what it produced.
  TickReport tick(TimePoint now);
  // Ticks one transit (e.g. right after an event, to close without waiting for the next sweep).
  Result<TickOutcome> tick(std::string_view transit_id, TimePoint now);

  VoidResult resolve_alert(std::string_view transit_id, std::string_view alert_id, TimePoint at);
  VoidResult restore_closing(std::string_view transit_id, TimePoint closed_at);

  Result<TransitView> view(std::string_view transit_id) const;
  AlertList alerts(const AlertFilter& filter) const;
  std::size_t size() const { return size_.load(std::memory_order_relaxed); }

 private:
  struct Entry;
  struct Shard;

  // A transit found and locked (its shard shared, itself exclusively).
  struct Locked {
    std::shared_lock<std::shared_mutex> shard;
    std::unique_lock<std::mutex> transit;
    Entry* entry = nullptr;
  };

  Shard& shard_of(std::string_view transit_id) const;
  // transit.not_found when the transit is not registered.
  Result<Locked> lock(std::string_view transit_id) const;

  MonitorOptions options_;
  std::unique_ptr<Shard[]> shards_;
  std::atomic<std::size_t> size_{0};
};

}  // namespace oc
