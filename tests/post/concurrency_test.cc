// Concurrent senders. Threads: 8 threads, each with its own PostOffice (its
// own connection, as server workers have), send 500 cables each from the
// same post; they take turns (a mutex per store file, then SQLite's write
// lock): the serials are 1..4000 without a gap or a repeat, and every cable
// is delivered exactly once to each addressee. Processes: four send_loop
// processes at once, ordered by SQLite's lock alone. Under a sanitizer
// they send fewer cables (the same checks).

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "post_test_util.h"
#include "sanitized.h"
#include "store/sqlite.h"

namespace chancery::post {
namespace {

using test::to;

TEST(PostOfficeConcurrency, SerialsAreGaplessAndDeliveriesExactlyOnce) {
  const int threads = 8;
  const int per_thread = chancery::test::sanitized() ? 100 : 500;
  test::TempDir dir("post-concurrency");
  ASSERT_TRUE(dir.ok());
  ASSERT_TRUE(archive::Archive::create(dir.path()));
  {
    Result<PostOffice> first = PostOffice::open(dir.path());  // the tables, once
    ASSERT_TRUE(first) << first.error().message;
  }
  const users::User officer = test::user("cohen", users::Role::kOfficer, "AMEMBASSY TEL AVIV");
  // Three posts directly, and a collective less one member.
  compose::Draft draft = test::unclassified_draft("AMEMBASSY TEL AVIV", {to("SECSTATE WASHDC"), to("AMEMBASSY PARIS")},
                                                  {to("GULF COOPERATION COUNCIL COLLECTIVE")});
  draft.exempt = {"AMEMBASSY DOHA"};

  std::vector<std::vector<Sent>> sent(threads);
  std::vector<std::string> failures(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      Result<PostOffice> po = PostOffice::open(dir.path());
      if (!po) {
        failures[t] = po.error().message;
        return;
      }
      for (int i = 0; i < per_thread; ++i) {
        Result<Sent> s = po->send(draft, officer);
        if (!s) {
          failures[t] = s.error().message;
          return;
        }
        sent[t].push_back(std::move(s).value());
      }
    });
  }
  for (std::thread& w : workers) w.join();
  for (int t = 0; t < threads; ++t) ASSERT_EQ(failures[t], "") << "thread " << t;

  const int total = threads * per_thread;
  std::set<std::int64_t> serials;
  std::set<std::string> ids;
  for (const std::vector<Sent>& s : sent) {
    // Each thread sees its own serials rise.
    for (std::size_t i = 1; i < s.size(); ++i) EXPECT_LT(s[i - 1].serial, s[i].serial);
    for (const Sent& x : s) {
      serials.insert(x.serial);
      ids.insert(x.id);
    }
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(total));
  ASSERT_EQ(serials.size(), static_cast<std::size_t>(total));
  EXPECT_EQ(*serials.begin(), 1);
  EXPECT_EQ(*serials.rbegin(), total);  // distinct, from 1 to total: gapless

  // Every addressee got every cable exactly once, and nobody else got any.
  Result<PostOffice> po = PostOffice::open(dir.path());
  ASSERT_TRUE(po);
  Result<std::vector<std::string>> gcc = po->expand("GULF COOPERATION COUNCIL COLLECTIVE", {"AMEMBASSY DOHA"});
  ASSERT_TRUE(gcc);
  std::set<std::string> expected(gcc->begin(), gcc->end());
  expected.insert("SECSTATE WASHDC");
  expected.insert("AMEMBASSY PARIS");
  Result<store::Db> db = store::Db::open((dir.path() / "store.sqlite").string(), false, true);
  ASSERT_TRUE(db);
  Result<store::Statement> q = db->prepare(
      "SELECT post, COUNT(*), COUNT(DISTINCT cable_id) FROM deliveries GROUP BY post ORDER BY post");
  ASSERT_TRUE(q);
  std::set<std::string> reached;
  while (true) {
    Result<bool> row = q->step();
    ASSERT_TRUE(row);
    if (!*row) break;
    const std::string post(q->column_text(0));
    reached.insert(post);
    EXPECT_EQ(q->column_int(1), total) << post;
    EXPECT_EQ(q->column_int(2), total) << post;
  }
  EXPECT_EQ(reached, expected);
  Result<store::Statement> cables = db->prepare("SELECT COUNT(*), (SELECT next FROM serials) FROM cables");
  ASSERT_TRUE(cables);
  ASSERT_TRUE(cables->step());
  EXPECT_EQ(cables->column_int(0), total);
  EXPECT_EQ(cables->column_int(1), total + 1);
}

// Processes as well: senders in other processes share no mutex with this
// one, only SQLite's write lock (with its busy timeout). Four send_loop
// processes at once, each sending `count` cables.
TEST(PostOfficeConcurrency, ProcessesTakeTurnsOnTheStoreLock) {
  const int processes = 4;
  const int count = chancery::test::sanitized() ? 50 : 150;
  test::TempDir dir("post-processes");
  ASSERT_TRUE(dir.ok());
  ASSERT_TRUE(archive::Archive::create(dir.path()));
  ASSERT_TRUE(PostOffice::open(dir.path()));
  std::vector<FILE*> senders;
  for (int p = 0; p < processes; ++p) {
    const std::string command = std::string("'") + CHANCERY_SEND_LOOP + "' '" + dir.path().string() + "' " +
                                std::to_string(count);
    FILE* f = ::popen(command.c_str(), "r");
    ASSERT_NE(f, nullptr);
    senders.push_back(f);
  }
  std::set<std::string> ids;
  std::size_t acknowledged = 0;
  for (FILE* f : senders) {
    char line[128];
    while (std::fgets(line, sizeof line, f) != nullptr) {
      ids.insert(std::string(line, std::strcspn(line, "\n")));
      ++acknowledged;
    }
    EXPECT_EQ(::pclose(f), 0);
  }
  const int total = processes * count;
  EXPECT_EQ(acknowledged, static_cast<std::size_t>(total));
  ASSERT_EQ(ids.size(), static_cast<std::size_t>(total));  // no id twice
  Result<store::Db> db = store::Db::open((dir.path() / "store.sqlite").string(), false, true);
  ASSERT_TRUE(db);
  Result<store::Statement> q = db->prepare(
      "SELECT COUNT(*), MIN(serial), MAX(serial), COUNT(DISTINCT serial), "
      "(SELECT COUNT(*) FROM deliveries), (SELECT COUNT(DISTINCT post || '|' || cable_key) FROM deliveries) "
      "FROM sent");
  ASSERT_TRUE(q);
  ASSERT_TRUE(q->step());
  EXPECT_EQ(q->column_int(0), total);
  EXPECT_EQ(q->column_int(1), 1);
  EXPECT_EQ(q->column_int(2), total);
  EXPECT_EQ(q->column_int(3), total);
  Result<PostOffice> po = PostOffice::open(dir.path());
  ASSERT_TRUE(po);
  Result<std::vector<std::string>> iran = po->expand("IRAN COLLECTIVE", {"AMEMBASSY LONDON"});
  ASSERT_TRUE(iran);
  const std::set<std::string> reached = [&] {
    std::set<std::string> r(iran->begin(), iran->end());
    r.insert("SECSTATE WASHDC");
    r.insert("AMEMBASSY PARIS");
    return r;
  }();
  EXPECT_EQ(q->column_int(4), static_cast<std::int64_t>(total * reached.size()));
  EXPECT_EQ(q->column_int(5), q->column_int(4));  // each (post, cable) once
}

}  // namespace
}  // namespace chancery::post
