// The postal body decoders: a clean decode of each body, and every error code with its path.
#include <gtest/gtest.h>

#include "postal/declaration.h"
#include "postal/item.h"
#include "postal/requests.h"
#include "postal_test_support.h"

namespace oc {
namespace {

using namespace postal_testing;

Expected item_errors(const std::string& json) {
  return codes(decode_postal_item(json, phone_hasher()).errors);
}

TEST(PostalPhone, Normalised) {
  EXPECT_EQ(normalize_phone("+86 138-0013-8000"), "13800138000");
  EXPECT_EQ(normalize_phone("0086 13800138000"), "13800138000");
  EXPECT_EQ(normalize_phone("138 0013 8000"), "13800138000");
  EXPECT_EQ(normalize_phone("+81 (3) 1234.5678"), "+81312345678");
  EXPECT_EQ(normalize_phone("0081312345678"), "+81312345678");
  EXPECT_EQ(normalize_phone("1234"), std::nullopt);              // too few digits
  EXPECT_EQ(normalize_phone("1234567890123456"), std::nullopt);  // 16 digits
  EXPECT_EQ(normalize_phone("138+0013"), std::nullopt);          // '+' inside
  EXPECT_EQ(normalize_phone("++8613800138000"), std::nullopt);
  EXPECT_EQ(normalize_phone("138x0013800"), std::nullopt);
  EXPECT_EQ(normalize_phone(std::string(33, '1')), std::nullopt);
  EXPECT_EQ(mask_phone("13800138000"), "138****8000");
}

TEST(PostalItemBody, DecodesCleanly) {
  auto decoded = decode_postal_item(kItemBody, phone_hasher());
  ASSERT_TRUE(decoded.errors.empty()) << decoded.errors.front().code << decoded.errors.front().path;
  const PostalItem& item = decoded.item;
  EXPECT_EQ(item.tracking_no, "EE123456785CN");
  EXPECT_EQ(item.origin, "JP");
  EXPECT_EQ(item.sender, (PostalSender{"Sato Hanako", "1-1 Chiyoda, Tokyo", "JP"}));
  EXPECT_EQ(item.recipient.name, "Li Lei");
  EXPECT_EQ(item.recipient.address, "1 Renmin Rd, Shenzhen");
  EXPECT_EQ(item.recipient.phone_key,
            identity_key(postal_phone_key_domain, "13800138000", kSecret));
  EXPECT_EQ(item.recipient.phone_masked, "138****8000");
  ASSERT_EQ(item.contents.size(), 1u);
  EXPECT_EQ(item.contents[0],
            (PostalContentLine{"Green tea", "food_and_drink", Decimal::from_int(2),
                               Decimal::from_int(3000), "JPY"}));
  // The clear phone is nowhere in the canonical form.
  const std::string canonical = canonical_postal_item_json(item);
  EXPECT_EQ(canonical.find("13800138000"), std::string::npos);
  EXPECT_NE(canonical.find("138****8000"), std::string::npos);
}

TEST(PostalItemBody, LowerCaseTrackingNumberAndNoSenderCountry) {
  auto decoded = decode_postal_item(
      R"({"tracking_no":"rr473124829gb","origin":"GB","sender":{"name":"A","address":"B"},
          "recipient":{"name":"C","phone":"13800138000","address":"D"},
          "contents":[{"description":"Book","category":"books","quantity":"1","value":"10.50","currency":"GBP"}]})",
      phone_hasher());
  ASSERT_TRUE(decoded.errors.empty());
  EXPECT_EQ(decoded.item.tracking_no, "RR473124829GB");
  EXPECT_EQ(decoded.item.sender.country, "");
}

TEST(PostalItemBody, BodyLevelErrors) {
  EXPECT_EQ(item_errors(std::string(postal_item_body_bytes_max + 1, ' ')),
            (Expected{{"body.too_large", ""}}));
  EXPECT_EQ(item_errors("{"), (Expected{{"json.syntax", ""}}));
  EXPECT_EQ(item_errors("{\"origin\":\"\xff\"}"), (Expected{{"json.utf8", ""}}));
  EXPECT_EQ(item_errors("[]"), (Expected{{"json.type", ""}}));
  EXPECT_EQ(item_errors("{}"), (Expected{{"postal.required", "/tracking_no"},
                                         {"postal.required", "/origin"},
                                         {"postal.required", "/sender"},
                                         {"postal.required", "/recipient"},
                                         {"postal.required", "/contents"}}));
}

