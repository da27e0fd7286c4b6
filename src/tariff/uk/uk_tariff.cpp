// Loading the UK Global Tariff file: CSV records -> lines with parsed duty expressions, an index
// by restored code, counts and the list of lines that cannot be computed from the file alone.
#include "tariff/uk/uk_tariff.h"

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <utility>

#include "core/csv.h"

namespace oc::uk {
namespace {

constexpr std::size_t kColumnCount = 9;
constexpr std::array<std::string_view, kColumnCount> kColumns = {
    "commodity",
    "description",
    "cet_duty_rate",
    "ukgt_duty_rate",
    "change",
    "trade_remedy_applies",
    "cet_applies_until_trade_remedy_transition_reviews_concluded",
    "suspension_applies",
    "atq_applies",
};
enum ColumnIndex : std::size_t {
  kCommodity,
  kDescription,
  kCetDutyRate,
  kUkgtDutyRate,
  kChange,
  kTradeRemedyApplies,
  kCetAppliesUntilReviews,
  kSuspensionApplies,
  kAtqApplies,
};

// The bad rows of one load: the first becomes the error, the rest are listed in its message.
class BadRows {
 public:
  void add(Error error) {
    ++count_;
    if (errors_.size() < load_errors_max) errors_.push_back(std::move(error));
  }
  bool empty() const { return count_ == 0; }
  Error to_error() const {
    Error first = errors_.front();
    if (count_ > 1) {
      first.message += "; " + std::to_string(count_ - 1) + " more bad rows:";
      for (std::size_t i = 1; i < errors_.size(); ++i) {
        first.message += " " + errors_[i].path + " " + errors_[i].code + ";";
      }
      if (count_ > errors_.size()) first.message += " …";
    }
    return first;
  }

