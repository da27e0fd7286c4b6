// The one runner of the tax refund fixtures (tests/data/taxrefund/*.txt; format in the README
// there). A block with a body decodes a refund form; a block without one signs a payload for a
// stored form (or alters it, as the case says) and runs the exit-port check on it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "taxrefund/refund_form.h"
#include "taxrefund/refund_signing.h"
#include "taxrefund/refund_verification.h"

namespace oc {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string file;
  std::size_t line = 0;
  std::string title;
  std::map<std::string, std::string> setup;
  std::vector<std::string> body;
  std::vector<std::string> expectations;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.file << ":" << c.line << ": " << c.title;
}

std::string trim(std::string_view text) {
  auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return "";
  auto end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(begin, end - begin + 1));
}

std::vector<Case> read_cases() {
  std::vector<Case> cases;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(OC_SOURCE_DIR "/tests/data/taxrefund")) {
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
      const std::string line = trim(text);
      if (line.starts_with("#") || line.empty()) continue;
      if (line.starts_with("=== ")) {
        cases.push_back(Case{path.filename().string(), number, line.substr(4), {}, {}, {}});
        section.clear();
        continue;
      }
      if (cases.empty() || cases.back().file != path.filename().string()) {
        ADD_FAILURE() << path << ":" << number << ": text before the first ===";
        continue;
      }
      if (line == "setup:" || line == "body:" || line == "expect:") {
        section = line.substr(0, line.size() - 1);
        continue;
      }
      Case& current = cases.back();
      if (section == "setup") {
        const auto space = line.find(' ');
        current.setup[line.substr(0, space)] =
            space == std::string::npos ? "" : trim(line.substr(space));
      } else if (section == "body") {
        current.body.push_back(text);
      } else if (section == "expect") {
        current.expectations.push_back(line);
      } else {
        ADD_FAILURE() << path << ":" << number << ": a line outside setup:, body: and expect:";
      }
    }
  }
  return cases;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name =
      info.param.file.substr(0, info.param.file.find('.')) + "_" + std::to_string(info.param.line);
  return name;
}

std::string setting(const Case& c, const std::string& name, const std::string& fallback) {
  auto found = c.setup.find(name);
  return found == c.setup.end() ? fallback : found->second;
}

TimePoint timestamp(const std::string& text) {
  auto parsed = parse_timestamp(text);
  EXPECT_TRUE(parsed.has_value()) << "bad timestamp in fixture: " << text;
  return parsed.value_or(TimePoint{});
}

Decimal decimal(const std::string& text) {
  auto parsed = Decimal::parse(text);
  EXPECT_TRUE(parsed.ok()) << "bad decimal in fixture: " << text;
  return parsed ? *parsed : Decimal{};
}

const TravellerSecret& fixture_secret() {
  static const TravellerSecret secret = TravellerSecret::from_bytes(std::string(32, 's'));
  return secret;
}
const RefundSigningKey& server_key() {
  static const RefundSigningKey key = RefundSigningKey::from_seed(std::string(32, 'k'));
  return key;
}
const RefundSigningKey& other_key() {
  static const RefundSigningKey key = RefundSigningKey::from_seed(std::string(32, 'o'));
  return key;
}

// Compares the errors, or every "name value" expectation against `values`.
void check(const Case& c, const Errors& errors, const std::map<std::string, std::string>& values) {
  Errors expected_errors;
  std::string message_part;
  for (const auto& line : c.expectations) {
    std::istringstream words(line);
    std::string head;
    words >> head;
    if (head == "error") {
      Error error;
      words >> error.code >> error.path;
      expected_errors.push_back(error);
    } else if (head == "message") {
      message_part = trim(line.substr(7));
    }
  }
  if (!expected_errors.empty() || !errors.empty()) {
    std::ostringstream got;
    for (const auto& e : errors)
      got << "  " << e.code << " " << e.path << " (" << e.message << ")\n";
    ASSERT_EQ(errors.size(), expected_errors.size()) << "errors were:\n" << got.str();
    for (std::size_t i = 0; i < errors.size(); ++i) {
      EXPECT_EQ(errors[i].code, expected_errors[i].code) << "error " << i << "; errors were:\n"
                                                         << got.str();
      EXPECT_EQ(errors[i].path, expected_errors[i].path) << "error " << i << "; errors were:\n"
                                                         << got.str();
    }
    if (!message_part.empty()) {
      EXPECT_NE(errors.front().message.find(message_part), std::string::npos)
          << "message: " << errors.front().message;
    }
    return;
  }
  for (const auto& line : c.expectations) {
    const auto space = line.find(' ');
    const std::string name = line.substr(0, space);
    const std::string value = space == std::string::npos ? "" : trim(line.substr(space));
    auto found = values.find(name);
    if (found == values.end()) {
      ADD_FAILURE() << "unknown expectation '" << name << "'";
      continue;
    }
    EXPECT_EQ(found->second, value) << name;
  }
}