TEST(PostalItemBody, EveryFieldErrorAtOnce) {
  const std::string body = R"({"tracking_no":"EE12345678CN","origin":"CN","origin":"JP","extra":1,
    "sender":{"name":"","address":7,"country":"jp","phone":"1"},
    "recipient":{"name":"L\u0001","phone":"12","address":""},
    "contents":[{"description":"","category":"Food","quantity":"0","value":"1.234","currency":"yen"},
                {"description":"ok","category":"books","quantity":"1","value":"1","currency":"CNY","x":1},
                7, {"description":"ok"}]})";
  EXPECT_EQ(item_errors(body), (Expected{{"postal.tracking_no", "/tracking_no"},
                                         {"postal.origin", "/origin"},
                                         {"field.duplicate", "/origin"},
                                         {"field.unknown", "/extra"},
                                         {"postal.name", "/sender/name"},
                                         {"postal.type", "/sender/address"},
                                         {"postal.country", "/sender/country"},
                                         {"field.unknown", "/sender/phone"},
                                         {"postal.name", "/recipient/name"},
                                         {"postal.phone", "/recipient/phone"},
                                         {"postal.address", "/recipient/address"},
                                         {"postal.description", "/contents/0/description"},
                                         {"postal.category", "/contents/0/category"},
                                         {"postal.quantity", "/contents/0/quantity"},
                                         {"postal.value", "/contents/0/value"},
                                         {"postal.currency", "/contents/0/currency"},
                                         {"field.unknown", "/contents/1/x"},
                                         {"postal.type", "/contents/2"},
                                         {"postal.required", "/contents/3/category"},
                                         {"postal.required", "/contents/3/quantity"},
                                         {"postal.required", "/contents/3/value"},
                                         {"postal.required", "/contents/3/currency"}}));
}

TEST(PostalItemBody, OriginIsAnAlpha2CodeOtherThanChina) {
  auto with_origin = [](const char* origin) {
    return item_errors(std::string(R"({"tracking_no":"EE123456785CN","origin":")") + origin +
                       R"(","sender":{"name":"A","address":"B"},
          "recipient":{"name":"C","phone":"13800138000","address":"D"},
          "contents":[{"description":"x","category":"books","quantity":"1","value":"1","currency":"CNY"}]})");
  };
  EXPECT_EQ(with_origin("JP"), Expected{});
  EXPECT_EQ(with_origin("JPN"), (Expected{{"postal.origin", "/origin"}}));
  EXPECT_EQ(with_origin("jp"), (Expected{{"postal.origin", "/origin"}}));
  EXPECT_EQ(with_origin("CN"), (Expected{{"postal.origin", "/origin"}}));
}

TEST(PostalItemBody, ErrorsNeverRepeatThePhone) {
  auto decoded = decode_postal_item(
      R"({"tracking_no":"EE123456785CN","origin":"JP","sender":{"name":"A","address":"B"},
          "recipient":{"name":"C","phone":"13800138000x","address":"D"},"contents":[]})",
      phone_hasher());
  ASSERT_EQ(codes(decoded.errors),
            (Expected{{"postal.phone", "/recipient/phone"}, {"postal.no_contents", "/contents"}}));
  for (const auto& error : decoded.errors)
    EXPECT_EQ(error.message.find("13800138000"), std::string::npos);
}

