// load_reference: the project's demo set and the full shared set load with exact counts; every
// documented quirk decision and every error is pinned on a temporary copy of a reference dir.
#include "core/reference_data.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace oc {
namespace {

namespace fs = std::filesystem;

const fs::path kDemoDir = fs::path(OC_SOURCE_DIR) / "data" / "reference";
const fs::path kSharedDir = fs::path(OC_SHARED_DATA_DIR) / "reference";

constexpr const char* kHs = "harmonized-system/harmonized-system-hs2022.csv";
constexpr const char* kCountries = "country-codes/country-codes.csv";
constexpr const char* kCurrencies = "currency-codes/codes-all.csv";
constexpr const char* kLocodes = "un-locode/unlocode-geoapify-all.csv";
constexpr const char* kRates = "exchange-rates/monthly.csv";

ReferenceData load_ok(const fs::path& directory) {
  Result<ReferenceData> loaded = load_reference(directory);
  if (!loaded.ok()) {
    ADD_FAILURE() << loaded.error().code << " " << loaded.error().path << " "
                  << loaded.error().message.substr(0, 2000);
    return ReferenceData{};
  }
  return std::move(loaded).value();
}

Error load_error(const fs::path& directory) {
  Result<ReferenceData> loaded = load_reference(directory);
  if (loaded.ok()) {
    ADD_FAILURE() << "loaded, expected an error";
    return Error{};
  }
  return loaded.error();
}

// "8.000000", or "none" for nullopt: readable failures, and the scale is checked too.
std::string rate(const ReferenceData& data, std::string_view currency, int year, int month) {
  std::optional<Decimal> value = data.cny_per_unit(currency, year, month);
  return value ? value->to_string() : "none";
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// A scratch copy of a reference directory that a test may damage.
class ReferenceCopy : public ::testing::Test {
 protected:
  void TearDown() override {
    if (!directory_.empty()) fs::remove_all(directory_);
  }

  void copy_from(const fs::path& source) {
    directory_ = fs::temp_directory_path() /
                 ("oc_reference_test_" + std::to_string(::getpid()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
    fs::copy(source, directory_, fs::copy_options::recursive);
  }

  void append(const char* file, const std::string& lines) {
    write_text(directory_ / file, read_text(directory_ / file) + lines);
  }

  // REQUIRES: the file has no line breaks inside quoted fields, so lines are physical lines.
  void replace_line(const char* file, std::size_t line, const std::string& text) {
    std::string content = read_text(directory_ / file);
    std::size_t start = 0;
    for (std::size_t i = 1; i < line; ++i) start = content.find('\n', start) + 1;
    const std::size_t end = content.find('\n', start);
    content.replace(start, end - start, text);
    write_text(directory_ / file, content);
  }

  fs::path directory_;
};

// ---------------------------------------------------------------------------------------------
// The project's demo set (data/reference)

TEST(DemoReference, LoadsWithExactCounts) {
  const ReferenceCounts counts = load_ok(kDemoDir).counts();
  EXPECT_EQ(counts.hs_subheadings, 95u);
  EXPECT_EQ(counts.countries, 45u);
  EXPECT_EQ(counts.currencies, 38u);
  EXPECT_EQ(counts.locodes, 60u);
  EXPECT_EQ(counts.exchange_rates, 312u);
}

TEST(DemoReference, HsSubheadingsAndDescriptions) {
  const ReferenceData data = load_ok(kDemoDir);
  for (const char* code :
       {"870310", "870323", "870380", "870390", "220300", "220421", "220830", "020230",
        "020321", "030214", "030313", "040221", "090111", "120190", "270900", "260111",
        "330300", "330499", "610910", "611020", "640399", "847130", "851713", "851714",
        "852581", "852589", "854231", "950300", "910111", "910221", "940360"}) {
    EXPECT_TRUE(data.has_hs_subheading(code)) << code;
  }
  EXPECT_FALSE(data.has_hs_subheading("852580"));  // HS 2017; split into 852581-852589 in 2022
  EXPECT_FALSE(data.has_hs_subheading("8703"));    // a heading, not a subheading
  EXPECT_FALSE(data.has_hs_subheading("87"));
  EXPECT_FALSE(data.has_hs_subheading("87032"));
  EXPECT_FALSE(data.has_hs_subheading("010121"));  // real, but not in the demo set
  EXPECT_FALSE(data.has_hs_subheading(""));
  ASSERT_NE(data.hs_description("87"), nullptr);
  EXPECT_EQ(*data.hs_description("87"),
            "Vehicles other than railway stock, with parts and accessories");
  ASSERT_NE(data.hs_description("8703"), nullptr);
  EXPECT_EQ(*data.hs_description("8703"),
            "Passenger cars and other motor vehicles mainly for carrying people");
  ASSERT_NE(data.hs_description("870380"), nullptr);
  EXPECT_EQ(*data.hs_description("870380"), "Battery electric cars (electric motor only)");
  ASSERT_NE(data.hs_description("870323"), nullptr);
  EXPECT_EQ(*data.hs_description("870323"),
            "Cars, petrol engine only, over 1,500 cc up to 3,000 cc");
  EXPECT_EQ(data.hs_description("01"), nullptr);
  EXPECT_EQ(data.hs_description("TOTAL"), nullptr);
}

TEST(DemoReference, Countries) {
  const ReferenceData data = load_ok(kDemoDir);
  for (const char* code : {"CN", "HK", "MO", "TW", "JP", "KR", "AU", "NZ", "BN", "KH", "ID", "LA",
                           "MY", "MM", "PH", "SG", "TH", "VN", "US", "DE", "GB", "ZA", "TR"}) {
    EXPECT_TRUE(data.has_country(code)) << code;
  }
  EXPECT_FALSE(data.has_country("NA"));  // Namibia exists, but not in the demo set
  EXPECT_FALSE(data.has_country("cn"));
  EXPECT_FALSE(data.has_country("CHN"));
  EXPECT_FALSE(data.has_country(""));
}

TEST(DemoReference, CurrenciesCurrentOnly) {
  const ReferenceData data = load_ok(kDemoDir);
  for (const char* code : {"CNY", "USD", "EUR", "JPY", "HKD", "MOP", "TWD", "KRW", "TRY", "KZT"}) {
    EXPECT_TRUE(data.has_currency(code)) << code;
  }
  EXPECT_FALSE(data.has_currency("DEM"));  // in the file, withdrawn 2002-03
  EXPECT_FALSE(data.has_currency("XYZ"));
  EXPECT_FALSE(data.has_currency("usd"));
  EXPECT_FALSE(data.has_currency("US"));
}

TEST(DemoReference, Locodes) {
  const ReferenceData data = load_ok(kDemoDir);
  for (const char* code : {"CNSGH", "CNSHA", "CNPVG", "CNYTN", "CNNBO", "CNNGB", "CNQDG", "CNTXG",
                           "CNPKX", "HKHKG", "DEHAM", "NLRTM", "USLGB", "SGSIN", "GBFXT"}) {
    EXPECT_TRUE(data.has_locode(code)) << code;
  }
  EXPECT_FALSE(data.has_locode("CNHKG"));
  EXPECT_FALSE(data.has_locode("cnsgh"));
  EXPECT_FALSE(data.has_locode("CNSG"));
  EXPECT_FALSE(data.has_locode("CNSGHX"));
  EXPECT_FALSE(data.has_locode("CN-SG"));
}

TEST(DemoReference, CrossRatesAreExact) {
  const ReferenceData data = load_ok(kDemoDir);
  // 2025-06: China 7.2000, Euro 0.9000, Japan 144.0000 (currency per USD).
  EXPECT_EQ(rate(data, "EUR", 2025, 6), "8.000000");
  EXPECT_EQ(rate(data, "JPY", 2025, 6), "0.050000");
  EXPECT_EQ(rate(data, "USD", 2025, 6), "7.200000");
  // 2026-12: China 7.0437, Euro 0.8800: 7.0437 / 0.88 = 8.00420454... -> 8.004205 (half up).
  EXPECT_EQ(rate(data, "EUR", 2026, 12), "8.004205");
  EXPECT_EQ(rate(data, "CNY", 2025, 6), "1.000000");
  EXPECT_EQ(rate(data, "CNY", 1990, 1), "1.000000");  // CNY is 1 whatever the series cover
}

TEST(DemoReference, CrossRatesAbsent) {
  const ReferenceData data = load_ok(kDemoDir);
  EXPECT_EQ(rate(data, "EUR", 2024, 12), "none");  // before the series
  EXPECT_EQ(rate(data, "EUR", 2027, 1), "none");   // after
  EXPECT_EQ(rate(data, "SEK", 2025, 6), "none");   // no series in the demo set
  EXPECT_EQ(rate(data, "DEM", 2025, 6), "none");
  EXPECT_EQ(rate(data, "EUR", 2025, 0), "none");
  EXPECT_EQ(rate(data, "EUR", 2025, 13), "none");
  EXPECT_EQ(rate(data, "EUR", -1, 6), "none");
  EXPECT_EQ(rate(data, "eur", 2025, 6), "none");
  EXPECT_EQ(rate(data, "EURO", 2025, 6), "none");
}

TEST(DemoReference, DefaultConstructedIsEmpty) {
  const ReferenceData data;
  EXPECT_FALSE(data.has_hs_subheading("870323"));
  EXPECT_EQ(data.hs_description("87"), nullptr);
  EXPECT_FALSE(data.has_country("CN"));
  EXPECT_FALSE(data.has_currency("CNY"));
  EXPECT_FALSE(data.has_locode("CNSGH"));
  EXPECT_EQ(rate(data, "EUR", 2025, 6), "none");
  EXPECT_EQ(data.counts().locodes, 0u);
}

// ---------------------------------------------------------------------------------------------
// Quirk decisions and errors, on a copy of the demo set

TEST_F(ReferenceCopy, HsGrandTotalRowIsAcceptedAndIsNotACode) {
  copy_from(kDemoDir);
  append(kHs, "TOTAL,Total of all commodities,TOTAL,5\n");
  const ReferenceData data = load_ok(directory_);
  EXPECT_EQ(data.counts().hs_subheadings, 95u);
  EXPECT_EQ(data.hs_description("TOTAL"), nullptr);
}

TEST_F(ReferenceCopy, HsAnyOtherLevel5IsABadRow) {
  copy_from(kDemoDir);
  append(kHs, "87032,Half a subheading,8703,5\n");
  EXPECT_EQ(load_error(directory_), make_error("reference.bad_row", std::string(kHs) + ":140",
                                               "column 'level': '5' is not 2, 4 or 6"));
}

TEST_F(ReferenceCopy, HsChapter99IsValidatedButNotStored) {
  copy_from(kDemoDir);
  append(kHs, "99,Not specified,TOTAL,2\n9999,Not specified,99,4\n999999,Not specified,9999,6\n");
  const ReferenceData data = load_ok(directory_);
  EXPECT_FALSE(data.has_hs_subheading("999999"));
  EXPECT_EQ(data.hs_description("99"), nullptr);
  EXPECT_EQ(data.counts().hs_subheadings, 95u);
}

TEST_F(ReferenceCopy, HsChapter99RowsMustStillBeWellFormed) {
  copy_from(kDemoDir);
  append(kHs, "9999,Not specified,98,4\n");
  EXPECT_EQ(load_error(directory_), make_error("reference.bad_row", std::string(kHs) + ":140",
                                               "column 'parent': '98' should be '99'"));
}

TEST_F(ReferenceCopy, HsCodeMustMatchItsLevel) {
  copy_from(kDemoDir);
  append(kHs, "87032,Short,8703,6\n");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kHs) + ":140",
                       "column 'hscode': '87032' is not 6 digits as level 6 needs"));
}

TEST_F(ReferenceCopy, HsParentMustBeThePrefix) {
  copy_from(kDemoDir);
  append(kHs, "870399,Other,8704,6\n");
  EXPECT_EQ(load_error(directory_), make_error("reference.bad_row", std::string(kHs) + ":140",
                                               "column 'parent': '8704' should be '8703'"));
}

TEST_F(ReferenceCopy, HsParentMustBeInTheFile) {
  copy_from(kDemoDir);
  append(kHs, "010121,Pure-bred breeding horses,0101,6\n");
  EXPECT_EQ(load_error(directory_), make_error("reference.bad_row", std::string(kHs) + ":140",
                                               "column 'parent': '0101' is not in the file"));
}

TEST_F(ReferenceCopy, HsDuplicateCode) {
  copy_from(kDemoDir);
  append(kHs, "870323,Again,8703,6\n");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kHs) + ":140",
                       "column 'hscode': '870323' already defined at line 112"));
}

