// The walk behind AuditLog::verify(): entries in, the first break out.
//
// Kept apart from SQLite so that the rules (what counts as altered, missing,
// out of order) are plain code over Entry values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "chancery/audit.h"

namespace chancery::audit {

// What the head record said (absent when its row is gone).
struct Head {
  std::int64_t seq = 0;
  std::string hash;
};

// Feed it every entry in ascending seq order, then finish(). It keeps only
// the last verified entry's hash and one entry of lookahead, so memory stays
// constant whatever the log's length.
class ChainChecker {
 public:
  explicit ChainChecker(std::optional<Head> head) : head_(std::move(head)) {}

  // False once a problem was found: the rest of the log need not be read.
  bool feed(Entry entry);
  VerifyReport finish();

 private:
  // Checks `cur`, with the entry after it (null at the end of the log).
  void check(const Entry& cur, const Entry* next);
  // True when `cur`'s own hash is what the entry after it (or the head)
  // recorded: then `cur` was not rewritten.
  bool outgoing_link_intact(const Entry& cur, const Entry* next) const;
  void fail(std::int64_t seq, std::string problem);

  std::optional<Head> head_;
  std::optional<Entry> pending_;      // read, not yet checked (waits for its successor)
  std::optional<std::int64_t> stray_; // the first entry numbered below 1, if any
  std::int64_t expected_ = 1;
  std::string prev_hash_{kGenesisHash};
  VerifyReport report_;
};

}  // namespace chancery::audit
