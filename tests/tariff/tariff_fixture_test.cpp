// The one runner of the tariff fixtures (tests/data/tariff/*.txt; format in the README there).
// Each block builds a tariff directory from its sections, runs one computation (a declaration's
// assessment, a postal parcel, a tax refund form or a Hainan value-added rate), renders it as
// JSON and checks every expectation line against it, or checks the exact list of errors.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/json_writer.h"
#include "declaration/json_codec.h"
#include "tariff/assessment.h"
#include "tariff/hainan_rules.h"
#include "tariff/postal_rules.h"
#include "tariff/tariff.h"
#include "tariff/tax_refund_rules.h"

namespace oc {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string file;
  std::size_t line = 0;
  std::string title;
  std::map<std::string, std::vector<std::string>> sections;  // name -> lines
  std::vector<std::pair<std::size_t, std::string>> expectations;  // source line, text
};

std::string trim(std::string_view text) {
  auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return "";
  auto end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(begin, end - begin + 1));
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  std::string word;
  while (in >> word) out.push_back(word);
  return out;
}

std::vector<Case> read_cases() {
  std::vector<Case> cases;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(OC_SOURCE_DIR "/tests/data/tariff")) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string text;
    std::size_t number = 0;
    std::string section;
    while (std::getline(in, text)) {
      ++number;
      if (text.starts_with("#") && section != "declaration.json") continue;
      if (text.starts_with("=== ")) {
        cases.push_back(Case{path.filename().string(), number, trim(text.substr(4)), {}, {}});
        section.clear();
        continue;
      }
      if (cases.empty() || cases.back().file != path.filename().string()) {
        if (trim(text).empty()) continue;
        cases.push_back(Case{path.filename().string(), number, "(text before the first ===)", {}, {}});
      }
      Case& current = cases.back();
      std::string line = trim(text);
      if (line.empty()) continue;
      if (line.back() == ':' && line.find(' ') == std::string::npos) {
        section = line.substr(0, line.size() - 1);
        current.sections[section];
        continue;
      }
      if (section == "expect") {
        current.expectations.emplace_back(number, line);
      } else {
        current.sections[section].push_back(section == "declaration.json" ? text : line);
      }
    }
  }
  return cases;
}

const std::map<std::string, std::string>& csv_headers() {
  static const std::map<std::string, std::string> headers = {
      {"tariff.csv",
       "hs_code,description,unit,general,mfn,provisional,special,conventional,consumption_tax,vat"},
      {"agreements.csv", "agreement,country"},
      {"countries.csv", "country,mfn"},
      {"exchange_rates.csv", "month,currency,cny_per_unit"},
      {"trade_remedies.csv", "measure,kind,hs_code,origin,exporter,rate,valid_from,valid_to"},
      {"postal_rates.csv", "category,rate,hs_prefixes,description"},
      {"hainan_taxable.csv", "hs_prefix,description"},
  };
  return headers;
}

// Writes the case's tariff sections; a section whose first line is the header is written as is
// (for loader tests), otherwise the header is added. Required files default to a header only.
fs::path write_tariff(const Case& c) {
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() /
                 ("oc-tariff-fixture-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& [name, header] : csv_headers()) {
    auto found = c.sections.find(name);
    bool required = name == "tariff.csv" || name == "agreements.csv" || name == "countries.csv" ||
                    name == "exchange_rates.csv";
    if (found == c.sections.end() && !required) continue;
    if (c.sections.contains("omit") && std::find(c.sections.at("omit").begin(), c.sections.at("omit").end(), name) != c.sections.at("omit").end()) continue;
    std::ofstream out(dir / name, std::ios::binary);
    // Raw when the first line starts like the header ("country,..."): a header under test.
    const std::string first_column = header.substr(0, header.find(',') + 1);
    bool raw = found != c.sections.end() && !found->second.empty() &&
               found->second.front().starts_with(first_column);
    if (!raw) out << header << "\n";
    if (found != c.sections.end()) {
      for (const auto& line : found->second) out << line << "\n";
    }
  }
  return dir;
}

