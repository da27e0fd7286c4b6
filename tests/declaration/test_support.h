// Shared fixtures for declaration tests: the demo reference data and a valid declaration body.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/reference_data.h"
#include "risk/risk_service.h"
#include "tariff/tariff.h"

namespace oc::testing {

inline const ReferenceData& demo_reference() {
  static const ReferenceData data = [] {
    auto loaded = load_reference(OC_SOURCE_DIR "/data/reference");
    if (!loaded) {
      ADD_FAILURE() << loaded.error().code << " " << loaded.error().path << " "
                    << loaded.error().message;
      return ReferenceData{};
    }
    return std::move(*loaded);
  }();
  return data;
}

// The project's demo tariff (data/tariff).
inline const Tariff& demo_tariff() {
  static const Tariff tariff = [] {
    auto loaded = load_tariff(OC_SOURCE_DIR "/data/tariff");
    if (!loaded) {
      ADD_FAILURE() << loaded.error().code << " " << loaded.error().path << " "
                    << loaded.error().message;
      return Tariff{};
    }
    return std::move(*loaded);
  }();
  return tariff;
}

// A risk service with the project's demo rules and credit register, and a lane policy without
// random selection (tests/data/risk/lane_policy_no_random.csv), so lanes follow the rules alone.
inline std::unique_ptr<RiskService> demo_risk() {
  auto text = [](const char* path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
  };
  auto policies =
      LanePolicies::parse(text(OC_SOURCE_DIR "/tests/data/risk/lane_policy_no_random.csv"), "policy");
  auto credit = CreditRegister::parse(text(OC_SOURCE_DIR "/data/risk/credit_grades.csv"), "credit");
  EXPECT_TRUE(policies.ok() && credit.ok());
  auto service = std::make_unique<RiskService>(policies ? std::move(*policies) : LanePolicies{},
                                               credit ? std::move(*credit) : CreditRegister{}, 1);
  Errors errors = service->reload_rules(text(OC_SOURCE_DIR "/data/risk/rules.txt"), "rules.txt");
  EXPECT_TRUE(errors.empty()) << (errors.empty() ? "" : errors.front().message);
  return service;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// The contract's example declaration (data/demo/declaration.json).
inline std::string valid_body() { return read_file(OC_SOURCE_DIR "/data/demo/declaration.json"); }

}  // namespace oc::testing
