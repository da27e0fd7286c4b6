// A goods-account movement of a special customs supervision area (regimes-v1, "Bonded zone goods
// accounts"): what an enterprise declares moved into, out of or within its account, decoded from
// the API body and turned into signed changes of stock lines.
//
// Kinds: first_line_entry (in from abroad), second_line_exit (out to the mainland, with an import
// declaration), re_export (out to abroad), transfer (to another zone enterprise), processing
// (inputs consumed, outputs produced, each input with its declared loss rate), correction (a
// stocktake difference as signed quantities, with a reason; never an edit of a past movement).
// A stock line is (zone, enterprise, item); its HS code and unit are fixed by its first movement.
// Quantities are exact decimals of up to 6 fraction digits, held as integer micro-units.
// Thread safety: value types and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.h"
#include "core/result.h"

namespace oc {

// Limits of one movement, each enforced with a movement.* error.
inline constexpr std::size_t movement_body_bytes_max = 1024 * 1024;
inline constexpr std::size_t movement_lines_max = 1'000;
inline constexpr std::size_t movement_id_length_max = 64;
inline constexpr std::size_t stock_item_length_max = 64;
inline constexpr std::size_t movement_reason_length_max = 512;
inline constexpr int quantity_scale = 6;  // micro-units
// The largest quantity one line may move (1e12 units), so that balances stay inside int64
// micro-units with room for a million movements of the largest size.
inline constexpr std::int64_t movement_quantity_whole_max = 1'000'000'000'000;

enum class MovementKind {
  first_line_entry,
  second_line_exit,
  re_export,
  transfer,
  processing,
  correction,
};
std::string_view to_string(MovementKind kind);
std::optional<MovementKind> parse_movement_kind(std::string_view text);

struct AccountRef {
  std::string zone;
  std::string enterprise;
  bool operator==(const AccountRef&) const = default;
};

struct MovementLine {
  std::string item;
  std::string hs_code;
  std::string unit;
  std::string origin;             // optional ISO 3166 alpha-2
  std::int64_t quantity_micro = 0;  // signed only in corrections
  std::optional<Decimal> loss_rate;  // processing inputs: the share lost as waste, 0 ≤ r < 1
  bool operator==(const MovementLine&) const = default;
};

struct ValueAddedInputs {
  Decimal mainland_sale_price;
  Decimal imported_materials;
  Decimal domestic_materials;
  bool operator==(const ValueAddedInputs&) const = default;
};

struct Movement {
  std::string id;
  MovementKind kind = MovementKind::first_line_entry;
  std::vector<MovementLine> lines;    // every kind but processing
  std::vector<MovementLine> consume;  // processing
  std::vector<MovementLine> produce;  // processing
  std::optional<AccountRef> to;       // transfer
  std::string reason;                 // correction
  std::string declaration_json;       // second_line_exit: the declaration-v1 body, as given
  std::optional<ValueAddedInputs> value_added;  // second_line_exit from a Hainan zone
  bool operator==(const Movement&) const = default;
};

// Every error at once (codes movement.*, field.unknown, field.duplicate, json.*), JSON-pointer
// paths. The zone and enterprise come from the URL.
struct DecodedMovement {
  Movement movement;
  Errors errors;
};
DecodedMovement decode_movement(std::string_view json);

// A canonical JSON of the decoded movement (fixed field order, normalised numbers): what a replay
// is compared by, so that whitespace or number spelling do not make "other content".
std::string canonical_movement_json(const Movement& movement);

// One signed change of one stock line.
struct StockDelta {
  AccountRef account;
  std::string item;
  std::string hs_code;
  std::string unit;
  std::int64_t delta_micro = 0;
  std::string path;  // the movement line it comes from, e.g. /consume/2
};

// The changes a movement makes to stock, in line order (a transfer: every source line, then every
// destination line). REQUIRES: the movement decoded without errors.
std::vector<StockDelta> movement_deltas(const AccountRef& account, const Movement& movement);

// "12.5" from 12500000 micro-units.
std::string format_quantity(std::int64_t micro);

}  // namespace oc
