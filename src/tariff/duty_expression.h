// Duty expressions of tariff-v1: ad valorem "8%", specific "3.5 CNY/KGM" (CNY per statutory unit),
// compound "10% + 2.5 CNY/KGM". One parser for every column that holds a rate (general, mfn,
// provisional, special, conventional, consumption_tax, trade remedies), one evaluator.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/decimal.h"
#include "core/result.h"
#include "tariff/exact_amount.h"

namespace oc {

// Limits of one expression, each enforced with tariff.bad_expression.
inline constexpr std::size_t duty_expression_length_max = 64;
inline constexpr int duty_rate_fraction_digits_max = 6;
// A percentage above this is refused as a typing error (China's highest general rate is 270%).
inline constexpr std::int64_t duty_percent_max = 1000;
// A specific rate above this many CNY per unit is refused likewise.
inline constexpr std::int64_t duty_specific_cny_max = 1'000'000;

struct DutyExpression {
  std::optional<Decimal> ad_valorem_percent;  // 12.5 means 12.5 %
  std::optional<Decimal> specific_cny;        // CNY per statutory unit
  std::string specific_unit;                  // UN/ECE Rec. 20 code; set with specific_cny

  bool is_specific() const { return specific_cny.has_value(); }
  // The canonical text: "8%", "3.5 CNY/KGM", "10% + 2.5 CNY/KGM".
  std::string to_string() const;
  bool operator==(const DutyExpression&) const = default;
};

// Parses a non-empty expression. Spaces around tokens are free; everything else is strict.
// Errors: tariff.bad_expression with path "" and a message naming the character position
// (1-based) and what was expected; the caller prefixes file:line:column.
Result<DutyExpression> parse_duty_expression(std::string_view text);

// The exact amount: value × percent / 100 + quantity × specific. `quantity` is in the statutory
// unit and is used only when the expression has a specific part.
Result<ExactAmount> duty_amount(const DutyExpression& expression, const ExactAmount& value,
                                const Decimal& quantity);

}  // namespace oc
