// CSV reading: RFC 4180 records out of a whole-file buffer, for the reference lists, tariff files
// and bulk import.
//
// CsvReader borrows the content: the caller keeps it alive for as long as the reader and any
// record it hands out are in use. Fields are string_views into the content (unquoted fields, and
// quoted fields without doubled quotes: no allocation) or into the reader's scratch buffer
// (quoted fields with doubled quotes); either way they stay valid until the next call to next().
// The first record is the header; its names give column indexes. Every later record must have
// exactly as many fields as the header (CsvOptions::optional_last_column relaxes this by one).
//
// Accepted: LF or CRLF line ends, a missing final line end, a UTF-8 byte order mark at the very
// start, quoted fields holding commas, doubled quotes and line breaks (kept as written, CRLF
// included). A CR not followed by LF is ordinary field data. A blank line is a record with one
// empty field, so in a file of two or more columns it is a csv.field_count error.
//
// Errors carry path "file:line" (1-based line of the offending character; for
// csv.unterminated_quote the line where the quote opened, for csv.field_count the line where the
// record starts) and a message naming the column:
//   csv.empty               the content has no header row
//   csv.too_many_columns    the header has more than columns_max names
//   csv.duplicate_column    two header names are equal (lookup by name would be ambiguous)
//   csv.missing_column      column(name) for a name the header lacks (line = header line)
//   csv.unterminated_quote  a quoted field runs to the end of the input
//   csv.text_after_quote    a closing quote followed by something other than comma or line end
//   csv.bare_quote          a quote inside an unquoted field
//   csv.field_count         a record has more or fewer fields than the header
// After a record error next() resumes at the following line, so a caller can report every bad
// record; after csv.unterminated_quote the input is exhausted.
// Thread safety: one thread at a time per reader. Moving a reader invalidates its current record.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace oc {

struct CsvOptions {
  // When the header's last column has this name, a record may omit that field; it reads as "".
  // For files whose writer drops a trailing empty field on some rows (UN/LOCODE's "geocoded").
  std::string optional_last_column;
};

struct CsvRecord {
  std::size_t line = 0;                  // 1-based line where the record starts
  std::vector<std::string_view> fields;  // one per header column
};

class CsvReader {
 public:
  static constexpr std::size_t columns_max = 1024;

  // Reads the header row. `file_name` is used only in error paths.
  static Result<CsvReader> open(std::string_view content, std::string file_name,
                                CsvOptions options = {});

  const std::vector<std::string>& header() const { return header_; }
  std::optional<std::size_t> find_column(std::string_view name) const;
  // Like find_column, but a missing name is a csv.missing_column error.
  Result<std::size_t> column(std::string_view name) const;

  // Advances to the next record: true when one was read, false at the end of the input.
  Result<bool> next();
  // The record read by the last successful next(). REQUIRES: next() returned true.
  const CsvRecord& record() const { return record_; }

  // "file:line", the form every CSV error path takes; for callers reporting their own row errors.
  std::string where(std::size_t line) const;

 private:
  enum class FieldEnd { comma, line, input };
  // Where the scratch copy of a quoted field with doubled quotes lives until the record ends.
  struct ScratchField {
    std::size_t field_index;
    std::size_t offset;
    std::size_t size;
  };

  CsvReader(std::string_view content, std::string file_name, CsvOptions options);

  VoidResult read_header();
  VoidResult parse_record(std::size_t fields_expected);
  Result<std::size_t> parse_fields();  // the field count found
  Result<FieldEnd> parse_field(std::size_t field_index);
  Result<FieldEnd> parse_unquoted(std::size_t field_index);
  Result<FieldEnd> parse_quoted(std::size_t field_index);
  Result<FieldEnd> end_of_quoted(std::size_t field_index);
  bool keeps_field(std::size_t field_index) const;
  void store_field(std::size_t field_index, std::string_view value);
  VoidResult check_field_count(std::size_t fields_found, std::size_t fields_expected);
  void skip_rest_of_line();
  // "column 'name'", or "header field 3" / "extra field 7" where there is no name.
  std::string field_label(std::size_t field_index) const;
  Error error_at(std::string code, std::size_t line, std::string message) const;

  std::string_view content_;
  std::string file_name_;
  CsvOptions options_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;  // line of content_[pos_]
  std::size_t header_line_ = 1;
  std::vector<std::string> header_;
  CsvRecord record_;
  std::string scratch_;
  std::vector<ScratchField> scratch_fields_;
};

// Limit for read_file: the largest reference or import file the platform reads whole (the full
// UN/LOCODE list is under 9 MiB).
inline constexpr std::size_t file_bytes_max = std::size_t{256} << 20;

// Reads a whole file. Errors (path = the file as given): file.missing, file.unreadable (not a
// regular file, or the read failed), file.too_large (over bytes_max).
Result<std::string> read_file(const std::filesystem::path& path,
                              std::size_t bytes_max = file_bytes_max);

}  // namespace oc
