// Reference data loading: five CSV files, validated row by row into compact lookup tables.
//
// Decisions on the quirks of the published files (pinned by tests/core/reference_data_test.cpp):
// - HS: the row "TOTAL,TOTAL,...,TOTAL,5" is UN Comtrade's grand total of all commodities, not a
//   code; it is accepted and not stored. Any other level-5 row, or any level other than 2/4/6, is
//   a bad row. Chapter 99 (99, 9999, 999999 "Commodities not specified according to kind") is a
//   Comtrade reporting code, not HS 2022 nomenclature (the WCO reserves chapters 98 and 99 for
//   national use), so those rows are validated but not stored: a declaration cannot claim them.
// - Countries: every row needs its ISO 3166-1 alpha-2 code (the snapshot has no row without one;
//   "NA" is Namibia, not a missing value). The currency field may be empty (Antarctica, South
//   Georgia, Palestine and Türkiye in the snapshot) or a comma-separated list ("INR,BTN"); each
//   listed code must be a current code of the currency file.
// - Currencies: a code is current when any row lists it without a WithdrawalDate. An empty
//   AlphabeticCode is accepted only on ISO's "No universal currency" entries.
// - UN/LOCODE: a code may appear on several rows (alternative names of one place); that is not a
//   duplicate. Rows may omit the trailing "geocoded" field. Codes of "XZ" (installations in
//   international waters) are kept although XZ is not an ISO 3166 country.
// - Exchange rates: although the source README says the Australia, Euro, Ireland, New Zealand and
//   United Kingdom series are USD per unit, the values in monthly.csv are all currency per USD
//   (Euro 2025-03 is 0.9248; the UK 1971-01 value 0.4157 is the pound at 2.40 USD), so every
//   series is read as currency per USD. Venezuela's series chains four denominations (VEB, VEF,
//   VES, VED) under one name, so it is validated but mapped to no currency.
#include "core/reference_data.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <functional>
#include <span>
#include <utility>

#include "core/csv.h"

namespace oc {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCurrencyFile = "currency-codes/codes-all.csv";
constexpr std::string_view kCountryFile = "country-codes/country-codes.csv";
constexpr std::string_view kHsFile = "harmonized-system/harmonized-system-hs2022.csv";
constexpr std::string_view kLocodeFile = "un-locode/unlocode-geoapify-all.csv";
constexpr std::string_view kRateFile = "exchange-rates/monthly.csv";

constexpr int kCrossRateScale = 6;
constexpr std::string_view kNoUniversalCurrency = "No universal currency";

// The monthly series' country names and the ISO 4217 code each one quotes against USD.
struct RateSeries {
  std::string_view country;
  std::string_view currency;  // empty: validated, but not mapped to any currency
};
constexpr std::array kRateSeries = {
    RateSeries{"Australia", "AUD"},      RateSeries{"Austria", "ATS"},
    RateSeries{"Belgium", "BEF"},        RateSeries{"Brazil", "BRL"},
    RateSeries{"Canada", "CAD"},         RateSeries{"China", "CNY"},
    RateSeries{"Denmark", "DKK"},        RateSeries{"Euro", "EUR"},
    RateSeries{"Finland", "FIM"},        RateSeries{"France", "FRF"},
    RateSeries{"Germany", "DEM"},        RateSeries{"Greece", "GRD"},
    RateSeries{"Hong Kong", "HKD"},      RateSeries{"India", "INR"},
    RateSeries{"Ireland", "IEP"},        RateSeries{"Italy", "ITL"},
    RateSeries{"Japan", "JPY"},          RateSeries{"Malaysia", "MYR"},
    RateSeries{"Mexico", "MXN"},         RateSeries{"Netherlands", "NLG"},
    RateSeries{"New Zealand", "NZD"},    RateSeries{"Norway", "NOK"},
    RateSeries{"Portugal", "PTE"},       RateSeries{"Singapore", "SGD"},
    RateSeries{"South Africa", "ZAR"},   RateSeries{"South Korea", "KRW"},
    RateSeries{"Spain", "ESP"},          RateSeries{"Sri Lanka", "LKR"},
    RateSeries{"Sweden", "SEK"},         RateSeries{"Switzerland", "CHF"},
    RateSeries{"Taiwan", "TWD"},         RateSeries{"Thailand", "THB"},
    RateSeries{"United Kingdom", "GBP"}, RateSeries{"Venezuela", ""},
};
constexpr std::size_t kChinaSeries = 5;
static_assert(kRateSeries[kChinaSeries].currency == "CNY");

bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), is_digit);
}
bool is_alpha2(std::string_view code) {
  return code.size() == 2 && is_upper(code[0]) && is_upper(code[1]);
}
bool is_alpha3(std::string_view code) {
  return code.size() == 3 && std::all_of(code.begin(), code.end(), is_upper);
}

