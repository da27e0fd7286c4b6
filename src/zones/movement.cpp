#include "zones/movement.h"

#include <simdjson.h>

#include <set>

#include "core/codes.h"
#include "core/json_writer.h"

namespace oc {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

constexpr std::string_view kKindNames[] = {"first_line_entry", "second_line_exit", "re_export",
                                           "transfer",         "processing",       "correction"};

bool valid_text(std::string_view text, std::size_t max) {
  if (text.empty() || text.size() > max) return false;
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

class Decoder {
 public:
  explicit Decoder(Errors& errors) : errors_(errors) {}

  void add(std::string code, std::string path, std::string message) {
    errors_.push_back(make_error(std::move(code), std::move(path), std::move(message)));
  }

  // Calls visit(key, value) for each field; unknown and duplicate fields are errors.
  template <class Visit>
  void fields(object value, const std::string& path, std::initializer_list<std::string_view> known,
              Visit&& visit) {
    std::set<std::string_view> seen;
    for (auto [key, field] : value) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        add("field.unknown", path + "/" + std::string(key.substr(0, 64)),
            "unknown field '" + std::string(key.substr(0, 64)) + "'");
        continue;
      }
      if (!seen.insert(key).second) {
        add("field.duplicate", path + "/" + std::string(key), "field '" + std::string(key) + "' appears twice");
        continue;
      }
      visit(key, field);
    }
  }

  std::optional<std::string_view> string(element value, const std::string& path,
                                         std::string_view what) {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) {
      add("movement.type", path, std::string(what) + " must be a string");
      return std::nullopt;
    }
    return text;
  }

  std::optional<Decimal> decimal(element value, const std::string& path, int digits) {
    auto text = string(value, path, "a decimal");
    if (!text) return std::nullopt;
    if (text->size() > 32) {
      add("movement.decimal", path, "a decimal of at most 32 characters");
      return std::nullopt;
    }
    auto parsed = Decimal::parse(*text, digits);
    if (!parsed) {
      add("movement.decimal", path,
          "'" + std::string(*text) + "' is not a decimal with at most " + std::to_string(digits) +
              " fraction digits");
      return std::nullopt;
    }
    return *parsed;
  }

  std::optional<MovementLine> line(element value, const std::string& path, bool signed_quantity,
                                   bool loss_allowed) {
    object fields_object;
    if (value.get_object().get(fields_object) != simdjson::SUCCESS) {
      add("movement.type", path, "a line must be an object");
      return std::nullopt;
    }
    MovementLine line;
    bool has_item = false, has_hs = false, has_unit = false, has_quantity = false;
    const std::size_t errors_before = errors_.size();
    fields(fields_object, path, {"item", "hs_code", "unit", "quantity", "origin", "loss_rate"},
           [&](std::string_view key, element field) {
             const std::string child = path + "/" + std::string(key);
             if (key == "item") {
               has_item = true;
               auto text = string(field, child, "item");
               if (text && !valid_text(*text, stock_item_length_max)) {
                 add("movement.item", child, "an item number of 1 to 64 printable characters");
               } else if (text) {
                 line.item = std::string(*text);
               }
             } else if (key == "hs_code") {
               has_hs = true;
               auto text = string(field, child, "hs_code");
               if (text && (!all_digits(*text) || (text->size() != 8 && text->size() != 10))) {
                 add("movement.hs_code", child, "an HS code of 8 or 10 digits");
               } else if (text) {
                 line.hs_code = std::string(*text);
               }
             } else if (key == "unit") {
               has_unit = true;
               auto text = string(field, child, "unit");
               if (text && find_unit(*text) == nullptr) {
                 add("movement.unit", child,
                     "'" + std::string(text->substr(0, 8)) + "' is not a known UN/ECE Rec. 20 unit");
               } else if (text) {
                 line.unit = std::string(*text);
               }
             } else if (key == "origin") {
               auto text = string(field, child, "origin");
               if (text && !is_country_syntax(*text)) {
                 add("movement.origin", child, "an ISO 3166 alpha-2 code");
               } else if (text) {
                 line.origin = std::string(*text);
               }
             } else if (key == "quantity") {
               has_quantity = true;
               auto quantity = decimal(field, child, quantity_scale);
               if (!quantity) return;
               const Decimal limit = Decimal::from_int(movement_quantity_whole_max);
               const bool negative = quantity->sign() < 0;
               auto magnitude = negative ? quantity->negate() : Result<Decimal>(*quantity);
               if (quantity->is_zero() || (negative && !signed_quantity) || !magnitude ||
                   *magnitude > limit) {
                 add("movement.quantity", child,
                     signed_quantity ? "a non-zero quantity of at most 1e12 in size"
                                     : "a positive quantity of at most 1e12");
                 return;
               }
               line.quantity_micro = quantity->rescale(quantity_scale, Rounding::half_up)->units();
             } else if (key == "loss_rate") {
               if (!loss_allowed) {
                 add("movement.loss_rate", child, "a loss rate is declared on processing inputs only");
                 return;
               }
               auto rate = decimal(field, child, 6);
               if (rate && (rate->sign() < 0 || *rate >= Decimal::from_int(1))) {
                 add("movement.loss_rate", child, "a loss rate from 0 up to (not including) 1");
               } else if (rate) {
                 line.loss_rate = *rate;
               }
             }
           });
    for (auto [present, name] : {std::pair{has_item, "item"}, {has_hs, "hs_code"},
                                 {has_unit, "unit"}, {has_quantity, "quantity"}}) {
      if (!present) add("movement.required", path + "/" + name, std::string(name) + " is required");
    }
    if (errors_.size() != errors_before) return std::nullopt;
    return line;
  }

  std::vector<MovementLine> lines(element value, const std::string& path, bool signed_quantity,
                                  bool loss_allowed) {
    std::vector<MovementLine> out;
    simdjson::dom::array array;
    if (value.get_array().get(array) != simdjson::SUCCESS) {
      add("movement.type", path, "must be an array of lines");
      return out;
    }
    if (array.size() == 0 || array.size() > movement_lines_max) {
      add("movement.lines_count", path,
          "from 1 to " + std::to_string(movement_lines_max) + " lines");
      return out;
    }
    std::set<std::string> items;
    std::size_t index = 0;
    for (element entry : array) {
      const std::string child = path + "/" + std::to_string(index++);
      auto decoded = line(entry, child, signed_quantity, loss_allowed);
      if (!decoded) continue;
      if (!items.insert(decoded->item).second) {
        add("movement.duplicate_item", child + "/item",
            "item " + decoded->item + " appears twice; one line per item");
        continue;
      }
      out.push_back(std::move(*decoded));
    }
    return out;
  }

 private:
  Errors& errors_;
};

