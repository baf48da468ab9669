// A thin RAII layer over SQLite's C API: a connection, prepared statements
// with typed binds and columns, and a transaction guard. Errors are values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "chancery/result.h"

namespace chancery::store {

class Statement;

class Db {
 public:
  // Opens (or creates, with `create`) the database file.
  static Result<Db> open(const std::string& path, bool create, bool read_only);

  Db(Db&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Db& operator=(Db&& other) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  // Runs one or more statements that return no rows.
  Result<void> exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  sqlite3* handle() const { return db_; }

  // The current error of the connection as an Error, saying what was done.
  Error error(std::string_view doing) const;

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(Statement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds are 1-based, as in SQL. Text and blobs are copied by SQLite
  // (SQLITE_TRANSIENT) only when `copy`; otherwise they must outlive step().
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);

  // One step: true when a row is ready, false when done; errors as values.
  Result<bool> step();
  // Steps a statement that returns no row (INSERT, UPDATE...), then resets it.
  Result<void> run();
  void reset();

  std::int64_t column_int(int index) const;
  std::string_view column_text(int index) const;  // valid until the next step
  std::string_view column_blob(int index) const;
  bool column_is_null(int index) const;

 private:
  friend class Db;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolled back if not committed.
class Transaction {
 public:
  static Result<Transaction> begin(Db& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Result<void> commit();

 private:
  explicit Transaction(Db* db) : db_(db) {}
  Db* db_ = nullptr;
};

}  // namespace chancery::store
