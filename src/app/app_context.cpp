#include "app/app_context.h"

#include <cstdio>
#include <cstdlib>

#include "clearance/model_scorer.h"
#include "clearance/risk_history.h"
#include "core/csv.h"
#include "store/sqlite_store.h"

#include <sodium.h>

#ifndef OC_DEFAULT_REFERENCE_DIR
#define OC_DEFAULT_REFERENCE_DIR "data/reference"
#endif
#ifndef OC_DEFAULT_RISK_DIR
#define OC_DEFAULT_RISK_DIR "data/risk"
#endif
#ifndef OC_DEFAULT_ZONES_FILE
#define OC_DEFAULT_ZONES_FILE "data/zones/zones.csv"
#endif
#ifndef OC_DEFAULT_TARIFF_DIR
#define OC_DEFAULT_TARIFF_DIR "data/tariff"
#endif

namespace oc::app {

std::filesystem::path default_reference_dir() {
  if (const char* configured = std::getenv("OPENCUSTOMS_REFERENCE"); configured && *configured) {
    return configured;
  }
  return OC_DEFAULT_REFERENCE_DIR;
}

std::filesystem::path default_tariff_dir() {
  if (const char* configured = std::getenv("OPENCUSTOMS_TARIFF"); configured && *configured) {
    return configured;
  }
  return OC_DEFAULT_TARIFF_DIR;
}

void print_error(const Error& error) {
  std::fprintf(stderr, "error: %s%s%s: %s\n", error.code.c_str(), error.path.empty() ? "" : " at ",
               error.path.c_str(), error.message.c_str());
}

Result<ReferenceData> load_reference_or_report(const std::filesystem::path& directory) {
  auto reference = load_reference(directory.empty() ? default_reference_dir() : directory);
  if (!reference) print_error(reference.error());
  return reference;
}

Result<Tariff> load_tariff_or_report(const std::filesystem::path& directory) {
  auto tariff = load_tariff(directory.empty() ? default_tariff_dir() : directory);
  if (!tariff) print_error(tariff.error());
  return tariff;
}

std::filesystem::path default_zones_file() {
  if (const char* configured = std::getenv("OPENCUSTOMS_ZONES"); configured && *configured) {
    return configured;
  }
  return OC_DEFAULT_ZONES_FILE;
}

std::filesystem::path default_risk_dir() {
  if (const char* configured = std::getenv("OPENCUSTOMS_RISK"); configured && *configured) {
    return configured;
  }
  return OC_DEFAULT_RISK_DIR;
}

Result<std::unique_ptr<RiskService>> load_risk_or_report(const RiskFiles& files) {
  auto path_of = [](const std::filesystem::path& given, const char* name) {
    return given.empty() ? default_risk_dir() / name : given;
  };
  auto read = [](const std::filesystem::path& path) -> Result<std::string> {
    auto content = read_file(path);
    if (!content) print_error(content.error());
    return content;
  };
  auto policy_text = read(path_of(files.lane_policy, "lane_policy.csv"));
  if (!policy_text) return std::move(policy_text).error();
  auto policies = LanePolicies::parse(*policy_text, path_of(files.lane_policy, "lane_policy.csv").filename().string());
  if (!policies) {
    print_error(policies.error());
    return std::move(policies).error();
  }
  auto credit_text = read(path_of(files.credit, "credit_grades.csv"));
  if (!credit_text) return std::move(credit_text).error();
  auto credit = CreditRegister::parse(*credit_text, path_of(files.credit, "credit_grades.csv").filename().string());
  if (!credit) {
    print_error(credit.error());
    return std::move(credit).error();
  }
  std::uint64_t seed = 0;
  if (files.seed) {
    seed = *files.seed;
  } else {
    randombytes_buf(&seed, sizeof seed);
  }
  auto service = std::make_unique<RiskService>(std::move(*policies), std::move(*credit), seed);
  auto rules_path = path_of(files.rules, "rules.txt");
  auto rules_text = read(rules_path);
  if (!rules_text) return std::move(rules_text).error();
  Errors errors = service->reload_rules(*rules_text, rules_path.filename().string());
  if (!errors.empty()) {
    for (const Error& error : errors) print_error(error);
    return errors.front();
  }
  return service;
}

Result<Platform> open_platform_or_report(const CommonOptions& options) {
  auto reference = load_reference_or_report(options.reference);
  if (!reference) return std::move(reference).error();
  auto tariff = load_tariff_or_report(options.tariff);
  if (!tariff) return std::move(tariff).error();
  auto risk = load_risk_or_report(
      RiskFiles{options.rules, options.lane_policy, options.credit, options.risk_seed});
  if (!risk) return std::move(risk).error();
  const auto zones_file = options.zones.empty() ? default_zones_file() : options.zones;
  auto zones_text = read_file(zones_file);
  if (!zones_text) {
    print_error(zones_text.error());
    return std::move(zones_text).error();
  }
  auto zones = ZoneRegistry::parse(*zones_text, zones_file.filename().string());
  if (!zones) {
    print_error(zones.error());
    return std::move(zones).error();
  }
  auto store = open_store_or_report(options.db);
  if (!store) return std::move(store).error();
  auto prices = reference_prices_from_store(**store);
  if (!prices) {
    print_error(prices.error());
    return std::move(prices).error();
  }
  (*risk)->replace_reference_prices(std::make_shared<const ReferencePrices>(std::move(*prices)));
  if (!options.model.empty()) {
    auto model = ModelScorer::load(options.model);
    if (!model) {
      print_error(model.error());
      return std::move(model).error();
    }
    (*risk)->replace_model(std::move(*model));
  }
  return Platform{std::move(*reference), std::move(*tariff), std::move(*zones), std::move(*store),
                  std::move(*risk)};
}

Result<RefundKeys> load_refund_keys_or_report(const std::filesystem::path& directory) {
  std::error_code ignored;
  std::filesystem::create_directories(directory, ignored);
  const auto signing_file = directory / "signing.key";
  const auto public_file = directory / "signing.pub";
  const auto traveller_file = directory / "traveller.key";
  auto report = [](const Error& error) {
    print_error(error);
    return error;
  };
  if (!std::filesystem::exists(signing_file, ignored)) {
    RefundSigningKey fresh = RefundSigningKey::generate();
    if (auto saved = fresh.save(signing_file); !saved) return report(saved.error());
    (void)fresh.public_key().save(public_file);
    std::fprintf(stderr, "created a tax refund signing key in %s\n", signing_file.string().c_str());
  }
  if (!std::filesystem::exists(traveller_file, ignored)) {
    if (auto saved = TravellerSecret::generate().save(traveller_file); !saved) {
      return report(saved.error());
    }
    std::fprintf(stderr, "created a traveller-hash secret in %s\n", traveller_file.string().c_str());
  }
  auto signing = RefundSigningKey::load(signing_file);
  if (!signing) return report(signing.error());
  auto traveller = TravellerSecret::load(traveller_file);
  if (!traveller) return report(traveller.error());
  return RefundKeys{std::move(*signing), std::move(*traveller)};
}

Result<std::unique_ptr<Store>> open_store_or_report(const std::filesystem::path& file) {
  auto store = open_sqlite_store(file);
  if (!store) print_error(store.error());
  return store;
}

}  // namespace oc::app
