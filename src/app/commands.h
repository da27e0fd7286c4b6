// The `opencustoms` subcommands. Each takes its parsed options and returns the process exit code
// (app_context.h: 0 ok, 2 rejected, 1 any other failure).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace oc::app {

struct CommonOptions {
  std::filesystem::path db = "opencustoms.db";
  std::filesystem::path reference;  // empty: default_reference_dir()
  std::filesystem::path tariff;     // empty: the project's data/tariff (tariff engine: later)
};

int run_init(const CommonOptions& options);
int run_lodge(const CommonOptions& options, const std::filesystem::path& declaration_file);
int run_assess(const CommonOptions& options, const std::filesystem::path& declaration_file);
int run_show(const CommonOptions& options, const std::string& id);
int run_events(const CommonOptions& options, const std::string& id);
int run_verify(const CommonOptions& options);

struct ImportOptions {
  std::filesystem::path file;           // .jsonl or .csv
  std::size_t batch_size = 256;         // declarations per transaction
  std::string results;                  // "" none, "-" stdout, else a file: one JSON line each
  bool progress = true;                 // progress bar on stderr when it is a terminal
};
inline constexpr std::size_t import_batch_size_max = 10'000;
int run_import(const CommonOptions& options, const ImportOptions& import);

}  // namespace oc::app
