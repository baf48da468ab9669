// The audit log: appends, filters, durability, concurrency, and the tamper
// test (every single-entry edit, removal or swap is reported at that entry).
#include "chancery/audit.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store/sqlite.h"

namespace chancery::audit {
namespace {

namespace fs = std::filesystem;

#define EXPECT_OK(r) EXPECT_TRUE(r) << (r).error().to_string()
#define ASSERT_OK(r) ASSERT_TRUE(r) << (r).error().to_string()

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "chancery-audit-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A clock that ticks one second per call from 2024-05-01T00:00:00Z.
std::function<std::string()> ticking_clock() {
  auto n = std::make_shared<int>(0);
  return [n] {
    const int s = (*n)++;
    return fmt::format("2024-05-01T{:02}:{:02}:{:02}.000000Z", s / 3600, s / 60 % 60, s % 60);
  };
}

std::string action_for(int i) {
  static const char* const kActions[] = {"search", "show", "refs", "export"};
  return kActions[i % 4];
}

// A log of `n` entries by alice, bob and carol, closed (checkpointed) on return.
void write_log(const fs::path& file, int n) {
  Result<AuditLog> log = AuditLog::open(file);
  ASSERT_OK(log);
  log->set_clock(ticking_clock());
  static const char* const kReaders[] = {"alice", "bob", "carol"};
  for (int i = 1; i <= n; ++i) {
    Result<std::int64_t> seq = log->append(kReaders[i % 3], action_for(i),
                                           fmt::format("07TELAVIV{}", 500 + i),
                                           fmt::format("07TELAVIV{}:subject,1-{}", 500 + i, i));
    ASSERT_OK(seq);
    ASSERT_EQ(*seq, i);
  }
}

// Raw SQL on the file, as someone with write access and no scruples: the
// triggers dropped first.
void tamper(const fs::path& file, const std::function<void(store::Db&)>& edit) {
  Result<store::Db> db = store::Db::open(file.string(), false, false);
  ASSERT_OK(db);
  // No fsync: the edit needs no durability, and some 900 cases run.
  ASSERT_OK(db->exec("PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY;"));
  for (const char* trigger : {"entries_no_update", "entries_no_delete", "entries_extend_head",
                              "head_no_delete", "head_forward_only"}) {
    ASSERT_OK(db->exec(fmt::format("DROP TRIGGER IF EXISTS {}", trigger)));
  }
  edit(*db);
}

void exec_ok(store::Db& db, const std::string& sql) {
  Result<void> r = db.exec(sql);
  ASSERT_TRUE(r) << sql << ": " << r.error().to_string();
}

Entry read_row(store::Db& db, std::int64_t seq) {
  Result<store::Statement> s = db.prepare(
      "SELECT seq, time, reader, action, target, portions, prev_hash, hash FROM entries "
      "WHERE seq = ?");
  EXPECT_OK(s);
  s->bind(1, seq);
  Result<bool> row = s->step();
  EXPECT_TRUE(row && *row);
  return Entry{s->column_int(0), std::string(s->column_text(1)), std::string(s->column_text(2)),
               std::string(s->column_text(3)), std::string(s->column_text(4)),
               std::string(s->column_text(5)), std::string(s->column_text(6)),
               std::string(s->column_text(7))};
}

// Rewrites row `seq` as `e` (seq included).
void write_row(store::Db& db, std::int64_t seq, const Entry& e) {
  Result<store::Statement> s = db.prepare(
      "UPDATE entries SET seq = ?, time = ?, reader = ?, action = ?, target = ?, portions = ?, "
      "prev_hash = ?, hash = ? WHERE seq = ?");
  ASSERT_OK(s);
  s->bind(1, e.seq).bind(2, e.time).bind(3, e.reader).bind(4, e.action).bind(5, e.target);
  s->bind(6, e.portions).bind(7, e.prev_hash).bind(8, e.hash).bind(9, seq);
  ASSERT_OK(s->run());
}

// (GCC 12 warns of designated initializers that leave fields out.)
OpenOptions read_only() {
  OpenOptions o;
  o.create = false;
  o.read_only = true;
  return o;
}
OpenOptions no_create() {
  OpenOptions o;
  o.create = false;
  return o;
}
OpenOptions durable() {
  OpenOptions o;
  o.durable = true;
  return o;
}

VerifyReport verify_file(const fs::path& file) {
  Result<AuditLog> log = AuditLog::open(file, read_only());
  EXPECT_OK(log);
  if (!log) return {};
  Result<VerifyReport> report = log->verify();
  EXPECT_OK(report);
  return report ? *report : VerifyReport{};
}

TEST(AuditLog, AppendsAChainFromTheGenesisHash) {
  TempDir dir;
  write_log(dir.path() / "audit.sqlite", 5);
  Result<AuditLog> log = AuditLog::open(dir.path() / "audit.sqlite");
  ASSERT_OK(log);
  Result<std::vector<Entry>> entries = log->list();
  ASSERT_OK(entries);
  ASSERT_EQ(entries->size(), 5u);
  std::string prev(kGenesisHash);
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const Entry& e = (*entries)[i];
    EXPECT_EQ(e.seq, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(e.prev_hash, prev);
    EXPECT_EQ(e.hash, entry_hash(e));
    EXPECT_EQ(e.hash.size(), 64u);
    prev = e.hash;
  }
  EXPECT_EQ((*entries)[0].time, "2024-05-01T00:00:00.000000Z");
  EXPECT_EQ((*entries)[1].reader, "carol");
  EXPECT_EQ((*entries)[1].action, "refs");
  EXPECT_EQ((*entries)[1].target, "07TELAVIV502");
  EXPECT_EQ((*entries)[1].portions, "07TELAVIV502:subject,1-2");

  Result<VerifyReport> report = log->verify();
  ASSERT_OK(report);
  EXPECT_TRUE(report->ok()) << report->problem;
  EXPECT_EQ(report->entries, 5u);
  EXPECT_EQ(report->head_seq, 5);
  EXPECT_EQ(report->head_hash, prev);
  EXPECT_FALSE(report->first_bad_seq);
}

TEST(AuditLog, ContinuesTheChainAfterReopening) {
  TempDir dir;
  const fs::path file = dir.path() / "audit.sqlite";
  write_log(file, 3);
  {
    Result<AuditLog> log = AuditLog::open(file);
    ASSERT_OK(log);
    Result<std::int64_t> seq = log->append("dave", "show", "07TELAVIV557", "07TELAVIV557:1");
    ASSERT_OK(seq);
    EXPECT_EQ(*seq, 4);
  }
  VerifyReport report = verify_file(file);
  EXPECT_TRUE(report.ok()) << report.problem;
  EXPECT_EQ(report.entries, 4u);
}

TEST(AuditLog, DefaultClockWritesUtcMicroseconds) {
  const std::string now = utc_now();
  ASSERT_EQ(now.size(), 27u) << now;
  EXPECT_EQ(now[4], '-');
  EXPECT_EQ(now[10], 'T');
  EXPECT_EQ(now[19], '.');
  EXPECT_EQ(now.back(), 'Z');
}

TEST(AuditLog, EmptyLogIsIntact) {
  TempDir dir;
  Result<AuditLog> log = AuditLog::open(dir.path() / "audit.sqlite");
  ASSERT_OK(log);
  Result<VerifyReport> report = log->verify();
  ASSERT_OK(report);
  EXPECT_TRUE(report->ok()) << report->problem;
  EXPECT_EQ(report->entries, 0u);
  EXPECT_EQ(report->head_seq, 0);
  EXPECT_EQ(report->head_hash, kGenesisHash);
}

TEST(AuditLog, RefusesAnEntryWithoutReaderOrAction) {
  TempDir dir;
  Result<AuditLog> log = AuditLog::open(dir.path() / "audit.sqlite");
  ASSERT_OK(log);
  for (auto [reader, action] : {std::pair{"", "show"}, std::pair{"alice", ""}}) {
    Result<std::int64_t> seq = log->append(reader, action, "x", "");
    ASSERT_FALSE(seq);
    EXPECT_EQ(seq.error().code, Errc::kInvalidInput);
  }
}

TEST(AuditLog, OpenErrors) {
  TempDir dir;
  Result<AuditLog> missing = AuditLog::open(dir.path() / "none.sqlite", no_create());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::kNotFound);
  EXPECT_FALSE(fs::exists(dir.path() / "none.sqlite"));

