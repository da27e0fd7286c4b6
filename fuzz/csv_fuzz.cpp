// Fuzz target: any bytes through the RFC 4180 reader (reading every record, good or bad, to the
// end) and through the bulk-import CSV layout. Nothing may crash, hang or trip a sanitizer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/csv.h"
#include "declaration/csv_layout.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view content(reinterpret_cast<const char*>(data), size);
  auto reader = oc::CsvReader::open(content, "fuzz.csv", {"last"});
  if (reader) {
    std::size_t guard = 0;
    while (true) {
      auto more = reader->next();
      if (more && !*more) break;
      if (!more && more.error().code == "csv.unterminated_quote") break;
      if (more && reader->record().fields.size() != reader->header().size() &&
          reader->header().back() != "last") {
        std::abort();  // a record must have exactly the header's field count
      }
      if (++guard > size + 2) std::abort();  // every call consumes input: no endless loop
    }
  }
  auto declarations = oc::read_declarations_csv(content, "fuzz.csv");
  (void)declarations;
  return 0;
}
