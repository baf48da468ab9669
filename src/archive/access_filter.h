// What a viewer may see, in the index's terms (src/index/index_terms.h): the
// query that matches the documents (groups of portions) it may not see,
// built from the same Visibility the documents were indexed with, and the
// same decision for one document read back (sight()).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "chancery/access.h"
#include "chancery/result.h"

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

// The documents the viewer may not see; nullopt when it sees everything.
// `db` is asked which controls occur in the index.
std::optional<Xapian::Query> hidden_documents(const Xapian::Database& db, const Sight& sight);

// What the viewer may see of one cable, from its documents in the index.
struct CableSight {
  bool any = false;      // some portion: the header block
  bool subject = false;  // its subject
  bool subject_classified = false;  // ... which is classified text for the viewer
};
Result<CableSight> cable_sight(const Xapian::Database& db, unsigned shards, std::int64_t key,
                               std::string_view id, const Sight& sight);

}  // namespace chancery::archive
