// chancery search: runs a query on the archive's index and prints one page of
// hits (text blocks, JSON, JSON Lines, CSV or bare ids) and facet counts.
//
// Snippets are asked for with two control characters as highlight markers
// (they cannot survive append_printable, so the cable's own text can never
// fake one), then turned into ANSI bold on a terminal, or dropped.

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "chancery/archive.h"
#include "chancery/search.h"

#include "cli/archive_option.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/output.h"
#include "cli/render_cable.h"
#include "core/json_writer.h"

namespace chancery::cli {
namespace {

using archive::SearchHit;
using archive::SearchRequest;
using archive::SearchResult;
using archive::SortOrder;

constexpr std::string_view kMarkOpen = "\x0e";
constexpr std::string_view kMarkClose = "\x0f";

struct SearchOptions {
  std::string archive;
  ViewerOptions viewer;
  std::vector<std::string> words;
  std::string sort = "relevance";
  std::uint32_t limit = 20;
  std::uint32_t offset = 0;
  std::vector<std::string> facets;
  std::string format = "text";
  bool explain = false;
  bool no_color = false;
};

// "2007-02-22T07:11Z" as "2007-02-22 07:11"; anything else as it is.
std::string short_time(std::string_view iso) {
  if (iso.size() >= 16 && iso[10] == 'T') {
    return fmt::format("{} {}", iso.substr(0, 10), iso.substr(11, 5));
  }
  return iso.empty() ? "-" : std::string(iso);
}

// The snippet on one line, its markers turned into bold (or nothing).
void append_snippet(std::string_view snippet, bool color, std::string& out) {
  std::string clean;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= snippet.size(); ++i) {
    const bool end = i == snippet.size();
    if (!end && snippet[i] != kMarkOpen[0] && snippet[i] != kMarkClose[0]) continue;
    append_printable(snippet.substr(start, i - start), clean, false);
    if (!end && color) clean += snippet[i] == kMarkOpen[0] ? "\x1b[1m" : "\x1b[22m";
    start = i + 1;
  }
  // Line breaks of the cable became spaces: one space between words is enough.
  std::string line;
  bool space = true;  // drops leading spaces
  for (char c : clean) {
    if (c == ' ' && space) continue;
    space = c == ' ';
    line += c;
  }
  if (!line.empty() && line.back() == ' ') line.pop_back();
  out += line;
  if (color) out += "\x1b[0m";
}

void append_text(const SearchOptions& options, const SearchResult& result, bool color,
                 std::string& out) {
  const std::string about = result.total_exact ? "" : "about ";
  if (result.hits.empty()) {
    if (result.total == 0) {
      out += "No cable matches.\n";
    } else {
      fmt::format_to(std::back_inserter(out), "{}{} cable{} match (none shown from {})\n", about,
                     result.total, result.total == 1 ? "" : "s", options.offset + 1);
    }
  } else {
    fmt::format_to(std::back_inserter(out), "{}{} cable{} match (showing {}-{})\n", about,
                   result.total, result.total == 1 ? "" : "s", options.offset + 1,
                   options.offset + result.hits.size());
  }
  for (const SearchHit& hit : result.hits) {
    out += '\n';
    std::string id;
    append_printable(hit.id, id, false);
    if (color) {
      fmt::format_to(std::back_inserter(out), "\x1b[1m{}\x1b[0m", id);
    } else {
      out += id;
    }
    fmt::format_to(std::back_inserter(out), "  {}  ", short_time(hit.created));
    std::string level;
    append_printable(hit.classification.empty() ? "-" : hit.classification, level, false);
    const std::string_view sgr = level_color(hit.classification);
    if (color && !sgr.empty()) {
      // The banner colors read as labels here: the level's color on the text.
      fmt::format_to(std::back_inserter(out), "\x1b[{}m{}\x1b[0m", sgr, level);
    } else {
      out += level;
    }
    out += "  ";
    append_printable(hit.origin, out, false);
    out += "\n  ";
    append_printable(hit.subject_withheld ? "[subject withheld]"
                     : hit.subject.empty()  ? "(no subject)"
                                            : hit.subject,
                     out, false);
    out += '\n';
    if (!hit.snippet.empty()) {
      out += "  ";
      append_snippet(hit.snippet, color, out);
      out += '\n';
    }
  }
  for (const archive::Facet& facet : result.facets) {
    std::size_t width = 0;
    std::size_t count_width = 1;
    for (const auto& [value, count] : facet.values) {
      width = std::max(width, value.size());
      count_width = std::max(count_width, fmt::formatted_size("{}", count));
    }
    fmt::format_to(std::back_inserter(out), "\nby {}:\n", facet.name);
    if (facet.values.empty()) out += "  (none)\n";
    for (const auto& [value, count] : facet.values) {
      out += "  ";
      std::string shown;
      append_printable(value, shown, false);
      out += shown;
      out.append(width - std::min(width, value.size()) + 2, ' ');
      fmt::format_to(std::back_inserter(out), "{:>{}}\n", count, count_width);
    }
  }
}

void append_hit_json(const SearchHit& hit, std::string& out) {
  json::Writer w(out);
  w.begin_object();
  w.key_literal("id").value(hit.id);
  w.key_literal("origin").value(hit.origin);
  w.key_literal("created").value(hit.created);
  w.key_literal("classification").value(hit.classification);
  w.key_literal("subject").value(hit.subject);
  w.key_literal("subject_withheld").value(hit.subject_withheld);
  w.key_literal("tags").begin_array();
  for (const std::string& tag : hit.tags) w.value(tag);
  w.end_array();
  w.key_literal("snippet").value(hit.snippet);
  // The Writer has no floating-point value; the score goes last, written by
  // hand, so that no comma is owed after it.
  w.key_literal("score");
  fmt::format_to(std::back_inserter(out), "{:.6g}", hit.score);
  w.end_object();
}

void append_json(const SearchOptions& options, const SearchResult& result, std::string& out) {
  json::Writer w(out);
  w.begin_object();
  w.key_literal("query").value(fmt::format("{}", fmt::join(options.words, " ")));
  if (options.explain) w.key_literal("parsed_query").value(result.parsed_query);
  w.key_literal("total").value(static_cast<std::int64_t>(result.total));
  w.key_literal("total_exact").value(result.total_exact);
  w.key_literal("offset").value(static_cast<std::int64_t>(options.offset));
  w.key_literal("hits").begin_array();
  for (std::size_t i = 0; i < result.hits.size(); ++i) {
    if (i > 0) out += ',';
    append_hit_json(result.hits[i], out);
  }
  w.end_array();
  w.key_literal("facets").begin_object();
  for (const archive::Facet& facet : result.facets) {
    w.key(facet.name).begin_array();
    for (const auto& [value, count] : facet.values) {
      w.begin_object();
      w.key_literal("value").value(value);
      w.key_literal("count").value(static_cast<std::int64_t>(count));
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  w.end_object();
  out += '\n';
}

int run_search(const SearchOptions& options) {
  const bool color = options.format == "text" && use_color(options.no_color);
  SearchRequest request;
  request.query = fmt::format("{}", fmt::join(options.words, " "));
  request.sort = options.sort == "newest"   ? SortOrder::kNewest
                 : options.sort == "oldest" ? SortOrder::kOldest
                                            : SortOrder::kRelevance;
  request.offset = options.offset;
  request.limit = options.limit;
  request.facets = options.facets;
  // Bare ids need no snippets; the other forms carry them (markers dropped
  // but on a terminal).
  request.snippets = options.format != "ids" && options.format != "csv";
  request.highlight_open = options.format == "text" ? std::string(kMarkOpen) : "";
  request.highlight_close = options.format == "text" ? std::string(kMarkClose) : "";

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
  Result<SearchResult> result = opened->search(request, *viewer);
  if (!result) {
    // A query the parser rejects is a mistake on the command line.
    print_error(result.error());
    return result.error().code == Errc::kInvalidInput ? kExitUsage
                                                      : exit_code_for(result.error().code);
  }

  std::string out;
  if (options.explain && options.format != "json") {
    // On standard error, so that the hits stay parseable.
    std::string explained = "query: ";
    append_printable(result->parsed_query, explained, false);
    explained += '\n';
    (void)write_all(STDERR_FILENO, explained);
  }
  if (options.format == "text") {
    append_text(options, *result, color, out);
  } else if (options.format == "json") {
    append_json(options, *result, out);
  } else if (options.format == "jsonl") {
    for (const SearchHit& hit : result->hits) {
      append_hit_json(hit, out);
      out += '\n';
    }
  } else if (options.format == "csv") {
    out += "id,origin,created,classification,subject\n";
    for (const SearchHit& hit : result->hits) {
      append_csv_field(hit.id, out);
      for (const std::string* field :
           {&hit.origin, &hit.created, &hit.classification, &hit.subject}) {
        out += ',';
        append_csv_field(*field, out);
      }
      out += '\n';
    }
  } else {  // ids
    for (const SearchHit& hit : result->hits) {
      append_printable(hit.id, out, false);
      out += '\n';
    }
  }
  int exit_code = kExitOk;
  (void)write_stdout(out, exit_code);
  return exit_code;
}

}  // namespace

void register_search(CLI::App& app, Run& run) {
  auto options = std::make_shared<SearchOptions>();
  CLI::App* sub = app.add_subcommand("search", "Search the archive; print one page of hits");
  add_archive_option(*sub, options->archive);
  add_viewer_options(*sub, options->viewer);
  sub->add_option("QUERY", options->words,
                  "The query (words joined by spaces; see docs/search.md): iran nuclear, "
                  "\"nuclear program\", tag:PREL, origin:paris, date:2007-01..2007-03, ...; "
                  "nothing or '*' matches every cable")
      ->type_name("");
  sub->add_option("--sort", options->sort, "relevance, newest or oldest")
      ->type_name("ORDER")
      ->capture_default_str()
      ->check(CLI::IsMember({"relevance", "newest", "oldest"}));
  sub->add_option("-n,--limit", options->limit, "Hits to print (0: only count them)")
      ->type_name("N")
      ->capture_default_str();
  sub->add_option("--offset", options->offset, "Hits to skip first (for paging)")
      ->type_name("N")
      ->capture_default_str();
  sub->add_option("--facets", options->facets,
                  "Count the matches by tag, origin, year, month and/or class (comma-separated)")
      ->type_name("LIST")
      ->delimiter(',')
      ->allow_extra_args(false)  // one comma-separated word each time: the query may follow
      ->check(CLI::IsMember({"tag", "origin", "year", "month", "class"}));
  sub->add_option("--format", options->format, "text, json, jsonl, csv or ids")
      ->type_name("FORMAT")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json", "jsonl", "csv", "ids"}));
  sub->add_flag(
      "--explain", options->explain,
      "Also print the parsed query (to standard error; in the object with --format json)");
  sub->add_flag("--no-color", options->no_color, "No colors or bold even on a terminal");
  sub->footer(
      "Exit codes: 0 the search ran (even with no hit); 1 the archive could not be read; "
      "2 usage error, including a query that does not parse.");
  sub->callback([options, &run] { run = [options] { return run_search(*options); }; });
}

}  // namespace chancery::cli