 private:
  std::vector<Error> errors_;
  std::size_t count_ = 0;
};

// Where a field starts in the file: "file:line:" and the 0-based character column, so that an
// error inside the field can name "file:line:column". Fields copied out of the content (quoted
// fields with doubled quotes) fall back to the record's line and the field's own columns.
ErrorPlace place_of(std::string_view content, std::string_view field, const std::string& file,
                    std::size_t record_line) {
  const char* begin = content.data();
  const char* end = content.data() + content.size();
  if (std::less<const char*>{}(field.data(), begin) ||
      std::less<const char*>{}(end, field.data())) {
    return ErrorPlace{file + ":" + std::to_string(record_line) + ":", 0};
  }
  std::size_t offset = static_cast<std::size_t>(field.data() - begin);
  std::string_view before = content.substr(0, offset);
  std::size_t line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  std::size_t line_start = before.rfind('\n');
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  std::size_t column = 0;
  for (std::size_t i = line_start; i < offset; ++i) {
    if ((static_cast<unsigned char>(content[i]) & 0xC0) != 0x80) ++column;
  }
  return ErrorPlace{file + ":" + std::to_string(line) + ":", column};
}

std::string field_path(std::string_view content, std::string_view field, const std::string& file,
                       std::size_t record_line) {
  ErrorPlace place = place_of(content, field, file, record_line);
  return place.path_prefix + std::to_string(place.column_offset + 1);
}

std::optional<bool> parse_flag(std::string_view text) {
  if (text == "True") return true;
  if (text == "False") return false;
  return std::nullopt;
}

// True when every specific amount of the expression is in `currency`.
bool all_amounts_in(const Expression& expression, Currency currency) {
  auto sum_ok = [currency](const DutySum& sum) {
    return std::all_of(sum.terms.begin(), sum.terms.end(), [currency](const Term& term) {
      const auto* specific = std::get_if<SpecificDuty>(&term);
      return specific == nullptr || specific->currency == currency;
    });
  };
  return std::all_of(expression.periods.begin(), expression.periods.end(),
                     [&](const Period& period) {
                       return sum_ok(period.duty) && (!period.minimum || sum_ok(*period.minimum)) &&
                              (!period.maximum || sum_ok(*period.maximum));
                     });
}

bool is_seasonal(const Expression& expression) {
  return expression.periods.size() > 1 || !expression.periods.front().ranges.empty();
}

}  // namespace

std::string_view to_string(DutyColumn column) {
  return column == DutyColumn::cet ? "cet_duty_rate" : "ukgt_duty_rate";
}

const UkTariffLine* UkTariff::find(std::string_view code) const {
  auto found = index_.find(std::string(code));
  return found == index_.end() ? nullptr : &lines_[found->second];
}

Result<std::string> restore_commodity_code(std::string_view digits) {
  bool all_digits = !digits.empty() && std::all_of(digits.begin(), digits.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
  if (!all_digits || digits.size() < 7 || digits.size() > 10) {
    return make_error(
        "uk_tariff.code", "",
        "commodity code '" + std::string(digits.substr(0, 16)) + "' is not 7 to 10 digits");
  }
  std::size_t length = digits.size() <= 8 ? 8 : 10;
  std::string code(length - digits.size(), '0');
  code += digits;
  if (code.starts_with("00")) {
    return make_error("uk_tariff.code", "",
                      "commodity code '" + std::string(digits) + "' restores to chapter 00");
  }
  return code;
}

Result<UkTariff> load_uk_tariff(const std::filesystem::path& csv_file) {
  Result<std::string> content = read_file(csv_file);
  if (!content.ok()) return std::move(content).error();
  const std::string file = csv_file.filename().string();
  const std::string_view text = *content;
  Result<CsvReader> reader = CsvReader::open(text, file);
  if (!reader.ok()) return std::move(reader).error();

  std::array<std::size_t, kColumnCount> column{};
  for (std::size_t i = 0; i < kColumnCount; ++i) {
    Result<std::size_t> index = reader->column(kColumns[i]);
    if (!index.ok()) return std::move(index).error();
    column[i] = *index;
  }

  UkTariff tariff;
  tariff.lines_.reserve(16384);
  tariff.index_.reserve(16384);
  BadRows bad;
  for (;;) {
    Result<bool> more = reader->next();
    if (!more.ok()) {
      bool input_ended = more.error().code == "csv.unterminated_quote";
      bad.add(std::move(more).error());
      if (input_ended) break;
      continue;
    }
    if (!*more) break;
    const CsvRecord& record = reader->record();
    auto field = [&](ColumnIndex index) { return record.fields[column[index]]; };
    auto path_of = [&](ColumnIndex index) {
      return field_path(text, field(index), file, record.line);
    };

    UkTariffLine line;
    line.source_line = record.line;
    Result<std::string> code = restore_commodity_code(field(kCommodity));
    if (!code.ok()) {
      bad.add(make_error("uk_tariff.code", path_of(kCommodity), code.error().message));
      continue;
    }
    line.code = std::move(code).value();
    bool restored = line.code.size() != field(kCommodity).size();

    bool row_ok = true;
    for (DutyColumn duty_column : {DutyColumn::cet, DutyColumn::ukgt}) {
      ColumnIndex index = duty_column == DutyColumn::cet ? kCetDutyRate : kUkgtDutyRate;
      Result<Expression> expression = parse_uk_duty_expression(field(index));
      if (!expression.ok()) {
        // Parse again only to place the error in the file (the common path stays cheap).
        Result<Expression> placed =
            parse_uk_duty_expression(field(index), place_of(text, field(index), file, record.line));
        bad.add(placed.ok() ? std::move(expression).error() : std::move(placed).error());
        row_ok = false;
        break;
      }
      Currency currency = duty_column == DutyColumn::cet ? Currency::eur : Currency::gbp;
      if (!all_amounts_in(*expression, currency)) {
        bad.add(make_error("uk_tariff.currency", path_of(index),
                           "column '" + std::string(to_string(duty_column)) +
                               "' holds amounts in " + std::string(to_string(currency)) +
                               " only: '" + std::string(field(index)) + "'"));
        row_ok = false;
        break;
      }
      (duty_column == DutyColumn::cet ? line.cet_duty : line.ukgt_duty) =
          std::move(expression).value();
    }
    if (!row_ok) continue;

    std::array<std::pair<ColumnIndex, bool*>, 4> flags = {{
        {kTradeRemedyApplies, &line.trade_remedy_applies},
        {kCetAppliesUntilReviews,
         &line.cet_applies_until_trade_remedy_transition_reviews_concluded},
        {kSuspensionApplies, &line.suspension_applies},
        {kAtqApplies, &line.atq_applies},
    }};
    for (const auto& [index, target] : flags) {
      std::optional<bool> flag = parse_flag(field(index));
      if (!flag) {
        bad.add(make_error("uk_tariff.flag", path_of(index),
                           "column '" + std::string(kColumns[index]) + "' must be True or False, " +
                               "not '" + std::string(field(index).substr(0, 16)) + "'"));
        row_ok = false;
        break;
      }
      *target = *flag;
    }
    if (!row_ok) continue;

    line.description = std::string(field(kDescription));
    line.change = std::string(field(kChange));
    auto [existing, inserted] = tariff.index_.emplace(line.code, tariff.lines_.size());
    if (!inserted) {
      bad.add(make_error("uk_tariff.duplicate_code", path_of(kCommodity),
                         "commodity code " + line.code + " is already on line " +
                             std::to_string(tariff.lines_[existing->second].source_line)));
      continue;
    }
    if (restored) ++tariff.counts_.codes_restored;
    tariff.lines_.push_back(std::move(line));
  }
  if (!bad.empty()) return bad.to_error();

  UkTariffCounts& counts = tariff.counts_;
  for (const UkTariffLine& line : tariff.lines_) {
    ++counts.lines;
    ++(line.code.size() == 8 ? counts.codes_8_digit : counts.codes_10_digit);
    if (is_seasonal(line.cet_duty)) ++counts.seasonal_cet;
    if (is_seasonal(line.ukgt_duty)) ++counts.seasonal_ukgt;
    for (DutyColumn duty_column : {DutyColumn::cet, DutyColumn::ukgt}) {
      std::vector<std::string> reasons = uncomputable_reasons(line.duty(duty_column));
      if (reasons.empty()) continue;
      ++(duty_column == DutyColumn::cet ? counts.uncomputable_cet : counts.uncomputable_ukgt);
      for (std::string& reason : reasons) {
        tariff.uncomputable_.push_back(UncomputableLine{line.code, duty_column, std::move(reason)});
      }
    }
  }
  return tariff;
}

}  // namespace oc::uk
