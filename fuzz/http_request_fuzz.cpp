// Fuzz target: any bytes -> the request path the server runs. The bytes go through
// HttpRequestReader in reads of varying sizes, one pipelined request after another as on a
// connection; each request goes to the real Api (routes, authentication, authorization,
// handlers, over a SQLite store in a temporary directory, with fixed fuzzing tokens so that
// inputs can reach the authenticated paths) and its response through serialize_http_response. Nothing may crash, hang or trip a
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

#include "api/api.h"
#include "api/http_codec.h"
#include "api/tokens.h"
#include "core/csv.h"
#include "store/sqlite_store.h"

#include <filesystem>
#include <unistd.h>

namespace {

using oc::api::HttpRequest;
using oc::api::HttpRequestReader;
using oc::api::HttpResponse;

// Small limits, so that inputs of a few kilobytes reach them.
constexpr oc::api::HttpLimits limits{.header_bytes_max = 1024, .body_bytes_max = 4096};

void require(bool condition) {
  if (!condition) std::abort();
}

// Tokens the seed corpus uses: "oct_" + 64 times '1' (trader of the demo party), '2' (officer of
// office 5349), '3' (auditor), '4' (admin).
struct FuzzApi {
  oc::ReferenceData reference;
  oc::Tariff tariff;
  std::unique_ptr<oc::RiskService> risk;
  oc::ZoneRegistry zones;
  std::unique_ptr<oc::TransitService> transits;
  oc::RefundSigningKey signing = oc::RefundSigningKey::from_seed(std::string(32, '\x07'));
  oc::TravellerSecret traveller = oc::TravellerSecret::from_bytes(std::string(32, '\x09'));
  std::unique_ptr<oc::TaxRefundService> refunds;
  std::unique_ptr<oc::DutyFreeService> dutyfree;
  std::unique_ptr<oc::LodgingService> ecommerce_lodging;
  std::unique_ptr<oc::EcommerceService> ecommerce;
  std::unique_ptr<oc::PostalService> postal;
  std::unique_ptr<oc::Store> store;
  oc::ManualClock clock{oc::TimePoint(std::chrono::seconds(1'795'000'000))};
  std::unique_ptr<oc::api::Api> api;
  std::filesystem::path directory;

  FuzzApi() {
    auto loaded = oc::load_reference(OC_SOURCE_DIR "/data/reference");
    require_setup(loaded.ok());
    reference = std::move(*loaded);
    auto tariff_loaded = oc::load_tariff(OC_SOURCE_DIR "/data/tariff");
    require_setup(tariff_loaded.ok());
    tariff = std::move(*tariff_loaded);
    // The demo rules, the default lane shares and no credit register, with a fixed seed.
    risk = std::make_unique<oc::RiskService>(oc::LanePolicies{}, oc::CreditRegister{}, 1);
    auto rules = oc::read_file(OC_SOURCE_DIR "/data/risk/rules.txt");
    require_setup(rules.ok() && risk->reload_rules(*rules, "rules.txt").empty());
    directory = std::filesystem::temp_directory_path() /
                ("oc-http-fuzz-" + std::to_string(::getpid()));
    std::filesystem::remove_all(directory);
    std::filesystem::create_directories(directory);
    auto opened = oc::open_sqlite_store(directory / "fuzz.db");
    require_setup(opened.ok());
    store = std::move(*opened);
    add_token('1', oc::Role::trader, "91440300MA5FQH001Y", {});
    add_token('2', oc::Role::officer, "", {"5349"});
    add_token('3', oc::Role::auditor, "", {});
    add_token('4', oc::Role::admin, "", {});
    oc::api::ApiOptions options;
    options.rate_limit = {1e9, 1e9};
    auto zones_text = oc::read_file(OC_SOURCE_DIR "/data/zones/zones.csv");
    require_setup(zones_text.ok());
    auto zones_parsed = oc::ZoneRegistry::parse(*zones_text, "zones.csv");
    require_setup(zones_parsed.ok());
    zones = std::move(*zones_parsed);
    transits = std::make_unique<oc::TransitService>(zones, *store, clock);
    refunds = std::make_unique<oc::TaxRefundService>(signing, traveller, *store, clock);
    dutyfree = std::make_unique<oc::DutyFreeService>(
        traveller.hasher(oc::dutyfree_traveller_domain), *store, clock);
    ecommerce_lodging =
        std::make_unique<oc::LodgingService>(reference, tariff, *risk, *store, clock);
    ecommerce = std::make_unique<oc::EcommerceService>(
        traveller.hasher(oc::ecommerce_buyer_domain), *ecommerce_lodging, *store, clock);
    postal = std::make_unique<oc::PostalService>(
        traveller.hasher(oc::postal_phone_key_domain),
        traveller.hasher(oc::postal_id_number_key_domain), tariff, *store, clock);
    api = std::make_unique<oc::api::Api>(
        reference, tariff, *risk, zones,
        oc::api::RegimeServices{*transits, *refunds, *dutyfree, *ecommerce, *postal}, *store,
        clock, options);
  }
  ~FuzzApi() {
    api.reset();
    refunds.reset();
    dutyfree.reset();
    ecommerce.reset();
    postal.reset();
    ecommerce_lodging.reset();
    transits.reset();
    store.reset();
    std::error_code ignored;
    std::filesystem::remove_all(directory, ignored);
  }
  static void require_setup(bool condition) {
    if (!condition) std::abort();  // the harness is broken, not the code under test
  }
  void add_token(char digit, oc::Role role, std::string party, std::vector<std::string> offices) {
    oc::TokenRecord token;
    token.id = std::string("tok_fuzz000000000") + digit;
    token.token_sha256 = oc::api::token_hash("oct_" + std::string(64, digit));
    token.role = role;
    token.party = std::move(party);
    token.offices = std::move(offices);
    token.created_at = clock.now();
    require_setup(store->create_token(token).ok());
  }
};

HttpResponse handle(const HttpRequest& request) {
  static FuzzApi fuzz_api;
  return fuzz_api.api->handle(request);
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
