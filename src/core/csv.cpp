// CSV reading: a single forward pass over the content. Unquoted fields and quoted fields without
// doubled quotes are views into the content; only doubled quotes force a copy into scratch_.
#include "core/csv.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <system_error>
#include <utility>

namespace oc {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Bytes that end the fast scan of an unquoted field.
constexpr std::array<bool, 256> kUnquotedStop = [] {
  std::array<bool, 256> stop{};
  stop[static_cast<unsigned char>(',')] = true;
  stop[static_cast<unsigned char>('\n')] = true;
  stop[static_cast<unsigned char>('"')] = true;
  return stop;
}();

std::size_t count_newlines(std::string_view text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::string describe_byte(char c) {
  auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7F) return std::string("'") + c + "'";
  std::array<char, 8> hex{};
  std::snprintf(hex.data(), hex.size(), "0x%02X", byte);
  return std::string("byte ") + hex.data();
}

}  // namespace

CsvReader::CsvReader(std::string_view content, std::string file_name, CsvOptions options)
    : content_(content), file_name_(std::move(file_name)), options_(options) {}

Result<CsvReader> CsvReader::open(std::string_view content, std::string file_name,
                                  CsvOptions options) {
  CsvReader reader(content, std::move(file_name), options);
  if (reader.content_.starts_with(kByteOrderMark)) reader.pos_ = kByteOrderMark.size();
  VoidResult header = reader.read_header();
  if (!header.ok()) return std::move(header).error();
  return reader;
}

VoidResult CsvReader::read_header() {
  if (pos_ >= content_.size()) return error_at("csv.empty", line_, "no header row");
  header_line_ = line_;
  OC_TRY(parse_record(0));
  header_.assign(record_.fields.begin(), record_.fields.end());
  for (std::size_t i = 0; i < header_.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (header_[i] == header_[j]) {
        return error_at("csv.duplicate_column", header_line_,
                        "column '" + header_[i] + "' appears twice in the header (fields " +
                            std::to_string(j + 1) + " and " + std::to_string(i + 1) + ")");
      }
    }
  }
  return ok_result();
}

std::optional<std::size_t> CsvReader::find_column(std::string_view name) const {
  auto found = std::find(header_.begin(), header_.end(), name);
  if (found == header_.end()) return std::nullopt;
  return static_cast<std::size_t>(found - header_.begin());
}

Result<std::size_t> CsvReader::column(std::string_view name) const {
  std::optional<std::size_t> index = find_column(name);
  if (!index) {
    return error_at("csv.missing_column", header_line_,
                    "column '" + std::string(name) + "' is not in the header");
  }
  return *index;
}

Result<bool> CsvReader::next() {
  if (pos_ >= content_.size()) return false;
  VoidResult parsed = parse_record(header_.size());
  if (!parsed.ok()) return std::move(parsed).error();
  return true;
}

std::string CsvReader::where(std::size_t line) const {
  return file_name_ + ":" + std::to_string(line);
}

// fields_expected == 0 reads the header: any width up to columns_max, no count check.
VoidResult CsvReader::parse_record(std::size_t fields_expected) {
  const std::size_t record_start = pos_;
  Result<std::size_t> fields_found = parse_fields();
  if (!fields_found.ok()) return std::move(fields_found).error();
  if (fields_expected == 0) {
    if (*fields_found <= columns_max) return ok_result();
    return error_at("csv.too_many_columns", record_.line,
                    "the header has " + std::to_string(*fields_found) + " columns, more than " +
                        std::to_string(columns_max));
  }
  const std::string_view text = content_.substr(record_start, pos_ - record_start);
  if (fields_expected > 1 && (text == "\n" || text == "\r\n")) {
    return error_at("csv.field_count", record_.line,
                    "blank line; expected " + std::to_string(fields_expected) + " fields");
  }
  return check_field_count(*fields_found, fields_expected);
}

Result<std::size_t> CsvReader::parse_fields() {
  record_.fields.clear();
  record_.line = line_;
  scratch_.clear();
  scratch_fields_.clear();
  std::size_t fields_found = 0;
  for (;;) {
    Result<FieldEnd> end = parse_field(fields_found);
    if (!end.ok()) {
      skip_rest_of_line();
      return std::move(end).error();
    }
    ++fields_found;
    if (*end != FieldEnd::comma) break;
  }
  // scratch_ no longer grows, so views into it are now stable.
  for (const ScratchField& field : scratch_fields_) {
    record_.fields[field.field_index] = std::string_view(scratch_).substr(field.offset, field.size);
  }
  return fields_found;
}

VoidResult CsvReader::check_field_count(std::size_t fields_found, std::size_t fields_expected) {
  if (fields_found == fields_expected) return ok_result();
  const bool last_optional =
      !options_.optional_last_column.empty() && header_.back() == options_.optional_last_column;
  if (last_optional && fields_found + 1 == fields_expected) {
    record_.fields.emplace_back();
    return ok_result();
  }
  std::string counts = "expected " + std::to_string(fields_expected) + " fields, found " +
                       std::to_string(fields_found);
  if (fields_found < fields_expected) {
    return error_at("csv.field_count", record_.line,
                    counts + ": column '" + header_[fields_found] + "' is missing");
  }
  return error_at("csv.field_count", record_.line,
                  counts + ": extra field after column '" + header_.back() + "'");
}