TEST_F(ReferenceCopy, HsEmptyDescription) {
  copy_from(kDemoDir);
  append(kHs, "870399,,8703,6\n");
  EXPECT_EQ(load_error(directory_), make_error("reference.bad_row", std::string(kHs) + ":140",
                                               "column 'description': empty"));
}

TEST_F(ReferenceCopy, CountryWithoutAlpha2IsABadRow) {
  copy_from(kDemoDir);
  append(kCountries, ",EUR\n");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kCountries) + ":47",
                       "column 'ISO3166-1-Alpha-2': '' is not two capital letters"));
}

TEST_F(ReferenceCopy, CountryWithNoCurrencyOrSeveral) {
  copy_from(kDemoDir);
  append(kCountries, "AQ,\nLI,\"CHF,EUR\"\n");
  const ReferenceData data = load_ok(directory_);
  EXPECT_TRUE(data.has_country("AQ"));
  EXPECT_TRUE(data.has_country("LI"));
  EXPECT_EQ(data.counts().countries, 47u);
}

TEST_F(ReferenceCopy, CountryCurrencyMustBeCurrent) {
  copy_from(kDemoDir);
  append(kCountries, "LI,\"CHF,DEM\"\n");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kCountries) + ":47",
                       "column 'ISO4217-currency_alphabetic_code': 'DEM' is not a current code in "
                       "currency-codes/codes-all.csv"));
}

