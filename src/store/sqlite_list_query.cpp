// list_declarations / events_of_declarations: SQL text and parameters for a filter.
#include "store/sqlite_list_query.h"

#include <algorithm>
#include <optional>

#include "declaration/event.h"
#include "store/sqlite_rows.h"

namespace oc::sqlite {
namespace {

enum class Purpose { page, statistics };

// A driving equality condition: the column and the index a branch scans.
struct Driver {
  std::string_view column;
  std::string_view index;
  std::string_view value;
};

constexpr std::string_view kEventColumns =
    "declaration_id, sequence, type, actor_role, actor_id, at_us, payload_json";

class Builder {
 public:
  Builder(const DeclarationFilter& filter, Purpose purpose) : filter_(filter), purpose_(purpose) {}

  void text(std::string_view sql) { query_.sql += sql; }
  void parameter(QueryParameter value) {
    query_.sql += '?';
    query_.parameters.push_back(value);
  }

  // " WHERE a AND b ..." for every condition of the filter but the driver's (and, when
  // `offices_in_driver`, but the office ones).
  void conditions(const std::optional<Driver>& driver, bool offices_in_driver,
                  const std::vector<std::string_view>* offices) {
    bool first = true;
    const auto next = [&] {
      text(first ? " WHERE " : " AND ");
      first = false;
    };
    if (driver) {
      next();
      text(driver->column);
      text(" = ");
      parameter(driver->value);
    }
    if (purpose_ == Purpose::page && !filter_.before_id.empty()) {
      next();
      text("id < ");
      parameter(std::string_view(filter_.before_id));
    }
    if (filter_.status) {
      next();
      text("status = ");
      parameter(to_string(*filter_.status));
    }
    if (filter_.lane) {
      next();
      text("lane = ");
      parameter(to_string(*filter_.lane));
    }
    if (offices != nullptr && !offices_in_driver) {
      next();
      if (offices->size() == 1) {
        text("office = ");
        parameter(offices->front());
      } else {
        text("office IN (");
        for (std::size_t i = 0; i < offices->size(); ++i) {
          if (i > 0) text(", ");
          parameter((*offices)[i]);
        }
        text(")");
      }
    }
    if (filter_.lodged_from) {
      next();
      text("lodged_at_us >= ");
      parameter(std::int64_t{filter_.lodged_from->time_since_epoch().count()});
    }
    if (filter_.lodged_to) {
      next();
      text("lodged_at_us < ");
      parameter(std::int64_t{filter_.lodged_to->time_since_epoch().count()});
    }
  }

  void limit(std::int64_t value) {
    text(" LIMIT ");
    parameter(value);
  }

  DeclarationQuery take() { return std::move(query_); }
  void set_matches_nothing() { query_.matches_nothing = true; }

