// Internal to src/api: one request's state as the handlers see it (api.cpp, api_regimes.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/api.h"
#include "api/request_parsing.h"

namespace oc::api {

struct Api::Context {
  const HttpRequest& request;
  Target target;
  const Route* route = nullptr;
  std::string parameter;  // the {id} / {code} of the route ("zone/enterprise" for accounts)
  std::vector<std::string> parameters;  // each {placeholder}
  std::optional<Principal> principal;
  bool audited = false;    // the audit entry was written with the data (lodging, action)
  std::string error_code;  // the first error answered, for the audit entry
};

inline HttpResponse json_response(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

}  // namespace oc::api
