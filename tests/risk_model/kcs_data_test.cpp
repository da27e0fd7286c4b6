// Reading the KCS layout: the real files, and every kind of bad field with its exact
// file:line:column.
#include <gtest/gtest.h>

#include <sstream>

#include "risk/model/kcs_data.h"
#include "risk_model/risk_model_test_support.h"

namespace oc::risk_model {
namespace {

using testing::kcs_header;
using testing::kcs_record;

// kcs_record() with field `column` (1-based) replaced by `value`.
std::string record_with(std::size_t column, const std::string& value) {
  std::string record = kcs_record();
  record.pop_back();  // '\n'
  std::vector<std::string> fields;
  std::stringstream in(record);
  std::string field;
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (record.back() == ',') fields.push_back("");
  fields.at(column - 1) = value;
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + fields[i];
  return out + "\n";
}

TEST(KcsData, ReadsTheTrainingFileWhole) {
  const auto& rows = testing::kcs_train();
  ASSERT_EQ(rows.size(), 37385u);
  const KcsDeclaration& first = rows.front();
  EXPECT_EQ(first.declaration_id, "97061800");
  EXPECT_EQ(first.date.to_string(), "2020-01-01");
  EXPECT_EQ(first.office, "30");
  EXPECT_EQ(first.declarant, "ZZR1LT6");
  EXPECT_EQ(first.importer, "QLRUBN9");
  EXPECT_EQ(first.seller, "0VKY2BR");
  EXPECT_EQ(first.courier, "");
  EXPECT_EQ(first.hs6, "440890");
  EXPECT_EQ(first.origin_country, "BE");
  EXPECT_EQ(first.tax_type, "FEU1");
  EXPECT_EQ(first.net_mass_kg, 108.0);
  EXPECT_EQ(first.item_price_krw, 372254.4);
  EXPECT_FALSE(first.fraud);
  std::size_t frauds = 0;
  std::size_t critical = 0;
  for (const KcsDeclaration& row : rows) {
    frauds += row.fraud;
    critical += row.critical_fraud == 2;
    EXPECT_EQ(row.date.year, 2020);
  }
  EXPECT_EQ(frauds, 8114u);  // 21.70%, DATA_CARD.md
  EXPECT_EQ(critical, 394u);
  EXPECT_EQ(testing::kcs_valid().size(), 8134u);
}

TEST(KcsData, DatesCountMonthsAndDays) {
  KcsDate date{2021, 3, 1};
  EXPECT_EQ(date.month_index() - KcsDate({2020, 12, 31}).month_index(), 3);
  EXPECT_EQ(month_name(date.month_index()), "2021-03");
  EXPECT_EQ(KcsDate({1970, 1, 1}).day_number(), 0);
  EXPECT_EQ(date.day_number() - KcsDate({2021, 2, 28}).day_number(), 1);
  EXPECT_EQ(KcsDate({2020, 3, 1}).day_number() - KcsDate({2020, 2, 28}).day_number(), 2);
}

TEST(KcsData, ColumnsMayComeInAnyOrderAndErrorsNameTheFilesColumn) {
  std::string content =
      "Fraud,Critical Fraud,Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,"
      "Payment Type,Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,"
      "Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,"
      "Net Mass,Item Price\n"
      "1,2,7,2020-05-06,30,B,11,21,11,10,D1,I1,,C1,010121,CN,CN,8,A,Y,1.5,\"200\"\n"
      "0,0,8,2020-05-06,30,B,11,21,11,10,D1,I1,,C1,010121,CN,CN,8,A,Y,-1,200\n";
  auto rows = read_kcs_csv(content, "moved.csv");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().code, "kcs.bad_field");
  EXPECT_EQ(rows.error().path, "moved.csv:3:21");
  EXPECT_NE(rows.error().message.find("column 'Net Mass'"), std::string::npos);

  content.resize(content.rfind("0,0,8"));
  rows = read_kcs_csv(content, "moved.csv");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].critical_fraud, 2);
  EXPECT_EQ((*rows)[0].item_price_krw, 200);
  EXPECT_EQ((*rows)[0].seller, "");
  EXPECT_EQ((*rows)[0].courier, "C1");
}

struct BadField {
  std::size_t column;
  std::string value;
  std::string code;
  std::string message_part;
  std::size_t reported_column = 0;  // 0: `column`
};

