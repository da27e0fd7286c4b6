// The rule-file lexer and recursive-descent parser. Recursion is bounded by
// rule_condition_depth_max (checked before descending), so no input can exhaust the stack.
#include "risk/rule_parser.h"

#include <array>
#include <cstdint>
#include <string>
#include <utility>

namespace oc {
namespace {

constexpr std::array<std::string_view, 14> kReservedWords = {
    "list", "rule", "when", "then", "valid",  "owner", "because",
    "and",  "or",   "not",  "in",   "starts", "any",   "score"};

bool is_reserved(std::string_view word) {
  for (std::string_view reserved : kReservedWords) {
    if (reserved == word) return true;
  }
  return false;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_word_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_word_char(char c) {
  return is_word_start(c) || is_digit(c) || c == '-';
}

// Offset of the first byte that is not part of well-formed UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t min = 0;
    std::uint32_t code = 0;
    if ((byte & 0xE0) == 0xC0) {
      length = 2, min = 0x80, code = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3, min = 0x800, code = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4, min = 0x10000, code = byte & 0x07;
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code = (code << 6) | (next & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return std::string_view::npos;
}

enum class TokenKind { word, text, number, date, punct, end, invalid };

struct Token {
  TokenKind kind = TokenKind::end;
  std::string_view raw;  // the characters as written (words, numbers, dates, punctuation)
  std::string text;      // text: the unescaped value; invalid: the error message
  std::string code;      // invalid: the error code
  SourcePosition at;
};

class Lexer {
 public:
  explicit Lexer(std::string_view source) : source_(source) {}

  Token next() {
    skip_blanks_and_comments();
    Token token;
    token.at = SourcePosition{line_, column_};
    if (pos_ >= source_.size()) return token;
    char c = source_[pos_];
    std::size_t start = pos_;
    if (is_word_start(c)) {
      while (pos_ < source_.size() && is_word_char(source_[pos_])) advance();
      token.kind = TokenKind::word;
    } else if (is_digit(c)) {
      lex_number_or_date(token);
    } else if (c == '"') {
      lex_text(token);
      return token;
    } else if (!lex_punct(token)) {
      return invalid_character(token);
    }
    token.raw = source_.substr(start, pos_ - start);
    return token;
  }

 private:
  void advance() {
    char c = source_[pos_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;
    }
  }

  void skip_blanks_and_comments() {
    while (pos_ < source_.size()) {
      char c = source_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        advance();
      } else if (c == '#') {
        while (pos_ < source_.size() && source_[pos_] != '\n') advance();
      } else {
        return;
      }
    }
  }

  bool digits_at(std::size_t at, std::size_t count) const {
    if (at + count > source_.size()) return false;
    for (std::size_t i = 0; i < count; ++i) {
      if (!is_digit(source_[at + i])) return false;
    }
    return true;
  }

  // DATE = 4 digits "-" 2 digits "-" 2 digits; NUMBER = digits [ "." digits ].
  void lex_number_or_date(Token& token) {
    if (digits_at(pos_, 4) && pos_ + 4 < source_.size() && source_[pos_ + 4] == '-' &&
        digits_at(pos_ + 5, 2) && pos_ + 7 < source_.size() && source_[pos_ + 7] == '-' &&
        digits_at(pos_ + 8, 2)) {
      for (int i = 0; i < 10; ++i) advance();
      token.kind = TokenKind::date;
      return;
    }
    while (pos_ < source_.size() && is_digit(source_[pos_])) advance();
    if (pos_ + 1 < source_.size() && source_[pos_] == '.' && is_digit(source_[pos_ + 1])) {
      advance();
      while (pos_ < source_.size() && is_digit(source_[pos_])) advance();
    }
    token.kind = TokenKind::number;
  }

  void lex_text(Token& token) {
    advance();  // the opening quote
    token.kind = TokenKind::text;
    while (true) {
      if (pos_ >= source_.size() || source_[pos_] == '\n') {
        fail(token, "rules.syntax", "unterminated text: a closing '\"' is missing on this line");
        return;
      }
      char c = source_[pos_];
      if (c == '"') {
        advance();
        break;
      }
      if (c == '\\') {
        advance();
        if (pos_ < source_.size() && (source_[pos_] == '"' || source_[pos_] == '\\')) {
          token.text += source_[pos_];
          advance();
          continue;
        }
        fail(token, "rules.syntax", "unknown escape in text: only \\\" and \\\\ are allowed");
        return;
      }
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
        fail(token, "rules.syntax", "control character in text");
        return;
      }
      token.text += c;
      advance();
      if (token.text.size() > rule_text_length_max) {
        fail(token, "rules.text_too_long",
             "text longer than " + std::to_string(rule_text_length_max) + " bytes");
        return;
      }
    }
  }

  bool lex_punct(Token& token) {
    static constexpr std::array<std::string_view, 16> kPunct = {
        "..", "!=", "<=", ">=", "(", ")", "[", "]", ",", "=", "<", ">", "*", "%", "+", "-"};
    for (std::string_view p : kPunct) {
      if (source_.substr(pos_, p.size()) == p) {
        for (std::size_t i = 0; i < p.size(); ++i) advance();
        token.kind = TokenKind::punct;
        return true;
      }
    }
    return false;
  }

  Token invalid_character(Token& token) {
    auto byte = static_cast<unsigned char>(source_[pos_]);
    std::string shown;
    if (byte < 0x20 || byte == 0x7F) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      shown = std::string("U+00") + kHex[byte >> 4] + kHex[byte & 0xF];
    } else {
      std::size_t length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
      shown = "'" + std::string(source_.substr(pos_, length)) + "'";
    }
    fail(token, "rules.syntax", "unexpected character " + shown);
    return std::move(token);
  }

