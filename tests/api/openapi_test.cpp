// The OpenAPI document and the router agree: every route is documented with its method, and
// every documented operation is a route.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <set>

#include "api/api.h"
#include "api/routes.h"

namespace oc::api {
namespace {

TEST(OpenApi, DocumentsExactlyTheRoutesOfTheRouter) {
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  ASSERT_EQ(parser.parse(std::string(openapi_document())).get(document), simdjson::SUCCESS);
  std::string_view version;
  ASSERT_EQ(document["openapi"].get(version), simdjson::SUCCESS);
  EXPECT_EQ(version, "3.1.0");
  std::set<std::string> documented;
  simdjson::dom::object paths;
  ASSERT_EQ(document["paths"].get(paths), simdjson::SUCCESS);
  for (auto [path, operations] : paths) {
    simdjson::dom::object methods;
    ASSERT_EQ(operations.get_object().get(methods), simdjson::SUCCESS);
    for (auto [method, operation] : methods) {
      std::string upper(method);
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      std::string_view operation_id;
      ASSERT_EQ(operation["operationId"].get(operation_id), simdjson::SUCCESS) << path;
      documented.insert(upper + " " + std::string(path) + " " + std::string(operation_id));
    }
  }
  std::set<std::string> routed;
  for (const Route& route : routes()) {
    routed.insert(std::string(route.method) + " " + std::string(route.pattern) + " " +
                  std::string(route.name));
  }
  EXPECT_EQ(documented, routed);
}

TEST(Routes, MatchPatternsAndMethods) {
  auto matched = match_route("GET", "/v1/declarations/D2026112300000001/events");
  ASSERT_TRUE(matched.match.has_value());
  EXPECT_EQ(matched.match->route->id, RouteId::get_events);
  EXPECT_EQ(matched.match->parameter, "D2026112300000001");
  EXPECT_EQ(match_route("PUT", "/v1/declarations").failure, MatchFailure::method_not_allowed);
  EXPECT_EQ(match_route("GET", "/v1/declarations/").failure, MatchFailure::not_found);
  EXPECT_EQ(match_route("GET", "/v1/declarations/a/b/c").failure, MatchFailure::not_found);
  EXPECT_FALSE(match_route("GET", "/healthz/").match.has_value());
}

}  // namespace
}  // namespace oc::api
