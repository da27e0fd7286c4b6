// HTTP/1.1 wire format at the network edge: reading requests from bytes (Boost.Beast's parser
// behind a plain interface), writing responses, and the JSON error body every error answer uses.
// The server (http_server.h), its tests and the fuzz target all go through these functions, so
// what is tested and fuzzed is exactly what the server runs. No Beast type appears here.
//
// What a request may be; anything else is an Error with one of these codes, which the server
// answers with the status after the arrow:
//   http.malformed -> 400         not HTTP/1.0 or 1.1 syntax (request line, header field, chunk
//                                 framing, Content-Length), a request target with a byte outside
//                                 visible ASCII, a header value that is not UTF-8, a
//                                 Transfer-Encoding other than `chunked`, or a chunk-size line or
//                                 trailer section longer than header_bytes_max
//   http.header_too_large -> 431  request line + header fields + empty line > header_bytes_max
//   http.body_too_large -> 413    body (Content-Length, or the sum of the chunks) > body_bytes_max
//   http.incomplete               the bytes (or the connection) end inside a request
// So every string of a parsed HttpRequest except the body is valid UTF-8, and the target is
// printable ASCII. The body is raw bytes (the JSON decoder validates it). The trailer fields of a
// chunked body are read within the limits and dropped: nothing arriving after the body may pose
// as a header.
//
// The header limit is exact and does not depend on how the bytes were split into reads: a
// header of header_bytes_max bytes passes, one byte more is http.header_too_large.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "api/http_types.h"
#include "core/result.h"

namespace oc::api {

// Limits of one request; the server takes them from ServerOptions.
struct HttpLimits {
  std::size_t header_bytes_max = 16 * 1024;
  std::size_t body_bytes_max = 1024 * 1024;
};

// The server's name in every response's Server header.
inline constexpr std::string_view http_server_name = "OpenCustoms";

// HttpRequestReader: reads requests one after another from a byte stream, as the server does.
//
// The caller keeps a buffer of received bytes and calls feed() with everything it holds that is
// not consumed yet; feed() consumes a prefix (possibly nothing, while a header is incomplete) and
// the caller drops that prefix and calls again once more bytes arrived. When state() is
// `complete`, take() hands the request over and the reader starts on the next one (bytes after
// the request stay in the caller's buffer: pipelined requests). Empty lines before a request line
// are skipped (RFC 9112 section 2.2). Not thread-safe; one reader per connection.
class HttpRequestReader {
 public:
  enum class State { reading, complete, failed };

  explicit HttpRequestReader(const HttpLimits& limits);
  ~HttpRequestReader();
  HttpRequestReader(const HttpRequestReader&) = delete;
  HttpRequestReader& operator=(const HttpRequestReader&) = delete;

  // Returns how many bytes of `buffered` were consumed. Does nothing unless state() is reading.
  std::size_t feed(std::string_view buffered);
  // The peer closed its side: a request begun but not complete becomes http.incomplete.
  void finish();

  State state() const;
  // True once a byte of the current request (other than skipped empty lines) has been fed.
  bool in_request() const;
  // True while the header is complete, the body is not, and the client asked for
  // `Expect: 100-continue` (HTTP/1.1): the server should answer "100 Continue" once.
  bool expects_continue() const;

  // REQUIRES: state() == complete. Keep-alive as HTTP/1.1 defines it for the request
  // (Connection: close, HTTP/1.0 without Connection: keep-alive -> false).
  bool keep_alive() const;
  // REQUIRES: state() == complete.
  bool is_http10() const;
  // REQUIRES: state() == complete. Hands the request over and starts on the next one.
  // Header names are lower-cased; remote_address is left empty.
  HttpRequest take();

  // REQUIRES: state() == failed.
  const Error& error() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses the first complete request in `bytes` with the reader above; bytes after it are ignored
// (they would be the next pipelined request). Errors: http.malformed, http.header_too_large,
// http.body_too_large, http.incomplete.
Result<HttpRequest> parse_http_request(std::string_view bytes, const HttpLimits& limits);

// The HTTP status the server answers a request error with: 400, 413, 431 (http.incomplete: 400).
int http_status_for_request_error(const Error& error);

// The JSON error body every error response uses:
//   {"errors":[{"code":"http.body_too_large","path":"","message":"..."}]}
// REQUIRES: code and message are valid UTF-8.
HttpResponse error_response(int status, std::string code, std::string message);

struct SerializeOptions {
  bool keep_alive = true;
  bool http10_client = false;  // an HTTP/1.0 client needs an explicit "Connection: keep-alive"
  bool head_request = false;   // answer to HEAD: headers (with Content-Length) but no body
};

// Serialises a response as the server sends it:
//   HTTP/1.1 <status> <reason>\r\n
//   Server: OpenCustoms\r\n
//   Content-Type: <content_type>\r\n          (omitted when content_type is empty)
//   Content-Length: <body size>\r\n
//   Connection: close\r\n                      (when !keep_alive; "keep-alive" for HTTP/1.0)
//   <extra headers>\r\n
//   \r\n
//   <body>
// 204 and 304 carry neither body nor Content-Length. The server owns framing: extra headers named
// Server, Content-Type, Content-Length, Transfer-Encoding or Connection, and headers whose name is
// not a token or whose value holds a control character (CR/LF would split the response), are
// left out. A status outside 200..599 is a handler bug and is sent as 500 internal.error.
std::string serialize_http_response(const HttpResponse& response, const SerializeOptions& options);
inline std::string serialize_http_response(const HttpResponse& response, bool keep_alive) {
  return serialize_http_response(response, SerializeOptions{.keep_alive = keep_alive});
}

}  // namespace oc::api
