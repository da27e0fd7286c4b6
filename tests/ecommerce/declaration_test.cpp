// The declaration of a matched order: the exact body built, that the real declaration decoder and
// checker accept it, and that the tariff assesses it under the e-commerce rules (tariff 0, VAT
// and consumption tax at 70%); the lrn and importer id rules; the return window.
#include "ecommerce/declaration.h"

#include <gtest/gtest.h>

#include "core/reference_data.h"
#include "declaration/validation.h"
#include "ecommerce/matching.h"
#include "ecommerce/return_window.h"
#include "ecommerce_test_support.h"
#include "tariff/assessment.h"
#include "tariff/tariff.h"

namespace oc {
namespace {

using namespace ecommerce_testing;

const ReferenceData& reference() {
  static const ReferenceData data = [] {
    auto loaded = load_reference(OC_SOURCE_DIR "/data/reference");
    EXPECT_TRUE(loaded.ok());
    return loaded ? std::move(*loaded) : ReferenceData{};
  }();
  return data;
}

const Tariff& tariff() {
  static const Tariff value = [] {
    auto loaded = load_tariff(OC_SOURCE_DIR "/data/tariff");
    EXPECT_TRUE(loaded.ok());
    return loaded ? std::move(*loaded) : Tariff{};
  }();
  return value;
}

AssessmentContext on_2026_11_23(std::int64_t year_to_date_cents = 0) {
  AssessmentContext context;
  const auto at = parse_timestamp("2026-11-23T02:00:00Z")->time_since_epoch();
  context.day = customs_day(std::chrono::duration_cast<std::chrono::seconds>(at).count());
  context.buyer_year_to_date_cny = Decimal::from_units(year_to_date_cents, 2);
  return context;
}

std::string built(const EcommerceOrder& o, const EcommercePayment& p, const EcommerceWaybill& w,
                  const EcommerceChannel& channel = {}) {
  auto body = build_ecommerce_declaration(o, p, w, channel);
  EXPECT_TRUE(body.ok()) << (body.ok() ? "" : body.error().code + " " + body.error().path);
  return body.ok() ? *body : std::string();
}

TEST(EcommerceDeclaration, TheBodyOfTheTypicalOrder) {
  EXPECT_EQ(built(order(), payment(), waybill()),
            R"({"lrn":"EC-ORD-1","type":"import","procedure":"1210","declarant":"P1",)"
            R"("importer":{"id":"EB-)" +
                hash(buyer_id).substr(0, 32) +
                R"(","name":"Li Lei"},"exporter":{"id":"P1","name":"P1"},"office":"5349",)"
                R"("port":"CNSZX","transport_mode":"road","trading_country":"JP",)"
                R"("departure_country":"JP","incoterm":"FOB","currency":"CNY","freight":"20.00",)"
                R"("insurance":"0.00","items":[{"hs_code":"3304990000",)"
                R"("description":"Face cream 50 ml","origin":"JP","quantity":"2","unit":"PCE",)"
                R"("net_mass_kg":"1.000","gross_mass_kg":"1.000","invoice_amount":"300.00"},)"
                R"({"hs_code":"3304100000","description":"Lipstick","origin":"JP",)"
                R"("quantity":"1","unit":"PCE","net_mass_kg":"0.500","gross_mass_kg":"0.500",)"
                R"("invoice_amount":"99.90"}]})");
}

