// chancery directory: the posts and offices cables are addressed to (a
// plain language address and its routing indicator), and the collectives.
// Seeded from the routing indicators shipped with chancery.
//
//   chancery directory list [--json]
//   chancery directory add 'AMEMBASSY OSLO' --route RUEHNY [--text-name OSLO]
//   chancery directory remove 'AMEMBASSY OSLO'
//   chancery directory collective 'NORDIC COLLECTIVE' --route RUEHXN --member 'AMEMBASSY OSLO' ...
//   chancery directory expand 'IRAN COLLECTIVE' [--xmt 'AMEMBASSY PARIS']

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/archive_option.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/output.h"
#include "cli/post_option.h"
#include "cli/render_cable.h"
#include "core/text.h"

namespace chancery::cli {
namespace {

struct DirectoryOptions {
  std::string archive;
  std::string plad;
  std::string route;
  std::string text_name;
  std::vector<std::string> members;
  bool json = false;
  bool remove = false;
};

int fail(const Error& error) {
  print_error(error);
  return exit_code_for(error.code);
}

int done(const std::string& out) {
  int exit_code = kExitOk;
  (void)write_stdout(out, exit_code);
  return exit_code;
}

int run_list(const DirectoryOptions& o) {
  Result<post::PostOffice> office = open_post_office(o.archive, "");
  if (!office) return fail(office.error());
  Result<std::vector<post::Post>> posts = office->posts();
  if (!posts) return fail(posts.error());
  Result<std::vector<post::Collective>> collectives = office->collectives();
  if (!collectives) return fail(collectives.error());
  if (o.json) {
    nlohmann::json out{{"posts", nlohmann::json::array()}, {"collectives", nlohmann::json::array()}};
    for (const post::Post& p : *posts)
      out["posts"].push_back({{"plad", p.plad}, {"route", p.route}, {"text_name", p.text_name}});
    for (const post::Collective& c : *collectives)
      out["collectives"].push_back({{"plad", c.plad}, {"route", c.route}, {"members", c.members}});
    return done(out.dump() + "\n");
  }
  std::string out;
  for (const post::Post& p : *posts) out += fmt::format("{:<9} {:<40} {}\n", p.route, p.plad, p.text_name);
  for (const post::Collective& c : *collectives)
    out += fmt::format("{:<9} {:<40} collective of {} posts\n", c.route, c.plad, c.members.size());
  return done(out);
}

int run_add(const DirectoryOptions& o) {
  Result<post::PostOffice> office = open_post_office(o.archive, "");
  if (!office) return fail(office.error());
  const post::Post p{.plad = text::upper(o.plad), .route = text::upper(o.route), .text_name = text::upper(o.text_name)};
  if (Result<void> r = office->put_post(p); !r) return fail(r.error());
  return done(fmt::format("put {} ({})\n", p.plad, p.route.empty() ? "no routing indicator" : p.route));
}

int run_remove(const DirectoryOptions& o) {
  Result<post::PostOffice> office = open_post_office(o.archive, "");
  if (!office) return fail(office.error());
  const std::string plad = text::upper(o.plad);
  Result<void> r = office->remove_post(plad);
  if (!r && r.error().code == Errc::kNotFound) r = office->remove_collective(plad);
  if (!r) return fail(r.error());
  return done("removed " + plad + "\n");
}

int run_collective(const DirectoryOptions& o) {
  Result<post::PostOffice> office = open_post_office(o.archive, "");
  if (!office) return fail(office.error());
  post::Collective c{.plad = text::upper(o.plad), .route = text::upper(o.route), .members = {}};
  for (const std::string& m : o.members) c.members.push_back(text::upper(m));
  if (Result<void> r = office->put_collective(c); !r) return fail(r.error());
  return done(fmt::format("put {} ({} members)\n", c.plad, c.members.size()));
}

int run_expand(const DirectoryOptions& o) {
  Result<post::PostOffice> office = open_post_office(o.archive, "");
  if (!office) return fail(office.error());
  std::vector<std::string> exempt;
  for (const std::string& m : o.members) exempt.push_back(text::upper(m));
  Result<std::vector<std::string>> posts = office->expand(text::upper(o.plad), exempt);
  if (!posts) return fail(posts.error());
  std::string out;
  for (const std::string& p : *posts) out += p + "\n";
  return done(out);
}

}  // namespace

void register_directory(CLI::App& app, Run& run) {
  CLI::App* dir = app.add_subcommand("directory", "The posts, offices and collectives cables are addressed to");
  dir->require_subcommand(1);
  auto sub_of = [&](const char* name, const char* what, const std::shared_ptr<DirectoryOptions>& o) {
    CLI::App* sub = dir->add_subcommand(name, what);
    add_archive_option(*sub, o->archive);
    return sub;
  };
  {
    auto o = std::make_shared<DirectoryOptions>();
    CLI::App* sub = sub_of("list", "List the posts and collectives", o);
    sub->add_flag("-j,--json", o->json, "Print one JSON object");
    sub->callback([o, &run] { run = [o] { return run_list(*o); }; });
  }
  {
    auto o = std::make_shared<DirectoryOptions>();
    CLI::App* sub = sub_of("add", "Add or replace a post or office", o);
    sub->add_option("plad", o->plad, "Its plain language address, 'AMEMBASSY OSLO'")->required();
    sub->add_option("--route", o->route, "Its routing indicator, RUEHNY")->type_name("RI");
    sub->add_option("--text-name", o->text_name, "How its cables name it, OSLO (default: from the address)");
    sub->callback([o, &run] { run = [o] { return run_add(*o); }; });
  }
  {
    auto o = std::make_shared<DirectoryOptions>();
    CLI::App* sub = sub_of("remove", "Remove a post or a collective", o);
    sub->add_option("plad", o->plad, "Its plain language address")->required();
    sub->callback([o, &run] { run = [o] { return run_remove(*o); }; });
  }
  {
    auto o = std::make_shared<DirectoryOptions>();
    CLI::App* sub = sub_of("collective", "Define (or redefine) a collective by its members", o);
    sub->add_option("plad", o->plad, "Its plain language address, 'IRAN COLLECTIVE'")->required();
    sub->add_option("--route", o->route, "Its routing indicator")->type_name("RI");
    sub->add_option("--member", o->members, "A member post (repeat)")->type_name("PLAD");
    sub->callback([o, &run] { run = [o] { return run_collective(*o); }; });
  }
  {
    auto o = std::make_shared<DirectoryOptions>();
    CLI::App* sub = sub_of("expand", "The posts an address reaches (a collective's members, less XMT)", o);
    sub->add_option("plad", o->plad, "A post or a collective")->required();
    sub->add_option("--xmt", o->members, "A member not to reach (repeat)")->type_name("PLAD");
    sub->callback([o, &run] { run = [o] { return run_expand(*o); }; });
  }
}

}  // namespace chancery::cli
