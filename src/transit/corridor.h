// Corridor geometry: how far a position is from a transit's route, and whether it is inside.
//
// A corridor is a polyline of [lat, lon] points (degrees, WGS84 as the seals report them) and a
// FULL width in metres: a position is inside when its distance to the polyline is at most
// width_m / 2, so the tolerance is half the width on each side, with round caps at both ends.
//
// The model (docs/transit.md, "Geometry"): the Earth is a sphere of the IUGG mean radius and each
// segment is the great-circle arc between its two points. Distances are computed exactly on that
// sphere with unit vectors (the cross-track distance to the arc's great circle when the foot of
// the perpendicular falls inside the arc, otherwise the distance to the nearer end point), so the
// error does not grow with the corridor's length: the only error is the sphere's against the WGS84
// ellipsoid, at most 0.56% of the distance measured (1.4 m at a 250 m half width; ~0.4% at
// Shenzhen's latitude), plus rounding far below a millimetre.
// Segments are limited to corridor_segment_length_m_max (transit.h): an arc differs from a straight
// line drawn on a Web Mercator map by L²·tan(lat)/(8R) at its middle (20 m for a 50 km segment at
// 22°N, 0.8 m for 10 km), so routes are drawn with a point at least every few kilometres.
//
// Thread safety: CorridorGeometry is immutable after construction; any number of threads may
// query one instance.
#pragma once

#include <span>
#include <vector>

#include "core/decimal.h"

namespace oc {

// IUGG mean Earth radius (R1), metres.
inline constexpr double earth_radius_m = 6'371'008.8;

struct GeoPoint {
  double lat_deg = 0;  // -90..90
  double lon_deg = 0;  // -180..180

  bool operator==(const GeoPoint&) const = default;
};

// The route of a transit as the API carries it (regimes-v1: "corridor":{"points","width_m"}).
struct Corridor {
  std::vector<GeoPoint> points;
  Decimal width_m;  // the full width; positive

  bool operator==(const Corridor&) const = default;
};

// A point as the unit vector from the sphere's centre (x toward 0°N 0°E, z toward the north pole).
struct UnitVector {
  double x = 0, y = 0, z = 0;
};
UnitVector unit_vector(GeoPoint point);

// Great-circle distance between two points, metres (exact on the sphere; stable for tiny
// distances).
double great_circle_distance_m(GeoPoint a, GeoPoint b);

// A corridor prepared for repeated queries: unit vectors, segment normals and a bounding cap per
// segment, so that `inside` rejects far segments with one dot product.
class CorridorGeometry {
 public:
  // REQUIRES: points.size() >= 2, every point within range, width_m > 0 (validate_transit checks
  // all three before a corridor reaches here).
  CorridorGeometry(std::span<const GeoPoint> points, double width_m);

  // Distance from `point` to the polyline, metres.
  double distance_m(GeoPoint point) const;
  // distance_m(point) <= width_m / 2, computed faster.
  bool inside(GeoPoint point) const;
  // Within width_m / 2 of the last point: the destination's geofence (docs/transit.md, "Arrival").
  bool at_destination(GeoPoint point) const;

  double width_m() const { return width_m_; }
  double half_width_m() const { return width_m_ / 2; }

 private:
  using Vec3 = UnitVector;
  struct Segment {
    Vec3 a, b;
    Vec3 toward_b;            // n × a: positive on a's side of the wedge that holds the arc
    Vec3 toward_a;            // b × n
    Vec3 normal;              // unit normal of the arc's great circle
    Vec3 middle;              // unit vector of the arc's middle
    double reach_cos = -1;    // cos(half arc + half width): a point inside lies within this cap
    bool degenerate = false;  // a == b (or closer than a few micrometres): a point, not an arc
  };

  static double segment_distance_rad(const Segment& segment, const Vec3& p);

  std::vector<Segment> segments_;
  Vec3 destination_;
  double width_m_ = 0;
  double half_width_rad_ = 0;
};

// Convenience for one-off questions (builds the geometry each call).
// REQUIRES: as CorridorGeometry's constructor.
double distance_to_polyline_m(GeoPoint point, std::span<const GeoPoint> polyline);
bool inside(GeoPoint point, const Corridor& corridor);

// A decimal's value as a double (for geometry only; never for money or quantities).
double to_double(const Decimal& value);

}  // namespace oc
