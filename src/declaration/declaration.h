// The goods declaration: the plain struct every entry point (HTTP, CLI, EDIFACT) decodes into,
// with the named limits that bound it. Field names follow ../shared/api/declaration-v1.md.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.h"

namespace oc {

// Limits of one declaration. Each is enforced with a clear error, never a silent cut.
inline constexpr std::size_t declaration_body_bytes_max = 1024 * 1024;
inline constexpr std::size_t json_depth_max = 16;
inline constexpr std::size_t items_max = 999;
inline constexpr std::size_t documents_max = 99;
inline constexpr std::size_t lrn_length_max = 35;
inline constexpr std::size_t party_id_length_max = 35;
inline constexpr std::size_t party_name_length_max = 256;
inline constexpr std::size_t description_length_max = 512;
inline constexpr std::size_t document_id_length_max = 35;
inline constexpr std::size_t decimal_text_length_max = 32;
inline constexpr int money_fraction_digits_max = 4;
inline constexpr int quantity_fraction_digits_max = 6;
// The largest amount, quantity or mass one field may carry (1e13), so that sums over 999 items
// and conversions to CNY stay far inside the exact decimal range.
inline constexpr std::int64_t decimal_whole_max = 10'000'000'000'000;

enum class DeclarationType { import, export_ };
enum class TransportMode { sea, air, road, rail, post, pipeline, other };
enum class Incoterm { EXW, FCA, FOB, CFR, CIF, CPT, CIP, DAP, DPU, DDP };
enum class DocumentType {
  invoice,
  packing_list,
  bill_of_lading,
  air_waybill,
  certificate_of_origin,
  licence,
  contract
};

struct Party {
  std::string id;
  std::string name;
  std::string country;  // ISO 3166 alpha-2; optional ("" when absent)

  bool operator==(const Party&) const = default;
};

struct Document {
  DocumentType type = DocumentType::invoice;
  std::string id;
  std::string agreement;  // certificate_of_origin only; "" when absent

  bool operator==(const Document&) const = default;
};

struct Item {
  std::string hs_code;
  std::string description;
  std::string origin;
  Decimal quantity;
  std::string unit;
  Decimal net_mass_kg;
  Decimal gross_mass_kg;
  Decimal invoice_amount;
  std::string preference = "MFN";

  bool operator==(const Item&) const = default;
};

struct Declaration {
  std::string lrn;
  DeclarationType type = DeclarationType::import;
  std::string procedure;
  std::string declarant;
  Party importer;
  Party exporter;
  std::string office;
  std::string port;
  TransportMode transport_mode = TransportMode::sea;
  std::string trading_country;
  std::string departure_country;  // optional
  Incoterm incoterm = Incoterm::FOB;
  std::string currency;
  Decimal freight = Decimal::from_units(0, 2);
  Decimal insurance = Decimal::from_units(0, 2);
  std::vector<Document> documents;
  std::vector<Item> items;

  bool operator==(const Declaration&) const = default;
};

std::string_view to_string(DeclarationType type);
std::string_view to_string(TransportMode mode);
std::string_view to_string(Incoterm incoterm);
std::string_view to_string(DocumentType type);
std::optional<DeclarationType> parse_declaration_type(std::string_view text);
std::optional<TransportMode> parse_transport_mode(std::string_view text);
std::optional<Incoterm> parse_incoterm(std::string_view text);
std::optional<DocumentType> parse_document_type(std::string_view text);

// Trade agreements under which a preference may be claimed (the tariff issue will read the
// agreement list from the tariff directory; until then this is the project's list).
bool is_known_agreement(std::string_view code);

}  // namespace oc
