// The postal item state machine: every transition allowed and refused, "what is needed", and the
// lookup view.
#include <gtest/gtest.h>

#include "postal/item_state.h"
#include "postal_test_support.h"

namespace oc {
namespace {

using namespace postal_testing;

const std::string kPhone = "13800138000";

std::string key(std::string_view phone = kPhone) {
  return identity_key(postal_phone_key_domain, phone, kSecret);
}

PostalItemRecord lodged() {
  auto decoded = decode_postal_item(kItemBody, phone_hasher());
  EXPECT_TRUE(decoded.errors.empty());
  return lodge_postal_item(decoded.item, at());
}

PostalContentLine line(const char* description, const char* category, const char* quantity,
                       const char* value, const char* currency) {
  return {description, category, *Decimal::parse(quantity), *Decimal::parse(value), currency};
}

SupplementaryDeclaration declaration(std::vector<PostalContentLine> contents,
                                     std::string phone_key = key()) {
  return {std::move(phone_key),
          identity_key(postal_id_number_key_domain, "11010519491231002X", kSecret),
          "1101**********002X", "Li Lei", std::move(contents)};
}

// Tax 73.00: textiles 20% of 300 + books 13% of 100.
SupplementaryDeclaration payable_declaration() {
  return declaration({line("Wool scarf", "textiles", "1", "300", "CNY"),
                      line("Novel", "books", "2", "100", "CNY")});
}
// Tax 18.25, waived.
SupplementaryDeclaration waived_declaration() {
  return declaration({line("Green tea", "food_and_drink", "2", "3000", "JPY")});
}

PostalPayment payment(const char* amount = "73.00", std::string phone_key = key()) {
  return {std::move(phone_key), *Decimal::parse(amount), PostalPaymentMethod::wechat, "WX-4200001"};
}

PostalRefundRequest refund(const char* id, const char* amount, std::string phone_key = key()) {
  return {id, std::move(phone_key), "scarf confiscated as counterfeit", *Decimal::parse(amount)};
}

PostalItemRecord awaiting_payment() {
  return *declare_postal_item(lodged(), payable_declaration(), demo_tariff(), at(10));
}
PostalItemRecord paid() {
  return *pay_postal_tax(awaiting_payment(), payment(), at(20));
}
PostalItemRecord waived() {
  return *declare_postal_item(lodged(), waived_declaration(), demo_tariff(), at(10));
}
PostalItemRecord returned() {
  return *return_postal_item(lodged(), {PostalReturnReason::undeliverable, std::nullopt}, at(5));
}

template <class T>
void expect_error(const Result<T>& result, const char* code, const char* path = "") {
  ASSERT_FALSE(result.ok()) << "expected " << code;
  EXPECT_EQ(result.error().code, code) << result.error().message;
  EXPECT_EQ(result.error().path, path);
}

using Needed = std::vector<std::string_view>;

TEST(PostalState, Lodged) {
  auto record = lodged();
  EXPECT_EQ(record.status, PostalStatus::awaiting_declaration);
  EXPECT_EQ(postal_needed(record), (Needed{"declaration"}));
  EXPECT_EQ(record.lodged_at, at());
}

TEST(PostalState, DeclarationWithTaxPayableAwaitsPayment) {
  auto record = awaiting_payment();
  EXPECT_EQ(record.status, PostalStatus::awaiting_payment);
  EXPECT_EQ(postal_needed(record), (Needed{"payment"}));
  ASSERT_TRUE(record.tax && record.declaration);
  EXPECT_EQ(record.tax->tax_payable.to_string(), "73.00");
  EXPECT_EQ(record.declaration->declared_at, at(10));
}

TEST(PostalState, TheRecipientsContentsAreAssessedNotTheOperators) {
  // The operator lodged green tea (waived); the recipient declares a scarf and books.
  auto record = awaiting_payment();
  EXPECT_EQ(record.item.contents[0].category, "food_and_drink");
  EXPECT_EQ(record.tax->lines[0].category, "textiles");
}

TEST(PostalState, WaivedTaxReleasesAtOnce) {
  auto record = waived();
  EXPECT_EQ(record.status, PostalStatus::released);
  EXPECT_TRUE(record.tax->waived);
  EXPECT_EQ(postal_needed(record), Needed{});
  EXPECT_FALSE(record.payment);
}

TEST(PostalState, DeclarationRefused) {
  expect_error(
      declare_postal_item(lodged(), declaration(payable_declaration().contents, key("13900139000")),
                          demo_tariff(), at(10)),
      "postal.not_found");
  expect_error(
      declare_postal_item(awaiting_payment(), payable_declaration(), demo_tariff(), at(11)),
      "postal.state_conflict");
  expect_error(declare_postal_item(paid(), payable_declaration(), demo_tariff(), at(30)),
               "postal.state_conflict");
  expect_error(declare_postal_item(returned(), payable_declaration(), demo_tariff(), at(30)),
               "postal.state_conflict");
  auto conflict = declare_postal_item(waived(), payable_declaration(), demo_tariff(), at(11));
  ASSERT_FALSE(conflict.ok());
  EXPECT_NE(conflict.error().message.find("is released"), std::string::npos);
}

TEST(PostalState, RefusedAssessmentLeavesTheItemAwaitingItsDeclaration) {
  const auto record = lodged();
  auto over =
      declare_postal_item(record,
                          declaration({line("TV", "electrical_appliances", "1", "100", "USD"),
                                       line("TV", "electrical_appliances", "1", "100", "USD")}),
                          demo_tariff(), at(10));
  expect_error(over, "postal.parcel_value_exceeded", "/contents");
  expect_error(declare_postal_item(record, declaration({line("x", "spaceships", "1", "1", "CNY")}),
                                   demo_tariff(), at(10)),
               "postal.unknown_category", "/contents/0/category");
  EXPECT_EQ(record.status, PostalStatus::awaiting_declaration);
  // A corrected declaration is then accepted.
  EXPECT_TRUE(declare_postal_item(record, payable_declaration(), demo_tariff(), at(12)).ok());
}

TEST(PostalState, PaymentReleases) {
  auto record = paid();
  EXPECT_EQ(record.status, PostalStatus::released);
  EXPECT_EQ(postal_needed(record), Needed{});
  ASSERT_TRUE(record.payment);
  EXPECT_EQ(record.payment->receipt_no, "OCP-20261123-EE123456785CN");
  EXPECT_EQ(record.payment->paid_at, at(20));
  // The same amount written without cents is the same amount.
  EXPECT_TRUE(pay_postal_tax(awaiting_payment(), payment("73"), at(20)).ok());
}

TEST(PostalState, PaymentRefused) {
  expect_error(pay_postal_tax(awaiting_payment(), payment("72.99"), at(20)),
               "postal.payment_amount_mismatch", "/amount");
  expect_error(pay_postal_tax(awaiting_payment(), payment("73.01"), at(20)),
               "postal.payment_amount_mismatch", "/amount");
  expect_error(pay_postal_tax(awaiting_payment(), payment("73.00", key("13900139000")), at(20)),
               "postal.not_found");
  expect_error(pay_postal_tax(lodged(), payment(), at(20)), "postal.state_conflict");
  expect_error(pay_postal_tax(paid(), payment(), at(21)), "postal.state_conflict");
  expect_error(pay_postal_tax(waived(), payment("18.25"), at(21)), "postal.state_conflict");
  expect_error(pay_postal_tax(returned(), payment(), at(21)), "postal.state_conflict");
}

TEST(PostalState, RefundRequestAndReview) {
  auto requested = request_postal_refund(paid(), refund("RF-1", "60.00"), at(30));
  ASSERT_TRUE(requested.ok());
  ASSERT_EQ(requested->refunds.size(), 1u);
  EXPECT_EQ(requested->refunds[0].status, PostalRefundStatus::pending);
  EXPECT_EQ(requested->status, PostalStatus::released);
  // One pending request at a time.
  expect_error(request_postal_refund(*requested, refund("RF-2", "1.00"), at(31)),
               "postal.refund_pending");
  expect_error(request_postal_refund(*requested, refund("RF-1", "60.00"), at(31)),
               "postal.refund_id_exists", "/id");
  auto approved =
      review_postal_refund(*requested, "RF-1", {PostalRefundDecision::approved, ""}, at(40));
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved->refunds[0].status, PostalRefundStatus::approved);
  EXPECT_EQ(approved->refunds[0].reviewed_at, at(40));
  EXPECT_EQ(postal_refunded(*approved).to_string(), "60.00");
  // Reviewed once only.
  expect_error(
      review_postal_refund(*approved, "RF-1", {PostalRefundDecision::rejected, "no"}, at(41)),
      "postal.state_conflict");
  expect_error(
      review_postal_refund(*approved, "RF-9", {PostalRefundDecision::approved, ""}, at(41)),
      "postal.refund_not_found");
  // 13.00 of the 73.00 remain refundable.
  expect_error(request_postal_refund(*approved, refund("RF-2", "13.01"), at(42)),
               "postal.refund_exceeds_paid", "/amount");
  auto second = request_postal_refund(*approved, refund("RF-2", "13.00"), at(42));
  ASSERT_TRUE(second.ok());
  auto rejected = review_postal_refund(
      *second, "RF-2", {PostalRefundDecision::rejected, "books were not seized"}, at(50));
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->refunds[1].status, PostalRefundStatus::rejected);
  EXPECT_EQ(rejected->refunds[1].review_reason, "books were not seized");
  EXPECT_EQ(postal_refunded(*rejected).to_string(), "60.00");
}

