// Who may do what: the single place that decides. Two questions, asked in this order:
//   1. may this role call this route at all?            no -> 403 auth.forbidden
//   2. may this principal see this declaration?          no -> 404 (existence is not leaked)
// Traders (and brokers) are bound to one party id and see declarations where that party is the
// declarant, importer or exporter. Officers are bound to customs offices. Auditors read
// everything plus the audit log. Admins manage tokens (and later reference data and rules).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/routes.h"
#include "declaration/event.h"

namespace oc::api {

struct Principal {
  std::string token_id;
  Role role = Role::trader;
  std::string party;                 // traders
  std::vector<std::string> offices;  // officers

  bool has_office(std::string_view office) const;
};

// The parties and office of one declaration, as authorization needs them.
struct DeclarationParties {
  std::string declarant;
  std::string importer;
  std::string exporter;
  std::string office;
};

// Routes that need no token (health, metrics, the API description).
bool is_public(RouteId route);
// Routes a member of the public may call without a token, proving who they are otherwise (a
// postal item's recipient, with the phone number on the item). A request that does carry a token
// is authorized by its role as usual.
bool allows_anonymous(RouteId route);
// Question 1.
bool role_may_call(Role role, RouteId route);
// Question 2.
bool may_see(const Principal& principal, const DeclarationParties& declaration);

}  // namespace oc::api
