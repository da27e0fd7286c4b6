// JSON codec for the declaration (../shared/api/declaration-v1.md), decoding with simdjson.
//
// Decoding never throws and never stops at the first problem: it reports every structural error
// (syntax, wrong JSON type, missing required field, unknown or duplicate field, bad enum value,
// malformed decimal) with a JSON-pointer path, and fills in whatever decoded cleanly. Semantic
// checks (lengths, code lists, ranges) are validation's job (validation.h).
// Thread safety: decode_declaration uses a thread-local parser; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "declaration/declaration.h"

namespace oc {

struct DecodedDeclaration {
  Declaration declaration;
  Errors errors;  // empty when the JSON matched the contract's shape
};

// Error codes: body.too_large, json.syntax, json.utf8, json.depth, json.type, field.unknown,
// field.duplicate, <field>.required, <field>.type, <field>.invalid (enum), <field>.decimal.
DecodedDeclaration decode_declaration(std::string_view json);

// Canonical JSON of a declaration: contract field order, optional empty fields omitted,
// decimals as written. Equal declarations encode to equal bytes (used for idempotency hashes).
std::string encode_declaration(const Declaration& declaration);

// Escapes a JSON object key for use as a JSON-pointer segment ("~" -> "~0", "/" -> "~1").
std::string json_pointer_segment(std::string_view key);

}  // namespace oc
