// CsvReader and read_file: RFC 4180 edge cases, every csv.* / file.* error with its exact path,
// and recovery after a bad record.
#include "core/csv.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace oc {
namespace {

using Rows = std::vector<std::vector<std::string>>;

CsvReader open_ok(std::string_view content, CsvOptions options = {}) {
  Result<CsvReader> reader = CsvReader::open(content, "t.csv", options);
  EXPECT_TRUE(reader.ok()) << reader.error().code << " " << reader.error().message;
  return std::move(reader).value();
}

Error open_error(std::string_view content) {
  Result<CsvReader> reader = CsvReader::open(content, "t.csv");
  EXPECT_FALSE(reader.ok());
  return reader.ok() ? Error{} : reader.error();
}

std::vector<std::string> fields_of(const CsvRecord& record) {
  return {record.fields.begin(), record.fields.end()};
}

// Every record after the header; fails the test on any error.
Rows read_all(std::string_view content, CsvOptions options = {}) {
  CsvReader reader = open_ok(content, options);
  Rows rows;
  for (;;) {
    Result<bool> more = reader.next();
    EXPECT_TRUE(more.ok()) << more.error().code << " " << more.error().path << " "
                           << more.error().message;
    if (!more.ok() || !*more) return rows;
    rows.push_back(fields_of(reader.record()));
  }
}

// The error the next record produces.
Error next_error(CsvReader& reader) {
  Result<bool> more = reader.next();
  EXPECT_FALSE(more.ok());
  return more.ok() ? Error{} : more.error();
}

TEST(CsvReader, HeaderGivesColumnIndexesByName) {
  CsvReader reader = open_ok("code,name,level\n");
  EXPECT_EQ(reader.header(), (std::vector<std::string>{"code", "name", "level"}));
  EXPECT_EQ(reader.find_column("name"), 1u);
  EXPECT_EQ(reader.find_column("Name"), std::nullopt);
  ASSERT_TRUE(reader.column("level").ok());
  EXPECT_EQ(*reader.column("level"), 2u);
  EXPECT_EQ(reader.column("parent").error(),
            make_error("csv.missing_column", "t.csv:1", "column 'parent' is not in the header"));
}

TEST(CsvReader, ReadsRecordsWithTheirLineNumbers) {
  CsvReader reader = open_ok("a,b\n1,2\n3,4\n");
  ASSERT_TRUE(*reader.next());
  EXPECT_EQ(reader.record().line, 2u);
  EXPECT_EQ(fields_of(reader.record()), (std::vector<std::string>{"1", "2"}));
  ASSERT_TRUE(*reader.next());
  EXPECT_EQ(reader.record().line, 3u);
  EXPECT_EQ(fields_of(reader.record()), (std::vector<std::string>{"3", "4"}));
  Result<bool> end = reader.next();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(*end);
  EXPECT_FALSE(*reader.next());  // stays at the end
}

TEST(CsvReader, UnquotedAndPlainQuotedFieldsAreViewsIntoTheContent) {
  const std::string content = "a,b\nplain,\"quoted, no doubles\"\n";
  CsvReader reader = open_ok(content);
  ASSERT_TRUE(*reader.next());
  for (std::string_view field : reader.record().fields) {
    EXPECT_GE(field.data(), content.data());
    EXPECT_LE(field.data() + field.size(), content.data() + content.size());
  }
  EXPECT_EQ(reader.record().fields[1], "quoted, no doubles");
}

TEST(CsvReader, QuotedFieldsHoldCommasLineBreaksAndDoubledQuotes) {
  EXPECT_EQ(read_all("a,b,c\n\"x,y\",\"line 1\nline 2\",\"say \"\"hi\"\"\"\n"),
            (Rows{{"x,y", "line 1\nline 2", "say \"hi\""}}));
  EXPECT_EQ(read_all("a,b\n\"\",\"\"\"\"\n"), (Rows{{"", "\""}}));
  EXPECT_EQ(read_all("a,b\n\"\"\"x\"\"\",\"a\"\"b\"\"c\"\n"), (Rows{{"\"x\"", "a\"b\"c"}}));
}

TEST(CsvReader, TwoFieldsWithDoubledQuotesInOneRecordKeepTheirOwnText) {
  // Both live in the scratch buffer; each must see only its own bytes.
  EXPECT_EQ(read_all("a,b,c\n\"1\"\"\",plain,\"\"\"2\"\n"), (Rows{{"1\"", "plain", "\"2"}}));
}

TEST(CsvReader, LineNumbersCountBreaksInsideQuotedFields) {
  CsvReader reader = open_ok("a,b\n\"one\ntwo\nthree\",x\nnext,y\n");
  ASSERT_TRUE(*reader.next());
  EXPECT_EQ(reader.record().line, 2u);
  ASSERT_TRUE(*reader.next());
  EXPECT_EQ(reader.record().line, 5u);
  EXPECT_EQ(fields_of(reader.record()), (std::vector<std::string>{"next", "y"}));
}

TEST(CsvReader, CrlfLineEndsAreNotData) {
  EXPECT_EQ(read_all("a,b\r\n1,2\r\n\"3\",\"4\"\r\n"), (Rows{{"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(read_all("a,b\r\n1,\r\n"), (Rows{{"1", ""}}));
}

TEST(CsvReader, CrlfInsideAQuotedFieldIsKept) {
  EXPECT_EQ(read_all("a\r\n\"x\r\ny\"\r\n"), (Rows{{"x\r\ny"}}));
}

TEST(CsvReader, ALoneCarriageReturnIsFieldData) {
  EXPECT_EQ(read_all("a\nx\ry\n"), (Rows{{"x\ry"}}));
}

TEST(CsvReader, ByteOrderMarkAtTheStartIsSkipped) {
  CsvReader reader = open_ok("\xEF\xBB\xBFname,code\nx,1\n");
  EXPECT_EQ(reader.header()[0], "name");
  EXPECT_EQ(reader.find_column("name"), 0u);
}

TEST(CsvReader, ByteOrderMarkElsewhereIsData) {
  EXPECT_EQ(read_all("a\n\xEF\xBB\xBFx\n"), (Rows{{"\xEF\xBB\xBFx"}}));
}

TEST(CsvReader, FinalLineEndIsOptional) {
  EXPECT_EQ(read_all("a,b\n1,2"), (Rows{{"1", "2"}}));
  EXPECT_EQ(read_all("a,b\n1,\"2\""), (Rows{{"1", "2"}}));
  EXPECT_EQ(read_all("a,b"), Rows{});
}

TEST(CsvReader, EmptyFields) {
  EXPECT_EQ(read_all("a,b,c\n,,\n"), (Rows{{"", "", ""}}));
  EXPECT_EQ(read_all("a,b\n1,"), (Rows{{"1", ""}}));
}

TEST(CsvReader, OneColumnFileTakesABlankLineAsAnEmptyField) {
  EXPECT_EQ(read_all("a\n1\n\n2\n"), (Rows{{"1"}, {""}, {"2"}}));
}

TEST(CsvReader, OptionalLastColumnMayBeOmitted) {
  const CsvOptions options{.optional_last_column = "geocoded"};
  EXPECT_EQ(read_all("a,b,geocoded\n1,2\n3,4,true\n", options),
            (Rows{{"1", "2", ""}, {"3", "4", "true"}}));
}

TEST(CsvReader, OptionalLastColumnAllowsOneMissingFieldOnly) {
  CsvReader reader = open_ok("a,b,geocoded\n1\n", CsvOptions{.optional_last_column = "geocoded"});
  EXPECT_EQ(next_error(reader), make_error("csv.field_count", "t.csv:2",
                                           "expected 3 fields, found 1: column 'b' is missing"));
}

TEST(CsvReader, OptionalLastColumnAppliesOnlyWhenItIsLast) {
  CsvReader reader = open_ok("geocoded,b\n1\n", CsvOptions{.optional_last_column = "geocoded"});
  EXPECT_EQ(next_error(reader), make_error("csv.field_count", "t.csv:2",
                                           "expected 2 fields, found 1: column 'b' is missing"));
}

TEST(CsvReaderErrors, EmptyContent) {
  EXPECT_EQ(open_error(""), make_error("csv.empty", "t.csv:1", "no header row"));
  EXPECT_EQ(open_error("\xEF\xBB\xBF"), make_error("csv.empty", "t.csv:1", "no header row"));
}

TEST(CsvReaderErrors, DuplicateColumn) {
  EXPECT_EQ(open_error("a,b,a\n"),
            make_error("csv.duplicate_column", "t.csv:1",
                       "column 'a' appears twice in the header (fields 1 and 3)"));
}

TEST(CsvReaderErrors, TooManyColumns) {
  std::string header = "c0";
  for (std::size_t i = 1; i <= CsvReader::columns_max; ++i) header += ",c" + std::to_string(i);
  EXPECT_EQ(open_error(header), make_error("csv.too_many_columns", "t.csv:1",
                                           "the header has 1025 columns, more than 1024"));
}

TEST(CsvReaderErrors, ErrorInTheHeaderNamesTheHeaderField) {
  EXPECT_EQ(open_error("a,\"b\nc\n"),
            make_error("csv.unterminated_quote", "t.csv:1",
                       "header field 2: the quoted field opened here is never closed"));
}

TEST(CsvReaderErrors, UnterminatedQuoteReportsTheLineWhereItOpenedAndEndsTheInput) {
  CsvReader reader = open_ok("a,b\n1,2\n3,\"open\nmore\nmore\n");
  ASSERT_TRUE(*reader.next());
  EXPECT_EQ(next_error(reader),
            make_error("csv.unterminated_quote", "t.csv:3",
                       "column 'b': the quoted field opened here is never closed"));
  Result<bool> end = reader.next();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(*end);
}

TEST(CsvReaderErrors, TextAfterClosingQuoteThenRecovery) {
  CsvReader reader = open_ok("a,b\n\"x\"y,2\n3,4\n");
  EXPECT_EQ(next_error(reader), make_error("csv.text_after_quote", "t.csv:2",
                                           "column 'a': 'y' after the closing quote"));
  ASSERT_TRUE(*reader.next());
  EXPECT_EQ(reader.record().line, 3u);
  EXPECT_EQ(fields_of(reader.record()), (std::vector<std::string>{"3", "4"}));
}

TEST(CsvReaderErrors, TextAfterClosingQuoteIsReportedOnItsOwnLine) {
  CsvReader reader = open_ok("a,b\n1,\"two\nlines\" \n");
  EXPECT_EQ(next_error(reader), make_error("csv.text_after_quote", "t.csv:3",
                                           "column 'b': ' ' after the closing quote"));
}

TEST(CsvReaderErrors, NonPrintableByteAfterClosingQuoteIsShownInHex) {
  CsvReader reader = open_ok("a\n\"x\"\r\n");  // CR then LF is fine...
  ASSERT_TRUE(*reader.next());
  CsvReader lone_cr = open_ok("a\n\"x\"\ry\n");  // ...a CR followed by anything else is not
  EXPECT_EQ(next_error(lone_cr), make_error("csv.text_after_quote", "t.csv:2",
                                            "column 'a': byte 0x0D after the closing quote"));
}

TEST(CsvReaderErrors, BareQuoteThenRecovery) {
  CsvReader reader = open_ok("a,b\n1,x\"y\n3,4\n");
  EXPECT_EQ(next_error(reader),
            make_error("csv.bare_quote", "t.csv:2",
                       "column 'b': a quote inside an unquoted field (quote the whole field and "
                       "double the quote)"));
  ASSERT_TRUE(*reader.next());
  EXPECT_EQ(fields_of(reader.record()), (std::vector<std::string>{"3", "4"}));
}

TEST(CsvReaderErrors, TooFewFieldsNamesTheMissingColumn) {
  CsvReader reader = open_ok("a,b,c\n1,2\n4,5,6\n");
  EXPECT_EQ(next_error(reader), make_error("csv.field_count", "t.csv:2",
                                           "expected 3 fields, found 2: column 'c' is missing"));
  ASSERT_TRUE(*reader.next());
  EXPECT_EQ(fields_of(reader.record()), (std::vector<std::string>{"4", "5", "6"}));
}

TEST(CsvReaderErrors, TooManyFieldsNamesTheLastColumn) {
  CsvReader reader = open_ok("a,b\n1,2,3,\"4\n5\"\n6,7\n");
  EXPECT_EQ(next_error(reader), make_error("csv.field_count", "t.csv:2",
                                           "expected 2 fields, found 4: extra field after column "
                                           "'b'"));
  ASSERT_TRUE(*reader.next());  // the quoted line break in the extra field was skipped properly
  EXPECT_EQ(reader.record().line, 4u);
}

TEST(CsvReaderErrors, ErrorInAnExtraFieldIsLabelledAsSuch) {
  CsvReader reader = open_ok("a\n1,\"x\"y\n");
  EXPECT_EQ(next_error(reader), make_error("csv.text_after_quote", "t.csv:2",
                                           "extra field 2: 'y' after the closing quote"));
}

TEST(CsvReaderErrors, BlankLineInAMultiColumnFile) {
  CsvReader reader = open_ok("a,b\n1,2\n\n3,4\r\n\r\n");
  ASSERT_TRUE(*reader.next());
  EXPECT_EQ(next_error(reader),
            make_error("csv.field_count", "t.csv:3", "blank line; expected 2 fields"));
  ASSERT_TRUE(*reader.next());
  EXPECT_EQ(reader.record().line, 4u);
  EXPECT_EQ(next_error(reader),
            make_error("csv.field_count", "t.csv:5", "blank line; expected 2 fields"));
}

TEST(CsvReader, WhereFormatsFileAndLine) {
  CsvReader reader = open_ok("a\n");
  EXPECT_EQ(reader.where(42), "t.csv:42");
}

class ReadFile : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("oc_csv_test_" + std::to_string(::getpid()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::filesystem::path write(const std::string& name, const std::string& content) {
    std::filesystem::path path = directory_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::filesystem::path directory_;
};

TEST_F(ReadFile, ReadsEveryByte) {
  const std::string content("a,b\n\0\xFF\r\n", 8);
  Result<std::string> read = read_file(write("x.csv", content));
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, content);
}

TEST_F(ReadFile, EmptyFile) {
  Result<std::string> read = read_file(write("empty.csv", ""));
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, "");
}

TEST_F(ReadFile, Missing) {
  const std::filesystem::path path = directory_ / "absent.csv";
  EXPECT_EQ(read_file(path).error(), make_error("file.missing", path.string(), "no such file"));
}

TEST_F(ReadFile, DirectoryIsUnreadable) {
  EXPECT_EQ(read_file(directory_).error(),
            make_error("file.unreadable", directory_.string(), "not a readable regular file"));
}

TEST_F(ReadFile, OverTheLimit) {
  const std::filesystem::path path = write("big.csv", "0123456789");
  EXPECT_EQ(read_file(path, 9).error(),
            make_error("file.too_large", path.string(), "10 bytes, more than the limit of 9"));
  EXPECT_TRUE(read_file(path, 10).ok());
}

}  // namespace
}  // namespace oc
