#include "zones/zone_registry.h"

#include "core/codes.h"
#include "core/csv.h"

namespace oc {

Result<ZoneRegistry> ZoneRegistry::parse(std::string_view content, std::string file_name) {
  auto reader = CsvReader::open(content, file_name);
  if (!reader) return std::move(reader).error();
  std::size_t columns[4];
  const char* names[] = {"zone", "name", "office", "hainan"};
  for (std::size_t i = 0; i < 4; ++i) {
    auto index = reader->column(names[i]);
    if (!index) return std::move(index).error();
    columns[i] = *index;
  }
  ZoneRegistry registry;
  while (true) {
    auto more = reader->next();
    if (!more) return std::move(more).error();
    if (!*more) break;
    const auto& fields = reader->record().fields;
    auto where = [&](std::size_t column) {
      return reader->where(reader->record().line) + ":" + std::to_string(column + 1);
    };
    ZoneInfo info{std::string(fields[columns[0]]), std::string(fields[columns[1]]),
                  std::string(fields[columns[2]]), fields[columns[3]] == "yes"};
    if (info.zone.empty() || info.zone.size() > 64) {
      return make_error("zones.bad_row", where(columns[0]), "a zone id of 1 to 64 characters");
    }
    if (!is_office_syntax(info.office)) {
      return make_error("zones.bad_row", where(columns[2]), "a 4-digit customs office code");
    }
    if (fields[columns[3]] != "yes" && fields[columns[3]] != "no") {
      return make_error("zones.bad_row", where(columns[3]), "hainan must be yes or no");
    }
    if (registry.zones_.size() == zones_max) {
      return make_error("zones.bad_row", where(columns[0]), "too many zones");
    }
    std::string zone = info.zone;
    if (!registry.zones_.emplace(zone, std::move(info)).second) {
      return make_error("zones.duplicate", where(columns[0]), "zone " + zone + " appears twice");
    }
  }
  return registry;
}

const ZoneInfo* ZoneRegistry::find(std::string_view zone) const {
  auto found = zones_.find(std::string(zone));
  return found == zones_.end() ? nullptr : &found->second;
}

}  // namespace oc
