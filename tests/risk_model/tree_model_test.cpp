// The native scorer: hand-scored trees, XGBoost's own predictions on every row of the validation
// file (within 1e-6), Saabas contributions, deterministic training, and bad model JSON.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "risk/model/tree_model.h"
#include "risk/model/xgboost_trainer.h"
#include "risk_model/risk_model_test_support.h"
#include "risk_model/tiny_model.h"

namespace oc::risk_model {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

float sigmoid(float margin) {
  return 1.0f / (1.0f + std::exp(-margin));
}

TEST(TreeModel, ScoresTheHandWrittenTreesByHand) {
  auto model = TreeModel::from_json(testing::kTinyXgboostModel);
  ASSERT_TRUE(model.ok()) << model.error().path << " " << model.error().message;
  EXPECT_EQ(model->tree_count(), 2u);
  EXPECT_EQ(model->node_count(), 6u);
  EXPECT_EQ(model->feature_names(), (std::vector<std::string>{"price", "mass"}));
  struct Case {
    float f0, f1, margin;
  };
  const Case cases[] = {
      {5, kNaN, -0.3f},   // left: -0.4 + 0.1
      {kNaN, 1, -0.3f},   // missing f0 goes left (default_left)
      {20, 0.25f, 0.3f},  // right, then 0.25 < 0.5: 0.2 + 0.1
      {20, kNaN, 0.7f},   // missing f1 goes right: 0.6 + 0.1
      {10, 0.5f, 0.7f},   // equal to the threshold is not less: right, right
      {-std::numeric_limits<float>::infinity(), 0, -0.3f},
  };
  for (const Case& c : cases) {
    float row[2] = {c.f0, c.f1};
    EXPECT_FLOAT_EQ(model->predict_margin(row), c.margin) << c.f0 << " " << c.f1;
    EXPECT_FLOAT_EQ(model->predict(row), sigmoid(c.margin));
  }
  // XGBoost itself agrees on the same file.
  auto xgboost = XgboostPredictor::from_json(testing::kTinyXgboostModel, 1);
  ASSERT_TRUE(xgboost.ok()) << xgboost.error().message;
  std::vector<float> rows;
  for (const Case& c : cases) rows.insert(rows.end(), {c.f0, c.f1});
  auto expected = xgboost->predict_dense(rows.data(), std::size(cases), 2);
  ASSERT_TRUE(expected.ok()) << expected.error().message;
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    EXPECT_FLOAT_EQ((*expected)[i], model->predict(rows.data() + 2 * i)) << i;
  }
}

TEST(TreeModel, ContributionsFollowThePathByHand) {
  auto model = TreeModel::from_json(testing::kTinyXgboostModel);
  ASSERT_TRUE(model.ok());
  float row[2] = {20, 0.25f};
  TreeModel::Contributions contributions = model->contributions(row);
  EXPECT_NEAR(contributions.bias, -0.08 + 0.1, 1e-7);            // root means of both trees
  EXPECT_NEAR(contributions.per_feature[0], 0.4 - -0.08, 1e-7);  // root -> right child
  EXPECT_NEAR(contributions.per_feature[1], 0.2 - 0.4, 1e-7);    // right child -> leaf 0.2
  std::vector<FeatureContribution> reasons = model->top_reasons(row, 5);
  ASSERT_EQ(reasons.size(), 1u);  // only positive contributions
  EXPECT_EQ(reasons[0].name, "price");
  EXPECT_NEAR(reasons[0].contribution, 0.48, 1e-7);
}

// Features of the validation file as `risk eval` computes them.
const FeatureMatrix& validation_features() {
  static const FeatureMatrix matrix = [] {
    FeaturePipeline pipeline = testing::test_model().pipeline;
    return pipeline.transform_by_month(testing::kcs_valid()).value();
  }();
  return matrix;
}