Decimal decimal(const std::string& text) {
  auto parsed = Decimal::parse(text);
  EXPECT_TRUE(parsed.ok()) << "bad decimal in fixture: " << text;
  return parsed ? *parsed : Decimal{};
}

// The compact declaration: defaults for everything the tariff does not read.
Declaration compact_declaration(const std::vector<std::string>& lines) {
  Declaration d;
  d.lrn = "FIXTURE-1";
  d.procedure = "0110";
  d.declarant = "91440300MA5FQH001Y";
  d.importer = {"91440300MA5FQH001Y", "Importer", ""};
  d.exporter = {"EX-1", "Exporter", "DE"};
  d.office = "5349";
  d.port = "CNSZX";
  d.trading_country = "DE";
  d.incoterm = Incoterm::CIF;
  d.currency = "CNY";
  for (const auto& line : lines) {
    auto w = words(line);
    const std::string& key = w.at(0);
    if (key == "item") {
      Item item;
      item.unit = "NAR";
      item.quantity = Decimal::from_int(1);
      for (std::size_t i = 1; i + 1 < w.size(); i += 2) {
        const std::string& k = w[i];
        const std::string& v = w[i + 1];
        if (k == "hs") item.hs_code = v;
        else if (k == "origin") item.origin = v;
        else if (k == "quantity") item.quantity = decimal(v);
        else if (k == "unit") item.unit = v;
        else if (k == "net") item.net_mass_kg = decimal(v);
        else if (k == "gross") item.gross_mass_kg = decimal(v);
        else if (k == "amount") item.invoice_amount = decimal(v);
        else if (k == "preference") item.preference = v;
        else ADD_FAILURE() << "unknown item key " << k;
      }
      d.items.push_back(item);
    } else if (key == "document") {
      auto type = parse_document_type(w.at(1));
      EXPECT_TRUE(type.has_value()) << line;
      d.documents.push_back({type.value_or(DocumentType::invoice), w.at(2), w.size() > 3 ? w[3] : ""});
    } else if (key == "currency") {
      d.currency = w.at(1);
    } else if (key == "incoterm") {
      auto incoterm = parse_incoterm(w.at(1));
      EXPECT_TRUE(incoterm.has_value()) << line;
      d.incoterm = incoterm.value_or(Incoterm::CIF);
    } else if (key == "freight") {
      d.freight = decimal(w.at(1));
    } else if (key == "insurance") {
      d.insurance = decimal(w.at(1));
    } else if (key == "procedure") {
      d.procedure = w.at(1);
    } else if (key == "type") {
      d.type = w.at(1) == "export" ? DeclarationType::export_ : DeclarationType::import;
    } else if (key == "exporter") {
      d.exporter.id = w.at(1);
    } else if (key == "departure_country") {
      d.departure_country = w.at(1);
    } else if (key == "trading_country") {
      d.trading_country = w.at(1);
    } else {
      ADD_FAILURE() << "unknown declaration key " << key;
    }
  }
  return d;
}

AssessmentContext context_of(const std::vector<std::string>& lines) {
  AssessmentContext context;
  context.day = *parse_iso_day("2026-11-23");
  for (const auto& line : lines) {
    auto w = words(line);
    if (w.at(0) == "date") {
      auto day = parse_iso_day(w.at(1));
      EXPECT_TRUE(day.has_value()) << line;
      context.day = day.value_or(0);
    } else if (w.at(0) == "year_to_date") {
      context.buyer_year_to_date_cny = decimal(w.at(1));
    } else if (w.at(0) == "hainan") {
      context.hainan = w.at(1) == "first_line" ? HainanLine::first_line : HainanLine::second_line;
    } else if (w.at(0) == "value_added") {
      context.hainan_value_added =
          HainanValueAdded{decimal(w.at(1)), decimal(w.at(2)), decimal(w.at(3))};
    } else {
      ADD_FAILURE() << "unknown context key " << w.at(0);
    }
  }
  return context;
}

