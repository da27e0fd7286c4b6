#include "postal/record_json.h"

#include <simdjson.h>

#include <array>

#include "core/json_writer.h"

namespace oc {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// Reads a stored JSON text back; the first field that is not as written is kept as the error.
class Reader {
 public:
  std::string text(object from, std::string_view key, const std::string& path) {
    std::string_view value;
    if (from[key].get_string().get(value) != simdjson::SUCCESS) note(path + "/" + std::string(key));
    return std::string(value);
  }
  Decimal number(object from, std::string_view key, const std::string& path) {
    auto parsed = Decimal::parse(text(from, key, path));
    if (!parsed) {
      note(path + "/" + std::string(key));
      return Decimal::from_units(0, 2);
    }
    return *parsed;
  }
  TimePoint time(object from, std::string_view key, const std::string& path) {
    auto parsed = parse_timestamp(text(from, key, path));
    if (!parsed) note(path + "/" + std::string(key));
    return parsed.value_or(TimePoint{});
  }
  std::int64_t integer(object from, std::string_view key, const std::string& path) {
    std::int64_t value = 0;
    if (from[key].get_int64().get(value) != simdjson::SUCCESS) note(path + "/" + std::string(key));
    return value;
  }
  bool boolean(object from, std::string_view key, const std::string& path) {
    bool value = false;
    if (from[key].get_bool().get(value) != simdjson::SUCCESS) note(path + "/" + std::string(key));
    return value;
  }
  object child(object from, std::string_view key, const std::string& path) {
    object value;
    if (from[key].get_object().get(value) != simdjson::SUCCESS) note(path + "/" + std::string(key));
    return value;
  }
  // nullopt when the field is null; an error when it is neither null nor an object.
  std::optional<object> optional_child(object from, std::string_view key, const std::string& path) {
    element value;
    if (from[key].get(value) != simdjson::SUCCESS) {
      note(path + "/" + std::string(key));
      return std::nullopt;
    }
    if (value.is_null()) return std::nullopt;
    object out;
    if (value.get_object().get(out) != simdjson::SUCCESS) {
      note(path + "/" + std::string(key));
      return std::nullopt;
    }
    return out;
  }
  array list(object from, std::string_view key, const std::string& path) {
    array value;
    if (from[key].get_array().get(value) != simdjson::SUCCESS) note(path + "/" + std::string(key));
    return value;
  }
  template <class Enum, std::size_t N>
  Enum choice(object from, std::string_view key, const std::string& path,
              const std::array<Enum, N>& values) {
    const std::string name = text(from, key, path);
    for (Enum value : values) {
      if (to_string(value) == name) return value;
    }
    note(path + "/" + std::string(key));
    return values[0];
  }
  std::vector<PostalContentLine> contents(object from, std::string_view key, const std::string& path) {
    std::vector<PostalContentLine> lines;
    const std::string at = path + "/" + std::string(key);
    std::size_t i = 0;
    for (element value : list(from, key, path)) {
      object line;
      const std::string here = at + "/" + std::to_string(i++);
      if (value.get_object().get(line) != simdjson::SUCCESS) {
        note(here);
        break;
      }
      lines.push_back(PostalContentLine{text(line, "description", here), text(line, "category", here),
                                        number(line, "quantity", here), number(line, "value", here),
                                        text(line, "currency", here)});
    }
    return lines;
  }
  void note(std::string path) {
    if (!problem_) {
      problem_ = make_error("store.corrupt", std::move(path),
                            "a stored postal item is not as it was written");
    }
  }
  bool failed() const { return problem_.has_value(); }
  const Error& problem() const { return *problem_; }

 private:
  std::optional<Error> problem_;
};

constexpr std::array kStatuses = {PostalStatus::awaiting_declaration, PostalStatus::awaiting_payment,
                                  PostalStatus::released, PostalStatus::returned};
constexpr std::array kRefundStatuses = {PostalRefundStatus::pending, PostalRefundStatus::approved,
                                        PostalRefundStatus::rejected};
constexpr std::array kMethods = {PostalPaymentMethod::wechat, PostalPaymentMethod::alipay,
                                 PostalPaymentMethod::unionpay, PostalPaymentMethod::bank_card};
constexpr std::array kReasons = {PostalReturnReason::refused_by_recipient,
                                 PostalReturnReason::unpaid, PostalReturnReason::prohibited,
                                 PostalReturnReason::undeliverable};

Result<object> root_of(simdjson::dom::parser& parser, std::string_view text) {
  object root;
  if (parser.parse(text).get_object().get(root) != simdjson::SUCCESS) {
    return make_error("store.corrupt", "", "a stored postal item is not a JSON object");
  }
  return root;
}

}  // namespace

