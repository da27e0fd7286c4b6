#include "tariff/tariff.h"

#include <algorithm>
#include <chrono>
#include <charconv>

#include "core/codes.h"
#include "core/csv.h"

namespace oc {

struct Tariff::Tables {
  std::unordered_map<std::string, TariffLine> lines;
  std::unordered_map<std::string, std::unordered_set<std::string>> agreements;
  std::unordered_set<std::string> without_mfn;
  std::unordered_map<std::uint64_t, Decimal> rates;  // rate_key(currency, year, month)
  std::vector<TradeRemedy> trade_remedies;
  std::vector<PostalCategory> postal_categories;
  std::vector<std::string> hainan_taxable;
  TariffCounts counts;
};

namespace {

std::uint64_t rate_key(std::string_view currency, int year, int month) {
  std::uint64_t key = 0;
  for (char c : currency.substr(0, 3)) key = key << 8 | static_cast<unsigned char>(c);
  return key << 32 | static_cast<std::uint64_t>(year * 100 + month);
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                      [](char c) { return c >= '0' && c <= '9'; });
}

bool starts_with_any(std::string_view code, const std::vector<std::string>& prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](const std::string& prefix) { return code.starts_with(prefix); });
}

// Reads one CSV file of the tariff directory, naming errors by file:line:column.
class TariffFile {
 public:
  static Result<TariffFile> open(const TariffFiles& files, std::string name, bool required) {
    auto found = files.find(name);
    if (found == files.end()) {
      if (!required) return TariffFile(name);
      return make_error("tariff.missing_file", name,
                        "the tariff directory has no " + name + " (tariff-v1 requires it)");
    }
    if (found->second.size() > tariff_file_bytes_max) {
      return make_error("tariff.too_large", name,
                        "larger than " + std::to_string(tariff_file_bytes_max) + " bytes");
    }
    TariffFile file(name);
    auto reader = CsvReader::open(found->second, name);
    if (!reader) return std::move(reader).error();
    file.reader_ = std::make_unique<CsvReader>(std::move(*reader));
    return file;
  }

  bool present() const { return reader_ != nullptr; }

  Result<std::vector<std::size_t>> columns(std::initializer_list<std::string_view> names) {
    std::vector<std::size_t> indexes;
    for (auto name : names) {
      auto index = reader_->column(name);
      if (!index) return std::move(index).error();
      indexes.push_back(*index);
    }
    return indexes;
  }

  Result<bool> next() { return reader_->next(); }
  // Calls row() for every record; stops at the first error (the file's or row()'s).
  template <class Row>
  VoidResult each(Row row) {
    while (true) {
      auto more = next();
      if (!more) return std::move(more).error();
      if (!*more) return ok_result();
      OC_TRY(row());
    }
  }
  std::string_view field(std::size_t column) const { return reader_->record().fields[column]; }

  Error error(std::string code, std::size_t column, std::string message) const {
    return make_error(std::move(code),
                      reader_->where(reader_->record().line) + ":" + std::to_string(column + 1),
                      std::move(message));
  }
  Error row_error(std::string code, std::string message) const {
    return make_error(std::move(code), reader_->where(reader_->record().line), std::move(message));
  }

  Result<DutyExpression> expression(std::size_t column) const {
    auto parsed = parse_duty_expression(field(column));
    if (!parsed) return error("tariff.bad_expression", column, parsed.error().message);
    return parsed;
  }
  Result<std::optional<DutyExpression>> optional_expression(std::size_t column) const {
    if (field(column).empty()) return std::optional<DutyExpression>{};
    auto parsed = expression(column);
    if (!parsed) return std::move(parsed).error();
    return std::optional<DutyExpression>(std::move(*parsed));
  }
  Result<Decimal> percent(std::size_t column) const {
    auto parsed = expression(column);
    if (!parsed) return std::move(parsed).error();
    if (parsed->is_specific()) {
      return error("tariff.bad_expression", column,
                   "'" + std::string(field(column)) + "': expected a percentage such as 13%");
    }
    return *parsed->ad_valorem_percent;
  }