void run_form_case(const Case& c) {
  std::string body;
  for (const auto& line : c.body) body += line + "\n";
  const TimePoint now = timestamp(setting(c, "now", "2026-11-23T02:00:00Z"));
  const DecodedRefundForm decoded = decode_refund_form(body, fixture_secret(), now);
  const RefundForm& form = decoded.form;
  std::map<std::string, std::string> values;
  if (decoded.errors.empty()) {
    values = {{"refund", form.amount.refund.to_string()},
              {"purchase_total", form.amount.purchase_total.to_string()},
              {"items", std::to_string(form.items.size())},
              {"id", form.id},
              {"date", form.date},
              {"nationality", form.nationality},
              {"entry_date", form.entry_date}};
    // Whatever the case, the passport number never survives decoding.
    EXPECT_EQ(canonical_refund_form_json(form).find("E12345678"), std::string::npos);
    EXPECT_EQ(form.traveller_key.size(), 64u);
  }
  for (const auto& error : decoded.errors) {
    EXPECT_EQ(error.message.find("E1234"), std::string::npos) << error.message;
  }
  check(c, decoded.errors, values);
}

void run_verification_case(const Case& c) {
  StoredRefundForm stored;
  stored.form_id = "F-1";
  stored.purchase_date = setting(c, "purchase_date", "2026-11-20");
  stored.content_hash = std::string(42, 'A') + "E";  // any canonical 32-byte hash
  stored.refund = decimal(setting(c, "refund", "90.00"));
  if (c.setup.contains("verified_at")) stored.verified_at = timestamp(c.setup.at("verified_at"));
  const Departure departure{timestamp(setting(c, "departing_at", "2026-11-23T06:00:00Z")),
                            decimal(setting(c, "cash_already", "0.00")),
                            timestamp(setting(c, "now", "2026-11-23T04:00:00Z"))};

  RefundPayload fields{stored.form_id, stored.purchase_date, stored.content_hash};
  const std::string how = setting(c, "payload", "signed");
  const RefundSigningKey* signer = &server_key();
  if (how == "other_key") signer = &other_key();
  if (how == "other_hash") fields.content_hash = std::string(42, 'B') + "E";
  if (how == "other_date") fields.purchase_date = "2026-11-19";
  if (how == "other_id") fields.form_id = "F-2";
  std::string payload = make_refund_payload(fields, *signer);
  if (how == "altered")
    payload[payload.size() / 2] = payload[payload.size() / 2] == 'A' ? 'B' : 'A';

  Errors errors;
  std::map<std::string, std::string> values;
  auto verified = verify_payload(payload, server_key().public_key());
  if (!verified) {
    errors.push_back(verified.error());
  } else {
    auto decision = decide_refund_verification(*verified, stored, departure);
    if (!decision) {
      errors.push_back(decision.error());
    } else {
      values = {{"refund_amount", decision->refund_amount.to_string()},
                {"cash_max", decision->cash_max.to_string()},
                {"bank_card", decision->bank_card.to_string()}};
      EXPECT_EQ(decision->form_id, "F-1");
      EXPECT_EQ(decision->verified_at, departure.now);
    }
  }
  check(c, errors, values);
}

class TaxRefundFixture : public ::testing::TestWithParam<Case> {};

TEST_P(TaxRefundFixture, Case) {
  const Case& c = GetParam();
  SCOPED_TRACE(c.file + ":" + std::to_string(c.line) + ": " + c.title);
  ASSERT_FALSE(c.expectations.empty()) << "a case without expectations";
  if (!c.body.empty()) {
    run_form_case(c);
  } else {
    run_verification_case(c);
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, TaxRefundFixture, ::testing::ValuesIn(read_cases()), case_name);

}  // namespace
}  // namespace oc
