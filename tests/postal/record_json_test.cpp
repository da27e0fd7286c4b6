// The stored form of a postal item (postal/record_json.h): every record the state machine can
// reach reads back exactly from its canonical item and state JSON — scenario by scenario, and as
// a property over random transition sequences whose bodies go through the real decoders — and a
// corrupt stored text is refused with store.corrupt at the path of the first field not as
// written, never a crash.
//
// Decimal's operator== is numeric (1.5 == 1.50), so "exactly" is checked twice: the records
// compare ==, and writing the read-back record gives the same two texts (every Decimal is written
// with to_string, which shows its scale).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <array>
#include <chrono>
#include <string>
#include <vector>

#include "core/json_writer.h"
#include "postal/declaration.h"
#include "postal/item_state.h"
#include "postal/record_json.h"
#include "postal/requests.h"
#include "postal_test_support.h"

namespace oc {
namespace {

using namespace postal_testing;
using std::chrono::microseconds;

const std::string kPhone = "13800138000";
const std::string kOtherPhone = "13900139000";
constexpr std::string_view kTrackingNo = "EE123456785CN";

std::string json_text(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

// "" when the record reads back exactly; otherwise what differs.
std::string round_trip_problem(const PostalItemRecord& record) {
  const std::string item = canonical_postal_item_json(record.item);
  const std::string state = postal_record_state_json(record);
  auto back = read_postal_record(item, state);
  if (!back) return "read failed: " + back.error().code + " at '" + back.error().path + "'";
  if (!(*back == record)) return "read back a different record; state " + state;
  if (canonical_postal_item_json(back->item) != item) return "item text differs: " + item;
  if (postal_record_state_json(*back) != state) return "state text differs: " + state;
  return "";
}

// --- Bodies through the real decoders ------------------------------------------------------

struct Line {
  std::string description, category, quantity, value, currency;
};

std::string contents_json(const std::vector<Line>& lines) {
  std::string out = "[";
  for (const auto& l : lines) {
    if (out.size() > 1) out += ",";
    out += R"({"description":)" + json_text(l.description) + R"(,"category":)" +
           json_text(l.category) + R"(,"quantity":)" + json_text(l.quantity) + R"(,"value":)" +
           json_text(l.value) + R"(,"currency":)" + json_text(l.currency) + "}";
  }
  return out + "]";
}

PostalItem item(std::string_view origin, std::string_view sender_country,
                const std::vector<Line>& contents, std::string_view sender_name = "Sato Hanako") {
  std::string body = R"({"tracking_no":)" + json_text(kTrackingNo) + R"(,"origin":)" +
                     json_text(origin) + R"(,"sender":{"name":)" + json_text(sender_name) +
                     R"(,"address":"1-1 Chiyoda, Tokyo")";
  if (!sender_country.empty()) body += R"(,"country":)" + json_text(sender_country);
  body += R"(},"recipient":{"name":"Li Lei","phone":"+86 138-0013-8000",)"
          R"("address":"1 Renmin Rd, Shenzhen"},"contents":)" +
          contents_json(contents) + "}";
  auto decoded = decode_postal_item(body, phone_hasher());
  EXPECT_TRUE(decoded.errors.empty()) << body;
  return decoded.item;
}

DecodedSupplementaryDeclaration declaration(const std::vector<Line>& contents,
                                            std::string_view phone = kPhone,
                                            std::string_view name = "Li Lei") {
  return decode_supplementary_declaration(
      R"({"phone":)" + json_text(phone) + R"(,"id_number":"11010519491231002X","name":)" +
          json_text(name) + R"(,"contents":)" + contents_json(contents) + "}",
      phone_hasher(), id_hasher());
}

DecodedPostalPayment payment(std::string_view amount, std::string_view method = "wechat",
                             std::string_view phone = kPhone) {
  return decode_postal_payment(R"({"phone":)" + json_text(phone) + R"(,"amount":)" +
                                   json_text(amount) + R"(,"method":)" + json_text(method) +
                                   R"(,"reference":"WX-4200001"})",
                               phone_hasher());
}

DecodedPostalRefundRequest refund(std::string_view id, std::string_view amount,
                                  std::string_view reason = "scarf confiscated as counterfeit",
                                  std::string_view phone = kPhone) {
  return decode_postal_refund_request(R"({"id":)" + json_text(id) + R"(,"phone":)" +
                                          json_text(phone) + R"(,"reason":)" + json_text(reason) +
                                          R"(,"amount":)" + json_text(amount) + "}",
                                      phone_hasher());
}

DecodedPostalRefundReview review(std::string_view decision, std::string_view reason = "") {
  std::string body = R"({"decision":)" + json_text(decision);
  if (!reason.empty()) body += R"(,"reason":)" + json_text(reason);
  return decode_postal_refund_review(body + "}");
}

DecodedPostalReturnRequest return_request(std::string_view reason, std::string_view phone = "") {
  std::string body = R"({"reason":)" + json_text(reason);
  if (!phone.empty()) body += R"(,"phone":)" + json_text(phone);
  return decode_postal_return_request(body + "}", phone_hasher());
}

// Tax 73.00: textiles 20% of 300 + books 13% of 100. Scales as written: "1.000", "300.0".
const std::vector<Line> kPayable = {{"Wool scarf", "textiles", "1.000", "300.0", "CNY"},
                                    {"小说 \"Novel\" \\ vol. 2", "books", "2", "100", "CNY"}};
// Tax 18.25, waived.
const std::vector<Line> kWaived = {{"Green tea", "food_and_drink", "2", "3000", "JPY"}};

PostalItemRecord lodged(TimePoint when = at()) {
  return lodge_postal_item(item("JP", "JP", kWaived), when);
}

template <class Decoded>
const auto& body_of(const Decoded& decoded) {
  EXPECT_TRUE(decoded.errors.empty()) << (decoded.errors.empty() ? "" : decoded.errors[0].code);
  if constexpr (requires { decoded.item; })
    return decoded.item;
  else if constexpr (requires { decoded.declaration; })
    return decoded.declaration;
  else if constexpr (requires { decoded.payment; })
    return decoded.payment;
  else if constexpr (requires { decoded.review; })
    return decoded.review;
  else
    return decoded.request;
}

PostalItemRecord ok(Result<PostalItemRecord> result) {
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().code + " " + result.error().path);
  return result.ok() ? std::move(*result) : PostalItemRecord{};
}

// --- Scenarios -------------------------------------------------------------------------------

TEST(PostalRecordJson, PaidRefundedInFullThenReturned) {
  const auto lodged_record = lodged(at() + microseconds(123457));
  EXPECT_EQ(round_trip_problem(lodged_record), "");
  const auto declared = ok(declare_postal_item(lodged_record, body_of(declaration(kPayable)),
                                               demo_tariff(), at(10) + microseconds(1)));
  ASSERT_EQ(declared.status, PostalStatus::awaiting_payment);
  EXPECT_EQ(round_trip_problem(declared), "");
  const auto paid = ok(pay_postal_tax(declared, body_of(payment("73", "unionpay")), at(20)));
  ASSERT_EQ(paid.status, PostalStatus::released);
  EXPECT_EQ(round_trip_problem(paid), "");
  const auto requested = ok(request_postal_refund(paid, body_of(refund("RF-1", "73.00")), at(30)));
  EXPECT_EQ(round_trip_problem(requested), "");
  const auto approved =
      ok(review_postal_refund(requested, "RF-1", body_of(review("approved")), at(40)));
  ASSERT_EQ(approved.refunds.at(0).status, PostalRefundStatus::approved);
  EXPECT_EQ(round_trip_problem(approved), "");
  const auto returned =
      ok(return_postal_item(approved, body_of(return_request("refused_by_recipient", kPhone)),
                            at(50) + microseconds(999999)));
  ASSERT_EQ(returned.status, PostalStatus::returned);
  EXPECT_EQ(round_trip_problem(returned), "");

  // The scales written come back: the recipient's "1.000" and "300.0", the tax's 2 digits.
  auto back = read_postal_record(canonical_postal_item_json(returned.item),
                                 postal_record_state_json(returned));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->declaration->declaration.contents[0].quantity.scale(), 3);
  EXPECT_EQ(back->declaration->declaration.contents[0].value.scale(), 1);
  EXPECT_EQ(back->declaration->declaration.contents[1].quantity.scale(), 0);
  EXPECT_EQ(back->tax->tax_payable.scale(), returned.tax->tax_payable.scale());
  EXPECT_EQ(back->tax->lines[1].rate_percent.scale(), returned.tax->lines[1].rate_percent.scale());
  EXPECT_EQ(back->lodged_at, at() + microseconds(123457));
  EXPECT_EQ(back->returned->returned_at, at(50) + microseconds(999999));
}

TEST(PostalRecordJson, WaivedRelease) {
  const auto waived =
      ok(declare_postal_item(lodged(), body_of(declaration(kWaived)), demo_tariff(), at(10)));
  ASSERT_EQ(waived.status, PostalStatus::released);
  ASSERT_TRUE(waived.tax && waived.tax->waived);
  EXPECT_FALSE(waived.payment);
  EXPECT_EQ(round_trip_problem(waived), "");
}

TEST(PostalRecordJson, RefusedReviewKeepsItsReason) {
  const auto declared =
      ok(declare_postal_item(lodged(), body_of(declaration(kPayable)), demo_tariff(), at(10)));
  const auto paid = ok(pay_postal_tax(declared, body_of(payment("73.00", "bank_card")), at(20)));
  const auto requested =
      ok(request_postal_refund(paid, body_of(refund("r_2", "10.5", "税款有误 \"wrong\"")), at(30)));
  EXPECT_EQ(round_trip_problem(requested), "");  // pending: reviewed_at null, review_reason ""
  const auto rejected = ok(review_postal_refund(
      requested, "r_2", body_of(review("rejected", "no proof of \"seizure\" \\ 没有证明")),
      at(40)));
  ASSERT_EQ(rejected.refunds.at(0).status, PostalRefundStatus::rejected);
  EXPECT_EQ(round_trip_problem(rejected), "");
  auto back = read_postal_record(canonical_postal_item_json(rejected.item),
                                 postal_record_state_json(rejected));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->refunds[0].review_reason, "no proof of \"seizure\" \\ 没有证明");
  EXPECT_EQ(back->refunds[0].reviewed_at, at(40));
}

