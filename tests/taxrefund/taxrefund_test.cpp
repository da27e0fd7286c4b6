// Signing, key files, payload tampering, keyed traveller hashes and QR images of the tax refund
// subsystem (the decisions themselves are pinned in tests/data/taxrefund/).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

#include "taxrefund/key_file.h"
#include "taxrefund/qr_image.h"
#include "taxrefund/refund_form.h"
#include "taxrefund/refund_signing.h"

namespace oc {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kBody =
    R"({"id":"F-20261120-0001","store":"Shenzhen Bay Mall","date":"2026-11-20",)"
    R"("traveller":{"passport":"E12345678","nationality":"GB","entry_date":"2026-11-15"},)"
    R"("items":[{"description":"Camera","vat_rate":"13%","amount_incl_vat":"1000.00"}]})";

TimePoint at(std::string_view text) {
  return *parse_timestamp(text);
}

RefundForm decoded_form(const TravellerSecret& secret) {
  auto decoded = decode_refund_form(kBody, secret, at("2026-11-23T02:00:00Z"));
  EXPECT_TRUE(decoded.errors.empty());
  return decoded.form;
}

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("oc-taxrefund-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

void write_file(const fs::path& path, std::string_view content, fs::perms perms) {
  std::ofstream(path, std::ios::binary) << content;
  fs::permissions(path, perms);
}

TEST(RefundSigning, PayloadRoundTrip) {
  const auto key = RefundSigningKey::generate();
  const RefundForm form = decoded_form(TravellerSecret::generate());
  const std::string payload = make_refund_payload(form, key);
  EXPECT_TRUE(payload.starts_with("OCTR1.F-20261120-0001.2026-11-20."));
  EXPECT_LE(payload.size(), refund_payload_length_max);
  EXPECT_EQ(payload.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."),
            std::string::npos)
      << "URL-safe: " << payload;
  auto verified = verify_payload(payload, key.public_key());
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->form_id, "F-20261120-0001");
  EXPECT_EQ(verified->purchase_date, "2026-11-20");
  EXPECT_EQ(verified->content_hash, refund_form_content_hash(form));
}

TEST(RefundSigning, LongestPayloadFitsTheLimit) {
  const auto key = RefundSigningKey::from_seed(std::string(32, 'k'));
  const std::string payload =
      make_refund_payload(RefundPayload{std::string(refund_form_id_length_max, 'Z'), "2026-11-20",
                                        std::string(43, 'A')},
                          key);
  EXPECT_EQ(payload.size(), refund_payload_length_max);
  EXPECT_TRUE(verify_payload(payload, key.public_key()).ok());
}

TEST(RefundSigning, EverySingleByteAlterationIsRefused) {
  const auto key = RefundSigningKey::from_seed(std::string(32, 'k'));
  const std::string payload = make_refund_payload(decoded_form(TravellerSecret::generate()), key);
  // Every byte replaced by every other character a payload or a scanner could produce.
  std::string replacements =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+/= ";
  replacements.push_back('\0');
  replacements.push_back('\xff');
  std::size_t tried = 0, signature_invalid = 0;
  for (std::size_t i = 0; i < payload.size(); ++i) {
    for (char replacement : replacements) {
      if (replacement == payload[i]) continue;
      std::string altered = payload;
      altered[i] = replacement;
      auto verified = verify_payload(altered, key.public_key());
      ASSERT_FALSE(verified.ok()) << "position " << i << " -> '" << replacement << "': " << altered;
      const std::string& code = verified.error().code;
      ASSERT_TRUE(code == "form.signature_invalid" || code == "form.payload_malformed") << code;
      signature_invalid += code == "form.signature_invalid";
      ++tried;
    }
    // A byte removed, and a byte inserted.
    std::string shorter = payload;
    shorter.erase(i, 1);
    ASSERT_FALSE(verify_payload(shorter, key.public_key()).ok()) << "without byte " << i;
    std::string longer = payload;
    longer.insert(i, 1, 'A');
    ASSERT_FALSE(verify_payload(longer, key.public_key()).ok()) << "with 'A' at " << i;
  }
  EXPECT_GT(tried, payload.size() * 60);
  // Most alterations stay well-formed: those are caught by the signature itself.
  EXPECT_GT(signature_invalid, tried / 2);
}

TEST(RefundSigning, AnAlteredFormIdIsASignatureFailure) {
  const auto key = RefundSigningKey::from_seed(std::string(32, 'k'));
  std::string payload = make_refund_payload(decoded_form(TravellerSecret::generate()), key);
  payload[6] = 'G';  // F-2026… -> G-2026…
  auto verified = verify_payload(payload, key.public_key());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, "form.signature_invalid");
}