TEST_F(ReferenceCopy, CountryCurrencyListWithAnEmptyItem) {
  copy_from(kDemoDir);
  append(kCountries, "LI,\"CHF,\"\n");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kCountries) + ":47",
                       "column 'ISO4217-currency_alphabetic_code': '' is not three capital "
                       "letters"));
}

TEST_F(ReferenceCopy, CountryDuplicate) {
  copy_from(kDemoDir);
  append(kCountries, "CN,CNY\n");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kCountries) + ":47",
                       "column 'ISO3166-1-Alpha-2': 'CN' already defined at line 12"));
}

TEST_F(ReferenceCopy, CurrencyNoUniversalCurrencyRowHasNoCode) {
  copy_from(kDemoDir);
  append(kCurrencies, "No universal currency,,\n");
  EXPECT_EQ(load_ok(directory_).counts().currencies, 38u);
}

TEST_F(ReferenceCopy, CurrencyEmptyCodeOtherwiseIsABadRow) {
  copy_from(kDemoDir);
  append(kCurrencies, "Some currency,,\n");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kCurrencies) + ":41",
                       "column 'AlphabeticCode': empty"));
}

TEST_F(ReferenceCopy, CurrencyCodeMustBeThreeCapitals) {
  copy_from(kDemoDir);
  append(kCurrencies, "Lower case,abc,\n");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kCurrencies) + ":41",
                       "column 'AlphabeticCode': 'abc' is not three capital letters"));
}

