#include "ecommerce/stored_documents.h"

#include <simdjson.h>

namespace oc {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// Reads fields of one object of a stored document; the first problem is kept.
class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  std::string text(const object& from, std::string_view key, bool required = true) {
    std::string_view value;
    auto error = from[key].get_string().get(value);
    if (error == simdjson::NO_SUCH_FIELD && !required) return {};
    if (error != simdjson::SUCCESS) note(key);
    return std::string(value);
  }
  Decimal number(const object& from, std::string_view key, int digits) {
    const std::string value = text(from, key);
    auto parsed = Decimal::parse(value, digits);
    if (!parsed) {
      note(key);
      return Decimal::from_units(0, digits);
    }
    return *parsed;
  }
  std::optional<Decimal> optional_number(const object& from, std::string_view key, int digits) {
    const std::string value = text(from, key, false);
    if (value.empty()) return std::nullopt;
    auto parsed = Decimal::parse(value, digits);
    if (!parsed) note(key);
    return parsed ? std::optional<Decimal>(*parsed) : std::nullopt;
  }
  object child(const object& from, std::string_view key) {
    object out;
    if (from[key].get_object().get(out) != simdjson::SUCCESS) note(key);
    return out;
  }
  void note(std::string_view key) {
    if (!problem_) {
      problem_ = make_error("store.corrupt", path_ + "/" + std::string(key),
                            "a stored e-commerce document is not as it was written");
    }
  }
  bool failed() const { return problem_.has_value(); }
  Error problem() const { return *problem_; }

 private:
  std::string path_;
  std::optional<Error> problem_;
};

Result<object> root_of(simdjson::dom::parser& parser, std::string_view canonical) {
  object root;
  if (parser.parse(canonical).get_object().get(root) != simdjson::SUCCESS) {
    return make_error("store.corrupt", "", "a stored e-commerce document is not a JSON object");
  }
  return root;
}

}  // namespace

Result<EcommerceOrder> read_stored_order(std::string_view canonical, std::string_view buyer_masked) {
  simdjson::dom::parser parser;
  auto root = root_of(parser, canonical);
  if (!root) return std::move(root).error();
  Reader read("");
  EcommerceOrder order;
  order.id = read.text(*root, "id");
  order.platform = read.text(*root, "platform");
  order.procedure = read.text(*root, "procedure");
  object buyer = read.child(*root, "buyer");
  if (!read.failed()) {
    order.buyer.identity.key = read.text(buyer, "key");
    order.buyer.identity.masked = std::string(buyer_masked);
    order.buyer.name = read.text(buyer, "name");
    order.buyer.phone = read.text(buyer, "phone");
  }
  simdjson::dom::array items;
  if ((*root)["items"].get_array().get(items) != simdjson::SUCCESS) read.note("items");
  if (!read.failed()) {
    for (element value : items) {
      object item;
      if (value.get_object().get(item) != simdjson::SUCCESS) {
        read.note("items");
        break;
      }
      EcommerceOrderItem line;
      line.sku = read.text(item, "sku");
      line.hs_code = read.text(item, "hs_code");
      line.description = read.text(item, "description");
      line.quantity = read.number(item, "quantity", 3);
      line.unit = read.text(item, "unit");
      line.price = read.number(item, "price", 2);
      line.origin = read.text(item, "origin", false);
      line.net_mass_kg = read.optional_number(item, "net_mass_kg", 3);
      order.items.push_back(std::move(line));
    }
  }
  order.freight = read.number(*root, "freight", 2);
  order.insurance = read.number(*root, "insurance", 2);
  order.total = read.number(*root, "total", 2);
  order.currency = read.text(*root, "currency");
  if (read.failed()) return read.problem();
  return order;
}

Result<EcommercePayment> read_stored_payment(std::string_view canonical,
                                             std::string_view payer_masked) {
  simdjson::dom::parser parser;
  auto root = root_of(parser, canonical);
  if (!root) return std::move(root).error();
  Reader read("");
  EcommercePayment payment;
  payment.id = read.text(*root, "id");
  payment.order_id = read.text(*root, "order_id");
  payment.payer.key = read.text(*root, "payer_key");
  payment.payer.masked = std::string(payer_masked);
  payment.amount = read.number(*root, "amount", 2);
  auto paid_at = parse_timestamp(read.text(*root, "paid_at"));
  if (!paid_at) read.note("paid_at");
  payment.paid_at = paid_at.value_or(TimePoint{});
  payment.payment_company = read.text(*root, "payment_company", false);
  if (read.failed()) return read.problem();
  return payment;
}

Result<EcommerceWaybill> read_stored_waybill(std::string_view canonical) {
  simdjson::dom::parser parser;
  auto root = root_of(parser, canonical);
  if (!root) return std::move(root).error();
  Reader read("");
  EcommerceWaybill waybill;
  waybill.id = read.text(*root, "id");
  waybill.order_id = read.text(*root, "order_id");
  waybill.logistics_company = read.text(*root, "logistics_company");
  object consignee = read.child(*root, "consignee");
  if (!read.failed()) {
    waybill.consignee.name = read.text(consignee, "name");
    waybill.consignee.phone = read.text(consignee, "phone");
  }
  simdjson::dom::array items;
  if ((*root)["items"].get_array().get(items) == simdjson::SUCCESS) {
    waybill.items.emplace();
    for (element value : items) {
      object item;
      if (value.get_object().get(item) != simdjson::SUCCESS) {
        read.note("items");
        break;
      }
      waybill.items->push_back({read.text(item, "sku"), read.number(item, "quantity", 3)});
    }
  }
  waybill.departure_country = read.text(*root, "departure_country", false);
  if (read.failed()) return read.problem();
  return waybill;
}

}  // namespace oc
