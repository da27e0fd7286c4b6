// A postal item's record as the store keeps it: two texts, the lodged item's canonical JSON
// (canonical_postal_item_json, item.h: never changes after lodging, its SHA-256 tells a replayed
// lodging from another) and the state JSON holding every other field of PostalItemRecord — the
// status, the recipient's declaration (keys and masks, never a clear phone or identity number), the
// tax with its categories and rates (not pointers into a tariff), the payment, the refunds and the
// return. read_postal_record gives back exactly the record that was written (tested with ==).
// Errors: store.corrupt (path: the JSON pointer of the first field that is not as written —
// missing, of another type, a bad decimal, timestamp or enum name, or written twice; a member that
// is never written is reported at its object's path, since its name could be anything; the
// message never repeats a key). Never a crash, whatever the texts hold.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "postal/item_state.h"

namespace oc {

std::string postal_record_state_json(const PostalItemRecord& record);
Result<PostalItem> read_postal_item(std::string_view canonical);
Result<PostalItemRecord> read_postal_record(std::string_view item_canonical,
                                            std::string_view state_json);

}  // namespace oc