TEST(PostalState, RefundRefused) {
  expect_error(request_postal_refund(paid(), refund("RF-1", "73.01"), at(30)),
               "postal.refund_exceeds_paid", "/amount");
  expect_error(request_postal_refund(paid(), refund("RF-1", "1", key("13900139000")), at(30)),
               "postal.not_found");
  expect_error(request_postal_refund(lodged(), refund("RF-1", "1"), at(30)),
               "postal.state_conflict");
  expect_error(request_postal_refund(awaiting_payment(), refund("RF-1", "1"), at(30)),
               "postal.state_conflict");
  expect_error(request_postal_refund(waived(), refund("RF-1", "1"), at(30)),
               "postal.state_conflict");
  expect_error(request_postal_refund(returned(), refund("RF-1", "1"), at(30)),
               "postal.state_conflict");
}

TEST(PostalState, AtMostTwentyRefundRequests) {
  auto record = paid();
  for (std::size_t i = 0; i < postal_refunds_max; ++i) {
    const std::string id = "RF-" + std::to_string(i);
    record = *request_postal_refund(record, refund(id.c_str(), "0.01"), at(30));
    record = *review_postal_refund(record, id, {PostalRefundDecision::rejected, "no"}, at(31));
  }
  expect_error(request_postal_refund(record, refund("RF-X", "0.01"), at(40)),
               "postal.too_many_refunds");
}

