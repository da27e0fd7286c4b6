// Transit decoding (simdjson), validation and canonical encoding. Each rule is one check function
// used by both decode_transit (on the fields that decoded cleanly) and validate_transit.
#include "transit/transit.h"

#include <array>
#include <charconv>
#include <cmath>

#include "core/codes.h"
#include "core/json_writer.h"
#include "transit/json_fields.h"

namespace oc {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;
using transit_json::check_identifier;
using transit_json::FieldReader;

constexpr std::string_view prefix = "transit";

void add(Errors& errors, std::string code, std::string path, std::string message) {
  errors.push_back(Error{std::move(code), std::move(path), std::move(message)});
}

std::string point_path(std::size_t index) {
  return "/corridor/points/" + std::to_string(index);
}

// ---- rules shared by decoding and validation ----

void check_point(Errors& errors, std::size_t index, GeoPoint point) {
  if (!(point.lat_deg >= -90.0 && point.lat_deg <= 90.0)) {
    add(errors, "transit.corridor.points.latitude", point_path(index) + "/0",
        "a latitude must lie within -90..90 degrees");
  }
  if (!(point.lon_deg >= -180.0 && point.lon_deg <= 180.0)) {
    add(errors, "transit.corridor.points.longitude", point_path(index) + "/1",
        "a longitude must lie within -180..180 degrees");
  }
}

bool point_in_range(GeoPoint point) {
  return point.lat_deg >= -90.0 && point.lat_deg <= 90.0 && point.lon_deg >= -180.0 &&
         point.lon_deg <= 180.0;
}

bool check_points_count(Errors& errors, std::size_t count) {
  if (count >= corridor_points_min && count <= corridor_points_max) return true;
  add(errors, "transit.corridor.points.count", "/corridor/points",
      "a corridor needs " + std::to_string(corridor_points_min) + " to " +
          std::to_string(corridor_points_max) + " points, not " + std::to_string(count));
  return false;
}

// REQUIRES: every point in range.
void check_segments(Errors& errors, const std::vector<GeoPoint>& points) {
  for (std::size_t i = 1; i < points.size(); ++i) {
    double length = great_circle_distance_m(points[i - 1], points[i]);
    if (length > corridor_segment_length_m_max) {
      add(errors, "transit.corridor.points.segment_too_long", point_path(i),
          "the segment ending at point " + std::to_string(i) + " is " +
              std::to_string(static_cast<long long>(std::round(length))) + " m long; at most " +
              std::to_string(static_cast<long long>(corridor_segment_length_m_max)) +
              " m are allowed (add points along the route)");
    }
  }
}

// The origin must lie outside the destination's geofence, or the first fix would be an arrival.
// REQUIRES: at least two points, every point in range.
void check_ends(Errors& errors, const std::vector<GeoPoint>& points, const Decimal& width_m) {
  double apart = great_circle_distance_m(points.front(), points.back());
  if (apart <= to_double(width_m)) {
    add(errors, "transit.corridor.points.ends_too_close", "/corridor/points",
        "the first and last points are " + std::to_string(static_cast<long long>(apart)) +
            " m apart; they must be more than the width apart");
  }
}

bool check_width(Errors& errors, const Decimal& width_m) {
  const std::string path = "/corridor/width_m";
  if (width_m.scale() > corridor_width_fraction_digits_max) {
    add(errors, "transit.corridor.width_m.decimal", path,
        "'width_m' may have at most " + std::to_string(corridor_width_fraction_digits_max) +
            " fraction digits");
    return false;
  }
  if (width_m.sign() <= 0) {
    add(errors, "transit.corridor.width_m.not_positive", path, "'width_m' must be above 0");
    return false;
  }
  if (width_m > Decimal::from_int(corridor_width_m_max)) {
    add(errors, "transit.corridor.width_m.too_large", path,
        "'width_m' may be at most " + std::to_string(corridor_width_m_max) + " m");
    return false;
  }
  return true;
}

bool check_goods_count(Errors& errors, std::size_t count) {
  if (count >= 1 && count <= goods_lines_max) return true;
  add(errors, "transit.goods.count", "/goods",
      "a transit carries 1 to " + std::to_string(goods_lines_max) + " goods lines, not " +
          std::to_string(count));
  return false;
}

// The item number as zones take it: 1..64 characters, none of them a control character.
bool check_item(Errors& errors, const std::string& path, std::string_view item) {
  if (item.empty() || item.size() > goods_item_length_max) {
    add(errors, "transit.goods.item.length", path,
        "'item' must have 1 to " + std::to_string(goods_item_length_max) + " characters, not " +
            std::to_string(item.size()));
    return false;
  }
  for (unsigned char c : item) {
    if (c < 0x20 || c == 0x7f) {
      add(errors, "transit.goods.item.characters", path, "'item' holds a control character");
      return false;
    }
  }
  return true;
}

bool check_hs_code(Errors& errors, const std::string& path, std::string_view hs_code) {
  if (is_hs_code_syntax(hs_code)) return true;
  add(errors, "transit.goods.hs_code.syntax", path, "'hs_code' must be 8 or 10 digits");
  return false;
}

bool check_unit(Errors& errors, const std::string& path, std::string_view unit) {
  if (find_unit(unit) != nullptr) return true;
  add(errors, "transit.goods.unit.unknown", path,
      "'" + transit_json::excerpt(unit, 16) + "' is not a unit in use (UN/ECE Rec. 20)");
  return false;
}

bool check_quantity(Errors& errors, const std::string& path, const Decimal& quantity) {
  if (quantity.scale() > goods_quantity_fraction_digits_max) {
    add(errors, "transit.goods.quantity.decimal", path,
        "'quantity' may have at most " + std::to_string(goods_quantity_fraction_digits_max) +
            " fraction digits");
    return false;
  }
  if (quantity.sign() <= 0) {
    add(errors, "transit.goods.quantity.not_positive", path, "'quantity' must be above 0");
    return false;
  }
  if (quantity > Decimal::from_int(goods_quantity_whole_max)) {
    add(errors, "transit.goods.quantity.too_large", path,
        "'quantity' may be at most " + std::to_string(goods_quantity_whole_max));
    return false;
  }
  return true;
}

// Two lines for the same stock line (zones key a stock line by its item) would be one line twice.
// `clean[i]` says whether line i decoded and validated without error.
void check_duplicate_lines(Errors& errors, const std::vector<GoodsLine>& goods,
                           const std::vector<bool>& clean) {
  for (std::size_t i = 0; i < goods.size(); ++i) {
    if (!clean[i]) continue;
    for (std::size_t j = 0; j < i; ++j) {
      if (!clean[j]) continue;
      if (goods[i].item == goods[j].item) {
        add(errors, "transit.goods.duplicate", "/goods/" + std::to_string(i),
            "goods line " + std::to_string(i) + " repeats the item of line " + std::to_string(j) +
                "; put the quantity on one line");
        break;
      }
    }
  }
}

void check_to_and_account(Errors& errors, const Transit& t, bool from_ok, bool to_ok,
                          bool zone_ok) {
  if (from_ok && to_ok && t.from == t.to) {
    add(errors, "transit.to.same_as_from", "/to", "'to' must differ from 'from'");
  }
  if (to_ok && zone_ok && t.destination_account.zone != t.to) {
    add(errors, "transit.destination_account.zone.mismatch", "/destination_account/zone",
        "the destination account must be in the destination zone '" + t.to + "'");
  }
}

// ---- decoding ----

struct Clean {
  bool from = false, to = false, zone = false, points = false, width = false;
};

// The transit's quadratic duplicate check is bounded by goods_lines_max (999² / 2 comparisons).
void decode_goods(FieldReader& root, Errors& errors, std::string_view key, element value,
                  std::vector<GoodsLine>& goods) {
  array entries;
  if (!root.read_array(key, value, entries)) return;
  if (!check_goods_count(errors, entries.size())) return;
  goods.reserve(entries.size());
  std::vector<bool> clean;
  std::size_t index = 0;
  for (element entry : entries) {
    std::string path = "/goods/" + std::to_string(index++);
    GoodsLine& line = goods.emplace_back();
    object fields;
    if (entry.get_object().get(fields) != simdjson::SUCCESS) {
      add(errors, "transit.goods.type", path, "each goods line must be an object");
      clean.push_back(false);
      continue;
    }
    static constexpr std::array<std::string_view, 4> names = {"item", "hs_code", "unit",
                                                              "quantity"};
    std::size_t errors_before = errors.size();
    FieldReader reader(errors, prefix, "goods.", path, names);
    reader.each(fields, [&](std::size_t field, std::string_view name, element field_value) {
      switch (field) {
        case 0:
          if (reader.read_string(name, field_value, line.item)) {
            check_item(errors, reader.child(name), line.item);
          }
          break;
        case 1:
          if (reader.read_string(name, field_value, line.hs_code)) {
            check_hs_code(errors, reader.child(name), line.hs_code);
          }
          break;
        case 2:
          if (reader.read_string(name, field_value, line.unit)) {
            check_unit(errors, reader.child(name), line.unit);
          }
          break;
        case 3:
          if (reader.read_decimal(name, field_value, goods_quantity_fraction_digits_max,
                                  line.quantity)) {
            check_quantity(errors, reader.child(name), line.quantity);
          }
          break;
      }
    });
    reader.require({"item", "hs_code", "unit", "quantity"});
    clean.push_back(errors.size() == errors_before);
  }
  check_duplicate_lines(errors, goods, clean);
}

// Returns whether every point decoded and lies in range.
bool decode_points(FieldReader& corridor, Errors& errors, std::string_view key, element value,
                   std::vector<GeoPoint>& points) {
  array entries;
  if (!corridor.read_array(key, value, entries)) return false;
  if (!check_points_count(errors, entries.size())) return false;
  points.reserve(entries.size());
  bool all_clean = true;
  std::size_t index = 0;
  for (element entry : entries) {
    GeoPoint& point = points.emplace_back();
    array pair;
    double lat = 0, lon = 0;
    bool shaped = entry.get_array().get(pair) == simdjson::SUCCESS && pair.size() == 2 &&
                  pair.at(0).get_double().get(lat) == simdjson::SUCCESS &&
                  pair.at(1).get_double().get(lon) == simdjson::SUCCESS;
    if (!shaped) {
      add(errors, "transit.corridor.points.type", point_path(index),
          "each point must be [latitude, longitude]: two numbers in degrees");
      all_clean = false;
    } else {
      point = GeoPoint{lat, lon};
      if (!point_in_range(point)) {
        check_point(errors, index, point);
        all_clean = false;
      }
    }
    ++index;
  }
  return all_clean;
}

void decode_corridor(Errors& errors, object fields, Corridor& corridor, Clean& clean) {
  static constexpr std::array<std::string_view, 2> names = {"points", "width_m"};
  FieldReader reader(errors, prefix, "corridor.", "/corridor", names);
  reader.each(fields, [&](std::size_t index, std::string_view key, element value) {
    switch (index) {
      case 0:
        clean.points = decode_points(reader, errors, key, value, corridor.points);
        break;
      case 1:
        clean.width =
            reader.read_decimal(key, value, corridor_width_fraction_digits_max, corridor.width_m) &&
            check_width(errors, corridor.width_m);
        break;
    }
  });
  reader.require({"points", "width_m"});
  if (clean.points) check_segments(errors, corridor.points);
  if (clean.points && clean.width) check_ends(errors, corridor.points, corridor.width_m);
}

void decode_account(Errors& errors, object fields, DestinationAccount& account, Clean& clean) {
  static constexpr std::array<std::string_view, 2> names = {"zone", "enterprise"};
  FieldReader reader(errors, prefix, "destination_account.", "/destination_account", names);
  reader.each(fields, [&](std::size_t index, std::string_view key, element value) {
    switch (index) {
      case 0:
        clean.zone = reader.read_identifier(key, value, place_id_length_max, account.zone);
        break;
      case 1:
        reader.read_identifier(key, value, enterprise_id_length_max, account.enterprise);
        break;
    }
  });
  reader.require({"zone", "enterprise"});
}

void decode_root(Errors& errors, object fields, Transit& t) {
  static constexpr std::array<std::string_view, 8> names = {
      "id", "from", "to", "seal", "deadline", "corridor", "goods", "destination_account"};
  Clean clean;
  FieldReader reader(errors, prefix, "", "", names);
  reader.each(fields, [&](std::size_t index, std::string_view key, element value) {
    object nested;
    switch (index) {
      case 0:
        reader.read_identifier(key, value, transit_id_length_max, t.id);
        break;
      case 1:
        clean.from = reader.read_identifier(key, value, place_id_length_max, t.from);
        break;
      case 2:
        clean.to = reader.read_identifier(key, value, place_id_length_max, t.to);
        break;
      case 3:
        reader.read_identifier(key, value, seal_id_length_max, t.seal);
        break;
      case 4:
        reader.read_timestamp(key, value, t.deadline);
        break;
      case 5:
        if (reader.read_object(key, value, nested))
          decode_corridor(errors, nested, t.corridor, clean);
        break;
      case 6:
        decode_goods(reader, errors, key, value, t.goods);
        break;
      case 7:
        if (reader.read_object(key, value, nested)) {
          decode_account(errors, nested, t.destination_account, clean);
        }
        break;
    }
  });
  reader.require(
      {"id", "from", "to", "seal", "deadline", "corridor", "goods", "destination_account"});
  check_to_and_account(errors, t, clean.from, clean.to, clean.zone);
}

// Shortest text that reads back as the same double ("22.48", not "22.480000000000000426").
std::string shortest(double value) {
  std::array<char, 32> buffer{};
  auto [end, code] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return code == std::errc() ? std::string(buffer.data(), end) : std::string("0");
}

}  // namespace

