#include "travel/dutyfree.h"

#include <simdjson.h>

#include <charconv>
#include <chrono>
#include <map>
#include <set>

#include "core/codes.h"

namespace oc {
namespace {

std::optional<std::chrono::year_month_day> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = 0;
  unsigned month = 0, day = 0;
  auto read = [&](std::size_t at, std::size_t length, auto& out) {
    auto [end, error] = std::from_chars(text.data() + at, text.data() + at + length, out);
    return error == std::errc() && end == text.data() + at + length;
  };
  if (!read(0, 4, year) || !read(5, 2, month) || !read(8, 2, day)) return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                   std::chrono::day{day}};
  if (!date.ok()) return std::nullopt;
  return date;
}

bool printable(std::string_view text, std::size_t max) {
  if (text.empty() || text.size() > max) return false;
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

const CategoryLimit* limit_of(std::string_view category) {
  for (const auto& limit : dutyfree_category_limits) {
    if (limit.category == category) return &limit;
  }
  return nullptr;
}

constexpr std::string_view kOtherCategories[] = {"jewellery", "watches", "bags", "clothing",
                                                 "electronics", "toys", "food", "spirits_gift"};

}  // namespace

bool is_dutyfree_category(std::string_view category) {
  if (limit_of(category) != nullptr) return true;
  for (auto known : kOtherCategories) {
    if (known == category) return true;
  }
  return false;
}

