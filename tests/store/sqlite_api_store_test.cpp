// SqliteStore, the members the HTTP API needs: parties and list queries, clearance-time events,
// idempotency keys, the hash-chained audit log, tokens, and migration 2.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/sha256.h"
#include "store/audit_chain.h"
#include "store/sqlite_list_query.h"
#include "store/sqlite_migrations.h"
#include "store/sqlite_store.h"
#include "store_test_support.h"

namespace oc {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing_support::raw_exec;
using testing_support::raw_query_text;
using testing_support::raw_rows;
using testing_support::TempDir;

const TimePoint kLodgedAt =
    TimePoint(std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 23} + 10h);

struct Parties {
  std::string declarant = "DECLARANT-A";
  std::string importer = "IMPORTER-B";
  std::string exporter = "EXPORTER-C";
};

std::string body_for(std::string_view lrn, const Parties& parties, std::string_view office,
                     std::string_view note = "") {
  return "{\"lrn\":\"" + std::string(lrn) + "\",\"declarant\":\"" + parties.declarant +
         "\",\"importer\":{\"id\":\"" + parties.importer + "\",\"name\":\"Importer\"}" +
         ",\"exporter\":{\"id\":\"" + parties.exporter + "\",\"name\":\"Exporter\"}" +
         ",\"office\":\"" + std::string(office) + "\",\"note\":\"" + std::string(note) + "\"}";
}

Event make_event(std::string_view id, std::int64_t sequence, EventType type, Role role,
                 TimePoint at, std::string payload = "{}") {
  Event event;
  event.sequence = sequence;
  event.declaration_id = id;
  event.type = type;
  event.actor = Actor{role, role == Role::system ? "system" : "actor-1"};
  event.at = at;
  event.payload_json = std::move(payload);
  return event;
}

struct LodgingSpec {
  std::string lrn;
  Parties parties;
  std::string office = "5301";
  Lane lane = Lane::green;
  TimePoint lodged_at = kLodgedAt;
  std::string note;
};

NewLodging make_lodging(Store& store, const LodgingSpec& spec) {
  NewLodging lodging;
  DeclarationRecord& record = lodging.record;
  record.id = store.allocate_declaration_id(spec.lodged_at);
  record.declarant = spec.parties.declarant;
  record.lrn = spec.lrn;
  record.body_json = body_for(spec.lrn, spec.parties, spec.office, spec.note);
  record.body_sha256 = sha256_hex(record.body_json);
  record.answer_json = "{\"id\":\"" + record.id + "\"}";
  record.office = spec.office;
  record.importer_id = spec.parties.importer;
  record.exporter_id = spec.parties.exporter;
  record.status = Status::lane_assigned;
  record.lane = spec.lane;
  record.lodged_at = spec.lodged_at;
  record.event_count = 3;
  const std::string lane_payload = "{\"lane\":\"" + std::string(to_string(spec.lane)) + "\"}";
  lodging.events = {
      make_event(record.id, 1, EventType::lodged, Role::trader, spec.lodged_at),
      make_event(record.id, 2, EventType::accepted, Role::system, spec.lodged_at + 1s),
      make_event(record.id, 3, EventType::lane_assigned, Role::system, spec.lodged_at + 2s,
                 lane_payload),
  };
  return lodging;
}

NewLodging make_lodging(Store& store, std::string_view lrn) {
  return make_lodging(store, LodgingSpec{std::string(lrn)});
}

AuditEntry make_audit(std::string_view action, std::string_view actor = "tok_1") {
  AuditEntry entry;
  entry.at = kLodgedAt;
  entry.actor = actor;
  entry.role = "trader";
  entry.action = action;
  entry.status = 201;
  entry.detail_json = R"({"method":"POST"})";
  return entry;
}

std::unique_ptr<Store> open_or_fail(const fs::path& file, const SqliteOptions& options = {}) {
  auto store = open_sqlite_store(file, options);
  if (!store.ok()) {
    ADD_FAILURE() << store.error().code << ": " << store.error().message;
    return nullptr;
  }
  return std::move(store).value();
}

std::vector<std::string> ids_of(const std::vector<DeclarationRecord>& records) {
  std::vector<std::string> ids;
  for (const auto& record : records) ids.push_back(record.id);
  return ids;
}

std::vector<std::string> list_ids(Store& store, const DeclarationFilter& filter) {
  auto listed = store.list_declarations(filter);
  EXPECT_TRUE(listed.ok()) << listed.error().message;
  return listed.ok() ? ids_of(*listed) : std::vector<std::string>{"error"};
}

std::vector<AuditEntry> all_audit(Store& store) {
  auto entries = store.audit_entries(0, 1'000'000);
  EXPECT_TRUE(entries.ok());
  return entries.ok() ? *entries : std::vector<AuditEntry>{};
}

void expect_store_clean(Store& store) {
  auto report = store.verify();
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->ok()) << report->problems.front();
  auto audit = store.verify_audit();
  ASSERT_TRUE(audit.ok()) << audit.error().message;
  EXPECT_TRUE(audit->ok()) << audit->problems.front();
}

// ---------------------------------------------------------------------------------------------
// Parties.

TEST(SqliteParties, ImporterAndExporterRoundTrip) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  const NewLodging lodging = make_lodging(*store, "LRN-1");
  ASSERT_TRUE(store->lodge(lodging).ok());
  auto found = store->find(lodging.record.id);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->importer_id, "IMPORTER-B");
  EXPECT_EQ((*found)->exporter_id, "EXPORTER-C");
  EXPECT_EQ(**found, lodging.record);
}

TEST(SqliteParties, PartiesThatAreNotTheBodysAreRefused) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  NewLodging lodging = make_lodging(*store, "LRN-1");
  lodging.record.importer_id = "SOMEONE-ELSE";
  auto refused = store->lodge(lodging);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "store.invalid_lodging");
  EXPECT_EQ(refused.error().message,
            "declaration " + lodging.record.id +
                ": importer_id 'SOMEONE-ELSE' and exporter_id 'EXPORTER-C' are not the body's "
                "importer and exporter ('IMPORTER-B', 'EXPORTER-C')");
}

TEST(SqliteParties, AnIdThatIsNotAStringNamesNoParty) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  NewLodging lodging = make_lodging(*store, "LRN-1");
  lodging.record.body_json = R"({"lrn":"LRN-1","importer":{"id":5},"exporter":"EXPORTER-C"})";
  lodging.record.body_sha256 = sha256_hex(lodging.record.body_json);
  lodging.record.importer_id = "";
  lodging.record.exporter_id = "";
  auto lodged = store->lodge(lodging);
  ASSERT_TRUE(lodged.ok()) << lodged.error().message;
  expect_store_clean(*store);
}

TEST(SqliteParties, VerifyReportsPartiesThatDisagreeWithTheBody) {
  TempDir dir;
  const fs::path file = dir.file("store.db");
  auto store = open_or_fail(file);
  ASSERT_NE(store, nullptr);
  const NewLodging lodging = make_lodging(*store, "LRN-1");
  ASSERT_TRUE(store->lodge(lodging).ok());
  raw_exec(file, "UPDATE declarations SET exporter_id = 'X'");
  auto report = store->verify();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->problems,
            std::vector<std::string>{"declaration " + lodging.record.id +
                                     ": exporter_id is 'X' but its body names 'EXPORTER-C'"});
}