DecodedTransit decode_transit(std::string_view json) {
  DecodedTransit result;
  object fields;
  if (!transit_json::parse_object(json, transit_body_bytes_max, "a transit", result.errors,
                                  fields)) {
    return result;
  }
  decode_root(result.errors, fields, result.transit);
  return result;
}

Errors validate_transit(const Transit& t) {
  Errors errors;
  check_identifier(errors, "transit.id", "/id", "id", t.id, transit_id_length_max);
  bool from_ok =
      check_identifier(errors, "transit.from", "/from", "from", t.from, place_id_length_max);
  bool to_ok = check_identifier(errors, "transit.to", "/to", "to", t.to, place_id_length_max);
  check_identifier(errors, "transit.seal", "/seal", "seal", t.seal, seal_id_length_max);

  bool points_ok = check_points_count(errors, t.corridor.points.size());
  for (std::size_t i = 0; i < t.corridor.points.size(); ++i) {
    if (!point_in_range(t.corridor.points[i])) {
      check_point(errors, i, t.corridor.points[i]);
      points_ok = false;
    }
  }
  bool width_ok = check_width(errors, t.corridor.width_m);
  if (points_ok) check_segments(errors, t.corridor.points);
  if (points_ok && width_ok) check_ends(errors, t.corridor.points, t.corridor.width_m);

  if (check_goods_count(errors, t.goods.size())) {
    std::vector<bool> clean;
    for (std::size_t i = 0; i < t.goods.size(); ++i) {
      const GoodsLine& line = t.goods[i];
      std::string path = "/goods/" + std::to_string(i);
      std::size_t errors_before = errors.size();
      check_item(errors, path + "/item", line.item);
      check_hs_code(errors, path + "/hs_code", line.hs_code);
      check_unit(errors, path + "/unit", line.unit);
      check_quantity(errors, path + "/quantity", line.quantity);
      clean.push_back(errors.size() == errors_before);
    }
    check_duplicate_lines(errors, t.goods, clean);
  }

  bool zone_ok =
      check_identifier(errors, "transit.destination_account.zone", "/destination_account/zone",
                       "zone", t.destination_account.zone, place_id_length_max);
  check_identifier(errors, "transit.destination_account.enterprise",
                   "/destination_account/enterprise", "enterprise",
                   t.destination_account.enterprise, enterprise_id_length_max);
  check_to_and_account(errors, t, from_ok, to_ok, zone_ok);
  return errors;
}

std::string encode_transit(const Transit& t) {
  JsonWriter out;
  out.begin_object()
      .field("id", t.id)
      .field("from", t.from)
      .field("to", t.to)
      .field("seal", t.seal)
      .field("deadline", format_timestamp(t.deadline));
  out.key("corridor").begin_object().key("points").begin_array();
  for (const GeoPoint& point : t.corridor.points) {
    out.begin_array().raw(shortest(point.lat_deg)).raw(shortest(point.lon_deg)).end_array();
  }
  out.end_array().field("width_m", t.corridor.width_m.to_string()).end_object();
  out.key("goods").begin_array();
  for (const GoodsLine& line : t.goods) {
    out.begin_object()
        .field("item", line.item)
        .field("hs_code", line.hs_code)
        .field("unit", line.unit)
        .field("quantity", line.quantity.to_string())
        .end_object();
  }
  out.end_array();
  out.key("destination_account")
      .begin_object()
      .field("zone", t.destination_account.zone)
      .field("enterprise", t.destination_account.enterprise)
      .end_object();
  out.end_object();
  return out.take();
}

}  // namespace oc
