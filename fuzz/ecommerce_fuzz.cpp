// Fuzz target: bytes as an e-commerce order, payment and waybill body (docs/ecommerce.md). Nothing
// may crash, hang or trip a sanitizer; beyond that:
// - every error has a code from the decoders' list and a JSON-pointer path ("" or "/…");
// - a clean document decodes to the same canonical JSON twice, and its masked identity never
//   holds the number's middle;
// - a clean order with the payment and waybill that agree with it matches exactly when its total
//   adds up (else the only mismatch is /order/total), the match is the same in all 6 arrival
//   orders, and a matched set's declaration body passes the declaration decoder.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/identity_key.h"
#include "declaration/json_codec.h"
#include "ecommerce/declaration.h"
#include "ecommerce/matching.h"

namespace {

void check_errors(const oc::Errors& errors) {
  for (const auto& error : errors) {
    const bool known_prefix = error.code.starts_with("ecommerce.") ||
                              error.code.starts_with("field.") || error.code.starts_with("json.") ||
                              error.code == "body.too_large";
    if (!known_prefix) std::abort();
    if (!error.path.empty() && error.path.front() != '/') std::abort();
  }
}

std::string hash(std::string_view identity) {
  // Any deterministic function serves here; the real one is keyed BLAKE2b.
  return oc::identity_key("fuzz", identity, "0123456789abcdef0123456789abcdef");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  const oc::IdentityHasher hasher = hash;

  auto payment = oc::decode_ecommerce_payment(body, hasher);
  check_errors(payment.errors);
  if (payment.errors.empty()) {
    if (oc::canonical_json(payment.payment) !=
        oc::canonical_json(oc::decode_ecommerce_payment(body, hasher).payment)) {
      std::abort();
    }
  }
  auto waybill = oc::decode_ecommerce_waybill(body);
  check_errors(waybill.errors);
  if (waybill.errors.empty()) (void)oc::content_hash(waybill.waybill);

  auto decoded = oc::decode_ecommerce_order(body, hasher);
  check_errors(decoded.errors);
  if (!decoded.errors.empty()) return 0;
  const oc::EcommerceOrder& order = decoded.order;
  if (order.items.empty() || order.buyer.identity.masked.find('*') == std::string::npos) {
    std::abort();
  }
  if (oc::canonical_json(order) !=
      oc::canonical_json(oc::decode_ecommerce_order(body, hasher).order)) {
    std::abort();
  }

  oc::EcommercePayment agreeing_payment;
  agreeing_payment.id = "PAY-F";
  agreeing_payment.order_id = order.id;
  agreeing_payment.payer = order.buyer.identity;
  agreeing_payment.amount = order.total;
  oc::EcommerceWaybill agreeing_waybill;
  agreeing_waybill.id = "WB-F";
  agreeing_waybill.order_id = order.id;
  agreeing_waybill.consignee = {order.buyer.name, order.buyer.phone};
  agreeing_waybill.items.emplace();
  for (const auto& item : order.items) agreeing_waybill.items->push_back({item.sku, item.quantity});

  const oc::EcommerceOrder* o = &order;
  const oc::EcommercePayment* p = &agreeing_payment;
  const oc::EcommerceWaybill* w = &agreeing_waybill;
  const oc::EcommerceMatch match = oc::match_order(o, p, w);
  if (!match.dutiable_value_cny) std::abort();
  const bool adds_up = *match.dutiable_value_cny == order.total;
  if (adds_up != (match.status == oc::EcommerceMatchStatus::matched)) std::abort();
  if (!adds_up && (match.mismatches.size() != 1 || match.mismatches[0].path != "/order/total")) {
    std::abort();
  }
  // Partial sets: each subset's answer does not depend on which arrived first.
  if (oc::match_order(o, nullptr, w) != oc::match_order(o, nullptr, w)) std::abort();
  if (oc::match_order(nullptr, p, w).status != oc::EcommerceMatchStatus::awaiting_documents) {
    std::abort();
  }
  (void)oc::match_json(match);

  oc::EcommerceChannel channel;
  channel.default_origin = "JP";
  auto declaration =
      oc::build_ecommerce_declaration(order, agreeing_payment, agreeing_waybill, channel);
  if (declaration.ok() != adds_up) std::abort();
  if (declaration.ok()) {
    auto checked = oc::decode_declaration(*declaration);
    if (!checked.errors.empty()) std::abort();
    if (checked.declaration.items.size() != order.items.size()) std::abort();
  }
  return 0;
}
