// Black-box API tests: the real binary on port 0 over loopback, real HTTP, exact statuses and
// bodies.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "../declaration/test_support.h"
#include "server_fixture.h"

namespace oc {
namespace {

using testing::HttpClient;
using testing::HttpResult;
using testing::json_field;

const std::string kParty = "91440300MA5FQH001Y";  // declarant and importer of the demo body

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing::Server(std::filesystem::temp_directory_path() /
                                  ("oc-api-" + std::to_string(::getpid())));
    trader_ = server_->create_token("trader", kParty);
    other_trader_ = server_->create_token("trader", "91310000OTHERPARTY");
    officer_ = server_->create_token("officer", "", {"5349"});
    other_officer_ = server_->create_token("officer", "", {"2248"});
    auditor_ = server_->create_token("auditor");
    admin_ = server_->create_token("admin");
    server_->start();
  }
  static void TearDownTestSuite() {
    auto directory = server_->directory();
    delete server_;
    std::filesystem::remove_all(directory);
  }

  // The demo declaration under a fresh lrn.
  static std::string body(const std::string& lrn) {
    std::string text = testing::valid_body();
    text.replace(text.find("SZX-2026-000123"), 15, lrn);
    return text;
  }
  static std::string green_body(const std::string& lrn) {
    std::string text = body(lrn);
    text.replace(text.find("\"preference\": \"RCEP\""), 20, "\"preference\": \"MFN\"");
    return text;
  }
  HttpResult post(const std::string& target, const std::string& token, const std::string& payload,
                  std::vector<std::pair<std::string, std::string>> headers = {}) {
    return client_.request("POST", target, token, payload, std::move(headers));
  }
  HttpResult get(const std::string& target, const std::string& token) {
    return client_.request("GET", target, token);
  }
  std::string lodge(const std::string& lrn, bool green = false) {
    HttpResult result = post("/v1/declarations", trader_, green ? green_body(lrn) : body(lrn));
    EXPECT_EQ(result.status, 201) << result.body;
    return json_field(result.body, "id");
  }

  static testing::Server* server_;
  static std::string trader_, other_trader_, officer_, other_officer_, auditor_, admin_;
  HttpClient client_{server_->port()};
};

testing::Server* ApiTest::server_ = nullptr;
std::string ApiTest::trader_, ApiTest::other_trader_, ApiTest::officer_, ApiTest::other_officer_,
    ApiTest::auditor_, ApiTest::admin_;

TEST_F(ApiTest, HealthReadinessAndOpenApiNeedNoToken) {
  EXPECT_EQ(get("/healthz", "").body, "{\"status\":\"ok\"}");
  EXPECT_EQ(get("/readyz", "").status, 200);
  HttpResult openapi = get("/v1/openapi.json", "");
  EXPECT_EQ(openapi.status, 200);
  EXPECT_NE(openapi.body.find("\"openapi\": \"3.1.0\""), std::string::npos);
}

TEST_F(ApiTest, LodgingAnswers201AndTheSameKeyReplaysTheFirstAnswer) {
  std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "key-001"}};
  HttpResult first = post("/v1/declarations", trader_, body("API-IDEM-1"), key);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(json_field(first.body, "status"), "lane_assigned");
  HttpResult retry = post("/v1/declarations", trader_, body("API-IDEM-1"), key);
  EXPECT_EQ(retry.status, 201);
  EXPECT_EQ(retry.body, first.body);
  HttpResult other_body = post("/v1/declarations", trader_, body("API-IDEM-2"), key);
  EXPECT_EQ(other_body.status, 422);
  EXPECT_EQ(json_field(other_body.body, "code"), "idempotency.key_reused");
  // The same lrn and body without the key: the original answer, 200 (nothing new was stored).
  HttpResult again = post("/v1/declarations", trader_, body("API-IDEM-1"));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);
}

