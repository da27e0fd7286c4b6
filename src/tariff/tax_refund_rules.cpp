#include "tariff/tax_refund_rules.h"

#include <algorithm>

#include "tariff/exact_amount.h"

namespace oc {
namespace {

Result<Decimal> percent_of(const Decimal& amount, const Decimal& percent) {
  auto exact = ExactAmount::of(amount);
  if (!exact) return std::move(exact).error();
  auto part = exact->times_ratio(percent, Decimal::from_int(100));
  if (!part) return std::move(part).error();
  return part->round_to_cents();
}

}  // namespace

Result<TaxRefundAmount> tax_refund_amount(const std::vector<TaxRefundItem>& items,
                                          const TaxRefundPolicy& policy) {
  if (items.empty()) return make_error("form.no_items", "/items", "a form needs at least one item");
  if (items.size() > tax_refund_items_max) {
    return make_error("form.too_many_items", "/items",
                      "at most " + std::to_string(tax_refund_items_max) + " items on one form");
  }
  if (policy.agent_fee_percent.sign() < 0 || policy.agent_fee_percent > Decimal::from_int(8)) {
    return make_error("refund.bad_policy", "",
                      "the agent's fee must be between 0% and 8% of the VAT-inclusive amount");
  }
  TaxRefundAmount amount;
  amount.purchase_total = amount.gross_refund = amount.agent_fee = amount.refund =
      Decimal::from_units(0, 2);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    const std::string path = "/items/" + std::to_string(i);
    TaxRefundItemAmount line;
    if (item.vat_percent == Decimal::from_int(13)) {
      line.refund_percent = Decimal::from_int(11);
    } else if (item.vat_percent == Decimal::from_int(9)) {
      line.refund_percent = Decimal::from_int(8);
    } else {
      return make_error("form.vat_rate_unsupported", path + "/vat_rate",
                        "departure tax refunds apply to goods at 13% or 9% VAT, not " +
                            item.vat_percent.to_string() + "%");
    }
    if (item.amount_incl_vat.sign() <= 0) {
      return make_error("form.bad_amount", path + "/amount_incl_vat",
                        "the VAT-inclusive amount must be positive");
    }
    auto gross = percent_of(item.amount_incl_vat, line.refund_percent);
    auto fee = percent_of(item.amount_incl_vat, policy.agent_fee_percent);
    if (!gross) return std::move(gross).error();
    if (!fee) return std::move(fee).error();
    line.gross_refund = *gross;
    line.agent_fee = *fee;
    auto net = gross->subtract(*fee);
    if (!net) return std::move(net).error();
    line.refund = net->sign() < 0 ? Decimal::from_units(0, 2) : *net;
    auto total = amount.purchase_total.add(item.amount_incl_vat);
    auto gross_total = amount.gross_refund.add(line.gross_refund);
    auto fee_total = amount.agent_fee.add(line.agent_fee);
    auto refund_total = amount.refund.add(line.refund);
    if (!total) return std::move(total).error();
    if (!gross_total) return std::move(gross_total).error();
    if (!fee_total) return std::move(fee_total).error();
    if (!refund_total) return std::move(refund_total).error();
    amount.purchase_total = *total;
    amount.gross_refund = *gross_total;
    amount.agent_fee = *fee_total;
    amount.refund = *refund_total;
    amount.items.push_back(line);
  }
  if (amount.purchase_total < Decimal::from_int(tax_refund_form_minimum_cny)) {
    return make_error("form.below_minimum", "/items",
                      "a refund form needs at least 200 CNY bought at one store on one day; this "
                      "form totals " +
                          amount.purchase_total.to_string() + " CNY");
  }
  return amount;
}

RefundPayout split_refund_payout(const Decimal& total_refund) {
  const Decimal cap = Decimal::from_int(tax_refund_cash_max_cny);
  if (total_refund <= cap) return {total_refund, Decimal::from_units(0, 2)};
  auto rest = total_refund.subtract(cap);
  // Cannot overflow: total_refund > cap > 0.
  return {Decimal::from_units(tax_refund_cash_max_cny * 100, 2), rest.value()};
}

}  // namespace oc
