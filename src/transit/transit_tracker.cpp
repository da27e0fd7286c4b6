// One transit's state machine: the ordered fold over its seal events (see transit_tracker.h).
#include "transit/transit_tracker.h"

#include <algorithm>
#include <cassert>

namespace oc {
namespace {

Alert alert_of(AlertKind kind, std::string id, TimePoint at) {
  Alert alert;
  alert.kind = kind;
  alert.id = std::move(id);
  alert.at = at;
  return alert;
}

}  // namespace

std::string_view to_string(TransitStatus status) {
  switch (status) {
    case TransitStatus::in_transit:
      return "in_transit";
    case TransitStatus::arrived:
      return "arrived";
    case TransitStatus::closed:
      return "closed";
    case TransitStatus::alert:
      return "alert";
  }
  return "in_transit";
}

std::string_view to_string(AlertKind kind) {
  switch (kind) {
    case AlertKind::opened_before_arrival:
      return "opened_before_arrival";
    case AlertKind::tamper:
      return "tamper";
    case AlertKind::off_corridor:
      return "off_corridor";
    case AlertKind::overdue:
      return "overdue";
    case AlertKind::silent_seal:
      return "silent_seal";
  }
  return "tamper";
}

std::string_view to_string(SealState state) {
  switch (state) {
    case SealState::unknown:
      return "unknown";
    case SealState::sealed:
      return "sealed";
    case SealState::opened:
      return "opened";
  }
  return "unknown";
}

std::string_view to_string(ClosingHold hold) {
  switch (hold) {
    case ClosingHold::none:
      return "none";
    case ClosingHold::not_arrived:
      return "not_arrived";
    case ClosingHold::seal_never_sealed:
      return "seal_never_sealed";
    case ClosingHold::blocking_alert:
      return "blocking_alert";
    case ClosingHold::settling:
      return "settling";
  }
  return "none";
}

bool blocks_closing(AlertKind kind) {
  return kind == AlertKind::opened_before_arrival || kind == AlertKind::tamper;
}

TransitTracker::TransitTracker(Transit transit, TransitContext context, TrackerOptions options)
    : transit_(std::move(transit)),
      context_(std::move(context)),
      options_(options),
      geometry_(transit_.corridor.points, to_double(transit_.corridor.width_m)),
      now_(context_.registered_at) {
  assert(validate_transit(transit_).empty());
  fold_.last_heard = context_.registered_at;
}

bool TransitTracker::before(const StoredEvent& a, const StoredEvent& b) {
  if (a.event.at != b.event.at) return a.event.at < b.event.at;
  return a.event.id < b.event.id;
}

// One event, in (at, id) order. Everything here depends only on earlier events (and on the
// latched closing time), which is what lets an in-order event skip the re-fold.
void TransitTracker::step(Fold& fold, const StoredEvent& stored) const {
  const SealEvent& event = stored.event;
  // Sorted: an event after the arrival has at >= arrival; "at or before" means equal then.
  bool by_arrival = fold.arrival == nullptr || event.at <= fold.arrival->event.at;
  if (by_arrival && event.at > fold.last_heard) {
    if (event.at - fold.last_heard > options_.seal_silence_max) {
      FoldAlert alert{AlertKind::silent_seal};
      alert.at = fold.last_heard + options_.seal_silence_max;
      alert.since = fold.last_heard;
      alert.ended_at = event.at;
      fold.alerts.push_back(alert);
    }
  }
  fold.last_heard = std::max(fold.last_heard, event.at);
  switch (event.type) {
    case SealEventType::sealed:
      fold.seal = SealState::sealed;
      if (by_arrival) fold.sealed_by_arrival = true;
      break;
    case SealEventType::opened:
      fold.seal = SealState::opened;
      if (by_arrival) {
        fold.alerts.push_back(FoldAlert{AlertKind::opened_before_arrival, &stored, event.at});
      }
      break;
    case SealEventType::tamper:
      if (!closing_ || event.at <= closing_->closed_at) {
        fold.alerts.push_back(FoldAlert{AlertKind::tamper, &stored, event.at});
      }
      break;
    case SealEventType::battery_low:
      fold.battery_low_at = event.at;
      break;
    case SealEventType::position:
      fold.last_position = &stored;
      if (!by_arrival) break;
      if (!stored.inside) {
        if (!fold.outside) {
          fold.outside = true;
          fold.excursion = fold.alerts.size();
          FoldAlert alert{AlertKind::off_corridor, &stored, event.at};
          alert.distance_m = stored.distance_m;
          fold.alerts.push_back(alert);
        } else {
          FoldAlert& alert = fold.alerts[fold.excursion];
          alert.distance_m = std::max(alert.distance_m, stored.distance_m);
        }
      } else if (fold.outside) {
        fold.alerts[fold.excursion].ended_at = event.at;
        fold.outside = false;
      }
      if (fold.arrival == nullptr && stored.at_destination) fold.arrival = &stored;
      break;
  }
}

void TransitTracker::refold() {
  fold_ = Fold{};
  fold_.last_heard = context_.registered_at;
  for (const StoredEvent* stored : order_) step(fold_, *stored);
}

Result<ApplyOutcome> TransitTracker::apply(const SealEvent& event) {
  Errors problems = validate_seal_event(event);
  if (!problems.empty()) return std::move(problems.front());
  if (auto found = events_.find(event.id); found != events_.end()) {
    if (found->second.event == event) return ApplyOutcome{ApplyOutcome::Kind::exists, status()};
    return make_error(
        "seal_event.exists_with_different_content", "/id",
        "transit " + transit_.id + " already holds event " + event.id + " with other content");
  }
  if (event.at < context_.registered_at - seal_event_before_registration_max ||
      event.at > transit_.deadline + seal_event_after_deadline_max) {
    return make_error(
        "seal_event.at.out_of_window", "/at",
        "an event of transit " + transit_.id + " must lie between " +
            format_timestamp(context_.registered_at - seal_event_before_registration_max) +
            " and " + format_timestamp(transit_.deadline + seal_event_after_deadline_max));
  }
  if (events_.size() >= seal_events_per_transit_max) {
    return make_error("transit.seal_events.too_many", "",
                      "transit " + transit_.id + " already holds " +
                          std::to_string(seal_events_per_transit_max) + " events");
  }

  StoredEvent stored{event};
  if (event.type == SealEventType::position) {
    GeoPoint point = *event.position();  // validate_seal_event: a position has both
    stored.inside = geometry_.inside(point);
    stored.at_destination = stored.inside && geometry_.at_destination(point);
    if (!stored.inside) stored.distance_m = geometry_.distance_m(point);
  }
  auto [slot, inserted] = events_.emplace(event.id, std::move(stored));
  assert(inserted);
  const StoredEvent* added = &slot->second;
  if (order_.empty() || before(*order_.back(), *added)) {
    order_.push_back(added);
    step(fold_, *added);
  } else {
    auto position =
        std::lower_bound(order_.begin(), order_.end(), added,
                         [](const StoredEvent* a, const StoredEvent* b) { return before(*a, *b); });
    order_.insert(position, added);
    refold();
  }
  return ApplyOutcome{ApplyOutcome::Kind::created, status()};
}

bool TransitTracker::resolved(const std::string& alert_id) const {
  return resolutions_.find(alert_id) != resolutions_.end();
}

Alert TransitTracker::make_alert(const FoldAlert& fold_alert) const {
  std::string id(to_string(fold_alert.kind));
  id += ':';
  if (fold_alert.event != nullptr) {
    id += fold_alert.event->event.id;
  } else {
    id += format_timestamp(fold_alert.since);
  }
  Alert alert = alert_of(fold_alert.kind, std::move(id), fold_alert.at);
  if (fold_alert.event != nullptr) alert.event_id = fold_alert.event->event.id;
  if (fold_alert.kind == AlertKind::silent_seal) alert.since = fold_alert.since;
  alert.ended_at = fold_alert.ended_at;
  if (fold_alert.kind == AlertKind::off_corridor) alert.distance_m = fold_alert.distance_m;
  return alert;
}

std::optional<Alert> TransitTracker::trailing_silence() const {
  if (fold_.arrival != nullptr) return std::nullopt;
  if (now_ - fold_.last_heard <= options_.seal_silence_max) return std::nullopt;
  Alert alert =
      alert_of(AlertKind::silent_seal, "silent_seal:" + format_timestamp(fold_.last_heard),
               fold_.last_heard + options_.seal_silence_max);
  alert.since = fold_.last_heard;
  return alert;
}

std::optional<Alert> TransitTracker::overdue() const {
  if (fold_.arrival != nullptr) {
    if (fold_.arrival->event.at <= transit_.deadline) return std::nullopt;
    Alert alert = alert_of(AlertKind::overdue, "overdue", transit_.deadline);
    alert.event_id = fold_.arrival->event.id;
    return alert;
  }
  if (now_ <= transit_.deadline) return std::nullopt;
  return alert_of(AlertKind::overdue, "overdue", transit_.deadline);
}

void TransitTracker::all_alerts(std::vector<Alert>& out, bool open_only) const {
  auto add = [&](Alert alert) {
    if (auto found = resolutions_.find(alert.id); found != resolutions_.end()) {
      if (open_only) return;
      alert.open = false;
      alert.resolved_at = found->second;
    }
    out.push_back(std::move(alert));
  };
  std::size_t first = out.size();
  for (const FoldAlert& fold_alert : fold_.alerts) add(make_alert(fold_alert));
  if (auto alert = trailing_silence()) add(std::move(*alert));
  if (auto alert = overdue()) add(std::move(*alert));
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
            [](const Alert& a, const Alert& b) {
              if (a.at != b.at) return a.at < b.at;
              return a.id < b.id;
            });
}

