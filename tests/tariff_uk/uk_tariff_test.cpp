// load_uk_tariff: the real 2021 file loads completely with exact counts and exactly the
// uncomputable lines of tests/data/tariff_uk/uncomputable.txt (the ratchet); every error is
// pinned on small files in a temporary directory.
#include "tariff/uk/uk_tariff.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "fixture_blocks.h"
#include "tariff/uk/uk_duty_compute.h"

namespace oc::uk {
namespace {

namespace fs = std::filesystem;

const fs::path kUkgtFile =
    fs::path(OC_SHARED_DATA_DIR) / "tariffs" / "uk-global-tariff" / "ukgt-2021-observations.csv";

const UkTariff& real_tariff() {
  static const UkTariff* tariff = [] {
    Result<UkTariff> loaded = load_uk_tariff(kUkgtFile);
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.error().code << " " << loaded.error().path << " "
                    << loaded.error().message;
      return new UkTariff();  // NOLINT: one per process, for every test of the file
    }
    return new UkTariff(std::move(loaded).value());  // NOLINT
  }();
  return *tariff;
}

Decimal dec(std::string_view text) {
  return *Decimal::parse(text);
}

TEST(UkTariffFile, LoadsEveryLine) {
  const UkTariff& tariff = real_tariff();
  const UkTariffCounts& counts = tariff.counts();
  EXPECT_EQ(counts.lines, 11830u);
  EXPECT_EQ(tariff.lines().size(), 11830u);
  EXPECT_EQ(counts.codes_8_digit, 9374u);
  EXPECT_EQ(counts.codes_10_digit, 2456u);
  EXPECT_EQ(counts.codes_restored, 1306u);  // 1,287 seven-digit and 19 nine-digit codes
  EXPECT_EQ(counts.seasonal_cet, 29u);
  EXPECT_EQ(counts.seasonal_ukgt, 18u);
  EXPECT_EQ(counts.uncomputable_cet, 90u);
  EXPECT_EQ(counts.uncomputable_ukgt, 0u);
}

TEST(UkTariffFile, UncomputableLinesAreExactlyTheRatchetList) {
  std::ifstream in(testing::kFixtureDir / "uncomputable.txt");
  ASSERT_TRUE(in.good());
  std::vector<UncomputableLine> expected;
  std::string code;
  std::string column;
  std::string reason;
  std::string text;
  while (std::getline(in, text)) {
    if (text.empty() || text.starts_with('#')) continue;
    std::istringstream fields(text);
    ASSERT_TRUE(fields >> code >> column >> reason) << text;
    ASSERT_TRUE(column == "cet_duty_rate" || column == "ukgt_duty_rate") << text;
    expected.push_back(UncomputableLine{
        code, column == "cet_duty_rate" ? DutyColumn::cet : DutyColumn::ukgt, reason});
  }
  const std::vector<UncomputableLine>& actual = real_tariff().uncomputable();
  EXPECT_EQ(actual.size(), 128u);
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    EXPECT_EQ(actual[i], expected[i]) << i << ": " << actual[i].code << " "
                                      << to_string(actual[i].column) << " " << actual[i].reason;
  }
  std::map<std::string, std::size_t> by_reason;
  for (const UncomputableLine& line : actual) ++by_reason[line.reason];
  EXPECT_EQ(by_reason, (std::map<std::string, std::size_t>{
                           {"agricultural_component:ADFM", 5},
                           {"agricultural_component:ADSZ", 33},
                           {"agricultural_component:EA", 59},
                           {"entry_price", 29},
                           {"season_gap", 2},
                       }));
}

TEST(UkTariffFile, CodesAreRestoredAndFound) {
  const UkTariff& tariff = real_tariff();
  const UkTariffLine* horses = tariff.find("01012100");
  ASSERT_NE(horses, nullptr);
  EXPECT_EQ(horses->description, "Pure-bred breeding horses");
  EXPECT_EQ(horses->source_line, 2u);
  EXPECT_EQ(to_string(horses->cet_duty), "0.0%");
  EXPECT_EQ(horses->change, "No change");
  EXPECT_EQ(tariff.find("1012100"), nullptr);     // only the restored code is a key
  EXPECT_NE(tariff.find("0301919011"), nullptr);  // a 9-digit code of the file
  EXPECT_EQ(tariff.find("99999999"), nullptr);
}

