// The order, payment and waybill decoders: every error code with its path, identity numbers
// (check digits, normalisation, masking), phones, names, timestamps and the canonical JSON.
#include "ecommerce/documents.h"

#include <gtest/gtest.h>

#include "ecommerce_test_support.h"

namespace oc {
namespace {

using namespace ecommerce_testing;

TEST(EcommerceOrderDecoder, DecodesTheTypicalOrder) {
  auto decoded = decode_ecommerce_order(order_body(), hasher());
  ASSERT_TRUE(decoded.errors.empty());
  const EcommerceOrder& o = decoded.order;
  EXPECT_EQ(o.id, "ORD-1");
  EXPECT_EQ(o.platform, "P1");
  EXPECT_EQ(o.procedure, "1210");
  EXPECT_EQ(o.buyer.identity.kind, EcommerceIdentityKind::resident_id);
  EXPECT_EQ(o.buyer.identity.key, hash(buyer_id));
  EXPECT_EQ(o.buyer.identity.masked, "440*************35");
  EXPECT_EQ(o.buyer.name, "Li Lei");
  EXPECT_EQ(o.buyer.phone, "13800138000");
  ASSERT_EQ(o.items.size(), 2u);
  EXPECT_EQ(o.items[0].sku, "SKU-1");
  EXPECT_EQ(o.items[0].hs_code, "3304990000");
  EXPECT_EQ(o.items[0].quantity, Decimal::from_int(2));
  EXPECT_EQ(o.items[0].unit, "PCE");
  EXPECT_EQ(o.items[0].price, Decimal::from_units(15000, 2));
  EXPECT_EQ(o.items[0].origin, "JP");
  EXPECT_FALSE(o.items[0].net_mass_kg.has_value());
  EXPECT_EQ(o.freight.to_string(), "20.00");
  EXPECT_EQ(o.insurance.to_string(), "0.00");
  EXPECT_EQ(o.total.to_string(), "419.90");
  EXPECT_EQ(o.currency, "CNY");
}

TEST(EcommerceOrderDecoder, ReportsEveryFieldErrorAtOnceWithItsPath) {
  const std::string body =
      R"({"id":"bad id!","platform":"P 1","procedure":"0110",)"
      R"("buyer":{"id_number":"440308199003071234","name":"   ","phone":"abc","extra":1},)"
      R"("items":[{"sku":"S1","hs_code":"33049","description":"","quantity":"0","unit":"XYZ",)"
      R"("price":"1.005","origin":"jp","net_mass_kg":"-1"},)"
      R"({"sku":"S1","hs_code":"3304990000","description":"x","quantity":"1","unit":"PCE",)"
      R"("price":"1.00"},5],)"
      R"("freight":"-1","insurance":12,"total":"abc","currency":"USD","note":"x"})";
  auto decoded = decode_ecommerce_order(body, hasher());
  EXPECT_EQ(codes_and_paths(decoded.errors),
            (Pairs{{"ecommerce.id", "/id"},
                   {"ecommerce.platform", "/platform"},
                   {"ecommerce.procedure", "/procedure"},
                   {"ecommerce.id_number_check_digit", "/buyer/id_number"},
                   {"ecommerce.name", "/buyer/name"},
                   {"ecommerce.phone", "/buyer/phone"},
                   {"field.unknown", "/buyer/extra"},
                   {"ecommerce.hs_code", "/items/0/hs_code"},
                   {"ecommerce.description", "/items/0/description"},
                   {"ecommerce.quantity", "/items/0/quantity"},
                   {"ecommerce.unit", "/items/0/unit"},
                   {"ecommerce.amount", "/items/0/price"},
                   {"ecommerce.country", "/items/0/origin"},
                   {"ecommerce.net_mass_kg", "/items/0/net_mass_kg"},
                   {"ecommerce.duplicate_sku", "/items/1/sku"},
                   {"ecommerce.type", "/items/2"},
                   {"ecommerce.amount", "/freight"},
                   {"ecommerce.type", "/insurance"},
                   {"ecommerce.amount", "/total"},
                   {"ecommerce.currency_unsupported", "/currency"},
                   {"field.unknown", "/note"}}));
}

TEST(EcommerceOrderDecoder, NamesEveryMissingFieldButTheOptionalOnes) {
  auto decoded = decode_ecommerce_order(R"({"buyer":{},"items":[{}]})", hasher());
  EXPECT_EQ(codes_and_paths(decoded.errors), (Pairs{{"field.missing", "/buyer/id_number"},
                                                    {"field.missing", "/buyer/name"},
                                                    {"field.missing", "/buyer/phone"},
                                                    {"field.missing", "/items/0/sku"},
                                                    {"field.missing", "/items/0/hs_code"},
                                                    {"field.missing", "/items/0/description"},
                                                    {"field.missing", "/items/0/quantity"},
                                                    {"field.missing", "/items/0/unit"},
                                                    {"field.missing", "/items/0/price"},
                                                    {"field.missing", "/id"},
                                                    {"field.missing", "/platform"},
                                                    {"field.missing", "/procedure"},
                                                    {"field.missing", "/freight"},
                                                    {"field.missing", "/total"},
                                                    {"field.missing", "/currency"}}));
}

TEST(EcommerceOrderDecoder, RefusesDuplicateFields) {
  auto decoded = decode_ecommerce_order(
      replaced(order_body(), R"("id":"ORD-1",)", R"("id":"ORD-1","id":"ORD-2",)"), hasher());
  EXPECT_EQ(codes_and_paths(decoded.errors), (Pairs{{"field.duplicate", "/id"}}));
  EXPECT_EQ(decoded.order.id, "ORD-1");
}

TEST(EcommerceOrderDecoder, WrongShapes) {
  EXPECT_EQ(codes_and_paths(decode_ecommerce_order("{\"id\":", hasher()).errors),
            (Pairs{{"json.syntax", ""}}));
  EXPECT_EQ(codes_and_paths(decode_ecommerce_order("[1]", hasher()).errors),
            (Pairs{{"json.type", ""}}));
  EXPECT_EQ(codes_and_paths(decode_ecommerce_order("{\"id\":\"\xff\"}", hasher()).errors),
            (Pairs{{"json.utf8", ""}}));
  std::string large = "{\"id\":\"" + std::string(ecommerce_body_bytes_max, 'a') + "\"}";
  EXPECT_EQ(codes_and_paths(decode_ecommerce_order(large, hasher()).errors),
            (Pairs{{"body.too_large", ""}}));
  auto buyer = decode_ecommerce_order(replaced(order_body(), R"("buyer":{)", R"("buyer":7,"x":{)"),
                                      hasher());
  EXPECT_EQ(codes_and_paths(buyer.errors),
            (Pairs{{"ecommerce.type", "/buyer"}, {"field.unknown", "/x"}}));
  auto items =
      decode_ecommerce_order(replaced(order_body(), R"("items":[)", R"("items":{"a":[)"), hasher());
  EXPECT_EQ(codes_and_paths(items.errors).front(),
            (std::pair<std::string, std::string>{"json.syntax", ""}));
}

TEST(EcommerceOrderDecoder, ItemCountLimits) {
  auto none = decode_ecommerce_order(
      R"({"id":"O","platform":"P","procedure":"9610","buyer":{"id_number":"E12345678",)"
      R"("name":"A","phone":"12345"},"items":[],"freight":"0","total":"0","currency":"CNY"})",
      hasher());
  EXPECT_EQ(codes_and_paths(none.errors), (Pairs{{"ecommerce.no_items", "/items"}}));
  std::string lines;
  for (std::size_t i = 0; i <= ecommerce_items_max; ++i) {
    if (i > 0) lines += ",";
    lines += R"({"sku":"S)" + std::to_string(i) +
             R"(","hs_code":"33049900","description":"d","quantity":"1","unit":"PCE","price":"1"})";
  }
  auto many = decode_ecommerce_order(
      R"({"id":"O","platform":"P","procedure":"9610","buyer":{"id_number":"E12345678",)"
      R"("name":"A","phone":"12345"},"items":[)" +
          lines + R"(],"freight":"0","total":"101","currency":"CNY"})",
      hasher());
  EXPECT_EQ(codes_and_paths(many.errors), (Pairs{{"ecommerce.too_many_items", "/items"}}));
}

