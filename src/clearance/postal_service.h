// PostalService: the one-stop postal platform (regimes-v1 "Postal items") end to end. The postal
// operator lodges items; the recipient — who has no account, and proves who they are with the
// phone number on the item — looks an item up, declares its contents, pays the postal tax and
// downloads the receipt, asks for a refund; an officer reviews refunds; the recipient, the
// operator or an officer returns an item to its sender. Every step is a transition of the pure
// state machine in postal/item_state.h, applied inside one store transaction (read, transition,
// write, audit entry), so two steps on one item never interleave.
//
// Phone proofs: a wrong phone answers exactly like an unknown tracking number (404
// postal.not_found), so pairs cannot be told apart; and after postal_proof_failures_max wrong
// phones for one item within postal_proof_window, every proof for that item is refused for the
// rest of the window (429 postal.too_many_attempts), so the 10^8 phones of one prefix cannot be
// tried. (The API also rate-limits requests without a token per remote address.)
// Thread safety: every member may be called from many threads.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "clearance/regime_answer.h"
#include "core/clock.h"
#include "core/identity_key.h"
#include "postal/item_state.h"
#include "store/store.h"
#include "tariff/tariff.h"

namespace oc {

inline constexpr std::string_view postal_item_kind = "postal.item";
inline constexpr int postal_proof_failures_max = 5;
inline constexpr std::chrono::minutes postal_proof_window{15};
// Items whose failures are remembered at once; beyond it expired entries are dropped first.
inline constexpr std::size_t postal_proof_tracked_max = 100'000;

// Who calls: the recipient (no token; proves with the phone), the postal operator (a trader: its
// own items), an officer, or an auditor (reads only).
struct PostalCaller {
  enum class Kind { recipient, operator_party, officer, auditor };
  Kind kind = Kind::recipient;
  std::string party;  // operator_party
};

struct PostalReceipt {
  std::string receipt_no;
  std::string pdf;
};

class PostalService {
 public:
  PostalService(IdentityHasher phone_key, IdentityHasher id_number_key, const Tariff& tariff,
                Store& store, const Clock& clock)
      : phone_key_(std::move(phone_key)),
        id_number_key_(std::move(id_number_key)),
        tariff_(tariff),
        store_(store),
        clock_(clock) {}

  // POST /v1/postal/items (operator). 201 the view; 200 replay. Errors:
  // item.exists_with_different_content, store.*. Rejections: the body's errors, and
  // postal.unknown_category (422) for categories the tariff does not know.
  Result<RegimeAnswer> lodge(std::string_view body, const PostalCaller& caller,
                             std::optional<AuditEntry> audit);
  // GET /v1/postal/items/{tracking_no}[?phone=]: the view (postal_item_view_json). The recipient
  // must give the phone; the operator sees its own items, officers and auditors all.
  Result<std::string> view(std::string_view tracking_no, std::optional<std::string_view> phone,
                           const PostalCaller& caller);
  // POST …/declaration, …/payment, …/refund-requests (the recipient: the phone is in the body),
  // …/refund-requests/{id}/review (an officer), …/return (recipient with phone, the operator, an
  // officer). 201 (200 for a replay of the same body) with the view. Errors: postal.not_found
  // (404), postal.too_many_attempts (429), the state machine's codes (409/422); rejections: the
  // body's errors.
  Result<RegimeAnswer> declare(std::string_view tracking_no, std::string_view body,
                               const PostalCaller& caller, std::optional<AuditEntry> audit);
  Result<RegimeAnswer> pay(std::string_view tracking_no, std::string_view body,
                           const PostalCaller& caller, std::optional<AuditEntry> audit);
  Result<RegimeAnswer> request_refund(std::string_view tracking_no, std::string_view body,
                                      const PostalCaller& caller, std::optional<AuditEntry> audit);
  Result<RegimeAnswer> review_refund(std::string_view tracking_no, std::string_view refund_id,
                                     std::string_view body, const PostalCaller& caller,
                                     std::optional<AuditEntry> audit);
  Result<RegimeAnswer> return_item(std::string_view tracking_no, std::string_view body,
                                   const PostalCaller& caller, std::optional<AuditEntry> audit);
  // GET …/receipt[?phone=]: the PDF of the payment. Errors: postal.not_found,
  // postal.not_paid (409), postal.receipt_failed.
  Result<PostalReceipt> receipt(std::string_view tracking_no,
                                std::optional<std::string_view> phone, const PostalCaller& caller);

 private:
  // Loads the item and checks that the caller may act on it; `phone_key` is the recipient's
  // proof (empty when the caller proves nothing). Counts failed proofs.
  struct Loaded {
    RegimeRecord stored;
    PostalItemRecord record;
  };
  Result<Loaded> load(RegimeTransaction* tx, std::string_view tracking_no,
                      const std::string& phone_key, const PostalCaller& caller);
  // load() for the GET routes: the path's tracking number, the ?phone= proof, the throttle.
  Result<Loaded> read(std::string_view tracking_no, std::optional<std::string_view> phone,
                      const PostalCaller& caller);
  // One step: load, then `step` gives the new record (or nullopt for a replay, answered with the
  // current view), then write with the audit entry.
  using Step = std::function<Result<std::optional<PostalItemRecord>>(const PostalItemRecord&)>;
  Result<RegimeAnswer> apply(std::string_view tracking_no, const std::string& phone_key,
                             const PostalCaller& caller, std::optional<AuditEntry> audit,
                             const Step& step);
  std::string phone_key_of(std::string_view phone) const;

  // Failed phone proofs per item.
  VoidResult check_throttle(const std::string& tracking_no);
  void note_failure(const std::string& tracking_no);
  struct Failures {
    int count = 0;
    TimePoint window_start;
  };
  std::mutex throttle_mutex_;
  std::unordered_map<std::string, Failures> failures_;

  IdentityHasher phone_key_;
  IdentityHasher id_number_key_;
  const Tariff& tariff_;
  Store& store_;
  const Clock& clock_;
};

}  // namespace oc
