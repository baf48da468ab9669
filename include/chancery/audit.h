// The audit log: who was shown what, and when, in a file that shows it was
// tampered with.
//
// Every read or search that returns classified text appends one Entry. Each
// entry carries the SHA-256 of the one before it and of its own contents, so
// verify() can name the first entry that was altered, removed, reordered or
// inserted after the fact, and a one-row head record (the last entry's number
// and hash, written in the same transaction as the entry) makes the removal of
// the last entries visible too.
//
// What it proves and what it does not: anyone who can write the file can drop
// the append-only triggers, but changing, removing or reordering any one entry
// (even recomputing that entry's own hash) is reported at exactly that entry.
// Someone who rewrites every hash from an entry to the end, the head included,
// is caught only against a head hash recorded elsewhere: verify() reports the
// head hash so that it can be written down (a ticket, a printed report, another
// machine) and compared later.
//
// Durability: an append returns only after its transaction committed. With the
// default (WAL, synchronous=NORMAL) a committed entry survives a crash of the
// process (kill -9); a power loss or kernel crash may lose the last entries
// committed before it, never the log's consistency. OpenOptions::durable
// (synchronous=FULL) syncs every append to disk, at the cost of an fsync each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/result.h"

namespace chancery::audit {

// One disclosure.
struct Entry {
  std::int64_t seq = 0;   // 1, 2, 3, ... without gaps
  std::string time;       // UTC, "YYYY-MM-DDTHH:MM:SS.uuuuuuZ"
  std::string reader;     // who was shown it ("anonymous" for the reading room)
  std::string action;     // "search", "show", "refs", "export", "stats", "declassify", ...
  std::string target;     // the query or the cable id
  std::string portions;   // what was returned, e.g. "07TELAVIV557:subject,1-18,19"
  std::string prev_hash;  // hex SHA-256 of the previous entry; 64 zeros for entry 1
  std::string hash;       // hex SHA-256 of this entry (entry_hash)

  bool operator==(const Entry&) const = default;
};

// The hash an entry must carry: SHA-256, in lower-case hex, over
//   "chancery-audit-v1" 0x00, seq as 8 bytes little-endian, then time, reader,
//   action, target, portions and prev_hash, each as its length (8 bytes
//   little-endian) followed by its bytes,
// so that no two different entries encode alike.
std::string entry_hash(const Entry& entry);

// The prev_hash of entry 1.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct OpenOptions {
  bool create = true;      // create the file when it does not exist (else kNotFound)
  bool read_only = false;  // list() and verify() only; append() fails with kDenied
  bool durable = false;    // synchronous=FULL: an fsync per append (see above)
};

// Which entries list() returns. Empty strings match everything.
struct ListFilter {
  std::string reader;  // exactly this reader
  std::string action;  // exactly this action
  std::string target;  // exactly this query or cable id
  std::string since;   // time >= since; any prefix of the time format ("2024-05-01")
  std::string until;   // time < until, same form
  std::size_t limit = 0;  // at most this many, the most recent ones; 0: all
};

struct VerifyReport {
  std::uint64_t entries = 0;                 // how many entries were read
  std::optional<std::int64_t> first_bad_seq; // the first entry altered, removed or misplaced
  std::string problem;                       // "" when intact, else in plain words
  std::string head_hash;                     // the hash of the last entry (kGenesisHash when empty)
  std::int64_t head_seq = 0;                 // the number of the last entry (0 when empty)

  bool ok() const { return problem.empty(); }
};

// The log in one SQLite file.
//
// Thread-safe: appends from several threads are serialised inside; list()
// and verify() read through their own connection and do not hold up appends.
// A moved-from log may only be destroyed or assigned to.
// Several processes may append to one file: each append takes the write lock
// (BEGIN IMMEDIATE) and reads the head inside it, so the chain never forks.
class AuditLog {
 public:
  // Opens the log at `file`, creating it (and the schema) unless told not to.
  // Errors: kNotFound when the file does not exist and options.create is
  // false; kInvalidInput when it is not an audit log of this version; kIo.
  static Result<AuditLog> open(const std::filesystem::path& file, const OpenOptions& options = {});

  AuditLog(AuditLog&&) noexcept;
  AuditLog& operator=(AuditLog&&) noexcept;
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;
  ~AuditLog();

  // Appends one entry and returns its seq once it is committed. The caller
  // must not disclose anything when this fails: the log fails closed.
  // Errors: kInvalidInput when reader or action is empty; kDenied on a
  // read-only log; kUnavailable when another process held the write lock for
  // too long (10 s); kIo.
  Result<std::int64_t> append(std::string_view reader, std::string_view action,
                              std::string_view target, std::string_view portions);

  // The entries the filter matches, in seq order.
  Result<std::vector<Entry>> list(const ListFilter& filter = {}) const;

  // Walks the whole log and the head record; the report says where it first
  // breaks. A tampered log is a report with a problem, not an Error: Errors
  // are for a log that cannot be read at all (kIo).
  Result<VerifyReport> verify() const;

  // Where entry times come from; by default the system clock, UTC, in
  // microseconds. Tests set a fixed clock. The function must return the
  // time format of Entry::time.
  void set_clock(std::function<std::string()> clock);

  const std::filesystem::path& path() const;

 private:
  struct Impl;
  explicit AuditLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The current UTC time in Entry::time's format.
std::string utc_now();

}  // namespace chancery::audit