TEST_F(ReferenceCopy, CurrencyCurrentInAnyRowIsCurrent) {
  copy_from(kDemoDir);
  append(kCurrencies, "Euro,EUR,2002-01\n");  // withdrawn somewhere, current elsewhere
  EXPECT_TRUE(load_ok(directory_).has_currency("EUR"));
}

TEST_F(ReferenceCopy, LocodeTrailingGeocodedFieldMayBeOmitted) {
  copy_from(kDemoDir);
  write_text(directory_ / kLocodes,
             "country,location,name,geocoded\nCN,SGH,Shanghai,true\n"
             "CN,SHA,Hongqiao\nXZ,SHA,\"Terminal, offshore\",\n");
  const ReferenceData data = load_ok(directory_);
  EXPECT_EQ(data.counts().locodes, 3u);
  EXPECT_TRUE(data.has_locode("CNSHA"));
  EXPECT_TRUE(data.has_locode("XZSHA"));  // XZ: international waters, not an ISO country
}

TEST_F(ReferenceCopy, LocodeRepeatedForAnAlternativeNameIsOneCode) {
  copy_from(kDemoDir);
  append(kLocodes, "CN,SGH\nDE,9B0\n");
  const ReferenceData data = load_ok(directory_);
  EXPECT_EQ(data.counts().locodes, 61u);
  EXPECT_TRUE(data.has_locode("DE9B0"));  // digits 0 and 1 occur in real codes
}

