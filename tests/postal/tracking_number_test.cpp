// UPU S10 identifiers: check digits by the rule, published examples, and what is refused.
#include <gtest/gtest.h>

#include "postal/tracking_number.h"

namespace oc {
namespace {

TEST(S10, CheckDigitByTheRule) {
  // 1·8 + 2·6 + 3·4 + 4·2 + 5·3 + 6·5 + 7·9 + 8·7 = 204; 204 mod 11 = 6; 11 − 6 = 5.
  EXPECT_EQ(s10_check_digit("12345678"), 5);
  // 4·8 + 7·6 + 3·4 + 1·2 + 2·3 + 4·5 + 8·9 + 2·7 = 200; 200 mod 11 = 2; 11 − 2 = 9.
  EXPECT_EQ(s10_check_digit("47312482"), 9);
  // Σ = 0: 11 − 0 = 11, written 5.
  EXPECT_EQ(s10_check_digit("00000000"), 5);
  // Σ = 2·6 = 12 ≡ 1: 11 − 1 = 10, written 0.
  EXPECT_EQ(s10_check_digit("02000000"), 0);
  EXPECT_EQ(s10_check_digit("1234567"), std::nullopt);
  EXPECT_EQ(s10_check_digit("1234567A"), std::nullopt);
}

TEST(S10, PublishedExamples) {
  // The example of UPU standard S10 (and of its Wikipedia article).
  EXPECT_TRUE(is_s10_tracking_number("RR473124829GB"));
  EXPECT_TRUE(is_s10_tracking_number("EE123456785CN"));
  EXPECT_TRUE(is_s10_tracking_number("AA000000005CN"));
  EXPECT_TRUE(is_s10_tracking_number("AA020000000CN"));
}

TEST(S10, TheRegimesExampleHasAWrongCheckDigit) {
  // regimes-v1 shows "EE123456789CN": its check digit should be 5. It has the layout, so it is
  // taken (and shown as not valid).
  EXPECT_FALSE(is_s10_tracking_number("EE123456789CN"));
  EXPECT_TRUE(has_s10_layout("EE123456789CN"));
  EXPECT_EQ(parse_tracking_number("ee123456789cn"), "EE123456789CN");
}

TEST(S10, Refused) {
  for (const char* bad : {"", "RR473124828GB", "RR47312482GB", "RR4731248299GB", "R1473124829GB",
                          "RR473124829G1", "rr473124829gb", "RR47312482XGB", "RR 73124829GB"}) {
    EXPECT_FALSE(is_s10_tracking_number(bad)) << bad;
  }
}

TEST(S10, ParseUpperCases) {
  EXPECT_EQ(parse_tracking_number("rr473124829gb"), "RR473124829GB");
  EXPECT_EQ(parse_tracking_number("RR473124829GB"), "RR473124829GB");
  EXPECT_EQ(parse_tracking_number("rr473124828gb"), "RR473124828GB");  // wrong check digit: taken
  EXPECT_EQ(parse_tracking_number("rr47312482xgb"), std::nullopt);
  EXPECT_EQ(parse_tracking_number("RR47312482GB"), std::nullopt);
  EXPECT_EQ(parse_tracking_number("ÄR473124829GB"), std::nullopt);
}

}  // namespace
}  // namespace oc
