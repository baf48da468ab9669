#include "index/shards.h"

#include "index/document.h"
#include "index/index_terms.h"
#include "index/phrase_pairs.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <variant>

#include "index/xapian_error.h"

namespace chancery::index {
namespace {

constexpr const char* kLastSeq = "last_seq";
// Documents waiting per shard: enough to ride over a slow flush, few enough
// that memory stays in the tens of megabytes.
constexpr std::size_t kQueueLimit = 256;
// A shard commits by itself every so many documents. Small batches keep
// Xapian's in-memory maps small and quick (20,000 generated cables: 48 s
// committing every 250, 56 s every 1,000), but each commit rewrites the last
// block of every term it touched, and in a big index that write amplification
// wins: at Cablegate scale (251,287 cables, the same hour, bench/README.md)
// every 250 took 616 s wall, 926 s user, 165 s system; every 1,000 took
// 574 s, 1,014 s user, 68 s system, peak RSS 427 -> 659 MB. A commit between
// marks is safe: last_seq stays the last mark's, and the documents past it
// are written again, to the same docids, when the index catches up after a
// crash.
constexpr std::size_t kCommitEvery = 1000;

std::int64_t parse_seq(const std::string& text) {
  try {
    return text.empty() ? 0 : std::stoll(text);
  } catch (...) {
    return 0;
  }
}

}  // namespace

std::filesystem::path shard_path(const std::filesystem::path& index_dir, unsigned shard) {
  return index_dir / std::to_string(shard);
}

unsigned shard_of(std::int64_t key, unsigned shards) {
  return static_cast<unsigned>((key - 1) % shards);
}

Xapian::docid local_docid(std::int64_t key, unsigned group) {
  return static_cast<Xapian::docid>(key * kDocsPerKey + group);
}

std::int64_t key_of_local(Xapian::docid docid) { return static_cast<std::int64_t>(docid / kDocsPerKey); }

Xapian::docid combined_docid(std::int64_t key, unsigned group, unsigned shards) {
  return static_cast<Xapian::docid>((local_docid(key, group) - 1) * shards + shard_of(key, shards) + 1);
}

Xapian::docid local_of_combined(Xapian::docid docid, unsigned shards) {
  return static_cast<Xapian::docid>((docid - 1) / shards + 1);
}

std::int64_t key_of_combined(Xapian::docid docid, unsigned shards) {
  return key_of_local(local_of_combined(docid, shards));
}

Result<Xapian::Database> open_reader(const std::filesystem::path& index_dir, unsigned shards,
                                     std::vector<Xapian::Database>* each) {
  return guard("opening the index", [&]() -> Result<Xapian::Database> {
    Xapian::Database db;
    std::vector<Xapian::Database> opened;
    for (unsigned s = 0; s < shards; ++s) {
      opened.emplace_back(shard_path(index_dir, s));
      db.add_database(opened.back());
    }
    if (each != nullptr) *each = std::move(opened);
    return db;
  });
}

bool has_phrase_pairs(const std::vector<Xapian::Database>& shards) {
  if (shards.empty()) return false;
  for (const Xapian::Database& shard : shards) {
    if (shard.get_metadata(std::string(phrase_pairs::kMetadataKey)) != phrase_pairs::kVersion) return false;
  }
  return true;
}

Result<std::vector<std::int64_t>> committed_seqs(const std::filesystem::path& index_dir,
                                                 unsigned shards) {
  return guard("reading the index", [&]() -> Result<std::vector<std::int64_t>> {
    std::vector<std::int64_t> seqs;
    for (unsigned s = 0; s < shards; ++s) {
      seqs.push_back(parse_seq(Xapian::Database(shard_path(index_dir, s)).get_metadata(kLastSeq)));
    }
    return seqs;
  });
}

struct ShardWriter::Shard {
  struct Doc {
    Xapian::docid first;  // of group 0
    std::vector<Xapian::Document> docs;
    bool replacing;
  };
  struct Mark {
    std::int64_t seq;
  };
  struct Commit {};
  using Op = std::variant<Doc, Mark, Commit>;

  Xapian::WritableDatabase db;
  std::mutex mu;
  std::condition_variable changed;
  std::deque<Op> queue;
  std::size_t in_flight = 0;  // ops taken but not yet done
  bool stop = false;
  std::optional<Error> error;
  std::size_t since_commit = 0;
  std::thread thread;

  void push(Op op) {
    std::unique_lock lock(mu);
    changed.wait(lock, [&] { return queue.size() < kQueueLimit || stop; });
    if (stop) return;
    queue.push_back(std::move(op));
    changed.notify_all();
  }

