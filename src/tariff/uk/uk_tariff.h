// UkTariff: the UK Global Tariff 2021 as published by the Department for International Trade
// (../shared/data/tariffs/uk-global-tariff/ukgt-2021-observations.csv): one line per commodity
// code with the UKGT duty (GBP) beside the EU Common External Tariff duty it replaced (EUR).
//
// Decisions on the file (pinned by tests/tariff_uk/uk_tariff_test.cpp):
// - Commodity codes lost their leading zero (chapters 01-09 read as 7- or 9-digit numbers); a
//   code of 7 or 8 digits is left-padded to 8, one of 9 or 10 digits to 10. Other lengths,
//   non-digits and chapter 00 are errors; so is a code seen twice.
// - Both duty columns are parsed in full (uk_duty_expression.h). Amounts in the ukgt column must
//   be GBP and in the cet column EUR; anything else is an error.
// - The four flags are "True" or "False"; `change` is kept as written.
// - Descriptions may hold line breaks (quoted fields); they are kept as written.
// Loading is all-or-nothing. The lines whose duty cannot be computed from the file alone (EU
// agricultural components, the entry price system, seasons that leave days without a rate) are
// listed, not refused: they are part of the published tariff.
// Thread safety: immutable after load; share a const reference freely.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "tariff/uk/uk_duty_expression.h"

namespace oc::uk {

enum class DutyColumn { cet, ukgt };

// The CSV column name: "cet_duty_rate" or "ukgt_duty_rate".
std::string_view to_string(DutyColumn column);

struct UkTariffLine {
  std::string code;         // 8 or 10 digits, leading zero restored
  std::string description;  // as written, line breaks included
  Expression cet_duty;      // EU Common External Tariff 2020 (EUR amounts)
  Expression ukgt_duty;     // UK Global Tariff 2021 (GBP amounts)
  std::string change;       // "Simplified", "No change", "Liberalised", "Currency conversion", …
  bool trade_remedy_applies = false;
  bool cet_applies_until_trade_remedy_transition_reviews_concluded = false;
  bool suspension_applies = false;
  bool atq_applies = false;
  std::size_t source_line = 0;  // 1-based line where the record starts

  const Expression& duty(DutyColumn column) const {
    return column == DutyColumn::cet ? cet_duty : ukgt_duty;
  }
};

// One reason why one column of one line cannot be computed from the file alone; a line with two
// reasons (e.g. "EA MAX 18.70% + ADSZ") is listed twice.
struct UncomputableLine {
  std::string code;
  DutyColumn column = DutyColumn::ukgt;
  std::string reason;  // a reason code of uncomputable_reasons (uk_duty_expression.h)
  bool operator==(const UncomputableLine&) const = default;
};

struct UkTariffCounts {
  std::size_t lines = 0;
  std::size_t codes_8_digit = 0;
  std::size_t codes_10_digit = 0;
  std::size_t codes_restored = 0;  // a leading zero was added
  std::size_t seasonal_cet = 0;    // expressions with more than one period or with dates
  std::size_t seasonal_ukgt = 0;
  std::size_t uncomputable_cet = 0;  // lines whose cet duty has at least one reason
  std::size_t uncomputable_ukgt = 0;
};

class UkTariff {
 public:
  // Lines in file order.
  const std::vector<UkTariffLine>& lines() const { return lines_; }
  // The line of an 8- or 10-digit code as restored; nullptr when absent.
  const UkTariffLine* find(std::string_view code) const;
  const UkTariffCounts& counts() const { return counts_; }
  // In file order; within a line the cet column first, reasons in order of appearance.
  const std::vector<UncomputableLine>& uncomputable() const { return uncomputable_; }

 private:
  friend Result<UkTariff> load_uk_tariff(const std::filesystem::path& csv_file);

  std::vector<UkTariffLine> lines_;
  std::unordered_map<std::string, std::size_t> index_;  // code -> position in lines_
  UkTariffCounts counts_;
  std::vector<UncomputableLine> uncomputable_;
};

// Restores a commodity code that lost its leading zero: "1012100" -> "01012100",
// "301919011" -> "0301919011"; 8- and 10-digit codes are returned unchanged.
// Error uk_tariff.code (path "") for anything but 7-10 digits, or for chapter 00.
Result<std::string> restore_commodity_code(std::string_view digits);

// Limit: bad rows reported in one load error (the first is the error's code and path).
inline constexpr std::size_t load_errors_max = 20;

// Reads the whole file. Errors: file.missing / file.unreadable / file.too_large (path = the file
// as given); csv.* from the CSV reader (path "file:line", file = the file name without its
// directory); and per row, path "file:line:column" (column = the 1-based character column of the
// offending field, or, for a duty expression, of the offending character, within its line):
//   uk_tariff.code            a commodity code restore_commodity_code refuses
//   uk_tariff.duplicate_code  a code already seen (the message names the first line)
//   uk_tariff.flag            a flag other than True or False
//   uk_tariff.currency        a GBP amount in the cet column or an EUR amount in the ukgt column
//   uk_duty.*                 an expression parse_uk_duty_expression refuses
// When several rows are bad, the error is the first and its message lists the others (up to
// load_errors_max).
Result<UkTariff> load_uk_tariff(const std::filesystem::path& csv_file);

}  // namespace oc::uk
