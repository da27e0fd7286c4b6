// Reading the KCS layout: header check, then one validated KcsDeclaration per record.
#include "risk/model/kcs_data.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <unordered_set>

#include "core/csv.h"

namespace oc::risk_model {
namespace {

enum Column : std::size_t {
  declaration_id,
  date,
  office,
  process_type,
  import_type,
  import_use,
  payment_type,
  transport_mode,
  declarant,
  importer,
  seller,
  courier,
  hs6,
  departure_country,
  origin_country,
  tax_rate,
  tax_type,
  origin_indicator,
  net_mass,
  item_price,
  fraud,
  critical_fraud,
  column_count
};

const std::vector<std::string_view> kColumns = {"Declaration ID",
                                                "Date",
                                                "Office ID",
                                                "Process Type",
                                                "Import Type",
                                                "Import Use",
                                                "Payment Type",
                                                "Mode of Transport",
                                                "Declarant ID",
                                                "Importer ID",
                                                "Seller ID",
                                                "Courier ID",
                                                "HS6 Code",
                                                "Country of Departure",
                                                "Country of Origin",
                                                "Tax Rate",
                                                "Tax Type",
                                                "Country of Origin Indicator",
                                                "Net Mass",
                                                "Item Price",
                                                "Fraud",
                                                "Critical Fraud"};

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Reads one record into a KcsDeclaration; errors name the record's line and the field's column.
class RowReader {
 public:
  RowReader(const CsvReader& reader, const std::array<std::size_t, column_count>& position)
      : reader_(reader), position_(position) {}

  Result<KcsDeclaration> read() const {
    KcsDeclaration row;
    OC_TRY(identifier(declaration_id, row.declaration_id, false));
    OC_TRY(read_date(row.date));
    OC_TRY(code(office, row.office));
    OC_TRY(code(process_type, row.process_type));
    OC_TRY(code(import_type, row.import_type));
    OC_TRY(code(import_use, row.import_use));
    OC_TRY(code(payment_type, row.payment_type));
    OC_TRY(code(transport_mode, row.transport_mode));
    OC_TRY(identifier(declarant, row.declarant, false));
    OC_TRY(identifier(importer, row.importer, false));
    OC_TRY(identifier(seller, row.seller, true));
    OC_TRY(identifier(courier, row.courier, true));
    OC_TRY(read_hs6(row.hs6));
    OC_TRY(country(departure_country, row.departure_country));
    OC_TRY(country(origin_country, row.origin_country));
    OC_TRY(number(tax_rate, kcs_tax_rate_percent_max, row.tax_rate_percent));
    OC_TRY(code(tax_type, row.tax_type));
    OC_TRY(code(origin_indicator, row.origin_indicator));
    OC_TRY(number(net_mass, kcs_net_mass_kg_max, row.net_mass_kg));
    OC_TRY(number(item_price, kcs_item_price_krw_max, row.item_price_krw));
    int fraud_value = 0;
    OC_TRY(small_integer(fraud, 1, fraud_value));
    row.fraud = fraud_value == 1;
    OC_TRY(small_integer(critical_fraud, 2, row.critical_fraud));
    if ((row.critical_fraud > 0) != row.fraud) {
      return error("kcs.label_mismatch", critical_fraud,
                   "Critical Fraud " + std::to_string(row.critical_fraud) + " with Fraud " +
                       std::to_string(fraud_value) +
                       ": Critical Fraud is above 0 exactly when "
                       "Fraud is 1");
    }
    return row;
  }

  Error error(std::string code, Column column, std::string message) const {
    return make_error(
        std::move(code),
        reader_.where(reader_.record().line) + ":" + std::to_string(position_[column] + 1),
        "column '" + std::string(kColumns[column]) + "': " + std::move(message));
  }

 private:
  std::string_view field(Column column) const { return reader_.record().fields[position_[column]]; }

  // Quotes a field for a message, cut to a readable length.
  static std::string shown(std::string_view text) {
    constexpr std::size_t shown_bytes_max = 40;
    std::string out = "'" + std::string(text.substr(0, shown_bytes_max));
    if (text.size() > shown_bytes_max) out += "...";
    return out + "'";
  }

  VoidResult token(Column column, std::size_t bytes_max, bool may_be_empty,
                   std::string& out) const {
    std::string_view text = field(column);
    if (text.empty()) {
      if (may_be_empty) {
        out.clear();
        return ok_result();
      }
      return error("kcs.bad_field", column, "empty; a value is required");
    }
    if (text.size() > bytes_max) {
      return error("kcs.bad_field", column,
                   shown(text) + " has " + std::to_string(text.size()) + " characters; at most " +
                       std::to_string(bytes_max) + " are allowed");
    }
    for (char c : text) {
      if (!is_alnum(c)) {
        return error("kcs.bad_field", column,
                     shown(text) + ": only letters A-Z, a-z and digits are allowed");
      }
    }
    out.assign(text);
    return ok_result();
  }
  VoidResult identifier(Column column, std::string& out, bool may_be_empty) const {
    return token(column, kcs_id_bytes_max, may_be_empty, out);
  }
  VoidResult code(Column column, std::string& out) const {
    return token(column, kcs_code_bytes_max, false, out);
  }

