#include "store/sqlite.h"

#include <utility>

namespace chancery::store {

Result<Db> Db::open(const std::string& path, bool create, bool read_only) {
  sqlite3* db = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (create && !read_only) flags |= SQLITE_OPEN_CREATE;
  // Each connection is used by one thread at a time: no SQLite mutexes.
  flags |= SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error{.code = rc == SQLITE_CANTOPEN ? Errc::kNotFound : Errc::kIo,
                .message = std::string("cannot open the store: ") +
                           (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)),
                .where = path};
    sqlite3_close(db);
    return error;
  }
  // A writer holding the lock briefly (another process ingesting) is waited
  // for rather than failed on.
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  return Db(db);
}

Db& Db::operator=(Db&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Db::~Db() { sqlite3_close(db_); }

Error Db::error(std::string_view doing) const {
  const int rc = sqlite3_extended_errcode(db_);
  Errc code = Errc::kIo;
  std::string hint;
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
    code = Errc::kUnavailable;
    hint = "another chancery is writing this archive; wait for it to finish";
  } else if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) {
    hint = "the store is damaged; restore it from a backup";
  } else if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    code = Errc::kConflict;
  } else if ((rc & 0xff) == SQLITE_FULL) {
    hint = "the disk is full";
  } else if ((rc & 0xff) == SQLITE_READONLY) {
    code = Errc::kDenied;
  }
  return Error{.code = code,
               .message = std::string(doing) + ": " + sqlite3_errmsg(db_),
               .where = {},
               .hint = std::move(hint)};
}

Result<void> Db::exec(std::string_view sql) {
  const std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return error("store");
  }
  return {};
}

Result<Statement> Db::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK) {
    return error("store: preparing a statement");
  }
  return Statement(stmt);
}

std::int64_t Db::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  Error error{.code = (rc & 0xff) == SQLITE_CONSTRAINT ? Errc::kConflict : Errc::kIo,
              .message = std::string("store: ") + sqlite3_errmsg(db)};
  if ((rc & 0xff) == SQLITE_BUSY) error.code = Errc::kUnavailable;
  sqlite3_reset(stmt_);
  return error;
}

Result<void> Statement::run() {
  Result<bool> r = step();
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  if (!r) return r.error();
  return {};
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string_view Statement::column_text(int index) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
  if (p == nullptr) return {};
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index))};
}

std::string_view Statement::column_blob(int index) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, index));
  if (p == nullptr) return {};
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index))};
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

Result<Transaction> Transaction::begin(Db& db) {
  if (Result<void> r = db.exec("BEGIN IMMEDIATE"); !r) return r.error();
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->exec("ROLLBACK");
}

Result<void> Transaction::commit() {
  Result<void> r = db_->exec("COMMIT");
  if (r) db_ = nullptr;
  return r;
}

}  // namespace chancery::store
