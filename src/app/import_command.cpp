// `opencustoms import`: bulk lodging from JSON Lines or CSV, in batches of one transaction each,
// with a progress bar on a terminal, optional per-declaration results, and a summary.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>

#include "app/app_context.h"
#include "app/commands.h"
#include "clearance/lodging.h"
#include "core/csv.h"
#include "core/json_writer.h"
#include "declaration/csv_layout.h"

namespace oc::app {
namespace {

struct Totals {
  std::size_t accepted = 0;
  std::size_t replayed = 0;
  std::size_t rejected = 0;
  std::size_t failed = 0;
  std::size_t done() const { return accepted + replayed + rejected + failed; }
};

// Splits JSON Lines into bodies; blank lines are allowed and skipped (they are not records).
std::vector<SourceDeclaration> read_jsonl(const std::string& content) {
  std::vector<SourceDeclaration> bodies;
  std::size_t line = 0;
  std::size_t start = 0;
  while (start < content.size()) {
    std::size_t end = content.find('\n', start);
    if (end == std::string::npos) end = content.size();
    ++line;
    std::string_view text(content.data() + start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.find_first_not_of(" \t") != std::string_view::npos) {
      bodies.push_back(SourceDeclaration{line, std::string(text)});
    }
    start = end + 1;
  }
  return bodies;
}

void draw_progress(std::size_t done, std::size_t total, const Totals& totals) {
  constexpr int width = 30;
  int filled = total == 0 ? width : static_cast<int>(done * width / total);
  std::fprintf(stderr, "\r[%-*.*s] %zu/%zu  accepted %zu  replayed %zu  rejected %zu", width,
               filled, "==============================", done, total, totals.accepted,
               totals.replayed, totals.rejected);
  std::fflush(stderr);
}

std::string result_line(const SourceDeclaration& source, const Result<LodgingOutcome>& outcome) {
  JsonWriter out;
  out.begin_object().field("line", static_cast<std::int64_t>(source.line));
  if (!outcome) {
    out.field("disposition", "failed");
    out.key("errors").begin_array();
    out.begin_object()
        .field("code", outcome.error().code)
        .field("path", outcome.error().path)
        .field("message", outcome.error().message)
        .end_object();
    out.end_array();
  } else {
    static constexpr const char* kNames[] = {"accepted", "replayed", "rejected"};
    out.field("disposition", kNames[static_cast<int>(outcome->disposition)]);
    if (!outcome->declaration_id.empty()) out.field("id", outcome->declaration_id);
    if (outcome->disposition == LodgingDisposition::rejected) {
      out.key("errors").begin_array();
      for (const Error& error : outcome->errors) {
        out.begin_object()
            .field("code", error.code)
            .field("path", error.path)
            .field("message", error.message)
            .end_object();
      }
      out.end_array();
    }
  }
  out.end_object();
  return out.take();
}

}  // namespace

int run_import(const CommonOptions& options, const ImportOptions& import) {
  if (import.batch_size == 0 || import.batch_size > import_batch_size_max) {
    print_error(make_error("import.batch_size", "--batch",
                           "batch size must be 1 to " + std::to_string(import_batch_size_max)));
    return exit_failure;
  }
  auto content = read_file(import.file);
  if (!content) {
    print_error(content.error());
    return exit_failure;
  }
  std::vector<SourceDeclaration> sources;
  std::string extension = import.file.extension().string();
  if (extension == ".csv") {
    auto parsed = read_declarations_csv(*content, import.file.filename().string());
    if (!parsed) {
      print_error(parsed.error());
      return exit_failure;
    }
    sources = std::move(*parsed);
  } else if (extension == ".jsonl" || extension == ".ndjson") {
    sources = read_jsonl(*content);
  } else {
    print_error(make_error("import.format", import.file.string(),
                           "the file must end in .jsonl (one declaration per line) or .csv"));
    return exit_failure;
  }

  auto platform = open_platform_or_report(options);
  if (!platform) return exit_failure;

  std::FILE* results = nullptr;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> results_file(nullptr, &std::fclose);
  if (import.results == "-") {
    results = stdout;
  } else if (!import.results.empty()) {
    results_file.reset(std::fopen(import.results.c_str(), "w"));
    if (!results_file) {
      print_error(make_error("file.unwritable", import.results, "cannot write " + import.results));
      return exit_failure;
    }
    results = results_file.get();
  }
  bool show_progress = import.progress && isatty(STDERR_FILENO) == 1;

  SystemClock clock;
  LodgingService service(platform->reference, platform->tariff, *platform->risk, *platform->store,
                         clock);
  Totals totals;
  std::size_t first_rejections_shown = 0;
  for (std::size_t begin = 0; begin < sources.size(); begin += import.batch_size) {
    std::size_t end = std::min(sources.size(), begin + import.batch_size);
    std::vector<std::string> bodies;
    bodies.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) bodies.push_back(sources[i].body);
    auto outcomes = service.lodge_many(bodies, Actor{Role::trader, ""});
    // The batch is durable here: only now are its results written (an acknowledgement).
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      const auto& outcome = outcomes[i];
      if (!outcome) {
        ++totals.failed;
      } else if (outcome->disposition == LodgingDisposition::accepted) {
        ++totals.accepted;
      } else if (outcome->disposition == LodgingDisposition::replayed) {
        ++totals.replayed;
      } else {
        ++totals.rejected;
      }
      bool bad = !outcome || outcome->disposition == LodgingDisposition::rejected;
      if (bad && first_rejections_shown < 5 && results == nullptr) {
        ++first_rejections_shown;
        const Error& first = outcome ? outcome->errors.front() : outcome.error();
        std::fprintf(stderr, "%sline %zu: %s at %s: %s\n", show_progress ? "\n" : "",
                     sources[begin + i].line, first.code.c_str(), first.path.c_str(),
                     first.message.c_str());
      }
      if (results != nullptr) {
        std::fprintf(results, "%s\n", result_line(sources[begin + i], outcome).c_str());
      }
    }
    if (results != nullptr) std::fflush(results);
    if (show_progress) draw_progress(end, sources.size(), totals);
  }
  if (show_progress) std::fprintf(stderr, "\n");
  std::fprintf(stderr,
               "imported %s: %zu declarations, %zu accepted, %zu replayed, %zu rejected, %zu "
               "failed\n",
               import.file.filename().string().c_str(), totals.done(), totals.accepted,
               totals.replayed, totals.rejected, totals.failed);
  if (totals.failed > 0) return exit_failure;
  return totals.rejected > 0 ? exit_rejected : exit_ok;
}

}  // namespace oc::app
