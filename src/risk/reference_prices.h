// ReferencePrices: the reference unit values per (HS6, origin) band — first quartile, median and
// third quartile of the unit values (invoice amount / quantity) of accepted declarations. Rules
// read them as reference(hs6, origin), reference_q1(...), reference_q3(...) and price_ratio.
//
// Quartiles use the nearest-rank definition, so every figure is an observed unit value (exact,
// no interpolation): with the n values of a band sorted ascending, x[1] <= ... <= x[n], the p-th
// percentile is x[ceil(p * n / 100)]: q1 = x[ceil(n/4)], median = x[ceil(n/2)] (the lower middle
// value when n is even), q3 = x[ceil(3n/4)].
// A band needs reference_observations_min observations; a thinner band has no reference price
// (and a rule comparing with it is false), because a median of two or three prices says little.
// Unit values are in whatever currency the observations were recorded in; the risk module does
// no conversion (see docs/risk-rules.md).
// Thread safety: immutable once built; share freely between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/decimal.h"
#include "declaration/declaration.h"

namespace oc {

inline constexpr std::size_t reference_observations_min = 5;
// Fraction digits of a unit value computed from a declaration (half-up).
inline constexpr int reference_unit_value_fraction_digits = 6;

struct PriceObservation {
  std::string hs6;     // six digits
  std::string origin;  // ISO 3166 alpha-2
  Decimal unit_value;  // > 0
};

struct PriceBand {
  Decimal first_quartile;
  Decimal median;
  Decimal third_quartile;
  std::size_t observation_count = 0;

  bool operator==(const PriceBand&) const = default;
};

class ReferencePrices {
 public:
  ReferencePrices() = default;  // no bands: every reference is missing

  // Groups the observations by (hs6, origin) and computes each band with enough observations.
  // Observations that cannot key a band (hs6 not 6 characters, origin not 2) or have a unit value
  // of zero or less are skipped and counted.
  static ReferencePrices from_observations(std::vector<PriceObservation> observations);

  // Bands given directly (tests, precomputed tables). REQUIRES: hs6 has 6 characters and origin
  // 2 for every entry (others are skipped and counted).
  struct BandEntry {
    std::string hs6;
    std::string origin;
    PriceBand band;
  };
  static ReferencePrices from_bands(const std::vector<BandEntry>& bands);

  // nullptr when the band is unknown or too thin.
  const PriceBand* find(std::string_view hs6, std::string_view origin) const;

  std::size_t band_count() const { return bands_.size(); }
  std::size_t skipped_observation_count() const { return skipped_; }

 private:
  std::unordered_map<std::uint64_t, PriceBand> bands_;
  std::size_t skipped_ = 0;
};

// The observations an accepted declaration contributes: one per item with a quantity above zero,
// unit value = invoice_amount / quantity rounded half-up to 6 decimals.
std::vector<PriceObservation> price_observations(const Declaration& declaration);

}  // namespace oc