TEST_F(ReferenceCopy, LocodeBadLocation) {
  copy_from(kDemoDir);
  append(kLocodes, "CN,SH\n");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kLocodes) + ":62",
                       "column 'location': 'SH' is not three capital letters or digits"));
}

TEST_F(ReferenceCopy, LocodeBadCountry) {
  copy_from(kDemoDir);
  append(kLocodes, "C1,SHA\n");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kLocodes) + ":62",
                       "column 'country': 'C1' is not two capital letters"));
}

TEST_F(ReferenceCopy, RateUnknownSeries) {
  copy_from(kDemoDir);
  append(kRates, "2025-01-01,Atlantis,1.0\n");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kRates) + ":314",
                       "column 'Country': 'Atlantis' is not a known series"));
}

TEST_F(ReferenceCopy, RateDateMustBeTheFirstOfAMonth) {
  copy_from(kDemoDir);
  append(kRates, "2027-01-15,Euro,0.9\n2027-13-01,Euro,0.9\n");
  EXPECT_EQ(
      load_error(directory_),
      make_error("reference.bad_row", std::string(kRates) + ":314",
                 "column 'Date': '2027-01-15' is not YYYY-MM-01; 1 more bad row(s): " +
                     std::string(kRates) + ":315: column 'Date': '2027-13-01' is not YYYY-MM-01"));
}

TEST_F(ReferenceCopy, RateMustBePositiveDecimal) {
  copy_from(kDemoDir);
  append(kRates, "2027-01-01,Euro,0\n2027-02-01,Euro,1e3\n");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kRates) + ":314",
                       "column 'Exchange rate': '0' is not positive; 1 more bad row(s): " +
                           std::string(kRates) +
                           ":315: column 'Exchange rate': '1e3' is not a decimal number"));
}

TEST_F(ReferenceCopy, RateDuplicateMonth) {
  copy_from(kDemoDir);
  append(kRates, "2025-06-01,Euro,0.9100\n");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kRates) + ":314",
                       "column 'Date': Euro 2025-06-01 already given at line 79"));
}

TEST_F(ReferenceCopy, RateVenezuelaIsValidatedButMapsToNoCurrency) {
  copy_from(kDemoDir);
  append(kRates, "2025-06-01,Venezuela,100.0\n");
  const ReferenceData data = load_ok(directory_);
  EXPECT_EQ(data.counts().exchange_rates, 313u);
  EXPECT_EQ(rate(data, "VES", 2025, 6), "none");
  EXPECT_EQ(rate(data, "VED", 2025, 6), "none");
}

TEST_F(ReferenceCopy, RateLegacySeriesMapsToItsHistoricCurrency) {
  copy_from(kDemoDir);
  append(kRates, "2025-06-01,Germany,1.9558\n");
  // 7.2000 / 1.9558 = 3.6813580... -> 3.681358
  EXPECT_EQ(rate(load_ok(directory_), "DEM", 2025, 6), "3.681358");
}

TEST_F(ReferenceCopy, CsvSyntaxErrorIsABadRow) {
  copy_from(kDemoDir);
  append(kRates, "2027-01-01,\"Euro\"x,0.9\n2027-02-01,Euro,0.9\n");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kRates) + ":314",
                       "csv.text_after_quote: column 'Country': 'x' after the closing quote"));
}

TEST_F(ReferenceCopy, CsvFieldCountIsABadRow) {
  copy_from(kDemoDir);
  append(kHs, "870399,Other\n");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kHs) + ":140",
                       "csv.field_count: expected 4 fields, found 2: column 'parent' is missing"));
}

TEST_F(ReferenceCopy, MissingColumnMakesTheHeaderABadRow) {
  copy_from(kDemoDir);
  replace_line(kHs, 1, "hscode,description,parent,lvl");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kHs) + ":1",
                       "csv.missing_column: column 'level' is not in the header"));
}

TEST_F(ReferenceCopy, ColumnsAreFoundByNameInAnyOrderAmongExtras) {
  copy_from(kDemoDir);
  write_text(directory_ / kCountries,
             "name,ISO4217-currency_alphabetic_code,ISO3166-1-Alpha-2\n"
             "China,CNY,CN\nNamibia,\"NAD,ZAR\",NA\n");
  append(kCurrencies, "Namibia dollar,NAD,\n");
  const ReferenceData data = load_ok(directory_);
  EXPECT_TRUE(data.has_country("NA"));
  EXPECT_EQ(data.counts().countries, 2u);
}