  // Reports at the token's start; the rest of the line is skipped so lexing can go on.
  void fail(Token& token, std::string code, std::string message) {
    token.kind = TokenKind::invalid;
    token.code = std::move(code);
    token.text = std::move(message);
    while (pos_ < source_.size() && source_[pos_] != '\n') advance();
  }

  std::string_view source_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
};

std::string describe(const Token& token) {
  constexpr std::size_t shown_max = 40;
  switch (token.kind) {
    case TokenKind::word:
    case TokenKind::punct:
      return "'" + std::string(token.raw.substr(0, shown_max)) + "'";
    case TokenKind::text:
      return "text \"" + token.text.substr(0, shown_max) + "\"";
    case TokenKind::number:
      return "number " + std::string(token.raw.substr(0, shown_max));
    case TokenKind::date:
      return "date " + std::string(token.raw);
    case TokenKind::end:
      return "end of file";
    case TokenKind::invalid:
      break;
  }
  return "an invalid token";
}

class Parser {
 public:
  Parser(std::string_view source, std::string_view source_name)
      : lexer_(source), source_name_(source_name) {
    token_ = lexer_.next();
  }

  ParsedRuleFile parse() {
    while (token_.kind != TokenKind::end && !stopped_) {
      if (is_word("rule")) {
        if (result_.file.rules.size() == rules_max) {
          fail("rules.too_many_rules",
               "more than " + std::to_string(rules_max) + " rules in one file");
          break;
        }
        RuleSyntax rule;
        if (parse_rule(rule)) {
          result_.file.rules.push_back(std::move(rule));
        } else {
          recover();
        }
      } else if (is_word("list")) {
        if (result_.file.lists.size() == rule_lists_max) {
          fail("rules.too_many_lists",
               "more than " + std::to_string(rule_lists_max) + " lists in one file");
          break;
        }
        RuleListSyntax list;
        if (parse_list(list)) {
          result_.file.lists.push_back(std::move(list));
        } else {
          recover();
        }
      } else {
        expected("'rule' or 'list'");
        advance();
        recover();
      }
    }
    return std::move(result_);
  }

