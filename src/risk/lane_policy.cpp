#include "risk/lane_policy.h"

#include "core/csv.h"
#include "core/decimal.h"

namespace oc {
namespace {

std::string where(const CsvReader& reader, std::size_t column) {
  return reader.where(reader.record().line) + ":" + std::to_string(column + 1);
}

// "12.5" -> 1250 basis points; 0..100 with at most 2 decimals.
Result<std::int32_t> basis_points(const CsvReader& reader, std::size_t column) {
  std::string_view text = reader.record().fields[column];
  auto value = Decimal::parse(text, 2);
  if (!value || value->sign() < 0 || *value > Decimal::from_int(100)) {
    return make_error("lane_policy.bad_row", where(reader, column),
                      "'" + std::string(text.substr(0, 16)) +
                          "' is not a percentage from 0 to 100 with at most 2 decimals");
  }
  auto scaled = value->rescale(2, Rounding::half_up);
  return static_cast<std::int32_t>(scaled->units());
}

}  // namespace

Result<LanePolicies> LanePolicies::parse(std::string_view content, std::string file_name) {
  auto reader = CsvReader::open(content, file_name);
  if (!reader) return std::move(reader).error();
  std::vector<std::size_t> columns;
  for (std::string_view name :
       {"office", "red_percent", "yellow_percent", "blue_percent", "random_percent",
        "advanced_certified", "certified", "regular", "untrustworthy", "seriously_untrustworthy"}) {
    auto index = reader->column(name);
    if (!index) return std::move(index).error();
    columns.push_back(*index);
  }
  LanePolicies policies;
  bool has_default = false;
  while (true) {
    auto more = reader->next();
    if (!more) return std::move(more).error();
    if (!*more) break;
    const auto& fields = reader->record().fields;
    std::string office(fields[columns[0]]);
    if (office != "*" &&
        (office.size() != 4 || office.find_first_not_of("0123456789") != std::string::npos)) {
      return make_error("lane_policy.bad_row", where(*reader, columns[0]),
                        "expected a 4-digit office code or *");
    }
    LanePolicy policy;
    std::int32_t* shares[] = {&policy.red_bp, &policy.yellow_bp, &policy.blue_bp,
                              &policy.random_bp};
    for (std::size_t i = 0; i < 4; ++i) {
      auto bp = basis_points(*reader, columns[1 + i]);
      if (!bp) return std::move(bp).error();
      *shares[i] = *bp;
    }
    if (policy.red_bp + policy.yellow_bp + policy.blue_bp > 10'000) {
      return make_error("lane_policy.bad_row", where(*reader, columns[1]),
                        "red, yellow and blue shares add up to more than 100%");
    }
    for (std::size_t g = 0; g < credit_grade_count; ++g) {
      std::size_t column = columns[5 + g];
      auto factor = Decimal::parse(fields[column], 0);
      if (!factor || factor->sign() < 0 || *factor > Decimal::from_int(grade_factor_percent_max)) {
        return make_error(
            "lane_policy.bad_row", where(*reader, column),
            "expected a whole percentage from 0 to " + std::to_string(grade_factor_percent_max));
      }
      policy.grade_factor_percent[g] = static_cast<std::int32_t>(factor->units());
    }
    if (office == "*") {
      if (has_default) {
        return make_error("lane_policy.bad_row", where(*reader, columns[0]), "two * rows");
      }
      policies.default_policy_ = policy;
      has_default = true;
    } else {
      if (policies.offices_.size() == lane_policy_offices_max) {
        return make_error("lane_policy.bad_row", where(*reader, columns[0]),
                          "more than " + std::to_string(lane_policy_offices_max) + " offices");
      }
      if (!policies.offices_.emplace(office, policy).second) {
        return make_error("lane_policy.bad_row", where(*reader, columns[0]),
                          "office " + office + " appears twice");
      }
    }
  }
  if (!has_default) {
    return make_error("lane_policy.no_default", file_name,
                      "the policy needs a row for office * (every office not listed)");
  }
  return policies;
}

const LanePolicy& LanePolicies::for_office(std::string_view office) const {
  auto found = offices_.find(std::string(office));
  return found == offices_.end() ? default_policy_ : found->second;
}

Result<CreditRegister> CreditRegister::parse(std::string_view content, std::string file_name) {
  auto reader = CsvReader::open(content, file_name);
  if (!reader) return std::move(reader).error();
  std::size_t columns[3];
  const char* names[] = {"party", "grade", "whitelisted"};
  for (std::size_t i = 0; i < 3; ++i) {
    auto index = reader->column(names[i]);
    if (!index) return std::move(index).error();
    columns[i] = *index;
  }
  CreditRegister credit;
  while (true) {
    auto more = reader->next();
    if (!more) return std::move(more).error();
    if (!*more) break;
    const auto& fields = reader->record().fields;
    std::string party(fields[columns[0]]);
    if (party.empty() || party.size() > 35) {
      return make_error("credit.bad_row", where(*reader, columns[0]),
                        "a party id of 1 to 35 characters");
    }
    auto grade = parse_credit_grade(fields[columns[1]]);
    if (!grade) {
      return make_error("credit.bad_row", where(*reader, columns[1]),
                        "'" + std::string(fields[columns[1]].substr(0, 32)) +
                            "' is not a credit grade (advanced_certified, certified, regular, "
                            "untrustworthy, seriously_untrustworthy)");
    }
    std::string_view whitelisted = fields[columns[2]];
    if (whitelisted != "yes" && whitelisted != "no") {
      return make_error("credit.bad_row", where(*reader, columns[2]),
                        "whitelisted must be yes or no");
    }
    if (credit.parties_.size() == credit_register_parties_max) {
      return make_error("credit.bad_row", where(*reader, columns[0]), "too many parties");
    }
    if (!credit.parties_.emplace(party, CreditStanding{*grade, whitelisted == "yes"}).second) {
      return make_error("credit.duplicate_party", where(*reader, columns[0]),
                        party + " appears twice");
    }
  }
  return credit;
}

CreditStanding CreditRegister::standing(std::string_view party) const {
  auto found = parties_.find(std::string(party));
  return found == parties_.end() ? CreditStanding{} : found->second;
}

}  // namespace oc