bool TransitTracker::has_open_alert() const {
  bool timed = (fold_.arrival == nullptr && now_ - fold_.last_heard > options_.seal_silence_max) ||
               (fold_.arrival == nullptr ? now_ > transit_.deadline
                                         : fold_.arrival->event.at > transit_.deadline);
  if (resolutions_.empty()) return timed || !fold_.alerts.empty();
  std::vector<Alert> open;
  all_alerts(open, true);
  return !open.empty();
}

bool TransitTracker::has_open_blocking_alert() const {
  for (const FoldAlert& fold_alert : fold_.alerts) {
    if (!blocks_closing(fold_alert.kind)) continue;
    if (resolutions_.empty() || !resolved(make_alert(fold_alert).id)) return true;
  }
  return false;
}

ClosingHold TransitTracker::hold() const {
  if (closing_) return ClosingHold::none;
  if (fold_.arrival == nullptr) return ClosingHold::not_arrived;
  if (!fold_.sealed_by_arrival) return ClosingHold::seal_never_sealed;
  if (has_open_blocking_alert()) return ClosingHold::blocking_alert;
  return ClosingHold::settling;
}

TransitStatus TransitTracker::status() const {
  if (closing_) return TransitStatus::closed;
  if (has_open_alert()) return TransitStatus::alert;
  if (fold_.arrival != nullptr) return TransitStatus::arrived;
  return TransitStatus::in_transit;
}

