// UK duty expressions: a hand-written recursive-descent parser over the raw bytes (so errors can
// name the exact column), the normal form, and the computability check.
#include "tariff/uk/uk_duty_expression.h"

#include <array>
#include <bitset>
#include <cstdio>
#include <utility>

namespace oc::uk {
namespace {

constexpr std::string_view kNoBreakSpace = "\xC2\xA0";
constexpr std::string_view kEuroSign = "\xE2\x82\xAC";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_letter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// Day-month cells of the season check: (month, day) in lexicographic order, 31 days a month, so
// that comparing cells compares dates within a year.
constexpr std::size_t kCells = 12 * 31;
using SeasonCells = std::bitset<kCells>;

std::size_t cell_of(const DayMonth& day_month) {
  return static_cast<std::size_t>((day_month.month - 1) * 31 + (day_month.day - 1));
}

void mark(const DateRange& range, SeasonCells& cells) {
  std::size_t from = cell_of(range.from);
  std::size_t to = cell_of(range.to);
  if (from <= to) {
    for (std::size_t cell = from; cell <= to; ++cell) cells.set(cell);
  } else {  // wraps the year end
    for (std::size_t cell = from; cell < kCells; ++cell) cells.set(cell);
    for (std::size_t cell = 0; cell <= to; ++cell) cells.set(cell);
  }
}

bool overlaps(const DateRange& range, const SeasonCells& cells) {
  SeasonCells own;
  mark(range, own);
  return (own & cells).any();
}

struct MonthName {
  std::string_view name;
  int month;
};
constexpr std::array<MonthName, 15> kMonthNames = {{
    {"JAN", 1},
    {"FEB", 2},
    {"MAR", 3},
    {"APR", 4},
    {"MAY", 5},
    {"JUN", 6},
    {"JUNE", 6},
    {"JUL", 7},
    {"JULY", 7},
    {"AUG", 8},
    {"SEP", 9},
    {"SEPT", 9},
    {"OCT", 10},
    {"NOV", 11},
    {"DEC", 12},
}};
constexpr std::array<std::string_view, 12> kMonthAbbreviations = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

// "a, b or c".
std::string one_of(const std::vector<std::string_view>& choices) {
  std::string text;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) text += i + 1 == choices.size() ? " or " : ", ";
    text += choices[i];
  }
  return text;
}

class Parser {
 public:
  Parser(std::string_view text, const ErrorPlace& place) : text_(text), place_(place) {}

  Result<Expression> parse_expression() {
    if (text_.size() > expression_bytes_max) {
      return error_at(
          expression_bytes_max, "uk_duty.too_long",
          "an expression is at most " + std::to_string(expression_bytes_max) + " bytes");
    }
    skip_spaces();
    if (at_end()) return error_at(0, "uk_duty.empty", "expected a duty expression, found nothing");
    Expression expression;
    std::vector<std::size_t> period_starts;
    std::vector<std::vector<std::size_t>> range_starts;
    for (;;) {
      skip_spaces();
      if (expression.periods.size() == periods_max) {
        return error_at(pos_, "uk_duty.too_many",
                        "an expression has at most " + std::to_string(periods_max) + " periods");
      }
      period_starts.push_back(pos_);
      range_starts.emplace_back();
      Result<Period> period = parse_period(range_starts.back());
      if (!period.ok()) return std::move(period).error();
      expression.periods.push_back(std::move(period).value());
      skip_spaces();
      if (at_end()) break;
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      const Period& last = expression.periods.back();
      std::vector<std::string_view> choices;
      if (last.ranges.empty()) {
        choices.push_back("'+'");
        if (!last.minimum) choices.push_back("MIN");
        if (!last.maximum) choices.push_back("MAX");
        choices.push_back("'('");
      }
      choices.push_back("','");
      choices.push_back("the end");
      return expected(pos_, one_of(choices));
    }
    OC_TRY(check_seasons(expression, period_starts, range_starts));
    return expression;
  }

 private:
  // ---- errors ----
  // 1-based character column of byte `pos` (UTF-8 continuation bytes do not start a character).
  std::size_t column_of(std::size_t pos) const {
    std::size_t column = 1;
    for (std::size_t i = 0; i < pos && i < text_.size(); ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    }
    return column;
  }

