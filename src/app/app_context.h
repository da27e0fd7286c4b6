// What every subcommand needs: the reference data and the store, opened from command-line
// options, with errors printed the same way everywhere.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/reference_data.h"
#include "core/result.h"
#include "store/store.h"
#include "tariff/tariff.h"

namespace oc::app {

// Exit codes of the contract (../shared/api/declaration-v1.md).
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_rejected = 2;

// The project's demo reference data (data/reference), unless OPENCUSTOMS_REFERENCE is set.
std::filesystem::path default_reference_dir();

// The project's demo tariff (data/tariff), unless OPENCUSTOMS_TARIFF is set.
std::filesystem::path default_tariff_dir();

// An empty directory means default_reference_dir() / default_tariff_dir().
Result<ReferenceData> load_reference_or_report(const std::filesystem::path& directory);
Result<Tariff> load_tariff_or_report(const std::filesystem::path& directory);
Result<std::unique_ptr<Store>> open_store_or_report(const std::filesystem::path& file);

// "error: <code> at <path>: <message>" on stderr.
void print_error(const Error& error);

}  // namespace oc::app
