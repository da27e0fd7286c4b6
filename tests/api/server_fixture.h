// Starts the real `opencustoms serve` binary on port 0 over a fresh database, with one token per
// role created through the CLI, and stops it with SIGTERM at the end.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "../app/process.h"
#include "http_client.h"

namespace oc::testing {

class Server {
 public:
  Server(std::filesystem::path directory, std::vector<std::string> extra_args = {})
      : directory_(std::move(directory)) {
    std::filesystem::create_directories(directory_);
    db_ = (directory_ / "api.db").string();
    extra_args_ = std::move(extra_args);
  }
  ~Server() { stop(); }

  // A token through the CLI; returns the secret.
  std::string create_token(const std::string& role, const std::string& party = "",
                           const std::vector<std::string>& offices = {}) {
    std::vector<std::string> args = {OC_BINARY, "token", "create", "--db", db_, "--role", role};
    if (!party.empty()) args.insert(args.end(), {"--party", party});
    for (const auto& office : offices) args.insert(args.end(), {"--office", office});
    ProcessResult result = run_process(args, (directory_ / "token.err").string());
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return json_field(result.out, "token");
  }

  void start() {
    // No random selection and a fixed seed: lanes follow the demo rules alone.
    std::vector<std::string> args = {OC_BINARY, "serve", "--db", db_, "--listen", "127.0.0.1:0",
                                     "--lane-policy",
                                     OC_SOURCE_DIR "/tests/data/risk/lane_policy_no_random.csv",
                                     "--risk-seed", "1"};
    args.insert(args.end(), extra_args_.begin(), extra_args_.end());
    child_ = std::make_unique<Child>(args, (directory_ / "serve.err").string());
    std::string line;
    ASSERT_TRUE(child_->read_line(line)) << "the server did not start";
    ASSERT_TRUE(line.starts_with("listening on http://127.0.0.1:")) << line;
    port_ = static_cast<unsigned short>(std::stoi(line.substr(line.rfind(':') + 1)));
  }
  void stop() {
    if (!child_) return;
    child_->terminate();
    child_->wait();
    child_.reset();
  }
  void kill_now() {
    if (!child_) return;
    child_->kill_now();
    child_->wait();
    child_.reset();
  }

  void signal(int number) {
    if (child_) child_->signal(number);
  }

  unsigned short port() const { return port_; }
  const std::string& db() const { return db_; }
  const std::filesystem::path& directory() const { return directory_; }

 private:
  std::filesystem::path directory_;
  std::string db_;
  std::vector<std::string> extra_args_;
  std::unique_ptr<Child> child_;
  unsigned short port_ = 0;
};

}  // namespace oc::testing
