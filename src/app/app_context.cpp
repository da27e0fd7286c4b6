#include "app/app_context.h"

#include <cstdio>
#include <cstdlib>

#include "store/sqlite_store.h"

#ifndef OC_DEFAULT_REFERENCE_DIR
#define OC_DEFAULT_REFERENCE_DIR "data/reference"
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

Result<std::unique_ptr<Store>> open_store_or_report(const std::filesystem::path& file) {
  auto store = open_sqlite_store(file);
  if (!store) print_error(store.error());
  return store;
}

}  // namespace oc::app
