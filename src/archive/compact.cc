// compact(): the archive at its smallest, for shipping or measuring.

#include <system_error>

#include "archive/impl.h"
#include "chancery/archive.h"
#include "index/shards.h"
#include "index/xapian_error.h"

namespace chancery::archive {
namespace {

namespace fs = std::filesystem;

std::uint64_t size_of(const fs::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

}  // namespace

Result<std::uint64_t> Archive::compact() {
  if (impl_->read_only) {
    return Error{.code = Errc::kDenied, .message = "the archive was opened read-only"};
  }
  impl_->reader.reset();
  // Holding the shards' write locks keeps any ingest out while we swap.
  Result<std::unique_ptr<index::ShardWriter>> lock =
      index::ShardWriter::open(impl_->index_dir(), impl_->shards, false);
  if (!lock) return lock.error();
  for (unsigned s = 0; s < impl_->shards; ++s) {
    const fs::path shard = index::shard_path(impl_->index_dir(), s);
    const fs::path fresh = shard.string() + ".compact";
    std::error_code ec;
    fs::remove_all(fresh, ec);
    Result<void> done = index::guard("compacting the index", [&]() -> Result<void> {
      // One source database: docids (= archive keys) are kept as they are.
      Xapian::Database(shard.string()).compact(fresh.string(), Xapian::DBCOMPACT_NO_RENUMBER);
      return {};
    });
    if (!done) return done.error();
    const fs::path old = shard.string() + ".old";
    fs::remove_all(old, ec);
    fs::rename(shard, old, ec);
    if (!ec) fs::rename(fresh, shard, ec);
    if (ec) return Error{.code = Errc::kIo, .message = "cannot swap the compacted index: " + ec.message()};
    fs::remove_all(old, ec);
  }
  lock->reset();
  // VACUUM writes the new database through the WAL: checkpoint it again so
  // that the size measured is the store's, not a transient log.
  if (Result<void> r = impl_->store.db().exec("PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);"); !r) {
    return r.error();
  }
  return size_of(impl_->dir);
}

}  // namespace chancery::archive