 private:
  const DeclarationFilter& filter_;
  Purpose purpose_;
  DeclarationQuery query_;
};

// The offices a row may have: `office` within `offices`; nullopt when unrestricted.
std::optional<std::vector<std::string_view>> office_set(const DeclarationFilter& filter) {
  std::vector<std::string_view> offices;
  if (filter.office) {
    const bool allowed = filter.offices.empty() ||
                         std::find(filter.offices.begin(), filter.offices.end(), *filter.office) !=
                             filter.offices.end();
    if (allowed) offices.push_back(*filter.office);
    return offices;  // empty: nothing matches
  }
  if (filter.offices.empty()) return std::nullopt;
  for (const std::string& office : filter.offices) {
    if (std::find(offices.begin(), offices.end(), office) == offices.end()) {
      offices.push_back(office);
    }
  }
  return offices;
}

// The branches that drive the query (empty: one undriven query), or nullopt when nothing can
// match.
std::optional<std::vector<Driver>> drivers(
    const DeclarationFilter& filter, Purpose purpose,
    const std::optional<std::vector<std::string_view>>& offices, bool& offices_in_driver) {
  offices_in_driver = false;
  if (offices && offices->empty()) return std::nullopt;
  std::vector<Driver> branches;
  if (filter.party) {
    const std::string_view party = *filter.party;
    branches.push_back(Driver{"declarant", "declarations_list_by_declarant", party});
    branches.push_back(Driver{"importer_id", "declarations_list_by_importer", party});
    branches.push_back(Driver{"exporter_id", "declarations_list_by_exporter", party});
  } else if (purpose == Purpose::statistics && (filter.lodged_from || filter.lodged_to)) {
    // One undriven query: the window drives it (see the header).
  } else if (offices && offices->size() <= office_branches_max) {
    offices_in_driver = true;
    for (const std::string_view office : *offices) {
      branches.push_back(Driver{"office", "declarations_list_by_office", office});
    }
  }
  return branches;
}

std::int64_t as_limit(std::size_t value) {
  return static_cast<std::int64_t>(
      std::min<std::size_t>(value, static_cast<std::size_t>(INT64_MAX)));
}

}  // namespace

DeclarationQuery declaration_page_query(const DeclarationFilter& filter) {
  Builder query(filter, Purpose::page);
  const auto offices = office_set(filter);
  bool offices_in_driver = false;
  const auto branches = drivers(filter, Purpose::page, offices, offices_in_driver);
  if (!branches) {
    query.set_matches_nothing();
    return query.take();
  }
  const auto* office_list = offices ? &*offices : nullptr;
  const std::int64_t limit = as_limit(filter.limit);
  query.text("SELECT ");
  query.text(kRecordColumns);
  query.text(" FROM declarations");
  if (branches->empty()) {
    query.conditions(std::nullopt, false, office_list);
  } else if (branches->size() == 1) {
    query.text(" INDEXED BY ");
    query.text(branches->front().index);
    query.conditions(branches->front(), offices_in_driver, office_list);
  } else {
    query.text(" WHERE id IN (");
    for (std::size_t i = 0; i < branches->size(); ++i) {
      const Driver& branch = (*branches)[i];
      if (i > 0) query.text(" UNION ALL ");
      query.text("SELECT id FROM (SELECT id FROM declarations INDEXED BY ");
      query.text(branch.index);
      query.conditions(branch, offices_in_driver, office_list);
      query.text(" ORDER BY id DESC");
      query.limit(limit);
      query.text(")");
    }
    query.text(")");
  }
  query.text(" ORDER BY id DESC");
  query.limit(limit);
  return query.take();
}

DeclarationQuery declaration_events_query(const DeclarationFilter& filter,
                                          std::int64_t declarations_max) {
  Builder query(filter, Purpose::statistics);
  const auto offices = office_set(filter);
  bool offices_in_driver = false;
  const auto branches = drivers(filter, Purpose::statistics, offices, offices_in_driver);
  if (!branches || declarations_max <= 0) {
    query.set_matches_nothing();
    return query.take();
  }
  const auto* office_list = offices ? &*offices : nullptr;
  query.text("SELECT ");
  query.text(kEventColumns);
  query.text(" FROM events WHERE declaration_id IN (");
  if (branches->empty()) {
    query.text("SELECT id FROM declarations");
    if (filter.lodged_from || filter.lodged_to) query.text(" INDEXED BY declarations_by_lodged_at");
    query.conditions(std::nullopt, false, office_list);
  } else {
    for (std::size_t i = 0; i < branches->size(); ++i) {
      const Driver& branch = (*branches)[i];
      if (i > 0) query.text(" UNION ");
      query.text("SELECT id FROM (SELECT id FROM declarations INDEXED BY ");
      query.text(branch.index);
      query.conditions(branch, offices_in_driver, office_list);
      query.limit(declarations_max);
      query.text(")");
    }
  }
  query.limit(declarations_max);
  query.text(") ORDER BY declaration_id, sequence");
  return query.take();
}

}  // namespace oc::sqlite
