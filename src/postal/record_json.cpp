#include "postal/record_json.h"

#include <simdjson.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>

#include "core/json_writer.h"

namespace oc {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::string_view kCorrupt = "a stored postal item is not as it was written";

std::string at(const std::string& path, std::string_view key) {
  return path + "/" + std::string(key);
}

// Reads a stored JSON text back; the first field that is not as written is kept as the error,
// and every read after it returns a harmless default (never touching a missing value).
class Reader {
 public:
  // Every member of `from` is one of `names`, each once: an unknown or repeated member was not
  // written by postal_record_state_json / canonical_postal_item_json. A repeated member is reported
  // at its own path; an unknown one at its object's: a stored text could hold anything as a name
  // (a key, say), and an error never repeats it.
  void only(object from, const std::string& path, std::initializer_list<std::string_view> names) {
    std::uint64_t seen = 0;
    for (simdjson::dom::key_value_pair member : from) {
      const std::string_view key = member.key;
      std::size_t index = 0;
      for (std::string_view name : names) {
        if (name == key) break;
        ++index;
      }
      if (index == names.size()) {
        note(path);
        return;
      }
      if ((seen & (std::uint64_t{1} << index)) != 0) {
        note(at(path, key));
        return;
      }
      seen |= std::uint64_t{1} << index;
    }
  }
  std::string text(object from, std::string_view key, const std::string& path) {
    std::string_view value;
    if (from[key].get_string().get(value) != simdjson::SUCCESS) {
      note(at(path, key));
      return "";
    }
    return std::string(value);
  }
  // The text exactly as Decimal::to_string wrote it: parse keeps the scale written.
  Decimal number(object from, std::string_view key, const std::string& path) {
    std::string_view value;
    if (from[key].get_string().get(value) != simdjson::SUCCESS) {
      note(at(path, key));
      return Decimal{};
    }
    auto parsed = Decimal::parse(value);
    if (!parsed) {
      note(at(path, key));
      return Decimal{};
    }
    return *parsed;
  }
  TimePoint time(object from, std::string_view key, const std::string& path) {
    std::string_view value;
    std::optional<TimePoint> parsed;
    if (from[key].get_string().get(value) == simdjson::SUCCESS) parsed = parse_timestamp(value);
    if (!parsed) {
      note(at(path, key));
      return TimePoint{};
    }
    return *parsed;
  }
  // nullopt for null; an error when neither null nor a timestamp.
  std::optional<TimePoint> optional_time(object from, std::string_view key,
                                         const std::string& path) {
    element value;
    if (from[key].get(value) != simdjson::SUCCESS) {
      note(at(path, key));
      return std::nullopt;
    }
    if (value.is_null()) return std::nullopt;
    return time(from, key, path);
  }
  int integer(object from, std::string_view key, const std::string& path) {
    std::int64_t value = 0;
    if (from[key].get_int64().get(value) != simdjson::SUCCESS ||
        value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
      note(at(path, key));
      return 0;
    }
    return static_cast<int>(value);
  }
  bool boolean(object from, std::string_view key, const std::string& path) {
    bool value = false;
    if (from[key].get_bool().get(value) != simdjson::SUCCESS) {
      note(at(path, key));
      return false;
    }
    return value;
  }
  std::optional<object> child(object from, std::string_view key, const std::string& path) {
    object value;
    if (from[key].get_object().get(value) != simdjson::SUCCESS) {
      note(at(path, key));
      return std::nullopt;
    }
    return value;
  }
  // nullopt when the field is null; an error when it is neither null nor an object.
  std::optional<object> optional_child(object from, std::string_view key, const std::string& path) {
    element value;
    if (from[key].get(value) != simdjson::SUCCESS) {
      note(at(path, key));
      return std::nullopt;
    }
    if (value.is_null()) return std::nullopt;
    return child(from, key, path);
  }
  // Calls read(object, path) for each element, each of which must be an object. A default
  // simdjson array must never be iterated (it has no document), hence the optional.
  template <class Read>
  void objects(object from, std::string_view key, const std::string& path, Read&& read) {
    array values;
    if (from[key].get_array().get(values) != simdjson::SUCCESS) {
      note(at(path, key));
      return;
    }
    std::size_t i = 0;
    for (element value : values) {
      const std::string here = at(at(path, key), std::to_string(i++));
      object member;
      if (value.get_object().get(member) != simdjson::SUCCESS) {
        note(here);
        return;
      }
      read(member, here);
      if (failed()) return;
    }
  }
  template <class Enum, std::size_t N>
  Enum choice(object from, std::string_view key, const std::string& path,
              const std::array<Enum, N>& values) {
    std::string_view name;
    if (from[key].get_string().get(name) == simdjson::SUCCESS) {
      for (Enum value : values) {
        if (to_string(value) == name) return value;
      }
    }
    note(at(path, key));
    return values[0];
  }
  std::vector<PostalContentLine> contents(object from, std::string_view key,
                                          const std::string& path) {
    std::vector<PostalContentLine> lines;
    objects(from, key, path, [&](object line, const std::string& here) {
      only(line, here, {"description", "category", "quantity", "value", "currency"});
      PostalContentLine read;
      read.description = text(line, "description", here);
      read.category = text(line, "category", here);
      read.quantity = number(line, "quantity", here);
      read.value = number(line, "value", here);
      read.currency = text(line, "currency", here);
      lines.push_back(std::move(read));
    });
    return lines;
  }
  void note(std::string path) {
    if (!problem_) problem_ = make_error("store.corrupt", std::move(path), std::string(kCorrupt));
  }
  bool failed() const { return problem_.has_value(); }
  const Error& problem() const { return *problem_; }

