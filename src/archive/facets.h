// Exact facet counts over every match of a query.
//
// Reading facet values from each matching Xapian document is the slow part of
// faceting a common query (tens of thousands of matches). Instead the facet
// values of every cable are held in memory as small integers, indexed by key
// (derived from the shard-local docid a decider sees, see index/shards.h),
// and a counter adds one per matching cable: a few nanoseconds each. A cable
// has a document per group of portions; it is counted once.
//
// The counting is a pass of its own, unweighted, in each shard alone, by a
// MatchDecider that counts each document and turns it away, so that Xapian
// weighs and ranks nothing: counting the 218,000 matches of `government` at
// Cablegate scale this way takes 8 ms, against 110 ms for a MatchSpy on the
// ranked search.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "archive/access_filter.h"
#include "chancery/result.h"
#include "chancery/search.h"
#include "store/store.h"

namespace chancery::archive {

enum class FacetKind : std::uint8_t { kTag, kOrigin, kYear, kClass, kMonth };
// "tag", "origin", "year", "class", "month"; nullopt for other names.
std::optional<FacetKind> facet_kind(std::string_view name);
std::string_view facet_name(FacetKind kind);

class FacetColumns {
 public:
  static Result<FacetColumns> load(store::Store& store);

  // One value id per cable per facet (tags: several); 0 is "none".
  struct Values {
    std::vector<std::string> names{""};      // id -> value
    std::vector<std::uint32_t> of_key;       // key -> id (single-valued facets)
    std::vector<std::uint32_t> offsets;      // key -> range in ids (tags)
    std::vector<std::uint32_t> ids;
  };
  const Values& values(FacetKind kind) const { return columns_[static_cast<int>(kind)]; }
  std::int64_t max_key() const { return max_key_; }

 private:
  Values columns_[5];
  std::int64_t max_key_ = 0;
};

// Counts the facets of each cable it is given.
class FacetCounter {
 public:
  FacetCounter(const FacetColumns& columns, std::vector<FacetKind> kinds);
  const FacetColumns& columns() const { return columns_; }
  const std::vector<FacetKind>& kinds() const { return kinds_; }
  // Counts the cable with this key, unless it already was.
  void add(std::int64_t key);
  // The counts, most frequent first (ties by value), at most `limit` per
  // facet (0: all); values with no name ("none") are left out.
  std::vector<Facet> result(std::uint32_t limit) const;
  // The cables seen: their number, and whether one was.
  std::uint64_t cables() const { return cables_; }
  bool seen(std::int64_t key) const {
    const auto k = static_cast<std::uint64_t>(key);
    return key >= 1 && k / 64 < seen_.size() && (seen_[k / 64] >> (k % 64) & 1) != 0;
  }
  // Adds what another counter of the same columns and kinds counted, of
  // other cables (each shard holds its own: index/shards.h).
  void merge(const FacetCounter& other);

 private:
  const FacetColumns& columns_;
  std::vector<FacetKind> kinds_;
  std::vector<std::vector<std::uint64_t>> counts_;
  // A bit per key: merged a word at a time (std::vector<bool> went bit by
  // bit, a quarter of a millisecond per search at Cablegate scale).
  std::vector<std::uint64_t> seen_;
  std::uint64_t cables_ = 0;
};

// The counting pass's decider: counts each document the access decider (if
// any) lets through, and accepts none.
class CountingDecider : public Xapian::MatchDecider {
 public:
  CountingDecider(FacetCounter& counter, const AccessDecider* access) : counter_(counter), access_(access) {}
  bool operator()(const Xapian::Document& doc) const override;

 private:
  FacetCounter& counter_;
  const AccessDecider* access_;
};

// Counts every match of `query` the access decider lets through, in each
// shard alone (`shards`, as opened for reading): the shards at once, one
// thread each, since each holds its own cables and its own tables (the
// count of `"human rights"`, 80,000 cables at Cablegate scale, reads two
// position lists per candidate: 71 ms in one thread). `shards` must not be
// used by another thread meanwhile, nor the database they were opened with.
// `parallel`: worth a thread per shard (a thread and a copy of the query cost
// about 0.3 ms; a few thousand matches count in less).
Result<void> count_matches(const std::vector<Xapian::Database>& shards, const Xapian::Query& query,
                           const AccessDecider* access, FacetCounter& counter, bool parallel);

}  // namespace chancery::archive
