// A few open handles on the archive, shared by the connection threads.
//
// An Archive (and a UserStore) is used by one thread at a time; there are
// many more connection threads than cores, so each request borrows a handle
// for as long as it reads and gives it back. The number of handles bounds
// the work done at once (and the memory: an Argon2id check takes 64 MiB).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "chancery/archive.h"
#include "chancery/post_office.h"
#include "chancery/result.h"
#include "chancery/users.h"

namespace chancery::server {

struct Handle {
  archive::Archive archive;
  users::UserStore users;
  post::PostOffice office;
};

class ArchivePool {
 public:
  // Opens `count` handles on the archive in `dir` (the caller has caught its
  // index up already; these open read-only).
  static Result<std::unique_ptr<ArchivePool>> open(const std::filesystem::path& dir, unsigned count,
                                                   users::PasswordCost cost);

  // A handle, returned to the pool when the lease goes.
  class Lease {
   public:
    Lease(ArchivePool& pool, std::unique_ptr<Handle> handle) : pool_(&pool), handle_(std::move(handle)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) noexcept = default;
    ~Lease() {
      if (handle_) pool_->give_back(std::move(handle_));
    }
    Handle* operator->() { return handle_.get(); }
    Handle& operator*() { return *handle_; }

   private:
    ArchivePool* pool_;
    std::unique_ptr<Handle> handle_;
  };

  // Waits for a free handle.
  Lease borrow();

 private:
  void give_back(std::unique_ptr<Handle> handle);

  // A borrower waiting for a handle: the returned handle is given to the
  // first in line, and only it is woken (with every waiter woken for each
  // handle returned, the kernel took 21% of a loaded server's CPU and p99
  // was 3.3x p50; handed over, 15% and 1.3x).
  struct Waiter {
    std::condition_variable handed;
    std::unique_ptr<Handle> handle;
  };

  std::mutex mu_;
  std::vector<std::unique_ptr<Handle>> free_;  // GUARDED_BY(mu_)
  std::deque<Waiter*> waiting_;                // GUARDED_BY(mu_): first come, first served
};

}  // namespace chancery::server
