// The special customs supervision areas the platform keeps goods accounts for: each zone's id,
// name, supervising customs office (officers of that office see its accounts) and whether it is
// in the Hainan free trade port (second-line exits then take the value-added rule).
// data/zones/zones.csv: zone,name,office,hainan   (hainan: yes/no)
// Immutable once parsed; share freely between threads.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace oc {

inline constexpr std::size_t zones_max = 10'000;

struct ZoneInfo {
  std::string zone;
  std::string name;
  std::string office;
  bool hainan = false;
};

class ZoneRegistry {
 public:
  ZoneRegistry() = default;
  // Errors: zones.bad_row (file:line:column), zones.duplicate, csv.*.
  static Result<ZoneRegistry> parse(std::string_view content, std::string file_name);

  const ZoneInfo* find(std::string_view zone) const;
  std::size_t size() const { return zones_.size(); }

 private:
  std::unordered_map<std::string, ZoneInfo> zones_;
};

}  // namespace oc
