// Personal identity numbers (a buyer's, a traveller's, a recipient's phone) are never stored in
// clear: the module that decodes a body turns each into a keyed hash at once, through an
// IdentityHasher the server builds from its secret (taxrefund/refund_form.h TravellerSecret) and a
// domain label, so that the same number hashed for two purposes gives two unrelated keys.
// mask_identity keeps a few characters for people to recognise their own number in answers.
// Thread safety: pure functions; an IdentityHasher must be callable from many threads.
#pragma once

#include <functional>
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

// A Chinese resident identity number (GB 11643-1999): 18 characters, 17 digits and a check
// character (ISO 7064 MOD 11-2; 'X' for 10, 'x' accepted) that is right, and characters 7-14 a
// real birth date YYYYMMDD from 1900 on. Any text is answered.
bool is_resident_id_number(std::string_view text);

}  // namespace oc
