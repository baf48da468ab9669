// chancery draft: compose cables. A draft is the JSON form of
// docs/drafts.md, kept in the archive until it is sent or discarded.
//
//   chancery draft new draft.json --as officer     save a draft, print its id and problems
//   chancery draft edit ID [draft.json]            replace it (no file: $EDITOR)
//   chancery draft check ID|draft.json             validate (exit 1 on errors)
//   chancery draft send ID --as officer            number, render, file, deliver
//   chancery draft list --as officer | show ID | discard ID

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chancery/archive.h"
#include "cli/archive_option.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/output.h"
#include "cli/post_option.h"
#include "cli/render_cable.h"

namespace chancery::cli {
namespace {

struct DraftOptions {
  std::string archive;
  std::string as;
  std::string at;  // the clock, "YYYY-MM-DDTHH:MMZ"
  std::string target;  // a draft id or a file
  bool json = false;
};

int fail(const Error& error) {
  print_error(error);
  return exit_code_for(error.code);
}

// The bytes of a file, or of standard input for "-".
Result<std::string> read_input(const std::string& name) {
  std::ostringstream s;
  if (name == "-") {
    s << std::cin.rdbuf();
  } else {
    std::ifstream in(name, std::ios::binary);
    if (!in) return Error{.code = Errc::kNotFound, .message = "cannot read the draft", .where = name};
    s << in.rdbuf();
  }
  if (s.str().size() > (std::size_t{1} << 20))
    return Error{.code = Errc::kInvalidInput, .message = "a draft is at most 1 MiB", .where = name};
  return s.str();
}

Result<compose::Draft> read_draft(const std::string& name) {
  Result<std::string> text = read_input(name);
  if (!text) return text.error();
  Result<compose::Draft> d = compose::draft_from_json(*text);
  if (!d) d.error().where = name;
  return d;
}

std::string pretty(const compose::Draft& d) {
  return nlohmann::json::parse(compose::to_json(d)).dump(2) + "\n";
}

// Prints the draft's id and its problems; 1 when any is an error.
int report(post::PostOffice& office, const compose::Draft& d, std::string_view verb) {
  Result<std::vector<compose::Problem>> problems = office.check(d);
  if (!problems) return fail(problems.error());
  int exit_code = kExitOk;
  std::string out = fmt::format("{} draft {}\n", verb, d.id);
  if (problems->empty()) out += "no problems: it may be sent\n";
  (void)write_stdout(out, exit_code);
  const std::string p = format_problems(*problems);
  if (!p.empty()) (void)write_all(STDERR_FILENO, p);
  return has_errors(*problems) ? kExitDataError : exit_code;
}

int run_new(const DraftOptions& o) {
  Result<users::User> user = user_named(o.archive, o.as);
  if (!user) return fail(user.error());
  compose::Draft d;
  if (o.target.empty() && ::isatty(STDIN_FILENO) != 0) {
    // A blank draft of the user's post, to fill in with `draft edit`.
    d.from = user->post;
  } else {
    Result<compose::Draft> read = read_draft(o.target.empty() ? "-" : o.target);
    if (!read) return fail(read.error());
    d = std::move(read).value();
  }
  d.id.clear();
  d.author = user->name;
  Result<post::PostOffice> office = open_post_office(o.archive, o.at);
  if (!office) return fail(office.error());
  Result<compose::Draft> saved = office->save_draft(std::move(d));
  if (!saved) return fail(saved.error());
  return report(*office, *saved, "saved");
}

Result<compose::Draft> existing(post::PostOffice& office, const std::string& id) {
  Result<std::optional<compose::Draft>> d = office.draft(id);
  if (!d) return d.error();
  if (!*d) return Error{.code = Errc::kNotFound, .message = "no draft '" + id + "'",
                        .hint = "see 'chancery draft list --as USER'"};
  return std::move(**d);
}

// Lets the user edit `d` in $EDITOR (vi when unset); the edited draft.
Result<compose::Draft> edit_in_editor(const compose::Draft& d) {
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / fmt::format("chancery-draft-{}-{}.json", d.id, ::getpid());
  {
    std::ofstream out(file);
    out << pretty(d);
  }
  const char* editor = std::getenv("EDITOR");
  const std::string command = fmt::format("{} '{}'", editor != nullptr && *editor != '\0' ? editor : "vi", file.string());
  const int rc = std::system(command.c_str());
  Result<compose::Draft> edited = rc == 0 ? read_draft(file.string())
                                          : Result<compose::Draft>(Error{.code = Errc::kInvalidInput,
                                                                         .message = "the editor failed; nothing changed"});
  std::error_code ec;
  std::filesystem::remove(file, ec);
  return edited;
}

int run_edit(const DraftOptions& o, const std::string& file) {
  Result<post::PostOffice> office = open_post_office(o.archive, o.at);
  if (!office) return fail(office.error());
  Result<compose::Draft> old = existing(*office, o.target);
  if (!old) return fail(old.error());
  Result<compose::Draft> d = file.empty() ? edit_in_editor(*old) : read_draft(file);
  if (!d) return fail(d.error());
  d->id = old->id;
  d->author = old->author;
  Result<compose::Draft> saved = office->save_draft(std::move(d).value());
  if (!saved) return fail(saved.error());
  return report(*office, *saved, "saved");
}

int run_check(const DraftOptions& o) {
  Result<post::PostOffice> office = open_post_office(o.archive, o.at);
  if (!office) return fail(office.error());
  Result<compose::Draft> d = std::filesystem::exists(o.target) || o.target == "-" ? read_draft(o.target)
                                                                                   : existing(*office, o.target);
  if (!d) return fail(d.error());
  Result<std::vector<compose::Problem>> problems = office->check(*d);
  if (!problems) return fail(problems.error());
  int exit_code = kExitOk;
  if (o.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const compose::Problem& p : *problems) {
      out.push_back({{"severity", p.severity == compose::Problem::Severity::kError ? "error" : "warning"},
                     {"field", p.field},
                     {"message", p.message}});
    }
    (void)write_stdout(out.dump() + "\n", exit_code);
  } else {
    (void)write_stdout(problems->empty() ? "no problems: it may be sent\n" : format_problems(*problems), exit_code);
  }
  return has_errors(*problems) ? kExitDataError : exit_code;
}

int run_send(const DraftOptions& o) {
  Result<users::User> user = user_named(o.archive, o.as);
  if (!user) return fail(user.error());
  Result<post::PostOffice> office = open_post_office(o.archive, o.at);
  if (!office) return fail(office.error());
  Result<compose::Draft> d = existing(*office, o.target);
  if (!d) return fail(d.error());
  Result<post::Sent> sent = office->send(*d, *user);
  if (!sent) {
    if (sent.error().code == Errc::kInvalidInput) {
      Result<std::vector<compose::Problem>> problems = office->check(*d);
      if (problems) (void)write_all(STDERR_FILENO, format_problems(*problems));
    }
    return fail(sent.error());
  }
  (void)office->discard_draft(d->id);
  // Searchable before the command returns: opening the archive catches
  // its index up with the store.
  Result<archive::Archive> a = archive::Archive::open(o.archive);
  if (!a) return fail(a.error());
  int exit_code = kExitOk;
  std::string out = fmt::format("sent {} (serial {}, {}) to {} posts\n", sent->id, sent->serial, sent->dtg,
                                sent->delivered_to.size());
  out += format_problems(sent->warnings);
  if (o.json) out = sent->telegram;
  (void)write_stdout(out, exit_code);
  return exit_code;
}

int run_list(const DraftOptions& o) {
  Result<post::PostOffice> office = open_post_office(o.archive, o.at);
  if (!office) return fail(office.error());
  Result<std::vector<compose::Draft>> all = office->drafts(o.as);
  if (!all) return fail(all.error());
  std::string out;
  for (const compose::Draft& d : *all) {
    out += fmt::format("{}  {:<12}  {}\n", d.id, d.classification.empty() ? "-" : d.classification,
                       d.subject.empty() ? "(no subject)" : d.subject);
  }
  int exit_code = kExitOk;
  (void)write_stdout(out, exit_code);
  return exit_code;
}

int run_show(const DraftOptions& o) {
  Result<post::PostOffice> office = open_post_office(o.archive, o.at);
  if (!office) return fail(office.error());
  Result<compose::Draft> d = existing(*office, o.target);
  if (!d) return fail(d.error());
  int exit_code = kExitOk;
  (void)write_stdout(pretty(*d), exit_code);
  return exit_code;
}

int run_discard(const DraftOptions& o) {
  Result<post::PostOffice> office = open_post_office(o.archive, o.at);
  if (!office) return fail(office.error());
  if (Result<void> r = office->discard_draft(o.target); !r) return fail(r.error());
  int exit_code = kExitOk;
  (void)write_stdout("discarded draft " + o.target + "\n", exit_code);
  return exit_code;
}

CLI::App* sub_of(CLI::App& parent, const char* name, const char* what, const std::shared_ptr<DraftOptions>& o) {
  CLI::App* sub = parent.add_subcommand(name, what);
  add_archive_option(*sub, o->archive);
  sub->add_option("--at", o->at, "The clock, YYYY-MM-DDTHH:MMZ (default: now)")->type_name("DTG");
  return sub;
}

}  // namespace