// ---------------------------------------------------------------------------------------------
// list_declarations.

TEST(SqliteList, PagesThrough120DeclarationsNewestFirst) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  std::vector<std::string> lodged;
  for (int i = 0; i < 120; ++i) {
    LodgingSpec spec{"LRN-" + std::to_string(i)};
    spec.lodged_at = kLodgedAt + std::chrono::minutes(i);
    const NewLodging lodging = make_lodging(*store, spec);
    ASSERT_TRUE(store->lodge(lodging).ok());
    lodged.push_back(lodging.record.id);
  }
  const std::vector<std::string> newest_first(lodged.rbegin(), lodged.rend());

  DeclarationFilter filter;
  filter.limit = 50;
  auto page1 = store->list_declarations(filter);
  ASSERT_TRUE(page1.ok());
  EXPECT_EQ(ids_of(*page1),
            std::vector<std::string>(newest_first.begin(), newest_first.begin() + 50));
  EXPECT_EQ(page1->front().id, "D2026112300000120");
  EXPECT_EQ(page1->back().id, "D2026112300000071");

  filter.before_id = page1->back().id;  // the next cursor
  auto page2 = store->list_declarations(filter);
  ASSERT_TRUE(page2.ok());
  EXPECT_EQ(ids_of(*page2),
            std::vector<std::string>(newest_first.begin() + 50, newest_first.begin() + 100));
  EXPECT_EQ(page2->back().id, "D2026112300000021");

  filter.before_id = page2->back().id;
  auto page3 = store->list_declarations(filter);
  ASSERT_TRUE(page3.ok());
  EXPECT_EQ(ids_of(*page3),
            std::vector<std::string>(newest_first.begin() + 100, newest_first.end()));
  EXPECT_EQ(page3->size(), 20u);  // shorter than the limit: the last page

  filter.before_id = page3->back().id;
  auto after_last = store->list_declarations(filter);
  ASSERT_TRUE(after_last.ok());
  EXPECT_TRUE(after_last->empty());

  // Records come back whole.
  auto found = store->find(page1->front().id);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(**found, page1->front());
}

TEST(SqliteList, LimitOutsideItsRangeIsRefused) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  DeclarationFilter filter;
  for (const std::size_t limit : {std::size_t{0}, declarations_page_max + 1}) {
    filter.limit = limit;
    auto refused = store->list_declarations(filter);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "store.invalid_options");
    EXPECT_EQ(refused.error().message,
              "list limit " + std::to_string(limit) + " is not within 1..500");
  }
  filter.limit = declarations_page_max;
  EXPECT_TRUE(store->list_declarations(filter).ok());
  filter.limit = 1;
  EXPECT_TRUE(store->list_declarations(filter).ok());
}

// Six declarations with different parties, offices, lanes, times and statuses.
class SqliteListFilters : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_or_fail(dir_.file("store.db"));
    ASSERT_NE(store_, nullptr);
    // index: declarant, importer, exporter, office, lane, minutes after kLodgedAt
    lodge(0, {"A", "B", "C"}, "5301", Lane::green, 0);
    lodge(1, {"A", "A", "X"}, "5302", Lane::red, 10);
    lodge(2, {"D", "A", "E"}, "5301", Lane::yellow, 20);
    lodge(3, {"F", "G", "A"}, "5303", Lane::green, 30);
    lodge(4, {"F", "G", "H"}, "5302", Lane::green, 40);
    lodge(5, {"B", "G", "H"}, "5301", Lane::blue, 50);
    // Declaration 0 pays its duties: duties_settled.
    const std::string& id = ids_[0];
    const Event paid = make_event(id, 4, EventType::duties_paid, Role::system, kLodgedAt + 1h,
                                  R"({"reference":"PAY-1"})");
    ASSERT_TRUE(store_->append_event(id, 3, paid, Status::duties_settled, Lane::green).ok());
  }

  void lodge(int index, const Parties& parties, std::string office, Lane lane, int minutes) {
    LodgingSpec spec{"LRN-" + std::to_string(index), parties, std::move(office), lane,
                     kLodgedAt + std::chrono::minutes(minutes)};
    const NewLodging lodging = make_lodging(*store_, spec);
    ASSERT_TRUE(store_->lodge(lodging).ok());
    ids_.push_back(lodging.record.id);
  }

  // Expected ids, newest first, of the given declaration indexes.
  std::vector<std::string> ids(std::vector<int> indexes) const {
    std::sort(indexes.rbegin(), indexes.rend());
    std::vector<std::string> result;
    for (const int i : indexes) result.push_back(ids_[static_cast<std::size_t>(i)]);
    return result;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::vector<std::string> ids_;
};

TEST_F(SqliteListFilters, NoFilterListsEverything) {
  EXPECT_EQ(list_ids(*store_, {}), ids({0, 1, 2, 3, 4, 5}));
}

TEST_F(SqliteListFilters, Status) {
  DeclarationFilter filter;
  filter.status = Status::duties_settled;
  EXPECT_EQ(list_ids(*store_, filter), ids({0}));
  filter.status = Status::lane_assigned;
  EXPECT_EQ(list_ids(*store_, filter), ids({1, 2, 3, 4, 5}));
  filter.status = Status::released;
  EXPECT_EQ(list_ids(*store_, filter), ids({}));
}

TEST_F(SqliteListFilters, Lane) {
  DeclarationFilter filter;
  filter.lane = Lane::green;
  EXPECT_EQ(list_ids(*store_, filter), ids({0, 3, 4}));
  filter.lane = Lane::blue;
  EXPECT_EQ(list_ids(*store_, filter), ids({5}));
}

TEST_F(SqliteListFilters, Office) {
  DeclarationFilter filter;
  filter.office = "5301";
  EXPECT_EQ(list_ids(*store_, filter), ids({0, 2, 5}));
  filter.office = "9999";
  EXPECT_EQ(list_ids(*store_, filter), ids({}));
}

TEST_F(SqliteListFilters, LodgedFromIsInclusiveAndLodgedToExclusive) {
  DeclarationFilter filter;
  filter.lodged_from = kLodgedAt + 10min;
  filter.lodged_to = kLodgedAt + 40min;
  EXPECT_EQ(list_ids(*store_, filter), ids({1, 2, 3}));
  filter.lodged_from = kLodgedAt + 10min + 1us;
  filter.lodged_to = kLodgedAt + 40min + 1us;
  EXPECT_EQ(list_ids(*store_, filter), ids({2, 3, 4}));
  filter.lodged_to.reset();
  EXPECT_EQ(list_ids(*store_, filter), ids({2, 3, 4, 5}));
}

TEST_F(SqliteListFilters, PartyIsDeclarantImporterOrExporter) {
  DeclarationFilter filter;
  filter.party = "A";  // declarant of 0 and 1 (and importer of 1: listed once), importer of 2,
                       // exporter of 3
  EXPECT_EQ(list_ids(*store_, filter), ids({0, 1, 2, 3}));
  filter.party = "B";  // importer of 0, declarant of 5
  EXPECT_EQ(list_ids(*store_, filter), ids({0, 5}));
  filter.party = "H";  // exporter only
  EXPECT_EQ(list_ids(*store_, filter), ids({4, 5}));
  filter.party = "G";  // importer only
  EXPECT_EQ(list_ids(*store_, filter), ids({3, 4, 5}));
  filter.party = "NOBODY";
  EXPECT_EQ(list_ids(*store_, filter), ids({}));
}

