#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "chancery/users.h"

#include "store/sqlite.h"
#include "users/password.h"

namespace chancery::users {
namespace {

namespace fs = std::filesystem;

#define EXPECT_OK(r) EXPECT_TRUE((r).has_value()) << (r).error().to_string()
#define ASSERT_OK(r) ASSERT_TRUE((r).has_value()) << (r).error().to_string()

// A directory holding an empty store.sqlite in WAL mode, as `chancery init`
// leaves it (the users table is UserStore's own).
class UserStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::path(::testing::TempDir()) / "chancery-users-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    Result<store::Db> db = store::Db::open((dir_ / "store.sqlite").string(), true, false);
    ASSERT_OK(db);
    ASSERT_OK(db->exec("PRAGMA journal_mode=WAL;"));
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // MIN limits: the tests check behaviour, not the cost.
  UserStore open() {
    Result<UserStore> s = UserStore::open(dir_, PasswordCost::minimum());
    EXPECT_OK(s);
    return std::move(s).value();
  }

  static User alice() {
    User u;
    u.name = "alice";
    u.role = Role::kOfficer;
    u.clearance = access::Level::kSecret;
    u.nationality = "USA";
    u.groups = {"nodis", "exdis", "exdis"};
    u.post = "Embassy Tel Aviv";
    return u;
  }

  fs::path dir_;
};

TEST_F(UserStoreTest, AddsFindsUpdatesAndRemoves) {
  UserStore users = open();
  ASSERT_OK(users.add(alice(), "correct horse"));

  Result<std::optional<User>> found = users.find("alice");
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  const User& a = **found;
  EXPECT_EQ(a.name, "alice");
  EXPECT_EQ(a.role, Role::kOfficer);
  EXPECT_EQ(a.clearance, access::Level::kSecret);
  EXPECT_EQ(a.nationality, "USA");
  EXPECT_EQ(a.groups, (std::vector<std::string>{"exdis", "nodis"}));  // sorted, unique
  EXPECT_EQ(a.post, "Embassy Tel Aviv");
  EXPECT_FALSE(a.disabled);
  ASSERT_EQ(a.created.size(), 20u) << a.created;  // 2024-01-02T03:04:05Z
  EXPECT_EQ(a.created[10], 'T');
  EXPECT_EQ(a.created.back(), 'Z');

  // Not found: another case, or no such name at all.
  Result<std::optional<User>> other = users.find("Alice");
  ASSERT_OK(other);
  EXPECT_FALSE(other->has_value());

  User changed = a;
  changed.role = Role::kAdmin;
  changed.clearance = access::Level::kTopSecret;
  changed.nationality = "";
  changed.groups = {"limdis"};
  changed.disabled = true;
  changed.post = "";
  changed.created = "1999-01-01T00:00:00Z";  // not changed by update()
  ASSERT_OK(users.update(changed));
  found = users.find("alice");
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  changed.created = a.created;
  EXPECT_EQ(**found, changed);

  User bob = alice();
  bob.name = "bob";
  ASSERT_OK(users.add(bob, "pw"));
  Result<std::vector<User>> all = users.list();
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "alice");
  EXPECT_EQ((*all)[1].name, "bob");

  ASSERT_OK(users.remove("alice"));
  found = users.find("alice");
  ASSERT_OK(found);
  EXPECT_FALSE(found->has_value());
  all = users.list();
  ASSERT_OK(all);
  EXPECT_EQ(all->size(), 1u);

  // A second store on the same archive sees the same users.
  UserStore again = open();
  found = again.find("bob");
  ASSERT_OK(found);
  EXPECT_TRUE(found->has_value());
}

TEST_F(UserStoreTest, UnknownUsersAreNotFound) {
  UserStore users = open();
  User ghost = alice();
  ghost.name = "ghost";
  for (const Result<void>& r : {users.update(ghost), users.remove("ghost"),
                                users.set_password("ghost", "pw"), users.remove("not a name")}) {
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, Errc::kNotFound);
  }
}

TEST_F(UserStoreTest, DuplicateNameIsAConflictButCaseCounts) {
  UserStore users = open();
  ASSERT_OK(users.add(alice(), "pw"));
  Result<void> again = users.add(alice(), "other");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, Errc::kConflict);
  EXPECT_NE(again.error().message.find("alice"), std::string::npos) << again.error().message;
  User upper = alice();
  upper.name = "Alice";
  EXPECT_OK(users.add(upper, "pw"));
}

