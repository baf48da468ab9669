// chancery show: one cable from the archive, rendered for reading (see
// render_cable.h), or its stored input verbatim (--raw), its record (--json),
// or the diff of two of its versions (--diff A..B).

#include <algorithm>
#include <charconv>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "chancery/archive.h"
#include "chancery/cable.h"

#include "cli/archive_option.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/output.h"
#include "cli/render_cable.h"

namespace chancery::cli {
namespace {

struct ShowOptions {
  std::string archive;
  ViewerOptions viewer;
  std::string id;
  std::string origin;  // "" when not given
  int version = 0;     // 0: the latest
  bool raw = false;
  std::string diff;  // "A..B"
  bool json = false;
  bool no_color = false;
};

std::optional<std::string_view> origin_of(const ShowOptions& options) {
  if (options.origin.empty()) return std::nullopt;
  return options.origin;
}

// Several cables share the id and the user did not say which: name them.
Error ambiguous(archive::Archive& archive, const ShowOptions& options, const archive::Viewer& viewer,
                Error error) {
  Result<std::vector<archive::StoredCable>> found = archive.find(options.id, viewer);
  if (!found || found->size() < 2) return error;
  const std::string id = found->front().record.id.value_or(options.id);
  std::string message =
      fmt::format("{} cables have the id {}, from different origins:", found->size(), id);
  std::size_t width = 0;
  for (const archive::StoredCable& c : *found) {
    width = std::max(width, c.record.origin.value_or("(no origin)").size());
  }
  for (const archive::StoredCable& c : *found) {
    message += "\n  ";
    const std::string origin = c.record.origin.value_or("(no origin)");
    append_printable(origin, message, false);
    message.append(width - origin.size(), ' ');
    if (c.record.created) message += "  " + c.record.created->substr(0, 10);
    if (c.record.subject) {
      message += "  ";
      append_printable(*c.record.subject, message, false);
    }
  }
  const std::string example = found->front().record.origin.value_or("");
  return Error{.code = Errc::kConflict,
               .message = std::move(message),
               .where = {},
               .hint = fmt::format("choose one with --origin, e.g. chancery show {} --origin '{}'",
                                   id, example)};
}

int fail(archive::Archive& archive, const ShowOptions& options, const archive::Viewer& viewer, Error error) {
  // The library's messages name the id already.
  if (error.code == Errc::kConflict) error = ambiguous(archive, options, viewer, std::move(error));
  print_error(error);
  return exit_code_for(error.code);
}

// "1..2" as (1, 2).
std::optional<std::pair<int, int>> parse_range(std::string_view s) {
  const std::size_t dots = s.find("..");
  if (dots == std::string_view::npos) return std::nullopt;
  auto number = [](std::string_view part) -> std::optional<int> {
    int n = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), n);
    if (ec != std::errc() || end != part.data() + part.size() || n < 1) return std::nullopt;
    return n;
  };
  const std::optional<int> from = number(s.substr(0, dots));
  const std::optional<int> to = number(s.substr(dots + 2));
  if (!from || !to) return std::nullopt;
  return std::pair{*from, *to};
}

// The diff, its line kinds colored on a terminal and the cable text made printable.
std::string shown_diff(std::string_view diff, bool color) {
  std::string out;
  std::size_t start = 0;
  while (start < diff.size()) {
    std::size_t end = diff.find('\n', start);
    if (end == std::string_view::npos) end = diff.size();
    const std::string_view line = diff.substr(start, end - start);
    std::string_view sgr;
    if (line.starts_with("---") || line.starts_with("+++")) {
      sgr = "1";
    } else if (line.starts_with("@@")) {
      sgr = "36";
    } else if (line.starts_with("-")) {
      sgr = "31";
    } else if (line.starts_with("+")) {
      sgr = "32";
    }
    if (color && !sgr.empty()) fmt::format_to(std::back_inserter(out), "\x1b[{}m", sgr);
    append_printable(line, out, false);
    if (color && !sgr.empty()) out += "\x1b[0m";
    out += '\n';
    start = end + 1;
  }
  return out;
}