std::string postal_record_state_json(const PostalItemRecord& record) {
  JsonWriter out;
  out.begin_object()
      .field("lodged_at", format_timestamp(record.lodged_at))
      .field("status", to_string(record.status));
  out.key("declaration");
  if (record.declaration) {
    const SupplementaryDeclaration& d = record.declaration->declaration;
    out.begin_object()
        .field("phone_key", d.phone_key)
        .field("id_number_key", d.id_number_key)
        .field("id_number_masked", d.id_number_masked)
        .field("name", d.name);
    out.key("contents");
    write_postal_contents(out, d.contents);
    out.field("declared_at", format_timestamp(record.declaration->declared_at)).end_object();
  } else {
    out.null();
  }
  out.key("tax");
  if (record.tax) {
    const PostalTax& tax = *record.tax;
    out.begin_object().key("lines").begin_array();
    for (const auto& line : tax.lines) {
      out.begin_object()
          .field("category", line.category)
          .field("rate_percent", line.rate_percent.to_string())
          .field("value_cny", line.value_cny.to_string())
          .field("tax", line.tax.to_string())
          .end_object();
    }
    out.end_array()
        .field("value_cny", tax.value_cny.to_string())
        .field("limit_cny", tax.limit_cny.to_string())
        .field("tax_computed", tax.tax_computed.to_string())
        .field("tax_payable", tax.tax_payable.to_string())
        .key("waived")
        .boolean(tax.waived)
        .field("rate_year", static_cast<std::int64_t>(tax.rate_year))
        .field("rate_month", static_cast<std::int64_t>(tax.rate_month))
        .end_object();
  } else {
    out.null();
  }
  out.key("payment");
  if (record.payment) {
    const PostalPayment& p = record.payment->payment;
    out.begin_object()
        .field("phone_key", p.phone_key)
        .field("amount", p.amount.to_string())
        .field("method", to_string(p.method))
        .field("reference", p.reference)
        .field("paid_at", format_timestamp(record.payment->paid_at))
        .field("receipt_no", record.payment->receipt_no)
        .end_object();
  } else {
    out.null();
  }
  out.key("refunds").begin_array();
  for (const auto& refund : record.refunds) {
    out.begin_object()
        .field("id", refund.request.id)
        .field("phone_key", refund.request.phone_key)
        .field("reason", refund.request.reason)
        .field("amount", refund.request.amount.to_string())
        .field("requested_at", format_timestamp(refund.requested_at))
        .field("status", to_string(refund.status))
        .field("review_reason", refund.review_reason)
        .key("reviewed_at");
    if (refund.reviewed_at) {
      out.string(format_timestamp(*refund.reviewed_at));
    } else {
      out.null();
    }
    out.end_object();
  }
  out.end_array();
  out.key("returned");
  if (record.returned) {
    out.begin_object()
        .field("reason", to_string(record.returned->reason))
        .field("returned_at", format_timestamp(record.returned->returned_at))
        .end_object();
  } else {
    out.null();
  }
  return out.end_object().take();
}

Result<PostalItem> read_postal_item(std::string_view canonical) {
  simdjson::dom::parser parser;
  auto root = root_of(parser, canonical);
  if (!root) return std::move(root).error();
  Reader read;
  PostalItem item;
  item.tracking_no = read.text(*root, "tracking_no", "");
  item.origin = read.text(*root, "origin", "");
  object sender = read.child(*root, "sender", "");
  object recipient = read.child(*root, "recipient", "");
  if (read.failed()) return read.problem();
  item.sender.name = read.text(sender, "name", "/sender");
  item.sender.address = read.text(sender, "address", "/sender");
  std::string_view country;
  if (sender["country"].get_string().get(country) == simdjson::SUCCESS) {
    item.sender.country = std::string(country);
  }
  item.recipient.name = read.text(recipient, "name", "/recipient");
  item.recipient.address = read.text(recipient, "address", "/recipient");
  item.recipient.phone_key = read.text(recipient, "phone_key", "/recipient");
  item.recipient.phone_masked = read.text(recipient, "phone_masked", "/recipient");
  item.contents = read.contents(*root, "contents", "");
  if (read.failed()) return read.problem();
  return item;
}