TEST_F(ApiTest, TheAnswerCarriesTheExplainedAssessment) {
  HttpResult result = post("/v1/declarations", trader_, body("API-ASSESS-1"));
  ASSERT_EQ(result.status, 201) << result.body;
  // The demo body on the server's clock: its month's EUR rate; line 8703239000 (MFN 15%, CT 5%,
  // VAT 13%). The figures themselves are pinned by tests/clearance and tests/data/tariff.
  EXPECT_NE(result.body.find("\"assessment\":{\"regime\":\"general\",\"currency\":\"CNY\""),
            std::string::npos)
      << result.body;
  EXPECT_NE(result.body.find("\"duty\":{\"basis\":\"mfn\",\"rate\":\"15%\""), std::string::npos);
  EXPECT_NE(result.body.find("\"consumption_tax\":{\"rate\":\"5%\""), std::string::npos);
  EXPECT_EQ(result.body.find("placeholders"), std::string::npos);
  // The demo rules: RCEP claimed for a DE origin sends the declaration to document review.
  EXPECT_NE(result.body.find("\"risk\":{\"score\":\"0.0000\",\"rank\":\"1.0000\",\"rules\":[\"R-0070\"]"),
            std::string::npos)
      << result.body;
  EXPECT_EQ(json_field(result.body, "lane"), "yellow");
  HttpResult shown = get("/v1/declarations/" + json_field(result.body, "id"), trader_);
  EXPECT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find("\"basis\":\"mfn\""), std::string::npos) << shown.body;
}

TEST_F(ApiTest, WhatTheTariffRefusesIsRejectedWithItsRule) {
  // Two cars through the e-commerce channel: beyond any buyer's annual room.
  std::string ecommerce = green_body("API-ECOM-1");
  ecommerce.replace(ecommerce.find("\"0110\""), 6, "\"1210\"");
  HttpResult refused = post("/v1/declarations", trader_, ecommerce);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.body.rfind("{\"errors\":[{\"code\":\"ecommerce.annual_limit_exceeded\","
                               "\"path\":\"/items\"",
                               0),
            0u)
      << refused.body;
  // A unit the line's specific rate cannot use: beer (per litre) declared in pieces.
  std::string beer = green_body("API-BEER-1");
  beer.replace(beer.find("8703239000"), 10, "2203000000");
  HttpResult mismatch = post("/v1/declarations", trader_, beer);
  EXPECT_EQ(mismatch.status, 400) << mismatch.body;
  EXPECT_EQ(json_field(mismatch.body, "code"), "tariff.unit_mismatch");
  // Nothing was stored: the lrn is still free for a body the tariff accepts.
  EXPECT_EQ(post("/v1/declarations", trader_, green_body("API-ECOM-1")).status, 201);
}

TEST_F(ApiTest, LrnWithAnotherBodyIsAConflict) {
  lodge("API-CONFLICT");
  std::string changed = body("API-CONFLICT");
  changed.replace(changed.find("64000.00"), 8, "64000.99");
  HttpResult result = post("/v1/declarations", trader_, changed);
  EXPECT_EQ(result.status, 409);
  EXPECT_EQ(json_field(result.body, "code"), "lodging.lrn_conflict");
}

TEST_F(ApiTest, BadBodiesAreClear400s) {
  HttpResult malformed = post("/v1/declarations", trader_, "{\"lrn\":");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(json_field(malformed.body, "code"), "json.syntax");
  HttpResult utf8 = post("/v1/declarations", trader_, "{\"lrn\":\"\xff\"}");
  EXPECT_EQ(utf8.status, 400);
  EXPECT_EQ(json_field(utf8.body, "code"), "json.utf8");
  std::string unknown = body("API-UNKNOWN");
  unknown.insert(1, "\"colour\":\"red\",");
  HttpResult unknown_field = post("/v1/declarations", trader_, unknown);
  EXPECT_EQ(unknown_field.status, 400);
  EXPECT_EQ(unknown_field.body,
            "{\"errors\":[{\"code\":\"field.unknown\",\"path\":\"/colour\",\"message\":\"unknown "
            "field 'colour'\"}]}");
  std::string huge_number = body("API-HUGE");
  huge_number.replace(huge_number.find("\"1200.00\""), 9, "1" + std::string(400, '0'));
  HttpResult huge = post("/v1/declarations", trader_, huge_number);
  EXPECT_EQ(huge.status, 400);
  HttpResult text =
      post("/v1/declarations", trader_, body("API-CT"), {{"Content-Type", "text/plain"}});
  EXPECT_EQ(text.status, 415);
  EXPECT_EQ(json_field(text.body, "code"), "http.content_type");
  HttpResult too_big = post("/v1/declarations", trader_, std::string(1024 * 1024 + 1, ' '));
  EXPECT_EQ(too_big.status, 413);
}

