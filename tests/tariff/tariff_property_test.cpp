// Properties of the assessment over random declarations and random tariff rates (RapidCheck):
// taxes are never negative, monotone in customs value, item figures add up to the totals (plus
// waivers), and the composite consumption-tax identity holds.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <filesystem>
#include <fstream>

#include "tariff/assessment.h"
#include "tariff/exact_amount.h"

namespace oc {
namespace {

namespace fs = std::filesystem;

struct Rates {
  int duty_tenths_percent;   // 0..500 -> 0..50.0 %
  int specific_cents;        // 0..1000 -> 0..10.00 CNY/KGM
  int ct_tenths_percent;     // 0..450 -> 0..45.0 %
  bool vat_9;
};

Tariff tariff_with(const Rates& rates) {
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() /
                 ("oc-tariff-prop-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  fs::create_directories(dir);
  auto percent = [](int tenths) {
    return Decimal::from_units(tenths, 1).to_string() + "%";
  };
  std::string duty = percent(rates.duty_tenths_percent);
  if (rates.specific_cents > 0) {
    duty += " + " + Decimal::from_units(rates.specific_cents, 2).to_string() + " CNY/KGM";
  }
  std::string ct = rates.ct_tenths_percent > 0 ? percent(rates.ct_tenths_percent) : "";
  std::ofstream(dir / "tariff.csv")
      << "hs_code,description,unit,general,mfn,provisional,special,conventional,consumption_tax,vat\n"
      << "8471300000,Goods,KGM,100%," << duty << ",,,," << ct << "," << (rates.vat_9 ? "9%" : "13%")
      << "\n";
  std::ofstream(dir / "agreements.csv") << "agreement,country\n";
  std::ofstream(dir / "countries.csv") << "country,mfn\n";
  std::ofstream(dir / "exchange_rates.csv") << "month,currency,cny_per_unit\n2026-11,USD,7.1234\n";
  auto tariff = load_tariff(dir);
  fs::remove_all(dir);
  RC_ASSERT(tariff.ok());
  return std::move(*tariff);
}

Declaration declaration_with(const std::vector<std::int64_t>& amount_cents, std::int64_t freight_cents,
                             bool usd) {
  Declaration d;
  d.currency = usd ? "USD" : "CNY";
  d.incoterm = Incoterm::FOB;
  d.freight = Decimal::from_units(freight_cents, 2);
  d.insurance = Decimal::from_units(freight_cents / 7, 2);
  for (auto cents : amount_cents) {
    Item item;
    item.hs_code = "8471300000";
    item.origin = "US";
    item.unit = "KGM";
    item.quantity = Decimal::from_units(cents % 100000 + 1, 3);
    item.net_mass_kg = item.quantity;
    item.invoice_amount = Decimal::from_units(cents, 2);
    d.items.push_back(item);
  }
  return d;
}

Rates random_rates() {
  return Rates{*rc::gen::inRange(0, 501), *rc::gen::inRange(0, 1001), *rc::gen::inRange(0, 451),
               *rc::gen::arbitrary<bool>()};
}

AssessmentContext november() {
  AssessmentContext context;
  context.day = *parse_iso_day("2026-11-23");
  return context;
}

Decimal sum(const Decimal& a, const Decimal& b) { return a.add(b).value(); }

RC_GTEST_PROP(TariffProperties, TaxesNeverNegativeAndItemsAddUpToTotals, ()) {
  Tariff tariff = tariff_with(random_rates());
  auto amounts = *rc::gen::container<std::vector<std::int64_t>>(
      *rc::gen::inRange<std::size_t>(1, 8), rc::gen::inRange<std::int64_t>(0, 100'000'000'00));
  auto declaration = declaration_with(amounts, *rc::gen::inRange<std::int64_t>(0, 1'000'000'00),
                                      *rc::gen::arbitrary<bool>());
  auto outcome = assess_declaration(declaration, tariff, november());
  RC_ASSERT(outcome.ok());
  const Assessment& a = outcome.assessment;
  TaxTotals items{};
  Decimal customs_value;
  for (const auto& item : a.items) {
    RC_ASSERT(item.customs_value.sign() >= 0);
    RC_ASSERT(item.duty.sign() >= 0);
    RC_ASSERT(item.consumption_tax.sign() >= 0);
    RC_ASSERT(item.vat.sign() >= 0);
    items.duty = sum(items.duty, item.duty);
    items.consumption_tax = sum(items.consumption_tax, item.consumption_tax);
    items.vat = sum(items.vat, item.vat);
    customs_value = sum(customs_value, item.customs_value);
  }
  RC_ASSERT(customs_value == a.customs_value);
  RC_ASSERT(items.duty == a.computed.duty);
  RC_ASSERT(items.consumption_tax == a.computed.consumption_tax);
  RC_ASSERT(items.vat == a.computed.vat);
  Decimal waived;
  for (const auto& waiver : a.waived) waived = sum(waived, waiver.amount);
  RC_ASSERT(sum(a.payable.total, waived) == a.computed.total);
  RC_ASSERT(a.payable.total.sign() >= 0);
}

RC_GTEST_PROP(TariffProperties, TaxesAreMonotoneInCustomsValue, ()) {
  Tariff tariff = tariff_with(random_rates());
  auto cents = *rc::gen::inRange<std::int64_t>(0, 100'000'000'00);
  auto more = cents + *rc::gen::inRange<std::int64_t>(0, 10'000'000'00);
  auto low = assess_declaration(declaration_with({cents}, 0, false), tariff, november());
  auto high_declaration = declaration_with({more}, 0, false);
  high_declaration.items[0].quantity = declaration_with({cents}, 0, false).items[0].quantity;
  high_declaration.items[0].net_mass_kg = high_declaration.items[0].quantity;
  auto high = assess_declaration(high_declaration, tariff, november());
  RC_ASSERT(low.ok());
  RC_ASSERT(high.ok());
  const auto& l = low.assessment.items[0];
  const auto& h = high.assessment.items[0];
  RC_ASSERT(l.duty <= h.duty);
  RC_ASSERT(l.consumption_tax <= h.consumption_tax);
  RC_ASSERT(l.vat <= h.vat);
  RC_ASSERT(low.assessment.computed.total <= high.assessment.computed.total);
}

// Rule 4 restated: CT ÷ rate = (customs value + duty + CT) exactly, before rounding; after
// rounding CT to cents, |CT − rate × (value + duty + CT)| ≤ 0.005 × (1 + rate) holds.
RC_GTEST_PROP(TariffProperties, CompositeConsumptionTaxIdentity, ()) {
  Rates rates = random_rates();
  rates.specific_cents = 0;
  rates.ct_tenths_percent = *rc::gen::inRange(1, 451);
  Tariff tariff = tariff_with(rates);
  auto cents = *rc::gen::inRange<std::int64_t>(0, 100'000'000'00);
  auto outcome = assess_declaration(declaration_with({cents}, 0, false), tariff, november());
  RC_ASSERT(outcome.ok());
  const auto& item = outcome.assessment.items[0];
  Decimal rate = Decimal::from_units(rates.ct_tenths_percent, 3);  // as a fraction
  Decimal base = sum(sum(item.customs_value, item.duty), item.consumption_tax);
  Decimal expected = base.multiply(rate, 6, Rounding::half_up).value();
  Decimal difference = item.consumption_tax.subtract(expected).value();
  if (difference.sign() < 0) difference = difference.negate().value();
  Decimal tolerance =
      Decimal::from_units(5, 3).multiply(sum(Decimal::from_int(1), rate), 6, Rounding::half_up).value();
  RC_ASSERT(difference <= tolerance);
}

}  // namespace
}  // namespace oc
