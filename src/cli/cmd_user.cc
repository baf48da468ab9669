// chancery user add|list|set|remove: the archive's users, their roles,
// clearances, nationalities, access groups and passwords.
//
// Passwords come from standard input: with --password-stdin (or when
// standard input is not a terminal) as its first line; on a terminal, typed
// twice with echo off. They are never echoed, printed or put in an error.

#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "chancery/access.h"
#include "chancery/users.h"

#include "cli/archive_option.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/output.h"
#include "cli/render_cable.h"
#include "core/json_writer.h"
#include "core/text.h"

namespace chancery::cli {
namespace {

struct UserOptions {
  std::string archive;
  std::string name;
  std::string role;
  std::string clearance;
  std::string nationality;
  std::string post;
  std::vector<std::string> groups;
  std::vector<std::string> add_groups;
  std::vector<std::string> remove_groups;
  bool enable = false;
  bool disable = false;
  bool password_stdin = false;
  bool password = false;  // `set`: ask for a new password
  bool json = false;
  // Which of the options `set` was given (an empty value is a value).
  CLI::Option* role_opt = nullptr;
  CLI::Option* clearance_opt = nullptr;
  CLI::Option* nationality_opt = nullptr;
  CLI::Option* post_opt = nullptr;
  CLI::Option* groups_opt = nullptr;
};

// A password in a string that is wiped when it goes.
class Secret {
 public:
  Secret() { text_.reserve(users::kMaxPasswordBytes + 2); }  // no reallocated copies
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  ~Secret() { wipe(); }
  void wipe() {
    explicit_bzero(text_.data(), text_.capacity());
    text_.clear();
  }
  std::string& text() { return text_; }
  std::string_view view() const { return text_; }

 private:
  std::string text_;
};

int fail(const Error& error) {
  print_error(error);
  return exit_code_for(error.code);
}

int usage(std::string message, std::string hint = {}) {
  print_error(
      Error{.code = Errc::kInvalidInput, .message = std::move(message), .hint = std::move(hint)});
  return kExitUsage;
}

// Reads one line from standard input into `out`, without its "\n" (or
// "\r\n"). Errors: kInvalidInput when there is none or it is too long.
Result<void> read_line(Secret& out) {
  std::string& text = out.text();
  bool any = false;
  for (;;) {
    char c = 0;
    const ssize_t n = ::read(STDIN_FILENO, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return Error{.code = Errc::kIo,
                   .message = fmt::format("cannot read the password: {}", std::strerror(errno)),
                   .where = "standard input"};
    }
    if (n == 0) break;
    any = true;  // an empty line is an empty password, refused as such
    if (c == '\n') break;
    if (text.size() > users::kMaxPasswordBytes) continue;  // read to the end of the line
    text.push_back(c);
  }
  if (!text.empty() && text.back() == '\r') text.pop_back();
  if (!any) {
    return Error{
        .code = Errc::kInvalidInput,
        .message = "no password on standard input",
        .where = "standard input",
        .hint =
            "give the password as the first line, e.g. printf '%s\\n' \"$PW\" | chancery user ..."};
  }
  return {};
}

// The terminal's settings while echo is off, restored by a signal handler
// too: a Ctrl-C at the prompt must not leave the terminal silent.
struct termios g_saved_termios;
volatile sig_atomic_t g_echo_off = 0;

extern "C" void restore_terminal_and_die(int sig) {
  if (g_echo_off != 0) (void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_termios);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

class EchoOff {
 public:
  EchoOff() {
    if (tcgetattr(STDIN_FILENO, &g_saved_termios) != 0) return;
    struct termios quiet = g_saved_termios;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP}) {
      struct sigaction action {};
      action.sa_handler = restore_terminal_and_die;
      sigemptyset(&action.sa_mask);
      (void)sigaction(sig, &action, nullptr);
    }
    g_echo_off = 1;
    on_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    if (!on_) g_echo_off = 0;
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;
  ~EchoOff() {
    if (on_) (void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_termios);
    g_echo_off = 0;
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP}) ::signal(sig, SIG_DFL);
  }

 private:
  bool on_ = false;
};