TEST(PostalState, ReturnBeforeRelease) {
  auto from_lodged =
      return_postal_item(lodged(), {PostalReturnReason::undeliverable, std::nullopt}, at(5));
  ASSERT_TRUE(from_lodged.ok());
  EXPECT_EQ(from_lodged->status, PostalStatus::returned);
  EXPECT_EQ(postal_needed(*from_lodged), Needed{});
  ASSERT_TRUE(from_lodged->returned);
  EXPECT_EQ(from_lodged->returned->reason, PostalReturnReason::undeliverable);
  auto unpaid =
      return_postal_item(awaiting_payment(), {PostalReturnReason::unpaid, std::nullopt}, at(60));
  ASSERT_TRUE(unpaid.ok());
  EXPECT_EQ(unpaid->status, PostalStatus::returned);
  auto refused = return_postal_item(awaiting_payment(),
                                    {PostalReturnReason::refused_by_recipient, key()}, at(60));
  ASSERT_TRUE(refused.ok());
  EXPECT_TRUE(
      return_postal_item(lodged(), {PostalReturnReason::prohibited, std::nullopt}, at(5)).ok());
}

TEST(PostalState, ReturnRefused) {
  expect_error(return_postal_item(lodged(), {PostalReturnReason::unpaid, std::nullopt}, at(5)),
               "postal.return_reason", "/reason");
  expect_error(return_postal_item(
                   lodged(), {PostalReturnReason::refused_by_recipient, key("13900139000")}, at(5)),
               "postal.not_found");
  expect_error(
      return_postal_item(lodged(), {PostalReturnReason::refused_by_recipient, std::nullopt}, at(5)),
      "postal.not_found");
  expect_error(
      return_postal_item(returned(), {PostalReturnReason::undeliverable, std::nullopt}, at(6)),
      "postal.state_conflict");
  expect_error(
      return_postal_item(waived(), {PostalReturnReason::undeliverable, std::nullopt}, at(11)),
      "postal.state_conflict");
  expect_error(
      return_postal_item(paid(), {PostalReturnReason::refused_by_recipient, key()}, at(30)),
      "postal.state_conflict");
}