// Dense indexes: every alpha-2 and alpha-3 code has a slot in a bitset.
constexpr std::size_t kAlpha2Slots = 26 * 26;
constexpr std::size_t kAlpha3Slots = 26 * 26 * 26;
std::size_t alpha_index(std::string_view code) {
  std::size_t index = 0;
  for (char c : code) index = index * 26 + static_cast<std::size_t>(c - 'A');
  return index;
}

// A UN/LOCODE as a base-36 number; 36^5 fits in 32 bits. nullopt unless [A-Z]{2}[A-Z0-9]{3}.
std::optional<std::uint32_t> pack_locode(std::string_view country, std::string_view location) {
  if (!is_alpha2(country) || location.size() != 3) return std::nullopt;
  std::uint32_t packed = 0;
  for (char c : country) packed = packed * 36 + static_cast<std::uint32_t>(c - 'A' + 10);
  for (char c : location) {
    if (!is_upper(c) && !is_digit(c)) return std::nullopt;
    packed = packed * 36 + static_cast<std::uint32_t>(is_digit(c) ? c - '0' : c - 'A' + 10);
  }
  return packed;
}

// Months since year 0: "2025-03-01" -> 2025 * 12 + 2.
std::uint32_t month_index(int year, int month) {
  return static_cast<std::uint32_t>(year * 12 + month - 1);
}
std::uint64_t rate_key(std::size_t series_or_currency, std::uint32_t month) {
  return (static_cast<std::uint64_t>(series_or_currency) << 32) | month;
}

// Transparent hashing so lookups by string_view do not build a std::string.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};

using Problem = std::optional<std::string>;
Problem column_problem(std::string_view column, std::string what) {
  return "column '" + std::string(column) + "': " + what;
}
std::string in_quotes(std::string_view text) {
  return "'" + std::string(text) + "'";
}

// Collects bad rows across all files; the first becomes the error path, the rest are listed in
// the message up to load_errors_max.
class BadRows {
 public:
  void add(std::string where, std::string problem) {
    ++total_;
    if (listed_.size() < ReferenceData::load_errors_max) {
      listed_.emplace_back(std::move(where), std::move(problem));
    }
  }
  // A CSV error already carries "file:line" as its path.
  void add(const Error& error) { add(error.path, error.code + ": " + error.message); }
  bool empty() const { return total_ == 0; }

  Error to_error() const {
    std::string message = listed_.front().second;
    if (total_ > 1) {
      message += "; " + std::to_string(total_ - 1) + " more bad row(s): ";
      for (std::size_t i = 1; i < listed_.size(); ++i) {
        if (i > 1) message += "; ";
        message += listed_[i].first + ": " + listed_[i].second;
      }
    }
    if (total_ > listed_.size()) {
      message += "; " + std::to_string(total_ - listed_.size()) + " more not listed (limit " +
                 std::to_string(ReferenceData::load_errors_max) + ")";
    }
    return make_error("reference.bad_row", listed_.front().first, std::move(message));
  }

 private:
  std::vector<std::pair<std::string, std::string>> listed_;
  std::size_t total_ = 0;
};

// One record seen through the columns a loader asked for, in the order it asked.
struct Row {
  const CsvRecord& record;
  std::span<const std::size_t> columns;
  std::string_view operator[](std::size_t wanted) const { return record.fields[columns[wanted]]; }
  std::size_t line() const { return record.line; }
};

struct FileText {
  std::string_view name;  // relative to the reference directory; used in error paths
  std::string content;
};

std::string where(std::string_view file, std::size_t line) {
  return std::string(file) + ":" + std::to_string(line);
}

