// HttpServer: the network edge of the HTTP API, an asynchronous HTTP/1.1 server on Boost.Asio
// and Boost.Beast's parser. It reads requests into plain HttpRequest structs, runs the Handler,
// and writes the HttpResponse back; nothing beyond this file and http_codec.h sees Beast or Asio.
//
// Threads:
//   - io_threads I/O threads run one io_context. They only accept, read, parse and write; they
//     never run the Handler and never block. Each connection's work is serialised on its own
//     strand, so a connection needs no lock.
//   - handler_threads blocking worker threads (a boost::asio::thread_pool) run the Handler. A
//     Handler may block (a lodging waits for its group-commit fsync) without stalling I/O; with
//     many connections, up to handler_threads requests are in the Handler at once, which is what
//     lets group commit batch them.
//   A request goes: read on the connection's strand -> Handler on the pool -> response posted
//   back to the strand -> written -> next request read. So responses on one connection are
//   written in request order; pipelined requests wait in the read buffer until then.
//
// Keep-alive follows HTTP/1.1: a connection stays open unless the request said
// `Connection: close` or was HTTP/1.0 without `Connection: keep-alive`.
//
// Limits and timeouts, each answered with a JSON error body (error_response, http_codec.h) and
// counted in ServerStats; an error answer always closes the connection:
//   body_bytes_max      413 http.body_too_large, sent as soon as the header shows it (or the
//                       chunks sum past it); the rest of the body is drained, not read into memory
//   header_bytes_max    431 http.header_too_large
//   malformed request   400 http.malformed (request line, header fields, Content-Length, chunk
//                       framing, non-ASCII target, non-UTF-8 header value, Transfer-Encoding)
//   request_timeout     a request must arrive whole within this time of its first byte (the first
//                       request of a connection: of the accept); else 408 http.timeout. A
//                       connection that sent no byte of its next request is closed silently.
//   idle_timeout        a keep-alive connection with no request under way is closed after this.
//   write_timeout       a client must take a response within this time, else the connection is
//                       closed.
//   connections_max     further connections are accepted, answered 503 http.overloaded (with
//                       Retry-After: 1) and closed.
// A Handler that throws is answered 500 internal.error; the server goes on. After an error answer
// (or Connection: close) the server half-closes and drains what the client still sends for at
// most linger_timeout, so the client reads the answer instead of a connection reset.
//
// Thread safety: start() and stop() may be called from any thread except the server's own (stop
// from a Handler would wait for itself). stats() may be read at any time.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "api/http_codec.h"
#include "api/http_types.h"
#include "core/result.h"

namespace oc::api {

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;        // 0 = pick a free port (tests); HttpServer::port() tells which
  std::size_t io_threads = 0;        // 0 = std::thread::hardware_concurrency()
  std::size_t handler_threads = 64;  // blocking pool for the Handler; at least 1
  std::size_t body_bytes_max = 1024 * 1024;  // 413 above; at most body_bytes_limit
  std::size_t header_bytes_max = 16 * 1024;  // 431 above; header_bytes_min..header_bytes_limit
  std::chrono::milliseconds request_timeout{10'000};  // slow client -> 408 + close
  std::chrono::milliseconds idle_timeout{60'000};     // idle keep-alive connection -> close
  std::chrono::milliseconds write_timeout{10'000};    // client not reading its response -> close
  std::chrono::milliseconds linger_timeout{2'000};    // drain after an answer that closes
  // stop() waits this long for Handlers under way and their responses, then closes everything.
  std::chrono::milliseconds stop_timeout{5'000};
  std::size_t connections_max = 10'000;  // further connections: 503 + close

  HttpLimits limits() const { return {header_bytes_max, body_bytes_max}; }
};

// Bounds on the settings themselves (start() refuses others with http.options).
inline constexpr std::size_t header_bytes_min = 1024;
inline constexpr std::size_t header_bytes_limit = 1024 * 1024;
inline constexpr std::size_t body_bytes_limit = std::size_t{1} << 30;
inline constexpr std::size_t handler_threads_limit = 4096;

// Called on the handler pool, from many threads at once: must be thread-safe. May block.
// Should not throw (a throw is answered 500 internal.error).
using Handler = std::function<HttpResponse(const HttpRequest&)>;

// Counters, updated with relaxed atomics as things happen. Tests and metrics read them.
struct ServerStats {
  std::atomic<std::uint64_t> connections_open{0};      // sockets open now (incl. rejecting)
  std::atomic<std::uint64_t> connections_total{0};     // connections accepted and served
  std::atomic<std::uint64_t> rejected_connections{0};  // connections answered 503
  std::atomic<std::uint64_t> requests_total{0};        // requests handed to the Handler
  std::atomic<std::uint64_t> protocol_errors{0};       // 400, 413, 431 answers
  std::atomic<std::uint64_t> timeouts{0};              // 408 answers
  std::atomic<std::uint64_t> handler_errors{0};        // Handler threw: 500 answers
  std::atomic<std::uint64_t> internal_errors{0};       // exceptions caught on an I/O thread
};

class HttpServer {
  struct Impl;
  struct PassKey {
    explicit PassKey() = default;
  };

 public:
  // Binds address:port and starts the threads. Errors: http.bind (the address does not parse,
  // or the OS refused; the message carries the OS's words), http.options (a setting out of its
  // bounds), http.start (threads could not be started).
  static Result<std::unique_ptr<HttpServer>> start(const ServerOptions& options, Handler handler);

  HttpServer(PassKey, std::unique_ptr<Impl> impl);
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  ~HttpServer();  // stop()

  // The port bound (the one the OS picked when options.port was 0).
  unsigned short port() const;
  const ServerStats& stats() const;

  // Stops accepting; closes connections with no request under way; lets Handlers under way
  // finish and writes their responses (with Connection: close), waiting at most stop_timeout;
  // then closes everything and joins all threads. A Handler still running after stop_timeout is
  // waited for (it cannot be interrupted), but its response is dropped. Idempotent.
  // REQUIRES: not called from a Handler or an I/O thread of this server.
  void stop();

 private:
  std::unique_ptr<Impl> impl_;
};

// parse_http_request with the server's limits (http_codec.h).
inline Result<HttpRequest> parse_http_request(std::string_view bytes,
                                              const ServerOptions& options) {
  return parse_http_request(bytes, options.limits());
}

}  // namespace oc::api
