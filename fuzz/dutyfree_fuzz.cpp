// Fuzz target: bytes as an offshore duty-free sale body, then the sale rules on a fixed day when
// it decodes. Nothing may crash, hang or trip a sanitizer; a decoded sale's total is never
// negative and a decision never leaves a negative remaining allowance.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "travel/dutyfree.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto decoded = oc::decode_dutyfree_sale(body);
  if (!decoded.errors.empty()) return 0;
  if (decoded.sale.total.sign() < 0) std::abort();
  auto decision = oc::decide_dutyfree_sale(decoded.sale, "2026-11-23",
                                           oc::Decimal::from_units(5'000'000, 2));
  if (decision && decision->remaining.sign() < 0) std::abort();
  return 0;
}
