// The learned risk model's scoring: the native tree walker against XGBoost's own prediction, same
// model (trained here on the 2020 KCS file with the default hyperparameters, 150 trees), same
// rows (the 2021-Q1 validation file's features), single row and batch; plus the feature
// computation and the Saabas explanation of one declaration.
//
// XGBoost is given its fastest C API path for one row: in-place prediction from a dense array
// (XGBoosterPredictFromDense, no DMatrix), with the array-interface strings built before timing
// and one thread (more threads only add OpenMP start-up to one row). A one-row DMatrix is timed
// too. Batch prediction is timed through a DMatrix and in place, with 1 and 2 threads.
// Run: risk_model_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// (docs/risk.md reports the medians).
#include <benchmark/benchmark.h>
#include <xgboost/c_api.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "risk/model/features.h"
#include "risk/model/kcs_data.h"
#include "risk/model/model_file.h"
#include "risk/model/risk_training.h"

namespace {

using namespace oc::risk_model;

const std::string kKcs = OC_SHARED_DATA_DIR "/risk/kcs/";

struct Fixture {
  std::vector<KcsDeclaration> valid;
  RiskModel model;
  FeatureMatrix features;  // of `valid`, out of time
  BoosterHandle booster_one_thread = nullptr;
  BoosterHandle booster_two_threads = nullptr;
  std::vector<std::string> row_interfaces;  // XGBoost array interface of each single row
  std::string batch_interface;
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "risk_model_bench: %s\n", what.c_str());
  std::exit(1);
}

BoosterHandle load_booster(const std::string& json, int threads) {
  BoosterHandle booster = nullptr;
  if (XGBoosterCreate(nullptr, 0, &booster) != 0 ||
      XGBoosterLoadModelFromBuffer(booster, json.data(), json.size()) != 0 ||
      XGBoosterSetParam(booster, "nthread", std::to_string(threads).c_str()) != 0) {
    die(std::string("XGBoost: ") + XGBGetLastError());
  }
  return booster;
}

std::string array_interface(const float* data, std::size_t rows, std::size_t columns) {
  char text[256];
  std::snprintf(text, sizeof text,
                "{\"data\":[%llu,true],\"shape\":[%zu,%zu],\"typestr\":\"<f4\",\"version\":3}",
                static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(data)), rows,
                columns);
  return text;
}

const Fixture& fixture() {
  static const Fixture* built = [] {
    auto train = read_kcs_file(kKcs + "df_syn_train_eng.csv");
    auto valid = read_kcs_file(kKcs + "df_syn_valid_eng.csv");
    if (!train || !valid) die("cannot read the KCS files under " + kKcs);
    TrainingRun run;
    run.train = &*train;
    run.train_source = "df_syn_train_eng.csv";
    auto trained = train_risk_model(run);
    if (!trained) die(trained.error().message);
    auto model = RiskModel::parse(trained->file_json);
    if (!model) die(model.error().message);
    auto* fixture = new Fixture{std::move(valid).value(), std::move(model).value(), {}};
    FeaturePipeline pipeline = fixture->model.pipeline;
    fixture->features = pipeline.transform_by_month(fixture->valid).value();
    fixture->booster_one_thread = load_booster(fixture->model.xgboost_json, 1);
    fixture->booster_two_threads = load_booster(fixture->model.xgboost_json, 2);
    const FeatureMatrix& f = fixture->features;
    for (std::size_t r = 0; r < f.rows; ++r) {
      fixture->row_interfaces.push_back(array_interface(f.row(r), 1, f.columns));
    }
    fixture->batch_interface = array_interface(f.values.data(), f.rows, f.columns);
    std::fprintf(stderr, "model: %zu trees, %zu nodes, %zu features; %zu rows\n",
                 fixture->model.trees.tree_count(), fixture->model.trees.node_count(), f.columns,
                 f.rows);
    return fixture;
  }();
  return *built;
}

constexpr const char* kInplaceConfig =
    "{\"type\":0,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,"
    "\"strict_shape\":false,\"missing\":NaN,\"cache_id\":0}";
constexpr const char* kDMatrixConfig =
    "{\"type\":0,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,"
    "\"strict_shape\":false}";

void BM_NativeSingleRow(benchmark::State& state) {
  const Fixture& f = fixture();
  std::size_t r = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.model.trees.predict(f.features.row(r)));
    if (++r == f.features.rows) r = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NativeSingleRow);

