// audit_entry_hash: the canonical bytes of an audit entry and their SHA-256 (encoding in store.h).
#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/sha256.h"
#include "store/store.h"

namespace oc {
namespace {

constexpr std::string_view kTag = "opencustoms-audit-v1\n";

void append_netstring(std::string& out, std::string_view bytes) {
  fmt::format_to(std::back_inserter(out), "{}:", bytes.size());
  out.append(bytes);
  out.push_back(',');
}

void append_netstring(std::string& out, std::int64_t number) {
  append_netstring(out, fmt::format("{}", number));
}

}  // namespace

std::string audit_entry_hash(const AuditEntry& entry) {
  std::string bytes;
  bytes.reserve(kTag.size() + 128 + entry.previous_sha256.size() + entry.actor.size() +
                entry.role.size() + entry.action.size() + entry.target.size() +
                entry.detail_json.size());
  bytes.append(kTag);
  append_netstring(bytes, entry.previous_sha256);
  append_netstring(bytes, entry.sequence);
  append_netstring(bytes, static_cast<std::int64_t>(entry.at.time_since_epoch().count()));
  append_netstring(bytes, entry.actor);
  append_netstring(bytes, entry.role);
  append_netstring(bytes, entry.action);
  append_netstring(bytes, entry.target);
  append_netstring(bytes, static_cast<std::int64_t>(entry.status));
  append_netstring(bytes, entry.detail_json);
  return sha256_hex(bytes);
}

}  // namespace oc
