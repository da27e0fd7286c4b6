// Fuzz target: the input is tried as a refund form body (POST /v1/taxrefund/forms) and as a
// scanned QR payload (POST /v1/taxrefund/verifications); short inputs are also drawn as QR codes.
// Nothing may crash, hang or trip a sanitizer; beyond that:
//   - every error has a form./field./json./body./refund. code (payloads: form.payload_malformed
//     or form.signature_invalid at /qr_payload) and an empty or JSON-pointer path;
//   - a cleanly decoded form has 0 ≤ refund ≤ purchase total and a 64-hex traveller key; its
//     signed payload verifies to its id, date and content hash, fits in a QR code, and a first
//     scan of it at a valid departure is verified with cash_max + bank_card = refund;
//   - a payload that verifies under the fixed key is byte for byte the one make_refund_payload
//     gives for its fields (Ed25519 signing is deterministic);
//   - a QR code is 17 + 4v modules wide, its SVG is one <svg> element and its PNG starts with
//     the PNG signature.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "taxrefund/qr_image.h"
#include "taxrefund/refund_form.h"
#include "taxrefund/refund_signing.h"
#include "taxrefund/refund_verification.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

const oc::TravellerSecret& secret() {
  static const oc::TravellerSecret value = oc::TravellerSecret::from_bytes(std::string(32, 's'));
  return value;
}

const oc::RefundSigningKey& key() {
  static const oc::RefundSigningKey value = oc::RefundSigningKey::from_seed(std::string(32, 'k'));
  return value;
}

oc::TimePoint now() {
  return *oc::parse_timestamp("2026-11-23T02:00:00Z");
}

void check_error(const oc::Error& error) {
  std::string_view code = error.code;
  check(code.starts_with("form.") || code.starts_with("field.") || code.starts_with("json.") ||
        code.starts_with("refund.") || code == "body.too_large");
  check(error.path.empty() || error.path.front() == '/');
}

// A first scan of a form whose payload verified, departing in an hour.
void check_first_scan(const oc::RefundPayload& payload, const oc::Decimal& refund) {
  const oc::StoredRefundForm stored{payload.form_id, payload.purchase_date, payload.content_hash,
                                    refund, std::nullopt};
  const oc::Departure departure{now() + std::chrono::hours(1), oc::Decimal::from_units(0, 2),
                                now()};
  auto decision = oc::decide_refund_verification(payload, stored, departure);
  if (!decision) {
    const std::string& code = decision.error().code;
    check(code == "form.expired" || code == "form.not_departing");
    return;
  }
  check(decision->refund_amount == refund);
  check(decision->cash_max.sign() >= 0 && decision->bank_card.sign() >= 0);
  auto sum = decision->cash_max.add(decision->bank_card);
  check(sum.ok() && *sum == refund);
}

void fuzz_form(std::string_view input) {
  const oc::DecodedRefundForm decoded = oc::decode_refund_form(input, secret(), now());
  for (const auto& error : decoded.errors) check_error(error);
  if (!decoded.errors.empty()) return;
  const oc::RefundForm& form = decoded.form;
  check(form.amount.refund.sign() >= 0 && form.amount.refund <= form.amount.purchase_total);
  check(form.traveller_key.size() == 64 &&
        form.traveller_key.find_first_not_of("0123456789abcdef") == std::string::npos);
  const std::string payload = oc::make_refund_payload(form, key());
  auto verified = oc::verify_payload(payload, key().public_key());
  check(verified.ok());
  check(verified->form_id == form.id && verified->purchase_date == form.date &&
        verified->content_hash == oc::refund_form_content_hash(form));
  check(oc::encode_qr(payload).ok());
  check_first_scan(*verified, form.amount.refund);
}

void fuzz_payload(std::string_view input) {
  auto verified = oc::verify_payload(input, key().public_key());
  if (!verified) {
    const std::string& code = verified.error().code;
    check(code == "form.payload_malformed" || code == "form.signature_invalid");
    check(verified.error().path == "/qr_payload");
    return;
  }
  check(oc::make_refund_payload(*verified, key()) == input);
  check_first_scan(*verified, oc::Decimal::from_units(9000, 2));
}

void fuzz_qr(std::string_view input) {
  if (input.size() > 256) return;  // larger codes only cost time
  auto code = oc::encode_qr(input);
  if (!code) return;
  check(code->width >= 21 && code->width <= 177 && (code->width - 17) % 4 == 0);
  const std::string svg = oc::qr_svg(*code);
  check(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
  auto png = oc::qr_png(*code, 1);
  check(png.ok() && png->starts_with("\x89PNG\r\n\x1a\n"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  fuzz_form(input);
  fuzz_payload(input);
  fuzz_qr(input);
  return 0;
}
