// Reference price bands: nearest-rank quartiles, the minimum count, keys and skipped input.
#include "risk/reference_prices.h"

#include <gtest/gtest.h>

#include "risk_test_support.h"

namespace oc {
namespace {

std::vector<PriceObservation> band_of(const std::string& hs6, const std::string& origin,
                                      const std::vector<int>& values) {
  std::vector<PriceObservation> result;
  for (int value : values) result.push_back({hs6, origin, Decimal::from_int(value)});
  return result;
}

TEST(ReferencePrices, NearestRankQuartilesOfEightValues) {
  // Sorted: 10 20 30 40 50 60 70 80; q1 = x[ceil(2)] = 20, median = x[4] = 40, q3 = x[6] = 60.
  auto prices =
      ReferencePrices::from_observations(band_of("870323", "XX", {80, 10, 70, 20, 60, 30, 50, 40}));
  const PriceBand* band = prices.find("870323", "XX");
  ASSERT_NE(band, nullptr);
  EXPECT_EQ(band->first_quartile, Decimal::from_int(20));
  EXPECT_EQ(band->median, Decimal::from_int(40));
  EXPECT_EQ(band->third_quartile, Decimal::from_int(60));
  EXPECT_EQ(band->observation_count, 8u);
}

TEST(ReferencePrices, NearestRankQuartilesOfFiveValues) {
  // q1 = x[ceil(1.25)] = x[2], median = x[ceil(2.5)] = x[3], q3 = x[ceil(3.75)] = x[4].
  auto prices = ReferencePrices::from_observations(band_of("847130", "CN", {5, 1, 4, 2, 3}));
  const PriceBand* band = prices.find("847130", "CN");
  ASSERT_NE(band, nullptr);
  EXPECT_EQ(band->first_quartile, Decimal::from_int(2));
  EXPECT_EQ(band->median, Decimal::from_int(3));
  EXPECT_EQ(band->third_quartile, Decimal::from_int(4));
}

TEST(ReferencePrices, ABandNeedsTheMinimumCount) {
  std::vector<int> values(reference_observations_min - 1, 100);
  auto thin = ReferencePrices::from_observations(band_of("870323", "XX", values));
  EXPECT_EQ(thin.find("870323", "XX"), nullptr);
  values.push_back(100);
  auto enough = ReferencePrices::from_observations(band_of("870323", "XX", values));
  EXPECT_NE(enough.find("870323", "XX"), nullptr);
}

TEST(ReferencePrices, BandsAreKeyedByHs6AndOrigin) {
  auto observations = band_of("870323", "XX", {1, 2, 3, 4, 5});
  auto other = band_of("870323", "YY", {10, 20, 30, 40, 50});
  observations.insert(observations.end(), other.begin(), other.end());
  auto prices = ReferencePrices::from_observations(observations);
  EXPECT_EQ(prices.band_count(), 2u);
  EXPECT_EQ(prices.find("870323", "YY")->median, Decimal::from_int(30));
  EXPECT_EQ(prices.find("870324", "XX"), nullptr);
  EXPECT_EQ(prices.find("8703", "XX"), nullptr);
  EXPECT_EQ(prices.find("870323", "XXX"), nullptr);
}

TEST(ReferencePrices, SkipsObservationsThatCannotKeyABand) {
  std::vector<PriceObservation> observations = {
      {"87032", "XX", Decimal::from_int(1)},
      {"870323", "X", Decimal::from_int(1)},
      {"870323", "XX", Decimal::from_int(0)},
      {"870323", "XX", Decimal::from_int(-5)},
  };
  auto prices = ReferencePrices::from_observations(observations);
  EXPECT_EQ(prices.skipped_observation_count(), 4u);
  EXPECT_EQ(prices.band_count(), 0u);
}

TEST(ReferencePrices, ObservationsFromAnAcceptedDeclaration) {
  Declaration declaration = testing::base_declaration();
  Item item = testing::base_item();  // 5000 / 10
  declaration.items.push_back(item);
  item.quantity = Decimal::from_int(3);
  item.invoice_amount = Decimal::from_int(1000);  // 333.333333 (6 decimals, half up)
  declaration.items.push_back(item);
  item.quantity = Decimal::from_int(0);  // no unit value
  declaration.items.push_back(item);
  std::vector<PriceObservation> observations = price_observations(declaration);
  ASSERT_EQ(observations.size(), 2u);
  EXPECT_EQ(observations[0].hs6, "847130");
  EXPECT_EQ(observations[0].origin, "DE");
  EXPECT_EQ(observations[0].unit_value.to_string(), "500.000000");
  EXPECT_EQ(observations[1].unit_value.to_string(), "333.333333");
}

}  // namespace
}  // namespace oc