TEST(EcommerceDeclaration, PassesTheDeclarationCheckAndIsAssessedUnderTheEcommerceRules) {
  const std::string body = built(order(), payment(), waybill());
  DecodedDeclaration checked = check_declaration(body, reference());
  ASSERT_TRUE(checked.errors.empty())
      << checked.errors.front().code << " " << checked.errors.front().path << " "
      << checked.errors.front().message;
  const Declaration& d = checked.declaration;
  EXPECT_EQ(d.procedure, "1210");
  EXPECT_EQ(d.importer.id.size(), 35u);

  AssessmentOutcome outcome = assess_declaration(d, tariff(), on_2026_11_23());
  ASSERT_TRUE(outcome.ok()) << outcome.errors.front().code << " " << outcome.errors.front().path;
  const Assessment& a = outcome.assessment;
  EXPECT_EQ(a.regime, Regime::ecommerce);
  ASSERT_TRUE(a.ecommerce.has_value());
  EXPECT_EQ(a.ecommerce->treatment, EcommerceTreatment::reduced);
  EXPECT_EQ(a.ecommerce->year_to_date_after.to_string(), "419.90");
  EXPECT_EQ(a.customs_value.to_string(), "419.90");  // goods + freight: the dutiable value
  ASSERT_EQ(a.items.size(), 2u);
  // Face cream: customs value 300.00 + 15.00 freight share; consumption tax 15% on the composite
  // base 315.00 / 0.85 = 55.59, VAT 13% of 370.59 = 48.18; payable 70% of each.
  EXPECT_EQ(a.items[0].basis, DutyBasis::ecommerce_zero);
  EXPECT_EQ(a.items[0].customs_value.to_string(), "315.00");
  EXPECT_TRUE(a.items[0].duty.is_zero());
  EXPECT_EQ(a.items[0].consumption_tax_normal.to_string(), "55.59");
  EXPECT_EQ(a.items[0].vat_normal.to_string(), "48.18");
  EXPECT_EQ(a.items[0].consumption_tax.to_string(), "38.91");
  EXPECT_EQ(a.items[0].vat.to_string(), "33.73");
  // Lipstick: 99.90 + 5.00 = 104.90; 18.51 and 16.04 normally; 12.96 and 11.23 payable.
  EXPECT_EQ(a.items[1].customs_value.to_string(), "104.90");
  EXPECT_EQ(a.items[1].consumption_tax.to_string(), "12.96");
  EXPECT_EQ(a.items[1].vat.to_string(), "11.23");
  EXPECT_TRUE(a.payable.duty.is_zero());
  EXPECT_EQ(a.payable.consumption_tax.to_string(), "51.87");
  EXPECT_EQ(a.payable.vat.to_string(), "44.96");
  EXPECT_EQ(a.payable.total.to_string(), "96.83");
}

TEST(EcommerceDeclaration, TheAnnualQuotaComesFromTheCaller) {
  auto d = check_declaration(built(order(), payment(), waybill()), reference()).declaration;
  // 25,580.10 + 419.90 reaches 26,000.00 exactly, which is allowed; a cent more is not.
  EXPECT_TRUE(assess_declaration(d, tariff(), on_2026_11_23(2'558'010)).ok());
  AssessmentOutcome over = assess_declaration(d, tariff(), on_2026_11_23(2'558'011));
  ASSERT_EQ(over.errors.size(), 1u);
  EXPECT_EQ(over.errors[0].code, "ecommerce.annual_limit_exceeded");
}

TEST(EcommerceDeclaration, OnlyAMatchedSetIsDeclared) {
  auto p = payment(replaced(payment_body(), R"("amount":"419.90")", R"("amount":"1.00")"));
  auto body = build_ecommerce_declaration(order(), p, waybill());
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.error().code, "ecommerce.not_matched");
  EXPECT_EQ(body.error().path, "");
}

TEST(EcommerceDeclaration, OriginFromTheLineThenTheWaybillThenTheChannel) {
  std::string no_origin = replaced(replaced(order_body(), R"(,"origin":"JP"})", "}"),
                                   R"(,"origin":"JP"})", R"(,"origin":"US"})");
  std::string bare_waybill = replaced(waybill_body(), R"(,"departure_country":"JP")", "");
  auto o = order(no_origin);
  auto w = waybill(bare_waybill);
  auto missing = build_ecommerce_declaration(o, payment(), w);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ecommerce.origin_missing");
  EXPECT_EQ(missing.error().path, "/order/items/0/origin");

  EcommerceChannel channel;
  channel.default_origin = "KR";
  auto d = check_declaration(built(o, payment(), w, channel), reference());
  ASSERT_TRUE(d.errors.empty()) << d.errors.front().code;
  EXPECT_EQ(d.declaration.items[0].origin, "KR");
  EXPECT_EQ(d.declaration.items[1].origin, "US");
  EXPECT_EQ(d.declaration.trading_country, "KR");
  EXPECT_EQ(d.declaration.departure_country, "");

  auto from_waybill = check_declaration(built(o, payment(), waybill(), channel), reference());
  EXPECT_EQ(from_waybill.declaration.items[0].origin, "JP");
  EXPECT_EQ(from_waybill.declaration.trading_country, "JP");
}

