#include "core/money.h"

namespace oc {
namespace {

Error mismatch(const Money& a, const Money& b) {
  return make_error("money.currency_mismatch", "",
                    "cannot combine " + a.currency + " with " + b.currency);
}

}  // namespace

Result<Money> add(const Money& a, const Money& b) {
  if (a.currency != b.currency) return mismatch(a, b);
  auto sum = a.amount.add(b.amount);
  if (!sum) return std::move(sum).error();
  return Money{*sum, a.currency};
}

Result<Money> subtract(const Money& a, const Money& b) {
  if (a.currency != b.currency) return mismatch(a, b);
  auto difference = a.amount.subtract(b.amount);
  if (!difference) return std::move(difference).error();
  return Money{*difference, a.currency};
}

Result<Money> convert(const Money& from, const Decimal& rate_per_unit, std::string to_currency) {
  auto converted = from.amount.multiply(rate_per_unit, 2, Rounding::half_up);
  if (!converted) return std::move(converted).error();
  return Money{*converted, std::move(to_currency)};
}

}  // namespace oc