  Error error_at(std::size_t pos, std::string code, const std::string& message) const {
    std::size_t column = column_of(pos) + place_.column_offset;
    return make_error(std::move(code), place_.path_prefix + std::to_string(column),
                      "column " + std::to_string(column) + ": " + message);
  }

  // What stands at `pos`, for messages: a word, a character or a byte value.
  std::string found(std::size_t pos) const {
    if (pos >= text_.size()) return "the end";
    char c = text_[pos];
    if (is_letter(c)) return "'" + std::string(word_at(pos).substr(0, 24)) + "'";
    if (text_.substr(pos).starts_with(kEuroSign)) return "'\xE2\x82\xAC'";
    if (c > ' ' && c < 0x7F) return std::string("'") + c + "'";
    char hex[16];
    std::snprintf(hex, sizeof hex, "byte 0x%02X", static_cast<unsigned char>(c));
    return hex;
  }

  Error expected(std::size_t pos, std::string_view what) const {
    return error_at(pos, "uk_duty.syntax",
                    "expected " + std::string(what) + ", found " + found(pos));
  }

  // ---- characters and words ----
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  bool at(std::string_view literal) const { return text_.substr(pos_).starts_with(literal); }

  void skip_spaces() {
    while (!at_end()) {
      if (text_[pos_] == ' ' || text_[pos_] == '\t') {
        ++pos_;
      } else if (at(kNoBreakSpace)) {
        pos_ += kNoBreakSpace.size();
      } else {
        break;
      }
    }
  }

  // A letter followed by letters and digits ("kg", "m2", "ADSZ"); empty when no letter is at pos.
  std::string_view word_at(std::size_t pos) const {
    std::size_t end = pos;
    if (end < text_.size() && is_letter(text_[end])) {
      while (end < text_.size() && (is_letter(text_[end]) || is_digit(text_[end]))) ++end;
    }
    return text_.substr(pos, end - pos);
  }
  std::string_view peek_word() const { return word_at(pos_); }

  bool accept_word(std::string_view word) {
    if (peek_word() != word) return false;
    pos_ += word.size();
    return true;
  }

  // Skips spaces, then requires `word`.
  VoidResult require_word(std::string_view word, std::string_view what) {
    skip_spaces();
    if (!accept_word(word)) return expected(pos_, what);
    return ok_result();
  }

  VoidResult require_char(char c, std::string_view what) {
    skip_spaces();
    if (peek() != c) return expected(pos_, what);
    ++pos_;
    return ok_result();
  }

  // ---- numbers ----
  // REQUIRES: a digit at pos. Digits with optional comma-grouped thousands and decimals.
  Result<Decimal> parse_number() {
    std::size_t start = pos_;
    std::string digits;
    while (is_digit(peek())) digits += text_[pos_++];
    // A comma groups thousands only after a first group of 1-3 digits, before exactly 3 digits.
    if (digits.size() <= 3) {
      while (peek() == ',' && pos_ + 3 < text_.size() && is_digit(text_[pos_ + 1]) &&
             is_digit(text_[pos_ + 2]) && is_digit(text_[pos_ + 3]) &&
             (pos_ + 4 >= text_.size() || !is_digit(text_[pos_ + 4]))) {
        digits.append(text_.substr(pos_ + 1, 3));
        pos_ += 4;
      }
    }
    if (peek() == '.') {
      digits += '.';
      ++pos_;
      if (!is_digit(peek())) return expected(pos_, "a digit after the decimal point");
      while (is_digit(peek())) digits += text_[pos_++];
    }
    Result<Decimal> number = Decimal::parse(digits, amount_fraction_digits_max);
    if (!number.ok()) {
      std::string code = number.error().code;
      std::string what =
          code == "decimal.scale"
              ? "has more than " + std::to_string(amount_fraction_digits_max) + " decimal places"
              : "does not fit the decimal range";
      return error_at(start, std::move(code), "the number " + what);
    }
    return number;
  }