TEST_F(SqliteListFilters, PartySeesOnlyItsOwnAlsoWhilePaging) {
  DeclarationFilter filter;
  filter.party = "A";
  filter.limit = 1;
  std::vector<std::string> seen;
  for (;;) {
    auto page = store_->list_declarations(filter);
    ASSERT_TRUE(page.ok());
    for (const auto& record : *page) {
      seen.push_back(record.id);
      EXPECT_TRUE(record.declarant == "A" || record.importer_id == "A" || record.exporter_id == "A")
          << record.id;
    }
    if (page->size() < filter.limit) break;
    filter.before_id = page->back().id;
  }
  EXPECT_EQ(seen, ids({0, 1, 2, 3}));
}

TEST_F(SqliteListFilters, PartyWithOtherFilters) {
  DeclarationFilter filter;
  filter.party = "A";
  filter.lane = Lane::green;
  EXPECT_EQ(list_ids(*store_, filter), ids({0, 3}));
  filter.lane.reset();
  filter.office = "5301";
  EXPECT_EQ(list_ids(*store_, filter), ids({0, 2}));
  filter.office.reset();
  filter.offices = {"5302", "5303"};
  EXPECT_EQ(list_ids(*store_, filter), ids({1, 3}));
  filter.offices.clear();
  filter.status = Status::duties_settled;
  EXPECT_EQ(list_ids(*store_, filter), ids({0}));
  filter.status.reset();
  filter.lodged_from = kLodgedAt + 5min;
  filter.lodged_to = kLodgedAt + 25min;
  EXPECT_EQ(list_ids(*store_, filter), ids({1, 2}));
  filter.lodged_from.reset();
  filter.lodged_to.reset();
  filter.before_id = ids_[2];
  EXPECT_EQ(list_ids(*store_, filter), ids({0, 1}));
}

TEST_F(SqliteListFilters, OfficesRestrictAndOfficeNarrowsWithinThem) {
  DeclarationFilter filter;
  filter.offices = {"5302", "5303"};
  EXPECT_EQ(list_ids(*store_, filter), ids({1, 3, 4}));
  filter.offices = {"5302", "5302"};  // a repeated office counts once
  EXPECT_EQ(list_ids(*store_, filter), ids({1, 4}));
  filter.offices = {"5302", "5303"};
  filter.office = "5303";
  EXPECT_EQ(list_ids(*store_, filter), ids({3}));
  filter.office = "5301";  // not one of the officer's offices
  EXPECT_EQ(list_ids(*store_, filter), ids({}));
  filter.office.reset();
  filter.lane = Lane::green;
  EXPECT_EQ(list_ids(*store_, filter), ids({3, 4}));
  filter.lane.reset();
  filter.limit = 2;
  EXPECT_EQ(list_ids(*store_, filter), ids({3, 4}));
  filter.before_id = ids_[3];
  EXPECT_EQ(list_ids(*store_, filter), ids({1}));
}

TEST_F(SqliteListFilters, ManyOfficesStillFilterCorrectly) {
  DeclarationFilter filter;
  for (int i = 0; i < 40; ++i) filter.offices.push_back(std::to_string(6000 + i));
  filter.offices.push_back("5303");
  EXPECT_EQ(list_ids(*store_, filter), ids({3}));
}

TEST_F(SqliteListFilters, EventsOfDeclarationsGroupsEveryEventPerDeclaration) {
  DeclarationFilter filter;
  filter.office = "5301";
  filter.limit = 1;         // ignored
  filter.before_id = "D0";  // ignored
  auto events = store_->events_of_declarations(filter, 100);
  ASSERT_TRUE(events.ok()) << events.error().message;
  ASSERT_EQ(events->size(), 3u);  // 0, 2, 5 in id order
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string& id = ids_[std::vector<std::size_t>{0, 2, 5}[i]];
    auto expected = store_->events(id);
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ((*events)[i], *expected) << id;
  }
  EXPECT_EQ((*events)[0].size(), 4u);  // lodged, accepted, lane_assigned, duties_paid

  filter = {};
  filter.offices = {"5301", "5302"};
  filter.lodged_from = kLodgedAt + 10min;
  filter.lodged_to = kLodgedAt + 50min;
  events = store_->events_of_declarations(filter, 100);
  ASSERT_TRUE(events.ok());
  std::vector<std::string> grouped;
  for (const auto& chain : *events) grouped.push_back(chain.front().declaration_id);
  EXPECT_EQ(grouped, (std::vector<std::string>{ids_[1], ids_[2], ids_[4]}));

  filter = {};
  filter.party = "A";
  events = store_->events_of_declarations(filter, 100);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 4u);

  // Bounded: the caller asks for one more than it accepts to learn that there are more.
  events = store_->events_of_declarations(filter, 3);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 3u);
  events = store_->events_of_declarations({}, 5);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 5u);
  events = store_->events_of_declarations({}, 0);
  ASSERT_TRUE(events.ok());
  EXPECT_TRUE(events->empty());
}

// The plans: a page by party or by office reads one index range per branch, never the table.
std::vector<std::string> query_plan(const fs::path& file, const sqlite::DeclarationQuery& query) {
  std::vector<std::string> details;
  for (const std::string& row : raw_rows(file, "EXPLAIN QUERY PLAN " + query.sql)) {
    details.push_back(row.substr(row.rfind('|') + 1));
  }
  return details;
}

bool any_of_lines(const std::vector<std::string>& lines, std::string_view text) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

TEST_F(SqliteListFilters, PagesByPartyOrOfficeAreIndexRangeScans) {
  const fs::path file = dir_.file("store.db");
  DeclarationFilter filter;
  filter.party = "A";
  filter.before_id = ids_[5];
  filter.status = Status::lane_assigned;
  auto plan = query_plan(file, sqlite::declaration_page_query(filter));
  for (const char* expected :
       {"SEARCH declarations USING INDEX declarations_list_by_declarant (declarant=? AND id<?)",
        "SEARCH declarations USING INDEX declarations_list_by_importer (importer_id=? AND id<?)",
        "SEARCH declarations USING INDEX declarations_list_by_exporter (exporter_id=? AND id<?)"}) {
    EXPECT_TRUE(any_of_lines(plan, expected)) << expected << "\n" << ::testing::PrintToString(plan);
  }
  EXPECT_FALSE(any_of_lines(plan, "SCAN declarations")) << ::testing::PrintToString(plan);

  filter = {};
  filter.offices = {"5301", "5302"};
  plan = query_plan(file, sqlite::declaration_page_query(filter));
  EXPECT_TRUE(any_of_lines(plan,
                           "SEARCH declarations USING COVERING INDEX "
                           "declarations_list_by_office (office=?)"))
      << ::testing::PrintToString(plan);
  EXPECT_FALSE(any_of_lines(plan, "SCAN declarations")) << ::testing::PrintToString(plan);

  filter = {};
  filter.office = "5301";
  filter.before_id = ids_[5];
  plan = query_plan(file, sqlite::declaration_page_query(filter));
  EXPECT_EQ(plan, std::vector<std::string>{
                      "SEARCH declarations USING INDEX declarations_list_by_office (office=? AND "
                      "id<?)"});

  filter = {};
  filter.status = Status::lane_assigned;
  plan = query_plan(file, sqlite::declaration_page_query(filter));
  EXPECT_EQ(plan, std::vector<std::string>{
                      "SEARCH declarations USING INDEX declarations_list_by_status (status=?)"});

  // Statistics per office and window: a range of (lodged_at_us, id), the office checked per row.
  filter = {};
  filter.office = "5301";
  filter.lodged_from = kLodgedAt;
  filter.lodged_to = kLodgedAt + 1h;
  plan = query_plan(file, sqlite::declaration_events_query(filter, 1000));
  EXPECT_EQ(plan, (std::vector<std::string>{
                      "SEARCH events USING PRIMARY KEY (declaration_id=?)",
                      "LIST SUBQUERY 1",
                      "SEARCH declarations USING INDEX declarations_by_lodged_at (lodged_at_us>? "
                      "AND lodged_at_us<?)",
                  }));
}

