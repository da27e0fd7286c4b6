// TextKeyIndex: rule indexes by exact text (a party id, an origin, an office): key -> the rules
// filed under it. Built once with add(), then freeze() packs it into one open-addressing table
// (FNV-1a hash, power-of-two size, linear probing) so that a lookup is a few inline instructions
// and one key comparison — the matcher does several per declaration.
// Thread safety: add/freeze on one thread; after freeze, find() from any number of threads.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace oc {

class TextKeyIndex {
 public:
  // Files `rule` under `key`; a rule added twice in a row under one key is kept once.
  // REQUIRES: not frozen.
  void add(std::string key, std::uint32_t rule);
  void freeze();

  bool empty() const { return key_count_ == 0 && building_.empty(); }
  // The rules under `key` in the order added; empty when none. REQUIRES: frozen.
  std::span<const std::uint32_t> find(std::string_view key) const {
    if (slots_.empty()) return {};
    std::uint64_t hash = hash_of(key);
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.rules_end == 0) return {};  // an empty slot: every used slot has rules
      if (slot.hash == hash &&
          std::string_view(keys_).substr(slot.key_begin, slot.key_size) == key) {
        return std::span<const std::uint32_t>(rules_).subspan(slot.rules_begin,
                                                              slot.rules_end - slot.rules_begin);
      }
    }
  }

 private:
  static std::uint64_t hash_of(std::string_view key) {
    std::uint64_t hash = 14695981039346656037ull;
    for (char c : key) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ull;
    }
    return hash;
  }

  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t key_begin = 0;
    std::uint32_t key_size = 0;
    std::uint32_t rules_begin = 0;
    std::uint32_t rules_end = 0;  // 0: empty slot
  };

  std::unordered_map<std::string, std::vector<std::uint32_t>> building_;
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::string keys_;
  std::vector<std::uint32_t> rules_;
  std::size_t key_count_ = 0;
};

}  // namespace oc
