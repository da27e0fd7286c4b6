// One e-seal event as `POST /v1/transits/{id}/seal-events` carries it (regimes-v1):
//   {"id":"EV-1","type":"sealed|position|opened|tamper|battery_low","at":"…",
//    "lat":"22.49","lon":"113.89"}
// lat/lon are decimal strings in degrees, both required for `position` and optional (but then
// together) for the other types. Error codes are "seal_event.<field>.<rule>" (docs/transit.md).
// Thread safety: value types and pure functions; decode_seal_event uses a thread-local parser.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/decimal.h"
#include "core/result.h"
#include "transit/corridor.h"

namespace oc {

inline constexpr std::size_t seal_event_body_bytes_max = 4 * 1024;
inline constexpr std::size_t seal_event_id_length_max = 64;
inline constexpr int coordinate_fraction_digits_max = 9;  // 1e-9 degrees is ~0.1 mm
// How far ahead of the receiving clock a seal's own clock may run (check_seal_event_clock).
inline constexpr std::chrono::minutes seal_clock_skew_max{5};

enum class SealEventType { sealed, position, opened, tamper, battery_low };

std::string_view to_string(SealEventType type);
std::optional<SealEventType> parse_seal_event_type(std::string_view text);

struct SealEvent {
  std::string id;  // client-chosen; unique within its transit
  SealEventType type = SealEventType::position;
  TimePoint at;                // the seal's own time of the event (events arrive out of order)
  std::optional<Decimal> lat;  // degrees, exactly as sent
  std::optional<Decimal> lon;

  // The reported position, when lat and lon are both present.
  std::optional<GeoPoint> position() const;

  // Content equality for idempotency: "22.49" and "22.490" are the same latitude.
  bool operator==(const SealEvent&) const = default;
};

struct DecodedSealEvent {
  SealEvent event;
  Errors errors;  // empty when the body is a valid seal event
};

// Decodes and validates a seal-event body, reporting every problem at once.
DecodedSealEvent decode_seal_event(std::string_view json);

// The rules decode_seal_event applies after shape, for events built in code; same codes and paths.
Errors validate_seal_event(const SealEvent& event);

// Canonical JSON (field order of the contract; decimals as written).
std::string encode_seal_event(const SealEvent& event);

// For the route: an event stamped more than seal_clock_skew_max after `now` (the receiving
// clock) is refused with seal_event.at.in_future (path /at). The monitor itself is clock-free.
VoidResult check_seal_event_clock(const SealEvent& event, TimePoint now);

}  // namespace oc
