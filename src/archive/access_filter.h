// What a viewer may see, in the index's terms (src/index/index_terms.h).
//
// The filter of a search is a Xapian::MatchDecider over an in-memory table of
// every document's visibility (AccessTable), not a query: as a query (AND_NOT
// an OR of the level and control terms the viewer lacks) each candidate cost
// a skip in each of those posting lists and a value read, which made a rare
// word 2-3x slower for a filtered reader. The table holds, per document (a
// group of a cable's portions), a small id for its level, controls and REL TO
// list, and its release date; a search decides each distinct id once and each
// candidate with two array reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "chancery/access.h"
#include "chancery/result.h"
#include "index/shards.h"

namespace chancery::archive {

// The resolved viewer: its reader, the policy and the date ("YYYY-MM-DD").
struct Sight {
  const access::Reader& reader;
  const access::Policy& policy;
  std::string as_of;

  bool everything() const { return reader.everything; }
  bool may_see(const access::Visibility& visibility, std::string_view id) const;
  // Text of this visibility is classified for the viewer: a level above
  // UNCLASSIFIED that has not lapsed (what the audit log records).
  bool classified(const access::Visibility& visibility, std::string_view id) const;
};

// Every document's visibility, read from the access terms and the release
// value build_documents() wrote (so it is exactly what the index says).
class AccessTable {
 public:
  static Result<AccessTable> load(const Xapian::Database& db, unsigned shards);

  // A distinct (level, controls, REL TO) of some document; release lapses apart.
  const std::vector<access::Visibility>& kinds() const { return kinds_; }
  // Where the document with this shard-local docid (index/shards.h) is
  // kept; kNoSlot when the table does not know it (newer than the table).
  // Inline: the decider asks it of every candidate of a search.
  // (A plain index with a sentinel, not std::optional: the optional's
  // return cost a store-forwarding stall per candidate.)
  static constexpr std::size_t kNoSlot = static_cast<std::size_t>(-1);
  std::size_t slot_of(Xapian::docid local) const {
    const std::uint64_t key = local / index::kDocsPerKey;
    if (key + 1 >= start_.size()) return kNoSlot;
    // A key's documents are its groups 0, 1, ... in order, so the group is
    // the offset (when every key's are: `contiguous_`; else it is checked,
    // and looked for should a group be missing).
    const std::size_t slot = start_[key] + local % index::kDocsPerKey;
    if (contiguous_) return slot < start_[key + 1] ? slot : kNoSlot;
    if (slot < start_[key + 1] && docid_[slot] == local) return slot;
    return find_slot(local);
  }
  std::uint32_t kind_at(std::size_t slot) const { return docs_[slot].kind; }

  // What a reader may see of each kind (0: not yet decided), kept per
  // standing (clearance, nationality, groups: what may_see reads) across
  // searches: a query that meets every kind (a filter alone) would
  // otherwise decide thousands of them each time. The table belongs to one
  // archive handle, used by one thread at a time.
  std::vector<std::uint8_t>& verdicts_for(const access::Reader& reader) const;
  // The release date as YYYYMMDD; 0 when it never lapses.
  std::uint32_t release_at(std::size_t slot) const { return docs_[slot].release; }

 private:
  std::size_t find_slot(Xapian::docid local) const;

  std::vector<access::Visibility> kinds_;
  // Documents in local docid order: key k's are slots [start_[k], start_[k + 1]).
  std::vector<std::uint32_t> start_;
  std::vector<Xapian::docid> docid_;
  bool contiguous_ = true;  // every key's groups are 0, 1, ... without a gap
  // Side by side: a candidate's kind and release are one cache line.
  struct Doc {
    std::uint32_t kind = 0;
    std::uint32_t release = 0;  // YYYYMMDD; 0: never lapses
  };
  std::vector<Doc> docs_;
  mutable std::unordered_map<std::string, std::vector<std::uint8_t>> verdicts_;
};

// The filter of one search: lets through the documents the viewer may see.
// Each kind is decided when a document of it is first met (an index has
// thousands of kinds, a rare word's matches a few).
class AccessDecider : public Xapian::MatchDecider {
 public:
  // `db` is asked which keys carry the policy's holds; it, `table` and
  // `sight` must outlive the decider.
  AccessDecider(const AccessTable& table, const Xapian::Database& db, unsigned shards, const Sight& sight);
  bool operator()(const Xapian::Document& doc) const override { return visible(doc.get_docid()); }
  // Decides now every kind not yet decided, and reads the holds: after
  // it, visible() changes nothing, so threads may call it at once (until
  // then it decides lazily, which is cheaper for a rare word).
  void prepare() const;
  bool visible(Xapian::docid local) const {
    const std::size_t slot = table_.slot_of(local);
    if (slot == AccessTable::kNoSlot) return false;  // unknown: newer than the table
    const std::uint32_t kind = table_.kind_at(slot);
    auto verdict = static_cast<Verdict>(verdicts_[kind]);
    if (verdict == Verdict::kUnknown) verdict = decide(kind);
    if (verdict == Verdict::kVisible) return true;
    return verdict == Verdict::kIfLapsed && lapsed(local, slot);
  }

 private:
  enum class Verdict : std::uint8_t { kUnknown, kHidden, kVisible, kIfLapsed };
  Verdict decide(std::uint32_t kind) const;
  bool lapsed(Xapian::docid local, std::size_t slot) const;
  bool held(std::int64_t key) const;

  const AccessTable& table_;
  const Xapian::Database& db_;
  unsigned shards_;
  const Sight& sight_;
  std::uint32_t as_of_ = 0;                          // YYYYMMDD
  std::vector<std::uint8_t>& verdicts_;              // per kind: a Verdict, kept by the table
  mutable std::optional<std::unordered_set<std::int64_t>> held_;  // keys of cables held for review
};

// What the viewer may see of one cable, from its documents in the index.
struct CableSight {
  bool any = false;      // some portion: the header block
  bool subject = false;  // its subject
  bool subject_classified = false;  // ... which is classified text for the viewer
};
Result<CableSight> cable_sight(const Xapian::Database& db, unsigned shards, std::int64_t key,
                               std::string_view id, const Sight& sight);

}  // namespace chancery::archive