// ---------------------------------------------------------------------------------------------
// Idempotency keys.

IdempotencyKey key_for(std::string_view key, std::string_view request) {
  return IdempotencyKey{"party:DECLARANT-A", std::string(key), sha256_hex(request), ""};
}

TEST(SqliteIdempotency, KeyIsStoredWithTheLodging) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  NewLodging lodging = make_lodging(*store, "LRN-1");
  lodging.idempotency = key_for("key-1", "request 1");
  auto lodged = store->lodge(lodging);
  ASSERT_TRUE(lodged.ok()) << lodged.error().message;
  EXPECT_EQ(lodged->disposition, LodgeDisposition::created);

  auto found = store->find_idempotency_key("party:DECLARANT-A", "key-1");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  IdempotencyKey expected = key_for("key-1", "request 1");
  expected.declaration_id = lodging.record.id;
  EXPECT_EQ(**found, expected);

  auto other_scope = store->find_idempotency_key("party:SOMEONE", "key-1");
  ASSERT_TRUE(other_scope.ok());
  EXPECT_FALSE(other_scope->has_value());
}

TEST(SqliteIdempotency, RetryUnderTheSameKeyIsReplayed) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  NewLodging first = make_lodging(*store, "LRN-1");
  first.idempotency = key_for("key-1", "request 1");
  ASSERT_TRUE(store->lodge(first).ok());

  NewLodging retry = make_lodging(*store, "LRN-1");  // new id, same body
  retry.idempotency = key_for("key-1", "request 1");
  auto replayed = store->lodge(retry);
  ASSERT_TRUE(replayed.ok()) << replayed.error().message;
  EXPECT_EQ(replayed->disposition, LodgeDisposition::replayed);
  EXPECT_EQ(replayed->record, first.record);
}

TEST(SqliteIdempotency, KeyReusedForAnotherRequestIsRefusedAndNothingIsStored) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  NewLodging first = make_lodging(*store, "LRN-1");
  first.idempotency = key_for("key-1", "request 1");
  ASSERT_TRUE(store->lodge(first).ok());

  NewLodging other = make_lodging(*store, "LRN-2");
  other.idempotency = key_for("key-1", "request 2");
  auto refused = store->lodge(other);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "idempotency.key_reused");
  EXPECT_EQ(refused.error().path, "");
  EXPECT_EQ(refused.error().message,
            "Idempotency-Key 'key-1' was already used for another request (declaration " +
                first.record.id + "); use a new key for a new request");
  auto stored = store->find(other.record.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(stored->has_value());

  // The same request hash cannot stand for another declaration either.
  NewLodging same_hash = make_lodging(*store, "LRN-3");
  same_hash.idempotency = key_for("key-1", "request 1");
  refused = store->lodge(same_hash);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "idempotency.key_reused");

  // An lrn conflict under a reused key: the key is named first.
  NewLodging conflict = make_lodging(
      *store, LodgingSpec{"LRN-1", {}, "5301", Lane::green, kLodgedAt, "another body"});
  conflict.idempotency = key_for("key-1", "request 4");
  refused = store->lodge(conflict);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "idempotency.key_reused");

  // An lrn conflict under a fresh key: the conflict, and the key is not kept.
  conflict.idempotency = key_for("key-2", "request 4");
  refused = store->lodge(conflict);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "lodging.lrn_conflict");
  auto key2 = store->find_idempotency_key("party:DECLARANT-A", "key-2");
  ASSERT_TRUE(key2.ok());
  EXPECT_FALSE(key2->has_value());
  expect_store_clean(*store);
}

TEST(SqliteIdempotency, ReplayedLodgingUnderANewKeyRecordsTheKeyForTheOriginal) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  const NewLodging first = make_lodging(*store, "LRN-1");  // no key
  ASSERT_TRUE(store->lodge(first).ok());
  NewLodging retry = make_lodging(*store, "LRN-1");
  retry.idempotency = key_for("key-9", "request 1");
  auto replayed = store->lodge(retry);
  ASSERT_TRUE(replayed.ok());
  EXPECT_EQ(replayed->disposition, LodgeDisposition::replayed);
  auto key = store->find_idempotency_key("party:DECLARANT-A", "key-9");
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(key->has_value());
  EXPECT_EQ((*key)->declaration_id, first.record.id);
  // A retry under that key then finds it.
  NewLodging again = make_lodging(*store, "LRN-1");
  again.idempotency = key_for("key-9", "request 1");
  auto replayed_again = store->lodge(again);
  ASSERT_TRUE(replayed_again.ok());
  EXPECT_EQ(replayed_again->record, first.record);
}

TEST(SqliteIdempotency, KeysInOneBatchSeeEachOther) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  std::vector<NewLodging> batch;
  batch.push_back(make_lodging(*store, "LRN-1"));
  batch.back().idempotency = key_for("k", "request 1");
  batch.push_back(make_lodging(*store, "LRN-2"));
  batch.back().idempotency = key_for("k", "request 2");
  batch.push_back(make_lodging(*store, "LRN-1"));
  batch.back().idempotency = key_for("k", "request 1");
  const std::string first_id = batch[0].record.id;
  auto results = store->lodge_batch(std::move(batch));
  ASSERT_EQ(results.size(), 3u);
  ASSERT_TRUE(results[0].ok());
  EXPECT_EQ(results[0]->disposition, LodgeDisposition::created);
  ASSERT_FALSE(results[1].ok());
  EXPECT_EQ(results[1].error().code, "idempotency.key_reused");
  ASSERT_TRUE(results[2].ok());
  EXPECT_EQ(results[2]->disposition, LodgeDisposition::replayed);
  EXPECT_EQ(results[2]->record.id, first_id);
}

// Two requests with one key race past the API's own check: the store decides.
TEST(SqliteIdempotency, RaceWithTheSameBodyCreatesOnceAndReplaysOnce) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  for (int round = 0; round < 20; ++round) {
    const std::string lrn = "LRN-" + std::to_string(round);
    const std::string key = "key-" + std::to_string(round);
    std::vector<Result<LodgeResult>> results(2, make_error("not", "", "run"));
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t) {
      threads.emplace_back([&, t] {
        NewLodging lodging = make_lodging(*store, lrn);
        lodging.idempotency = key_for(key, "request " + lrn);
        lodging.audit = make_audit("lodge_declaration");
        results[static_cast<std::size_t>(t)] = store->lodge(std::move(lodging));
      });
    }
    for (auto& thread : threads) thread.join();
    ASSERT_TRUE(results[0].ok()) << results[0].error().message;
    ASSERT_TRUE(results[1].ok()) << results[1].error().message;
    std::multiset<LodgeDisposition> dispositions{results[0]->disposition, results[1]->disposition};
    EXPECT_EQ(dispositions, (std::multiset<LodgeDisposition>{LodgeDisposition::created,
                                                             LodgeDisposition::replayed}));
    EXPECT_EQ(results[0]->record, results[1]->record);
    auto stored_key = store->find_idempotency_key("party:DECLARANT-A", key);
    ASSERT_TRUE(stored_key.ok());
    ASSERT_TRUE(stored_key->has_value());
    EXPECT_EQ((*stored_key)->declaration_id, results[0]->record.id);
  }
  // One audit entry per created declaration.
  EXPECT_EQ(all_audit(*store).size(), 20u);
  expect_store_clean(*store);
}

