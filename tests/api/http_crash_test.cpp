// Crash safety over HTTP: clients lodge over keep-alive connections while the server is killed
// with SIGKILL at random moments and restarted on the same database, round after round. Every
// lodging a client saw acknowledged (201 or 200) must be stored exactly once under the id it was
// told, and the store and its audit chain must verify.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "../declaration/test_support.h"
#include "server_fixture.h"
#include "store/sqlite_store.h"

namespace oc {
namespace {

using testing::HttpClient;
using testing::HttpResult;
using testing::json_field;

constexpr int rounds_count = 12;
constexpr int clients_count = 8;

TEST(HttpCrashSafety, AcknowledgedLodgingsSurviveSigkillOfTheServer) {
  auto directory =
      std::filesystem::temp_directory_path() / ("oc-http-crash-" + std::to_string(::getpid()));
  std::filesystem::remove_all(directory);
  testing::Server server(directory);
  std::string token = server.create_token("trader", "91440300MA5FQH001Y");
  std::string template_body = testing::valid_body();

  std::mt19937 random(1123);  // fixed seed: a failure replays
  std::mutex mutex;
  std::map<std::string, std::string> acknowledged;  // lrn -> id
  std::vector<int> next_number(clients_count, 0);   // per client: the lrn still to be acked
  for (int round = 0; round < rounds_count; ++round) {
    server.start();
    std::vector<std::thread> clients;
    for (int c = 0; c < clients_count; ++c) {
      clients.emplace_back([&, c] {
        HttpClient client(server.port());
        while (true) {
          std::string lrn =
              "HTTP-CRASH-" + std::to_string(c) + "-" + std::to_string(next_number[c]);
          std::string body = template_body;
          body.replace(body.find("SZX-2026-000123"), 15, lrn);
          HttpResult result = client.request("POST", "/v1/declarations", token, body);
          if (result.status == 0) return;  // the server died: retry this lrn next round
          ASSERT_TRUE(result.status == 201 || result.status == 200) << result.status << result.body;
          std::lock_guard lock(mutex);
          auto [it, inserted] = acknowledged.emplace(lrn, json_field(result.body, "id"));
          ASSERT_EQ(it->second, json_field(result.body, "id")) << "an acknowledged id changed";
          ++next_number[c];
        }
      });
    }
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 250)(random)));
    server.kill_now();
    for (auto& client : clients) client.join();
  }

  auto store = open_sqlite_store(server.db());
  ASSERT_TRUE(store.ok()) << store.error().message;
  for (const auto& [lrn, id] : acknowledged) {
    auto found = (*store)->find_by_lrn("91440300MA5FQH001Y", lrn);
    ASSERT_TRUE(found.ok() && found->has_value()) << "acknowledged " << lrn << " is missing";
    EXPECT_EQ((*found)->id, id) << lrn;
  }
  auto report = (*store)->verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problems.front();
  auto audit = (*store)->verify_audit();
  ASSERT_TRUE(audit.ok());
  EXPECT_TRUE(audit->ok()) << audit->problems.front();
  EXPECT_GT(acknowledged.size(), 0u);
  std::printf("rounds: %d, acknowledged: %zu, stored: %zu\n", rounds_count, acknowledged.size(),
              report->declarations);
  store->reset();
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace oc
