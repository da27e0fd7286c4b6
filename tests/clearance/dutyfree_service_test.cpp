// DutyFreeService below the API: a replayed sale answers its first result even after the rules
// would refuse it (the traveller has left the island since).
#include "clearance/dutyfree_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/sqlite_store.h"

namespace oc {
namespace {

using namespace std::chrono;

const std::string kSale =
    R"({"id":"S-1","store":"HN-DFS-1","traveller":{"id_number":"P1234567","birth_date":"1990-01-01",)"
    R"("leaving":{"by":"air","date":"2026-11-25"}},"items":[{"code":"T-1","category":"watches",)"
    R"("quantity":"1","unit":"PCE","price":"800.00"}]})";

TEST(DutyFreeService, AReplayAfterTheTravellerLeftAnswersTheFirstResult) {
  const auto directory = std::filesystem::temp_directory_path() /
                         ("oc-dutyfree-service-" + std::to_string(::getpid()));
  std::filesystem::remove_all(directory);
  std::filesystem::create_directories(directory);
  {
    auto store = open_sqlite_store(directory / "test.db");
    ASSERT_TRUE(store.ok());
    ManualClock clock{time_point_cast<microseconds>(sys_days{2026y / 11 / 23}) + hours{2}};
    DutyFreeService service(
        [](std::string_view id) { return identity_key("test", id, std::string(32, 'k')); },
        **store, clock);
    auto first = service.sell(kSale, DutyFreeCaller{"HN-DFS-1"}, std::nullopt);
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(first->kind, RegimeAnswer::Kind::created) << first->json;
    clock.advance(hours{24 * 5});  // the leaving date has passed
    auto replay = service.sell(kSale, DutyFreeCaller{"HN-DFS-1"}, std::nullopt);
    ASSERT_TRUE(replay.ok());
    EXPECT_EQ(replay->kind, RegimeAnswer::Kind::exists);
    EXPECT_EQ(replay->json, first->json);
    // A new sale on that day is refused: the traveller is no longer leaving.
    std::string later = kSale;
    later.replace(later.find("S-1"), 3, "S-2");
    later.replace(later.find("T-1"), 3, "T-2");
    auto refused = service.sell(later, DutyFreeCaller{"HN-DFS-1"}, std::nullopt);
    ASSERT_TRUE(refused.ok());
    ASSERT_EQ(refused->kind, RegimeAnswer::Kind::rejected);
    EXPECT_EQ(refused->errors.front().code, "traveller.not_eligible");
  }
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace oc
