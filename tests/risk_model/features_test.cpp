// The feature protocol: no label of a month reaches a feature of that month or an earlier one;
// profiles, priors and encodings computed by hand on small histories; the state's JSON form.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>

#include "risk/model/features.h"
#include "risk_model/risk_model_test_support.h"

namespace oc::risk_model {
namespace {

bool same_value(float a, float b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

std::size_t column(const FeaturePipeline& pipeline, const std::string& name) {
  const auto& names = pipeline.feature_names();
  auto found = std::find(names.begin(), names.end(), name);
  EXPECT_NE(found, names.end()) << name;
  return static_cast<std::size_t>(found - names.begin());
}

KcsDeclaration declaration(const std::string& importer, int month, bool fraud) {
  KcsDeclaration row = testing::kcs_train().front();
  row.declaration_id = importer + std::to_string(month);
  row.importer = importer;
  row.date = KcsDate{2020, month, 15};
  row.fraud = fraud;
  row.critical_fraud = fraud ? 1 : 0;
  return row;
}

// Features of `rows` by the monthly protocol, the history starting with `history`.
FeatureMatrix transformed(const std::vector<KcsDeclaration>& fit_rows,
                          const std::vector<KcsDeclaration>& history,
                          const std::vector<KcsDeclaration>& rows) {
  FeaturePipeline pipeline = FeaturePipeline::fit(fit_rows, {});
  if (!history.empty()) {
    EXPECT_TRUE(pipeline.transform_by_month(history).ok());
  }
  auto matrix = pipeline.transform_by_month(rows);
  EXPECT_TRUE(matrix.ok());
  return std::move(matrix).value();
}

// Flips the labels of month `month_index`, then checks that no feature of a row of that month or
// earlier changed, and that some feature of the next month did (so the test can fail).
void expect_no_leak(const std::vector<KcsDeclaration>& fit_rows,
                    const std::vector<KcsDeclaration>& history,
                    const std::vector<KcsDeclaration>& rows, int month_index) {
  FeatureMatrix before = transformed(fit_rows, history, rows);
  std::vector<KcsDeclaration> flipped = rows;
  std::size_t changed_rows = 0;
  for (KcsDeclaration& row : flipped) {
    if (row.date.month_index() != month_index) continue;
    row.fraud = !row.fraud;
    row.critical_fraud = row.fraud ? 1 : 0;
    ++changed_rows;
  }
  ASSERT_GT(changed_rows, 0u);
  FeatureMatrix after = transformed(fit_rows, history, flipped);
  ASSERT_EQ(before.values.size(), after.values.size());
  std::size_t later_rows_changed = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    int month = rows[r].date.month_index();
    bool differs = false;
    for (std::size_t c = 0; c < before.columns; ++c) {
      if (!same_value(before.row(r)[c], after.row(r)[c])) {
        differs = true;
        if (month <= month_index) {
          ADD_FAILURE() << "row " << r << " of " << month_name(month) << " changed in column " << c
                        << " after the labels of " << month_name(month_index) << " changed";
          return;
        }
      }
    }
    if (month == month_index + 1 && differs) ++later_rows_changed;
  }
  bool has_next_month = std::any_of(rows.begin(), rows.end(), [&](const KcsDeclaration& row) {
    return row.date.month_index() == month_index + 1;
  });
  if (has_next_month) {
    EXPECT_GT(later_rows_changed, 0u);
  }
}

TEST(Features, LabelsOfAMonthReachNoFeatureOfThatMonthOrEarlier_Training) {
  const auto& train = testing::kcs_train();
  for (int month : {1, 6, 11}) {
    SCOPED_TRACE(month);
    expect_no_leak(train, {}, train, KcsDate{2020, month, 1}.month_index());
  }
}

TEST(Features, LabelsOfAMonthReachNoFeatureOfThatMonthOrEarlier_Validation) {
  // The validation file continues the 2020 history, as `risk eval` scores it.
  const auto& train = testing::kcs_train();
  const auto& valid = testing::kcs_valid();
  for (int month : {1, 2}) {
    SCOPED_TRACE(month);
    expect_no_leak(train, train, valid, KcsDate{2021, month, 1}.month_index());
  }
}

TEST(Features, LabelsOfTheTrainingPeriodDoNotChangeTheEncodings) {
  // Encodings are fitted on the training rows without their labels.
  std::vector<KcsDeclaration> rows(testing::kcs_train().begin(),
                                   testing::kcs_train().begin() + 2000);
  std::vector<KcsDeclaration> flipped = rows;
  for (KcsDeclaration& row : flipped) row.fraud = !row.fraud;
  FeaturePipeline a = FeaturePipeline::fit(rows, {});
  FeaturePipeline b = FeaturePipeline::fit(flipped, {});
  std::vector<float> fa(a.feature_count());
  std::vector<float> fb(b.feature_count());
  for (const KcsDeclaration& row : testing::kcs_valid()) {
    a.features(row, fa.data());
    b.features(row, fb.data());
    for (std::size_t c = 0; c < fa.size(); ++c) ASSERT_TRUE(same_value(fa[c], fb[c]));
  }
}

TEST(Features, ProfilesAreSmoothedTowardTheEarlierPrior) {
  // January: importer A fraud, A honest, B fraud. February: A again, and C never seen.
  std::vector<KcsDeclaration> rows = {declaration("A", 1, true), declaration("A", 1, false),
                                      declaration("B", 1, true), declaration("A", 2, false),
                                      declaration("C", 2, false)};
  FeaturePipeline pipeline = FeaturePipeline::fit({rows[0], rows[1], rows[2]}, {});
  auto matrix = pipeline.transform_by_month(rows);
  ASSERT_TRUE(matrix.ok());
  std::size_t rate = column(pipeline, "rate:importer");
  std::size_t count = column(pipeline, "count:importer");
  std::size_t code = column(pipeline, "code:importer");
  std::size_t frequency = column(pipeline, "frequency:importer");
  double m = profile_smoothing_default;
  // January has no earlier month: the prior itself is missing, counts are zero.
  for (std::size_t r = 0; r < 3; ++r) {
    EXPECT_TRUE(std::isnan(matrix->row(r)[rate]));
    EXPECT_EQ(matrix->row(r)[count], 0.0f);
  }
  double prior = 2.0 / 3.0;
  EXPECT_FLOAT_EQ(matrix->row(3)[rate], static_cast<float>((1 + m * prior) / (2 + m)));
  EXPECT_FLOAT_EQ(matrix->row(3)[count], static_cast<float>(std::log1p(2.0)));
  EXPECT_FLOAT_EQ(matrix->row(4)[rate], static_cast<float>(prior));  // unseen: the prior
  EXPECT_EQ(matrix->row(4)[count], 0.0f);
  // Encodings from the fitted rows: A is the most frequent (code 0, 2 of 3); C is unseen.
  EXPECT_EQ(matrix->row(3)[code], 0.0f);
  EXPECT_FLOAT_EQ(matrix->row(3)[frequency], 2.0f / 3.0f);
  EXPECT_TRUE(std::isnan(matrix->row(4)[code]));
  EXPECT_TRUE(std::isnan(matrix->row(4)[frequency]));
  // A declaration without a seller has no seller profile.
  KcsDeclaration no_seller = declaration("A", 3, false);
  no_seller.seller.clear();
  std::vector<float> values(pipeline.feature_count());
  pipeline.features(no_seller, values.data());
  EXPECT_TRUE(std::isnan(values[column(pipeline, "rate:seller")]));
  EXPECT_TRUE(std::isnan(values[column(pipeline, "count:seller_importer")]));
  EXPECT_EQ(values[column(pipeline, "seller_declared")], 0.0f);
}

TEST(Features, UnitValueIsComparedWithEarlierMonthsOfItsHs6) {
  KcsDeclaration a = declaration("A", 1, false);
  a.item_price_krw = 1000;
  a.net_mass_kg = 10;  // unit value 100
  KcsDeclaration b = declaration("B", 1, false);
  b.item_price_krw = 3000;
  b.net_mass_kg = 10;  // 300
  KcsDeclaration c = declaration("C", 2, false);
  c.item_price_krw = 200;
  c.net_mass_kg = 1;  // 200
  KcsDeclaration massless = declaration("D", 2, false);
  massless.net_mass_kg = 0;
  FeaturePipeline pipeline = FeaturePipeline::fit({a, b}, {});
  auto matrix = pipeline.transform_by_month({a, b, c, massless});
  ASSERT_TRUE(matrix.ok());
  std::size_t ratio = column(pipeline, "unit_value_vs_hs6_median");
  EXPECT_TRUE(std::isnan(matrix->row(0)[ratio]));  // no earlier month
  double median = (std::log1p(100.0f) + static_cast<double>(std::log1p(300.0f))) / 2;
  EXPECT_NEAR(matrix->row(2)[ratio], std::log1p(200.0) - median, 1e-6);
  EXPECT_FLOAT_EQ(matrix->row(2)[column(pipeline, "unit_value")], 200.0f);
  EXPECT_TRUE(std::isnan(matrix->row(3)[column(pipeline, "unit_value")]));
  EXPECT_TRUE(std::isnan(matrix->row(3)[ratio]));
}

TEST(Features, AFileMayNotStartInsideTheHistory) {
  const auto& train = testing::kcs_train();
  FeaturePipeline pipeline = FeaturePipeline::fit(train, {});
  ASSERT_TRUE(pipeline.transform_by_month(train).ok());
  EXPECT_EQ(month_name(pipeline.first_month()), "2020-01");
  EXPECT_EQ(month_name(pipeline.last_month()), "2020-12");
  auto again = pipeline.transform_by_month(train);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "risk_model.time_order");
}

TEST(Features, TheStateSurvivesItsJsonForm) {
  const auto& train = testing::kcs_train();
  FeaturePipeline pipeline = FeaturePipeline::fit(train, {});
  ASSERT_TRUE(pipeline.transform_by_month(train).ok());
  JsonWriter out;
  pipeline.write_json(out);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(out.str()).get(root), simdjson::SUCCESS);
  auto restored = FeaturePipeline::from_json(root, "/pipeline");
  ASSERT_TRUE(restored.ok()) << restored.error().path << " " << restored.error().message;
  EXPECT_EQ(restored->feature_names(), pipeline.feature_names());
  EXPECT_EQ(restored->last_month(), pipeline.last_month());
  JsonWriter again;  // the same history always writes the same bytes
  restored->write_json(again);
  EXPECT_EQ(again.str(), out.str());
  FeaturePipeline original = pipeline;
  auto expected = original.transform_by_month(testing::kcs_valid());
  auto actual = restored->transform_by_month(testing::kcs_valid());
  ASSERT_TRUE(expected.ok() && actual.ok());
  for (std::size_t i = 0; i < expected->values.size(); ++i) {
    ASSERT_TRUE(same_value(expected->values[i], actual->values[i])) << i;
  }
  FeaturePipeline rebuilt = FeaturePipeline::fit(train, {});
  ASSERT_TRUE(rebuilt.transform_by_month(train).ok());
  JsonWriter third;
  rebuilt.write_json(third);
  EXPECT_EQ(third.str(), out.str());
}

TEST(Features, FingerprintsCanBeLeftOut) {
  FeaturePipeline::Options options;
  options.value_fingerprints = false;
  FeaturePipeline without = FeaturePipeline::fit(testing::kcs_train(), options);
  FeaturePipeline with = FeaturePipeline::fit(testing::kcs_train(), {});
  EXPECT_EQ(with.feature_count() - without.feature_count(), 12u);  // six groups, two features
  const auto& names = without.feature_names();
  EXPECT_EQ(std::find(names.begin(), names.end(), "rate:hs6_item_price"), names.end());
  options.entity_profiles = false;
  FeaturePipeline own_columns_only = FeaturePipeline::fit(testing::kcs_train(), options);
  EXPECT_EQ(own_columns_only.feature_count(), 17u * 2 + 9);  // encodings and numeric columns
  std::vector<float> values(own_columns_only.feature_count());
  own_columns_only.features(testing::kcs_valid().front(), values.data());  // writes no further
}

}  // namespace
}  // namespace oc::risk_model
