// init, lodge, assess, show, events, verify.
#include <cstdio>

#include "app/app_context.h"
#include "app/commands.h"
#include "clearance/actions.h"
#include "clearance/lodging.h"
#include "core/csv.h"
#include "core/json_writer.h"
#include "declaration/validation.h"
#include "tariff/assessment.h"

namespace oc::app {
int run_init(const CommonOptions& options) {
  auto reference = load_reference_or_report(options.reference);
  if (!reference) return exit_failure;
  auto store = open_store_or_report(options.db);
  if (!store) return exit_failure;
  ReferenceCounts counts = reference->counts();
  std::printf(
      "initialised %s\nreference data %s: %zu HS subheadings, %zu countries, %zu currencies, %zu "
      "UN/LOCODEs, %zu exchange rates\n",
      options.db.string().c_str(),
      (options.reference.empty() ? default_reference_dir() : options.reference).string().c_str(),
      counts.hs_subheadings, counts.countries, counts.currencies, counts.locodes,
      counts.exchange_rates);
  return exit_ok;
}

int run_lodge(const CommonOptions& options, const std::filesystem::path& declaration_file) {
  auto body = read_file(declaration_file);
  if (!body) {
    print_error(body.error());
    return exit_failure;
  }
  auto platform = open_platform_or_report(options);
  if (!platform) return exit_failure;
  SystemClock clock;
  LodgingService service(platform->reference, platform->tariff, *platform->risk, *platform->store,
                         clock);
  auto outcome = service.lodge(*body, Actor{Role::trader, "cli"});
  if (!outcome) {
    std::printf("%s\n", errors_json({outcome.error()}).c_str());
    print_error(outcome.error());
    return outcome.error().code == "lodging.lrn_conflict" ? exit_rejected : exit_failure;
  }
  std::printf("%s\n", outcome->answer_json.c_str());
  return outcome->disposition == LodgingDisposition::rejected ? exit_rejected : exit_ok;
}

namespace {

// The assessment context from the command line; errors name the option.
Result<AssessmentContext> assessment_context(const AssessOptions& assess) {
  AssessmentContext context;
  if (assess.date.empty()) {
    context.day = customs_day(std::chrono::duration_cast<std::chrono::seconds>(
                                  SystemClock().now().time_since_epoch())
                                  .count());
  } else {
    auto day = parse_iso_day(assess.date);
    if (!day) return make_error("option.invalid", "--date", "expected a date such as 2026-11-23");
    context.day = *day;
  }
  auto amount = [](const std::string& text, const char* option) -> Result<Decimal> {
    auto parsed = Decimal::parse(text, 2);
    if (!parsed || parsed->sign() < 0) {
      return make_error("option.invalid", option,
                        "expected a non-negative amount in CNY with at most 2 decimals");
    }
    return parsed;
  };
  if (!assess.year_to_date.empty()) {
    auto parsed = amount(assess.year_to_date, "--year-to-date");
    if (!parsed) return std::move(parsed).error();
    context.buyer_year_to_date_cny = *parsed;
  }
  if (assess.hainan == "first_line") context.hainan = HainanLine::first_line;
  if (assess.hainan == "second_line") context.hainan = HainanLine::second_line;
  if (!assess.value_added.empty()) {
    if (context.hainan != HainanLine::second_line) {
      return make_error("option.invalid", "--value-added", "applies only with --hainan second_line");
    }
    HainanValueAdded inputs;
    Decimal* targets[] = {&inputs.mainland_sale_price_cny, &inputs.imported_materials_cny,
                          &inputs.domestic_materials_cny};
    for (std::size_t i = 0; i < 3; ++i) {
      auto parsed = amount(assess.value_added[i], "--value-added");
      if (!parsed) return std::move(parsed).error();
      *targets[i] = *parsed;
    }
    context.hainan_value_added = inputs;
  }
  return context;
}

}  // namespace

int run_assess(const CommonOptions& options, const AssessOptions& assess,
               const std::filesystem::path& declaration_file) {
  auto body = read_file(declaration_file);
  if (!body) {
    print_error(body.error());
    return exit_failure;
  }
  auto context = assessment_context(assess);
  if (!context) {
    print_error(context.error());
    return exit_failure;
  }
  auto reference = load_reference_or_report(options.reference);
  if (!reference) return exit_failure;
  auto tariff = load_tariff_or_report(options.tariff);
  if (!tariff) return exit_failure;
  DecodedDeclaration checked = check_declaration(*body, *reference);
  if (!checked.errors.empty()) {
    std::printf("%s\n", errors_json(checked.errors).c_str());
    return exit_rejected;
  }
  AssessmentOutcome outcome = assess_declaration(checked.declaration, *tariff, *context);
  if (!outcome.ok()) {
    std::printf("%s\n", errors_json(outcome.errors).c_str());
    return exit_rejected;
  }
  JsonWriter out;
  out.begin_object().field("lrn", checked.declaration.lrn);
  out.key("assessment").raw(assessment_json(outcome.assessment));
  out.end_object();
  std::printf("%s\n", out.str().c_str());
  return exit_ok;
}

int run_show(const CommonOptions& options, const std::string& id) {
  auto store = open_store_or_report(options.db);
  if (!store) return exit_failure;
  auto found = (*store)->find(id);
  if (!found) {
    print_error(found.error());
    return exit_failure;
  }
  if (!found->has_value()) {
    print_error(make_error("declaration.not_found", "", "no declaration " + id));
    return exit_failure;
  }
  auto events = (*store)->events(id);
  if (!events) {
    print_error(events.error());
    return exit_failure;
  }
  std::printf("%s\n", declaration_view_json(**found, *events).c_str());
  return exit_ok;
}

int run_events(const CommonOptions& options, const std::string& id) {
  auto store = open_store_or_report(options.db);
  if (!store) return exit_failure;
  auto events = (*store)->events(id);
  if (!events) {
    print_error(events.error());
    return exit_failure;
  }
  if (events->empty()) {
    print_error(make_error("declaration.not_found", "", "no declaration " + id));
    return exit_failure;
  }
  for (const Event& event : *events) std::printf("%s\n", event_to_json(event).c_str());
  return exit_ok;
}

int run_verify(const CommonOptions& options) {
  auto store = open_store_or_report(options.db);
  if (!store) return exit_failure;
  auto report = (*store)->verify();
  if (!report) {
    print_error(report.error());
    return exit_failure;
  }
  for (const std::string& problem : report->problems) std::printf("problem: %s\n", problem.c_str());
  std::printf("%s: %zu declarations, %zu events, %zu zone movements, %zu problems\n",
              report->ok() ? "consistent" : "INCONSISTENT", report->declarations, report->events,
              report->movements, report->problems.size());
  return report->ok() ? exit_ok : exit_failure;
}

}  // namespace oc::app