TEST(TreeModel, EqualsXgboostOnEveryValidationRow) {
  const RiskModel& model = testing::test_model();
  const FeatureMatrix& features = validation_features();
  ASSERT_EQ(features.rows, 8134u);
  ASSERT_EQ(model.trees.tree_count(), static_cast<std::size_t>(testing::kTestRounds));
  auto xgboost = XgboostPredictor::from_json(model.xgboost_json, 2);
  ASSERT_TRUE(xgboost.ok()) << xgboost.error().message;
  auto through_dmatrix = xgboost->predict(features);
  ASSERT_TRUE(through_dmatrix.ok()) << through_dmatrix.error().message;
  auto in_place = xgboost->predict_dense(features.values.data(), features.rows, features.columns);
  ASSERT_TRUE(in_place.ok()) << in_place.error().message;

  std::vector<float> batch(features.rows);
  model.trees.predict_batch(features.values.data(), features.rows, batch.data());
  double largest_difference = 0;
  std::size_t exact = 0;
  for (std::size_t r = 0; r < features.rows; ++r) {
    float native = model.trees.predict(features.row(r));
    ASSERT_EQ(native, batch[r]) << r;  // single row and batch agree bit for bit
    double difference = std::fabs(static_cast<double>(native) - (*through_dmatrix)[r]);
    largest_difference = std::max(largest_difference, difference);
    exact += native == (*through_dmatrix)[r];
    ASSERT_LE(difference, 1e-6) << "row " << r;
    ASSERT_LE(std::fabs(static_cast<double>(native) - (*in_place)[r]), 1e-6) << "row " << r;
  }
  std::printf("native vs XGBoost on %zu rows: %zu bit-identical, largest difference %.3g\n",
              features.rows, exact, largest_difference);
}

TEST(TreeModel, ContributionsSumToTheMarginOnEveryValidationRow) {
  const RiskModel& model = testing::test_model();
  const FeatureMatrix& features = validation_features();
  auto xgboost = XgboostPredictor::from_json(model.xgboost_json, 2);
  ASSERT_TRUE(xgboost.ok());
  auto approximate = xgboost->approximate_contributions(features);
  ASSERT_TRUE(approximate.ok()) << approximate.error().message;
  for (std::size_t r = 0; r < features.rows; ++r) {
    TreeModel::Contributions contributions = model.trees.contributions(features.row(r));
    double total = contributions.bias;
    for (double value : contributions.per_feature) total += value;
    ASSERT_NEAR(total, model.trees.predict_margin(features.row(r)), 1e-5) << "row " << r;
    // XGBoost's own Saabas contributions (float arithmetic): the same up to rounding.
    const float* theirs = approximate->data() + r * (features.columns + 1);
    for (std::size_t c = 0; c < features.columns; ++c) {
      ASSERT_NEAR(contributions.per_feature[c], theirs[c], 1e-4) << "row " << r << " col " << c;
    }
    ASSERT_NEAR(contributions.bias, theirs[features.columns], 1e-4) << "row " << r;
  }
}

TEST(TreeModel, TopReasonsAreNamedAndDescending) {
  const RiskModel& model = testing::test_model();
  const FeatureMatrix& features = validation_features();
  std::size_t riskiest = 0;
  for (std::size_t r = 1; r < features.rows; ++r) {
    if (model.trees.predict(features.row(r)) > model.trees.predict(features.row(riskiest))) {
      riskiest = r;
    }
  }
  std::vector<FeatureContribution> reasons = model.trees.top_reasons(features.row(riskiest), 3);
  ASSERT_EQ(reasons.size(), 3u);
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    EXPECT_GT(reasons[i].contribution, 0);
    EXPECT_EQ(reasons[i].name, model.feature_names[reasons[i].feature]);
    if (i > 0) {
      EXPECT_GE(reasons[i - 1].contribution, reasons[i].contribution);
    }
  }
}

TEST(TreeModel, TrainingIsDeterministic) {
  std::vector<KcsDeclaration> rows(testing::kcs_train().begin(),
                                   testing::kcs_train().begin() + 6000);
  FeaturePipeline pipeline = FeaturePipeline::fit(rows, {});
  FeatureMatrix features = pipeline.transform_by_month(rows).value();
  LabelledMatrix train{&features, {}};
  for (const KcsDeclaration& row : rows) train.labels.push_back(row.fraud ? 1.0f : 0.0f);
  TrainingParameters parameters;
  parameters.rounds = 15;
  parameters.threads = 1;
  auto first = train_booster(train, nullptr, pipeline.feature_names(), parameters, nullptr);
  auto second = train_booster(train, nullptr, pipeline.feature_names(), parameters, nullptr);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
}