ClosingInstruction TransitTracker::closing_instruction(TimePoint closed_at) const {
  assert(fold_.arrival != nullptr);
  return ClosingInstruction{transit_.id,    transit_.id + ":arrival", transit_.destination_account,
                            transit_.goods, fold_.arrival->event.at,  closed_at};
}

TickOutcome TransitTracker::tick(TimePoint now) {
  TickOutcome outcome;
  TimePoint previous = now_;
  now_ = std::max(now_, now);
  if (fold_.arrival == nullptr) {
    if (previous <= transit_.deadline && now_ > transit_.deadline) {
      if (auto alert = overdue()) outcome.raised.push_back(std::move(*alert));
    }
    TimePoint silent_from = fold_.last_heard + options_.seal_silence_max;
    if (previous <= silent_from && now_ > silent_from) {
      if (auto alert = trailing_silence()) outcome.raised.push_back(std::move(*alert));
    }
  }
  if (hold() == ClosingHold::settling &&
      now_ >= fold_.arrival->event.at + options_.closing_settle) {
    closing_ = closing_instruction(now_);
    outcome.closing = closing_;
  }
  return outcome;
}

VoidResult TransitTracker::resolve_alert(std::string_view alert_id, TimePoint at) {
  std::vector<Alert> current;
  all_alerts(current, false);
  for (const Alert& alert : current) {
    if (alert.id == alert_id) {
      resolutions_.emplace(alert.id, at);
      return ok_result();
    }
  }
  return make_error(
      "alert.not_found", "",
      "transit " + transit_.id + " has no alert '" + std::string(alert_id.substr(0, 80)) + "'");
}

VoidResult TransitTracker::restore_closing(TimePoint closed_at) {
  if (closing_) return ok_result();
  if (fold_.arrival == nullptr) {
    return make_error("transit.not_arrived", "",
                      "transit " + transit_.id + " has no arrival among its events");
  }
  closing_ = closing_instruction(closed_at);
  now_ = std::max(now_, closed_at);
  refold();  // tamper events after the closing no longer raise alerts
  return ok_result();
}

void TransitTracker::append_alerts(std::vector<Alert>& out, bool open_only) const {
  all_alerts(out, open_only);
}

TransitView TransitTracker::view() const {
  TransitView view;
  view.transit_id = transit_.id;
  view.office = context_.office;
  view.status = status();
  view.hold = hold();
  view.seal = fold_.seal;
  if (fold_.arrival != nullptr) {
    view.arrived_at = fold_.arrival->event.at;
    view.arrival_event_id = fold_.arrival->event.id;
  }
  if (closing_) view.closed_at = closing_->closed_at;
  view.last_heard_at = fold_.last_heard;
  if (fold_.last_position != nullptr) view.last_position = fold_.last_position->event.position();
  view.battery_low_at = fold_.battery_low_at;
  view.events = order_.size();
  all_alerts(view.alerts, false);
  view.closing = closing_;
  return view;
}

}  // namespace oc
