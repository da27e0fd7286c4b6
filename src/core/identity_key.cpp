#include "core/identity_key.h"

#include <sodium.h>

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

}  // namespace oc
