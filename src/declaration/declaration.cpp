// Names of the declaration's enumerations as they appear in JSON.
#include "declaration/declaration.h"

#include <array>

#include "core/enum_names.h"

namespace oc {
namespace {

constexpr std::array<std::string_view, 2> kTypes = {"import", "export"};
constexpr std::array<std::string_view, 7> kModes = {"sea",  "air",      "road", "rail",
                                                    "post", "pipeline", "other"};
constexpr std::array<std::string_view, 10> kIncoterms = {"EXW", "FCA", "FOB", "CFR", "CIF",
                                                         "CPT", "CIP", "DAP", "DPU", "DDP"};
constexpr std::array<std::string_view, 7> kDocumentTypes = {
    "invoice", "packing_list", "bill_of_lading", "air_waybill", "certificate_of_origin",
    "licence", "contract"};
// China's agreements in force: RCEP, the China–ASEAN FTA, APTA, and the bilateral ones, by a
// short code each. MFN is not an agreement but the default claim.
constexpr std::array<std::string_view, 22> kAgreements = {
    "RCEP",        "ASEAN",     "APTA",      "AUSTRALIA", "KOREA",  "NEW_ZEALAND",
    "SWITZERLAND", "ICELAND",   "PAKISTAN",  "CHILE",     "PERU",   "COSTA_RICA",
    "GEORGIA",     "MAURITIUS", "SINGAPORE", "CAMBODIA",  "SERBIA", "ECUADOR",
    "NICARAGUA",   "ECFA",      "CEPA_HK",   "CEPA_MO"};

}  // namespace

std::string_view to_string(DeclarationType type) {
  return kTypes[static_cast<std::size_t>(type)];
}
std::string_view to_string(TransportMode mode) {
  return kModes[static_cast<std::size_t>(mode)];
}
std::string_view to_string(Incoterm incoterm) {
  return kIncoterms[static_cast<std::size_t>(incoterm)];
}
std::string_view to_string(DocumentType type) {
  return kDocumentTypes[static_cast<std::size_t>(type)];
}
std::optional<DeclarationType> parse_declaration_type(std::string_view text) {
  return parse_enum_name<DeclarationType>(kTypes, text);
}
std::optional<TransportMode> parse_transport_mode(std::string_view text) {
  return parse_enum_name<TransportMode>(kModes, text);
}
std::optional<Incoterm> parse_incoterm(std::string_view text) {
  return parse_enum_name<Incoterm>(kIncoterms, text);
}
std::optional<DocumentType> parse_document_type(std::string_view text) {
  return parse_enum_name<DocumentType>(kDocumentTypes, text);
}
bool is_known_agreement(std::string_view code) {
  for (std::string_view known : kAgreements) {
    if (known == code) return true;
  }
  return false;
}

}  // namespace oc
