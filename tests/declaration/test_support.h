// Shared fixtures for declaration tests: the demo reference data and a valid declaration body.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/reference_data.h"
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

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// The contract's example declaration (data/demo/declaration.json).
inline std::string valid_body() { return read_file(OC_SOURCE_DIR "/data/demo/declaration.json"); }

}  // namespace oc::testing