 private:
  // --- tokens ---

  void advance() { token_ = lexer_.next(); }

  bool is_word(std::string_view word) const {
    return token_.kind == TokenKind::word && token_.raw == word;
  }
  bool is_punct(std::string_view punct) const {
    return token_.kind == TokenKind::punct && token_.raw == punct;
  }
  bool is_name() const { return token_.kind == TokenKind::word && !is_reserved(token_.raw); }

  // Skips to the next `rule` or `list` (the start of the next statement) or the end.
  void recover() {
    while (token_.kind != TokenKind::end && !is_word("rule") && !is_word("list")) advance();
  }

  // --- errors: every function below returns false after recording one ---

  bool fail_at(SourcePosition at, std::string code, std::string_view message) {
    if (stopped_) return false;
    if (result_.errors.size() == rule_errors_max) {
      result_.errors.push_back(make_rule_error(
          "rules.too_many_errors", source_name_, at,
          "more than " + std::to_string(rule_errors_max) + " errors; the rest are not reported"));
      stopped_ = true;
      return false;
    }
    result_.errors.push_back(make_rule_error(std::move(code), source_name_, at, message));
    return false;
  }
  bool fail(std::string code, std::string_view message) {
    return fail_at(token_.at, std::move(code), message);
  }
  // "expected X, found Y"; a lexical error at this token is reported as itself instead.
  bool expected(std::string_view what) {
    if (token_.kind == TokenKind::invalid) return fail(token_.code, token_.text);
    return fail("rules.syntax", "expected " + std::string(what) + ", found " + describe(token_));
  }
  bool expect_word(std::string_view word) {
    if (!is_word(word)) return expected("'" + std::string(word) + "'");
    advance();
    return true;
  }
  bool expect_punct(std::string_view punct) {
    if (!is_punct(punct)) return expected("'" + std::string(punct) + "'");
    advance();
    return true;
  }
  bool take_text(std::string& out, SourcePosition& at, std::string_view what) {
    if (token_.kind != TokenKind::text) return expected(what);
    out = std::move(token_.text);
    at = token_.at;
    advance();
    return true;
  }
  bool take_name(std::string& out, std::string_view what) {
    if (!is_name()) return expected(what);
    if (token_.raw.size() > rule_name_length_max) {
      return fail("rules.name_too_long",
                  "a name longer than " + std::to_string(rule_name_length_max) + " characters");
    }
    out = std::string(token_.raw);
    advance();
    return true;
  }
  bool take_number(Decimal& out) {
    if (token_.kind != TokenKind::number) return expected("a number");
    auto parsed = Decimal::parse(token_.raw);
    if (!parsed) {
      std::string shown(token_.raw.substr(0, 40));
      if (parsed.error().code == "decimal.scale") {
        return fail("rules.syntax", "number " + shown + " has more than " +
                                        std::to_string(Decimal::scale_max) + " decimal places");
      }
      return fail("rules.syntax", "number " + shown + " is too large");
    }
    out = *parsed;
    advance();
    return true;
  }
  bool take_date(RuleDate& out) {
    if (token_.kind != TokenKind::date) return expected("a date (YYYY-MM-DD)");
    auto date = parse_rule_date(token_.raw);
    if (!date) return fail("rules.syntax", std::string(token_.raw) + " is not a calendar date");
    out = *date;
    advance();
    return true;
  }

  // --- statements ---

  // list NAME = [ value, ... ]
  bool parse_list(RuleListSyntax& list) {
    advance();  // list
    list.at = token_.at;
    if (!take_name(list.name, "a list name")) return false;
    if (!expect_punct("=")) return false;
    return parse_entries(list.entries);
  }

