// What the risk engine learns from the store's history: the reference price bands per HS6 and
// origin, from the most recent accepted declarations (rejected bodies are never stored, so every
// stored declaration was accepted).
// Thread safety: reads the store (thread-safe); returns a new immutable table.
#pragma once

#include <cstddef>

#include "core/result.h"
#include "risk/reference_prices.h"
#include "store/store.h"

namespace oc {

// How far back reference prices look, in declarations (newest first).
inline constexpr std::size_t reference_price_history_max = 200'000;

Result<ReferencePrices> reference_prices_from_store(
    Store& store, std::size_t declarations_max = reference_price_history_max);

}  // namespace oc
