// Crash safety: `chancery ingest --log-commits` is killed with SIGKILL at
// random moments (at the very start, where it catches up the index a previous
// kill left behind; in the middle of its store transactions; and right after
// its last store commit, while the index commits), and after each kill the
// archive must open, pass check(), and hold every cable the killed process
// reported committed. Every few kills the ingest is run to completion: then
// every cable of the input is there exactly once, with exactly its versions.
//
// The input is made by `chancery gen` from examples/ (self-contained): a
// thousand cables with new versions and same-id pairs, filed 50 to a store
// transaction. The random seed is printed; CHANCERY_CRASH_SEED=n replays a
// run; CHANCERY_CRASH_CABLES and CHANCERY_CRASH_KILLS change the sizes. Under
// a sanitizer (CHANCERY_SANITIZED=1 or an ASan build) both are smaller.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "archive/prepare.h"
#include "archive_test_util.h"
#include "chancery/archive.h"
#include "chancery/parse.h"
#include "store/store.h"

extern char** environ;

namespace chancery::archive {
namespace {

namespace fs = std::filesystem;

using test_util::TempDir;
using Clock = std::chrono::steady_clock;
using Key = std::pair<std::string, std::string>;  // (id, origin)

const fs::path kBin = CHANCERY_BIN;
const fs::path kExamples = fs::path(CHANCERY_SOURCE_DIR) / "examples";

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 10) : fallback;
}

// A running `chancery` with its standard output on a pipe.
class Child {
 public:
  Child(const std::vector<std::string>& args, const fs::path& stderr_file) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_file.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(kBin.c_str()));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    if (::posix_spawn(&pid_, kBin.c_str(), &actions, nullptr, argv.data(), environ) != 0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    out_ = fds[0];
  }
  ~Child() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      (void)wait();
    }
    if (out_ >= 0) ::close(out_);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool started() const { return pid_ > 0 && out_ >= 0; }

  // Reads what the child writes until `deadline`, the end of its output, or
  // `lines` holding `enough` lines; true at the end of output. Complete
  // lines go to `lines`.
  bool read_until(Clock::time_point deadline, std::vector<std::string>& lines,
                  std::size_t enough = SIZE_MAX) {
    for (;;) {
      if (lines.size() >= enough) return false;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - Clock::now());
      if (left.count() <= 0 && deadline != Clock::time_point::max()) return false;
      pollfd p{.fd = out_, .events = POLLIN, .revents = 0};
      const int timeout =
          deadline == Clock::time_point::max() ? -1 : static_cast<int>(left.count());
      const int ready = ::poll(&p, 1, timeout);
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) return false;
      char buf[65536];
      const ssize_t n = ::read(out_, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return true;
      partial_.append(buf, static_cast<std::size_t>(n));
      std::size_t start = 0;
      for (std::size_t nl; (nl = partial_.find('\n', start)) != std::string::npos; start = nl + 1) {
        lines.push_back(partial_.substr(start, nl - start));
      }
      partial_.erase(0, start);
    }
  }

  void kill() const { ::kill(pid_, SIGKILL); }

  // The wait status.
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