TEST_F(ApiTest, AuthenticationFailuresAre401) {
  HttpResult missing = get("/v1/declarations", "");
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.header("www-authenticate"), "Bearer");
  EXPECT_EQ(json_field(missing.body, "code"), "auth.missing_token");
  HttpResult wrong = get("/v1/declarations", "oct_" + std::string(64, '0'));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(json_field(wrong.body, "code"), "auth.invalid_token");
  EXPECT_EQ(
      client_.request("GET", "/v1/declarations", "", "", {{"Authorization", "Basic x"}}).status,
      401);
}

TEST_F(ApiTest, UnknownRoutesAndMethods) {
  EXPECT_EQ(get("/v2/nothing", trader_).status, 404);
  EXPECT_EQ(client_.request("DELETE", "/v1/declarations", trader_).status, 405);
  EXPECT_EQ(get("/v1/declarations?colour=red", trader_).status, 400);
}

TEST_F(ApiTest, OfficerWalksARedLaneDeclarationToExit) {
  std::string red = body("API-RED-1");
  red.replace(red.find("\"64000.00\""), 10, "\"0.00\"");
  HttpResult lodged = post("/v1/declarations", trader_, red);
  ASSERT_EQ(lodged.status, 201) << lodged.body;
  std::string id = json_field(lodged.body, "id");
  EXPECT_EQ(json_field(lodged.body, "lane"), "red");
  std::string base = "/v1/declarations/" + id;
  EXPECT_EQ(post(base + "/release", officer_, "").status, 409);  // not from lane_assigned
  HttpResult inspection = post(base + "/inspection", officer_, "");
  EXPECT_EQ(inspection.status, 200) << inspection.body;
  EXPECT_EQ(json_field(inspection.body, "status"), "physical_inspection");
  HttpResult findings =
      post(base + "/findings", officer_, "{\"outcome\":\"discrepancy\",\"note\":\"value low\"}");
  EXPECT_EQ(json_field(findings.body, "status"), "findings_recorded");
  HttpResult bad_payment = post(base + "/payment", officer_, "{}");
  EXPECT_EQ(bad_payment.status, 400);
  EXPECT_EQ(json_field(bad_payment.body, "code"), "lifecycle.bad_payload");
  EXPECT_EQ(
      json_field(post(base + "/payment", officer_, "{\"reference\":\"PAY-1\"}").body, "status"),
      "duties_settled");
  EXPECT_EQ(json_field(post(base + "/release", officer_, "").body, "status"), "released");
  EXPECT_EQ(json_field(post(base + "/exit", officer_, "").body, "status"), "exited");
  HttpResult events = get(base + "/events", trader_);
  EXPECT_EQ(events.status, 200);
  for (std::string type : {"lodged", "accepted", "lane_assigned", "inspection_started",
                           "findings_recorded", "duties_paid", "released", "exit_confirmed"}) {
    EXPECT_NE(events.body.find("\"type\":\"" + type + "\""), std::string::npos) << type;
  }
  HttpResult shown = get(base, auditor_);
  EXPECT_EQ(json_field(shown.body, "status"), "exited");
}

TEST_F(ApiTest, TraderAmendsAndCancels) {
  std::string id = lodge("API-AMEND");
  std::string amended = body("API-AMEND");
  amended.replace(amended.find("64000.00"), 8, "65000.00");
  HttpResult result = post("/v1/declarations/" + id + "/amend", trader_,
                           "{\"reason\":\"invoice corrected\",\"declaration\":" + amended + "}");
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(json_field(result.body, "status"), "lane_assigned");
  HttpResult shown = get("/v1/declarations/" + id, trader_);
  EXPECT_NE(shown.body.find("\"invoice_amount\":\"65000.00\""), std::string::npos) << shown.body;
  // The CLI shows the same view: the declaration as amended.
  testing::ProcessResult cli = testing::run_process(
      {OC_BINARY, "show", "--db", server_->db(), id}, (server_->directory() / "show.err").string());
  EXPECT_EQ(cli.out, shown.body + "\n");
  std::string other_lrn = body("API-AMEND-OTHER");
  HttpResult identity = post("/v1/declarations/" + id + "/amend", trader_,
                             "{\"reason\":\"x\",\"declaration\":" + other_lrn + "}");
  EXPECT_EQ(identity.status, 400);
  EXPECT_EQ(json_field(identity.body, "code"), "amend.identity_changed");
  HttpResult cancelled =
      post("/v1/declarations/" + id + "/cancel", trader_, "{\"reason\":\"order withdrawn\"}");
  EXPECT_EQ(json_field(cancelled.body, "status"), "cancelled");
  EXPECT_EQ(post("/v1/declarations/" + id + "/cancel", trader_, "{\"reason\":\"again\"}").status,
            409);
}