DecodedDutyFreeSale decode_dutyfree_sale(std::string_view json) {
  DecodedDutyFreeSale decoded;
  Errors& errors = decoded.errors;
  DutyFreeSale& sale = decoded.sale;
  auto add = [&](std::string code, std::string path, std::string message) {
    errors.push_back(make_error(std::move(code), std::move(path), std::move(message)));
  };
  if (json.size() > dutyfree_body_bytes_max) {
    add("body.too_large", "", "a sale body is at most 256 KiB");
    return decoded;
  }
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element root;
  simdjson::dom::object object;
  if (parser.parse(padded).get(root) != simdjson::SUCCESS) {
    add("json.syntax", "", "the body is not well-formed JSON");
    return decoded;
  }
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    add("json.type", "", "the body must be a JSON object");
    return decoded;
  }
  auto text = [&](simdjson::dom::element value, const std::string& path) -> std::optional<std::string> {
    std::string_view out;
    if (value.get_string().get(out) != simdjson::SUCCESS) {
      add("dutyfree.type", path, "must be a string");
      return std::nullopt;
    }
    return std::string(out);
  };
  std::set<std::string> seen;
  simdjson::dom::element traveller, items;
  bool has_traveller = false, has_items = false;
  for (auto [key, value] : object) {
    const std::string path = "/" + std::string(key);
    if (!seen.insert(std::string(key)).second) {
      add("field.duplicate", path, "field appears twice");
      continue;
    }
    if (key == "id") {
      if (auto v = text(value, path); v && printable(*v, 64)) sale.id = *v;
      else if (v) add("dutyfree.id", path, "an id of 1 to 64 printable characters");
    } else if (key == "store") {
      if (auto v = text(value, path); v && printable(*v, 64)) sale.store = *v;
      else if (v) add("dutyfree.store", path, "a store id of 1 to 64 printable characters");
    } else if (key == "traveller") {
      traveller = value;
      has_traveller = true;
    } else if (key == "items") {
      items = value;
      has_items = true;
    } else {
      add("field.unknown", path, "unknown field '" + std::string(key.substr(0, 64)) + "'");
    }
  }
  for (const char* required : {"id", "store", "traveller", "items"}) {
    if (!seen.contains(required)) add("dutyfree.required", std::string("/") + required, std::string(required) + " is required");
  }
  if (has_traveller) {
    simdjson::dom::object t;
    if (traveller.get_object().get(t) != simdjson::SUCCESS) {
      add("dutyfree.type", "/traveller", "traveller must be an object");
    } else {
      bool has_id = false, has_birth = false, has_leaving = false;
      for (auto [key, value] : t) {
        const std::string path = "/traveller/" + std::string(key);
        if (key == "id_number") {
          has_id = true;
          if (auto v = text(value, path); v && printable(*v, 32) && v->size() >= 6) sale.id_number = *v;
          else if (v) add("dutyfree.id_number", path, "an identity number of 6 to 32 characters");
        } else if (key == "birth_date") {
          has_birth = true;
          if (auto v = text(value, path); v && parse_day(*v)) sale.birth_date = *v;
          else if (v) add("dutyfree.birth_date", path, "a date such as 1990-05-17");
        } else if (key == "leaving") {
          has_leaving = true;
          simdjson::dom::object l;
          if (value.get_object().get(l) != simdjson::SUCCESS) {
            add("dutyfree.type", path, "leaving must be an object {by, date}");
            continue;
          }
          for (auto [lkey, lvalue] : l) {
            const std::string lpath = path + "/" + std::string(lkey);
            if (lkey == "by") {
              auto v = text(lvalue, lpath);
              if (v && (*v == "air" || *v == "ship" || *v == "train")) sale.leaving_by = *v;
              else if (v) add("dutyfree.leaving_by", lpath, "air, ship or train");
            } else if (lkey == "date") {
              if (auto v = text(lvalue, lpath); v && parse_day(*v)) sale.leaving_date = *v;
              else if (v) add("dutyfree.leaving_date", lpath, "a date such as 2026-11-25");
            } else {
              add("field.unknown", lpath, "unknown field '" + std::string(lkey.substr(0, 64)) + "'");
            }
          }
          if (sale.leaving_by.empty() || sale.leaving_date.empty()) {
            add("dutyfree.required", path, "leaving needs by and date");
          }
        } else {
          add("field.unknown", path, "unknown field '" + std::string(key.substr(0, 64)) + "'");
        }
      }
      if (!has_id) add("dutyfree.required", "/traveller/id_number", "id_number is required");
      if (!has_birth) add("dutyfree.required", "/traveller/birth_date", "birth_date is required");
      if (!has_leaving) add("dutyfree.required", "/traveller/leaving", "leaving is required");
    }
  }
  sale.total = Decimal::from_units(0, 2);
  if (has_items) {
    simdjson::dom::array array;
    if (items.get_array().get(array) != simdjson::SUCCESS || array.size() == 0 ||
        array.size() > dutyfree_items_max) {
      add("dutyfree.items", "/items", "from 1 to 200 items");
    } else {
      std::set<std::string> codes;
      std::size_t index = 0;
      for (simdjson::dom::element entry : array) {
        const std::string path = "/items/" + std::to_string(index++);
        simdjson::dom::object fields;
        if (entry.get_object().get(fields) != simdjson::SUCCESS) {
          add("dutyfree.type", path, "an item must be an object");
          continue;
        }
        DutyFreeItem item;
        int found = 0;
        for (auto [key, value] : fields) {
          const std::string child = path + "/" + std::string(key);
          auto v = text(value, child);
          if (!v) continue;
          if (key == "code") {
            ++found;
            if (!printable(*v, dutyfree_code_length_max)) add("dutyfree.code", child, "a code of 1 to 64 printable characters");
            else if (!codes.insert(*v).second) add("dutyfree.duplicate_code", child, "code " + *v + " appears twice in the sale");
            else item.code = *v;
          } else if (key == "category") {
            ++found;
            if (!is_dutyfree_category(*v)) add("dutyfree.category", child, "'" + v->substr(0, 32) + "' is not a duty-free category");
            else item.category = *v;
          } else if (key == "quantity") {
            ++found;
            auto q = Decimal::parse(*v, 3);
            if (!q || q->sign() <= 0 || *q > Decimal::from_int(1'000'000)) add("dutyfree.quantity", child, "a positive quantity of at most 1,000,000");
            else item.quantity = *q;
          } else if (key == "unit") {
            ++found;
            if (find_unit(*v) == nullptr) add("dutyfree.unit", child, "a UN/ECE Rec. 20 unit");
            else item.unit = *v;
          } else if (key == "price") {
            ++found;
            auto p = Decimal::parse(*v, 2);
            if (!p || p->sign() <= 0 || *p > Decimal::from_int(10'000'000)) add("dutyfree.price", child, "a positive CNY amount with at most 2 decimals");
            else item.price = *p;
          } else {
            add("field.unknown", child, "unknown field '" + std::string(key.substr(0, 64)) + "'");
          }
        }
        if (found < 5) add("dutyfree.required", path, "code, category, quantity, unit and price are required");
        if (const CategoryLimit* limit = limit_of(item.category); limit && !item.unit.empty() && item.unit != limit->unit) {
          add("dutyfree.unit", path + "/unit", item.category + " is counted in " + std::string(limit->unit));
        }
        if (auto sum = sale.total.add(item.price); sum) sale.total = *sum;
        sale.items.push_back(std::move(item));
      }
    }
  }
  return decoded;
}