  const fs::path other = dir.path() / "store.sqlite";
  {
    Result<store::Db> db = store::Db::open(other.string(), true, false);
    ASSERT_OK(db);
    exec_ok(*db, "CREATE TABLE cables(key INTEGER PRIMARY KEY)");
  }
  Result<AuditLog> wrong = AuditLog::open(other);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, Errc::kInvalidInput);
}

TEST(AuditLog, ReadOnlyListsAndVerifiesButRefusesAppends) {
  TempDir dir;
  const fs::path file = dir.path() / "audit.sqlite";
  write_log(file, 3);
  Result<AuditLog> log = AuditLog::open(file, read_only());
  ASSERT_OK(log);
  Result<std::int64_t> seq = log->append("alice", "show", "x", "");
  ASSERT_FALSE(seq);
  EXPECT_EQ(seq.error().code, Errc::kDenied);
  Result<std::vector<Entry>> entries = log->list();
  ASSERT_OK(entries);
  EXPECT_EQ(entries->size(), 3u);
}

TEST(AuditLog, DurableLogAppendsToo) {
  TempDir dir;
  Result<AuditLog> log = AuditLog::open(dir.path() / "audit.sqlite", durable());
  ASSERT_OK(log);
  for (int i = 0; i < 3; ++i) ASSERT_OK(log->append("alice", "show", "x", "x:1"));
  Result<VerifyReport> report = log->verify();
  ASSERT_OK(report);
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->entries, 3u);
}

