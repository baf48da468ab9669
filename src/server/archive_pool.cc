#include "server/archive_pool.h"

namespace chancery::server {

Result<std::unique_ptr<ArchivePool>> ArchivePool::open(const std::filesystem::path& dir, unsigned count,
                                                       users::PasswordCost cost) {
  auto pool = std::make_unique<ArchivePool>();
  for (unsigned i = 0; i < count; ++i) {
    // Read-only as far as cables go: the index follows the store as other
    // processes ingest (Archive reopens it when the store moved on). Reads
    // still append to the audit log, which has its own file.
    Result<archive::Archive> a = archive::Archive::open(dir, true, archive::Archive::IndexUpkeep::kNone);
    if (!a) return a.error();
    Result<users::UserStore> u = users::UserStore::open(dir, cost);
    if (!u) return u.error();
    Result<post::PostOffice> o = post::PostOffice::open(dir);
    if (!o) return o.error();
    pool->free_.push_back(
        std::make_unique<Handle>(Handle{std::move(a).value(), std::move(u).value(), std::move(o).value()}));
  }
  return pool;
}

ArchivePool::Lease ArchivePool::borrow() {
  std::unique_lock lock(mu_);
  // First come, first served: handles go to the waiters in the order they
  // came (a plain condition variable lets late comers overtake, and the
  // unlucky wait for seconds under load).
  if (waiting_.empty() && !free_.empty()) {
    std::unique_ptr<Handle> h = std::move(free_.back());
    free_.pop_back();
    return Lease(*this, std::move(h));
  }
  Waiter me;
  waiting_.push_back(&me);
  me.handed.wait(lock, [&] { return me.handle != nullptr; });
  return Lease(*this, std::move(me.handle));
}

void ArchivePool::give_back(std::unique_ptr<Handle> handle) {
  std::lock_guard lock(mu_);
  if (waiting_.empty()) {
    free_.push_back(std::move(handle));
    return;
  }
  Waiter* next = waiting_.front();
  waiting_.pop_front();
  next->handle = std::move(handle);
  // Under the lock: the waiter (and its condition variable) lives until it
  // has seen the handle, which needs the lock.
  next->handed.notify_one();
}

}  // namespace chancery::server