void write_line(JsonWriter& out, const MovementLine& line) {
  out.begin_object().field("item", line.item).field("hs_code", line.hs_code).field("unit", line.unit);
  if (!line.origin.empty()) out.field("origin", line.origin);
  out.field("quantity", format_quantity(line.quantity_micro));
  if (line.loss_rate) out.field("loss_rate", line.loss_rate->to_string());
  out.end_object();
}

void write_lines(JsonWriter& out, std::string_view name, const std::vector<MovementLine>& lines) {
  out.key(name).begin_array();
  for (const auto& line : lines) write_line(out, line);
  out.end_array();
}

}  // namespace

std::string_view to_string(MovementKind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }

std::optional<MovementKind> parse_movement_kind(std::string_view text) {
  for (std::size_t i = 0; i < std::size(kKindNames); ++i) {
    if (kKindNames[i] == text) return static_cast<MovementKind>(i);
  }
  return std::nullopt;
}

std::string format_quantity(std::int64_t micro) {
  Decimal value = Decimal::from_units(micro, quantity_scale);
  std::string text = value.to_string();
  // Trim trailing zeros of the fraction ("12.500000" -> "12.5", "3.000000" -> "3").
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

DecodedMovement decode_movement(std::string_view json) {
  DecodedMovement decoded;
  Errors& errors = decoded.errors;
  Movement& m = decoded.movement;
  if (json.size() > movement_body_bytes_max) {
    errors.push_back(make_error("body.too_large", "", "a movement body is at most 1 MiB"));
    return decoded;
  }
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  element root;
  if (auto error = parser.parse(padded).get(root); error != simdjson::SUCCESS) {
    errors.push_back(make_error(error == simdjson::UTF8_ERROR ? "json.utf8" : "json.syntax", "",
                                "the body is not well-formed JSON"));
    return decoded;
  }
  object fields_object;
  if (root.get_object().get(fields_object) != simdjson::SUCCESS) {
    errors.push_back(make_error("json.type", "", "the body must be a JSON object"));
    return decoded;
  }
  Decoder decoder(errors);
  std::optional<element> lines, consume, produce, to, declaration, value_added;
  bool has_id = false, has_kind = false, has_reason = false;
  decoder.fields(fields_object, "",
                 {"id", "kind", "lines", "consume", "produce", "to", "reason", "declaration",
                  "value_added"},
                 [&](std::string_view key, element field) {
                   const std::string path = "/" + std::string(key);
                   if (key == "id") {
                     has_id = true;
                     auto text = decoder.string(field, path, "id");
                     if (text && !valid_text(*text, movement_id_length_max)) {
                       decoder.add("movement.id", path, "an id of 1 to 64 printable characters");
                     } else if (text) {
                       m.id = std::string(*text);
                     }
                   } else if (key == "kind") {
                     has_kind = true;
                     auto text = decoder.string(field, path, "kind");
                     auto kind = text ? parse_movement_kind(*text) : std::nullopt;
                     if (text && !kind) {
                       decoder.add("movement.kind", path,
                                   "one of first_line_entry, second_line_exit, re_export, "
                                   "transfer, processing, correction");
                     } else if (kind) {
                       m.kind = *kind;
                     }
                   } else if (key == "lines") {
                     lines = field;
                   } else if (key == "consume") {
                     consume = field;
                   } else if (key == "produce") {
                     produce = field;
                   } else if (key == "to") {
                     to = field;
                   } else if (key == "declaration") {
                     declaration = field;
                   } else if (key == "value_added") {
                     value_added = field;
                   } else if (key == "reason") {
                     has_reason = true;
                     auto text = decoder.string(field, path, "reason");
                     if (text && !valid_text(*text, movement_reason_length_max)) {
                       decoder.add("movement.reason", path, "a reason of 1 to 512 printable characters");
                     } else if (text) {
                       m.reason = std::string(*text);
                     }
                   }
                 });
  if (!has_id) decoder.add("movement.required", "/id", "id is required");
  if (!has_kind) {
    decoder.add("movement.required", "/kind", "kind is required");
    return decoded;
  }
  auto refuse = [&](const std::optional<element>& field, std::string_view name) {
    if (field) {
      decoder.add("movement.not_allowed", "/" + std::string(name),
                  std::string(name) + " does not belong to a " + std::string(to_string(m.kind)));
    }
  };
  auto require = [&](const std::optional<element>& field, std::string_view name) {
    if (!field) decoder.add("movement.required", "/" + std::string(name), std::string(name) + " is required for a " + std::string(to_string(m.kind)));
    return field.has_value();
  };
  const bool processing = m.kind == MovementKind::processing;
  const bool correction = m.kind == MovementKind::correction;
  if (processing) {
    refuse(lines, "lines");
    if (require(consume, "consume")) m.consume = decoder.lines(*consume, "/consume", false, true);
    if (require(produce, "produce")) m.produce = decoder.lines(*produce, "/produce", false, false);
  } else {
    refuse(consume, "consume");
    refuse(produce, "produce");
    if (require(lines, "lines")) m.lines = decoder.lines(*lines, "/lines", correction, false);
  }
  if (correction) {
    if (!has_reason) decoder.add("movement.required", "/reason", "a correction needs a reason");
  } else if (has_reason) {
    decoder.add("movement.not_allowed", "/reason", "a reason belongs to a correction");
  }
  if (m.kind == MovementKind::transfer) {
    if (require(to, "to")) {
      object target;
      if (to->get_object().get(target) != simdjson::SUCCESS) {
        decoder.add("movement.type", "/to", "to must be an object {zone, enterprise}");
      } else {
        AccountRef ref;
        bool has_zone = false, has_enterprise = false;
        decoder.fields(target, "/to", {"zone", "enterprise"}, [&](std::string_view key, element field) {
          auto text = decoder.string(field, "/to/" + std::string(key), std::string(key));
          if (!text) return;
          if (!valid_text(*text, 64)) {
            decoder.add("movement.account", "/to/" + std::string(key), "1 to 64 printable characters");
            return;
          }
          (key == "zone" ? has_zone : has_enterprise) = true;
          (key == "zone" ? ref.zone : ref.enterprise) = std::string(*text);
        });
        if (!has_zone) decoder.add("movement.required", "/to/zone", "zone is required");
        if (!has_enterprise) decoder.add("movement.required", "/to/enterprise", "enterprise is required");
        if (has_zone && has_enterprise) m.to = ref;
      }
    }
  } else {
    refuse(to, "to");
  }
  if (m.kind == MovementKind::second_line_exit) {
    if (require(declaration, "declaration")) {
      if (declaration->type() != element_type::OBJECT) {
        decoder.add("movement.type", "/declaration", "the declaration must be a declaration-v1 object");
      } else {
        m.declaration_json = simdjson::minify(*declaration);
      }
    }
    if (value_added) {
      object inputs;
      if (value_added->get_object().get(inputs) != simdjson::SUCCESS) {
        decoder.add("movement.type", "/value_added", "value_added must be an object");
      } else {
        ValueAddedInputs v;
        int found = 0;
        decoder.fields(inputs, "/value_added",
                       {"mainland_sale_price", "imported_materials", "domestic_materials"},
                       [&](std::string_view key, element field) {
                         auto amount = decoder.decimal(field, "/value_added/" + std::string(key), 2);
                         if (!amount) return;
                         ++found;
                         (key == "mainland_sale_price" ? v.mainland_sale_price
                          : key == "imported_materials" ? v.imported_materials
                                                        : v.domestic_materials) = *amount;
                       });
        if (found == 3) {
          m.value_added = v;
        } else {
          decoder.add("movement.required", "/value_added",
                      "mainland_sale_price, imported_materials and domestic_materials are required");
        }
      }
    }
  } else {
    refuse(declaration, "declaration");
    refuse(value_added, "value_added");
  }
  return decoded;
}

std::string canonical_movement_json(const Movement& m) {
  JsonWriter out;
  out.begin_object().field("id", m.id).field("kind", to_string(m.kind));
  if (m.kind == MovementKind::processing) {
    write_lines(out, "consume", m.consume);
    write_lines(out, "produce", m.produce);
  } else {
    write_lines(out, "lines", m.lines);
  }
  if (m.to) {
    out.key("to").begin_object().field("zone", m.to->zone).field("enterprise", m.to->enterprise).end_object();
  }
  if (!m.reason.empty()) out.field("reason", m.reason);
  if (!m.declaration_json.empty()) out.key("declaration").raw(m.declaration_json);
  if (m.value_added) {
    out.key("value_added")
        .begin_object()
        .field("mainland_sale_price", m.value_added->mainland_sale_price.to_string())
        .field("imported_materials", m.value_added->imported_materials.to_string())
        .field("domestic_materials", m.value_added->domestic_materials.to_string())
        .end_object();
  }
  return out.end_object().take();
}

std::vector<StockDelta> movement_deltas(const AccountRef& account, const Movement& m) {
  std::vector<StockDelta> deltas;
  auto add = [&](const AccountRef& where, const std::vector<MovementLine>& lines, int sign,
                 std::string_view name) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto& line = lines[i];
      deltas.push_back({where, line.item, line.hs_code, line.unit, sign * line.quantity_micro,
                        "/" + std::string(name) + "/" + std::to_string(i)});
    }
  };
  switch (m.kind) {
    case MovementKind::first_line_entry:
    case MovementKind::correction:
      add(account, m.lines, +1, "lines");
      break;
    case MovementKind::second_line_exit:
    case MovementKind::re_export:
      add(account, m.lines, -1, "lines");
      break;
    case MovementKind::transfer:
      add(account, m.lines, -1, "lines");
      add(*m.to, m.lines, +1, "lines");
      break;
    case MovementKind::processing:
      add(account, m.consume, -1, "consume");
      add(account, m.produce, +1, "produce");
      break;
  }
  return deltas;
}

}  // namespace oc
