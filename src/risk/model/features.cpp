// The feature tables (categorical columns, numeric features, profile key groups), the monthly
// protocol and the pipeline state's JSON form.
#include "risk/model/features.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>

#include "risk/model/json_access.h"

namespace oc::risk_model {
namespace {

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

// What a categorical encoding or a profile key is made of.
enum class Part {
  office,
  process_type,
  import_type,
  import_use,
  payment_type,
  transport_mode,
  declarant,
  importer,
  seller,
  courier,
  hs6,
  hs4,
  hs2,
  departure,
  origin,
  tax_type,
  origin_indicator,
  item_price,
  net_mass,
};

// Appends the part's text; false when the declaration has none (no seller, no courier).
bool append_part(const KcsDeclaration& row, Part part, std::string& out) {
  auto text = [&](std::string_view value) {
    out.append(value);
    return !value.empty();
  };
  auto number = [&](double value) {
    char buffer[32];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
    return true;
  };
  switch (part) {
    case Part::office:
      return text(row.office);
    case Part::process_type:
      return text(row.process_type);
    case Part::import_type:
      return text(row.import_type);
    case Part::import_use:
      return text(row.import_use);
    case Part::payment_type:
      return text(row.payment_type);
    case Part::transport_mode:
      return text(row.transport_mode);
    case Part::declarant:
      return text(row.declarant);
    case Part::importer:
      return text(row.importer);
    case Part::seller:
      return text(row.seller);
    case Part::courier:
      return text(row.courier);
    case Part::hs6:
      return text(row.hs6);
    case Part::hs4:
      return text(std::string_view(row.hs6).substr(0, 4));
    case Part::hs2:
      return text(std::string_view(row.hs6).substr(0, 2));
    case Part::departure:
      return text(row.departure_country);
    case Part::origin:
      return text(row.origin_country);
    case Part::tax_type:
      return text(row.tax_type);
    case Part::origin_indicator:
      return text(row.origin_indicator);
    case Part::item_price:
      return number(row.item_price_krw);
    case Part::net_mass:
      return number(row.net_mass_kg);
  }
  return false;
}

struct CategoricalColumn {
  const char* name;
  Part part;
};

// Encoded as label code and frequency. An empty seller or courier is a value of its own here
// ("none declared"), unlike in the profiles.
const CategoricalColumn kCategorical[] = {
    {"office", Part::office},
    {"process_type", Part::process_type},
    {"import_type", Part::import_type},
    {"import_use", Part::import_use},
    {"payment_type", Part::payment_type},
    {"transport_mode", Part::transport_mode},
    {"declarant", Part::declarant},
    {"importer", Part::importer},
    {"seller", Part::seller},
    {"courier", Part::courier},
    {"hs6", Part::hs6},
    {"hs4", Part::hs4},
    {"hs2", Part::hs2},
    {"departure", Part::departure},
    {"origin", Part::origin},
    {"tax_type", Part::tax_type},
    {"origin_indicator", Part::origin_indicator},
};
constexpr std::size_t kCategoricalCount = std::size(kCategorical);

struct ProfileGroup {
  const char* name;
  Part first;
  Part second;
  bool pair;
  bool value_fingerprint;
};

const ProfileGroup kProfileGroups[] = {
    {"importer", Part::importer, Part::importer, false, false},
    {"declarant", Part::declarant, Part::declarant, false, false},
    {"seller", Part::seller, Part::seller, false, false},
    {"courier", Part::courier, Part::courier, false, false},
    {"hs6", Part::hs6, Part::hs6, false, false},
    {"hs4", Part::hs4, Part::hs4, false, false},
    {"hs2", Part::hs2, Part::hs2, false, false},
    {"origin", Part::origin, Part::origin, false, false},
    {"departure", Part::departure, Part::departure, false, false},
    {"office", Part::office, Part::office, false, false},
    {"tax_type", Part::tax_type, Part::tax_type, false, false},
    {"importer_hs6", Part::importer, Part::hs6, true, false},
    {"declarant_importer", Part::declarant, Part::importer, true, false},
    {"declarant_hs6", Part::declarant, Part::hs6, true, false},
    {"seller_importer", Part::seller, Part::importer, true, false},
    {"seller_hs6", Part::seller, Part::hs6, true, false},
    {"importer_origin", Part::importer, Part::origin, true, false},
    {"origin_hs6", Part::origin, Part::hs6, true, false},
    {"departure_origin", Part::departure, Part::origin, true, false},
    {"office_hs6", Part::office, Part::hs6, true, false},
    {"tax_type_hs6", Part::tax_type, Part::hs6, true, false},
    {"item_price", Part::item_price, Part::item_price, false, true},
    {"net_mass", Part::net_mass, Part::net_mass, false, true},
    {"hs6_item_price", Part::hs6, Part::item_price, true, true},
    {"hs6_net_mass", Part::hs6, Part::net_mass, true, true},
    {"origin_item_price", Part::origin, Part::item_price, true, true},
    {"item_price_net_mass", Part::item_price, Part::net_mass, true, true},
};
constexpr std::size_t kProfileGroupCount = std::size(kProfileGroups);

const char* const kNumeric[] = {
    "log_item_price",  // log(1 + price)
    "log_net_mass",    // log(1 + mass)
    "unit_value",      // price / mass; missing when the mass is 0
    "log_unit_value",  // log(1 + unit value)
    "tax_rate_percent",
    "log_tax_proxy",             // log(1 + price x rate / 100): the duty at stake, roughly
    "unit_value_vs_hs6_median",  // log(1 + uv) - median of log(1 + uv) of the HS6, earlier months
    "origin_is_departure",       // 1 when the goods leave from their country of origin
    "seller_declared",
    "courier_declared",
};
// The one numeric feature derived from history.
constexpr std::string_view kHistoryNumeric = "unit_value_vs_hs6_median";

bool group_enabled(const ProfileGroup& group, const FeaturePipeline::Options& options) {
  return options.entity_profiles && (options.value_fingerprints || !group.value_fingerprint);
}

// The key of `row` in `group`; false when a part is missing.
bool profile_key(const KcsDeclaration& row, const ProfileGroup& group, std::string& key) {
  key.clear();
  if (!append_part(row, group.first, key)) return false;
  if (!group.pair) return true;
  key.push_back('|');
  return append_part(row, group.second, key);
}

float log_unit_value(const KcsDeclaration& row) {
  if (row.net_mass_kg <= 0) return kMissing;
  return static_cast<float>(std::log1p(row.item_price_krw / row.net_mass_kg));
}

void write_float_array(JsonWriter& out, const std::vector<float>& values) {
  out.begin_array();
  char buffer[32];
  for (float value : values) {
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.raw(std::string_view(buffer, static_cast<std::size_t>(result.ptr - buffer)));
  }
  out.end_array();
}

}  // namespace

FeaturePipeline FeaturePipeline::fit(const std::vector<KcsDeclaration>& training_rows,
                                     Options options) {
  FeaturePipeline pipeline;
  pipeline.options_ = options;
  pipeline.training_rows_ = static_cast<std::uint32_t>(training_rows.size());
  pipeline.encodings_.resize(kCategoricalCount);
  std::string value;
  for (std::size_t c = 0; c < kCategoricalCount; ++c) {
    std::unordered_map<std::string, std::uint32_t> counts;
    for (const KcsDeclaration& row : training_rows) {
      value.clear();
      append_part(row, kCategorical[c].part, value);
      ++counts[value];
    }
    // Rank by count, descending; equal counts by value, so the codes do not depend on row order.
    std::vector<std::pair<std::string, std::uint32_t>> ranked(counts.begin(), counts.end());
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    auto& codes = pipeline.encodings_[c].codes;
    for (std::uint32_t rank = 0; rank < ranked.size(); ++rank) {
      codes.emplace(std::move(ranked[rank].first), std::make_pair(rank, ranked[rank].second));
    }
  }
  pipeline.profiles_.resize(kProfileGroupCount);
  pipeline.name_features();
  return pipeline;
}

void FeaturePipeline::name_features() {
  feature_names_.clear();
  for (const CategoricalColumn& column : kCategorical) {
    feature_names_.push_back(std::string("code:") + column.name);
    feature_names_.push_back(std::string("frequency:") + column.name);
  }
  for (const char* name : kNumeric) {
    if (options_.entity_profiles || std::string_view(name) != kHistoryNumeric) {
      feature_names_.push_back(name);
    }
  }
  for (const ProfileGroup& group : kProfileGroups) {
    if (!group_enabled(group, options_)) continue;
    feature_names_.push_back(std::string("rate:") + group.name);
    feature_names_.push_back(std::string("count:") + group.name);
  }
}

void FeaturePipeline::features(const KcsDeclaration& row, float* out) const {
  std::string key;
  for (std::size_t c = 0; c < kCategoricalCount; ++c) {
    key.clear();
    append_part(row, kCategorical[c].part, key);
    auto found = encodings_[c].codes.find(key);
    if (found == encodings_[c].codes.end() || training_rows_ == 0) {
      *out++ = kMissing;
      *out++ = kMissing;
    } else {
      *out++ = static_cast<float>(found->second.first);
      *out++ = static_cast<float>(static_cast<double>(found->second.second) / training_rows_);
    }
  }

  double price = row.item_price_krw;
  double mass = row.net_mass_kg;
  float own_log_unit_value = log_unit_value(row);
  float vs_median = kMissing;
  if (!std::isnan(own_log_unit_value)) {
    auto found = hs6_unit_values_.find(row.hs6);
    if (found != hs6_unit_values_.end() && !found->second.sorted_log_unit_values.empty()) {
      const std::vector<float>& sorted = found->second.sorted_log_unit_values;
      std::size_t n = sorted.size();
      double median =
          n % 2 == 1 ? sorted[n / 2] : (static_cast<double>(sorted[n / 2 - 1]) + sorted[n / 2]) / 2;
      vs_median = static_cast<float>(own_log_unit_value - median);
    }
  }
  *out++ = static_cast<float>(std::log1p(price));
  *out++ = static_cast<float>(std::log1p(mass));
  *out++ = mass > 0 ? static_cast<float>(price / mass) : kMissing;
  *out++ = own_log_unit_value;
  *out++ = static_cast<float>(row.tax_rate_percent);
  *out++ = static_cast<float>(std::log1p(price * row.tax_rate_percent / 100));
  if (options_.entity_profiles) *out++ = vs_median;
  *out++ = row.origin_country == row.departure_country ? 1.0f : 0.0f;
  *out++ = row.seller.empty() ? 0.0f : 1.0f;
  *out++ = row.courier.empty() ? 0.0f : 1.0f;

  bool have_prior = overall_.declarations > 0;
  double prior = have_prior ? static_cast<double>(overall_.frauds) / overall_.declarations : 0;
  double m = options_.profile_smoothing;
  for (std::size_t g = 0; g < kProfileGroupCount; ++g) {
    if (!group_enabled(kProfileGroups[g], options_)) continue;
    if (!profile_key(row, kProfileGroups[g], key)) {
      *out++ = kMissing;
      *out++ = kMissing;
      continue;
    }
    ProfileTally tally;
    auto found = profiles_[g].find(key);
    if (found != profiles_[g].end()) tally = found->second;
    *out++ = have_prior ? static_cast<float>((tally.frauds + m * prior) / (tally.declarations + m))
                        : kMissing;
    *out++ = static_cast<float>(std::log1p(static_cast<double>(tally.declarations)));
  }
}

void FeaturePipeline::absorb(const KcsDeclaration& row, bool labelled) {
  float value = log_unit_value(row);
  if (!std::isnan(value)) {
    std::vector<float>& sorted = hs6_unit_values_[row.hs6].sorted_log_unit_values;
    sorted.insert(std::upper_bound(sorted.begin(), sorted.end(), value), value);
  }
  mark_month(row.date.month_index());
  if (!labelled) return;
  ++overall_.declarations;
  overall_.frauds += row.fraud ? 1 : 0;
  std::string key;
  for (std::size_t g = 0; g < kProfileGroupCount; ++g) {
    if (!group_enabled(kProfileGroups[g], options_)) continue;
    if (!profile_key(row, kProfileGroups[g], key)) continue;
    ProfileTally& tally = profiles_[g][key];
    ++tally.declarations;
    tally.frauds += row.fraud ? 1 : 0;
  }
}

void FeaturePipeline::mark_month(int month_index) {
  if (first_month_ < 0 || month_index < first_month_) first_month_ = month_index;
  if (month_index > last_month_) last_month_ = month_index;
}

Result<FeatureMatrix> FeaturePipeline::transform_by_month(const std::vector<KcsDeclaration>& rows) {
  std::map<int, std::vector<std::size_t>> months;
  for (std::size_t i = 0; i < rows.size(); ++i) months[rows[i].date.month_index()].push_back(i);
  if (!months.empty() && months.begin()->first <= last_month_) {
    return make_error("risk_model.time_order", "",
                      "the declarations start in " + month_name(months.begin()->first) +
                          ", not after " + month_name(last_month_) +
                          ", the last month of the model's history: their features would hold "
                          "labels of their own or later months");
  }
  FeatureMatrix matrix;
  matrix.rows = rows.size();
  matrix.columns = feature_count();
  matrix.values.resize(matrix.rows * matrix.columns);
  for (const auto& [month, indexes] : months) {
    for (std::size_t i : indexes) features(rows[i], matrix.values.data() + i * matrix.columns);
    for (std::size_t i : indexes) absorb(rows[i], true);
  }
  return matrix;
}

void FeaturePipeline::write_json(JsonWriter& out) const {
  out.begin_object();
  out.key("options").begin_object();
  {
    char buffer[32];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, options_.profile_smoothing);
    out.key("profile_smoothing").raw(std::string_view(buffer, result.ptr - buffer));
  }
  out.key("value_fingerprints").boolean(options_.value_fingerprints);
  out.key("entity_profiles").boolean(options_.entity_profiles);
  out.end_object();
  out.field("training_rows", static_cast<std::int64_t>(training_rows_));
  out.field("first_month", static_cast<std::int64_t>(first_month_));
  out.field("last_month", static_cast<std::int64_t>(last_month_));
  out.key("overall").begin_object();
  out.field("declarations", static_cast<std::int64_t>(overall_.declarations));
  out.field("frauds", static_cast<std::int64_t>(overall_.frauds));
  out.end_object();

