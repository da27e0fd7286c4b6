// A transit under e-seal from a port (or zone) to a zone: the plain struct that
// `POST /v1/transits` decodes into (../shared/api/regimes-v1.md, "Transits with e-seals"), its
// named limits, decoding with every error at once, validation, and the canonical encoding.
//
// Error codes are "transit.<field>.<rule>" with a JSON-pointer path (docs/transit.md lists them
// all); whole-body problems keep the project's codes (body.too_large, json.*).
// Thread safety: value types and pure functions; decode_transit uses a thread-local parser.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/decimal.h"
#include "core/result.h"
#include "transit/corridor.h"

namespace oc {

// Limits of one transit. Each is enforced with a clear error, never a silent cut.
inline constexpr std::size_t transit_body_bytes_max = 256 * 1024;
inline constexpr std::size_t transit_id_length_max = 35;
inline constexpr std::size_t place_id_length_max = 35;  // from / to: UN/LOCODE or zone id
inline constexpr std::size_t seal_id_length_max = 35;
inline constexpr std::size_t enterprise_id_length_max = 35;
inline constexpr std::size_t goods_item_length_max = 64;  // as zones' stock_item_length_max
inline constexpr std::size_t corridor_points_min = 2;
inline constexpr std::size_t corridor_points_max = 1000;
// A segment longer than this is refused (corridor.h: arcs vs map lines; no antipodal ambiguity).
inline constexpr double corridor_segment_length_m_max = 50'000;
inline constexpr std::int64_t corridor_width_m_max = 10'000;
inline constexpr int corridor_width_fraction_digits_max = 3;  // millimetres
inline constexpr std::size_t goods_lines_max = 999;
inline constexpr int goods_quantity_fraction_digits_max = 6;  // as declaration quantities
// The ledger's movement_quantity_whole_max (src/zones/movement.h): a closing must fit one movement.
inline constexpr std::int64_t goods_quantity_whole_max = 1'000'000'000'000;
// The deadline may lie at most this far after the transit is registered.
inline constexpr std::chrono::hours transit_duration_max{24 * 30};

// One goods line, as regimes-v1's account lines: {"item","hs_code","unit","quantity"}. The item
// names the stock line in the destination account (zones key stock lines by item).
struct GoodsLine {
  std::string item;     // 1..64 characters, no control characters (as zones' items)
  std::string hs_code;  // 8 or 10 digits
  std::string unit;     // UN/ECE Rec. 20 code from core/codes.h
  Decimal quantity;     // positive

  bool operator==(const GoodsLine&) const = default;
};

// "One enterprise, one account": the destination zone's goods account the transit fills.
struct DestinationAccount {
  std::string zone;
  std::string enterprise;

  bool operator==(const DestinationAccount&) const = default;
};

struct Transit {
  std::string id;    // client-chosen ("TR-1")
  std::string from;  // a UN/LOCODE ("CNSZX") or a zone id
  std::string to;    // the destination zone id; equal to destination_account.zone
  std::string seal;  // the e-seal's id ("ES-0001")
  TimePoint deadline;
  Corridor corridor;
  std::vector<GoodsLine> goods;
  DestinationAccount destination_account;

  bool operator==(const Transit&) const = default;
};

struct DecodedTransit {
  Transit transit;
  Errors errors;  // empty when the body is a valid transit
};

// Decodes and validates a `POST /v1/transits` body. Reports every problem at once, in body order:
// shape (unknown, duplicate, missing fields, wrong JSON types) and the rules of each field that
// decoded cleanly; cross-field rules only when all their fields are clean.
DecodedTransit decode_transit(std::string_view json);

// Every rule of decode_transit that a struct built in code can break (shape errors aside), with
// the same codes and paths. The monitor refuses a transit with any of these.
Errors validate_transit(const Transit& transit);

// Canonical JSON: contract field order, decimals as written, coordinates in their shortest
// round-trip form. Equal transits encode to equal bytes; decode(encode(t)) == t for a valid t.
std::string encode_transit(const Transit& transit);

}  // namespace oc
