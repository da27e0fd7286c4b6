// The tariff: national tariff lines with their duty expressions, agreement membership, MFN
// treatment by origin, the customs exchange rates, and the optional extension tables (trade
// remedies, postal rates, the Hainan taxable list) described in docs/tariff.md.
//
// A Tariff is immutable once loaded and safe to share between threads. load_tariff reads a whole
// directory or fails with the first error (path "file:line:column"); it never returns half a tariff.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/decimal.h"
#include "core/result.h"
#include "tariff/duty_expression.h"

namespace oc {

// Limits of a tariff directory, each enforced with tariff.too_large.
inline constexpr std::size_t tariff_lines_max = 100'000;
inline constexpr std::size_t tariff_conventional_rates_max = 32;  // agreements on one line
inline constexpr std::size_t tariff_file_bytes_max = std::size_t{64} << 20;

struct ConventionalRate {
  std::string agreement;
  DutyExpression rate;
};

struct TariffLine {
  std::string hs_code;  // 8 or 10 digits
  std::string description;
  std::string unit;  // statutory unit for specific rates
  std::optional<DutyExpression> general;
  std::optional<DutyExpression> mfn;
  std::optional<DutyExpression> provisional;
  std::optional<DutyExpression> special;
  std::vector<ConventionalRate> conventional;
  std::optional<DutyExpression> consumption_tax;
  Decimal vat_percent;

  const DutyExpression* conventional_rate(std::string_view agreement) const;
};

enum class TradeRemedyKind { anti_dumping, countervailing };
std::string_view to_string(TradeRemedyKind kind);

struct TradeRemedy {
  std::string measure;
  TradeRemedyKind kind = TradeRemedyKind::anti_dumping;
  std::string hs_code;   // prefix of the item code
  std::string origin;
  std::string exporter;  // "" = every other exporter of the origin
  DutyExpression rate;
  std::int32_t valid_from = 0;  // days since 1970-01-01, inclusive
  std::optional<std::int32_t> valid_to;
};

struct PostalCategory {
  std::string category;
  Decimal rate_percent;
  std::vector<std::string> hs_prefixes;
  std::string description;
};

struct TariffCounts {
  std::size_t lines = 0;
  std::size_t agreement_members = 0;
  std::size_t countries = 0;
  std::size_t exchange_rates = 0;
  std::size_t trade_remedies = 0;
  std::size_t postal_categories = 0;
  std::size_t hainan_taxable_prefixes = 0;
};

class Tariff {
 public:
  Tariff();
  ~Tariff();
  Tariff(Tariff&&) noexcept;
  Tariff& operator=(Tariff&&) noexcept;

  // The line for an item code: the exact code, else the 8-digit line the 10-digit code falls in.
  const TariffLine* find_line(std::string_view hs_code) const;
  // Origins not listed in countries.csv get MFN treatment.
  bool has_mfn_treatment(std::string_view country) const;
  bool agreement_lists(std::string_view agreement, std::string_view country) const;
  bool has_agreement(std::string_view agreement) const;
  // The month's customs rate; CNY itself is 1.
  std::optional<Decimal> cny_per_unit(std::string_view currency, int year, int month) const;
  // The remedy of `kind` in force on `day` for the item: the exporter's own row, else the row for
  // every other exporter; the longest matching HS prefix wins.
  const TradeRemedy* trade_remedy(TradeRemedyKind kind, std::string_view hs_code,
                                  std::string_view origin, std::string_view exporter,
                                  std::int32_t day) const;
  const PostalCategory* postal_category(std::string_view category) const;
  // The category whose longest HS prefix matches the code, or nullptr.
  const PostalCategory* postal_category_for_hs(std::string_view hs_code) const;
  // True when the code starts with a prefix of the Hainan taxable list.
  bool hainan_taxable(std::string_view hs_code) const;

  const TariffCounts& counts() const;

  struct Tables;  // opaque: defined and filled in tariff.cpp

 private:
  friend class TariffBuilder;
  std::unique_ptr<Tables> tables_;
};

// The files of a tariff directory, by name (a name not present = the file is missing).
using TariffFiles = std::map<std::string, std::string>;
inline constexpr std::string_view tariff_file_names[] = {
    "tariff.csv",         "agreements.csv",     "countries.csv",     "exchange_rates.csv",
    "trade_remedies.csv", "postal_rates.csv",   "hainan_taxable.csv"};

// Reads tariff.csv, agreements.csv, countries.csv and exchange_rates.csv (required) and
// trade_remedies.csv, postal_rates.csv, hainan_taxable.csv (optional) from `directory`.
// Errors: tariff.missing_file, tariff.bad_row, tariff.bad_expression, tariff.duplicate_line,
// tariff.too_large and the CSV reader's csv.* codes; the path is "file:line" or "file:line:column".
Result<Tariff> load_tariff(const std::filesystem::path& directory);
// The same from files already in memory (tests, the fuzz target).
Result<Tariff> load_tariff_files(const TariffFiles& files);

// Days since 1970-01-01 of an ISO date "YYYY-MM-DD", or nullopt when it is not a valid date.
std::optional<std::int32_t> parse_iso_day(std::string_view text);

}  // namespace oc
