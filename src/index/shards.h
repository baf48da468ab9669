// The index is split into shards written in parallel (Xapian writes one
// database from one thread; two cores want two) and searched together.
//
// A cable's archive key k lives in shard (k - 1) % shards, as docids
// k * kDocsPerKey + g there, one per group g of its portions (document.h;
// shards have gaps in their docids, which cost nothing). Searched together,
// Xapian interleaves the shards' docids: combined = (local - 1) * shards +
// shard + 1. Deriving the key from the local docid matters because a
// MatchDecider sees local docids: the access filter and the facet counter
// read the key straight from them.
// Each shard records in its metadata "last_seq", the store sequence number up
// to which it holds every change; it is committed with the documents, so after
// a crash the shard knows exactly where to resume.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include <xapian.h>

#include "chancery/result.h"

namespace chancery::index {

inline constexpr unsigned kDefaultShards = 2;
// Documents a cable may have (groups of portions): docids per key.
inline constexpr unsigned kDocsPerKey = 16;

std::filesystem::path shard_path(const std::filesystem::path& index_dir, unsigned shard);
unsigned shard_of(std::int64_t key, unsigned shards);
Xapian::docid local_docid(std::int64_t key, unsigned group);
std::int64_t key_of_local(Xapian::docid docid);
// The docid of a key's group in the combined database, and back to the
// shard-local docid and to the key.
Xapian::docid combined_docid(std::int64_t key, unsigned group, unsigned shards);
Xapian::docid local_of_combined(Xapian::docid docid, unsigned shards);
std::int64_t key_of_combined(Xapian::docid docid, unsigned shards);

// Opens every shard for reading, as one database; `each`, when given, gets
// every shard alone too, sharing the same open tables (so that reopening the
// one database reopens them).
Result<Xapian::Database> open_reader(const std::filesystem::path& index_dir, unsigned shards,
                                     std::vector<Xapian::Database>* each = nullptr);
// Whether every shard (opened alone) holds the pairs of phrase_pairs.h's
// list in all its documents (its metadata says so). Xapian errors throw.
bool has_phrase_pairs(const std::vector<Xapian::Database>& shards);
// The last_seq each shard has committed.
Result<std::vector<std::int64_t>> committed_seqs(const std::filesystem::path& index_dir,
                                                 unsigned shards);

// Writes the shards, one thread each. Documents are queued (bounded: a full
// queue blocks the caller) and written in the order given.
class ShardWriter {
 public:
  // `create`: make empty shards (replacing none: the directory must be new).
  static Result<std::unique_ptr<ShardWriter>> open(const std::filesystem::path& index_dir,
                                                   unsigned shards, bool create);
  ~ShardWriter();  // stops the threads; what was not committed is dropped
  ShardWriter(const ShardWriter&) = delete;
  ShardWriter& operator=(const ShardWriter&) = delete;

  unsigned shards() const;
  // The last_seq each shard had when opened.
  const std::vector<std::int64_t>& opened_seqs() const;

  // Writes a cable's documents (at most kDocsPerKey). `replacing`: it may
  // have had more before, which are deleted.
  void replace(std::int64_t key, std::vector<Xapian::Document> docs, bool replacing);
  // Every change up to store sequence `seq` has been queued, for every shard.
  void mark(std::int64_t seq);
  // Waits until the queues are written, then commits every shard. The first
  // error any shard met (a full disk, say) is returned here.
  Result<void> commit();

  struct Shard;

 private:
  ShardWriter() = default;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::vector<std::int64_t> opened_;
};

}  // namespace chancery::index
