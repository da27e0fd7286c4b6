#include "tariff/ecommerce_rules.h"

namespace oc {

bool is_ecommerce_procedure(std::string_view procedure) {
  return procedure == "1210" || procedure == "1239" || procedure == "9610";
}

std::string_view to_string(EcommerceTreatment treatment) {
  return treatment == EcommerceTreatment::reduced ? "reduced" : "full";
}

Result<EcommerceDecision> decide_ecommerce(const Decimal& order_value_cny,
                                           bool single_indivisible_item,
                                           const Decimal& year_to_date_cny) {
  const Decimal transaction_limit = Decimal::from_int(ecommerce_transaction_limit_cny);
  const Decimal annual_limit = Decimal::from_int(ecommerce_annual_limit_cny);
  auto after = year_to_date_cny.add(order_value_cny);
  if (!after) return std::move(after).error();
  if (*after > annual_limit) {
    auto room = annual_limit.subtract(year_to_date_cny);
    if (!room) return std::move(room).error();
    return make_error("ecommerce.annual_limit_exceeded", "",
                      "the order's dutiable value " + order_value_cny.to_string() +
                          " CNY exceeds the buyer's remaining annual room of " +
                          (room->sign() < 0 ? std::string("0") : room->to_string()) +
                          " CNY (26,000 CNY a year); the e-commerce channel refuses it");
  }
  EcommerceDecision decision{EcommerceTreatment::reduced, year_to_date_cny, *after};
  if (order_value_cny > transaction_limit) {
    if (!single_indivisible_item) {
      return make_error("ecommerce.transaction_limit_exceeded", "",
                        "the order's dutiable value " + order_value_cny.to_string() +
                            " CNY exceeds 5,000 CNY per transaction and the order holds more "
                            "than one piece");
    }
    decision.treatment = EcommerceTreatment::full;
  }
  return decision;
}

}  // namespace oc