// Calls on_row for every well-formed record of `file`; CSV errors and the problems on_row returns
// become bad rows. A header without the needed columns makes the whole file one bad row.
template <std::size_t N, class OnRow>
void for_each_row(const FileText& file, const std::array<std::string_view, N>& column_names,
                  CsvOptions options, BadRows& bad, OnRow&& on_row) {
  Result<CsvReader> reader = CsvReader::open(file.content, std::string(file.name), options);
  if (!reader.ok()) return bad.add(reader.error());
  std::array<std::size_t, N> columns{};
  for (std::size_t i = 0; i < N; ++i) {
    Result<std::size_t> column = reader->column(column_names[i]);
    if (!column.ok()) return bad.add(column.error());
    columns[i] = *column;
  }
  for (;;) {
    Result<bool> more = reader->next();
    if (!more.ok()) {
      bad.add(more.error());
      continue;
    }
    if (!*more) return;
    Problem problem = on_row(Row{reader->record(), columns});
    if (problem) bad.add(reader->where(reader->record().line), std::move(*problem));
  }
}

}  // namespace

struct ReferenceData::Tables {
  struct HsEntry {
    std::string description;
    std::size_t line;  // where it was defined, for duplicate reports
  };
  std::unordered_map<std::string, HsEntry, StringHash, std::equal_to<>> hs;  // 2, 4, 6 digits
  std::size_t hs_subheadings = 0;
  std::bitset<kAlpha2Slots> countries;
  std::bitset<kAlpha3Slots> currencies;                     // current codes only
  std::vector<std::uint32_t> locodes;                       // packed, sorted, unique
  std::unordered_map<std::uint64_t, Decimal> cny_per_unit;  // rate_key(alpha-3 index, month)
  std::size_t exchange_rate_rows = 0;
};

