// AuditChainCheck: walks an audit log in stored sequence order and names what broke its hash
// chain. Storage-neutral (the SQLite store feeds it rows; another store can do the same).
//
// What it reports, one line per problem, in sequence order:
//   "audit entry 5 missing (deleted)"                       a gap in the sequence numbers
//   "audit entry 7: sha256 does not match its content (edited)"
//   "audit entry 8: previous_sha256 does not match the sha256 of entry 7 (edited)"
//                                   entry 7 replaced by one with a recomputed hash (or 8 re-linked)
//   "audit entry 5 is not part of the chain: entry 6 links to entry 4 (inserted)"
//   "audit entry 5 was inserted: entries 6 to 11 were written as 5 to 10 (inserted)"
//   "audit entry 5 was deleted: entries 5 to 9 were written as 6 to 10 (deleted)"
//   "audit entries 5 and 6 are in each other's place (reordered)"
// An entry whose hash does not verify at its own sequence is tried at the sequences up to
// `displacement_max` before and after it, so a moved entry is told from an edited one. A move
// further than that reads as an edit plus broken links: still detected, less precisely named.
// A cut-off tail leaves a valid shorter chain; only a head recorded elsewhere shows it.
//
// Thread safety: none; one check per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/store.h"

namespace oc {

// previous_sha256 of the first entry.
inline constexpr std::string_view audit_first_previous_sha256 =
    "0000000000000000000000000000000000000000000000000000000000000000";

class AuditChainCheck {
 public:
  static constexpr std::int64_t displacement_max = 16;

  // After `problems_max` problems, one more line counts the rest.
  explicit AuditChainCheck(std::size_t problems_max) : problems_max_(problems_max) {}

  // REQUIRES: entries come in strictly ascending `sequence` order.
  void add(const AuditEntry& entry);
  AuditReport finish();

 private:
  struct Run {  // consecutive entries that verify at sequence + displacement, not at their own
    std::int64_t first = 0;
    std::int64_t last = 0;
    std::int64_t displacement = 0;
  };
  struct LinkRun {  // consecutive entries whose previous_sha256 breaks the chain
    std::int64_t first = 0;
    std::int64_t last = 0;
  };

  std::optional<std::int64_t> written_as(const AuditEntry& entry) const;
  void problem(std::int64_t sequence, std::string text);
  void note_moved(std::int64_t sequence, std::int64_t displacement);
  void note_broken_link(std::int64_t sequence);
  void flush_link_run();

  std::size_t problems_max_;
  std::size_t entries_ = 0;
  std::size_t omitted_ = 0;
  std::vector<std::pair<std::int64_t, std::string>> problems_;  // (sequence, text)
  std::vector<Run> moved_;
  std::optional<LinkRun> link_run_;

  std::int64_t expected_ = 1;  // the sequence the next entry should have
  // Stored sha256 of the entry before (expected_ - 1), "" after a gap; and of the one before it.
  std::string previous_sha256_{audit_first_previous_sha256};
  std::string before_previous_sha256_;
  bool previous_moved_ = false;  // the entry before sits elsewhere than it was written
  std::string head_sha256_;
};

}  // namespace oc
