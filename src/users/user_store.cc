// The users table, in the archive's store.sqlite (beside the cables, so that
// one backup holds both):
//
//   users(name TEXT PRIMARY KEY,   -- case-sensitive (BINARY collation)
//         role TEXT,               -- role_name(): "reader", "officer", ...
//         clearance TEXT,          -- access::level_name(): "SECRET", "TOP SECRET"
//         nationality TEXT,        -- "USA", or '' for none
//         access_groups TEXT,      -- the groups, sorted, separated by one space
//         post TEXT, disabled INTEGER (0/1), created TEXT (UTC, ISO 8601),
//         password TEXT)           -- the Argon2id hash string, never a password
//
// Names are words, not numbers, so that a human reading the table with
// sqlite3 understands it, and so that a reordering of an enum changes nothing.

#include <algorithm>
#include <chrono>
#include <ctime>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "chancery/users.h"

#include "store/sqlite.h"
#include "users/password.h"

namespace chancery::users {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS users(
  name TEXT PRIMARY KEY NOT NULL,
  role TEXT NOT NULL,
  clearance TEXT NOT NULL,
  nationality TEXT NOT NULL,
  access_groups TEXT NOT NULL,
  post TEXT NOT NULL,
  disabled INTEGER NOT NULL,
  created TEXT NOT NULL,
  password TEXT NOT NULL
) WITHOUT ROWID;
)sql";

constexpr std::string_view kColumns =
    "name, role, clearance, nationality, access_groups, post, disabled, created";

constexpr std::size_t kMaxName = 64;
constexpr std::size_t kMaxGroup = 64;
constexpr std::size_t kMaxPost = 128;

bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '@' || c == '-';
}

bool is_group_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool valid_name(std::string_view name) {
  return !name.empty() && name.size() <= kMaxName &&
         std::all_of(name.begin(), name.end(), is_name_char);
}

Error invalid(std::string message) {
  return Error{.code = Errc::kInvalidInput, .message = std::move(message)};
}

Error no_such_user(std::string_view name) {
  return Error{.code = Errc::kNotFound, .message = fmt::format("there is no user '{}'", name)};
}

// The store's copy of a row that this code did not write.
Error damaged(std::string_view name, std::string_view column) {
  return Error{.code = Errc::kIo,
               .message = fmt::format("the users table is damaged: user '{}' has an unreadable {}",
                                      name, column),
               .hint = "correct the row with sqlite3, or remove the user and add it again"};
}

std::string now_utc() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  const std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buffer, n);
}

std::string join_groups(const std::vector<std::string>& groups) {
  std::string out;
  for (const std::string& g : groups) {
    if (!out.empty()) out += ' ';
    out += g;
  }
  return out;
}

std::vector<std::string> split_groups(std::string_view text) {
  std::vector<std::string> groups;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view g = text.substr(0, space);
    if (!g.empty()) groups.emplace_back(g);
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  return groups;
}

// The user with its groups sorted and unique, as stored.
User normalised(User user) {
  std::sort(user.groups.begin(), user.groups.end());
  user.groups.erase(std::unique(user.groups.begin(), user.groups.end()), user.groups.end());
  return user;
}

// Reads the kColumns of a row.
Result<User> read_user(const store::Statement& s) {
  User user;
  user.name = s.column_text(0);
  const std::optional<Role> role = parse_role(s.column_text(1));
  if (!role) return damaged(user.name, "role");
  user.role = *role;
  const std::optional<access::Level> level = access::parse_level(s.column_text(2));
  if (!level) return damaged(user.name, "clearance");
  user.clearance = *level;
  user.nationality = s.column_text(3);
  user.groups = split_groups(s.column_text(4));
  user.post = s.column_text(5);
  user.disabled = s.column_int(6) != 0;
  user.created = s.column_text(7);
  return user;
}

}  // namespace

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kReader:
      return "reader";
    case Role::kOfficer:
      return "officer";
    case Role::kAdmin:
      return "admin";
    case Role::kAuditor:
      return "auditor";
  }
  return "reader";
}

std::optional<Role> parse_role(std::string_view text) {
  for (Role role : {Role::kReader, Role::kOfficer, Role::kAdmin, Role::kAuditor}) {
    const std::string_view name = role_name(role);
    if (text.size() == name.size() &&
        std::equal(text.begin(), text.end(), name.begin(), [](char a, char b) {
          return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b;
        })) {
      return role;
    }
  }
  return std::nullopt;
}

