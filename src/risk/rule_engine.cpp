// Building rule sets from text and swapping them in.
#include "risk/rule_engine.h"

#include <utility>

#include "core/sha256.h"
#include "risk/rule_check.h"
#include "risk/rule_parser.h"

namespace oc {

RuleBuild build_rules(std::string_view source, std::string_view source_name) {
  RuleBuild build;
  ParsedRuleFile parsed = parse_rule_file(source, source_name);
  if (!parsed.errors.empty()) {
    build.errors = std::move(parsed.errors);
    return build;
  }
  build.errors = check_rule_file(parsed.file, source_name);
  if (!build.errors.empty()) return build;
  build.rules = std::make_shared<const CompiledRules>(
      CompiledRules::compile(parsed.file, sha256_hex(source)));
  return build;
}

RuleEngine::RuleEngine()
    : rules_(build_rules("").rules), prices_(std::make_shared<const ReferencePrices>()) {}

Errors RuleEngine::reload(std::string_view source, std::string_view source_name) {
  RuleBuild build = build_rules(source, source_name);
  if (!build.errors.empty()) return std::move(build.errors);
  rules_.store(std::move(build.rules));
  return {};
}

void RuleEngine::replace_reference_prices(std::shared_ptr<const ReferencePrices> prices) {
  prices_.store(std::move(prices));
}

RuleDecision RuleEngine::evaluate(const Declaration& declaration, RuleDate date,
                                  CreditGrade declarant_grade) const {
  RuleDecision decision;
  decision.rules = rules_.load();
  std::shared_ptr<const ReferencePrices> prices = prices_.load();
  decision.fired = decision.rules->match(RuleInput{declaration, date, declarant_grade, *prices});
  return decision;
}

}  // namespace oc