namespace {

using Tables = ReferenceData::Tables;

void load_currencies(const FileText& file, Tables& tables, BadRows& bad) {
  enum { kName, kCode, kWithdrawal };
  constexpr std::array<std::string_view, 3> kColumns = {"Currency", "AlphabeticCode",
                                                        "WithdrawalDate"};
  for_each_row(file, kColumns, {}, bad, [&](const Row& row) -> Problem {
    const std::string_view code = row[kCode];
    const bool withdrawn = !row[kWithdrawal].empty();
    if (code.empty()) {
      // ISO lists territories without a currency of their own; they carry no code to load.
      if (!withdrawn && row[kName] == kNoUniversalCurrency) return std::nullopt;
      return column_problem(kColumns[kCode], "empty");
    }
    if (!is_alpha3(code)) {
      return column_problem(kColumns[kCode], in_quotes(code) + " is not three capital letters");
    }
    if (!withdrawn) tables.currencies.set(alpha_index(code));
    return std::nullopt;
  });
}

Problem check_country_currencies(std::string_view column, std::string_view list,
                                 const Tables& tables) {
  if (list.empty()) return std::nullopt;  // a territory without a currency of its own
  for (std::size_t start = 0; start <= list.size();) {
    std::size_t comma = std::min(list.find(',', start), list.size());
    std::string_view code = list.substr(start, comma - start);
    if (!is_alpha3(code)) {
      return column_problem(column, in_quotes(code) + " is not three capital letters");
    }
    if (!tables.currencies.test(alpha_index(code))) {
      return column_problem(
          column, in_quotes(code) + " is not a current code in " + std::string(kCurrencyFile));
    }
    start = comma + 1;
  }
  return std::nullopt;
}

void load_countries(const FileText& file, Tables& tables, BadRows& bad) {
  enum { kAlpha2, kCurrencies };
  constexpr std::array<std::string_view, 2> kColumns = {"ISO3166-1-Alpha-2",
                                                        "ISO4217-currency_alphabetic_code"};
  std::vector<std::size_t> first_line(kAlpha2Slots, 0);
  for_each_row(file, kColumns, {}, bad, [&](const Row& row) -> Problem {
    const std::string_view code = row[kAlpha2];
    if (!is_alpha2(code)) {
      return column_problem(kColumns[kAlpha2], in_quotes(code) + " is not two capital letters");
    }
    std::size_t& first = first_line[alpha_index(code)];
    if (first != 0) {
      return column_problem(kColumns[kAlpha2],
                            in_quotes(code) + " already defined at line " + std::to_string(first));
    }
    first = row.line();
    tables.countries.set(alpha_index(code));
    return check_country_currencies(kColumns[kCurrencies], row[kCurrencies], tables);
  });
}

struct PendingParent {
  std::string parent;
  std::size_t line;
};

enum HsColumn { kHsCode, kHsDescription, kHsParent, kHsLevel };
constexpr std::array<std::string_view, 4> kHsColumns = {"hscode", "description", "parent", "level"};

// The shape of one chapter (level 2), heading (4) or subheading (6) row.
Problem check_hs_row(const Row& row) {
  const std::string_view code = row[kHsCode];
  const std::string_view level = row[kHsLevel];
  const std::size_t digits = level == "2" ? 2 : level == "4" ? 4 : level == "6" ? 6 : 0;
  if (digits == 0) {
    return column_problem(kHsColumns[kHsLevel], in_quotes(level) + " is not 2, 4 or 6");
  }
  if (code.size() != digits || !all_digits(code)) {
    return column_problem(kHsColumns[kHsCode], in_quotes(code) + " is not " +
                                                   std::to_string(digits) + " digits as level " +
                                                   std::string(level) + " needs");
  }
  const std::string_view parent = digits == 2 ? "TOTAL" : code.substr(0, digits - 2);
  if (row[kHsParent] != parent) {
    return column_problem(kHsColumns[kHsParent],
                          in_quotes(row[kHsParent]) + " should be " + in_quotes(parent));
  }
  if (row[kHsDescription].empty()) return column_problem(kHsColumns[kHsDescription], "empty");
  return std::nullopt;
}

void load_hs(const FileText& file, Tables& tables, BadRows& bad) {
  std::vector<PendingParent> pending;  // parents are checked once the whole file is read
  for_each_row(file, kHsColumns, {}, bad, [&](const Row& row) -> Problem {
    const std::string_view code = row[kHsCode];
    if (code == "TOTAL" && row[kHsLevel] == "5") return std::nullopt;  // Comtrade's grand total
    if (Problem problem = check_hs_row(row)) return problem;
    if (code.starts_with("99")) return std::nullopt;  // Comtrade "not specified"; see top
    auto [entry, inserted] = tables.hs.try_emplace(
        std::string(code), Tables::HsEntry{std::string(row[kHsDescription]), row.line()});
    if (!inserted) {
      return column_problem(kHsColumns[kHsCode], in_quotes(code) + " already defined at line " +
                                                     std::to_string(entry->second.line));
    }
    if (code.size() > 2) pending.push_back({std::string(row[kHsParent]), row.line()});
    if (code.size() == 6) ++tables.hs_subheadings;
    return std::nullopt;
  });
  for (const PendingParent& child : pending) {
    if (!tables.hs.contains(child.parent)) {
      bad.add(
          where(file.name, child.line),
          *column_problem(kHsColumns[kHsParent], in_quotes(child.parent) + " is not in the file"));
    }
  }
}

void load_locodes(const FileText& file, Tables& tables, BadRows& bad) {
  enum { kCountry, kLocation };
  constexpr std::array<std::string_view, 2> kColumns = {"country", "location"};
  constexpr std::size_t kBytesPerRowGuess = 64;
  tables.locodes.reserve(file.content.size() / kBytesPerRowGuess);
  const CsvOptions options{.optional_last_column = "geocoded"};
  for_each_row(file, kColumns, options, bad, [&](const Row& row) -> Problem {
    if (!is_alpha2(row[kCountry])) {
      return column_problem(kColumns[kCountry],
                            in_quotes(row[kCountry]) + " is not two capital letters");
    }
    std::optional<std::uint32_t> packed = pack_locode(row[kCountry], row[kLocation]);
    if (!packed) {
      return column_problem(kColumns[kLocation],
                            in_quotes(row[kLocation]) + " is not three capital letters or digits");
    }
    tables.locodes.push_back(*packed);
    return std::nullopt;
  });
  std::sort(tables.locodes.begin(), tables.locodes.end());
  tables.locodes.erase(std::unique(tables.locodes.begin(), tables.locodes.end()),
                       tables.locodes.end());
}

// "YYYY-MM-01" -> month index; the monthly series are dated on the first of the month.
std::optional<std::uint32_t> parse_month(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-' || date.substr(8) != "01") {
    return std::nullopt;
  }
  if (!all_digits(date.substr(0, 4)) || !all_digits(date.substr(5, 2))) return std::nullopt;
  const int year =
      (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
  const int month = (date[5] - '0') * 10 + (date[6] - '0');
  if (month < 1 || month > 12) return std::nullopt;
  return month_index(year, month);
}

std::optional<std::size_t> find_series(std::string_view country) {
  for (std::size_t i = 0; i < kRateSeries.size(); ++i) {
    if (kRateSeries[i].country == country) return i;
  }
  return std::nullopt;
}

struct SeriesRate {
  Decimal currency_per_usd;
  std::size_t line;
};
using SeriesRates = std::unordered_map<std::uint64_t, SeriesRate>;  // rate_key(series, month)

// CNY per unit = (CNY per USD) / (currency per USD). The China series itself yields the rate of
// USD, the pivot; CNY needs no entry (it is always 1).
Result<Decimal> cross_rate(std::size_t series, const Decimal& cny_per_usd,
                           const Decimal& currency_per_usd) {
  if (series == kChinaSeries) return cny_per_usd.rescale(kCrossRateScale, Rounding::half_up);
  return cny_per_usd.divide(currency_per_usd, kCrossRateScale, Rounding::half_up);
}

// Every month a mapped series shares with the China series gets a cross rate.
void compute_cross_rates(const SeriesRates& rates, std::string_view file, Tables& tables,
                         BadRows& bad) {
  for (const auto& [key, rate] : rates) {
    const auto series = static_cast<std::size_t>(key >> 32);
    const auto month = static_cast<std::uint32_t>(key);
    if (kRateSeries[series].currency.empty()) continue;
    auto china = rates.find(rate_key(kChinaSeries, month));
    if (china == rates.end()) continue;
    Result<Decimal> cross =
        cross_rate(series, china->second.currency_per_usd, rate.currency_per_usd);
    if (!cross.ok()) {
      bad.add(where(file, rate.line), "column 'Exchange rate': " + cross.error().message);
      continue;
    }
    const std::string_view currency =
        series == kChinaSeries ? std::string_view("USD") : kRateSeries[series].currency;
    tables.cny_per_unit.emplace(rate_key(alpha_index(currency), month), *cross);
  }
}

void load_exchange_rates(const FileText& file, Tables& tables, BadRows& bad) {
  enum { kDate, kCountry, kRate };
  constexpr std::array<std::string_view, 3> kColumns = {"Date", "Country", "Exchange rate"};
  SeriesRates rates;
  for_each_row(file, kColumns, {}, bad, [&](const Row& row) -> Problem {
    std::optional<std::uint32_t> month = parse_month(row[kDate]);
    if (!month) {
      return column_problem(kColumns[kDate], in_quotes(row[kDate]) + " is not YYYY-MM-01");
    }
    std::optional<std::size_t> series = find_series(row[kCountry]);
    if (!series) {
      return column_problem(kColumns[kCountry],
                            in_quotes(row[kCountry]) + " is not a known series");
    }
    Result<Decimal> rate = Decimal::parse(row[kRate]);
    if (!rate.ok()) return column_problem(kColumns[kRate], rate.error().message);
    if (rate->sign() <= 0) {
      return column_problem(kColumns[kRate], in_quotes(row[kRate]) + " is not positive");
    }
    auto [entry, inserted] =
        rates.try_emplace(rate_key(*series, *month), SeriesRate{*rate, row.line()});
    if (!inserted) {
      return column_problem(kColumns[kDate],
                            std::string(row[kCountry]) + " " + std::string(row[kDate]) +
                                " already given at line " + std::to_string(entry->second.line));
    }
    ++tables.exchange_rate_rows;
    return std::nullopt;
  });
  compute_cross_rates(rates, file.name, tables, bad);
}

struct ReferenceFiles {
  FileText currencies;
  FileText countries;
  FileText hs;
  FileText locodes;
  FileText rates;
};

// File-level failures take precedence over bad rows, so every file is read before any is parsed.
Result<ReferenceFiles> read_files(const fs::path& directory) {
  constexpr std::array<std::pair<std::string_view, FileText ReferenceFiles::*>, 5> kFiles = {{
      {kCurrencyFile, &ReferenceFiles::currencies},
      {kCountryFile, &ReferenceFiles::countries},
      {kHsFile, &ReferenceFiles::hs},
      {kLocodeFile, &ReferenceFiles::locodes},
      {kRateFile, &ReferenceFiles::rates},
  }};
  ReferenceFiles files;
  for (const auto& [name, member] : kFiles) {
    const fs::path path = directory / name;
    Result<std::string> content = read_file(path);
    if (!content.ok()) {
      const bool missing = content.error().code == "file.missing";
      return make_error(missing ? "reference.missing_file" : "reference.unreadable_file",
                        std::string(name), path.string() + ": " + content.error().message);
    }
    files.*member = FileText{name, std::move(*content)};
  }
  return files;
}

// A default-constructed or moved-from ReferenceData answers like an empty one.
const Tables& or_empty(const std::unique_ptr<Tables>& tables) {
  static const Tables kEmpty;
  return tables ? *tables : kEmpty;
}

}  // namespace

