// loadgen: a closed-loop HTTP/1.1 load generator for the OpenCustoms API, loopback only.
//
// Each of --connections keep-alive connections has exactly one request in flight: it sends, waits
// for the whole response, records the latency and sends the next. In `lodge` mode every request
// is POST /v1/declarations with a realistic declaration (1..20 items from a table of codes valid
// in data/reference and src/core/codes.cpp), a unique lrn and an Idempotency-Key; in `healthz`
// mode it is GET /healthz, the same server's cheapest answer.
//
// The declaration bodies are generated before the clock starts: --bodies distinct templates, each
// with a fixed-width lrn. Sending a lodging copies a template and stamps a run-wide counter into
// the lrn and the Idempotency-Key (ten digits each), so the timed loop does no JSON work.
//
// Phases: connect all -> warm-up (responses not counted) -> timed window (counted) -> drain
// (no new requests; those in flight finish or time out). Throughput counts responses with the
// expected status (201 for lodging, 200 for healthz) that complete inside the timed window;
// latencies are those responses' send-to-last-byte times in a log-linear histogram (<= 1.6%
// relative error). Anything else (other statuses, I/O errors, timeouts) is counted and reported.
//
// Threads: --threads workers, each with its own epoll and a share of the connections; the main
// thread only samples CPU counters at the window's edges. The server's CPU time is read from
// /proc/PID/stat when --server-pid is given.
//
// The workplace allows traffic to loopback only, so --host must be 127.0.0.0/8, ::1 or
// `localhost`; nothing is resolved through DNS.
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cctype>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::microseconds;

// Limits on the options, so that every run is bounded in time and memory.
constexpr int duration_seconds_max = 300;
constexpr int warmup_seconds_max = 60;
constexpr int connections_max = 4096;
constexpr int threads_max = 16;
constexpr int bodies_max = 100'000;
constexpr int items_limit = 999;                   // items_max of the declaration contract
constexpr std::size_t lrn_prefix_length_max = 24;  // + "-" + 10 digits = 35, the lrn limit
constexpr std::size_t lrn_digits = 10;
constexpr std::size_t response_header_bytes_max = 64 * 1024;
constexpr std::size_t response_bytes_max = 16 * 1024 * 1024;
constexpr std::size_t error_samples_max = 4;
constexpr std::size_t error_sample_bytes_max = 400;

// ---------------------------------------------------------------------------------------------
// Latency histogram: values below 128 us exact, above that 64 sub-buckets per power of two.

class LatencyHistogram {
 public:
  LatencyHistogram() : counts_(bucket_count, 0) {}

  void record(std::uint64_t value_us) {
    ++counts_[index(value_us)];
    ++total_;
    value_max_us_ = std::max(value_max_us_, value_us);
  }

  void merge(const LatencyHistogram& other) {
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    total_ += other.total_;
    value_max_us_ = std::max(value_max_us_, other.value_max_us_);
  }

  std::uint64_t total() const { return total_; }
  std::uint64_t value_max_us() const { return value_max_us_; }

  // The upper edge of the bucket holding the q-quantile (0 < q <= 1), never above the maximum.
  std::uint64_t quantile_us(double q) const {
    if (total_ == 0) return 0;
    auto rank = static_cast<std::uint64_t>(q * static_cast<double>(total_) + 0.999999);
    rank = std::clamp<std::uint64_t>(rank, 1, total_);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      seen += counts_[i];
      if (seen >= rank) return std::min(upper_edge(i), value_max_us_);
    }
    return value_max_us_;
  }

 private:
  static constexpr std::size_t exact_below = 128;
  static constexpr std::size_t sub_buckets = 64;
  static constexpr std::size_t bucket_count = exact_below + 58 * sub_buckets;

  static std::size_t index(std::uint64_t value) {
    if (value < exact_below) return static_cast<std::size_t>(value);
    int msb = 63 - std::countl_zero(value);  // >= 7
    int shift = msb - 6;
    std::uint64_t top = value >> shift;  // 64..127
    return exact_below + static_cast<std::size_t>(shift - 1) * sub_buckets +
           static_cast<std::size_t>(top - sub_buckets);
  }
  static std::uint64_t upper_edge(std::size_t i) {
    if (i < exact_below) return i;
    std::size_t shift = (i - exact_below) / sub_buckets + 1;
    std::uint64_t top = (i - exact_below) % sub_buckets + sub_buckets;
    return ((top + 1) << shift) - 1;
  }

  std::vector<std::uint64_t> counts_;
  std::uint64_t total_ = 0;
  std::uint64_t value_max_us_ = 0;
};

// ---------------------------------------------------------------------------------------------
// The reference table the declarations are drawn from. Every code here is in the project's demo
// reference data (data/reference) or compiled tables (src/core/codes.cpp): the HS subheadings of
// harmonized-system-hs2022.csv, the countries of country-codes.csv, the currencies of
// codes-all.csv, the LOCODEs of unlocode-geoapify-all.csv, the offices of kOffices.

struct GoodsLine {
  std::string_view hs_code;  // 10-digit national code; its first 6 digits are an HS subheading
  std::string_view description;
  std::string_view unit;  // UN/ECE Rec. 20
  std::int64_t net_grams_per_unit;
  std::int64_t price_cents_min;  // per unit, in the invoice currency's minor unit (scaled below)
  std::int64_t price_cents_max;
  std::int64_t quantity_min;
  std::int64_t quantity_max;
  bool by_air;               // light or perishable enough to fly
  std::string_view origins;  // space-separated ISO 3166 codes
};

