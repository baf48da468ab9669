// The audit log's storage: one SQLite file, its own (never the archive's).
//
// Schema (PRAGMA user_version = 1):
//   entries  one row per disclosure, seq 1, 2, 3, ... (the rowid), with the
//            hash chain (prev_hash, hash; see entry_hash in audit.h).
//   head     one row (id 1): the seq and hash of the last entry appended,
//            written in the same transaction as the entry, so that removing
//            the last entries shows (the head names an entry that is gone).
//   triggers refuse UPDATE and DELETE on entries, DELETE on head, any head
//            update but the next step, and an insert that does not extend the
//            head: append-only for every honest client. A dishonest one can
//            drop them; verify() catches what it then changes.
//
// Durability: WAL with synchronous=NORMAL, one transaction per append, so an
// append that returned survives a crash of the process; `durable` sets FULL
// (an fsync per commit) for power loss too.
#include <atomic>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <sodium.h>

#include "audit/chain.h"
#include "chancery/audit.h"
#include "store/sqlite.h"

namespace chancery::audit {
namespace {

using store::Db;
using store::Statement;

constexpr int kFormatVersion = 1;

constexpr std::string_view kSchema = R"sql(
CREATE TABLE entries(
  seq INTEGER PRIMARY KEY,
  time TEXT NOT NULL,
  reader TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  portions TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE head(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO head(id, seq, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
PRAGMA user_version = 1;
)sql";

// Recreated on every writable open, so that dropping them lasts only until
// the next honest client opens the log.
constexpr std::string_view kTriggers = R"sql(
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS entries_extend_head BEFORE INSERT ON entries
  WHEN NEW.seq IS NOT (SELECT seq + 1 FROM head) OR NEW.prev_hash IS NOT (SELECT hash FROM head)
  BEGIN SELECT RAISE(ABORT, 'an audit entry must extend the head'); END;
CREATE TRIGGER IF NOT EXISTS head_no_delete BEFORE DELETE ON head
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS head_forward_only BEFORE UPDATE ON head
  WHEN NEW.id IS NOT OLD.id OR NEW.seq IS NOT OLD.seq + 1
  BEGIN SELECT RAISE(ABORT, 'the audit head only moves to the next entry'); END;
)sql";

constexpr std::string_view kColumns = "seq, time, reader, action, target, portions, prev_hash, hash";

Entry read_entry(const Statement& s) {
  return Entry{.seq = s.column_int(0),
               .time = std::string(s.column_text(1)),
               .reader = std::string(s.column_text(2)),
               .action = std::string(s.column_text(3)),
               .target = std::string(s.column_text(4)),
               .portions = std::string(s.column_text(5)),
               .prev_hash = std::string(s.column_text(6)),
               .hash = std::string(s.column_text(7))};
}

Error with_path(Error error, const std::filesystem::path& path) {
  if (error.where.empty()) error.where = path.string();
  return error;
}

// Creates the schema in a new file, or checks that an existing one is an
// audit log of this version (and not, say, the archive's store).
Result<void> prepare_schema(Db& db, bool writable) {
  Result<Statement> version = db.prepare("PRAGMA user_version");
  if (!version) return version.error();
  Result<bool> row = version->step();
  if (!row) return row.error();
  const std::int64_t found = *row ? version->column_int(0) : 0;
  version->reset();
  if (found == kFormatVersion) return {};
  if (found != 0) {
    return Error{.code = Errc::kInvalidInput,
                 .message = fmt::format("the audit log has format {}, this chancery reads {}",
                                        found, kFormatVersion)};
  }
  Result<Statement> tables = db.prepare("SELECT count(*) FROM sqlite_master");
  if (!tables) return tables.error();
  if (Result<bool> r = tables->step(); !r) return r.error();
  if (tables->column_int(0) != 0) {
    return Error{.code = Errc::kInvalidInput, .message = "this file is not an audit log"};
  }
  if (!writable) {
    return Error{.code = Errc::kInvalidInput, .message = "the audit log is empty (no schema)"};
  }
  Result<store::Transaction> txn = store::Transaction::begin(db);
  if (!txn) return txn.error();
  // Another process may have created it between our look and our lock.
  Result<bool> again = version->step();
  version->reset();
  if (again && *again && version->column_int(0) == kFormatVersion) return txn->commit();
  if (Result<void> r = db.exec(kSchema); !r) return r.error();
  return txn->commit();
}

}  // namespace

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::int64_t fraction = micros % 1000000;
  if (fraction < 0) {
    fraction += 1000000;
    --seconds;
  }
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, fraction);
}

