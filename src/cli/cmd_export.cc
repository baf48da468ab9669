// chancery export: every cable matching a query, whole, as JSON Lines (the
// record of docs/cable-record.md) or CSV.
//
// Pages through the search oldest first, kPage hits at a time, and reads each
// cable from the store, so memory stays one page whatever the archive's size.

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "chancery/archive.h"
#include "chancery/cable.h"
#include "chancery/search.h"

#include "cli/archive_option.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/output.h"
#include "cli/render_cable.h"

namespace chancery::cli {
namespace {

constexpr std::uint32_t kPage = 1000;

struct ExportOptions {
  std::string archive;
  ViewerOptions viewer;
  std::vector<std::string> words;
  std::string format = "jsonl";
  bool raw = false;
};

std::string joined(const std::vector<std::string>& items) {
  return fmt::format("{}", fmt::join(items, ","));
}

void append_csv_row(const Cable& c, bool raw, std::string& out) {
  append_csv_field(c.id.value_or(""), out);
  for (const std::string& field :
       {c.created.value_or(""), c.origin.value_or(""), c.classification.value_or(""),
        joined(c.handling), joined(c.tags), c.subject.value_or(""), c.body}) {
    out += ',';
    append_csv_field(field, out);
  }
  if (raw) {
    out += ',';
    append_csv_field(c.raw ? c.raw->header + c.raw->body : std::string(), out);
  }
  out += '\n';
}

int run_export(const ExportOptions& options) {
  Result<archive::Archive> opened = open_archive(options.archive, /*read_only=*/true);
  if (!opened) {
    print_error(opened.error());
    return exit_code_for(opened.error().code);
  }
  Result<archive::Viewer> viewer = resolve_viewer(options.archive, options.viewer);
  if (!viewer) {
    print_error(viewer.error());
    return exit_code_for(viewer.error().code);
  }
  archive::Archive& archive = *opened;
  archive::SearchRequest request;
  request.query = fmt::format("{}", fmt::join(options.words, " "));
  request.sort = archive::SortOrder::kOldest;
  request.limit = kPage;
  request.snippets = false;

  int exit_code = kExitOk;
  std::string out;
  if (options.format == "csv") {
    out += "id,created,origin,classification,handling,tags,subject,body";
    out += options.raw ? ",raw\n" : "\n";
  }
  for (;;) {
    Result<archive::SearchResult> page = archive.search(request, *viewer);
    if (!page) {
      print_error(page.error());
      return worse_exit_code(exit_code, page.error().code == Errc::kInvalidInput
                                            ? kExitUsage
                                            : exit_code_for(page.error().code));
    }
    for (const archive::SearchHit& hit : page->hits) {
      Result<archive::StoredCable> stored =
          archive.get(hit.id, hit.origin, std::nullopt, /*with_raw=*/options.raw, *viewer);
      if (!stored) {
        // The index and the store disagree (a writer between the two?):
        // report it and go on with the rest.
        Error error = std::move(stored.error());
        if (error.where.empty()) error.where = hit.id;
        print_error(error);
        exit_code = worse_exit_code(exit_code, exit_code_for(error.code));
        continue;
      }
      if (options.format == "csv") {
        append_csv_row(stored->record, options.raw, out);
      } else {
        append_json(stored->record, out);
        out += '\n';
      }
    }
    if (!write_stdout(out, exit_code)) return exit_code;
    out.clear();
    if (page->hits.size() < kPage) break;
    request.offset += kPage;
  }
  return exit_code;
}

}  // namespace

void register_export(CLI::App& app, Run& run) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* sub = app.add_subcommand(
      "export", "Write every cable matching a query, whole, as JSON Lines or CSV (oldest first)");
  add_archive_option(*sub, options->archive);
  add_viewer_options(*sub, options->viewer);
  sub->add_option("QUERY", options->words,
                  "The query, as for 'chancery search'; nothing or '*' exports every cable")
      ->type_name("");
  sub->add_option("--format", options->format,
                  "jsonl (one record per line, as 'chancery parse --json') or csv (id, created, "
                  "origin, classification, handling, tags, subject, body)")
      ->type_name("FORMAT")
      ->capture_default_str()
      ->check(CLI::IsMember({"jsonl", "csv"}));
  sub->add_flag("--raw", options->raw,
                "Also include the input each cable was read from, verbatim (\"raw\" in JSON, a "
                "raw column in CSV)");
  sub->footer(
      "Exit codes: 0 exported; 1 the archive could not be read, or some cables could not be; "
      "2 usage error, including a query that does not parse.");
  sub->callback([options, &run] { run = [options] { return run_export(*options); }; });
}

}  // namespace chancery::cli
