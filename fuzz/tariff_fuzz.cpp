// Fuzz target for the tariff: the first line of the input is parsed as a duty expression (a parse
// must round-trip through to_string, and evaluating it must not crash); the whole input is then
// read as tariff.csv (behind the header) with small fixed companion files, and when it loads,
// every line (up to 8) is assessed on a declaration of one item under a claimed preference.
// Nothing may crash, hang or trip a sanitizer; errors are the expected outcome for most inputs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tariff/assessment.h"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

void fuzz_expression(std::string_view text) {
  auto parsed = oc::parse_duty_expression(text);
  if (!parsed) return;
  auto again = oc::parse_duty_expression(parsed->to_string());
  require(again.ok() && *again == *parsed);
  auto value = oc::ExactAmount::of(oc::Decimal::from_units(123456789, 2)).value();
  auto amount = oc::duty_amount(*parsed, value, oc::Decimal::from_units(1500, 3));
  if (amount) require(!amount->is_negative());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  fuzz_expression(input.substr(0, input.find('\n')));

  oc::TariffFiles files;
  files["tariff.csv"] =
      "hs_code,description,unit,general,mfn,provisional,special,conventional,consumption_tax,vat\n" +
      std::string(input);
  files["agreements.csv"] = "agreement,country\nRCEP,JP\nLDC,BD\n";
  files["countries.csv"] = "country,mfn\nKP,no\n";
  files["exchange_rates.csv"] = "month,currency,cny_per_unit\n2026-11,USD,7.1234\n";
  files["trade_remedies.csv"] =
      "measure,kind,hs_code,origin,exporter,rate,valid_from,valid_to\nM-1,anti_dumping,2208,JP,,"
      "12.5%,2026-01-01,\n";
  auto tariff = oc::load_tariff_files(files);
  if (!tariff) return 0;

  // The codes of the first lines, read back from the input.
  oc::AssessmentContext context;
  context.day = *oc::parse_iso_day("2026-11-23");
  std::size_t start = 0;
  for (int line = 0; line < 8 && start < input.size(); ++line) {
    std::size_t end = input.find('\n', start);
    std::string_view row = input.substr(start, end == std::string_view::npos ? input.size() - start
                                                                              : end - start);
    start = end == std::string_view::npos ? input.size() : end + 1;
    std::string code(row.substr(0, row.find(',')));
    if (tariff->find_line(code) == nullptr) continue;
    for (const char* origin : {"JP", "KP", "BD"}) {
      oc::Declaration d;
      d.currency = "USD";
      d.incoterm = oc::Incoterm::FOB;
      d.freight = oc::Decimal::from_units(10000, 2);
      d.insurance = oc::Decimal::from_units(333, 2);
      d.exporter.id = "EX-1";
      oc::Item item;
      item.hs_code = code;
      item.origin = origin;
      item.unit = tariff->find_line(code)->unit;
      item.quantity = oc::Decimal::from_units(2500, 3);
      item.net_mass_kg = oc::Decimal::from_units(1200, 1);
      item.invoice_amount = oc::Decimal::from_units(987654, 2);
      item.preference = std::string_view(origin) == "BD" ? "LDC" : "RCEP";
      d.items.push_back(item);
      d.documents.push_back({oc::DocumentType::certificate_of_origin, "CO-1", item.preference});
      auto outcome = oc::assess_declaration(d, *tariff, context);
      if (!outcome.ok()) continue;
      const auto& a = outcome.assessment;
      require(a.payable.total.sign() >= 0 && a.computed.total >= a.payable.total);
      std::string json = oc::assessment_json(a);
      require(!json.empty() && json.front() == '{' && json.back() == '}');
    }
  }
  return 0;
}