TEST(PostalItemBody, ContentsLimits) {
  std::string many =
      R"({"tracking_no":"EE123456785CN","origin":"JP","sender":{"name":"A","address":"B"},
      "recipient":{"name":"C","phone":"13800138000","address":"D"},"contents":[)";
  for (std::size_t i = 0; i <= postal_contents_max; ++i) {
    many += std::string(i ? "," : "") +
            R"({"description":"x","category":"books","quantity":"1","value":"1","currency":"CNY"})";
  }
  many += "]}";
  EXPECT_EQ(item_errors(many), (Expected{{"postal.too_many_contents", "/contents"}}));
  EXPECT_EQ(item_errors(
                R"({"tracking_no":"EE123456785CN","origin":"JP","sender":{"name":"A","address":"B"},
      "recipient":{"name":"C","phone":"13800138000","address":"D"},"contents":{}})"),
            (Expected{{"postal.type", "/contents"}}));
  const std::string long_description(postal_description_bytes_max + 1, 'd');
  EXPECT_EQ(
      item_errors(
          R"({"tracking_no":"EE123456785CN","origin":"JP","sender":"x","recipient":[],
      "contents":[{"description":")" +
          long_description +
          R"(","category":"books","quantity":"1000000.001","value":"10000000.01","currency":"CNY"}]})"),
      (Expected{{"postal.type", "/sender"},
                {"postal.type", "/recipient"},
                {"postal.description", "/contents/0/description"},
                {"postal.quantity", "/contents/0/quantity"},
                {"postal.value", "/contents/0/value"}}));
}

TEST(PostalItemBody, UnknownCategoriesAgainstTheTariff) {
  std::vector<PostalContentLine> lines = {
      {"a", "books", Decimal::from_int(1), Decimal::from_int(1), "CNY"},
      {"b", "spaceships", Decimal::from_int(1), Decimal::from_int(1), "CNY"}};
  EXPECT_EQ(codes(check_postal_categories(lines, demo_tariff())),
            (Expected{{"postal.unknown_category", "/contents/1/category"}}));
}

TEST(PostalItemBody, PhoneProof) {
  auto item = decode_postal_item(kItemBody, phone_hasher()).item;
  EXPECT_TRUE(phone_matches(item, "13800138000", phone_hasher()));
  EXPECT_TRUE(phone_matches(item, "+8613800138000", phone_hasher()));
  EXPECT_FALSE(phone_matches(item, "13800138001", phone_hasher()));
  EXPECT_FALSE(phone_matches(item, "not a phone", phone_hasher()));
  EXPECT_FALSE(phone_key_matches(item, ""));
  PostalItem without_key;
  EXPECT_FALSE(phone_key_matches(without_key, ""));
}

// ---- supplementary declaration ----

Expected declaration_errors(const std::string& json) {
  return codes(decode_supplementary_declaration(json, phone_hasher(), id_hasher()).errors);
}

TEST(SupplementaryDeclarationBody, DecodesCleanly) {
  auto decoded = decode_supplementary_declaration(
      R"({"phone":"13800138000","id_number":"11010519491231002x","name":"Li Lei",
          "contents":[{"description":"Sencha","category":"food_and_drink","quantity":"2","value":"3000","currency":"JPY"}]})",
      phone_hasher(), id_hasher());
  ASSERT_TRUE(decoded.errors.empty());
  const auto& declaration = decoded.declaration;
  EXPECT_EQ(declaration.phone_key, identity_key(postal_phone_key_domain, "13800138000", kSecret));
  EXPECT_EQ(declaration.id_number_key,
            identity_key(postal_id_number_key_domain, "11010519491231002X", kSecret));
  EXPECT_EQ(declaration.id_number_masked, "1101**********002X");
  EXPECT_EQ(declaration.name, "Li Lei");
  EXPECT_EQ(declaration.contents.size(), 1u);
}

TEST(SupplementaryDeclarationBody, IdentityNumbers) {
  EXPECT_TRUE(is_resident_id_number("11010519491231002X"));  // the GB 11643 example
  EXPECT_FALSE(is_resident_id_number("110105194912310021"));
  EXPECT_FALSE(is_resident_id_number("11010519491231002"));
  auto id_error = [](const char* id) {
    return declaration_errors(
        std::string(R"({"phone":"13800138000","id_number":")") + id +
        R"(","name":"Li","contents":[{"description":"x","category":"books","quantity":"1","value":"1","currency":"CNY"}]})");
  };
  EXPECT_EQ(id_error("E12345678"), Expected{});  // a passport number
  EXPECT_EQ(id_error("110105194912310021"), (Expected{{"postal.id_number", "/id_number"}}));
  EXPECT_EQ(id_error("E1234"), Expected{});
  EXPECT_EQ(id_error("E123"), (Expected{{"postal.id_number", "/id_number"}}));
  EXPECT_EQ(id_error("E12345678901234567890"), (Expected{{"postal.id_number", "/id_number"}}));
  EXPECT_EQ(id_error("E1234-567"), (Expected{{"postal.id_number", "/id_number"}}));
  auto decoded = decode_supplementary_declaration(
      R"({"phone":"1","id_number":"110105194912310021","name":"Li","contents":[]})", phone_hasher(),
      id_hasher());
  for (const auto& error : decoded.errors)
    EXPECT_EQ(error.message.find("1101051949"), std::string::npos);
}

