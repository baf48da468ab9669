// Exact facet counts over every match of a query.
//
// Reading facet values from each matching Xapian document is the slow part of
// faceting a common query (tens of thousands of matches). Instead the facet
// values of every cable are held in memory as small integers, indexed by key
// (derived from the shard-local docid the spy sees, see index/shards.h), and
// a MatchSpy adds one per matching cable: a few nanoseconds each. A cable
// has a document per group of portions; it is counted once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

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

// Counts the facets of each match it sees.
class FacetSpy : public Xapian::MatchSpy {
 public:
  FacetSpy(const FacetColumns& columns, std::vector<FacetKind> kinds);
  void operator()(const Xapian::Document& doc, double weight) override;
  // The counts, most frequent first (ties by value), at most `limit` per
  // facet (0: all); values with no name ("none") are left out.
  std::vector<Facet> result(std::uint32_t limit) const;
  // The cables seen: their number, and whether one was.
  std::uint64_t cables() const { return cables_; }
  bool seen(std::int64_t key) const {
    return key >= 1 && key < static_cast<std::int64_t>(seen_.size()) && seen_[static_cast<std::size_t>(key)];
  }

 private:
  const FacetColumns& columns_;
  std::vector<FacetKind> kinds_;
  std::vector<std::vector<std::uint64_t>> counts_;
  std::vector<bool> seen_;
  std::uint64_t cables_ = 0;
};

}  // namespace chancery::archive
