// The ledger against a reference model: random sequences of movements (entries, exits,
// transfers, processing, corrections, replays, movements that would overspend) from a seed, on
// the real SQLite store and on a plain map beside it. After every step the outcome must agree;
// at the end every balance must equal the model's, verify() must find nothing, no balance may be
// negative, and quantity must be conserved: the sum of all balances equals the sum of every
// accepted movement's signed changes.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "core/sha256.h"
#include "store/sqlite_store.h"
#include "zones/movement.h"

namespace oc {
namespace {

const AccountRef kAccounts[] = {{"Z1", "E1"}, {"Z1", "E2"}, {"Z2", "E1"}};
const char* kItems[] = {"A", "B", "C"};

struct Model {
  std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> balances;
  std::map<std::tuple<std::string, std::string, std::string>, std::string> bodies;  // by account+id

  bool admits(const std::vector<StockDelta>& deltas) const {
    std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> after;
    for (const auto& delta : deltas) {
      auto key = std::make_tuple(delta.account.zone, delta.account.enterprise, delta.item);
      if (!after.contains(key)) {
        auto found = balances.find(key);
        after[key] = found == balances.end() ? 0 : found->second;
      }
      after[key] += delta.delta_micro;
    }
    for (const auto& [key, value] : after) {
      if (value < 0) return false;
    }
    return true;
  }
  void apply(const std::vector<StockDelta>& deltas) {
    for (const auto& delta : deltas) {
      balances[{delta.account.zone, delta.account.enterprise, delta.item}] += delta.delta_micro;
    }
  }
};

MovementLine random_line(const char* item, std::int64_t quantity) {
  MovementLine line;
  line.item = item;
  line.hs_code = "84713000";
  line.unit = "NAR";
  line.quantity_micro = quantity;
  return line;
}

RC_GTEST_PROP(LedgerProperty, TheStoreAgreesWithTheReferenceModel, ()) {
  auto directory = std::filesystem::temp_directory_path() /
                   ("oc-ledger-prop-" + std::to_string(::getpid()) + "-" +
                    std::to_string(*rc::gen::inRange(0, 1'000'000'000)));
  std::filesystem::remove_all(directory);
  std::filesystem::create_directories(directory);
  auto opened = open_sqlite_store(directory / "ledger.db");
  RC_ASSERT(opened.ok());
  std::unique_ptr<Store> store = std::move(*opened);
  Model model;
  std::int64_t accepted_sum = 0;
  const int steps = *rc::gen::inRange(1, 60);
  for (int step = 0; step < steps; ++step) {
    const AccountRef& account = kAccounts[*rc::gen::inRange(0, 3)];
    Movement movement;
    const int choice = *rc::gen::inRange(0, 6);
    movement.kind = static_cast<MovementKind>(choice == 1 ? 2 : choice);  // no second_line_exit here
    movement.id = "M" + std::to_string(*rc::gen::inRange(0, 40));         // ids repeat: replays
    const char* item = kItems[*rc::gen::inRange(0, 3)];
    const std::int64_t quantity = *rc::gen::inRange<std::int64_t>(1, 50) * 1'000'000;
    switch (movement.kind) {
      case MovementKind::processing:
        movement.consume = {random_line(item, quantity)};
        movement.produce = {random_line(kItems[(item[0] - 'A' + 1) % 3], quantity / 2 + 1)};
        break;
      case MovementKind::transfer: {
        const AccountRef& to = kAccounts[*rc::gen::inRange(0, 3)];
        if (to == account) continue;
        movement.to = to;
        movement.lines = {random_line(item, quantity)};
        break;
      }
      case MovementKind::correction:
        movement.reason = "stocktake";
        movement.lines = {random_line(item, *rc::gen::element<std::int64_t>(-1, 1) * quantity)};
        break;
      default:
        movement.lines = {random_line(item, quantity)};
    }
    LedgerWrite write;
    write.zone = account.zone;
    write.enterprise = account.enterprise;
    write.movement_id = movement.id;
    write.kind = std::string(to_string(movement.kind));
    write.body_json = canonical_movement_json(movement);
    write.body_sha256 = sha256_hex(write.body_json);
    write.answer_json = "{}";
    write.deltas = movement_deltas(account, movement);
    write.at = TimePoint(std::chrono::seconds(1'800'000'000));
    auto deltas = write.deltas;
    auto result = store->apply_movement(std::move(write));

    auto body_key = std::make_tuple(account.zone, account.enterprise, movement.id);
    auto seen = model.bodies.find(body_key);
    if (seen != model.bodies.end()) {
      if (seen->second == canonical_movement_json(movement)) {
        RC_ASSERT(result.ok());
        RC_ASSERT(result->disposition == LedgerDisposition::exists);
      } else {
        RC_ASSERT(!result.ok());
        RC_ASSERT(result.error().code == std::string("movement.exists_with_different_content"));
      }
    } else if (model.admits(deltas)) {
      RC_ASSERT(result.ok());
      RC_ASSERT(result->disposition == LedgerDisposition::applied);
      model.apply(deltas);
      model.bodies[body_key] = canonical_movement_json(movement);
      for (const auto& delta : deltas) accepted_sum += delta.delta_micro;
    } else {
      RC_ASSERT(!result.ok());
      RC_ASSERT(result.error().code == std::string("stock.insufficient"));
    }
  }
  std::int64_t store_sum = 0;
  for (const AccountRef& account : kAccounts) {
    auto lines = store->stock(account.zone, account.enterprise);
    RC_ASSERT(lines.ok());
    for (const StockLine& line : *lines) {
      RC_ASSERT(line.quantity_micro >= 0);
      const auto key = std::make_tuple(account.zone, account.enterprise, line.item);
      RC_ASSERT(model.balances[key] == line.quantity_micro);
      store_sum += line.quantity_micro;
    }
  }
  RC_ASSERT(store_sum == accepted_sum);
  auto report = store->verify();
  RC_ASSERT(report.ok());
  RC_ASSERT(report->ok());
  store.reset();
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace oc
