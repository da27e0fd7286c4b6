#include "postal/requests.h"

#include "postal/body_decoder.h"

namespace oc {

using postal_detail::BodyDecoder;
using postal_detail::element;

namespace {

bool is_reference(std::string_view text) {
  if (text.empty() || text.size() > postal_reference_length_max) return false;
  for (char c : text) {
    if (c < 0x21 || c > 0x7e) return false;  // printable ASCII, no spaces
  }
  return true;
}

}  // namespace

std::string_view to_string(PostalPaymentMethod method) {
  switch (method) {
    case PostalPaymentMethod::wechat:
      return "wechat";
    case PostalPaymentMethod::alipay:
      return "alipay";
    case PostalPaymentMethod::unionpay:
      return "unionpay";
    case PostalPaymentMethod::bank_card:
      return "bank_card";
  }
  return "wechat";
}

std::string_view to_string(PostalRefundDecision decision) {
  return decision == PostalRefundDecision::approved ? "approved" : "rejected";
}

std::string_view to_string(PostalReturnReason reason) {
  switch (reason) {
    case PostalReturnReason::refused_by_recipient:
      return "refused_by_recipient";
    case PostalReturnReason::unpaid:
      return "unpaid";
    case PostalReturnReason::prohibited:
      return "prohibited";
    case PostalReturnReason::undeliverable:
      return "undeliverable";
  }
  return "undeliverable";
}

DecodedPostalPayment decode_postal_payment(std::string_view json,
                                           const IdentityHasher& phone_hasher) {
  DecodedPostalPayment decoded;
  PostalPayment& payment = decoded.payment;
  BodyDecoder decoder(decoded.errors);
  auto body = decoder.parse(json, postal_request_body_bytes_max, "a payment");
  if (!body) return decoded;
  decoder.fields(*body, "", {"phone", "amount", "method", "reference"}, {},
                 [&](std::string_view key, element field) {
                   const std::string path = "/" + std::string(key);
                   if (key == "phone") {
                     if (auto phone = decoder.phone(field, path))
                       payment.phone_key = phone_hasher(*phone);
                   } else if (key == "amount") {
                     if (auto amount = decoder.amount(field, path)) payment.amount = *amount;
                   } else if (key == "method") {
                     auto text = decoder.string(field, path);
                     if (!text) return;
                     if (*text == "wechat")
                       payment.method = PostalPaymentMethod::wechat;
                     else if (*text == "alipay")
                       payment.method = PostalPaymentMethod::alipay;
                     else if (*text == "unionpay")
                       payment.method = PostalPaymentMethod::unionpay;
                     else if (*text == "bank_card")
                       payment.method = PostalPaymentMethod::bank_card;
                     else
                       decoder.add("postal.method", path, "wechat, alipay, unionpay or bank_card");
                   } else {
                     auto text = decoder.string(field, path);
                     if (text && !is_reference(*text)) {
                       decoder.add("postal.reference", path,
                                   "a payment reference of 1 to 64 printable ASCII characters "
                                   "without spaces");
                     } else if (text) {
                       payment.reference = std::string(*text);
                     }
                   }
                 });
  return decoded;
}

DecodedPostalRefundRequest decode_postal_refund_request(std::string_view json,
                                                        const IdentityHasher& phone_hasher) {
  DecodedPostalRefundRequest decoded;
  PostalRefundRequest& request = decoded.request;
  BodyDecoder decoder(decoded.errors);
  auto body = decoder.parse(json, postal_request_body_bytes_max, "a refund request");
  if (!body) return decoded;
  decoder.fields(
      *body, "", {"id", "phone", "reason", "amount"}, {}, [&](std::string_view key, element field) {
        const std::string path = "/" + std::string(key);
        if (key == "id") {
          auto text = decoder.string(field, path);
          if (text && !is_client_id_syntax(*text)) {
            decoder.add("postal.refund_id", path,
                        "an id of 1 to 64 characters A-Z, a-z, 0-9, '-' or '_'");
          } else if (text) {
            request.id = std::string(*text);
          }
        } else if (key == "phone") {
          if (auto phone = decoder.phone(field, path)) request.phone_key = phone_hasher(*phone);
        } else if (key == "reason") {
          auto v = decoder.text(field, path, "postal.reason", postal_reason_bytes_max, "a reason");
          if (v) request.reason = std::move(*v);
        } else {
          if (auto amount = decoder.amount(field, path)) request.amount = *amount;
        }
      });
  return decoded;
}

DecodedPostalRefundReview decode_postal_refund_review(std::string_view json) {
  DecodedPostalRefundReview decoded;
  PostalRefundReview& review = decoded.review;
  BodyDecoder decoder(decoded.errors);
  auto body = decoder.parse(json, postal_request_body_bytes_max, "a refund review");
  if (!body) return decoded;
  bool decided = false;
  decoder.fields(*body, "", {"decision"}, {"reason"}, [&](std::string_view key, element field) {
    const std::string path = "/" + std::string(key);
    if (key == "decision") {
      auto text = decoder.string(field, path);
      if (!text) return;
      if (*text == "approved")
        review.decision = PostalRefundDecision::approved, decided = true;
      else if (*text == "rejected")
        review.decision = PostalRefundDecision::rejected, decided = true;
      else
        decoder.add("postal.decision", path, "approved or rejected");
    } else {
      auto v = decoder.text(field, path, "postal.reason", postal_reason_bytes_max, "a reason");
      if (v) review.reason = std::move(*v);
    }
  });
  if (decided && review.decision == PostalRefundDecision::rejected && review.reason.empty() &&
      decoder.clean()) {
    decoder.add("postal.reason", "/reason", "a rejection needs a reason the recipient can read");
  }
  return decoded;
}

DecodedPostalReturnRequest decode_postal_return_request(std::string_view json,
                                                        const IdentityHasher& phone_hasher) {
  DecodedPostalReturnRequest decoded;
  PostalReturnRequest& request = decoded.request;
  BodyDecoder decoder(decoded.errors);
  auto body = decoder.parse(json, postal_request_body_bytes_max, "a return");
  if (!body) return decoded;
  bool has_reason = false, has_phone_field = false;
  decoder.fields(*body, "", {"reason"}, {"phone"}, [&](std::string_view key, element field) {
    const std::string path = "/" + std::string(key);
    if (key == "reason") {
      auto text = decoder.string(field, path);
      if (!text) return;
      has_reason = true;
      if (*text == "refused_by_recipient")
        request.reason = PostalReturnReason::refused_by_recipient;
      else if (*text == "unpaid")
        request.reason = PostalReturnReason::unpaid;
      else if (*text == "prohibited")
        request.reason = PostalReturnReason::prohibited;
      else if (*text == "undeliverable")
        request.reason = PostalReturnReason::undeliverable;
      else {
        has_reason = false;
        decoder.add("postal.reason", path,
                    "refused_by_recipient, unpaid, prohibited or undeliverable");
      }
    } else {
      has_phone_field = true;
      if (auto phone = decoder.phone(field, path)) request.phone_key = phone_hasher(*phone);
    }
  });
  if (has_reason && request.reason == PostalReturnReason::refused_by_recipient &&
      !has_phone_field) {
    decoder.add("postal.required", "/phone", "a recipient's refusal carries the recipient's phone");
  }
  return decoded;
}

}  // namespace oc