TEST(KcsData, EveryBadFieldIsNamedByFileLineAndColumn) {
  const BadField cases[] = {
      {1, "97 61", "kcs.bad_field", "only letters"},
      {1, "", "kcs.bad_field", "empty"},
      {1, std::string(33, '7'), "kcs.bad_field", "at most 32"},
      {2, "2020-02-30", "kcs.bad_field", "not a calendar date"},
      {2, "2021-2-3", "kcs.bad_field", "YYYY-MM-DD"},
      {2, "1989-12-31", "kcs.bad_field", "the year"},
      {3, "", "kcs.bad_field", "empty"},
      {3, "12345678901234567", "kcs.bad_field", "at most 16"},
      {9, "A-B", "kcs.bad_field", "only letters"},
      {10, "", "kcs.bad_field", "empty"},
      {13, "44089", "kcs.bad_field", "six digits"},
      {13, "44089X", "kcs.bad_field", "six digits"},
      {14, "be", "kcs.bad_field", "two capital letters"},
      {15, "BEL", "kcs.bad_field", "two capital letters"},
      {16, "1000.5", "kcs.bad_field", "above the limit"},
      {16, "8%", "kcs.bad_field", "plain non-negative decimal"},
      {19, "-1", "kcs.bad_field", "plain non-negative decimal"},
      {19, "1e3", "kcs.bad_field", "plain non-negative decimal"},
      {19, ".5", "kcs.bad_field", "plain non-negative decimal"},
      {19, "5.", "kcs.bad_field", "plain non-negative decimal"},
      {20, "abc", "kcs.bad_field", "plain non-negative decimal"},
      {20, "10000000000000000", "kcs.bad_field", "above the limit"},
      {20, " 5", "kcs.bad_field", "plain non-negative decimal"},
      {21, "2", "kcs.bad_field", "0..1"},
      {21, "1", "kcs.label_mismatch", "Critical Fraud 0 with Fraud 1", 22},
      {22, "3", "kcs.bad_field", "0..2"},
      {22, "1", "kcs.label_mismatch", "Critical Fraud 1 with Fraud 0"},
  };
  for (const BadField& bad : cases) {
    std::string content = kcs_header() + kcs_record("1") + record_with(bad.column, bad.value);
    auto rows = read_kcs_csv(content, "t.csv");
    ASSERT_FALSE(rows.ok()) << bad.column << " " << bad.value;
    EXPECT_EQ(rows.error().code, bad.code) << bad.value;
    std::size_t reported = bad.reported_column == 0 ? bad.column : bad.reported_column;
    EXPECT_EQ(rows.error().path, "t.csv:3:" + std::to_string(reported)) << bad.value;
    EXPECT_NE(rows.error().message.find("column '" + std::string(kcs_columns()[reported - 1])),
              std::string::npos)
        << rows.error().message;
    EXPECT_NE(rows.error().message.find(bad.message_part), std::string::npos)
        << rows.error().message;
  }
}

TEST(KcsData, FileLevelErrors) {
  auto duplicate = read_kcs_csv(kcs_header() + kcs_record("5") + kcs_record("5"), "d.csv");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, "kcs.duplicate_id");
  EXPECT_EQ(duplicate.error().path, "d.csv:3:1");

  auto empty = read_kcs_csv(kcs_header(), "e.csv");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, "kcs.empty");

  std::string header = kcs_header();
  std::string missing = header.substr(header.find(',') + 1);  // no "Declaration ID"
  auto no_column = read_kcs_csv(missing, "m.csv");
  ASSERT_FALSE(no_column.ok());
  EXPECT_EQ(no_column.error().code, "kcs.columns");
  EXPECT_EQ(no_column.error().path, "m.csv:1");

  std::string extra = header;
  extra.insert(extra.size() - 1, ",Revenue");
  auto unknown =
      read_kcs_csv(extra + "1" + kcs_record().substr(4, kcs_record().size() - 5) + ",0\n", "x.csv");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "kcs.columns");
  EXPECT_NE(unknown.error().message.find("'Revenue'"), std::string::npos);

  std::string record = kcs_record();
  auto short_record = read_kcs_csv(header + record.substr(0, record.rfind(',')) + "\n", "s.csv");
  ASSERT_FALSE(short_record.ok());
  EXPECT_EQ(short_record.error().code, "csv.field_count");
  EXPECT_EQ(short_record.error().path, "s.csv:2");

  auto missing_file = read_kcs_file("/nonexistent/kcs.csv");
  ASSERT_FALSE(missing_file.ok());
  EXPECT_EQ(missing_file.error().code, "file.missing");
}

}  // namespace
}  // namespace oc::risk_model
