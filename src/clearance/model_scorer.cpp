#include "clearance/model_scorer.h"

#include <chrono>
#include <simdjson.h>

#include "core/csv.h"
#include "core/sha256.h"
#include "declaration/json_codec.h"

namespace oc {
namespace {

double to_double(const Decimal& value) {
  double scale = 1;
  for (int i = 0; i < value.scale(); ++i) scale *= 10;
  return static_cast<double>(value.units()) / scale;
}

risk_model::KcsDate date_of(std::int32_t day) {
  std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{day}}};
  return {static_cast<int>(date.year()), static_cast<int>(static_cast<unsigned>(date.month())),
          static_cast<int>(static_cast<unsigned>(date.day()))};
}

// The findings outcome of a declaration's events: nullopt when it was never inspected.
std::optional<std::string> findings_outcome(const std::vector<Event>& events) {
  std::optional<std::string> outcome;
  for (const Event& event : events) {
    if (event.type != EventType::findings_recorded) continue;
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    std::string_view text;
    if (parser.parse(event.payload_json).get(root) == simdjson::SUCCESS &&
        root["outcome"].get_string().get(text) == simdjson::SUCCESS) {
      outcome = std::string(text);
    }
  }
  return outcome;
}

}  // namespace

risk_model::KcsDeclaration model_row(const Declaration& d, const Item& item, std::int32_t day) {
  risk_model::KcsDeclaration row;
  row.declaration_id = d.lrn;
  row.date = date_of(day);
  row.office = d.office;
  row.process_type = d.procedure;
  row.import_type = std::string(to_string(d.type));
  row.transport_mode = std::string(to_string(d.transport_mode));
  row.declarant = d.declarant;
  row.importer = d.importer.id;
  row.seller = d.exporter.id;
  row.hs6 = item.hs_code.substr(0, 6);
  row.departure_country = d.departure_country.empty() ? d.trading_country : d.departure_country;
  row.origin_country = item.origin;
  row.tax_type = item.preference;
  row.origin_indicator = item.preference;
  row.net_mass_kg = to_double(item.net_mass_kg);
  row.item_price_krw = to_double(item.invoice_amount);  // the declaration's currency, not KRW
  return row;
}

Result<std::shared_ptr<const ModelScorer>> ModelScorer::load(const std::filesystem::path& file) {
  auto content = read_file(file);
  if (!content) return std::move(content).error();
  auto model = risk_model::RiskModel::parse(*content);
  if (!model) return std::move(model).error();
  std::string version = "sha256:" + sha256_hex(*content).substr(0, 16);
  return std::shared_ptr<const ModelScorer>(new ModelScorer(std::move(*model), std::move(version)));
}

std::optional<DeclarationScorer::Score> ModelScorer::score(const Declaration& declaration,
                                                           std::int32_t day) const {
  if (declaration.items.empty()) return std::nullopt;
  const std::size_t columns = model_.pipeline.feature_count();
  std::vector<float> features(columns);
  std::vector<float> best_features;
  double best = -1;
  for (const Item& item : declaration.items) {
    model_.pipeline.features(model_row(declaration, item, day), features.data());
    const double probability = model_.trees.predict(features.data());
    if (probability > best) {
      best = probability;
      std::swap(best_features, features);  // no copy; features is refilled whole next item
      features.resize(columns);
    }
  }
  Score score;
  score.probability = best;
  for (const auto& reason : model_.trees.top_reasons(best_features.data(), 3)) {
    score.top_features.emplace_back(reason.name, reason.contribution);
  }
  return score;
}

Result<std::vector<risk_model::KcsDeclaration>> labelled_history(Store& store) {
  std::vector<risk_model::KcsDeclaration> rows;
  DeclarationFilter filter;
  filter.limit = declarations_page_max;
  std::vector<DeclarationRecord> records;
  while (true) {
    auto page = store.list_declarations(filter);
    if (!page) return std::move(page).error();
    if (page->empty()) break;
    filter.before_id = page->back().id;
    for (auto& record : *page) records.push_back(std::move(record));
  }
  // Oldest first: the feature protocol runs month by month.
  std::reverse(records.begin(), records.end());
  for (const DeclarationRecord& record : records) {
    auto events = store.events(record.id);
    if (!events) return std::move(events).error();
    auto outcome = findings_outcome(*events);
    if (!outcome) continue;
    DecodedDeclaration decoded = decode_declaration(record.body_json);
    if (!decoded.errors.empty()) continue;
    const auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(record.lodged_at.time_since_epoch()).count();
    const std::int32_t day = static_cast<std::int32_t>((seconds + 8 * 3600) / 86400);
    for (const Item& item : decoded.declaration.items) {
      risk_model::KcsDeclaration row = model_row(decoded.declaration, item, day);
      row.declaration_id = record.id;
      row.fraud = *outcome != "compliant";
      row.critical_fraud = *outcome == "seizure" ? 2 : (row.fraud ? 1 : 0);
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace oc