  Result<void> wait_idle() {
    std::unique_lock lock(mu);
    changed.wait(lock, [&] { return (queue.empty() && in_flight == 0) || stop; });
    if (error) return *error;
    return {};
  }

  void run() {
    for (;;) {
      Op op;
      {
        std::unique_lock lock(mu);
        changed.wait(lock, [&] { return !queue.empty() || stop; });
        if (stop) return;
        op = std::move(queue.front());
        queue.pop_front();
        ++in_flight;
        changed.notify_all();
      }
      Result<void> done = guard("writing the index", [&]() -> Result<void> {
        if (auto* d = std::get_if<Doc>(&op)) {
          for (std::size_t g = 0; g < d->docs.size(); ++g) {
            db.replace_document(d->first + static_cast<Xapian::docid>(g), d->docs[g]);
          }
          if (d->replacing) {
            // The groups the cable's previous version had beyond this one's.
            for (auto g = static_cast<Xapian::docid>(d->docs.size()); g < kDocsPerKey; ++g) {
              try {
                db.delete_document(d->first + g);
              } catch (const Xapian::DocNotFoundError&) {
              }
            }
          }
          if (++since_commit >= kCommitEvery) {
            db.commit();
            since_commit = 0;
          }
        } else if (auto* m = std::get_if<Mark>(&op)) {
          db.set_metadata(kLastSeq, std::to_string(m->seq));
        } else {
          db.commit();
          since_commit = 0;
        }
        return {};
      });
      std::lock_guard lock(mu);
      --in_flight;
      if (!done && !error) error = done.error();
      changed.notify_all();
    }
  }
};

Result<std::unique_ptr<ShardWriter>> ShardWriter::open(const std::filesystem::path& index_dir,
                                                       unsigned shards, bool create) {
  std::unique_ptr<ShardWriter> writer(new ShardWriter());
  if (create) {
    std::error_code ec;
    std::filesystem::create_directories(index_dir, ec);
    if (ec) {
      return Error{.code = Errc::kIo,
                   .message = "cannot create the index directory: " + ec.message(),
                   .where = index_dir.string()};
    }
  }
  for (unsigned s = 0; s < shards; ++s) {
    auto shard = std::make_unique<Shard>();
    Result<void> opened = guard("opening the index for writing", [&]() -> Result<void> {
      shard->db = Xapian::WritableDatabase(shard_path(index_dir, s).string(),
                                           create ? Xapian::DB_CREATE : Xapian::DB_OPEN);
      // A new shard holds this list's pairs in every document it will
      // get. A shard built with another list no longer holds one list's
      // pairs in all its documents once this writer adds some.
      const std::string pairs_key(phrase_pairs::kMetadataKey);
      if (create) {
        shard->db.set_metadata(pairs_key, std::string(phrase_pairs::kVersion));
        shard->db.commit();
      } else if (const std::string listed = shard->db.get_metadata(pairs_key);
                 !listed.empty() && listed != phrase_pairs::kVersion) {
        shard->db.set_metadata(pairs_key, "");
      }
      writer->opened_.push_back(parse_seq(shard->db.get_metadata(kLastSeq)));
      return {};
    });
    if (!opened) return opened.error();
    writer->shards_.push_back(std::move(shard));
  }
  for (auto& shard : writer->shards_) {
    shard->thread = std::thread([s = shard.get()] { s->run(); });
  }
  return writer;
}

ShardWriter::~ShardWriter() {
  for (auto& shard : shards_) {
    {
      std::lock_guard lock(shard->mu);
      shard->stop = true;
      shard->changed.notify_all();
    }
    if (shard->thread.joinable()) shard->thread.join();
    // Closing without commit: Xapian drops what was not committed.
    try {
      shard->db.close();
    } catch (const Xapian::Error&) {
    }
  }
}

unsigned ShardWriter::shards() const { return static_cast<unsigned>(shards_.size()); }

const std::vector<std::int64_t>& ShardWriter::opened_seqs() const { return opened_; }

void ShardWriter::replace(std::int64_t key, std::vector<Xapian::Document> docs, bool replacing) {
  const unsigned n = shards();
  for (Xapian::Document& doc : docs) doc.add_value(terms::kSlotKey, encode_key(key));
  shards_[shard_of(key, n)]->push(Shard::Doc{local_docid(key, 0), std::move(docs), replacing});
}

void ShardWriter::mark(std::int64_t seq) {
  for (auto& shard : shards_) shard->push(Shard::Mark{seq});
}

Result<void> ShardWriter::commit() {
  for (auto& shard : shards_) shard->push(Shard::Commit{});
  for (auto& shard : shards_) {
    if (Result<void> r = shard->wait_idle(); !r) return r;
  }
  return {};
}

}  // namespace chancery::index