access::Reader reader_of(const User& user) {
  access::Reader reader;
  reader.name = user.name;
  reader.clearance = user.clearance;
  reader.nationality = user.nationality;
  reader.groups = user.groups;
  return reader;
}

Result<void> validate(const User& user) {
  if (!valid_name(user.name)) {
    return invalid(fmt::format("a user name is 1-{} characters of A-Z a-z 0-9 . _ @ -", kMaxName));
  }
  if (static_cast<int>(user.role) > static_cast<int>(Role::kAuditor)) {
    return invalid("the role is not one of reader, officer, admin, auditor");
  }
  if (static_cast<int>(user.clearance) > static_cast<int>(access::Level::kTopSecret)) {
    return invalid("the clearance is not a classification level");
  }
  if (!user.nationality.empty() && (user.nationality.size() != 3 ||
                                    !std::all_of(user.nationality.begin(), user.nationality.end(),
                                                 [](char c) { return c >= 'A' && c <= 'Z'; }))) {
    return invalid(
        "a nationality is an ISO 3166 alpha-3 code: three upper-case letters such as USA");
  }
  for (const std::string& g : user.groups) {
    if (g.empty() || g.size() > kMaxGroup || !std::all_of(g.begin(), g.end(), is_group_char)) {
      return invalid(fmt::format(
          "an access group is 1-{} characters of a-z 0-9 _ - (such as exdis)", kMaxGroup));
    }
  }
  if (user.post.size() > kMaxPost || std::any_of(user.post.begin(), user.post.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
      })) {
    return invalid(fmt::format("a post is at most {} bytes without control characters", kMaxPost));
  }
  return {};
}

struct UserStore::Impl {
  store::Db db;
  PasswordCost cost;
  // find() runs on every request a server answers: prepared once.
  std::optional<store::Statement> find_by_name;
};

UserStore::UserStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
UserStore::UserStore(UserStore&&) noexcept = default;
UserStore& UserStore::operator=(UserStore&&) noexcept = default;
UserStore::~UserStore() = default;

Result<UserStore> UserStore::open(const fs::path& archive_dir, PasswordCost cost) {
  const fs::path file = archive_dir / "store.sqlite";
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    return Error{.code = Errc::kNotFound,
                 .message = "no archive here (no store.sqlite)",
                 .where = archive_dir.string(),
                 .hint = fmt::format("create one with 'chancery init {}'", archive_dir.string())};
  }
  // The archive made the file and turned WAL on (it persists); Db::open sets
  // a busy timeout, so a short write by another process is waited for.
  Result<store::Db> db = store::Db::open(file.string(), /*create=*/false, /*read_only=*/false);
  if (!db) return db.error();
  if (Result<void> r = db->exec(kSchema); !r) {
    Error e = r.error();
    e.where = file.string();
    return e;
  }
  return UserStore(std::make_unique<Impl>(Impl{.db = std::move(db).value(), .cost = cost, .find_by_name = std::nullopt}));
}

