// The archive's users: who may sign in, with which role, and what each may
// read (a clearance, a nationality and access groups; see access.h).
//
// Users live in the archive's SQLite store (table `users`, created on first
// use). Passwords are kept only as Argon2id hashes (libsodium's
// crypto_pwhash_str); no function returns or logs a password or a hash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/access.h"
#include "chancery/result.h"

namespace chancery::users {

// What a user may do besides reading: officers may send cables, admins
// manage users and the archive, auditors read the audit log. The role grants
// no clearance: what a user may read is the clearance's business.
enum class Role : std::uint8_t { kReader, kOfficer, kAdmin, kAuditor };

// "reader", "officer", "admin", "auditor".
std::string_view role_name(Role role);
// Reads a role name in any case.
std::optional<Role> parse_role(std::string_view text);

struct User {
  std::string name;  // 1-64 characters of [A-Za-z0-9._@-], case-sensitive, unique
  Role role = Role::kReader;
  access::Level clearance = access::Level::kUnclassified;
  std::string nationality;          // ISO 3166 alpha-3, upper case ("USA"); "" for none
  std::vector<std::string> groups;  // [a-z0-9_-]+; stored sorted and unique
  std::string created;              // "YYYY-MM-DDTHH:MM:SSZ" (UTC), set by add() when ""
  bool disabled = false;            // may not sign in
  std::string post;                 // the office the user belongs to, "" if none

  bool operator==(const User&) const = default;
};

// The reader a user reads as: the same name, clearance, nationality and
// groups. A disabled user is not to be signed in (verify_password refuses).
access::Reader reader_of(const User& user);

// Checks a user's fields as add() and update() do. Errors: kInvalidInput,
// naming the field and what it must be (never echoing a password).
Result<void> validate(const User& user);

// The cost of hashing a password (Argon2id's opslimit and memlimit).
struct PasswordCost {
  std::uint64_t ops = 0;
  std::size_t memory = 0;  // bytes

  // libsodium's INTERACTIVE limits (~64 MiB): what an archive should use.
  static PasswordCost interactive();
  // libsodium's MIN limits: fast and weak, for tests only.
  static PasswordCost minimum();
};

// A password is 1-1024 bytes; any bytes.
constexpr std::size_t kMaxPasswordBytes = 1024;

// The users of one archive.
//
// Thread safety: one UserStore is used by one thread at a time; several
// UserStores (and processes) may share an archive (SQLite WAL, with a busy
// timeout: a short write lock is waited for).
class UserStore {
 public:
  // Opens the users of the archive in `archive_dir` (its store.sqlite),
  // creating the table on first use. Errors: kNotFound (with a hint to run
  // `chancery init`) when the archive has no store; kIo, kUnavailable.
  static Result<UserStore> open(const std::filesystem::path& archive_dir,
                                PasswordCost cost = PasswordCost::interactive());

  UserStore(UserStore&&) noexcept;
  UserStore& operator=(UserStore&&) noexcept;
  UserStore(const UserStore&) = delete;
  UserStore& operator=(const UserStore&) = delete;
  ~UserStore();

  // Adds a user with its password. Errors: kInvalidInput (a bad field or
  // password), kConflict when the name is taken.
  Result<void> add(const User& user, std::string_view password);
  // Replaces the role, clearance, nationality, groups, disabled flag and post
  // of the user of that name (not its password nor its created time).
  // Errors: kInvalidInput, kNotFound.
  Result<void> update(const User& user);
  // Errors: kInvalidInput (a bad password), kNotFound.
  Result<void> set_password(std::string_view name, std::string_view password);
  // Errors: kNotFound.
  Result<void> remove(std::string_view name);

  // nullopt when there is no user of that name (or the name is not valid).
  Result<std::optional<User>> find(std::string_view name);
  // Every user, by name.
  Result<std::vector<User>> list();

  // The user, when the name and password match an enabled user; nullopt on a
  // wrong password, an unknown or disabled user. Takes about the same time in
  // every case (an unknown user's password is checked against a dummy hash)
  // so that the answer's timing does not tell which names exist.
  Result<std::optional<User>> verify_password(std::string_view name, std::string_view password);

 private:
  struct Impl;
  explicit UserStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace chancery::users
