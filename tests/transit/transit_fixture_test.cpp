// The one runner of the transit fixtures, tests/data/transit/*.txt; the format is described at
// the top of tests/data/transit/monitor.txt. Each case registers one transit in a fresh monitor
// and runs its lines in order: actions (event, tick, resolve) and expectations checked at that
// point. A case whose events all come before its first tick or resolution is run a second time
// with its events in reverse arrival order, and must end in the same view.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "transit/transit_monitor.h"
#include "transit_test_support.h"

namespace oc {
namespace {

struct Line {
  std::size_t number = 0;
  std::string key;
  std::string value;
};

struct FixtureCase {
  std::string file;
  std::size_t line = 0;
  std::string title;
  std::vector<std::pair<std::string, std::string>> fields = testing::base_transit_fields();
  std::string raw_transit;  // a whole body instead of the base fields
  std::string registered = "08:00";
  std::string office = "5301";
  int silence_minutes = 30;
  int settle_minutes = 10;
  std::vector<Line> steps;
  std::string problem;  // a malformed case block
};

void PrintTo(const FixtureCase& c, std::ostream* out) {
  *out << c.file << ".txt:" << c.line << " " << c.title;
}

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.pop_back();
  std::size_t start = text.find_first_not_of(' ');
  return start == std::string::npos ? std::string() : text.substr(start);
}

// "KEY VALUE..." -> {KEY, VALUE...}
std::pair<std::string, std::string> split_word(const std::string& text) {
  std::size_t space = text.find(' ');
  if (space == std::string::npos) return {text, ""};
  return {text.substr(0, space), trim(text.substr(space + 1))};
}

void set_field(FixtureCase& c, const std::string& key, const std::string& json) {
  for (auto& field : c.fields) {
    if (field.first == key) {
      field.second = json;
      return;
    }
  }
  c.fields.emplace_back(key, json);
}

// Reads the file's lines as (key, value) per case; a line indented by two spaces continues the
// value of the line before it.
std::vector<FixtureCase> read_cases(const std::filesystem::path& path) {
  std::vector<FixtureCase> cases;
  std::vector<std::vector<Line>> lines;
  std::istringstream in(testing::read_text_file(path.string()));
  std::string text;
  std::size_t number = 0;
  while (std::getline(in, text)) {
    ++number;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.starts_with("=== ")) {
      cases.push_back(FixtureCase{});
      cases.back().file = path.stem().string();
      cases.back().line = number;
      cases.back().title = text.substr(4);
      lines.emplace_back();
      continue;
    }
    if (text.empty() || text.starts_with("#") || cases.empty()) continue;
    if (text.starts_with("  ") && !lines.back().empty()) {
      lines.back().back().value += trim(text);
      continue;
    }
    std::size_t colon = text.find(':');
    if (colon == std::string::npos) {
      cases.back().problem = "line " + std::to_string(number) + ": no 'key:'";
      continue;
    }
    lines.back().push_back(Line{number, text.substr(0, colon), trim(text.substr(colon + 1))});
  }
  for (std::size_t i = 0; i < cases.size(); ++i) {
    FixtureCase& c = cases[i];
    for (const Line& line : lines[i]) {
      const std::string& key = line.key;
      const std::string& value = line.value;
      if (key == "transit") {
        if (value != "base") c.raw_transit = value;
      } else if (key == "set") {
        auto [field, json] = split_word(value);
        set_field(c, field, json);
      } else if (key == "drop") {
        std::erase_if(c.fields, [&](const auto& field) { return field.first == value; });
      } else if (key == "registered") {
        c.registered = value;
      } else if (key == "office") {
        c.office = value;
      } else if (key == "silence") {
        c.silence_minutes = std::stoi(value);
      } else if (key == "settle") {
        c.settle_minutes = std::stoi(value);
      } else if (key == "event" || key == "tick" || key == "resolve" || key == "status" ||
                 key == "hold" || key == "seal" || key == "arrived" || key == "alert" ||
                 key == "alerts" || key == "closing" || key == "error" || key == "outcome" ||
                 key == "raised" || key == "view") {
        c.steps.push_back(line);
      } else {
        c.problem = "line " + std::to_string(line.number) + ": unknown key '" + key + "'";
      }
    }
  }
  return cases;
}