 private:
  explicit TariffFile(std::string name) : name_(std::move(name)) {}
  std::string name_;
  std::unique_ptr<CsvReader> reader_;  // reads from the TariffFiles the caller keeps alive
};

VoidResult check_specific_unit(const TariffFile& file, std::size_t column,
                               const std::optional<DutyExpression>& expression,
                               std::string_view unit) {
  if (expression && expression->is_specific() && expression->specific_unit != unit) {
    return file.error("tariff.bad_expression", column,
                      "a specific rate per " + expression->specific_unit +
                          " on a line whose statutory unit is " + std::string(unit));
  }
  return ok_result();
}

VoidResult read_conventional(const TariffFile& file, std::size_t column, TariffLine& line) {
  std::string_view text = file.field(column);
  while (!text.empty()) {
    auto end = text.find(';');
    std::string_view entry = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    auto equals = entry.find('=');
    if (equals == std::string_view::npos || equals == 0) {
      return file.error("tariff.bad_expression", column,
                        "'" + std::string(entry) + "': expected AGREEMENT=RATE");
    }
    std::string agreement(entry.substr(0, equals));
    if (line.conventional_rate(agreement) != nullptr) {
      return file.error("tariff.bad_expression", column,
                        "agreement " + agreement + " appears twice on one line");
    }
    if (line.conventional.size() == tariff_conventional_rates_max) {
      return file.error("tariff.too_large", column,
                        "more than " + std::to_string(tariff_conventional_rates_max) +
                            " conventional rates on one line");
    }
    auto rate = parse_duty_expression(entry.substr(equals + 1));
    if (!rate) return file.error("tariff.bad_expression", column, rate.error().message);
    std::optional<DutyExpression> as_optional = *rate;
    OC_TRY(check_specific_unit(file, column, as_optional, line.unit));
    line.conventional.push_back({std::move(agreement), std::move(*rate)});
  }
  return ok_result();
}

VoidResult read_lines(const TariffFiles& files, Tariff::Tables& tables) {
  auto file = TariffFile::open(files, "tariff.csv", true);
  if (!file) return std::move(file).error();
  auto columns = file->columns({"hs_code", "description", "unit", "general", "mfn", "provisional",
                                "special", "conventional", "consumption_tax", "vat"});
  if (!columns) return std::move(columns).error();
  const auto& c = *columns;
  OC_TRY(file->each([&]() -> VoidResult {
    TariffLine line;
    line.hs_code = std::string(file->field(c[0]));
    if (!all_digits(line.hs_code) || (line.hs_code.size() != 8 && line.hs_code.size() != 10)) {
      return file->error("tariff.bad_row", c[0],
                         "'" + line.hs_code.substr(0, 16) + "' is not an 8 or 10 digit code");
    }
    line.description = std::string(file->field(c[1]));
    line.unit = std::string(file->field(c[2]));
    if (find_unit(line.unit) == nullptr) {
      return file->error("tariff.bad_row", c[2],
                         "'" + line.unit.substr(0, 16) + "' is not a known UN/ECE Rec. 20 unit");
    }
    std::optional<DutyExpression>* rates[] = {&line.general, &line.mfn, &line.provisional,
                                              &line.special};
    for (std::size_t i = 0; i < 4; ++i) {
      auto rate = file->optional_expression(c[3 + i]);
      if (!rate) return std::move(rate).error();
      OC_TRY(check_specific_unit(*file, c[3 + i], *rate, line.unit));
      *rates[i] = std::move(*rate);
    }
    if (!line.mfn) {
      return file->error("tariff.bad_row", c[4], "every line needs an MFN rate");
    }
    if (!line.general) {
      return file->error("tariff.bad_row", c[3], "every line needs a general rate");
    }
    OC_TRY(read_conventional(*file, c[7], line));
    auto consumption_tax = file->optional_expression(c[8]);
    if (!consumption_tax) return std::move(consumption_tax).error();
    OC_TRY(check_specific_unit(*file, c[8], *consumption_tax, line.unit));
    if (*consumption_tax && consumption_tax->value().ad_valorem_percent &&
        *consumption_tax->value().ad_valorem_percent >= Decimal::from_int(100)) {
      return file->error("tariff.bad_expression", c[8],
                         "a consumption-tax rate must be below 100% (it divides by 1 - rate)");
    }
    line.consumption_tax = std::move(*consumption_tax);
    auto vat = file->percent(c[9]);
    if (!vat) return std::move(vat).error();
    line.vat_percent = *vat;
    if (tables.lines.size() == tariff_lines_max) {
      return file->row_error("tariff.too_large",
                             "more than " + std::to_string(tariff_lines_max) + " tariff lines");
    }
    std::string code = line.hs_code;
    if (!tables.lines.emplace(code, std::move(line)).second) {
      return file->error("tariff.duplicate_line", c[0], code + " appears twice");
    }
    return ok_result();
  }));
  tables.counts.lines = tables.lines.size();
  return ok_result();
}

