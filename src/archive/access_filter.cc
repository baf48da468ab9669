// The access filter. A document (a group of a cable's portions) is hidden
// from a viewer when
//   its level is above the viewer's clearance and has not lapsed (no release
//   date, a release date after as_of, or a cable held for review), or
//   it carries a control the viewer does not satisfy (a REL control: when no
//   entry of its list names the viewer's nationality or a coalition of it).
// AccessTable reads back the terms and values build_documents() wrote from
// the document's Visibility, and the decider asks access::may_see() of each
// distinct one, so the filter and the redacted view decide alike; the leak
// test checks both against an oracle of its own.

#include "archive/access_filter.h"

#include <algorithm>
#include <unordered_map>

#include "index/document.h"
#include "index/index_terms.h"
#include "index/shards.h"
#include "index/xapian_error.h"

namespace chancery::archive {
namespace {

namespace terms = index::terms;

constexpr char kControlMark = '\x01';
constexpr char kRelToMark = '\x02';

// "YYYYMMDD" (or "YYYY-MM-DD") as a number; 0 when it is not a date.
std::uint32_t date_number(std::string_view date) {
  const std::string compact = date.size() == 8 ? std::string(date) : index::compact_date(date);
  if (compact.size() != 8) return 0;
  std::uint32_t n = 0;
  for (char c : compact) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return n;
}

// A signature back to the visibility it names: level digit, then
// kControlMark + control and kRelToMark + entry, each list in term order
// (sorted, as Visibility keeps them).
access::Visibility visibility_of(std::string_view signature) {
  access::Visibility v;
  v.level = static_cast<access::Level>(signature[0] - '0');
  std::size_t at = 1;
  while (at < signature.size()) {
    const char mark = signature[at];
    std::size_t next = signature.find_first_of(std::string_view("\x01\x02", 2), at + 1);
    if (next == std::string_view::npos) next = signature.size();
    std::string value(signature.substr(at + 1, next - at - 1));
    (mark == kControlMark ? v.controls : v.rel_to).push_back(std::move(value));
    at = next;
  }
  return v;
}

}  // namespace

bool Sight::may_see(const access::Visibility& visibility, std::string_view id) const {
  return access::may_see(reader, policy, visibility, as_of, policy.held(id));
}

bool Sight::classified(const access::Visibility& visibility, std::string_view id) const {
  return visibility.level != access::Level::kUnclassified &&
         !(access::released(visibility, as_of) && !policy.held(id));
}

Result<AccessTable> AccessTable::load(const Xapian::Database& db, unsigned shards) {
  return index::guard("reading the access terms", [&]() -> Result<AccessTable> {
    // Every document has exactly one level term: they list the documents.
    std::vector<std::pair<Xapian::docid, char>> docs;
    for (char level = '0'; level <= '3'; ++level) {
      const std::string term = std::string(terms::kLevel) + level;
      for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
        docs.emplace_back(index::local_of_combined(*p, shards), level);
      }
    }
    std::sort(docs.begin(), docs.end());
    AccessTable table;
    table.docid_.reserve(docs.size());
    std::vector<std::string> signature;
    signature.reserve(docs.size());
    for (const auto& [docid, level] : docs) {
      table.docid_.push_back(docid);
      signature.emplace_back(1, level);
    }
    const std::int64_t max_key = docs.empty() ? 0 : index::key_of_local(docs.back().first);
    table.start_.assign(static_cast<std::size_t>(max_key) + 2, 0);
    for (const auto& [docid, level] : docs) ++table.start_[static_cast<std::size_t>(index::key_of_local(docid)) + 1];
    for (std::size_t k = 1; k < table.start_.size(); ++k) table.start_[k] += table.start_[k - 1];
    for (std::size_t slot = 0; slot < docs.size(); ++slot) {
      const Xapian::docid docid = docs[slot].first;
      const std::size_t first = table.start_[static_cast<std::size_t>(index::key_of_local(docid))];
      if (slot - first != docid % index::kDocsPerKey) table.contiguous_ = false;
    }
    auto each_posting = [&](std::string_view prefix, char mark) {
      const std::string p(prefix);
      for (auto t = db.allterms_begin(p); t != db.allterms_end(p); ++t) {
        const std::string term = *t;
        const std::string value = term.substr(p.size());
        for (auto d = db.postlist_begin(term); d != db.postlist_end(term); ++d) {
          if (const std::size_t slot = table.slot_of(index::local_of_combined(*d, shards)); slot != kNoSlot) {
            signature[slot] += mark;
            signature[slot] += value;
          }
        }
      }
    };
    each_posting(terms::kControl, kControlMark);
    each_posting(terms::kRelTo, kRelToMark);

    std::unordered_map<std::string, std::uint32_t> kinds;
    table.docs_.resize(docs.size());
    for (std::size_t slot = 0; slot < signature.size(); ++slot) {
      auto [it, added] = kinds.emplace(signature[slot], static_cast<std::uint32_t>(table.kinds_.size()));
      if (added) table.kinds_.push_back(visibility_of(signature[slot]));
      table.docs_[slot].kind = it->second;
    }
    for (auto v = db.valuestream_begin(terms::kSlotRelease); v != db.valuestream_end(terms::kSlotRelease); ++v) {
      if (const std::size_t slot = table.slot_of(index::local_of_combined(v.get_docid(), shards)); slot != kNoSlot) {
        table.docs_[slot].release = date_number(*v);
      }
    }
    return table;
  });
}