std::vector<FixtureCase> all_cases() {
  std::vector<FixtureCase> cases;
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(OC_SOURCE_DIR "/tests/data/transit")) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    auto more = read_cases(file);
    cases.insert(cases.end(), more.begin(), more.end());
  }
  return cases;
}

// "EV-1 position 08:20 22.49 113.885" or a raw JSON body.
std::string event_body(const std::string& value) {
  if (value.starts_with("{") || value.starts_with("[")) return value;
  std::istringstream in(value);
  std::string id, type, time, lat, lon;
  in >> id >> type >> time >> lat >> lon;
  std::string body = "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"at\":\"" +
                     format_timestamp(testing::at(time)) + "\"";
  if (!lat.empty()) body += ",\"lat\":\"" + lat + "\"";
  if (!lon.empty()) body += ",\"lon\":\"" + lon + "\"";
  return body + "}";
}

std::string error_text(const Error& error) {
  return error.path.empty() ? error.code : error.code + " " + error.path;
}

// Runs a case; returns the final view (when the transit registered). Expectations are checked
// only when `check` (the reordered rerun checks nothing but the final view).
class CaseRun {
 public:
  CaseRun(const FixtureCase& c, bool check) : c_(c), check_(check), monitor_(options(c)) {}

  static MonitorOptions options(const FixtureCase& c) {
    MonitorOptions options;
    options.tracker.seal_silence_max = std::chrono::minutes(c.silence_minutes);
    options.tracker.closing_settle = std::chrono::minutes(c.settle_minutes);
    return options;
  }

  std::optional<TransitView> run(const std::vector<Line>& steps) {
    std::string body =
        c_.raw_transit.empty() ? testing::join_transit_fields(c_.fields) : c_.raw_transit;
    DecodedTransit decoded = decode_transit(body);
    if (!decoded.errors.empty()) {
      errors_ = decoded.errors;
    } else {
      transit_id_ = decoded.transit.id;
      auto added =
          monitor_.add(decoded.transit, TransitContext{c_.office, testing::at(c_.registered)});
      if (!added) errors_ = {added.error()};
    }
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const Line& step = steps[i];
      SCOPED_TRACE(c_.file + ".txt:" + std::to_string(step.number));
      if (step.key == "error") {
        std::vector<std::string> expected;
        for (; i < steps.size() && steps[i].key == "error"; ++i) expected.push_back(steps[i].value);
        --i;
        if (check_) {
          EXPECT_EQ(texts(errors_), expected);
        }
        errors_.clear();
        continue;
      }
      if (check_ && !errors_.empty()) {
        ADD_FAILURE() << "unexpected errors: " << ::testing::PrintToString(texts(errors_));
      }
      errors_.clear();
      if (step.key == "alert" || step.key == "alerts") {
        std::vector<std::string> expected;
        for (; i < steps.size() && steps[i].key == "alert"; ++i) expected.push_back(steps[i].value);
        if (step.key == "alerts") ++i;  // "alerts: none"
        --i;
        if (check_) {
          EXPECT_EQ(alerts(), expected);
        }
        continue;
      }
      act_or_expect(step);
    }
    if (check_ && !errors_.empty()) {
      ADD_FAILURE() << "unexpected errors at the end: " << ::testing::PrintToString(texts(errors_));
    }
    auto view = monitor_.view(transit_id_);
    if (!view) return std::nullopt;
    return *view;
  }

 private:
  static std::vector<std::string> texts(const Errors& errors) {
    std::vector<std::string> result;
    for (const Error& error : errors) result.push_back(error_text(error));
    return result;
  }

  std::vector<std::string> alerts() {
    std::vector<std::string> result;
    auto view = monitor_.view(transit_id_);
    if (!view) return {"(no transit)"};
    for (const Alert& alert : view->alerts) result.push_back(testing::describe(alert));
    return result;
  }

  void act_or_expect(const Line& step) {
    if (step.key == "event") {
      DecodedSealEvent decoded = decode_seal_event(event_body(step.value));
      if (!decoded.errors.empty()) {
        errors_ = decoded.errors;
        return;
      }
      auto applied = monitor_.apply(transit_id_, decoded.event);
      if (!applied) {
        errors_ = {applied.error()};
        return;
      }
      outcome_ = applied->kind == ApplyOutcome::Kind::created ? "created" : "exists";
      return;
    }
    if (step.key == "tick") {
      TickReport report = monitor_.tick(testing::at(step.value));
      raised_.clear();
      for (const TransitAlert& alert : report.raised) raised_.push_back(alert.alert.id);
      return;
    }
    if (step.key == "resolve") {
      auto [alert_id, time] = split_word(step.value);
      auto resolved = monitor_.resolve_alert(transit_id_, alert_id, testing::at(time));
      if (!resolved) errors_ = {resolved.error()};
      return;
    }
    if (!check_) return;
    auto view = monitor_.view(transit_id_);
    ASSERT_TRUE(view.ok()) << view.error().code;
    if (step.key == "status") {
      EXPECT_EQ(to_string(view->status), step.value);
    } else if (step.key == "hold") {
      EXPECT_EQ(to_string(view->hold), step.value);
    } else if (step.key == "seal") {
      EXPECT_EQ(to_string(view->seal), step.value);
    } else if (step.key == "arrived") {
      std::string actual = view->arrived_at ? testing::short_time(*view->arrived_at) + " by " +
                                                  view->arrival_event_id
                                            : "none";
      EXPECT_EQ(actual, step.value);
    } else if (step.key == "closing") {
      EXPECT_EQ(view->closing ? testing::describe(*view->closing) : "none", step.value);
    } else if (step.key == "outcome") {
      EXPECT_EQ(outcome_, step.value);
    } else if (step.key == "raised") {
      std::string actual;
      for (const std::string& id : raised_) actual += (actual.empty() ? "" : ", ") + id;
      EXPECT_EQ(actual.empty() ? "nothing" : actual, step.value);
    } else if (step.key == "view") {
      EXPECT_EQ(std::to_string(view->events) + " events", step.value);
    }
  }

  const FixtureCase& c_;
  bool check_;
  TransitMonitor monitor_;
  std::string transit_id_ = "(none)";
  Errors errors_;
  std::string outcome_ = "(none)";
  std::vector<std::string> raised_;
};