 private:
  std::optional<Error> problem_;
};

constexpr std::array kStatuses = {PostalStatus::awaiting_declaration,
                                  PostalStatus::awaiting_payment, PostalStatus::released,
                                  PostalStatus::returned};
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

void write_time_or_null(JsonWriter& out, const std::optional<TimePoint>& time) {
  if (time) {
    out.string(format_timestamp(*time));
  } else {
    out.null();
  }
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
    write_time_or_null(out, refund.reviewed_at);
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
  read.only(*root, "", {"tracking_no", "origin", "sender", "recipient", "contents"});
  item.tracking_no = read.text(*root, "tracking_no", "");
  item.origin = read.text(*root, "origin", "");
  if (auto sender = read.child(*root, "sender", "")) {
    read.only(*sender, "/sender", {"name", "address", "country"});
    item.sender.name = read.text(*sender, "name", "/sender");
    item.sender.address = read.text(*sender, "address", "/sender");
    // Written only when given; when written, never empty.
    element country;
    if ((*sender)["country"].get(country) == simdjson::SUCCESS) {
      item.sender.country = read.text(*sender, "country", "/sender");
      if (item.sender.country.empty()) read.note("/sender/country");
    }
  }
  if (auto recipient = read.child(*root, "recipient", "")) {
    read.only(*recipient, "/recipient", {"name", "address", "phone_key", "phone_masked"});
    item.recipient.name = read.text(*recipient, "name", "/recipient");
    item.recipient.address = read.text(*recipient, "address", "/recipient");
    item.recipient.phone_key = read.text(*recipient, "phone_key", "/recipient");
    item.recipient.phone_masked = read.text(*recipient, "phone_masked", "/recipient");
  }
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
  read.only(*root, "",
            {"lodged_at", "status", "declaration", "tax", "payment", "refunds", "returned"});
  record.lodged_at = read.time(*root, "lodged_at", "");
  record.status = read.choice(*root, "status", "", kStatuses);
  if (auto d = read.optional_child(*root, "declaration", "")) {
    const std::string here = "/declaration";
    read.only(
        *d, here,
        {"phone_key", "id_number_key", "id_number_masked", "name", "contents", "declared_at"});
    PostalDeclarationRecord declaration;
    declaration.declaration.phone_key = read.text(*d, "phone_key", here);
    declaration.declaration.id_number_key = read.text(*d, "id_number_key", here);
    declaration.declaration.id_number_masked = read.text(*d, "id_number_masked", here);
    declaration.declaration.name = read.text(*d, "name", here);
    declaration.declaration.contents = read.contents(*d, "contents", here);
    declaration.declared_at = read.time(*d, "declared_at", here);
    record.declaration = std::move(declaration);
  }
  if (auto t = read.optional_child(*root, "tax", "")) {
    const std::string here = "/tax";
    read.only(*t, here,
              {"lines", "value_cny", "limit_cny", "tax_computed", "tax_payable", "waived",
               "rate_year", "rate_month"});
    PostalTax tax;
    read.objects(*t, "lines", here, [&](object line, const std::string& path) {
      read.only(line, path, {"category", "rate_percent", "value_cny", "tax"});
      PostalTaxLine read_line;
      read_line.category = read.text(line, "category", path);
      read_line.rate_percent = read.number(line, "rate_percent", path);
      read_line.value_cny = read.number(line, "value_cny", path);
      read_line.tax = read.number(line, "tax", path);
      tax.lines.push_back(std::move(read_line));
    });
    tax.value_cny = read.number(*t, "value_cny", here);
    tax.limit_cny = read.number(*t, "limit_cny", here);
    tax.tax_computed = read.number(*t, "tax_computed", here);
    tax.tax_payable = read.number(*t, "tax_payable", here);
    tax.waived = read.boolean(*t, "waived", here);
    tax.rate_year = read.integer(*t, "rate_year", here);
    tax.rate_month = read.integer(*t, "rate_month", here);
    record.tax = std::move(tax);
  }
  if (auto p = read.optional_child(*root, "payment", "")) {
    const std::string here = "/payment";
    read.only(*p, here, {"phone_key", "amount", "method", "reference", "paid_at", "receipt_no"});
    PostalPaymentRecord payment;
    payment.payment.phone_key = read.text(*p, "phone_key", here);
    payment.payment.amount = read.number(*p, "amount", here);
    payment.payment.method = read.choice(*p, "method", here, kMethods);
    payment.payment.reference = read.text(*p, "reference", here);
    payment.paid_at = read.time(*p, "paid_at", here);
    payment.receipt_no = read.text(*p, "receipt_no", here);
    record.payment = std::move(payment);
  }
  read.objects(*root, "refunds", "", [&](object r, const std::string& here) {
    read.only(r, here,
              {"id", "phone_key", "reason", "amount", "requested_at", "status", "review_reason",
               "reviewed_at"});
    PostalRefundRecord refund;
    refund.request.id = read.text(r, "id", here);
    refund.request.phone_key = read.text(r, "phone_key", here);
    refund.request.reason = read.text(r, "reason", here);
    refund.request.amount = read.number(r, "amount", here);
    refund.requested_at = read.time(r, "requested_at", here);
    refund.status = read.choice(r, "status", here, kRefundStatuses);
    refund.review_reason = read.text(r, "review_reason", here);
    refund.reviewed_at = read.optional_time(r, "reviewed_at", here);
    record.refunds.push_back(std::move(refund));
  });
  if (auto r = read.optional_child(*root, "returned", "")) {
    read.only(*r, "/returned", {"reason", "returned_at"});
    PostalReturnRecord returned;
    returned.reason = read.choice(*r, "reason", "/returned", kReasons);
    returned.returned_at = read.time(*r, "returned_at", "/returned");
    record.returned = returned;
  }
  if (read.failed()) return read.problem();
  return record;
}

}  // namespace oc
