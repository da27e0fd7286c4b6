// The PDF payment receipt: a PDF, with the tracking number in its (uncompressed) text,
// byte-identical on every rendering, ASCII only.
#include <gtest/gtest.h>

#include "postal/receipt.h"
#include "postal_test_support.h"

namespace oc {
namespace {

using namespace postal_testing;

PostalItemRecord paid_record(std::vector<PostalContentLine> contents, const char* amount) {
  auto item = decode_postal_item(kItemBody, phone_hasher()).item;
  auto record = lodge_postal_item(item, at());
  SupplementaryDeclaration declaration{
      identity_key(postal_phone_key_domain, "13800138000", kSecret), "idkey", "1101**********002X",
      "Li Lei", std::move(contents)};
  auto declared = declare_postal_item(record, declaration, demo_tariff(), at(10));
  EXPECT_TRUE(declared.ok());
  auto paid = pay_postal_tax(*declared,
                             {declaration.phone_key, *Decimal::parse(amount),
                              PostalPaymentMethod::alipay, "ALI-2026112300042"},
                             at(20));
  EXPECT_TRUE(paid.ok()) << (paid.ok() ? "" : paid.error().message);
  return *paid;
}

PostalItemRecord scarf_and_novel() {
  return paid_record(
      {{"Grüner Schal (wool)", "textiles", Decimal::from_int(1), Decimal::from_int(300), "CNY"},
       {"小说 Novel", "books", Decimal::from_int(2), Decimal::from_int(100), "CNY"}},
      "73.00");
}

bool contains(const std::string& bytes, std::string_view text) {
  return bytes.find(text) != std::string::npos;
}

TEST(PostalReceipt, IsAPdfWithTheTrackingNumber) {
  auto pdf = render_postal_receipt_pdf(scarf_and_novel());
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_TRUE(pdf->starts_with("%PDF-"));
  EXPECT_TRUE(contains(*pdf, "%%EOF"));
  EXPECT_TRUE(contains(*pdf, "EE123456785CN"));
  EXPECT_TRUE(contains(*pdf, "OCP-20261123-EE123456785CN"));
  EXPECT_TRUE(contains(*pdf, "138****8000"));
  EXPECT_TRUE(contains(*pdf, "ALI-2026112300042"));
  EXPECT_TRUE(contains(*pdf, "73.00"));
  EXPECT_TRUE(contains(*pdf, "Helvetica"));
  // libharu writes '(' and ')' in strings as octal escapes.
  EXPECT_TRUE(contains(*pdf, "(Gr?ner Schal \\050wool\\051) Tj"));
  EXPECT_TRUE(contains(*pdf, "?? Novel"));
  EXPECT_FALSE(contains(*pdf, "13800138000"));
  // The creation date is the payment time.
  EXPECT_TRUE(contains(*pdf, "D:20261123102000Z"));
}

TEST(PostalReceipt, ByteIdenticalEveryTime) {
  auto first = render_postal_receipt_pdf(scarf_and_novel());
  auto second = render_postal_receipt_pdf(scarf_and_novel());
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
}

TEST(PostalReceipt, ManyLinesFlowOntoMorePages) {
  std::vector<PostalContentLine> contents(
      postal_contents_max,
      {"Postcard", "books", Decimal::from_int(1), Decimal::from_units(100, 2), "CNY"});
  // A single indivisible item is the exception to the limit, so 99 lines of 1.00 CNY each: 99.00,
  // tax 13% of 1.00 = 0.13 per line, 12.87 waived.
  auto item = decode_postal_item(kItemBody, phone_hasher()).item;
  auto record = lodge_postal_item(item, at());
  auto declared = declare_postal_item(record, {item.recipient.phone_key, "k", "m", "n", contents},
                                      demo_tariff(), at(10));
  ASSERT_TRUE(declared.ok());
  EXPECT_EQ(declared->tax->tax_computed.to_string(), "12.87");
  // Waived: nothing paid, so no receipt.
  auto none = render_postal_receipt_pdf(*declared);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "postal.state_conflict");
  // Make it payable with a 50% line and pay it.
  contents.back() = {"Perfume", "high_end_cosmetics", Decimal::from_int(1), Decimal::from_int(200),
                     "CNY"};
  auto paid = paid_record(contents, "112.74");  // 98 × 0.13 + 100.00
  auto pdf = render_postal_receipt_pdf(paid);
  ASSERT_TRUE(pdf.ok());
  EXPECT_TRUE(contains(*pdf, "/Count 3"));
}

TEST(PostalReceipt, LongDescriptionsAreCutToTheirColumn) {
  auto paid = paid_record({{std::string(postal_description_bytes_max, 'W'), "textiles",
                            Decimal::from_int(1), Decimal::from_int(300), "CNY"}},
                          "60.00");
  auto pdf = render_postal_receipt_pdf(paid);
  ASSERT_TRUE(pdf.ok());
  const auto start = pdf->find("(WWW");
  ASSERT_NE(start, std::string::npos);
  const auto end = pdf->find(") Tj", start);
  // The column is 220 points; Helvetica 'W' is 9.44 points at 10 points and "..." 8.34:
  // 22 × 9.44 + 8.34 = 216.02 fits, 23 would not.
  EXPECT_EQ(pdf->substr(start, end - start), "(" + std::string(22, 'W') + "...");
}

TEST(PostalReceipt, Ascii) {
  EXPECT_EQ(postal_receipt_ascii("Green tea"), "Green tea");
  EXPECT_EQ(postal_receipt_ascii("Grüner Tee"), "Gr?ner Tee");
  EXPECT_EQ(postal_receipt_ascii("绿茶"), "??");
  EXPECT_EQ(postal_receipt_ascii("😀!"), "?!");
  EXPECT_EQ(postal_receipt_ascii("a\x7f"
                                 "b"),
            "a?b");
}

TEST(PostalReceipt, NoReceiptBeforePayment) {
  auto item = decode_postal_item(kItemBody, phone_hasher()).item;
  auto none = render_postal_receipt_pdf(lodge_postal_item(item, at()));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "postal.state_conflict");
}

}  // namespace
}  // namespace oc
