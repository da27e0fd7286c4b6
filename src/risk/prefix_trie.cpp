// Building the prefix trie.
#include "risk/prefix_trie.h"

namespace oc {

void PrefixTrie::add(std::string_view prefix, std::uint32_t rule) {
  prefix = prefix.substr(0, prefix_trie_depth_max);
  std::uint32_t node = 0;
  for (char c : prefix) {
    std::uint32_t next = child(node, c);
    if (next == 0) {
      next = static_cast<std::uint32_t>(nodes_.size());
      nodes_.emplace_back();  // may move nodes_: index, never hold references across this
      if (c >= '0' && c <= '9') {
        nodes_[node].digit_children[static_cast<std::size_t>(c - '0')] = next;
      } else {
        nodes_[node].other_children.emplace_back(c, next);
      }
    }
    node = next;
  }
  auto& rules = nodes_[node].rules;
  if (rules.empty() || rules.back() != rule) rules.push_back(rule);
}

}  // namespace oc
