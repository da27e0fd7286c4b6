// Departure tax refund amounts (tariff-v1 rule 10), in one place: 11% of the VAT-inclusive price
// for 13%-VAT goods, 8% for 9%-VAT goods, less the refund agent's fee (2% of the VAT-inclusive
// amount unless configured otherwise); at least 200 CNY bought at one store on one day; cash
// refunds capped at 20,000 CNY per traveller per departure, the rest to a bank card.
#pragma once

#include <vector>

#include "core/decimal.h"
#include "core/result.h"

namespace oc {

inline constexpr std::int64_t tax_refund_form_minimum_cny = 200;
inline constexpr std::int64_t tax_refund_cash_max_cny = 20'000;
inline constexpr std::int64_t tax_refund_validity_days = 90;
inline constexpr std::size_t tax_refund_items_max = 99;

struct TaxRefundPolicy {
  Decimal agent_fee_percent = Decimal::from_int(2);
};

struct TaxRefundItem {
  Decimal vat_percent;      // 13 or 9
  Decimal amount_incl_vat;  // CNY
};

struct TaxRefundItemAmount {
  Decimal refund_percent;  // 11 or 8
  Decimal gross_refund;    // amount × refund percent
  Decimal agent_fee;       // amount × fee percent
  Decimal refund;          // gross − fee, never below 0
};

struct TaxRefundAmount {
  std::vector<TaxRefundItemAmount> items;
  Decimal purchase_total;  // Σ VAT-inclusive amounts
  Decimal gross_refund;
  Decimal agent_fee;
  Decimal refund;
};

// One form (one store, one day). Errors: form.no_items, form.too_many_items,
// form.vat_rate_unsupported (/items/N/vat_rate), form.bad_amount (/items/N/amount_incl_vat),
// form.below_minimum (the form's total is under 200 CNY), refund.bad_policy.
Result<TaxRefundAmount> tax_refund_amount(const std::vector<TaxRefundItem>& items,
                                          const TaxRefundPolicy& policy = {});

struct RefundPayout {
  Decimal cash;
  Decimal bank_card;
};
// Splits a traveller's refunds of one departure: cash up to 20,000 CNY, the rest to a bank card.
RefundPayout split_refund_payout(const Decimal& total_refund);

}  // namespace oc