  // Keys are written sorted, so that one history always gives the same file.
  out.key("encodings").begin_array();
  for (std::size_t c = 0; c < kCategoricalCount; ++c) {
    std::vector<std::pair<std::uint32_t, const std::string*>> by_rank;
    for (const auto& [value, code] : encodings_[c].codes) by_rank.emplace_back(code.first, &value);
    std::sort(by_rank.begin(), by_rank.end());
    out.begin_object().field("column", kCategorical[c].name);
    out.key("values").begin_array();
    for (const auto& [rank, value] : by_rank) out.string(*value);
    out.end_array();
    out.key("counts").begin_array();
    for (const auto& [rank, value] : by_rank) {
      out.integer(encodings_[c].codes.at(*value).second);
    }
    out.end_array();
    out.end_object();
  }
  out.end_array();

  out.key("profiles").begin_array();
  for (std::size_t g = 0; g < kProfileGroupCount; ++g) {
    if (!group_enabled(kProfileGroups[g], options_)) continue;
    std::vector<std::pair<const std::string*, ProfileTally>> sorted;
    for (const auto& [key, tally] : profiles_[g]) sorted.emplace_back(&key, tally);
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return *a.first < *b.first; });
    out.begin_object().field("group", kProfileGroups[g].name);
    out.key("keys").begin_array();
    for (const auto& entry : sorted) out.string(*entry.first);
    out.end_array();
    out.key("declarations").begin_array();
    for (const auto& entry : sorted) out.integer(entry.second.declarations);
    out.end_array();
    out.key("frauds").begin_array();
    for (const auto& entry : sorted) out.integer(entry.second.frauds);
    out.end_array();
    out.end_object();
  }
  out.end_array();

  std::vector<const std::string*> hs6_keys;
  for (const auto& [hs6, values] : hs6_unit_values_) hs6_keys.push_back(&hs6);
  std::sort(hs6_keys.begin(), hs6_keys.end(),
            [](const std::string* a, const std::string* b) { return *a < *b; });
  out.key("hs6_log_unit_values").begin_object();
  for (const std::string* hs6 : hs6_keys) {
    out.key(*hs6);
    write_float_array(out, hs6_unit_values_.at(*hs6).sorted_log_unit_values);
  }
  out.end_object();
  out.end_object();
}

