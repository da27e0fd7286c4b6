// What every subcommand needs: the reference data and the store, opened from command-line
// options, with errors printed the same way everywhere.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/reference_data.h"
#include "core/result.h"
#include "store/store.h"
#include "app/commands.h"
#include "risk/risk_service.h"
#include "taxrefund/refund_signing.h"
#include "zones/zone_registry.h"
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

// The project's demo risk files (data/risk), unless OPENCUSTOMS_RISK is set.
std::filesystem::path default_risk_dir();
struct RiskFiles {
  std::filesystem::path rules;        // empty: default_risk_dir() / "rules.txt"
  std::filesystem::path lane_policy;  // empty: default_risk_dir() / "lane_policy.csv"
  std::filesystem::path credit;       // empty: default_risk_dir() / "credit_grades.csv"
  std::optional<std::uint64_t> seed;  // none: a random seed (libsodium)
};
// The risk service with its rules, lane policy and credit register loaded; every rule error is
// printed. The model is added by the caller when one is given.
Result<std::unique_ptr<RiskService>> load_risk_or_report(const RiskFiles& files);
Result<std::unique_ptr<Store>> open_store_or_report(const std::filesystem::path& file);

// What lodging needs, opened from the common options: reference data, tariff, store, and the
// risk service with its reference prices built from the store's history.
// The project's demo zones (data/zones/zones.csv), unless OPENCUSTOMS_ZONES is set.
std::filesystem::path default_zones_file();

struct Platform {
  ReferenceData reference;
  Tariff tariff;
  ZoneRegistry zones;
  std::unique_ptr<Store> store;
  std::unique_ptr<RiskService> risk;
};
Result<Platform> open_platform_or_report(const CommonOptions& options);

// The tax refund keys of `directory`: signing.key (Ed25519 secret, 0600), signing.pub and
// traveller.key (0600). Missing files are created with new keys (said on stderr); unreadable,
// malformed or world-readable secret files are errors.
struct RefundKeys {
  RefundSigningKey signing;
  TravellerSecret traveller;
};
Result<RefundKeys> load_refund_keys_or_report(const std::filesystem::path& directory);

// "error: <code> at <path>: <message>" on stderr.
void print_error(const Error& error);

}  // namespace oc::app
