// Corridor geometry against distances computed by hand (docs/transit.md, "Geometry").
// R = 6,371,008.8 m, so 0.001° of arc is R·π/180·0.001 = 111.195080 m. Tolerances are 1 mm
// unless a case says otherwise; the model is exact on the sphere, so only rounding is left.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "transit/corridor.h"

namespace oc {
namespace {

constexpr double millidegree_m = 111.19508023353292;  // R·π/180·0.001
constexpr double mm = 0.001;

double radians(double degrees) {
  return degrees * std::numbers::pi / 180.0;
}

const std::vector<GeoPoint> equator = {{0, 0}, {0, 1}};
const std::vector<GeoPoint> bend = {{0, 0}, {0, 1}, {1, 1}};  // east along the equator, then north

TEST(GreatCircle, OneDegreeOfArcAndZero) {
  EXPECT_NEAR(great_circle_distance_m({0, 0}, {0, 1}), 1000 * millidegree_m, mm);
  EXPECT_NEAR(great_circle_distance_m({0, 0}, {1, 0}), 1000 * millidegree_m, mm);
  EXPECT_EQ(great_circle_distance_m({22.5, 113.89}, {22.5, 113.89}), 0.0);
  // A metre-scale distance keeps its digits (the chord formula, not acos of a dot product).
  EXPECT_NEAR(great_circle_distance_m({0, 0}, {0, 0.00001}), millidegree_m / 100, 1e-6);
}

TEST(CorridorDistance, ExactlyOnAVertexIsZero) {
  EXPECT_NEAR(distance_to_polyline_m({0, 1}, bend), 0.0, 1e-6);
  EXPECT_NEAR(distance_to_polyline_m({0, 0}, bend), 0.0, 1e-6);
  EXPECT_NEAR(distance_to_polyline_m({1, 1}, bend), 0.0, 1e-6);
  std::vector<GeoPoint> shenzhen = {{22.48, 113.88}, {22.50, 113.89}, {22.52, 113.90}};
  EXPECT_NEAR(distance_to_polyline_m({22.50, 113.89}, shenzhen), 0.0, 1e-6);
}

TEST(CorridorDistance, BesideASegmentIsTheCrossTrackDistance) {
  // The equator is a great circle: a point 0.001° north of it is 0.001° of arc away.
  EXPECT_NEAR(distance_to_polyline_m({0.001, 0.5}, equator), millidegree_m, mm);
  EXPECT_NEAR(distance_to_polyline_m({-0.002, 0.25}, equator), 2 * millidegree_m, mm);
}

TEST(CorridorDistance, BeyondASegmentEndIsTheDistanceToTheEndPoint) {
  EXPECT_NEAR(distance_to_polyline_m({0, 1.002}, equator), 2 * millidegree_m, mm);
  EXPECT_NEAR(distance_to_polyline_m({0, -0.001}, equator), millidegree_m, mm);
  // Diagonally beyond the end: haversine by hand, 157.253591 m (√2·111.195 to 1e-8).
  EXPECT_NEAR(distance_to_polyline_m({0.001, 1.001}, equator), 157.2535905, mm);
}

TEST(CorridorDistance, AroundABend) {
  // Outside the corner (south-east of it) the nearest point is the vertex itself.
  EXPECT_NEAR(distance_to_polyline_m({-0.001, 1.001}, bend), 157.2535905, mm);
  // Inside the corner both segments are 0.001° away.
  EXPECT_NEAR(distance_to_polyline_m({0.001, 0.999}, bend), millidegree_m, mm);
  // Beside the northbound segment at 0.5°N, 0.001° of longitude east: the arc distance to the
  // meridian is asin(cos 0.5° · sin 0.001°)·R = 111.190846 m, not 111.195 (longitude shrinks).
  double expected = 6'371'008.8 * std::asin(std::cos(radians(0.5)) * std::sin(radians(0.001)));
  EXPECT_NEAR(expected, 111.190846, 1e-6);
  EXPECT_NEAR(distance_to_polyline_m({0.5, 1.001}, bend), expected, mm);
}

TEST(CorridorDistance, ASegmentIsAGreatCircleArcNotAParallel) {
  // From (60°N, 0°) to (60°N, 1°E) the arc bulges north: at 0.5°E it reaches φm with
  // tan φm = tan 60° / cos 0.5°, so the parallel's middle point lies (φm − 60°)·R = 105.045 m
  // south of it — the L²·tan φ / 8R that docs/transit.md warns about.
  double top = std::atan(std::tan(radians(60)) / std::cos(radians(0.5)));
  double expected = (top - radians(60)) * 6'371'008.8;
  EXPECT_NEAR(expected, 105.0449, 1e-3);
  EXPECT_NEAR(distance_to_polyline_m({60, 0.5}, std::vector<GeoPoint>{{60, 0}, {60, 1}}), expected,
              mm);
}

TEST(CorridorDistance, AcrossTheAntimeridianAndAtThePole) {
  std::vector<GeoPoint> dateline = {{0, 179.999}, {0, -179.999}};
  EXPECT_NEAR(distance_to_polyline_m({0.001, 180}, dateline), millidegree_m, mm);
  EXPECT_NEAR(distance_to_polyline_m({0.001, -180}, dateline), millidegree_m, mm);
  std::vector<GeoPoint> polar = {{89.999, 0}, {90, 0}};
  EXPECT_NEAR(distance_to_polyline_m({89.999, 180}, polar), millidegree_m, mm);
}

TEST(CorridorDistance, RepeatedPointsAreHarmless) {
  std::vector<GeoPoint> repeated = {{0, 0}, {0, 0}, {0, 1}, {0, 1}};
  EXPECT_NEAR(distance_to_polyline_m({0.001, 0.5}, repeated), millidegree_m, mm);
  EXPECT_NEAR(distance_to_polyline_m({0, 1.001}, repeated), millidegree_m, mm);
}

TEST(CorridorInside, WidthIsTheFullWidthSoHalfOnEachSide) {
  // 250 m wide: 125 m each side; 125 m of arc is 0.00112415° of latitude.
  Corridor corridor{equator, Decimal::from_int(250)};
  EXPECT_TRUE(inside({0.001, 0.5}, corridor));  // 111.2 m
  EXPECT_TRUE(inside({-0.001, 0.5}, corridor));
  EXPECT_FALSE(inside({0.0012, 0.5}, corridor));     // 133.4 m
  EXPECT_TRUE(inside({0.0011241, 0.5}, corridor));   // 124.994 m
  EXPECT_FALSE(inside({0.0011242, 0.5}, corridor));  // 125.005 m
  EXPECT_TRUE(inside({0, 1.001}, corridor));         // the round cap beyond the end
  EXPECT_FALSE(inside({0.001, 1.001}, corridor));    // 157 m from the end point
}

TEST(CorridorInside, AgreesWithTheDistanceEverywhere) {
  std::vector<GeoPoint> route = {
      {22.48, 113.88}, {22.50, 113.89}, {22.52, 113.90}, {22.52, 113.93}, {22.49, 113.95}};
  CorridorGeometry geometry(route, 500);
  int inside_count = 0;
  for (int i = 0; i <= 120; ++i) {
    for (int j = 0; j <= 120; ++j) {
      GeoPoint point{22.47 + 0.0006 * i, 113.87 + 0.0007 * j};
      bool by_distance = geometry.distance_m(point) <= geometry.half_width_m();
      ASSERT_EQ(geometry.inside(point), by_distance) << point.lat_deg << " " << point.lon_deg;
      inside_count += by_distance ? 1 : 0;
    }
  }
  EXPECT_GT(inside_count, 500);  // the grid does cross the corridor
}

TEST(CorridorInside, TinyWidthsStillHoldTheCentreLine) {
  CorridorGeometry geometry(equator, 0.001);
  EXPECT_TRUE(geometry.inside({0, 0.5}));
  EXPECT_TRUE(geometry.inside({0, 1}));
  EXPECT_FALSE(geometry.inside({0.00001, 0.5}));  // 1.1 m
}

TEST(CorridorDestination, WithinHalfTheWidthOfTheLastPoint) {
  CorridorGeometry geometry(bend, 250);
  EXPECT_TRUE(geometry.at_destination({1, 1}));
  EXPECT_TRUE(geometry.at_destination({1.001, 1}));    // 111 m beyond
  EXPECT_TRUE(geometry.at_destination({0.999, 1}));    // 111 m before
  EXPECT_FALSE(geometry.at_destination({0.9988, 1}));  // 133 m before
  EXPECT_FALSE(geometry.at_destination({0, 1}));
}

TEST(CorridorDistance, TheFixturePositionsAreWhereTheFixturesSayTheyAre) {
  // tests/data/transit/monitor.txt's table of positions on the base corridor.
  std::vector<GeoPoint> route = {{22.48, 113.88}, {22.50, 113.89}, {22.52, 113.90}};
  CorridorGeometry geometry(route, 500);
  EXPECT_LT(geometry.distance_m({22.49, 113.885}), 0.1);
  EXPECT_LT(geometry.distance_m({22.51, 113.895}), 0.1);
  EXPECT_NEAR(geometry.distance_m({22.50, 113.90}), 932.6, 0.1);
  EXPECT_NEAR(geometry.distance_m({22.505, 113.905}), 1165.8, 0.1);
  EXPECT_NEAR(geometry.distance_m({22.50, 113.891}), 93.3, 0.1);
  EXPECT_NEAR(great_circle_distance_m({22.517, 113.8985}, {22.52, 113.90}), 367.4, 0.1);
  EXPECT_NEAR(great_circle_distance_m({22.522, 113.90}, {22.52, 113.90}), 222.4, 0.1);
  EXPECT_FALSE(geometry.at_destination({22.517, 113.8985}));
  EXPECT_TRUE(geometry.at_destination({22.519, 113.90}));
  EXPECT_TRUE(geometry.at_destination({22.522, 113.90}));
}

TEST(DecimalToDouble, IsTheNearestDouble) {
  EXPECT_EQ(to_double(Decimal::parse("22.49").value()), 22.49);
  EXPECT_EQ(to_double(Decimal::parse("-113.123456789").value()), -113.123456789);
  EXPECT_EQ(to_double(Decimal::from_int(500)), 500.0);
}

}  // namespace
}  // namespace oc