  // ---- terms ----
  Result<Term> parse_term() {
    skip_spaces();
    std::string_view word = peek_word();
    if (word == "EA" || word == "ADSZ" || word == "ADFM") {
      pos_ += word.size();
      return Term{word == "EA"     ? AgriculturalComponent::ea
                  : word == "ADSZ" ? AgriculturalComponent::adsz
                                   : AgriculturalComponent::adfm};
    }
    if (word == "Entry") {
      pos_ += word.size();
      OC_TRY(require_word("Price", "'Price' after 'Entry'"));
      return Term{EntryPrice{}};
    }
    if (!is_digit(peek())) {
      return expected(pos_, "a duty (a number, EA, ADSZ, ADFM or Entry Price)");
    }
    Result<Decimal> number = parse_number();
    if (!number.ok()) return std::move(number).error();
    skip_spaces();
    if (peek() == '%') {
      ++pos_;
      return Term{AdValorem{*number}};
    }
    word = peek_word();
    if (word == "GBP" || word == "EUR" || at(kEuroSign)) {
      Currency currency = word == "GBP" ? Currency::gbp : Currency::eur;
      pos_ += word.empty() ? kEuroSign.size() : word.size();
      Result<SpecificDuty> specific = parse_specific(*number, currency);
      if (!specific.ok()) return std::move(specific).error();
      return Term{std::move(specific).value()};
    }
    if (peek() == '+' || word == "MIN" || word == "MAX") return Term{AdValorem{*number}};
    return expected(pos_, "'%', GBP, EUR or '\xE2\x82\xAC' after the number");
  }

  // After the currency: "/ 100 kg / net drained wt", "/ % vol / hl", "/ 1,000 items".
  Result<SpecificDuty> parse_specific(const Decimal& amount, Currency currency) {
    SpecificDuty specific{.amount = amount, .currency = currency};
    OC_TRY(require_char('/', "'/' after the currency"));
    skip_spaces();
    if (peek() == '%') {
      ++pos_;
      OC_TRY(require_word("vol", "'vol' after '%'"));
      OC_TRY(require_char('/', "'/' after '% vol'"));
      OC_TRY(require_word("hl", "'hl' after '% vol /'"));
      specific.unit = Unit::percent_vol_hectolitre;
      return check_no_basis(specific);
    }
    if (is_digit(peek())) {
      std::size_t quantity_start = pos_;
      Result<Decimal> quantity = parse_number();
      if (!quantity.ok()) return std::move(quantity).error();
      if (quantity->sign() <= 0) {
        return error_at(quantity_start, "uk_duty.syntax", "the quantity must be above zero");
      }
      specific.per_quantity = *quantity;
      skip_spaces();
    }
    std::string_view word = peek_word();
    if (word == "kg") {
      specific.unit = Unit::kilogram;
    } else if (word == "tonne") {
      specific.unit = Unit::tonne;
    } else if (word == "hl") {
      specific.unit = Unit::hectolitre;
    } else if (word == "item" || word == "items") {
      specific.unit = Unit::item;
    } else if (word == "m") {
      specific.unit = Unit::metre;
    } else if (word == "m2") {
      specific.unit = Unit::square_metre;
    } else {
      return expected(pos_, "a unit (kg, tonne, hl, % vol / hl, item, items, m or m2)");
    }
    pos_ += word.size();
    if (specific.unit != Unit::kilogram && specific.unit != Unit::tonne) {
      return check_no_basis(specific);
    }
    Result<MassBasis> basis = parse_basis();
    if (!basis.ok()) return std::move(basis).error();
    specific.basis = *basis;
    return specific;
  }

  // Units other than kg and tonne take no basis: "/ hl / net" is an error, not a trailing '/'.
  Result<SpecificDuty> check_no_basis(const SpecificDuty& specific) {
    std::size_t save = pos_;
    skip_spaces();
    if (peek() == '/') {
      return error_at(pos_, "uk_duty.syntax", "a measurement basis applies to kg and tonne only");
    }
    pos_ = save;
    return specific;
  }

