// Plain HTTP request and response structs: what the network edge (http_server, Boost.Beast)
// hands to the API and gets back. The API, its tests and its fuzz target never see Beast types.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oc::api {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as received, e.g. "/v1/declarations?limit=10"
  // Header names lower-cased; values as received. Repeated headers appear repeatedly.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_address;  // "127.0.0.1:53422", for the audit log

  // First value of a header (name in lower case); empty view when absent.
  std::string_view header(std::string_view lower_case_name) const {
    for (const auto& [name, value] : headers) {
      if (name == lower_case_name) return value;
    }
    return {};
  }
  bool has_header(std::string_view lower_case_name) const {
    for (const auto& [name, value] : headers) {
      if (name == lower_case_name) return true;
    }
    return false;
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Retry-After, ...)
  std::string body;
};

}  // namespace oc::api