  // rule ID "name" when CONDITION then ACTION valid FROM..[TO] owner "..." because "..."
  bool parse_rule(RuleSyntax& rule) {
    advance();  // rule
    rule.at = token_.at;
    if (!take_name(rule.id, "a rule id")) return false;
    SourcePosition name_at;
    if (!take_text(rule.name, name_at, "the rule's name in quotes")) return false;
    if (!expect_word("when")) return false;
    std::size_t tests = 0;
    if (!parse_or(rule.condition, 0, tests)) return false;
    if (!expect_word("then")) return false;
    if (!parse_action(rule.action)) return false;
    if (!expect_word("valid")) return false;
    rule.validity_at = token_.at;
    if (!take_date(rule.valid_from)) return false;
    if (!expect_punct("..")) return false;
    if (token_.kind == TokenKind::date) {
      RuleDate to;
      if (!take_date(to)) return false;
      rule.valid_to = to;
    }
    if (!expect_word("owner")) return false;
    if (!take_text(rule.owner, rule.owner_at, "the owner in quotes")) return false;
    if (!expect_word("because")) return false;
    return take_text(rule.rationale, rule.rationale_at, "the rationale in quotes");
  }

  // [ value {, value} [,] ]
  bool parse_entries(std::vector<RuleValue>& entries) {
    if (!expect_punct("[")) return false;
    while (!is_punct("]")) {
      if (entries.size() == rule_list_entries_max) {
        return fail("rules.list_too_long",
                    "more than " + std::to_string(rule_list_entries_max) + " entries in one list");
      }
      RuleValue value;
      value.at = token_.at;
      if (token_.kind == TokenKind::text) {
        value.kind = RuleValue::Kind::text;
        value.text = std::move(token_.text);
        advance();
      } else if (token_.kind == TokenKind::number) {
        value.kind = RuleValue::Kind::number;
        value.text = std::string(token_.raw);
        if (!take_number(value.number)) return false;
      } else if (is_name()) {
        value.kind = RuleValue::Kind::word;
        value.text = std::string(token_.raw);
        advance();
      } else {
        return expected("a list entry (a text in quotes, a number or a name)");
      }
      entries.push_back(std::move(value));
      if (is_punct(",")) {
        advance();
      } else if (!is_punct("]")) {
        return expected("',' or ']'");
      }
    }
    advance();  // ]
    return true;
  }

  // --- conditions ---

  bool parse_or(RuleCondition& out, std::size_t depth, std::size_t& tests) {
    SourcePosition at = token_.at;
    RuleCondition first;
    if (!parse_and(first, depth, tests)) return false;
    if (!is_word("or")) {
      out = std::move(first);
      return true;
    }
    out.kind = RuleCondition::Kind::any_of;
    out.at = at;
    out.children.push_back(std::move(first));
    while (is_word("or")) {
      advance();
      RuleCondition next;
      if (!parse_and(next, depth, tests)) return false;
      out.children.push_back(std::move(next));
    }
    return true;
  }

  bool parse_and(RuleCondition& out, std::size_t depth, std::size_t& tests) {
    SourcePosition at = token_.at;
    RuleCondition first;
    if (!parse_not(first, depth, tests)) return false;
    if (!is_word("and")) {
      out = std::move(first);
      return true;
    }
    out.kind = RuleCondition::Kind::all_of;
    out.at = at;
    out.children.push_back(std::move(first));
    while (is_word("and")) {
      advance();
      RuleCondition next;
      if (!parse_not(next, depth, tests)) return false;
      out.children.push_back(std::move(next));
    }
    return true;
  }

  bool deeper(std::size_t depth) {
    if (depth < rule_condition_depth_max) return true;
    return fail("rules.too_deep", "parentheses and 'not' nested more than " +
                                      std::to_string(rule_condition_depth_max) + " deep");
  }

  bool parse_not(RuleCondition& out, std::size_t depth, std::size_t& tests) {
    if (!is_word("not")) return parse_primary(out, depth, tests);
    if (!deeper(depth)) return false;
    out.kind = RuleCondition::Kind::negation;
    out.at = token_.at;
    advance();
    RuleCondition child;
    if (!parse_not(child, depth + 1, tests)) return false;
    out.children.push_back(std::move(child));
    return true;
  }