TEST(EcommerceOrderDecoder, AmountAndStringLimits) {
  auto check = [](std::string_view from, std::string_view to) {
    return codes_and_paths(
        decode_ecommerce_order(replaced(order_body(), from, to), hasher()).errors);
  };
  EXPECT_EQ(check(R"("freight":"20.00")", R"("freight":"10000000.01")"),
            (Pairs{{"ecommerce.amount", "/freight"}}));
  EXPECT_TRUE(check(R"("freight":"20.00")", R"("freight":"20")").empty());
  EXPECT_EQ(check(R"("quantity":"2")", R"("quantity":"1000000.001")"),
            (Pairs{{"ecommerce.quantity", "/items/0/quantity"}}));
  EXPECT_EQ(check(R"("quantity":"2")", R"("quantity":"1.0001")"),
            (Pairs{{"ecommerce.quantity", "/items/0/quantity"}}));
  EXPECT_EQ(check(R"("freight":"20.00")", R"("freight":"1e3")"),
            (Pairs{{"ecommerce.amount", "/freight"}}));
  EXPECT_EQ(check(R"("freight":"20.00")", R"("freight":")" + std::string(33, '0') + "\""),
            (Pairs{{"ecommerce.amount", "/freight"}}));
  EXPECT_EQ(check(R"("sku":"SKU-1")", R"("sku":")" + std::string(65, 's') + "\""),
            (Pairs{{"ecommerce.sku", "/items/0/sku"}}));
  EXPECT_EQ(check(R"("id":"ORD-1")", R"("id":")" + std::string(65, 'o') + "\""),
            (Pairs{{"ecommerce.id", "/id"}}));
  EXPECT_TRUE(check(R"("id":"ORD-1")", R"("id":")" + std::string(64, 'o') + "\"").empty());
  EXPECT_EQ(check(R"("platform":"P1")", R"("platform":")" + std::string(36, 'p') + "\""),
            (Pairs{{"ecommerce.platform", "/platform"}}));
  EXPECT_EQ(check(R"("name":"Li Lei")", R"("name":")" + std::string(129, 'n') + "\""),
            (Pairs{{"ecommerce.name", "/buyer/name"}}));
  EXPECT_EQ(
      check(R"("description":"Lipstick")", R"("description":")" + std::string(257, 'd') + "\""),
      (Pairs{{"ecommerce.description", "/items/1/description"}}));
  EXPECT_EQ(check(R"("price":"150.00")", R"("price":150)"),
            (Pairs{{"ecommerce.type", "/items/0/price"}}));
  EXPECT_TRUE(check(R"("price":"99.90")", R"("price":"0")").size() == 0);
  EXPECT_TRUE(check(R"("procedure":"1210")", R"("procedure":"1239")").empty());
  EXPECT_TRUE(check(R"("procedure":"1210")", R"("procedure":"9610")").empty());
}