VoidResult read_agreements(const TariffFiles& files, Tariff::Tables& tables) {
  auto file = TariffFile::open(files, "agreements.csv", true);
  if (!file) return std::move(file).error();
  auto columns = file->columns({"agreement", "country"});
  if (!columns) return std::move(columns).error();
  OC_TRY(file->each([&]() -> VoidResult {
    std::string_view agreement = file->field((*columns)[0]);
    std::string_view country = file->field((*columns)[1]);
    if (agreement.empty()) return file->error("tariff.bad_row", (*columns)[0], "empty agreement");
    if (!is_country_syntax(country)) {
      return file->error("tariff.bad_row", (*columns)[1],
                         "'" + std::string(country.substr(0, 16)) + "' is not an ISO 3166 alpha-2 code");
    }
    tables.agreements[std::string(agreement)].insert(std::string(country));
    ++tables.counts.agreement_members;
    return ok_result();
  }));
  return ok_result();
}

VoidResult read_countries(const TariffFiles& files, Tariff::Tables& tables) {
  auto file = TariffFile::open(files, "countries.csv", true);
  if (!file) return std::move(file).error();
  auto columns = file->columns({"country", "mfn"});
  if (!columns) return std::move(columns).error();
  OC_TRY(file->each([&]() -> VoidResult {
    std::string_view country = file->field((*columns)[0]);
    std::string_view mfn = file->field((*columns)[1]);
    if (!is_country_syntax(country)) {
      return file->error("tariff.bad_row", (*columns)[0],
                         "'" + std::string(country.substr(0, 16)) + "' is not an ISO 3166 alpha-2 code");
    }
    if (mfn != "yes" && mfn != "no") {
      return file->error("tariff.bad_row", (*columns)[1], "mfn must be yes or no");
    }
    if (mfn == "no") tables.without_mfn.insert(std::string(country));
    ++tables.counts.countries;
    return ok_result();
  }));
  return ok_result();
}

std::optional<std::pair<int, int>> parse_month(std::string_view text) {
  if (text.size() != 7 || text[4] != '-' || !all_digits(text.substr(0, 4)) ||
      !all_digits(text.substr(5, 2))) {
    return std::nullopt;
  }
  int year = 0;
  int month = 0;
  std::from_chars(text.data(), text.data() + 4, year);
  std::from_chars(text.data() + 5, text.data() + 7, month);
  if (month < 1 || month > 12 || year < 1900) return std::nullopt;
  return std::pair{year, month};
}