TEST(AuditLog, ListFilters) {
  TempDir dir;
  const fs::path file = dir.path() / "audit.sqlite";
  write_log(file, 12);  // entry i at second i-1; readers cycle bob, carol, alice
  Result<AuditLog> log = AuditLog::open(file);
  ASSERT_OK(log);
  const auto seqs = [&](const std::function<void(ListFilter&)>& set) {
    ListFilter filter;
    set(filter);
    std::vector<std::int64_t> out;
    Result<std::vector<Entry>> entries = log->list(filter);
    EXPECT_OK(entries);
    if (entries) {
      for (const Entry& e : *entries) out.push_back(e.seq);
    }
    return out;
  };
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(seqs([](ListFilter& f) { f.reader = "alice"; }), (V{3, 6, 9, 12}));
  EXPECT_EQ(seqs([](ListFilter& f) { f.action = "show"; }), (V{1, 5, 9}));
  EXPECT_EQ(seqs([](ListFilter& f) { f.reader = "alice", f.action = "show"; }), (V{9}));
  EXPECT_EQ(seqs([](ListFilter& f) { f.target = "07TELAVIV507"; }), (V{7}));
  EXPECT_EQ(seqs([](ListFilter& f) { f.since = "2024-05-01T00:00:10"; }), (V{11, 12}));
  EXPECT_EQ(seqs([](ListFilter& f) { f.until = "2024-05-01T00:00:02"; }), (V{1, 2}));
  EXPECT_EQ(seqs([](ListFilter& f) { f.since = "2024-05-01"; }).size(), 12u);
  EXPECT_TRUE(seqs([](ListFilter& f) { f.since = "2024-05-02"; }).empty());
  EXPECT_EQ(seqs([](ListFilter& f) { f.limit = 3; }), (V{10, 11, 12}));
  EXPECT_EQ(seqs([](ListFilter& f) { f.reader = "bob", f.limit = 2; }), (V{7, 10}));

  for (const char* bad :
       {"yesterday", "2024/05/01", "2024-05-01 12:00", "2024-05-01T00:00:00.0000000Z"}) {
    ListFilter filter;
    filter.since = bad;
    Result<std::vector<Entry>> entries = log->list(filter);
    ASSERT_FALSE(entries) << bad;
    EXPECT_EQ(entries.error().code, Errc::kInvalidInput);
  }
}