// Runs chancery to the end; its exit code (-1 when it did not exit).
int run_to_end(const std::vector<std::string>& args, const fs::path& log,
               std::vector<std::string>* lines = nullptr) {
  Child child(args, log);
  if (!child.started()) return -1;
  std::vector<std::string> out;
  child.read_until(Clock::time_point::max(), out);
  if (lines != nullptr) *lines = std::move(out);
  const int status = child.wait();
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// What the input holds, from the readers: each (id, origin) with its
// distinct contents in order of arrival.
struct Oracle {
  std::map<Key, std::vector<std::string>> digests;
  std::uint64_t records = 0;
  std::uint64_t failed = 0;
  std::uint64_t versions() const {
    std::uint64_t n = 0;
    for (const auto& [key, d] : digests) n += d.size();
    return n;
  }
};

Oracle read_oracle(const fs::path& input) {
  Oracle o;
  Result<std::unique_ptr<ByteSource>> src = open_file(input.string());
  if (!src) {
    ADD_FAILURE() << src.error().to_string();
    return o;
  }
  parse::RecordSplitter splitter(std::move(src).value(), parse::Format::kAuto, {});
  while (std::optional<Result<parse::RawRecord>> raw = splitter.next()) {
    ++o.records;
    if (!*raw) {
      ++o.failed;
      continue;
    }
    Result<Cable> c = parse::read_record(**raw);
    if (!c || !c->id) {
      ++o.failed;
      continue;
    }
    std::vector<std::string>& d = o.digests[{*c->id, c->origin.value_or("")}];
    const std::string digest = content_digest(*c);
    if (std::find(d.begin(), d.end(), digest) == d.end()) d.push_back(digest);
  }
  return o;
}

// The store's versions, read straight from SQLite: (id, origin) -> digests
// by version number.
std::map<Key, std::vector<std::string>> stored_versions(const fs::path& dir, std::uint64_t& cables) {
  std::map<Key, std::vector<std::string>> out;
  Result<store::Store> s = store::Store::open(dir / "store.sqlite", false, true);
  if (!s) {
    ADD_FAILURE() << s.error().to_string();
    return out;
  }
  Result<store::Statement> count = s->db().prepare("SELECT count(*) FROM cables");
  if (!count || !count->step()) {
    ADD_FAILURE() << "cannot count the cables";
    return out;
  }
  cables = static_cast<std::uint64_t>(count->column_int(0));
  Result<store::Statement> q = s->db().prepare(
      "SELECT c.id, c.origin, v.version, v.digest, c.current FROM versions v "
      "JOIN cables c ON c.key = v.key ORDER BY c.key, v.version");
  if (!q) {
    ADD_FAILURE() << q.error().to_string();
    return out;
  }
  for (;;) {
    Result<bool> row = q->step();
    if (!row) {
      ADD_FAILURE() << row.error().to_string();
      break;
    }
    if (!*row) break;
    std::vector<std::string>& d = out[{std::string(q->column_text(0)),
                                       std::string(q->column_text(1))}];
    const auto version = static_cast<std::size_t>(q->column_int(2));
    EXPECT_EQ(version, d.size() + 1) << q->column_text(0) << ": versions are 1, 2, ... in order";
    d.emplace_back(q->column_text(3));
    EXPECT_LE(d.size(), static_cast<std::size_t>(q->column_int(4)))
        << q->column_text(0) << ": a version above the current one";
  }
  return out;
}

// The archive opens (catching its index up) and is consistent; returns the
// number of problems found.
int expect_consistent(const fs::path& dir, const std::string& when) {
  Result<Archive> a = Archive::open(dir);
  if (!a) {
    ADD_FAILURE() << when << ": open: " << a.error().to_string();
    return 1;
  }
  Result<CheckReport> check = a->check();
  if (!check) {
    ADD_FAILURE() << when << ": check: " << check.error().to_string();
    return 1;
  }
  std::string problems;
  for (std::size_t i = 0; i < check->problems.size() && i < 10; ++i) {
    problems += check->problems[i] + "\n";
  }
  EXPECT_TRUE(check->problems.empty()) << when << ":\n" << problems;
  EXPECT_EQ(check->cables, check->indexed) << when;
  return static_cast<int>(check->problems.size());
}

enum Where { kAtStart, kAtIndexCommit, kInTheRun };

struct Committed {
  std::string id, origin;
  int version = 0;
  bool operator<(const Committed& o) const {
    return std::tie(id, origin, version) < std::tie(o.id, o.origin, o.version);
  }
};

std::optional<Committed> parse_committed(const std::string& line) {
  // committed<TAB>ID<TAB>ORIGIN<TAB>VERSION
  std::vector<std::string> f;
  std::size_t start = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', start);
    f.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  if (f.size() != 4 || f[0] != "committed" || f[1].empty()) return std::nullopt;
  return Committed{f[1], f[2], std::atoi(f[3].c_str())};
}

TEST(CrashTest, KilledIngestsLeaveAConsistentArchiveWithEveryCommittedCable) {
  ASSERT_TRUE(fs::exists(kBin)) << kBin;
  // A whole ingest of 1000 cables takes about 3 s on 2 cores (indexing is
  // most of it), which keeps 60 kills near 2 minutes.
  const bool light = test_util::sanitized();
  const std::uint64_t cables_wanted = env_or("CHANCERY_CRASH_CABLES", light ? 300 : 1000);
  const int kills_wanted = static_cast<int>(env_or("CHANCERY_CRASH_KILLS", light ? 12 : 60));
  const int kills_per_cycle = 8;
  // A guard against a hung loop, not a target: the kill count is checked.
  const double budget_seconds = 600;

  std::uint64_t seed = std::random_device{}();
  if (const char* s = std::getenv("CHANCERY_CRASH_SEED"); s != nullptr && *s != '\0') {
    seed = std::strtoull(s, nullptr, 10);
  }
  std::printf("[crash] seed %llu (CHANCERY_CRASH_SEED=%llu replays it)\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  const auto start = Clock::now();

  TempDir tmp("crash");
  ASSERT_TRUE(tmp.ok());
  const fs::path input = tmp.path() / "input.csv";
  const fs::path log = tmp.path() / "stderr.log";
  ASSERT_EQ(run_to_end({"gen", "--seed", kExamples.string(), "-n", std::to_string(cables_wanted),
                        "-f", "csv", "--random-seed", std::to_string(seed % 1000 + 1),
                        "--versions-percent", "3", "-o", input.string()},
                       log),
            0)
      << test_util::read_file(log);
  const Oracle oracle = read_oracle(input);
  ASSERT_EQ(oracle.records, cables_wanted);
  std::printf("[crash] input: %llu records, %zu cables, %llu versions, %llu unreadable\n",
              static_cast<unsigned long long>(oracle.records), oracle.digests.size(),
              static_cast<unsigned long long>(oracle.versions()),
              static_cast<unsigned long long>(oracle.failed));
  ASSERT_GT(oracle.versions(), oracle.digests.size()) << "the input should hold new versions";
  const std::uint64_t filed_per_run = oracle.records - oracle.failed;

  const auto ingest_args = [&](const fs::path& dir) {
    return std::vector<std::string>{"ingest", "--archive", dir.string(), "--log-commits",
                                    "--batch", "50", "--quiet", input.string()};
  };
  const auto fresh_archive = [&](int n) {
    const fs::path dir = tmp.path() / ("archive-" + std::to_string(n));
    EXPECT_EQ(run_to_end({"init", dir.string()}, log), 0) << test_util::read_file(log);
    return dir;
  };
  // After a complete run: everything once, with exactly its versions.
  const auto expect_complete = [&](const fs::path& dir, const std::string& when) {
    expect_consistent(dir, when);
    std::uint64_t cables = 0;
    const auto stored = stored_versions(dir, cables);
    EXPECT_EQ(cables, oracle.digests.size()) << when;
    std::uint64_t versions = 0;
    for (const auto& [key, d] : stored) versions += d.size();
    EXPECT_EQ(versions, oracle.versions()) << when;
    EXPECT_TRUE(stored == oracle.digests) << when << ": the stored versions differ from the input's";
  };

  // A first run to the end times a whole ingest.
  const fs::path first = fresh_archive(0);
  const auto t0 = Clock::now();
  std::vector<std::string> lines;
  const int code = run_to_end(ingest_args(first), log, &lines);
  const double full_seconds = seconds(Clock::now() - t0);
  ASSERT_EQ(code, oracle.failed == 0 ? 0 : code) << test_util::read_file(log);
  EXPECT_EQ(lines.size(), filed_per_run);
  expect_complete(first, "after a complete ingest");
  std::printf("[crash] a whole ingest takes %.2f s\n", full_seconds);
  fs::remove_all(first);

  int kills = 0, finished_anyway = 0, completions = 1, cycle = 0;
  std::uint64_t committed_lines = 0;
  int kills_at[3] = {0, 0, 0};
  while (kills < kills_wanted && seconds(Clock::now() - start) < budget_seconds) {
    const fs::path dir = fresh_archive(++cycle);
    std::set<Committed> seen;
    std::set<Key> seen_cables;
    for (int k = 0; k < kills_per_cycle && kills < kills_wanted; ++k) {
      // Where to kill: at the very start (opening, catching up the index a
      // previous kill left behind), after a random number of cables were
      // reported committed (anywhere in the run, by progress rather than by
      // time, as runs get faster when the archive already has their start),
      // or right after the last store commit (the index commits then).
      const double pick = std::uniform_real_distribution<double>(0, 1)(rng);
      const Where where = pick < 0.15 ? kAtStart : pick < 0.35 ? kAtIndexCommit : kInTheRun;
      Child child(ingest_args(dir), log);
      ASSERT_TRUE(child.started());
      const auto began = Clock::now();
      const auto within = [&](double max_seconds) {
        return std::chrono::microseconds(static_cast<std::int64_t>(
            std::uniform_real_distribution<double>(0, max_seconds)(rng) * 1e6));
      };
      std::vector<std::string> out;
      bool ended = false;
      if (where == kAtStart) {
        ended = child.read_until(began + within(0.1 * full_seconds), out);
      } else {
        const std::size_t target =
            where == kAtIndexCommit
                ? filed_per_run
                : std::uniform_int_distribution<std::size_t>(1, filed_per_run)(rng);
        ended = child.read_until(began + std::chrono::seconds(300), out, target);
        const double extra = where == kAtIndexCommit ? 0.003 : 0.02 * full_seconds;
        if (!ended) ended = child.read_until(Clock::now() + within(extra), out);
      }
      child.kill();
      // What was written before the kill was committed before it too.
      child.read_until(Clock::time_point::max(), out);
      const int status = child.wait();
      const bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
      if (killed) {
        ++kills;
        ++kills_at[where];
      } else {
        ++finished_anyway;
      }
      for (const std::string& line : out) {
        std::optional<Committed> c = parse_committed(line);
        ASSERT_TRUE(c) << "not a commit line: " << line;
        seen.insert(*c);
        seen_cables.emplace(c->id, c->origin);
        ++committed_lines;
      }
      const std::string when = "cycle " + std::to_string(cycle) + ", run " +
                               std::to_string(k + 1) + (killed ? ", killed" : ", not killed") +
                               " after " + std::to_string(seconds(Clock::now() - began)) + " s";
      SCOPED_TRACE(when);
      if (expect_consistent(dir, when) != 0) break;
      std::uint64_t cables = 0;
      const auto stored = stored_versions(dir, cables);
      // Every cable and version reported committed is there; the count may be
      // higher (killed after a commit, before its report was read).
      std::size_t lost = 0;
      for (const Committed& c : seen) {
        auto it = stored.find({c.id, c.origin});
        if (it == stored.end() || static_cast<int>(it->second.size()) < c.version) {
          if (++lost <= 5) ADD_FAILURE() << "lost: " << c.id << " " << c.origin << " v" << c.version;
        }
      }
      ASSERT_EQ(lost, 0u);
      EXPECT_GE(cables, seen_cables.size());
      EXPECT_EQ(cables, stored.size());
      // What is stored is a prefix of the input: no duplicates, nothing invented.
      for (const auto& [key, digests] : stored) {
        auto want = oracle.digests.find(key);
        ASSERT_NE(want, oracle.digests.end()) << key.first << " is in no input";
        ASSERT_LE(digests.size(), want->second.size()) << key.first;
        EXPECT_TRUE(std::equal(digests.begin(), digests.end(), want->second.begin()))
            << key.first << ": versions out of order";
      }
    }
    // The cycle ends with a run to completion.
    std::vector<std::string> out;
    EXPECT_EQ(run_to_end(ingest_args(dir), log, &out), oracle.failed == 0 ? 0 : 1)
        << test_util::read_file(log);
    EXPECT_EQ(out.size(), filed_per_run);
    expect_complete(dir, "cycle " + std::to_string(cycle) + " completed");
    ++completions;
    fs::remove_all(dir);
    if (HasFatalFailure()) return;
  }
  const double total = seconds(Clock::now() - start);
  std::printf(
      "[crash] %d kills (%d at the start, %d at the index commit, %d in the run), %d runs ended "
      "before their kill, %d complete ingests checked, %llu commit lines read, in %.1f s "
      "(seed %llu)\n",
      kills, kills_at[kAtStart], kills_at[kAtIndexCommit], kills_at[kInTheRun], finished_anyway, completions,
      static_cast<unsigned long long>(committed_lines), total,
      static_cast<unsigned long long>(seed));
  EXPECT_GE(kills, kills_wanted);
}

}  // namespace
}  // namespace chancery::archive