TEST(RefundSigning, APayloadSignedByAnotherKeyIsRefused) {
  const auto ours = RefundSigningKey::generate();
  const auto theirs = RefundSigningKey::generate();
  ASSERT_FALSE(ours.public_key() == theirs.public_key());
  const std::string payload =
      make_refund_payload(decoded_form(TravellerSecret::generate()), theirs);
  auto verified = verify_payload(payload, ours.public_key());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, "form.signature_invalid");
}

TEST(RefundSigning, MalformedPayloads) {
  const auto key = RefundSigningKey::from_seed(std::string(32, 'k'));
  const std::string good = make_refund_payload(decoded_form(TravellerSecret::generate()), key);
  for (const std::string& bad :
       {std::string(), std::string("OCTR1"), std::string("OCTR2") + good.substr(5), good + ".x",
        good.substr(0, good.rfind('.')), std::string(refund_payload_length_max + 1, 'A'),
        std::string("OCTR1.F-1.2026-02-30.") + std::string(43, 'A') + "." + std::string(86, 'A')}) {
    auto verified = verify_payload(bad, key.public_key());
    ASSERT_FALSE(verified.ok()) << bad;
    EXPECT_EQ(verified.error().code, "form.payload_malformed") << bad;
    EXPECT_EQ(verified.error().path, "/qr_payload");
  }
}

TEST(RefundSigning, Base64urlIsCanonical) {
  // "AB" and "AA" + "B"... : 1 byte is 2 characters with 4 unused bits, which must be zero.
  EXPECT_EQ(base64url_decode("QQ", 1), std::optional<std::string>("A"));
  EXPECT_FALSE(base64url_decode("QR", 1).has_value());
  EXPECT_FALSE(base64url_decode("QQ==", 1).has_value());
  EXPECT_FALSE(base64url_decode("Q Q", 1).has_value());
  EXPECT_FALSE(base64url_decode("QQ", 2).has_value());
}

TEST(RefundKeyFiles, SaveAndLoadRoundTrip) {
  TempDir dir;
  const auto key = RefundSigningKey::generate();
  ASSERT_TRUE(key.save(dir.path() / "refund.key").ok());
  ASSERT_TRUE(key.public_key().save(dir.path() / "refund.pub").ok());
  EXPECT_EQ(fs::status(dir.path() / "refund.key").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);

  auto loaded = RefundSigningKey::load(dir.path() / "refund.key");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->public_key(), key.public_key());
  auto public_key = RefundPublicKey::load(dir.path() / "refund.pub");
  ASSERT_TRUE(public_key.ok()) << public_key.error().message;
  EXPECT_EQ(*public_key, key.public_key());
  // A payload signed with the loaded key verifies with the loaded public key.
  const std::string payload =
      make_refund_payload(decoded_form(TravellerSecret::generate()), *loaded);
  EXPECT_TRUE(verify_payload(payload, *public_key).ok());

  auto from_text = RefundPublicKey::from_text(key.public_key().to_text());
  ASSERT_TRUE(from_text.ok());
  EXPECT_EQ(*from_text, key.public_key());
}

TEST(RefundKeyFiles, AKeyFileIsNeverOverwritten) {
  TempDir dir;
  const auto key = RefundSigningKey::generate();
  ASSERT_TRUE(key.save(dir.path() / "refund.key").ok());
  auto again = RefundSigningKey::generate().save(dir.path() / "refund.key");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "key.exists");
  EXPECT_EQ(RefundSigningKey::load(dir.path() / "refund.key")->public_key(), key.public_key());
}

