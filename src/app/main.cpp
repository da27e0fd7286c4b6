// `opencustoms`: the command line of the platform. Parses options with CLI11 and hands each
// subcommand to its run_* function (commands.h).
#include <cctype>
#include <CLI/CLI.hpp>

#include "app/app_context.h"
#include "app/commands.h"

int main(int argc, char** argv) {
  using namespace oc::app;
  CLI::App app{"OpenCustoms: goods declarations, assessment, lanes and clearance on one machine"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "opencustoms 0.1.0");

  CommonOptions common;
  auto add_db = [&](CLI::App* command) {
    command->add_option("--db", common.db, "SQLite database file")->capture_default_str();
  };
  auto add_reference = [&](CLI::App* command) {
    command->add_option("--reference", common.reference,
                        "reference data directory laid out like ../shared/data/reference "
                        "(default: the project's data/reference, or $OPENCUSTOMS_REFERENCE)");
  };
  auto add_tariff = [&](CLI::App* command) {
    command->add_option("--tariff", common.tariff,
                        "tariff directory (../shared/api/tariff-v1.md; default: the project's "
                        "data/tariff, or $OPENCUSTOMS_TARIFF)");
  };

  auto add_risk = [&](CLI::App* command) {
    command->add_option("--rules", common.rules,
                        "targeting rules file (docs/risk-rules.md; default: the project's "
                        "data/risk/rules.txt, or $OPENCUSTOMS_RISK/rules.txt)");
    command->add_option("--lane-policy", common.lane_policy,
                        "lane shares per office (default: data/risk/lane_policy.csv)");
    command->add_option("--credit", common.credit,
                        "enterprise credit grades and whitelist (default: data/risk/credit_grades.csv)");
    command->add_option("--risk-seed", common.risk_seed,
                        "seed of the lane draws (default: random per process)");
    command->add_option("--model", common.model,
                        "learned risk model file (opencustoms risk train); default: none");
    command->add_option("--zones", common.zones,
                        "special supervision zones (default: data/zones/zones.csv, or $OPENCUSTOMS_ZONES)");
  };

  auto* init = app.add_subcommand("init",
                                  "Create the database (applying migrations) and check the "
                                  "reference data loads");
  add_db(init);
  add_reference(init);

  std::filesystem::path declaration_file;
  auto* lodge = app.add_subcommand(
      "lodge",
      "Validate, assess, select a lane and store one declaration; prints the answer. "
      "Exit 0 accepted (or replayed), 2 rejected, 1 other failure");
  add_db(lodge);
  add_reference(lodge);
  add_tariff(lodge);
  add_risk(lodge);
  lodge->add_option("declaration", declaration_file, "declaration JSON file")
      ->required()
      ->check(CLI::ExistingFile);

  auto* assess = app.add_subcommand(
      "assess",
      "Assess one declaration without storing it; prints the assessment. Exit 0 assessed, 2 "
      "rejected, 1 other failure");
  add_reference(assess);
  add_tariff(assess);
  AssessOptions assess_options;
  assess->add_option("--date", assess_options.date,
                     "day of lodging, YYYY-MM-DD (picks the exchange rate; default today, UTC+8)");
  assess->add_option("--year-to-date", assess_options.year_to_date,
                     "e-commerce: the buyer's cleared total this year before this order, CNY");
  assess->add_option("--hainan", assess_options.hainan, "Hainan free trade port line")
      ->check(CLI::IsMember({"first_line", "second_line"}));
  assess->add_option("--value-added", assess_options.value_added,
                     "Hainan second line: mainland sale price, imported materials, domestic "
                     "materials (CNY)")
      ->expected(3);
  assess->add_option("declaration", declaration_file, "declaration JSON file")
      ->required()
      ->check(CLI::ExistingFile);

  std::string id;
  auto* show = app.add_subcommand("show", "Print a stored declaration with its answer");
  add_db(show);
  show->add_option("id", id, "declaration id, e.g. D2026112300000001")->required();

  auto* events = app.add_subcommand("events", "Print a declaration's events, one JSON per line");
  add_db(events);
  events->add_option("id", id, "declaration id")->required();

  ImportOptions import;
  auto* import_command = app.add_subcommand(
      "import",
      "Lodge many declarations from FILE.jsonl (one JSON per line) or FILE.csv (one "
      "row per item; see docs/import.md). Exit 0 all accepted, 2 some rejected");
  add_db(import_command);
  add_reference(import_command);
  add_tariff(import_command);
  add_risk(import_command);
  import_command->add_option("file", import.file, "FILE.jsonl or FILE.csv")
      ->required()
      ->check(CLI::ExistingFile);
  import_command
      ->add_option("--batch", import.batch_size, "declarations per transaction (1 to 10000)")
      ->capture_default_str();
  import_command->add_option("--results", import.results,
                             "write one JSON line per declaration (after its batch is durable) to "
                             "this file, or - for stdout");
  import_command->add_flag("!--no-progress", import.progress, "no progress bar");

  auto* verify = app.add_subcommand("verify", "Check the store is consistent; exit 1 if not");
  add_db(verify);

  ServeOptions serve;
  auto* serve_command = app.add_subcommand(
      "serve", "Run the HTTP API (Boost.Beast) until SIGINT/SIGTERM; prints the address first");
  add_db(serve_command);
  add_reference(serve_command);
  add_tariff(serve_command);
  add_risk(serve_command);
  serve_command->add_option("--listen", serve.listen, "HOST:PORT (port 0 picks a free one)")
      ->capture_default_str();
  serve_command->add_option("--refund-keys", serve.refund_keys,
                            "tax refund keys folder (default: refund-keys beside the database)");
  serve_command
      ->add_option("--ecommerce-default-origin", serve.ecommerce_default_origin,
                   "origin (ISO 3166 alpha-2) assumed for e-commerce order lines without one "
                   "when the waybill names no departure country (default: refuse such orders)")
      ->check([](const std::string& code) {
        return code.size() == 2 && std::isupper(static_cast<unsigned char>(code[0])) &&
                       std::isupper(static_cast<unsigned char>(code[1]))
                   ? std::string()
                   : std::string("an ISO 3166 alpha-2 code such as JP");
      });
  serve_command->add_option("--transit-settle-seconds", serve.transit_settle_seconds,
                            "wait after a transit's arrival for late seal events before closing")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{86400}))
      ->capture_default_str();
  serve_command->add_option("--io-threads", serve.io_threads, "I/O threads (0: one per core)")
      ->capture_default_str();
  serve_command
      ->add_option("--handler-threads", serve.handler_threads,
                   "threads running requests (lodgings wait for their group commit)")
      ->capture_default_str();
  serve_command->add_option("--body-max", serve.body_bytes_max, "largest request body, bytes")
      ->capture_default_str();
  serve_command->add_option("--rate", serve.rate_per_second, "requests per second per token")
      ->capture_default_str();
  serve_command->add_option("--burst", serve.rate_burst, "request burst per token")
      ->capture_default_str();

  TokenOptions token;
  auto* token_command = app.add_subcommand("token", "API tokens: create, revoke, list");
  token_command->require_subcommand(1);
  auto* token_create = token_command->add_subcommand(
      "create", "Create a token and print it once (only its hash is stored)");
  add_db(token_create);
  token_create->add_option("--role", token.role, "trader|officer|auditor|admin")->required();
  token_create->add_option("--party", token.party, "the trader's party id");
  token_create->add_option("--office", token.offices, "an officer's customs office (repeatable)");
  token_create->add_option("--label", token.label, "who or what the token is for");
  auto* token_revoke = token_command->add_subcommand("revoke", "Revoke a token by its id");
  add_db(token_revoke);
  token_revoke->add_option("id", id, "token id, e.g. tok_3f2a9c1d5e6f7a8b")->required();
  auto* token_list = token_command->add_subcommand("list", "List tokens (never their secrets)");
  add_db(token_list);

  std::string expect_head;
  auto* audit_command = app.add_subcommand("audit", "The hash-chained audit log");
  audit_command->require_subcommand(1);
  auto* audit_verify = audit_command->add_subcommand(
      "verify", "Detect edited, deleted, inserted or reordered entries; exit 1 if any");
  add_db(audit_verify);
  audit_verify->add_option("--expect-head", expect_head,
                           "the head hash recorded earlier: also detects a cut-off tail");

  RiskTrainOptions risk_train_options;
  RiskEvalOptions risk_eval_options;
  auto* risk = app.add_subcommand("risk", "The learned risk model on KCS files (docs/risk.md)");
  risk->require_subcommand(1);
  auto* risk_train = risk->add_subcommand(
      "train", "Train on a KCS CSV; with --valid, print its metrics. Writes one model file");
  auto* train_file = risk_train->add_option("--train", risk_train_options.train, "KCS CSV to train on")
      ->check(CLI::ExistingFile);
  auto* from_db = risk_train->add_flag(
      "--from-db", risk_train_options.from_db,
      "train on the store's inspected declarations (labels from findings) instead of a CSV");
  train_file->excludes(from_db);
  add_db(risk_train);
  risk_train->add_option("--valid", risk_train_options.valid, "later KCS CSV to validate on")
      ->check(CLI::ExistingFile);
  risk_train->add_option("--out", risk_train_options.out, "model file to write")->required();
  risk_train->add_option("--rounds", risk_train_options.rounds, "boosting rounds");
  risk_train->add_option("--max-depth", risk_train_options.max_depth, "tree depth");
  risk_train->add_option("--learning-rate", risk_train_options.learning_rate, "eta");
  risk_train->add_option("--smoothing", risk_train_options.profile_smoothing, "profile m-estimate");
  risk_train->add_flag("!--no-fingerprints", risk_train_options.value_fingerprints,
                       "no profiles keyed on exact declared values (ablation)");
  risk_train->add_flag("!--no-profiles", risk_train_options.entity_profiles,
                       "no history-derived features at all (ablation)");
  risk_train->add_option("--threads", risk_train_options.threads, "XGBoost threads")
      ->capture_default_str();
  auto* risk_eval = risk->add_subcommand(
      "eval", "Score a later KCS CSV out of time; print precision/recall at 1/2/5/10% and AUC");
  risk_eval->add_option("--model", risk_eval_options.model, "model file")
      ->required()->check(CLI::ExistingFile);
  risk_eval->add_option("--data", risk_eval_options.data, "KCS CSV")
      ->required()->check(CLI::ExistingFile);
  RiskSimulateOptions risk_simulate_options;
  auto* risk_simulate = risk->add_subcommand(
      "simulate", "Replay a later KCS CSV week by week, labels only for what is inspected");
  risk_simulate->add_option("--train", risk_simulate_options.train, "fully labelled history")
      ->required()->check(CLI::ExistingFile);
  risk_simulate->add_option("--data", risk_simulate_options.data, "later KCS CSV to replay")
      ->required()->check(CLI::ExistingFile);
  risk_simulate->add_option("--capacity", risk_simulate_options.capacity_percent,
                            "percent of each week inspected")->capture_default_str();
  risk_simulate->add_option("--random-share", risk_simulate_options.random_percent,
                            "percent of the capacity drawn at random")->capture_default_str();
  risk_simulate->add_option("--retrain-weeks", risk_simulate_options.retrain_weeks,
                            "retrain every N weeks (0: never)")->capture_default_str();
  risk_simulate->add_option("--seed", risk_simulate_options.seed, "random draws")
      ->capture_default_str();
  risk_simulate->add_option("--threads", risk_simulate_options.threads, "XGBoost threads")
      ->capture_default_str();

  ZonesOptions zones_options;
  auto* zones = app.add_subcommand("zones", "Goods accounts of special supervision zones (docs/zones.md)");
  zones->require_subcommand(1);
  auto* zones_move = zones->add_subcommand(
      "move", "Apply a JSONL file of movements to one account; one JSON line per movement. "
              "Exit 0 all applied or replayed, 2 some refused, 1 other failure");
  auto* zones_balances = zones->add_subcommand("balances", "Print an account's stock lines");
  for (auto* command : {zones_move, zones_balances}) {
    add_db(command);
    command->add_option("--zone", zones_options.zone, "zone id")->required();
    command->add_option("--enterprise", zones_options.enterprise, "enterprise (party id)")->required();
  }
  add_reference(zones_move);
  add_tariff(zones_move);
  add_risk(zones_move);
  zones_move->add_option("file", zones_options.file, "FILE.jsonl")->required()->check(CLI::ExistingFile);
  zones_move->add_option("--batch-size", zones_options.batch_size, "movements per transaction")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000}))
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);  // prints help or the usage error
    return code == 0 ? exit_ok : exit_failure;
  }

  if (*init) return run_init(common);
  if (*lodge) return run_lodge(common, declaration_file);
  if (*assess) return run_assess(common, assess_options, declaration_file);
  if (*show) return run_show(common, id);
  if (*events) return run_events(common, id);
  if (*import_command) return run_import(common, import);
  if (*verify) return run_verify(common);
  if (*serve_command) return run_serve(common, serve);
  if (*token_create) return run_token_create(common, token);
  if (*token_revoke) return run_token_revoke(common, id);
  if (*token_list) return run_token_list(common);
  if (*audit_verify) return run_audit_verify(common, expect_head);
  if (*zones_move) return run_zones_move(common, zones_options);
  if (*zones_balances) return run_zones_balances(common, zones_options);
  if (*risk_train) return run_risk_train(common, risk_train_options);
  if (*risk_eval) return run_risk_eval(risk_eval_options);
  if (*risk_simulate) return run_risk_simulate(risk_simulate_options);
  return exit_failure;
}