std::string postal_json(const PostalAssessment& postal) {
  JsonWriter out;
  out.begin_object().field("value", postal.value_cny.to_string());
  out.field("limit", postal.limit_cny.to_string());
  out.key("contents").begin_array();
  for (const auto& content : postal.contents) {
    out.begin_object()
        .field("category", content.category->category)
        .field("rate", content.category->rate_percent.to_string() + "%")
        .field("value", content.value_cny.to_string())
        .field("tax", content.tax.to_string())
        .end_object();
  }
  out.end_array();
  out.field("tax_computed", postal.tax_computed.to_string())
      .field("tax_payable", postal.tax_payable.to_string())
      .key("waived").boolean(postal.waived);
  return out.end_object().take();
}

std::string refund_json(const TaxRefundAmount& refund, const RefundPayout& payout) {
  JsonWriter out;
  out.begin_object().key("items").begin_array();
  for (const auto& item : refund.items) {
    out.begin_object()
        .field("refund_rate", item.refund_percent.to_string() + "%")
        .field("gross", item.gross_refund.to_string())
        .field("fee", item.agent_fee.to_string())
        .field("refund", item.refund.to_string())
        .end_object();
  }
  out.end_array()
      .field("purchase_total", refund.purchase_total.to_string())
      .field("gross", refund.gross_refund.to_string())
      .field("fee", refund.agent_fee.to_string())
      .field("refund", refund.refund.to_string())
      .field("cash", payout.cash.to_string())
      .field("bank_card", payout.bank_card.to_string());
  return out.end_object().take();
}

struct CaseRun {
  std::string json;
  Errors errors;
};

CaseRun run_case(const Case& c) {
  fs::path dir = write_tariff(c);
  auto tariff = load_tariff(dir);
  fs::remove_all(dir);
  if (!tariff) return {"", {tariff.error()}};
  auto context = context_of(c.sections.contains("context") ? c.sections.at("context")
                                                           : std::vector<std::string>{});
  if (c.sections.contains("declaration") || c.sections.contains("declaration.json")) {
    Declaration declaration;
    if (c.sections.contains("declaration.json")) {
      std::string body;
      for (const auto& line : c.sections.at("declaration.json")) body += line + "\n";
      auto decoded = decode_declaration(body);
      if (!decoded.errors.empty()) return {"", decoded.errors};
      declaration = std::move(decoded.declaration);
    } else {
      declaration = compact_declaration(c.sections.at("declaration"));
    }
    auto outcome = assess_declaration(declaration, *tariff, context);
    if (!outcome.ok()) return {"", outcome.errors};
    return {assessment_json(outcome.assessment), {}};
  }
  if (c.sections.contains("postal_parcel")) {
    PostalParcel parcel;
    for (const auto& line : c.sections.at("postal_parcel")) {
      auto w = words(line);
      if (w.at(0) == "origin") {
        parcel.origin = w.at(1);
      } else {
        EXPECT_EQ(w.at(0), "content") << line;
        parcel.contents.push_back({w.at(1), decimal(w.at(2)), decimal(w.at(3)), w.at(4)});
      }
    }
    auto [year, month] = std::pair{2026, 11};
    if (c.sections.contains("context")) {
      std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{context.day}}};
      year = static_cast<int>(date.year());
      month = static_cast<int>(static_cast<unsigned>(date.month()));
    }
    auto postal = assess_postal_parcel(parcel, *tariff, year, month);
    if (!postal) return {"", {postal.error()}};
    return {postal_json(*postal), {}};
  }
  if (c.sections.contains("tax_refund")) {
    std::vector<TaxRefundItem> items;
    TaxRefundPolicy policy;
    for (const auto& line : c.sections.at("tax_refund")) {
      auto w = words(line);
      if (w.at(0) == "fee") {
        policy.agent_fee_percent = decimal(w.at(1));
      } else {
        EXPECT_EQ(w.at(0), "item") << line;
        items.push_back({decimal(w.at(1)), decimal(w.at(2))});
      }
    }
    auto refund = tax_refund_amount(items, policy);
    if (!refund) return {"", {refund.error()}};
    return {refund_json(*refund, split_refund_payout(refund->refund)), {}};
  }
  if (c.sections.contains("value_added")) {
    auto w = words(c.sections.at("value_added").at(0));
    auto result = hainan_value_added({decimal(w.at(0)), decimal(w.at(1)), decimal(w.at(2))});
    if (!result) return {"", {result.error()}};
    JsonWriter out;
    out.begin_object().field("rate", result->rate_percent.to_string() + "%").key("exempt").boolean(result->exempt);
    return {out.end_object().take(), {}};
  }
  return {"", {}};
}

