// `opencustoms serve`: the HTTP API on Boost.Beast until SIGINT/SIGTERM.
#include <signal.h>

#include <cstdio>

#include "api/api.h"
#include "api/http_server.h"
#include "app/app_context.h"
#include "core/csv.h"
#include "app/commands.h"
#include "clearance/tax_refund_service.h"
#include "clearance/transit_service.h"

#include <atomic>
#include <thread>

namespace oc::app {
namespace {

Result<std::pair<std::string, unsigned short>> parse_listen(const std::string& listen) {
  std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) {
    return make_error("serve.listen", "--listen", "expected HOST:PORT, e.g. 127.0.0.1:8080");
  }
  auto port = Decimal::parse(listen.substr(colon + 1), 0);
  if (!port || port->sign() < 0 || port->units() > 65535) {
    return make_error("serve.listen", "--listen", "the port must be 0 to 65535");
  }
  return std::pair{listen.substr(0, colon), static_cast<unsigned short>(port->units())};
}

}  // namespace

int run_serve(const CommonOptions& options, const ServeOptions& serve) {
  auto listen = parse_listen(serve.listen);
  if (!listen) {
    print_error(listen.error());
    return exit_failure;
  }
  // Block the stop and reload signals before any thread starts (the store's writer and readers
  // start when the platform opens), so every thread inherits the mask and this one alone takes
  // them in sigwait below; otherwise a SIGHUP could land on another thread and end the process.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);  // reload the targeting rules
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto platform = open_platform_or_report(options);
  if (!platform) return exit_failure;


  SystemClock clock;
  api::ApiOptions api_options;
  api_options.rate_limit = api::RateLimit{serve.rate_per_second, serve.rate_burst};
  api_options.rules_file = options.rules.empty() ? default_risk_dir() / "rules.txt" : options.rules;
  MonitorOptions monitor_options;
  monitor_options.tracker.closing_settle = std::chrono::seconds(serve.transit_settle_seconds);
  TransitService transits(platform->zones, *platform->store, clock, monitor_options);
  if (auto rebuilt = transits.rebuild(); !rebuilt) {
    print_error(rebuilt.error());
    return exit_failure;
  }
  auto keys = load_refund_keys_or_report(
      serve.refund_keys.empty() ? options.db.parent_path() / "refund-keys" : serve.refund_keys);
  if (!keys) return exit_failure;
  TaxRefundService refunds(keys->signing, keys->traveller, *platform->store, clock);
  DutyFreeService dutyfree(keys->traveller.hasher(dutyfree_traveller_domain), *platform->store,
                           clock);
  LodgingService ecommerce_lodging(platform->reference, platform->tariff, *platform->risk,
                                   *platform->store, clock);
  EcommerceChannel channel;
  channel.default_origin = serve.ecommerce_default_origin;
  EcommerceService ecommerce(keys->traveller.hasher(ecommerce_buyer_domain), ecommerce_lodging,
                             *platform->store, clock, channel);
  if (auto recovered = ecommerce.recover(); !recovered) {
    print_error(recovered.error());
    return exit_failure;
  } else if (*recovered > 0) {
    std::fprintf(stderr, "completed %zu e-commerce clearances interrupted by a stop\n", *recovered);
  }
  PostalService postal(keys->traveller.hasher(postal_phone_key_domain),
                       keys->traveller.hasher(postal_id_number_key_domain), platform->tariff,
                       *platform->store, clock);
  api::Api api(platform->reference, platform->tariff, *platform->risk, platform->zones,
               api::RegimeServices{transits, refunds, dutyfree, ecommerce, postal},
               *platform->store, clock, api_options);
  api::ServerOptions server_options;
  server_options.address = listen->first;
  server_options.port = listen->second;
  server_options.io_threads = serve.io_threads;
  server_options.handler_threads = serve.handler_threads;
  server_options.body_bytes_max = serve.body_bytes_max;
  auto server = api::HttpServer::start(
      server_options, [&api](const api::HttpRequest& request) { return api.handle(request); });
  if (!server) {
    print_error(server.error());
    return exit_failure;
  }
  const api::ServerStats& stats = (*server)->stats();
  api.set_extra_metrics([&stats] {
    std::string out;
    out += "# TYPE opencustoms_http_connections_open gauge\nopencustoms_http_connections_open " +
           std::to_string(stats.connections_open.load()) + "\n";
    out +=
        "# TYPE opencustoms_http_connections_total counter\nopencustoms_http_connections_total " +
        std::to_string(stats.connections_total.load()) + "\n";
    out +=
        "# TYPE opencustoms_http_protocol_errors_total counter\n"
        "opencustoms_http_protocol_errors_total " +
        std::to_string(stats.protocol_errors.load()) + "\n";
    out += "# TYPE opencustoms_http_timeouts_total counter\nopencustoms_http_timeouts_total " +
           std::to_string(stats.timeouts.load()) + "\n";
    return out;
  });
  std::printf("listening on http://%s:%u\n", listen->first.c_str(), (*server)->port());
  std::fflush(stdout);

  // The transit sweep: time alerts (overdue, silent seals) and closings of settled arrivals.
  std::atomic<bool> stopping{false};
  std::thread sweeper([&] {
    while (!stopping.load()) {
      transits.tick(clock.now());
      for (int i = 0; i < 10 && !stopping.load(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  });
  int received = 0;
  while (sigwait(&signals, &received) == 0 && received == SIGHUP) {
    // Hot reload: evaluations in flight finish on the old set; a bad file keeps the old set.
    auto text = read_file(api_options.rules_file);
    Errors errors = text ? platform->risk->reload_rules(*text, api_options.rules_file.filename().string())
                         : Errors{text.error()};
    for (const Error& error : errors) print_error(error);
    std::fprintf(stderr, "SIGHUP: rules %s (%s)\n", errors.empty() ? "reloaded" : "kept",
                 platform->risk->rules()->source_sha256().c_str());
  }
  std::fprintf(stderr, "signal %d: stopping\n", received);
  stopping = true;
  sweeper.join();
  (*server)->stop();
  return exit_ok;
}

}  // namespace oc::app
