// Test helpers for the risk module: compact declarations for fixtures ("hs=8703231990
// origin=XX quantity=10 ..."), the printed form of a fired rule, and file reading.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "declaration/declaration.h"
#include "risk/rule_matcher.h"

namespace oc::testing {

// A valid-looking import declaration with no items; fixtures change only what matters.
Declaration base_declaration();
// An item with defaults (hs 8471300000, origin DE, quantity 10 PCE, net 100, gross 110,
// amount 5000, MFN).
Item base_item();

// Applies "key=value key=value ..." to the declaration's fields: type procedure declarant
// importer exporter exporter_country office port mode trading departure incoterm currency freight
// insurance. Returns an error message, or "" when every pair applied.
std::string apply_declaration_fields(Declaration& declaration, std::string_view pairs);
// The same for an item: hs origin quantity unit net gross amount preference.
std::string apply_item_fields(Item& item, std::string_view pairs);

// "R-0042 item 0 red 100%", "R-0050 score +0.35" (no "item" for a declaration rule).
std::string describe(const FiredRule& fired);
std::vector<std::string> describe(const std::vector<FiredRule>& fired);

std::string read_text_file(const std::string& path);

}  // namespace oc::testing
