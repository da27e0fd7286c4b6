#include "transit_test_support.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace oc::testing {

std::vector<std::pair<std::string, std::string>> base_transit_fields() {
  return {
      {"id", R"("TR-1")"},
      {"from", R"("CNSZX")"},
      {"to", R"("QH-ZONE-1")"},
      {"seal", R"("ES-0001")"},
      {"deadline", R"("2026-11-23T18:00:00Z")"},
      {"corridor", R"({"points":[[22.48,113.88],[22.50,113.89],[22.52,113.90]],"width_m":"500"})"},
      {"goods", R"([{"item":"SKU-1","hs_code":"8471300000","unit":"NAR","quantity":"100"},)"
                R"({"item":"SKU-2","hs_code":"8517130000","unit":"PCE","quantity":"12.5"}])"},
      {"destination_account", R"({"zone":"QH-ZONE-1","enterprise":"ENT-0001"})"},
  };
}

std::string join_transit_fields(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string json = "{";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) json += ",";
    json += "\"" + fields[i].first + "\":" + fields[i].second;
  }
  return json + "}";
}

std::string base_transit_json() {
  return join_transit_fields(base_transit_fields());
}

Transit base_transit() {
  DecodedTransit decoded = decode_transit(base_transit_json());
  EXPECT_TRUE(decoded.errors.empty()) << decoded.errors.front().code;
  return decoded.transit;
}

TimePoint at(std::string_view text) {
  std::string full(text);
  if (text.size() == 5 || text.size() == 8) {
    full = std::string(base_day) + "T" + std::string(text) + (text.size() == 5 ? ":00Z" : "Z");
  }
  auto parsed = parse_timestamp(full);
  EXPECT_TRUE(parsed.has_value()) << "bad time '" << text << "'";
  return parsed.value_or(TimePoint{});
}

std::string short_time(TimePoint time) {
  std::string full = format_timestamp(time);
  if (full.size() == 20 && full.starts_with(base_day)) {
    std::string clock = full.substr(11, 8);
    return clock.ends_with(":00") ? clock.substr(0, 5) : clock;
  }
  return full;
}

SealEvent event(std::string id, SealEventType type, std::string_view time, std::string_view lat,
                std::string_view lon) {
  SealEvent e;
  e.id = std::move(id);
  e.type = type;
  e.at = at(time);
  if (!lat.empty()) e.lat = Decimal::parse(lat).value();
  if (!lon.empty()) e.lon = Decimal::parse(lon).value();
  return e;
}

std::string describe(const Alert& alert) {
  std::string text = alert.id + " at " + short_time(alert.at);
  bool event_in_id = alert.id.ends_with(":" + alert.event_id);
  if (!alert.event_id.empty() && !event_in_id) text += " event " + alert.event_id;
  if (alert.since) text += " since " + short_time(*alert.since);
  if (alert.ended_at) text += " until " + short_time(*alert.ended_at);
  text += alert.open ? " open" : " resolved " + short_time(alert.resolved_at.value_or(TimePoint{}));
  return text;
}

std::string describe(const ClosingInstruction& closing) {
  std::string text = closing.movement_id + " " + closing.account.zone + "/" +
                     closing.account.enterprise + " arrived " + short_time(closing.arrived_at) +
                     " closed " + short_time(closing.closed_at) + " lines";
  for (std::size_t i = 0; i < closing.goods.size(); ++i) {
    const GoodsLine& line = closing.goods[i];
    text += (i ? "; " : " ") + line.item + " " + line.hs_code + " " + line.unit + " " +
            line.quantity.to_string();
  }
  return text;
}

std::string describe(const TransitView& view) {
  std::string text = view.transit_id + " " + std::string(to_string(view.status)) + " hold " +
                     std::string(to_string(view.hold)) + " seal " +
                     std::string(to_string(view.seal)) + " events " + std::to_string(view.events);
  if (view.arrived_at)
    text += " arrived " + short_time(*view.arrived_at) + " by " + view.arrival_event_id;
  text += " heard " + short_time(view.last_heard_at);
  if (view.closing) text += "\n  closing " + describe(*view.closing);
  for (const Alert& alert : view.alerts) text += "\n  alert " + describe(alert);
  return text;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace oc::testing