class TransitFixture : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(TransitFixture, Case) {
  const FixtureCase& c = GetParam();
  SCOPED_TRACE(c.file + ".txt:" + std::to_string(c.line) + " " + c.title);
  ASSERT_EQ(c.problem, "");
  ASSERT_FALSE(c.steps.empty()) << "a case needs expectations";
  std::optional<TransitView> final_view = CaseRun(c, true).run(c.steps);

  // Events all before the first tick or resolution: reverse their arrival order and rerun.
  auto first_other = std::find_if(c.steps.begin(), c.steps.end(), [](const Line& step) {
    return step.key == "tick" || step.key == "resolve";
  });
  bool events_first = std::none_of(first_other, c.steps.end(),
                                   [](const Line& step) { return step.key == "event"; });
  bool expects_errors = std::any_of(c.steps.begin(), c.steps.end(),
                                    [](const Line& step) { return step.key == "error"; });
  if (!final_view || !events_first || expects_errors) return;
  std::vector<Line> reordered;
  for (const Line& step : c.steps) {
    if (step.key == "event") reordered.push_back(step);
  }
  std::reverse(reordered.begin(), reordered.end());
  for (const Line& step : c.steps) {
    if (step.key == "tick" || step.key == "resolve") reordered.push_back(step);
  }
  std::optional<TransitView> again = CaseRun(c, false).run(reordered);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(testing::describe(*again), testing::describe(*final_view))
      << "the same events in reverse arrival order end differently";
}

std::string case_name(const ::testing::TestParamInfo<FixtureCase>& info) {
  std::string name = info.param.file + "_" + std::to_string(info.index) + "_";
  for (char ch : info.param.title) {
    if (name.size() > 80) break;
    bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    name += alnum ? ch : '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, TransitFixture, ::testing::ValuesIn(all_cases()), case_name);

}  // namespace
}  // namespace oc
