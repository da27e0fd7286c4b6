// Packing the text index.
#include "risk/text_key_index.h"

#include <utility>

namespace oc {

void TextKeyIndex::add(std::string key, std::uint32_t rule) {
  auto& rules = building_[std::move(key)];
  if (rules.empty() || rules.back() != rule) rules.push_back(rule);
}

void TextKeyIndex::freeze() {
  key_count_ = building_.size();
  if (key_count_ == 0) return;
  std::size_t capacity = 4;
  while (capacity < key_count_ * 2) capacity *= 2;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  // rules_[0] is a pad so that every used slot has rules_end > 0.
  rules_.push_back(0);
  for (auto& [key, rules] : building_) {
    Slot slot;
    slot.hash = hash_of(key);
    slot.key_begin = static_cast<std::uint32_t>(keys_.size());
    slot.key_size = static_cast<std::uint32_t>(key.size());
    keys_ += key;
    slot.rules_begin = static_cast<std::uint32_t>(rules_.size());
    rules_.insert(rules_.end(), rules.begin(), rules.end());
    slot.rules_end = static_cast<std::uint32_t>(rules_.size());
    std::size_t i = slot.hash & mask_;
    while (slots_[i].rules_end != 0) i = (i + 1) & mask_;
    slots_[i] = slot;
  }
  building_.clear();
}

}  // namespace oc
