// UK duty expressions: every form of the 2021 file (tests/data/tariff_uk/parse_cases.txt, input ->
// normal form or error code and column), exact syntax trees of representative forms, the limits,
// and uncomputable_reasons.
#include "tariff/uk/uk_duty_expression.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "fixture_blocks.h"

namespace oc::uk {
namespace {

Decimal dec(std::string_view text) {
  Result<Decimal> value = Decimal::parse(text);
  EXPECT_TRUE(value.ok()) << text;
  return value.ok() ? *value : Decimal{};
}

Expression parse_ok(std::string_view text) {
  Result<Expression> parsed = parse_uk_duty_expression(text);
  if (!parsed.ok()) {
    ADD_FAILURE() << "'" << text << "': " << parsed.error().code << " " << parsed.error().message;
    return Expression{};
  }
  return std::move(parsed).value();
}

Error parse_error(std::string_view text, const ErrorPlace& place = {}) {
  Result<Expression> parsed = parse_uk_duty_expression(text, place);
  if (parsed.ok()) {
    ADD_FAILURE() << "'" << text << "' parsed as " << to_string(*parsed);
    return Error{};
  }
  return parsed.error();
}

SpecificDuty specific(std::string_view amount, Currency currency, std::string_view per_quantity,
                      Unit unit, MassBasis basis = MassBasis::net) {
  return SpecificDuty{dec(amount), currency, dec(per_quantity), unit, basis};
}

Term percent(std::string_view value) {
  return AdValorem{dec(value)};
}

TEST(UkDutyExpression, ParseCases) {
  std::vector<testing::FixtureBlock> blocks =
      testing::read_fixture_blocks(testing::kFixtureDir / "parse_cases.txt");
  EXPECT_GE(blocks.size(), 110u);  // a truncated fixture file cannot pass silently
  for (const testing::FixtureBlock& block : blocks) {
    const std::string* input = block.find("input");
    const std::string* normal = block.find("normal");
    const std::string* error = block.find("error");
    SCOPED_TRACE("parse_cases.txt:" + std::to_string(block.line));
    ASSERT_NE(input, nullptr);
    ASSERT_NE(normal == nullptr, error == nullptr) << "a case has either normal: or error:";
    Result<Expression> parsed = parse_uk_duty_expression(*input);
    if (normal != nullptr) {
      ASSERT_TRUE(parsed.ok()) << parsed.error().code << " " << parsed.error().message;
      EXPECT_EQ(to_string(*parsed), *normal);
      // The normal form parses back to the same tree and the same text.
      Result<Expression> again = parse_uk_duty_expression(*normal);
      ASSERT_TRUE(again.ok()) << again.error().message;
      EXPECT_EQ(*again, *parsed);
      EXPECT_EQ(to_string(*again), *normal);
    } else {
      ASSERT_FALSE(parsed.ok()) << "parsed as " << to_string(*parsed);
      EXPECT_EQ(parsed.error().code + " " + parsed.error().path, *error) << parsed.error().message;
    }
  }
}

TEST(UkDutyExpression, AdValoremKeepsTheScaleWritten) {
  Expression expression = parse_ok("0.0%");
  ASSERT_EQ(expression.periods.size(), 1u);
  ASSERT_EQ(expression.periods[0].duty.terms.size(), 1u);
  const auto& ad_valorem = std::get<AdValorem>(expression.periods[0].duty.terms[0]);
  EXPECT_EQ(ad_valorem.percent.units(), 0);
  EXPECT_EQ(ad_valorem.percent.scale(), 1);
}

TEST(UkDutyExpression, CompoundWithCompoundMaximum) {
  Expression expected{{Period{
      .duty = DutySum{{percent("9.10"), specific("45.10", Currency::eur, "100", Unit::kilogram)}},
      .minimum = std::nullopt,
      .maximum =
          DutySum{{percent("18.90"), specific("16.50", Currency::eur, "100", Unit::kilogram)}},
      .ranges = {},
  }}};
  EXPECT_EQ(parse_ok("9.10% + 45.10 EUR / 100 kg MAX 18.90% + 16.50 EUR / 100 kg"), expected);
}

TEST(UkDutyExpression, MinimumAndMaximumAroundASpecificDuty) {
  Expression expected{{Period{
      .duty = DutySum{{specific("0.50", Currency::eur, "1", Unit::item)}},
      .minimum = DutySum{{percent("2.70")}},
      .maximum = DutySum{{percent("4.60")}},
      .ranges = {},
  }}};
  EXPECT_EQ(parse_ok("0.50 EUR / item MIN 2.70% MAX 4.60%"), expected);
}

TEST(UkDutyExpression, BareNumberBeforePlusIsAPercent) {
  Expression expected{{Period{
      .duty = DutySum{{percent("6.4"), specific("24.6", Currency::eur, "100", Unit::kilogram)}},
  }}};
  EXPECT_EQ(parse_ok("6.4 + 24.6 EUR/100 kg"), expected);
}

TEST(UkDutyExpression, SpecificUnitsAndBases) {
  struct Case {
    std::string_view text;
    SpecificDuty expected;
  };
  const std::vector<Case> cases = {
      {"34.00 GBP/100kg", specific("34.00", Currency::gbp, "100", Unit::kilogram)},
      {"114.00 EUR / tonne", specific("114.00", Currency::eur, "1", Unit::tonne)},
      {"52.00 EUR / 1,000 items", specific("52.00", Currency::eur, "1000", Unit::item)},
      {"0.20 GBP/ item", specific("0.20", Currency::gbp, "1", Unit::item)},
      {"32.00 EUR / hl", specific("32.00", Currency::eur, "1", Unit::hectolitre)},
      {"1.75 EUR / % vol / hl", specific("1.75", Currency::eur, "1", Unit::percent_vol_hectolitre)},
      {"5.00 EUR / 100 m", specific("5.00", Currency::eur, "100", Unit::metre)},
      {"2.80 EUR / m2", specific("2.80", Currency::eur, "1", Unit::square_metre)},
      {"1.19 EUR / kg / lactic matter",
       specific("1.19", Currency::eur, "1", Unit::kilogram, MassBasis::lactic_matter)},
      {"0.07 EUR / kg / dry lactic matter",
       specific("0.07", Currency::eur, "1", Unit::kilogram, MassBasis::dry_lactic_matter)},
      {"9.40 EUR / 100 kg / net drained wt",
       specific("9.40", Currency::eur, "100", Unit::kilogram, MassBasis::net_drained_weight)},
      {"7.80 GBP/100kg eda",
       specific("7.80", Currency::gbp, "100", Unit::kilogram, MassBasis::net_drained_weight)},
      {"50.70 EUR / 100 kg / net dry",
       specific("50.70", Currency::eur, "100", Unit::kilogram, MassBasis::net_dry_matter)},
      {"42.00 GBP/100kg mas",
       specific("42.00", Currency::gbp, "100", Unit::kilogram, MassBasis::net_dry_matter)},
      {"0.30 GBP/100kg/net/%sacchar.",
       specific("0.30", Currency::gbp, "100", Unit::kilogram, MassBasis::net_percent_sacchar)},
      {"33.90 EUR / 100 kg / std qual",
       specific("33.90", Currency::eur, "100", Unit::kilogram, MassBasis::standard_quality)},
      {"28.00 GBP/100kg std qual",
       specific("28.00", Currency::gbp, "100", Unit::kilogram, MassBasis::standard_quality)},
      {"1.62 EUR / kg / tot alc",
       specific("1.62", Currency::eur, "1", Unit::kilogram, MassBasis::total_alcohol)},
      {"0.60 EUR / 100 kg / gross",
       specific("0.60", Currency::eur, "100", Unit::kilogram, MassBasis::gross)},
      {"2\xE2\x82\xAC/100kg/br",
       specific("2", Currency::eur, "100", Unit::kilogram, MassBasis::gross)},
      {"1.1\xC2\xA0\xE2\x82\xAC/100\xC2\xA0kg/net",
       specific("1.1", Currency::eur, "100", Unit::kilogram, MassBasis::net)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Expression expression = parse_ok(c.text);
    ASSERT_EQ(expression.periods.size(), 1u);
    ASSERT_EQ(expression.periods[0].duty.terms.size(), 1u);
    EXPECT_EQ(expression.periods[0].duty.terms[0], Term{c.expected});
  }
}

TEST(UkDutyExpression, AgriculturalComponentsInTheSumAndTheMaximum) {
  Expression expected{{Period{
      .duty = DutySum{{percent("9.00"), AgriculturalComponent::ea}},
      .minimum = std::nullopt,
      .maximum = DutySum{{percent("18.70"), AgriculturalComponent::adsz}},
  }}};
  EXPECT_EQ(parse_ok("9.00% +  EA MAX 18.70%  + ADSZ"), expected);
}

TEST(UkDutyExpression, EntryPriceIsATerm) {
  EXPECT_EQ(parse_ok("Entry Price"), (Expression{{Period{.duty = DutySum{{EntryPrice{}}}}}}));
}

TEST(UkDutyExpression, SeasonsAcrossTheYearEnd) {
  Expression expected{{
      Period{.duty = DutySum{{percent("14.00")}}, .ranges = {DateRange{{1, 7}, {31, 1}}}},
      Period{.duty = DutySum{{percent("0.00")}}, .ranges = {DateRange{{1, 2}, {30, 6}}}},
  }};
  EXPECT_EQ(parse_ok("14.00% (01 JUL - 31 JAN), 0.00% (01 FEB - 30 JUN)"), expected);
}

TEST(UkDutyExpression, SeveralRangesAndAMonthTakenFromTheEndDate) {
  Expression expected{{
      Period{.duty = DutySum{{percent("4.00")}},
             .ranges = {DateRange{{1, 1}, {31, 3}}, DateRange{{1, 12}, {31, 12}}}},
      Period{.duty = DutySum{{percent("5.10")}}, .ranges = {DateRange{{1, 6}, {30, 11}}}},
  }};
  EXPECT_EQ(parse_ok("4.00% (01 JAN-31 MAR, 01-31 DEC), 5.10% (01 JUN-30 NOV)"), expected);
}

TEST(UkDutyExpression, ErrorMessageNamesColumnExpectedAndFound) {
  Error error = parse_error("12.00% junk");
  EXPECT_EQ(error, make_error("uk_duty.syntax", "8",
                              "column 8: expected '+', MIN, MAX, '(', ',' or the end, found "
                              "'junk'"));
  EXPECT_EQ(parse_error("5%\xFF").message,
            "column 3: expected '+', MIN, MAX, '(', ',' or the "
            "end, found byte 0xFF");
  EXPECT_EQ(parse_error("5 GBP / 100 lb").message,
            "column 13: expected a unit (kg, tonne, hl, % vol / hl, item, items, m or m2), "
            "found 'lb'");
}

TEST(UkDutyExpression, ErrorPlaceNamesTheFilePosition) {
  Error error = parse_error("5% +", ErrorPlace{"tariff.csv:17:", 40});
  EXPECT_EQ(error.code, "uk_duty.syntax");
  EXPECT_EQ(error.path, "tariff.csv:17:45");
  EXPECT_EQ(error.message.substr(0, 10), "column 45:");
}

TEST(UkDutyExpression, ColumnsCountCharactersNotBytes) {
  // '€' is three bytes, the no-break space two; "net drained" ends at character 22.
  EXPECT_EQ(parse_error("5\xC2\xA0\xE2\x82\xAC / kg / net drained").path, "23");
}

TEST(UkDutyExpression, LengthLimit) {
  std::string longest = "1%" + std::string(expression_bytes_max - 2, ' ');
  EXPECT_EQ(to_string(parse_ok(longest)), "1%");
  Error error = parse_error(longest + " ");
  EXPECT_EQ(error.code, "uk_duty.too_long");
  EXPECT_EQ(error.path, std::to_string(expression_bytes_max + 1));
}

TEST(UkDutyExpression, PeriodAndRangeLimits) {
  // Periods of one day each: 01 JAN, 02 JAN, …
  auto periods = [](std::size_t count) {
    std::string text;
    for (std::size_t i = 1; i <= count; ++i) {
      if (i > 1) text += ", ";
      text += "1% (" + std::to_string(i) + " JAN - " + std::to_string(i) + " JAN)";
    }
    return text;
  };
  EXPECT_EQ(parse_ok(periods(periods_max)).periods.size(), periods_max);
  EXPECT_EQ(parse_error(periods(periods_max + 1)).code, "uk_duty.too_many");

  auto ranges = [](std::size_t count) {
    std::string text = "1% (";
    for (std::size_t i = 1; i <= count; ++i) {
      if (i > 1) text += ", ";
      text += std::to_string(i) + " FEB - " + std::to_string(i) + " FEB";
    }
    return text + ")";
  };
  EXPECT_EQ(parse_ok(ranges(date_ranges_max)).periods[0].ranges.size(), date_ranges_max);
  EXPECT_EQ(parse_error(ranges(date_ranges_max + 1)).code, "uk_duty.too_many");

  std::string terms = "1%";
  for (std::size_t i = 1; i < terms_max; ++i) terms += " + 1%";
  EXPECT_EQ(parse_ok(terms).periods[0].duty.terms.size(), terms_max);
  EXPECT_EQ(parse_error(terms + " + 1%").code, "uk_duty.too_many");
}

// Every input is an expression or an error, and every expression survives its normal form:
// a deterministic sweep over strings built from the grammar's own pieces.
TEST(UkDutyExpression, TotalOnGeneratedInputs) {
  const std::vector<std::string_view> pieces = {"1",
                                                "12.50",
                                                "1,000",
                                                "0",
                                                "%",
                                                " ",
                                                "+",
                                                "MIN",
                                                "MAX",
                                                "GBP",
                                                "EUR",
                                                "\xE2\x82\xAC",
                                                "/",
                                                "100",
                                                "kg",
                                                "hl",
                                                "tonne",
                                                "items",
                                                "item",
                                                "m",
                                                "m2",
                                                "% vol / hl",
                                                "net",
                                                "drained wt",
                                                "dry",
                                                "lactic matter",
                                                "% sacchar.",
                                                "eda",
                                                "mas",
                                                "std qual",
                                                "tot alc",
                                                "br",
                                                "gross",
                                                "EA",
                                                "ADSZ",
                                                "ADFM",
                                                "Entry Price",
                                                "(",
                                                ")",
                                                ",",
                                                "-",
                                                "01 JAN",
                                                "31 DEC",
                                                "15",
                                                "JUNE",
                                                "\xC2\xA0",
                                                ".",
                                                "\xFF",
                                                "9999999999999999999"};
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  std::size_t parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    std::size_t count = 1 + next() % 12;
    for (std::size_t j = 0; j < count; ++j) text += pieces[next() % pieces.size()];
    Result<Expression> expression = parse_uk_duty_expression(text);
    if (!expression.ok()) {
      EXPECT_FALSE(expression.error().code.empty());
      EXPECT_FALSE(expression.error().path.empty()) << text;
      continue;
    }
    ++parsed;
    std::string normal = to_string(*expression);
    Result<Expression> again = parse_uk_duty_expression(normal);
    ASSERT_TRUE(again.ok()) << text << " -> " << normal << ": " << again.error().message;
    EXPECT_EQ(*again, *expression) << text;
    EXPECT_EQ(to_string(*again), normal);
  }
  EXPECT_GT(parsed, 100u);
}

TEST(UkDutyExpression, UncomputableReasons) {
  using Reasons = std::vector<std::string>;
  EXPECT_EQ(uncomputable_reasons(parse_ok("10.00% + 77.00 GBP/100kg")), Reasons{});
  EXPECT_EQ(uncomputable_reasons(parse_ok("9.00% +  EA MAX 18.70%  + ADSZ")),
            (Reasons{"agricultural_component:EA", "agricultural_component:ADSZ"}));
  EXPECT_EQ(uncomputable_reasons(parse_ok("9.00% +  EA MAX 20.70%  + ADFM")),
            (Reasons{"agricultural_component:EA", "agricultural_component:ADFM"}));
  EXPECT_EQ(uncomputable_reasons(parse_ok("EA + EA")), Reasons{"agricultural_component:EA"});
  EXPECT_EQ(uncomputable_reasons(parse_ok("Entry Price")), Reasons{"entry_price"});
  // eda and mas are measurement bases: computable given the measurement.
  EXPECT_EQ(uncomputable_reasons(parse_ok("4.00% + 7.80 GBP/100kg eda")), Reasons{});
  EXPECT_EQ(uncomputable_reasons(parse_ok("42.00 GBP/100kg mas")), Reasons{});
  // Seasons: covering the year, wrapping or not; an undated period fills every gap.
  EXPECT_EQ(uncomputable_reasons(parse_ok("14.00% (01 JUL - 31 JAN), 0.00% (01 FEB - 30 JUN)")),
            Reasons{});
  EXPECT_EQ(uncomputable_reasons(parse_ok("9.60% (01 JAN-15 MAY), 13.40% (16 MAY-30 JUNE)")),
            Reasons{"season_gap"});
  EXPECT_EQ(uncomputable_reasons(parse_ok("1% (01 JAN - 30 JUN), 2%")), Reasons{});
  // 29 February alone missing is a gap; "31 APR" does not fill 1 May.
  EXPECT_EQ(uncomputable_reasons(parse_ok("1% (01 MAR - 28 FEB)")), Reasons{"season_gap"});
  EXPECT_EQ(uncomputable_reasons(parse_ok("1% (01 JAN - 31 APR), 2% (02 MAY - 31 DEC)")),
            Reasons{"season_gap"});
  EXPECT_EQ(uncomputable_reasons(parse_ok("Entry Price (01 JAN - 15 MAY)")),
            (Reasons{"entry_price", "season_gap"}));
}

}  // namespace
}  // namespace oc::uk