  VoidResult read_date(KcsDate& out) const {
    std::string_view text = field(date);
    bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-';
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) shape = shape && is_digit(text[i]);
    if (!shape) return error("kcs.bad_field", date, shown(text) + ": expected YYYY-MM-DD");
    auto digits = [&](std::size_t from, std::size_t count) {
      int value = 0;
      for (std::size_t i = from; i < from + count; ++i) value = value * 10 + (text[i] - '0');
      return value;
    };
    out.year = digits(0, 4);
    out.month = digits(5, 2);
    out.day = digits(8, 2);
    if (out.year < kcs_year_min || out.year > kcs_year_max) {
      return error("kcs.bad_field", date,
                   shown(text) + ": the year must be " + std::to_string(kcs_year_min) + ".." +
                       std::to_string(kcs_year_max));
    }
    if (out.month < 1 || out.month > 12 || out.day < 1 ||
        out.day > days_in_month(out.year, out.month)) {
      return error("kcs.bad_field", date, shown(text) + ": not a calendar date");
    }
    return ok_result();
  }

  VoidResult read_hs6(std::string& out) const {
    std::string_view text = field(hs6);
    bool valid = text.size() == 6;
    for (char c : text) valid = valid && is_digit(c);
    if (!valid) return error("kcs.bad_field", hs6, shown(text) + ": expected six digits");
    out.assign(text);
    return ok_result();
  }

  VoidResult country(Column column, std::string& out) const {
    std::string_view text = field(column);
    bool valid = text.size() == 2;
    for (char c : text) valid = valid && c >= 'A' && c <= 'Z';
    if (!valid) {
      return error("kcs.bad_field", column, shown(text) + ": expected two capital letters");
    }
    out.assign(text);
    return ok_result();
  }

  // A plain non-negative decimal: digits, optionally '.' and digits (no sign, exponent, spaces).
  VoidResult number(Column column, double value_max, double& out) const {
    std::string_view text = field(column);
    std::size_t dot = text.find('.');
    std::string_view whole = text.substr(0, dot);
    std::string_view fraction =
        dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    bool valid = !whole.empty() && (dot == std::string_view::npos || !fraction.empty());
    for (char c : whole) valid = valid && is_digit(c);
    for (char c : fraction) valid = valid && is_digit(c);
    constexpr std::size_t number_bytes_max = 32;
    if (!valid || text.size() > number_bytes_max) {
      return error("kcs.bad_field", column,
                   shown(text) + ": expected a plain non-negative decimal such as 12.5");
    }
    auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (code != std::errc{} || end != text.data() + text.size() || !std::isfinite(out) ||
        out > value_max) {
      char limit[32];
      std::snprintf(limit, sizeof limit, "%g", value_max);
      return error("kcs.bad_field", column, shown(text) + ": above the limit of " + limit);
    }
    return ok_result();
  }

  VoidResult small_integer(Column column, int value_max, int& out) const {
    std::string_view text = field(column);
    if (text.size() != 1 || text[0] < '0' || text[0] > '0' + value_max) {
      return error("kcs.bad_field", column,
                   shown(text) + ": expected an integer 0.." + std::to_string(value_max));
    }
    out = text[0] - '0';
    return ok_result();
  }

  const CsvReader& reader_;
  const std::array<std::size_t, column_count>& position_;
};

}  // namespace

std::int64_t KcsDate::day_number() const {
  // Days from civil (H. Hinnant's algorithm), valid for the whole proleptic Gregorian calendar.
  int y = year - (month <= 2 ? 1 : 0);
  int era = (y >= 0 ? y : y - 399) / 400;
  int year_of_era = y - era * 400;
  int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return static_cast<std::int64_t>(era) * 146097 + day_of_era - 719468;
}

std::string KcsDate::to_string() const {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
  return text;
}

std::string month_name(int month_index) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", month_index / 12, month_index % 12 + 1);
  return text;
}

const std::vector<std::string_view>& kcs_columns() {
  return kColumns;
}

Result<std::vector<KcsDeclaration>> read_kcs_csv(std::string_view content,
                                                 const std::string& file_name) {
  auto reader = CsvReader::open(content, file_name);
  if (!reader) return std::move(reader).error();
  std::array<std::size_t, column_count> position{};
  for (std::size_t c = 0; c < column_count; ++c) {
    auto index = reader->column(kColumns[c]);
    if (!index) return make_error("kcs.columns", index.error().path, index.error().message);
    position[c] = *index;
  }
  if (reader->header().size() != column_count) {
    for (const std::string& name : reader->header()) {
      bool known = false;
      for (std::string_view column : kColumns) known = known || column == name;
      if (!known) {
        return make_error("kcs.columns", reader->where(1),
                          "'" + name.substr(0, 60) + "' is not a column of the KCS layout");
      }
    }
  }

  std::vector<KcsDeclaration> rows;
  std::unordered_set<std::string> seen_ids;
  RowReader row_reader(*reader, position);
  while (true) {
    auto more = reader->next();
    if (!more) return std::move(more).error();
    if (!*more) break;
    if (rows.size() == kcs_rows_max) {
      return make_error("kcs.too_many_rows", reader->where(reader->record().line),
                        "more than " + std::to_string(kcs_rows_max) + " declarations");
    }
    auto row = row_reader.read();
    if (!row) return std::move(row).error();
    if (!seen_ids.insert(row->declaration_id).second) {
      return row_reader.error("kcs.duplicate_id", declaration_id,
                              "'" + row->declaration_id + "' appears on an earlier line");
    }
    rows.push_back(std::move(row).value());
  }
  if (rows.empty()) {
    return make_error("kcs.empty", file_name, "the file has a header and no declaration");
  }
  return rows;
}

Result<std::vector<KcsDeclaration>> read_kcs_file(const std::filesystem::path& path) {
  auto content = read_file(path);
  if (!content) return std::move(content).error();
  return read_kcs_csv(*content, path.string());
}

}  // namespace oc::risk_model
