// `opencustoms audit verify` over a database the server wrote: intact, then each kind of
// tampering done with plain SQL (as an intruder with file access would) is reported, exit 1.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "../declaration/test_support.h"
#include "server_fixture.h"

namespace oc {
namespace {

class AuditCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        std::filesystem::temp_directory_path() / ("oc-audit-cli-" + std::to_string(::getpid()));
    std::filesystem::remove_all(directory_);
    testing::Server server(directory_);
    std::string trader = server.create_token("trader", "91440300MA5FQH001Y");
    server.start();
    testing::HttpClient client(server.port());
    for (int i = 0; i < 4; ++i) {
      std::string body = testing::valid_body();
      body.replace(body.find("SZX-2026-000123"), 15, "AUDIT-CLI-" + std::to_string(i));
      ASSERT_EQ(client.request("POST", "/v1/declarations", trader, body).status, 201);
    }
    ASSERT_EQ(client.request("GET", "/v1/declarations", "").status, 401);  // a denied request
    db_ = server.db();
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  testing::ProcessResult verify(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {OC_BINARY, "audit", "verify", "--db", db_};
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::run_process(args, (directory_ / "verify.err").string());
  }
  void sql(const std::string& statement) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    EXPECT_EQ(sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &message), SQLITE_OK)
        << (message ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
  }

  std::filesystem::path directory_;
  std::string db_;
};

TEST_F(AuditCliTest, IntactChainVerifiesAndItsHeadCanBePinned) {
  testing::ProcessResult result = verify();
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(result.out.starts_with("intact: 5 audit entries, head ")) << result.out;
  std::string head = result.out.substr(result.out.find("head ") + 5, 64);
  EXPECT_EQ(verify({"--expect-head", head}).exit_code, 0);
}

TEST_F(AuditCliTest, EditedEntryIsDetected) {
  sql("UPDATE audit_log SET status = 200 WHERE sequence = 2");
  testing::ProcessResult result = verify();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("problem: audit entry 2"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("TAMPERED"), std::string::npos);
}

TEST_F(AuditCliTest, DeletedEntryIsDetected) {
  sql("DELETE FROM audit_log WHERE sequence = 3");
  testing::ProcessResult result = verify();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("audit entry 3"), std::string::npos) << result.out;
}

TEST_F(AuditCliTest, InsertedEntryIsDetected) {
  // Make room at 3, then forge an entry there that links to entry 2.
  sql("UPDATE audit_log SET sequence = -sequence WHERE sequence >= 3");
  sql("UPDATE audit_log SET sequence = 1 - sequence WHERE sequence < 0");
  sql("INSERT INTO audit_log SELECT 3, at_us, actor, role, action, target, status, detail_json, "
      "sha256, sha256 FROM audit_log WHERE sequence = 2");
  testing::ProcessResult result = verify();
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("TAMPERED"), std::string::npos) << result.out;
}

TEST_F(AuditCliTest, ReorderedEntriesAreDetected) {
  sql("UPDATE audit_log SET sequence = 100 WHERE sequence = 2");
  sql("UPDATE audit_log SET sequence = 2 WHERE sequence = 3");
  sql("UPDATE audit_log SET sequence = 3 WHERE sequence = 100");
  testing::ProcessResult result = verify();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("TAMPERED"), std::string::npos) << result.out;
}

TEST_F(AuditCliTest, CutOffTailIsDetectedAgainstThePinnedHead) {
  std::string out = verify().out;
  std::string head = out.substr(out.find("head ") + 5, 64);
  sql("DELETE FROM audit_log WHERE sequence = 5");
  EXPECT_EQ(verify().exit_code, 0);  // a shorter chain is still a valid chain...
  testing::ProcessResult pinned = verify({"--expect-head", head});
  EXPECT_EQ(pinned.exit_code, 1);  // ...but not the one whose head was recorded
  EXPECT_NE(pinned.out.find("not at the expected head"), std::string::npos) << pinned.out;
}

}  // namespace
}  // namespace oc
