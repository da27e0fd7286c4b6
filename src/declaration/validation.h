// Validation: every semantic error of a declaration at once, each with a stable code and a
// JSON-pointer path. Codes are "<field>.<rule>" (hs_code.unknown, net_mass_kg.exceeds_gross …)
// and are listed in docs/errors.md.
// Thread safety: pure functions; ReferenceData is read only.
#pragma once

#include <string_view>

#include "core/reference_data.h"
#include "core/result.h"
#include "declaration/declaration.h"
#include "declaration/json_codec.h"

namespace oc {

// Checks lengths, characters, code lists, ranges and cross-field rules. Fields at paths already
// reported in `decode_errors` are not checked again (one problem, one error).
Errors validate_declaration(const Declaration& declaration, const ReferenceData& reference,
                            const Errors& decode_errors = {});

// decode_declaration + validate_declaration: the whole check of a lodged body.
DecodedDeclaration check_declaration(std::string_view json, const ReferenceData& reference);

}  // namespace oc