TEST(AuditLog, TriggersKeepItAppendOnly) {
  TempDir dir;
  const fs::path file = dir.path() / "audit.sqlite";
  write_log(file, 3);
  Result<AuditLog> log = AuditLog::open(file);  // holds the log open, as the server would
  ASSERT_OK(log);
  Result<store::Db> db = store::Db::open(file.string(), false, false);
  ASSERT_OK(db);
  for (const char* sql : {"UPDATE entries SET reader = 'mallory' WHERE seq = 2",
                          "DELETE FROM entries WHERE seq = 3", "DELETE FROM head",
                          "UPDATE head SET seq = 2",
                          "INSERT INTO entries VALUES (9, 't', 'r', 'a', 'x', 'p', 'h', 'h')"}) {
    EXPECT_FALSE(db->exec(sql)) << sql;
  }
  Result<VerifyReport> report = log->verify();
  ASSERT_OK(report);
  EXPECT_TRUE(report->ok()) << report->problem;
}

// An entry appended by a process that then dies at once (kill -9) is there.
TEST(AuditLog, AcknowledgedEntriesSurviveAKilledProcess) {
  TempDir dir;
  const fs::path file = dir.path() / "audit.sqlite";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Result<AuditLog> log = AuditLog::open(file);
    if (!log) ::_exit(1);
    for (int i = 0; i < 100; ++i) {
      if (!log->append("alice", "show", "x", "x:1")) ::_exit(1);
    }
    ::raise(SIGKILL);
    ::_exit(2);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  VerifyReport report = verify_file(file);
  EXPECT_TRUE(report.ok()) << report.problem;
  EXPECT_EQ(report.entries, 100u);
}

TEST(AuditLog, ThreadsAppendOneChain) {
  TempDir dir;
  Result<AuditLog> log = AuditLog::open(dir.path() / "audit.sqlite");
  ASSERT_OK(log);
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (!log->append(fmt::format("reader{}", t), "search", "q", "")) ++failures;
      }
    });
  }
  // verify() reads through its own connection while the appends go on.
  Result<VerifyReport> during = log->verify();
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_OK(during);
  EXPECT_TRUE(during->ok()) << during->problem;
  Result<VerifyReport> report = log->verify();
  ASSERT_OK(report);
  EXPECT_TRUE(report->ok()) << report->problem;
  EXPECT_EQ(report->entries, 800u);
}

TEST(AuditLog, ProcessesAppendOneChain) {
  TempDir dir;
  const fs::path file = dir.path() / "audit.sqlite";
  { ASSERT_OK(AuditLog::open(file)); }
  std::vector<pid_t> children;
  for (int p = 0; p < 3; ++p) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      Result<AuditLog> log = AuditLog::open(file);
      if (!log) ::_exit(1);
      for (int i = 0; i < 200; ++i) {
        if (!log->append(fmt::format("process{}", p), "search", "q", "")) ::_exit(1);
      }
      ::_exit(0);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  VerifyReport report = verify_file(file);
  EXPECT_TRUE(report.ok()) << report.problem;
  EXPECT_EQ(report.entries, 600u);
}

