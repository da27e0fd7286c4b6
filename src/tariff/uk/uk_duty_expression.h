// UK duty expressions: the text of the UK Global Tariff's `ukgt_duty_rate` column and of the EU
// Common External Tariff's `cet_duty_rate` column in the same file, as a syntax tree.
//
// An Expression is one or more seasonal periods; each period is a sum of duty terms, optionally
// bounded below (MIN) and above (MAX) by further sums, and optionally limited to day-month ranges:
//
//   12.00%                                            ad valorem
//   34.00 GBP/100kg, 1.75 EUR / % vol / hl            specific (an amount per a quantity of a unit)
//   10.00% + 77.00 GBP/100kg, 6.4 + 24.6 EUR/100 kg   compound (a bare number before + is a
//   percent) 9.10% + 45.10 EUR / 100 kg MAX 18.90% + 16.50 EUR / 100 kg 0.50 EUR / item MIN 2.70%
//   MAX 4.60% 9.00% +  EA MAX 18.70%  + ADSZ                    EU agricultural components 14.00%
//   (01 JUL - 31 JAN), 0.00% (01 FEB - 30 JUN) seasonal (a range may wrap the year end) Entry Price
//   the EU entry price system
//
// Decisions on the forms of the 2021 file (tests/tariff_uk/ pins each one):
// - Spaces are free between tokens; a non-breaking space (U+00A0) is a space; '€' is EUR.
// - Numbers may group thousands with commas ("1,024.00", "1,000 items"); a comma is a thousands
//   separator only when exactly three digits follow it, so "5%, 6% (…)" still separates periods.
// - A bare number is an ad valorem percent when '+', MIN or MAX follows it (the CET's
//   "6.4 + 24.6 EUR/100 kg", "7.2 MIN 0.36 EUR/100 kg"); anywhere else it is an error.
// - The UKGT's "eda" and "mas" are measurement qualifiers, not agricultural components: they are
//   the UK tariff's abbreviations of "net drained weight" (égoutté) and "net dry matter" (matière
//   sèche). The file pairs them line for line with the CET's "/ net drained wt" and "/ net dry"
//   (e.g. 20019030: "9.40 EUR / 100 kg / net drained wt" against "7.80 GBP/100kg eda").
// - "br" (brutto) is gross mass; kg without a qualifier, and "kg/net", are net mass.
// - Month names are JAN … DEC, also JUNE, JULY and SEPT; days are 1–31 in any month. A day past
//   the month's end (the CET's "01 JAN-31 APR") compares as the month's last day, since ranges
//   compare (month, day) pairs. "01-31 DEC" means 01 DEC - 31 DEC.
// - A period without dates, beside dated periods, applies on every day the others leave free
//   ("9.60% MIN 1.1 €/100 kg/net (01 JAN-14 APR, 1 DEC-31 DEC), 13.60% MIN 1.6€/100kg/net").
//   Periods may not overlap; they need not cover the year (see uncomputable_reasons).
//
// to_string gives one normal form per meaning: numbers as written without thousands separators,
// "%" after every percent, " + " between terms, "<amount> GBP|EUR / [<quantity> ]<unit>[ /
// <basis>]" for specific terms, two-digit days and three-letter months, " - " in ranges. Parsing
// the normal form gives back an equal Expression. Thread safety: value types;
// parse_uk_duty_expression is a pure function.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/decimal.h"
#include "core/result.h"

