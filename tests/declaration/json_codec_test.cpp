#include "declaration/json_codec.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace oc {
namespace {

using testing::valid_body;

std::vector<std::pair<std::string, std::string>> codes_and_paths(const Errors& errors) {
  std::vector<std::pair<std::string, std::string>> result;
  for (const Error& e : errors) result.emplace_back(e.code, e.path);
  return result;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(DeclarationDecode, DecodesTheContractExample) {
  DecodedDeclaration decoded = decode_declaration(valid_body());
  ASSERT_TRUE(decoded.errors.empty()) << decoded.errors.front().code;
  const Declaration& d = decoded.declaration;
  EXPECT_EQ(d.lrn, "SZX-2026-000123");
  EXPECT_EQ(d.type, DeclarationType::import);
  EXPECT_EQ(d.importer.name, "Qianhai Trading Co.");
  EXPECT_EQ(d.exporter.country, "DE");
  EXPECT_EQ(d.incoterm, Incoterm::FOB);
  EXPECT_EQ(d.freight.to_string(), "1200.00");
  EXPECT_EQ(d.insurance.to_string(), "35.50");
  ASSERT_EQ(d.documents.size(), 2u);
  EXPECT_EQ(d.documents[1].type, DocumentType::certificate_of_origin);
  EXPECT_EQ(d.documents[1].agreement, "RCEP");
  ASSERT_EQ(d.items.size(), 1u);
  EXPECT_EQ(d.items[0].hs_code, "8703239000");
  EXPECT_EQ(d.items[0].net_mass_kg.to_string(), "2800.000");
  EXPECT_EQ(d.items[0].invoice_amount.to_string(), "64000.00");
  EXPECT_EQ(d.items[0].preference, "RCEP");
}

TEST(DeclarationDecode, CanonicalEncodingRoundTrips) {
  DecodedDeclaration decoded = decode_declaration(valid_body());
  std::string canonical = encode_declaration(decoded.declaration);
  DecodedDeclaration again = decode_declaration(canonical);
  ASSERT_TRUE(again.errors.empty());
  EXPECT_EQ(again.declaration, decoded.declaration);
  EXPECT_EQ(encode_declaration(again.declaration), canonical);
}

TEST(DeclarationDecode, WholeBodyErrors) {
  EXPECT_EQ(codes_and_paths(decode_declaration("").errors), (Pairs{{"json.syntax", ""}}));
  EXPECT_EQ(codes_and_paths(decode_declaration("{\"lrn\":").errors), (Pairs{{"json.syntax", ""}}));
  EXPECT_EQ(codes_and_paths(decode_declaration("[]").errors), (Pairs{{"json.type", ""}}));
  EXPECT_EQ(codes_and_paths(decode_declaration("{\"lrn\":\"\xff\"}").errors),
            (Pairs{{"json.utf8", ""}}));
  std::string deep = std::string(100, '[') + std::string(100, ']');
  EXPECT_EQ(codes_and_paths(decode_declaration(deep).errors), (Pairs{{"json.depth", ""}}));
  std::string huge(declaration_body_bytes_max + 1, ' ');
  EXPECT_EQ(codes_and_paths(decode_declaration(huge).errors), (Pairs{{"body.too_large", ""}}));
}

TEST(DeclarationDecode, ReportsEveryFieldProblemAtOnce) {
  std::string body = R"({"lrn":7,"type":"importt","procedure":"0110","declarant":"X",
    "importer":{"id":"A","name":"B","colour":"red"},"exporter":"nobody","office":"5301",
    "port":"CNSZX","transport_mode":"sea","trading_country":"DE","incoterm":"FOB",
    "currency":"EUR","freight":12.5,"insurance":"1.23456","documents":{},
    "items":[{"hs_code":"87032390","description":"car","origin":"DE","quantity":"1e3",
      "unit":"NAR","net_mass_kg":"1","gross_mass_kg":"2","invoice_amount":"3","extra":1}, 5],
    "lrn":"again"})";
  DecodedDeclaration decoded = decode_declaration(body);
  EXPECT_EQ(codes_and_paths(decoded.errors), (Pairs{
                                                 {"lrn.type", "/lrn"},
                                                 {"type.invalid", "/type"},
                                                 {"field.unknown", "/importer/colour"},
                                                 {"exporter.type", "/exporter"},
                                                 {"freight.type", "/freight"},
                                                 {"insurance.decimal", "/insurance"},
                                                 {"documents.type", "/documents"},
                                                 {"quantity.decimal", "/items/0/quantity"},
                                                 {"field.unknown", "/items/0/extra"},
                                                 {"items.type", "/items/1"},
                                                 {"field.duplicate", "/lrn"},
                                             }));
}

TEST(DeclarationDecode, MissingRequiredFieldsAreNamed) {
  DecodedDeclaration decoded = decode_declaration(R"({"lrn":"A","items":[{}]})");
  Pairs expected = {
      {"hs_code.required", "/items/0/hs_code"},
      {"description.required", "/items/0/description"},
      {"origin.required", "/items/0/origin"},
      {"quantity.required", "/items/0/quantity"},
      {"unit.required", "/items/0/unit"},
      {"net_mass_kg.required", "/items/0/net_mass_kg"},
      {"gross_mass_kg.required", "/items/0/gross_mass_kg"},
      {"invoice_amount.required", "/items/0/invoice_amount"},
      {"type.required", "/type"},
      {"procedure.required", "/procedure"},
      {"declarant.required", "/declarant"},
      {"importer.required", "/importer"},
      {"exporter.required", "/exporter"},
      {"office.required", "/office"},
      {"port.required", "/port"},
      {"transport_mode.required", "/transport_mode"},
      {"trading_country.required", "/trading_country"},
      {"incoterm.required", "/incoterm"},
      {"currency.required", "/currency"},
  };
  EXPECT_EQ(codes_and_paths(decoded.errors), expected);
}

TEST(DeclarationDecode, TooManyItemsIsCountedNotDecoded) {
  std::string items;
  for (std::size_t i = 0; i < items_max + 1; ++i) items += (i ? ",{}" : "{}");
  DecodedDeclaration decoded = decode_declaration("{\"items\":[" + items + "]}");
  ASSERT_FALSE(decoded.errors.empty());
  EXPECT_EQ(decoded.errors.front().code, "items.count");
  EXPECT_EQ(decoded.errors.front().path, "/items");
  EXPECT_EQ(decoded.errors.front().message, "items has 1000 entries; at most 999 are allowed");
}

TEST(DeclarationDecode, UnknownKeysAreEscapedAsJsonPointers) {
  DecodedDeclaration decoded = decode_declaration(R"({"a/b~c":1})");
  ASSERT_FALSE(decoded.errors.empty());
  EXPECT_EQ(decoded.errors.front().code, "field.unknown");
  EXPECT_EQ(decoded.errors.front().path, "/a~1b~0c");
}

TEST(DeclarationEncode, EscapesStringsAndOmitsEmptyOptionals) {
  Declaration d;
  d.lrn = "quote\"back\\slash\nnewline\x01";
  d.currency = "EUR";
  std::string json = encode_declaration(d);
  EXPECT_NE(json.find(R"("lrn":"quote\"back\\slash\nnewline\u0001")"), std::string::npos) << json;
  EXPECT_EQ(json.find("departure_country"), std::string::npos);
  EXPECT_EQ(json.find("\"country\""), std::string::npos);
}

}  // namespace
}  // namespace oc