TEST(RefundKeyFiles, ClearErrorsForBadFiles) {
  TempDir dir;
  const auto key = RefundSigningKey::generate();
  const fs::path missing = dir.path() / "missing.key";
  auto loaded = RefundSigningKey::load(missing);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, "key.unreadable");
  EXPECT_EQ(loaded.error().path, missing.string());
  EXPECT_NE(loaded.error().message.find("No such file"), std::string::npos)
      << loaded.error().message;

  const fs::path garbage = dir.path() / "garbage.key";
  write_file(garbage, "not a key\n", fs::perms::owner_read | fs::perms::owner_write);
  loaded = RefundSigningKey::load(garbage);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, "key.malformed");

  const fs::path truncated = dir.path() / "truncated.key";
  write_file(truncated, "octr-ed25519-secret-v1 AAAA\n",
             fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(RefundSigningKey::load(truncated).error().code, "key.malformed");

  // A public key file where the secret key is expected: the label tells them apart.
  const fs::path public_file = dir.path() / "refund.pub";
  ASSERT_TRUE(key.public_key().save(public_file).ok());
  fs::permissions(public_file, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(RefundSigningKey::load(public_file).error().code, "key.malformed");

  const fs::path open_secret = dir.path() / "open.key";
  ASSERT_TRUE(key.save(open_secret).ok());
  fs::permissions(open_secret, fs::perms::group_read | fs::perms::others_read,
                  fs::perm_options::add);
  EXPECT_EQ(RefundSigningKey::load(open_secret).error().code, "key.insecure_permissions");

  EXPECT_EQ(RefundSigningKey::load(dir.path()).error().code, "key.unreadable");  // a directory
  EXPECT_EQ(RefundPublicKey::from_text("short").error().code, "key.malformed");
}

TEST(TravellerKey, NeverThePassportAndDifferentPerSecret) {
  const auto first = TravellerSecret::generate();
  const auto second = TravellerSecret::generate();
  const std::string key = traveller_key("E12345678", "GB", first);
  EXPECT_EQ(key.size(), 64u);
  EXPECT_EQ(key.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(key, "E12345678");
  EXPECT_EQ(key.find("12345678"), std::string::npos);
  EXPECT_NE(key, traveller_key("E12345678", "GB", second));
  EXPECT_NE(key, traveller_key("E12345678", "IE", first));
  EXPECT_NE(key, traveller_key("E12345679", "GB", first));
  EXPECT_EQ(key, traveller_key("E12345678", "GB", first));  // stable
  EXPECT_EQ(key, traveller_key("e12345678", "GB", first));  // letters are case-insensitive
  EXPECT_EQ(decoded_form(first).traveller_key, key);
}

TEST(TravellerKey, SecretFileRoundTrip) {
  TempDir dir;
  const auto secret = TravellerSecret::generate();
  ASSERT_TRUE(secret.save(dir.path() / "traveller.key").ok());
  auto loaded = TravellerSecret::load(dir.path() / "traveller.key");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(traveller_key("E12345678", "GB", *loaded), traveller_key("E12345678", "GB", secret));
  // The signing key's file is not a traveller secret.
  ASSERT_TRUE(RefundSigningKey::generate().save(dir.path() / "refund.key").ok());
  EXPECT_EQ(TravellerSecret::load(dir.path() / "refund.key").error().code, "key.malformed");
}

TEST(RefundForm, TooManyItemsIsOneError) {
  std::string body =
      R"({"id":"F-1","store":"S","date":"2026-11-20",)"
      R"("traveller":{"passport":"E12345678","nationality":"GB","entry_date":"2026-11-15"},"items":[)";
  for (std::size_t i = 0; i <= tax_refund_items_max; ++i) {
    body += std::string(i ? "," : "") +
            R"({"description":"Tea","vat_rate":"13%","amount_incl_vat":"10.00"})";
  }
  body += "]}";
  auto decoded = decode_refund_form(body, TravellerSecret::generate(), at("2026-11-23T02:00:00Z"));
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].code, "form.too_many_items");
}