VoidResult read_rates(const TariffFiles& files, Tariff::Tables& tables) {
  auto file = TariffFile::open(files, "exchange_rates.csv", true);
  if (!file) return std::move(file).error();
  auto columns = file->columns({"month", "currency", "cny_per_unit"});
  if (!columns) return std::move(columns).error();
  const auto& c = *columns;
  OC_TRY(file->each([&]() -> VoidResult {
    auto month = parse_month(file->field(c[0]));
    if (!month) return file->error("tariff.bad_row", c[0], "expected a month such as 2026-11");
    std::string_view currency = file->field(c[1]);
    if (!is_currency_syntax(currency)) {
      return file->error("tariff.bad_row", c[1],
                         "'" + std::string(currency.substr(0, 16)) + "' is not an ISO 4217 code");
    }
    auto rate = Decimal::parse(file->field(c[2]), 8);
    if (!rate || rate->sign() <= 0) {
      return file->error("tariff.bad_row", c[2],
                         "expected a positive decimal with at most 8 fraction digits");
    }
    auto key = rate_key(currency, month->first, month->second);
    if (!tables.rates.emplace(key, *rate).second) {
      return file->error("tariff.duplicate_line", c[1],
                         std::string(currency) + " has two rates for " +
                             std::string(file->field(c[0])));
    }
    return ok_result();
  }));
  tables.counts.exchange_rates = tables.rates.size();
  return ok_result();
}

VoidResult read_trade_remedies(const TariffFiles& files, Tariff::Tables& tables) {
  auto file = TariffFile::open(files, "trade_remedies.csv", false);
  if (!file) return std::move(file).error();
  if (!file->present()) return ok_result();
  auto columns = file->columns(
      {"measure", "kind", "hs_code", "origin", "exporter", "rate", "valid_from", "valid_to"});
  if (!columns) return std::move(columns).error();
  const auto& c = *columns;
  OC_TRY(file->each([&]() -> VoidResult {
    TradeRemedy remedy;
    remedy.measure = std::string(file->field(c[0]));
    if (remedy.measure.empty()) return file->error("tariff.bad_row", c[0], "empty measure");
    std::string_view kind = file->field(c[1]);
    if (kind == "anti_dumping") {
      remedy.kind = TradeRemedyKind::anti_dumping;
    } else if (kind == "countervailing") {
      remedy.kind = TradeRemedyKind::countervailing;
    } else {
      return file->error("tariff.bad_row", c[1], "kind must be anti_dumping or countervailing");
    }
    remedy.hs_code = std::string(file->field(c[2]));
    if (!all_digits(remedy.hs_code) || remedy.hs_code.size() < 4 || remedy.hs_code.size() > 10) {
      return file->error("tariff.bad_row", c[2], "expected an HS code or prefix of 4 to 10 digits");
    }
    remedy.origin = std::string(file->field(c[3]));
    if (!is_country_syntax(remedy.origin)) {
      return file->error("tariff.bad_row", c[3], "expected an ISO 3166 alpha-2 code");
    }
    remedy.exporter = std::string(file->field(c[4]));
    auto rate = file->expression(c[5]);
    if (!rate) return std::move(rate).error();
    remedy.rate = std::move(*rate);
    auto from = parse_iso_day(file->field(c[6]));
    if (!from) return file->error("tariff.bad_row", c[6], "expected a date such as 2026-01-31");
    remedy.valid_from = *from;
    if (!file->field(c[7]).empty()) {
      auto to = parse_iso_day(file->field(c[7]));
      if (!to) return file->error("tariff.bad_row", c[7], "expected a date or nothing");
      if (*to < *from) return file->error("tariff.bad_row", c[7], "valid_to is before valid_from");
      remedy.valid_to = *to;
    }
    tables.trade_remedies.push_back(std::move(remedy));
    return ok_result();
  }));
  tables.counts.trade_remedies = tables.trade_remedies.size();
  return ok_result();
}

