// Fuzz target: any bytes -> JSON decode -> validation -> canonical encode -> decode again.
// Nothing may crash, hang or trip a sanitizer, and a declaration that decodes cleanly must
// survive the canonical round trip unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/reference_data.h"
#include "declaration/json_codec.h"
#include "declaration/validation.h"

namespace {

const oc::ReferenceData& reference() {
  static const oc::ReferenceData data = [] {
    auto loaded = oc::load_reference(OC_SOURCE_DIR "/data/reference");
    if (!loaded) std::abort();  // the fuzz harness itself is broken, not the code under test
    return std::move(*loaded);
  }();
  return data;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  oc::DecodedDeclaration checked = oc::check_declaration(body, reference());
  if (oc::decode_declaration(body).errors.empty()) {
    std::string canonical = oc::encode_declaration(checked.declaration);
    oc::DecodedDeclaration again = oc::decode_declaration(canonical);
    if (!again.errors.empty() || !(again.declaration == checked.declaration)) std::abort();
    if (oc::encode_declaration(again.declaration) != canonical) std::abort();
  }
  return 0;
}
