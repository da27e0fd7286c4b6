#include "postal/tracking_number.h"

#include <array>

namespace oc {
namespace {

bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::optional<int> s10_check_digit(std::string_view serial) {
  constexpr std::array<int, 8> weights = {8, 6, 4, 2, 3, 5, 9, 7};
  if (serial.size() != weights.size()) return std::nullopt;
  int sum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!is_digit(serial[i])) return std::nullopt;
    sum += (serial[i] - '0') * weights[i];
  }
  int check = 11 - sum % 11;
  if (check == 10) return 0;
  if (check == 11) return 5;
  return check;
}

bool has_s10_layout(std::string_view text) {
  if (text.size() != s10_length) return false;
  if (!is_upper(text[0]) || !is_upper(text[1]) || !is_upper(text[11]) || !is_upper(text[12])) {
    return false;
  }
  for (std::size_t i = 2; i < 11; ++i) {
    if (!is_digit(text[i])) return false;
  }
  return true;
}

bool is_s10_tracking_number(std::string_view text) {
  if (!has_s10_layout(text)) return false;
  auto check = s10_check_digit(text.substr(2, 8));
  return check && text[10] - '0' == *check;
}

std::optional<std::string> parse_tracking_number(std::string_view text) {
  if (text.size() != s10_length) return std::nullopt;
  std::string upper(text);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (!has_s10_layout(upper)) return std::nullopt;
  return upper;
}

}  // namespace oc