TEST(PostalRecordJson, ReturnedWhileAwaitingPayment) {
  const auto declared =
      ok(declare_postal_item(lodged(), body_of(declaration(kPayable)), demo_tariff(), at(10)));
  const auto returned = ok(return_postal_item(declared, body_of(return_request("unpaid")), at(20)));
  ASSERT_EQ(returned.status, PostalStatus::returned);
  ASSERT_TRUE(returned.tax && !returned.payment);
  EXPECT_EQ(round_trip_problem(returned), "");
}

TEST(PostalRecordJson, ItemVariantsReadBackExactly) {
  // No sender country (not written at all), another one, the HK limit, scales, non-ASCII text.
  for (const PostalItem& variant :
       {item("JP", "", kWaived), item("HK", "GB", kPayable, "陈大文 \"Tai Man\""),
        item("US", "US", {{"Tab-free / slash ~ tilde", "books", "0.500", "12.30", "USD"}})}) {
    auto back = read_postal_item(canonical_postal_item_json(variant));
    ASSERT_TRUE(back.ok()) << back.error().path;
    EXPECT_EQ(*back, variant);
    EXPECT_EQ(canonical_postal_item_json(*back), canonical_postal_item_json(variant));
    EXPECT_EQ(round_trip_problem(lodge_postal_item(variant, at())), "");
  }
}

