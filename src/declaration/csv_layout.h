// The CSV layout for bulk import: one row per goods item, the declaration's own fields repeated
// on each of its rows; consecutive rows with the same (declarant, lrn) form one declaration.
// Each declaration becomes a JSON body for the normal lodging path, so CSV and JSON are checked
// by exactly the same rules. The layout is documented in docs/import.md.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace oc {

// One declaration read from a bulk file: the line its first row starts on, and its JSON body.
struct SourceDeclaration {
  std::size_t line = 0;
  std::string body;
};

// The columns, in the order `opencustoms import` documents (all required in the header, any
// order; extra columns are an error so a misspelt column is never ignored).
const std::vector<std::string_view>& declaration_csv_columns();

// Errors: csv.* from the CSV reader (path "file:line"), import.columns (missing or unknown
// header column), import.documents (a malformed documents cell).
Result<std::vector<SourceDeclaration>> read_declarations_csv(std::string_view content,
                                                            std::string_view file_name);

}  // namespace oc
