// The access layer through the real command line, on the seed cable
// (07TELAVIV557: DECL 2017-02-09, paragraphs 1-18 SECRET, 19 UNCLASSIFIED,
// subject unmarked): --as, --reading-room, --as-of, show's placeholders,
// search, declassify, hold, and the audit entries these reads leave.

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/cli_harness.h"

namespace {

namespace fs = std::filesystem;
using chancery::test::Outcome;

const fs::path kSeed = fs::path(CHANCERY_SHARED_DIR) / "corpus" / "07TELAVIV557.txt";

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class AccessCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kSeed)) GTEST_SKIP() << kSeed << " not found";
    std::string tmpl = (fs::path(::testing::TempDir()) / "chancery-access-cli-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    ASSERT_EQ(run({"init", "A"}).exit_code, 0);
    const Outcome ingest = run({"ingest", "--archive", "A", kSeed.string()});
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
    for (const auto& [name, level] : {std::pair{"conf", "CONFIDENTIAL"}, std::pair{"sec", "SECRET"}}) {
      const Outcome added = run({"user", "add", name, "--archive", "A", "--role", "reader", "--clearance", level,
                                 "--nationality", "USA", "--password-stdin"},
                                "correct horse\n");
      ASSERT_EQ(added.exit_code, 0) << added.err;
    }
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }
  Outcome run(const std::vector<std::string>& args, const std::string& input = "") {
    return chancery::test::run_chancery(dir_, args, input);
  }
  fs::path dir_;
};

TEST_F(AccessCli, ConfidentialReaderSeesPlaceholdersBeforeTheDeclassificationDate) {
  const Outcome r = run({"show", "07TELAVIV557", "--archive", "A", "--as", "conf", "--as-of", "2016-01-01", "--no-color"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count(r.out, "(S) [withheld]"), 18U) << r.out;
  EXPECT_NE(r.out.find("subject     [withheld: SECRET]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("¶19. (U) Under Secretary Robert Joseph has cleared"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tags        PREL, KNNP"), std::string::npos) << r.out;  // the header block
  EXPECT_EQ(r.out.find("Mossad"), std::string::npos);
  EXPECT_EQ(r.out.find("iran-unsc"), std::string::npos);

  const Outcome raw = run({"show", "07TELAVIV557", "--raw", "--archive", "A", "--as", "conf", "--as-of", "2016-01-01"});
  EXPECT_NE(raw.exit_code, 0);
  EXPECT_EQ(raw.out, "");
  EXPECT_NE(raw.err.find("withheld from you"), std::string::npos) << raw.err;

  const Outcome search = run({"search", "mossad", "--archive", "A", "--as", "conf", "--as-of", "2016-01-01"});
  EXPECT_NE(search.out.find("No cable matches."), std::string::npos) << search.out;
  const Outcome by_id = run({"search", "id:07TELAVIV557", "--archive", "A", "--as", "conf", "--as-of", "2016-01-01"});
  EXPECT_NE(by_id.out.find("[subject withheld]"), std::string::npos) << by_id.out;
}

TEST_F(AccessCli, SecretReaderSeesEverythingAndIsAudited) {
  const Outcome r = run({"show", "07TELAVIV557", "--archive", "A", "--as", "sec", "--as-of", "2016-01-01", "--no-color"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("[withheld"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("The Mossad representative"), std::string::npos);
  const Outcome audit = run({"audit", "list", "--archive", "A", "--reader", "sec", "--json"});
  ASSERT_EQ(audit.exit_code, 0) << audit.err;
  EXPECT_NE(audit.out.find("\"show\""), std::string::npos) << audit.out;
  EXPECT_NE(audit.out.find("07TELAVIV557: subject,1,2,3"), std::string::npos) << audit.out;
  EXPECT_EQ(run({"audit", "verify", "--archive", "A"}).exit_code, 0);
}

TEST_F(AccessCli, ReadingRoomSeesTheSeedOnlyOnceDeclassified) {
  const Outcome today = run({"search", "mossad", "--archive", "A", "--reading-room", "--as-of", "2026-11-29"});
  EXPECT_NE(today.out.find("07TELAVIV557"), std::string::npos) << today.out;
  const Outcome before = run({"show", "07TELAVIV557", "--archive", "A", "--reading-room", "--as-of", "2016-01-01"});
  const Outcome absent = run({"show", "07TELAVIV999", "--archive", "A", "--reading-room", "--as-of", "2016-01-01"});
  // Para 19 is UNCLASSIFIED: the public sees the header block and it.
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_EQ(count(before.out, "[withheld]"), 18U);
  EXPECT_NE(absent.exit_code, 0);
  EXPECT_NE(absent.err.find("07TELAVIV999 is not in the archive"), std::string::npos) << absent.err;
}

TEST_F(AccessCli, DeclassifyListsAndHoldsKeepBack) {
  const Outcome listed = run({"declassify", "--archive", "A", "--as-of", "2017-03-01", "--dry-run"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("2017-02-09  07TELAVIV557"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("1 cables become public"), std::string::npos) << listed.out;
  const Outcome none = run({"declassify", "--archive", "A", "--as-of", "2016-01-01", "--dry-run"});
  EXPECT_NE(none.out.find("0 cables become public"), std::string::npos) << none.out;

  ASSERT_EQ(run({"hold", "add", "07telaviv557", "--archive", "A", "--reason", "FOIA appeal"}).exit_code, 0);
  EXPECT_NE(run({"hold", "list", "--archive", "A"}).out.find("07TELAVIV557  FOIA appeal"), std::string::npos);
  const Outcome held = run({"search", "mossad", "--archive", "A", "--reading-room"});
  EXPECT_NE(held.out.find("No cable matches."), std::string::npos) << held.out;
  EXPECT_NE(run({"declassify", "--archive", "A", "--as-of", "2017-03-01", "--dry-run"}).out.find("held"),
            std::string::npos);
  ASSERT_EQ(run({"hold", "remove", "07TELAVIV557", "--archive", "A"}).exit_code, 0);
  EXPECT_NE(run({"search", "mossad", "--archive", "A", "--reading-room"}).out.find("07TELAVIV557"),
            std::string::npos);

  // Without --dry-run the review is recorded.
  ASSERT_EQ(run({"declassify", "--archive", "A", "--as-of", "2017-03-01"}).exit_code, 0);
  const Outcome audit = run({"audit", "list", "--archive", "A", "--action", "declassify"});
  EXPECT_NE(audit.out.find("07TELAVIV557"), std::string::npos) << audit.out;
}

TEST_F(AccessCli, UnknownReaderIsAnError) {
  const Outcome r = run({"search", "iran", "--archive", "A", "--as", "nobody"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("no user 'nobody'"), std::string::npos) << r.err;
  const Outcome both = run({"search", "iran", "--archive", "A", "--as", "conf", "--reading-room"});
  EXPECT_NE(both.exit_code, 0);
}

}  // namespace
