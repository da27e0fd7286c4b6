// The KCS column layout ("Customs Import Declaration Datasets", Korea Customs Service / IBS,
// arXiv:2208.02484): one import declaration per row with its inspection finding. The learned risk
// model trains and evaluates on files of this layout (docs/risk.md).
//
// Every field is validated; the first bad field fails the read with path "file:line:column"
// (1-based line of the record, 1-based column of the field) and a message naming the column.
// Columns are found by header name, in any order; a column the layout does not define is an
// error, so a misspelt header cannot be silently ignored.
// Errors: the csv.* and file.* codes (core/csv.h) and
//   kcs.columns       a layout column is missing, or the header has one the layout lacks
//   kcs.bad_field     a field that is not what its column holds (path file:line:column)
//   kcs.label_mismatch  Critical Fraud > 0 without Fraud = 1, or the reverse
//   kcs.duplicate_id  a Declaration ID seen earlier in the same file
//   kcs.too_many_rows more than kcs_rows_max records
//   kcs.empty         a header and no record
// Thread safety: plain functions over caller-owned data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace oc::risk_model {

inline constexpr std::size_t kcs_rows_max = 5'000'000;
inline constexpr std::size_t kcs_id_bytes_max = 32;    // declaration, declarant, importer, ...
inline constexpr std::size_t kcs_code_bytes_max = 16;  // office, process type, tax type, ...
inline constexpr double kcs_item_price_krw_max = 1e15;
inline constexpr double kcs_net_mass_kg_max = 1e12;
inline constexpr double kcs_tax_rate_percent_max = 1000;
inline constexpr int kcs_year_min = 1990;
inline constexpr int kcs_year_max = 2099;

struct KcsDate {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31, valid for the month

  // Months since year 0: consecutive months differ by one (the time unit of the feature protocol).
  int month_index() const { return year * 12 + (month - 1); }
  // Days since 1970-01-01 (weeks of the replay simulation).
  std::int64_t day_number() const;
  std::string to_string() const;  // YYYY-MM-DD
  auto operator<=>(const KcsDate&) const = default;
};

// "YYYY-MM" of a month_index().
std::string month_name(int month_index);

struct KcsDeclaration {
  std::string declaration_id;
  KcsDate date;
  std::string office;
  std::string process_type;
  std::string import_type;
  std::string import_use;
  std::string payment_type;
  std::string transport_mode;
  std::string declarant;
  std::string importer;
  std::string seller;             // empty: none declared
  std::string courier;            // empty: none declared
  std::string hs6;                // six digits
  std::string departure_country;  // two capital letters
  std::string origin_country;     // two capital letters
  double tax_rate_percent = 0;
  std::string tax_type;
  std::string origin_indicator;
  double net_mass_kg = 0;
  double item_price_krw = 0;
  bool fraud = false;
  int critical_fraud = 0;  // 0 none, 1 fraud, 2 critical fraud (may threaten public safety)
};

// The header names of the layout, in the order of the published files.
const std::vector<std::string_view>& kcs_columns();

// Reads a whole file's content. `file_name` is used only in error paths.
Result<std::vector<KcsDeclaration>> read_kcs_csv(std::string_view content,
                                                 const std::string& file_name);
// Reads the file at `path` (file.* errors), then as above with the path's file name.
Result<std::vector<KcsDeclaration>> read_kcs_file(const std::filesystem::path& path);

}  // namespace oc::risk_model