struct AuditLog::Impl {
  Impl(std::filesystem::path p, OpenOptions o, Db w) : path(std::move(p)), options(o), db(std::move(w)) {}

  // Opens the connection list() and verify() read through, once.
  // REQUIRES: read_mu held.
  Result<Db*> reader() const;

  std::filesystem::path path;
  OpenOptions options;

  // Appends: one connection, one thread at a time. Statements are declared
  // after the connection so that they are finalized before it closes.
  std::mutex write_mu;
  Db db;  // GUARDED_BY(write_mu)
  std::optional<Statement> read_head;    // GUARDED_BY(write_mu)
  std::optional<Statement> insert;       // GUARDED_BY(write_mu)
  std::optional<Statement> update_head;  // GUARDED_BY(write_mu)
  std::function<std::string()> clock = utc_now;  // GUARDED_BY(write_mu)

  mutable std::mutex read_mu;
  mutable std::optional<Db> read_db;  // GUARDED_BY(read_mu)

  // Appends waiting for the next transaction (group commit, see append()).
  struct Pending;
  std::mutex queue_mu;
  std::condition_variable queue_cv;
  std::vector<Pending*> queue;  // GUARDED_BY(queue_mu)
  bool writing = false;         // GUARDED_BY(queue_mu): a thread is writing a batch
  // Writes `batch` in one transaction, chained in order.
  Result<void> write_batch(const std::vector<Pending*>& batch);

  // Checkpoints are run by append() outside write_mu (see kCheckpointEvery).
  std::atomic<std::uint32_t> since_checkpoint{0};
  std::mutex checkpoint_mu;
};

Result<Db*> AuditLog::Impl::reader() const {
  if (!read_db) {
    Result<Db> opened = Db::open(path.string(), /*create=*/false, options.read_only);
    if (!opened) return with_path(opened.error(), path);
    read_db.emplace(std::move(opened).value());
  }
  return &*read_db;
}

AuditLog::AuditLog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AuditLog::AuditLog(AuditLog&&) noexcept = default;
AuditLog& AuditLog::operator=(AuditLog&&) noexcept = default;
AuditLog::~AuditLog() = default;

const std::filesystem::path& AuditLog::path() const { return impl_->path; }

