// ReferenceData: the code lists every declaration is checked against — HS 2022 nomenclature,
// ISO 3166 countries, ISO 4217 currencies, UN/LOCODE and monthly exchange rates.
//
// Loaded once from a directory laid out like ../shared/data/reference (or the project's own demo
// set in data/reference, which has the same layout and column names but only the rows the demo
// needs). Columns are found by header name, so a file may carry extra columns.
// Loading is all-or-nothing: any bad row fails the load, and every bad row (up to
// load_errors_max) is reported with file and line. Nothing is silently skipped.
// Thread safety: immutable after load; share a const reference freely.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/decimal.h"
#include "core/result.h"

namespace oc {

struct ReferenceCounts {
  std::size_t hs_subheadings = 0;
  std::size_t countries = 0;
  std::size_t currencies = 0;
  std::size_t locodes = 0;
  std::size_t exchange_rates = 0;
};

class ReferenceData {
 public:
  static constexpr std::size_t load_errors_max = 100;

  // True for a 6-digit HS 2022 subheading ("870323").
  bool has_hs_subheading(std::string_view six_digits) const;
  // Description of an HS chapter (2), heading (4) or subheading (6 digits); nullptr if unknown.
  const std::string* hs_description(std::string_view code) const;
  bool has_country(std::string_view alpha2) const;
  // Current ISO 4217 codes (not withdrawn).
  bool has_currency(std::string_view alpha3) const;
  // Five characters: country + location, e.g. "CNSZX".
  bool has_locode(std::string_view locode) const;
  // CNY per one unit of `currency` for a month, cross-computed through USD from the monthly
  // series; nullopt when the series lacks the month or the currency. CNY itself is 1.
  std::optional<Decimal> cny_per_unit(std::string_view currency, int year, int month) const;

  ReferenceCounts counts() const;

  // The implementation's tables; filled by load_reference.
  struct Tables;
  ~ReferenceData();
  ReferenceData();
  ReferenceData(ReferenceData&&) noexcept;
  ReferenceData& operator=(ReferenceData&&) noexcept;

 private:
  friend Result<ReferenceData> load_reference(const std::filesystem::path& directory);
  std::unique_ptr<Tables> tables_;
};

// Errors: reference.missing_file (path = the file), reference.unreadable_file (path = the file:
// not a regular file, unreadable or over file_bytes_max), reference.bad_row (path = "file:line",
// message names the column and the problem; further bad rows are listed in the message up to
// load_errors_max). File paths are relative to `directory`, e.g. "un-locode/unlocode-geoapify-
// all.csv:17"; the message of a file error carries the full path.
Result<ReferenceData> load_reference(const std::filesystem::path& directory);

}  // namespace oc