  // An optional basis after kg or tonne: "/ gross", "/net/ % sacchar.", " eda", " std qual".
  Result<MassBasis> parse_basis() {
    std::size_t save = pos_;
    skip_spaces();
    bool slash = peek() == '/';
    if (slash) {
      ++pos_;
      skip_spaces();
    }
    std::string_view word = peek_word();
    pos_ += word.size();
    if (word == "net") return parse_after_net();
    if (word == "gross" || word == "br") return MassBasis::gross;
    if (word == "eda") return MassBasis::net_drained_weight;
    if (word == "mas") return MassBasis::net_dry_matter;
    if (word == "lactic") {
      OC_TRY(require_word("matter", "'matter' after 'lactic'"));
      return MassBasis::lactic_matter;
    }
    if (word == "dry") {
      OC_TRY(require_word("lactic", "'lactic' after 'dry'"));
      OC_TRY(require_word("matter", "'matter' after 'dry lactic'"));
      return MassBasis::dry_lactic_matter;
    }
    if (word == "std") {
      OC_TRY(require_word("qual", "'qual' after 'std'"));
      return MassBasis::standard_quality;
    }
    if (word == "tot") {
      OC_TRY(require_word("alc", "'alc' after 'tot'"));
      return MassBasis::total_alcohol;
    }
    pos_ -= word.size();
    if (slash) {
      return expected(pos_,
                      "a measurement basis (net, gross, br, net drained wt, net dry, lactic "
                      "matter, dry lactic matter, net / % sacchar., std qual or tot alc)");
    }
    pos_ = save;  // no basis: whatever follows belongs to the caller
    return MassBasis::net;
  }

  // After "net": " drained wt", " dry", "/ % sacchar." or nothing.
  Result<MassBasis> parse_after_net() {
    std::size_t save = pos_;
    skip_spaces();
    if (accept_word("drained")) {
      OC_TRY(require_word("wt", "'wt' after 'net drained'"));
      return MassBasis::net_drained_weight;
    }
    if (accept_word("dry")) return MassBasis::net_dry_matter;
    if (peek() == '/') {
      ++pos_;
      skip_spaces();
      if (peek() == '%') {
        ++pos_;
        OC_TRY(require_word("sacchar", "'sacchar.' after 'net / %'"));
        if (peek() != '.') return expected(pos_, "'.' after 'sacchar'");
        ++pos_;
        return MassBasis::net_percent_sacchar;
      }
    }
    pos_ = save;
    return MassBasis::net;
  }

  // ---- sums and periods ----
  Result<DutySum> parse_sum() {
    DutySum sum;
    for (;;) {
      skip_spaces();
      if (sum.terms.size() == terms_max) {
        return error_at(pos_, "uk_duty.too_many",
                        "a sum has at most " + std::to_string(terms_max) + " terms");
      }
      Result<Term> term = parse_term();
      if (!term.ok()) return std::move(term).error();
      sum.terms.push_back(std::move(term).value());
      std::size_t save = pos_;
      skip_spaces();
      if (peek() != '+') {
        pos_ = save;
        return sum;
      }
      ++pos_;
    }
  }

  Result<Period> parse_period(std::vector<std::size_t>& range_starts) {
    Period period;
    Result<DutySum> duty = parse_sum();
    if (!duty.ok()) return std::move(duty).error();
    period.duty = std::move(duty).value();
    for (;;) {
      skip_spaces();
      std::string_view word = peek_word();
      if (word != "MIN" && word != "MAX") break;
      std::optional<DutySum>& bound = word == "MIN" ? period.minimum : period.maximum;
      if (bound) return error_at(pos_, "uk_duty.syntax", "a second " + std::string(word));
      pos_ += word.size();
      Result<DutySum> sum = parse_sum();
      if (!sum.ok()) return std::move(sum).error();
      bound = std::move(sum).value();
    }
    skip_spaces();
    if (peek() != '(') return period;
    ++pos_;
    for (;;) {
      skip_spaces();
      if (period.ranges.size() == date_ranges_max) {
        return error_at(pos_, "uk_duty.too_many",
                        "a period has at most " + std::to_string(date_ranges_max) + " date ranges");
      }
      range_starts.push_back(pos_);
      Result<DateRange> range = parse_range();
      if (!range.ok()) return std::move(range).error();
      period.ranges.push_back(*range);
      skip_spaces();
      if (peek() == ')') {
        ++pos_;
        return period;
      }
      if (peek() != ',') return expected(pos_, "',' or ')' after a date range");
      ++pos_;
    }
  }