TEST(RefundForm, BodyOverTheLimitIsRefused) {
  const std::string body(refund_form_body_bytes_max + 1, ' ');
  auto decoded = decode_refund_form(body, TravellerSecret::generate(), at("2026-11-23T02:00:00Z"));
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].code, "body.too_large");
}

TEST(RefundForm, ContentHashFollowsContentNotSpelling) {
  const auto secret = TravellerSecret::from_bytes(std::string(32, 's'));
  const RefundForm form = decoded_form(secret);
  std::string respelled(kBody);
  respelled.replace(respelled.find("\"1000.00\""), 9, "\"1000\"");
  respelled.replace(respelled.find("E12345678"), 9, "e12345678");
  auto again = decode_refund_form(" " + respelled + "\n", secret, at("2026-11-23T02:00:00Z"));
  ASSERT_TRUE(again.errors.empty());
  EXPECT_EQ(refund_form_content_hash(again.form), refund_form_content_hash(form));
  RefundForm other = form;
  other.items[0].description = "Lens";
  EXPECT_NE(refund_form_content_hash(other), refund_form_content_hash(form));
  EXPECT_EQ(refund_form_content_hash(form).size(), 43u);
}

// --- QR images ---

// A small well-formedness check for the SVG this module writes: elements nest and close, attribute
// values are quoted, one root <svg>, nothing outside it.
bool well_formed_xml(std::string_view text, std::string& why) {
  std::vector<std::string> open;
  std::size_t pos = 0, roots = 0;
  while (pos < text.size()) {
    if (text[pos] != '<') {
      if (open.empty()) return why = "text outside the root", false;
      ++pos;
      continue;
    }
    const std::size_t end = text.find('>', pos);
    if (end == std::string_view::npos) return why = "unclosed tag", false;
    std::string_view tag = text.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    if (tag.starts_with('/')) {
      if (open.empty() || open.back() != tag.substr(1))
        return why = "mismatched </" + std::string(tag.substr(1)) + ">", false;
      open.pop_back();
      continue;
    }
    const bool self_closing = tag.ends_with('/');
    if (self_closing) tag.remove_suffix(1);
    const std::string name(tag.substr(0, tag.find(' ')));
    if (open.empty() && ++roots > 1) return why = "two roots", false;
    // Attributes: name="value" pairs, values without '<' or a stray quote.
    std::string_view rest = tag.substr(name.size());
    while (!rest.empty()) {
      if (rest.front() == ' ') {
        rest.remove_prefix(1);
        continue;
      }
      const auto eq = rest.find("=\"");
      if (eq == std::string_view::npos)
        return why = "attribute without a quoted value in <" + name + ">", false;
      const auto close = rest.find('"', eq + 2);
      if (close == std::string_view::npos) return why = "unterminated attribute", false;
      if (rest.substr(eq + 2, close - eq - 2).find('<') != std::string_view::npos)
        return why = "'<' in a value", false;
      rest.remove_prefix(close + 1);
    }
    if (!self_closing) open.push_back(name);
  }
  if (!open.empty()) return why = "unclosed <" + open.back() + ">", false;
  return roots == 1;
}

std::string attribute(std::string_view svg, std::string_view name) {
  const std::string key = " " + std::string(name) + "=\"";
  const auto start = svg.find(key);
  if (start == std::string_view::npos) return "";
  const auto value = start + key.size();
  return std::string(svg.substr(value, svg.find('"', value) - value));
}

std::uint32_t big_endian(std::string_view bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i)
    value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