TEST(UkTariffFile, FieldsAsWritten) {
  const UkTariff& tariff = real_tariff();
  std::size_t multi_line = 0;
  std::map<std::string, std::size_t> changes;
  std::size_t trade_remedy = 0;
  std::size_t cet_until_reviews = 0;
  std::size_t suspension = 0;
  std::size_t atq = 0;
  for (const UkTariffLine& line : tariff.lines()) {
    if (line.description.find('\n') != std::string::npos) ++multi_line;
    ++changes[line.change];
    trade_remedy += line.trade_remedy_applies;
    cet_until_reviews += line.cet_applies_until_trade_remedy_transition_reviews_concluded;
    suspension += line.suspension_applies;
    atq += line.atq_applies;
  }
  EXPECT_EQ(multi_line, 99u);
  EXPECT_EQ(changes, (std::map<std::string, std::size_t>{{"Currency conversion", 1083},
                                                         {"Liberalised", 2001},
                                                         {"No change", 3963},
                                                         {"Reduced", 36},
                                                         {"Simplified", 4747}}));
  EXPECT_EQ(trade_remedy, 87u);
  EXPECT_EQ(cet_until_reviews, 67u);
  EXPECT_EQ(suspension, 1898u);
  EXPECT_EQ(atq, 2u);
}

TEST(UkTariffFile, DutiesOfKnownLines) {
  const UkTariff& tariff = real_tariff();
  struct Known {
    std::string_view code;
    std::string_view cet;
    std::string_view ukgt;
  };
  const std::vector<Known> known = {
      {"20019030", "5.10% + 9.40 EUR / 100 kg / net drained wt",
       "4.00% + 7.80 GBP / 100 kg / net drained wt"},
      {"17023010", "50.70 EUR / 100 kg / net dry", "42.00 GBP / 100 kg / net dry"},
      {"91011100", "4.50% MIN 0.30 EUR / item MAX 0.80 EUR / item", "0.20 GBP / item"},
      {"07020000", "Entry Price", "8.00% (01 NOV - 14 MAY), 14.00% (15 MAY - 31 OCT)"},
      {"07041000",
       "9.60% MIN 1.1 EUR / 100 kg (01 JAN - 14 APR, 01 DEC - 31 DEC), 13.60% MIN 1.6 EUR / 100 "
       "kg",
       "8.0%"},
      {"17049099", "9.00% + EA MAX 18.70% + ADSZ", "8.0%"},
  };
  for (const Known& line : known) {
    SCOPED_TRACE(line.code);
    const UkTariffLine* found = tariff.find(line.code);
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(to_string(found->cet_duty), line.cet);
    EXPECT_EQ(to_string(found->ukgt_duty), line.ukgt);
  }
}

// Tomatoes: 8 % from 1 November to 14 May, 14 % from 15 May to 31 October.
TEST(UkTariffFile, WorkedExampleOnARealSeasonalLine) {
  const UkTariffLine* tomatoes = real_tariff().find("07020000");
  ASSERT_NE(tomatoes, nullptr);
  UkGoods goods{.customs_value_gbp = dec("1000")};
  goods.date = std::chrono::year{2021} / 5 / 14;
  EXPECT_EQ(compute_uk_duty(tomatoes->ukgt_duty, goods, std::nullopt)->to_string(), "80.00 GBP");
  goods.date = std::chrono::year{2021} / 5 / 15;
  EXPECT_EQ(compute_uk_duty(tomatoes->ukgt_duty, goods, std::nullopt)->to_string(), "140.00 GBP");
  EXPECT_EQ(compute_uk_duty(tomatoes->cet_duty, goods, dec("0.9")).error().code,
            "uk_duty.not_computable");
}