Result<AuditLog> AuditLog::open(const std::filesystem::path& file, const OpenOptions& options) {
  if (sodium_init() < 0) {
    return Error{.code = Errc::kInternal, .message = "libsodium could not be initialised"};
  }
  std::error_code ec;
  if (!options.create || options.read_only) {
    if (!std::filesystem::exists(file, ec)) {
      return Error{.code = Errc::kNotFound, .message = "no audit log here", .where = file.string()};
    }
  }
  const bool writable = !options.read_only;
  Result<Db> db = Db::open(file.string(), options.create && writable, options.read_only);
  if (!db) return with_path(db.error(), file);
  if (writable) {
    // No automatic checkpoints: SQLite would run them inside the commit of
    // whichever append crossed the threshold, holding every other append
    // behind its fsyncs; append() runs them itself, off the write lock.
    const std::string pragmas =
        fmt::format("PRAGMA journal_mode=WAL; PRAGMA synchronous={}; PRAGMA wal_autocheckpoint=0;",
                    options.durable ? "FULL" : "NORMAL");
    if (Result<void> r = db->exec(pragmas); !r) return with_path(r.error(), file);
  }
  if (Result<void> r = prepare_schema(*db, writable); !r) return with_path(r.error(), file);
  auto impl = std::make_unique<Impl>(file, options, std::move(db).value());
  if (writable) {
    if (Result<void> r = impl->db.exec(kTriggers); !r) return with_path(r.error(), file);
    Result<Statement> head = impl->db.prepare("SELECT seq, hash FROM head WHERE id = 1");
    if (!head) return with_path(head.error(), file);
    impl->read_head.emplace(std::move(head).value());
    Result<Statement> insert = impl->db.prepare(
        "INSERT INTO entries(seq, time, reader, action, target, portions, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return with_path(insert.error(), file);
    impl->insert.emplace(std::move(insert).value());
    Result<Statement> update = impl->db.prepare("UPDATE head SET seq = ?, hash = ? WHERE id = 1");
    if (!update) return with_path(update.error(), file);
    impl->update_head.emplace(std::move(update).value());
  }
  return AuditLog(std::move(impl));
}

void AuditLog::set_clock(std::function<std::string()> clock) {
  std::lock_guard lock(impl_->write_mu);
  impl_->clock = clock ? std::move(clock) : utc_now;
}

namespace {

// Entries between checkpoints: about 1,000 WAL pages, SQLite's own default.
constexpr std::uint32_t kCheckpointEvery = 2000;

}  // namespace

// Group commit: appends that arrive while a transaction is being written
// wait, and the next transaction writes them all, in arrival order. Each
// append still returns only once its own entry has committed; under load
// one commit (its head page, its index pages) serves dozens of entries
// instead of one, which is what keeps a busy server's reads fast.
struct AuditLog::Impl::Pending {
  Entry entry;
  Result<std::int64_t> result = std::int64_t{0};
  bool done = false;
};

Result<std::int64_t> AuditLog::append(std::string_view reader, std::string_view action,
                                      std::string_view target, std::string_view portions) {
  Impl& impl = *impl_;
  if (impl.options.read_only) {
    return Error{.code = Errc::kDenied, .message = "the audit log was opened read-only",
                 .where = impl.path.string()};
  }
  if (reader.empty() || action.empty()) {
    return Error{.code = Errc::kInvalidInput,
                 .message = "an audit entry needs a reader and an action",
                 .hint = "log the reading room's reader by a name such as 'anonymous'"};
  }
  Impl::Pending mine;
  mine.entry.reader = std::string(reader);
  mine.entry.action = std::string(action);
  mine.entry.target = std::string(target);
  mine.entry.portions = std::string(portions);

  std::unique_lock queue(impl.queue_mu);
  impl.queue.push_back(&mine);
  // Wait while another thread writes; when it is done, this entry was
  // either in its transaction or this thread leads the next one.
  impl.queue_cv.wait(queue, [&] { return mine.done || !impl.writing; });
  if (mine.done) return mine.result;
  impl.writing = true;
  std::vector<Impl::Pending*> batch;
  batch.swap(impl.queue);
  queue.unlock();

  Result<void> written = impl.write_batch(batch);
  for (Impl::Pending* p : batch) {
    if (!written) p->result = written.error();
  }

  queue.lock();
  for (Impl::Pending* p : batch) p->done = true;
  impl.writing = false;
  queue.unlock();
  impl.queue_cv.notify_all();

  // Every kCheckpointEvery entries, one appending thread copies the WAL back
  // into the file (PASSIVE: appends go on meanwhile, through the other
  // connection) so that the WAL stays small. A failed checkpoint is retried
  // at the next turn: the entries are safe in the WAL either way.
  if (impl.since_checkpoint.fetch_add(static_cast<std::uint32_t>(batch.size())) + batch.size() >=
      kCheckpointEvery) {
    std::unique_lock turn(impl.checkpoint_mu, std::try_to_lock);
    if (turn) {
      impl.since_checkpoint = 0;
      {
        std::lock_guard read(impl.read_mu);
        Result<Db*> db = impl.reader();
        if (db) (void)(*db)->exec("PRAGMA wal_checkpoint(PASSIVE)");
      }
      // Under steady appends a passive checkpoint never catches the WAL's
      // end, and the WAL only grows; the few frames appended meanwhile are
      // copied with appends held, and the WAL starts over.
      std::lock_guard write(impl.write_mu);
      (void)impl.db.exec("PRAGMA wal_checkpoint(RESTART)");
    }
  }
  return mine.result;
}

Result<void> AuditLog::Impl::write_batch(const std::vector<Pending*>& batch) {
  std::lock_guard lock(write_mu);
  // The head is read inside the write transaction (BEGIN IMMEDIATE): another
  // process appending at the same time waits, so two entries never share a
  // predecessor.
  Result<store::Transaction> txn = store::Transaction::begin(db);
  if (!txn) return with_path(txn.error(), path);
  Statement& head = *read_head;
  Result<bool> row = head.step();
  if (!row) return with_path(row.error(), path);
  if (!*row) {
    head.reset();
    return Error{.code = Errc::kIo,
                 .message = "the audit log's head record is missing: the log was tampered with",
                 .where = path.string(),
                 .hint = "run 'chancery audit verify'"};
  }
  std::int64_t seq = head.column_int(0);
  std::string prev = std::string(head.column_text(1));
  head.reset();
  for (Pending* p : batch) {
    Entry& entry = p->entry;
    entry.seq = ++seq;
    entry.time = clock();
    entry.prev_hash = prev;
    entry.hash = entry_hash(entry);
    insert->bind(1, entry.seq)
        .bind(2, std::string_view(entry.time))
        .bind(3, std::string_view(entry.reader))
        .bind(4, std::string_view(entry.action))
        .bind(5, std::string_view(entry.target))
        .bind(6, std::string_view(entry.portions))
        .bind(7, std::string_view(entry.prev_hash))
        .bind(8, std::string_view(entry.hash));
    if (Result<void> r = insert->run(); !r) return with_path(r.error(), path);
    // The head moves with each entry (the triggers check every insert
    // against it); its page is written once, at commit.
    update_head->bind(1, entry.seq).bind(2, std::string_view(entry.hash));
    if (Result<void> r = update_head->run(); !r) return with_path(r.error(), path);
    prev = entry.hash;
    p->result = entry.seq;
  }
  if (Result<void> r = txn->commit(); !r) return with_path(r.error(), path);
  return {};
}

namespace {

bool is_time_prefix(std::string_view text) {
  static constexpr std::string_view kForm = "0000-00-00T00:00:00.000000Z";
  if (text.size() > kForm.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool ok = kForm[i] == '0' ? (text[i] >= '0' && text[i] <= '9') : text[i] == kForm[i];
    if (!ok) return false;
  }
  return true;
}

// A read transaction: list() and verify() see one snapshot of the file
// (WAL), however many appends commit meanwhile.
class ReadSnapshot {
 public:
  static Result<ReadSnapshot> begin(Db& db) {
    if (Result<void> r = db.exec("BEGIN"); !r) return r.error();
    return ReadSnapshot(&db);
  }
  ReadSnapshot(ReadSnapshot&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(ReadSnapshot&&) = delete;
  ~ReadSnapshot() {
    if (db_ != nullptr) (void)db_->exec("ROLLBACK");
  }

 private:
  explicit ReadSnapshot(Db* db) : db_(db) {}
  Db* db_;
};

}  // namespace

Result<std::vector<Entry>> AuditLog::list(const ListFilter& filter) const {
  for (const std::string* time : {&filter.since, &filter.until}) {
    if (!is_time_prefix(*time)) {
      return Error{.code = Errc::kInvalidInput,
                   .message = fmt::format("'{}' is not a time such as 2024-05-01 or "
                                          "2024-05-01T12:30:00Z",
                                          *time)};
    }
  }
  std::string sql = fmt::format("SELECT {} FROM entries WHERE 1", kColumns);
  std::vector<std::string_view> binds;
  const auto where = [&](std::string_view clause, const std::string& value) {
    if (value.empty()) return;
    sql += clause;
    binds.push_back(value);
  };
  where(" AND reader = ?", filter.reader);
  where(" AND action = ?", filter.action);
  where(" AND target = ?", filter.target);
  where(" AND time >= ?", filter.since);
  where(" AND time < ?", filter.until);
  // The most recent `limit`: newest first from SQLite, reversed below.
  if (filter.limit > 0) sql += fmt::format(" ORDER BY seq DESC LIMIT {}", filter.limit);
  else sql += " ORDER BY seq";

  std::lock_guard lock(impl_->read_mu);
  Result<Db*> db = impl_->reader();
  if (!db) return db.error();
  Result<Statement> select = (*db)->prepare(sql);
  if (!select) return with_path(select.error(), impl_->path);
  for (std::size_t i = 0; i < binds.size(); ++i) select->bind(static_cast<int>(i + 1), binds[i]);
  std::vector<Entry> entries;
  for (;;) {
    Result<bool> row = select->step();
    if (!row) return with_path(row.error(), impl_->path);
    if (!*row) break;
    entries.push_back(read_entry(*select));
  }
  if (filter.limit > 0) std::reverse(entries.begin(), entries.end());
  return entries;
}

Result<VerifyReport> AuditLog::verify() const {
  std::lock_guard lock(impl_->read_mu);
  Result<Db*> db = impl_->reader();
  if (!db) return db.error();
  Result<ReadSnapshot> snapshot = ReadSnapshot::begin(**db);
  if (!snapshot) return with_path(snapshot.error(), impl_->path);

  std::optional<Head> head;
  {
    Result<Statement> select = (*db)->prepare("SELECT seq, hash FROM head WHERE id = 1");
    if (!select) return with_path(select.error(), impl_->path);
    Result<bool> row = select->step();
    if (!row) return with_path(row.error(), impl_->path);
    if (*row) head = Head{select->column_int(0), std::string(select->column_text(1))};
  }
  ChainChecker checker(std::move(head));
  Result<Statement> select =
      (*db)->prepare(fmt::format("SELECT {} FROM entries ORDER BY seq", kColumns));
  if (!select) return with_path(select.error(), impl_->path);
  for (;;) {
    Result<bool> row = select->step();
    if (!row) return with_path(row.error(), impl_->path);
    if (!*row || !checker.feed(read_entry(*select))) break;
  }
  return checker.finish();
}

}  // namespace chancery::audit