constexpr std::array kGoods = {
    GoodsLine{"8703239000", "Passenger car, 2.0 L petrol engine, automatic", "NAR", 1'420'000,
              2'600'000, 6'000'000, 1, 6, false, "DE JP US GB IT KR"},
    GoodsLine{"8703800000", "Battery electric passenger car, 75 kWh", "NAR", 1'950'000, 3'200'000,
              9'000'000, 1, 4, false, "DE US KR JP"},
    GoodsLine{"8703400000", "Hybrid passenger car, petrol-electric, not plug-in", "NAR", 1'500'000,
              2'800'000, 5'000'000, 1, 6, false, "JP KR DE"},
    GoodsLine{"2204210000", "Red wine in 0.75 l bottles", "LTR", 1'000, 400, 3'000, 300, 9'000,
              false, "FR IT ES AU CL NZ ZA AR US"},
    GoodsLine{"2204100000", "Sparkling wine in 0.75 l bottles", "LTR", 1'000, 800, 6'000, 150,
              3'000, false, "FR IT ES"},
    GoodsLine{"2208200000", "Cognac in 0.7 l bottles", "LTR", 950, 3'000, 20'000, 50, 1'500, false,
              "FR"},
    GoodsLine{"2208300000", "Single malt whisky in 0.7 l bottles", "LTR", 950, 2'000, 15'000, 70,
              2'000, false, "GB IE JP"},
    GoodsLine{"2203000000", "Lager beer in 0.5 l cans", "LTR", 1'010, 100, 300, 5'000, 40'000,
              false, "DE BE NL MX"},
    GoodsLine{"0202300000", "Frozen boneless beef cuts, vacuum packed", "KGM", 1'000, 500, 900,
              5'000, 26'000, false, "AU BR AR NZ US"},
    GoodsLine{"0203290000", "Frozen pork cuts, boxed", "KGM", 1'000, 200, 400, 5'000, 26'000, false,
              "ES DE DK NL BR CA"},
    GoodsLine{"0302140000", "Fresh Atlantic salmon, whole, gutted, on ice", "KGM", 1'000, 800,
              1'400, 500, 8'000, true, "NO GB CL AU"},
    GoodsLine{"0303130000", "Frozen Atlantic salmon fillets", "KGM", 1'000, 700, 1'200, 2'000,
              20'000, false, "NO CL"},
    GoodsLine{"0402210000", "Whole milk powder in 25 kg bags", "KGM", 1'000, 300, 500, 5'000,
              25'000, false, "NZ AU NL DE FR IE"},
    GoodsLine{"0901110000", "Green arabica coffee beans in 60 kg bags", "KGM", 1'000, 300, 700,
              5'000, 19'200, false, "VN BR ID MX"},
    GoodsLine{"0901210000", "Roasted coffee beans in 1 kg bags", "KGM", 1'000, 1'200, 3'000, 200,
              5'000, true, "IT US DE"},
    GoodsLine{"1201900000", "Soybeans in bulk, not for sowing", "KGM", 1'000, 40, 60, 100'000,
              5'000'000, false, "BR US AR CA"},
    GoodsLine{"2709000000", "Crude petroleum oil", "KGM", 1'000, 50, 70, 1'000'000, 80'000'000,
              false, "SA RU AE BR"},
    GoodsLine{"2601110000", "Iron ore fines, not agglomerated", "KGM", 1'000, 9, 14, 1'000'000,
              90'000'000, false, "AU BR ZA IN"},
    GoodsLine{"3303000000", "Eau de parfum in 100 ml bottles", "PCE", 250, 3'000, 12'000, 100,
              5'000, true, "FR IT US GB AE"},
    GoodsLine{"3304990000", "Face cream in 50 ml jars", "PCE", 100, 500, 6'000, 200, 20'000, true,
              "KR JP FR US"},
    GoodsLine{"3304200000", "Eye shadow palettes", "PCE", 50, 800, 4'000, 200, 10'000, true,
              "KR JP FR"},
    GoodsLine{"6109100000", "Cotton T-shirts, knitted, assorted sizes", "PCE", 200, 200, 1'500, 500,
              20'000, false, "VN TH MY IN TR ID KH MM"},
    GoodsLine{"6110200000", "Cotton pullovers, knitted", "PCE", 500, 800, 4'000, 300, 10'000, false,
              "VN TR IN"},
    GoodsLine{"6110110000", "Merino wool sweaters, knitted", "PCE", 600, 2'000, 12'000, 100, 3'000,
              false, "IT GB NZ AU"},
    GoodsLine{"6403990000", "Leather shoes with rubber soles", "PR", 900, 1'500, 15'000, 200, 5'000,
              false, "IT VN ES ID"},
    GoodsLine{"8471300000", "Laptop computer, 14 inch, 16 GB", "NAR", 1'600, 40'000, 250'000, 10,
              2'000, true, "US TW JP KR MY VN"},
    GoodsLine{"8517130000", "Smartphone, 256 GB", "NAR", 200, 15'000, 120'000, 50, 10'000, true,
              "KR VN US IN"},
    GoodsLine{"8542310000", "Microcontrollers, 32-bit, in reels", "PCE", 2, 100, 40'000, 1'000,
              500'000, true, "TW KR MY US JP PH SG DE"},
    GoodsLine{"8542320000", "DRAM memory chips, 16 Gbit", "PCE", 3, 200, 2'500, 1'000, 500'000,
              true, "KR TW US JP"},
    GoodsLine{"8525890000", "Digital video camera, 4K", "SET", 800, 30'000, 400'000, 10, 1'000,
              true, "JP DE US"},
    GoodsLine{"9102110000", "Quartz wrist-watch, analogue, steel case", "PCE", 100, 2'000, 40'000,
              100, 5'000, true, "CH JP HK"},
    GoodsLine{"9101210000", "Self-winding wrist-watch, gold case", "PCE", 150, 500'000, 6'000'000,
              1, 50, true, "CH"},
    GoodsLine{"9403600000", "Solid oak dining table", "NAR", 45'000, 20'000, 250'000, 5, 200, false,
              "IT DE PL MY VN ID"},
    GoodsLine{"9403910000", "Table legs of beech wood", "PCE", 2'000, 500, 3'000, 100, 5'000, false,
              "PL DE VN"},
    GoodsLine{"9503000000", "Construction toy set, plastic bricks", "SET", 800, 500, 8'000, 100,
              10'000, false, "DK JP US DE"},
};

struct Partner {
  std::string_view country;
  std::string_view currency;
  std::string_view exporter_id;
  std::string_view exporter_name;
  bool rcep;  // an RCEP member: its goods may claim RCEP
};

constexpr std::array kPartners = {
    Partner{"DE", "EUR", "DE811234567", "Rheinland Export GmbH", false},
    Partner{"FR", "EUR", "FR40303265045", "Maison Delacroix SAS", false},
    Partner{"IT", "EUR", "IT01234567890", "Officine Lombarde S.p.A.", false},
    Partner{"ES", "EUR", "ESB12345678", "Iberica Alimentos S.L.", false},
    Partner{"NL", "EUR", "NL812345678B01", "Zuid-Holland Trading B.V.", false},
    Partner{"BE", "EUR", "BE0412345678", "Antwerpse Handel NV", false},
    Partner{"IE", "EUR", "IE6388047V", "Dublin Distillers Ltd", false},
    Partner{"DK", "DKK", "DK12345678", "Nordisk Legetoej A/S", false},
    Partner{"PL", "PLN", "PL5261040828", "Meble Mazowsze Sp. z o.o.", false},
    Partner{"GB", "GBP", "GB123456789", "Highland Goods plc", false},
    Partner{"NO", "NOK", "NO912345678", "Fjord Seafood AS", false},
    Partner{"CH", "CHF", "CHE123456789", "Horlogerie du Jura SA", false},
    Partner{"US", "USD", "US84-1234567", "Pacific Crest Inc.", false},
    Partner{"CA", "CAD", "CA123456789RC0001", "Prairie Grain Corp.", false},
    Partner{"MX", "USD", "MXABC010101AB1", "Cerveceria del Norte S.A.", false},
    Partner{"BR", "USD", "BR12345678000190", "Agro Cerrado Ltda.", false},
    Partner{"AR", "USD", "AR30712345679", "Pampa Carnes S.A.", false},
    Partner{"CL", "USD", "CL76123456-7", "Vina Andina SpA", false},
    Partner{"ZA", "USD", "ZA4123456789", "Cape Minerals (Pty) Ltd", false},
    Partner{"SA", "USD", "SA300012345600003", "Eastern Province Crude Co.", false},
    Partner{"AE", "AED", "AE100012345600003", "Jebel Ali Fragrances FZE", false},
    Partner{"RU", "USD", "RU7701234567", "Volga Energy JSC", false},
    Partner{"TR", "USD", "TR1234567890", "Anadolu Tekstil A.S.", false},
    Partner{"IN", "USD", "IN27AAACB1234C1Z5", "Deccan Exports Pvt Ltd", false},
    Partner{"HK", "HKD", "HK12345678", "Harbour Time Ltd", false},
    Partner{"TW", "USD", "TW12345678", "Hsinchu Semiconductor Corp.", false},
    Partner{"JP", "JPY", "JP1234567890123", "Kansai Seimitsu K.K.", true},
    Partner{"KR", "USD", "KR1234567890", "Hanil Electronics Co., Ltd.", true},
    Partner{"AU", "AUD", "AU51824753556", "Southern Cross Pastoral Pty Ltd", true},
    Partner{"NZ", "NZD", "NZ9429041234567", "Canterbury Dairy Ltd", true},
    Partner{"VN", "USD", "VN0301234567", "Saigon Garment JSC", true},
    Partner{"TH", "THB", "TH0105512345678", "Chao Phraya Apparel Co., Ltd.", true},
    Partner{"MY", "MYR", "MY201901012345", "Penang Components Sdn. Bhd.", true},
    Partner{"ID", "USD", "ID012345678901000", "Nusantara Kopi PT", true},
    Partner{"PH", "USD", "PH123456789000", "Laguna Microsystems Inc.", true},
    Partner{"SG", "SGD", "SG201912345K", "Straits Electronics Pte Ltd", true},
    Partner{"KH", "USD", "KH1234567890", "Phnom Penh Knitwear Co.", true},
    Partner{"MM", "USD", "MM1234567", "Yangon Textiles Ltd", true},
};

// Ports of entry with the customs office that clears them.
struct EntryPoint {
  std::string_view office;
  std::string_view port;
  bool airport;
};

constexpr std::array kEntryPoints = {
    EntryPoint{"2248", "CNSGH", false},  // Yangshan: Shanghai port
    EntryPoint{"2233", "CNPVG", true},   // Shanghai Pudong Airport
    EntryPoint{"3100", "CNNBO", false},  // Ningbo port
    EntryPoint{"4200", "CNQDG", false},  // Qingdao port
    EntryPoint{"5316", "CNYTN", false},  // Yantian
    EntryPoint{"5304", "CNSHK", false},  // Shekou
    EntryPoint{"5200", "CNHUA", false},  // Huangpu
    EntryPoint{"5141", "CNCAN", true},   // Guangzhou Baiyun Airport
    EntryPoint{"0202", "CNTXG", false},  // Tianjin Xingang
    EntryPoint{"0101", "CNPEK", true},   // Beijing Capital Airport
    EntryPoint{"3500", "CNXMN", false},  // Xiamen
    EntryPoint{"0900", "CNDLC", false},  // Dalian
    EntryPoint{"7900", "CNCTU", true},   // Chengdu
    EntryPoint{"8000", "CNCKG", true},   // Chongqing
    EntryPoint{"6400", "CNHAK", true},   // Haikou
};

// Roughly how many units of a currency a US dollar buys, times 100 (prices above are in US
// cents; invoice amounts are written with two decimals in every currency).
struct CurrencyScale {
  std::string_view currency;
  std::int64_t units_per_usd_hundredths;
};
constexpr std::array kCurrencyScales = {
    CurrencyScale{"USD", 100}, CurrencyScale{"EUR", 92},     CurrencyScale{"GBP", 79},
    CurrencyScale{"CHF", 88},  CurrencyScale{"JPY", 15'000}, CurrencyScale{"AUD", 152},
    CurrencyScale{"NZD", 166}, CurrencyScale{"CAD", 137},    CurrencyScale{"DKK", 687},
    CurrencyScale{"PLN", 398}, CurrencyScale{"NOK", 1'060},  CurrencyScale{"AED", 367},
    CurrencyScale{"HKD", 780}, CurrencyScale{"THB", 3'600},  CurrencyScale{"MYR", 470},
    CurrencyScale{"SGD", 134},
};

std::int64_t to_invoice_currency(std::int64_t usd_cents, std::string_view currency) {
  for (const CurrencyScale& scale : kCurrencyScales) {
    if (scale.currency == currency) return usd_cents * scale.units_per_usd_hundredths / 100;
  }
  return usd_cents;
}

bool has_word(std::string_view words, std::string_view word) {
  while (!words.empty()) {
    std::size_t space = words.find(' ');
    if (words.substr(0, space) == word) return true;
    if (space == std::string_view::npos) break;
    words.remove_prefix(space + 1);
  }
  return false;
}

// Every partner must export at least one goods line, or the generator has nothing to pick.
bool tables_consistent(std::string& problem) {
  for (const Partner& partner : kPartners) {
    bool exports = std::any_of(kGoods.begin(), kGoods.end(), [&](const GoodsLine& line) {
      return has_word(line.origins, partner.country);
    });
    if (!exports) {
      problem = "no goods line has origin " + std::string(partner.country);
      return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Body generation.

// "1234.56" from 123456 with 2 fraction digits; integer arithmetic, so no rounding surprises.
std::string fixed_point(std::int64_t units, int fraction_digits) {
  std::int64_t scale = 1;
  for (int i = 0; i < fraction_digits; ++i) scale *= 10;
  char text[48];
  std::snprintf(text, sizeof text, "%" PRId64 ".%0*" PRId64, units / scale, fraction_digits,
                units % scale);
  return text;
}

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

struct BodyTemplate {
  std::string body;
  std::size_t lrn_digits_offset = 0;  // where the lrn's ten counter digits start in `body`
};

struct GeneratorOptions {
  std::string party;
  std::string lrn_prefix;
  int items_min = 1;
  int items_max = 20;
  double rcep_share = 0.3;  // of declarations from an RCEP member
};

class DeclarationGenerator {
 public:
  DeclarationGenerator(GeneratorOptions options, std::uint64_t seed)
      : options_(std::move(options)), random_(seed) {}

  BodyTemplate next() {
    const Partner& partner = kPartners[pick(kPartners.size())];
    std::vector<const GoodsLine*> lines;
    for (const GoodsLine& line : kGoods) {
      if (has_word(line.origins, partner.country)) lines.push_back(&line);
    }
    int item_count = static_cast<int>(uniform(options_.items_min, options_.items_max));
    std::vector<const GoodsLine*> items;
    for (int i = 0; i < item_count; ++i) items.push_back(lines[pick(lines.size())]);
    bool all_fly = std::all_of(items.begin(), items.end(), [](auto* line) { return line->by_air; });
    bool by_air = all_fly && chance(0.6);
    std::vector<const EntryPoint*> entries;
    for (const EntryPoint& entry : kEntryPoints) {
      if (entry.airport == by_air) entries.push_back(&entry);
    }
    const EntryPoint& entry = *entries[pick(entries.size())];
    bool rcep = partner.rcep && chance(options_.rcep_share);

    std::int64_t goods_cents = 0;
    struct ItemValues {
      std::int64_t quantity, net_grams, gross_grams, amount_cents;
    };
    std::vector<ItemValues> values;
    for (const GoodsLine* line : items) {
      ItemValues v{};
      v.quantity = uniform(line->quantity_min, line->quantity_max);
      std::int64_t price = to_invoice_currency(
          uniform(line->price_cents_min, line->price_cents_max), partner.currency);
      v.amount_cents = v.quantity * std::max<std::int64_t>(price, 1);
      v.net_grams = std::max<std::int64_t>(v.quantity * line->net_grams_per_unit, 1);
      v.gross_grams = v.net_grams + std::max<std::int64_t>(v.net_grams * uniform(3, 15) / 100, 1);
      goods_cents += v.amount_cents;
      values.push_back(v);
    }

    std::string_view incoterm;
    std::int64_t freight_cents = 0;
    std::int64_t insurance_cents = 0;
    if (by_air) {
      constexpr std::array<std::string_view, 4> kAir = {"FCA", "CPT", "CIP", "EXW"};
      incoterm = kAir[pick(kAir.size())];
    } else {
      constexpr std::array<std::string_view, 3> kSea = {"FOB", "CFR", "CIF"};
      incoterm = kSea[pick(kSea.size())];
    }
    bool freight_included =
        incoterm == "CFR" || incoterm == "CIF" || incoterm == "CPT" || incoterm == "CIP";
    bool insurance_included = incoterm == "CIF" || incoterm == "CIP";
    if (!freight_included) freight_cents = goods_cents * uniform(10, 50) / 1000 + 5'000;
    if (!insurance_included) insurance_cents = goods_cents * uniform(1, 3) / 1000 + 100;

    std::uint64_t serial = ++serial_;
    BodyTemplate result;
    std::string& out = result.body;
    out.reserve(512 + 300 * items.size());
    out += "{\"lrn\":\"";
    out += options_.lrn_prefix;
    out += '-';
    result.lrn_digits_offset = out.size();
    out.append(lrn_digits, '0');
    out += "\",\"type\":\"import\",\"procedure\":\"0110\",\"declarant\":";
    append_json_string(out, options_.party);
    out += ",\"importer\":{\"id\":";
    append_json_string(out, options_.party);
    out += ",\"name\":\"Load Test Importing Co.\"},\"exporter\":{\"id\":";
    append_json_string(out, partner.exporter_id);
    out += ",\"name\":";
    append_json_string(out, partner.exporter_name);
    out += ",\"country\":\"";
    out += partner.country;
    out += "\"},\"office\":\"";
    out += entry.office;
    out += "\",\"port\":\"";
    out += entry.port;
    out += "\",\"transport_mode\":\"";
    out += by_air ? "air" : "sea";
    out += "\",\"trading_country\":\"";
    out += partner.country;
    out += "\",\"departure_country\":\"";
    out += partner.country;
    out += "\",\"incoterm\":\"";
    out += incoterm;
    out += "\",\"currency\":\"";
    out += partner.currency;
    out += "\",\"freight\":\"" + fixed_point(freight_cents, 2);
    out += "\",\"insurance\":\"" + fixed_point(insurance_cents, 2);
    out += "\",\"documents\":[{\"type\":\"invoice\",\"id\":\"INV-" + std::to_string(serial) + "\"}";
    out += by_air ? ",{\"type\":\"air_waybill\",\"id\":\"999-"
                  : ",{\"type\":\"bill_of_lading\",\"id\":\"BL";
    out += std::to_string(10'000'000 + serial) + "\"}";
    if (chance(0.5))
      out += ",{\"type\":\"packing_list\",\"id\":\"PL-" + std::to_string(serial) + "\"}";
    if (rcep) {
      out += ",{\"type\":\"certificate_of_origin\",\"id\":\"RCEP-";
      out += partner.country;
      out += "-" + std::to_string(100'000 + serial) + "\",\"agreement\":\"RCEP\"}";
    }
    out += "],\"items\":[";
    for (std::size_t i = 0; i < items.size(); ++i) {
      const GoodsLine& line = *items[i];
      const ItemValues& v = values[i];
      if (i > 0) out += ',';
      out += "{\"hs_code\":\"";
      out += line.hs_code;
      out += "\",\"description\":";
      append_json_string(out, std::string(line.description) + ", article " +
                                  std::to_string(10'000 + uniform(0, 89'999)));
      out += ",\"origin\":\"";
      out += partner.country;
      out += "\",\"quantity\":\"" + std::to_string(v.quantity);
      out += "\",\"unit\":\"";
      out += line.unit;
      out += "\",\"net_mass_kg\":\"" + fixed_point(v.net_grams, 3);
      out += "\",\"gross_mass_kg\":\"" + fixed_point(v.gross_grams, 3);
      out += "\",\"invoice_amount\":\"" + fixed_point(v.amount_cents, 2);
      out += "\",\"preference\":\"";
      out += rcep ? "RCEP" : "MFN";
      out += "\"}";
    }
    out += "]}";
    return result;
  }

 private:
  std::size_t pick(std::size_t count) {
    return std::uniform_int_distribution<std::size_t>(0, count - 1)(random_);
  }
  std::int64_t uniform(std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random_);
  }
  bool chance(double p) { return std::bernoulli_distribution(p)(random_); }

  GeneratorOptions options_;
  std::mt19937_64 random_;
  std::uint64_t serial_ = 0;
};

// Writes `value` as exactly lrn_digits decimal digits at `out`.
void stamp_digits(char* out, std::uint64_t value) {
  for (std::size_t i = lrn_digits; i-- > 0;) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// A whole HTTP request with the places where a lodging's counter goes.
struct RequestTemplate {
  std::string bytes;
  std::vector<std::size_t> stamp_offsets;  // each takes lrn_digits digits; empty: nothing to stamp
};

RequestTemplate lodging_request(const BodyTemplate& body, std::string_view host_header,
                                std::string_view token, std::string_view lrn_prefix) {
  RequestTemplate request;
  std::string& out = request.bytes;
  out = "POST /v1/declarations HTTP/1.1\r\nHost: ";
  out += host_header;
  out += "\r\nAuthorization: Bearer ";
  out += token;
  out += "\r\nContent-Type: application/json\r\nIdempotency-Key: ";
  out += lrn_prefix;
  out += '-';
  request.stamp_offsets.push_back(out.size());
  out.append(lrn_digits, '0');
  out += "\r\nContent-Length: " + std::to_string(body.body.size()) + "\r\n\r\n";
  request.stamp_offsets.push_back(out.size() + body.lrn_digits_offset);
  out += body.body;
  return request;
}

RequestTemplate healthz_request(std::string_view host_header) {
  RequestTemplate request;
  request.bytes = "GET /healthz HTTP/1.1\r\nHost: ";
  request.bytes += host_header;
  request.bytes += "\r\n\r\n";
  return request;
}

// ---------------------------------------------------------------------------------------------
// HTTP response framing: just enough of RFC 9112 to find where a response ends.

struct ParsedResponse {
  enum class State { incomplete, complete, malformed } state = State::incomplete;
  int status = 0;
  std::size_t length = 0;  // bytes of the whole response
  std::size_t body_offset = 0;
  bool close = false;  // the server will close the connection after this response
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool icontains(std::string_view text, std::string_view word) {
  if (word.size() > text.size()) return false;
  for (std::size_t i = 0; i + word.size() <= text.size(); ++i) {
    if (iequals(text.substr(i, word.size()), word)) return true;
  }
  return false;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text, int base) {
  if (text.empty() || text.size() > 15) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (base == 16 && c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (base == 16 && c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    value = value * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(digit);
  }
  return value;
}

ParsedResponse parse_response(std::string_view bytes) {
  using State = ParsedResponse::State;
  ParsedResponse response;
  std::size_t header_end = bytes.find("\r\n\r\n");
  if (header_end == std::string_view::npos) {
    if (bytes.size() > response_header_bytes_max) response.state = State::malformed;
    return response;
  }
  std::string_view head = bytes.substr(0, header_end);
  std::size_t line_end = head.find("\r\n");
  std::string_view status_line = head.substr(0, line_end);
  if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.") || status_line[8] != ' ') {
    response.state = State::malformed;
    return response;
  }
  auto status = parse_unsigned(status_line.substr(9, 3), 10);
  if (!status) {
    response.state = State::malformed;
    return response;
  }
  response.status = static_cast<int>(*status);
  response.close = status_line[7] == '0';
  std::optional<std::uint64_t> content_length;
  bool chunked = false;
  while (line_end != std::string_view::npos) {
    std::size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view line = head.substr(
        start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = line.substr(0, colon);
    std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "content-length")) {
      content_length = parse_unsigned(value, 10);
      if (!content_length) {
        response.state = State::malformed;
        return response;
      }
    } else if (iequals(name, "transfer-encoding")) {
      chunked = icontains(value, "chunked");
    } else if (iequals(name, "connection")) {
      if (icontains(value, "close")) response.close = true;
      if (icontains(value, "keep-alive")) response.close = false;
    }
  }
  response.body_offset = header_end + 4;
  if (!chunked) {
    std::uint64_t length = content_length.value_or(0);
    if (length > response_bytes_max) {
      response.state = State::malformed;
    } else if (bytes.size() >= response.body_offset + length) {
      response.length = response.body_offset + length;
      response.state = State::complete;
    }
    return response;
  }
  std::size_t position = response.body_offset;
  while (true) {
    std::size_t size_end = bytes.find("\r\n", position);
    if (size_end == std::string_view::npos) return response;
    std::string_view size_text = bytes.substr(position, size_end - position);
    size_text = trim(size_text.substr(0, size_text.find(';')));
    auto size = parse_unsigned(size_text, 16);
    if (!size || *size > response_bytes_max) {
      response.state = State::malformed;
      return response;
    }
    if (*size == 0) {
      // Trailer fields end with an empty line; with none, that is the next CRLF.
      std::size_t trailer_end =
          bytes.substr(size_end, 2) == "\r\n" && bytes.substr(size_end + 2, 2) == "\r\n"
              ? size_end + 4
              : bytes.find("\r\n\r\n", size_end);
      if (trailer_end == std::string_view::npos) return response;
      if (trailer_end != size_end + 4) trailer_end += 4;
      response.length = trailer_end;
      response.state = State::complete;
      return response;
    }
    position = size_end + 2 + *size + 2;
    if (position > bytes.size()) return response;
  }
}

// ---------------------------------------------------------------------------------------------
// The workers.

struct Phases {
  Clock::time_point window_start;  // warm-up ends
  Clock::time_point window_end;
  Clock::time_point drain_deadline;
};

struct WorkerStats {
  LatencyHistogram latency;  // expected-status responses in the window
  std::map<int, std::uint64_t> status_in_window;
  std::uint64_t expected_in_window = 0;
  std::uint64_t expected_total = 0;  // in any phase: lodgings the server made durable
  std::uint64_t responses_total = 0;
  std::uint64_t io_errors = 0;  // connection reset or closed mid-request, or malformed reply
  std::uint64_t timeouts = 0;   // no whole response within --request-timeout-ms
  std::uint64_t reconnects = 0;
  std::uint64_t abandoned = 0;               // still in flight at the drain deadline
  std::vector<std::uint64_t> per_second;     // expected responses per second of the window
  std::uint64_t longest_gap_us = 0;          // longest time in the window without any response
  std::map<int, std::string> error_samples;  // first body seen per unexpected status
  std::vector<std::string> io_error_samples;
};

struct WorkerConfig {
  sockaddr_storage address{};
  socklen_t address_length = 0;
  const std::vector<RequestTemplate>* templates = nullptr;
  std::atomic<std::uint64_t>* counter = nullptr;
  int expected_status = 201;
  microseconds request_timeout{10'000'000};
  int window_seconds = 1;
  Phases phases;  // set once every connection is open
  // When any worker last received a response in the window (steady clock, ns): the longest gap
  // between two responses of the whole client shows a stall of the server.
  std::atomic<std::int64_t>* last_response_ns = nullptr;
};

class Worker {
 public:
  // Borrows `config`, which must outlive the worker; its phases are read only by run().
  Worker(const WorkerConfig& config, int connections)
      : config_(config), connections_(static_cast<std::size_t>(connections)) {
    stats_.per_second.assign(static_cast<std::size_t>(config.window_seconds), 0);
  }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;
  ~Worker() {
    for (Connection& c : connections_) close_socket(c);
    if (epoll_ >= 0) ::close(epoll_);
  }

  // Connects every connection; false (with a message) when the server cannot be reached.
  bool connect_all(std::string& error) {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_ < 0) {
      error = std::string("epoll_create1: ") + std::strerror(errno);
      return false;
    }
    for (std::size_t i = 0; i < connections_.size(); ++i) {
      if (!open_socket(i, error)) return false;
    }
    return true;
  }

  void run(Clock::time_point start) {
    for (std::size_t i = 0; i < connections_.size(); ++i) send_next(i, start);
    std::array<epoll_event, 256> events;
    Clock::time_point last_timeout_scan = start;
    while (true) {
      Clock::time_point now = Clock::now();
      if (now >= config_.phases.window_end && in_flight_ == 0) break;
      if (now >= config_.phases.drain_deadline) {
        stats_.abandoned += in_flight_;
        break;
      }
      int ready = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 20);
      if (ready < 0 && errno != EINTR) break;
      for (int i = 0; i < ready; ++i) {
        handle(events[static_cast<std::size_t>(i)].data.u64,
               events[static_cast<std::size_t>(i)].events);
      }
      now = Clock::now();
      if (now - last_timeout_scan >= std::chrono::milliseconds(100)) {
        last_timeout_scan = now;
        expire(now);
      }
    }
    note_gap(std::min(Clock::now(), config_.phases.window_end));
  }

  const WorkerStats& stats() const { return stats_; }

 private:
  struct Connection {
    int fd = -1;
    std::string out;
    std::size_t out_offset = 0;
    std::string in;
    bool in_flight = false;
    bool want_write = false;
    Clock::time_point sent_at;
  };

  bool open_socket(std::size_t index, std::string& error) {
    Connection& c = connections_[index];
    c.fd = ::socket(config_.address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c.fd < 0) {
      error = std::string("socket: ") + std::strerror(errno);
      return false;
    }
    // Loopback connects at once or fails at once, so a blocking connect is bounded.
    if (::connect(c.fd, reinterpret_cast<const sockaddr*>(&config_.address),
                  config_.address_length) != 0) {
      error = std::string("connect: ") + std::strerror(errno);
      ::close(c.fd);
      c.fd = -1;
      return false;
    }
    int one = 1;
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) | O_NONBLOCK);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = index;
    if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &event) != 0) {
      error = std::string("epoll_ctl: ") + std::strerror(errno);
      return false;
    }
    c.in.clear();
    c.want_write = false;
    return true;
  }

  void close_socket(Connection& c) {
    if (c.fd >= 0) ::close(c.fd);  // closing removes it from the epoll set
    c.fd = -1;
    if (c.in_flight) --in_flight_;
    c.in_flight = false;
  }

  // After an I/O error or a timeout: a new connection, and the next request if still running.
  void reconnect(std::size_t index, Clock::time_point now) {
    close_socket(connections_[index]);
    if (now >= config_.phases.window_end) return;
    std::string error;
    if (!open_socket(index, error)) {
      note_io_error(error);
      return;  // the connection stays closed; the others go on
    }
    ++stats_.reconnects;
    send_next(index, now);
  }

  void send_next(std::size_t index, Clock::time_point now) {
    Connection& c = connections_[index];
    if (c.fd < 0 || now >= config_.phases.window_end) return;
    std::uint64_t number = config_.counter->fetch_add(1, std::memory_order_relaxed);
    const RequestTemplate& request = (*config_.templates)[number % config_.templates->size()];
    c.out.assign(request.bytes);
    for (std::size_t offset : request.stamp_offsets) stamp_digits(c.out.data() + offset, number);
    c.out_offset = 0;
    c.in_flight = true;
    ++in_flight_;
    c.sent_at = now;
    flush(index, now);
  }

  void flush(std::size_t index, Clock::time_point now) {
    Connection& c = connections_[index];
    while (c.out_offset < c.out.size()) {
      ssize_t sent =
          ::send(c.fd, c.out.data() + c.out_offset, c.out.size() - c.out_offset, MSG_NOSIGNAL);
      if (sent > 0) {
        c.out_offset += static_cast<std::size_t>(sent);
        continue;
      }
      if (sent < 0 && errno == EINTR) continue;
      if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        set_write_interest(index, true);
        return;
      }
      note_io_error(std::string("send: ") + std::strerror(errno));
      reconnect(index, now);
      return;
    }
    if (c.want_write) set_write_interest(index, false);
  }

  void set_write_interest(std::size_t index, bool on) {
    Connection& c = connections_[index];
    c.want_write = on;
    epoll_event event{};
    event.events = EPOLLIN | (on ? EPOLLOUT : 0u);
    event.data.u64 = index;
    ::epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &event);
  }

  void handle(std::uint64_t index_value, std::uint32_t events) {
    auto index = static_cast<std::size_t>(index_value);
    Connection& c = connections_[index];
    if (c.fd < 0) return;
    Clock::time_point now = Clock::now();
    if ((events & EPOLLOUT) && c.want_write) flush(index, now);
    if (c.fd < 0 || !(events & (EPOLLIN | EPOLLERR | EPOLLHUP))) return;
    char buffer[65536];
    while (true) {
      ssize_t received = ::recv(c.fd, buffer, sizeof buffer, 0);
      if (received > 0) {
        c.in.append(buffer, static_cast<std::size_t>(received));
        if (static_cast<std::size_t>(received) < sizeof buffer) break;
        continue;
      }
      if (received < 0 && errno == EINTR) continue;
      if (received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (c.in_flight || !c.in.empty()) {
        note_io_error(received == 0 ? "the server closed the connection mid-request"
                                    : std::string("recv: ") + std::strerror(errno));
      }
      reconnect(index, now);
      return;
    }
    now = Clock::now();
    ParsedResponse response = parse_response(c.in);
    if (response.state == ParsedResponse::State::incomplete) return;
    if (response.state == ParsedResponse::State::malformed || !c.in_flight) {
      note_io_error(c.in_flight ? "malformed response" : "a response nobody asked for");
      reconnect(index, now);
      return;
    }
    record(
        response,
        std::string_view(c.in).substr(response.body_offset, response.length - response.body_offset),
        c.sent_at, now);
    c.in.erase(0, response.length);
    c.in_flight = false;
    --in_flight_;
    if (response.close) {
      reconnect(index, now);
    } else {
      send_next(index, now);
    }
  }

  void record(const ParsedResponse& response, std::string_view body, Clock::time_point sent_at,
              Clock::time_point now) {
    ++stats_.responses_total;
    bool expected = response.status == config_.expected_status;
    if (expected) ++stats_.expected_total;
    if (!expected && !stats_.error_samples.contains(response.status) &&
        stats_.error_samples.size() < error_samples_max) {
      stats_.error_samples[response.status] = std::string(body.substr(0, error_sample_bytes_max));
    }
    const Phases& phases = config_.phases;
    if (now < phases.window_start || now >= phases.window_end) return;
    note_gap(now);
    ++stats_.status_in_window[response.status];
    if (!expected) return;
    ++stats_.expected_in_window;
    stats_.latency.record(static_cast<std::uint64_t>(
        std::chrono::duration_cast<microseconds>(now - sent_at).count()));
    auto second = static_cast<std::size_t>(
        std::chrono::duration_cast<std::chrono::seconds>(now - phases.window_start).count());
    if (second < stats_.per_second.size()) ++stats_.per_second[second];
  }

  void note_gap(Clock::time_point now) {
    if (now < config_.phases.window_start) return;
    std::int64_t now_ns = now.time_since_epoch().count();
    std::int64_t previous_ns =
        config_.last_response_ns->exchange(now_ns, std::memory_order_relaxed);
    previous_ns = std::max(previous_ns, config_.phases.window_start.time_since_epoch().count());
    if (now_ns > previous_ns) {
      auto gap_us = static_cast<std::uint64_t>((now_ns - previous_ns) / 1000);
      stats_.longest_gap_us = std::max(stats_.longest_gap_us, gap_us);
    }
  }

  void note_io_error(std::string message) {
    ++stats_.io_errors;
    if (stats_.io_error_samples.size() < error_samples_max) {
      stats_.io_error_samples.push_back(std::move(message));
    }
  }

  void expire(Clock::time_point now) {
    for (std::size_t i = 0; i < connections_.size(); ++i) {
      Connection& c = connections_[i];
      if (c.fd >= 0 && c.in_flight && now - c.sent_at > config_.request_timeout) {
        ++stats_.timeouts;
        reconnect(i, now);
      }
    }
  }

  const WorkerConfig& config_;
  std::vector<Connection> connections_;
  int epoll_ = -1;
  std::size_t in_flight_ = 0;
  WorkerStats stats_;
};

// ---------------------------------------------------------------------------------------------
// CPU counters read at the window's edges.

struct CpuSample {
  double self_seconds = 0;    // this process, user + system
  double server_seconds = 0;  // --server-pid, user + system (0 when not given)
  std::uint64_t machine_busy_ticks = 0;
  std::uint64_t machine_total_ticks = 0;
};

double process_cpu_seconds(int pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::size_t paren = text.rfind(')');
  if (paren == std::string::npos) return 0;
  std::istringstream fields(text.substr(paren + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(field);  // utime, stime
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

CpuSample sample_cpu(int server_pid) {
  CpuSample sample;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  sample.self_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                        static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  if (server_pid > 0) sample.server_seconds = process_cpu_seconds(server_pid);
  std::ifstream stat("/proc/stat");
  std::string cpu;
  stat >> cpu;
  std::uint64_t value = 0;
  for (int i = 0; i < 8 && stat >> value; ++i) {  // user .. steal; guest is within user
    sample.machine_total_ticks += value;
    if (i != 3 && i != 4) sample.machine_busy_ticks += value;  // not idle, not iowait
  }
  return sample;
}

std::string load_average() {
  std::ifstream file("/proc/loadavg");
  std::string one, five, fifteen;
  file >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

// ---------------------------------------------------------------------------------------------

// Loopback only: 127.0.0.0/8, ::1, or the name `localhost` (taken as 127.0.0.1, not resolved).
bool loopback_address(const std::string& host, unsigned short port, sockaddr_storage& address,
                      socklen_t& length) {
  std::string text = host == "localhost" ? "127.0.0.1" : host;
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  address = {};
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    if ((ntohl(v4.s_addr) >> 24) != 127) return false;
    auto* in = reinterpret_cast<sockaddr_in*>(&address);
    in->sin_family = AF_INET;
    in->sin_port = htons(port);
    in->sin_addr = v4;
    length = sizeof(sockaddr_in);
    return true;
  }
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    if (!IN6_IS_ADDR_LOOPBACK(&v6)) return false;
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&address);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    in6->sin6_addr = v6;
    length = sizeof(sockaddr_in6);
    return true;
  }
  return false;
}

bool valid_lrn_prefix(std::string_view prefix) {
  return !prefix.empty() && prefix.size() <= lrn_prefix_length_max &&
         std::all_of(prefix.begin(), prefix.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
         });
}

std::string json_escape(std::string_view text) {
  std::string out;
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

double milliseconds(std::uint64_t us) {
  return static_cast<double>(us) / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "loadgen: closed-loop HTTP load on the OpenCustoms API over loopback keep-alive "
      "connections"};
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  int connections = 16;
  int threads = 1;
  int duration_seconds = 20;
  int warmup_seconds = 3;
  int request_timeout_ms = 10'000;
  std::string mode = "lodge";
  std::string token;
  std::string token_file;
  std::string party = "91440300MA5FQH001Y";
  std::uint64_t seed = 1;
  int items_min = 1;
  int items_max = 20;
  int bodies = 4096;
  std::string lrn_prefix = "LOAD";
  int server_pid = 0;
  int print_bodies = 0;
  std::string label;

  app.add_option("--host", host, "loopback address: 127.x.x.x, ::1 or localhost")
      ->capture_default_str();
  app.add_option("--port", port, "server port");
  app.add_option("--connections", connections, "keep-alive connections, one request in flight each")
      ->check(CLI::Range(1, connections_max))
      ->capture_default_str();
  app.add_option("--threads", threads, "client threads sharing the connections")
      ->check(CLI::Range(1, threads_max))
      ->capture_default_str();
  app.add_option("--duration-seconds", duration_seconds, "timed window")
      ->check(CLI::Range(1, duration_seconds_max))
      ->capture_default_str();
  app.add_option("--warmup-seconds", warmup_seconds, "load before the window, not counted")
      ->check(CLI::Range(0, warmup_seconds_max))
      ->capture_default_str();
  app.add_option("--request-timeout-ms", request_timeout_ms,
                 "a request without a whole response after this is a timeout (and the "
                 "connection is replaced)")
      ->check(CLI::Range(100, 60'000))
      ->capture_default_str();
  app.add_option("--mode", mode, "lodge (POST /v1/declarations) or healthz (GET /healthz)")
      ->check(CLI::IsMember({"lodge", "healthz"}))
      ->capture_default_str();
  app.add_option("--token", token, "trader API token (Bearer)");
  app.add_option("--token-file", token_file, "read the token from this file instead");
  app.add_option("--party", party, "the token's party: declarant and importer of every lodging")
      ->capture_default_str();
  app.add_option("--seed", seed, "random seed of the declaration generator")->capture_default_str();
  app.add_option("--items-min", items_min, "fewest items per declaration")
      ->check(CLI::Range(1, items_limit))
      ->capture_default_str();
  app.add_option("--items-max", items_max, "most items per declaration")
      ->check(CLI::Range(1, items_limit))
      ->capture_default_str();
  app.add_option("--bodies", bodies, "distinct declaration templates generated before the run")
      ->check(CLI::Range(1, bodies_max))
      ->capture_default_str();
  app.add_option("--lrn-prefix", lrn_prefix,
                 "lrn and Idempotency-Key prefix, A-Z 0-9 -, at most 24; must differ between runs "
                 "on one database (lrns are unique per declarant)")
      ->capture_default_str();
  app.add_option("--server-pid", server_pid, "read this process's CPU time over the window");
  app.add_option("--label", label, "a free-form label copied into the JSON line");
  app.add_option("--print-bodies", print_bodies,
                 "print this many generated declarations (JSON lines) and exit, sending nothing")
      ->check(CLI::Range(0, bodies_max));
  CLI11_PARSE(app, argc, argv);

  if (items_min > items_max) {
    std::fprintf(stderr, "loadgen: --items-min %d is above --items-max %d\n", items_min, items_max);
    return 2;
  }
  if (!valid_lrn_prefix(lrn_prefix)) {
    std::fprintf(stderr, "loadgen: --lrn-prefix must be 1 to %zu characters of A-Z, 0-9, -\n",
                 lrn_prefix_length_max);
    return 2;
  }
  if (party.empty() || party.size() > 35 || party.find('"') != std::string::npos) {
    std::fprintf(stderr, "loadgen: --party must be 1 to 35 characters\n");
    return 2;
  }

  if (std::string problem; !tables_consistent(problem)) {
    std::fprintf(stderr, "loadgen: the goods table is inconsistent: %s\n", problem.c_str());
    return 1;
  }
  GeneratorOptions generator_options{party, lrn_prefix, items_min, items_max};
  if (print_bodies > 0) {
    DeclarationGenerator generator(generator_options, seed);
    for (int i = 0; i < print_bodies; ++i) {
      BodyTemplate body = generator.next();
      stamp_digits(body.body.data() + body.lrn_digits_offset, static_cast<std::uint64_t>(i));
      std::printf("%s\n", body.body.c_str());
    }
    return 0;
  }

  sockaddr_storage address{};
  socklen_t address_length = 0;
  if (!loopback_address(host, port, address, address_length)) {
    std::fprintf(stderr,
                 "loadgen: --host %s refused: only loopback (127.0.0.0/8, ::1, localhost) is "
                 "allowed\n",
                 host.c_str());
    return 2;
  }
  if (port == 0) {
    std::fprintf(stderr, "loadgen: --port is required\n");
    return 2;
  }
  if (!token_file.empty()) {
    std::ifstream file(token_file);
    std::getline(file, token);
  }
  bool lodge = mode == "lodge";
  if (lodge && token.empty()) {
    std::fprintf(stderr, "loadgen: --mode lodge needs --token or --token-file\n");
    return 2;
  }
  if (threads > connections) threads = connections;
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 &&
      files.rlim_cur < static_cast<rlim_t>(connections) + 64) {
    files.rlim_cur = std::min<rlim_t>(files.rlim_max, static_cast<rlim_t>(connections) + 64);
    setrlimit(RLIMIT_NOFILE, &files);
  }

  // Everything the window sends is built here, before the clock starts.
  std::string host_header = (address.ss_family == AF_INET6 ? "[::1]"
                             : host == "localhost"         ? "127.0.0.1"
                                                           : host) +
                            ":" + std::to_string(port);
  auto generation_started = Clock::now();
  std::vector<RequestTemplate> templates;
  std::uint64_t body_bytes = 0;
  std::uint64_t item_count = 0;
  if (lodge) {
    DeclarationGenerator generator(generator_options, seed);
    templates.reserve(static_cast<std::size_t>(bodies));
    for (int i = 0; i < bodies; ++i) {
      BodyTemplate body = generator.next();
      body_bytes += body.body.size();
      std::size_t position = 0;
      while ((position = body.body.find("\"hs_code\"", position)) != std::string::npos) {
        ++item_count;
        ++position;
      }
      templates.push_back(lodging_request(body, host_header, token, lrn_prefix));
    }
  } else {
    templates.push_back(healthz_request(host_header));
  }
  double generation_seconds =
      std::chrono::duration<double>(Clock::now() - generation_started).count();

  std::atomic<std::uint64_t> counter{0};
  std::atomic<std::int64_t> last_response_ns{0};
  WorkerConfig config;
  config.address = address;
  config.address_length = address_length;
  config.templates = &templates;
  config.counter = &counter;
  config.expected_status = lodge ? 201 : 200;
  config.request_timeout = std::chrono::milliseconds(request_timeout_ms);
  config.window_seconds = duration_seconds;
  config.last_response_ns = &last_response_ns;

  std::vector<std::unique_ptr<Worker>> workers;
  for (int t = 0; t < threads; ++t) {
    int share = connections / threads + (t < connections % threads ? 1 : 0);
    workers.push_back(std::make_unique<Worker>(config, share));
  }
  for (auto& worker : workers) {
    std::string error;
    if (!worker->connect_all(error)) {
      std::fprintf(stderr, "loadgen: cannot connect to %s: %s\n", host_header.c_str(),
                   error.c_str());
      return 1;
    }
  }
  // The clock starts once every connection is open, so connecting is not part of the warm-up.
  std::string load_before = load_average();
  Clock::time_point start = Clock::now();
  config.phases.window_start = start + std::chrono::seconds(warmup_seconds);
  config.phases.window_end = config.phases.window_start + std::chrono::seconds(duration_seconds);
  config.phases.drain_deadline = config.phases.window_end + config.request_timeout;

  std::vector<std::thread> running;
  for (auto& worker : workers) {
    running.emplace_back([&worker, start] { worker->run(start); });
  }
  std::this_thread::sleep_until(config.phases.window_start);
  CpuSample before = sample_cpu(server_pid);
  std::this_thread::sleep_until(config.phases.window_end);
  CpuSample after = sample_cpu(server_pid);
  std::string load_after = load_average();
  for (std::thread& thread : running) thread.join();

  WorkerStats total;
  total.per_second.assign(static_cast<std::size_t>(duration_seconds), 0);
  for (auto& worker : workers) {
    const WorkerStats& s = worker->stats();
    total.latency.merge(s.latency);
    for (auto [status, count] : s.status_in_window) total.status_in_window[status] += count;
    total.expected_in_window += s.expected_in_window;
    total.expected_total += s.expected_total;
    total.responses_total += s.responses_total;
    total.io_errors += s.io_errors;
    total.timeouts += s.timeouts;
    total.reconnects += s.reconnects;
    total.abandoned += s.abandoned;
    total.longest_gap_us = std::max(total.longest_gap_us, s.longest_gap_us);
    for (std::size_t i = 0; i < s.per_second.size() && i < total.per_second.size(); ++i) {
      total.per_second[i] += s.per_second[i];
    }
    for (const auto& [status, body] : s.error_samples) total.error_samples.emplace(status, body);
    for (const std::string& sample : s.io_error_samples) {
      if (total.io_error_samples.size() < error_samples_max)
        total.io_error_samples.push_back(sample);
    }
  }

  double window_seconds = static_cast<double>(duration_seconds);
  double rate = static_cast<double>(total.expected_in_window) / window_seconds;
  std::uint64_t unexpected = 0;
  for (auto [status, count] : total.status_in_window) {
    if (status != config.expected_status) unexpected += count;
  }
  double client_cpu = after.self_seconds - before.self_seconds;
  double server_cpu = after.server_seconds - before.server_seconds;
  // CPU time of the whole machine in the window, and what neither this client nor the server
  // used: other processes, which skew the figures (meaningful with --server-pid).
  double machine_cpu = static_cast<double>(after.machine_busy_ticks - before.machine_busy_ticks) /
                       static_cast<double>(sysconf(_SC_CLK_TCK));
  double other_cpu = server_pid > 0 ? std::max(0.0, machine_cpu - client_cpu - server_cpu) : 0.0;
  double machine_busy =
      after.machine_total_ticks > before.machine_total_ticks
          ? static_cast<double>(after.machine_busy_ticks - before.machine_busy_ticks) /
                static_cast<double>(after.machine_total_ticks - before.machine_total_ticks)
          : 0;
  std::uint64_t per_second_min =
      total.per_second.empty()
          ? 0
          : *std::min_element(total.per_second.begin(), total.per_second.end());
  std::uint64_t per_second_max =
      total.per_second.empty()
          ? 0
          : *std::max_element(total.per_second.begin(), total.per_second.end());

  std::string statuses;
  for (auto [status, count] : total.status_in_window) {
    statuses +=
        (statuses.empty() ? "" : ",") + std::to_string(status) + ":" + std::to_string(count);
  }
  std::printf(
      "%s c=%d: %.0f ok/s  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms  | statuses {%s} "
      "io_errors %" PRIu64 " timeouts %" PRIu64 " | per-second min %" PRIu64 " max %" PRIu64
      " | cpu: server %.2f s (%.0f us/req) client %.2f s other %.2f s machine %.0f%% | load %s\n",
      mode.c_str(), connections, rate, milliseconds(total.latency.quantile_us(0.50)),
      milliseconds(total.latency.quantile_us(0.90)), milliseconds(total.latency.quantile_us(0.99)),
      milliseconds(total.latency.value_max_us()), statuses.c_str(), total.io_errors, total.timeouts,
      per_second_min, per_second_max, server_cpu,
      total.expected_in_window > 0
          ? server_cpu * 1e6 / static_cast<double>(total.expected_in_window)
          : 0.0,
      client_cpu, other_cpu, machine_busy * 100, load_after.c_str());

  std::string json = "{\"label\":" + json_escape(label) + ",\"mode\":\"" + mode + "\"";
  char number[64];
  auto add = [&](const char* name, double value, const char* format) {
    std::snprintf(number, sizeof number, format, value);
    json += std::string(",\"") + name + "\":" + number;
  };
  add("connections", connections, "%.0f");
  add("threads", threads, "%.0f");
  add("warmup_seconds", warmup_seconds, "%.0f");
  add("duration_seconds", duration_seconds, "%.0f");
  add("ok_per_second", rate, "%.1f");
  add("ok_in_window", static_cast<double>(total.expected_in_window), "%.0f");
  add("ok_total", static_cast<double>(total.expected_total), "%.0f");
  add("responses_total", static_cast<double>(total.responses_total), "%.0f");
  add("unexpected_in_window", static_cast<double>(unexpected), "%.0f");
  json += ",\"statuses_in_window\":{";
  bool first = true;
  for (auto [status, count] : total.status_in_window) {
    json += (first ? "\"" : ",\"") + std::to_string(status) + "\":" + std::to_string(count);
    first = false;
  }
  json += "}";
  add("io_errors", static_cast<double>(total.io_errors), "%.0f");
  add("timeouts", static_cast<double>(total.timeouts), "%.0f");
  add("reconnects", static_cast<double>(total.reconnects), "%.0f");
  add("abandoned", static_cast<double>(total.abandoned), "%.0f");
  add("p50_ms", milliseconds(total.latency.quantile_us(0.50)), "%.3f");
  add("p90_ms", milliseconds(total.latency.quantile_us(0.90)), "%.3f");
  add("p99_ms", milliseconds(total.latency.quantile_us(0.99)), "%.3f");
  add("p999_ms", milliseconds(total.latency.quantile_us(0.999)), "%.3f");
  add("max_ms", milliseconds(total.latency.value_max_us()), "%.3f");
  add("longest_gap_ms", milliseconds(total.longest_gap_us), "%.3f");
  json += ",\"per_second\":[";
  for (std::size_t i = 0; i < total.per_second.size(); ++i) {
    json += (i ? "," : "") + std::to_string(total.per_second[i]);
  }
  json += "]";
  add("server_cpu_seconds", server_cpu, "%.3f");
  add("client_cpu_seconds", client_cpu, "%.3f");
  add("machine_busy_fraction", machine_busy, "%.3f");
  add("machine_cpu_seconds", machine_cpu, "%.3f");
  add("other_cpu_seconds", other_cpu, "%.3f");
  json += ",\"load_average_before\":\"" + load_before + "\",\"load_average_after\":\"" +
          load_after + "\"";
  if (lodge) {
    add("templates", static_cast<double>(templates.size()), "%.0f");
    add("body_bytes_mean", static_cast<double>(body_bytes) / bodies, "%.0f");
    add("items_mean", static_cast<double>(item_count) / bodies, "%.2f");
    add("generation_seconds", generation_seconds, "%.3f");
  }
  json += "}";
  std::printf("%s\n", json.c_str());

  for (const auto& [status, body] : total.error_samples) {
    std::fprintf(stderr, "loadgen: first %d answer: %s\n", status, body.c_str());
  }
  for (const std::string& sample : total.io_error_samples) {
    std::fprintf(stderr, "loadgen: I/O error: %s\n", sample.c_str());
  }
  bool clean = unexpected == 0 && total.io_errors == 0 && total.timeouts == 0 &&
               total.abandoned == 0 && total.expected_in_window > 0;
  return clean ? 0 : 3;
}