TEST(AuditEntryHash, FieldBoundariesCount) {
  Entry a{.seq = 1, .time = "t", .reader = "ab", .action = "c", .target = "", .portions = "",
          .prev_hash = std::string(kGenesisHash), .hash = ""};
  Entry b = a;
  b.reader = "a";
  b.action = "bc";
  EXPECT_NE(entry_hash(a), entry_hash(b));
  Entry c = a;
  c.target = "x";
  Entry d = a;
  d.portions = "x";
  EXPECT_NE(entry_hash(c), entry_hash(d));
  Entry e = a;
  e.hash = "not hashed";
  EXPECT_EQ(entry_hash(e), entry_hash(a));
  Entry f = a;
  f.seq = 2;
  EXPECT_NE(entry_hash(f), entry_hash(a));
}

// The format is a contract with every log already written: pinned (the value
// was computed independently, with Python's hashlib, from the bytes in audit.h).
TEST(AuditEntryHash, IsStable) {
  const Entry e{.seq = 1, .time = "2024-05-01T12:00:00.000000Z", .reader = "alice",
                .action = "show", .target = "07TELAVIV557",
                .portions = "07TELAVIV557:subject,1-18,19",
                .prev_hash = std::string(kGenesisHash), .hash = ""};
  EXPECT_EQ(entry_hash(e), "98e1a3afbc396cbbc99a6ebcefe80efdf24ee73128ea9675b6911806f1b04b4e");
}

// The tamper test. A 50-entry log; for every position k and every way of
// changing one entry, verify() must fail at exactly k.
struct Tamper {
  std::string name;
  std::function<void(store::Db&, std::int64_t k)> edit;
  bool needs_next = false;  // a swap with entry k + 1
};

std::vector<Tamper> tampers() {
  std::vector<Tamper> out;
  out.push_back({"delete", [](store::Db& db, std::int64_t k) {
                   exec_ok(db, fmt::format("DELETE FROM entries WHERE seq = {}", k));
                 }});
  out.push_back({"swap with the next", [](store::Db& db, std::int64_t k) {
                   Entry a = read_row(db, k);
                   Entry b = read_row(db, k + 1);
                   std::swap(a.seq, b.seq);  // each keeps its place, holds the other's contents
                   write_row(db, k, b);
                   write_row(db, k + 1, a);
                 },
                 true});
  out.push_back({"seq moved past the end", [](store::Db& db, std::int64_t k) {
                   exec_ok(db, fmt::format("UPDATE entries SET seq = {} WHERE seq = {}", k + 1000000, k));
                 }});
  out.push_back({"seq made negative", [](store::Db& db, std::int64_t k) {
                   exec_ok(db, fmt::format("UPDATE entries SET seq = {} WHERE seq = {}", -k, k));
                 }});
  using Field = std::string Entry::*;
  const std::pair<const char*, Field> fields[] = {
      {"time", &Entry::time},         {"reader", &Entry::reader},
      {"action", &Entry::action},     {"target", &Entry::target},
      {"portions", &Entry::portions}, {"prev_hash", &Entry::prev_hash},
      {"hash", &Entry::hash}};
  for (const auto& [name, field] : fields) {
    for (const bool rehash : {false, true}) {
      if (rehash && field == &Entry::hash) continue;
      out.push_back({fmt::format("{} edited{}", name, rehash ? ", hash recomputed" : ""),
                     [field = field, rehash](store::Db& db, std::int64_t k) {
                       Entry e = read_row(db, k);
                       std::string& value = e.*field;
                       // A one-character change, as hard to see as it gets.
                       value.back() = value.back() == '0' ? '1' : '0';
                       if (rehash) e.hash = entry_hash(e);
                       write_row(db, k, e);
                     }});
    }
  }
  // An empty field made non-empty and back: a value appended, not changed.
  out.push_back({"portions extended, hash recomputed", [](store::Db& db, std::int64_t k) {
                   Entry e = read_row(db, k);
                   e.portions += ",20";
                   e.hash = entry_hash(e);
                   write_row(db, k, e);
                 }});
  return out;
}