Result<void> UserStore::add(const User& user, std::string_view password) {
  if (Result<void> ok = validate(user); !ok) return ok;
  Result<std::string> hash = hash_password(password, impl_->cost);
  if (!hash) return hash.error();
  const User u = normalised(user);
  Result<store::Statement> s = impl_->db.prepare(
      "INSERT INTO users(name, role, clearance, nationality, access_groups, post, disabled, "
      "created, password) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!s) return s.error();
  s->bind(1, u.name)
      .bind(2, role_name(u.role))
      .bind(3, access::level_name(u.clearance))
      .bind(4, u.nationality)
      .bind(5, join_groups(u.groups))
      .bind(6, u.post)
      .bind(7, std::int64_t{u.disabled ? 1 : 0})
      .bind(8, u.created.empty() ? now_utc() : u.created)
      .bind(9, *hash);
  if (Result<void> r = s->run(); !r) {
    if (r.error().code == Errc::kConflict) {
      return Error{.code = Errc::kConflict,
                   .message = fmt::format("there is already a user '{}'", u.name)};
    }
    return r;
  }
  return {};
}

Result<void> UserStore::update(const User& user) {
  if (Result<void> ok = validate(user); !ok) return ok;
  const User u = normalised(user);
  Result<store::Statement> s = impl_->db.prepare(
      "UPDATE users SET role = ?, clearance = ?, nationality = ?, access_groups = ?, post = ?, "
      "disabled = ? WHERE name = ?");
  if (!s) return s.error();
  s->bind(1, role_name(u.role))
      .bind(2, access::level_name(u.clearance))
      .bind(3, u.nationality)
      .bind(4, join_groups(u.groups))
      .bind(5, u.post)
      .bind(6, std::int64_t{u.disabled ? 1 : 0})
      .bind(7, u.name);
  if (Result<void> r = s->run(); !r) return r;
  if (sqlite3_changes(impl_->db.handle()) == 0) return no_such_user(u.name);
  return {};
}

Result<void> UserStore::set_password(std::string_view name, std::string_view password) {
  if (!valid_name(name)) return no_such_user(name);
  Result<std::string> hash = hash_password(password, impl_->cost);
  if (!hash) return hash.error();
  Result<store::Statement> s = impl_->db.prepare("UPDATE users SET password = ? WHERE name = ?");
  if (!s) return s.error();
  s->bind(1, *hash).bind(2, name);
  if (Result<void> r = s->run(); !r) return r;
  if (sqlite3_changes(impl_->db.handle()) == 0) return no_such_user(name);
  return {};
}

Result<void> UserStore::remove(std::string_view name) {
  if (!valid_name(name)) return no_such_user(name);
  Result<store::Statement> s = impl_->db.prepare("DELETE FROM users WHERE name = ?");
  if (!s) return s.error();
  s->bind(1, name);
  if (Result<void> r = s->run(); !r) return r;
  if (sqlite3_changes(impl_->db.handle()) == 0) return no_such_user(name);
  return {};
}

Result<std::optional<User>> UserStore::find(std::string_view name) {
  if (!valid_name(name)) return std::optional<User>();
  if (!impl_->find_by_name) {
    Result<store::Statement> prepared =
        impl_->db.prepare(fmt::format("SELECT {} FROM users WHERE name = ?", kColumns));
    if (!prepared) return prepared.error();
    impl_->find_by_name.emplace(std::move(prepared).value());
  }
  store::Statement& s = *impl_->find_by_name;
  s.reset();
  s.bind(1, name);
  Result<bool> row = s.step();
  Result<std::optional<User>> found = std::optional<User>();
  if (!row) {
    found = row.error();
  } else if (*row) {
    Result<User> user = read_user(s);
    found = user ? Result<std::optional<User>>(std::optional<User>(std::move(user).value()))
                 : Result<std::optional<User>>(user.error());
  }
  s.reset();  // ends the read: a statement left stepping would hold the WAL snapshot
  return found;
}

Result<std::vector<User>> UserStore::list() {
  Result<store::Statement> s =
      impl_->db.prepare(fmt::format("SELECT {} FROM users ORDER BY name", kColumns));
  if (!s) return s.error();
  std::vector<User> users;
  for (;;) {
    Result<bool> row = s->step();
    if (!row) return row.error();
    if (!*row) break;
    Result<User> user = read_user(*s);
    if (!user) return user.error();
    users.push_back(std::move(user).value());
  }
  return users;
}

Result<std::optional<User>> UserStore::verify_password(std::string_view name,
                                                       std::string_view password) {
  std::optional<User> user;
  std::string hash;
  if (valid_name(name)) {
    Result<store::Statement> s =
        impl_->db.prepare(fmt::format("SELECT {}, password FROM users WHERE name = ?", kColumns));
    if (!s) return s.error();
    s->bind(1, name);
    Result<bool> row = s->step();
    if (!row) return row.error();
    if (*row) {
      Result<User> read = read_user(*s);
      if (!read) return read.error();
      user = std::move(read).value();
      hash = s->column_text(8);
    }
  }
  // Always one Argon2id verification, against a dummy hash when the user is
  // unknown: the time taken does not tell which names exist. A password out
  // of bounds is checked too, and refused after.
  const bool matches = password_matches(
      user ? std::string_view(hash) : std::string_view(dummy_hash(impl_->cost)), password);
  if (!user || !matches || user->disabled || !check_password(password)) {
    return std::optional<User>();
  }
  return user;
}

}  // namespace chancery::users
