// The system of record: every version of every cable, in SQLite.
//
//   cables    one row per (id, origin), with a listing of its current version
//   versions  one row per version: raw input and record (zstd), digest, and
//             `seq`, the order of arrival, which the index follows
//   refs      the cable references of each cable's current version
//
// Statements are reset as soon as their rows are read: in WAL mode a
// statement left mid-result holds a read snapshot, and the WAL cannot be
// checkpointed past it (it would grow for the whole of an ingest).
//
// A Store is one connection: use it from one thread at a time (readers in
// other threads or processes open their own; WAL lets them read while one
// writes).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chancery/archive.h"
#include "chancery/result.h"
#include "store/sqlite.h"

namespace chancery::store {

// Tags may hold spaces ("HUMAN RIGHTS"): the tags column joins them with this.
inline constexpr char kTagSeparator = '\x1f';

// Calls fn(tag) for each tag of a tags column.
template <typename Fn>
void for_each_tag(std::string_view tags, Fn&& fn) {
  while (!tags.empty()) {
    const std::size_t end = tags.find(kTagSeparator);
    fn(tags.substr(0, end));
    tags = end == std::string_view::npos ? std::string_view() : tags.substr(end + 1);
  }
}

struct CableRow {
  std::int64_t key = 0;
  std::string id;
  std::string origin;
  int current = 1;  // the latest version
  std::string created;
  std::string classification;
  std::string subject;
  std::string tags;  // joined with kTagSeparator
  std::string series;
};

struct VersionRow {
  std::int64_t seq = 0;
  int version = 1;
  std::string digest;
  std::string ingested;
  std::string source;
  std::string format;
};

// One parsed cable, ready to file (built by an ingest worker).
struct NewVersion {
  std::string id;
  std::string origin;
  std::string digest;
  std::string source;  // "cables.csv:1042"
  std::string format;
  std::string raw_blob;     // compress(raw input)
  std::string record_blob;  // compress_record(to_json(record without raw), raw input)
  CableRow listing;         // created, classification, subject, tags, series
  std::vector<std::pair<std::string, std::string>> refs;  // (cited id, as written)
};

struct Filed {
  archive::Outcome outcome = archive::Outcome::kNew;
  std::int64_t key = 0;
  int version = 1;
};

class Store {
 public:
  static Result<Store> open(const std::filesystem::path& file, bool create, bool read_only);

  Db& db() { return db_; }
  Result<std::string> meta(std::string_view key);
  Result<void> set_meta(std::string_view key, std::string_view value);

  // Files one version; the caller holds a Transaction.
  Result<Filed> file(const NewVersion& version, std::string_view now);
  // Whether (id, origin) already has a version with this digest.
  Result<bool> has_digest(std::string_view id, std::string_view origin, std::string_view digest);

  Result<std::vector<CableRow>> find(std::string_view id);  // every origin
  Result<std::optional<CableRow>> cable(std::int64_t key);
  Result<std::vector<VersionRow>> versions(std::int64_t key);
  // The stored blobs of a version, decompressed.
  Result<std::string> record_json(std::int64_t key, int version);
  Result<std::string> raw(std::int64_t key, int version);

  Result<std::int64_t> max_seq();
  Result<std::int64_t> count_cables();
  Result<std::int64_t> count_versions();
  // Calls fn(key, current version's record JSON, its digest) for every cable
  // with a version that arrived after `after_seq`, in key order; fn may stop
  // the walk by returning false.
  Result<void> for_each_changed(
      std::int64_t after_seq,
      const std::function<bool(std::int64_t, std::string_view, std::string_view)>& fn);
  // Calls fn(row) for every cable, in key order.
  Result<void> for_each_cable(const std::function<bool(const CableRow&)>& fn);
  // (cited id, as written) of a cable, in the order written.
  Result<std::vector<std::pair<std::string, std::string>>> refs_of(std::int64_t key);
  // The cables citing `id`.
  Result<std::vector<CableRow>> cited_by(std::string_view id);
  Result<std::vector<CableRow>> series(std::string_view series, std::int64_t except_key);

 private:
  explicit Store(Db db) : db_(std::move(db)) {}
  // A prepared statement kept for the connection's life (slot: its number).
  Result<Statement*> statement(std::size_t slot, std::string_view sql);

  Db db_;
  std::vector<std::unique_ptr<Statement>> statements_;
};

}  // namespace chancery::store
