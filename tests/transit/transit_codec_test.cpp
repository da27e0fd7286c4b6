// Transit and seal-event codecs beyond the fixtures: what a clean decode yields, the canonical
// encoding's round trip, validation of structs built in code, and the body limits.
#include <gtest/gtest.h>

#include <string>

#include "transit/seal_event.h"
#include "transit/transit.h"
#include "transit_test_support.h"

namespace oc {
namespace {

TEST(TransitDecode, TheBaseTransitDecodesToItsFields) {
  DecodedTransit decoded = decode_transit(testing::base_transit_json());
  ASSERT_TRUE(decoded.errors.empty());
  const Transit& t = decoded.transit;
  EXPECT_EQ(t.id, "TR-1");
  EXPECT_EQ(t.from, "CNSZX");
  EXPECT_EQ(t.to, "QH-ZONE-1");
  EXPECT_EQ(t.seal, "ES-0001");
  EXPECT_EQ(format_timestamp(t.deadline), "2026-11-23T18:00:00Z");
  ASSERT_EQ(t.corridor.points.size(), 3u);
  EXPECT_EQ(t.corridor.points[1], (GeoPoint{22.50, 113.89}));
  EXPECT_EQ(t.corridor.width_m.to_string(), "500");
  ASSERT_EQ(t.goods.size(), 2u);
  EXPECT_EQ(t.goods[1].quantity.to_string(), "12.5");
  EXPECT_EQ(t.destination_account, (DestinationAccount{"QH-ZONE-1", "ENT-0001"}));
}

TEST(TransitDecode, CanonicalEncodingRoundTrips) {
  Transit t = testing::base_transit();
  std::string json = encode_transit(t);
  EXPECT_NE(json.find(R"("points":[[22.48,113.88],[22.5,113.89],[22.52,113.9]])"),
            std::string::npos);
  DecodedTransit again = decode_transit(json);
  ASSERT_TRUE(again.errors.empty());
  EXPECT_EQ(again.transit, t);
  EXPECT_EQ(encode_transit(again.transit), json);
}

TEST(TransitDecode, CoordinatesRoundTripExactly) {
  Transit t = testing::base_transit();
  t.corridor.points = {{22.123456789012345, 113.98765432109876},
                       {22.13, 113.99 + 1e-9},
                       {22.14 + 1.0 / 3 * 1e-3, 113.99}};
  t.to = "ZONE-X";
  t.destination_account.zone = "ZONE-X";
  ASSERT_TRUE(validate_transit(t).empty());
  DecodedTransit again = decode_transit(encode_transit(t));
  ASSERT_TRUE(again.errors.empty()) << again.errors.front().code;
  EXPECT_EQ(again.transit.corridor.points, t.corridor.points);
}

TEST(TransitValidate, AStructBuiltInCodeGetsTheDecodersCodes) {
  Transit t = testing::base_transit();
  EXPECT_TRUE(validate_transit(t).empty());
  t.id = "";
  t.corridor.points = {{95, 0}};
  t.corridor.width_m = Decimal::from_units(1, 4);  // 0.0001 m: four fraction digits
  t.goods[0].quantity = Decimal::from_units(1, 7);
  t.goods[1].unit = "XXX";
  t.destination_account.zone = "OTHER";
  Errors errors = validate_transit(t);
  std::vector<std::string> actual;
  for (const Error& e : errors) actual.push_back(e.code + " " + e.path);
  EXPECT_EQ(actual, (std::vector<std::string>{
                        "transit.id.length /id",
                        "transit.corridor.points.count /corridor/points",
                        "transit.corridor.points.latitude /corridor/points/0/0",
                        "transit.corridor.width_m.decimal /corridor/width_m",
                        "transit.goods.quantity.decimal /goods/0/quantity",
                        "transit.goods.unit.unknown /goods/1/unit",
                        "transit.destination_account.zone.mismatch /destination_account/zone",
                    }));
}

TEST(TransitDecode, BodyLimits) {
  std::string big(transit_body_bytes_max + 1, ' ');
  DecodedTransit decoded = decode_transit(big);
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].code, "body.too_large");
  EXPECT_EQ(decode_transit("").errors.at(0).code, "json.syntax");
  EXPECT_EQ(decode_transit("[[[[[[[[[[1]]]]]]]]]]").errors.at(0).code, "json.depth");
  EXPECT_EQ(decode_transit("{\"id\":\"\xff\"}").errors.at(0).code, "json.utf8");
}