TEST(AuditTamper, EverySingleEntryChangeFailsAtThatEntry) {
  constexpr int kEntries = 50;
  TempDir dir;
  const fs::path pristine = dir.path() / "pristine.sqlite";
  write_log(pristine, kEntries);
  ASSERT_FALSE(fs::exists(dir.path() / "pristine.sqlite-wal"));  // closed: all in the main file
  ASSERT_TRUE(verify_file(pristine).ok());
  int cases = 0;
  for (const Tamper& t : tampers()) {
    for (std::int64_t k = 1; k <= kEntries; ++k) {
      if (t.needs_next && k == kEntries) continue;
      SCOPED_TRACE(fmt::format("{} at entry {}", t.name, k));
      const fs::path file = dir.path() / "tampered.sqlite";
      fs::copy_file(pristine, file, fs::copy_options::overwrite_existing);
      tamper(file, [&](store::Db& db) { t.edit(db, k); });
      const VerifyReport report = verify_file(file);
      EXPECT_FALSE(report.ok());
      ASSERT_TRUE(report.first_bad_seq.has_value()) << report.problem;
      EXPECT_EQ(*report.first_bad_seq, k) << report.problem;
      EXPECT_TRUE(report.problem.find(fmt::format("entry {} ", k)) != std::string::npos ||
                  report.problem.find(fmt::format("entries {} ", k)) != std::string::npos)
          << report.problem;
      ++cases;
    }
  }
  EXPECT_GT(cases, 50 * 15);
}

TEST(AuditTamper, ProblemsSayWhatHappened) {
  TempDir dir;
  const fs::path pristine = dir.path() / "pristine.sqlite";
  write_log(pristine, 40);
  struct Case {
    std::string sql;
    std::int64_t bad;
    std::string problem;
  };
  const Case cases[] = {
      {"UPDATE entries SET reader = 'mallory' WHERE seq = 17", 17, "entry 17 was altered"},
      {"DELETE FROM entries WHERE seq = 17", 17, "entry 17 is missing (entry 18 follows entry 16)"},
      {"DELETE FROM entries WHERE seq IN (17, 18)", 17,
       "entries 17 to 18 are missing (entry 19 follows entry 16)"},
      {"DELETE FROM entries WHERE seq = 1", 1, "entry 1 is missing (the log starts at entry 2)"},
      {"DELETE FROM entries WHERE seq = 40", 40, "the last entry 40 was removed (head names 40)"},
      {"DELETE FROM entries WHERE seq >= 39", 39,
       "the last entries 39 to 40 were removed (head names 40)"},
      {"UPDATE entries SET seq = seq + 100 WHERE seq = 17; "
       "UPDATE entries SET seq = 17 WHERE seq = 18; UPDATE entries SET seq = 18 WHERE seq = 117",
       17, "entry 17 is out of order (it holds entry 18)"},
      {"UPDATE head SET seq = 39", 40, "entry 40 was not appended through the log (head names 39)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.sql);
    const fs::path file = dir.path() / "tampered.sqlite";
    fs::copy_file(pristine, file, fs::copy_options::overwrite_existing);
    tamper(file, [&](store::Db& db) { exec_ok(db, c.sql); });
    const VerifyReport report = verify_file(file);
    EXPECT_EQ(report.first_bad_seq, c.bad);
    EXPECT_EQ(report.problem, c.problem);
  }
  const fs::path file = dir.path() / "tampered.sqlite";
  fs::copy_file(pristine, file, fs::copy_options::overwrite_existing);
  tamper(file, [&](store::Db& db) { exec_ok(db, "DELETE FROM head"); });
  const VerifyReport report = verify_file(file);
  EXPECT_FALSE(report.ok());
  EXPECT_FALSE(report.first_bad_seq);
  EXPECT_EQ(report.problem, "the head record is missing (it names the last entry appended)");
}

}  // namespace
}  // namespace chancery::audit