std::size_t AccessTable::find_slot(Xapian::docid local) const {
  const auto key = static_cast<std::size_t>(index::key_of_local(local));
  for (std::size_t slot = start_[key]; slot < start_[key + 1]; ++slot) {
    if (docid_[slot] == local) return slot;
  }
  return kNoSlot;
}

AccessDecider::AccessDecider(const AccessTable& table, const Xapian::Database& db, unsigned shards,
                             const Sight& sight)
    : table_(table), db_(db), shards_(shards), sight_(sight), as_of_(date_number(sight.as_of)),
      verdicts_(table.verdicts_for(sight.reader)) {}

std::vector<std::uint8_t>& AccessTable::verdicts_for(const access::Reader& reader) const {
  std::string standing = std::to_string(static_cast<int>(reader.clearance)) + '|' + reader.nationality + '|' +
                         (reader.anonymous ? "a" : "-") + (reader.everything ? "e" : "-");
  for (const std::string& group : reader.groups) standing += '|' + group;
  // A server sees a handful of standings; a bound keeps a hostile number of
  // users from growing this without end.
  if (verdicts_.size() >= 256 && !verdicts_.contains(standing)) verdicts_.clear();
  std::vector<std::uint8_t>& verdicts = verdicts_[standing];
  verdicts.resize(kinds_.size(), 0);
  return verdicts;
}

AccessDecider::Verdict AccessDecider::decide(std::uint32_t kind) const {
  // Visible as it stands (a kind has no release date: the level alone); or
  // once its level lapses (only the controls are asked then). Neither
  // depends on the date: lapsed() reads it, per document.
  access::Visibility v = table_.kinds()[kind];
  Verdict verdict = Verdict::kHidden;
  if (access::may_see(sight_.reader, sight_.policy, v, sight_.as_of, false)) {
    verdict = Verdict::kVisible;
  } else {
    // A fixed date for both: the verdict is kept across searches of any date.
    v.release = "2000-01-01";
    if (access::may_see(sight_.reader, sight_.policy, v, "2000-01-01", false)) verdict = Verdict::kIfLapsed;
  }
  verdicts_[kind] = static_cast<std::uint8_t>(verdict);
  return verdict;
}

void AccessDecider::prepare() const {
  for (std::uint32_t kind = 0; kind < verdicts_.size(); ++kind) {
    if (static_cast<Verdict>(verdicts_[kind]) == Verdict::kUnknown) decide(kind);
  }
  (void)held(0);
}

bool AccessDecider::held(std::int64_t key) const {
  if (sight_.policy.holds.empty()) return false;  // the usual case: no look-up per lapsed document
  if (!held_) {
    held_.emplace();
    for (const auto& [id, reason] : sight_.policy.holds) {
      const std::string term = std::string(terms::kId) + id;
      for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) {
        held_->insert(index::key_of_combined(*p, shards_));
      }
    }
  }
  return held_->contains(key);
}

bool AccessDecider::lapsed(Xapian::docid local, std::size_t slot) const {
  const std::uint32_t release = table_.release_at(slot);
  return release != 0 && as_of_ != 0 && release <= as_of_ && !held(index::key_of_local(local));
}

Result<CableSight> cable_sight(const Xapian::Database& db, unsigned shards, std::int64_t key,
                               std::string_view id, const Sight& sight) {
  return index::guard("reading the index", [&]() -> Result<CableSight> {
    CableSight seen;
    for (unsigned g = 0; g < index::kDocsPerKey; ++g) {
      Xapian::Document doc;
      try {
        doc = db.get_document(index::combined_docid(key, g, shards));
      } catch (const Xapian::DocNotFoundError&) {
        break;
      }
      Result<index::Listing> listing = index::decode_listing(doc.get_data());
      if (!listing) return listing.error();
      Result<access::Visibility> visibility = index::decode_visibility(listing->visibility);
      if (!visibility) return visibility.error();
      if (!sight.may_see(*visibility, id)) continue;
      seen.any = true;
      if (listing->subject_visibility.empty()) continue;
      Result<access::Visibility> subject = index::decode_visibility(listing->subject_visibility);
      if (!subject) return subject.error();
      seen.subject = sight.may_see(*subject, id);
      seen.subject_classified = seen.subject && sight.classified(*subject, id);
    }
    return seen;
  });
}

}  // namespace chancery::archive
