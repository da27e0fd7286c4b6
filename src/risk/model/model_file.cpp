// Writing and reading the risk model file; the parts must agree on the feature columns.
#include "risk/model/model_file.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <system_error>

#include "core/csv.h"
#include "core/json_writer.h"
#include "risk/model/json_access.h"

namespace oc::risk_model {

std::string model_file_json(const std::vector<std::string>& feature_names,
                            std::string_view metadata_json, const FeaturePipeline& pipeline,
                            std::string_view xgboost_json) {
  JsonWriter out;
  out.begin_object();
  out.field("format", model_file_format);
  out.field("version", static_cast<std::int64_t>(model_file_version));
  out.key("feature_names").begin_array();
  for (const std::string& name : feature_names) out.string(name);
  out.end_array();
  out.key("metadata").raw(metadata_json);
  out.key("pipeline");
  pipeline.write_json(out);
  out.key("xgboost").raw(xgboost_json);
  out.end_object();
  return out.take();
}

Result<RiskModel> RiskModel::parse(std::string_view content) {
  using namespace json;
  if (content.size() > model_file_bytes_max) {
    return format_error("", "the model file has " + std::to_string(content.size()) +
                                " bytes; at most " + std::to_string(model_file_bytes_max));
  }
  if (content.empty()) return format_error("", "the model file is empty");
  simdjson::dom::parser parser(content.size() + 64);
  if (parser.allocate(content.size() + 64, model_json_depth_max) != simdjson::SUCCESS) {
    return make_error("risk_model.allocation", "", "JSON parser allocation failed");
  }
  simdjson::padded_string padded(content);
  element root_element;
  auto code = parser.parse(padded).get(root_element);
  if (code != simdjson::SUCCESS) {
    return format_error("", std::string("malformed JSON: ") + simdjson::error_message(code));
  }
  auto root = as_object(root_element, "");
  if (!root) return std::move(root).error();

  auto format = member(*root, "format", "");
  if (!format) return std::move(format).error();
  auto format_name = as_string(*format, "/format");
  if (!format_name) return std::move(format_name).error();
  if (*format_name != model_file_format) {
    return format_error("/format", "not an OpenCustoms risk model (format '" +
                                       std::string(format_name->substr(0, 40)) + "')");
  }
  auto version = member(*root, "version", "");
  if (!version) return std::move(version).error();
  std::int64_t version_number = 0;
  if (version->get_int64().get(version_number) != simdjson::SUCCESS ||
      version_number != model_file_version) {
    return make_error("risk_model.version", "/version",
                      "this program reads risk model files of version " +
                          std::to_string(model_file_version) + "; retrain the model");
  }

  auto names_element = member(*root, "feature_names", "");
  if (!names_element) return std::move(names_element).error();
  auto names = as_array(*names_element, "/feature_names");
  if (!names) return std::move(names).error();
  if (names->size() > model_features_max) {
    return format_error("/feature_names", "more than " + std::to_string(model_features_max));
  }
  std::vector<std::string> feature_names;
  for (element name : *names) {
    auto text = as_string(name, child("/feature_names", feature_names.size()));
    if (!text) return std::move(text).error();
    feature_names.emplace_back(*text);
  }

  auto metadata = member(*root, "metadata", "");
  if (!metadata) return std::move(metadata).error();
  auto metadata_object = as_object(*metadata, "/metadata");
  if (!metadata_object) return std::move(metadata_object).error();

  auto pipeline_element = member(*root, "pipeline", "");
  if (!pipeline_element) return std::move(pipeline_element).error();
  auto pipeline = FeaturePipeline::from_json(*pipeline_element, "/pipeline");
  if (!pipeline) return std::move(pipeline).error();
  if (pipeline->feature_names() != feature_names) {
    return format_error("/feature_names",
                        "the pipeline computes other features than the model's columns");
  }

  auto xgboost_element = member(*root, "xgboost", "");
  if (!xgboost_element) return std::move(xgboost_element).error();
  auto trees = TreeModel::from_element(*xgboost_element, "/xgboost");
  if (!trees) return std::move(trees).error();
  if (trees->feature_names() != feature_names) {
    return format_error("/xgboost/learner/feature_names",
                        "the trees were trained on other columns than the model's");
  }

  return RiskModel{std::move(feature_names), simdjson::minify(*metadata),
                   std::move(pipeline).value(), std::move(trees).value(),
                   simdjson::minify(*xgboost_element)};
}

Result<RiskModel> RiskModel::load(const std::filesystem::path& path) {
  auto content = read_file(path, model_file_bytes_max);
  if (!content) return std::move(content).error();
  auto model = parse(*content);
  if (!model) {
    Error error = std::move(model).error();
    error.message = path.string() + ": " + error.message;
    return error;
  }
  return model;
}

VoidResult write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::path temporary = path;
  temporary += ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      return make_error("file.unwritable", path.string(), "cannot write the model file");
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    return make_error("file.unwritable", path.string(), error.message());
  }
  return ok_result();
}

}  // namespace oc::risk_model
