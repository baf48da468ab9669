// chancery stats: how many cables the archive holds, by year, origin,
// classification and tag.

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
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

using Counts = std::vector<std::pair<std::string, std::uint64_t>>;

struct StatsOptions {
  std::string archive;
  ViewerOptions viewer;
  bool json = false;
  std::size_t top = 10;
};

std::size_t shown(const Counts& counts, std::size_t top) {
  return top == 0 ? counts.size() : std::min(top, counts.size());
}

std::size_t columns(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

void append_table(std::string_view title, const Counts& counts, std::size_t top, std::string& out) {
  const std::size_t n = shown(counts, top);
  std::vector<std::string> values(n);
  const std::string more = n < counts.size() ? fmt::format("({} more)", counts.size() - n) : "";
  std::size_t width = std::max(title.size(), more.size());
  std::uint64_t rest = 0;
  for (std::size_t i = n; i < counts.size(); ++i) rest += counts[i].second;
  std::size_t count_width = std::max<std::size_t>(6, fmt::formatted_size("{}", rest));  // "cables"
  for (std::size_t i = 0; i < n; ++i) {
    append_printable(counts[i].first.empty() ? "(none)" : counts[i].first, values[i], false);
    width = std::max(width, columns(values[i]));
    count_width = std::max(count_width, fmt::formatted_size("{}", counts[i].second));
  }
  fmt::format_to(std::back_inserter(out), "\n{}{}  {:>{}}\n", title,
                 std::string(width - title.size(), ' '), "cables", count_width);
  for (std::size_t i = 0; i < n; ++i) {
    out += values[i];
    out.append(width - columns(values[i]), ' ');
    fmt::format_to(std::back_inserter(out), "  {:>{}}\n", counts[i].second, count_width);
  }
  if (n < counts.size()) {
    fmt::format_to(std::back_inserter(out), "{}{}  {:>{}}\n", more,
                   std::string(width - more.size(), ' '), rest, count_width);
  }
}

void append_counts_json(json::Writer& w, std::string_view name, const Counts& counts,
                        std::size_t top) {
  w.key(name).begin_array();
  for (std::size_t i = 0; i < shown(counts, top); ++i) {
    w.begin_object();
    w.key_literal("value").value(counts[i].first);
    w.key_literal("count").value(static_cast<std::int64_t>(counts[i].second));
    w.end_object();
  }
  w.end_array();
}

int run_stats(const StatsOptions& options) {
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
  Result<archive::Stats> stats = opened->stats(*viewer);
  if (!stats) {
    print_error(stats.error());
    return exit_code_for(stats.error().code);
  }
  std::string out;
  if (options.json) {
    json::Writer w(out);
    w.begin_object();
    w.key_literal("cables").value(static_cast<std::int64_t>(stats->cables));
    w.key_literal("versions").value(static_cast<std::int64_t>(stats->versions));
    append_counts_json(w, "by_year", stats->by_year, 0);
    append_counts_json(w, "by_origin", stats->by_origin, options.top);
    append_counts_json(w, "by_classification", stats->by_classification, options.top);
    append_counts_json(w, "by_tag", stats->by_tag, options.top);
    w.end_object();
    out += '\n';
  } else {
    fmt::format_to(std::back_inserter(out), "{} cables, {} versions\n", stats->cables,
                   stats->versions);
    append_table("year", stats->by_year, 0, out);
    append_table("classification", stats->by_classification, options.top, out);
    append_table("origin", stats->by_origin, options.top, out);
    append_table("tag", stats->by_tag, options.top, out);
  }
  int exit_code = kExitOk;
  (void)write_stdout(out, exit_code);
  return exit_code;
}

}  // namespace

void register_stats(CLI::App& app, Run& run) {
  auto options = std::make_shared<StatsOptions>();
  CLI::App* sub = app.add_subcommand(
      "stats", "Count the archive's cables by year, classification, origin and tag");
  add_archive_option(*sub, options->archive);
  add_viewer_options(*sub, options->viewer);
  sub->add_flag("-j,--json", options->json, "Print one JSON object");
  sub->add_option("--top", options->top,
                  "Rows per table for origins, classifications and tags, most first (0: all; "
                  "years are always all)")
      ->type_name("N")
      ->capture_default_str();
  sub->footer("Exit codes: 0 shown; 1 the archive could not be read; 2 usage error.");
  sub->callback([options, &run] { run = [options] { return run_stats(*options); }; });
}

}  // namespace chancery::cli
