// `opencustoms token create|revoke|list` and `opencustoms audit verify`.
#include <cstdio>

#include "api/api.h"
#include "api/tokens.h"
#include "app/app_context.h"
#include "app/commands.h"

namespace oc::app {
namespace {

void print_token(const TokenRecord& token, const std::string& secret) {
  std::printf("%s\n", api::token_to_json(token, secret).c_str());
}

}  // namespace

int run_token_create(const CommonOptions& options, const TokenOptions& request) {
  auto role = parse_role(request.role);
  if (!role || *role == Role::system) {
    print_error(
        make_error("role.invalid", "--role", "role must be trader, officer, auditor or admin"));
    return exit_failure;
  }
  TokenRecord token;
  token.role = *role;
  token.party = request.party;
  token.offices = request.offices;
  token.label = request.label;
  if (auto checked = api::check_token_binding(token); !checked) {
    print_error(checked.error());
    return exit_failure;
  }
  auto store = open_store_or_report(options.db);
  if (!store) return exit_failure;
  api::NewToken secret = api::generate_token();
  token.id = secret.id;
  token.token_sha256 = secret.sha256;
  token.created_at = SystemClock().now();
  if (auto created = (*store)->create_token(token); !created) {
    print_error(created.error());
    return exit_failure;
  }
  print_token(token, secret.secret);
  std::fprintf(stderr, "the token is shown once; only its hash is stored\n");
  return exit_ok;
}

int run_token_revoke(const CommonOptions& options, const std::string& id) {
  auto store = open_store_or_report(options.db);
  if (!store) return exit_failure;
  auto revoked = (*store)->revoke_token(id, SystemClock().now());
  if (!revoked) {
    print_error(revoked.error());
    return exit_failure;
  }
  print_token(*revoked, "");
  return exit_ok;
}

int run_token_list(const CommonOptions& options) {
  auto store = open_store_or_report(options.db);
  if (!store) return exit_failure;
  auto tokens = (*store)->list_tokens();
  if (!tokens) {
    print_error(tokens.error());
    return exit_failure;
  }
  for (const TokenRecord& token : *tokens) print_token(token, "");
  return exit_ok;
}

int run_audit_verify(const CommonOptions& options, const std::string& expect_head) {
  auto store = open_store_or_report(options.db);
  if (!store) return exit_failure;
  auto report = (*store)->verify_audit();
  if (!report) {
    print_error(report.error());
    return exit_failure;
  }
  std::vector<std::string> problems = report->problems;
  if (!expect_head.empty() && report->head_sha256 != expect_head) {
    problems.push_back("the chain ends at " + report->head_sha256 + ", not at the expected head " +
                       expect_head + " (entries cut off or added at the end)");
  }
  for (const std::string& problem : problems) std::printf("problem: %s\n", problem.c_str());
  std::printf("%s: %zu audit entries, head %s, %zu problems\n",
              problems.empty() ? "intact" : "TAMPERED", report->entries,
              report->head_sha256.c_str(), problems.size());
  return problems.empty() ? exit_ok : exit_failure;
}

}  // namespace oc::app