  bool parse_primary(RuleCondition& out, std::size_t depth, std::size_t& tests) {
    if (!is_punct("(")) return parse_test(out, tests);
    if (!deeper(depth)) return false;
    advance();
    if (!parse_or(out, depth + 1, tests)) return false;
    return expect_punct(")");
  }

  // reference(hs6, origin): the only argument list the reference functions take.
  bool parse_arguments() {
    advance();  // (
    if (!expect_word("hs6")) return false;
    if (!expect_punct(",")) return false;
    if (!expect_word("origin")) return false;
    return expect_punct(")");
  }

  bool parse_test(RuleCondition& out, std::size_t& tests) {
    if (!is_name()) return expected("a field, 'not' or '('");
    out.at = token_.at;
    if (++tests > rule_condition_tests_max) {
      return fail("rules.too_many_tests", "more than " + std::to_string(rule_condition_tests_max) +
                                              " tests in one condition");
    }
    out.field = std::string(token_.raw.substr(0, rule_name_length_max + 1));
    advance();
    if (is_punct("(")) {
      out.field_is_call = true;
      if (!parse_arguments()) return false;
    }
    static constexpr std::array<std::pair<std::string_view, ComparisonOp>, 6> kOps = {{
        {"<", ComparisonOp::less},
        {"<=", ComparisonOp::less_equal},
        {">", ComparisonOp::greater},
        {">=", ComparisonOp::greater_equal},
        {"=", ComparisonOp::equal},
        {"!=", ComparisonOp::not_equal},
    }};
    for (const auto& [text, op] : kOps) {
      if (is_punct(text)) {
        out.kind = RuleCondition::Kind::compare;
        out.op = op;
        advance();
        return parse_operand(out.operand);
      }
    }
    if (is_word("in")) {
      out.kind = RuleCondition::Kind::in_list;
      advance();
      return parse_list_ref(out.list);
    }
    if (is_word("not")) {
      out.kind = RuleCondition::Kind::not_in_list;
      advance();
      if (!expect_word("in")) return false;
      return parse_list_ref(out.list);
    }
    if (is_word("starts")) {
      advance();
      if (is_word("any")) {
        out.kind = RuleCondition::Kind::starts_any;
        advance();
        return parse_list_ref(out.list);
      }
      out.kind = RuleCondition::Kind::starts;
      out.operand.kind = RuleOperand::Kind::text;
      out.operand.at = token_.at;
      return take_text(out.operand.text, out.operand.at, "a text in quotes or 'any'");
    }
    return expected("a comparison (<, <=, >, >=, =, !=), 'in', 'not in' or 'starts'");
  }

  // TEXT | NUMBER [ "*" field ] | field [ "*" NUMBER ]   (a field may be a reference call)
  bool parse_operand(RuleOperand& operand) {
    operand.at = token_.at;
    if (token_.kind == TokenKind::text) {
      operand.kind = RuleOperand::Kind::text;
      operand.text = std::move(token_.text);
      advance();
      return true;
    }
    if (token_.kind == TokenKind::number) {
      operand.kind = RuleOperand::Kind::number;
      if (!take_number(operand.number)) return false;
      if (!is_punct("*")) return true;
      advance();
      operand.factor = operand.number;
      operand.factor_at = operand.at;
      operand.at = token_.at;
      return parse_field_operand(operand);
    }
    if (!is_name()) return expected("a value (a number, a text in quotes or a field)");
    if (!parse_field_operand(operand)) return false;
    if (!is_punct("*")) return true;
    advance();
    operand.factor_at = token_.at;
    Decimal factor;
    if (!take_number(factor)) return false;
    operand.factor = factor;
    return true;
  }

