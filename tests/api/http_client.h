// A small blocking HTTP/1.1 client for black-box API tests: one keep-alive connection to a
// loopback port, Content-Length bodies, a receive timeout so a server bug fails a test instead of
// hanging it.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace oc::testing {

struct HttpResult {
  int status = 0;                                            // 0: connection failed or closed
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  std::string header(const std::string& name) const {
    for (const auto& [key, value] : headers) {
      if (key == name) return value;
    }
    return "";
  }
};

class HttpClient {
 public:
  explicit HttpClient(unsigned short port) : port_(port) {}
  ~HttpClient() { close_socket(); }
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResult request(const std::string& method, const std::string& target,
                     const std::string& token = "", const std::string& body = "",
                     std::vector<std::pair<std::string, std::string>> headers = {}) {
    std::string raw = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token.empty()) raw += "Authorization: Bearer " + token + "\r\n";
    bool has_content_type = false;
    for (const auto& [name, value] : headers) {
      raw += name + ": " + value + "\r\n";
      has_content_type = has_content_type || name == "Content-Type";
    }
    if (!body.empty() && !has_content_type) raw += "Content-Type: application/json\r\n";
    if (!body.empty() || method == "POST") {
      raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    raw += "\r\n" + body;
    return send_raw(raw);
  }

  // Sends bytes as they are and reads one response.
  HttpResult send_raw(const std::string& raw) {
    if (fd_ < 0 && !connect_socket()) return {};
    std::size_t sent = 0;
    while (sent < raw.size()) {
      ssize_t n = ::send(fd_, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        close_socket();
        return {};
      }
      sent += static_cast<std::size_t>(n);
    }
    return read_response();
  }

  void close_socket() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buffer_.clear();
  }

 private:
  bool connect_socket() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return false;
    timeval timeout{30, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port_);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      close_socket();
      return false;
    }
    return true;
  }

  bool fill() {
    char chunk[65536];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  HttpResult read_response() {
    HttpResult result;
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) {
        close_socket();
        return result;
      }
    }
    std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    std::size_t line_end = head.find("\r\n");
    std::string status_line = head.substr(0, line_end);
    result.status = std::atoi(status_line.substr(9, 3).c_str());
    std::size_t content_length = 0;
    bool close = false;
    std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
      std::size_t next = head.find("\r\n", pos);
      if (next == std::string::npos) next = head.size();
      std::string line = head.substr(pos, next - pos);
      std::size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      if (name == "content-length") content_length = std::stoul(value);
      if (name == "connection" && value == "close") close = true;
      result.headers.emplace_back(name, value);
      pos = next + 2;
    }
    while (buffer_.size() < content_length) {
      if (!fill()) {
        close_socket();
        result.status = 0;
        return result;
      }
    }
    result.body = buffer_.substr(0, content_length);
    buffer_.erase(0, content_length);
    if (close) close_socket();
    return result;
  }

  unsigned short port_;
  int fd_ = -1;
  std::string buffer_;
};

}  // namespace oc::testing