ReferenceData::ReferenceData() = default;
ReferenceData::~ReferenceData() = default;
ReferenceData::ReferenceData(ReferenceData&&) noexcept = default;
ReferenceData& ReferenceData::operator=(ReferenceData&&) noexcept = default;

bool ReferenceData::has_hs_subheading(std::string_view six_digits) const {
  return six_digits.size() == 6 && hs_description(six_digits) != nullptr;
}

const std::string* ReferenceData::hs_description(std::string_view code) const {
  const Tables& tables = or_empty(tables_);
  auto found = tables.hs.find(code);
  return found == tables.hs.end() ? nullptr : &found->second.description;
}

bool ReferenceData::has_country(std::string_view alpha2) const {
  const Tables& tables = or_empty(tables_);
  return is_alpha2(alpha2) && tables.countries.test(alpha_index(alpha2));
}

bool ReferenceData::has_currency(std::string_view alpha3) const {
  const Tables& tables = or_empty(tables_);
  return is_alpha3(alpha3) && tables.currencies.test(alpha_index(alpha3));
}

bool ReferenceData::has_locode(std::string_view locode) const {
  const Tables& tables = or_empty(tables_);
  if (locode.size() != 5) return false;
  std::optional<std::uint32_t> packed = pack_locode(locode.substr(0, 2), locode.substr(2));
  return packed && std::binary_search(tables.locodes.begin(), tables.locodes.end(), *packed);
}

