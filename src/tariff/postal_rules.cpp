#include "tariff/postal_rules.h"

#include "tariff/exact_amount.h"

namespace oc {
namespace {

bool is_hong_kong_macao_taiwan(std::string_view origin) {
  return origin == "HK" || origin == "MO" || origin == "TW";
}

}  // namespace

Result<PostalAssessment> assess_postal_parcel(const PostalParcel& parcel, const Tariff& tariff,
                                              int year, int month) {
  if (parcel.contents.empty()) {
    return make_error("postal.no_contents", "/contents", "a parcel needs at least one content line");
  }
  if (parcel.contents.size() > postal_contents_max) {
    return make_error("postal.too_many_contents", "/contents",
                      "at most " + std::to_string(postal_contents_max) + " content lines");
  }
  PostalAssessment assessment;
  Decimal pieces;
  for (std::size_t i = 0; i < parcel.contents.size(); ++i) {
    const auto& content = parcel.contents[i];
    const std::string path = "/contents/" + std::to_string(i);
    const PostalCategory* category = tariff.postal_category(content.category);
    if (category == nullptr) {
      return make_error("postal.unknown_category", path + "/category",
                        "'" + content.category.substr(0, 64) + "' is not a postal category");
    }
    auto rate = tariff.cny_per_unit(content.currency, year, month);
    if (!rate) {
      return make_error("exchange_rate.missing", path + "/currency",
                        "no customs exchange rate for " + content.currency.substr(0, 8) +
                            " in the month of lodging");
    }
    auto value = ExactAmount::of(content.value);
    if (!value) return std::move(value).error();
    auto converted = value->times(*rate);
    if (!converted) return std::move(converted).error();
    auto value_cny = converted->round_to_cents();
    if (!value_cny) return std::move(value_cny).error();
    auto tax_exact = ExactAmount::of(*value_cny);
    if (!tax_exact) return std::move(tax_exact).error();
    auto tax = tax_exact->times_ratio(category->rate_percent, Decimal::from_int(100));
    if (!tax) return std::move(tax).error();
    auto tax_cents = tax->round_to_cents();
    if (!tax_cents) return std::move(tax_cents).error();
    auto total_value = assessment.value_cny.add(*value_cny);
    auto total_tax = assessment.tax_computed.add(*tax_cents);
    auto total_pieces = pieces.add(content.quantity);
    if (!total_value) return std::move(total_value).error();
    if (!total_tax) return std::move(total_tax).error();
    if (!total_pieces) return std::move(total_pieces).error();
    assessment.value_cny = *total_value;
    assessment.tax_computed = *total_tax;
    pieces = *total_pieces;
    assessment.contents.push_back({category, *value_cny, *tax_cents});
  }
  assessment.limit_cny = Decimal::from_units(
      100 * (is_hong_kong_macao_taiwan(parcel.origin) ? postal_parcel_limit_hmt_cny
                                                      : postal_parcel_limit_cny),
      2);
  bool single_item = parcel.contents.size() == 1 && pieces == Decimal::from_int(1);
  if (assessment.value_cny > assessment.limit_cny && !single_item) {
    return make_error("postal.parcel_value_exceeded", "/contents",
                      "the parcel's value " + assessment.value_cny.to_string() +
                          " CNY exceeds the limit of " +
                          std::to_string(assessment.limit_cny.units() / 100) +
                          " CNY for a parcel from " + parcel.origin.substr(0, 8) +
                          " and is not a single indivisible item");
  }
  assessment.waived = assessment.tax_computed <= Decimal::from_int(postal_tax_waiver_cny);
  assessment.tax_payable = assessment.waived ? Decimal::from_units(0, 2) : assessment.tax_computed;
  return assessment;
}

}  // namespace oc