int run_show(const ShowOptions& options) {
  std::optional<std::pair<int, int>> range;
  if (!options.diff.empty()) {
    range = parse_range(options.diff);
    if (!range) {
      print_error(Error{
          .code = Errc::kInvalidInput,
          .message = fmt::format("--diff: expected two versions as A..B, got '{}'", options.diff),
          .hint = "e.g. --diff 1..2"});
      return kExitUsage;
    }
  }
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
  const bool color = use_color(options.no_color);
  int exit_code = kExitOk;

  if (range) {
    Result<std::string> diff =
        archive.diff(options.id, origin_of(options), range->first, range->second, *viewer);
    if (!diff) return fail(archive, options, *viewer, std::move(diff.error()));
    (void)write_stdout(shown_diff(*diff, color), exit_code);
    return exit_code;
  }

  const std::optional<int> version =
      options.version > 0 ? std::optional<int>(options.version) : std::nullopt;
  Result<archive::StoredCable> stored =
      archive.get(options.id, origin_of(options), version, /*with_raw=*/options.raw, *viewer);
  if (!stored) return fail(archive, options, *viewer, std::move(stored.error()));

  if (options.raw) {
    if (!stored->record.raw) {
      return fail(
          archive, options, *viewer,
          Error{.code = Errc::kNotFound, .message = "no raw input is stored for this cable"});
    }
    // Verbatim, as it was read: the bytes are the user's to pipe elsewhere.
    if (write_stdout(stored->record.raw->header, exit_code)) {
      (void)write_stdout(stored->record.raw->body, exit_code);
    }
    return exit_code;
  }
  if (options.json) {
    std::string out = to_json(stored->record);
    out += '\n';
    (void)write_stdout(out, exit_code);
    return exit_code;
  }

  // Each reference resolved to the subject of the cable it names, as the
  // reference graph has it for this viewer ("" when withheld or absent in
  // the archive's record, nullopt when the archive does not have it).
  std::unordered_map<std::string, std::optional<std::string>> subjects;
  if (Result<archive::RefGraph> graph = archive.refs(options.id, stored->record.origin, *viewer)) {
    for (const archive::RefEntry& e : graph->cites) {
      subjects[e.id] = e.origin ? std::optional<std::string>(e.subject.value_or("")) : std::nullopt;
    }
  }
  RenderOptions render{.color = color, .subject_of = [&](std::string_view id) {
                         const auto it = subjects.find(std::string(id));
                         return it == subjects.end() ? std::nullopt : it->second;
                       }};
  (void)write_stdout(render_cable(*stored, render), exit_code);
  return exit_code;
}

}  // namespace

void register_show(CLI::App& app, Run& run) {
  auto options = std::make_shared<ShowOptions>();
  CLI::App* sub = app.add_subcommand("show", "Show one cable of the archive");
  add_archive_option(*sub, options->archive);
  add_viewer_options(*sub, options->viewer);
  sub->add_option("ID", options->id, "The cable's id, e.g. 07TELAVIV557 (any case)")
      ->type_name("")
      ->required();
  sub->add_option("--origin", options->origin,
                  "The originating office, when several cables share the id")
      ->type_name("ORIGIN");
  sub->add_option("--version", options->version, "Show this version (default: the latest)")
      ->type_name("N")
      ->check(CLI::PositiveNumber);
  CLI::Option* raw =
      sub->add_flag("--raw", options->raw, "Print the input the cable was read from, verbatim");
  CLI::Option* json =
      sub->add_flag("-j,--json", options->json, "Print the record as JSON (one line)");
  CLI::Option* diff = sub->add_option("--diff", options->diff,
                                      "Print a unified diff of the text of two versions, e.g. 1..2")
                          ->type_name("A..B");
  raw->excludes(json)->excludes(diff);
  json->excludes(diff);
  diff->excludes(sub->get_option("--version"));
  sub->add_flag("--no-color", options->no_color, "No colors or bold even on a terminal");
  sub->footer(
      "Exit codes: 0 shown; 1 no such cable or version, or several cables have the id (name "
      "one with --origin); 2 usage error.");
  sub->callback([options, &run] { run = [options] { return run_show(*options); }; });
}

}  // namespace chancery::cli