VoidResult read_postal_rates(const TariffFiles& files, Tariff::Tables& tables) {
  auto file = TariffFile::open(files, "postal_rates.csv", false);
  if (!file) return std::move(file).error();
  if (!file->present()) return ok_result();
  auto columns = file->columns({"category", "rate", "hs_prefixes", "description"});
  if (!columns) return std::move(columns).error();
  const auto& c = *columns;
  OC_TRY(file->each([&]() -> VoidResult {
    PostalCategory category;
    category.category = std::string(file->field(c[0]));
    if (category.category.empty()) return file->error("tariff.bad_row", c[0], "empty category");
    for (const auto& known : tables.postal_categories) {
      if (known.category == category.category) {
        return file->error("tariff.duplicate_line", c[0], category.category + " appears twice");
      }
    }
    auto rate = file->percent(c[1]);
    if (!rate) return std::move(rate).error();
    category.rate_percent = *rate;
    std::string_view prefixes = file->field(c[2]);
    while (!prefixes.empty()) {
      auto end = prefixes.find(';');
      std::string_view prefix = prefixes.substr(0, end);
      prefixes = end == std::string_view::npos ? std::string_view{} : prefixes.substr(end + 1);
      if (!all_digits(prefix) || prefix.size() < 2 || prefix.size() > 10) {
        return file->error("tariff.bad_row", c[2],
                           "'" + std::string(prefix.substr(0, 16)) + "' is not an HS prefix of 2 to 10 digits");
      }
      category.hs_prefixes.emplace_back(prefix);
    }
    category.description = std::string(file->field(c[3]));
    tables.postal_categories.push_back(std::move(category));
    return ok_result();
  }));
  tables.counts.postal_categories = tables.postal_categories.size();
  return ok_result();
}

VoidResult read_hainan_taxable(const TariffFiles& files, Tariff::Tables& tables) {
  auto file = TariffFile::open(files, "hainan_taxable.csv", false);
  if (!file) return std::move(file).error();
  if (!file->present()) return ok_result();
  auto columns = file->columns({"hs_prefix", "description"});
  if (!columns) return std::move(columns).error();
  OC_TRY(file->each([&]() -> VoidResult {
    std::string_view prefix = file->field((*columns)[0]);
    if (!all_digits(prefix) || prefix.size() < 2 || prefix.size() > 10) {
      return file->error("tariff.bad_row", (*columns)[0], "expected an HS prefix of 2 to 10 digits");
    }
    tables.hainan_taxable.emplace_back(prefix);
    return ok_result();
  }));
  tables.counts.hainan_taxable_prefixes = tables.hainan_taxable.size();
  return ok_result();
}

}  // namespace

class TariffBuilder {
 public:
  static Result<Tariff> load(const TariffFiles& files) {
    auto tables = std::make_unique<Tariff::Tables>();
    OC_TRY(read_lines(files, *tables));
    OC_TRY(read_agreements(files, *tables));
    OC_TRY(read_countries(files, *tables));
    OC_TRY(read_rates(files, *tables));
    OC_TRY(read_trade_remedies(files, *tables));
    OC_TRY(read_postal_rates(files, *tables));
    OC_TRY(read_hainan_taxable(files, *tables));
    Tariff tariff;
    tariff.tables_ = std::move(tables);
    return tariff;
  }
};

Result<Tariff> load_tariff_files(const TariffFiles& files) { return TariffBuilder::load(files); }

Result<Tariff> load_tariff(const std::filesystem::path& directory) {
  TariffFiles files;
  for (std::string_view name : tariff_file_names) {
    auto path = directory / name;
    std::error_code ignored;
    if (!std::filesystem::exists(path, ignored)) continue;
    auto content = read_file(path, tariff_file_bytes_max);
    if (!content) {
      Error error = std::move(content).error();
      if (error.code == "file.too_large") error.code = "tariff.too_large";
      error.path = std::string(name);
      return error;
    }
    files.emplace(std::string(name), std::move(*content));
  }
  return TariffBuilder::load(files);
}

const DutyExpression* TariffLine::conventional_rate(std::string_view agreement) const {
  for (const auto& rate : conventional) {
    if (rate.agreement == agreement) return &rate.rate;
  }
  return nullptr;
}

