// `opencustoms zones move|balances`: the goods-account ledger from the command line, for batch
// work (docs/zones.md). `move` applies a JSONL file of movement bodies to one account in batches
// of one transaction each and prints one JSON line per movement; `balances` prints the account.
#include <cstdio>

#include "app/app_context.h"
#include "app/commands.h"
#include "clearance/zone_service.h"
#include "core/csv.h"
#include "core/json_writer.h"

namespace oc::app {

int run_zones_move(const CommonOptions& options, const ZonesOptions& zones) {
  auto content = read_file(zones.file);
  if (!content) {
    print_error(content.error());
    return exit_failure;
  }
  std::vector<std::string> bodies;
  std::vector<std::size_t> lines;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < content->size()) {
    std::size_t end = content->find('\n', start);
    if (end == std::string::npos) end = content->size();
    ++line_number;
    std::string line = content->substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    bodies.push_back(std::move(line));
    lines.push_back(line_number);
  }
  auto platform = open_platform_or_report(options);
  if (!platform) return exit_failure;
  SystemClock clock;
  LodgingService lodging(platform->reference, platform->tariff, *platform->risk, *platform->store,
                         clock);
  ZoneService service(platform->zones, lodging, *platform->store, clock);
  const Actor actor{Role::trader, zones.enterprise};
  std::size_t applied = 0, replayed = 0, refused = 0;
  for (std::size_t begin = 0; begin < bodies.size(); begin += zones.batch_size) {
    std::size_t end = std::min(bodies.size(), begin + zones.batch_size);
    std::vector<std::string> batch(bodies.begin() + static_cast<std::ptrdiff_t>(begin),
                                   bodies.begin() + static_cast<std::ptrdiff_t>(end));
    auto outcomes = service.move_many(zones.zone, zones.enterprise, batch, actor);
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      JsonWriter out;
      out.begin_object().field("line", static_cast<std::int64_t>(lines[begin + i]));
      const auto& outcome = outcomes[i];
      if (!outcome) {
        ++refused;
        const Error& error = outcome.error();
        out.field("disposition", "refused").key("errors").begin_array().begin_object()
            .field("code", error.code).field("path", error.path).field("message", error.message)
            .end_object().end_array().end_object();
        std::printf("%s\n", out.str().c_str());
        continue;
      }
      switch (outcome->disposition) {
        case MovementDisposition::applied: ++applied; out.field("disposition", "applied"); break;
        case MovementDisposition::exists: ++replayed; out.field("disposition", "exists"); break;
        case MovementDisposition::rejected: ++refused; out.field("disposition", "rejected"); break;
      }
      out.key("answer").raw(outcome->answer_json).end_object();
      std::printf("%s\n", out.str().c_str());
    }
  }
  std::fprintf(stderr, "%s: %zu movements, %zu applied, %zu replayed, %zu refused\n",
               zones.file.filename().string().c_str(), bodies.size(), applied, replayed, refused);
  return refused == 0 ? exit_ok : exit_rejected;
}

int run_zones_balances(const CommonOptions& options, const ZonesOptions& zones) {
  auto store = open_store_or_report(options.db);
  if (!store) return exit_failure;
  auto lines = (*store)->stock(zones.zone, zones.enterprise);
  if (!lines) {
    print_error(lines.error());
    return exit_failure;
  }
  std::printf("%s\n", stock_json(*lines).c_str());
  return exit_ok;
}

}  // namespace oc::app
