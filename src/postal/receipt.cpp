#include "postal/receipt.h"

#include <hpdf.h>

#include <chrono>
#include <memory>

namespace oc {
namespace {

constexpr HPDF_REAL kPageWidth = 595;  // A4 portrait, points
constexpr HPDF_REAL kPageHeight = 842;
constexpr HPDF_REAL kMargin = 50;
constexpr HPDF_REAL kLine = 15;
constexpr HPDF_REAL kFontSize = 10;

struct DocFree {
  void operator()(HPDF_Doc doc) const { HPDF_Free(doc); }
};
using Document = std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocFree>;

std::string cents(const Decimal& amount) {
  auto rounded = amount.rescale(2, Rounding::half_up);
  return rounded ? rounded->to_string() : amount.to_string();
}

std::string percent(const Decimal& rate) {
  auto whole = rate.rescale(0, Rounding::down);
  if (whole && *whole == rate) return whole->to_string() + "%";
  return rate.to_string() + "%";
}

class Writer {
 public:
  explicit Writer(HPDF_Doc doc)
      : doc_(doc),
        regular_(HPDF_GetFont(doc, "Helvetica", nullptr)),
        bold_(HPDF_GetFont(doc, "Helvetica-Bold", nullptr)) {}

  void new_page() {
    page_ = HPDF_AddPage(doc_);
    HPDF_Page_SetWidth(page_, kPageWidth);
    HPDF_Page_SetHeight(page_, kPageHeight);
    y_ = kPageHeight - kMargin;
  }
  // Starts a new page when fewer than `lines` lines fit; true when it did.
  bool room_for(int lines) {
    if (page_ != nullptr && y_ - kLine * static_cast<HPDF_REAL>(lines) >= kMargin) return false;
    new_page();
    return true;
  }
  void text(HPDF_REAL x, const std::string& text, bool bold = false, HPDF_REAL size = kFontSize) {
    HPDF_Page_BeginText(page_);
    HPDF_Page_SetFontAndSize(page_, bold ? bold_ : regular_, size);
    HPDF_Page_TextOut(page_, x, y_, text.c_str());
    HPDF_Page_EndText(page_);
  }
  // Right-aligned so that the text ends at `right`.
  void text_right(HPDF_REAL right, const std::string& text, bool bold = false) {
    HPDF_Page_SetFontAndSize(page_, bold ? bold_ : regular_, kFontSize);
    const HPDF_REAL width = HPDF_Page_TextWidth(page_, text.c_str());
    this->text(right - width, text, bold);
  }
  // `text` cut to fit `width` points in the regular font, "..." marking the cut.
  std::string fit(std::string text, HPDF_REAL width) {
    HPDF_Page_SetFontAndSize(page_, regular_, kFontSize);
    if (HPDF_Page_TextWidth(page_, text.c_str()) <= width) return text;
    while (!text.empty() && HPDF_Page_TextWidth(page_, (text + "...").c_str()) > width)
      text.pop_back();
    return text + "...";
  }
  void pair(const std::string& label, const std::string& value) {
    room_for(1);
    text(kMargin, label, true);
    text(kMargin + 130, value);
    next();
  }
  void next(HPDF_REAL lines = 1) { y_ -= kLine * lines; }

 private:
  HPDF_Doc doc_;
  HPDF_Font regular_;
  HPDF_Font bold_;
  HPDF_Page page_ = nullptr;
  HPDF_REAL y_ = 0;
};

HPDF_Date pdf_date(TimePoint at) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(at);
  const auto day = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time{seconds - day};
  HPDF_Date out{};
  out.year = static_cast<int>(date.year());
  out.month = static_cast<int>(static_cast<unsigned>(date.month()));
  out.day = static_cast<int>(static_cast<unsigned>(date.day()));
  out.hour = static_cast<int>(time.hours().count());
  out.minutes = static_cast<int>(time.minutes().count());
  out.seconds = static_cast<int>(time.seconds().count());
  out.ind = 'Z';
  return out;
}

}  // namespace

std::string postal_receipt_ascii(std::string_view description) {
  std::string out;
  out.reserve(description.size());
  for (std::size_t i = 0; i < description.size(); ++i) {
    auto c = static_cast<unsigned char>(description[i]);
    if (c >= 0x20 && c <= 0x7e) {
      out.push_back(static_cast<char>(c));
    } else if ((c & 0xC0) != 0x80) {  // the lead byte of a character (or a stray byte): one '?'
      out.push_back('?');
    }
  }
  return out;
}