void BM_XgboostSingleRowInPlace(benchmark::State& state) {
  const Fixture& f = fixture();
  std::size_t r = 0;
  for (auto _ : state) {
    const bst_ulong* shape = nullptr;
    bst_ulong dimensions = 0;
    const float* result = nullptr;
    if (XGBoosterPredictFromDense(f.booster_one_thread, f.row_interfaces[r].c_str(), kInplaceConfig,
                                  nullptr, &shape, &dimensions, &result) != 0) {
      state.SkipWithError(XGBGetLastError());
      break;
    }
    benchmark::DoNotOptimize(result[0]);
    if (++r == f.features.rows) r = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_XgboostSingleRowInPlace);

void BM_XgboostSingleRowDMatrix(benchmark::State& state) {
  const Fixture& f = fixture();
  std::size_t r = 0;
  for (auto _ : state) {
    DMatrixHandle matrix = nullptr;
    const bst_ulong* shape = nullptr;
    bst_ulong dimensions = 0;
    const float* result = nullptr;
    if (XGDMatrixCreateFromMat(f.features.row(r), 1, f.features.columns,
                               std::numeric_limits<float>::quiet_NaN(), &matrix) != 0 ||
        XGBoosterPredictFromDMatrix(f.booster_one_thread, matrix, kDMatrixConfig, &shape,
                                    &dimensions, &result) != 0) {
      state.SkipWithError(XGBGetLastError());
      break;
    }
    benchmark::DoNotOptimize(result[0]);
    XGDMatrixFree(matrix);
    if (++r == f.features.rows) r = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_XgboostSingleRowDMatrix);

void BM_NativeBatch(benchmark::State& state) {
  const Fixture& f = fixture();
  std::vector<float> out(f.features.rows);
  for (auto _ : state) {
    f.model.trees.predict_batch(f.features.values.data(), f.features.rows, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(f.features.rows));
}
BENCHMARK(BM_NativeBatch)->Unit(benchmark::kMillisecond);

void xgboost_batch_in_place(benchmark::State& state, BoosterHandle booster) {
  const Fixture& f = fixture();
  for (auto _ : state) {
    const bst_ulong* shape = nullptr;
    bst_ulong dimensions = 0;
    const float* result = nullptr;
    if (XGBoosterPredictFromDense(booster, f.batch_interface.c_str(), kInplaceConfig, nullptr,
                                  &shape, &dimensions, &result) != 0) {
      state.SkipWithError(XGBGetLastError());
      break;
    }
    benchmark::DoNotOptimize(result[0]);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(f.features.rows));
}
void BM_XgboostBatchInPlace1Thread(benchmark::State& state) {
  xgboost_batch_in_place(state, fixture().booster_one_thread);
}
void BM_XgboostBatchInPlace2Threads(benchmark::State& state) {
  xgboost_batch_in_place(state, fixture().booster_two_threads);
}
BENCHMARK(BM_XgboostBatchInPlace1Thread)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_XgboostBatchInPlace2Threads)->Unit(benchmark::kMillisecond);

void BM_XgboostBatchDMatrix1Thread(benchmark::State& state) {
  const Fixture& f = fixture();
  for (auto _ : state) {
    DMatrixHandle matrix = nullptr;
    const bst_ulong* shape = nullptr;
    bst_ulong dimensions = 0;
    const float* result = nullptr;
    if (XGDMatrixCreateFromMat(f.features.values.data(), f.features.rows, f.features.columns,
                               std::numeric_limits<float>::quiet_NaN(), &matrix) != 0 ||
        XGBoosterPredictFromDMatrix(f.booster_one_thread, matrix, kDMatrixConfig, &shape,
                                    &dimensions, &result) != 0) {
      state.SkipWithError(XGBGetLastError());
      break;
    }
    benchmark::DoNotOptimize(result[0]);
    XGDMatrixFree(matrix);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(f.features.rows));
}
BENCHMARK(BM_XgboostBatchDMatrix1Thread)->Unit(benchmark::kMillisecond);

void BM_NativeExplainSingleRow(benchmark::State& state) {
  const Fixture& f = fixture();
  std::size_t r = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.model.trees.top_reasons(f.features.row(r), 3));
    if (++r == f.features.rows) r = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NativeExplainSingleRow);

// Features of one declaration from the stored history (encodings and ~50 profile lookups).
void BM_FeaturesSingleRow(benchmark::State& state) {
  const Fixture& f = fixture();
  std::vector<float> out(f.features.columns);
  std::size_t r = 0;
  for (auto _ : state) {
    f.model.pipeline.features(f.valid[r], out.data());
    benchmark::DoNotOptimize(out.data());
    if (++r == f.valid.size()) r = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FeaturesSingleRow);

}  // namespace

BENCHMARK_MAIN();