TEST(SupplementaryDeclarationBody, Errors) {
  EXPECT_EQ(declaration_errors("{}"), (Expected{{"postal.required", "/phone"},
                                                {"postal.required", "/id_number"},
                                                {"postal.required", "/name"},
                                                {"postal.required", "/contents"}}));
  EXPECT_EQ(
      declaration_errors(
          R"({"phone":13800138000,"id_number":null,"name":"","contents":[],"tracking_no":"x"})"),
      (Expected{{"postal.type", "/phone"},
                {"postal.type", "/id_number"},
                {"postal.name", "/name"},
                {"postal.no_contents", "/contents"},
                {"field.unknown", "/tracking_no"}}));
  EXPECT_EQ(declaration_errors(std::string(postal_item_body_bytes_max + 1, ' ')),
            (Expected{{"body.too_large", ""}}));
}

// ---- payment ----

Expected payment_errors(const std::string& json) {
  return codes(decode_postal_payment(json, phone_hasher()).errors);
}

TEST(PostalPaymentBody, DecodesCleanly) {
  auto decoded = decode_postal_payment(
      R"({"phone":"13800138000","amount":"73","method":"alipay","reference":"2026112322001"})",
      phone_hasher());
  ASSERT_TRUE(decoded.errors.empty());
  EXPECT_EQ(decoded.payment.amount.to_string(), "73.00");
  EXPECT_EQ(decoded.payment.method, PostalPaymentMethod::alipay);
  EXPECT_EQ(decoded.payment.reference, "2026112322001");
  for (auto [text, method] : {std::pair{"wechat", PostalPaymentMethod::wechat},
                              std::pair{"unionpay", PostalPaymentMethod::unionpay},
                              std::pair{"bank_card", PostalPaymentMethod::bank_card}}) {
    auto other =
        decode_postal_payment(std::string(R"({"phone":"13800138000","amount":"1","method":")") +
                                  text + R"(","reference":"R"})",
                              phone_hasher());
    EXPECT_EQ(other.payment.method, method);
    EXPECT_EQ(to_string(method), text);
  }
}

TEST(PostalPaymentBody, Errors) {
  EXPECT_EQ(payment_errors(R"({"phone":"x","amount":"0","method":"cash","reference":"has space"})"),
            (Expected{{"postal.phone", "/phone"},
                      {"postal.amount", "/amount"},
                      {"postal.method", "/method"},
                      {"postal.reference", "/reference"}}));
  EXPECT_EQ(payment_errors(R"({"amount":"1.001"})"), (Expected{{"postal.amount", "/amount"},
                                                               {"postal.required", "/phone"},
                                                               {"postal.required", "/method"},
                                                               {"postal.required", "/reference"}}));
  EXPECT_EQ(
      payment_errors(R"({"phone":"13800138000","amount":"-1","method":"wechat","reference":"R"})"),
      (Expected{{"postal.amount", "/amount"}}));
  EXPECT_EQ(
      payment_errors(
          R"({"phone":"13800138000","amount":"100000000.01","method":"wechat","reference":"R"})"),
      (Expected{{"postal.amount", "/amount"}}));
  EXPECT_EQ(
      payment_errors(R"({"phone":"13800138000","amount":"1","method":"wechat","reference":")" +
                     std::string(postal_reference_length_max + 1, 'R') + "\"}"),
      (Expected{{"postal.reference", "/reference"}}));
  EXPECT_EQ(payment_errors(std::string(postal_request_body_bytes_max + 1, ' ')),
            (Expected{{"body.too_large", ""}}));
}

// ---- refund request and review ----