  bool parse_field_operand(RuleOperand& operand) {
    if (!is_name()) return expected("a field");
    operand.kind = RuleOperand::Kind::word;
    operand.text = std::string(token_.raw.substr(0, rule_name_length_max + 1));
    advance();
    if (is_punct("(")) {
      operand.kind = RuleOperand::Kind::call;
      return parse_arguments();
    }
    return true;
  }

  bool parse_list_ref(RuleListRef& list) {
    list.at = token_.at;
    if (is_punct("[")) return parse_entries(list.entries);
    return take_name(list.name, "a list name or '['");
  }

  // --- actions ---

  bool take_lane(Lane& lane) {
    std::optional<Lane> parsed;
    if (token_.kind == TokenKind::word) parsed = parse_lane(token_.raw);
    if (!parsed) return expected("a lane (red, yellow, green or blue)");
    lane = *parsed;
    advance();
    return true;
  }

  // score (+|-) NUMBER  |  share { "," share }   where share = LANE NUMBER "%" | NUMBER "%" LANE
  bool parse_action(RuleAction& action) {
    action.at = token_.at;
    if (is_word("score")) {
      action.kind = RuleAction::Kind::score;
      advance();
      bool negative = is_punct("-");
      if (!negative && !is_punct("+")) return expected("'+' or '-' before the weight");
      advance();
      if (!take_number(action.weight)) return false;
      if (negative) action.weight = action.weight.negate().value();  // a parsed literal is >= 0
      return true;
    }
    action.kind = RuleAction::Kind::lanes;
    while (true) {
      LaneShare share;
      share.at = token_.at;
      if (token_.kind == TokenKind::number) {
        if (!take_number(share.percent)) return false;
        if (!expect_punct("%")) return false;
        if (!take_lane(share.lane)) return false;
      } else if (token_.kind == TokenKind::word && parse_lane(token_.raw)) {
        if (!take_lane(share.lane)) return false;
        if (!take_number(share.percent)) return false;
        if (!expect_punct("%")) return false;
      } else {
        return expected("a lane with a percentage ('red 100%') or 'score'");
      }
      if (action.shares.size() == lane_count) {
        return fail_at(share.at, "rules.syntax", "more lane shares than lanes");
      }
      action.shares.push_back(share);
      if (!is_punct(",")) return true;
      advance();
    }
  }

  Lexer lexer_;
  std::string_view source_name_;
  Token token_;
  ParsedRuleFile result_;
  bool stopped_ = false;
};

SourcePosition position_of(std::string_view source, std::size_t offset) {
  SourcePosition at{1, 1};
  for (std::size_t i = 0; i < offset; ++i) {
    if (source[i] == '\n') {
      ++at.line;
      at.column = 1;
    } else if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80) {
      ++at.column;
    }
  }
  return at;
}

}  // namespace

Error make_rule_error(std::string code, std::string_view source_name, SourcePosition at,
                      std::string_view message) {
  std::string where = std::to_string(at.line) + ":" + std::to_string(at.column);
  return Error{std::move(code), std::string(source_name) + ":" + where,
               "line " + std::to_string(at.line) + ", column " + std::to_string(at.column) + ": " +
                   std::string(message)};
}

ParsedRuleFile parse_rule_file(std::string_view source, std::string_view source_name) {
  ParsedRuleFile result;
  if (source.size() > rule_source_bytes_max) {
    result.errors.push_back(make_rule_error("rules.too_large", source_name, SourcePosition{1, 1},
                                            "the rule file has " + std::to_string(source.size()) +
                                                " bytes; the limit is " +
                                                std::to_string(rule_source_bytes_max)));
    return result;
  }
  if (std::size_t bad = first_invalid_utf8(source); bad != std::string_view::npos) {
    result.errors.push_back(make_rule_error("rules.encoding", source_name, position_of(source, bad),
                                            "the text is not UTF-8"));
    return result;
  }
  return Parser(source, source_name).parse();
}

}  // namespace oc
