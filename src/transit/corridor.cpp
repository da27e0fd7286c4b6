// Corridor geometry on the sphere with unit vectors (see corridor.h for the model and its error).
#include "transit/corridor.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <numbers>

namespace oc {
namespace {

constexpr double degrees_to_radians = std::numbers::pi / 180.0;
// |a × b| below this (arcs shorter than ~6 µm) is a single point: its normal would be noise.
constexpr double degenerate_cross_max = 1e-12;
// The bounding cap of a segment is widened by this angle (~6 m) so that rounding in the
// one-dot-product pre-test can never reject a point the exact test accepts.
constexpr double reach_margin_rad = 1e-6;

}  // namespace

double to_double(const Decimal& value) {
  static constexpr std::array<double, Decimal::scale_max + 1> powers = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12};
  return static_cast<double>(value.units()) / powers[static_cast<std::size_t>(value.scale())];
}

UnitVector unit_vector(GeoPoint point) {
  double lat = point.lat_deg * degrees_to_radians;
  double lon = point.lon_deg * degrees_to_radians;
  double cos_lat = std::cos(lat);
  return UnitVector{cos_lat * std::cos(lon), cos_lat * std::sin(lon), std::sin(lat)};
}

namespace {

double dot(const UnitVector& u, const UnitVector& v) {
  return u.x * v.x + u.y * v.y + u.z * v.z;
}

UnitVector cross(const UnitVector& u, const UnitVector& v) {
  return UnitVector{u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z, u.x * v.y - u.y * v.x};
}

double norm(const UnitVector& u) {
  return std::sqrt(dot(u, u));
}

UnitVector scaled(const UnitVector& u, double factor) {
  return UnitVector{u.x * factor, u.y * factor, u.z * factor};
}

// The angle between two unit vectors from their chord: accurate for tiny and large angles alike
// (acos of the dot product loses half the digits near zero).
double angle_between(const UnitVector& u, const UnitVector& v) {
  UnitVector d{u.x - v.x, u.y - v.y, u.z - v.z};
  return 2.0 * std::asin(std::min(1.0, norm(d) / 2.0));
}

}  // namespace

CorridorGeometry::CorridorGeometry(std::span<const GeoPoint> points, double width_m)
    : width_m_(width_m), half_width_rad_(width_m / 2.0 / earth_radius_m) {
  assert(points.size() >= 2);
  assert(width_m > 0);
  segments_.reserve(points.size() - 1);
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    Segment segment;
    segment.a = unit_vector(points[i]);
    segment.b = unit_vector(points[i + 1]);
    Vec3 normal = cross(segment.a, segment.b);
    double length = norm(normal);
    double half_arc = 0;
    if (length < degenerate_cross_max) {
      segment.degenerate = true;
      segment.middle = segment.a;
    } else {
      segment.normal = scaled(normal, 1.0 / length);
      segment.toward_b = cross(segment.normal, segment.a);
      segment.toward_a = cross(segment.b, segment.normal);
      Vec3 sum{segment.a.x + segment.b.x, segment.a.y + segment.b.y, segment.a.z + segment.b.z};
      segment.middle = scaled(sum, 1.0 / norm(sum));
      half_arc = angle_between(segment.a, segment.b) / 2.0;
    }
    double reach = half_arc + half_width_rad_ + reach_margin_rad;
    segment.reach_cos = reach >= std::numbers::pi ? -2.0 : std::cos(reach);
    segments_.push_back(segment);
  }
  destination_ = unit_vector(points.back());
}

double CorridorGeometry::segment_distance_rad(const Segment& segment, const Vec3& p) {
  if (segment.degenerate) return angle_between(p, segment.a);
  // The foot of the perpendicular lies on the arc exactly when p is inside the wedge between the
  // planes through the poles of the great circle and a, and b (the arc is shorter than 180°).
  if (dot(p, segment.toward_b) >= 0 && dot(p, segment.toward_a) >= 0) {
    return std::asin(std::min(1.0, std::abs(dot(p, segment.normal))));
  }
  return std::min(angle_between(p, segment.a), angle_between(p, segment.b));
}

double CorridorGeometry::distance_m(GeoPoint point) const {
  Vec3 p = unit_vector(point);
  double best = std::numbers::pi;
  for (const Segment& segment : segments_) {
    best = std::min(best, segment_distance_rad(segment, p));
  }
  return best * earth_radius_m;
}

bool CorridorGeometry::inside(GeoPoint point) const {
  Vec3 p = unit_vector(point);
  for (const Segment& segment : segments_) {
    if (dot(p, segment.middle) < segment.reach_cos) continue;
    if (segment_distance_rad(segment, p) <= half_width_rad_) return true;
  }
  return false;
}

bool CorridorGeometry::at_destination(GeoPoint point) const {
  return angle_between(unit_vector(point), destination_) <= half_width_rad_;
}

double great_circle_distance_m(GeoPoint a, GeoPoint b) {
  return angle_between(unit_vector(a), unit_vector(b)) * earth_radius_m;
}

double distance_to_polyline_m(GeoPoint point, std::span<const GeoPoint> polyline) {
  return CorridorGeometry(polyline, 1.0).distance_m(point);
}

bool inside(GeoPoint point, const Corridor& corridor) {
  return CorridorGeometry(corridor.points, to_double(corridor.width_m)).inside(point);
}

}  // namespace oc
