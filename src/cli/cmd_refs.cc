// chancery refs: the cables around one cable: those it cites (and which of
// them the archive lacks), those that cite it, and the other parts of its
// series.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "chancery/archive.h"

#include "cli/archive_option.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/output.h"
#include "cli/render_cable.h"
#include "core/json_writer.h"

namespace chancery::cli {
namespace {

using archive::RefEntry;
using archive::RefGraph;

struct RefsOptions {
  std::string archive;
  ViewerOptions viewer;
  std::string id;
  std::string origin;
  bool json = false;
  bool no_color = false;
};

void append_entries_json(json::Writer& w, std::string_view name,
                         const std::vector<RefEntry>& entries) {
  w.key(name).begin_array();
  for (const RefEntry& e : entries) {
    w.begin_object();
    w.key_literal("id").value(e.id);
    w.key_literal("origin").value(e.origin);
    w.key_literal("subject").value(e.subject);
    w.key_literal("created").value(e.created);
    w.key_literal("text").value(e.text);
    w.end_object();
  }
  w.end_array();
}

void append_section(std::string_view title, const std::vector<RefEntry>& entries, bool color,
                    std::string& out) {
  if (color) {
    fmt::format_to(std::back_inserter(out), "\x1b[1m{}\x1b[0m ({})\n", title, entries.size());
  } else {
    fmt::format_to(std::back_inserter(out), "{} ({})\n", title, entries.size());
  }
  if (entries.empty()) {
    out += "  none\n";
    return;
  }
  std::size_t width = 0;
  for (const RefEntry& e : entries) width = std::max(width, e.id.size());
  for (const RefEntry& e : entries) {
    out += "  ";
    append_printable(e.id, out, false);
    out.append(width - e.id.size() + 2, ' ');
    out += e.created ? e.created->substr(0, 10) : std::string(10, ' ');
    out += "  ";
    if (e.origin) {
      append_printable(e.subject && !e.subject->empty() ? *e.subject : "(no subject)", out, false);
    } else {
      out += "(not in the archive)";
    }
    if (!e.text.empty()) {
      out += "  [as \"";
      append_printable(e.text, out, false);
      out += "\"]";
    }
    out += '\n';
  }
}

int run_refs(const RefsOptions& options) {
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
  const std::optional<std::string_view> origin =
      options.origin.empty() ? std::nullopt : std::optional<std::string_view>(options.origin);
  Result<RefGraph> graph = opened->refs(options.id, origin, *viewer);
  if (!graph) {
    Error error = std::move(graph.error());  // its message names the id
    if (error.code == Errc::kConflict && error.hint.empty()) {
      error.hint = "choose one with --origin (see 'chancery show " + options.id + "')";
    }
    print_error(error);
    return exit_code_for(error.code);
  }

  std::string out;
  if (options.json) {
    json::Writer w(out);
    w.begin_object();
    w.key_literal("id").value(graph->id);
    w.key_literal("origin").value(graph->origin);
    append_entries_json(w, "cites", graph->cites);
    append_entries_json(w, "cited_by", graph->cited_by);
    append_entries_json(w, "missing", graph->missing);
    append_entries_json(w, "series", graph->series);
    w.end_object();
    out += '\n';
  } else {
    const bool color = use_color(options.no_color);
    append_printable(graph->id, out, false);
    out += "  ";
    append_printable(graph->origin, out, false);
    out += "\n\n";
    append_section("cites", graph->cites, color, out);
    append_section("cited by", graph->cited_by, color, out);
    append_section("missing", graph->missing, color, out);
    append_section("series", graph->series, color, out);
  }
  int exit_code = kExitOk;
  (void)write_stdout(out, exit_code);
  return exit_code;
}

}  // namespace

void register_refs(CLI::App& app, Run& run) {
  auto options = std::make_shared<RefsOptions>();
  CLI::App* sub = app.add_subcommand(
      "refs", "Show what a cable cites, what cites it, what is missing, and its series");
  add_archive_option(*sub, options->archive);
  add_viewer_options(*sub, options->viewer);
  sub->add_option("ID", options->id, "The cable's id, e.g. 07TELAVIV557")
      ->type_name("")
      ->required();
  sub->add_option("--origin", options->origin,
                  "The originating office, when several cables share the id")
      ->type_name("ORIGIN");
  sub->add_flag("-j,--json", options->json, "Print one JSON object");
  sub->add_flag("--no-color", options->no_color, "No bold headings even on a terminal");
  sub->footer("Exit codes: 0 shown; 1 no such cable, or several share the id; 2 usage error.");
  sub->callback([options, &run] { run = [options] { return run_refs(*options); }; });
}

}  // namespace chancery::cli