TEST(EcommerceOrderDecoder, OptionalExtensions) {
  auto decoded = decode_ecommerce_order(
      replaced(
          replaced(order_body(), R"("origin":"JP"},)", R"("origin":"KR","net_mass_kg":"0.125"},)"),
          R"("freight":"20.00",)", R"("freight":"20.00","insurance":"1.50",)"),
      hasher());
  ASSERT_TRUE(decoded.errors.empty());
  EXPECT_EQ(decoded.order.items[0].origin, "KR");
  EXPECT_EQ(decoded.order.items[0].net_mass_kg, Decimal::from_units(125, 3));
  EXPECT_EQ(decoded.order.insurance.to_string(), "1.50");
}

TEST(EcommercePaymentDecoder, DecodesAndConvertsTheOffsetToUtc) {
  auto decoded = decode_ecommerce_payment(
      replaced(payment_body(), "}", R"(,"payment_company":"Alipay"})"), hasher());
  ASSERT_TRUE(decoded.errors.empty());
  EXPECT_EQ(decoded.payment.id, "PAY-1");
  EXPECT_EQ(decoded.payment.order_id, "ORD-1");
  EXPECT_EQ(decoded.payment.payer.key, hash(buyer_id));
  EXPECT_EQ(decoded.payment.amount.to_string(), "419.90");
  EXPECT_EQ(format_timestamp(decoded.payment.paid_at), "2026-11-23T02:15:00Z");
  EXPECT_EQ(decoded.payment.payment_company, "Alipay");
  auto west = decode_ecommerce_payment(replaced(payment_body(), "+08:00", "-05:30"), hasher());
  EXPECT_EQ(format_timestamp(west.payment.paid_at), "2026-11-23T15:45:00Z");
  auto utc = decode_ecommerce_payment(replaced(payment_body(), "10:15:00+08:00", "10:15:00.250Z"),
                                      hasher());
  EXPECT_EQ(format_timestamp(utc.payment.paid_at), "2026-11-23T10:15:00.250000Z");
}

