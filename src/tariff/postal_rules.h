// Postal articles and personal items (tariff-v1 rule 8), in one place: the postal tax by category
// (13%, 20%, 50%; categories and rates in the tariff's postal_rates.csv), the 50 CNY waiver and the
// parcel value limits.
#pragma once

#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/result.h"
#include "tariff/tariff.h"

namespace oc {

inline constexpr std::int64_t postal_parcel_limit_cny = 1'000;
// Parcels from Hong Kong, Macao and Taiwan.
inline constexpr std::int64_t postal_parcel_limit_hmt_cny = 800;
// A total tax of this much or less is waived ("50 CNY or less").
inline constexpr std::int64_t postal_tax_waiver_cny = 50;
inline constexpr std::size_t postal_contents_max = 99;

struct PostalContent {
  std::string category;  // a postal_rates.csv category
  Decimal quantity;
  Decimal value;         // in `currency`
  std::string currency;
};

struct PostalParcel {
  std::string origin;  // ISO 3166 alpha-2 of the sending country or territory
  std::vector<PostalContent> contents;
};

struct PostalContentAssessment {
  const PostalCategory* category = nullptr;
  Decimal value_cny;
  Decimal tax;
};

struct PostalAssessment {
  std::vector<PostalContentAssessment> contents;
  Decimal value_cny;      // the parcel's value
  Decimal limit_cny;      // the limit that applied
  Decimal tax_computed;   // Σ content taxes
  Decimal tax_payable;    // 0 when waived
  bool waived = false;
};

// `year`/`month` pick the exchange rate. Errors: postal.unknown_category (/contents/N/category),
// exchange_rate.missing (/contents/N/currency), postal.parcel_value_exceeded (the parcel is over
// its limit and is not a single indivisible item), postal.no_contents.
Result<PostalAssessment> assess_postal_parcel(const PostalParcel& parcel, const Tariff& tariff,
                                              int year, int month);

}  // namespace oc