// --- Corrupt stored texts -------------------------------------------------------------------

struct Stored {
  std::string item;
  std::string state;
};

// Paid, one approved and one pending refund: every part of the state is present.
Stored full() {
  const auto declared =
      ok(declare_postal_item(lodged(), body_of(declaration(kPayable)), demo_tariff(), at(10)));
  auto record = ok(pay_postal_tax(declared, body_of(payment("73.00")), at(20)));
  record = ok(request_postal_refund(record, body_of(refund("RF-1", "10.00")), at(30)));
  record = ok(review_postal_refund(record, "RF-1", body_of(review("approved")), at(40)));
  record = ok(request_postal_refund(record, body_of(refund("RF-2", "20.00")), at(50)));
  return {canonical_postal_item_json(record.item), postal_record_state_json(record)};
}

// `text` without [from, the first `until` after it).
std::string cut(std::string text, std::string_view from, std::string_view until) {
  const auto begin = text.find(from);
  const auto end = text.find(until, begin);
  EXPECT_TRUE(begin != std::string::npos && end != std::string::npos) << from;
  if (begin != std::string::npos && end != std::string::npos) text.erase(begin, end - begin);
  return text;
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

void expect_corrupt(const Result<PostalItemRecord>& read, std::string_view path) {
  ASSERT_FALSE(read.ok()) << "expected store.corrupt at " << path;
  EXPECT_EQ(read.error().code, "store.corrupt");
  EXPECT_EQ(read.error().path, path);
}

TEST(PostalRecordJson, CorruptStateGivesThePathOfTheFirstBadField) {
  const Stored s = full();
  auto state = [&](std::string_view from, std::string_view to) {
    return read_postal_record(s.item, replaced(s.state, from, to));
  };
  // Missing fields (an array that is missing must not be iterated).
  expect_corrupt(state(R"("lodged_at":"2026-11-23T10:00:00Z",)", ""), "/lodged_at");
  expect_corrupt(read_postal_record(s.item, cut(s.state, R"(,"refunds":[)", R"(,"returned":)")),
                 "/refunds");
  expect_corrupt(
      read_postal_record(s.item, cut(s.state, R"("lines":[)", R"("value_cny":"400.00")")),
      "/tax/lines");

  expect_corrupt(state(R"(,"declared_at":"2026-11-23T10:10:00Z")", ""), "/declaration/declared_at");
  expect_corrupt(state(R"("review_reason":"","reviewed_at":null})", R"("review_reason":""})"),
                 "/refunds/1/reviewed_at");
  expect_corrupt(state(R"(,"returned":null)", ""), "/returned");
  // Wrong types.
  expect_corrupt(state(R"("waived":false)", R"("waived":"false")"), "/tax/waived");
  expect_corrupt(state(R"("rate_year":2026)", R"("rate_year":"2026")"), "/tax/rate_year");
  expect_corrupt(state(R"("rate_month":11)", R"("rate_month":11.0)"), "/tax/rate_month");
  expect_corrupt(state(R"("rate_year":2026)", R"("rate_year":4294967296)"), "/tax/rate_year");
  expect_corrupt(state(R"("payment":{)", R"("payment":[],"x":{)"), "");  // the unknown member first
  expect_corrupt(state(R"("returned":null)", R"("returned":[])"), "/returned");
  expect_corrupt(state(R"("refunds":[{)", R"("refunds":[7,{)"), "/refunds/0");
  expect_corrupt(state(R"("reviewed_at":null)", R"("reviewed_at":0)"), "/refunds/1/reviewed_at");
  expect_corrupt(state(R"("status":"released")", R"("status":1)"), "/status");
  expect_corrupt(state(R"("name":"Li Lei")", R"("name":null)"), "/declaration/name");
  // Bad decimals and timestamps.
  expect_corrupt(state(R"("amount":"73.00")", R"("amount":"7x")"), "/payment/amount");
  expect_corrupt(state(R"("amount":"73.00")", R"("amount":73.00)"), "/payment/amount");
  expect_corrupt(state(R"("tax_payable":"73.00")", R"("tax_payable":"1e2")"), "/tax/tax_payable");
  expect_corrupt(state(R"("quantity":"1.000")", R"("quantity":"")"),
                 "/declaration/contents/0/quantity");
  expect_corrupt(state(R"("tax":"60.00")", R"("tax":"60.0000000000001")"), "/tax/lines/0/tax");
  expect_corrupt(
      state(R"("paid_at":"2026-11-23T10:20:00Z")", R"("paid_at":"2026-13-23T10:20:00Z")"),
      "/payment/paid_at");
  // Bad enum names.
  expect_corrupt(state(R"("status":"released")", R"("status":"lost")"), "/status");
  expect_corrupt(state(R"("status":"pending")", R"("status":"maybe")"), "/refunds/1/status");
  expect_corrupt(state(R"("method":"wechat")", R"("method":"cash")"), "/payment/method");
  // Fields that were never written, and written twice.
  // (an unknown member is reported at its object: its name could be anything, even a key)
  expect_corrupt(state(R"("waived":false)", R"("waived":false,"extra":1)"), "/tax");
  expect_corrupt(state(R"("waived":false)", R"("waived":false,"waived":true)"), "/tax/waived");
  expect_corrupt(state(R"("receipt_no")", R"("a/b~c":0,"receipt_no")"), "/payment");
  // Not an object at all.
  expect_corrupt(read_postal_record(s.item, ""), "");
  expect_corrupt(read_postal_record(s.item, "null"), "");
  expect_corrupt(read_postal_record(s.item, "[]"), "");
  expect_corrupt(read_postal_record(s.item, s.state.substr(0, s.state.size() / 2)), "");
}

TEST(PostalRecordJson, CorruptItemGivesThePathOfTheFirstBadField) {
  const Stored s = full();
  auto item = [&](std::string_view from, std::string_view to) {
    return read_postal_record(replaced(s.item, from, to), s.state);
  };
  expect_corrupt(item(R"("phone_key")", R"("phone_kee")"), "/recipient");
  expect_corrupt(item(R"(,"phone_masked":"138****8000")", ""), "/recipient/phone_masked");
  expect_corrupt(item(R"("country":"JP")", R"("country":5)"), "/sender/country");
  expect_corrupt(item(R"("country":"JP")", R"("country":"")"), "/sender/country");
  expect_corrupt(item(R"("sender":{)", R"("sender":[{)"), "");  // no longer JSON
  expect_corrupt(
      read_postal_record(s.item.substr(0, s.item.find(R"("contents":)")) + R"("contents":{}})",
                         s.state),
      "/contents");
  expect_corrupt(item(R"("contents":[{)", R"("contents":[[],{)"), "/contents/0");
  expect_corrupt(item(R"("value":"3000")", R"("value":"3,000")"), "/contents/0/value");
  expect_corrupt(item(R"("origin":"JP")", R"("origin":["JP"])"), "/origin");
  expect_corrupt(read_postal_record("{}", s.state), "/tracking_no");
}

TEST(PostalRecordJson, ErrorsNeverRepeatAKeyOrAValue) {
  const Stored s = full();
  const auto declared =
      ok(declare_postal_item(lodged(), body_of(declaration(kPayable)), demo_tariff(), at(10)));
  const std::string phone_key = declared.item.recipient.phone_key;
  const std::string id_key = declared.declaration->declaration.id_number_key;
  for (const auto& read :
       {read_postal_record(replaced(s.item, R"("phone_key")", R"("x")"), s.state),
        read_postal_record(s.item, replaced(s.state, R"("id_number_key")", R"("x")")),
        read_postal_record(s.item,
                           replaced(s.state, R"("phone_key")", "\"" + phone_key + "\":1,\"y\"")),
        read_postal_record(s.item, replaced(s.state, "\"" + id_key + "\"", "7"))}) {
    ASSERT_FALSE(read.ok());
    for (const std::string& secret : {phone_key, id_key}) {
      EXPECT_EQ(read.error().message.find(secret), std::string::npos);
      EXPECT_EQ(read.error().path.find(secret), std::string::npos);
    }
  }
}

// Every prefix and many one-byte changes of both texts: an answer or store.corrupt, no crash.
TEST(PostalRecordJson, DamagedTextsNeverCrash) {
  const Stored s = full();
  auto check = [](const Result<PostalItemRecord>& read) {
    if (!read.ok()) {
      EXPECT_EQ(read.error().code, "store.corrupt");
    }
  };
  for (std::size_t n = 0; n < s.state.size(); ++n)
    check(read_postal_record(s.item, s.state.substr(0, n)));
  for (std::size_t n = 0; n < s.item.size(); ++n)
    check(read_postal_record(s.item.substr(0, n), s.state));
  for (std::size_t i = 0; i < s.state.size(); ++i) {
    for (char c : {'"', '0', 'x', '{', ']', ',', ':', 'n', '\xff'}) {
      std::string damaged = s.state;
      damaged[i] = c;
      check(read_postal_record(s.item, damaged));
    }
  }
  for (std::size_t i = 0; i < s.item.size(); ++i) {
    for (char c : {'"', '1', '[', '}', '\\'}) {
      std::string damaged = s.item;
      damaged[i] = c;
      check(read_postal_record(damaged, s.state));
    }
  }
}

// --- Property: random transition sequences ---------------------------------------------------

rc::Gen<std::string> text() {
  return rc::gen::element<std::string>("Green tea", "佐藤 花子", "O'Brien \"Jr\" \\ / ~", "€ 😀 ✓",
                                       "scarf confiscated", "x");
}

// An amount of `cents` hundredths, written with 0 to 2 fraction digits when exact, so the scale
// varies (quantities up to 3 digits).
rc::Gen<std::string> decimal(std::int64_t whole_max, int fraction_digits_max) {
  return rc::gen::mapcat(rc::gen::inRange(0, fraction_digits_max + 1), [=](int scale) {
    std::int64_t unit = 1;
    for (int i = 0; i < scale; ++i) unit *= 10;
    return rc::gen::map(
        rc::gen::inRange<std::int64_t>(unit, whole_max * unit + 1),
        [=](std::int64_t units) { return Decimal::from_units(units, scale).to_string(); });
  });
}

rc::Gen<std::vector<Line>> contents(int lines_max, std::int64_t value_max) {
  auto line = rc::gen::build<Line>(
      rc::gen::set(&Line::description, text()),
      rc::gen::set(&Line::category,
                   rc::gen::weightedElement<std::string>({{3, "textiles"},
                                                          {3, "books"},
                                                          {3, "food_and_drink"},
                                                          {2, "alcohol"},
                                                          {1, "high_end_watches"},
                                                          {1, "no_such_category"}})),
      rc::gen::set(&Line::quantity, decimal(2, 3)),
      rc::gen::set(&Line::value, decimal(value_max, 2)),
      rc::gen::set(&Line::currency,
                   rc::gen::weightedElement<std::string>(
                       {{6, "CNY"}, {1, "HKD"}, {1, "JPY"}, {1, "USD"}, {1, "EUR"}})));
  return rc::gen::mapcat(rc::gen::inRange(1, lines_max + 1),
                         [=](int n) { return rc::gen::container<std::vector<Line>>(n, line); });
}

// The right phone mostly, sometimes another one (the transitions must refuse it).
std::string some_phone() {
  return *rc::gen::weightedElement<std::string>({{9, kPhone}, {1, kOtherPhone}});
}

// The CNY amount of `amount`'s cents written with 0 to 2 fraction digits where exact.
std::string written(const Decimal& amount) {
  std::string two = amount.to_string();
  const int drop = *rc::gen::inRange(0, 3);
  for (int i = 0; i < drop && (two.back() == '0' || two.back() == '.'); ++i) {
    two.pop_back();
    if (two.back() == '.') {
      two.pop_back();
      break;
    }
  }
  return two;
}

// Steps: declare, pay, request a refund, review it, return.
using Weights = std::array<int, 5>;
int pick(const Weights& weights) {
  int roll = *rc::gen::inRange(0, weights[0] + weights[1] + weights[2] + weights[3] + weights[4]);
  int step = 0;
  while (roll >= weights[step]) roll -= weights[step++];
  return step;
}

RC_GTEST_PROP(PostalRecordJsonProperty, EveryReachedRecordReadsBackExactly, ()) {
  const auto origin = *rc::gen::element<std::string>("JP", "HK", "US", "MO", "DE");
  const auto country = *rc::gen::element<std::string>("", "JP", "GB");
  auto decoded_item = decode_postal_item(
      R"({"tracking_no":"EE123456785CN","origin":)" + json_text(origin) + R"(,"sender":{"name":)" +
          json_text(*text()) + R"(,"address":)" + json_text(*text()) +
          (country.empty() ? std::string() : R"(,"country":)" + json_text(country)) +
          R"(},"recipient":{"name":)" + json_text(*text()) +
          R"(,"phone":"+86 138 0013 8000","address":"1 Renmin Rd"},"contents":)" +
          contents_json(*contents(3, 1500)) + "}",
      phone_hasher());
  RC_ASSERT(decoded_item.errors.empty());
  TimePoint now = at() + microseconds(*rc::gen::inRange<std::int64_t>(0, 86'400'000'000));
  PostalItemRecord record = lodge_postal_item(decoded_item.item, now);
  RC_ASSERT(round_trip_problem(record) == "");

  const int steps = *rc::gen::inRange(0, 20);
  for (int step = 0; step < steps; ++step) {
    now += microseconds(*rc::gen::inRange<std::int64_t>(0, 3'600'000'000));
    std::optional<Result<PostalItemRecord>> next;
    // Mostly the step the status calls for, sometimes any other (which must be refused).
    switch (pick(record.status == PostalStatus::awaiting_declaration ? Weights{8, 1, 1, 1, 2}
                 : record.status == PostalStatus::awaiting_payment   ? Weights{1, 8, 1, 1, 2}
                                                                     : Weights{1, 1, 5, 5, 4})) {
      case 0: {
        auto d = declaration(*contents(2, 900), some_phone(), *text());
        if (d.errors.empty()) next = declare_postal_item(record, d.declaration, demo_tariff(), now);
        break;
      }
      case 1: {
        const std::string amount =
            record.tax && *rc::gen::weightedElement<bool>({{9, true}, {1, false}})
                ? written(record.tax->tax_payable)
                : *decimal(200, 2);
        auto p = payment(
            amount, *rc::gen::element<std::string>("wechat", "alipay", "unionpay", "bank_card"),
            some_phone());
        if (p.errors.empty()) next = pay_postal_tax(record, p.payment, now);
        break;
      }
      case 2: {
        std::string amount = *decimal(80, 2);
        if (record.payment && *rc::gen::weightedElement<bool>({{3, true}, {1, false}})) {
          amount =
              written(record.payment->payment.amount.subtract(postal_refunded(record)).value());
        }
        auto r = refund(*rc::gen::element<std::string>("RF-1", "RF-2", "r_3"), amount, *text(),
                        some_phone());
        if (r.errors.empty()) next = request_postal_refund(record, r.request, now);
        break;
      }
      case 3: {
        std::string id = "RF-1";
        for (const auto& r : record.refunds) {
          if (r.status == PostalRefundStatus::pending) id = r.request.id;
        }
        const bool approve = *rc::gen::weightedElement<bool>({{3, true}, {1, false}});
        auto r = review(approve ? "approved" : "rejected",
                        approve && *rc::gen::arbitrary<bool>() ? "" : *text());
        if (r.errors.empty()) next = review_postal_refund(record, id, r.review, now);
        break;
      }
      default: {
        const auto reason = *rc::gen::element<std::string>("refused_by_recipient", "unpaid",
                                                           "prohibited", "undeliverable");
        auto r = return_request(reason, *rc::gen::element<std::string>("", kPhone, kOtherPhone));
        if (r.errors.empty()) next = return_postal_item(record, r.request, now);
        break;
      }
    }
    if (next && next->ok()) {
      record = std::move(**next);
      const std::string problem = round_trip_problem(record);
      RC_ASSERT(problem == "");
    }
  }
  RC_TAG(std::string(to_string(record.status)), record.payment ? "paid" : "not paid",
         record.refunds.empty() ? "no refunds" : "refunds");
}

}  // namespace
}  // namespace oc