std::string value_text(simdjson::dom::element element) {
  switch (element.type()) {
    case simdjson::dom::element_type::STRING: return std::string(element.get_string().value());
    case simdjson::dom::element_type::NULL_VALUE: return "null";
    case simdjson::dom::element_type::BOOL: return element.get_bool().value() ? "true" : "false";
    case simdjson::dom::element_type::ARRAY: return "#" + std::to_string(element.get_array().size());
    default: return simdjson::minify(element);
  }
}

void PrintTo(const Case& c, std::ostream* out) { *out << c.file << ":" << c.line << " " << c.title; }

class TariffFixture : public ::testing::TestWithParam<Case> {};

TEST_P(TariffFixture, Case) {
  const Case& c = GetParam();
  SCOPED_TRACE(c.file + ":" + std::to_string(c.line) + " " + c.title);
  ASSERT_FALSE(c.expectations.empty()) << "a case needs an expect: section";
  CaseRun run = run_case(c);
  std::vector<std::string> expected_errors;
  for (const auto& [number, text] : c.expectations) {
    if (text.starts_with("error ")) expected_errors.push_back(trim(text.substr(6)));
  }
  std::vector<std::string> got_errors;
  for (const auto& error : run.errors) {
    got_errors.push_back(error.path.empty() ? error.code : error.code + " " + error.path);
  }
  if (!expected_errors.empty() || !run.errors.empty()) {
    EXPECT_EQ(got_errors, expected_errors) << (run.errors.empty() ? "" : run.errors.front().message);
    for (const auto& [number, text] : c.expectations) {
      if (text.starts_with("message ")) {
        ASSERT_FALSE(run.errors.empty());
        EXPECT_NE(run.errors.front().message.find(trim(text.substr(8))), std::string::npos)
            << "line " << number << ": message was: " << run.errors.front().message;
      }
    }
    return;
  }
  ASSERT_FALSE(run.json.empty()) << "the case runs nothing (no declaration/postal_parcel/tax_refund/value_added)";
  simdjson::dom::parser parser;
  auto document = parser.parse(run.json);
  ASSERT_FALSE(document.error()) << run.json;
  for (const auto& [number, text] : c.expectations) {
    auto space = text.find(' ');
    ASSERT_NE(space, std::string::npos) << "line " << number << ": expected 'POINTER VALUE'";
    std::string pointer = text.substr(0, space);
    std::string expected = trim(text.substr(space + 1));
    auto element = document.value().at_pointer(pointer);
    if (expected == "absent") {
      EXPECT_TRUE(element.error()) << "line " << number << ": " << pointer << " is present";
      continue;
    }
    ASSERT_FALSE(element.error()) << "line " << number << ": no " << pointer << " in " << run.json;
    EXPECT_EQ(value_text(element.value()), expected) << "line " << number << ": " << pointer;
  }
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.file.substr(0, info.param.file.find('.')) + "_line" +
                     std::to_string(info.param.line);
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, TariffFixture, ::testing::ValuesIn(read_cases()), case_name);

}  // namespace
}  // namespace oc
