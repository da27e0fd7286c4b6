// Lane selection: green (release), yellow (document check), red (physical inspection) or blue
// (post-clearance audit) for one declaration, in the order the issue fixes:
//
//   1. fired rules first — a rule with lane shares selects by a draw against its split
//      (red 50%, yellow 50%); the most severe lane any rule selects wins (red > yellow > blue);
//   2. then the risk score ranking — score = model probability + the weights of fired score rules,
//      clamped to [0, 1]; its rank is the share of the office's recent scores at or above it
//      (a sliding window, so the share selected follows the office's capacity as the score
//      distribution moves); red when rank < red share × grade factor, else yellow within the
//      next yellow share, else blue within the blue share;
//   3. then the random top-up — a declaration still green is sent to red with the office's random
//      share × grade factor (ASYCUDA-style random selection keeps labels unbiased for learning).
// Whitelisted parties skip 2 and 3 (rules still apply). Draws are deterministic: a hash of the
// seed, the declaration id and what is drawn for, so a decision can be replayed and audited.
//
// Thread safety: select() may be called from many threads; the score windows are per office and
// guarded by a mutex each.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "declaration/event.h"
#include "risk/credit_grade.h"
#include "risk/lane_policy.h"
#include "risk/rule_matcher.h"

namespace oc {

// Scores kept per office for ranking; below the minimum the rank falls back to 1 − score.
inline constexpr std::size_t score_window_size = 4'096;
inline constexpr std::size_t score_window_minimum = 200;

class ScoreWindow {
 public:
  // The share of the window's scores at or above `score` (0 = above all of them).
  double rank_of(double score) const;
  void add(double score);
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::vector<double> ring_;    // insertion order
  std::vector<double> sorted_;  // the same scores, ascending
  std::size_t next_ = 0;
};

enum class LaneReason { rule, score, random, none };
std::string_view to_string(LaneReason reason);

struct LaneInputs {
  std::string_view declaration_id;
  std::string_view office;
  CreditStanding credit;
  const std::vector<FiredRule>& fired;
  std::optional<double> model_probability;  // nullopt: no model loaded
};

struct LaneDecision {
  Lane lane = Lane::green;
  LaneReason reason = LaneReason::none;
  double score = 0;                  // model probability + rule weights, clamped to [0, 1]
  double rank = 1;                   // share of the office's recent scores at or above this score
  std::vector<std::string> rules;    // ids of every fired rule, in rule-file order
  std::vector<std::string> reasons;  // why, in words
};

class LaneSelector {
 public:
  LaneSelector(LanePolicies policies, std::uint64_t seed)
      : policies_(std::move(policies)), seed_(seed) {}

  LaneDecision select(const LaneInputs& inputs);

  const LanePolicies& policies() const { return policies_; }

 private:
  ScoreWindow& window(std::string_view office);
  // Uniform in [0, 10000): basis points.
  std::int32_t draw(std::string_view declaration_id, std::string_view what) const;

  LanePolicies policies_;
  std::uint64_t seed_;
  std::shared_mutex windows_mutex_;
  std::unordered_map<std::string, std::unique_ptr<ScoreWindow>> windows_;
};

}  // namespace oc
