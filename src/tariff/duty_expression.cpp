#include "tariff/duty_expression.h"

#include <cctype>

#include "core/codes.h"

namespace oc {
namespace {

class ExpressionParser {
 public:
  explicit ExpressionParser(std::string_view text) : text_(text) {}

  Result<DutyExpression> parse() {
    if (text_.size() > duty_expression_length_max) {
      return fail("at most " + std::to_string(duty_expression_length_max) + " characters");
    }
    DutyExpression expression;
    skip_spaces();
    if (at_end()) return fail("a rate such as 8% or 3.5 CNY/KGM");
    auto first = number();
    if (!first) return std::move(first).error();
    skip_spaces();
    if (peek() == '%') {
      ++pos_;
      expression.ad_valorem_percent = *first;
      if (*first > Decimal::from_int(duty_percent_max)) {
        return fail_at(0, "a percentage of at most " + std::to_string(duty_percent_max));
      }
      skip_spaces();
      if (at_end()) return expression;
      if (peek() != '+') return fail("'+' or the end");
      ++pos_;
      skip_spaces();
      auto second = number();
      if (!second) return std::move(second).error();
      OC_TRY(specific_tail(*second, expression));
    } else {
      OC_TRY(specific_tail(*first, expression));
    }
    skip_spaces();
    if (!at_end()) return fail("the end of the expression");
    return expression;
  }

 private:
  VoidResult specific_tail(const Decimal& amount, DutyExpression& expression) {
    if (amount > Decimal::from_int(duty_specific_cny_max)) {
      return fail("a specific rate of at most " + std::to_string(duty_specific_cny_max) + " CNY");
    }
    skip_spaces();
    if (text_.substr(pos_, 3) != "CNY") return fail("'%' or 'CNY'");
    pos_ += 3;
    skip_spaces();
    if (peek() != '/') return fail("'/' after CNY");
    ++pos_;
    skip_spaces();
    std::size_t start = pos_;
    while (!at_end() && std::isalnum(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    std::string_view unit = text_.substr(start, pos_ - start);
    if (unit.empty()) return fail("a unit code such as KGM");
    if (find_unit(unit) == nullptr) {
      pos_ = start;
      return fail("a known UN/ECE Rec. 20 unit code, not '" + std::string(unit) + "'");
    }
    expression.specific_cny = amount;
    expression.specific_unit = std::string(unit);
    return ok_result();
  }

  Result<Decimal> number() {
    std::size_t start = pos_;
    while (!at_end() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) {
      ++pos_;
    }
    if (start == pos_) return fail("a number");
    auto value = Decimal::parse(text_.substr(start, pos_ - start), duty_rate_fraction_digits_max);
    if (!value) {
      pos_ = start;
      return fail("a plain decimal number with at most " +
                  std::to_string(duty_rate_fraction_digits_max) + " fraction digits");
    }
    return value;
  }

  void skip_spaces() {
    while (!at_end() && text_[pos_] == ' ') ++pos_;
  }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }

  Error fail_at(std::size_t position, const std::string& expected) const {
    return make_error("tariff.bad_expression", "",
                      "'" + std::string(text_.substr(0, duty_expression_length_max)) +
                          "' at character " + std::to_string(position + 1) + ": expected " +
                          expected);
  }
  Error fail(const std::string& expected) const {
    return fail_at(std::min(pos_, text_.size()), expected);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string DutyExpression::to_string() const {
  std::string text;
  if (ad_valorem_percent) text = ad_valorem_percent->to_string() + "%";
  if (specific_cny) {
    if (!text.empty()) text += " + ";
    text += specific_cny->to_string() + " CNY/" + specific_unit;
  }
  return text;
}

Result<DutyExpression> parse_duty_expression(std::string_view text) {
  return ExpressionParser(text).parse();
}

Result<ExactAmount> duty_amount(const DutyExpression& expression, const ExactAmount& value,
                                const Decimal& quantity) {
  ExactAmount amount;
  if (expression.ad_valorem_percent) {
    auto ad_valorem = value.times_ratio(*expression.ad_valorem_percent, Decimal::from_int(100));
    if (!ad_valorem) return ad_valorem;
    amount = *ad_valorem;
  }
  if (expression.specific_cny) {
    auto rate = ExactAmount::of(*expression.specific_cny);
    if (!rate) return rate;
    auto specific = rate->times(quantity);
    if (!specific) return specific;
    auto sum = amount.plus(*specific);
    if (!sum) return sum;
    amount = *sum;
  }
  return amount;
}

}  // namespace oc
