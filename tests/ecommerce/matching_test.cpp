// Three-document matching: statuses for every subset, the same answer in every arrival order,
// each mismatch with its exact path, expected and got, and the status answer's JSON.
#include "ecommerce/matching.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>

#include "ecommerce_test_support.h"

namespace oc {
namespace {

using namespace ecommerce_testing;
using Mismatches = std::vector<EcommerceMismatch>;

// The store's view: documents arrive one at a time and the order is matched after each.
struct Arrivals {
  std::optional<EcommerceOrder> order;
  std::optional<EcommercePayment> payment;
  std::optional<EcommerceWaybill> waybill;
  std::vector<EcommerceMatch> after_each;

  void arrive(char which, const EcommerceOrder& o, const EcommercePayment& p,
              const EcommerceWaybill& w) {
    if (which == 'o') order = o;
    if (which == 'p') payment = p;
    if (which == 'w') waybill = w;
    after_each.push_back(match_order(order ? &*order : nullptr, payment ? &*payment : nullptr,
                                     waybill ? &*waybill : nullptr));
  }
};

std::vector<Arrivals> every_arrival_order(const EcommerceOrder& o, const EcommercePayment& p,
                                          const EcommerceWaybill& w) {
  std::string sequence = "opw";
  std::sort(sequence.begin(), sequence.end());
  std::vector<Arrivals> all;
  do {
    Arrivals arrivals;
    for (char which : sequence) arrivals.arrive(which, o, p, w);
    all.push_back(std::move(arrivals));
  } while (std::next_permutation(sequence.begin(), sequence.end()));
  return all;
}

TEST(EcommerceMatching, NothingYet) {
  EcommerceMatch match = match_order(nullptr, nullptr, nullptr);
  EXPECT_EQ(match.status, EcommerceMatchStatus::awaiting_documents);
  EXPECT_EQ(match.missing, (std::vector<std::string>{"order", "payment", "waybill"}));
  EXPECT_TRUE(match.mismatches.empty());
  EXPECT_FALSE(match.dutiable_value_cny.has_value());
}

TEST(EcommerceMatching, TheTypicalSetMatches) {
  auto o = order();
  auto p = payment();
  auto w = waybill();
  EcommerceMatch match = match_order(&o, &p, &w);
  EXPECT_EQ(match.status, EcommerceMatchStatus::matched);
  EXPECT_TRUE(match.missing.empty());
  EXPECT_TRUE(match.mismatches.empty());
  EXPECT_EQ(match.dutiable_value_cny, Decimal::from_units(41990, 2));
  EXPECT_FALSE(match.single_indivisible_item);
  EXPECT_EQ(match_json(match), R"({"status":"matched","missing":[],"mismatches":[]})");
}

TEST(EcommerceMatching, EveryArrivalOrderEndsMatched) {
  auto all = every_arrival_order(order(), payment(), waybill());
  ASSERT_EQ(all.size(), 6u);
  for (const auto& arrivals : all) {
    ASSERT_EQ(arrivals.after_each.size(), 3u);
    EXPECT_EQ(arrivals.after_each[0].status, EcommerceMatchStatus::awaiting_documents);
    EXPECT_EQ(arrivals.after_each[0].missing.size(), 2u);
    EXPECT_EQ(arrivals.after_each[1].status, EcommerceMatchStatus::awaiting_documents);
    EXPECT_EQ(arrivals.after_each[1].missing.size(), 1u);
    EXPECT_EQ(arrivals.after_each[2], all.front().after_each[2]);
    EXPECT_EQ(arrivals.after_each[2].status, EcommerceMatchStatus::matched);
  }
}

TEST(EcommerceMatching, EveryArrivalOrderEndsInTheSameMismatches) {
  auto p = payment(replaced(payment_body(), R"("amount":"419.90")", R"("amount":"400.00")"));
  auto w = waybill(replaced(waybill_body(), "+86 138-0013-8000", "13900139000"));
  auto all = every_arrival_order(order(), p, w);
  const Mismatches expected = {{"/payment/amount", "419.90", "400.00"},
                               {"/waybill/consignee/phone", "13800138000", "13900139000"}};
  for (const auto& arrivals : all) {
    EXPECT_EQ(arrivals.after_each.back().status, EcommerceMatchStatus::mismatch);
    EXPECT_EQ(arrivals.after_each.back().mismatches, expected);
    EXPECT_EQ(arrivals.after_each.back(), all.front().after_each.back());
  }
}

TEST(EcommerceMatching, AMismatchIsReportedBeforeTheLastDocumentArrives) {
  auto o = order();
  auto p = payment(replaced(payment_body(), R"("amount":"419.90")", R"("amount":"400.00")"));
  EcommerceMatch match = match_order(&o, &p, nullptr);
  EXPECT_EQ(match.status, EcommerceMatchStatus::mismatch);
  EXPECT_EQ(match.missing, (std::vector<std::string>{"waybill"}));
  EXPECT_EQ(match.mismatches, (Mismatches{{"/payment/amount", "419.90", "400.00"}}));
}

TEST(EcommerceMatching, WithoutTheOrderNothingIsCompared) {
  auto p = payment(replaced(payment_body(), R"("amount":"419.90")", R"("amount":"1.00")"));
  auto w = waybill(replaced(waybill_body(), R"(" Li Lei ")", R"("Han Meimei")"));
  EcommerceMatch match = match_order(nullptr, &p, &w);
  EXPECT_EQ(match.status, EcommerceMatchStatus::awaiting_documents);
  EXPECT_EQ(match.missing, (std::vector<std::string>{"order"}));
  EXPECT_TRUE(match.mismatches.empty());
}

Mismatches mismatches_of(const EcommerceOrder& o, const EcommercePayment& p,
                         const EcommerceWaybill& w) {
  EcommerceMatch match = match_order(&o, &p, &w);
  EXPECT_EQ(match.status, match.mismatches.empty() ? EcommerceMatchStatus::matched
                                                   : EcommerceMatchStatus::mismatch);
  return match.mismatches;
}

TEST(EcommerceMatching, OrderTotalMustAddUp) {
  auto o = order(replaced(order_body(), R"("total":"419.90")", R"("total":"420.00")"));
  auto p = payment(replaced(payment_body(), R"("amount":"419.90")", R"("amount":"420")"));
  EXPECT_EQ(mismatches_of(o, p, waybill()), (Mismatches{{"/order/total", "419.90", "420.00"}}));
  // Insurance counts: 419.90 + 1.10.
  auto insured =
      order(replaced(replaced(order_body(), R"("total":"419.90")", R"("total":"421.00")"),
                     R"("freight":"20.00")", R"("freight":"20.00","insurance":"1.10")"));
  auto paid = payment(replaced(payment_body(), R"("amount":"419.90")", R"("amount":"421.00")"));
  EXPECT_EQ(mismatches_of(insured, paid, waybill()), Mismatches{});
  EXPECT_EQ(match_order(&insured, &paid, nullptr).dutiable_value_cny,
            Decimal::from_units(42100, 2));
}

TEST(EcommerceMatching, PaymentAmountAndOrderId) {
  auto p =
      payment(replaced(replaced(payment_body(), R"("amount":"419.90")", R"("amount":"419.91")"),
                       R"("order_id":"ORD-1")", R"("order_id":"ORD-2")"));
  EXPECT_EQ(mismatches_of(order(), p, waybill()),
            (Mismatches{{"/payment/order_id", "ORD-1", "ORD-2"},
                        {"/payment/amount", "419.90", "419.91"}}));
}

TEST(EcommerceMatching, ThePayerMustBeTheBuyerShownMasked) {
  auto p = payment(replaced(payment_body(), buyer_id, other_id));
  auto o = order();
  auto w = waybill();
  EcommerceMatch match = match_order(&o, &p, &w);
  EXPECT_EQ(match.mismatches,
            (Mismatches{{"/payment/payer_id_number", "440*************35", "110*************2X"}}));
  const std::string json = match_json(match);
  EXPECT_EQ(json.find(buyer_id), std::string::npos);
  EXPECT_EQ(json.find(other_id), std::string::npos);
  EXPECT_EQ(json.find("0308199003071"), std::string::npos);
  // A passport holder paying for a passport holder's order matches by key.
  auto po = order(replaced(order_body(), buyer_id, "e1234567"));
  auto pp = payment(replaced(payment_body(), buyer_id, "E1234567"));
  EXPECT_EQ(match_order(&po, &pp, &w).status, EcommerceMatchStatus::matched);
}

TEST(EcommerceMatching, TheConsigneeIsTheBuyer) {
  auto w = waybill(replaced(replaced(waybill_body(), R"(" Li Lei ")", R"("Han Meimei")"),
                            "+86 138-0013-8000", "+44 20 7946 0958"));
  EXPECT_EQ(mismatches_of(order(), payment(), w),
            (Mismatches{{"/waybill/consignee/name", "Li Lei", "Han Meimei"},
                        {"/waybill/consignee/phone", "13800138000", "+442079460958"}}));
}

TEST(EcommerceMatching, WaybillGoodsBySkuAndQuantity) {
  auto w = waybill(replaced(
      waybill_body(), R"([{"sku":"SKU-2","quantity":"1"},{"sku":"SKU-1","quantity":"2.000"}])",
      R"([{"sku":"SKU-2","quantity":"1.5"},{"sku":"SKU-9","quantity":"1"}])"));
  EXPECT_EQ(mismatches_of(order(), payment(), w),
            (Mismatches{{"/waybill/items/0/quantity", "1", "1.5"},
                        {"/waybill/items/1/sku", "", "SKU-9"},
                        {"/waybill/items", "SKU-1 × 2", ""}}));
  auto wrong_order =
      waybill(replaced(waybill_body(), R"("order_id":"ORD-1")", R"("order_id":"ORD-7")"));
  EXPECT_EQ(mismatches_of(order(), payment(), wrong_order),
            (Mismatches{{"/waybill/order_id", "ORD-1", "ORD-7"}}));
}

TEST(EcommerceMatching, EveryDisagreementAtOnceInAFixedOrder) {
  auto o = order(replaced(order_body(), R"("total":"419.90")", R"("total":"500.00")"));
  auto p = payment(replaced(replaced(payment_body(), R"("amount":"419.90")", R"("amount":"1.00")"),
                            buyer_id, other_id));
  auto w = waybill(replaced(replaced(waybill_body(), R"(" Li Lei ")", R"("Li")"),
                            R"({"sku":"SKU-2","quantity":"1"},)", ""));
  EcommerceMatch match = match_order(&o, &p, &w);
  EXPECT_EQ(match.mismatches,
            (Mismatches{{"/order/total", "419.90", "500.00"},
                        {"/payment/amount", "500.00", "1.00"},
                        {"/payment/payer_id_number", "440*************35", "110*************2X"},
                        {"/waybill/consignee/name", "Li Lei", "Li"},
                        {"/waybill/items", "SKU-2 × 1", ""}}));
  EXPECT_EQ(match_json(match_order(&o, nullptr, nullptr)),
            R"({"status":"mismatch","missing":["payment","waybill"],"mismatches":[)"
            R"({"path":"/order/total","expected":"419.90","got":"500.00"}]})");
}

TEST(EcommerceMatching, TransactionRuleInputs) {
  const std::string one_line =
      R"({"id":"ORD-9","platform":"P1","procedure":"9610","buyer":{"id_number":"E1234567",)"
      R"("name":"A","phone":"12345"},"items":[{"sku":"S","hs_code":"85171300","description":"Phone",)"
      R"("quantity":"1","unit":"PCE","price":"6999.00"}],"freight":"0.50","insurance":"0.25",)"
      R"("total":"6999.75","currency":"CNY"})";
  auto single = order(one_line);
  EcommerceMatch match = match_order(&single, nullptr, nullptr);
  EXPECT_TRUE(match.single_indivisible_item);
  EXPECT_EQ(match.dutiable_value_cny, Decimal::from_units(699975, 2));
  EXPECT_EQ(match.status, EcommerceMatchStatus::awaiting_documents);
  auto two = order(replaced(replaced(one_line, R"("quantity":"1")", R"("quantity":"2")"),
                            R"("total":"6999.75")", R"("total":"13998.75")"));
  EXPECT_FALSE(match_order(&two, nullptr, nullptr).single_indivisible_item);
  EXPECT_EQ(match_order(&two, nullptr, nullptr).mismatches, Mismatches{});
  EXPECT_FALSE(is_single_indivisible_item(order()));
}

TEST(EcommerceMatching, LineAmountsRoundHalfUpToCents) {
  EcommerceOrderItem item;
  item.quantity = Decimal::from_units(333, 3);
  item.price = Decimal::from_units(1000, 2);
  EXPECT_EQ(ecommerce_line_amount(item)->to_string(), "3.33");
  item.quantity = Decimal::from_units(500, 3);
  item.price = Decimal::from_units(1, 2);
  EXPECT_EQ(ecommerce_line_amount(item)->to_string(), "0.01");  // 0.005 -> 0.01
  item.quantity = Decimal::from_units(1'000'000'000, 3);
  item.price = Decimal::from_units(1'000'000'000, 2);
  EXPECT_EQ(ecommerce_line_amount(item)->to_string(), "10000000000000.00");  // the limits' product
}

}  // namespace
}  // namespace oc