TEST(EcommerceDeclaration, NetMassFromTheLineOrKilogramsOrTheChannelDefault) {
  std::string body = replaced(
      replaced(order_body(), R"("origin":"JP"},)", R"("origin":"JP","net_mass_kg":"0.12"},)"),
      R"("quantity":"1","unit":"PCE","price":"99.90")",
      R"("quantity":"0.25","unit":"KGM","price":"399.60")");
  auto o = order(body);
  EcommerceChannel channel;
  channel.office = "2233";
  channel.port = "CNPVG";
  channel.transport_mode = TransportMode::air;
  auto w = waybill(replaced(waybill_body(), R"({"sku":"SKU-2","quantity":"1"})",
                            R"({"sku":"SKU-2","quantity":"0.250"})"));
  auto d = check_declaration(built(o, payment(), w, channel), reference());
  ASSERT_TRUE(d.errors.empty()) << d.errors.front().code << " " << d.errors.front().path;
  EXPECT_EQ(d.declaration.items[0].net_mass_kg.to_string(), "0.12");
  EXPECT_EQ(d.declaration.items[1].net_mass_kg.to_string(), "0.25");
  EXPECT_EQ(d.declaration.items[1].gross_mass_kg.to_string(), "0.25");
  EXPECT_EQ(d.declaration.items[1].invoice_amount.to_string(), "99.90");
  EXPECT_EQ(d.declaration.office, "2233");
  EXPECT_EQ(d.declaration.transport_mode, TransportMode::air);
}

TEST(EcommerceDeclaration, LrnFitsDeclarationLimits) {
  EXPECT_EQ(ecommerce_lrn("ORD-1"), "EC-ORD-1");
  const std::string longest_plain(32, 'a');
  EXPECT_EQ(ecommerce_lrn(longest_plain), "EC-" + longest_plain);
  const std::string hashed = ecommerce_lrn(std::string(33, 'a'));
  EXPECT_EQ(hashed.size(), lrn_length_max);
  EXPECT_TRUE(hashed.starts_with("ECH-"));
  EXPECT_NE(hashed, ecommerce_lrn(std::string(34, 'a')));
  EXPECT_EQ(ecommerce_lrn(std::string(64, 'z')).size(), lrn_length_max);

  std::string long_id(64, 'O');
  auto o = order(replaced(order_body(), R"("id":"ORD-1")", "\"id\":\"" + long_id + "\""));
  auto p = payment(
      replaced(payment_body(), R"("order_id":"ORD-1")", "\"order_id\":\"" + long_id + "\""));
  auto w = waybill(
      replaced(waybill_body(), R"("order_id":"ORD-1")", "\"order_id\":\"" + long_id + "\""));
  auto d = check_declaration(built(o, p, w), reference());
  EXPECT_TRUE(d.errors.empty()) << d.errors.front().code;
  EXPECT_EQ(d.declaration.lrn, ecommerce_lrn(long_id));
}

TEST(EcommerceDeclaration, ImporterIdIsAPseudonymWithinPartyIdLimits) {
  EXPECT_EQ(ecommerce_importer_id(std::string(64, 'f')), "EB-" + std::string(32, 'f'));
  EXPECT_EQ(ecommerce_importer_id("abc"), "EB-abc");
  const std::string body = built(order(), payment(), waybill());
  EXPECT_EQ(body.find(buyer_id), std::string::npos);
  EXPECT_EQ(body.find("440*"), std::string::npos);
}

TEST(EcommerceReturnWindow, ThirtyDaysFromReleaseBoundaryIncluded) {
  const TimePoint cleared = *parse_timestamp("2026-11-23T10:00:00Z");
  EXPECT_EQ(ecommerce_return_days, 30);
  EXPECT_TRUE(within_return_window(cleared, cleared));
  EXPECT_TRUE(within_return_window(cleared, *parse_timestamp("2026-12-23T10:00:00Z")));
  EXPECT_FALSE(within_return_window(cleared, *parse_timestamp("2026-12-23T10:00:00.000001Z")));
  EXPECT_FALSE(within_return_window(cleared, *parse_timestamp("2026-11-23T09:59:59Z")));
}

}  // namespace
}  // namespace oc
