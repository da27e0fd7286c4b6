// Enumerations named by a table of strings indexed by the enumerator's value: one lookup used
// by every enum the JSON, the store and the CLI name (statuses, lanes, incoterms, ...).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace oc {

template <class Enum, std::size_t N>
std::optional<Enum> parse_enum_name(const std::array<std::string_view, N>& names,
                                    std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace oc