  // "01 JUL - 31 JAN", "1 DEC-31 DEC", "01-31 DEC".
  Result<DateRange> parse_range() {
    DateRange range;
    Result<int> from_day = parse_day();
    if (!from_day.ok()) return std::move(from_day).error();
    skip_spaces();
    std::optional<int> from_month;
    if (!peek_word().empty()) {
      Result<int> month = parse_month();
      if (!month.ok()) return std::move(month).error();
      from_month = *month;
    }
    OC_TRY(require_char('-', "'-' between the dates of a range"));
    skip_spaces();
    Result<int> to_day = parse_day();
    if (!to_day.ok()) return std::move(to_day).error();
    skip_spaces();
    Result<int> to_month = parse_month();
    if (!to_month.ok()) return std::move(to_month).error();
    range.from = DayMonth{*from_day, from_month.value_or(*to_month)};
    range.to = DayMonth{*to_day, *to_month};
    return range;
  }

  Result<int> parse_day() {
    if (!is_digit(peek())) return expected(pos_, "a day (1-31)");
    std::size_t start = pos_;
    while (is_digit(peek())) ++pos_;
    std::string_view digits = text_.substr(start, pos_ - start);
    int day = 0;
    if (digits.size() <= 2) {
      for (char digit : digits) day = day * 10 + (digit - '0');
    }
    if (day < 1 || day > 31) {
      return error_at(start, "uk_duty.date",
                      "the day '" + std::string(digits.substr(0, 8)) + "' is not 1-31");
    }
    return day;
  }

  Result<int> parse_month() {
    std::string_view word = peek_word();
    if (word.empty()) return expected(pos_, "a month (JAN ... DEC)");
    for (const MonthName& month : kMonthNames) {
      if (month.name == word) {
        pos_ += word.size();
        return month.month;
      }
    }
    return error_at(pos_, "uk_duty.date",
                    "'" + std::string(word.substr(0, 16)) + "' is not a month (JAN ... DEC)");
  }

  // No day may belong to two periods (or two ranges); at most one period may lack dates.
  VoidResult check_seasons(const Expression& expression,
                           const std::vector<std::size_t>& period_starts,
                           const std::vector<std::vector<std::size_t>>& range_starts) const {
    SeasonCells claimed;
    bool undated_seen = false;
    for (std::size_t p = 0; p < expression.periods.size(); ++p) {
      const Period& period = expression.periods[p];
      if (period.ranges.empty()) {
        if (undated_seen) {
          return error_at(period_starts[p], "uk_duty.season_overlap",
                          "a second period without dates");
        }
        undated_seen = true;
      }
      for (std::size_t r = 0; r < period.ranges.size(); ++r) {
        if (overlaps(period.ranges[r], claimed)) {
          return error_at(range_starts[p][r], "uk_duty.season_overlap",
                          "this date range overlaps an earlier one");
        }
        mark(period.ranges[r], claimed);
      }
    }
    return ok_result();
  }

  std::string_view text_;
  const ErrorPlace& place_;
  std::size_t pos_ = 0;
};

std::string two_digits(int value) {
  std::string text = std::to_string(value);
  return text.size() < 2 ? "0" + text : text;
}

std::string to_string(const DayMonth& day_month) {
  return two_digits(day_month.day) + " " +
         std::string(kMonthAbbreviations[static_cast<std::size_t>(day_month.month - 1)]);
}

std::string_view unit_text(Unit unit, bool plural) {
  switch (unit) {
    case Unit::kilogram:
      return "kg";
    case Unit::tonne:
      return "tonne";
    case Unit::hectolitre:
      return "hl";
    case Unit::percent_vol_hectolitre:
      return "% vol / hl";
    case Unit::item:
      return plural ? "items" : "item";
    case Unit::metre:
      return "m";
    case Unit::square_metre:
      return "m2";
  }
  return "?";
}

std::string_view basis_text(MassBasis basis) {
  switch (basis) {
    case MassBasis::net:
      return "";
    case MassBasis::gross:
      return " / gross";
    case MassBasis::net_drained_weight:
      return " / net drained wt";
    case MassBasis::net_dry_matter:
      return " / net dry";
    case MassBasis::lactic_matter:
      return " / lactic matter";
    case MassBasis::dry_lactic_matter:
      return " / dry lactic matter";
    case MassBasis::net_percent_sacchar:
      return " / net / % sacchar.";
    case MassBasis::standard_quality:
      return " / std qual";
    case MassBasis::total_alcohol:
      return " / tot alc";
  }
  return "";
}

