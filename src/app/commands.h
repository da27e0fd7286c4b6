// The `opencustoms` subcommands. Each takes its parsed options and returns the process exit code
// (app_context.h: 0 ok, 2 rejected, 1 any other failure).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace oc::app {

struct CommonOptions {
  std::filesystem::path db = "opencustoms.db";
  std::filesystem::path reference;  // empty: default_reference_dir()
  std::filesystem::path tariff;     // empty: default_tariff_dir()
  // The risk engine's files (empty: default_risk_dir()/rules.txt, lane_policy.csv,
  // credit_grades.csv) and the seed of its random draws (none: a random seed per process).
  std::filesystem::path rules;
  std::filesystem::path lane_policy;
  std::filesystem::path credit;
  std::optional<std::uint64_t> risk_seed;
  std::filesystem::path zones;  // empty: default_zones_file()
  std::filesystem::path model;  // a risk model file (risk train); empty: no learned model
};

// What `assess` may add to a declaration: the day and what the regime modules would know.
struct AssessOptions {
  std::string date;          // YYYY-MM-DD; empty: today (China Standard Time)
  std::string year_to_date;  // e-commerce: the buyer's cleared total this year, CNY
  std::string hainan;        // "", "first_line" or "second_line"
  std::vector<std::string> value_added;  // second line: SALE IMPORTED DOMESTIC (CNY)
};

int run_init(const CommonOptions& options);
int run_lodge(const CommonOptions& options, const std::filesystem::path& declaration_file);
int run_assess(const CommonOptions& options, const AssessOptions& assess,
               const std::filesystem::path& declaration_file);
int run_show(const CommonOptions& options, const std::string& id);
int run_events(const CommonOptions& options, const std::string& id);
int run_verify(const CommonOptions& options);

struct ImportOptions {
  std::filesystem::path file;    // .jsonl or .csv
  std::size_t batch_size = 256;  // declarations per transaction
  std::string results;           // "" none, "-" stdout, else a file: one JSON line each
  bool progress = true;          // progress bar on stderr when it is a terminal
};
inline constexpr std::size_t import_batch_size_max = 10'000;
int run_import(const CommonOptions& options, const ImportOptions& import);

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  std::size_t io_threads = 0;             // 0: one per core
  std::size_t handler_threads = 128;      // blocking pool (lodgings wait for group commit)
  std::size_t body_bytes_max = 1024 * 1024;
  double rate_per_second = 5000;  // per token
  double rate_burst = 10000;
  // How long an arrived transit waits for late seal events before it closes (0: at once).
  std::int64_t transit_settle_seconds = 600;
  // The tax refund keys (Ed25519 signing key, traveller-hash secret); empty: a folder
  // "refund-keys" beside the database, created with new keys when missing.
  std::filesystem::path refund_keys;
  // E-commerce: the origin assumed for order lines that give none when the waybill gives no
  // departure country (ISO 3166 alpha-2; empty: such orders are refused, ecommerce.origin_missing).
  std::string ecommerce_default_origin;
};
// Runs the HTTP API until SIGINT or SIGTERM. Prints "listening on http://HOST:PORT" first.
int run_serve(const CommonOptions& options, const ServeOptions& serve);

struct TokenOptions {
  std::string role;
  std::string party;
  std::vector<std::string> offices;
  std::string label;
};
int run_token_create(const CommonOptions& options, const TokenOptions& token);
int run_token_revoke(const CommonOptions& options, const std::string& id);
int run_token_list(const CommonOptions& options);
// Verifies the audit hash chain; with expect_head, also that the chain ends at that hash (a cut
// tail otherwise leaves a valid, shorter chain).
int run_audit_verify(const CommonOptions& options, const std::string& expect_head);

// `zones move|balances` (docs/zones.md).
struct ZonesOptions {
  std::string zone;
  std::string enterprise;
  std::filesystem::path file;      // move: JSONL, one movement body per line
  std::size_t batch_size = 1000;   // movements per transaction
};
int run_zones_move(const CommonOptions& options, const ZonesOptions& zones);
int run_zones_balances(const CommonOptions& options, const ZonesOptions& zones);

// `risk train|eval`: the learned risk model on the KCS column layout (docs/risk.md).
struct RiskTrainOptions {
  std::filesystem::path train;  // a KCS CSV, or
  bool from_db = false;         // the inspected declarations of the store (--db)
  std::filesystem::path valid;  // empty: none
  std::filesystem::path out;
  int rounds = 0;               // 0: the default hyperparameters (docs/risk.md) for these four
  int max_depth = 0;
  double learning_rate = 0;
  double profile_smoothing = 0;
  bool value_fingerprints = true;
  bool entity_profiles = true;
  int threads = 2;
};
int run_risk_train(const CommonOptions& common, const RiskTrainOptions& options);
struct RiskEvalOptions {
  std::filesystem::path model;
  std::filesystem::path data;
};
int run_risk_eval(const RiskEvalOptions& options);
// The feedback-loop replay (risk/model/feedback_simulation.h): prints its JSON on stdout.
struct RiskSimulateOptions {
  std::filesystem::path train;
  std::filesystem::path data;
  double capacity_percent = 5;
  double random_percent = 10;
  int retrain_weeks = 4;
  std::uint64_t seed = 1;
  int threads = 2;
};
int run_risk_simulate(const RiskSimulateOptions& options);

}  // namespace oc::app
