// rule_parser: the text of a targeting-rule file into its syntax tree (rule_ast.h). The grammar
// is in docs/risk-rules.md. Syntax errors say exactly where and what was expected:
//   {code "rules.syntax", path "rules:3:41", message "line 3, column 41: expected 'then', found
//   'than'"}
// (path is `<source_name>:<line>:<column>`). After an error the parser skips to the next `rule` or
// `list`, so one pass reports the first error of every broken rule; a rule with an error is left
// out of the tree. Every limit of rule_ast.h is enforced with its own code:
//   rules.encoding (not UTF-8), rules.too_large, rules.too_many_rules, rules.too_many_lists,
//   rules.list_too_long, rules.too_deep, rules.too_many_tests, rules.text_too_long,
//   rules.name_too_long, rules.too_many_errors.
// Names are not resolved here (fields, lists, enumeration values): that is rule_check's job.
// Thread safety: a pure function.
#pragma once

#include <string_view>

#include "core/result.h"
#include "risk/rule_ast.h"

namespace oc {

struct ParsedRuleFile {
  RuleFileSyntax file;
  Errors errors;  // empty when the whole text parsed
};

ParsedRuleFile parse_rule_file(std::string_view source, std::string_view source_name = "rules");

// The error every rule module reports: path "<source_name>:<line>:<column>", message prefixed
// with "line L, column C: ".
Error make_rule_error(std::string code, std::string_view source_name, SourcePosition at,
                      std::string_view message);

}  // namespace oc
