#include "ecommerce/matching.h"

#include <algorithm>

namespace oc {
namespace {

std::string money_text(const Decimal& amount) {
  auto cents = amount.rescale(2, Rounding::half_up);
  return cents ? cents->to_string() : amount.to_string();
}

// "2", "1.5", "0.125": the quantity without trailing zeros.
std::string quantity_text(const Decimal& quantity) {
  std::string text = quantity.to_string();
  if (text.find('.') == std::string::npos) return text;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

class Mismatches {
 public:
  explicit Mismatches(std::vector<EcommerceMismatch>& out) : out_(out) {}
  void add(std::string path, std::string expected, std::string got) {
    out_.push_back({std::move(path), std::move(expected), std::move(got)});
  }
  void compare(std::string path, const std::string& expected, const std::string& got) {
    if (expected != got) add(std::move(path), expected, got);
  }

 private:
  std::vector<EcommerceMismatch>& out_;
};

void match_goods(const EcommerceOrder& order, const std::vector<EcommerceWaybillItem>& goods,
                 Mismatches& mismatches) {
  for (std::size_t i = 0; i < goods.size(); ++i) {
    const std::string base = "/waybill/items/" + std::to_string(i);
    auto line =
        std::find_if(order.items.begin(), order.items.end(),
                     [&](const EcommerceOrderItem& item) { return item.sku == goods[i].sku; });
    if (line == order.items.end()) {
      mismatches.add(base + "/sku", "", goods[i].sku);
    } else if (line->quantity != goods[i].quantity) {
      mismatches.add(base + "/quantity", quantity_text(line->quantity),
                     quantity_text(goods[i].quantity));
    }
  }
  for (const auto& item : order.items) {
    bool listed = std::any_of(goods.begin(), goods.end(), [&](const EcommerceWaybillItem& good) {
      return good.sku == item.sku;
    });
    if (!listed)
      mismatches.add("/waybill/items", item.sku + " × " + quantity_text(item.quantity), "");
  }
}

}  // namespace

std::string_view to_string(EcommerceMatchStatus status) {
  switch (status) {
    case EcommerceMatchStatus::awaiting_documents:
      return "awaiting_documents";
    case EcommerceMatchStatus::mismatch:
      return "mismatch";
    case EcommerceMatchStatus::matched:
      return "matched";
  }
  return "awaiting_documents";
}

Result<Decimal> ecommerce_line_amount(const EcommerceOrderItem& item) {
  return item.quantity.multiply(item.price, 2, Rounding::half_up);
}

Result<Decimal> ecommerce_dutiable_value(const EcommerceOrder& order) {
  Decimal sum = order.freight;
  for (const auto& item : order.items) {
    auto line = ecommerce_line_amount(item);
    if (!line) return std::move(line).error();
    auto next = sum.add(*line);
    if (!next) return std::move(next).error();
    sum = *next;
  }
  auto with_insurance = sum.add(order.insurance);
  if (!with_insurance) return std::move(with_insurance).error();
  return with_insurance->rescale(2, Rounding::half_up);
}

bool is_single_indivisible_item(const EcommerceOrder& order) {
  return order.items.size() == 1 && order.items[0].quantity == Decimal::from_int(1);
}

EcommerceMatch match_order(const EcommerceOrder* order, const EcommercePayment* payment,
                           const EcommerceWaybill* waybill) {
  EcommerceMatch match;
  if (order == nullptr) match.missing.emplace_back("order");
  if (payment == nullptr) match.missing.emplace_back("payment");
  if (waybill == nullptr) match.missing.emplace_back("waybill");
  Mismatches mismatches(match.mismatches);
  if (order != nullptr) {
    auto value = ecommerce_dutiable_value(*order);
    if (value) {
      match.dutiable_value_cny = *value;
      if (*value != order->total) {
        mismatches.add("/order/total", money_text(*value), money_text(order->total));
      }
    } else {
      mismatches.add("/order/total", "(beyond the exact range)", money_text(order->total));
    }
    match.single_indivisible_item = is_single_indivisible_item(*order);
  }
  if (order != nullptr && payment != nullptr) {
    mismatches.compare("/payment/order_id", order->id, payment->order_id);
    if (payment->amount != order->total) {
      mismatches.add("/payment/amount", money_text(order->total), money_text(payment->amount));
    }
    if (payment->payer.key != order->buyer.identity.key) {
      mismatches.add("/payment/payer_id_number", order->buyer.identity.masked,
                     payment->payer.masked);
    }
  }
  if (order != nullptr && waybill != nullptr) {
    mismatches.compare("/waybill/order_id", order->id, waybill->order_id);
    mismatches.compare("/waybill/consignee/name", order->buyer.name, waybill->consignee.name);
    mismatches.compare("/waybill/consignee/phone", order->buyer.phone, waybill->consignee.phone);
    if (waybill->items) match_goods(*order, *waybill->items, mismatches);
  }
  // Without the order there is nothing to compare the payment and waybill with: their order_ids
  // are how the store found them.
  if (!match.mismatches.empty()) {
    match.status = EcommerceMatchStatus::mismatch;
  } else if (!match.missing.empty()) {
    match.status = EcommerceMatchStatus::awaiting_documents;
  } else {
    match.status = EcommerceMatchStatus::matched;
  }
  return match;
}

void write_missing(JsonWriter& out, const EcommerceMatch& match) {
  out.begin_array();
  for (const auto& name : match.missing) out.string(name);
  out.end_array();
}

void write_mismatches(JsonWriter& out, const EcommerceMatch& match) {
  out.begin_array();
  for (const auto& mismatch : match.mismatches) {
    out.begin_object()
        .field("path", mismatch.path)
        .field("expected", mismatch.expected)
        .field("got", mismatch.got)
        .end_object();
  }
  out.end_array();
}

void write_match_fields(JsonWriter& out, const EcommerceMatch& match) {
  out.field("status", to_string(match.status));
  out.key("missing");
  write_missing(out, match);
  out.key("mismatches");
  write_mismatches(out, match);
}

std::string match_json(const EcommerceMatch& match) {
  JsonWriter out;
  out.begin_object();
  write_match_fields(out, match);
  return out.end_object().take();
}

}  // namespace oc