TEST(SqliteIdempotency, RaceWithDifferentBodiesCreatesOnceAndRefusesOnce) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  for (int round = 0; round < 20; ++round) {
    const std::string key = "key-" + std::to_string(round);
    std::vector<Result<LodgeResult>> results(2, make_error("not", "", "run"));
    std::vector<std::string> lrns(2);
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t) {
      threads.emplace_back([&, t] {
        const std::string lrn = "LRN-" + std::to_string(round) + "-" + std::to_string(t);
        NewLodging lodging = make_lodging(*store, lrn);
        lodging.idempotency = key_for(key, "request " + lrn);
        lodging.audit = make_audit("lodge_declaration");
        lrns[static_cast<std::size_t>(t)] = lrn;
        results[static_cast<std::size_t>(t)] = store->lodge(std::move(lodging));
      });
    }
    for (auto& thread : threads) thread.join();
    const int created = (results[0].ok() ? 1 : 0) + (results[1].ok() ? 1 : 0);
    ASSERT_EQ(created, 1);
    const std::size_t winner = results[0].ok() ? 0 : 1;
    const std::size_t loser = 1 - winner;
    EXPECT_EQ(results[winner]->disposition, LodgeDisposition::created);
    EXPECT_EQ(results[loser].error().code, "idempotency.key_reused");
    auto lost = store->find_by_lrn("DECLARANT-A", lrns[loser]);
    ASSERT_TRUE(lost.ok());
    EXPECT_FALSE(lost->has_value());
    auto stored_key = store->find_idempotency_key("party:DECLARANT-A", key);
    ASSERT_TRUE(stored_key.ok());
    EXPECT_EQ((*stored_key)->declaration_id, results[winner]->record.id);
  }
  // The refused lodgings wrote no audit entry and consumed no sequence number.
  const auto entries = all_audit(*store);
  ASSERT_EQ(entries.size(), 20u);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].sequence, static_cast<std::int64_t>(i + 1));
  }
  expect_store_clean(*store);
}

TEST(SqliteIdempotency, VerifyReportsAKeyWhoseDeclarationIsGone) {
  TempDir dir;
  const fs::path file = dir.file("store.db");
  auto store = open_or_fail(file);
  ASSERT_NE(store, nullptr);
  raw_exec(file, "INSERT INTO idempotency_keys VALUES ('party:A', 'k1', 'x', 'D2026112399999999')");
  auto report = store->verify();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->problems,
            std::vector<std::string>{
                "idempotency key 'k1' of party:A: declaration D2026112399999999 is not stored"});
}

// ---------------------------------------------------------------------------------------------
// Audit log.

TEST(SqliteAudit, HashIsOverACanonicalLengthPrefixedEncoding) {
  AuditEntry entry = make_audit("lodge_declaration");
  entry.sequence = 7;
  entry.at = TimePoint(std::chrono::microseconds(1'795'000'000'123'456));
  entry.target = "D2026112300000001";
  entry.previous_sha256 = std::string(64, 'a');
  const std::string encoded =
      "opencustoms-audit-v1\n64:" + std::string(64, 'a') +
      ",1:7,16:1795000000123456,5:tok_1,6:trader,17:lodge_declaration,17:D2026112300000001,"
      "3:201,17:{\"method\":\"POST\"},";
  EXPECT_EQ(audit_entry_hash(entry), sha256_hex(encoded));

  // Every field counts, and moving bytes between fields changes the hash.
  const std::string base = audit_entry_hash(entry);
  std::set<std::string> hashes{base};
  const auto changed = [&](auto change) {
    AuditEntry copy = entry;
    change(copy);
    hashes.insert(audit_entry_hash(copy));
  };
  changed([](AuditEntry& e) { e.sequence = 8; });
  changed([](AuditEntry& e) { e.at += 1us; });
  changed([](AuditEntry& e) { e.actor = "tok_2"; });
  changed([](AuditEntry& e) { e.role = "officer"; });
  changed([](AuditEntry& e) { e.action = "release"; });
  changed([](AuditEntry& e) { e.target = ""; });
  changed([](AuditEntry& e) { e.status = 403; });
  changed([](AuditEntry& e) { e.detail_json = "{}"; });
  changed([](AuditEntry& e) { e.previous_sha256 = std::string(64, 'b'); });
  changed([](AuditEntry& e) {
    e.actor = "tok_1t";
    e.role = "rader";
  });
  EXPECT_EQ(hashes.size(), 11u);
  changed([](AuditEntry& e) { e.sha256 = "ignored"; });
  EXPECT_EQ(hashes.size(), 11u);
}

TEST(SqliteAudit, AppendAssignsSequenceAndChainsTheHashes) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  auto first = store->append_audit(make_audit("create_token", "admin"));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->sequence, 1);
  EXPECT_EQ(first->previous_sha256, std::string(64, '0'));
  EXPECT_EQ(first->sha256, audit_entry_hash(*first));
  auto second = store->append_audit(make_audit("list_tokens", "admin"));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->sequence, 2);
  EXPECT_EQ(second->previous_sha256, first->sha256);
  EXPECT_EQ(second->sha256, audit_entry_hash(*second));

  EXPECT_EQ(all_audit(*store), (std::vector<AuditEntry>{*first, *second}));
  auto after_first = store->audit_entries(1, 10);
  ASSERT_TRUE(after_first.ok());
  EXPECT_EQ(*after_first, std::vector<AuditEntry>{*second});
  auto limited = store->audit_entries(0, 1);
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(*limited, std::vector<AuditEntry>{*first});
  auto none = store->audit_entries(2, 10);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  auto report = store->verify_audit();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->entries, 2u);
  EXPECT_EQ(report->head_sha256, second->sha256);
}

TEST(SqliteAudit, EmptyLogVerifies) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  auto report = store->verify_audit();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->entries, 0u);
  EXPECT_EQ(report->head_sha256, "");
}

TEST(SqliteAudit, LodgingWritesItsEntryOnlyWhenItCreates) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  NewLodging lodging = make_lodging(*store, "LRN-1");
  lodging.audit = make_audit("lodge_declaration");
  ASSERT_TRUE(store->lodge(lodging).ok());

  NewLodging replay = make_lodging(*store, "LRN-1");
  replay.audit = make_audit("lodge_declaration");
  auto replayed = store->lodge(replay);
  ASSERT_TRUE(replayed.ok());
  EXPECT_EQ(replayed->disposition, LodgeDisposition::replayed);

  NewLodging conflict = make_lodging(
      *store, LodgingSpec{"LRN-1", {}, "5301", Lane::green, kLodgedAt, "another body"});
  conflict.audit = make_audit("lodge_declaration");
  EXPECT_FALSE(store->lodge(conflict).ok());

  const auto entries = all_audit(*store);
  ASSERT_EQ(entries.size(), 1u);
  AuditEntry expected = make_audit("lodge_declaration");
  expected.sequence = 1;
  expected.target = lodging.record.id;
  expected.previous_sha256 = std::string(64, '0');
  expected.sha256 = audit_entry_hash(expected);
  EXPECT_EQ(entries[0], expected);
}

