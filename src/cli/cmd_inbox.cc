// chancery inbox: the cables delivered to a user's post, FLASH first, then
// newest; each seen as that user may see it (a cable above their clearance
// is listed as withheld).
//
//   chancery inbox --as USER [--unread] [--json]
//   chancery inbox --as USER --read ENTRY         mark an entry read (--unread-entry to undo)

#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/archive_option.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/output.h"
#include "cli/post_option.h"
#include "cli/render_cable.h"

namespace chancery::cli {
namespace {

struct InboxOptions {
  std::string archive;
  std::string as;
  std::string as_of;
  bool unread = false;
  bool json = false;
  std::int64_t read = 0;
  std::int64_t unread_entry = 0;
  std::size_t limit = 100;
};

int fail(const Error& error) {
  print_error(error);
  return exit_code_for(error.code);
}

int run_inbox(const InboxOptions& o) {
  Result<users::User> user = user_named(o.archive, o.as);
  if (!user) return fail(user.error());
  Result<post::PostOffice> office = open_post_office(o.archive, "");
  if (!office) return fail(office.error());
  int exit_code = kExitOk;
  if (o.read > 0 || o.unread_entry > 0) {
    const std::int64_t entry = o.read > 0 ? o.read : o.unread_entry;
    if (Result<void> r = office->mark_read(*user, entry, o.read > 0); !r) return fail(r.error());
    (void)write_stdout(fmt::format("entry {} marked {}\n", entry, o.read > 0 ? "read" : "unread"), exit_code);
    return exit_code;
  }
  archive::Viewer viewer{.reader = users::reader_of(*user), .as_of = o.as_of};
  Result<std::vector<post::InboxEntry>> entries =
      office->inbox(*user, post::InboxQuery{.unread_only = o.unread, .limit = o.limit, .offset = 0}, viewer);
  if (!entries) return fail(entries.error());
  std::string out;
  if (o.json) {
    nlohmann::json all = nlohmann::json::array();
    for (const post::InboxEntry& e : *entries) {
      all.push_back({{"entry", e.entry}, {"post", e.post}, {"id", e.cable_id}, {"origin", e.origin},
                     {"precedence", e.precedence}, {"delivered", e.delivered}, {"action", e.action},
                     {"read", e.read}, {"withheld", e.withheld}, {"classification", e.classification},
                     {"subject", e.subject}, {"from", e.from}});
    }
    out = all.dump() + "\n";
  } else {
    if (entries->empty()) out = fmt::format("the inbox of {} is empty\n", user->post.empty() ? "(no post)" : user->post);
    for (const post::InboxEntry& e : *entries) {
      out += fmt::format("{:>6} {} {:<15} {:<6} {:<18} {:<12} {}\n", e.entry, e.read ? ' ' : '*', e.precedence,
                         e.action ? "ACTION" : "INFO", e.cable_id, e.withheld ? "-" : e.classification,
                         e.withheld ? "[withheld: above your clearance]" : e.subject);
    }
  }
  (void)write_stdout(out, exit_code);
  return exit_code;
}

}  // namespace

void register_inbox(CLI::App& app, Run& run) {
  auto o = std::make_shared<InboxOptions>();
  CLI::App* sub = app.add_subcommand("inbox", "The cables delivered to a user's post, FLASH first");
  add_archive_option(*sub, o->archive);
  sub->add_option("--as", o->as, "Whose inbox (the user's post)")->required()->type_name("USER");
  sub->add_option("--as-of", o->as_of, "The declassification clock, YYYY-MM-DD (default: today)");
  sub->add_flag("--unread", o->unread, "Only the entries not yet read");
  sub->add_flag("-j,--json", o->json, "Print a JSON array");
  sub->add_option("--limit", o->limit, "At most this many entries")->capture_default_str();
  sub->add_option("--read", o->read, "Mark this entry read")->type_name("ENTRY");
  sub->add_option("--unread-entry", o->unread_entry, "Mark this entry unread")->type_name("ENTRY");
  sub->callback([o, &run] { run = [o] { return run_inbox(*o); }; });
}

}  // namespace chancery::cli