// The password for `name`: the first line of standard input with
// --password-stdin or when it is not a terminal; typed twice otherwise.
Result<void> read_password(const UserOptions& options, Secret& out) {
  if (options.password_stdin || ::isatty(STDIN_FILENO) == 0) return read_line(out);
  Secret again;
  {
    const EchoOff echo_off;
    (void)write_all(STDERR_FILENO, fmt::format("Password for {}: ", options.name));
    if (Result<void> r = read_line(out); !r) return r;
    (void)write_all(STDERR_FILENO, "Repeat the password: ");
    if (Result<void> r = read_line(again); !r) return r;
  }
  if (out.view() != again.view()) {
    return Error{.code = Errc::kInvalidInput, .message = "the passwords do not match"};
  }
  return {};
}

std::vector<std::string> lower_all(const std::vector<std::string>& v) {
  std::vector<std::string> out;
  for (const std::string& s : v) out.push_back(text::lower(s));
  return out;
}

Result<users::UserStore> open_users(const UserOptions& options) {
  Result<users::UserStore> opened = users::UserStore::open(options.archive);
  if (!opened && opened.error().code == Errc::kNotFound) {
    opened.error().hint = "create one with 'chancery init " + options.archive + "'";
  }
  return opened;
}

Error unknown_user(const std::string& name) {
  return Error{.code = Errc::kNotFound,
               .message = fmt::format("there is no user '{}'", name),
               .hint = "see the users with 'chancery user list'"};
}

// Applies --role, --clearance, --nationality, --post and the group options
// given on the command line to `user`. Returns an exit code on a bad value.
std::optional<int> apply_options(const UserOptions& options, users::User& user, bool all) {
  if (all || options.role_opt->count() > 0) {
    const std::optional<users::Role> role = users::parse_role(options.role);
    if (!role)
      return usage(fmt::format("unknown role '{}'", options.role),
                   "choose one of reader, officer, admin, auditor");
    user.role = *role;
  }
  if (all || options.clearance_opt->count() > 0) {
    const std::optional<access::Level> level = access::parse_level(options.clearance);
    if (!level)
      return usage(fmt::format("unknown clearance '{}'", options.clearance),
                   "choose one of UNCLASSIFIED, CONFIDENTIAL, SECRET, 'TOP SECRET'");
    user.clearance = *level;
  }
  if (all || options.nationality_opt->count() > 0) user.nationality = text::upper(options.nationality);
  if (all || options.post_opt->count() > 0) user.post = options.post;
  if (all || options.groups_opt->count() > 0) user.groups = lower_all(options.groups);
  for (const std::string& g : lower_all(options.add_groups)) user.groups.push_back(g);
  // `--group ''` means no group.
  user.groups.erase(std::remove(user.groups.begin(), user.groups.end(), std::string()),
                    user.groups.end());
  for (const std::string& g : lower_all(options.remove_groups)) {
    user.groups.erase(std::remove(user.groups.begin(), user.groups.end(), g), user.groups.end());
  }
  if (options.enable) user.disabled = false;
  if (options.disable) user.disabled = true;
  return std::nullopt;
}

int run_add(const UserOptions& options) {
  users::User user;
  user.name = options.name;
  if (std::optional<int> bad = apply_options(options, user, /*all=*/true)) return *bad;
  if (Result<void> ok = users::validate(user); !ok) return usage(ok.error().message);
  Result<users::UserStore> store = open_users(options);
  if (!store) return fail(store.error());
  // Before asking for a password: a taken name is known now.
  Result<std::optional<users::User>> existing = store->find(user.name);
  if (!existing) return fail(existing.error());
  if (existing->has_value()) {
    return fail(Error{.code = Errc::kConflict,
                      .message = fmt::format("there is already a user '{}'", user.name),
                      .hint = "change it with 'chancery user set'"});
  }
  Secret password;
  if (Result<void> r = read_password(options, password); !r) return fail(r.error());
  if (Result<void> r = store->add(user, password.view()); !r) return fail(r.error());
  password.wipe();
  int exit_code = kExitOk;
  (void)write_stdout(fmt::format("added user {} ({}, {})\n", user.name, users::role_name(user.role),
                                 access::level_name(user.clearance)),
                     exit_code);
  return exit_code;
}