TEST_F(UserStoreTest, RejectsBadFieldsWithMessages) {
  UserStore users = open();
  struct Case {
    std::string what;
    User user;
    std::string message;  // a part of the message
  };
  auto with = [](auto change) {
    User u = alice();
    change(u);
    return u;
  };
  const std::vector<Case> cases = {
      {"empty name", with([](User& u) { u.name = ""; }), "user name"},
      {"space in name", with([](User& u) { u.name = "al ice"; }), "user name"},
      {"slash in name", with([](User& u) { u.name = "al/ice"; }), "user name"},
      {"65 chars", with([](User& u) { u.name = std::string(65, 'a'); }), "1-64"},
      {"lower nationality", with([](User& u) { u.nationality = "usa"; }), "nationality"},
      {"2-letter nationality", with([](User& u) { u.nationality = "US"; }), "nationality"},
      {"digits nationality", with([](User& u) { u.nationality = "U5A"; }), "nationality"},
      {"upper group", with([](User& u) { u.groups = {"EXDIS"}; }), "access group"},
      {"empty group", with([](User& u) { u.groups = {""}; }), "access group"},
      {"space group", with([](User& u) { u.groups = {"ex dis"}; }), "access group"},
      {"comma group", with([](User& u) { u.groups = {"exdis,nodis"}; }), "access group"},
      {"control in post", with([](User& u) { u.post = "a\nb"; }), "post"},
      {"bad role", with([](User& u) { u.role = static_cast<Role>(9); }), "role"},
      {"bad level", with([](User& u) { u.clearance = static_cast<access::Level>(9); }),
       "clearance"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    for (const Result<void>& r : {users.add(c.user, "pw"), users.update(c.user)}) {
      ASSERT_FALSE(r.has_value());
      EXPECT_EQ(r.error().code, Errc::kInvalidInput);
      EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().message;
    }
  }
  // The edges that are fine.
  for (const std::string& name :
       {std::string("a"), std::string(64, 'z'), std::string("j.doe_2@state-dept")}) {
    User u = alice();
    u.name = name;
    EXPECT_OK(users.add(u, "pw"));
  }
  Result<std::vector<User>> all = users.list();
  ASSERT_OK(all);
  EXPECT_EQ(all->size(), 3u);
}

TEST_F(UserStoreTest, OpenWithoutAStoreIsNotFoundWithAHint) {
  Result<UserStore> s = UserStore::open(dir_ / "nowhere", PasswordCost::minimum());
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, Errc::kNotFound);
  EXPECT_NE(s.error().hint.find("chancery init"), std::string::npos) << s.error().hint;
}

TEST_F(UserStoreTest, VerifiesPasswords) {
  UserStore users = open();
  ASSERT_OK(users.add(alice(), "correct horse"));

  Result<std::optional<User>> ok = users.verify_password("alice", "correct horse");
  ASSERT_OK(ok);
  ASSERT_TRUE(ok->has_value());
  EXPECT_EQ((*ok)->name, "alice");
  EXPECT_EQ((*ok)->clearance, access::Level::kSecret);

  for (const auto& [name, password] :
       {std::pair<std::string, std::string>{"alice", "correct horsE"},
        {"alice", ""},
        {"alice", "correct horse "},
        {"Alice", "correct horse"},
        {"nobody", "correct horse"},
        {"bad name!", "correct horse"},
        {"alice", std::string(2000, 'x')}}) {
    SCOPED_TRACE(name + " / " + password.substr(0, 20));
    Result<std::optional<User>> r = users.verify_password(name, password);
    ASSERT_OK(r);
    EXPECT_FALSE(r->has_value());
  }

  ASSERT_OK(users.set_password("alice", "battery staple"));
  Result<std::optional<User>> old = users.verify_password("alice", "correct horse");
  ASSERT_OK(old);
  EXPECT_FALSE(old->has_value());
  Result<std::optional<User>> fresh = users.verify_password("alice", "battery staple");
  ASSERT_OK(fresh);
  EXPECT_TRUE(fresh->has_value());

  // A disabled user does not sign in, even with the right password.
  User off = alice();
  off.disabled = true;
  ASSERT_OK(users.update(off));
  Result<std::optional<User>> disabled = users.verify_password("alice", "battery staple");
  ASSERT_OK(disabled);
  EXPECT_FALSE(disabled->has_value());
}

