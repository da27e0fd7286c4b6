// Personal identity numbers (a buyer's, a traveller's, a recipient's phone) are never stored in
// clear: the module that decodes a body turns each into a keyed hash at once, through an
// IdentityHasher the server builds from its secret (taxrefund/refund_form.h TravellerSecret) and a
// domain label, so that the same number hashed for two purposes gives two unrelated keys.
// mask_identity keeps a few characters for people to recognise their own number in answers.
// Thread safety: pure functions; an IdentityHasher must be callable from many threads.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace oc {

// Returns the lower-case hex key of an identity number (already normalised by the caller).
using IdentityHasher = std::function<std::string(std::string_view identity)>;

// BLAKE2b-256 keyed with `secret` over "<domain>\0<identity>", lower-case hex.
std::string identity_key(std::string_view domain, std::string_view identity,
                         std::string_view secret);

// "4401**********1234" style: the first `head` and last `tail` characters, '*' for the rest;
// all '*' when the text is not longer than head + tail.
std::string mask_identity(std::string_view identity, std::size_t head = 3, std::size_t tail = 2);

// Phone numbers in one canonical form, so the spellings of one number by a platform, a carrier,
// a postal operator and a recipient compare (and hash) alike. Spaces, '-', '.', '(' and ')' are
// dropped; a leading '+' or "00" marks an international number. Mainland China numbers written
// internationally (+86 / 0086) take their domestic form: a mobile "13800138000", a fixed line
// with its trunk prefix "075588881234" (as "(0755) 8888 1234" is written at home); other
// international numbers are "+<digits>". 5 to 15 digits (E.164), at most phone_text_length_max
// characters as written. nullopt when the text is not such a number.
inline constexpr std::size_t phone_text_length_max = 32;
inline constexpr std::size_t phone_digits_min = 5;
inline constexpr std::size_t phone_digits_max = 15;
std::optional<std::string> normalize_phone(std::string_view text);

// A Chinese resident identity number (GB 11643-1999): 18 characters, 17 digits and a check
// character (ISO 7064 MOD 11-2; 'X' for 10, 'x' accepted) that is right, and characters 7-14 a
// real birth date YYYYMMDD from 1900 on. Any text is answered.
bool is_resident_id_number(std::string_view text);

}  // namespace oc
