#include "audit/chain.h"

#include <string>
#include <utility>

#include <fmt/format.h>

namespace chancery::audit {

bool ChainChecker::feed(Entry entry) {
  if (!report_.ok()) return false;
  // An entry numbered below 1 was never written by append(): one whose seq
  // was edited to sort first. Its absence from its own place is what names
  // it (a gap); remember it in case nothing else does.
  if (entry.seq < 1) {
    if (!stray_) stray_ = entry.seq;
    return true;
  }
  if (pending_) {
    check(*pending_, &entry);
    ++report_.entries;
  }
  pending_ = std::move(entry);
  return report_.ok();
}

VerifyReport ChainChecker::finish() {
  if (report_.ok() && pending_) {
    check(*pending_, nullptr);
    ++report_.entries;
  }
  if (!report_.ok()) return std::move(report_);
  const std::int64_t last = expected_ - 1;
  report_.head_seq = last;
  report_.head_hash = prev_hash_;
  if (!head_) {
    report_.problem = "the head record is missing (it names the last entry appended)";
  } else if (head_->seq > last) {
    fail(last + 1, head_->seq == last + 1
                       ? fmt::format("the last entry {} was removed (head names {})", last + 1,
                                     head_->seq)
                       : fmt::format("the last entries {} to {} were removed (head names {})",
                                     last + 1, head_->seq, head_->seq));
  } else if (head_->seq < last) {
    fail(head_->seq + 1, fmt::format("entry {} was not appended through the log (head names {})",
                                     head_->seq + 1, head_->seq));
  } else if (head_->hash != prev_hash_) {
    if (last == 0) {
      report_.problem = "the head record was altered (the log is empty)";
    } else {
      fail(last, fmt::format("entry {} was altered (its hash was recomputed; the head recorded "
                             "another)",
                             last));
    }
  } else if (stray_) {
    fail(*stray_, fmt::format("entry {} is out of sequence (entries start at 1)", *stray_));
  }
  return std::move(report_);
}

void ChainChecker::fail(std::int64_t seq, std::string problem) {
  report_.first_bad_seq = seq;
  report_.problem = std::move(problem);
}

bool ChainChecker::outgoing_link_intact(const Entry& cur, const Entry* next) const {
  if (next != nullptr) return next->seq == cur.seq + 1 && next->prev_hash == cur.hash;
  return head_ && head_->seq == cur.seq && head_->hash == cur.hash;
}

void ChainChecker::check(const Entry& cur, const Entry* next) {
  const std::int64_t k = expected_;
  if (cur.seq != k) {
    // seq is the primary key and entries arrive in ascending order, so a
    // different seq is a larger one: entries k .. cur.seq - 1 are gone.
    const std::string follows =
        k == 1 ? fmt::format("the log starts at entry {}", cur.seq)
               : fmt::format("entry {} follows entry {}", cur.seq, k - 1);
    fail(k, cur.seq == k + 1 ? fmt::format("entry {} is missing ({})", k, follows)
                             : fmt::format("entries {} to {} are missing ({})", k, cur.seq - 1,
                                           follows));
    return;
  }
  if (entry_hash(cur) != cur.hash) {
    // A moved entry is whole but numbered for another place: its hash
    // matches its contents under a neighbour's seq.
    for (std::int64_t other : {k + 1, k - 1}) {
      Entry moved = cur;
      moved.seq = other;
      if (other >= 1 && entry_hash(moved) == cur.hash) {
        fail(k, fmt::format("entry {} is out of order (it holds entry {})", k, other));
        return;
      }
    }
    fail(k, fmt::format("entry {} was altered", k));
    return;
  }
  if (cur.prev_hash != prev_hash_) {
    // Both ends of the link are self-consistent, so one of them was rewritten
    // with its hash recomputed. If this entry's hash is still what its
    // successor recorded, this entry is untouched and the previous one changed.
    if (k > 1 && outgoing_link_intact(cur, next)) {
      fail(k - 1, fmt::format("entry {} was altered (its hash was recomputed; entry {} recorded "
                              "another)",
                              k - 1, k));
    } else {
      fail(k, fmt::format("entry {} was altered (its link to the entry before was rewritten)", k));
    }
    return;
  }
  prev_hash_ = cur.hash;
  expected_ = k + 1;
}

}  // namespace chancery::audit