TEST(PostalRefundRequestBody, DecodesAndRefuses) {
  auto decoded = decode_postal_refund_request(
      R"({"id":"RF-1","phone":"13800138000","reason":"the tea was confiscated","amount":"10.5"})",
      phone_hasher());
  ASSERT_TRUE(decoded.errors.empty());
  EXPECT_EQ(decoded.request.id, "RF-1");
  EXPECT_EQ(decoded.request.amount.to_string(), "10.50");
  EXPECT_EQ(decoded.request.reason, "the tea was confiscated");
  EXPECT_EQ(
      codes(decode_postal_refund_request(
                R"({"id":"RF 1","phone":"","reason":"","amount":"x","id":"again"})", phone_hasher())
                .errors),
      (Expected{{"postal.refund_id", "/id"},
                {"postal.phone", "/phone"},
                {"postal.reason", "/reason"},
                {"postal.amount", "/amount"},
                {"field.duplicate", "/id"}}));
  EXPECT_EQ(codes(decode_postal_refund_request(
                      R"({"reason":")" + std::string(postal_reason_bytes_max + 1, 'r') + "\"}",
                      phone_hasher())
                      .errors),
            (Expected{{"postal.reason", "/reason"},
                      {"postal.required", "/id"},
                      {"postal.required", "/phone"},
                      {"postal.required", "/amount"}}));
  EXPECT_FALSE(is_client_id_syntax(std::string(postal_refund_id_length_max + 1, 'a')));
}

TEST(PostalRefundReviewBody, DecodesAndRefuses) {
  auto approved = decode_postal_refund_review(R"({"decision":"approved"})");
  ASSERT_TRUE(approved.errors.empty());
  EXPECT_EQ(approved.review.decision, PostalRefundDecision::approved);
  auto rejected =
      decode_postal_refund_review(R"({"decision":"rejected","reason":"not confiscated"})");
  ASSERT_TRUE(rejected.errors.empty());
  EXPECT_EQ(rejected.review.decision, PostalRefundDecision::rejected);
  EXPECT_EQ(rejected.review.reason, "not confiscated");
  EXPECT_EQ(codes(decode_postal_refund_review(R"({"decision":"rejected"})").errors),
            (Expected{{"postal.reason", "/reason"}}));
  EXPECT_EQ(
      codes(decode_postal_refund_review(R"({"decision":"maybe","reason":"","by":"me"})").errors),
      (Expected{{"postal.decision", "/decision"},
                {"postal.reason", "/reason"},
                {"field.unknown", "/by"}}));
  EXPECT_EQ(codes(decode_postal_refund_review("{}").errors),
            (Expected{{"postal.required", "/decision"}}));
}

// ---- return ----

TEST(PostalReturnBody, DecodesAndRefuses) {
  auto refused = decode_postal_return_request(
      R"({"reason":"refused_by_recipient","phone":"13800138000"})", phone_hasher());
  ASSERT_TRUE(refused.errors.empty());
  EXPECT_EQ(refused.request.reason, PostalReturnReason::refused_by_recipient);
  EXPECT_EQ(refused.request.phone_key,
            identity_key(postal_phone_key_domain, "13800138000", kSecret));
  for (auto [text, reason] : {std::pair{"unpaid", PostalReturnReason::unpaid},
                              std::pair{"prohibited", PostalReturnReason::prohibited},
                              std::pair{"undeliverable", PostalReturnReason::undeliverable}}) {
    auto decoded =
        decode_postal_return_request(std::string(R"({"reason":")") + text + "\"}", phone_hasher());
    EXPECT_TRUE(decoded.errors.empty()) << text;
    EXPECT_EQ(decoded.request.reason, reason);
    EXPECT_EQ(decoded.request.phone_key, std::nullopt);
    EXPECT_EQ(to_string(reason), text);
  }
  EXPECT_EQ(
      codes(decode_postal_return_request(R"({"reason":"refused_by_recipient"})", phone_hasher())
                .errors),
      (Expected{{"postal.required", "/phone"}}));
  EXPECT_EQ(
      codes(
          decode_postal_return_request(R"({"reason":"lost","phone":"0"})", phone_hasher()).errors),
      (Expected{{"postal.reason", "/reason"}, {"postal.phone", "/phone"}}));
  EXPECT_EQ(
      codes(decode_postal_return_request(R"({"phone":"13800138000"})", phone_hasher()).errors),
      (Expected{{"postal.required", "/reason"}}));
  EXPECT_EQ(codes(decode_postal_return_request("null", phone_hasher()).errors),
            (Expected{{"json.type", ""}}));
}

}  // namespace
}  // namespace oc
