// Fuzz target: any bytes as a rule file -> parse -> check -> compile -> match a fixed set of
// declarations on a few days. Nothing may crash, hang or trip a sanitizer; beyond that:
// every error has a "rules." code and a "rules:LINE:COLUMN" path, and the indexed matcher fires
// exactly what evaluating every rule fires, only rules valid on the day.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "risk/reference_prices.h"
#include "risk/rule_check.h"
#include "risk/rule_matcher.h"
#include "risk/rule_parser.h"

namespace {

oc::Item item(const char* hs, const char* origin, std::int64_t quantity, std::int64_t net,
              std::int64_t gross, std::int64_t amount_cents) {
  oc::Item item;
  item.hs_code = hs;
  item.origin = origin;
  item.quantity = oc::Decimal::from_int(quantity);
  item.unit = "PCE";
  item.net_mass_kg = oc::Decimal::from_int(net);
  item.gross_mass_kg = oc::Decimal::from_int(gross);
  item.invoice_amount = oc::Decimal::from_units(amount_cents, 2);
  return item;
}

const std::vector<oc::Declaration>& declarations() {
  static const std::vector<oc::Declaration> all = [] {
    oc::Declaration d;
    d.procedure = "4000";
    d.declarant = "1100000001";
    d.importer = oc::Party{"1100000001", "Importer", "CN"};
    d.exporter = oc::Party{"EX-001", "Exporter", "DE"};
    d.office = "2200";
    d.port = "CNSHA";
    d.trading_country = "XX";
    d.departure_country = "XX";
    d.currency = "USD";
    std::vector<oc::Declaration> result;
    result.push_back(d);  // no items
    d.items = {item("8703231990", "XX", 1, 1500, 1600, 500000),
               item("8704211000", "YY", 0, 0, 0, 100),  // nothing derived can be computed
               item("8471300000", "DE", 10, 100, 110, 500000), item("61", "", 3, 2, 1, 1)};
    result.push_back(d);
    d.declarant = "P1";
    d.transport_mode = oc::TransportMode::post;
    d.items.resize(1);
    result.push_back(d);
    return result;
  }();
  return all;
}

const oc::ReferencePrices& prices() {
  static const oc::ReferencePrices table = oc::ReferencePrices::from_bands(
      {{"870323",
        "XX",
        {oc::Decimal::from_int(8000), oc::Decimal::from_int(10000), oc::Decimal::from_int(12000),
         5}},
       {"847130",
        "DE",
        {oc::Decimal::from_int(400), oc::Decimal::from_int(500), oc::Decimal::from_int(600), 5}}});
  return table;
}

void check_errors(const oc::Errors& errors) {
  for (const oc::Error& error : errors) {
    if (!error.code.starts_with("rules.") || !error.path.starts_with("rules:")) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view source(reinterpret_cast<const char*>(data), size);
  oc::ParsedRuleFile parsed = oc::parse_rule_file(source);
  check_errors(parsed.errors);
  if (!parsed.errors.empty()) return 0;
  oc::Errors errors = oc::check_rule_file(parsed.file);
  check_errors(errors);
  if (errors.size() > oc::rule_errors_max + 1) std::abort();
  if (!errors.empty()) return 0;
  oc::CompiledRules rules = oc::CompiledRules::compile(parsed.file, "fuzz");
  if (rules.rules().size() != parsed.file.rules.size()) std::abort();
  for (const char* day : {"2025-12-31", "2026-03-01", "2030-01-01"}) {
    oc::RuleDate date = oc::parse_rule_date(day).value();
    for (const oc::Declaration& declaration : declarations()) {
      for (oc::CreditGrade grade : {oc::CreditGrade::regular, oc::CreditGrade::untrustworthy}) {
        oc::RuleInput input{declaration, date, grade, prices()};
        std::vector<oc::FiredRule> fired = rules.match(input);
        if (fired != rules.match_naive(input)) std::abort();
        for (const oc::FiredRule& one : fired) {
          if (!one.rule->valid_on(date)) std::abort();
          if (one.item_index && *one.item_index >= declaration.items.size()) std::abort();
        }
      }
    }
  }
  return 0;
}
