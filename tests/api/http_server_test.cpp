// HttpServer black-box over loopback (a server started in-process on port 0, plain POSIX socket
// clients with a receive timeout so a bug fails instead of hanging), and the wire functions
// (parse_http_request, serialize_http_response, error_response) byte for byte.
#include "api/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace oc::api {
namespace {

using namespace std::chrono_literals;

// A client read that takes longer than this is a failed test, not a hang.
constexpr int client_timeout_seconds = 10;

struct ClientResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  std::string header(const std::string& name) const {
    for (const auto& [key, value] : headers) {
      if (key == name) return value;
    }
    return {};
  }
  bool has_header(const std::string& name) const {
    for (const auto& header : headers) {
      if (header.first == name) return true;
    }
    return false;
  }
};

// A blocking HTTP/1.1 client over one TCP connection.
class Client {
 public:
  explicit Client(unsigned short port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    timeval timeout{client_timeout_seconds, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      throw std::runtime_error(std::string("connect failed: ") + std::strerror(errno));
    }
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }

  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

  // One response (a 100 Continue too); nullopt when the connection ends or times out first.
  std::optional<ClientResponse> read_response(bool head_request = false) {
    std::size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!receive()) return std::nullopt;
    }
    ClientResponse response;
    std::string header = buffer_.substr(0, header_end + 2);
    buffer_.erase(0, header_end + 4);
    if (header.compare(0, 9, "HTTP/1.1 ") != 0) return std::nullopt;
    response.status = std::stoi(header.substr(9, 3));
    std::size_t line_start = header.find("\r\n") + 2;
    while (line_start < header.size()) {
      std::size_t line_end = header.find("\r\n", line_start);
      std::string line = header.substr(line_start, line_end - line_start);
      std::size_t colon = line.find(": ");
      if (colon == std::string::npos) return std::nullopt;
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      response.headers.emplace_back(name, line.substr(colon + 2));
      line_start = line_end + 2;
    }
    std::size_t length = 0;
    if (response.has_header("content-length") && !head_request) {
      length = std::stoul(response.header("content-length"));
    }
    while (buffer_.size() < length) {
      if (!receive()) return std::nullopt;
    }
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return response;
  }

  std::optional<ClientResponse> request(std::string_view bytes, bool head_request = false) {
    if (!send(bytes)) return std::nullopt;
    return read_response(head_request);
  }

  // True when the server closed the connection (end of stream or reset) before sending more.
  bool read_eof() {
    if (!buffer_.empty()) return false;
    char byte;
    ssize_t received = ::recv(fd_, &byte, 1, 0);
    return received == 0 || (received < 0 && errno == ECONNRESET);
  }

 private:
  bool receive() {
    char chunk[16384];
    ssize_t received = ::recv(fd_, chunk, sizeof chunk, 0);
    if (received <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(received));
    return true;
  }

  int fd_ = -1;
  std::string buffer_;
};

std::string get(std::string_view target, std::string_view extra_headers = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) +
         "\r\n";
}

std::string post(std::string_view target, std::string_view body,
                 std::string_view extra_headers = "") {
  return "POST " + std::string(target) +
         " HTTP/1.1\r\nHost: test\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         std::string(extra_headers) + "\r\n" + std::string(body);
}

// Answers "<method> <target> <body>", with the client's address and header count as headers.
HttpResponse echo(const HttpRequest& request) {
  HttpResponse response;
  response.content_type = "text/plain";
  response.headers.emplace_back("X-Remote", request.remote_address);
  response.headers.emplace_back("X-Host", std::string(request.header("host")));
  response.body = request.method + " " + request.target + " " + request.body;
  return response;
}

std::unique_ptr<HttpServer> start_server(ServerOptions options, Handler handler = echo) {
  options.port = 0;
  auto server = HttpServer::start(options, std::move(handler));
  if (!server) {
    ADD_FAILURE() << server.error().code << ": " << server.error().message;
    return nullptr;
  }
  return std::move(server).value();
}

