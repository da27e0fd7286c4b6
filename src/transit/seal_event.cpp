// Seal-event decoding (simdjson), validation and canonical encoding.
#include "transit/seal_event.h"

#include <array>

#include "core/json_writer.h"
#include "transit/json_fields.h"

namespace oc {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;
using transit_json::FieldReader;

constexpr std::array<std::string_view, 5> type_names = {"sealed", "position", "opened", "tamper",
                                                        "battery_low"};

bool check_coordinate(Errors& errors, std::string_view name, const Decimal& value, int limit) {
  std::string path = "/" + std::string(name);
  if (value.scale() > coordinate_fraction_digits_max) {
    errors.push_back(Error{"seal_event." + std::string(name) + ".decimal", path,
                           "'" + std::string(name) + "' may have at most " +
                               std::to_string(coordinate_fraction_digits_max) +
                               " fraction digits"});
    return false;
  }
  if (value < Decimal::from_int(-limit) || value > Decimal::from_int(limit)) {
    errors.push_back(Error{"seal_event." + std::string(name) + ".range", path,
                           "'" + std::string(name) + "' must lie within -" + std::to_string(limit) +
                               ".." + std::to_string(limit) + " degrees"});
    return false;
  }
  return true;
}

// lat and lon travel together; a position needs both. Reported only for fields not already wrong.
void check_pairing(Errors& errors, SealEventType type, bool has_lat, bool has_lon) {
  bool needs_both = type == SealEventType::position;
  if (!has_lat && (needs_both || has_lon)) {
    errors.push_back(Error{
        "seal_event.lat.required", "/lat",
        needs_both ? "a position event needs 'lat' and 'lon'" : "'lat' and 'lon' come together"});
  }
  if (!has_lon && (needs_both || has_lat)) {
    errors.push_back(Error{
        "seal_event.lon.required", "/lon",
        needs_both ? "a position event needs 'lat' and 'lon'" : "'lat' and 'lon' come together"});
  }
}

}  // namespace

std::string_view to_string(SealEventType type) {
  return type_names[static_cast<std::size_t>(type)];
}

std::optional<SealEventType> parse_seal_event_type(std::string_view text) {
  for (std::size_t i = 0; i < type_names.size(); ++i) {
    if (type_names[i] == text) return static_cast<SealEventType>(i);
  }
  return std::nullopt;
}

std::optional<GeoPoint> SealEvent::position() const {
  if (!lat || !lon) return std::nullopt;
  return GeoPoint{to_double(*lat), to_double(*lon)};
}

DecodedSealEvent decode_seal_event(std::string_view json) {
  DecodedSealEvent result;
  Errors& errors = result.errors;
  SealEvent& event = result.event;
  object fields;
  if (!transit_json::parse_object(json, seal_event_body_bytes_max, "a seal event", errors,
                                  fields)) {
    return result;
  }
  static constexpr std::array<std::string_view, 5> names = {"id", "type", "at", "lat", "lon"};
  FieldReader reader(errors, "seal_event", "", "", names);
  bool type_ok = false;
  reader.each(fields, [&](std::size_t index, std::string_view key, element value) {
    Decimal coordinate;
    switch (index) {
      case 0:
        reader.read_identifier(key, value, seal_event_id_length_max, event.id);
        break;
      case 1: {
        std::string text;
        if (!reader.read_string(key, value, text)) break;
        auto type = parse_seal_event_type(text);
        if (!type) {
          reader.add(key, "invalid",
                     "'" + transit_json::excerpt(text, 32) +
                         "' is not a seal event type (sealed, position, opened, tamper, "
                         "battery_low)");
          break;
        }
        event.type = *type;
        type_ok = true;
        break;
      }
      case 2:
        reader.read_timestamp(key, value, event.at);
        break;
      case 3:
        if (reader.read_decimal(key, value, coordinate_fraction_digits_max, coordinate) &&
            check_coordinate(errors, key, coordinate, 90)) {
          event.lat = coordinate;
        }
        break;
      case 4:
        if (reader.read_decimal(key, value, coordinate_fraction_digits_max, coordinate) &&
            check_coordinate(errors, key, coordinate, 180)) {
          event.lon = coordinate;
        }
        break;
    }
  });
  reader.require({"id", "type", "at"});
  // A lat or lon that was present but wrong already has its error.
  if (type_ok) check_pairing(errors, event.type, reader.seen("lat"), reader.seen("lon"));
  if (!errors.empty()) {  // a half-decoded position must not reach anyone as a position
    event.lat.reset();
    event.lon.reset();
  }
  return result;
}

Errors validate_seal_event(const SealEvent& event) {
  Errors errors;
  transit_json::check_identifier(errors, "seal_event.id", "/id", "id", event.id,
                                 seal_event_id_length_max);
  if (static_cast<std::size_t>(event.type) >= type_names.size()) {
    errors.push_back(Error{"seal_event.type.invalid", "/type", "not a seal event type"});
  }
  if (event.lat) check_coordinate(errors, "lat", *event.lat, 90);
  if (event.lon) check_coordinate(errors, "lon", *event.lon, 180);
  check_pairing(errors, event.type, event.lat.has_value(), event.lon.has_value());
  return errors;
}

std::string encode_seal_event(const SealEvent& event) {
  JsonWriter out;
  out.begin_object()
      .field("id", event.id)
      .field("type", to_string(event.type))
      .field("at", format_timestamp(event.at));
  if (event.lat) out.field("lat", event.lat->to_string());
  if (event.lon) out.field("lon", event.lon->to_string());
  out.end_object();
  return out.take();
}

VoidResult check_seal_event_clock(const SealEvent& event, TimePoint now) {
  if (event.at > now + seal_clock_skew_max) {
    return make_error("seal_event.at.in_future", "/at",
                      "the event is stamped " + format_timestamp(event.at) +
                          ", later than the receiving clock allows (" + format_timestamp(now) +
                          " plus " + std::to_string(seal_clock_skew_max.count()) + " min)");
  }
  return ok_result();
}

}  // namespace oc
