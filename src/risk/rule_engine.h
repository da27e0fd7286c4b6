// RuleEngine: the rule set in force, replaced whole by a hot reload while evaluations go on.
//
// The compiled set sits behind std::atomic<std::shared_ptr<const CompiledRules>>: an evaluation
// takes one reference at its start and finishes on that set even if a reload swaps in another
// meanwhile, so no request is dropped or sees half of each. A reload that fails to parse or check
// keeps the old set and returns every error. Each RuleDecision holds the set it used, whose
// source_sha256() names the rule file's exact text, so a decision can record which rule set and
// which rules (ids with versions) fired.
// Reading the rule file is the caller's job (the domain reads no files); so is the day and the
// declarant's credit grade (an evaluation input). Reference prices are swapped the same way.
// Thread safety: every member function may be called from any thread at any time. Concurrent
// reloads each install a complete set; the last to finish wins.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "declaration/declaration.h"
#include "risk/credit_grade.h"
#include "risk/reference_prices.h"
#include "risk/rule_ast.h"
#include "risk/rule_matcher.h"

namespace oc {

// A rule file's text compiled: the set, or every error (parse errors; or, when the text parsed,
// the checker's errors).
struct RuleBuild {
  std::shared_ptr<const CompiledRules> rules;  // null when errors is not empty
  Errors errors;
};
RuleBuild build_rules(std::string_view source, std::string_view source_name = "rules");

struct RuleDecision {
  std::shared_ptr<const CompiledRules> rules;  // the set used; keeps `fired` valid
  std::vector<FiredRule> fired;                // in rule-file order
};

class RuleEngine {
 public:
  // Starts with an empty rule set (nothing fires) and no reference prices.
  RuleEngine();

  // Compiles `source` and swaps it in; on errors the current set stays and the errors return.
  Errors reload(std::string_view source, std::string_view source_name = "rules");
  void replace_reference_prices(std::shared_ptr<const ReferencePrices> prices);

  std::shared_ptr<const CompiledRules> rules() const { return rules_.load(); }
  // SHA-256 (hex) of the text of the rule set in force; of "" before the first reload.
  std::string version() const { return rules()->source_sha256(); }
  std::shared_ptr<const ReferencePrices> reference_prices() const { return prices_.load(); }

  // The rules of the current set that fire for `declaration` on `date`.
  RuleDecision evaluate(const Declaration& declaration, RuleDate date,
                        CreditGrade declarant_grade) const;

 private:
  std::atomic<std::shared_ptr<const CompiledRules>> rules_;
  std::atomic<std::shared_ptr<const ReferencePrices>> prices_;
};

}  // namespace oc