TEST(EcommercePaymentDecoder, ReportsEveryError) {
  auto decoded = decode_ecommerce_payment(
      R"({"id":"P 1","order_id":"bad id","payer_id_number":"AB1","amount":"1.001",)"
      R"("paid_at":"2026-11-23","payment_company":"","extra":null})",
      hasher());
  EXPECT_EQ(codes_and_paths(decoded.errors), (Pairs{{"ecommerce.id", "/id"},
                                                    {"ecommerce.id", "/order_id"},
                                                    {"ecommerce.id_number", "/payer_id_number"},
                                                    {"ecommerce.amount", "/amount"},
                                                    {"ecommerce.paid_at", "/paid_at"},
                                                    {"ecommerce.company", "/payment_company"},
                                                    {"field.unknown", "/extra"}}));
  EXPECT_EQ(codes_and_paths(decode_ecommerce_payment("{}", hasher()).errors),
            (Pairs{{"field.missing", "/id"},
                   {"field.missing", "/order_id"},
                   {"field.missing", "/payer_id_number"},
                   {"field.missing", "/amount"},
                   {"field.missing", "/paid_at"}}));
  for (const char* bad :
       {"2026-11-23T10:15:00", "2026-11-23T10:15:00+8:00", "2026-11-23T10:15:00+24:00",
        "2026-02-30T10:15:00Z", "2026-11-23 10:15:00Z"}) {
    auto one = decode_ecommerce_payment(replaced(payment_body(), "2026-11-23T10:15:00+08:00", bad),
                                        hasher());
    EXPECT_EQ(codes_and_paths(one.errors), (Pairs{{"ecommerce.paid_at", "/paid_at"}})) << bad;
  }
}

TEST(EcommerceWaybillDecoder, DecodesWithTheOptionalGoods) {
  auto decoded = decode_ecommerce_waybill(waybill_body());
  ASSERT_TRUE(decoded.errors.empty());
  const EcommerceWaybill& w = decoded.waybill;
  EXPECT_EQ(w.id, "WB-1");
  EXPECT_EQ(w.order_id, "ORD-1");
  EXPECT_EQ(w.logistics_company, "SF Express");
  EXPECT_EQ(w.consignee.name, "Li Lei");
  EXPECT_EQ(w.consignee.phone, "13800138000");
  ASSERT_TRUE(w.items.has_value());
  EXPECT_EQ(w.items->size(), 2u);
  EXPECT_EQ((*w.items)[1].quantity, Decimal::from_int(2));
  EXPECT_EQ(w.departure_country, "JP");
  auto bare = decode_ecommerce_waybill(
      R"({"id":"WB-1","order_id":"ORD-1","logistics_company":"SF","consignee":{"name":"A","phone":"12345"}})");
  ASSERT_TRUE(bare.errors.empty());
  EXPECT_FALSE(bare.waybill.items.has_value());
  EXPECT_EQ(bare.waybill.departure_country, "");
}

TEST(EcommerceWaybillDecoder, ReportsEveryError) {
  auto decoded = decode_ecommerce_waybill(
      R"({"id":"W-1","order_id":"O-1","logistics_company":"SF","consignee":{"name":"A",)"
      R"("phone":"123","name":"B"},"items":[{"sku":"A","quantity":"1"},{"sku":"A",)"
      R"("quantity":"-1"},{"sku":"B"}],"departure_country":"Japan"})");
  EXPECT_EQ(codes_and_paths(decoded.errors), (Pairs{{"ecommerce.phone", "/consignee/phone"},
                                                    {"field.duplicate", "/consignee/name"},
                                                    {"ecommerce.duplicate_sku", "/items/1/sku"},
                                                    {"ecommerce.quantity", "/items/1/quantity"},
                                                    {"field.missing", "/items/2/quantity"},
                                                    {"ecommerce.country", "/departure_country"}}));
  EXPECT_EQ(codes_and_paths(decode_ecommerce_waybill(R"({"consignee":[],"items":[]})").errors),
            (Pairs{{"ecommerce.type", "/consignee"},
                   {"ecommerce.no_items", "/items"},
                   {"field.missing", "/id"},
                   {"field.missing", "/order_id"},
                   {"field.missing", "/logistics_company"}}));
}

