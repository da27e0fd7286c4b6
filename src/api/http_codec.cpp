// HTTP/1.1 wire format: Beast's request parser behind HttpRequestReader, response serialisation,
// error bodies. See http_codec.h for the contract.
#include "api/http_codec.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/optional.hpp>

#include <simdjson.h>

#include "core/json_writer.h"

namespace oc::api {

namespace http = boost::beast::http;

namespace {

Error request_error(std::string code, std::string message) {
  return make_error(std::move(code), "", std::move(message));
}

Error header_too_large(std::size_t header_bytes_max) {
  return request_error("http.header_too_large",
                       "request header exceeds " + std::to_string(header_bytes_max) + " bytes");
}

Error body_too_large(std::size_t body_bytes_max) {
  return request_error("http.body_too_large",
                       "request body exceeds " + std::to_string(body_bytes_max) + " bytes");
}

Error malformed(std::string_view what) {
  return request_error("http.malformed", "malformed HTTP request: " + std::string(what));
}

// Beast's limits are 32-bit; larger settings are capped (they are far above any sane setting).
std::uint32_t beast_header_limit(std::size_t header_bytes_max) {
  return static_cast<std::uint32_t>(
      std::min<std::size_t>(header_bytes_max, std::numeric_limits<std::uint32_t>::max()));
}

bool is_visible_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte > 0x20 && byte < 0x7f;
  });
}

bool is_token_char(char c) {
  auto byte = static_cast<unsigned char>(c);
  if (byte >= '0' && byte <= '9') return true;
  if ((byte | 0x20) >= 'a' && (byte | 0x20) <= 'z') return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_token_char);
}

// A header value the serialiser may write: no control characters except horizontal tab.
bool is_safe_header_value(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte == '\t' || (byte >= 0x20 && byte != 0x7f);
  });
}

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

std::string_view view(boost::beast::string_view text) {
  return {text.data(), text.size()};
}

// Bytes reserved for a body up front; beyond this the body grows as its bytes arrive.
constexpr std::size_t body_reserve_bytes_max = 64 * 1024;

// Beast's string_body, except that it does not reserve the whole Content-Length when the header
// arrives: otherwise every connection could pin body_bytes_max of memory by sending a header
// alone. The parser enforces body_limit before any byte reaches the reader.
struct RequestBody {
  using value_type = std::string;

  class reader {
   public:
    template <bool is_request, class Fields>
    explicit reader(http::header<is_request, Fields>& /*header*/, value_type& body) : body_(body) {}

    void init(const boost::optional<std::uint64_t>& length, boost::beast::error_code& ec) {
      if (length) body_.reserve(std::min<std::uint64_t>(*length, body_reserve_bytes_max));
      ec = {};
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& ec) {
      std::size_t added = 0;
      for (auto buffer : boost::beast::buffers_range_ref(buffers)) {
        body_.append(static_cast<const char*>(buffer.data()), buffer.size());
        added += buffer.size();
      }
      ec = {};
      return added;
    }

