// Crash safety of sending: tests/post/send_loop.cc sends cable after cable
// and is killed with SIGKILL at random moments (while it creates the post
// office's tables, at its first sends, in the middle of a run), 50 times or
// more within about two minutes. After each kill:
//   - the store opens and passes PRAGMA integrity_check and foreign_key_check;
//   - every cable the killed sender acknowledged is in the archive;
//   - every filed cable is delivered exactly once to each of its addressees
//     and to nobody else (nothing half-delivered), and nothing is delivered
//     that was not filed;
//   - the serials of the post and year are 1..N without a gap, match the
//     filed ids, and the counter stands at N+1.
// The random seed is printed; CHANCERY_CRASH_SEED=n replays a run;
// CHANCERY_POST_KILLS sets the number of kills (at least 50 by default).

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "post_test_util.h"
#include "store/sqlite.h"

extern char** environ;

namespace chancery::post {
namespace {

namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

const fs::path kSendLoop = CHANCERY_SEND_LOOP;

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 10) : fallback;
}

// send_loop running, its standard output on a pipe.
class Sender {
 public:
  Sender(const fs::path& archive, const fs::path& log) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const std::string dir = archive.string();
    char* argv[] = {const_cast<char*>(kSendLoop.c_str()), const_cast<char*>(dir.c_str()), nullptr};
    if (::posix_spawn(&pid_, kSendLoop.c_str(), &actions, nullptr, argv, environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    out_ = fds[0];
  }
  ~Sender() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      (void)wait();
    }
    if (out_ >= 0) ::close(out_);
  }
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

  bool started() const { return pid_ > 0 && out_ >= 0; }

  // Reads acknowledged ids until `deadline`, the end of the output, or
  // `enough` of them; true at the end of the output.
  bool read_until(Steady::time_point deadline, std::vector<std::string>& ids, std::size_t enough = SIZE_MAX) {
    for (;;) {
      if (ids.size() >= enough) return false;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Steady::now());
      const bool forever = deadline == Steady::time_point::max();
      if (!forever && left.count() <= 0) return false;
      pollfd p{.fd = out_, .events = POLLIN, .revents = 0};
      const int ready = ::poll(&p, 1, forever ? -1 : static_cast<int>(left.count()));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) return false;
      char buf[4096];
      const ssize_t n = ::read(out_, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return true;
      partial_.append(buf, static_cast<std::size_t>(n));
      std::size_t start = 0;
      for (std::size_t nl; (nl = partial_.find('\n', start)) != std::string::npos; start = nl + 1) {
        ids.push_back(partial_.substr(start, nl - start));
      }
      partial_.erase(0, start);
    }
  }

  void kill() const { ::kill(pid_, SIGKILL); }

  int wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string partial_;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Checks the archive after a kill; `acked` holds every id any sender
// acknowledged so far. Returns the number of cables filed.
std::size_t verify(const fs::path& dir, const std::set<std::string>& acked, const std::set<std::string>& recipients) {
  // The post office opens (creating its tables if the kill came first).
  Result<PostOffice> po = PostOffice::open(dir);
  EXPECT_TRUE(po) << po.error().message;
  Result<store::Db> db = store::Db::open((dir / "store.sqlite").string(), false, true);
  EXPECT_TRUE(db) << db.error().message;
  if (!po || !db) return 0;
  const auto rows = [&](const std::string& sql, int columns) {
    std::vector<std::vector<std::string>> out;
    Result<store::Statement> s = db->prepare(sql);
    EXPECT_TRUE(s) << sql;
    if (!s) return out;
    while (true) {
      Result<bool> row = s->step();
      EXPECT_TRUE(row) << sql;
      if (!row || !*row) break;
      std::vector<std::string> r;
      for (int c = 0; c < columns; ++c) r.emplace_back(s->column_text(c));
      out.push_back(std::move(r));
    }
    return out;
  };
  const auto integrity = rows("PRAGMA integrity_check", 1);
  EXPECT_EQ(integrity, (std::vector<std::vector<std::string>>{{"ok"}}));
  EXPECT_TRUE(rows("PRAGMA foreign_key_check", 1).empty());

  std::map<std::string, std::string> filed;  // key -> id
  for (const auto& r : rows("SELECT key, id FROM cables", 2)) filed[r[0]] = r[1];
  std::set<std::string> filed_ids;
  for (const auto& kv : filed) filed_ids.insert(kv.second);
  for (const std::string& id : acked) EXPECT_TRUE(filed_ids.contains(id)) << id << " was acknowledged but is not filed";

  std::map<std::string, std::multiset<std::string>> delivered;  // key -> posts
  for (const auto& r : rows("SELECT cable_key, post FROM deliveries", 2)) delivered[r[0]].insert(r[1]);
  const std::multiset<std::string> each(recipients.begin(), recipients.end());
  std::size_t bad = 0;
  for (const auto& kv : filed) {
    auto it = delivered.find(kv.first);
    if (it == delivered.end() || it->second != each) ++bad;
  }
  EXPECT_EQ(bad, 0u) << "cables filed without exactly their deliveries";
  for (const auto& kv : delivered) EXPECT_TRUE(filed.contains(kv.first)) << "a delivery of an unfiled cable";

  // Serials: 1..N per post and year, matching the ids, counter at N+1.
  std::map<std::string, std::vector<std::pair<long, std::string>>> serials;  // year -> (serial, key)
  for (const auto& r : rows("SELECT year, serial, cable_key FROM sent WHERE post = 'AMEMBASSY TEL AVIV' ORDER BY year, serial", 3)) {
    serials[r[0]].emplace_back(std::stol(r[1]), r[2]);
  }
  std::size_t in_sent = 0;
  for (const auto& [year, list] : serials) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      EXPECT_EQ(list[i].first, static_cast<long>(i + 1)) << "year " << year;
      const auto f = filed.find(list[i].second);
      if (f == filed.end()) {
        ADD_FAILURE() << "serial " << list[i].first << " numbers no filed cable";
        continue;
      }
      EXPECT_EQ(f->second, fmt::format("{:02}TELAVIV{}", std::stoi(year) % 100, list[i].first));
    }
    const auto next = rows("SELECT next FROM serials WHERE post = 'AMEMBASSY TEL AVIV' AND year = " + year, 1);
    EXPECT_EQ(next, (std::vector<std::vector<std::string>>{{std::to_string(list.size() + 1)}})) << "year " << year;
    in_sent += list.size();
  }
  EXPECT_EQ(in_sent, filed.size()) << "every filed cable was numbered by a send";
  return filed.size();
}

