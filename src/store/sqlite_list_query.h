// The SQL of list_declarations and events_of_declarations, built for one DeclarationFilter.
// Internal to src/store.
//
// Plans. Every list index ends in id (migration 2), so a page is a range scan that stops after
// `limit` rows:
//   party set     one branch per party column (declarant, importer_id, exporter_id), each
//                 INDEXED BY its (column, id) index, each taking at most `limit` ids newest
//                 first; the outer query merges them (an id found twice counts once) and takes
//                 the newest `limit`: at most 3 * limit rows are read;
//   office(s)     one branch per office, INDEXED BY (office, id), merged the same way (more than
//                 office_branches_max offices: one IN condition, left to the planner);
//   otherwise     one query; SQLite picks (status, id), (lane, id), the id index or the
//                 lodged_at index.
// The other conditions are checked on each row the branch reads (a rare status in a large office
// reads the office's rows until a page is full). Statistics (events of the matching
// declarations) with a time window and no party read the window as a range of
// (lodged_at_us, id), checking the office on each row: bounded by the window, not by the
// office's history. tests/store pins these plans with EXPLAIN QUERY PLAN.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/store.h"

namespace oc::sqlite {

inline constexpr std::size_t office_branches_max = 16;

// One positional parameter ("?" in order of appearance). Text is bound without a copy.
using QueryParameter = std::variant<std::string_view, std::int64_t>;

struct DeclarationQuery {
  std::string sql;  // the same text for every filter of the same shape (statements are cached)
  std::vector<QueryParameter> parameters;
  bool matches_nothing = false;  // `office` is not among `offices`: no need to ask
};

// Declarations (sqlite_rows.h's record columns), newest first, at most filter.limit.
// REQUIRES: `filter` outlives the query's use (parameters view its strings).
DeclarationQuery declaration_page_query(const DeclarationFilter& filter);

// Events (kSelectEventsSql's columns) of up to `declarations_max` matching declarations, ordered
// by declaration id, then sequence. filter.before_id and filter.limit are ignored.
// REQUIRES: `filter` outlives the query's use.
DeclarationQuery declaration_events_query(const DeclarationFilter& filter,
                                          std::int64_t declarations_max);

}  // namespace oc::sqlite