TEST_F(ReferenceCopy, EveryBadRowAcrossFilesIsListed) {
  copy_from(kDemoDir);
  append(kCurrencies, "Lower case,abc,\n");
  append(kRates, "2025-01-01,Atlantis,1.0\n");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kCurrencies) + ":41",
                       "column 'AlphabeticCode': 'abc' is not three capital letters; 1 more bad "
                       "row(s): exchange-rates/monthly.csv:314: column 'Country': 'Atlantis' is "
                       "not a known series"));
}

TEST_F(ReferenceCopy, BadRowsBeyondTheLimitAreCountedNotListed) {
  copy_from(kDemoDir);
  std::string lines;
  for (int i = 0; i < 150; ++i) lines += "CN,X\n";
  append(kLocodes, lines);
  const Error error = load_error(directory_);
  EXPECT_EQ(error.code, "reference.bad_row");
  EXPECT_EQ(error.path, std::string(kLocodes) + ":62");
  EXPECT_NE(error.message.find("; 149 more bad row(s): "), std::string::npos);
  EXPECT_NE(error.message.find(std::string(kLocodes) + ":161: "), std::string::npos);  // 100th
  EXPECT_EQ(error.message.find(std::string(kLocodes) + ":162: "), std::string::npos);  // 101st
  const std::string tail = "; 50 more not listed (limit 100)";
  ASSERT_GE(error.message.size(), tail.size());
  EXPECT_EQ(error.message.substr(error.message.size() - tail.size()), tail);
}

TEST_F(ReferenceCopy, MissingFile) {
  copy_from(kDemoDir);
  fs::remove(directory_ / kLocodes);
  EXPECT_EQ(load_error(directory_),
            make_error("reference.missing_file", kLocodes,
                       (directory_ / kLocodes).string() + ": no such file"));
}

TEST_F(ReferenceCopy, MissingFileTakesPrecedenceOverBadRows) {
  copy_from(kDemoDir);
  append(kHs, "bad\n");
  fs::remove(directory_ / kRates);
  EXPECT_EQ(load_error(directory_).code, "reference.missing_file");
  EXPECT_EQ(load_error(directory_).path, kRates);
}

TEST_F(ReferenceCopy, UnreadableFile) {
  copy_from(kDemoDir);
  fs::remove(directory_ / kHs);
  fs::create_directory(directory_ / kHs);
  EXPECT_EQ(load_error(directory_),
            make_error("reference.unreadable_file", kHs,
                       (directory_ / kHs).string() + ": not a readable regular file"));
}

TEST(ReferenceLoad, MissingDirectoryReportsTheFirstFile) {
  const Error error = load_error("/nonexistent/opencustoms/reference");
  EXPECT_EQ(error.code, "reference.missing_file");
  EXPECT_EQ(error.path, kCurrencies);
}

// ---------------------------------------------------------------------------------------------
// The full shared set (../shared/data/reference)

class SharedReference : public ReferenceCopy {
 protected:
  void SetUp() override {
    if (!fs::is_directory(kSharedDir)) {
      GTEST_SKIP() << "shared data not found at " << kSharedDir.string()
                   << " (configure with -DOPENCUSTOMS_SHARED_DATA=...)";
    }
  }
};

TEST_F(SharedReference, LoadsWithExactCounts) {
  const ReferenceCounts counts = load_ok(kSharedDir).counts();
  EXPECT_EQ(counts.hs_subheadings, 5612u);  // 5613 level-6 rows less Comtrade's 999999
  EXPECT_EQ(counts.countries, 249u);
  EXPECT_EQ(counts.currencies, 178u);  // distinct current codes
  EXPECT_EQ(counts.locodes, 115883u);  // 116029 rows; alternative names share a code
  EXPECT_EQ(counts.exchange_rates, 17237u);
}

