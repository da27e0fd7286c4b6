// Timestamp formatting and parsing in UTC, ISO 8601.
#include "core/clock.h"

#include <cstdio>

namespace oc {
namespace {

using namespace std::chrono;

bool parse_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  out = value;
  return true;
}

}  // namespace

std::string format_timestamp(TimePoint at) {
  auto day = floor<days>(at);
  year_month_day ymd{day};
  hh_mm_ss<microseconds> hms{at - day};
  char buffer[48];
  long long micros = hms.subseconds().count();
  if (micros == 0) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02lld:%02lld:%02lldZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), (long long)hms.hours().count(),
                  (long long)hms.minutes().count(), (long long)hms.seconds().count());
  } else {
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ",
                  int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()),
                  (long long)hms.hours().count(), (long long)hms.minutes().count(),
                  (long long)hms.seconds().count(), micros);
  }
  return buffer;
}

std::string format_date(TimePoint at) {
  year_month_day ymd{floor<days>(at)};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return buffer;
}

std::string format_date_compact(TimePoint at) {
  year_month_day ymd{floor<days>(at)};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d%02u%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return buffer;
}

std::optional<TimePoint> parse_timestamp(std::string_view text) {
  int y = 0, mo = 0, d = 0;
  if (text.size() < 10 || !parse_digits(text, 0, 4, y) || text[4] != '-' ||
      !parse_digits(text, 5, 2, mo) || text[7] != '-' || !parse_digits(text, 8, 2, d)) {
    return std::nullopt;
  }
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  TimePoint result = time_point_cast<microseconds>(sys_days{ymd});
  if (text.size() == 10) return result;
  int h = 0, mi = 0, s = 0;
  if (text.size() < 20 || text[10] != 'T' || !parse_digits(text, 11, 2, h) || text[13] != ':' ||
      !parse_digits(text, 14, 2, mi) || text[16] != ':' || !parse_digits(text, 17, 2, s) ||
      h > 23 || mi > 59 || s > 59) {
    return std::nullopt;
  }
  result += hours{h} + minutes{mi} + seconds{s};
  std::size_t pos = 19;
  if (text[pos] == '.') {
    ++pos;
    long long micros = 0;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits == 6) return std::nullopt;
      micros = micros * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 6; ++i) micros *= 10;
    result += microseconds{micros};
  }
  if (pos + 1 != text.size() || text[pos] != 'Z') return std::nullopt;
  return result;
}

}  // namespace oc