int run_set(const UserOptions& options) {
  const bool change = options.role_opt->count() > 0 || options.clearance_opt->count() > 0 ||
                      options.nationality_opt->count() > 0 || options.post_opt->count() > 0 ||
                      options.groups_opt->count() > 0 || !options.add_groups.empty() ||
                      !options.remove_groups.empty() || options.enable || options.disable;
  const bool new_password = options.password_stdin || options.password;
  if (!change && !new_password) {
    return usage("nothing to change", "run 'chancery user set --help' for the options");
  }
  Result<users::UserStore> store = open_users(options);
  if (!store) return fail(store.error());
  Result<std::optional<users::User>> found = store->find(options.name);
  if (!found) return fail(found.error());
  if (!found->has_value()) return fail(unknown_user(options.name));
  users::User user = **found;
  if (std::optional<int> bad = apply_options(options, user, /*all=*/false)) return *bad;
  if (Result<void> ok = users::validate(user); !ok) return usage(ok.error().message);
  Secret password;
  if (new_password) {
    if (Result<void> r = read_password(options, password); !r) return fail(r.error());
  }
  if (change) {
    if (Result<void> r = store->update(user); !r) return fail(r.error());
  }
  if (new_password) {
    if (Result<void> r = store->set_password(user.name, password.view()); !r)
      return fail(r.error());
    password.wipe();
  }
  int exit_code = kExitOk;
  (void)write_stdout(
      fmt::format("updated user {}{}\n", user.name, new_password ? " (and its password)" : ""),
      exit_code);
  return exit_code;
}

int run_remove(const UserOptions& options) {
  Result<users::UserStore> store = open_users(options);
  if (!store) return fail(store.error());
  if (Result<void> r = store->remove(options.name); !r) {
    return fail(r.error().code == Errc::kNotFound ? unknown_user(options.name) : r.error());
  }
  int exit_code = kExitOk;
  (void)write_stdout(fmt::format("removed user {}\n", options.name), exit_code);
  return exit_code;
}

std::string joined(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string list_text(const std::vector<users::User>& all) {
  const std::vector<std::string> head = {"name",   "role", "clearance", "nationality",
                                         "groups", "post", "status",    "created"};
  std::vector<std::vector<std::string>> rows = {head};
  for (const users::User& u : all) {
    std::string post;
    append_printable(u.post, post, false);
    auto or_dash = [](std::string s) { return s.empty() ? std::string("-") : s; };
    rows.push_back({u.name, std::string(users::role_name(u.role)),
                    std::string(access::level_name(u.clearance)), or_dash(u.nationality),
                    or_dash(joined(u.groups, ",")), or_dash(post),
                    u.disabled ? "disabled" : "enabled", u.created});
  }
  std::vector<std::size_t> width(head.size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(width[i] - row[i].size() + 2, ' ');
    }
    out += line + '\n';
  }
  if (all.empty()) out += "(no users: add one with 'chancery user add')\n";
  return out;
}

std::string list_json(const std::vector<users::User>& all) {
  std::string out;
  json::Writer w(out);
  w.begin_object().key_literal("users").begin_array();
  for (const users::User& u : all) {
    w.begin_object();
    w.key_literal("name").value(u.name);
    w.key_literal("role").value(users::role_name(u.role));
    w.key_literal("clearance").value(access::level_name(u.clearance));
    w.key_literal("nationality").value(u.nationality);
    w.key_literal("groups").begin_array();
    for (const std::string& g : u.groups) w.value(g);
    w.end_array();
    w.key_literal("post").value(u.post);
    w.key_literal("disabled").value(u.disabled);
    w.key_literal("created").value(u.created);
    w.end_object();
  }
  w.end_array().end_object();
  out += '\n';
  return out;
}

int run_list(const UserOptions& options) {
  Result<users::UserStore> store = open_users(options);
  if (!store) return fail(store.error());
  Result<std::vector<users::User>> all = store->list();
  if (!all) return fail(all.error());
  int exit_code = kExitOk;
  (void)write_stdout(options.json ? list_json(*all) : list_text(*all), exit_code);
  return exit_code;
}