TEST(SqliteAudit, FailedLodgingInABatchConsumesNoSequenceNumber) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->lodge(make_lodging(*store, "LRN-X")).ok());
  std::vector<NewLodging> batch;
  batch.push_back(make_lodging(*store, "LRN-A"));
  batch.push_back(make_lodging(
      *store, LodgingSpec{"LRN-X", {}, "5301", Lane::green, kLodgedAt, "another body"}));
  batch.push_back(make_lodging(*store, "LRN-B"));
  // A created declaration that is then refused for its key: its entry was written and undone.
  batch.push_back(make_lodging(*store, "LRN-C"));
  batch.back().idempotency = key_for("k", "one");
  batch.push_back(make_lodging(*store, "LRN-D"));
  batch.back().idempotency = key_for("k", "two");
  batch.push_back(make_lodging(*store, "LRN-E"));
  std::vector<std::string> expected_targets;
  for (std::size_t i : {0u, 2u, 3u, 5u}) expected_targets.push_back(batch[i].record.id);
  for (NewLodging& lodging : batch) lodging.audit = make_audit("import");
  auto results = store->lodge_batch(std::move(batch));
  ASSERT_EQ(results.size(), 6u);
  EXPECT_FALSE(results[1].ok());
  EXPECT_FALSE(results[4].ok());
  const auto entries = all_audit(*store);
  ASSERT_EQ(entries.size(), 4u);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].sequence, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(entries[i].target, expected_targets[i]);
  }
  expect_store_clean(*store);
}

TEST(SqliteAudit, FailedTransactionPutsTheChainHeadBack) {
  TempDir dir;
  const fs::path file = dir.file("store.db");
  auto store = open_or_fail(file);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->append_audit(make_audit("first")).ok());
  // A trigger that rolls back the whole transaction when lrn BOOM is inserted: the group fails
  // after an entry was already chained in memory.
  raw_exec(file,
           "CREATE TRIGGER boom BEFORE INSERT ON declarations WHEN NEW.lrn = 'BOOM' "
           "BEGIN SELECT RAISE(ROLLBACK, 'boom'); END");
  std::vector<NewLodging> batch;
  batch.push_back(make_lodging(*store, "LRN-A"));
  batch.push_back(make_lodging(*store, "BOOM"));
  for (NewLodging& lodging : batch) lodging.audit = make_audit("import");
  auto results = store->lodge_batch(std::move(batch));
  ASSERT_EQ(results.size(), 2u);
  ASSERT_FALSE(results[0].ok());
  ASSERT_FALSE(results[1].ok());
  EXPECT_EQ(all_audit(*store).size(), 1u);

  auto next = store->append_audit(make_audit("after"));
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(next->sequence, 2);
  expect_store_clean(*store);
}

TEST(SqliteAudit, AppendEventWritesItsEntryInTheSameTransaction) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  const NewLodging lodging = make_lodging(*store, "LRN-1");
  const std::string& id = lodging.record.id;
  ASSERT_TRUE(store->lodge(lodging).ok());
  const Event paid = make_event(id, 4, EventType::duties_paid, Role::system, kLodgedAt + 1h,
                                R"({"reference":"P"})");
  AuditEntry audit = make_audit("pay", "tok_officer");
  audit.target = id;
  auto appended = store->append_event(id, 3, paid, Status::duties_settled, Lane::green, audit);
  ASSERT_TRUE(appended.ok()) << appended.error().message;
  // A lost race writes no entry.
  auto conflict = store->append_event(id, 3, paid, Status::duties_settled, Lane::green, audit);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, "store.conflict");
  // Without an entry.
  const Event released = make_event(id, 5, EventType::released, Role::officer, kLodgedAt + 2h);
  ASSERT_TRUE(
      store->append_event(id, 4, released, Status::released, Lane::green, std::nullopt).ok());

  const auto entries = all_audit(*store);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "pay");
  EXPECT_EQ(entries[0].target, id);
  EXPECT_EQ(entries[0].sequence, 1);
  expect_store_clean(*store);
}

// Entries are numbered in commit order: what one thread wrote after another returned comes later.
TEST(SqliteAudit, SequenceFollowsCommitOrder) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 40;
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  std::vector<std::vector<std::string>> written(kThreads);  // per thread, in call order
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string name = "T" + std::to_string(t) + "-" + std::to_string(i);
        if (i % 3 == 0) {
          AuditEntry entry = make_audit("denied", name);
          if (!store->append_audit(entry).ok()) ++failed;
          written[static_cast<std::size_t>(t)].push_back(name);
        } else {
          NewLodging lodging = make_lodging(*store, name);
          lodging.audit = make_audit("lodge_declaration", name);
          if (!store->lodge(std::move(lodging)).ok()) ++failed;
          written[static_cast<std::size_t>(t)].push_back(name);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failed.load(), 0);
  const auto entries = all_audit(*store);
  ASSERT_EQ(entries.size(), std::size_t{kThreads * kPerThread});
  std::map<std::string, std::int64_t> sequence_of;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].sequence, static_cast<std::int64_t>(i + 1));
    sequence_of[entries[i].actor] = entries[i].sequence;
  }
  for (const auto& names : written) {
    for (std::size_t i = 1; i < names.size(); ++i) {
      EXPECT_LT(sequence_of[names[i - 1]], sequence_of[names[i]]) << names[i];
    }
  }
  expect_store_clean(*store);
}

TEST(SqliteAudit, TwoStoresOnOneFileShareOneChain) {
  TempDir dir;
  const fs::path file = dir.file("store.db");
  auto first = open_or_fail(file);
  auto second = open_or_fail(file);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  for (int i = 0; i < 5; ++i) {
    auto a = first->append_audit(make_audit("a"));
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->sequence, 2 * i + 1);
    auto b = second->append_audit(make_audit("b"));
    ASSERT_TRUE(b.ok()) << b.error().message;
    EXPECT_EQ(b->sequence, 2 * i + 2);
  }
  auto report = first->verify_audit();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problems.front();
  EXPECT_EQ(report->entries, 10u);
}

