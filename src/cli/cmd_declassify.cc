// chancery declassify: what becomes public as of a date (format spec §5.4),
// what still needs review for its controls, and what the policy holds back.
// chancery hold: the policy's holds (cables whose declassification waits for
// review whatever their date).

#include <cstdlib>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "chancery/access.h"
#include "chancery/archive.h"

#include "cli/archive_option.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/output.h"
#include "cli/render_cable.h"
#include "core/json_writer.h"
#include "core/text.h"

namespace chancery::cli {
namespace {

struct DeclassifyOptions {
  std::string archive;
  std::string as_of;
  std::string since;
  bool dry_run = false;
  bool json = false;
};

std::string officer() {
  const char* user = std::getenv("USER");
  return std::string("local:") + (user != nullptr ? user : "?");
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

int run_declassify(const DeclassifyOptions& options) {
  Result<archive::Archive> opened = open_archive(options.archive, /*read_only=*/options.dry_run);
  if (!opened) {
    print_error(opened.error());
    return exit_code_for(opened.error().code);
  }
  const std::string until = options.as_of.empty() ? access::today() : options.as_of;
  Result<std::vector<archive::Declassified>> found = opened->declassifications(options.since, until);
  if (!found) {
    print_error(found.error());
    return exit_code_for(found.error().code);
  }
  std::size_t becomes_public = 0, review = 0, held = 0;
  for (const archive::Declassified& d : *found) {
    if (d.held) {
      ++held;
    } else if (!d.review.empty()) {
      ++review;
    } else {
      ++becomes_public;
    }
  }
  std::string out;
  if (options.json) {
    json::Writer w(out);
    w.begin_object();
    w.key_literal("as_of").value(until);
    w.key_literal("cables").begin_array();
    for (const archive::Declassified& d : *found) {
      w.begin_object();
      w.key_literal("id").value(d.id);
      w.key_literal("origin").value(d.origin);
      w.key_literal("classification").value(d.classification);
      w.key_literal("release").value(d.release);
      w.key_literal("instruction").value(d.instruction);
      w.key_literal("portions").value(static_cast<std::int64_t>(d.portions));
      w.key_literal("status").value(d.held ? "held" : !d.review.empty() ? "review" : "public");
      w.key_literal("review").begin_array();
      for (const std::string& c : d.review) w.value(c);
      w.end_array();
      w.end_object();
    }
    w.end_array();
    w.end_object();
    out += '\n';
  } else {
    for (const archive::Declassified& d : *found) {
      std::string line = fmt::format("{}  {:<20} {:<26} {}  ", d.release, d.id, d.classification,
                                     d.held ? "held" : !d.review.empty() ? "review" : "public");
      if (!d.review.empty()) line += "(controls: " + joined(d.review) + ") ";
      append_printable(d.origin, line, false);
      out += line + "\n";
    }
    out += fmt::format("as of {}: {} cables become public, {} need review of their controls, {} held{}\n", until,
                       becomes_public, review, held, options.dry_run ? " (dry run: nothing recorded)" : "");
  }
  int exit_code = kExitOk;
  if (!options.dry_run) {
    if (Result<void> r = opened->record_declassification(officer(), until, *found); !r) {
      print_error(r.error());
      return exit_code_for(r.error().code);
    }
  }
  (void)write_stdout(out, exit_code);
  return exit_code;
}

struct HoldOptions {
  std::string archive;
  std::string id;
  std::string reason;
  bool json = false;
};

int change_holds(const HoldOptions& options, bool add) {
  Result<archive::Archive> opened = open_archive(options.archive, /*read_only=*/false);
  if (!opened) {
    print_error(opened.error());
    return exit_code_for(opened.error().code);
  }
  access::Policy policy = opened->policy();
  const std::string id = text::upper(options.id);
  if (add) {
    policy.holds[id] = options.reason;
  } else if (policy.holds.erase(id) == 0) {
    print_error(Error{.code = Errc::kNotFound, .message = "no hold on " + id});
    return exit_code_for(Errc::kNotFound);
  }
  if (Result<void> r = opened->set_policy(policy); !r) {
    print_error(r.error());
    return exit_code_for(r.error().code);
  }
  int exit_code = kExitOk;
  (void)write_stdout(fmt::format("{} {}\n", add ? "held" : "released hold on", id), exit_code);
  return exit_code;
}

int list_holds(const HoldOptions& options) {
  Result<archive::Archive> opened = open_archive(options.archive, /*read_only=*/true);
  if (!opened) {
    print_error(opened.error());
    return exit_code_for(opened.error().code);
  }
  std::string out;
  for (const auto& [id, reason] : opened->policy().holds) {
    out += id;
    if (!reason.empty()) {
      out += "  ";
      append_printable(reason, out, false);
    }
    out += '\n';
  }
  int exit_code = kExitOk;
  (void)write_stdout(out, exit_code);
  return exit_code;
}

}  // namespace

void register_declassify(CLI::App& app, Run& run) {
  auto options = std::make_shared<DeclassifyOptions>();
  CLI::App* sub = app.add_subcommand(
      "declassify", "List the cables whose classification lapses by a date, and record the review");
  add_archive_option(*sub, options->archive);
  const auto date = [](const std::string& s) { return is_iso_date(s) ? std::string() : "expected a date YYYY-MM-DD"; };
  sub->add_option("--as-of", options->as_of, "The date (default: today)")->type_name("YYYY-MM-DD")->check(date);
  sub->add_option("--since", options->since, "Only releases after this date (default: all before --as-of)")
      ->type_name("YYYY-MM-DD")
      ->check(date);
  sub->add_flag("--dry-run", options->dry_run, "List only; record nothing in the audit log");
  sub->add_flag("-j,--json", options->json, "Print one JSON object");
  sub->callback([options, &run] { run = [options] { return run_declassify(*options); }; });

  CLI::App* hold = app.add_subcommand("hold", "Hold cables back from declassification for review");
  hold->require_subcommand(1);
  auto hold_options = std::make_shared<HoldOptions>();
  CLI::App* add = hold->add_subcommand("add", "Hold a cable id (every origin)");
  add_archive_option(*add, hold_options->archive);
  add->add_option("ID", hold_options->id, "The cable id")->required();
  add->add_option("--reason", hold_options->reason, "Why, for the record")->type_name("TEXT");
  add->callback([hold_options, &run] { run = [hold_options] { return change_holds(*hold_options, true); }; });
  CLI::App* remove = hold->add_subcommand("remove", "Release a hold");
  add_archive_option(*remove, hold_options->archive);
  remove->add_option("ID", hold_options->id, "The cable id")->required();
  remove->callback([hold_options, &run] { run = [hold_options] { return change_holds(*hold_options, false); }; });
  CLI::App* list = hold->add_subcommand("list", "List the holds");
  add_archive_option(*list, hold_options->archive);
  list->callback([hold_options, &run] { run = [hold_options] { return list_holds(*hold_options); }; });
}

}  // namespace chancery::cli
