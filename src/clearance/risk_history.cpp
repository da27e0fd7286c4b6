#include "clearance/risk_history.h"

#include "declaration/json_codec.h"

namespace oc {

Result<ReferencePrices> reference_prices_from_store(Store& store, std::size_t declarations_max) {
  std::vector<PriceObservation> observations;
  DeclarationFilter filter;
  filter.limit = declarations_page_max;
  std::size_t seen = 0;
  while (seen < declarations_max) {
    auto page = store.list_declarations(filter);
    if (!page) return std::move(page).error();
    if (page->empty()) break;
    for (const DeclarationRecord& record : *page) {
      DecodedDeclaration decoded = decode_declaration(record.body_json);
      if (!decoded.errors.empty()) continue;  // stored bodies are canonical; verify reports others
      for (auto& observation : price_observations(decoded.declaration)) {
        observations.push_back(std::move(observation));
      }
    }
    seen += page->size();
    filter.before_id = page->back().id;
  }
  return ReferencePrices::from_observations(std::move(observations));
}

}  // namespace oc