void add_password_stdin(CLI::App& sub, UserOptions& o) {
  sub.add_flag("--password-stdin", o.password_stdin,
               "Read the password from the first line of standard input (also done when standard "
               "input is not a terminal; on a terminal it is asked for twice, without echo)");
}

void add_fields(CLI::App& sub, UserOptions& o, bool required) {
  o.role_opt =
      sub.add_option("--role", o.role, "reader, officer (may send cables), admin or auditor")
          ->type_name("ROLE");
  o.clearance_opt =
      sub.add_option("--clearance", o.clearance,
                     "UNCLASSIFIED, CONFIDENTIAL, SECRET or 'TOP SECRET' (or U, C, S, TS)")
          ->type_name("LEVEL");
  if (required) {
    o.role_opt->required();
    o.clearance_opt->required();
  }
  o.nationality_opt =
      sub.add_option("--nationality", o.nationality,
                     "ISO 3166 alpha-3 code, for NOFORN and REL TO (e.g. USA; default: none)")
          ->type_name("CODE");
  o.groups_opt = sub.add_option("--group", o.groups,
                                required ? "An access group, for dissemination captions (exdis, "
                                           "nodis, limdis...); repeat or separate with commas"
                                         : "Replace the access groups (repeat or separate with "
                                           "commas; --group '' for none)")
                     ->type_name("GROUP")
                     ->delimiter(',');
  o.post_opt =
      sub.add_option("--post", o.post, "The office the user belongs to")->type_name("NAME");
}

}  // namespace

void register_user(CLI::App& app, Run& run) {
  CLI::App* user = app.add_subcommand("user",
                                      "Manage the archive's users: roles, clearances, "
                                      "nationalities, access groups and passwords");
  user->require_subcommand(1);
  user->footer("Exit codes: 0 done; 1 the archive or the user could not be used; 2 usage error.");

  {
    auto o = std::make_shared<UserOptions>();
    CLI::App* sub = user->add_subcommand("add", "Add a user and set its password");
    add_archive_option(*sub, o->archive);
    sub->add_option("name", o->name, "1-64 characters of A-Z a-z 0-9 . _ @ -")
        ->required()
        ->type_name("NAME");
    add_fields(*sub, *o, /*required=*/true);
    add_password_stdin(*sub, *o);
    sub->callback([o, &run] { run = [o] { return run_add(*o); }; });
  }
  {
    auto o = std::make_shared<UserOptions>();
    CLI::App* sub = user->add_subcommand("list", "List the users (never their passwords)");
    add_archive_option(*sub, o->archive);
    sub->add_flag("-j,--json", o->json, "Print one JSON object: {\"users\": [...]}");
    sub->callback([o, &run] { run = [o] { return run_list(*o); }; });
  }
  {
    auto o = std::make_shared<UserOptions>();
    CLI::App* sub = user->add_subcommand("set", "Change a user's fields or password");
    add_archive_option(*sub, o->archive);
    sub->add_option("name", o->name, "The user")->required()->type_name("NAME");
    add_fields(*sub, *o, /*required=*/false);
    sub->add_option("--add-group", o->add_groups, "Add an access group")
        ->type_name("GROUP")
        ->delimiter(',');
    sub->add_option("--remove-group", o->remove_groups, "Remove an access group")
        ->type_name("GROUP")
        ->delimiter(',');
    CLI::Option* enable = sub->add_flag("--enable", o->enable, "Allow the user to sign in again");
    CLI::Option* disable = sub->add_flag("--disable", o->disable, "Refuse the user's sign-in");
    enable->excludes(disable);
    CLI::Option* from_stdin =
        sub->add_flag("--password-stdin", o->password_stdin,
                      "Set a new password, read from the first line of standard input");
    sub->add_flag("--password", o->password,
                  "Set a new password, asked for twice without echo on a terminal")
        ->excludes(from_stdin);
    sub->callback([o, &run] { run = [o] { return run_set(*o); }; });
  }
  {
    auto o = std::make_shared<UserOptions>();
    CLI::App* sub = user->add_subcommand("remove", "Remove a user");
    add_archive_option(*sub, o->archive);
    sub->add_option("name", o->name, "The user")->required()->type_name("NAME");
    sub->callback([o, &run] { run = [o] { return run_remove(*o); }; });
  }
}

}  // namespace chancery::cli
