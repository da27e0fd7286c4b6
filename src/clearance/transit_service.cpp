#include "clearance/transit_service.h"

#include <fmt/format.h>

#include "clearance/lodging.h"
#include "core/json_writer.h"
#include "core/sha256.h"
#include "transit/seal_event.h"
#include "transit/transit.h"
#include "zones/movement.h"

namespace oc {
namespace {

TransitAnswer rejected(Errors errors) {
  TransitAnswer answer;
  answer.outcome = JournalOutcome::rejected;
  answer.json = errors_json(errors);
  answer.errors = std::move(errors);
  return answer;
}

void write_time(JsonWriter& out, std::string_view name, const std::optional<TimePoint>& at) {
  out.key(name);
  if (at) {
    out.string(format_timestamp(*at));
  } else {
    out.null();
  }
}

void write_alert(JsonWriter& out, const Alert& alert) {
  out.field("id", alert.id).field("kind", to_string(alert.kind)).field("at", format_timestamp(alert.at));
  if (!alert.event_id.empty()) out.field("event_id", alert.event_id);
  if (alert.distance_m) out.field("distance_m", fmt::format("{:.1f}", *alert.distance_m));
  out.key("open").boolean(alert.open);
  write_time(out, "resolved_at", alert.resolved_at);
}

}  // namespace

std::string transit_view_json(const TransitView& view) {
  JsonWriter out;
  out.begin_object()
      .field("id", view.transit_id)
      .field("office", view.office)
      .field("status", to_string(view.status))
      .field("hold", to_string(view.hold))
      .field("seal", to_string(view.seal));
  write_time(out, "arrived_at", view.arrived_at);
  write_time(out, "closed_at", view.closed_at);
  out.field("last_heard_at", format_timestamp(view.last_heard_at))
      .field("events", static_cast<std::int64_t>(view.events));
  out.key("alerts").begin_array();
  for (const Alert& alert : view.alerts) {
    out.begin_object();
    write_alert(out, alert);
    out.end_object();
  }
  return out.end_array().end_object().take();
}

std::string alerts_json(const AlertList& list) {
  JsonWriter out;
  out.begin_object().key("alerts").begin_array();
  for (const TransitAlert& alert : list.alerts) {
    out.begin_object().field("transit_id", alert.transit_id).field("office", alert.office);
    write_alert(out, alert.alert);
    out.end_object();
  }
  out.end_array().key("more").boolean(list.more);
  return out.end_object().take();
}

std::string TransitService::enterprise_of(std::string_view transit_id) const {
  std::lock_guard lock(destinations_mutex_);
  auto found = destinations_.find(std::string(transit_id));
  return found == destinations_.end() ? std::string() : found->second.enterprise;
}

void TransitService::remember_destination(const std::string& transit_id,
                                          const DestinationAccount& account) {
  std::lock_guard lock(destinations_mutex_);
  destinations_[transit_id] = account;
}

VoidResult TransitService::rebuild() {
  auto transits = store_.transits();
  if (!transits) return std::move(transits).error();
  for (const TransitRecord& record : *transits) {
    DecodedTransit decoded = decode_transit(record.body_json);
    if (!decoded.errors.empty()) {
      return make_error("store.corrupt", record.id, "a stored transit no longer decodes: " +
                                                        decoded.errors.front().message);
    }
    remember_destination(record.id, decoded.transit.destination_account);
    auto added = monitor_.add(std::move(decoded.transit), {record.office, record.registered_at});
    if (!added) return std::move(added).error();
  }
  auto events = store_.seal_events();
  if (!events) return std::move(events).error();
  for (const SealEventRecord& record : *events) {
    DecodedSealEvent decoded = decode_seal_event(record.body_json);
    if (!decoded.errors.empty()) continue;  // never stored unless it decoded
    auto applied = monitor_.apply(record.transit_id, decoded.event);
    (void)applied;  // an event the monitor refused was answered as such and is not stored
  }
  auto resolutions = store_.alert_resolutions();
  if (!resolutions) return std::move(resolutions).error();
  for (const AlertResolutionRecord& record : *resolutions) {
    (void)monitor_.resolve_alert(record.transit_id, record.alert_id, record.resolved_at);
  }
  // Closings already written: the arrival movement is in the destination account.
  for (const TransitRecord& record : *transits) {
    DestinationAccount account;
    {
      std::lock_guard lock(destinations_mutex_);
      account = destinations_.at(record.id);
    }
    auto movement = store_.find_movement(account.zone, account.enterprise, record.id + ":arrival");
    if (!movement) return std::move(movement).error();
    if (movement->has_value()) (void)monitor_.restore_closing(record.id, (*movement)->at);
  }
  return ok_result();
}

Result<TransitAnswer> TransitService::register_transit(std::string_view body,
                                                       const std::string& registered_by,
                                                       const std::string& required_party,
                                                       std::optional<AuditEntry> audit) {
  DecodedTransit decoded = decode_transit(body);
  if (!decoded.errors.empty()) return rejected(std::move(decoded.errors));
  if (!required_party.empty() && decoded.transit.destination_account.enterprise != required_party) {
    return make_error("auth.party_mismatch", "/destination_account/enterprise",
                      "a trader registers transits into its own account only");
  }
  const ZoneInfo* zone = zones_.find(decoded.transit.to);
  if (zone == nullptr) {
    return rejected({make_error("transit.to.unknown_zone", "/to",
                                "no zone " + decoded.transit.to.substr(0, 64))});
  }
  const std::string id = decoded.transit.id;
  const DestinationAccount destination = decoded.transit.destination_account;
  TransitRecord record;
  record.id = id;
  record.body_json = encode_transit(decoded.transit);
  record.body_sha256 = sha256_hex(record.body_json);
  record.office = zone->office;
  record.registered_by = registered_by;
  record.registered_at = clock_.now();
  // The monitor checks what needs the registration time (deadline), then the journal makes it
  // durable; a replay finds both already there.
  auto added = monitor_.add(decoded.transit, {record.office, record.registered_at});
  if (!added) {
    if (added.error().code == "transit.exists_with_different_content") return std::move(added).error();
    return rejected({std::move(added).error()});
  }
  if (audit) audit->target = id;
  auto stored = store_.record_transit(std::move(record), std::move(audit));
  if (!stored) return std::move(stored).error();
  remember_destination(id, destination);
  auto view = monitor_.view(id);
  if (!view) return std::move(view).error();
  TransitAnswer answer;
  answer.outcome = *stored == JournalDisposition::created ? JournalOutcome::created : JournalOutcome::exists;
  answer.json = transit_view_json(*view);
  return answer;
}

Result<TransitAnswer> TransitService::seal_event(std::string_view transit_id,
                                                 std::string_view body,
                                                 std::optional<AuditEntry> audit) {
  DecodedSealEvent decoded = decode_seal_event(body);
  if (!decoded.errors.empty()) return rejected(std::move(decoded.errors));
  const TimePoint now = clock_.now();
  if (auto clock_check = check_seal_event_clock(decoded.event, now); !clock_check) {
    return rejected({std::move(clock_check).error()});
  }
  auto applied = monitor_.apply(transit_id, decoded.event);
  if (!applied) {
    const std::string& code = applied.error().code;
    if (code == "transit.not_found" || code == "seal_event.exists_with_different_content") {
      return std::move(applied).error();
    }
    return rejected({std::move(applied).error()});
  }
  SealEventRecord record;
  record.transit_id = std::string(transit_id);
  record.id = decoded.event.id;
  record.body_json = encode_seal_event(decoded.event);
  record.body_sha256 = sha256_hex(record.body_json);
  record.received_at = now;
  if (audit) audit->target = std::string(transit_id) + "/" + decoded.event.id;
  auto stored = store_.record_seal_event(std::move(record), std::move(audit));
  if (!stored) return std::move(stored).error();
  // Close at once when nothing is left to wait for (closing_settle 0), else at a later sweep.
  if (auto ticked = monitor_.tick(transit_id, now); ticked && ticked->closing) {
    OC_TRY(close(*ticked->closing));
  }
  auto view = monitor_.view(transit_id);
  if (!view) return std::move(view).error();
  TransitAnswer answer;
  answer.outcome = applied->kind == ApplyOutcome::Kind::created ? JournalOutcome::created
                                                                 : JournalOutcome::exists;
  answer.json = transit_view_json(*view);
  return answer;
}

Result<TransitAnswer> TransitService::resolve_alert(std::string_view transit_id,
                                                    std::string_view alert_id,
                                                    const std::string& officer,
                                                    std::optional<AuditEntry> audit) {
  const TimePoint now = clock_.now();
  OC_TRY(monitor_.resolve_alert(transit_id, alert_id, now));
  if (audit) audit->target = std::string(transit_id) + "/" + std::string(alert_id);
  OC_TRY(store_.record_alert_resolution(
      {std::string(transit_id), std::string(alert_id), officer, now}, std::move(audit)));
  if (auto ticked = monitor_.tick(transit_id, now); ticked && ticked->closing) {
    OC_TRY(close(*ticked->closing));
  }
  auto view = monitor_.view(transit_id);
  if (!view) return std::move(view).error();
  return TransitAnswer{JournalOutcome::created, transit_view_json(*view), {}};
}

std::size_t TransitService::tick(TimePoint now) {
  TickReport report = monitor_.tick(now);
  std::size_t closed = 0;
  for (const ClosingInstruction& closing : report.closings) {
    if (close(closing)) ++closed;
  }
  return closed;
}

VoidResult TransitService::close(const ClosingInstruction& closing) {
  Movement movement;
  movement.id = closing.movement_id;
  movement.kind = MovementKind::first_line_entry;
  for (const GoodsLine& goods : closing.goods) {
    MovementLine line;
    line.item = goods.item;
    line.hs_code = goods.hs_code;
    line.unit = goods.unit;
    auto micro = goods.quantity.rescale(quantity_scale, Rounding::half_up);
    if (!micro) return std::move(micro).error();
    line.quantity_micro = micro->units();
    movement.lines.push_back(std::move(line));
  }
  const AccountRef account{closing.account.zone, closing.account.enterprise};
  LedgerWrite write;
  write.zone = account.zone;
  write.enterprise = account.enterprise;
  write.movement_id = movement.id;
  write.kind = std::string(to_string(movement.kind));
  write.body_json = canonical_movement_json(movement);
  write.body_sha256 = sha256_hex(write.body_json);
  write.deltas = movement_deltas(account, movement);
  write.at = closing.closed_at;
  JsonWriter answer;
  answer.begin_object()
      .field("id", movement.id)
      .field("zone", account.zone)
      .field("enterprise", account.enterprise)
      .field("kind", to_string(movement.kind))
      .field("at", format_timestamp(write.at))
      .field("transit", closing.transit_id)
      .end_object();
  write.answer_json = answer.take();
  auto stored = store_.apply_movement(std::move(write));
  if (!stored) return std::move(stored).error();
  return ok_result();
}

}  // namespace oc