TEST_F(ApiTest, AnotherPartysDeclarationIs404NotForbidden) {
  std::string id = lodge("API-ISOLATION");
  HttpResult other = get("/v1/declarations/" + id, other_trader_);
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(json_field(other.body, "code"), "declaration.not_found");
  EXPECT_EQ(get("/v1/declarations/" + id, other_officer_).status, 404);
  EXPECT_EQ(get("/v1/declarations/" + id, officer_).status, 200);
  // And a trader may not lodge for a party not on the declaration.
  HttpResult foreign = post("/v1/declarations", other_trader_, body("API-FOREIGN"));
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(json_field(foreign.body, "code"), "auth.party_mismatch");
}

TEST_F(ApiTest, ListPagesWithACursorAndFilters) {
  for (int i = 0; i < 5; ++i) lodge("API-LIST-" + std::to_string(i), true);
  HttpResult page = get("/v1/declarations?lane=green&limit=2", trader_);
  ASSERT_EQ(page.status, 200) << page.body;
  std::string cursor = json_field(page.body, "next_cursor");
  ASSERT_EQ(cursor.size(), 17u) << page.body;
  HttpResult next = get("/v1/declarations?lane=green&limit=2&cursor=" + cursor, trader_);
  EXPECT_EQ(next.status, 200);
  EXPECT_LT(json_field(next.body, "id"), cursor);
  EXPECT_EQ(get("/v1/declarations?lane=purple", trader_).status, 400);
  EXPECT_EQ(get("/v1/declarations?from=yesterday", trader_).status, 400);
  HttpResult capped = get("/v1/declarations?limit=100000", auditor_);
  EXPECT_EQ(json_field(capped.body, "limit"), "500");
  HttpResult others = get("/v1/declarations", other_trader_);
  EXPECT_EQ(others.body, "{\"declarations\":[],\"next_cursor\":null,\"limit\":50}");
}

TEST_F(ApiTest, ReferenceLookupAndClearanceTimes) {
  HttpResult hs = get("/v1/reference/hs/8703239000", trader_);
  EXPECT_EQ(hs.status, 200) << hs.body;
  EXPECT_EQ(json_field(hs.body, "hs"), "870323");
  EXPECT_EQ(get("/v1/reference/hs/87", trader_).status, 200);
  EXPECT_EQ(get("/v1/reference/hs/010190", trader_).status, 404);
  EXPECT_EQ(get("/v1/reference/hs/87x", trader_).status, 400);
  std::string id = lodge("API-TIMES", true);
  post("/v1/declarations/" + id + "/payment", officer_, "{\"reference\":\"P-9\"}");
  post("/v1/declarations/" + id + "/release", officer_, "");
  HttpResult times = get("/v1/stats/clearance-times?office=5349", officer_);
  ASSERT_EQ(times.status, 200) << times.body;
  EXPECT_NE(times.body.find("\"lodged_to_release\":{\"count\":"), std::string::npos) << times.body;
  EXPECT_EQ(get("/v1/stats/clearance-times?office=2248", officer_).status, 403);
}

TEST_F(ApiTest, AdminManagesTokensAndRevocationTakesEffect) {
  HttpResult created =
      post("/v1/tokens", admin_, "{\"role\":\"trader\",\"party\":\"P-NEW\",\"label\":\"test\"}");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string secret = json_field(created.body, "token");
  std::string id = json_field(created.body, "id");
  EXPECT_EQ(get("/v1/declarations", secret).status, 200);
  HttpResult listed = get("/v1/tokens", admin_);
  EXPECT_NE(listed.body.find(id), std::string::npos);
  EXPECT_EQ(listed.body.find(secret), std::string::npos);  // never shown again
  EXPECT_EQ(client_.request("DELETE", "/v1/tokens/" + id, admin_).status, 200);
  HttpResult revoked = get("/v1/declarations", secret);
  EXPECT_EQ(revoked.status, 401);
  EXPECT_EQ(json_field(revoked.body, "code"), "auth.revoked_token");
  EXPECT_EQ(post("/v1/tokens", admin_, "{\"role\":\"officer\"}").status, 400);
  EXPECT_EQ(post("/v1/tokens", trader_, "{\"role\":\"admin\"}").status, 403);
}

