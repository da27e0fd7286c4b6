// Ranking metrics on cases small enough to compute by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "risk/model/metrics.h"

namespace oc::risk_model {
namespace {

TEST(Metrics, AucWithoutTies) {
  // Positives 0.9 and 0.4; negatives 0.8, 0.3, 0.1. Pairs won: 0.9 beats 3, 0.4 beats 2 -> 5/6.
  EXPECT_DOUBLE_EQ(area_under_roc({0.9, 0.8, 0.4, 0.3, 0.1}, {true, false, true, false, false}),
                   5.0 / 6.0);
  EXPECT_DOUBLE_EQ(area_under_roc({0.1, 0.2}, {false, true}), 1.0);
  EXPECT_DOUBLE_EQ(area_under_roc({0.1, 0.2}, {true, false}), 0.0);
}

TEST(Metrics, AucTiesCountOneHalf) {
  // Positive 0.5 ties negative 0.5 (1/2) and beats 0.2 (1); positive 0.7 beats both (2) -> 3.5/4.
  EXPECT_DOUBLE_EQ(area_under_roc({0.7, 0.5, 0.5, 0.2}, {true, true, false, false}), 3.5 / 4.0);
  // Everything tied: one half.
  EXPECT_DOUBLE_EQ(area_under_roc({1, 1, 1, 1}, {true, false, true, false}), 0.5);
  // Order of the input does not matter.
  EXPECT_DOUBLE_EQ(area_under_roc({0.2, 0.5, 0.7, 0.5}, {false, false, true, true}), 3.5 / 4.0);
}

TEST(Metrics, AucIsUndefinedWithOneClass) {
  EXPECT_TRUE(std::isnan(area_under_roc({0.1, 0.2}, {true, true})));
  EXPECT_TRUE(std::isnan(area_under_roc({}, {})));
}

TEST(Metrics, PrecisionAndRecallAtTheTop) {
  // 20 declarations, frauds at ranks 1, 2, 4 (scores descending 20..1), 5 frauds in all.
  std::vector<double> scores;
  std::vector<bool> labels;
  for (int i = 0; i < 20; ++i) {
    scores.push_back(20 - i);
    labels.push_back(i == 0 || i == 1 || i == 3 || i == 10 || i == 19);
  }
  AtCapacity at10 = at_capacity(scores, labels, 10);  // k = 2: both frauds
  EXPECT_DOUBLE_EQ(at10.precision, 1.0);
  EXPECT_DOUBLE_EQ(at10.recall, 2.0 / 5.0);
  AtCapacity at20 = at_capacity(scores, labels, 20);  // k = 4: three frauds
  EXPECT_DOUBLE_EQ(at20.precision, 3.0 / 4.0);
  EXPECT_DOUBLE_EQ(at20.recall, 3.0 / 5.0);
  AtCapacity at1 = at_capacity(scores, labels, 1);  // floor(0.2) = 0 -> at least one
  EXPECT_DOUBLE_EQ(at1.precision, 1.0);
  EXPECT_DOUBLE_EQ(at1.recall, 1.0 / 5.0);
  AtCapacity all = at_capacity(scores, labels, 100);
  EXPECT_DOUBLE_EQ(all.precision, 5.0 / 20.0);
  EXPECT_DOUBLE_EQ(all.recall, 1.0);
}

TEST(Metrics, TiesAtTheCutOffCountInProportion) {
  // k = 2 of 4: the first is certain (a fraud); the next three tie, one of them a fraud, and one
  // of the three fits: 1/3 expected fraud.
  std::vector<double> scores = {0.9, 0.5, 0.5, 0.5};
  std::vector<bool> labels = {true, false, true, false};
  AtCapacity at = at_capacity(scores, labels, 50);
  EXPECT_DOUBLE_EQ(at.precision, (1.0 + 1.0 / 3.0) / 2.0);
  EXPECT_DOUBLE_EQ(at.recall, (1.0 + 1.0 / 3.0) / 2.0);
  // The same with the tie's members in another order.
  AtCapacity reordered = at_capacity({0.5, 0.5, 0.9, 0.5}, {true, false, true, false}, 50);
  EXPECT_DOUBLE_EQ(reordered.precision, at.precision);
}

TEST(Metrics, EvalJsonHasTheContractShape) {
  std::vector<double> scores;
  std::vector<bool> labels;
  for (int i = 0; i < 100; ++i) {
    scores.push_back(100 - i);
    labels.push_back(i % 4 == 0);  // ranks 1, 5, 9, ... : 25 frauds
  }
  RankingMetrics metrics = ranking_metrics(scores, labels);
  EXPECT_EQ(metrics.frauds, 25u);
  // top 1: {0} -> 1; top 2: {0,1} -> .5; top 5: {0,4} -> .4; top 10: {0,4,8} -> .3
  EXPECT_EQ(metrics_json(metrics),
            "{\"precision_at\":{\"1\":1.0000,\"2\":0.5000,\"5\":0.4000,\"10\":0.3000},"
            "\"recall_at\":{\"1\":0.0400,\"2\":0.0400,\"5\":0.0800,\"10\":0.1200},"
            "\"auc\":0.5200}");
}

}  // namespace
}  // namespace oc::risk_model
