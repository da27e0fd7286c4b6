#include "risk/lane_selection.h"

#include <fmt/format.h>
#include <algorithm>

namespace oc {
namespace {

int severity(Lane lane) {
  switch (lane) {
    case Lane::red:
      return 3;
    case Lane::yellow:
      return 2;
    case Lane::blue:
      return 1;
    case Lane::green:
      return 0;
  }
  return 0;
}

std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t fnv1a(std::string_view text, std::uint64_t hash) {
  for (unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

double to_double(const Decimal& value) {
  double scale = 1;
  for (int i = 0; i < value.scale(); ++i) scale *= 10;
  return static_cast<double>(value.units()) / scale;
}

// share × factor% in basis points, capped at 100%.
std::int64_t scaled(std::int32_t share_bp, std::int32_t factor_percent) {
  return std::min<std::int64_t>(10'000, std::int64_t{share_bp} * factor_percent / 100);
}

}  // namespace

double ScoreWindow::rank_of(double score) const {
  std::lock_guard lock(mutex_);
  if (sorted_.size() < score_window_minimum) return 1.0 - score;
  auto first_at_or_above = std::lower_bound(sorted_.begin(), sorted_.end(), score);
  return static_cast<double>(sorted_.end() - first_at_or_above) /
         static_cast<double>(sorted_.size());
}

void ScoreWindow::add(double score) {
  std::lock_guard lock(mutex_);
  if (ring_.size() < score_window_size) {
    ring_.push_back(score);
  } else {
    double oldest = ring_[next_];
    ring_[next_] = score;
    next_ = (next_ + 1) % score_window_size;
    sorted_.erase(std::lower_bound(sorted_.begin(), sorted_.end(), oldest));
  }
  sorted_.insert(std::upper_bound(sorted_.begin(), sorted_.end(), score), score);
}

std::size_t ScoreWindow::size() const {
  std::lock_guard lock(mutex_);
  return sorted_.size();
}

std::string_view to_string(LaneReason reason) {
  switch (reason) {
    case LaneReason::rule:
      return "rule";
    case LaneReason::score:
      return "score";
    case LaneReason::random:
      return "random";
    case LaneReason::none:
      return "none";
  }
  return "none";
}

std::int32_t LaneSelector::draw(std::string_view declaration_id, std::string_view what) const {
  std::uint64_t hash = fnv1a(what, fnv1a(declaration_id, 0xcbf29ce484222325ULL ^ mix(seed_)));
  return static_cast<std::int32_t>(mix(hash) % 10'000);
}

ScoreWindow& LaneSelector::window(std::string_view office) {
  {
    std::shared_lock lock(windows_mutex_);
    auto found = windows_.find(std::string(office));
    if (found != windows_.end()) return *found->second;
  }
  std::unique_lock lock(windows_mutex_);
  auto& slot = windows_[std::string(office)];
  if (!slot) slot = std::make_unique<ScoreWindow>();
  return *slot;
}

LaneDecision LaneSelector::select(const LaneInputs& inputs) {
  const LanePolicy& policy = policies_.for_office(inputs.office);
  const std::int32_t factor =
      policy.grade_factor_percent[static_cast<std::size_t>(inputs.credit.grade)];
  LaneDecision decision;

  // 1. Rules.
  double weights = 0;
  for (const FiredRule& fired : inputs.fired) {
    decision.rules.emplace_back(fired.id());
    const RuleAction& action = fired.action();
    if (action.kind == RuleAction::Kind::score) {
      weights += to_double(action.weight);
      decision.reasons.push_back(
          fmt::format("rule {} ({}): {}", fired.id(), to_string(action), fired.rule->name));
      continue;
    }
    std::int32_t u = draw(inputs.declaration_id, fired.id());
    std::int64_t cumulative = 0;
    for (const LaneShare& share : action.shares) {
      auto bp = share.percent.rescale(2, Rounding::half_up);
      cumulative += bp ? bp->units() : 0;
      if (u < cumulative) {
        decision.reasons.push_back(fmt::format("rule {} ({}) selected {}: {}", fired.id(),
                                               to_string(action), to_string(share.lane),
                                               fired.rule->name));
        if (severity(share.lane) > severity(decision.lane)) {
          decision.lane = share.lane;
          decision.reason = LaneReason::rule;
        }
        break;
      }
    }
  }

  // 2. Score ranking.
  decision.score = std::clamp(inputs.model_probability.value_or(0.0) + weights, 0.0, 1.0);
  ScoreWindow& scores = window(inputs.office);
  decision.rank = scores.rank_of(decision.score);
  scores.add(decision.score);
  if (inputs.credit.whitelisted) {
    if (decision.reason == LaneReason::none) decision.reasons.push_back("whitelisted party");
    return decision;
  }
  if (decision.reason == LaneReason::none && (inputs.model_probability || weights != 0)) {
    const double rank_bp = decision.rank * 10'000;
    const std::int64_t red = scaled(policy.red_bp, factor);
    const std::int64_t yellow = red + scaled(policy.yellow_bp, factor);
    const std::int64_t blue = yellow + scaled(policy.blue_bp, factor);
    Lane lane = rank_bp < static_cast<double>(red)      ? Lane::red
                : rank_bp < static_cast<double>(yellow) ? Lane::yellow
                : rank_bp < static_cast<double>(blue)   ? Lane::blue
                                                        : Lane::green;
    if (lane != Lane::green) {
      decision.lane = lane;
      decision.reason = LaneReason::score;
      decision.reasons.push_back(fmt::format(
          "risk score {:.4f} ranks in the top {:.2f}% of office {}'s recent declarations ({} "
          "grade)",
          decision.score, decision.rank * 100, inputs.office, to_string(inputs.credit.grade)));
    }
  }

  // 3. Random top-up.
  if (decision.lane == Lane::green &&
      draw(inputs.declaration_id, "random") < scaled(policy.random_bp, factor)) {
    decision.lane = Lane::red;
    decision.reason = LaneReason::random;
    decision.reasons.push_back(
        fmt::format("random selection ({:.2f}% of office {}, {} grade)",
                    static_cast<double>(scaled(policy.random_bp, factor)) / 100, inputs.office,
                    to_string(inputs.credit.grade)));
  }
  if (decision.reasons.empty())
    decision.reasons.push_back("no rule fired; score below the office's selection");
  return decision;
}

}  // namespace oc
