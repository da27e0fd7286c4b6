// Ranking metrics of the learned risk model: how much fraud an inspection capacity catches when
// declarations are inspected in descending order of score.
//
// AUC is the Mann-Whitney statistic: the probability that a random fraud scores above a random
// non-fraud, ties counting one half (average ranks). Precision and recall at p% take the top
// k = max(1, floor(n * p / 100)) declarations; when the declarations at the cut-off tie on score,
// each tied declaration counts in proportion to the share of the tie that fits (the expected value
// over the tie's orders), so the figures do not depend on input order.
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace oc::risk_model {

// The shares of the ranked declarations reported by `risk eval`, in percent.
inline constexpr double inspected_percents[] = {1, 2, 5, 10};

struct RankingMetrics {
  double auc = 0;                    // NaN when the labels are all equal
  std::vector<double> precision_at;  // one per inspected_percents
  std::vector<double> recall_at;     // one per inspected_percents; NaN when there is no fraud
  std::size_t declarations = 0;
  std::size_t frauds = 0;
};

// REQUIRES: scores.size() == labels.size(); no NaN score.
double area_under_roc(const std::vector<double>& scores, const std::vector<bool>& labels);

// Precision and recall among the top `percent`% (see above). REQUIRES: as above, 0 < percent <=
// 100.
struct AtCapacity {
  double precision = 0;
  double recall = 0;
};
AtCapacity at_capacity(const std::vector<double>& scores, const std::vector<bool>& labels,
                       double percent);

RankingMetrics ranking_metrics(const std::vector<double>& scores, const std::vector<bool>& labels);

// {"precision_at":{"1":0.9000,...},"recall_at":{...},"auc":0.9512}: the `risk eval` contract,
// four decimals; NaN prints as null.
std::string metrics_json(const RankingMetrics& metrics);

}  // namespace oc::risk_model
