// Black-box tests of the `opencustoms` binary: real process, real files, exact outputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "../declaration/test_support.h"
#include "process.h"
#include "store/sqlite_store.h"

namespace oc {
namespace {

using testing::ProcessResult;
using testing::read_file;
using testing::run_process;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("oc-cli-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    db_ = (directory_ / "test.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  ProcessResult run(std::vector<std::string> args) {
    args.insert(args.begin(), OC_BINARY);
    return run_process(args, (directory_ / "stderr.txt").string());
  }
  std::string write(const std::string& name, const std::string& content) {
    std::string path = (directory_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::filesystem::path directory_;
  std::string db_;
};

const std::string kDemo = OC_SOURCE_DIR "/data/demo/";

std::string json_string_field(const std::string& json, const std::string& name) {
  return testing::json_field(json, name);
}

TEST_F(CliTest, LodgeAcceptsThenReplaysTheSameAnswer) {
  ProcessResult first = run({"lodge", "--db", db_, kDemo + "declaration.json"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  std::string id = json_string_field(first.out, "id");
  EXPECT_EQ(id.size(), 17u) << first.out;
  EXPECT_EQ(json_string_field(first.out, "status"), "lane_assigned");
  EXPECT_NE(first.out.find("\"assessment\":{\"regime\":\"general\""), std::string::npos);
  EXPECT_NE(first.out.find("\"rules\":[\"R-0070\"]"), std::string::npos) << first.out;
  ProcessResult again = run({"lodge", "--db", db_, kDemo + "declaration.json"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.out, first.out);
}

TEST_F(CliTest, LodgeRejectedPrintsEveryErrorAndExits2) {
  ProcessResult result = run({"lodge", "--db", db_, kDemo + "rejected-declaration.json"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(
      result.out,
      "{\"errors\":["
      "{\"code\":\"field.unknown\",\"path\":\"/colour\",\"message\":\"unknown field 'colour'\"},"
      "{\"code\":\"currency.unknown\",\"path\":\"/currency\",\"message\":\"XYZ is not a "
      "current currency\"},"
      "{\"code\":\"hs_code.unknown\",\"path\":\"/items/0/hs_code\",\"message\":\"8703999999 "
      "is not in the tariff: 870399 is not an HS subheading\"},"
      "{\"code\":\"net_mass_kg.exceeds_gross\",\"path\":\"/items/0/net_mass_kg\","
      "\"message\":\"net mass 3500.000 kg exceeds gross mass 3000.000 kg\"}]}\n");
}

TEST_F(CliTest, LrnConflictExits2) {
  ASSERT_EQ(run({"lodge", "--db", db_, kDemo + "declaration.json"}).exit_code, 0);
  std::string body = read_file(kDemo + "declaration.json");
  body.replace(body.find("64000.00"), 8, "64000.50");
  ProcessResult result = run({"lodge", "--db", db_, write("changed.json", body)});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(json_string_field(result.out, "code"), "lodging.lrn_conflict");
}

TEST_F(CliTest, ZonesMoveAppliesABatchAndBalancesShowsTheAccount) {
  const std::string entry =
      R"({"id":"M1","kind":"first_line_entry","lines":[{"item":"A","hs_code":"8471300000","unit":"NAR","quantity":"10"}]})";
  const std::string file = write(
      "moves.jsonl",
      entry + "\n" +
          R"({"id":"M2","kind":"re_export","lines":[{"item":"A","hs_code":"8471300000","unit":"NAR","quantity":"20"}]})" +
          "\n\n" + entry + "\n" +
          R"({"id":"M3","kind":"re_export","lines":[{"item":"A","hs_code":"8471300000","unit":"NAR","quantity":"2.5"}]})" +
          "\n");
  ProcessResult moved =
      run({"zones", "move", "--db", db_, "--zone", "QH-ZONE-1", "--enterprise", "ENT-1", file});
  EXPECT_EQ(moved.exit_code, 2) << moved.err;
  EXPECT_EQ(moved.err, "moves.jsonl: 4 movements, 2 applied, 1 replayed, 1 refused\n");
  EXPECT_NE(moved.out.find("{\"line\":2,\"disposition\":\"refused\",\"errors\":[{\"code\":"
                           "\"stock.insufficient\",\"path\":\"/lines/0/quantity\""),
            std::string::npos)
      << moved.out;
  EXPECT_NE(moved.out.find("{\"line\":4,\"disposition\":\"exists\""), std::string::npos);
  ProcessResult balances =
      run({"zones", "balances", "--db", db_, "--zone", "QH-ZONE-1", "--enterprise", "ENT-1"});
  EXPECT_EQ(balances.exit_code, 0);
  EXPECT_EQ(balances.out,
            "{\"lines\":[{\"item\":\"A\",\"hs_code\":\"8471300000\",\"unit\":\"NAR\",\"quantity\":\"7.5\"}]}\n");
  ProcessResult verify = run({"verify", "--db", db_});
  EXPECT_EQ(verify.out, "consistent: 0 declarations, 0 events, 2 zone movements, 0 problems\n");
}

TEST_F(CliTest, ShowAndEventsPrintTheStoredDeclaration) {
  ProcessResult lodged = run({"lodge", "--db", db_, kDemo + "declaration.json"});
  std::string id = json_string_field(lodged.out, "id");
  ProcessResult show = run({"show", "--db", db_, id});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_EQ(json_string_field(show.out, "status"), "lane_assigned");
  EXPECT_EQ(json_string_field(show.out, "lane"), "yellow");
  EXPECT_NE(show.out.find("\"answer\":" + lodged.out.substr(0, lodged.out.size() - 1)),
            std::string::npos);
  ProcessResult events = run({"events", "--db", db_, id});
  ASSERT_EQ(events.exit_code, 0);
  std::vector<std::string> types;
  std::istringstream lines(events.out);
  for (std::string line; std::getline(lines, line);)
    types.push_back(json_string_field(line, "type"));
  EXPECT_EQ(types, (std::vector<std::string>{"lodged", "accepted", "lane_assigned"}));
  ProcessResult missing = run({"show", "--db", db_, "D2026112399999999"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("declaration.not_found"), std::string::npos);
}

TEST_F(CliTest, ImportJsonLinesWritesResultsAndSummary) {
  std::string results = (directory_ / "results.jsonl").string();
  ProcessResult result =
      run({"import", "--db", db_, kDemo + "declarations.jsonl", "--results", results});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err,
            "imported declarations.jsonl: 12 declarations, 12 accepted, 0 replayed, 0 rejected, 0 "
            "failed\n");
  std::string lines = read_file(results);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), '\n'), 12);
  EXPECT_EQ(lines.substr(0, 39), "{\"line\":1,\"disposition\":\"accepted\",\"id\"");
  ProcessResult again = run({"import", "--db", db_, kDemo + "declarations.jsonl", "--batch", "5"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.err,
            "imported declarations.jsonl: 12 declarations, 0 accepted, 12 replayed, 0 rejected, 0 "
            "failed\n");
  ProcessResult verify = run({"verify", "--db", db_});
  EXPECT_EQ(verify.exit_code, 0);
  EXPECT_EQ(verify.out, "consistent: 12 declarations, 36 events, 0 zone movements, 0 problems\n");
}

TEST_F(CliTest, ImportCsvGroupsRowsIntoDeclarations) {
  std::string header =
      "lrn,type,procedure,declarant,importer_id,importer_name,importer_country,exporter_id,"
      "exporter_name,exporter_country,office,port,transport_mode,trading_country,"
      "departure_country,incoterm,currency,freight,insurance,documents,hs_code,description,"
      "origin,quantity,unit,net_mass_kg,gross_mass_kg,invoice_amount,preference\n";
  std::string head_a =
      "CSV-1,import,0110,91440300MA5FQH001Y,91440300MA5FQH001Y,Qianhai Trading Co.,,DE123,"
      "\"Muster, GmbH\",DE,5349,CNSZX,sea,DE,DE,FOB,EUR,100.00,5.00,"
      "invoice:INV-1;certificate_of_origin:C-1:RCEP,";
  std::string csv = header + head_a + "8703239000,Car,DE,1,NAR,1400.000,1500.000,32000.00,RCEP\n" +
                    head_a + "2203000000,Beer,DE,100,LTR,100.000,110.000,90.00,MFN\n" +
                    "CSV-2,import,0110,91440300MA5FQH001Y,91440300MA5FQH001Y,Qianhai,,DE123,Muster,"
                    "DE,5349,CNSZX,sea,DE,,FOB,EUR,,,,2203000000,Beer,DE,1,LTR,1.000,0.500,9.00,\n";
  std::string results = (directory_ / "results.jsonl").string();
  ProcessResult result =
      run({"import", "--db", db_, write("batch.csv", csv), "--results", results});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(result.err,
            "imported batch.csv: 2 declarations, 1 accepted, 0 replayed, 1 rejected, 0 failed\n");
  std::string lines = read_file(results);
  EXPECT_NE(lines.find("{\"line\":2,\"disposition\":\"accepted\""), std::string::npos) << lines;
  EXPECT_NE(lines.find("{\"line\":4,\"disposition\":\"rejected\",\"errors\":[{\"code\":\"net_mass_"
                       "kg.exceeds_gross\",\"path\":\"/items/0/net_mass_kg\""),
            std::string::npos)
      << lines;
  std::string id = json_string_field(lines, "id");
  ProcessResult show = run({"show", "--db", db_, id});
  EXPECT_NE(show.out.find("\"name\":\"Muster, GmbH\""), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("\"description\":\"Beer\""), std::string::npos);
}

TEST_F(CliTest, ImportCsvWithAMisspeltColumnFailsWhole) {
  ProcessResult result = run({"import", "--db", db_, write("bad.csv", "lrn,tpye\nA,import\n")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("error: import.columns at bad.csv:1:"), std::string::npos)
      << result.err;
}

TEST_F(CliTest, AssessPrintsTheAssessmentOfTheDayGiven) {
  // EUR 8.0552 in 2026-11 and 8.0996 in 2026-10 (data/tariff/exchange_rates.csv).
  ProcessResult november = run({"assess", "--date", "2026-11-23", kDemo + "declaration.json"});
  EXPECT_EQ(november.exit_code, 0) << november.err;
  EXPECT_TRUE(november.out.starts_with("{\"lrn\":\"SZX-2026-000123\",\"assessment\":{\"regime\":"
                                       "\"general\",\"currency\":\"CNY\",\"exchange_rate\":{"
                                       "\"currency\":\"EUR\",\"month\":\"2026-11\",\"cny_per_unit\":"
                                       "\"8.0552\"},\"customs_value\":\"525485.00\""))
      << november.out;
  EXPECT_NE(november.out.find("\"total\":\"193323.16\""), std::string::npos) << november.out;
  ProcessResult october = run({"assess", "--date", "2026-10-31", kDemo + "declaration.json"});
  EXPECT_EQ(october.exit_code, 0) << october.err;
  EXPECT_NE(october.out.find("\"month\":\"2026-10\""), std::string::npos) << october.out;
}

TEST_F(CliTest, AssessRejectsWhatTheTariffCannotAssess) {
  ProcessResult rejected =
      run({"assess", "--date", "2024-01-15", kDemo + "declaration.json"});
  EXPECT_EQ(rejected.exit_code, 2);
  EXPECT_EQ(rejected.out,
            "{\"errors\":[{\"code\":\"exchange_rate.missing\",\"path\":\"/currency\","
            "\"message\":\"no customs exchange rate for EUR in 2024-01\"}]}\n");
  ProcessResult bad_date = run({"assess", "--date", "2026-02-30", kDemo + "declaration.json"});
  EXPECT_EQ(bad_date.exit_code, 1);
  EXPECT_EQ(bad_date.err,
            "error: option.invalid at --date: expected a date such as 2026-11-23\n");
  ProcessResult no_tariff =
      run({"assess", "--tariff", (directory_ / "nowhere").string(), kDemo + "declaration.json"});
  EXPECT_EQ(no_tariff.exit_code, 1);
  EXPECT_EQ(no_tariff.err.rfind("error: tariff.missing_file at tariff.csv:", 0), 0u)
      << no_tariff.err;
}

TEST_F(CliTest, AssessTakesTheRegimeContext) {
  // Hainan second line: 30% value added frees the car of its tariff; VAT and CT stay.
  ProcessResult exempt = run({"assess", "--date", "2026-11-23", "--hainan", "second_line",
                              "--value-added", "130", "60", "40", kDemo + "declaration.json"});
  EXPECT_EQ(exempt.exit_code, 0) << exempt.err;
  EXPECT_NE(exempt.out.find("\"basis\":\"hainan_value_added\",\"rate\":\"0%\",\"amount\":\"0.00\""),
            std::string::npos)
      << exempt.out;
  ProcessResult misplaced =
      run({"assess", "--value-added", "130", "60", "40", kDemo + "declaration.json"});
  EXPECT_EQ(misplaced.exit_code, 1);
  EXPECT_EQ(misplaced.err,
            "error: option.invalid at --value-added: applies only with --hainan second_line\n");
}

TEST_F(CliTest, UsageErrorsExit1AndHelpExits0) {
  EXPECT_EQ(run({"frobnicate"}).exit_code, 1);
  EXPECT_EQ(run({"lodge", "--db", db_}).exit_code, 1);
  EXPECT_EQ(run({"lodge", "--db", db_, "/nonexistent/file.json"}).exit_code, 1);
  EXPECT_EQ(run({"import", "--db", db_, kDemo + "declarations.jsonl", "--batch", "0"}).exit_code,
            1);
  ProcessResult help = run({"lodge", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--reference"), std::string::npos);
}

TEST_F(CliTest, MalformedReferenceDataIsReportedWithFileAndLine) {
  std::filesystem::copy(OC_SOURCE_DIR "/data/reference", directory_ / "reference",
                        std::filesystem::copy_options::recursive);
  auto currencies = directory_ / "reference/currency-codes/codes-all.csv";
  std::string content = read_file(currencies.string());
  std::ofstream(currencies, std::ios::binary) << content << "BROKEN,\"unterminated\n";
  ProcessResult result =
      run({"init", "--db", db_, "--reference", (directory_ / "reference").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("codes-all.csv:"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace oc