TEST(PostOfficeCrash, KilledSendersLeaveEverythingWholeOrNothing) {
  const std::uint64_t seed = env_or("CHANCERY_CRASH_SEED", std::random_device{}());
  std::printf("crash seed %llu (CHANCERY_CRASH_SEED replays it)\n", static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  const std::uint64_t kills = env_or("CHANCERY_POST_KILLS", 80);
  const auto budget = std::chrono::seconds(110);

  test::TempDir dir("post-crash");
  ASSERT_TRUE(dir.ok());
  const fs::path archive_dir = dir.path() / "archive";
  ASSERT_TRUE(archive::Archive::create(archive_dir));
  const fs::path log = dir.path() / "send_loop.log";

  std::set<std::string> recipients;
  std::set<std::string> acked;
  std::size_t killed = 0;
  std::size_t mid_run = 0;  // kills after the sender had acknowledged something
  const auto start = Steady::now();
  for (std::uint64_t k = 0; k < kills && Steady::now() - start < budget; ++k) {
    Sender sender(archive_dir, log);
    ASSERT_TRUE(sender.started());
    std::vector<std::string> ids;
    bool ended = false;
    switch (rng() % 3) {
      case 0:  // early: opening, creating the tables, the first sends
        ended = sender.read_until(Steady::now() + std::chrono::microseconds(rng() % 30000), ids);
        break;
      case 1: {  // after some acknowledged sends, a moment into the next ones
        ended = sender.read_until(Steady::now() + std::chrono::seconds(10), ids, 1 + rng() % 40);
        if (!ended) std::this_thread::sleep_for(std::chrono::microseconds(rng() % 3000));
        break;
      }
      default:  // anywhere in a longer run
        ended = sender.read_until(Steady::now() + std::chrono::microseconds(rng() % 200000), ids);
        break;
    }
    ASSERT_FALSE(ended) << "the sender stopped by itself: " << slurp(log);
    sender.kill();
    sender.read_until(Steady::time_point::max(), ids);  // what it wrote before it died
    const int status = sender.wait();
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the sender failed: " << slurp(log);
    ++killed;
    if (!ids.empty()) ++mid_run;
    acked.insert(ids.begin(), ids.end());

    if (recipients.empty()) {
      Result<PostOffice> po = PostOffice::open(archive_dir);
      ASSERT_TRUE(po);
      Result<std::vector<std::string>> iran = po->expand("IRAN COLLECTIVE", {"AMEMBASSY LONDON"});
      ASSERT_TRUE(iran);
      recipients.insert(iran->begin(), iran->end());
      recipients.insert("SECSTATE WASHDC");
      recipients.insert("AMEMBASSY PARIS");
    }
    const std::size_t filed = verify(archive_dir, acked, recipients);
    EXPECT_GE(filed, acked.size());
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << "after kill " << killed << " (seed " << seed << ")";
      return;
    }
  }
  std::printf("%zu kills (%zu mid-run), %zu cables acknowledged, in %.1f s\n", killed, mid_run, acked.size(),
              std::chrono::duration<double>(Steady::now() - start).count());
  if (kills >= 50) {
    EXPECT_GE(killed, 50u) << "the time budget ran out first";
  }
  EXPECT_GT(mid_run, killed / 4);
  EXPECT_GT(acked.size(), 0u);
}

}  // namespace
}  // namespace chancery::post
