// Reading the data-driven fixture files of tests/data/tariff_uk/: blocks of "key: value" lines
// separated by blank lines, '#' lines being comments. A value is the text after "key: " up to the
// line end, verbatim; <NBSP> stands for U+00A0 and <TAB> for a tab.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oc::uk::testing {

inline const std::filesystem::path kFixtureDir =
    std::filesystem::path(OC_SOURCE_DIR) / "tests" / "data" / "tariff_uk";

struct FixtureBlock {
  std::size_t line = 0;  // 1-based line of the block's first field
  std::vector<std::pair<std::string, std::string>> fields;

  const std::string* find(std::string_view key) const {
    for (const auto& [name, value] : fields) {
      if (name == key) return &value;
    }
    return nullptr;
  }
};

inline std::string unescape(std::string text) {
  for (const auto& [token, replacement] :
       {std::pair<std::string_view, std::string_view>{"<NBSP>", "\xC2\xA0"}, {"<TAB>", "\t"}}) {
    for (std::size_t at = text.find(token); at != std::string::npos;
         at = text.find(token, at + replacement.size())) {
      text.replace(at, token.size(), replacement);
    }
  }
  return text;
}

inline std::vector<FixtureBlock> read_fixture_blocks(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::vector<FixtureBlock> blocks;
  FixtureBlock block;
  std::string text;
  std::size_t line_number = 0;
  auto finish = [&] {
    if (!block.fields.empty()) blocks.push_back(std::move(block));
    block = FixtureBlock{};
  };
  while (std::getline(in, text)) {
    ++line_number;
    if (text.starts_with('#')) continue;
    if (text.empty()) {
      finish();
      continue;
    }
    std::size_t colon = text.find(':');
    if (colon == std::string::npos) {
      ADD_FAILURE() << path.filename() << ":" << line_number << ": no 'key:' in '" << text << "'";
      continue;
    }
    std::string value = text.substr(colon + 1);
    if (value.starts_with(' ')) value.erase(0, 1);
    if (block.fields.empty()) block.line = line_number;
    block.fields.emplace_back(text.substr(0, colon), unescape(std::move(value)));
  }
  finish();
  return blocks;
}

}  // namespace oc::uk::testing
