// The full authorization matrix, black-box: every route x every role x (own object, another
// party's / another office's object), each cell's exact status written out here independently of
// the server's policy code. Another party's declaration answers 404, never 403.
#include <gtest/gtest.h>

#include <map>

#include "../declaration/test_support.h"
#include "server_fixture.h"

namespace oc {
namespace {

using testing::HttpClient;
using testing::HttpResult;
using testing::json_field;

const std::string kPartyA = "91440300MA5FQH001Y";  // the demo body's declarant and importer
const std::string kPartyB = "91310115MA1K4PQ21X";  // declarant of the second demo body

std::string body_for(const std::string& party, const std::string& office, const std::string& lrn) {
  std::string text = testing::valid_body();
  text.replace(text.find("SZX-2026-000123"), 15, lrn);
  for (std::size_t at = text.find(kPartyA); at != std::string::npos;
       at = text.find(kPartyA, at + party.size())) {
    text.replace(at, kPartyA.size(), party);
  }
  text.replace(text.find("\"5349\""), 6, "\"" + office + "\"");
  return text;
}

enum Who { trader, officer, auditor, admin };
const char* kWhoNames[] = {"trader", "officer", "auditor", "admin"};

struct Cell {
  std::string route;
  int own[4];    // statuses for trader, officer, auditor, admin on their own object
  int other[4];  // ... on another party's / office's object
};

// Object routes: the declaration is fresh, lane yellow (the demo claims RCEP), status
// lane_assigned. "Own" is party A / office 5349; "other" is party B / office 2248.
const std::vector<Cell> kObjectCells = {
    {"get_declaration", {200, 200, 200, 403}, {404, 404, 200, 403}},
    {"get_events", {200, 200, 200, 403}, {404, 404, 200, 403}},
    {"amend", {200, 403, 403, 403}, {404, 403, 403, 403}},
    {"cancel", {200, 403, 403, 403}, {404, 403, 403, 403}},
    {"submit_documents", {409, 403, 403, 403}, {404, 403, 403, 403}},
    {"start_document_review", {403, 200, 403, 403}, {403, 404, 403, 403}},
    {"request_documents", {403, 409, 403, 403}, {403, 404, 403, 403}},
    {"accept_documents", {403, 409, 403, 403}, {403, 404, 403, 403}},
    {"start_inspection", {403, 409, 403, 403}, {403, 404, 403, 403}},
    {"record_findings", {403, 409, 403, 403}, {403, 404, 403, 403}},
    {"record_payment", {403, 409, 403, 403}, {403, 404, 403, 403}},
    {"record_guarantee", {403, 409, 403, 403}, {403, 404, 403, 403}},
    {"release", {403, 409, 403, 403}, {403, 404, 403, 403}},
    {"confirm_exit", {403, 409, 403, 403}, {403, 404, 403, 403}},
    {"reject", {403, 200, 403, 403}, {403, 404, 403, 403}},
};

struct Request {
  std::string method;
  std::string suffix;  // after /v1/declarations/{id}
  std::string body;
};

Request object_request(const std::string& route, const std::string& amended_body) {
  static const std::map<std::string, Request> kRequests = {
      {"get_declaration", {"GET", "", ""}},
      {"get_events", {"GET", "/events", ""}},
      {"cancel", {"POST", "/cancel", "{\"reason\":\"withdrawn\"}"}},
      {"submit_documents", {"POST", "/submit-documents", ""}},
      {"start_document_review", {"POST", "/document-review", ""}},
      {"request_documents", {"POST", "/request-documents", "{\"documents\":\"invoice\"}"}},
      {"accept_documents", {"POST", "/accept-documents", ""}},
      {"start_inspection", {"POST", "/inspection", ""}},
      {"record_findings", {"POST", "/findings", "{\"outcome\":\"compliant\"}"}},
      {"record_payment", {"POST", "/payment", "{\"reference\":\"P-1\"}"}},
      {"record_guarantee", {"POST", "/guarantee", "{\"reference\":\"G-1\"}"}},
      {"release", {"POST", "/release", ""}},
      {"confirm_exit", {"POST", "/exit", ""}},
      {"reject", {"POST", "/reject", "{\"reason\":\"incomplete\"}"}},
  };
  if (route == "amend") {
    return {"POST", "/amend", "{\"reason\":\"fix\",\"declaration\":" + amended_body + "}"};
  }
  return kRequests.at(route);
}

class AuthorizationMatrix : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        std::filesystem::temp_directory_path() / ("oc-matrix-" + std::to_string(::getpid()));
    server_ = std::make_unique<testing::Server>(directory_);
    tokens_[trader] = server_->create_token("trader", kPartyA);
    trader_b_ = server_->create_token("trader", kPartyB);
    tokens_[officer] = server_->create_token("officer", "", {"5349"});
    tokens_[auditor] = server_->create_token("auditor");
    tokens_[admin] = server_->create_token("admin");
    server_->start();
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(directory_);
  }