std::string error_body(std::string_view code, std::string_view message) {
  return R"({"errors":[{"code":")" + std::string(code) + R"(","path":"","message":")" +
         std::string(message) + R"("}]})";
}

ServerOptions small_options() {
  ServerOptions options;
  options.io_threads = 2;
  options.handler_threads = 8;
  return options;
}

// --- keep-alive and connection handling ----------------------------------------------------

TEST(HttpServer, ServesManyRequestsOnOneKeepAliveConnection) {
  auto server = start_server(small_options());
  ASSERT_TRUE(server);
  Client client(server->port());
  for (int i = 0; i < 200; ++i) {
    std::string body = "body-" + std::to_string(i);
    auto response = client.request(post("/echo/" + std::to_string(i), body));
    ASSERT_TRUE(response) << i;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "POST /echo/" + std::to_string(i) + " " + body);
    EXPECT_EQ(response->header("server"), "OpenCustoms");
    EXPECT_EQ(response->header("content-type"), "text/plain");
    EXPECT_FALSE(response->has_header("connection"));
  }
  EXPECT_EQ(server->stats().connections_total.load(), 1u);
  EXPECT_EQ(server->stats().requests_total.load(), 200u);
}

TEST(HttpServer, HandlerSeesLowerCaseHeadersAndRemoteAddress) {
  auto server = start_server(small_options(), [](const HttpRequest& request) {
    HttpResponse response;
    for (const auto& [name, value] : request.headers) {
      response.body += name + "=" + value + ";";
    }
    response.body += "remote=" + request.remote_address;
    return response;
  });
  ASSERT_TRUE(server);
  Client client(server->port());
  auto response = client.request("GET / HTTP/1.1\r\nHOST: x\r\nX-Trace-ID: Ab\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_TRUE(response->body.starts_with("host=x;x-trace-id=Ab;remote=127.0.0.1:"))
      << response->body;
}

TEST(HttpServer, ConnectionCloseIsHonoured) {
  auto server = start_server(small_options());
  ASSERT_TRUE(server);
  Client client(server->port());
  auto response = client.request(get("/", "Connection: close\r\n"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->header("connection"), "close");
  EXPECT_TRUE(client.read_eof());
}

TEST(HttpServer, Http10ClosesUnlessKeepAliveAsked) {
  auto server = start_server(small_options());
  ASSERT_TRUE(server);
  {
    Client client(server->port());
    auto response = client.request("GET /a HTTP/1.0\r\n\r\n");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->header("connection"), "close");
    EXPECT_TRUE(client.read_eof());
  }
  Client client(server->port());
  for (int i = 0; i < 3; ++i) {
    auto response = client.request("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->header("connection"), "keep-alive");
    EXPECT_EQ(response->body, "GET /b ");
  }
}

TEST(HttpServer, PipelinedRequestsAreAnsweredInOrder) {
  auto server = start_server(small_options());
  ASSERT_TRUE(server);
  Client client(server->port());
  ASSERT_TRUE(client.send(post("/1", "one") + get("/2") + post("/3", "three")));
  for (std::string expected : {"POST /1 one", "GET /2 ", "POST /3 three"}) {
    auto response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body, expected);
  }
}

TEST(HttpServer, ChunkedRequestBodyIsJoined) {
  auto server = start_server(small_options());
  ASSERT_TRUE(server);
  Client client(server->port());
  auto response = client.request(
      "POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n5;ext=1\r\ndefgh\r\n0\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "POST /c abcdefgh");
}

TEST(HttpServer, ExpectContinueGetsInterimResponse) {
  auto server = start_server(small_options());
  ASSERT_TRUE(server);
  Client client(server->port());
  ASSERT_TRUE(client.send(
      "POST /e HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  auto interim = client.read_response();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  auto response = client.request("hello");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "POST /e hello");
}

TEST(HttpServer, HeadAnswersHeadersWithoutBody) {
  auto server = start_server(small_options());
  ASSERT_TRUE(server);
  Client client(server->port());
  auto head = client.request("HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n", /*head_request=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->header("content-length"), "8");  // "HEAD /h "
  EXPECT_EQ(head->body, "");
  auto next = client.request(get("/next"));  // no stray body bytes in between
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "GET /next ");
}

// --- limits and protocol errors ------------------------------------------------------------

TEST(HttpServer, BodyOverLimitIs413AndCloses) {
  ServerOptions options = small_options();
  options.body_bytes_max = 4096;
  auto server = start_server(options);
  ASSERT_TRUE(server);
  {
    Client client(server->port());
    auto response = client.request(post("/", std::string(4096, 'a')));
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
  }
  Client client(server->port());
  auto response = client.request(post("/", std::string(4097, 'a')));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->header("content-type"), "application/json");
  EXPECT_EQ(response->header("connection"), "close");
  EXPECT_EQ(response->body, error_body("http.body_too_large", "request body exceeds 4096 bytes"));
  client.shutdown_write();
  EXPECT_TRUE(client.read_eof());
  EXPECT_EQ(server->stats().protocol_errors.load(), 1u);
}

TEST(HttpServer, DefaultBodyLimitIsOneMebibyte) {
  auto server = start_server(small_options());
  ASSERT_TRUE(server);
  Client client(server->port());
  // The whole oversized body is sent: the server answers early and drains the rest.
  auto response = client.request(post("/", std::string(1024 * 1024 + 1, 'a')));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->body,
            error_body("http.body_too_large", "request body exceeds 1048576 bytes"));
}

TEST(HttpServer, ChunkedBodyOverLimitIs413) {
  ServerOptions options = small_options();
  options.body_bytes_max = 8;
  auto server = start_server(options);
  ASSERT_TRUE(server);
  Client client(server->port());
  auto response = client.request(
      "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nabcde\r\n4\r\nfghi\r\n0\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->body, error_body("http.body_too_large", "request body exceeds 8 bytes"));
}

TEST(HttpServer, HeaderOverLimitIs431) {
  ServerOptions options = small_options();
  options.header_bytes_max = 2048;
  auto server = start_server(options);
  ASSERT_TRUE(server);
  Client client(server->port());
  auto response = client.request(get("/", "X-Big: " + std::string(4000, 'b') + "\r\n"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_EQ(response->body,
            error_body("http.header_too_large", "request header exceeds 2048 bytes"));
  EXPECT_TRUE(client.read_eof());
}

TEST(HttpServer, GarbageRequestLineIs400) {
  auto server = start_server(small_options());
  ASSERT_TRUE(server);
  Client client(server->port());
  auto response = client.request("HELLO THERE\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->body, error_body("http.malformed", "malformed HTTP request: bad target"));
  EXPECT_TRUE(client.read_eof());
}

TEST(HttpServer, BadContentLengthIs400) {
  auto server = start_server(small_options());
  ASSERT_TRUE(server);
  Client client(server->port());
  auto response = client.request("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1x\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->body,
            error_body("http.malformed", "malformed HTTP request: bad Content-Length"));
}

TEST(HttpServer, HalfARequestTimesOutWith408) {
  ServerOptions options = small_options();
  options.request_timeout = 200ms;
  auto server = start_server(options);
  ASSERT_TRUE(server);
  Client client(server->port());
  ASSERT_TRUE(client.send("POST /slow HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"));
  auto response = client.read_response();  // blocks until the server gives up on us
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 408);
  EXPECT_EQ(response->header("connection"), "close");
  EXPECT_EQ(response->body, error_body("http.timeout", "request not complete within 200 ms"));
  EXPECT_TRUE(client.read_eof());
  EXPECT_EQ(server->stats().timeouts.load(), 1u);
}

TEST(HttpServer, HalfAHeaderTimesOutWith408) {
  ServerOptions options = small_options();
  options.request_timeout = 200ms;
  auto server = start_server(options);
  ASSERT_TRUE(server);
  Client client(server->port());
  ASSERT_TRUE(client.request(get("/first")));  // the second request's clock starts at its byte
  ASSERT_TRUE(client.send("GET /second HTTP/1.1\r\nHo"));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 408);
}

TEST(HttpServer, IdleKeepAliveConnectionIsClosedSilently) {
  ServerOptions options = small_options();
  options.idle_timeout = 200ms;
  auto server = start_server(options);
  ASSERT_TRUE(server);
  Client client(server->port());
  ASSERT_TRUE(client.request(get("/")));
  EXPECT_TRUE(client.read_eof());  // no 408: no request was under way
  EXPECT_EQ(server->stats().timeouts.load(), 0u);
}

TEST(HttpServer, HandlerExceptionIs500AndServerGoesOn) {
  auto server = start_server(small_options(), [](const HttpRequest& request) {
    if (request.target == "/throw") throw std::runtime_error("boom");
    return echo(request);
  });
  ASSERT_TRUE(server);
  Client client(server->port());
  auto failed = client.request(get("/throw"));
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 500);
  EXPECT_EQ(failed->body,
            error_body("internal.error", "internal error while handling the request"));
  auto next = client.request(get("/fine"));  // same connection still served
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(server->stats().handler_errors.load(), 1u);
}

TEST(HttpServer, ConnectionsOverMaxAre503) {
  ServerOptions options = small_options();
  options.connections_max = 2;
  auto server = start_server(options);
  ASSERT_TRUE(server);
  Client first(server->port());
  Client second(server->port());
  ASSERT_TRUE(first.request(get("/")));  // both accepted and counted
  ASSERT_TRUE(second.request(get("/")));
  Client third(server->port());
  auto response = third.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->header("retry-after"), "1");
  EXPECT_EQ(response->body,
            error_body("http.overloaded", "too many open connections; retry later"));
  EXPECT_TRUE(third.read_eof());
  EXPECT_EQ(server->stats().rejected_connections.load(), 1u);
  ASSERT_TRUE(first.request(get("/still")));
}

// --- concurrency -----------------------------------------------------------------------------

TEST(HttpServer, SixtyFourConnectionsWithBlockingHandler) {
  ServerOptions options;
  options.handler_threads = 64;
  auto server = start_server(options, [](const HttpRequest& request) {
    std::this_thread::sleep_for(1ms);  // the handler blocks, as a lodging waits for its fsync
    return echo(request);
  });
  ASSERT_TRUE(server);
  constexpr int connections = 64;
  constexpr int requests_each = 50;
  std::atomic<int> correct{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < connections; ++c) {
    clients.emplace_back([&, c] {
      Client client(server->port());
      for (int r = 0; r < requests_each; ++r) {
        std::string body = std::to_string(c) + ":" + std::to_string(r);
        auto response = client.request(post("/lodge", body));
        if (response && response->status == 200 && response->body == "POST /lodge " + body) {
          ++correct;
        }
      }
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(correct.load(), connections * requests_each);
  EXPECT_EQ(server->stats().requests_total.load(),
            static_cast<std::uint64_t>(connections * requests_each));
  EXPECT_EQ(server->stats().connections_total.load(), static_cast<std::uint64_t>(connections));
}

// --- stop ------------------------------------------------------------------------------------

TEST(HttpServer, StopWithIdleConnectionsReturnsPromptly) {
  auto server = start_server(small_options());  // idle_timeout 60 s
  ASSERT_TRUE(server);
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 16; ++i) {
    clients.push_back(std::make_unique<Client>(server->port()));
    ASSERT_TRUE(clients.back()->request(get("/")));
  }
  auto started = std::chrono::steady_clock::now();
  server->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  for (auto& client : clients) EXPECT_TRUE(client->read_eof());
  EXPECT_EQ(server->stats().connections_open.load(), 0u);
  server->stop();  // idempotent
}

TEST(HttpServer, StopLetsARequestUnderWayFinish) {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto server = start_server(small_options(), [&](const HttpRequest& request) {
    if (request.target == "/block") {
      entered.set_value();
      released.wait();
    }
    return echo(request);
  });
  ASSERT_TRUE(server);
  Client busy(server->port());
  Client idle(server->port());
  ASSERT_TRUE(idle.request(get("/")));
  ASSERT_TRUE(busy.send(get("/block")));
  entered.get_future().wait();
  std::thread stopper([&] { server->stop(); });
  EXPECT_TRUE(idle.read_eof());  // the stop has begun
  release.set_value();
  auto response = busy.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "GET /block ");
  EXPECT_TRUE(busy.read_eof());
  stopper.join();
}

TEST(HttpServer, StopIsBoundedWhenAHandlerHangs) {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  ServerOptions options = small_options();
  options.stop_timeout = 100ms;
  auto server = start_server(options, [&](const HttpRequest& request) {
    entered.set_value();
    released.wait();
    return echo(request);
  });
  ASSERT_TRUE(server);
  Client client(server->port());
  ASSERT_TRUE(client.send(get("/hang")));
  entered.get_future().wait();
  std::thread stopper([&] { server->stop(); });
  EXPECT_TRUE(client.read_eof());  // closed after stop_timeout although the handler still runs
  release.set_value();
  stopper.join();
}

// --- start errors ----------------------------------------------------------------------------

TEST(HttpServer, BindErrorCarriesTheOsMessage) {
  auto first = start_server(small_options());
  ASSERT_TRUE(first);
  ServerOptions options = small_options();
  options.port = first->port();
  auto second = HttpServer::start(options, echo);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, "http.bind");
  EXPECT_NE(second.error().message.find("Address already in use"), std::string::npos)
      << second.error().message;

  options.address = "not-an-address";
  auto third = HttpServer::start(options, echo);
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, "http.bind");
}

TEST(HttpServer, OptionsOutOfBoundsAreRefused) {
  ServerOptions options = small_options();
  options.handler_threads = 0;
  auto server = HttpServer::start(options, echo);
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, "http.options");
  options = small_options();
  options.header_bytes_max = 10;
  EXPECT_EQ(HttpServer::start(options, echo).error().code, "http.options");
  options = small_options();
  options.request_timeout = 0ms;
  EXPECT_EQ(HttpServer::start(options, echo).error().code, "http.options");
}

// --- parse_http_request ----------------------------------------------------------------------

HttpLimits limits(std::size_t header_bytes_max, std::size_t body_bytes_max) {
  return HttpLimits{header_bytes_max, body_bytes_max};
}

std::string parse_error(std::string_view bytes, HttpLimits limits = HttpLimits{}) {
  auto parsed = parse_http_request(bytes, limits);
  return parsed ? "ok" : parsed.error().code;
}

TEST(ParseHttpRequest, GetWithHeaders) {
  auto parsed = parse_http_request(
      "GET /v1/declarations?limit=10 HTTP/1.1\r\nHost: a\r\nAccept: */*\r\nX-A: 1\r\nX-A: "
      "2\r\n\r\n",
      HttpLimits{});
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->method, "GET");
  EXPECT_EQ(parsed->target, "/v1/declarations?limit=10");
  std::vector<std::pair<std::string, std::string>> headers{
      {"host", "a"}, {"accept", "*/*"}, {"x-a", "1"}, {"x-a", "2"}};
  EXPECT_EQ(parsed->headers, headers);
  EXPECT_EQ(parsed->body, "");
  EXPECT_EQ(parsed->remote_address, "");
}

TEST(ParseHttpRequest, PostWithBodyAndChunked) {
  auto plain = parse_http_request(post("/x", "{\"a\":1}"), HttpLimits{});
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->body, "{\"a\":1}");
  auto chunked = parse_http_request(
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n", HttpLimits{});
  ASSERT_TRUE(chunked);
  EXPECT_EQ(chunked->body, "ab");
}

// Fuzzing found a trailer field with a non-UTF-8 value in HttpRequest.headers: Beast appends
// trailer fields to the header's, after the header checks ran.
TEST(ParseHttpRequest, TrailerFieldsAreDropped) {
  auto parsed = parse_http_request(
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n"
      "Authorization: Bearer forged\r\nX-Bad: \xff\r\n\r\n",
      HttpLimits{});
  ASSERT_TRUE(parsed);
  std::vector<std::pair<std::string, std::string>> headers{{"transfer-encoding", "chunked"}};
  EXPECT_EQ(parsed->headers, headers);
  EXPECT_EQ(parsed->body, "ab");
}

// Regression (fuzzing): Beast files a trailer field next to a header field of the same name, so
// taking "the first N fields" let a trailer Host replace the header's and pushed the last header
// out. The header is now copied when it completes.
TEST(ParseHttpRequest, TrailerFieldNamedLikeAHeaderDoesNotReplaceIt) {
  auto parsed = parse_http_request(
      "POST / HTTP/1.1\r\nHost: real\r\nTransfer-Encoding: chunked\r\nX-Last: kept\r\n\r\n"
      "1\r\na\r\n0\r\nHost: forged\xff\r\nAuthorization: Bearer forged\r\n\r\n",
      HttpLimits{});
  ASSERT_TRUE(parsed);
  std::vector<std::pair<std::string, std::string>> headers{
      {"host", "real"}, {"transfer-encoding", "chunked"}, {"x-last", "kept"}};
  EXPECT_EQ(parsed->headers, headers);
  EXPECT_EQ(parsed->body, "a");
}

TEST(ParseHttpRequest, LeadingEmptyLinesAreSkipped) {
  auto parsed = parse_http_request("\r\n\r\nGET / HTTP/1.1\r\n\r\n", HttpLimits{});
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->target, "/");
}

TEST(ParseHttpRequest, HeaderLimitIsExact) {
  const std::string start = "GET / HTTP/1.1\r\nX: ";
  const std::size_t max = 1024;
  std::string at_limit = start + std::string(max - start.size() - 4, 'v') + "\r\n\r\n";
  ASSERT_EQ(at_limit.size(), max);
  EXPECT_EQ(parse_error(at_limit, limits(max, 100)), "ok");
  std::string over = start + std::string(max - start.size() - 3, 'v') + "\r\n\r\n";
  EXPECT_EQ(parse_error(over, limits(max, 100)), "http.header_too_large");
  // The same, arriving a byte at a time.
  for (const std::string* bytes : {&at_limit, &over}) {
    HttpRequestReader reader(limits(max, 100));
    std::string buffer;
    for (char c : *bytes) {
      buffer.push_back(c);
      buffer.erase(0, reader.feed(buffer));
    }
    EXPECT_EQ(reader.state(), bytes == &at_limit ? HttpRequestReader::State::complete
                                                 : HttpRequestReader::State::failed);
  }
  // A long request line counts too; a header that never ends stops at the limit.
  EXPECT_EQ(parse_error("GET /" + std::string(2000, 'a') + " HTTP/1.1\r\n\r\n", limits(max, 100)),
            "http.header_too_large");
  EXPECT_EQ(parse_error("GET / HTTP/1.1\r\nX: " + std::string(5000, 'a'), limits(max, 100)),
            "http.header_too_large");
}

TEST(ParseHttpRequest, BodyLimitIsExact) {
  EXPECT_EQ(parse_error(post("/", std::string(10, 'b')), limits(1024, 10)), "ok");
  EXPECT_EQ(parse_error(post("/", std::string(11, 'b')), limits(1024, 10)), "http.body_too_large");
  // Content-Length over the limit is refused before any body byte arrives.
  EXPECT_EQ(parse_error("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", limits(1024, 10)),
            "http.body_too_large");
  EXPECT_EQ(parse_error("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "6\r\nabcdef\r\n5\r\nghijk\r\n0\r\n\r\n",
                        limits(1024, 10)),
            "http.body_too_large");
}

TEST(ParseHttpRequest, MalformedInputs) {
  EXPECT_EQ(parse_error("HELLO\r\n\r\n"), "http.malformed");
  EXPECT_EQ(parse_error("GET / HTTP/2.0\r\n\r\n"), "http.malformed");
  EXPECT_EQ(parse_error("GET  / HTTP/1.1\r\n\r\n"), "http.malformed");
  EXPECT_EQ(parse_error("GET / HTTP/1.1\nHost: a\n\n"), "http.malformed");
  EXPECT_EQ(parse_error("GET / HTTP/1.1\r\nBad Header: x\r\n\r\n"), "http.malformed");
  EXPECT_EQ(parse_error("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"), "http.malformed");
  EXPECT_EQ(parse_error("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
            "http.malformed");
  EXPECT_EQ(parse_error("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n"),
            "http.malformed");
  EXPECT_EQ(parse_error("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
                        "Content-Length: 3\r\n\r\n0\r\n\r\n"),
            "http.malformed");
  EXPECT_EQ(parse_error("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\nabc"), "http.malformed");
  EXPECT_EQ(parse_error("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
            "http.malformed");
  EXPECT_EQ(parse_error("GET /caf\xc3\xa9 HTTP/1.1\r\n\r\n"), "http.malformed");  // not ASCII
  EXPECT_EQ(parse_error("GET /\xff\xfe HTTP/1.1\r\n\r\n"), "http.malformed");
  EXPECT_EQ(parse_error("GET / HTTP/1.1\r\nX: \xff\r\n\r\n"), "http.malformed");
  EXPECT_EQ(parse_error("GET / HTTP/1.1\r\nX: caf\xc3\xa9\r\n\r\n"), "ok");  // UTF-8 value
  // A chunk-size line (here: its extension) longer than the header limit.
  EXPECT_EQ(parse_error(
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;" + std::string(2000, 'e'),
                limits(1024, 10)),
            "http.malformed");
}

TEST(ParseHttpRequest, IncompleteInputs) {
  EXPECT_EQ(parse_error(""), "http.incomplete");
  EXPECT_EQ(parse_error("\r\n"), "http.incomplete");
  EXPECT_EQ(parse_error("GET / HTTP/1.1\r\nHost: a\r\n"), "http.incomplete");
  EXPECT_EQ(parse_error("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab"), "http.incomplete");
  EXPECT_EQ(parse_error("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n"),
            "http.incomplete");
}

TEST(ParseHttpRequest, ServerOptionsOverloadUsesTheServerLimits) {
  ServerOptions options;
  options.body_bytes_max = 3;
  auto parsed = parse_http_request(post("/", "abcd"), options);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error(), make_error("http.body_too_large", "", "request body exceeds 3 bytes"));
  EXPECT_EQ(http_status_for_request_error(parsed.error()), 413);
}

TEST(HttpRequestReader, ReadsPipelinedRequestsPieceByPiece) {
  const std::string bytes = post("/1", "abc") + "GET /2 HTTP/1.1\r\nConnection: close\r\n\r\n";
  HttpRequestReader reader(HttpLimits{});
  std::string buffer;
  std::vector<std::string> targets;
  std::vector<bool> keep_alive;
  for (char c : bytes) {
    buffer.push_back(c);
    buffer.erase(0, reader.feed(buffer));
    if (reader.state() == HttpRequestReader::State::complete) {
      keep_alive.push_back(reader.keep_alive());
      targets.push_back(reader.take().target);
    }
  }
  EXPECT_EQ(targets, (std::vector<std::string>{"/1", "/2"}));
  EXPECT_EQ(keep_alive, (std::vector<bool>{true, false}));
  EXPECT_TRUE(buffer.empty());
  EXPECT_FALSE(reader.in_request());
}

// --- serialize_http_response and error_response ----------------------------------------------

TEST(SerializeHttpResponse, KeepAliveAndClose) {
  HttpResponse ok;
  ok.body = "{}";
  EXPECT_EQ(serialize_http_response(ok, true),
            "HTTP/1.1 200 OK\r\nServer: OpenCustoms\r\nContent-Type: application/json\r\n"
            "Content-Length: 2\r\n\r\n{}");
  HttpResponse not_found = error_response(404, "http.not_found", "no route");
  not_found.headers.emplace_back("Retry-After", "1");
  EXPECT_EQ(serialize_http_response(not_found, false),
            "HTTP/1.1 404 Not Found\r\nServer: OpenCustoms\r\nContent-Type: application/json\r\n"
            "Content-Length: 69\r\nConnection: close\r\nRetry-After: 1\r\n\r\n"
            R"({"errors":[{"code":"http.not_found","path":"","message":"no route"}]})");
}

TEST(SerializeHttpResponse, NoContentHttp10AndHead) {
  HttpResponse no_content;
  no_content.status = 204;
  no_content.body = "ignored";
  EXPECT_EQ(serialize_http_response(no_content, true),
            "HTTP/1.1 204 No Content\r\nServer: OpenCustoms\r\n\r\n");
  HttpResponse text{.status = 201, .content_type = "text/plain", .headers = {}, .body = "abc"};
  EXPECT_EQ(serialize_http_response(text, {.keep_alive = true, .http10_client = true}),
            "HTTP/1.1 201 Created\r\nServer: OpenCustoms\r\nContent-Type: text/plain\r\n"
            "Content-Length: 3\r\nConnection: keep-alive\r\n\r\nabc");
  EXPECT_EQ(serialize_http_response(text, {.keep_alive = true, .head_request = true}),
            "HTTP/1.1 201 Created\r\nServer: OpenCustoms\r\nContent-Type: text/plain\r\n"
            "Content-Length: 3\r\n\r\n");
}

TEST(SerializeHttpResponse, FramingHeadersAndUnsafeHeadersAreLeftOut) {
  HttpResponse response;
  response.content_type = "";
  response.headers = {{"Content-Length", "99"},
                      {"connection", "keep-alive"},
                      {"X-Split", "a\r\nSet-Cookie: x"},
                      {"Bad Name", "v"},
                      {"ETag", "\"1\""}};
  response.body = "xy";
  EXPECT_EQ(serialize_http_response(response, true),
            "HTTP/1.1 200 OK\r\nServer: OpenCustoms\r\nContent-Length: 2\r\nETag: \"1\"\r\n\r\nxy");
}

TEST(SerializeHttpResponse, InvalidStatusBecomes500) {
  HttpResponse response;
  response.status = 42;
  EXPECT_EQ(serialize_http_response(response, true),
            "HTTP/1.1 500 Internal Server Error\r\nServer: OpenCustoms\r\n"
            "Content-Type: application/json\r\nContent-Length: 104\r\n\r\n" +
                error_body("internal.error", "the handler returned an invalid HTTP status"));
}

TEST(ErrorResponse, BodyIsTheProjectErrorShape) {
  HttpResponse response = error_response(413, "http.body_too_large", "too \"big\"");
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_TRUE(response.headers.empty());
  EXPECT_EQ(response.body,
            R"({"errors":[{"code":"http.body_too_large","path":"","message":"too \"big\""}]})");
}

}  // namespace
}  // namespace oc::api
