// chancery audit list|verify: read the audit log of who was shown what, and
// check that nobody altered it.
//
// The log is <archive>/audit.sqlite, opened read-only and on its own: the
// archive itself is not opened, so an officer can check the log of an archive
// that is being written to, or whose index is damaged.

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "chancery/audit.h"

#include "cli/archive_option.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/output.h"
#include "cli/render_cable.h"
#include "core/json_writer.h"

namespace chancery::cli {
namespace {

struct AuditOptions {
  std::string archive;
  audit::ListFilter filter;
  bool json = false;
};

Result<audit::AuditLog> open_log(const std::string& archive_dir) {
  const std::filesystem::path file = std::filesystem::path(archive_dir) / "audit.sqlite";
  Result<audit::AuditLog> log =
      audit::AuditLog::open(file, {.create = false, .read_only = true, .durable = false});
  if (!log && log.error().code == Errc::kNotFound) {
    log.error().message = "this archive has no audit log yet";
    log.error().hint = "the archive starts one when it first shows a reader classified text";
  }
  return log;
}

int fail(const Error& error) {
  print_error(error);
  return exit_code_for(error.code);
}

std::string printable(std::string_view s) {
  std::string out;
  append_printable(s, out, /*keep_newlines=*/false);
  return out;
}

int run_list(const AuditOptions& options) {
  Result<audit::AuditLog> log = open_log(options.archive);
  if (!log) return fail(log.error());
  Result<std::vector<audit::Entry>> entries = log->list(options.filter);
  if (!entries) return fail(entries.error());
  std::string out;
  if (options.json) {
    for (const audit::Entry& e : *entries) {
      json::Writer w(out);
      w.begin_object();
      w.key_literal("seq").value(e.seq);
      w.key_literal("time").value(e.time);
      w.key_literal("reader").value(e.reader);
      w.key_literal("action").value(e.action);
      w.key_literal("target").value(e.target);
      w.key_literal("portions").value(e.portions);
      w.key_literal("prev_hash").value(e.prev_hash);
      w.key_literal("hash").value(e.hash);
      w.end_object();
      out += '\n';
    }
  } else {
    // Columns: seq, time, reader, action, target, portions; the widths of the
    // short columns from the rows shown, control characters blanked (a
    // reader's name or a query must not drive the terminal).
    struct Row {
      std::string seq, reader, action, target, portions;
    };
    std::vector<Row> rows;
    std::size_t seq_w = 3, reader_w = 6, action_w = 6, target_w = 6;
    for (const audit::Entry& e : *entries) {
      Row r{std::to_string(e.seq), printable(e.reader), printable(e.action),
            printable(e.target), printable(e.portions)};
      seq_w = std::max(seq_w, r.seq.size());
      reader_w = std::max(reader_w, r.reader.size());
      action_w = std::max(action_w, r.action.size());
      target_w = std::min<std::size_t>(40, std::max(target_w, r.target.size()));
      rows.push_back(std::move(r));
    }
    if (!rows.empty()) {
      fmt::format_to(std::back_inserter(out), "{:>{}}  {:<27}  {:<{}}  {:<{}}  {:<{}}  {}\n", "seq",
                     seq_w, "time", "reader", reader_w, "action", action_w, "target", target_w,
                     "portions");
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Row& r = rows[i];
      fmt::format_to(std::back_inserter(out), "{:>{}}  {:<27}  {:<{}}  {:<{}}  {:<{}}  {}\n", r.seq,
                     seq_w, printable((*entries)[i].time), r.reader, reader_w, r.action, action_w,
                     r.target, target_w, r.portions);
    }
  }
  int exit_code = kExitOk;
  (void)write_stdout(out, exit_code);
  return exit_code;
}

int run_verify(const AuditOptions& options) {
  Result<audit::AuditLog> log = open_log(options.archive);
  if (!log) return fail(log.error());
  Result<audit::VerifyReport> report = log->verify();
  if (!report) return fail(report.error());
  const std::string file = log->path().string();
  std::string out;
  if (options.json) {
    json::Writer w(out);
    w.begin_object();
    w.key_literal("log").value(file);
    w.key_literal("intact").value(report->ok());
    w.key_literal("entries").value(static_cast<std::int64_t>(report->entries));
    if (report->ok()) {
      w.key_literal("head_seq").value(report->head_seq);
      w.key_literal("head_hash").value(report->head_hash);
    } else {
      w.key_literal("first_bad_seq");
      if (report->first_bad_seq) {
        w.value(*report->first_bad_seq);
      } else {
        w.null();
      }
      w.key_literal("problem").value(report->problem);
    }
    w.end_object();
    out += '\n';
  } else if (report->ok()) {
    fmt::format_to(std::back_inserter(out),
                   "{}: intact, {} entries\nhead: entry {} {}\n"
                   "(write the head down elsewhere: a later verify can then also tell a log "
                   "rewritten from that entry on)\n",
                   file, report->entries, report->head_seq, report->head_hash);
  } else {
    fmt::format_to(std::back_inserter(out), "{}: TAMPERED\n", file);
    if (report->first_bad_seq) {
      fmt::format_to(std::back_inserter(out), "first bad entry: {}\n", *report->first_bad_seq);
    }
    fmt::format_to(std::back_inserter(out), "problem: {}\n", report->problem);
  }
  int exit_code = kExitOk;
  if (!write_stdout(out, exit_code)) return exit_code;
  if (report->ok()) return exit_code;
  print_error(Error{.code = Errc::kInvalidInput,
                    .message = "the audit log was tampered with: " + report->problem,
                    .where = file,
                    .hint = report->first_bad_seq
                                ? fmt::format("entries from {} on cannot be trusted; compare "
                                              "with a backup of the log",
                                              *report->first_bad_seq)
                                : std::string("compare with a backup of the log")});
  return kExitDataError;
}

}  // namespace

void register_audit(CLI::App& app, Run& run) {
  CLI::App* audit = app.add_subcommand(
      "audit", "Read the audit log of who was shown classified text, and check it is intact");
  audit->require_subcommand(1);

  auto list_options = std::make_shared<AuditOptions>();
  CLI::App* list = audit->add_subcommand("list", "Print the log's entries, oldest first");
  add_archive_option(*list, list_options->archive);
  list->add_option("--reader", list_options->filter.reader, "Only this reader's entries")
      ->type_name("NAME");
  list->add_option("--action", list_options->filter.action,
                   "Only this action (search, show, refs, export, stats, declassify, ...)")
      ->type_name("A");
  list->add_option("--target", list_options->filter.target, "Only this query or cable id")
      ->type_name("T");
  list->add_option("--since", list_options->filter.since,
                   "Only entries at or after this UTC time (2024-05-01, 2024-05-01T12:30)")
      ->type_name("TIME");
  list->add_option("--until", list_options->filter.until,
                   "Only entries before this UTC time, same form")
      ->type_name("TIME");
  list->add_option("-n,--limit", list_options->filter.limit,
                   "Only the N most recent of the matching entries (0: all)")
      ->type_name("N")
      ->capture_default_str();
  list->add_flag("-j,--json", list_options->json,
                 "JSON Lines: one object per entry, with its prev_hash and hash");
  list->footer("Exit codes: 0 listed; 1 the log could not be read; 2 usage error.");
  list->callback([list_options, &run] { run = [list_options] { return run_list(*list_options); }; });

  auto verify_options = std::make_shared<AuditOptions>();
  CLI::App* verify = audit->add_subcommand(
      "verify", "Check the hash chain; name the first entry altered, removed or reordered");
  add_archive_option(*verify, verify_options->archive);
  verify->add_flag("-j,--json", verify_options->json, "Print one JSON object");
  verify->footer(
      "Exit codes: 0 intact; 1 tampered (the first bad entry is named) or unreadable; "
      "2 usage error.");
  verify->callback(
      [verify_options, &run] { run = [verify_options] { return run_verify(*verify_options); }; });
}

}  // namespace chancery::cli