  std::string lodge(const std::string& token, const std::string& body) {
    HttpResult result = client().request("POST", "/v1/declarations", token, body);
    EXPECT_EQ(result.status, 201) << result.body;
    return json_field(result.body, "id");
  }
  HttpClient& client() {
    if (!client_) client_ = std::make_unique<HttpClient>(server_->port());
    return *client_;
  }

  std::filesystem::path directory_;
  std::unique_ptr<testing::Server> server_;
  std::string tokens_[4];
  std::string trader_b_;
  std::unique_ptr<HttpClient> client_;
  int lodged_ = 0;
};

TEST_F(AuthorizationMatrix, EveryObjectRouteEveryRoleOwnAndOther) {
  for (const Cell& cell : kObjectCells) {
    for (int who = trader; who <= admin; ++who) {
      for (bool own : {true, false}) {
        std::string lrn = "MX-" + std::to_string(++lodged_);
        std::string body = own ? body_for(kPartyA, "5349", lrn) : body_for(kPartyB, "2248", lrn);
        std::string id = lodge(own ? tokens_[trader] : trader_b_, body);
        std::string amended = body;
        amended.replace(amended.find("64000.00"), 8, "64000.10");
        Request request = object_request(cell.route, amended);
        HttpResult result = client().request(
            request.method, "/v1/declarations/" + id + request.suffix, tokens_[who], request.body);
        int expected = own ? cell.own[who] : cell.other[who];
        EXPECT_EQ(result.status, expected) << cell.route << " by " << kWhoNames[who] << " on "
                                           << (own ? "own" : "other") << " object: " << result.body;
        if (expected == 404) {
          EXPECT_EQ(json_field(result.body, "code"), "declaration.not_found");
        }
        if (expected == 403) {
          EXPECT_EQ(json_field(result.body, "code"), "auth.forbidden");
        }
      }
    }
  }
}