Result<PostalItemRecord> read_postal_record(std::string_view item_canonical,
                                            std::string_view state_json) {
  auto item = read_postal_item(item_canonical);
  if (!item) return std::move(item).error();
  simdjson::dom::parser parser;
  auto root = root_of(parser, state_json);
  if (!root) return std::move(root).error();
  Reader read;
  PostalItemRecord record;
  record.item = std::move(*item);
  record.lodged_at = read.time(*root, "lodged_at", "");
  record.status = read.choice(*root, "status", "", kStatuses);
  if (auto d = read.optional_child(*root, "declaration", "")) {
    PostalDeclarationRecord declaration;
    declaration.declaration.phone_key = read.text(*d, "phone_key", "/declaration");
    declaration.declaration.id_number_key = read.text(*d, "id_number_key", "/declaration");
    declaration.declaration.id_number_masked = read.text(*d, "id_number_masked", "/declaration");
    declaration.declaration.name = read.text(*d, "name", "/declaration");
    declaration.declaration.contents = read.contents(*d, "contents", "/declaration");
    declaration.declared_at = read.time(*d, "declared_at", "/declaration");
    record.declaration = std::move(declaration);
  }
  if (auto t = read.optional_child(*root, "tax", "")) {
    PostalTax tax;
    std::size_t i = 0;
    for (element value : read.list(*t, "lines", "/tax")) {
      object line;
      const std::string here = "/tax/lines/" + std::to_string(i++);
      if (value.get_object().get(line) != simdjson::SUCCESS) {
        read.note(here);
        break;
      }
      tax.lines.push_back(PostalTaxLine{read.text(line, "category", here),
                                        read.number(line, "rate_percent", here),
                                        read.number(line, "value_cny", here),
                                        read.number(line, "tax", here)});
    }
    tax.value_cny = read.number(*t, "value_cny", "/tax");
    tax.limit_cny = read.number(*t, "limit_cny", "/tax");
    tax.tax_computed = read.number(*t, "tax_computed", "/tax");
    tax.tax_payable = read.number(*t, "tax_payable", "/tax");
    tax.waived = read.boolean(*t, "waived", "/tax");
    tax.rate_year = static_cast<int>(read.integer(*t, "rate_year", "/tax"));
    tax.rate_month = static_cast<int>(read.integer(*t, "rate_month", "/tax"));
    record.tax = std::move(tax);
  }
  if (auto p = read.optional_child(*root, "payment", "")) {
    PostalPaymentRecord payment;
    payment.payment.phone_key = read.text(*p, "phone_key", "/payment");
    payment.payment.amount = read.number(*p, "amount", "/payment");
    payment.payment.method = read.choice(*p, "method", "/payment", kMethods);
    payment.payment.reference = read.text(*p, "reference", "/payment");
    payment.paid_at = read.time(*p, "paid_at", "/payment");
    payment.receipt_no = read.text(*p, "receipt_no", "/payment");
    record.payment = std::move(payment);
  }
  std::size_t i = 0;
  for (element value : read.list(*root, "refunds", "")) {
    object r;
    const std::string here = "/refunds/" + std::to_string(i++);
    if (value.get_object().get(r) != simdjson::SUCCESS) {
      read.note(here);
      break;
    }
    PostalRefundRecord refund;
    refund.request.id = read.text(r, "id", here);
    refund.request.phone_key = read.text(r, "phone_key", here);
    refund.request.reason = read.text(r, "reason", here);
    refund.request.amount = read.number(r, "amount", here);
    refund.requested_at = read.time(r, "requested_at", here);
    refund.status = read.choice(r, "status", here, kRefundStatuses);
    refund.review_reason = read.text(r, "review_reason", here);
    element reviewed;
    if (r["reviewed_at"].get(reviewed) != simdjson::SUCCESS) {
      read.note(here + "/reviewed_at");
    } else if (!reviewed.is_null()) {
      refund.reviewed_at = read.time(r, "reviewed_at", here);
    }
    record.refunds.push_back(std::move(refund));
  }
  if (auto r = read.optional_child(*root, "returned", "")) {
    record.returned = PostalReturnRecord{read.choice(*r, "reason", "/returned", kReasons),
                                         read.time(*r, "returned_at", "/returned")};
  }
  if (read.failed()) return read.problem();
  return record;
}

}  // namespace oc
