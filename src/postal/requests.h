// The smaller postal bodies: the tax payment, a refund request, an officer's review of a refund
// request and a return to the sender (regimes-v1 "Postal items"). What each one may do to an
// item is decided by postal/item_state.h; these only decode.
//
// Bodies:
//   payment         {"phone","amount","method":"wechat|alipay|unionpay|bank_card","reference"}
//   refund request  {"id","phone","reason","amount"}
//   refund review   {"decision":"approved|rejected","reason"}   reason required when rejected
//   return          {"reason":"refused_by_recipient|unpaid|prohibited|undeliverable","phone"?}
//                   phone required when refused_by_recipient (the recipient refuses), optional
//                   otherwise (the operator or an officer returns it; the route authorises them).
// Amounts are CNY with at most 2 fraction digits, 0 < amount ≤ postal_amount_max_cny. Phones are
// normalised and hashed at once (item.h); the clear number never leaves the decoder.
// Every decoder reports every error at once with JSON-pointer paths: body.too_large (over
// postal_request_body_bytes_max), json.syntax, json.utf8, json.type, field.unknown,
// field.duplicate, postal.required, postal.type and the codes listed per decoder.
// Thread safety: value types and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/codes.h"
#include "core/decimal.h"
#include "core/identity_key.h"
#include "core/result.h"

namespace oc {

inline constexpr std::size_t postal_reference_length_max = 64;  // printable ASCII
inline constexpr std::size_t postal_refund_id_length_max = client_id_length_max;  // core/codes.h
inline constexpr std::size_t postal_reason_bytes_max = 512;

enum class PostalPaymentMethod { wechat, alipay, unionpay, bank_card };
std::string_view to_string(PostalPaymentMethod method);

struct PostalPayment {
  std::string phone_key;
  Decimal amount;  // must equal the tax payable exactly (item_state.h)
  PostalPaymentMethod method = PostalPaymentMethod::wechat;
  std::string reference;  // the payment provider's transaction reference
  bool operator==(const PostalPayment&) const = default;
};
// Codes: postal.phone, postal.amount, postal.method, postal.reference.
struct DecodedPostalPayment {
  PostalPayment payment;
  Errors errors;
};
DecodedPostalPayment decode_postal_payment(std::string_view json,
                                           const IdentityHasher& phone_hasher);

struct PostalRefundRequest {
  std::string id;  // client-chosen, unique per item
  std::string phone_key;
  std::string reason;
  Decimal amount;
  bool operator==(const PostalRefundRequest&) const = default;
};
// Codes: postal.refund_id, postal.phone, postal.reason, postal.amount.
struct DecodedPostalRefundRequest {
  PostalRefundRequest request;
  Errors errors;
};
DecodedPostalRefundRequest decode_postal_refund_request(std::string_view json,
                                                        const IdentityHasher& phone_hasher);

enum class PostalRefundDecision { approved, rejected };
std::string_view to_string(PostalRefundDecision decision);

struct PostalRefundReview {
  PostalRefundDecision decision = PostalRefundDecision::approved;
  std::string reason;  // "" only for an approval
  bool operator==(const PostalRefundReview&) const = default;
};
// Codes: postal.decision, postal.reason (also at /reason when a rejection has none).
struct DecodedPostalRefundReview {
  PostalRefundReview review;
  Errors errors;
};
DecodedPostalRefundReview decode_postal_refund_review(std::string_view json);

enum class PostalReturnReason { refused_by_recipient, unpaid, prohibited, undeliverable };
std::string_view to_string(PostalReturnReason reason);

struct PostalReturnRequest {
  PostalReturnReason reason = PostalReturnReason::undeliverable;
  std::optional<std::string> phone_key;  // present when the body carried a phone
  bool operator==(const PostalReturnRequest&) const = default;
};
// Codes: postal.reason, postal.phone (also postal.required at /phone for refused_by_recipient).
struct DecodedPostalReturnRequest {
  PostalReturnRequest request;
  Errors errors;
};
DecodedPostalReturnRequest decode_postal_return_request(std::string_view json,
                                                        const IdentityHasher& phone_hasher);

}  // namespace oc
