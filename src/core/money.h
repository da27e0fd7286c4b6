// Money: an exact decimal amount in one ISO 4217 currency.
//
// Arithmetic between different currencies is an error (money.currency_mismatch), never an
// implicit conversion; conversion takes an explicit rate.
#pragma once

#include <string>

#include "core/decimal.h"

namespace oc {

struct Money {
  Decimal amount;
  std::string currency;  // ISO 4217 alpha-3, upper case

  bool operator==(const Money&) const = default;
  std::string to_string() const { return amount.to_string() + " " + currency; }
};

Result<Money> add(const Money& a, const Money& b);
Result<Money> subtract(const Money& a, const Money& b);
// amount * rate, rounded half up to 0.01 in the target currency.
Result<Money> convert(const Money& from, const Decimal& rate_per_unit, std::string to_currency);

}  // namespace oc