    void finish(boost::beast::error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// HttpRequestReader

struct HttpRequestReader::Impl {
  explicit Impl(const HttpLimits& limits) : limits(limits) { start(); }

  void start() {
    parser.emplace();
    parser->header_limit(beast_header_limit(limits.header_bytes_max));
    parser->body_limit(static_cast<std::uint64_t>(limits.body_bytes_max));
    // Not eager until the header is done: then one put() stops at the header's end, so
    // header_bytes counts exactly the header.
    parser->eager(false);
    state = State::reading;
    header_bytes = 0;
    in_request = false;
    header_done = false;
    header_snapshot.clear();
  }

  void fail(Error failure) {
    error = std::move(failure);
    state = State::failed;
  }

  Error error_for(const boost::beast::error_code& ec) const {
    if (ec == http::error::header_limit) return header_too_large(limits.header_bytes_max);
    if (ec == http::error::body_limit) return body_too_large(limits.body_bytes_max);
    return malformed(ec.message());
  }

  // The checks Beast does not make; false (and failed) when the header is refused.
  bool check_header() {
    const auto& message = parser->get();
    if (!is_visible_ascii(view(message.target()))) {
      fail(malformed("request target must be visible ASCII"));
      return false;
    }
    for (const auto& field : message) {
      std::string_view value = view(field.value());
      if (!simdjson::validate_utf8(value.data(), value.size())) {
        fail(malformed("header value is not UTF-8"));
        return false;
      }
    }
    // Beast treats a request whose Transfer-Encoding does not end in chunked as having no body;
    // the body would then be read as the next request (request smuggling). RFC 9112 section 6.3
    // says to refuse it, and we accept no coding but chunked.
    if (message.count(http::field::transfer_encoding) != 0) {
      std::string_view coding = view(message[http::field::transfer_encoding]);
      while (!coding.empty() && (coding.front() == ' ' || coding.front() == '\t')) {
        coding.remove_prefix(1);
      }
      while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t')) {
        coding.remove_suffix(1);
      }
      if (!iequals(coding, "chunked")) {
        fail(malformed("Transfer-Encoding other than chunked"));
        return false;
      }
    }
    return true;
  }

  std::size_t feed(std::string_view in) {
    if (state != State::reading) return 0;
    std::size_t used = 0;
    if (!in_request) {
      while (used < in.size() && (in[used] == '\r' || in[used] == '\n')) ++used;
      if (used == in.size()) return used;
      in_request = true;
    }
    while (used < in.size()) {
      // Beast is shown at most the bytes the limits allow, so whether a limit is exceeded does
      // not depend on how the bytes were split into reads.
      std::size_t window = in.size() - used;
      if (!header_done) {
        window = std::min(window, limits.header_bytes_max - header_bytes);
      } else {
        window = std::min(window, limits.header_bytes_max);
      }
      if (window == 0) {  // header_bytes == header_bytes_max and the header is not complete
        fail(header_too_large(limits.header_bytes_max));
        return used;
      }
      boost::beast::error_code ec;
      std::size_t consumed = parser->put(boost::asio::const_buffer(in.data() + used, window), ec);
      used += consumed;
      if (!header_done) header_bytes += consumed;
      if (ec == http::error::need_more) {
        std::size_t pending = window - consumed;
        if (!header_done) {
          // The header ends after header_bytes + pending + 1 bytes at the earliest.
          if (header_bytes + pending >= limits.header_bytes_max) {
            fail(header_too_large(limits.header_bytes_max));
          }
          return used;
        }
        if (consumed > 0) continue;  // a new window starts at the unfinished chunk line
        if (window == limits.header_bytes_max) {
          fail(malformed("chunk-size line or trailer section longer than " +
                         std::to_string(limits.header_bytes_max) + " bytes"));
        }
        return used;
      }
      if (ec) {
        fail(error_for(ec));
        return used;
      }
      if (!header_done && parser->is_header_done()) {
        header_done = true;
        if (!check_header()) return used;
        // Copy the header's fields now: Beast inserts a chunked body's trailer fields next to
        // header fields of the same name, so "the first N fields" later is not the header.
        for (const auto& field : parser->get()) {
          std::string name(view(field.name_string()));
          for (char& c : name) c = ascii_lower(c);
          header_snapshot.emplace_back(std::move(name), std::string(view(field.value())));
        }
        parser->eager(true);
      }
      if (parser->is_done()) {
        state = State::complete;
        return used;
      }
      if (consumed == 0) {
        // Beast neither progressed nor asked for more: never seen; refuse rather than spin.
        fail(malformed("parser made no progress"));
        return used;
      }
    }
    return used;
  }

  HttpLimits limits;
  std::optional<http::request_parser<RequestBody>> parser;
  State state = State::reading;
  std::size_t header_bytes = 0;  // header bytes consumed so far (exact once header_done)
  bool in_request = false;
  bool header_done = false;
  // The header's fields (names lower-cased), copied when the header completed; trailer fields
  // of a chunked body never enter it.
  std::vector<std::pair<std::string, std::string>> header_snapshot;
  Error error;
};

HttpRequestReader::HttpRequestReader(const HttpLimits& limits)
    : impl_(std::make_unique<Impl>(limits)) {}

HttpRequestReader::~HttpRequestReader() = default;

std::size_t HttpRequestReader::feed(std::string_view buffered) {
  return impl_->feed(buffered);
}

void HttpRequestReader::finish() {
  if (impl_->state == State::reading && impl_->in_request) {
    impl_->fail(request_error("http.incomplete", "connection closed inside a request"));
  }
}

HttpRequestReader::State HttpRequestReader::state() const {
  return impl_->state;
}

bool HttpRequestReader::in_request() const {
  return impl_->in_request;
}

bool HttpRequestReader::expects_continue() const {
  if (impl_->state != State::reading || !impl_->header_done) return false;
  const auto& message = impl_->parser->get();
  if (message.version() != 11) return false;
  return iequals(view(message[http::field::expect]), "100-continue");
}

bool HttpRequestReader::keep_alive() const {
  assert(impl_->state == State::complete);
  return impl_->parser->get().keep_alive();
}

bool HttpRequestReader::is_http10() const {
  assert(impl_->state == State::complete);
  return impl_->parser->get().version() == 10;
}

HttpRequest HttpRequestReader::take() {
  assert(impl_->state == State::complete);
  auto message = impl_->parser->release();
  HttpRequest request;
  request.method = std::string(view(message.method_string()));
  request.target = std::string(view(message.target()));
  // A chunked body's trailer fields are dropped, so that no field arriving after the body can
  // pose as a header (Authorization, Content-Type, ...): only the header's snapshot is used.
  request.headers = std::move(impl_->header_snapshot);
  request.body = std::move(message.body());
  impl_->start();
  return request;
}

const Error& HttpRequestReader::error() const {
  assert(impl_->state == State::failed);
  return impl_->error;
}

Result<HttpRequest> parse_http_request(std::string_view bytes, const HttpLimits& limits) {
  HttpRequestReader reader(limits);
  reader.feed(bytes);
  if (reader.state() == HttpRequestReader::State::reading) {
    if (!reader.in_request()) {
      return request_error("http.incomplete", "no request in the bytes");
    }
    return request_error("http.incomplete", "the bytes end inside a request");
  }
  if (reader.state() == HttpRequestReader::State::failed) return reader.error();
  return reader.take();
}

int http_status_for_request_error(const Error& error) {
  if (error.code == "http.header_too_large") return 431;
  if (error.code == "http.body_too_large") return 413;
  return 400;
}

// ---------------------------------------------------------------------------------------------
// Responses

HttpResponse error_response(int status, std::string code, std::string message) {
  HttpResponse response;
  response.status = status;
  response.content_type = "application/json";
  JsonWriter body;
  body.begin_object().key("errors").begin_array();
  body.begin_object().field("code", code).field("path", "").field("message", message).end_object();
  body.end_array().end_object();
  response.body = body.take();
  return response;
}

std::string serialize_http_response(const HttpResponse& response, const SerializeOptions& options) {
  if (response.status < 200 || response.status > 599) {
    HttpResponse internal =
        error_response(500, "internal.error", "the handler returned an invalid HTTP status");
    return serialize_http_response(internal, options);
  }
  const bool has_body = response.status != 204 && response.status != 304;
  std::string_view reason = view(http::obsolete_reason(static_cast<http::status>(response.status)));
  if (reason.starts_with('<')) reason = {};  // "<unknown-status>": the reason phrase may be empty

  std::string out;
  out.reserve(160 + response.content_type.size() + response.body.size());
  char digits[24];
  auto append_number = [&](std::size_t number) {
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number);
    out.append(digits, end);
  };
  out.append("HTTP/1.1 ");
  append_number(static_cast<std::size_t>(response.status));
  out.push_back(' ');
  out.append(reason);
  out.append("\r\nServer: ");
  out.append(http_server_name);
  out.append("\r\n");
  if (has_body && !response.content_type.empty() && is_safe_header_value(response.content_type)) {
    out.append("Content-Type: ");
    out.append(response.content_type);
    out.append("\r\n");
  }
  if (has_body) {
    out.append("Content-Length: ");
    append_number(response.body.size());
    out.append("\r\n");
  }
  if (!options.keep_alive) {
    out.append("Connection: close\r\n");
  } else if (options.http10_client) {
    out.append("Connection: keep-alive\r\n");
  }
  for (const auto& [name, value] : response.headers) {
    if (!is_token(name) || !is_safe_header_value(value)) continue;
    if (iequals(name, "server") || iequals(name, "content-type") ||
        iequals(name, "content-length") || iequals(name, "transfer-encoding") ||
        iequals(name, "connection")) {
      continue;
    }
    out.append(name);
    out.append(": ");
    out.append(value);
    out.append("\r\n");
  }
  out.append("\r\n");
  if (has_body && !options.head_request) out.append(response.body);
  return out;
}

}  // namespace oc::api
