// Matching the three documents of one e-commerce order (the "three-document comparison" of GACC
// 2018 No. 194): the order, the payment and the waybill must tell the same story before the
// order is declared. match_order is a pure function of whichever documents have arrived, so the
// store calls it after each arrival and gets the same final answer in any arrival order.
//
// Rules, each reported with the JSON pointer of the disagreeing field, what the order (or the
// arithmetic) expects and what the document says — every disagreement at once:
// - /order/total: Σ line amounts (quantity × unit price, each rounded half up to 0.01) + freight
//   + insurance, against the order's declared total;
// - /payment/order_id, /waybill/order_id: the order's id;
// - /payment/amount: the order's declared total;
// - /payment/payer_id_number: the payer is the buyer (the hasher keys are compared; expected and
//   got show the MASKED numbers only);
// - /waybill/consignee/name, /waybill/consignee/phone: the buyer's trimmed name and normalised
//   phone;
// - waybill goods, when the waybill lists them, by SKU: /waybill/items/N/quantity (the order's
//   quantity expected), /waybill/items/N/sku (a SKU the order does not hold: expected ""), and
//   /waybill/items (an order SKU missing from the waybill: expected "SKU × quantity", got "").
// Amounts are shown with 2 fraction digits, quantities without trailing zeros.
//
// Status: `mismatch` when any present documents disagree (even if one is still missing: the
// disagreement will not go away by waiting), else `awaiting_documents` when any is missing,
// else `matched`. `missing` always names the absent documents, in the order "order", "payment",
// "waybill".
// Thread safety: pure functions over value types.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/json_writer.h"
#include "core/result.h"
#include "ecommerce/documents.h"

namespace oc {

enum class EcommerceMatchStatus { awaiting_documents, mismatch, matched };
std::string_view to_string(EcommerceMatchStatus status);

struct EcommerceMismatch {
  std::string path;      // JSON pointer, rooted at the document's name: "/payment/amount"
  std::string expected;  // what the order says
  std::string got;       // what the document says
  bool operator==(const EcommerceMismatch&) const = default;
};

struct EcommerceMatch {
  EcommerceMatchStatus status = EcommerceMatchStatus::awaiting_documents;
  std::vector<std::string> missing;
  std::vector<EcommerceMismatch> mismatches;
  // The transaction rule inputs (tariff/ecommerce_rules.h decide_ecommerce), set whenever the
  // order is present: its dutiable value (goods + freight + insurance, CNY, computed from the
  // lines, not the declared total) and whether it is one indivisible item (one line, quantity 1).
  std::optional<Decimal> dutiable_value_cny;
  bool single_indivisible_item = false;
  bool operator==(const EcommerceMatch&) const = default;
};

// Any subset of the documents may be null. REQUIRES: each given document decoded without errors.
EcommerceMatch match_order(const EcommerceOrder* order, const EcommercePayment* payment,
                           const EcommerceWaybill* waybill);

// quantity × unit price, rounded half up to 0.01 CNY: the line amount the order total, the
// matching and the declaration's invoice_amount all use. Error decimal.overflow (unreachable
// within the decoders' limits).
Result<Decimal> ecommerce_line_amount(const EcommerceOrderItem& item);
// Σ line amounts + freight + insurance, CNY.
Result<Decimal> ecommerce_dutiable_value(const EcommerceOrder& order);
// Exactly one line with quantity 1.
bool is_single_indivisible_item(const EcommerceOrder& order);

// Writes "status", "missing" and "mismatches" into an object the caller has opened, so that the
// integrator can add "declaration_id" and "tax" to the answer of GET /v1/ecommerce/orders/{id}.
// (The route's other statuses, cleared and refused, are the store's.)
void write_match_fields(JsonWriter& out, const EcommerceMatch& match);
// The two arrays alone: ["payment",…] and [{"path","expected","got"},…].
void write_missing(JsonWriter& out, const EcommerceMatch& match);
void write_mismatches(JsonWriter& out, const EcommerceMatch& match);
// {"status":…,"missing":[…],"mismatches":[{"path","expected","got"}]}
std::string match_json(const EcommerceMatch& match);

}  // namespace oc
