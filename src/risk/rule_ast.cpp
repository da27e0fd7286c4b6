// Names and printing for the rule syntax tree.
#include "risk/rule_ast.h"

#include <array>
#include <cstdio>

namespace oc {

std::string_view to_string(ComparisonOp op) {
  constexpr std::array<std::string_view, 6> kNames = {"<", "<=", ">", ">=", "=", "!="};
  return kNames[static_cast<std::size_t>(op)];
}

std::string to_string(const RuleAction& action) {
  if (action.kind == RuleAction::Kind::score) {
    std::string text = "score ";
    if (action.weight.sign() >= 0) text += '+';
    return text + action.weight.to_string();
  }
  std::string text;
  for (const LaneShare& share : action.shares) {
    if (!text.empty()) text += ", ";
    text += std::string(to_string(share.lane)) + " " + share.percent.to_string() + "%";
  }
  return text;
}

std::optional<RuleDate> parse_rule_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  int part = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == 4 || i == 7) {
      ++part;
      continue;
    }
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    parts[part] = parts[part] * 10 + (text[i] - '0');
  }
  std::chrono::year_month_day day{std::chrono::year(parts[0]),
                                  std::chrono::month(static_cast<unsigned>(parts[1])),
                                  std::chrono::day(static_cast<unsigned>(parts[2]))};
  if (!day.ok()) return std::nullopt;
  return RuleDate(day);
}

std::string format_rule_date(RuleDate date) {
  std::chrono::year_month_day day(date);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return buffer;
}

}  // namespace oc