TEST(QrImage, SvgIsWellFormedAndDrawsEveryDarkModule) {
  const auto key = RefundSigningKey::from_seed(std::string(32, 'k'));
  const std::string payload = make_refund_payload(decoded_form(TravellerSecret::generate()), key);
  auto code = encode_qr(payload);
  ASSERT_TRUE(code.ok()) << code.error().message;
  ASSERT_GE(code->width, 21);
  EXPECT_EQ((code->width - 17) % 4, 0) << "a QR code is 17 + 4 × version modules wide";

  const std::string svg = qr_svg(*code);
  std::string why;
  EXPECT_TRUE(well_formed_xml(svg, why)) << why;
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  const int side = code->width + 2 * qr_quiet_zone_modules;
  EXPECT_EQ(attribute(svg, "viewBox"), "0 0 " + std::to_string(side) + " " + std::to_string(side));
  EXPECT_EQ(attribute(svg, "width"), std::to_string(side * qr_png_module_px_default));

  // The path's runs, cell by cell, are exactly the dark modules, shifted by the quiet zone.
  std::size_t svg_path = svg.find(" d=\"");
  ASSERT_NE(svg_path, std::string::npos);
  ASSERT_EQ(svg.find(" d=\"", svg_path + 1), std::string::npos) << "one path";
  std::string d = attribute(svg, "d");
  std::set<std::pair<int, int>> drawn;
  int x = 0, y = 0, run = 0, back = 0;
  for (const char* p = d.c_str(); *p != '\0';) {
    ASSERT_EQ(std::sscanf(p, "M%d %dh%dv1h-%dz", &x, &y, &run, &back), 4) << p;
    ASSERT_EQ(run, back);
    for (int i = 0; i < run; ++i) ASSERT_TRUE(drawn.insert({x + i, y}).second) << "drawn twice";
    p = std::strchr(p, 'z') + 1;
  }
  std::size_t dark = 0;
  for (int my = 0; my < code->width; ++my) {
    for (int mx = 0; mx < code->width; ++mx) {
      if (!code->dark(mx, my)) continue;
      ++dark;
      EXPECT_TRUE(drawn.contains({mx + qr_quiet_zone_modules, my + qr_quiet_zone_modules}));
    }
  }
  EXPECT_EQ(drawn.size(), dark);
  EXPECT_GT(dark, static_cast<std::size_t>(code->width));  // finder patterns alone exceed this
}

TEST(QrImage, PngHasTheSignatureAndTheExpectedSize) {
  auto code = encode_qr("OCTR1.F-1.2026-11-20.AAAA");
  ASSERT_TRUE(code.ok());
  for (int scale : {1, 4, 5}) {
    auto png = qr_png(*code, scale);
    ASSERT_TRUE(png.ok()) << png.error().message;
    const std::string& bytes = *png;
    ASSERT_GT(bytes.size(), 33u);
    EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(big_endian(bytes, 8), 13u);  // IHDR length
    EXPECT_EQ(bytes.substr(12, 4), "IHDR");
    const auto side = static_cast<std::uint32_t>((code->width + 2 * qr_quiet_zone_modules) * scale);
    EXPECT_EQ(big_endian(bytes, 16), side);
    EXPECT_EQ(big_endian(bytes, 20), side);
    EXPECT_EQ(bytes[24], 1) << "bit depth";
    EXPECT_EQ(bytes[25], 0) << "greyscale";
    EXPECT_EQ(bytes.substr(bytes.size() - 8, 4), "IEND");
  }
  EXPECT_EQ(qr_png(*code, 0).error().code, "qr.bad_scale");
  EXPECT_EQ(qr_png(*code, qr_png_module_px_max + 1).error().code, "qr.bad_scale");
}

TEST(QrImage, PayloadsAQrCodeCannotHoldAreRefused) {
  EXPECT_EQ(encode_qr("").error().code, "qr.payload_empty");
  EXPECT_EQ(encode_qr(std::string(qr_payload_bytes_max + 1, 'a')).error().code,
            "qr.payload_too_long");
  EXPECT_EQ(encode_qr(std::string("a\0b", 3)).error().code, "qr.payload_nul");
  auto largest = encode_qr(std::string(qr_payload_bytes_max, 'a'));
  ASSERT_TRUE(largest.ok()) << largest.error().message;
  EXPECT_EQ(largest->width, 177);  // version 40
}

}  // namespace
}  // namespace oc
