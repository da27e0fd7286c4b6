#include "api/error_mapping.h"

#include <gtest/gtest.h>

namespace oc::api {
namespace {

int status_of(const char* code) {
  return http_status(make_error(code, "", ""));
}

TEST(ErrorMapping, OneFunctionMapsEveryFamily) {
  EXPECT_EQ(status_of("hs_code.unknown"), 400);
  EXPECT_EQ(status_of("json.syntax"), 400);
  EXPECT_EQ(status_of("field.unknown"), 400);
  EXPECT_EQ(status_of("body.too_large"), 413);
  EXPECT_EQ(status_of("http.header_too_large"), 431);
  EXPECT_EQ(status_of("http.content_type"), 415);
  EXPECT_EQ(status_of("auth.missing_token"), 401);
  EXPECT_EQ(status_of("auth.revoked_token"), 401);
  EXPECT_EQ(status_of("auth.forbidden"), 403);
  EXPECT_EQ(status_of("auth.party_mismatch"), 403);
  EXPECT_EQ(status_of("declaration.not_found"), 404);
  EXPECT_EQ(status_of("hs_code.not_found"), 404);
  EXPECT_EQ(status_of("token.not_found"), 404);
  EXPECT_EQ(status_of("lodging.lrn_conflict"), 409);
  EXPECT_EQ(status_of("lifecycle.illegal_transition"), 409);
  EXPECT_EQ(status_of("lifecycle.precondition_failed"), 409);
  EXPECT_EQ(status_of("lifecycle.bad_payload"), 400);
  EXPECT_EQ(status_of("lifecycle.role_not_allowed"), 403);
  EXPECT_EQ(status_of("idempotency.key_reused"), 422);
  EXPECT_EQ(status_of("ecommerce.annual_limit_exceeded"), 422);
  EXPECT_EQ(status_of("postal.parcel_value_exceeded"), 422);
  EXPECT_EQ(status_of("hainan.no_materials"), 422);
  EXPECT_EQ(status_of("form.below_minimum"), 422);
  EXPECT_EQ(status_of("exchange_rate.missing"), 400);
  // A refused body: 422 when its first error is a regime's rule, else 400.
  EXPECT_EQ(rejection_status({make_error("stock.insufficient", "/lines/0", "")}), 422);
  EXPECT_EQ(rejection_status({make_error("hs_code.unknown", "", ""),
                              make_error("ecommerce.annual_limit_exceeded", "", "")}),
            400);
  EXPECT_EQ(rejection_status({make_error("form.below_minimum", "", "")}), 422);
  EXPECT_EQ(status_of("tariff.unit_mismatch"), 400);
  EXPECT_EQ(status_of("idempotency.in_flight"), 409);
  EXPECT_EQ(status_of("rate.limited"), 429);
  EXPECT_EQ(status_of("store.busy"), 503);
  EXPECT_EQ(status_of("store.io"), 500);
  EXPECT_EQ(status_of("internal.error"), 500);
}

}  // namespace
}  // namespace oc::api
