// The assessment of an import declaration: customs value, duty (with the basis chosen), trade
// remedies, consumption tax and VAT per item, totals and waivers per declaration, all in CNY,
// each tax rounded once, half up to 0.01 (tariff-v1 rules 1–6), and the special regimes
// (e-commerce rule 7, postal articles rule 8, Hainan rule 9) selected in one place.
//
// assess_declaration is a pure function of its inputs: the tariff, the declaration and the
// context (the day of lodging and what the regime modules know). It is thread-safe and allocates
// only the answer. Every figure can be explained: assessment_json writes the figures and, per
// item, the computation in words.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.h"
#include "core/json_writer.h"
#include "core/result.h"
#include "declaration/declaration.h"
#include "tariff/duty_expression.h"
#include "tariff/ecommerce_rules.h"
#include "tariff/hainan_rules.h"
#include "tariff/tariff.h"

namespace oc {

// A tax type's declaration total below this is waived (tariff-v1 rule 6: "below 50.00 CNY").
inline constexpr std::int64_t tax_waiver_below_cny = 50;

enum class Regime { general, ecommerce, postal, hainan_first_line, hainan_second_line, export_ };
std::string_view to_string(Regime regime);

enum class DutyBasis {
  general,
  mfn,
  provisional,
  conventional,        // with the agreement's name
  special,
  ecommerce_zero,      // rule 7: tariff 0 within the limits
  hainan_zero_tariff,  // first line, off the taxable list
  hainan_value_added,  // second line, ≥ 30% value added in Hainan
  postal,              // rule 8: the postal rate replaces duty and taxes
  export_,             // exports: the tariff holds no export duties
};

struct AssessmentContext {
  std::int32_t day = 0;  // day of lodging, days since 1970-01-01; its month picks the exchange rate
  // E-commerce: the buyer's cleared total this calendar year before this order (CNY).
  Decimal buyer_year_to_date_cny = Decimal::from_units(0, 2);
  HainanLine hainan = HainanLine::none;
  std::optional<HainanValueAdded> hainan_value_added;  // second line only
};

struct PreferenceRefusal {
  enum class Reason { none, origin_without_mfn, no_certificate, origin_not_party, no_rate, higher };
  Reason reason = Reason::none;
  std::string agreement;                    // the claimed one (short strings: no allocation)
  std::string origin;
  const DutyExpression* rate = nullptr;     // Reason::higher: the preferential rate refused
};

struct RemedyAssessment {
  const TradeRemedy* remedy = nullptr;  // nullptr: none applies
  Decimal amount;
};

struct ItemAssessment {
  const TariffLine* line = nullptr;
  Decimal invoice_amount;  // declaration currency
  Decimal freight_share;   // declaration currency
  Decimal insurance_share;
  Decimal customs_value;  // CNY
  std::optional<Decimal> statutory_quantity;  // set when a specific rate used it

  DutyBasis basis = DutyBasis::mfn;
  std::string_view agreement;                 // for DutyBasis::conventional
  std::optional<DutyExpression> duty_rate;    // nullopt: zero by regime
  Decimal duty;
  RemedyAssessment anti_dumping;
  RemedyAssessment countervailing;
  Decimal consumption_tax;
  Decimal vat;
  // E-commerce reduced treatment: the normal (100%) amounts before the 70% share.
  Decimal consumption_tax_normal;
  Decimal vat_normal;
  // Postal regime: the category and its rate.
  const PostalCategory* postal_category = nullptr;
  // Why a claimed preference was not granted (explained in the answer; kept as data so that
  // assessing allocates nothing for it).
  PreferenceRefusal refusal;
};

struct TaxTotals {
  Decimal duty;
  Decimal anti_dumping;
  Decimal countervailing;
  Decimal consumption_tax;
  Decimal vat;
  Decimal total;
};

struct Waiver {
  std::string_view tax;  // "duty", "consumption_tax", "vat", "postal_tax"
  Decimal amount;
};

struct Assessment {
  Regime regime = Regime::general;
  std::string currency;  // the declaration's
  int year = 0;
  int month = 0;
  Decimal cny_per_unit;
  std::vector<ItemAssessment> items;
  TaxTotals computed;  // Σ items
  TaxTotals payable;   // after waivers
  std::vector<Waiver> waived;
  std::optional<EcommerceDecision> ecommerce;
  std::optional<HainanValueAddedResult> hainan_value_added;
  Decimal customs_value;  // Σ item customs values
};

struct AssessmentOutcome {
  Assessment assessment;
  Errors errors;  // every problem found; the assessment is meaningless unless empty
  bool ok() const { return errors.empty(); }
};

// The regime a declaration is assessed under: exports (customs value only: tariff-v1 has no
// export duties, and export VAT refunds are the tax authority's), e-commerce procedures
// (1210/1239/9610) for imports, postal articles (9700), the Hainan lines when the context says
// so, else general.
Regime regime_of(const Declaration& declaration, const AssessmentContext& context);

// REQUIRES: the declaration passed validate_declaration.
// Errors (paths are JSON pointers into the declaration): hs_code.unknown, exchange_rate.missing,
// tariff.unit_mismatch, postal.unknown_category, postal.parcel_value_exceeded, ecommerce.*,
// hainan.*, decimal.overflow.
AssessmentOutcome assess_declaration(const Declaration& declaration, const Tariff& tariff,
                                     const AssessmentContext& context);

// {"regime":…, "currency":"CNY", "exchange_rate":{…}, "items":[…], "totals":{…}, "waived":[…], …}
// with per-item "explanation" lines. The contract's fields (declaration-v1) keep their names.
std::string assessment_json(const Assessment& assessment);
// {"duty","anti_dumping","countervailing","consumption_tax","vat","total"}: the totals object of
// assessment_json, for answers that quote only the taxes.
void write_tax_totals(JsonWriter& out, const TaxTotals& totals);

// The day (days since 1970-01-01) of an instant, in UTC+8 (China Standard Time): the customs day.
std::int32_t customs_day(std::int64_t unix_seconds);

}  // namespace oc
