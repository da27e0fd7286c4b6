// Fuzz target: any bytes -> the request path the server runs. The bytes go through
// HttpRequestReader in reads of varying sizes, one pipelined request after another as on a
// connection; each request goes to a small handler (defined here, until the API's router takes its
// place) and its response through serialize_http_response. Nothing may crash, hang or trip a
// sanitizer, and:
//   - parse_http_request over the whole input accepts the first request exactly when the
//     piecewise reader does, and both yield the same request (limits do not depend on how the
//     bytes were split into reads);
//   - every request keeps the reader's promises: lower-case token header names, UTF-8 header
//     values, a visible-ASCII target, a body within body_bytes_max;
//   - every response frames itself: one status line, header lines without stray CR or LF, a
//     Content-Length equal to the body that follows.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "api/http_codec.h"

namespace {

using oc::api::HttpRequest;
using oc::api::HttpRequestReader;
using oc::api::HttpResponse;

// Small limits, so that inputs of a few kilobytes reach them.
constexpr oc::api::HttpLimits limits{.header_bytes_max = 1024, .body_bytes_max = 4096};

void require(bool condition) {
  if (!condition) std::abort();
}

HttpResponse handle(const HttpRequest& request) {
  if (request.target == "/healthz") {
    HttpResponse response;
    response.body = R"({"status":"ok"})";
    return response;
  }
  if (request.method == "POST" && request.target.starts_with("/echo")) {
    HttpResponse response;
    response.content_type = std::string(request.header("content-type"));
    response.headers.emplace_back("X-Target", request.target);
    response.headers.emplace_back("X-Agent", std::string(request.header("user-agent")));
    response.body = request.body;
    return response;
  }
  return oc::api::error_response(404, "http.not_found", "no route for " + request.method);
}

bool is_lower_token(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') return false;
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
      return false;
    }
  }
  return true;
}

void check_request(const HttpRequest& request) {
  require(!request.method.empty());
  require(!request.target.empty());
  for (char c : request.target) {
    require(static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f);
  }
  for (const auto& [name, value] : request.headers) {
    require(is_lower_token(name));
    require(simdjson::validate_utf8(value.data(), value.size()));
  }
  require(request.body.size() <= limits.body_bytes_max);
}

void check_response(std::string_view bytes, bool head_request) {
  std::size_t header_end = bytes.find("\r\n\r\n");
  require(bytes.starts_with("HTTP/1.1 ") && header_end != std::string_view::npos);
  std::string_view header = bytes.substr(0, header_end + 2);
  std::string_view body = bytes.substr(header_end + 4);
  std::size_t content_length = std::string_view::npos;
  std::size_t line_start = 0;
  bool status_line = true;
  while (line_start < header.size()) {
    std::size_t line_end = header.find("\r\n", line_start);
    std::string_view line = header.substr(line_start, line_end - line_start);
    require(line.find('\r') == std::string_view::npos && line.find('\n') == std::string_view::npos);
    if (!status_line) {
      std::size_t colon = line.find(": ");
      require(colon != std::string_view::npos && colon > 0);
      if (line.starts_with("Content-Length: ")) {
        require(content_length == std::string_view::npos);  // exactly one
        content_length = std::stoul(std::string(line.substr(16)));
      }
    }
    status_line = false;
    line_start = line_end + 2;
  }
  if (content_length == std::string_view::npos) {
    require(body.empty());
  } else {
    require(body.size() == (head_request ? 0 : content_length));
  }
}

bool same_request(const HttpRequest& a, const HttpRequest& b) {
  return a.method == b.method && a.target == b.target && a.headers == b.headers && a.body == b.body;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  oc::Result<HttpRequest> whole = oc::api::parse_http_request(input, limits);
  if (whole) check_request(*whole);

  // Read sizes from a generator seeded by the input, so the input stays plain HTTP.
  std::uint32_t seed = 2166136261u;
  for (std::size_t i = 0; i < size && i < 64; ++i) seed = (seed ^ data[i]) * 16777619u;
  auto next_read_size = [&seed] {
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return std::size_t{1} + (seed % 97 == 0 ? 4096 : seed % 61);
  };

  HttpRequestReader reader(limits);
  std::string buffer;
  std::size_t offset = 0;
  std::size_t requests = 0;
  for (;;) {
    buffer.erase(0, reader.feed(buffer));
    if (reader.state() == HttpRequestReader::State::complete) {
      oc::api::SerializeOptions options{.keep_alive = reader.keep_alive(),
                                        .http10_client = reader.is_http10()};
      HttpRequest request = reader.take();
      check_request(request);
      if (requests++ == 0) require(whole.ok() && same_request(request, *whole));
      options.head_request = request.method == "HEAD";
      check_response(oc::api::serialize_http_response(handle(request), options),
                     options.head_request);
      continue;
    }
    if (reader.state() == HttpRequestReader::State::failed) {
      const oc::Error& error = reader.error();
      HttpResponse answer = oc::api::error_response(oc::api::http_status_for_request_error(error),
                                                    error.code, error.message);
      check_response(oc::api::serialize_http_response(answer, false), false);
      break;
    }
    if (offset == input.size()) {
      reader.finish();
      break;
    }
    std::size_t take = std::min(next_read_size(), input.size() - offset);
    buffer.append(input.substr(offset, take));
    offset += take;
  }
  if (requests == 0) require(!whole.ok());
  return 0;
}