TEST_F(UserStoreTest, PasswordLengthIsBounded) {
  UserStore users = open();
  User u = alice();
  for (const std::string& bad : {std::string(), std::string(kMaxPasswordBytes + 1, 'p')}) {
    Result<void> r = users.add(u, bad);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, Errc::kInvalidInput);
    // The message names the rule, never the password.
    EXPECT_EQ(r.error().message.find("ppp"), std::string::npos);
  }
  const std::string longest(kMaxPasswordBytes, 'p');
  ASSERT_OK(users.add(u, longest));
  Result<std::optional<User>> ok = users.verify_password("alice", longest);
  ASSERT_OK(ok);
  EXPECT_TRUE(ok->has_value());
  Result<void> empty = users.set_password("alice", "");
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code, Errc::kInvalidInput);
}

TEST_F(UserStoreTest, StoresAnArgon2idHashNotThePassword) {
  {
    UserStore users = open();
    ASSERT_OK(users.add(alice(), "correct horse"));
  }
  Result<store::Db> db = store::Db::open((dir_ / "store.sqlite").string(), false, true);
  ASSERT_OK(db);
  Result<store::Statement> s = db->prepare("SELECT password FROM users WHERE name = 'alice'");
  ASSERT_OK(s);
  Result<bool> row = s->step();
  ASSERT_OK(row);
  ASSERT_TRUE(*row);
  const std::string hash(s->column_text(0));
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(hash.find("correct horse"), std::string::npos);
  EXPECT_TRUE(password_matches(hash, "correct horse"));
  EXPECT_FALSE(password_matches(hash, "wrong"));
  EXPECT_FALSE(password_matches("not a hash", "correct horse"));
  EXPECT_FALSE(password_matches("", ""));
}

TEST(UserPassword, HashesAreSaltedArgon2id) {
  Result<std::string> a = hash_password("secret", PasswordCost::minimum());
  Result<std::string> b = hash_password("secret", PasswordCost::minimum());
  ASSERT_OK(a);
  ASSERT_OK(b);
  EXPECT_EQ(a->rfind("$argon2id$", 0), 0u);
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(password_matches(*a, "secret"));
  EXPECT_TRUE(password_matches(*b, "secret"));
  const std::string& dummy = dummy_hash(PasswordCost::minimum());
  EXPECT_EQ(dummy.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(&dummy, &dummy_hash(PasswordCost::minimum()));  // made once
  // The interactive cost is the real one: more memory and passes than MIN.
  EXPECT_GT(PasswordCost::interactive().memory, PasswordCost::minimum().memory);
}

TEST(UserRole, NamesRoundTrip) {
  for (Role role : {Role::kReader, Role::kOfficer, Role::kAdmin, Role::kAuditor}) {
    EXPECT_EQ(parse_role(role_name(role)), role);
  }
  EXPECT_EQ(parse_role("OFFICER"), Role::kOfficer);
  EXPECT_EQ(parse_role("Auditor"), Role::kAuditor);
  EXPECT_EQ(parse_role(""), std::nullopt);
  EXPECT_EQ(parse_role("root"), std::nullopt);
  EXPECT_EQ(parse_role("readers"), std::nullopt);
}

TEST(UserReader, ReadsAsTheUser) {
  User u;
  u.name = "carol";
  u.role = Role::kAuditor;
  u.clearance = access::Level::kTopSecret;
  u.nationality = "GBR";
  u.groups = {"exdis", "nodis"};
  const access::Reader r = reader_of(u);
  EXPECT_EQ(r.name, "carol");
  EXPECT_EQ(r.clearance, access::Level::kTopSecret);
  EXPECT_EQ(r.nationality, "GBR");
  EXPECT_EQ(r.groups, (std::vector<std::string>{"exdis", "nodis"}));
  EXPECT_FALSE(r.anonymous);
  EXPECT_FALSE(r.everything);  // no role makes a user the custodian
}

}  // namespace
}  // namespace chancery::users