TEST_F(AuthorizationMatrix, EveryCollectionRouteEveryRole) {
  struct Collection {
    std::string method, target, body;
    int expected[4];
  };
  const std::vector<Collection> kCollections = {
      {"GET", "/healthz", "", {200, 200, 200, 200}},
      {"GET", "/readyz", "", {200, 200, 200, 200}},
      {"GET", "/metrics", "", {200, 200, 200, 200}},
      {"GET", "/v1/openapi.json", "", {200, 200, 200, 200}},
      {"POST",
       "/v1/declarations",
       body_for(kPartyA, "5349", "MX-COLLECTION"),
       {201, 403, 403, 403}},
      {"GET", "/v1/declarations", "", {200, 200, 200, 403}},
      {"GET", "/v1/stats/clearance-times", "", {403, 200, 200, 403}},
      {"GET", "/v1/reference/hs/870323", "", {200, 200, 200, 200}},
      {"POST", "/v1/tokens", "{\"role\":\"auditor\"}", {403, 403, 403, 201}},
      {"GET", "/v1/tokens", "", {403, 403, 403, 200}},
      {"DELETE", "/v1/tokens/tok_0000000000000000", "", {403, 403, 403, 404}},
      {"GET", "/v1/audit", "", {403, 403, 200, 200}},
      {"GET", "/v1/alerts", "", {403, 200, 200, 403}},
      {"POST", "/v1/taxrefund/verifications", "{}", {403, 400, 403, 403}},
      {"GET", "/v1/taxrefund/forms/NO-SUCH-FORM/qr.svg", "", {404, 404, 404, 403}},
      {"GET", "/v1/transits/NO-SUCH-TRANSIT", "", {404, 404, 404, 403}},
      {"POST", "/v1/dutyfree/sales", "{}", {400, 403, 403, 403}},
      {"GET", "/v1/dutyfree/travellers/P1234567/allowance", "", {200, 200, 200, 403}},
      {"POST", "/v1/ecommerce/orders", "{}", {400, 403, 403, 403}},
      {"POST", "/v1/ecommerce/payments", "{}", {400, 403, 403, 403}},
      {"POST", "/v1/ecommerce/waybills", "{}", {400, 403, 403, 403}},
      {"GET", "/v1/ecommerce/orders/NO-SUCH-ORDER", "", {404, 404, 404, 403}},
      {"POST", "/v1/ecommerce/orders/NO-SUCH-ORDER/returns",
       "{\"id\":\"R-1\",\"at\":\"2026-11-23T10:00:00Z\"}", {404, 403, 403, 403}},
      {"GET", "/v1/ecommerce/quota/P1234567", "", {200, 200, 200, 403}},
      {"POST", "/v1/postal/items", "{}", {400, 403, 403, 403}},
      {"GET", "/v1/postal/items/EE123456785CN", "", {404, 404, 404, 403}},
      {"POST", "/v1/postal/items/EE123456785CN/declaration", "{}", {400, 403, 403, 403}},
      {"POST", "/v1/postal/items/EE123456785CN/payment", "{}", {400, 403, 403, 403}},
      {"GET", "/v1/postal/items/EE123456785CN/receipt", "", {404, 404, 404, 403}},
      {"POST", "/v1/postal/items/EE123456785CN/refund-requests", "{}", {400, 403, 403, 403}},
      {"POST", "/v1/postal/items/EE123456785CN/refund-requests/RF-1/review",
       "{\"decision\":\"approved\"}", {403, 404, 403, 403}},
      {"POST", "/v1/postal/items/EE123456785CN/return", "{\"reason\":\"undeliverable\"}",
       {404, 404, 403, 403}},
      {"POST", "/v1/dutyfree/pickups", "{\"code\":\"NO-SUCH\",\"at\":\"2026-11-23T10:00:00Z\"}",
       {404, 404, 403, 403}},
      {"GET", "/v1/risk/rules", "", {403, 200, 200, 200}},
      {"POST", "/v1/risk/rules/reload", "", {403, 403, 403, 200}},
      {"GET", "/v1/zones/QH-ZONE-1/accounts/" + std::string(kPartyA) + "/balances", "", {200, 200, 200, 403}},
      {"GET", "/v1/zones/QH-ZONE-1/accounts/" + std::string(kPartyA) + "/movements", "", {200, 200, 200, 403}},
      {"POST", "/v1/zones/QH-ZONE-1/accounts/" + std::string(kPartyA) + "/movements",
       "{\"id\":\"MX-1\",\"kind\":\"first_line_entry\",\"lines\":[{\"item\":\"I\",\"hs_code\":"
       "\"8471300000\",\"unit\":\"NAR\",\"quantity\":\"1\"}]}",
       {201, 403, 403, 403}},
  };
  for (const Collection& route : kCollections) {
    for (int who = trader; who <= admin; ++who) {
      HttpResult result = client().request(route.method, route.target, tokens_[who], route.body);
      EXPECT_EQ(result.status, route.expected[who])
          << route.method << " " << route.target << " by " << kWhoNames[who] << ": " << result.body;
    }
  }
  // A trader lodging for another party is refused whatever the route allows.
  HttpResult foreign = client().request("POST", "/v1/declarations", trader_b_,
                                        body_for(kPartyA, "5349", "MX-FOREIGN"));
  EXPECT_EQ(foreign.status, 403);
  // No token at all: 401 on every non-public route.
  for (const char* target : {"/v1/declarations", "/v1/tokens", "/v1/audit",
                             "/v1/stats/clearance-times", "/v1/reference/hs/87"}) {
    EXPECT_EQ(client().request("GET", target).status, 401) << target;
  }
  // The postal recipient's routes take no token (the phone is the proof); the others still do.
  EXPECT_EQ(client().request("GET", "/v1/postal/items/EE123456785CN?phone=13800138000").status, 404);
  EXPECT_EQ(client().request("POST", "/v1/postal/items/EE123456785CN/payment", "", "{}").status, 400);
  EXPECT_EQ(client().request("POST", "/v1/postal/items", "", "{}").status, 401);
  EXPECT_EQ(client().request("POST", "/v1/postal/items/EE123456785CN/refund-requests/RF-1/review", "",
                             "{}")
                .status,
            401);
}

}  // namespace
}  // namespace oc