// Every line computes on every date tried, given every measurement, unless its reasons say why not.
TEST(UkTariffFile, EveryComputableLineComputes) {
  UkGoods goods{.customs_value_gbp = dec("1234.56")};
  for (std::optional<Decimal>* field :
       {&goods.net_mass_kg, &goods.gross_mass_kg, &goods.net_drained_mass_kg,
        &goods.net_dry_matter_kg, &goods.lactic_matter_kg, &goods.dry_lactic_matter_kg,
        &goods.standard_quality_kg, &goods.total_alcohol_kg, &goods.sucrose_percent,
        &goods.volume_litres, &goods.alcohol_percent_vol, &goods.items, &goods.length_m,
        &goods.area_m2}) {
    *field = dec("12.5");
  }
  const std::vector<std::chrono::year_month_day> dates = {
      std::chrono::year{2021} / 1 / 1, std::chrono::year{2021} / 4 / 20,
      std::chrono::year{2021} / 7 / 1, std::chrono::year{2024} / 2 / 29,
      std::chrono::year{2021} / 10 / 31};
  std::size_t computed = 0;
  for (const UkTariffLine& line : real_tariff().lines()) {
    for (DutyColumn column : {DutyColumn::cet, DutyColumn::ukgt}) {
      std::vector<std::string> reasons = uncomputable_reasons(line.duty(column));
      bool has_component = !reasons.empty() && reasons.front() != "season_gap";
      for (const auto& date : dates) {
        goods.date = date;
        Result<Money> duty = compute_uk_duty(line.duty(column), goods, dec("0.8606"));
        if (duty.ok()) {
          ++computed;
          continue;
        }
        bool explained = (duty.error().code == "uk_duty.not_computable" && has_component) ||
                         (duty.error().code == "uk_duty.no_season" && !reasons.empty() &&
                          reasons.back() == "season_gap");
        EXPECT_TRUE(explained) << line.code << " " << to_string(column) << ": " << duty.error().code
                               << " " << duty.error().message;
      }
    }
  }
  // 23,660 expressions x 5 dates, less 88 with components x 5 and 3 season gaps hit.
  EXPECT_EQ(computed, 23660u * 5 - 88u * 5 - 3u);
}

TEST(UkTariffFile, EveryExpressionSurvivesItsNormalForm) {
  for (const UkTariffLine& line : real_tariff().lines()) {
    for (DutyColumn column : {DutyColumn::cet, DutyColumn::ukgt}) {
      std::string normal = to_string(line.duty(column));
      Result<Expression> again = parse_uk_duty_expression(normal);
      ASSERT_TRUE(again.ok()) << line.code << ": " << normal;
      EXPECT_EQ(*again, line.duty(column)) << line.code;
    }
  }
}

// ---- errors, on small files ----

constexpr std::string_view kHeader =
    "commodity,description,cet_duty_rate,ukgt_duty_rate,change,trade_remedy_applies,"
    "cet_applies_until_trade_remedy_transition_reviews_concluded,suspension_applies,atq_applies\n";
constexpr std::string_view kGoodRow =
    "1012100,Horses,0.0%,0.0%,No change,False,False,False,False\n";

class UkTariffErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("oc_uk_tariff_test_" + std::to_string(::getpid()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  Error load_error(std::string_view content) {
    fs::path file = directory_ / "x.csv";
    std::ofstream(file, std::ios::binary) << content;
    Result<UkTariff> loaded = load_uk_tariff(file);
    if (loaded.ok()) {
      ADD_FAILURE() << "loaded";
      return Error{};
    }
    return loaded.error();
  }

  fs::path directory_;
};

TEST_F(UkTariffErrors, SmallFileLoads) {
  fs::path file = directory_ / "x.csv";
  std::ofstream(file, std::ios::binary)
      << kHeader << kGoodRow
      << "2008999120,\"Water \"\"chestnuts\"\"\nof China\",8.3 + 3.8 EUR/100 kg eda,"
         "8.00% + 3.10 GBP/100kg eda,Simplified,True,False,True,False\n";
  Result<UkTariff> loaded = load_uk_tariff(file);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->counts().lines, 2u);
  const UkTariffLine* chestnuts = loaded->find("2008999120");
  ASSERT_NE(chestnuts, nullptr);
  EXPECT_EQ(chestnuts->description, "Water \"chestnuts\"\nof China");
  EXPECT_EQ(chestnuts->source_line, 3u);
  EXPECT_TRUE(chestnuts->trade_remedy_applies);
  EXPECT_TRUE(chestnuts->suspension_applies);
  EXPECT_TRUE(loaded->uncomputable().empty());
}

TEST_F(UkTariffErrors, ExpressionErrorNamesFileLineAndColumn) {
  Error error = load_error(std::string(kHeader) +
                           "1012100,Horses,0.0%,5% junk,No change,False,False,False,False\n");
  EXPECT_EQ(error.code, "uk_duty.syntax");
  EXPECT_EQ(error.path, "x.csv:2:24");  // the field starts in column 21, 'junk' 3 further
  EXPECT_EQ(error.message.substr(0, 10), "column 24:");
}

TEST_F(UkTariffErrors, ExpressionErrorAfterAMultiLineDescription) {
  Error error =
      load_error(std::string(kHeader) +
                 "1012100,\"Two\nlines\",0.0%,5% junk,No change,False,False,False,False\n");
  EXPECT_EQ(error.code, "uk_duty.syntax");
  EXPECT_EQ(error.path, "x.csv:3:16");  // the record starts on line 2, the field on line 3
}