Result<CsvReader::FieldEnd> CsvReader::parse_field(std::size_t field_index) {
  if (pos_ < content_.size() && content_[pos_] == '"') return parse_quoted(field_index);
  return parse_unquoted(field_index);
}

Result<CsvReader::FieldEnd> CsvReader::parse_unquoted(std::size_t field_index) {
  const std::size_t start = pos_;
  while (pos_ < content_.size() && !kUnquotedStop[static_cast<unsigned char>(content_[pos_])]) {
    ++pos_;
  }
  if (pos_ == content_.size()) {
    store_field(field_index, content_.substr(start));
    return FieldEnd::input;
  }
  switch (content_[pos_]) {
    case ',':
      store_field(field_index, content_.substr(start, pos_ - start));
      ++pos_;
      return FieldEnd::comma;
    case '\n': {
      std::size_t stop = pos_;
      if (stop > start && content_[stop - 1] == '\r') --stop;  // CRLF: the CR is not data
      store_field(field_index, content_.substr(start, stop - start));
      ++pos_;
      ++line_;
      return FieldEnd::line;
    }
    default:
      return error_at("csv.bare_quote", line_,
                      field_label(field_index) +
                          ": a quote inside an unquoted field (quote the whole field and double "
                          "the quote)");
  }
}

Result<CsvReader::FieldEnd> CsvReader::parse_quoted(std::size_t field_index) {
  const std::size_t open_line = line_;
  ++pos_;  // the opening quote
  std::size_t segment_start = pos_;
  std::optional<std::size_t> scratch_offset;  // set once a doubled quote forces a copy
  for (;;) {
    std::size_t quote = content_.find('"', pos_);
    if (quote == std::string_view::npos) {
      pos_ = content_.size();
      return error_at("csv.unterminated_quote", open_line,
                      field_label(field_index) + ": the quoted field opened here is never closed");
    }
    line_ += count_newlines(content_.substr(pos_, quote - pos_));
    if (quote + 1 < content_.size() && content_[quote + 1] == '"') {
      if (!scratch_offset) scratch_offset = scratch_.size();
      scratch_.append(content_.substr(segment_start, quote + 1 - segment_start));
      pos_ = quote + 2;
      segment_start = pos_;
      continue;
    }
    std::string_view tail = content_.substr(segment_start, quote - segment_start);
    if (scratch_offset) {
      scratch_.append(tail);
      if (keeps_field(field_index)) {
        scratch_fields_.push_back(
            {field_index, *scratch_offset, scratch_.size() - *scratch_offset});
      }
      store_field(field_index, {});  // patched from scratch_ when the record is complete
    } else {
      store_field(field_index, tail);
    }
    pos_ = quote + 1;
    return end_of_quoted(field_index);
  }
}

Result<CsvReader::FieldEnd> CsvReader::end_of_quoted(std::size_t field_index) {
  if (pos_ == content_.size()) return FieldEnd::input;
  const char c = content_[pos_];
  if (c == ',') {
    ++pos_;
    return FieldEnd::comma;
  }
  if (c == '\n' || (c == '\r' && pos_ + 1 < content_.size() && content_[pos_ + 1] == '\n')) {
    pos_ += (c == '\r') ? 2 : 1;
    ++line_;
    return FieldEnd::line;
  }
  return error_at("csv.text_after_quote", line_,
                  field_label(field_index) + ": " + describe_byte(c) + " after the closing quote");
}

// Fields past the header width are counted by the caller but not kept, so a runaway line cannot
// grow the record without bound.
bool CsvReader::keeps_field(std::size_t field_index) const {
  return field_index < (header_.empty() ? columns_max : header_.size());
}

void CsvReader::store_field(std::size_t field_index, std::string_view value) {
  if (keeps_field(field_index)) record_.fields.push_back(value);
}

void CsvReader::skip_rest_of_line() {
  std::size_t newline = content_.find('\n', pos_);
  if (newline == std::string_view::npos) {
    pos_ = content_.size();
    return;
  }
  pos_ = newline + 1;
  ++line_;
}

std::string CsvReader::field_label(std::size_t field_index) const {
  if (header_.empty()) return "header field " + std::to_string(field_index + 1);
  if (field_index < header_.size()) return "column '" + header_[field_index] + "'";
  return "extra field " + std::to_string(field_index + 1);
}

Error CsvReader::error_at(std::string code, std::size_t line, std::string message) const {
  return make_error(std::move(code), where(line), std::move(message));
}

Result<std::string> read_file(const std::filesystem::path& path, std::size_t bytes_max) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) {
    return make_error("file.missing", path.string(), "no such file");
  }
  if (error || status.type() != std::filesystem::file_type::regular) {
    return make_error("file.unreadable", path.string(), "not a readable regular file");
  }
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) return make_error("file.unreadable", path.string(), error.message());
  if (size > bytes_max) {
    return make_error(
        "file.too_large", path.string(),
        std::to_string(size) + " bytes, more than the limit of " + std::to_string(bytes_max));
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) return make_error("file.unreadable", path.string(), "cannot open the file");
  std::string content(static_cast<std::size_t>(size), '\0');
  const std::size_t read = std::fread(content.data(), 1, content.size(), file.get());
  if (read != content.size()) {
    return make_error("file.unreadable", path.string(),
                      "read " + std::to_string(read) + " of " + std::to_string(size) + " bytes");
  }
  return content;
}

}  // namespace oc
