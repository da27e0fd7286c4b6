#include "declaration/validation.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace oc {
namespace {

using testing::demo_reference;
using testing::valid_body;
using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs codes_and_paths(const Errors& errors) {
  Pairs result;
  for (const Error& e : errors) result.emplace_back(e.code, e.path);
  return result;
}

Declaration valid_declaration() {
  DecodedDeclaration decoded = decode_declaration(valid_body());
  EXPECT_TRUE(decoded.errors.empty());
  return decoded.declaration;
}

TEST(Validation, TheContractExampleIsValid) {
  Errors errors = validate_declaration(valid_declaration(), demo_reference());
  EXPECT_TRUE(errors.empty()) << errors.front().code << " " << errors.front().path;
}

TEST(Validation, EveryDemoDeclarationIsValid) {
  std::string all = testing::read_file(OC_SOURCE_DIR "/data/demo/declarations.jsonl");
  std::size_t start = 0;
  int count = 0;
  while (start < all.size()) {
    std::size_t end = all.find('\n', start);
    DecodedDeclaration checked =
        check_declaration(all.substr(start, end - start), demo_reference());
    EXPECT_TRUE(checked.errors.empty())
        << "line " << count + 1 << ": " << checked.errors.front().code << " at "
        << checked.errors.front().path << ": " << checked.errors.front().message;
    ++count;
    start = end + 1;
  }
  EXPECT_EQ(count, 12);
}

TEST(Validation, ReportsEverySemanticErrorAtOnce) {
  Declaration d = valid_declaration();
  d.lrn = std::string(36, 'L');
  d.procedure = "9999";
  d.declarant = "";
  d.office = "53X1";
  d.port = "CNZZZ";
  d.trading_country = "XX";
  d.currency = "XYZ";
  d.freight = *Decimal::parse("-1.00");
  d.documents.push_back(Document{DocumentType::invoice, "INV-2", "RCEP"});
  Item& item = d.items[0];
  item.hs_code = "8703999999";
  item.origin = "de";
  item.quantity = *Decimal::parse("0");
  item.unit = "BAG";
  item.net_mass_kg = *Decimal::parse("3500.000");
  item.preference = "ASEAN";
  Errors errors = validate_declaration(d, demo_reference());
  EXPECT_EQ(codes_and_paths(errors), (Pairs{
                                         {"lrn.length", "/lrn"},
                                         {"procedure.unknown", "/procedure"},
                                         {"declarant.length", "/declarant"},
                                         {"office.syntax", "/office"},
                                         {"port.unknown", "/port"},
                                         {"trading_country.unknown", "/trading_country"},
                                         {"currency.unknown", "/currency"},
                                         {"freight.negative", "/freight"},
                                         {"agreement.not_allowed", "/documents/2/agreement"},
                                         {"hs_code.unknown", "/items/0/hs_code"},
                                         {"origin.syntax", "/items/0/origin"},
                                         {"quantity.not_positive", "/items/0/quantity"},
                                         {"unit.unknown", "/items/0/unit"},
                                         {"net_mass_kg.exceeds_gross", "/items/0/net_mass_kg"},
                                         {"preference.certificate_missing", "/items/0/preference"},
                                     }));
  EXPECT_EQ(errors[9].message, "8703999999 is not in the tariff: 870399 is not an HS subheading");
  EXPECT_EQ(errors[13].message, "net mass 3500.000 kg exceeds gross mass 3000.000 kg");
}

TEST(Validation, ProcedureMustFitTheDirection) {
  Declaration d = valid_declaration();
  d.procedure = "9710";  // e-commerce B2B export
  Errors errors = validate_declaration(d, demo_reference());
  EXPECT_EQ(codes_and_paths(errors), (Pairs{{"procedure.direction", "/procedure"}}));
}

TEST(Validation, ControlCharactersAndLimitsInText) {
  Declaration d = valid_declaration();
  d.lrn = std::string("A\0B", 3);
  d.items[0].description = std::string(description_length_max + 1, 'x');
  d.importer.name = "";
  Errors errors = validate_declaration(d, demo_reference());
  EXPECT_EQ(codes_and_paths(errors), (Pairs{{"lrn.characters", "/lrn"},
                                            {"name.length", "/importer/name"},
                                            {"description.length", "/items/0/description"}}));
}

TEST(Validation, AmountsAboveTheLimitAreRefused) {
  Declaration d = valid_declaration();
  d.items[0].invoice_amount = *Decimal::parse("10000000000000.01");
  Errors errors = validate_declaration(d, demo_reference());
  EXPECT_EQ(codes_and_paths(errors),
            (Pairs{{"invoice_amount.too_large", "/items/0/invoice_amount"}}));
}

TEST(Validation, CertificateOfOriginNeedsAKnownAgreement) {
  Declaration d = valid_declaration();
  d.documents[1].agreement = "";
  d.documents.push_back(Document{DocumentType::certificate_of_origin, "X-1", "NAFTA"});
  Errors errors = validate_declaration(d, demo_reference());
  EXPECT_EQ(codes_and_paths(errors),
            (Pairs{{"agreement.required", "/documents/1/agreement"},
                   {"agreement.unknown", "/documents/2/agreement"},
                   {"preference.certificate_missing", "/items/0/preference"}}));
}

TEST(Validation, NoItemsIsAnError) {
  Declaration d = valid_declaration();
  d.items.clear();
  EXPECT_EQ(codes_and_paths(validate_declaration(d, demo_reference())),
            (Pairs{{"items.count", "/items"}}));
}

TEST(Validation, DecodeErrorsAreNotReportedTwice) {
  std::string body = valid_body();
  body.replace(body.find("\"8703239000\""), 12, "8703239000");  // a number, not a string
  body.replace(body.find("\"EUR\""), 5, "\"XYZ\"");
  DecodedDeclaration checked = check_declaration(body, demo_reference());
  EXPECT_EQ(codes_and_paths(checked.errors),
            (Pairs{{"hs_code.type", "/items/0/hs_code"}, {"currency.unknown", "/currency"}}));
}

TEST(Validation, WholeBodyErrorsStopBeforeValidation) {
  DecodedDeclaration checked = check_declaration("nonsense", demo_reference());
  EXPECT_EQ(codes_and_paths(checked.errors), (Pairs{{"json.syntax", ""}}));
}

}  // namespace
}  // namespace oc