TEST_F(SharedReference, HsCodes) {
  const ReferenceData data = load_ok(kSharedDir);
  EXPECT_TRUE(data.has_hs_subheading("010121"));
  EXPECT_TRUE(data.has_hs_subheading("852589"));
  EXPECT_TRUE(data.has_hs_subheading("970690"));
  EXPECT_FALSE(data.has_hs_subheading("852580"));  // HS 2017 only
  EXPECT_FALSE(data.has_hs_subheading("999999"));  // Comtrade "not specified"
  EXPECT_EQ(data.hs_description("99"), nullptr);
  EXPECT_EQ(data.hs_description("9999"), nullptr);
  EXPECT_EQ(data.hs_description("TOTAL"), nullptr);
  ASSERT_NE(data.hs_description("01"), nullptr);
  EXPECT_EQ(*data.hs_description("01"), "Animals; live");
  ASSERT_NE(data.hs_description("870380"), nullptr);
  EXPECT_EQ(*data.hs_description("870380"), "Vehicles; with only electric motor for propulsion");
}

TEST_F(SharedReference, CountriesAndCurrencies) {
  const ReferenceData data = load_ok(kSharedDir);
  EXPECT_TRUE(data.has_country("NA"));  // Namibia, not a missing value
  EXPECT_TRUE(data.has_country("TR"));  // no currency listed in the snapshot
  EXPECT_TRUE(data.has_country("BV"));
  EXPECT_FALSE(data.has_country("XZ"));  // UN/LOCODE only
  EXPECT_FALSE(data.has_country("XK"));
  EXPECT_TRUE(data.has_currency("CNY"));
  EXPECT_TRUE(data.has_currency("VED"));
  EXPECT_TRUE(data.has_currency("UYW"));
  EXPECT_TRUE(data.has_currency("TRY"));
  EXPECT_FALSE(data.has_currency("DEM"));  // withdrawn 2002-03
  EXPECT_FALSE(data.has_currency("TRL"));  // withdrawn 2005-12
}

TEST_F(SharedReference, Locodes) {
  const ReferenceData data = load_ok(kSharedDir);
  for (const char* code :
       {"CNSGH", "CNSHA", "CNNBO", "CNQDG", "CNYTN", "CNPKX", "AXMHQ", "XZAAD", "DE9B0", "ADALV"}) {
    EXPECT_TRUE(data.has_locode(code)) << code;
  }
  EXPECT_FALSE(data.has_locode("CNHKG"));
  EXPECT_FALSE(data.has_locode("ZZZZZ"));
}

TEST_F(SharedReference, CrossRatesFromTheFileValues) {
  const ReferenceData data = load_ok(kSharedDir);
  // 2025-03: China 7.2493, Euro 0.9248, Japan 149.0576, all currency per USD.
  // 7.2493 / 0.9248 = 7.83877595... -> 7.838776; 7.2493 / 149.0576 = 0.04863421... -> 0.048634.
  EXPECT_EQ(rate(data, "EUR", 2025, 3), "7.838776");
  EXPECT_EQ(rate(data, "JPY", 2025, 3), "0.048634");
  EXPECT_EQ(rate(data, "USD", 2025, 3), "7.249300");
  // 2001-12: China 8.2764, Germany 2.1946: 3.77125672... -> 3.771257.
  EXPECT_EQ(rate(data, "DEM", 2001, 12), "3.771257");
  EXPECT_EQ(rate(data, "DEM", 2002, 1), "none");   // the series ends 2001-12
  EXPECT_EQ(rate(data, "JPY", 1980, 12), "none");  // the China series starts 1981-01
  EXPECT_EQ(rate(data, "VES", 2025, 3), "none");   // Venezuela maps to no currency
}

TEST_F(SharedReference, BadRowsInACopyAreReportedWithFileAndLine) {
  copy_from(kSharedDir);
  replace_line(kHs, 4, "I,010121,\"Horses; live, pure-bred breeding animals\",0102,6");
  replace_line(kLocodes, 100, "AF,DH,Dehdadi,Dehdadi,BAL,RL,1----6--,,36.65,66.98");
  EXPECT_EQ(load_error(directory_),
            make_error("reference.bad_row", std::string(kHs) + ":4",
                       "column 'parent': '0102' should be '0101'; 1 more bad row(s): " +
                           std::string(kLocodes) +
                           ":100: column 'location': 'DH' is not three capital letters or digits"));
}

}  // namespace
}  // namespace oc
