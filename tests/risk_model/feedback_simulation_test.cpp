// The feedback-loop replay on a small slice of 2020: every policy inspects the same number per
// week, counts add up, the model beats random, and a seed gives the same answer.
#include <gtest/gtest.h>

#include "risk/model/feedback_simulation.h"
#include "risk_model/risk_model_test_support.h"

namespace oc::risk_model {
namespace {

TEST(FeedbackSimulation, PoliciesShareTheCapacityAndTheModelBeatsRandom) {
  std::vector<KcsDeclaration> history;
  std::vector<KcsDeclaration> stream;
  for (const KcsDeclaration& row : testing::kcs_train()) {
    if (row.date.month <= 4) history.push_back(row);
    if (row.date.month == 5) stream.push_back(row);
  }
  SimulationOptions options;
  options.capacity_percent = 10;
  options.retrain_weeks = 2;
  options.parameters.rounds = 10;
  options.parameters.threads = 1;  // small trainings: OpenMP start-up would dominate
  auto outcomes = simulate_feedback(history, stream, options, nullptr);
  ASSERT_TRUE(outcomes.ok()) << outcomes.error().message;
  ASSERT_EQ(outcomes->size(), 4u);
  std::size_t stream_frauds = 0;
  for (const KcsDeclaration& row : stream) stream_frauds += row.fraud;
  for (const PolicyOutcome& outcome : *outcomes) {
    SCOPED_TRACE(to_string(outcome.policy));
    EXPECT_EQ(outcome.inspected, (*outcomes)[0].inspected);
    EXPECT_EQ(outcome.frauds, stream_frauds);
    EXPECT_LE(outcome.frauds_found, outcome.inspected);
    EXPECT_EQ(outcome.weekly_hit_rate.size(), outcome.weeks);
    EXPECT_EQ(outcome.weeks, 5u);  // May 2020: parts of five Monday weeks
  }
  EXPECT_NEAR(static_cast<double>((*outcomes)[0].inspected), stream.size() * 0.10, 5);
  EXPECT_EQ((*outcomes)[0].retrainings, 0u);  // random never uses a model
  EXPECT_EQ((*outcomes)[1].retrainings, 2u);  // after weeks 2 and 4 (not after the last)
  EXPECT_GT((*outcomes)[1].hit_rate(), (*outcomes)[0].hit_rate() + 0.2);

  auto again = simulate_feedback(history, stream, options, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(simulation_json(options, *again), simulation_json(options, *outcomes));
}

TEST(FeedbackSimulation, RefusesAStreamInsideTheHistoryAndBadOptions) {
  std::vector<KcsDeclaration> history(testing::kcs_train().begin(),
                                      testing::kcs_train().begin() + 3000);
  SimulationOptions options;
  options.parameters.rounds = 2;
  options.parameters.threads = 1;
  auto inside = simulate_feedback(history, history, options, nullptr);
  ASSERT_FALSE(inside.ok());
  EXPECT_EQ(inside.error().code, "risk_model.time_order");
  options.capacity_percent = 0;
  auto no_capacity = simulate_feedback(history, testing::kcs_valid(), options, nullptr);
  ASSERT_FALSE(no_capacity.ok());
  EXPECT_EQ(no_capacity.error().code, "risk_model.simulation");
}

}  // namespace
}  // namespace oc::risk_model
