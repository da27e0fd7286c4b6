#include "taxrefund/key_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstring>

namespace oc {
namespace {

constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

Error file_error(std::string code, const std::filesystem::path& path, std::string message) {
  return make_error(std::move(code), path.string(), std::move(message));
}

// Closes a file descriptor on every path out of a function.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

}  // namespace

void ensure_sodium() {
  static const bool initialised = sodium_init() >= 0;
  assert(initialised);
  (void)initialised;
}

std::string base64url_encode(std::string_view bytes) {
  std::string text(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  text.resize(std::strlen(text.c_str()));
  return text;
}

std::optional<std::string> base64url_decode(std::string_view text, std::size_t bytes_expected) {
  if (text.size() != sodium_base64_ENCODED_LEN(bytes_expected, kVariant) - 1) return std::nullopt;
  std::string bytes(bytes_expected, '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                        text.size(), nullptr, &length, &end, kVariant) != 0 ||
      length != bytes_expected || end != text.data() + text.size()) {
    return std::nullopt;
  }
  // Exactly one text per key: re-encoding must give the same characters (unused bits zero).
  if (base64url_encode(bytes) != text) return std::nullopt;
  return bytes;
}

Result<std::string> read_key_file(const std::filesystem::path& path, std::string_view label,
                                  std::size_t key_bytes, KeyFileKind kind) {
  Descriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) {
    return file_error("key.unreadable", path,
                      "cannot open the key file: " + std::string(std::strerror(errno)));
  }
  struct stat status {};
  if (::fstat(file.get(), &status) != 0 || !S_ISREG(status.st_mode)) {
    return file_error("key.unreadable", path, "the key file is not a regular file");
  }
  if (kind == KeyFileKind::secret && (status.st_mode & 077) != 0) {
    return file_error("key.insecure_permissions", path,
                      "a secret key file must not be readable by group or others (chmod 600)");
  }
  std::string content(key_file_bytes_max + 1, '\0');
  std::size_t filled = 0;
  while (filled < content.size()) {
    ssize_t got = ::read(file.get(), content.data() + filled, content.size() - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      return file_error("key.unreadable", path,
                        "cannot read the key file: " + std::string(std::strerror(errno)));
    }
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  content.resize(filled);
  const std::string expected_shape = "expected one line '" + std::string(label) +
                                     " <base64url of " + std::to_string(key_bytes) + " bytes>'";
  if (content.size() > key_file_bytes_max) {
    return file_error("key.malformed", path, "the key file is too long; " + expected_shape);
  }
  std::string_view text = content;
  if (text.ends_with('\n')) text.remove_suffix(1);
  if (!text.starts_with(label) || text.size() <= label.size() || text[label.size()] != ' ') {
    return file_error("key.malformed", path, expected_shape);
  }
  auto key = base64url_decode(text.substr(label.size() + 1), key_bytes);
  if (!key) return file_error("key.malformed", path, expected_shape);
  return std::move(*key);
}

VoidResult write_key_file(const std::filesystem::path& path, std::string_view label,
                          std::string_view key, KeyFileKind kind) {
  const mode_t mode = kind == KeyFileKind::secret ? 0600 : 0644;
  Descriptor file(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
  if (file.get() < 0) {
    if (errno == EEXIST) {
      return file_error("key.exists", path,
                        "a key file is never overwritten; move the old one away first");
    }
    return file_error("key.unwritable", path,
                      "cannot create the key file: " + std::string(std::strerror(errno)));
  }
  // A file this call created and could not finish is removed, so no half key is left behind.
  auto fail = [&](std::string what) {
    Error error =
        file_error("key.unwritable", path, what + ": " + std::string(std::strerror(errno)));
    ::unlink(path.c_str());
    return error;
  };
  // The umask may have narrowed the mode; a secret file must be exactly 0600 whatever it was.
  if (::fchmod(file.get(), mode) != 0) return fail("cannot set the key file's mode");
  const std::string line = std::string(label) + " " + base64url_encode(key) + "\n";
  std::size_t written = 0;
  while (written < line.size()) {
    ssize_t put = ::write(file.get(), line.data() + written, line.size() - written);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return fail("cannot write the key file");
    written += static_cast<std::size_t>(put);
  }
  if (::fsync(file.get()) != 0 || ::close(file.release()) != 0)
    return fail("cannot flush the key file");
  return ok_result();
}

}  // namespace oc
