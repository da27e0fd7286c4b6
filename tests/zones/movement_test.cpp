#include "zones/movement.h"

#include <gtest/gtest.h>

namespace oc {
namespace {

std::vector<std::string> codes_and_paths(const Errors& errors) {
  std::vector<std::string> out;
  for (const auto& error : errors) out.push_back(error.code + " " + error.path);
  return out;
}

TEST(Movement, DecodesEveryKindsShape) {
  auto transfer = decode_movement(
      R"({"id":"T-1","kind":"transfer","lines":[{"item":"A","hs_code":"84713000","unit":"NAR","quantity":"2.5"}],"to":{"zone":"Z2","enterprise":"E2"}})");
  ASSERT_TRUE(transfer.errors.empty()) << transfer.errors.front().message;
  EXPECT_EQ(transfer.movement.lines.at(0).quantity_micro, 2'500'000);
  auto deltas = movement_deltas({"Z1", "E1"}, transfer.movement);
  ASSERT_EQ(deltas.size(), 2u);
  EXPECT_EQ(deltas[0].account, (AccountRef{"Z1", "E1"}));
  EXPECT_EQ(deltas[0].delta_micro, -2'500'000);
  EXPECT_EQ(deltas[1].account, (AccountRef{"Z2", "E2"}));
  EXPECT_EQ(deltas[1].delta_micro, 2'500'000);
  EXPECT_EQ(deltas[1].path, "/lines/0");

  auto processing = decode_movement(
      R"({"id":"P","kind":"processing","consume":[{"item":"R","hs_code":"72081000","unit":"KGM","quantity":"10","loss_rate":"0.05"}],"produce":[{"item":"O","hs_code":"87082950","unit":"PCE","quantity":"3"}]})");
  ASSERT_TRUE(processing.errors.empty());
  auto changes = movement_deltas({"Z", "E"}, processing.movement);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].delta_micro, -10'000'000);
  EXPECT_EQ(changes[0].path, "/consume/0");
  EXPECT_EQ(changes[1].delta_micro, 3'000'000);

  auto correction = decode_movement(
      R"({"id":"C","kind":"correction","lines":[{"item":"R","hs_code":"72081000","unit":"KGM","quantity":"-1.25"}],"reason":"stocktake"})");
  ASSERT_TRUE(correction.errors.empty());
  EXPECT_EQ(movement_deltas({"Z", "E"}, correction.movement).at(0).delta_micro, -1'250'000);
}

TEST(Movement, EveryErrorAtOnceWithItsPath) {
  auto decoded = decode_movement(
      R"({"id":"","kind":"re_export","lines":[{"item":"A","hs_code":"8471","unit":"XYZ","quantity":"-1"},{"item":"A","hs_code":"84713000","unit":"NAR","quantity":"1","loss_rate":"0.1"}],"colour":"red","to":{"zone":"Z","enterprise":"E"}})");
  EXPECT_EQ(codes_and_paths(decoded.errors),
            (std::vector<std::string>{
                "movement.id /id",
                "field.unknown /colour",
                "movement.hs_code /lines/0/hs_code",
                "movement.unit /lines/0/unit",
                "movement.quantity /lines/0/quantity",
                "movement.loss_rate /lines/1/loss_rate",
                "movement.not_allowed /to",
            }));
}

TEST(Movement, KindSpecificFieldsAreRequiredOrRefused) {
  EXPECT_EQ(codes_and_paths(decode_movement(R"({"id":"X","kind":"transfer","lines":[{"item":"A","hs_code":"84713000","unit":"NAR","quantity":"1"}]})").errors),
            (std::vector<std::string>{"movement.required /to"}));
  EXPECT_EQ(codes_and_paths(decode_movement(R"({"id":"X","kind":"correction","lines":[{"item":"A","hs_code":"84713000","unit":"NAR","quantity":"1"}]})").errors),
            (std::vector<std::string>{"movement.required /reason"}));
  EXPECT_EQ(codes_and_paths(decode_movement(R"({"id":"X","kind":"second_line_exit","lines":[{"item":"A","hs_code":"84713000","unit":"NAR","quantity":"1"}]})").errors),
            (std::vector<std::string>{"movement.required /declaration"}));
  EXPECT_EQ(codes_and_paths(decode_movement(R"({"id":"X","kind":"processing","lines":[]})").errors),
            (std::vector<std::string>{"movement.not_allowed /lines", "movement.required /consume",
                                      "movement.required /produce"}));
  EXPECT_EQ(codes_and_paths(decode_movement(R"({"id":"X","kind":"first_line_entry","lines":[]})").errors),
            (std::vector<std::string>{"movement.lines_count /lines"}));
  EXPECT_EQ(codes_and_paths(decode_movement("[1]").errors), (std::vector<std::string>{"json.type "}));
  EXPECT_EQ(codes_and_paths(decode_movement("{").errors), (std::vector<std::string>{"json.syntax "}));
}

TEST(Movement, TheCanonicalFormIgnoresSpellingButNotContent) {
  auto a = decode_movement(R"({"id":"M","kind":"first_line_entry","lines":[{"item":"A","hs_code":"84713000","unit":"NAR","quantity":"100"}]})");
  auto b = decode_movement(R"({ "lines" : [ {"quantity":"100.000000","unit":"NAR","item":"A","hs_code":"84713000"} ], "kind":"first_line_entry", "id":"M" })");
  auto c = decode_movement(R"({"id":"M","kind":"first_line_entry","lines":[{"item":"A","hs_code":"84713000","unit":"NAR","quantity":"100.000001"}]})");
  EXPECT_EQ(canonical_movement_json(a.movement), canonical_movement_json(b.movement));
  EXPECT_NE(canonical_movement_json(a.movement), canonical_movement_json(c.movement));
  EXPECT_EQ(canonical_movement_json(a.movement),
            R"({"id":"M","kind":"first_line_entry","lines":[{"item":"A","hs_code":"84713000","unit":"NAR","quantity":"100"}]})");
}

TEST(Movement, QuantitiesFormatWithoutTrailingZeros) {
  EXPECT_EQ(format_quantity(12'500'000), "12.5");
  EXPECT_EQ(format_quantity(3'000'000), "3");
  EXPECT_EQ(format_quantity(-1), "-0.000001");
  EXPECT_EQ(format_quantity(0), "0");
}

}  // namespace
}  // namespace oc