Result<FeaturePipeline> FeaturePipeline::from_json(const simdjson::dom::element& source,
                                                   const std::string& path) {
  using namespace json;
  FeaturePipeline pipeline;
  auto root = as_object(source, path);
  if (!root) return std::move(root).error();

  auto options_element = member(*root, "options", path);
  if (!options_element) return std::move(options_element).error();
  std::string options_path = child(path, "options");
  auto options = as_object(*options_element, options_path);
  if (!options) return std::move(options).error();
  auto smoothing_element = member(*options, "profile_smoothing", options_path);
  if (!smoothing_element) return std::move(smoothing_element).error();
  auto smoothing = as_number(*smoothing_element, child(options_path, "profile_smoothing"));
  if (!smoothing) return std::move(smoothing).error();
  if (*smoothing <= 0 || *smoothing > 1e6) {
    return format_error(child(options_path, "profile_smoothing"), "expected a number in (0, 1e6]");
  }
  pipeline.options_.profile_smoothing = *smoothing;
  auto fingerprints_element = member(*options, "value_fingerprints", options_path);
  if (!fingerprints_element) return std::move(fingerprints_element).error();
  auto fingerprints = as_bool(*fingerprints_element, child(options_path, "value_fingerprints"));
  if (!fingerprints) return std::move(fingerprints).error();
  pipeline.options_.value_fingerprints = *fingerprints;
  auto profiles_flag_element = member(*options, "entity_profiles", options_path);
  if (!profiles_flag_element) return std::move(profiles_flag_element).error();
  auto profiles_flag = as_bool(*profiles_flag_element, child(options_path, "entity_profiles"));
  if (!profiles_flag) return std::move(profiles_flag).error();
  pipeline.options_.entity_profiles = *profiles_flag;

  constexpr std::int64_t count_max = std::numeric_limits<std::uint32_t>::max();
  auto integer_member = [&](const object& fields, std::string_view key, const std::string& at,
                            std::int64_t low, std::int64_t high) -> Result<std::int64_t> {
    auto value = member(fields, key, at);
    if (!value) return std::move(value).error();
    return as_integer(*value, child(at, key), low, high);
  };
  auto training_rows = integer_member(*root, "training_rows", path, 0, count_max);
  if (!training_rows) return std::move(training_rows).error();
  pipeline.training_rows_ = static_cast<std::uint32_t>(*training_rows);
  constexpr std::int64_t month_max = (kcs_year_max + 1) * 12;
  auto first_month = integer_member(*root, "first_month", path, -1, month_max);
  if (!first_month) return std::move(first_month).error();
  auto last_month = integer_member(*root, "last_month", path, -1, month_max);
  if (!last_month) return std::move(last_month).error();
  if ((*first_month < 0) != (*last_month < 0) || *first_month > *last_month) {
    return format_error(child(path, "last_month"), "the months are out of order");
  }
  pipeline.first_month_ = static_cast<int>(*first_month);
  pipeline.last_month_ = static_cast<int>(*last_month);

  auto overall_element = member(*root, "overall", path);
  if (!overall_element) return std::move(overall_element).error();
  std::string overall_path = child(path, "overall");
  auto overall = as_object(*overall_element, overall_path);
  if (!overall) return std::move(overall).error();
  auto overall_declarations = integer_member(*overall, "declarations", overall_path, 0, count_max);
  if (!overall_declarations) return std::move(overall_declarations).error();
  auto overall_frauds = integer_member(*overall, "frauds", overall_path, 0, *overall_declarations);
  if (!overall_frauds) return std::move(overall_frauds).error();
  pipeline.overall_ = {static_cast<std::uint32_t>(*overall_declarations),
                       static_cast<std::uint32_t>(*overall_frauds)};

  // Reads the parallel arrays `names` (strings) and `numbers` of one table entry.
  auto string_array = [&](const object& fields, std::string_view key,
                          const std::string& at) -> Result<array> {
    auto value = member(fields, key, at);
    if (!value) return std::move(value).error();
    return as_array(*value, child(at, key));
  };

  // Encodings: one entry per categorical column, in table order.
  auto encodings_element = member(*root, "encodings", path);
  if (!encodings_element) return std::move(encodings_element).error();
  std::string encodings_path = child(path, "encodings");
  auto encodings = as_array(*encodings_element, encodings_path);
  if (!encodings) return std::move(encodings).error();
  if (encodings->size() != kCategoricalCount) {
    return format_error(encodings_path,
                        "expected " + std::to_string(kCategoricalCount) + " encodings");
  }
  pipeline.encodings_.resize(kCategoricalCount);
  std::size_t encoded_values = 0;
  std::size_t c = 0;
  for (element entry : *encodings) {
    std::string at = child(encodings_path, c);
    auto fields = as_object(entry, at);
    if (!fields) return std::move(fields).error();
    auto column = member(*fields, "column", at);
    if (!column) return std::move(column).error();
    auto column_name = as_string(*column, child(at, "column"));
    if (!column_name) return std::move(column_name).error();
    if (*column_name != kCategorical[c].name) {
      return format_error(child(at, "column"),
                          "expected the encoding of '" + std::string(kCategorical[c].name) + "'");
    }
    auto values = string_array(*fields, "values", at);
    if (!values) return std::move(values).error();
    auto counts = string_array(*fields, "counts", at);
    if (!counts) return std::move(counts).error();
    if (values->size() != counts->size()) {
      return format_error(child(at, "counts"), "expected as many counts as values");
    }
    encoded_values += values->size();
    if (encoded_values > encoding_values_max) {
      return format_error(
          at, "more than " + std::to_string(encoding_values_max) + " encoded values in all");
    }
    auto& codes = pipeline.encodings_[c].codes;
    std::uint32_t rank = 0;
    auto count_it = counts->begin();
    for (element value : *values) {
      std::string value_path = child(child(at, "values"), rank);
      auto text = as_string(value, value_path);
      if (!text) return std::move(text).error();
      auto count = as_integer(*count_it, child(child(at, "counts"), rank), 1, count_max);
      if (!count) return std::move(count).error();
      if (!codes
               .emplace(std::string(*text),
                        std::make_pair(rank, static_cast<std::uint32_t>(*count)))
               .second) {
        return format_error(value_path, "a value listed twice");
      }
      ++rank;
      ++count_it;
    }
    ++c;
  }

  // Profiles: one entry per enabled key group, in table order.
  auto profiles_element = member(*root, "profiles", path);
  if (!profiles_element) return std::move(profiles_element).error();
  std::string profiles_path = child(path, "profiles");
  auto profiles = as_array(*profiles_element, profiles_path);
  if (!profiles) return std::move(profiles).error();
  std::vector<std::size_t> groups;
  for (std::size_t g = 0; g < kProfileGroupCount; ++g) {
    if (group_enabled(kProfileGroups[g], pipeline.options_)) groups.push_back(g);
  }
  if (profiles->size() != groups.size()) {
    return format_error(profiles_path, "expected " + std::to_string(groups.size()) + " profiles");
  }
  pipeline.profiles_.resize(kProfileGroupCount);
  std::size_t profile_keys = 0;
  std::size_t p = 0;
  for (element entry : *profiles) {
    std::size_t g = groups[p];
    std::string at = child(profiles_path, p);
    auto fields = as_object(entry, at);
    if (!fields) return std::move(fields).error();
    auto group = member(*fields, "group", at);
    if (!group) return std::move(group).error();
    auto group_name = as_string(*group, child(at, "group"));
    if (!group_name) return std::move(group_name).error();
    if (*group_name != kProfileGroups[g].name) {
      return format_error(child(at, "group"),
                          "expected the profile of '" + std::string(kProfileGroups[g].name) + "'");
    }
    auto keys = string_array(*fields, "keys", at);
    if (!keys) return std::move(keys).error();
    auto declarations = string_array(*fields, "declarations", at);
    if (!declarations) return std::move(declarations).error();
    auto frauds = string_array(*fields, "frauds", at);
    if (!frauds) return std::move(frauds).error();
    if (declarations->size() != keys->size() || frauds->size() != keys->size()) {
      return format_error(at, "expected as many declaration and fraud counts as keys");
    }
    profile_keys += keys->size();
    if (profile_keys > profile_keys_max) {
      return format_error(at,
                          "more than " + std::to_string(profile_keys_max) + " profile keys in all");
    }
    auto& table = pipeline.profiles_[g];
    table.reserve(keys->size());
    auto declarations_it = declarations->begin();
    auto frauds_it = frauds->begin();
    std::size_t k = 0;
    for (element key : *keys) {
      auto text = as_string(key, child(child(at, "keys"), k));
      if (!text) return std::move(text).error();
      auto n = as_integer(*declarations_it, child(child(at, "declarations"), k), 1,
                          pipeline.overall_.declarations);
      if (!n) return std::move(n).error();
      auto f = as_integer(*frauds_it, child(child(at, "frauds"), k), 0, *n);
      if (!f) return std::move(f).error();
      ProfileTally tally{static_cast<std::uint32_t>(*n), static_cast<std::uint32_t>(*f)};
      if (!table.emplace(std::string(*text), tally).second) {
        return format_error(child(child(at, "keys"), k), "a key listed twice");
      }
      ++k;
      ++declarations_it;
      ++frauds_it;
    }
    ++p;
  }

  auto unit_values_element = member(*root, "hs6_log_unit_values", path);
  if (!unit_values_element) return std::move(unit_values_element).error();
  std::string unit_values_path = child(path, "hs6_log_unit_values");
  auto unit_values = as_object(*unit_values_element, unit_values_path);
  if (!unit_values) return std::move(unit_values).error();
  std::size_t unit_value_count = 0;
  for (auto [hs6, values_element] : *unit_values) {
    std::string at = child(unit_values_path, hs6);
    auto values = as_array(values_element, at);
    if (!values) return std::move(values).error();
    unit_value_count += values->size();
    if (unit_value_count > profile_keys_max) {
      return format_error(at, "more than " + std::to_string(profile_keys_max) + " unit values");
    }
    std::vector<float>& sorted = pipeline.hs6_unit_values_[std::string(hs6)].sorted_log_unit_values;
    if (!sorted.empty()) return format_error(at, "an HS6 listed twice");
    sorted.reserve(values->size());
    std::size_t i = 0;
    for (element value : *values) {
      auto number = as_number(value, child(at, i));
      if (!number) return std::move(number).error();
      float stored = static_cast<float>(*number);
      if (!std::isfinite(stored) || stored < 0 || (!sorted.empty() && stored < sorted.back())) {
        return format_error(child(at, i), "expected ascending non-negative unit values");
      }
      sorted.push_back(stored);
      ++i;
    }
  }
  pipeline.name_features();
  return pipeline;
}

}  // namespace oc::risk_model
