#include "clearance/zone_service.h"

#include "core/json_writer.h"
#include "core/sha256.h"
#include "declaration/json_codec.h"

namespace oc {
namespace {

MovementOutcome rejected(Errors errors) {
  MovementOutcome outcome;
  outcome.disposition = MovementDisposition::rejected;
  outcome.answer_json = errors_json(errors);
  outcome.errors = std::move(errors);
  return outcome;
}

// The movement's lines and the declaration's items must describe the same goods: one item per
// line, same HS code, same quantity (in the line's unit).
Errors check_declaration_matches(const Movement& movement, const Declaration& declaration) {
  Errors errors;
  if (declaration.items.size() != movement.lines.size()) {
    errors.push_back(make_error("movement.declaration_mismatch", "/declaration/items",
                                "the declaration has " + std::to_string(declaration.items.size()) +
                                    " items for " + std::to_string(movement.lines.size()) +
                                    " movement lines; declare each line as one item, in order"));
    return errors;
  }
  for (std::size_t i = 0; i < movement.lines.size(); ++i) {
    const MovementLine& line = movement.lines[i];
    const Item& item = declaration.items[i];
    const std::string path = "/declaration/items/" + std::to_string(i);
    auto quantity = item.quantity.rescale(quantity_scale, Rounding::half_up);
    if (item.hs_code != line.hs_code) {
      errors.push_back(make_error("movement.declaration_mismatch", path + "/hs_code",
                                  "item declares " + item.hs_code + ", line " + std::to_string(i) +
                                      " moves " + line.hs_code));
    }
    if (item.unit != line.unit || !quantity || quantity->units() != line.quantity_micro) {
      errors.push_back(make_error("movement.declaration_mismatch", path + "/quantity",
                                  "item declares " + item.quantity.to_string() + " " + item.unit +
                                      ", line " + std::to_string(i) + " moves " +
                                      format_quantity(line.quantity_micro) + " " + line.unit));
    }
  }
  return errors;
}

}  // namespace

Result<ZoneService::Prepared> ZoneService::prepare(std::string_view zone,
                                                   std::string_view enterprise,
                                                   std::string_view body, const Actor& actor) {
  const ZoneInfo* info = zones_.find(zone);
  if (info == nullptr) {
    return make_error("zone.unknown", "", "no zone " + std::string(zone.substr(0, 64)));
  }
  DecodedMovement decoded = decode_movement(body);
  Prepared prepared;
  if (!decoded.errors.empty()) {
    prepared.final = rejected(std::move(decoded.errors));
    return prepared;
  }
  Movement& movement = decoded.movement;
  const AccountRef account{std::string(zone), std::string(enterprise)};
  if (movement.to) {
    if (zones_.find(movement.to->zone) == nullptr) {
      prepared.final = rejected({make_error("movement.unknown_zone", "/to/zone",
                                            "no zone " + movement.to->zone)});
      return prepared;
    }
    if (*movement.to == account) {
      prepared.final = rejected({make_error("movement.transfer_to_self", "/to",
                                            "a transfer needs another account than its source")});
      return prepared;
    }
  }

  LedgerWrite write;
  write.zone = account.zone;
  write.enterprise = account.enterprise;
  write.movement_id = movement.id;
  write.kind = std::string(to_string(movement.kind));
  write.body_json = canonical_movement_json(movement);
  write.body_sha256 = sha256_hex(write.body_json);
  write.deltas = movement_deltas(account, movement);
  write.at = clock_.now();

  std::string declaration_answer;
  if (movement.kind == MovementKind::second_line_exit) {
    DecodedDeclaration declaration = decode_declaration(movement.declaration_json);
    Errors mismatch = declaration.errors.empty()
                          ? check_declaration_matches(movement, declaration.declaration)
                          : Errors{};
    if (!mismatch.empty()) {
      prepared.final = rejected(std::move(mismatch));
      return prepared;
    }
    LodgingOptions options;
    options.required_party = std::string(enterprise);
    if (info->hainan) {
      options.hainan = HainanLine::second_line;
      if (movement.value_added) {
        options.hainan_value_added =
            HainanValueAdded{movement.value_added->mainland_sale_price,
                             movement.value_added->imported_materials,
                             movement.value_added->domestic_materials};
      }
    }
    auto lodged = lodging_.prepare(movement.declaration_json, actor, options);
    if (!lodged) {
      Error error = std::move(lodged).error();
      error.path = "/declaration" + error.path;
      return error;
    }
    LodgingOutcome& outcome = lodged->outcome;
    if (outcome.disposition == LodgingDisposition::rejected) {
      for (Error& error : outcome.errors) error.path = "/declaration" + error.path;
      prepared.final = rejected(std::move(outcome.errors));
      return prepared;
    }
    declaration_answer = outcome.answer_json;
    write.lodging = std::move(lodged->lodging);  // nullopt when the declaration was lodged before
    if (!write.lodging) write.declaration_id = outcome.declaration_id;
  }

  JsonWriter answer;
  answer.begin_object()
      .field("id", movement.id)
      .field("zone", account.zone)
      .field("enterprise", account.enterprise)
      .field("kind", to_string(movement.kind))
      .field("at", format_timestamp(write.at));
  if (!declaration_answer.empty()) answer.key("declaration").raw(declaration_answer);
  write.answer_json = answer.end_object().take();
  prepared.write = std::move(write);
  return prepared;
}

Result<MovementOutcome> ZoneService::finish(Result<LedgerResult> stored) {
  if (!stored) return std::move(stored).error();
  MovementOutcome outcome;
  outcome.disposition = stored->disposition == LedgerDisposition::exists
                            ? MovementDisposition::exists
                            : MovementDisposition::applied;
  outcome.answer_json = std::move(stored->answer_json);
  return outcome;
}

Result<MovementOutcome> ZoneService::move(std::string_view zone, std::string_view enterprise,
                                          std::string_view body, const Actor& actor,
                                          std::optional<AuditEntry> audit) {
  auto prepared = prepare(zone, enterprise, body, actor);
  if (!prepared) return std::move(prepared).error();
  if (prepared->final) return std::move(*prepared->final);
  prepared->write->audit = std::move(audit);
  return finish(store_.apply_movement(std::move(*prepared->write)));
}

std::vector<Result<MovementOutcome>> ZoneService::move_many(std::string_view zone,
                                                            std::string_view enterprise,
                                                            const std::vector<std::string>& bodies,
                                                            const Actor& actor) {
  std::vector<Result<MovementOutcome>> outcomes(bodies.size(), Result<MovementOutcome>(MovementOutcome{}));
  std::vector<LedgerWrite> writes;
  std::vector<std::size_t> positions;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    auto prepared = prepare(zone, enterprise, bodies[i], actor);
    if (!prepared) {
      outcomes[i] = std::move(prepared).error();
    } else if (prepared->final) {
      outcomes[i] = std::move(*prepared->final);
    } else {
      writes.push_back(std::move(*prepared->write));
      positions.push_back(i);
    }
  }
  if (writes.empty()) return outcomes;
  auto stored = store_.apply_movements(std::move(writes));
  for (std::size_t k = 0; k < positions.size(); ++k) outcomes[positions[k]] = finish(std::move(stored[k]));
  return outcomes;
}