Result<std::string> render_postal_receipt_pdf(const PostalItemRecord& record) {
  if (!record.payment || !record.tax) {
    return make_error("postal.state_conflict", "",
                      "item " + record.item.tracking_no + " is " +
                          std::string(to_string(record.status)) + ": it has no payment to receipt");
  }
  const PostalPaymentRecord& payment = *record.payment;
  const PostalTax& tax = *record.tax;
  const auto& contents =
      record.declaration ? record.declaration->declaration.contents : record.item.contents;
  Document doc(HPDF_New(nullptr, nullptr));
  if (!doc) return make_error("postal.receipt_failed", "", "libharu could not create a document");
  HPDF_SetCompressionMode(doc.get(), HPDF_COMP_NONE);
  HPDF_Date created = pdf_date(payment.paid_at);
  HPDF_SetInfoDateAttr(doc.get(), HPDF_INFO_CREATION_DATE, created);
  HPDF_SetInfoDateAttr(doc.get(), HPDF_INFO_MOD_DATE, created);
  HPDF_SetInfoAttr(doc.get(), HPDF_INFO_CREATOR, "OpenCustoms");
  const std::string title = "Postal tax receipt " + payment.receipt_no;
  HPDF_SetInfoAttr(doc.get(), HPDF_INFO_TITLE, title.c_str());

  Writer out(doc.get());
  out.new_page();
  out.text(kMargin, "OpenCustoms - postal tax receipt", true, 16);
  out.next(2);
  out.pair("Receipt no", payment.receipt_no);
  out.pair("Tracking no", record.item.tracking_no);
  out.pair("Origin", record.item.origin);
  out.pair("Recipient phone", record.item.recipient.phone_masked);
  if (record.declaration)
    out.pair("Declared at", format_timestamp(record.declaration->declared_at));
  out.next();

  constexpr HPDF_REAL kCategory = kMargin + 250, kRate = kMargin + 370, kValueEnd = kMargin + 440,
                      kTaxEnd = kPageWidth - kMargin;
  auto table_header = [&] {
    out.text(kMargin, "#", true);
    out.text(kMargin + 20, "Description", true);
    out.text(kCategory, "Category", true);
    out.text(kRate, "Rate", true);
    out.text_right(kValueEnd, "Value CNY", true);
    out.text_right(kTaxEnd, "Tax CNY", true);
    out.next();
  };
  out.room_for(3);
  table_header();
  for (std::size_t i = 0; i < tax.lines.size(); ++i) {
    if (out.room_for(1)) table_header();
    const PostalTaxLine& line = tax.lines[i];
    const std::string description =
        i < contents.size() ? postal_receipt_ascii(contents[i].description) : "";
    out.text(kMargin, std::to_string(i + 1));
    out.text(kMargin + 20, out.fit(description, kCategory - kMargin - 30));
    out.text(kCategory, out.fit(line.category, kRate - kCategory - 10));
    out.text(kRate, percent(line.rate_percent));
    out.text_right(kValueEnd, cents(line.value_cny));
    out.text_right(kTaxEnd, cents(line.tax));
    out.next();
  }
  out.next();
  out.pair("Parcel value", cents(tax.value_cny) + " CNY (limit " + cents(tax.limit_cny) + " CNY)");
  out.pair("Tax computed", cents(tax.tax_computed) + " CNY");
  out.pair("Tax payable", cents(tax.tax_payable) + " CNY" + (tax.waived ? " (waived)" : ""));
  out.next();
  out.pair("Amount paid", cents(payment.payment.amount) + " CNY");
  out.pair("Method", std::string(to_string(payment.payment.method)));
  out.pair("Reference", payment.payment.reference);
  out.pair("Paid at", format_timestamp(payment.paid_at));

  if (HPDF_GetError(doc.get()) != HPDF_OK || HPDF_SaveToStream(doc.get()) != HPDF_OK) {
    return make_error("postal.receipt_failed", "",
                      "libharu error " + std::to_string(HPDF_GetError(doc.get())));
  }
  std::string bytes(HPDF_GetStreamSize(doc.get()), '\0');
  HPDF_UINT32 size = static_cast<HPDF_UINT32>(bytes.size());
  if (HPDF_ReadFromStream(doc.get(), reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size) !=
          HPDF_OK &&
      size != bytes.size()) {
    return make_error("postal.receipt_failed", "", "libharu could not hand over the document");
  }
  bytes.resize(size);
  return bytes;
}

}  // namespace oc