namespace oc::uk {

// Limits, each enforced with an error (never a crash or a silent cut).
inline constexpr std::size_t expression_bytes_max = 512;  // uk_duty.too_long
inline constexpr std::size_t periods_max = 12;            // uk_duty.too_many
inline constexpr std::size_t date_ranges_max = 12;        // per period; uk_duty.too_many
inline constexpr std::size_t terms_max = 8;               // per sum; uk_duty.too_many
inline constexpr int amount_fraction_digits_max = 6;      // decimal.scale

enum class Currency { gbp, eur };

// What a specific amount is charged per.
enum class Unit {
  kilogram,
  tonne,                   // 1,000 kg
  hectolitre,              // 100 litres
  percent_vol_hectolitre,  // per % vol of alcohol per hectolitre
  item,
  metre,
  square_metre,
};

// Which mass a kilogram or tonne unit weighs. Only kilogram and tonne units take a basis other
// than `net`.
enum class MassBasis {
  net,                  // "kg", "kg/net", "/ net"
  gross,                // "/ gross", "/br"
  net_drained_weight,   // "/ net drained wt", "eda"
  net_dry_matter,       // "/ net dry", "mas"
  lactic_matter,        // "/ lactic matter"
  dry_lactic_matter,    // "/ dry lactic matter"
  net_percent_sacchar,  // "/net/ % sacchar.": per kg net per 1 % of sucrose content
  standard_quality,     // "/ std qual", "std qual": sugar of the standard quality
  total_alcohol,        // "/ tot alc": kg of total alcohol
};

// "12.00%": customs value × percent / 100.
struct AdValorem {
  Decimal percent;
  bool operator==(const AdValorem&) const = default;
};

// "34.00 GBP / 100 kg": amount per per_quantity units (of basis mass, for kg and tonne).
struct SpecificDuty {
  Decimal amount;
  Currency currency = Currency::gbp;
  Decimal per_quantity = Decimal::from_int(1);  // above zero
  Unit unit = Unit::kilogram;
  MassBasis basis = MassBasis::net;
  bool operator==(const SpecificDuty&) const = default;
};

// EU agricultural components: their amounts depend on the goods' composition (milk fat, milk
// protein, starch, sucrose) through tables this file does not hold.
enum class AgriculturalComponent {
  ea,    // "EA": the agricultural component
  adsz,  // "ADSZ": additional duty on sugar
  adfm,  // "ADFM": additional duty on flour
};

// "Entry Price": the duty follows from the goods' entry price through the EU entry price system,
// whose tables this file does not hold.
struct EntryPrice {
  bool operator==(const EntryPrice&) const = default;
};

using Term = std::variant<AdValorem, SpecificDuty, AgriculturalComponent, EntryPrice>;

// Terms added together: "10.00% + 77.00 GBP/100kg". Never empty; at most terms_max terms.
struct DutySum {
  std::vector<Term> terms;
  bool operator==(const DutySum&) const = default;
};

struct DayMonth {
  int day = 1;    // 1..31
  int month = 1;  // 1..12
  bool operator==(const DayMonth&) const = default;
};

// Inclusive at both ends; wraps the year end when `from` comes after `to` ("01 NOV - 30 APR").
struct DateRange {
  DayMonth from;
  DayMonth to;
  bool operator==(const DateRange&) const = default;
};

// One seasonal period: duty, bounded below by `minimum` and above by `maximum` when present.
// `ranges` empty means every day no other period of the expression claims.
struct Period {
  DutySum duty;
  std::optional<DutySum> minimum;
  std::optional<DutySum> maximum;
  std::vector<DateRange> ranges;
  bool operator==(const Period&) const = default;
};

// Never empty; at most periods_max periods, no two overlapping, at most one without ranges.
struct Expression {
  std::vector<Period> periods;
  bool operator==(const Expression&) const = default;
};

// Where parse errors point: the error path is `path_prefix` followed by the 1-based character
// column of the offending character plus `column_offset` (so a file reader can name
// "file.csv:17:42"). By default the path is the column alone, e.g. "14".
struct ErrorPlace {
  std::string path_prefix;
  std::size_t column_offset = 0;
};

// Parses any text; total (never crashes, linear time). Errors, path as ErrorPlace says, message
// "column N: expected …, found …":
//   uk_duty.empty           nothing but spaces
//   uk_duty.too_long        over expression_bytes_max bytes (column = the first byte too many)
//   uk_duty.syntax          an unexpected character or word; the message says what was expected
//   uk_duty.date            a day outside 1..31 or an unknown month name
//   uk_duty.season_overlap  two periods (or two ranges) claim the same day, or two periods lack
//                           dates
//   uk_duty.too_many        more than periods_max, date_ranges_max or terms_max
//   decimal.overflow        a number beyond the 64-bit decimal range
//   decimal.scale           a number with more than amount_fraction_digits_max decimals
Result<Expression> parse_uk_duty_expression(std::string_view text, const ErrorPlace& place = {});

std::string to_string(const Expression& expression);
std::string to_string(const Period& period);
std::string to_string(const DutySum& sum);
std::string to_string(const Term& term);
std::string_view to_string(Currency currency);
std::string_view to_string(AgriculturalComponent component);  // "EA", "ADSZ", "ADFM"

// Why the duty of an expression cannot be computed from the tariff and the goods' measurements
// alone, as stable reason codes in order of first appearance, each once:
//   agricultural_component:EA, agricultural_component:ADSZ, agricultural_component:ADFM
//   entry_price   an Entry Price term
//   season_gap    the periods leave some calendar day (of a leap year) without a rate
// Empty when every term is computable given the measurements it names.
std::vector<std::string> uncomputable_reasons(const Expression& expression);

}  // namespace oc::uk