std::string stock_json(const std::vector<StockLine>& lines) {
  JsonWriter out;
  out.begin_object().key("lines").begin_array();
  for (const StockLine& line : lines) {
    out.begin_object()
        .field("item", line.item)
        .field("hs_code", line.hs_code)
        .field("unit", line.unit)
        .field("quantity", format_quantity(line.quantity_micro))
        .end_object();
  }
  return out.end_array().end_object().take();
}

std::string movements_json(const std::vector<MovementRecord>& records, std::size_t limit) {
  JsonWriter out;
  out.begin_object().key("movements").begin_array();
  for (const MovementRecord& record : records) {
    out.begin_object()
        .field("sequence", record.sequence)
        .field("zone", record.zone)
        .field("enterprise", record.enterprise)
        .field("id", record.id)
        .field("kind", record.kind)
        .field("at", format_timestamp(record.at));
    out.key("declaration_id");
    if (record.declaration_id.empty()) {
      out.null();
    } else {
      out.string(record.declaration_id);
    }
    out.key("movement").raw(record.body_json).end_object();
  }
  out.end_array().key("next_after");
  if (records.size() == limit && !records.empty()) {
    out.integer(records.back().sequence);
  } else {
    out.null();
  }
  return out.end_object().take();
}

}  // namespace oc
