// Shared fixtures for the e-commerce tests: a deterministic identity hasher, the bodies of a
// typical matched order (two lines of cosmetics from Japan through Qianhai, 1210) and helpers.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/identity_key.h"
#include "core/result.h"
#include "ecommerce/documents.h"

namespace oc::ecommerce_testing {

inline constexpr std::string_view buyer_id = "440308199003071235";  // valid check digit
inline constexpr std::string_view other_id = "11010519491231002X";  // valid check digit

inline std::string hash(std::string_view identity) {
  return identity_key("ecommerce-buyer-v1", identity, std::string(32, 'k'));
}
inline const IdentityHasher& hasher() {
  static const IdentityHasher value = [](std::string_view identity) { return hash(identity); };
  return value;
}

// 2 × 150.00 + 1 × 99.90 + freight 20.00 = 419.90
inline std::string order_body() {
  return R"({"id":"ORD-1","platform":"P1","procedure":"1210",)"
         R"("buyer":{"id_number":"440308199003071235","name":"Li Lei","phone":"13800138000"},)"
         R"("items":[{"sku":"SKU-1","hs_code":"3304990000","description":"Face cream 50 ml",)"
         R"("quantity":"2","unit":"PCE","price":"150.00","origin":"JP"},)"
         R"({"sku":"SKU-2","hs_code":"3304100000","description":"Lipstick","quantity":"1",)"
         R"("unit":"PCE","price":"99.90","origin":"JP"}],)"
         R"("freight":"20.00","total":"419.90","currency":"CNY"})";
}
inline std::string payment_body() {
  return R"({"id":"PAY-1","order_id":"ORD-1","payer_id_number":"440308199003071235",)"
         R"("amount":"419.90","paid_at":"2026-11-23T10:15:00+08:00"})";
}
inline std::string waybill_body() {
  return R"({"id":"WB-1","order_id":"ORD-1","logistics_company":"SF Express",)"
         R"("consignee":{"name":" Li Lei ","phone":"+86 138-0013-8000"},)"
         R"("items":[{"sku":"SKU-2","quantity":"1"},{"sku":"SKU-1","quantity":"2.000"}],)"
         R"("departure_country":"JP"})";
}

inline EcommerceOrder order(const std::string& body = order_body()) {
  auto decoded = decode_ecommerce_order(body, hasher());
  EXPECT_TRUE(decoded.errors.empty())
      << decoded.errors.front().code << " " << decoded.errors.front().path;
  return decoded.order;
}
inline EcommercePayment payment(const std::string& body = payment_body()) {
  auto decoded = decode_ecommerce_payment(body, hasher());
  EXPECT_TRUE(decoded.errors.empty())
      << decoded.errors.front().code << " " << decoded.errors.front().path;
  return decoded.payment;
}
inline EcommerceWaybill waybill(const std::string& body = waybill_body()) {
  auto decoded = decode_ecommerce_waybill(body);
  EXPECT_TRUE(decoded.errors.empty())
      << decoded.errors.front().code << " " << decoded.errors.front().path;
  return decoded.waybill;
}

// Replaces the first occurrence of `from` in `text` (which must hold it).
inline std::string replaced(std::string text, std::string_view from, std::string_view to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;
inline Pairs codes_and_paths(const Errors& errors) {
  Pairs out;
  for (const auto& error : errors) out.emplace_back(error.code, error.path);
  return out;
}

}  // namespace oc::ecommerce_testing