Result<AllowanceAfterSale> decide_dutyfree_sale(const DutyFreeSale& sale, std::string_view sale_day,
                                                const Decimal& used_this_year) {
  auto today = parse_day(sale_day);
  auto birth = parse_day(sale.birth_date);
  auto leaving = parse_day(sale.leaving_date);
  if (!today || !birth || !leaving) {
    return make_error("traveller.not_eligible", "/traveller", "dates are not readable");
  }
  // Age in whole years on the sale day.
  int age = static_cast<int>(today->year()) - static_cast<int>(birth->year());
  if (std::chrono::month_day{today->month(), today->day()} <
      std::chrono::month_day{birth->month(), birth->day()}) {
    --age;
  }
  if (age < dutyfree_age_min) {
    return make_error("traveller.not_eligible", "/traveller/birth_date",
                      "offshore duty-free shopping is for travellers aged 16 or more");
  }
  const auto days_until = (std::chrono::sys_days(*leaving) - std::chrono::sys_days(*today)).count();
  if (days_until < 0 || days_until > dutyfree_leaving_days_max) {
    return make_error("traveller.not_eligible", "/traveller/leaving/date",
                      "the traveller must be leaving the island from today to 180 days ahead");
  }
  std::map<std::string, Decimal> per_category;
  for (std::size_t i = 0; i < sale.items.size(); ++i) {
    const DutyFreeItem& item = sale.items[i];
    const CategoryLimit* limit = limit_of(item.category);
    if (limit == nullptr) continue;
    auto sum = per_category[item.category].add(item.quantity);
    if (!sum) return std::move(sum).error();
    per_category[item.category] = *sum;
    if (*sum > Decimal::from_int(limit->per_purchase_max)) {
      return make_error("category_limit.exceeded", "/items/" + std::to_string(i) + "/quantity",
                        item.category + ": at most " + std::to_string(limit->per_purchase_max) +
                            " " + std::string(limit->unit) + " per purchase; this sale has " +
                            sum->to_string());
    }
  }
  auto after = used_this_year.add(sale.total);
  if (!after) return std::move(after).error();
  const Decimal allowance = Decimal::from_units(dutyfree_allowance_cny * 100, 2);
  if (*after > allowance) {
    auto room = allowance.subtract(used_this_year);
    return make_error("allowance.exceeded", "/items",
                      "the sale's " + sale.total.to_string() + " CNY exceeds the traveller's "
                      "remaining allowance of " +
                          (room && room->sign() > 0 ? room->to_string() : std::string("0.00")) +
                          " CNY this year");
  }
  auto remaining = allowance.subtract(*after);
  if (!remaining) return std::move(remaining).error();
  return AllowanceAfterSale{used_this_year, *after, *remaining};
}

}  // namespace oc
