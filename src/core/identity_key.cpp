#include "core/identity_key.h"

#include <sodium.h>

#include <array>
#include <chrono>

namespace oc {

std::string identity_key(std::string_view domain, std::string_view identity,
                         std::string_view secret) {
  std::string message(domain);
  message.push_back('\0');
  message.append(identity);
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size(), reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size());
  sodium_memzero(message.data(), message.size());
  char hex[crypto_generichash_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, crypto_generichash_BYTES * 2);
}

std::string mask_identity(std::string_view identity, std::size_t head, std::size_t tail) {
  std::string masked(identity.size(), '*');
  if (identity.size() <= head + tail) return masked;
  for (std::size_t i = 0; i < head; ++i) masked[i] = identity[i];
  for (std::size_t i = identity.size() - tail; i < identity.size(); ++i) masked[i] = identity[i];
  return masked;
}

bool is_resident_id_number(std::string_view text) {
  if (text.size() != 18) return false;
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                   3, 7, 9,  10, 5, 8, 4, 2};
  static constexpr std::string_view kCheck = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    if (!(text[i] >= '0' && text[i] <= '9')) return false;
    sum += (text[i] - '0') * kWeights[i];
  }
  const char last = text[17] == 'x' ? 'X' : text[17];
  if (last != kCheck[static_cast<std::size_t>(sum % 11)]) return false;
  auto digits = [&](std::size_t at, std::size_t length) {
    int value = 0;
    for (std::size_t i = at; i < at + length; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  const std::chrono::year_month_day birth{std::chrono::year{digits(6, 4)},
                                          std::chrono::month{static_cast<unsigned>(digits(10, 2))},
                                          std::chrono::day{static_cast<unsigned>(digits(12, 2))}};
  return birth.ok() && digits(6, 4) >= 1900;
}

std::optional<std::string> normalize_phone(std::string_view text) {
  if (text.empty() || text.size() > phone_text_length_max) return std::nullopt;
  std::string digits;
  bool international = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == '+' && digits.empty() && !international) {
      international = true;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  if (!international && digits.starts_with("00")) {
    international = true;
    digits.erase(0, 2);
  }
  if (digits.size() < phone_digits_min || digits.size() > phone_digits_max) return std::nullopt;
  if (international && digits.starts_with("86") && digits.size() > 2 + 4) {
    digits.erase(0, 2);
    // Mobiles are dialled as they are; fixed lines at home with the trunk prefix 0.
    return digits.starts_with("1") && digits.size() == 11 ? digits : "0" + digits;
  }
  return international ? "+" + digits : digits;
}

}  // namespace oc
