// The payment receipt of a postal item as a PDF (`GET /v1/postal/items/{tracking_no}/receipt`),
// drawn with libharu in the standard Helvetica font.
//
// Content: the receipt number, tracking number, origin, the recipient by masked phone only (names
// are often not ASCII), each content line (description, category, rate, value in CNY, tax), the
// parcel totals (value, tax computed, tax payable) and the payment (amount, method, provider
// reference, time in UTC). Lines flow onto further pages when needed; a description or category
// too wide for its column is shown cut with "..." (the full text is in the lookup answer).
// Text: Helvetica with the standard encoding shows ASCII only, so every byte outside printable
// ASCII is shown as '?' (one '?' per UTF-8 character: "Grüner Tee" → "Gr?ner Tee").
// Reproducible: the document's creation date is the payment time and streams are not compressed,
// so the same record gives byte-identical PDF every time, and the text can be found in the bytes.
// Errors: postal.state_conflict (the item has no payment), postal.receipt_failed (libharu refused;
// a bug or out of memory: the integrator answers 500).
// Thread safety: a pure function; each call uses its own libharu document.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "postal/item_state.h"

namespace oc {

// `description` with each UTF-8 character outside printable ASCII (0x20–0x7E) replaced by '?'.
std::string postal_receipt_ascii(std::string_view description);

Result<std::string> render_postal_receipt_pdf(const PostalItemRecord& record);

}  // namespace oc