TEST(EcommerceIdentity, ResidentNumbersNeedTheirCheckDigitAndBirthDate) {
  EXPECT_TRUE(is_resident_id_number("440308199003071235"));
  EXPECT_TRUE(is_resident_id_number("11010519491231002X"));
  EXPECT_TRUE(is_resident_id_number("11010519491231002x"));
  EXPECT_TRUE(is_resident_id_number("310115198511204566"));
  EXPECT_FALSE(is_resident_id_number("440308199003071234"));  // check digit 5 expected
  EXPECT_FALSE(is_resident_id_number("440308199003071325"));  // two digits swapped
  EXPECT_FALSE(is_resident_id_number("440308199013071239"));  // right check digit, month 13
  EXPECT_FALSE(is_resident_id_number("440308199002301238"));  // right check digit, 30 February
  EXPECT_FALSE(is_resident_id_number("110105189912310023"));  // right check digit, born 1899
  EXPECT_FALSE(is_resident_id_number("44030819900307123"));

  auto x = normalize_identity_number("11010519491231002x");
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(x->number, "11010519491231002X");
  EXPECT_EQ(x->kind, EcommerceIdentityKind::resident_id);
  EXPECT_EQ(normalize_identity_number("440308199003071234").error().code,
            "ecommerce.id_number_check_digit");
  EXPECT_EQ(normalize_identity_number("440308199013071239").error().code,
            "ecommerce.id_number_check_digit");
}

TEST(EcommerceIdentity, OtherDocumentsAreFiveToTwentyLettersAndDigits) {
  auto passport = normalize_identity_number("e1234567");
  ASSERT_TRUE(passport.ok());
  EXPECT_EQ(passport->number, "E1234567");
  EXPECT_EQ(passport->kind, EcommerceIdentityKind::other_document);
  EXPECT_TRUE(normalize_identity_number("H1234567890").ok());  // a Home Return Permit
  EXPECT_TRUE(normalize_identity_number("12345").ok());
  EXPECT_TRUE(normalize_identity_number(std::string(20, '9')).ok());
  for (std::string_view bad : {"1234", "E-1234567", "E 1234567", "", "中国护照12345"}) {
    EXPECT_EQ(normalize_identity_number(bad).error().code, "ecommerce.id_number") << bad;
  }
  EXPECT_EQ(normalize_identity_number(std::string(21, '9')).error().code, "ecommerce.id_number");
}

TEST(EcommerceIdentity, TheClearNumberNeverLeavesTheDecoder) {
  std::vector<std::string> seen_by_hasher;
  IdentityHasher recording = [&](std::string_view identity) {
    seen_by_hasher.emplace_back(identity);
    return hash(identity);
  };
  auto order = decode_ecommerce_order(order_body(), recording);
  auto payment = decode_ecommerce_payment(
      replaced(payment_body(), "440308199003071235", "11010519491231002x"), recording);
  EXPECT_EQ(seen_by_hasher, (std::vector<std::string>{"440308199003071235", "11010519491231002X"}));
  EXPECT_EQ(payment.payment.payer.masked, "110*************2X");
  for (const std::string& clear : seen_by_hasher) {
    for (const std::string& text :
         {order.order.buyer.identity.masked, order.order.buyer.identity.key,
          canonical_json(order.order), payment.payment.payer.masked, payment.payment.payer.key,
          canonical_json(payment.payment)}) {
      EXPECT_EQ(text.find(clear), std::string::npos) << text;
      EXPECT_EQ(text.find(clear.substr(3, 13)), std::string::npos) << text;
    }
  }
  // Nor do error messages repeat it.
  auto refused = decode_ecommerce_order(
      replaced(order_body(), "440308199003071235", "440308199003071234"), hasher());
  ASSERT_EQ(refused.errors.size(), 1u);
  EXPECT_EQ(refused.errors[0].message.find("4403081990"), std::string::npos);
  EXPECT_EQ(refused.order.buyer.identity.key, "");
}

