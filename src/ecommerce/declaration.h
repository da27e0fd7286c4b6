// The goods declaration of a matched e-commerce order: the declaration-v1 JSON body that the
// normal lodging spine takes (clearance/lodging.h: check_declaration, assessment with the
// e-commerce rules of tariff/ecommerce_rules.h, risk, store), built from the three documents
// and the channel the platform declares through.
//
// The body built (docs/ecommerce.md, "The declaration"):
// - lrn: ecommerce_lrn(order id) — "EC-<order id>" when that fits declaration-v1's 35 characters,
//   else "ECH-" and the first 31 hex digits of the SHA-256 of the order id (the two forms cannot
//   collide: they differ in the third character);
// - type import; procedure the order's (1210, 1239, 9610);
// - declarant: the platform; exporter: the platform too (the order names no separate seller;
//   the platform is the e-commerce enterprise that sells and declares);
// - importer: {"id": ecommerce_importer_id(buyer key), "name": the buyer's name}. declaration-v1
//   allows 1..35 characters for a party id, and the store, risk and audit see it: the clear number
//   must not go there, the 64-hex key does not fit, and a mask is not unique. "EB-" + the first 32
//   hex digits of the key (128 bits of a keyed hash) is stable per buyer, unique in practice and
//   reveals nothing;
// - office, port, transport_mode from EcommerceChannel; incoterm FOB (the retail price holds
//   neither freight nor insurance, so the assessment adds both, as the channel's dutiable value
//   does); currency CNY; freight and insurance from the order;
// - departure_country: the waybill's when given; trading_country: the waybill's departure
//   country, else the channel's default_origin, else the first item's origin;
// - one declaration item per order line: hs_code, description, quantity and unit as ordered,
//   invoice_amount = quantity × unit price (ecommerce_line_amount); origin from the line, else
//   the waybill's departure_country, else the channel's default_origin (a stated assumption:
//   retail orders rarely carry an origin); net_mass_kg from the line, else the quantity itself
//   for KGM lines, else quantity × the channel's default_net_mass_kg_per_unit (at least 0.001);
//   gross_mass_kg = net_mass_kg (the order knows no packaging).
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/decimal.h"
#include "core/result.h"
#include "declaration/declaration.h"
#include "ecommerce/documents.h"

namespace oc {

// Where and how a platform's orders are declared. The defaults describe a Qianhai (Shenzhen)
// bonded warehouse whose parcels leave by road.
struct EcommerceChannel {
  std::string office = "5349";  // Qianhai Customs
  std::string port = "CNSZX";   // Shenzhen
  TransportMode transport_mode = TransportMode::road;
  // ISO 3166 alpha-2 origin for lines that give none and waybills without a departure country;
  // "" means no assumption (such an order cannot be declared: ecommerce.origin_missing).
  std::string default_origin;
  Decimal default_net_mass_kg_per_unit = Decimal::from_units(500, 3);  // 0.500 kg
};

// "EC-<order id>" or "ECH-<31 hex>" (rule above); always 1..35 characters.
std::string ecommerce_lrn(std::string_view order_id);
// "EB-" + the first 32 characters of the buyer key (the whole key when shorter).
std::string ecommerce_importer_id(std::string_view buyer_key);

// The declaration-v1 body of a matched set.
// Errors: ecommerce.not_matched (path "": match_order does not answer matched),
// ecommerce.origin_missing (/order/items/N/origin: no origin from the line, waybill or channel),
// decimal.overflow (unreachable within the decoders' limits).
Result<std::string> build_ecommerce_declaration(const EcommerceOrder& order,
                                                const EcommercePayment& payment,
                                                const EcommerceWaybill& waybill,
                                                const EcommerceChannel& channel = {});

}  // namespace oc