struct BadModel {
  std::string from;
  std::string to;
  std::string path_part;
  std::string message_part;
};

TEST(TreeModel, BadModelsAreErrorsNamingTheMember) {
  const BadModel cases[] = {
      {"\"left_children\":[1,-1,3,-1,-1]", "\"left_children\":[1,-1,7,-1,-1]",
       "/trees/0/left_children/2", "not a node"},
      {"\"left_children\":[1,-1,3,-1,-1]", "\"left_children\":[1,-1,3,-1]",
       "/trees/0/left_children", "expected 5 entries"},
      {"\"right_children\":[2,-1,4,-1,-1]", "\"right_children\":[2,-1,-1,-1,-1]",
       "/trees/0/right_children/2", "one child"},
      {"\"right_children\":[2,-1,4,-1,-1]", "\"right_children\":[1,-1,4,-1,-1]",
       "/trees/0/right_children/0", "one node"},
      {"\"left_children\":[1,-1,3,-1,-1]", "\"left_children\":[1,-1,1,-1,-1]",
       "/trees/0/left_children/2", "reached twice"},
      {"\"left_children\":[1,-1,3,-1,-1]", "\"left_children\":[1,-1,0,-1,-1]",
       "/trees/0/left_children/2", "not a node"},
      {"\"split_indices\":[0,0,1,0,0]", "\"split_indices\":[0,0,2,0,0]", "/trees/0/split_indices/2",
       "2 features"},
      {"\"split_type\":[0,0,0,0,0]", "\"split_type\":[1,0,0,0,0]", "/trees/0/split_type/0",
       "categorical"},
      {"\"split_conditions\":[10.0,", "\"split_conditions\":[1e300,", "/trees/0/split_conditions/0",
       "float range"},
      {"\"split_conditions\":[10.0,", "\"split_conditions\":[\"10\",",
       "/trees/0/split_conditions/0", "number"},
      {"\"num_nodes\":\"5\"", "\"num_nodes\":\"0\"", "/tree_param/num_nodes", "integer"},
      {"\"base_score\":\"5E-1\"", "\"base_score\":\"1\"", "base_score", "probability"},
      {"\"num_feature\":\"2\",\"num_target\"", "\"num_feature\":\"x\",\"num_target\"",
       "learner_model_param/num_feature", "integer"},
      {"\"num_class\":\"0\"", "\"num_class\":\"3\"", "num_class", "integer"},
      {"binary:logistic", "reg:squarederror", "/objective/name", "binary:logistic"},
      {"\"name\":\"gbtree\"", "\"name\":\"dart\"", "gradient_booster/name", "gbtree"},
      {"\"tree_info\":[0,0]", "\"tree_info\":[0,1]", "tree_info/1", "integer"},
      {"\"feature_names\":[\"price\",\"mass\"]", "\"feature_names\":[\"price\"]", "feature_names",
       "one name per feature"},
      {"{\"learner\":", "{\"learned\":", "/learner", "missing"},
  };
  for (const BadModel& bad : cases) {
    std::string json = testing::kTinyXgboostModel;
    std::size_t at = json.find(bad.from);
    ASSERT_NE(at, std::string::npos) << bad.from;
    json.replace(at, bad.from.size(), bad.to);
    auto model = TreeModel::from_json(json);
    ASSERT_FALSE(model.ok()) << bad.to;
    EXPECT_EQ(model.error().code, "risk_model.format") << bad.to;
    EXPECT_NE(model.error().path.find(bad.path_part), std::string::npos)
        << bad.to << ": " << model.error().path;
    EXPECT_NE(model.error().message.find(bad.message_part), std::string::npos)
        << bad.to << ": " << model.error().message;
  }
  for (std::string text : {"", "{", "[]", "null", "{\"learner\":{}}"}) {
    auto model = TreeModel::from_json(text);
    ASSERT_FALSE(model.ok()) << text;
    EXPECT_EQ(model.error().code, "risk_model.format");
  }
}

}  // namespace
}  // namespace oc::risk_model
