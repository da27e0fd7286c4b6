// Properties of matching over random orders, each encoded in random but equivalent ways (field
// order, spacing, decimal scale, phone format, name padding, the case of an X check digit):
//   - arrival-order independence: all 6 arrival orders of the three documents end in the same
//     answer, with or without an injected disagreement, and only a consistent set matches;
//   - a no-op re-encode keeps a matched set matched, with the same canonical JSON (so the same
//     content hash) and the same declaration body.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ecommerce/declaration.h"
#include "ecommerce/matching.h"
#include "ecommerce_test_support.h"

namespace oc {
namespace {

using namespace ecommerce_testing;

struct Line {
  int quantity = 1;  // whole pieces
  std::int64_t price_cents = 0;
};

struct Model {
  std::vector<Line> lines;
  std::int64_t freight_cents = 0;
  std::int64_t insurance_cents = -1;  // -1: not given
  int buyer = 0;                      // index into kIds
  std::string mobile;                 // 11 digits starting with 1
};

constexpr const char* kIds[] = {"440308199003071235", "11010519491231002X", "E1234567"};

// How one body is written; every choice decodes to the same document.
struct Style {
  bool reversed = false;
  bool spaced = false;
  bool short_decimals = false;  // "150" rather than "150.00", "2" rather than "2.000"
  int phone = 0;                // 0 plain, 1 "+86 138 …", 2 "0086-138-…"
  bool padded_name = false;
  bool lower_x = false;
};

std::string cents(std::int64_t value, const Style& style) {
  std::string text = Decimal::from_units(value, 2).to_string();
  if (style.short_decimals) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

std::string quantity(int value, const Style& style) {
  return std::to_string(value) + (style.short_decimals ? "" : ".000");
}

std::string phone(const std::string& mobile, const Style& style) {
  if (style.phone == 1)
    return "+86 " + mobile.substr(0, 3) + " " + mobile.substr(3, 4) + " " + mobile.substr(7);
  if (style.phone == 2) return "0086-" + mobile.substr(0, 3) + "-" + mobile.substr(3);
  return mobile;
}

std::string object(std::vector<std::pair<std::string, std::string>> fields, const Style& style) {
  if (style.reversed) std::reverse(fields.begin(), fields.end());
  std::string out = "{";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += style.spaced ? ", " : ",";
    out += "\"" + fields[i].first + "\":" + (style.spaced ? " " : "") + fields[i].second;
  }
  return out + "}";
}

std::string quoted(const std::string& text) {
  return "\"" + text + "\"";
}

std::string id_number(const Model& model, const Style& style) {
  std::string id = kIds[model.buyer];
  if (style.lower_x && id.back() == 'X') id.back() = 'x';
  return id;
}

std::int64_t total_cents(const Model& model) {
  std::int64_t total = model.freight_cents + std::max<std::int64_t>(model.insurance_cents, 0);
  for (const auto& line : model.lines) total += line.quantity * line.price_cents;
  return total;
}

std::string order_json(const Model& model, const Style& style) {
  std::string items = "[";
  for (std::size_t i = 0; i < model.lines.size(); ++i) {
    if (i > 0) items += ",";
    items += object({{"sku", quoted("SKU-" + std::to_string(i))},
                     {"hs_code", quoted("3304990000")},
                     {"description", quoted("Face cream")},
                     {"quantity", quoted(quantity(model.lines[i].quantity, style))},
                     {"unit", quoted("PCE")},
                     {"price", quoted(cents(model.lines[i].price_cents, style))},
                     {"origin", quoted("JP")}},
                    style);
  }
  items += "]";
  std::vector<std::pair<std::string, std::string>> fields = {
      {"id", quoted("ORD-7")},
      {"platform", quoted("P1")},
      {"procedure", quoted("1210")},
      {"buyer", object({{"id_number", quoted(id_number(model, style))},
                        {"name", quoted(style.padded_name ? "  Li Lei " : "Li Lei")},
                        {"phone", quoted(phone(model.mobile, style))}},
                       style)},
      {"items", items},
      {"freight", quoted(cents(model.freight_cents, style))},
      {"total", quoted(cents(total_cents(model), style))},
      {"currency", quoted("CNY")}};
  if (model.insurance_cents >= 0) {
    fields.emplace_back("insurance", quoted(cents(model.insurance_cents, style)));
  }
  return object(fields, style);
}

std::string payment_json(const Style& style, std::int64_t amount_cents, const std::string& payer) {
  return object(
      {{"id", quoted("PAY-7")},
       {"order_id", quoted("ORD-7")},
       {"payer_id_number", quoted(payer)},
       {"amount", quoted(cents(amount_cents, style))},
       {"paid_at", quoted(style.spaced ? "2026-11-23T10:15:00+08:00" : "2026-11-23T02:15:00Z")}},
      style);
}

std::string waybill_json(const Model& model, const Style& style, const std::string& name,
                         int extra_piece_on_line) {
  std::string items = "[";
  for (std::size_t i = 0; i < model.lines.size(); ++i) {
    if (i > 0) items += ",";
    int pieces = model.lines[i].quantity + (static_cast<int>(i) == extra_piece_on_line ? 1 : 0);
    items += object({{"sku", quoted("SKU-" + std::to_string(i))},
                     {"quantity", quoted(quantity(pieces, style))}},
                    style);
  }
  items += "]";
  return object(
      {{"id", quoted("WB-7")},
       {"order_id", quoted("ORD-7")},
       {"logistics_company", quoted("SF Express")},
       {"consignee",
        object({{"name", quoted(name)}, {"phone", quoted(phone(model.mobile, style))}}, style)},
       {"items", items}},
      style);
}

rc::Gen<Model> models() {
  return rc::gen::build<Model>(
      rc::gen::set(&Model::lines,
                   rc::gen::mapcat(
                       rc::gen::inRange<std::size_t>(1, 6),
                       [](std::size_t count) {
                         return rc::gen::container<std::vector<Line>>(
                             count, rc::gen::build<Line>(
                                        rc::gen::set(&Line::quantity, rc::gen::inRange(1, 21)),
                                        rc::gen::set(&Line::price_cents,
                                                     rc::gen::inRange<std::int64_t>(0, 500'000))));
                       })),
      rc::gen::set(&Model::freight_cents, rc::gen::inRange<std::int64_t>(0, 10'000)),
      rc::gen::set(&Model::insurance_cents, rc::gen::inRange<std::int64_t>(-1, 1'000)),
      rc::gen::set(&Model::buyer, rc::gen::inRange(0, 3)),
      rc::gen::set(
          &Model::mobile,
          rc::gen::map(rc::gen::inRange<std::int64_t>(0, 1'000'000'000), [](std::int64_t n) {
            std::string digits = std::to_string(n);
            return "13" + std::string(9 - digits.size(), '0') + digits;
          })));
}

rc::Gen<Style> styles() {
  return rc::gen::build<Style>(rc::gen::set(&Style::reversed), rc::gen::set(&Style::spaced),
                               rc::gen::set(&Style::short_decimals),
                               rc::gen::set(&Style::phone, rc::gen::inRange(0, 3)),
                               rc::gen::set(&Style::padded_name), rc::gen::set(&Style::lower_x));
}

struct Documents {
  EcommerceOrder order;
  EcommercePayment payment;
  EcommerceWaybill waybill;
};

Documents decode_all(const std::string& order, const std::string& payment,
                     const std::string& waybill) {
  auto o = decode_ecommerce_order(order, hasher());
  auto p = decode_ecommerce_payment(payment, hasher());
  auto w = decode_ecommerce_waybill(waybill);
  RC_ASSERT(o.errors.empty());
  RC_ASSERT(p.errors.empty());
  RC_ASSERT(w.errors.empty());
  return {o.order, p.payment, w.waybill};
}

RC_GTEST_PROP(EcommerceMatchingProperty, EveryArrivalOrderGivesTheSameAnswer, ()) {
  const Model model = *models();
  const Style style = *styles();
  // 0: consistent; 1: payment short by a cent; 2: another payer; 3: another consignee;
  // 4: one piece more on the waybill.
  const int disagreement = *rc::gen::inRange(0, 5);
  const std::int64_t amount = total_cents(model) - (disagreement == 1 ? 1 : 0);
  const std::string payer = disagreement == 2 ? kIds[(model.buyer + 1) % 3] : kIds[model.buyer];
  const std::string name = disagreement == 3 ? "Han Meimei" : "Li Lei";
  const int extra =
      disagreement == 4 ? *rc::gen::inRange<int>(0, static_cast<int>(model.lines.size())) : -1;
  Documents docs = decode_all(order_json(model, style), payment_json(style, amount, payer),
                              waybill_json(model, style, name, extra));

  std::string sequence = "opw";
  std::optional<EcommerceMatch> first;
  do {
    const EcommerceOrder* o = nullptr;
    const EcommercePayment* p = nullptr;
    const EcommerceWaybill* w = nullptr;
    EcommerceMatch last;
    for (char which : sequence) {
      if (which == 'o') o = &docs.order;
      if (which == 'p') p = &docs.payment;
      if (which == 'w') w = &docs.waybill;
      last = match_order(o, p, w);
    }
    if (!first) first = last;
    RC_ASSERT(last == *first);
  } while (std::next_permutation(sequence.begin(), sequence.end()));
  RC_ASSERT(first->missing.empty());
  RC_ASSERT((first->status == EcommerceMatchStatus::matched) == (disagreement == 0));
  RC_ASSERT(first->mismatches.size() == (disagreement == 0 ? 0u : 1u));
}

RC_GTEST_PROP(EcommerceMatchingProperty, AMatchedSetStaysMatchedAfterANoOpReencode, ()) {
  const Model model = *models();
  const Style plain;
  const Style other = *styles();
  const std::string payer = kIds[model.buyer];
  Documents a = decode_all(order_json(model, plain), payment_json(plain, total_cents(model), payer),
                           waybill_json(model, plain, "Li Lei", -1));
  Documents b = decode_all(order_json(model, other), payment_json(other, total_cents(model), payer),
                           waybill_json(model, other, "Li Lei", -1));
  RC_ASSERT(match_order(&a.order, &a.payment, &a.waybill).status == EcommerceMatchStatus::matched);
  RC_ASSERT(match_order(&b.order, &b.payment, &b.waybill) ==
            match_order(&a.order, &a.payment, &a.waybill));
  RC_ASSERT(canonical_json(a.order) == canonical_json(b.order));
  RC_ASSERT(canonical_json(a.payment) == canonical_json(b.payment));
  RC_ASSERT(canonical_json(a.waybill) == canonical_json(b.waybill));
  auto declaration_a = build_ecommerce_declaration(a.order, a.payment, a.waybill);
  auto declaration_b = build_ecommerce_declaration(b.order, b.payment, b.waybill);
  RC_ASSERT(declaration_a.ok());
  RC_ASSERT(declaration_b.ok());
  // Quantities keep the scale written; everything else is identical.
  RC_ASSERT(other.short_decimals || *declaration_a == *declaration_b);
}

}  // namespace
}  // namespace oc