TEST(EcommercePhone, Normalisation) {
  EXPECT_EQ(normalize_phone("13800138000"), "13800138000");
  EXPECT_EQ(normalize_phone("+86 138-0013-8000"), "13800138000");
  EXPECT_EQ(normalize_phone("0086 138 0013 8000"), "13800138000");
  EXPECT_EQ(normalize_phone("+86 755 8888 1234"), "075588881234");
  EXPECT_EQ(normalize_phone("+44 20 7946 0958"), "+442079460958");
  EXPECT_EQ(normalize_phone("(0755) 8888.1234"), "075588881234");
  EXPECT_EQ(normalize_phone("12345"), "12345");
  EXPECT_EQ(normalize_phone("1234"), std::nullopt);
  EXPECT_EQ(normalize_phone("1234567890123456"), std::nullopt);  // 16 digits
  EXPECT_EQ(normalize_phone("138+0013"), std::nullopt);
  EXPECT_EQ(normalize_phone("138/0013/8000"), std::nullopt);
  EXPECT_EQ(normalize_phone(""), std::nullopt);
  EXPECT_EQ(normalize_phone("1" + std::string(32, ' ')), std::nullopt);
}

TEST(EcommerceNames, AreTrimmedOfAsciiAndIdeographicSpaces) {
  auto decoded =
      decode_ecommerce_order(replaced(order_body(), R"("name":"Li Lei")",
                                      "\"name\":\"\xE3\x80\x80 \xE6\x9D\x8E\xE9\x9B\xB7 \""),
                             hasher());
  ASSERT_TRUE(decoded.errors.empty());
  EXPECT_EQ(decoded.order.buyer.name, "\xE6\x9D\x8E\xE9\x9B\xB7");
  EXPECT_EQ(codes_and_paths(
                decode_ecommerce_order(
                    replaced(order_body(), R"("name":"Li Lei")", R"("name":"Li\tLei")"), hasher())
                    .errors),
            (Pairs{{"ecommerce.name", "/buyer/name"}}));
}

TEST(EcommerceCanonicalJson, IgnoresFieldOrderSpacingScaleAndPhoneFormat) {
  const std::string reordered =
      R"({ "currency":"CNY", "total":"419.9", "freight":"20", "insurance":"0.00",)"
      R"( "items":[{"price":"150","unit":"PCE","quantity":"2.000","description":"Face cream 50 ml",)"
      R"("hs_code":"3304990000","sku":"SKU-1","origin":"JP"},)"
      R"({"sku":"SKU-2","hs_code":"3304100000","description":"Lipstick","quantity":"1",)"
      R"("unit":"PCE","price":"99.9","origin":"JP"}],)"
      R"( "buyer":{"phone":"+86 138 0013 8000","name":"Li Lei ","id_number":"440308199003071235"},)"
      R"( "procedure":"1210", "platform":"P1", "id":"ORD-1" })";
  EXPECT_EQ(canonical_json(order()), canonical_json(order(reordered)));
  EXPECT_EQ(content_hash(order()), content_hash(order(reordered)));
  EXPECT_EQ(content_hash(order()).size(), 64u);
  EXPECT_NE(content_hash(order()),
            content_hash(order(replaced(order_body(), R"("quantity":"2")", R"("quantity":"3")"))));
  EXPECT_EQ(canonical_json(order()),
            R"({"id":"ORD-1","platform":"P1","procedure":"1210","buyer":{"key":")" +
                hash(buyer_id) +
                R"(","name":"Li Lei","phone":"13800138000"},"items":[{"sku":"SKU-1",)"
                R"("hs_code":"3304990000","description":"Face cream 50 ml","quantity":"2.000",)"
                R"("unit":"PCE","price":"150.00","origin":"JP"},{"sku":"SKU-2",)"
                R"("hs_code":"3304100000","description":"Lipstick","quantity":"1.000",)"
                R"("unit":"PCE","price":"99.90","origin":"JP"}],"freight":"20.00",)"
                R"("insurance":"0.00","total":"419.90","currency":"CNY"})");
  EXPECT_EQ(canonical_json(payment()),
            R"({"id":"PAY-1","order_id":"ORD-1","payer_key":")" + hash(buyer_id) +
                R"(","amount":"419.90","paid_at":"2026-11-23T02:15:00Z"})");
  EXPECT_EQ(canonical_json(payment(replaced(payment_body(), "10:15:00+08:00", "02:15:00Z"))),
            canonical_json(payment()));
  EXPECT_EQ(canonical_json(waybill()),
            R"({"id":"WB-1","order_id":"ORD-1","logistics_company":"SF Express",)"
            R"("consignee":{"name":"Li Lei","phone":"13800138000"},"items":[{"sku":"SKU-2",)"
            R"("quantity":"1.000"},{"sku":"SKU-1","quantity":"2.000"}],"departure_country":"JP"})");
}

}  // namespace
}  // namespace oc