void register_draft(CLI::App& app, Run& run) {
  CLI::App* draft = app.add_subcommand("draft", "Compose cables: drafts, validation, sending (docs/drafts.md)");
  draft->require_subcommand(1);
  draft->footer("Exit codes: 0 done; 1 the draft has errors or could not be used; 2 usage error.");
  {
    auto o = std::make_shared<DraftOptions>();
    CLI::App* sub = sub_of(*draft, "new", "Save a new draft from a JSON file (or standard input)", o);
    sub->add_option("--as", o->as, "The author")->required()->type_name("USER");
    sub->add_option("file", o->target, "The draft's JSON ('-': standard input)");
    sub->callback([o, &run] { run = [o] { return run_new(*o); }; });
  }
  {
    auto o = std::make_shared<DraftOptions>();
    auto file = std::make_shared<std::string>();
    CLI::App* sub = sub_of(*draft, "edit", "Replace a draft from a JSON file, or edit it in $EDITOR", o);
    sub->add_option("id", o->target, "The draft")->required();
    sub->add_option("file", *file, "The new JSON ('-': standard input)");
    sub->callback([o, file, &run] { run = [o, file] { return run_edit(*o, *file); }; });
  }
  {
    auto o = std::make_shared<DraftOptions>();
    CLI::App* sub = sub_of(*draft, "check", "Validate a draft (by id, or a JSON file) against the format's rules", o);
    sub->add_option("draft", o->target, "A draft id, or a JSON file ('-': standard input)")->required();
    sub->add_flag("-j,--json", o->json, "Print the problems as JSON");
    sub->callback([o, &run] { run = [o] { return run_check(*o); }; });
  }
  {
    auto o = std::make_shared<DraftOptions>();
    CLI::App* sub = sub_of(*draft, "send", "Number, render, file and deliver a draft", o);
    sub->add_option("id", o->target, "The draft")->required();
    sub->add_option("--as", o->as, "The sending officer")->required()->type_name("USER");
    sub->add_flag("--telegram", o->json, "Print the telegram as filed");
    sub->callback([o, &run] { run = [o] { return run_send(*o); }; });
  }
  {
    auto o = std::make_shared<DraftOptions>();
    CLI::App* sub = sub_of(*draft, "list", "List a user's drafts", o);
    sub->add_option("--as", o->as, "The author")->required()->type_name("USER");
    sub->callback([o, &run] { run = [o] { return run_list(*o); }; });
  }
  {
    auto o = std::make_shared<DraftOptions>();
    CLI::App* sub = sub_of(*draft, "show", "Print a draft's JSON", o);
    sub->add_option("id", o->target, "The draft")->required();
    sub->callback([o, &run] { run = [o] { return run_show(*o); }; });
  }
  {
    auto o = std::make_shared<DraftOptions>();
    CLI::App* sub = sub_of(*draft, "discard", "Discard a draft", o);
    sub->add_option("id", o->target, "The draft")->required();
    sub->callback([o, &run] { run = [o] { return run_discard(*o); }; });
  }
}

}  // namespace chancery::cli
