// AuditChainCheck: what broke an audit log's hash chain, named per entry.
#include "store/audit_chain.h"

#include <fmt/format.h>

#include <algorithm>

namespace oc {

std::optional<std::int64_t> AuditChainCheck::written_as(const AuditEntry& entry) const {
  if (audit_entry_hash(entry) == entry.sha256) return entry.sequence;
  // Searching costs up to 2 * displacement_max hashes; not worth it once the list is full.
  if (problems_.size() >= problems_max_) return std::nullopt;
  AuditEntry probe = entry;
  for (std::int64_t distance = 1; distance <= displacement_max; ++distance) {
    for (const std::int64_t sequence : {entry.sequence - distance, entry.sequence + distance}) {
      if (sequence < 1) continue;
      probe.sequence = sequence;
      if (audit_entry_hash(probe) == entry.sha256) return sequence;
    }
  }
  return std::nullopt;
}

void AuditChainCheck::problem(std::int64_t sequence, std::string text) {
  if (problems_.size() < problems_max_) {
    problems_.emplace_back(sequence, std::move(text));
  } else {
    ++omitted_;
  }
}

void AuditChainCheck::note_moved(std::int64_t sequence, std::int64_t displacement) {
  if (!moved_.empty() && moved_.back().last == sequence - 1 &&
      moved_.back().displacement == displacement) {
    moved_.back().last = sequence;
  } else if (moved_.size() < problems_max_) {
    moved_.push_back(Run{sequence, sequence, displacement});
  } else {
    ++omitted_;
  }
}

void AuditChainCheck::note_broken_link(std::int64_t sequence) {
  if (link_run_ && link_run_->last == sequence - 1) {
    link_run_->last = sequence;
  } else {
    flush_link_run();
    link_run_ = LinkRun{sequence, sequence};
  }
}

void AuditChainCheck::flush_link_run() {
  if (!link_run_) return;
  const LinkRun run = *link_run_;
  link_run_.reset();
  if (run.first == run.last) {
    problem(run.first,
            fmt::format("audit entry {}: previous_sha256 does not match the sha256 of entry {} "
                        "(edited)",
                        run.first, run.first - 1));
  } else {
    problem(run.first,
            fmt::format("audit entries {} to {}: previous_sha256 does not match the sha256 of the "
                        "entry before (edited)",
                        run.first, run.last));
  }
}

void AuditChainCheck::add(const AuditEntry& entry) {
  ++entries_;
  head_sha256_ = entry.sha256;
  const std::int64_t sequence = entry.sequence;
  bool link_explained = false;
  if (sequence > expected_) {
    if (sequence - 1 == expected_) {
      problem(expected_, fmt::format("audit entry {} missing (deleted)", expected_));
    } else {
      problem(expected_,
              fmt::format("audit entries {} to {} missing (deleted)", expected_, sequence - 1));
    }
    link_explained = true;  // it links to a missing entry
    previous_sha256_.clear();
    previous_moved_ = false;
  }

  bool moved = false;
  bool broken_link = false;
  const std::optional<std::int64_t> written = written_as(entry);
  if (!written) {
    problem(sequence,
            fmt::format("audit entry {}: sha256 does not match its content (edited)", sequence));
  } else if (*written != sequence) {
    moved = true;
    note_moved(sequence, *written - sequence);
  } else if (!link_explained && !previous_moved_ && entry.previous_sha256 != previous_sha256_) {
    if (sequence == 1) {
      problem(1, "audit entry 1: previous_sha256 is not 64 zeros (edited)");
    } else if (!before_previous_sha256_.empty() &&
               entry.previous_sha256 == before_previous_sha256_) {
      problem(sequence - 1,
              sequence == 2
                  ? std::string("audit entry 1 is not part of the chain: entry 2 links to the "
                                "start (inserted)")
                  : fmt::format("audit entry {} is not part of the chain: entry {} links to "
                                "entry {} (inserted)",
                                sequence - 1, sequence, sequence - 2));
    } else {
      broken_link = true;
      note_broken_link(sequence);
    }
  }
  if (!broken_link) flush_link_run();

  before_previous_sha256_ = previous_sha256_;
  previous_sha256_ = entry.sha256;
  previous_moved_ = moved;
  expected_ = sequence + 1;
}

AuditReport AuditChainCheck::finish() {
  flush_link_run();
  // A block written at a and found at b, beside a block of the same length written at b and
  // found at a, is one swap; any other moved block says entries were inserted or deleted
  // before it and the rest renumbered.
  std::vector<bool> paired(moved_.size(), false);
  for (std::size_t i = 0; i < moved_.size(); ++i) {
    const Run& run = moved_[i];
    if (paired[i] || run.displacement < 0) continue;
    const std::int64_t length = run.last - run.first;
    for (std::size_t j = i + 1; j < moved_.size(); ++j) {
      const Run& other = moved_[j];
      if (paired[j] || other.first != run.first + run.displacement ||
          other.displacement != -run.displacement || other.last - other.first != length) {
        continue;
      }
      paired[i] = paired[j] = true;
      if (length == 0) {
        problem(run.first,
                fmt::format("audit entries {} and {} are in each other's place (reordered)",
                            run.first, other.first));
      } else {
        problem(run.first, fmt::format("audit entries {} to {} and {} to {} are in each other's "
                                       "place (reordered)",
                                       run.first, run.last, other.first, other.last));
      }
      break;
    }
  }
  for (std::size_t i = 0; i < moved_.size(); ++i) {
    if (paired[i]) continue;
    const Run& run = moved_[i];
    const std::string where =
        run.first == run.last
            ? fmt::format("entry {} was written as {}", run.first, run.first + run.displacement)
            : fmt::format("entries {} to {} were written as {} to {}", run.first, run.last,
                          run.first + run.displacement, run.last + run.displacement);
    if (run.displacement < 0) {
      const std::int64_t first_inserted = run.first + run.displacement;
      const std::string inserted =
          run.displacement == -1
              ? fmt::format("audit entry {} was inserted", first_inserted)
              : fmt::format("audit entries {} to {} were inserted", first_inserted, run.first - 1);
      problem(first_inserted, fmt::format("{}: {} (inserted)", inserted, where));
    } else {
      const std::string deleted = run.displacement == 1
                                      ? fmt::format("audit entry {} was deleted", run.first)
                                      : fmt::format("audit entries {} to {} were deleted",
                                                    run.first, run.first + run.displacement - 1);
      problem(run.first, fmt::format("{}: {} (deleted)", deleted, where));
    }
  }
  moved_.clear();

  std::stable_sort(problems_.begin(), problems_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  AuditReport report;
  report.entries = entries_;
  report.head_sha256 = head_sha256_;
  for (auto& [sequence, text] : problems_) {
    if (report.problems.size() < problems_max_) {
      report.problems.push_back(std::move(text));
    } else {
      ++omitted_;
    }
  }
  if (omitted_ > 0) report.problems.push_back(fmt::format("... and {} more problems", omitted_));
  problems_.clear();
  return report;
}

}  // namespace oc
