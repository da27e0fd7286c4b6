// Lodging: the spine of the platform. A body goes through validation, assessment and lane
// selection, and is committed with its answer and first events in one atomic store write.
//
//   check_declaration -> assess_declaration (tariff) -> RiskService::decide (rules, model, credit,
//   lane policy) -> Store::lodge
//
// An assessment error (an HS code not in the tariff, a missing exchange rate, an e-commerce limit)
// rejects the body like a validation error. The answer carries the assessment and the risk
// decision (which rule set and rules, which model, the score, rank and reasons).
// Thread safety: LodgingService is stateless besides its borrowed references; the Store is
// thread-safe, so one service may serve many threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/reference_data.h"
#include "core/result.h"
#include "declaration/declaration.h"
#include "declaration/event.h"
#include "store/store.h"
#include "risk/risk_service.h"
#include "tariff/assessment.h"
#include "tariff/hainan_rules.h"
#include "tariff/tariff.h"

namespace oc {

enum class LodgingDisposition {
  accepted,  // stored now; answer_json is the new answer
  replayed,  // the same (declarant, lrn, body) was lodged before; answer_json is the original
  rejected,  // validation failed; errors lists every problem, nothing was stored
};

struct LodgingOutcome {
  LodgingDisposition disposition = LodgingDisposition::accepted;
  std::string declaration_id;  // empty when rejected
  std::optional<Lane> lane;    // the lane assigned (accepted only)
  std::string answer_json;     // the answer (accepted/replayed) or {"errors":[...]} (rejected)
  Errors errors;
  std::optional<TaxTotals> payable;  // prepared (accepted) lodgings: the assessment's payable taxes
};

// Writes {"errors":[{code,path,message},...]}.
std::string errors_json(const Errors& errors);

// What the HTTP API adds to a lodging: the caller's party, and the records written in the same
// transaction as the declaration.
struct LodgingOptions {
  // When not empty, this party must be the declarant, importer or exporter
  // (error auth.party_mismatch): a trader lodges only declarations of its own party.
  std::string required_party;
  std::optional<IdempotencyKey> idempotency;
  std::optional<AuditEntry> audit;  // its target becomes the new declaration's id
  // Goods leaving a Hainan zone over the second line (the zone service sets these).
  HainanLine hainan = HainanLine::none;
  std::optional<HainanValueAdded> hainan_value_added;
  // E-commerce orders cleared through the quota ledger (EcommerceService): the buyer's cleared
  // total this year before this order, CNY. Unset: 0 (a direct lodging).
  std::optional<Decimal> buyer_year_to_date;
};

class LodgingService {
 public:
  LodgingService(const ReferenceData& reference, const Tariff& tariff, RiskService& risk,
                 Store& store, const Clock& clock)
      : reference_(reference), tariff_(tariff), risk_(risk), store_(store), clock_(clock) {}

  // Lodges one body for `actor` (a trader, or the system for bulk import); an actor with an
  // empty id acts as the declaration's declarant. Store failures and
  // lrn conflicts are errors; validation failures are a `rejected` outcome.
  Result<LodgingOutcome> lodge(std::string_view body, const Actor& actor,
                               LodgingOptions options = {});

  // Bulk lodging: every body checked, the accepted ones committed in one transaction.
  std::vector<Result<LodgingOutcome>> lodge_many(const std::vector<std::string>& bodies,
                                                 const Actor& actor);

  // Everything lodge() does before the store write, for callers that write the lodging in their
  // own transaction (a second-line exit writes it with its goods movement): a rejected or
  // replayed outcome is final; an accepted one carries the NewLodging to store.
  struct Prepared {
    LodgingOutcome outcome;             // final when rejected or replayed
    std::optional<NewLodging> lodging;  // set when it must be stored
  };
  Result<Prepared> prepare(std::string_view body, const Actor& actor,
                           const LodgingOptions& options);

 private:
  Result<LodgingOutcome> finish(Result<LodgeResult> stored);

  const ReferenceData& reference_;
  const Tariff& tariff_;
  RiskService& risk_;
  Store& store_;
  const Clock& clock_;
};

}  // namespace oc
