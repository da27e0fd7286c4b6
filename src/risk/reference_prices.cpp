// Reference price bands: grouping, nearest-rank quartiles and the packed (hs6, origin) key.
#include "risk/reference_prices.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <utility>

namespace oc {
namespace {

// hs6 (6 bytes) and origin (2 bytes) packed into one 64-bit key; nullopt for other sizes.
std::optional<std::uint64_t> band_key(std::string_view hs6, std::string_view origin) {
  if (hs6.size() != 6 || origin.size() != 2) return std::nullopt;
  char bytes[8];
  std::memcpy(bytes, hs6.data(), 6);
  std::memcpy(bytes + 6, origin.data(), 2);
  std::uint64_t key = 0;
  std::memcpy(&key, bytes, sizeof key);
  return key;
}

// x[ceil(percent * n / 100)] of the sorted values, 1-based. REQUIRES: !sorted.empty()
const Decimal& nearest_rank(const std::vector<Decimal>& sorted, std::size_t percent) {
  std::size_t rank = (percent * sorted.size() + 99) / 100;
  if (rank == 0) rank = 1;
  return sorted[rank - 1];
}

}  // namespace

ReferencePrices ReferencePrices::from_observations(std::vector<PriceObservation> observations) {
  ReferencePrices prices;
  std::map<std::uint64_t, std::vector<Decimal>> groups;
  for (PriceObservation& observation : observations) {
    auto key = band_key(observation.hs6, observation.origin);
    if (!key || observation.unit_value.sign() <= 0) {
      ++prices.skipped_;
      continue;
    }
    groups[*key].push_back(observation.unit_value);
  }
  for (auto& [key, values] : groups) {
    if (values.size() < reference_observations_min) continue;
    std::sort(values.begin(), values.end());
    prices.bands_.emplace(key, PriceBand{nearest_rank(values, 25), nearest_rank(values, 50),
                                         nearest_rank(values, 75), values.size()});
  }
  return prices;
}

ReferencePrices ReferencePrices::from_bands(const std::vector<BandEntry>& bands) {
  ReferencePrices prices;
  for (const BandEntry& entry : bands) {
    auto key = band_key(entry.hs6, entry.origin);
    if (!key) {
      ++prices.skipped_;
      continue;
    }
    prices.bands_[*key] = entry.band;
  }
  return prices;
}

const PriceBand* ReferencePrices::find(std::string_view hs6, std::string_view origin) const {
  auto key = band_key(hs6, origin);
  if (!key) return nullptr;
  auto it = bands_.find(*key);
  return it == bands_.end() ? nullptr : &it->second;
}

std::vector<PriceObservation> price_observations(const Declaration& declaration) {
  std::vector<PriceObservation> observations;
  for (const Item& item : declaration.items) {
    if (item.quantity.sign() <= 0 || item.hs_code.size() < 6) continue;
    auto unit_value = item.invoice_amount.divide(
        item.quantity, reference_unit_value_fraction_digits, Rounding::half_up);
    if (!unit_value) continue;
    observations.push_back(PriceObservation{item.hs_code.substr(0, 6), item.origin, *unit_value});
  }
  return observations;
}

}  // namespace oc
