// AUC by average ranks; precision and recall at a capacity with ties at the cut-off shared out.
#include "risk/model/metrics.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <string>

namespace oc::risk_model {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Indexes ordered by descending score (ties in input order; callers treat ties as a block).
std::vector<std::size_t> by_descending_score(const std::vector<double>& scores) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  return order;
}

void append_number(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "null";
    return;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.4f", value);
  out += text;
}

}  // namespace

double area_under_roc(const std::vector<double>& scores, const std::vector<bool>& labels) {
  assert(scores.size() == labels.size());
  std::vector<std::size_t> order = by_descending_score(scores);
  std::reverse(order.begin(), order.end());  // ascending
  double positives = 0;
  double rank_sum = 0;  // of the positives, 1-based average ranks
  std::size_t i = 0;
  while (i < order.size()) {
    std::size_t j = i;
    double tie_positives = 0;
    while (j < order.size() && scores[order[j]] == scores[order[i]]) {
      tie_positives += labels[order[j]] ? 1 : 0;
      ++j;
    }
    double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    rank_sum += tie_positives * average_rank;
    positives += tie_positives;
    i = j;
  }
  double negatives = static_cast<double>(scores.size()) - positives;
  if (positives == 0 || negatives == 0) return kNaN;
  return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

AtCapacity at_capacity(const std::vector<double>& scores, const std::vector<bool>& labels,
                       double percent) {
  assert(scores.size() == labels.size() && percent > 0 && percent <= 100);
  AtCapacity result;
  std::size_t n = scores.size();
  if (n == 0) return {kNaN, kNaN};
  std::size_t k = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::floor(static_cast<double>(n) * percent / 100 + 1e-9)));
  k = std::min(k, n);
  std::vector<std::size_t> order = by_descending_score(scores);
  double caught = 0;  // expected frauds among the k inspected
  std::size_t taken = 0;
  std::size_t i = 0;
  while (taken < k) {
    std::size_t j = i;
    double tie_frauds = 0;
    while (j < n && scores[order[j]] == scores[order[i]]) {
      tie_frauds += labels[order[j]] ? 1 : 0;
      ++j;
    }
    std::size_t tie_size = j - i;
    std::size_t fits = std::min(tie_size, k - taken);
    caught += tie_frauds * static_cast<double>(fits) / static_cast<double>(tie_size);
    taken += fits;
    i = j;
  }
  double frauds = static_cast<double>(std::count(labels.begin(), labels.end(), true));
  result.precision = caught / static_cast<double>(k);
  result.recall = frauds > 0 ? caught / frauds : kNaN;
  return result;
}

RankingMetrics ranking_metrics(const std::vector<double>& scores, const std::vector<bool>& labels) {
  RankingMetrics metrics;
  metrics.declarations = scores.size();
  metrics.frauds = static_cast<std::size_t>(std::count(labels.begin(), labels.end(), true));
  metrics.auc = area_under_roc(scores, labels);
  for (double percent : inspected_percents) {
    AtCapacity at = at_capacity(scores, labels, percent);
    metrics.precision_at.push_back(at.precision);
    metrics.recall_at.push_back(at.recall);
  }
  return metrics;
}

std::string metrics_json(const RankingMetrics& metrics) {
  std::string out = "{\"precision_at\":{";
  auto block = [&](const std::vector<double>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out += ',';
      char key[16];
      std::snprintf(key, sizeof key, "\"%g\":", inspected_percents[i]);
      out += key;
      append_number(out, values[i]);
    }
  };
  block(metrics.precision_at);
  out += "},\"recall_at\":{";
  block(metrics.recall_at);
  out += "},\"auc\":";
  append_number(out, metrics.auc);
  out += '}';
  return out;
}

}  // namespace oc::risk_model
