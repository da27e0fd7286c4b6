// ZoneService: goods-account movements of the special customs supervision areas, end to end.
// A body is decoded (zones/movement.h) and turned into signed stock changes; a second-line exit's
// declaration goes through the normal lodging spine (validation, assessment — with the Hainan
// value-added rule for a Hainan zone — and lane selection) and is written with the movement in
// ONE transaction, so goods never leave the account without their declaration nor the reverse.
// Replays by client id answer the first result; everything else is the store's (sqlite_ledger).
// Thread safety: stateless besides borrowed references; the store serialises the writes, so
// concurrent movements of the same stock never overspend it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "clearance/lodging.h"
#include "core/clock.h"
#include "store/store.h"
#include "zones/movement.h"
#include "zones/zone_registry.h"

namespace oc {

enum class MovementDisposition { applied, exists, rejected };

struct MovementOutcome {
  MovementDisposition disposition = MovementDisposition::applied;
  std::string answer_json;  // the answer (applied/exists) or {"errors":[...]} (rejected)
  Errors errors;
};

class ZoneService {
 public:
  ZoneService(const ZoneRegistry& zones, LodgingService& lodging, Store& store, const Clock& clock)
      : zones_(zones), lodging_(lodging), store_(store), clock_(clock) {}

  // Errors (not rejections): zone.unknown (the zone of the URL),
  // movement.exists_with_different_content, stock.insufficient, stock.line_mismatch, store.*.
  // Rejections: the body's decoding errors, a second-line exit's declaration errors (paths under
  // /declaration) and movement.declaration_mismatch.
  Result<MovementOutcome> move(std::string_view zone, std::string_view enterprise,
                               std::string_view body, const Actor& actor,
                               std::optional<AuditEntry> audit = std::nullopt);

  // Batch work (CLI): many bodies of one account, written in one transaction; each movement is
  // all-or-nothing on its own.
  std::vector<Result<MovementOutcome>> move_many(std::string_view zone, std::string_view enterprise,
                                                 const std::vector<std::string>& bodies,
                                                 const Actor& actor);

  const ZoneRegistry& zones() const { return zones_; }

 private:
  struct Prepared {
    std::optional<MovementOutcome> final;  // rejected before any write
    std::optional<LedgerWrite> write;
  };
  Result<Prepared> prepare(std::string_view zone, std::string_view enterprise,
                           std::string_view body, const Actor& actor);
  static Result<MovementOutcome> finish(Result<LedgerResult> stored);

  const ZoneRegistry& zones_;
  LodgingService& lodging_;
  Store& store_;
  const Clock& clock_;
};

// {"lines":[{"item","hs_code","unit","quantity"}]}
std::string stock_json(const std::vector<StockLine>& lines);
// {"movements":[{"sequence","id","kind","at","declaration_id","movement":{…}}],"next_after":…}
std::string movements_json(const std::vector<MovementRecord>& records, std::size_t limit);

}  // namespace oc