std::optional<Decimal> ReferenceData::cny_per_unit(std::string_view currency, int year,
                                                   int month) const {
  const Tables& tables = or_empty(tables_);
  if (!is_alpha3(currency) || year < 0 || year > 9999 || month < 1 || month > 12) {
    return std::nullopt;
  }
  if (currency == "CNY") return Decimal::from_units(1'000'000, kCrossRateScale);
  auto found = tables.cny_per_unit.find(rate_key(alpha_index(currency), month_index(year, month)));
  if (found == tables.cny_per_unit.end()) return std::nullopt;
  return found->second;
}

ReferenceCounts ReferenceData::counts() const {
  const Tables& tables = or_empty(tables_);
  return ReferenceCounts{
      .hs_subheadings = tables.hs_subheadings,
      .countries = tables.countries.count(),
      .currencies = tables.currencies.count(),
      .locodes = tables.locodes.size(),
      .exchange_rates = tables.exchange_rate_rows,
  };
}

Result<ReferenceData> load_reference(const std::filesystem::path& directory) {
  Result<ReferenceFiles> files = read_files(directory);
  if (!files.ok()) return std::move(files).error();
  auto tables = std::make_unique<Tables>();
  BadRows bad;
  load_currencies(files->currencies, *tables, bad);
  load_countries(files->countries, *tables, bad);  // after currencies: checked against them
  load_hs(files->hs, *tables, bad);
  load_locodes(files->locodes, *tables, bad);
  load_exchange_rates(files->rates, *tables, bad);
  if (!bad.empty()) return bad.to_error();
  ReferenceData data;
  data.tables_ = std::move(tables);
  return data;
}

}  // namespace oc