TEST_F(ApiTest, MetricsCountRequestsByRoute) {
  lodge("API-METRICS");
  EXPECT_EQ(get("/v1/declarations", "").status, 401);
  HttpResult metrics = get("/metrics", "");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.header("content-type"), "text/plain; version=0.0.4");
  EXPECT_NE(metrics.body.find(
                "opencustoms_http_requests_total{route=\"lodge_declaration\",status=\"201\"}"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("opencustoms_http_request_duration_seconds_bucket{route=\"lodge_"
                              "declaration\",le=\"+Inf\"}"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("opencustoms_lodgings_total{outcome=\"accepted\"}"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("opencustoms_errors_total{code=\"auth.missing_token\"}"),
            std::string::npos);
}

TEST_F(ApiTest, AuditLogRecordsChangesAndDenialsAndVerifies) {
  std::string id = lodge("API-AUDIT");
  get("/v1/declarations/" + id, other_trader_);  // denied (404)
  HttpResult log = get("/v1/audit?limit=500", auditor_);
  ASSERT_EQ(log.status, 200) << log.body;
  EXPECT_NE(
      log.body.find("\"action\":\"lodge_declaration\",\"target\":\"" + id + "\",\"status\":201"),
      std::string::npos);
  EXPECT_NE(
      log.body.find("\"action\":\"get_declaration\",\"target\":\"" + id + "\",\"status\":404"),
      std::string::npos);
  EXPECT_EQ(get("/v1/audit", trader_).status, 403);
  testing::ProcessResult verify =
      testing::run_process({OC_BINARY, "audit", "verify", "--db", server_->db()},
                           (server_->directory() / "audit.err").string());
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_TRUE(verify.out.starts_with("intact: ")) << verify.out;
}

TEST_F(ApiTest, ConcurrentRetriesOfOneKeyStoreOneDeclaration) {
  constexpr int clients_count = 8;
  std::vector<std::thread> threads;
  std::vector<int> statuses(clients_count);
  std::vector<std::string> ids(clients_count);
  for (int i = 0; i < clients_count; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client(server_->port());
      HttpResult result = client.request("POST", "/v1/declarations", trader_, body("API-RACE"),
                                         {{"Idempotency-Key", "race-key"}});
      statuses[i] = result.status;
      ids[i] = json_field(result.body, "id");
    });
  }
  for (auto& thread : threads) thread.join();
  std::string the_id;
  for (int i = 0; i < clients_count; ++i) {
    EXPECT_TRUE(statuses[i] == 201 || statuses[i] == 200 || statuses[i] == 409) << statuses[i];
    if (statuses[i] != 409) {
      if (the_id.empty()) the_id = ids[i];
      EXPECT_EQ(ids[i], the_id);
    }
  }
  EXPECT_FALSE(the_id.empty());
}

}  // namespace
}  // namespace oc

namespace oc {
namespace {

TEST(ApiRateLimit, OverTheTokensRateAnswers429WithRetryAfter) {
  auto directory =
      std::filesystem::temp_directory_path() / ("oc-api-rate-" + std::to_string(::getpid()));
  {
    testing::Server server(directory, {"--rate", "0.5", "--burst", "2"});
    std::string token = server.create_token("auditor");
    server.start();
    testing::HttpClient client(server.port());
    EXPECT_EQ(client.request("GET", "/v1/declarations", token).status, 200);
    EXPECT_EQ(client.request("GET", "/v1/declarations", token).status, 200);
    testing::HttpResult limited = client.request("GET", "/v1/declarations", token);
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(limited.header("retry-after"), "2");
    EXPECT_EQ(testing::json_field(limited.body, "code"), "rate.limited");
    EXPECT_EQ(client.request("GET", "/healthz").status, 200);  // health is never limited
  }
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace oc
