// Bulk-import CSV -> declaration JSON bodies. The CSV is only a transport: every body then goes
// through the same decode and validation as a JSON lodging.
#include "declaration/csv_layout.h"

#include <array>

#include "core/csv.h"
#include "core/json_writer.h"

namespace oc {
namespace {

// Column positions in kColumns.
enum Column : std::size_t {
  lrn, type, procedure, declarant, importer_id, importer_name, importer_country, exporter_id,
  exporter_name, exporter_country, office, port, transport_mode, trading_country,
  departure_country, incoterm, currency, freight, insurance, documents,
  // item columns
  hs_code, description, origin, quantity, unit, net_mass_kg, gross_mass_kg, invoice_amount,
  preference, column_count
};
constexpr Column kFirstItemColumn = hs_code;

const std::vector<std::string_view> kColumns = {
    "lrn", "type", "procedure", "declarant", "importer_id", "importer_name", "importer_country",
    "exporter_id", "exporter_name", "exporter_country", "office", "port", "transport_mode",
    "trading_country", "departure_country", "incoterm", "currency", "freight", "insurance",
    "documents", "hs_code", "description", "origin", "quantity", "unit", "net_mass_kg",
    "gross_mass_kg", "invoice_amount", "preference"};

using Row = std::array<std::string, column_count>;

void optional_field(JsonWriter& out, std::string_view name, const std::string& value) {
  if (!value.empty()) out.field(name, value);
}

void write_party(JsonWriter& out, std::string_view name, const std::string& id,
                 const std::string& party_name, const std::string& country) {
  if (id.empty() && party_name.empty() && country.empty()) return;
  out.key(name).begin_object();
  optional_field(out, "id", id);
  optional_field(out, "name", party_name);
  optional_field(out, "country", country);
  out.end_object();
}

// "invoice:INV-1;certificate_of_origin:RCEP-1:RCEP"
Result<bool> write_documents(JsonWriter& out, const std::string& cell, const std::string& where) {
  if (cell.empty()) return true;
  out.key("documents").begin_array();
  std::size_t start = 0;
  while (start <= cell.size()) {
    std::size_t end = cell.find(';', start);
    if (end == std::string::npos) end = cell.size();
    std::string_view entry(cell.data() + start, end - start);
    std::size_t first = entry.find(':');
    if (first == std::string_view::npos || first == 0 || first + 1 == entry.size()) {
      return make_error("import.documents", where,
                        "documents entry '" + std::string(entry.substr(0, 60)) +
                            "' must be type:id or type:id:agreement");
    }
    std::size_t second = entry.find(':', first + 1);
    out.begin_object().field("type", entry.substr(0, first));
    if (second == std::string_view::npos) {
      out.field("id", entry.substr(first + 1));
    } else {
      out.field("id", entry.substr(first + 1, second - first - 1))
          .field("agreement", entry.substr(second + 1));
    }
    out.end_object();
    start = end + 1;
  }
  out.end_array();
  return true;
}

Result<std::string> body_of(const Row& head, const std::vector<Row>& rows, const std::string& where) {
  JsonWriter out;
  out.begin_object();
  for (Column c : {lrn, type, procedure, declarant}) optional_field(out, kColumns[c], head[c]);
  write_party(out, "importer", head[importer_id], head[importer_name], head[importer_country]);
  write_party(out, "exporter", head[exporter_id], head[exporter_name], head[exporter_country]);
  for (Column c : {office, port, transport_mode, trading_country, departure_country, incoterm,
                   currency, freight, insurance}) {
    optional_field(out, kColumns[c], head[c]);
  }
  auto documents_ok = write_documents(out, head[documents], where);
  if (!documents_ok) return std::move(documents_ok).error();
  out.key("items").begin_array();
  for (const Row& row : rows) {
    out.begin_object();
    for (std::size_t c = kFirstItemColumn; c < column_count; ++c) {
      optional_field(out, kColumns[c], row[c]);
    }
    out.end_object();
  }
  out.end_array().end_object();
  return out.take();
}

}  // namespace

const std::vector<std::string_view>& declaration_csv_columns() { return kColumns; }

Result<std::vector<SourceDeclaration>> read_declarations_csv(std::string_view content,
                                                            std::string_view file_name) {
  auto reader = CsvReader::open(content, std::string(file_name));
  if (!reader) return std::move(reader).error();
  std::array<std::size_t, column_count> position{};
  for (std::size_t c = 0; c < column_count; ++c) {
    auto index = reader->column(kColumns[c]);
    if (!index) return make_error("import.columns", index.error().path, index.error().message);
    position[c] = *index;
  }
  for (const std::string& name : reader->header()) {
    bool known = false;
    for (std::string_view column : kColumns) known = known || column == name;
    if (!known) {
      return make_error("import.columns", reader->where(1),
                        "unknown column '" + name.substr(0, 60) + "'");
    }
  }

  std::vector<SourceDeclaration> declarations;
  Row head;
  std::vector<Row> rows;
  std::size_t head_line = 0;
  auto flush = [&]() -> Result<bool> {
    if (rows.empty()) return true;
    auto body = body_of(head, rows, reader->where(head_line));
    if (!body) return std::move(body).error();
    declarations.push_back(SourceDeclaration{head_line, std::move(*body)});
    rows.clear();
    return true;
  };
  while (true) {
    auto more = reader->next();
    if (!more) return std::move(more).error();
    if (!*more) break;
    Row row;
    for (std::size_t c = 0; c < column_count; ++c) {
      row[c] = std::string(reader->record().fields[position[c]]);
    }
    bool same = !rows.empty() && row[lrn] == head[lrn] && row[declarant] == head[declarant];
    if (same) {
      for (std::size_t c = 0; c < kFirstItemColumn; ++c) {
        if (row[c] != head[c]) {
          return make_error("import.inconsistent", reader->where(reader->record().line),
                            "column '" + std::string(kColumns[c]) +
                                "' differs from the declaration's first row (line " +
                                std::to_string(head_line) + ")");
        }
      }
    } else {
      auto flushed = flush();
      if (!flushed) return std::move(flushed).error();
      head = row;
      head_line = reader->record().line;
    }
    rows.push_back(std::move(row));
  }
  auto flushed = flush();
  if (!flushed) return std::move(flushed).error();
  return declarations;
}

}  // namespace oc