TEST(PostalState, ReturnAfterPaymentNeedsTheTaxRefundedInFull) {
  auto record = *request_postal_refund(paid(), refund("RF-1", "73.00"), at(30));
  // Pending: not yet.
  expect_error(
      return_postal_item(record, {PostalReturnReason::refused_by_recipient, key()}, at(31)),
      "postal.state_conflict");
  auto partly =
      *review_postal_refund(*request_postal_refund(paid(), refund("RF-1", "70.00"), at(30)), "RF-1",
                            {PostalRefundDecision::approved, ""}, at(32));
  expect_error(
      return_postal_item(partly, {PostalReturnReason::refused_by_recipient, key()}, at(33)),
      "postal.state_conflict");
  record = *review_postal_refund(record, "RF-1", {PostalRefundDecision::approved, ""}, at(40));
  auto back = return_postal_item(record, {PostalReturnReason::refused_by_recipient, key()}, at(41));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->status, PostalStatus::returned);
  // Returned after a paid refund: no further refund, payment or declaration.
  expect_error(request_postal_refund(*back, refund("RF-2", "0.01"), at(42)),
               "postal.refund_exceeds_paid", "/amount");
}

TEST(PostalState, TransitionsDoNotChangeTheirArgument) {
  const auto before = awaiting_payment();
  const auto copy = before;
  ASSERT_TRUE(pay_postal_tax(before, payment(), at(20)).ok());
  EXPECT_EQ(before, copy);
}

TEST(PostalView, Lodged) {
  EXPECT_EQ(
      postal_item_view_json(lodged()),
      R"({"tracking_no":"EE123456785CN","check_digit_valid":true,"status":"awaiting_declaration","needed":["declaration"],)"
      R"("origin":"JP","lodged_at":"2026-11-23T10:00:00Z","recipient":{"phone":"138****8000"},)"
      R"("contents_declared_by":"operator","contents":[{"description":"Green tea","category":"food_and_drink",)"
      R"("quantity":"2","value":"3000","currency":"JPY"}],"tax":null,"payment":null,"refunds":[],)"
      R"("refunded":"0.00","returned":null})");
}

TEST(PostalView, PaidWithARefund) {
  auto record = *review_postal_refund(*request_postal_refund(paid(), refund("RF-1", "60"), at(30)),
                                      "RF-1", {PostalRefundDecision::approved, ""}, at(40));
  const std::string view = postal_item_view_json(record);
  EXPECT_EQ(
      view,
      R"({"tracking_no":"EE123456785CN","check_digit_valid":true,"status":"released","needed":[],)"
      R"("origin":"JP","lodged_at":"2026-11-23T10:00:00Z","recipient":{"phone":"138****8000"},)"
      R"("contents_declared_by":"recipient","contents":[)"
      R"({"description":"Wool scarf","category":"textiles","quantity":"1","value":"300","currency":"CNY"},)"
      R"({"description":"Novel","category":"books","quantity":"2","value":"100","currency":"CNY"}],)"
      R"("tax":{"value_cny":"400.00","limit_cny":"1000.00","tax_computed":"73.00","tax_payable":"73.00",)"
      R"("waived":false,"rate_month":"2026-11","lines":[)"
      R"({"category":"textiles","rate":"20%","value_cny":"300.00","tax":"60.00"},)"
      R"({"category":"books","rate":"13%","value_cny":"100.00","tax":"13.00"}]},)"
      R"("payment":{"amount":"73.00","method":"wechat","reference":"WX-4200001",)"
      R"("paid_at":"2026-11-23T10:20:00Z","receipt_no":"OCP-20261123-EE123456785CN"},)"
      R"("refunds":[{"id":"RF-1","amount":"60.00","reason":"scarf confiscated as counterfeit",)"
      R"("status":"approved","requested_at":"2026-11-23T10:30:00Z","reviewed_at":"2026-11-23T10:40:00Z"}],)"
      R"("refunded":"60.00","returned":null})");
  // Never the clear phone, the identity number or its key, the name or the address.
  for (const std::string& secret :
       {kPhone, std::string("11010519491231002X"), record.declaration->declaration.id_number_key,
        std::string("Li Lei"), std::string("Renmin"), key()}) {
    EXPECT_EQ(view.find(secret), std::string::npos) << secret;
  }
}

TEST(PostalView, Returned) {
  auto view = postal_item_view_json(returned());
  EXPECT_NE(view.find(R"("status":"returned","needed":[])"), std::string::npos);
  EXPECT_NE(
      view.find(R"("returned":{"reason":"undeliverable","returned_at":"2026-11-23T10:05:00Z"})"),
      std::string::npos);
}


}  // namespace
}  // namespace oc
