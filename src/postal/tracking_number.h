// UPU S10 item identifiers ("EE123456785CN"), the natural key of a postal item.
//
// Layout (UPU standard S10): 2 letters (service indicator), an 8-digit serial number, 1 check
// digit, 2 letters (ISO 3166 alpha-2 of the posting operator's country). The check digit weighs
// the serial digits by 8, 6, 4, 2, 3, 5, 9, 7: c = 11 − (Σ mod 11), then 10 → 0 and 11 → 5.
// The country part is not compared with the item's origin: operators post through exchange
// offices abroad.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace oc {

inline constexpr std::size_t s10_length = 13;

// The check digit of an 8-digit serial number; nullopt when `serial` is not 8 ASCII digits.
std::optional<int> s10_check_digit(std::string_view serial);

// True for 13 characters: 2 upper-case letters, 8 digits, the right check digit, 2 upper-case
// letters.
bool is_s10_tracking_number(std::string_view text);

// True for the S10 layout whatever the check digit: 2 upper-case letters, 9 digits, 2 upper-case
// letters.
bool has_s10_layout(std::string_view text);

// The identifier upper-cased (a path segment or form field may arrive in lower case) when it has
// the S10 layout; nullopt otherwise. The store keys items by the upper-case form.
// The check digit is NOT required here: regimes-v1's own example ("EE123456789CN") fails it, and
// an operator's label is what the item carries. Whether it is right is shown with the item
// (is_s10_tracking_number, "check_digit_valid" in the view); a recipient who mistypes a digit
// simply does not find the item.
std::optional<std::string> parse_tracking_number(std::string_view text);

}  // namespace oc