void add_reason(std::vector<std::string>& reasons, std::string reason) {
  for (const std::string& known : reasons) {
    if (known == reason) return;
  }
  reasons.push_back(std::move(reason));
}

void add_term_reasons(const DutySum& sum, std::vector<std::string>& reasons) {
  for (const Term& term : sum.terms) {
    if (const auto* component = std::get_if<AgriculturalComponent>(&term)) {
      add_reason(reasons, "agricultural_component:" + std::string(to_string(*component)));
    } else if (std::holds_alternative<EntryPrice>(term)) {
      add_reason(reasons, "entry_price");
    }
  }
}

int days_in_leap_year_month(int month) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[static_cast<std::size_t>(month - 1)];
}

}  // namespace

Result<Expression> parse_uk_duty_expression(std::string_view text, const ErrorPlace& place) {
  return Parser(text, place).parse_expression();
}

std::string_view to_string(Currency currency) {
  return currency == Currency::gbp ? "GBP" : "EUR";
}

std::string_view to_string(AgriculturalComponent component) {
  switch (component) {
    case AgriculturalComponent::ea:
      return "EA";
    case AgriculturalComponent::adsz:
      return "ADSZ";
    case AgriculturalComponent::adfm:
      return "ADFM";
  }
  return "?";
}

std::string to_string(const Term& term) {
  if (const auto* ad_valorem = std::get_if<AdValorem>(&term)) {
    return ad_valorem->percent.to_string() + "%";
  }
  if (const auto* specific = std::get_if<SpecificDuty>(&term)) {
    std::string text =
        specific->amount.to_string() + " " + std::string(to_string(specific->currency)) + " / ";
    bool one = specific->per_quantity == Decimal::from_int(1);
    if (!one) text += specific->per_quantity.to_string() + " ";
    text += unit_text(specific->unit, !one);
    text += basis_text(specific->basis);
    return text;
  }
  if (const auto* component = std::get_if<AgriculturalComponent>(&term)) {
    return std::string(to_string(*component));
  }
  return "Entry Price";
}

std::string to_string(const DutySum& sum) {
  std::string text;
  for (std::size_t i = 0; i < sum.terms.size(); ++i) {
    if (i > 0) text += " + ";
    text += to_string(sum.terms[i]);
  }
  return text;
}

std::string to_string(const Period& period) {
  std::string text = to_string(period.duty);
  if (period.minimum) text += " MIN " + to_string(*period.minimum);
  if (period.maximum) text += " MAX " + to_string(*period.maximum);
  if (!period.ranges.empty()) {
    text += " (";
    for (std::size_t i = 0; i < period.ranges.size(); ++i) {
      if (i > 0) text += ", ";
      text += to_string(period.ranges[i].from) + " - " + to_string(period.ranges[i].to);
    }
    text += ")";
  }
  return text;
}

std::string to_string(const Expression& expression) {
  std::string text;
  for (std::size_t i = 0; i < expression.periods.size(); ++i) {
    if (i > 0) text += ", ";
    text += to_string(expression.periods[i]);
  }
  return text;
}

std::vector<std::string> uncomputable_reasons(const Expression& expression) {
  std::vector<std::string> reasons;
  bool undated = false;
  SeasonCells claimed;
  for (const Period& period : expression.periods) {
    add_term_reasons(period.duty, reasons);
    if (period.minimum) add_term_reasons(*period.minimum, reasons);
    if (period.maximum) add_term_reasons(*period.maximum, reasons);
    if (period.ranges.empty()) undated = true;
    for (const DateRange& range : period.ranges) mark(range, claimed);
  }
  if (!undated) {
    for (int month = 1; month <= 12; ++month) {
      for (int day = 1; day <= days_in_leap_year_month(month); ++day) {
        if (!claimed.test(cell_of(DayMonth{day, month}))) {
          add_reason(reasons, "season_gap");
          return reasons;
        }
      }
    }
  }
  return reasons;
}

}  // namespace oc::uk