std::string_view to_string(TradeRemedyKind kind) {
  return kind == TradeRemedyKind::anti_dumping ? "anti_dumping" : "countervailing";
}

Tariff::Tariff() : tables_(std::make_unique<Tables>()) {}
Tariff::~Tariff() = default;
Tariff::Tariff(Tariff&&) noexcept = default;
Tariff& Tariff::operator=(Tariff&&) noexcept = default;

const TariffLine* Tariff::find_line(std::string_view hs_code) const {
  auto found = tables_->lines.find(std::string(hs_code));
  if (found == tables_->lines.end() && hs_code.size() == 10) {
    found = tables_->lines.find(std::string(hs_code.substr(0, 8)));
  }
  return found == tables_->lines.end() ? nullptr : &found->second;
}

bool Tariff::has_mfn_treatment(std::string_view country) const {
  return !tables_->without_mfn.contains(std::string(country));
}

bool Tariff::has_agreement(std::string_view agreement) const {
  return tables_->agreements.contains(std::string(agreement));
}

bool Tariff::agreement_lists(std::string_view agreement, std::string_view country) const {
  auto found = tables_->agreements.find(std::string(agreement));
  return found != tables_->agreements.end() && found->second.contains(std::string(country));
}

std::optional<Decimal> Tariff::cny_per_unit(std::string_view currency, int year, int month) const {
  if (currency == "CNY") return Decimal::from_int(1);
  auto found = tables_->rates.find(rate_key(currency, year, month));
  if (found == tables_->rates.end()) return std::nullopt;
  return found->second;
}

const TradeRemedy* Tariff::trade_remedy(TradeRemedyKind kind, std::string_view hs_code,
                                        std::string_view origin, std::string_view exporter,
                                        std::int32_t day) const {
  const TradeRemedy* best = nullptr;
  auto better = [&](const TradeRemedy& candidate) {
    if (best == nullptr) return true;
    bool candidate_own = !candidate.exporter.empty();
    bool best_own = !best->exporter.empty();
    if (candidate_own != best_own) return candidate_own;
    return candidate.hs_code.size() > best->hs_code.size();
  };
  for (const auto& remedy : tables_->trade_remedies) {
    if (remedy.kind != kind || remedy.origin != origin || !hs_code.starts_with(remedy.hs_code)) {
      continue;
    }
    if (!remedy.exporter.empty() && remedy.exporter != exporter) continue;
    if (day < remedy.valid_from || (remedy.valid_to && day > *remedy.valid_to)) continue;
    if (better(remedy)) best = &remedy;
  }
  return best;
}

const PostalCategory* Tariff::postal_category(std::string_view category) const {
  for (const auto& known : tables_->postal_categories) {
    if (known.category == category) return &known;
  }
  return nullptr;
}

const PostalCategory* Tariff::postal_category_for_hs(std::string_view hs_code) const {
  const PostalCategory* best = nullptr;
  std::size_t best_length = 0;
  for (const auto& category : tables_->postal_categories) {
    for (const auto& prefix : category.hs_prefixes) {
      if (hs_code.starts_with(prefix) && prefix.size() > best_length) {
        best = &category;
        best_length = prefix.size();
      }
    }
  }
  return best;
}

bool Tariff::hainan_taxable(std::string_view hs_code) const {
  return starts_with_any(hs_code, tables_->hainan_taxable);
}

const TariffCounts& Tariff::counts() const { return tables_->counts; }

std::optional<std::int32_t> parse_iso_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
      !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) {
    return std::nullopt;
  }
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  std::from_chars(text.data(), text.data() + 4, year);
  std::from_chars(text.data() + 5, text.data() + 7, month);
  std::from_chars(text.data() + 8, text.data() + 10, day);
  std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                   std::chrono::day{day}};
  if (!date.ok()) return std::nullopt;
  return static_cast<std::int32_t>(std::chrono::sys_days(date).time_since_epoch().count());
}

}  // namespace oc
