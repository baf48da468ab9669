// The access filter. A document (a group of a cable's portions) is hidden
// from a viewer when
//   its level is above the viewer's clearance and has not lapsed (no release
//   date, a release date after as_of, or a cable held for review), or
//   it carries a control the viewer does not satisfy (a REL control: when no
//   entry of its list names the viewer's nationality or a coalition of it).
// Both halves read the terms and values build_documents() wrote from the
// document's Visibility; access::may_see() decides the same from the
// Visibility itself, which the leak test checks against an oracle of its own.

#include "archive/access_filter.h"

#include "index/document.h"
#include "index/index_terms.h"
#include "index/shards.h"
#include "index/xapian_error.h"

namespace chancery::archive {
namespace {

namespace terms = index::terms;

Xapian::Query any_of(const std::vector<Xapian::Query>& queries) {
  if (queries.empty()) return Xapian::Query::MatchNothing;
  if (queries.size() == 1) return queries.front();
  return Xapian::Query(Xapian::Query::OP_OR, queries.begin(), queries.end());
}

std::string term(std::string_view prefix, std::string_view value) {
  std::string t(prefix);
  t += value;
  return t;
}

}  // namespace

bool Sight::may_see(const access::Visibility& visibility, std::string_view id) const {
  return access::may_see(reader, policy, visibility, as_of, policy.held(id));
}

bool Sight::classified(const access::Visibility& visibility, std::string_view id) const {
  return visibility.level != access::Level::kUnclassified &&
         !(access::released(visibility, as_of) && !policy.held(id));
}

std::optional<Xapian::Query> hidden_documents(const Xapian::Database& db, const Sight& sight) {
  if (sight.everything()) return std::nullopt;
  std::vector<Xapian::Query> hidden;

  std::vector<Xapian::Query> above;
  for (int level = static_cast<int>(sight.reader.clearance) + 1; level <= 3; ++level) {
    above.emplace_back(term(terms::kLevel, std::string(1, static_cast<char>('0' + level))));
  }
  if (!above.empty()) {
    Xapian::Query lapsed(Xapian::Query::OP_VALUE_LE, terms::kSlotRelease, index::compact_date(sight.as_of));
    std::vector<Xapian::Query> held;
    for (const auto& [id, reason] : sight.policy.holds) held.emplace_back(term(terms::kId, id));
    if (!held.empty()) lapsed = Xapian::Query(Xapian::Query::OP_AND_NOT, lapsed, any_of(held));
    hidden.emplace_back(Xapian::Query::OP_AND_NOT, any_of(above), lapsed);
  }

  const std::vector<std::string> names = access::releasable_names(sight.reader.nationality);
  for (auto t = db.allterms_begin(std::string(terms::kControl)); t != db.allterms_end(std::string(terms::kControl)); ++t) {
    const std::string control = (*t).substr(terms::kControl.size());
    if (sight.policy.rule_for(control).rule == access::Policy::Rule::kReleasable &&
        !sight.reader.anonymous) {
      // Satisfied for every list (a US reader), or by the entries naming
      // the viewer's nationality or its coalitions.
      if (access::satisfies(sight.reader, sight.policy, control, {})) continue;
      std::vector<Xapian::Query> entries;
      for (const std::string& name : names) entries.emplace_back(term(terms::kRelTo, name));
      hidden.emplace_back(Xapian::Query::OP_AND_NOT, Xapian::Query(*t), any_of(entries));
      continue;
    }
    // Other rules do not depend on the list: the empty one asks the same.
    if (!access::satisfies(sight.reader, sight.policy, control, {})) hidden.emplace_back(*t);
  }
  return any_of(hidden);
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
