// Loading XGBoost's JSON trees into a breadth-first flat layout, scoring and Saabas explanations.
#include "risk/model/tree_model.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "risk/model/json_access.h"

namespace oc::risk_model {
namespace {

using namespace json;

// Rows scored together per tree in predict_batch (keeps their margins in registers/L1).
constexpr std::size_t kBatchBlockRows = 64;

// XGBoost writes the learner's parameters as strings ("5E-1", "12").
Result<std::string_view> string_member(const object& fields, std::string_view key,
                                       const std::string& path) {
  auto value = member(fields, key, path);
  if (!value) return std::move(value).error();
  return as_string(*value, child(path, key));
}

Result<std::int64_t> integer_string(const object& fields, std::string_view key,
                                    const std::string& path, std::int64_t low, std::int64_t high) {
  auto text = string_member(fields, key, path);
  if (!text) return std::move(text).error();
  std::int64_t value = 0;
  auto [end, code] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (code != std::errc{} || end != text->data() + text->size() || value < low || value > high) {
    return format_error(child(path, key), "expected an integer " + std::to_string(low) + ".." +
                                              std::to_string(high) + " written as a string");
  }
  return value;
}

Result<array> array_member(const object& fields, std::string_view key, const std::string& path,
                           std::size_t expected_size) {
  auto value = member(fields, key, path);
  if (!value) return std::move(value).error();
  auto items = as_array(*value, child(path, key));
  if (!items) return std::move(items).error();
  if (items->size() != expected_size) {
    return format_error(child(path, key),
                        "expected " + std::to_string(expected_size) + " entries (num_nodes)");
  }
  return items;
}

Result<std::vector<std::int64_t>> integers(const object& fields, std::string_view key,
                                           const std::string& path, std::size_t size,
                                           std::int64_t low, std::int64_t high) {
  auto items = array_member(fields, key, path, size);
  if (!items) return std::move(items).error();
  std::vector<std::int64_t> out;
  out.reserve(size);
  std::string at = child(path, key);
  for (element item : *items) {
    bool flag = false;
    if (item.get_bool().get(flag) == simdjson::SUCCESS) {  // default_left may be booleans
      out.push_back(flag ? 1 : 0);
      continue;
    }
    auto value = as_integer(item, child(at, out.size()), low, high);
    if (!value) return std::move(value).error();
    out.push_back(*value);
  }
  return out;
}

Result<std::vector<float>> floats(const object& fields, std::string_view key,
                                  const std::string& path, std::size_t size) {
  auto items = array_member(fields, key, path, size);
  if (!items) return std::move(items).error();
  std::vector<float> out;
  out.reserve(size);
  std::string at = child(path, key);
  for (element item : *items) {
    auto value = as_number(item, child(at, out.size()));
    if (!value) return std::move(value).error();
    float stored = static_cast<float>(*value);
    if (!std::isfinite(stored)) return format_error(child(at, out.size()), "out of float range");
    out.push_back(stored);
  }
  return out;
}

// One tree as XGBoost stores it (node ids as in the file).
struct SourceTree {
  std::vector<std::int64_t> left;
  std::vector<std::int64_t> right;
  std::vector<std::int64_t> feature;
  std::vector<std::int64_t> default_left;
  std::vector<float> condition;  // threshold, or leaf value
  std::vector<float> cover;      // sum_hessian
};

Result<SourceTree> read_tree(const element& value, const std::string& path,
                             std::size_t feature_count) {
  auto fields = as_object(value, path);
  if (!fields) return std::move(fields).error();
  auto param_element = member(*fields, "tree_param", path);
  if (!param_element) return std::move(param_element).error();
  std::string param_path = child(path, "tree_param");
  auto param = as_object(*param_element, param_path);
  if (!param) return std::move(param).error();
  auto num_nodes = integer_string(*param, "num_nodes", param_path, 1, tree_nodes_max);
  if (!num_nodes) return std::move(num_nodes).error();
  auto size = static_cast<std::size_t>(*num_nodes);
  constexpr std::int64_t node_max = tree_nodes_max;
  constexpr std::int64_t int32_max = std::numeric_limits<std::int32_t>::max();

  SourceTree tree;
  auto left = integers(*fields, "left_children", path, size, -1, node_max - 1);
  if (!left) return std::move(left).error();
  tree.left = std::move(left).value();
  auto right = integers(*fields, "right_children", path, size, -1, node_max - 1);
  if (!right) return std::move(right).error();
  tree.right = std::move(right).value();
  auto feature = integers(*fields, "split_indices", path, size, 0, int32_max);
  if (!feature) return std::move(feature).error();
  tree.feature = std::move(feature).value();
  auto default_left = integers(*fields, "default_left", path, size, 0, 1);
  if (!default_left) return std::move(default_left).error();
  tree.default_left = std::move(default_left).value();
  auto split_type = integers(*fields, "split_type", path, size, 0, 1);
  if (!split_type) return std::move(split_type).error();
  auto condition = floats(*fields, "split_conditions", path, size);
  if (!condition) return std::move(condition).error();
  tree.condition = std::move(condition).value();
  auto cover = floats(*fields, "sum_hessian", path, size);
  if (!cover) return std::move(cover).error();
  tree.cover = std::move(cover).value();

  for (std::size_t n = 0; n < size; ++n) {
    if (tree.cover[n] < 0) {
      return format_error(child(child(path, "sum_hessian"), n), "a negative cover");
    }
    bool is_leaf = tree.left[n] == -1;
    if (is_leaf != (tree.right[n] == -1)) {
      return format_error(child(child(path, "right_children"), n),
                          "a node with one child (both or neither must be -1)");
    }
    if (is_leaf) continue;
    if ((*split_type)[n] != 0) {
      return format_error(child(child(path, "split_type"), n),
                          "a categorical split; only numerical splits are supported");
    }
    if (static_cast<std::size_t>(tree.feature[n]) >= feature_count) {
      return format_error(child(child(path, "split_indices"), n),
                          "split feature " + std::to_string(tree.feature[n]) + " of a model with " +
                              std::to_string(feature_count) + " features");
    }
    for (std::int64_t child_id : {tree.left[n], tree.right[n]}) {
      if (static_cast<std::size_t>(child_id) >= size || child_id == 0) {
        return format_error(child(child(path, "left_children"), n),
                            "child " + std::to_string(child_id) + " is not a node of the tree");
      }
    }
    if (tree.left[n] == tree.right[n]) {
      return format_error(child(child(path, "right_children"), n), "both children are one node");
    }
  }
  return tree;
}

}  // namespace

Result<TreeModel> TreeModel::from_json(std::string_view json_text) {
  if (json_text.size() > model_file_bytes_max) {
    return format_error("", "the model has " + std::to_string(json_text.size()) +
                                " bytes; at most " + std::to_string(model_file_bytes_max));
  }
  simdjson::dom::parser parser(json_text.size() + simdjson::SIMDJSON_PADDING);
  if (parser.allocate(json_text.size() + 64, model_json_depth_max) != simdjson::SUCCESS) {
    return make_error("risk_model.allocation", "", "JSON parser allocation failed");
  }
  simdjson::padded_string padded(json_text);
  element root;
  auto code = parser.parse(padded).get(root);
  if (code != simdjson::SUCCESS) {
    return format_error("", std::string("malformed JSON: ") + simdjson::error_message(code));
  }
  return from_element(root, "");
}

Result<TreeModel> TreeModel::from_element(const simdjson::dom::element& element,
                                          const std::string& path) {
  TreeModel model;
  auto root = as_object(element, path);
  if (!root) return std::move(root).error();
  auto learner_element = member(*root, "learner", path);
  if (!learner_element) return std::move(learner_element).error();
  std::string learner_path = child(path, "learner");
  auto learner = as_object(*learner_element, learner_path);
  if (!learner) return std::move(learner).error();

  // learner_model_param: base score and feature count; one target, no classes.
  auto param_element = member(*learner, "learner_model_param", learner_path);
  if (!param_element) return std::move(param_element).error();
  std::string param_path = child(learner_path, "learner_model_param");
  auto param = as_object(*param_element, param_path);
  if (!param) return std::move(param).error();
  auto feature_count = integer_string(*param, "num_feature", param_path, 1, model_features_max);
  if (!feature_count) return std::move(feature_count).error();
  model.feature_count_ = static_cast<std::size_t>(*feature_count);
  auto num_class = integer_string(*param, "num_class", param_path, 0, 0);
  if (!num_class) return std::move(num_class).error();
  auto base_score_text = string_member(*param, "base_score", param_path);
  if (!base_score_text) return std::move(base_score_text).error();
  float base_score = 0;
  auto [end, parsed] = std::from_chars(
      base_score_text->data(), base_score_text->data() + base_score_text->size(), base_score);
  if (parsed != std::errc{} || end != base_score_text->data() + base_score_text->size() ||
      !(base_score > 0.0f && base_score < 1.0f)) {
    return format_error(child(param_path, "base_score"),
                        "expected a probability strictly between 0 and 1, as a string");
  }
  // As XGBoost's logistic ProbToMargin computes it, in float.
  model.base_margin_ = -std::log(1.0f / base_score - 1.0f);

  auto objective_element = member(*learner, "objective", learner_path);
  if (!objective_element) return std::move(objective_element).error();
  std::string objective_path = child(learner_path, "objective");
  auto objective = as_object(*objective_element, objective_path);
  if (!objective) return std::move(objective).error();
  auto objective_name = string_member(*objective, "name", objective_path);
  if (!objective_name) return std::move(objective_name).error();
  if (*objective_name != "binary:logistic" && *objective_name != "reg:logistic") {
    return format_error(child(objective_path, "name"),
                        "objective '" + std::string(objective_name->substr(0, 40)) +
                            "'; only binary:logistic is supported");
  }

  auto names_element = member(*learner, "feature_names", learner_path);
  if (names_element) {
    std::string names_path = child(learner_path, "feature_names");
    auto names = as_array(*names_element, names_path);
    if (!names) return std::move(names).error();
    if (names->size() != 0 && names->size() != model.feature_count_) {
      return format_error(names_path, "expected none or one name per feature");
    }
    for (json::element name : *names) {
      auto text = as_string(name, child(names_path, model.feature_names_.size()));
      if (!text) return std::move(text).error();
      model.feature_names_.emplace_back(*text);
    }
  }
  if (model.feature_names_.empty()) {
    for (std::size_t i = 0; i < model.feature_count_; ++i) {
      model.feature_names_.push_back("f" + std::to_string(i));
    }
  }

  // gradient_booster: a gbtree and its trees, all of the one output group.
  auto booster_element = member(*learner, "gradient_booster", learner_path);
  if (!booster_element) return std::move(booster_element).error();
  std::string booster_path = child(learner_path, "gradient_booster");
  auto booster = as_object(*booster_element, booster_path);
  if (!booster) return std::move(booster).error();
  auto booster_name = string_member(*booster, "name", booster_path);
  if (!booster_name) return std::move(booster_name).error();
  if (*booster_name != "gbtree") {
    return format_error(
        child(booster_path, "name"),
        "booster '" + std::string(booster_name->substr(0, 40)) + "'; only gbtree is supported");
  }
  auto gbtree_element = member(*booster, "model", booster_path);
  if (!gbtree_element) return std::move(gbtree_element).error();
  std::string gbtree_path = child(booster_path, "model");
  auto gbtree = as_object(*gbtree_element, gbtree_path);
  if (!gbtree) return std::move(gbtree).error();
  auto trees_element = member(*gbtree, "trees", gbtree_path);
  if (!trees_element) return std::move(trees_element).error();
  std::string trees_path = child(gbtree_path, "trees");
  auto trees = as_array(*trees_element, trees_path);
  if (!trees) return std::move(trees).error();
  if (trees->size() > trees_max) {
    return format_error(trees_path, "more than " + std::to_string(trees_max) + " trees");
  }
  auto tree_info = integers(*gbtree, "tree_info", gbtree_path, trees->size(), 0, 0);
  if (!tree_info) return std::move(tree_info).error();

  std::size_t t = 0;
  for (json::element tree_element : *trees) {
    std::string tree_path = child(trees_path, t);
    auto tree = read_tree(tree_element, tree_path, model.feature_count_);
    if (!tree) return std::move(tree).error();
    std::size_t size = tree->left.size();
    if (model.nodes_.size() + size > model_nodes_max) {
      return format_error(tree_path,
                          "more than " + std::to_string(model_nodes_max) + " nodes in all");
    }

    // Breadth-first relayout from the root: siblings adjacent, every node reached once.
    std::vector<std::uint32_t> source;  // new position -> source node id
    std::vector<std::uint32_t> depth;
    std::vector<bool> reached(size, false);
    source.push_back(0);
    depth.push_back(0);
    reached[0] = true;
    auto base = static_cast<std::uint32_t>(model.nodes_.size());
    for (std::size_t i = 0; i < source.size(); ++i) {
      std::uint32_t id = source[i];
      Node node{};
      if (tree->left[id] == -1) {
        node = Node{tree->condition[id], kLeaf, 0, 0};
      } else {
        if (depth[i] + 1 > tree_depth_max) {
          return format_error(tree_path, "deeper than " + std::to_string(tree_depth_max));
        }
        for (std::int64_t child_id : {tree->left[id], tree->right[id]}) {
          if (reached[static_cast<std::size_t>(child_id)]) {
            return format_error(child(child(tree_path, "left_children"), id),
                                "node " + std::to_string(child_id) + " is reached twice");
          }
          reached[static_cast<std::size_t>(child_id)] = true;
        }
        node = Node{tree->condition[id], static_cast<std::uint32_t>(tree->feature[id]),
                    base + static_cast<std::uint32_t>(source.size()),
                    static_cast<std::uint32_t>(tree->default_left[id])};
        source.push_back(static_cast<std::uint32_t>(tree->left[id]));
        source.push_back(static_cast<std::uint32_t>(tree->right[id]));
        depth.push_back(depth[i] + 1);
        depth.push_back(depth[i] + 1);
      }
      model.nodes_.push_back(node);
    }
    // Expected values, children before parents (reverse breadth-first order).
    model.node_means_.resize(model.nodes_.size());
    for (std::size_t i = source.size(); i-- > 0;) {
      const Node& node = model.nodes_[base + i];
      if (node.feature == kLeaf) {
        model.node_means_[base + i] = node.value;
        continue;
      }
      std::uint32_t left = node.left;
      double left_cover = tree->cover[source[left - base]];
      double right_cover = tree->cover[source[left + 1 - base]];
      double cover = tree->cover[source[i]];
      double mean =
          left_cover * model.node_means_[left] + right_cover * model.node_means_[left + 1];
      model.node_means_[base + i] =
          cover > 0 ? mean / cover : (model.node_means_[left] + model.node_means_[left + 1]) / 2;
    }
    model.roots_.push_back(base);
    ++t;
  }
  return model;
}

std::uint32_t TreeModel::leaf_of(std::uint32_t index, const float* row) const {
  const Node* nodes = nodes_.data();
  while (nodes[index].feature != kLeaf) {
    const Node& node = nodes[index];
    float x = row[node.feature];
    std::uint32_t go_right = std::isnan(x) ? 1u - node.default_left : (x < node.value ? 0u : 1u);
    index = node.left + go_right;
  }
  return index;
}

float TreeModel::predict_margin(const float* row) const {
  float margin = base_margin_;
  for (std::uint32_t root : roots_) margin += nodes_[leaf_of(root, row)].value;
  return margin;
}

float TreeModel::predict(const float* row) const {
  return 1.0f / (1.0f + std::exp(-predict_margin(row)));
}

void TreeModel::predict_batch(const float* rows, std::size_t count, float* out) const {
  // Rows walk each tree in lock-step groups, so that their independent node loads overlap; each
  // row still adds its trees' leaves in tree order, as predict_margin does (same float result).
  constexpr std::size_t kLanes = 8;
  float margins[kBatchBlockRows];
  const Node* nodes = nodes_.data();
  for (std::size_t begin = 0; begin < count; begin += kBatchBlockRows) {
    std::size_t block = std::min(kBatchBlockRows, count - begin);
    std::fill(margins, margins + block, base_margin_);
    for (std::uint32_t root : roots_) {
      for (std::size_t lane0 = 0; lane0 < block; lane0 += kLanes) {
        std::size_t lanes = std::min(kLanes, block - lane0);
        std::uint32_t index[kLanes];
        const float* row[kLanes];
        for (std::size_t k = 0; k < lanes; ++k) {
          index[k] = root;
          row[k] = rows + (begin + lane0 + k) * feature_count_;
        }
        bool moving = true;
        while (moving) {
          moving = false;
          for (std::size_t k = 0; k < lanes; ++k) {
            const Node& node = nodes[index[k]];
            if (node.feature == kLeaf) continue;
            float x = row[k][node.feature];
            std::uint32_t go_right =
                std::isnan(x) ? 1u - node.default_left : (x < node.value ? 0u : 1u);
            index[k] = node.left + go_right;
            moving = true;
          }
        }
        for (std::size_t k = 0; k < lanes; ++k) margins[lane0 + k] += nodes[index[k]].value;
      }
    }
    for (std::size_t r = 0; r < block; ++r) out[begin + r] = 1.0f / (1.0f + std::exp(-margins[r]));
  }
}

TreeModel::Contributions TreeModel::contributions(const float* row) const {
  Contributions result;
  result.bias = base_margin_;
  result.per_feature.assign(feature_count_, 0.0);
  for (std::uint32_t root : roots_) {
    std::uint32_t index = root;
    result.bias += node_means_[index];
    while (nodes_[index].feature != kLeaf) {
      const Node& node = nodes_[index];
      float x = row[node.feature];
      std::uint32_t go_right = std::isnan(x) ? 1u - node.default_left : (x < node.value ? 0u : 1u);
      std::uint32_t next = node.left + go_right;
      result.per_feature[node.feature] += node_means_[next] - node_means_[index];
      index = next;
    }
  }
  return result;
}

std::vector<FeatureContribution> TreeModel::top_reasons(const float* row, std::size_t count) const {
  Contributions all = contributions(row);
  std::vector<FeatureContribution> reasons;
  for (std::size_t i = 0; i < all.per_feature.size(); ++i) {
    if (all.per_feature[i] > 0) reasons.push_back({i, feature_names_[i], all.per_feature[i]});
  }
  std::sort(reasons.begin(), reasons.end(), [](const auto& a, const auto& b) {
    return a.contribution != b.contribution ? a.contribution > b.contribution
                                            : a.feature < b.feature;
  });
  if (reasons.size() > count) reasons.resize(count);
  return reasons;
}

}  // namespace oc::risk_model