// verify_audit(): each kind of tampering, with its exact problem text.
class SqliteAuditTampering : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_or_fail(file_);
    ASSERT_NE(store_, nullptr);
    for (int i = 1; i <= 10; ++i) {
      auto entry = store_->append_audit(make_audit("action-" + std::to_string(i)));
      ASSERT_TRUE(entry.ok());
      entries_.push_back(*entry);
    }
    ASSERT_TRUE(problems().empty());
  }

  std::vector<std::string> problems() {
    auto report = store_->verify_audit();
    EXPECT_TRUE(report.ok()) << report.error().message;
    return report.ok() ? report->problems : std::vector<std::string>{"verify failed"};
  }

  void insert_raw(const AuditEntry& e) {
    raw_exec(file_, "INSERT INTO audit_log VALUES (" + std::to_string(e.sequence) + ", " +
                        std::to_string(e.at.time_since_epoch().count()) + ", '" + e.actor + "', '" +
                        e.role + "', '" + e.action + "', '" + e.target + "', " +
                        std::to_string(e.status) + ", '" + e.detail_json + "', '" +
                        e.previous_sha256 + "', '" + e.sha256 + "')");
  }

  // Moves entries from..to one place up (to + 1 is free).
  void shift_up(int from) {
    raw_exec(file_, "UPDATE audit_log SET sequence = sequence + 1000 WHERE sequence >= " +
                        std::to_string(from) +
                        "; UPDATE audit_log SET sequence = sequence - 999 WHERE sequence > 1000");
  }

  const AuditEntry& entry(int sequence) const {
    return entries_[static_cast<std::size_t>(sequence - 1)];
  }

  TempDir dir_;
  fs::path file_ = dir_.file("store.db");
  std::unique_ptr<Store> store_;
  std::vector<AuditEntry> entries_;
};

TEST_F(SqliteAuditTampering, EditedFieldIsReported) {
  raw_exec(file_, "UPDATE audit_log SET status = 200 WHERE sequence = 7");
  EXPECT_EQ(problems(),
            std::vector<std::string>{"audit entry 7: sha256 does not match its content (edited)"});
}

TEST_F(SqliteAuditTampering, EditWithARecomputedHashBreaksTheNextLink) {
  AuditEntry forged = entry(7);
  forged.actor = "someone-else";
  forged.sha256 = audit_entry_hash(forged);
  raw_exec(file_, "DELETE FROM audit_log WHERE sequence = 7");
  insert_raw(forged);
  EXPECT_EQ(problems(),
            std::vector<std::string>{
                "audit entry 8: previous_sha256 does not match the sha256 of entry 7 (edited)"});
}

TEST_F(SqliteAuditTampering, DeletedMiddleEntryIsReported) {
  raw_exec(file_, "DELETE FROM audit_log WHERE sequence = 5");
  EXPECT_EQ(problems(), std::vector<std::string>{"audit entry 5 missing (deleted)"});
}

TEST_F(SqliteAuditTampering, DeletedRangeIsReported) {
  raw_exec(file_, "DELETE FROM audit_log WHERE sequence BETWEEN 3 AND 5");
  EXPECT_EQ(problems(), std::vector<std::string>{"audit entries 3 to 5 missing (deleted)"});
}

TEST_F(SqliteAuditTampering, DeletedEntryWithTheRestRenumberedIsReported) {
  raw_exec(file_,
           "DELETE FROM audit_log WHERE sequence = 5; "
           "UPDATE audit_log SET sequence = sequence + 1000 WHERE sequence > 5; "
           "UPDATE audit_log SET sequence = sequence - 1001 WHERE sequence > 1000");
  EXPECT_EQ(problems(), std::vector<std::string>{
                            "audit entry 5 was deleted: entries 5 to 9 were written as 6 to 10 "
                            "(deleted)"});
}

TEST_F(SqliteAuditTampering, InsertedEntryWithItsOwnValidHashIsReported) {
  // The forger makes room at 5 and writes an entry that links to 4 with a correct hash.
  shift_up(5);
  AuditEntry forged = make_audit("forged");
  forged.sequence = 5;
  forged.previous_sha256 = entry(4).sha256;
  forged.sha256 = audit_entry_hash(forged);
  insert_raw(forged);
  EXPECT_EQ(problems(), std::vector<std::string>{
                            "audit entry 5 was inserted: entries 6 to 11 were written as 5 to 10 "
                            "(inserted)"});
}

TEST_F(SqliteAuditTampering, InsertedEntryWithTheRestRehashedIsReported) {
  // Cleverer: every entry after the forged one is rehashed for its new number, keeping its
  // links. The entry after the forgery links past it.
  raw_exec(file_, "DELETE FROM audit_log WHERE sequence >= 5");
  AuditEntry forged = make_audit("forged");
  forged.sequence = 5;
  forged.previous_sha256 = entry(4).sha256;
  forged.sha256 = audit_entry_hash(forged);
  insert_raw(forged);
  for (int sequence = 5; sequence <= 10; ++sequence) {
    AuditEntry moved = entry(sequence);
    moved.sequence = sequence + 1;
    moved.sha256 = audit_entry_hash(moved);
    insert_raw(moved);
  }
  EXPECT_EQ(problems(),
            (std::vector<std::string>{
                "audit entry 5 is not part of the chain: entry 6 links to entry 4 (inserted)",
                "audit entries 7 to 11: previous_sha256 does not match the sha256 of the entry "
                "before (edited)"}));
}

TEST_F(SqliteAuditTampering, SwappedNeighboursAreReported) {
  raw_exec(file_,
           "UPDATE audit_log SET sequence = 1005 WHERE sequence = 5; "
           "UPDATE audit_log SET sequence = 5 WHERE sequence = 6; "
           "UPDATE audit_log SET sequence = 6 WHERE sequence = 1005");
  EXPECT_EQ(problems(), std::vector<std::string>{
                            "audit entries 5 and 6 are in each other's place (reordered)"});
}

TEST_F(SqliteAuditTampering, SwappedDistantEntriesAreReported) {
  raw_exec(file_,
           "UPDATE audit_log SET sequence = 1003 WHERE sequence = 3; "
           "UPDATE audit_log SET sequence = 3 WHERE sequence = 8; "
           "UPDATE audit_log SET sequence = 8 WHERE sequence = 1003");
  EXPECT_EQ(problems(), std::vector<std::string>{
                            "audit entries 3 and 8 are in each other's place (reordered)"});
}

TEST_F(SqliteAuditTampering, ForgedFirstLinkIsReported) {
  raw_exec(file_, "DELETE FROM audit_log WHERE sequence = 1");
  AuditEntry forged = entry(1);
  forged.previous_sha256 = std::string(64, 'f');
  forged.sha256 = audit_entry_hash(forged);
  insert_raw(forged);
  EXPECT_EQ(problems(),
            (std::vector<std::string>{
                "audit entry 1: previous_sha256 is not 64 zeros (edited)",
                "audit entry 2: previous_sha256 does not match the sha256 of entry 1 (edited)"}));
}

TEST_F(SqliteAuditTampering, ProblemsAreCappedWithACount) {
  store_.reset();
  SqliteOptions options;
  options.verify_problems_max = 2;
  store_ = open_or_fail(file_, options);
  ASSERT_NE(store_, nullptr);
  raw_exec(file_, "UPDATE audit_log SET status = 500 WHERE sequence IN (2, 4, 6, 8)");
  EXPECT_EQ(problems(),
            (std::vector<std::string>{"audit entry 2: sha256 does not match its content (edited)",
                                      "audit entry 4: sha256 does not match its content (edited)",
                                      "... and 2 more problems"}));
}

TEST(SqliteAuditChain, ThousandEntriesFromSixteenThreadsVerify) {
  constexpr int kThreads = 16;
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // 1000 = 16 * 62 + 8: the first 8 threads write one more.
      const int count = 62 + (t < 8 ? 1 : 0);
      for (int i = 0; i < count; ++i) {
        if (!store->append_audit(make_audit("a", "T" + std::to_string(t))).ok()) ++failed;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failed.load(), 0);
  auto report = store->verify_audit();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problems.front();
  EXPECT_EQ(report->entries, 1000u);
  const auto entries = all_audit(*store);
  ASSERT_EQ(entries.size(), 1000u);
  EXPECT_EQ(report->head_sha256, entries.back().sha256);
  EXPECT_EQ(entries.back().sequence, 1000);
}

