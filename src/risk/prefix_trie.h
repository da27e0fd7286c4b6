// PrefixTrie: the HS-prefix index — rules filed under code prefixes ("8703", "870323"), found by
// walking an item's code once: every rule filed under a prefix of the code is visited, shortest
// prefix first. Digits take a direct child slot; any other character a short list. Prefixes are
// indexed up to prefix_trie_depth_max characters (a longer one files under its first 12
// characters, which only adds candidates, never loses one).
// Thread safety: add() on one thread; after that, visit() from any number of threads.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace oc {

inline constexpr std::size_t prefix_trie_depth_max = 12;

class PrefixTrie {
 public:
  PrefixTrie() : nodes_(1) {}

  // Files `rule` under `prefix`; the same rule added twice in a row under one prefix is kept once.
  void add(std::string_view prefix, std::uint32_t rule);

  // Calls visit(rule) for every rule filed under a prefix of `code` (the empty prefix included).
  template <class Visit>
  void visit(std::string_view code, Visit&& visit) const {
    std::uint32_t node = 0;
    for (std::size_t depth = 0;; ++depth) {
      for (std::uint32_t rule : nodes_[node].rules) visit(rule);
      if (depth == code.size() || depth == prefix_trie_depth_max) return;
      node = child(node, code[depth]);
      if (node == 0) return;
    }
  }

  std::size_t node_count() const { return nodes_.size(); }

 private:
  struct Node {
    std::array<std::uint32_t, 10> digit_children{};  // 0: none (the root is no child)
    std::vector<std::pair<char, std::uint32_t>> other_children;
    std::vector<std::uint32_t> rules;
  };

  std::uint32_t child(std::uint32_t node, char c) const {
    if (c >= '0' && c <= '9') return nodes_[node].digit_children[static_cast<std::size_t>(c - '0')];
    for (const auto& [label, next] : nodes_[node].other_children) {
      if (label == c) return next;
    }
    return 0;
  }

  std::vector<Node> nodes_;
};

}  // namespace oc
