#include "ecommerce/declaration.h"

#include "core/json_writer.h"
#include "core/sha256.h"
#include "ecommerce/matching.h"

namespace oc {
namespace {

std::string money_text(const Decimal& amount) {
  auto cents = amount.rescale(2, Rounding::half_up);
  return cents ? cents->to_string() : amount.to_string();
}

Result<Decimal> net_mass_of(const EcommerceOrderItem& item, const EcommerceChannel& channel) {
  if (item.net_mass_kg) return *item.net_mass_kg;
  if (item.unit == "KGM") return item.quantity;
  auto mass = item.quantity.multiply(channel.default_net_mass_kg_per_unit, 3, Rounding::half_up);
  if (!mass) return std::move(mass).error();
  if (mass->sign() <= 0) return Decimal::from_units(1, 3);  // the smallest mass declared
  return *mass;
}

}  // namespace

std::string ecommerce_lrn(std::string_view order_id) {
  constexpr std::string_view prefix = "EC-";
  if (!order_id.empty() && order_id.size() + prefix.size() <= lrn_length_max) {
    return std::string(prefix) + std::string(order_id);
  }
  return "ECH-" + sha256_hex(order_id).substr(0, lrn_length_max - 4);
}

std::string ecommerce_importer_id(std::string_view buyer_key) {
  return "EB-" + std::string(buyer_key.substr(0, 32));
}

Result<std::string> build_ecommerce_declaration(const EcommerceOrder& order,
                                                const EcommercePayment& payment,
                                                const EcommerceWaybill& waybill,
                                                const EcommerceChannel& channel) {
  if (match_order(&order, &payment, &waybill).status != EcommerceMatchStatus::matched) {
    return make_error("ecommerce.not_matched", "",
                      "order " + order.id + " is declared only when its payment and waybill match");
  }
  std::vector<std::string> origins;
  origins.reserve(order.items.size());
  for (std::size_t i = 0; i < order.items.size(); ++i) {
    const auto& item = order.items[i];
    std::string origin = !item.origin.empty()                 ? item.origin
                         : !waybill.departure_country.empty() ? waybill.departure_country
                                                              : channel.default_origin;
    if (origin.empty()) {
      return make_error("ecommerce.origin_missing", "/order/items/" + std::to_string(i) + "/origin",
                        "the line gives no origin, the waybill no departure country and the "
                        "channel no default origin");
    }
    origins.push_back(std::move(origin));
  }
  const std::string& trading_country = !waybill.departure_country.empty()
                                           ? waybill.departure_country
                                       : !channel.default_origin.empty() ? channel.default_origin
                                                                         : origins.front();
  JsonWriter out;
  out.begin_object()
      .field("lrn", ecommerce_lrn(order.id))
      .field("type", "import")
      .field("procedure", order.procedure)
      .field("declarant", order.platform);
  out.key("importer")
      .begin_object()
      .field("id", ecommerce_importer_id(order.buyer.identity.key))
      .field("name", order.buyer.name)
      .end_object();
  out.key("exporter")
      .begin_object()
      .field("id", order.platform)
      .field("name", order.platform)
      .end_object();
  out.field("office", channel.office)
      .field("port", channel.port)
      .field("transport_mode", to_string(channel.transport_mode))
      .field("trading_country", trading_country);
  if (!waybill.departure_country.empty()) out.field("departure_country", waybill.departure_country);
  out.field("incoterm", "FOB")
      .field("currency", "CNY")
      .field("freight", money_text(order.freight))
      .field("insurance", money_text(order.insurance));
  out.key("items").begin_array();
  for (std::size_t i = 0; i < order.items.size(); ++i) {
    const auto& item = order.items[i];
    auto amount = ecommerce_line_amount(item);
    if (!amount) return std::move(amount).error();
    auto mass = net_mass_of(item, channel);
    if (!mass) return std::move(mass).error();
    const std::string mass_text = mass->to_string();
    out.begin_object()
        .field("hs_code", item.hs_code)
        .field("description", item.description)
        .field("origin", origins[i])
        .field("quantity", item.quantity.to_string())
        .field("unit", item.unit)
        .field("net_mass_kg", mass_text)
        .field("gross_mass_kg", mass_text)
        .field("invoice_amount", money_text(*amount))
        .end_object();
  }
  out.end_array();
  return out.end_object().take();
}

}  // namespace oc