// ---------------------------------------------------------------------------------------------
// Tokens.

TokenRecord make_token(std::string id, TimePoint created_at, Role role = Role::officer) {
  TokenRecord token;
  token.id = std::move(id);
  token.token_sha256 = sha256_hex("secret of " + token.id);
  token.role = role;
  token.party = role == Role::trader ? "PARTY-1" : "";
  if (role == Role::officer) token.offices = {"5301", "5302"};
  token.label = "label of " + token.id;
  token.created_at = created_at;
  return token;
}

TEST(SqliteTokens, CreateFindListRevoke) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  const TokenRecord officer = make_token("tok_b", kLodgedAt + 1s);
  const TokenRecord trader = make_token("tok_c", kLodgedAt, Role::trader);
  const TokenRecord admin = make_token("tok_a", kLodgedAt + 1s, Role::admin);
  for (const TokenRecord& token : {officer, trader, admin}) {
    auto created = store->create_token(token);
    ASSERT_TRUE(created.ok()) << created.error().message;
  }
  auto found = store->find_token_by_hash(officer.token_sha256);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ(**found, officer);
  auto unknown = store->find_token_by_hash(sha256_hex("nope"));
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->has_value());

  auto listed = store->list_tokens();
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(*listed, (std::vector<TokenRecord>{trader, admin, officer}));  // created_at, then id

  auto revoked = store->revoke_token("tok_b", kLodgedAt + 1h);
  ASSERT_TRUE(revoked.ok()) << revoked.error().message;
  TokenRecord expected = officer;
  expected.revoked_at = kLodgedAt + 1h;
  EXPECT_EQ(*revoked, expected);
  auto again = store->revoke_token("tok_b", kLodgedAt + 2h);  // keeps the first time
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, expected);
  found = store->find_token_by_hash(officer.token_sha256);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(**found, expected);

  auto missing = store->revoke_token("tok_zz", kLodgedAt);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "token.not_found");
  EXPECT_EQ(missing.error().message, "no token with id tok_zz");
}

TEST(SqliteTokens, DuplicateIdOrHashIsRefused) {
  TempDir dir;
  auto store = open_or_fail(dir.file("store.db"));
  ASSERT_NE(store, nullptr);
  const TokenRecord token = make_token("tok_a", kLodgedAt);
  ASSERT_TRUE(store->create_token(token).ok());
  TokenRecord same_id = make_token("tok_a", kLodgedAt);
  same_id.token_sha256 = sha256_hex("another secret");
  auto refused = store->create_token(same_id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "store.duplicate_id");
  EXPECT_EQ(refused.error().message, "token id tok_a is already stored");
  TokenRecord same_hash = make_token("tok_b", kLodgedAt);
  same_hash.token_sha256 = token.token_sha256;
  refused = store->create_token(same_hash);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "store.duplicate_id");
  EXPECT_EQ(refused.error().message,
            "token tok_b: a token with the same secret hash is already stored");
  auto listed = store->list_tokens();
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(*listed, std::vector<TokenRecord>{token});
}

TEST(SqliteTokens, OfficesSurviveAwkwardTextAndTheSecretIsNotStored) {
  TempDir dir;
  const fs::path file = dir.file("store.db");
  auto store = open_or_fail(file);
  ASSERT_NE(store, nullptr);
  TokenRecord token = make_token("tok_q", kLodgedAt);
  token.offices = {"53\"01", "a,b", "", "\\"};
  ASSERT_TRUE(store->create_token(token).ok());
  auto found = store->find_token_by_hash(token.token_sha256);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(**found, token);
  EXPECT_EQ(raw_query_text(file, "SELECT count(*) FROM tokens WHERE token_sha256 = '" +
                                     token.token_sha256 + "'"),
            "1");
  raw_exec(file, "UPDATE tokens SET offices = 'not json'");
  auto corrupt = store->find_token_by_hash(token.token_sha256);
  ASSERT_FALSE(corrupt.ok());
  EXPECT_EQ(corrupt.error().code, "store.corrupt");
}

// ---------------------------------------------------------------------------------------------
// Migration 2 on a file written by schema version 1.

TEST(SqliteMigration2, VersionOneFileUpgradesWithPartiesFilledFromTheBody) {
  TempDir dir;
  const fs::path file = dir.file("store.db");
  // Version 1, as the previous release wrote it.
  raw_exec(file,
           "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
           "applied_at TEXT NOT NULL);"
           "INSERT INTO schema_migrations VALUES (1, 'v1', '2026-01-01T00:00:00.000Z');" +
               std::string(sqlite::migrations()[0].sql));
  const Parties parties{"DECL-1", "IMP-1", "EXP-1"};
  const std::string body = body_for("OLD-1", parties, "5301");
  const std::string at = std::to_string(kLodgedAt.time_since_epoch().count());
  raw_exec(file, "INSERT INTO declarations VALUES ('D2026112300000001', 'DECL-1', 'OLD-1', '" +
                     sha256_hex(body) + "', '" + body +
                     "', '{}', '5301', 'lane_assigned', 'green', " + at + ", 3);" +
                     "INSERT INTO declarations VALUES ('D2026112300000002', 'DECL-2', 'OLD-2', '" +
                     sha256_hex("{}") + "', '{}', '{}', '5302', 'lane_assigned', 'green', " + at +
                     ", 3);" + "UPDATE declaration_id_counter SET reserved_through = 2;");
  for (const char* id : {"D2026112300000001", "D2026112300000002"}) {
    raw_exec(file, std::string("INSERT INTO events VALUES ") + "('" + id +
                       "', 1, 'lodged', 'trader', 'x', " + at + ", '{}'), ('" + id +
                       "', 2, 'accepted', 'system', 'system', " + at + ", '{}'), ('" + id +
                       "', 3, 'lane_assigned', 'system', 'system', " + at +
                       ", '{\"lane\":\"green\"}')");
  }

  auto store = open_or_fail(file);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(raw_query_text(file, "SELECT max(version) FROM schema_migrations"), std::to_string(sqlite_schema_version));
  auto found = store->find("D2026112300000001");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->importer_id, "IMP-1");
  EXPECT_EQ((*found)->exporter_id, "EXP-1");
  auto no_parties = store->find("D2026112300000002");
  ASSERT_TRUE(no_parties.ok());
  EXPECT_EQ((*no_parties)->importer_id, "");
  EXPECT_EQ((*no_parties)->exporter_id, "");

  DeclarationFilter filter;
  filter.party = "EXP-1";
  EXPECT_EQ(list_ids(*store, filter), std::vector<std::string>{"D2026112300000001"});
  expect_store_clean(*store);
  // The upgraded file takes new lodgings with keys and audit entries.
  NewLodging lodging = make_lodging(*store, "NEW-1");
  EXPECT_EQ(lodging.record.id, "D2026112300000003");
  lodging.idempotency = key_for("k", "r");
  lodging.audit = make_audit("lodge_declaration");
  ASSERT_TRUE(store->lodge(lodging).ok());
  expect_store_clean(*store);
}

}  // namespace
}  // namespace oc
