// Runs the real `chancery user` commands on a fresh archive: add (password
// from standard input), list (text and JSON, never a hash), set, remove, and
// the errors a user meets (unknown user, bad clearance, taken name, no
// archive). JSON is compared as data, not text.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using chancery::test::Outcome;

class UserCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::path(::testing::TempDir()) / "chancery-user-cli-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    const Outcome init = run({"init", "A"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Runs `chancery args...` in the test's directory with `input` as its
  // standard input (a file, so not a terminal).
  Outcome run(const std::vector<std::string>& args, const std::string& input = "") {
    return chancery::test::run_chancery(dir_, args, input);
  }

  json list() {
    const Outcome r = run({"user", "list", "--archive", "A", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    try {
      return json::parse(r.out);
    } catch (const json::exception& e) {
      ADD_FAILURE() << "not JSON: " << e.what() << "\n" << r.out;
      return json::object();
    }
  }

  void add_two() {
    Outcome r = run({"user", "add", "alice", "--archive", "A", "--role", "officer", "--clearance",
                     "SECRET", "--nationality", "usa", "--group", "EXDIS", "--group", "nodis",
                     "--post", "Embassy Tel Aviv", "--password-stdin"},
                    "correct horse\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "added user alice (officer, SECRET)\n");
    EXPECT_EQ(r.err, "");
    // No --password-stdin, but standard input is not a terminal: its first line.
    r = run({"user", "add", "bob", "--archive", "A", "--role", "reader", "--clearance", "c"},
            "battery staple\nignored\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  fs::path dir_;
};

TEST_F(UserCli, AddsAndListsUsersAsJson) {
  add_two();
  const json users = list();
  const json expected_alice = {{"name", "alice"},
                               {"role", "officer"},
                               {"clearance", "SECRET"},
                               {"nationality", "USA"},
                               {"groups", {"exdis", "nodis"}},
                               {"post", "Embassy Tel Aviv"},
                               {"disabled", false}};
  ASSERT_EQ(users.at("users").size(), 2u) << users.dump();
  json alice = users.at("users")[0];
  EXPECT_EQ(alice.at("created").get<std::string>().size(), 20u);
  alice.erase("created");
  EXPECT_EQ(alice, expected_alice);
  const json& bob = users.at("users")[1];
  EXPECT_EQ(bob.at("name"), "bob");
  EXPECT_EQ(bob.at("role"), "reader");
  EXPECT_EQ(bob.at("clearance"), "CONFIDENTIAL");
  EXPECT_EQ(bob.at("nationality"), "");
  EXPECT_EQ(bob.at("groups"), json::array());
}

TEST_F(UserCli, ListNeverShowsPasswordsOrHashes) {
  add_two();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"user", "list", "--archive", "A"},
        std::vector<std::string>{"user", "list", "--archive", "A", "--json"}}) {
    const Outcome r = run(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("alice"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("argon2"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("correct horse"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("battery"), std::string::npos) << r.out;
  }
  const Outcome text = run({"user", "list", "--archive", "A"});
  EXPECT_EQ(text.out.rfind("name ", 0), 0u) << text.out;
  EXPECT_NE(text.out.find("officer  SECRET"), std::string::npos) << text.out;
}

TEST_F(UserCli, SetChangesOnlyWhatIsGiven) {
  add_two();
  Outcome r = run({"user", "set", "alice", "--archive", "A", "--clearance", "TOP SECRET",
                   "--add-group", "limdis", "--remove-group", "exdis", "--disable"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "updated user alice\n");
  json alice = list().at("users")[0];
  EXPECT_EQ(alice.at("clearance"), "TOP SECRET");
  EXPECT_EQ(alice.at("role"), "officer");
  EXPECT_EQ(alice.at("nationality"), "USA");
  EXPECT_EQ(alice.at("groups"), json({"limdis", "nodis"}));
  EXPECT_EQ(alice.at("post"), "Embassy Tel Aviv");
  EXPECT_EQ(alice.at("disabled"), true);

  r = run({"user", "set", "alice", "--archive", "A", "--group", "", "--role", "AUDITOR",
           "--nationality", "gbr", "--post", "", "--enable", "--password-stdin"},
          "new password\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "updated user alice (and its password)\n");
  alice = list().at("users")[0];
  EXPECT_EQ(alice.at("groups"), json::array());
  EXPECT_EQ(alice.at("role"), "auditor");
  EXPECT_EQ(alice.at("nationality"), "GBR");
  EXPECT_EQ(alice.at("post"), "");
  EXPECT_EQ(alice.at("disabled"), false);
}

TEST_F(UserCli, RemoveDeletesTheUser) {
  add_two();
  Outcome r = run({"user", "remove", "bob", "--archive", "A"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "removed user bob\n");
  const json users = list();
  ASSERT_EQ(users.at("users").size(), 1u);
  EXPECT_EQ(users.at("users")[0].at("name"), "alice");
}

TEST_F(UserCli, ErrorsSayWhatWentWrong) {
  add_two();
  struct Case {
    std::vector<std::string> args;
    std::string input;
    int exit_code;
    std::string message;  // a part of standard error
  };
  const std::vector<Case> cases = {
      {{"user", "remove", "carol", "--archive", "A"}, "", 1, "there is no user 'carol'"},
      {{"user", "set", "carol", "--archive", "A", "--role", "admin"},
       "",
       1,
       "there is no user 'carol'"},
      {{"user", "add", "carol", "--archive", "A", "--role", "reader", "--clearance", "COSMIC"},
       "pw\n",
       2,
       "unknown clearance 'COSMIC'"},
      {{"user", "add", "carol", "--archive", "A", "--role", "king", "--clearance", "S"},
       "pw\n",
       2,
       "unknown role 'king'"},
      {{"user", "set", "alice", "--archive", "A", "--clearance", "secretish"},
       "",
       2,
       "unknown clearance"},
      {{"user", "add", "carol", "--archive", "A", "--role", "reader"}, "pw\n", 2, "--clearance"},
      {{"user", "add", "alice", "--archive", "A", "--role", "reader", "--clearance", "U"},
       "pw\n",
       1,
       "there is already a user 'alice'"},
      {{"user", "add", "c/d", "--archive", "A", "--role", "reader", "--clearance", "U"},
       "pw\n",
       2,
       "user name"},
      {{"user", "add", "carol", "--archive", "A", "--role", "reader", "--clearance", "U",
        "--nationality", "US"},
       "pw\n",
       2,
       "nationality"},
      {{"user", "add", "carol", "--archive", "A", "--role", "reader", "--clearance", "U", "--group",
        "ex dis"},
       "pw\n",
       2,
       "access group"},
      {{"user", "add", "carol", "--archive", "A", "--role", "reader", "--clearance", "U",
        "--password-stdin"},
       "",
       1,
       "no password"},
      {{"user", "add", "carol", "--archive", "A", "--role", "reader", "--clearance", "U"},
       "\n",
       1,
       "the password is empty"},
      {{"user", "set", "alice", "--archive", "A"}, "", 2, "nothing to change"},
      {{"user", "set", "alice", "--archive", "A", "--enable", "--disable"}, "", 2, "excludes"},
      {{"user", "list", "--archive", "nowhere"}, "", 1, "chancery init"},
      {{"user"}, "", 2, "subcommand"},
  };
  for (const Case& c : cases) {
    std::string line;
    for (const std::string& a : c.args) line += a + " ";
    SCOPED_TRACE(line);
    const Outcome r = run(c.args, c.input);
    EXPECT_EQ(r.exit_code, c.exit_code) << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("pw"), std::string::npos) << r.err;  // never the password
  }
  // Nothing changed: still the two users.
  EXPECT_EQ(list().at("users").size(), 2u);
}

}  // namespace