TEST(TransitDecode, TooManyCorridorPoints) {
  auto fields = testing::base_transit_fields();
  std::string points = "[";
  for (std::size_t i = 0; i <= corridor_points_max; ++i) {
    points += (i ? "," : "") + std::string("[22.5,113.9]");
  }
  fields[5].second = "{\"points\":" + points + "],\"width_m\":\"500\"}";
  DecodedTransit decoded = decode_transit(testing::join_transit_fields(fields));
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].code, "transit.corridor.points.count");
  EXPECT_NE(decoded.errors[0].message.find("1001"), std::string::npos);
}

TEST(TransitDecode, TooManyGoodsLines) {
  auto fields = testing::base_transit_fields();
  std::string goods = "[";
  for (std::size_t i = 0; i <= goods_lines_max; ++i) {
    goods += (i ? "," : "") + std::string("{\"item\":\"SKU-") + std::to_string(i) +
             "\",\"hs_code\":\"8471300000\",\"unit\":\"NAR\",\"quantity\":\"1\"}";
  }
  fields[6].second = goods + "]";
  DecodedTransit decoded = decode_transit(testing::join_transit_fields(fields));
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].code, "transit.goods.count");
  EXPECT_EQ(decoded.errors[0].path, "/goods");
}

TEST(TransitDecode, MessagesCutUserTextAtACharacterBoundary) {
  auto fields = testing::base_transit_fields();
  std::string key;
  for (int i = 0; i < 40; ++i) key += "é";  // 80 bytes
  fields.emplace_back(key, "1");
  DecodedTransit decoded = decode_transit(testing::join_transit_fields(fields));
  ASSERT_EQ(decoded.errors.size(), 1u);
  const std::string& message = decoded.errors[0].message;
  // "unknown field '" + 32 × "é" + "…'": never half a character.
  EXPECT_EQ(message, "unknown field '" + key.substr(0, 64) + "…'");
}

TEST(SealEventDecode, APositionDecodesExactly) {
  DecodedSealEvent decoded = decode_seal_event(
      R"({"id":"EV-1","type":"position","at":"2026-11-23T08:05:00.25Z",)"
      R"("lat":"22.49","lon":"113.89"})");
  ASSERT_TRUE(decoded.errors.empty());
  const SealEvent& e = decoded.event;
  EXPECT_EQ(e.id, "EV-1");
  EXPECT_EQ(e.type, SealEventType::position);
  EXPECT_EQ(format_timestamp(e.at), "2026-11-23T08:05:00.250000Z");
  EXPECT_EQ(e.position(), (GeoPoint{22.49, 113.89}));
  EXPECT_EQ(
      encode_seal_event(e),
      R"({"id":"EV-1","type":"position","at":"2026-11-23T08:05:00.250000Z",)"
      R"("lat":"22.49","lon":"113.89"})");
  EXPECT_EQ(decode_seal_event(encode_seal_event(e)).event, e);
}

TEST(SealEventDecode, EveryTypeByName) {
  for (auto type : {SealEventType::sealed, SealEventType::position, SealEventType::opened,
                    SealEventType::tamper, SealEventType::battery_low}) {
    EXPECT_EQ(parse_seal_event_type(to_string(type)), type);
  }
  EXPECT_FALSE(parse_seal_event_type("Sealed").has_value());
}

TEST(SealEventDecode, AFailedDecodeCarriesNoHalfPosition) {
  DecodedSealEvent decoded = decode_seal_event(
      R"({"id":"EV-1","type":"position","at":"2026-11-23T08:05:00Z","lat":"22.49"})");
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_FALSE(decoded.event.lat.has_value());
}

TEST(SealEventDecode, BodyLimit) {
  std::string body = R"({"id":"EV-1","type":"sealed","at":"2026-11-23T08:05:00Z"})";
  body.append(seal_event_body_bytes_max, ' ');
  EXPECT_EQ(decode_seal_event(body).errors.at(0).code, "body.too_large");
}

TEST(SealEventClock, AnEventFromTheFutureBeyondTheSkewIsRefused) {
  SealEvent e = testing::event("EV-1", SealEventType::sealed, "08:05");
  EXPECT_TRUE(check_seal_event_clock(e, testing::at("08:00")).ok());  // 5 min ahead: allowed
  auto refused = check_seal_event_clock(e, testing::at("07:59:59"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "seal_event.at.in_future");
  EXPECT_EQ(refused.error().path, "/at");
}

TEST(SealEventValidate, AStructBuiltInCodeGetsTheDecodersCodes) {
  SealEvent e = testing::event("EV 1", SealEventType::position, "08:05", "91", "");
  Errors errors = validate_seal_event(e);
  std::vector<std::string> actual;
  for (const Error& error : errors) actual.push_back(error.code + " " + error.path);
  EXPECT_EQ(actual,
            (std::vector<std::string>{"seal_event.id.syntax /id", "seal_event.lat.range /lat",
                                      "seal_event.lon.required /lon"}));
}

}  // namespace
}  // namespace oc