TEST_F(UkTariffErrors, BadCode) {
  EXPECT_EQ(
      load_error(std::string(kHeader) +
                 "12345,Horses,0.0%,0.0%,No change,False,False,False,False\n"),
      make_error("uk_tariff.code", "x.csv:2:1", "commodity code '12345' is not 7 to 10 digits"));
  EXPECT_EQ(load_error(std::string(kHeader) +
                       "123456A,Horses,0.0%,0.0%,No change,False,False,False,False\n")
                .code,
            "uk_tariff.code");
  EXPECT_EQ(load_error(std::string(kHeader) +
                       "0012100,Horses,0.0%,0.0%,No change,False,False,False,False\n")
                .message,
            "commodity code '0012100' restores to chapter 00");
}

TEST_F(UkTariffErrors, DuplicateCode) {
  Error error = load_error(std::string(kHeader) + std::string(kGoodRow) +
                           "01012100,Horses,0.0%,0.0%,No change,False,False,False,False\n");
  EXPECT_EQ(error, make_error("uk_tariff.duplicate_code", "x.csv:3:1",
                              "commodity code 01012100 is already on line 2"));
}

TEST_F(UkTariffErrors, BadFlag) {
  Error error = load_error(std::string(kHeader) +
                           "1012100,Horses,0.0%,0.0%,No change,Yes,False,False,False\n");
  EXPECT_EQ(error, make_error("uk_tariff.flag", "x.csv:2:36",
                              "column 'trade_remedy_applies' must be True or False, not 'Yes'"));
}

TEST_F(UkTariffErrors, CurrencyOfTheWrongColumn) {
  Error error = load_error(std::string(kHeader) +
                           "1012100,Horses,5 GBP/kg,0.0%,No change,False,False,False,False\n");
  EXPECT_EQ(error.code, "uk_tariff.currency");
  EXPECT_EQ(error.path, "x.csv:2:16");
  EXPECT_EQ(load_error(std::string(kHeader) +
                       "1012100,Horses,0.0%,5 EUR/kg,No change,False,False,False,False\n")
                .path,
            "x.csv:2:21");
}

TEST_F(UkTariffErrors, CsvErrorsPassThrough) {
  EXPECT_EQ(load_error(std::string(kHeader) + "1012100,Horses,0.0%\n").code, "csv.field_count");
  EXPECT_EQ(load_error(std::string(kHeader) + "1012100,Horses,0.0%\n").path, "x.csv:2");
  EXPECT_EQ(load_error("commodity,description\n1012100,Horses\n").code, "csv.missing_column");
  EXPECT_EQ(load_error("").code, "csv.empty");
}

TEST_F(UkTariffErrors, MissingFile) {
  Result<UkTariff> loaded = load_uk_tariff(directory_ / "absent.csv");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, "file.missing");
}

TEST_F(UkTariffErrors, SeveralBadRowsAreAllNamed) {
  Error error = load_error(std::string(kHeader) +
                           "1012100,Horses,0.0%,5% junk,No change,False,False,False,False\n" +
                           "1012910,Horses,0.0%,0.0%,No change,Maybe,False,False,False\n" +
                           "1012990,Horses,0.0%,0.0%\n");
  EXPECT_EQ(error.code, "uk_duty.syntax");
  EXPECT_EQ(error.path, "x.csv:2:24");
  EXPECT_NE(error.message.find("2 more bad rows: x.csv:3:36 uk_tariff.flag; x.csv:4 "
                               "csv.field_count;"),
            std::string::npos)
      << error.message;
}

TEST(UkTariffCode, Restore) {
  EXPECT_EQ(*restore_commodity_code("1012100"), "01012100");
  EXPECT_EQ(*restore_commodity_code("01012100"), "01012100");
  EXPECT_EQ(*restore_commodity_code("17049099"), "17049099");
  EXPECT_EQ(*restore_commodity_code("301919011"), "0301919011");
  EXPECT_EQ(*restore_commodity_code("2008999120"), "2008999120");
  for (std::string_view bad : {"", "123456", "12345678901", "1O12100", " 1012100", "0012100"}) {
    EXPECT_EQ(restore_commodity_code(bad).error().code, "uk_tariff.code") << bad;
  }
}

}  // namespace
}  // namespace oc::uk
