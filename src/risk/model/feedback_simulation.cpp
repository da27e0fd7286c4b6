// The replay loop: weeks, selection, partial labels, periodic retraining.
#include "risk/model/feedback_simulation.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

#include "core/json_writer.h"
#include "risk/model/tree_model.h"

namespace oc::risk_model {
namespace {

// Weeks start on Monday; 1970-01-01 (day 0) was a Thursday.
std::int64_t week_of(const KcsDate& date) {
  return (date.day_number() + 3) / 7;
}

// A growing labelled training set: feature rows and their labels.
struct TrainingSet {
  FeatureMatrix features;
  std::vector<float> labels;

  void add(const float* row, bool fraud) {
    features.values.insert(features.values.end(), row, row + features.columns);
    ++features.rows;
    labels.push_back(fraud ? 1.0f : 0.0f);
  }
};

Result<TreeModel> train_trees(const TrainingSet& set, const std::vector<std::string>& names,
                              const TrainingParameters& parameters) {
  LabelledMatrix train{&set.features, set.labels};
  auto json = train_booster(train, nullptr, names, parameters, nullptr);
  if (!json) return std::move(json).error();
  return TreeModel::from_json(*json);
}

// Indexes of `count` declarations among `candidates` with the highest scores (ties: earlier).
std::vector<std::size_t> top_by_score(std::vector<std::size_t> candidates,
                                      const std::vector<float>& scores, std::size_t count) {
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  candidates.resize(std::min(count, candidates.size()));
  return candidates;
}

std::vector<std::size_t> random_draw(std::vector<std::size_t> candidates, std::size_t count,
                                     std::mt19937_64& random) {
  std::shuffle(candidates.begin(), candidates.end(), random);
  candidates.resize(std::min(count, candidates.size()));
  return candidates;
}

}  // namespace

const char* to_string(SelectionPolicy policy) {
  switch (policy) {
    case SelectionPolicy::random:
      return "random";
    case SelectionPolicy::model:
      return "model";
    case SelectionPolicy::model_with_random:
      return "model_with_random";
    case SelectionPolicy::model_all_labels:
      return "model_all_labels";
  }
  return "?";
}

Result<std::vector<PolicyOutcome>> simulate_feedback(const std::vector<KcsDeclaration>& history,
                                                     const std::vector<KcsDeclaration>& stream,
                                                     const SimulationOptions& options,
                                                     std::FILE* progress) {
  if (!(options.capacity_percent > 0 && options.capacity_percent <= 100) ||
      !(options.random_percent >= 0 && options.random_percent <= 100) ||
      options.retrain_weeks < 0) {
    return make_error("risk_model.simulation", "",
                      "capacity must be in (0, 100], the random share in [0, 100], retraining "
                      "weeks 0 or more");
  }
  // The shared start: the history's features by the monthly protocol, and a model on them.
  FeaturePipeline start = FeaturePipeline::fit(history, options.features);
  auto history_features = start.transform_by_month(history);
  if (!history_features) return std::move(history_features).error();
  if (!stream.empty() && std::any_of(stream.begin(), stream.end(), [&](const KcsDeclaration& row) {
        return row.date.month_index() <= start.last_month();
      })) {
    return make_error("risk_model.time_order", "",
                      "the stream must start after " + month_name(start.last_month()));
  }
  TrainingSet start_set;
  start_set.features.columns = start.feature_count();
  for (std::size_t r = 0; r < history.size(); ++r) {
    start_set.add(history_features->row(r), history[r].fraud);
  }
  auto start_trees = train_trees(start_set, start.feature_names(), options.parameters);
  if (!start_trees) return std::move(start_trees).error();

  std::map<std::int64_t, std::vector<std::size_t>> weeks;
  for (std::size_t i = 0; i < stream.size(); ++i) weeks[week_of(stream[i].date)].push_back(i);
  std::size_t stream_frauds = 0;
  for (const KcsDeclaration& row : stream) stream_frauds += row.fraud ? 1 : 0;

  std::vector<PolicyOutcome> outcomes;
  for (SelectionPolicy policy :
       {SelectionPolicy::random, SelectionPolicy::model, SelectionPolicy::model_with_random,
        SelectionPolicy::model_all_labels}) {
    PolicyOutcome outcome;
    outcome.policy = policy;
    outcome.declarations = stream.size();
    outcome.frauds = stream_frauds;
    FeaturePipeline pipeline = start;
    TrainingSet set = start_set;
    TreeModel trees = *start_trees;
    std::mt19937_64 random(options.seed);
    std::size_t columns = pipeline.feature_count();
    bool uses_model = policy != SelectionPolicy::random;

    std::size_t week_number = 0;
    for (const auto& [week, indexes] : weeks) {
      ++week_number;
      std::size_t n = indexes.size();
      std::vector<float> features(n * columns);
      std::vector<float> scores(stream.size(), 0.0f);
      for (std::size_t j = 0; j < n; ++j) {
        pipeline.features(stream[indexes[j]], features.data() + j * columns);
        if (uses_model) scores[indexes[j]] = trees.predict(features.data() + j * columns);
      }
      auto capacity = static_cast<std::size_t>(
          std::max(1.0, std::round(static_cast<double>(n) * options.capacity_percent / 100)));
      std::vector<std::size_t> inspected;
      if (policy == SelectionPolicy::random) {
        inspected = random_draw(indexes, capacity, random);
      } else if (policy == SelectionPolicy::model_with_random) {
        auto random_count = static_cast<std::size_t>(
            std::round(static_cast<double>(capacity) * options.random_percent / 100));
        inspected = random_draw(indexes, random_count, random);
        std::vector<std::size_t> rest;
        for (std::size_t i : indexes) {
          if (std::find(inspected.begin(), inspected.end(), i) == inspected.end())
            rest.push_back(i);
        }
        for (std::size_t i : top_by_score(rest, scores, capacity - inspected.size())) {
          inspected.push_back(i);
        }
      } else {
        inspected = top_by_score(indexes, scores, capacity);
      }

      std::vector<bool> labelled(n, policy == SelectionPolicy::model_all_labels);
      std::size_t found = 0;
      for (std::size_t i : inspected) {
        found += stream[i].fraud ? 1 : 0;
        labelled[static_cast<std::size_t>(std::find(indexes.begin(), indexes.end(), i) -
                                          indexes.begin())] = true;
      }
      outcome.inspected += inspected.size();
      outcome.frauds_found += found;
      outcome.weekly_hit_rate.push_back(static_cast<double>(found) / inspected.size());
      for (std::size_t j = 0; j < n; ++j) {
        pipeline.absorb(stream[indexes[j]], labelled[j]);
        if (labelled[j] && uses_model) {
          set.add(features.data() + j * columns, stream[indexes[j]].fraud);
        }
      }
      if (uses_model && options.retrain_weeks > 0 && week_number % options.retrain_weeks == 0 &&
          week_number < weeks.size()) {
        auto retrained = train_trees(set, pipeline.feature_names(), options.parameters);
        if (!retrained) return std::move(retrained).error();
        trees = std::move(retrained).value();
        ++outcome.retrainings;
      }
    }
    outcome.weeks = weeks.size();
    if (progress != nullptr) {
      std::fprintf(progress,
                   "risk simulate: %-18s inspected %5zu  frauds found %5zu of %zu  detected "
                   "%.4f  hit rate %.4f\n",
                   to_string(policy), outcome.inspected, outcome.frauds_found, outcome.frauds,
                   outcome.detected_share(), outcome.hit_rate());
      std::fflush(progress);
    }
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

std::string simulation_json(const SimulationOptions& options,
                            const std::vector<PolicyOutcome>& outcomes) {
  auto number = [](double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4f", value);
    return std::string(text);
  };
  JsonWriter out;
  out.begin_object();
  out.key("capacity_percent").raw(number(options.capacity_percent));
  out.key("random_percent").raw(number(options.random_percent));
  out.field("retrain_weeks", static_cast<std::int64_t>(options.retrain_weeks));
  out.field("seed", static_cast<std::int64_t>(options.seed));
  out.key("policies").begin_array();
  for (const PolicyOutcome& outcome : outcomes) {
    out.begin_object()
        .field("policy", to_string(outcome.policy))
        .field("weeks", static_cast<std::int64_t>(outcome.weeks))
        .field("declarations", static_cast<std::int64_t>(outcome.declarations))
        .field("frauds", static_cast<std::int64_t>(outcome.frauds))
        .field("inspected", static_cast<std::int64_t>(outcome.inspected))
        .field("frauds_found", static_cast<std::int64_t>(outcome.frauds_found))
        .field("retrainings", static_cast<std::int64_t>(outcome.retrainings));
    out.key("detected_share").raw(number(outcome.detected_share()));
    out.key("hit_rate").raw(number(outcome.hit_rate()));
    out.end_object();
  }
  out.end_array();
  out.end_object();
  return out.take();
}

}  // namespace oc::risk_model
