// What an Archive holds: the store connection, the index (opened when first
// searched) and the facet columns (loaded when first counted).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include <xapian.h>

#include "archive/access_filter.h"
#include "archive/facets.h"
#include "archive/text_cache.h"
#include "chancery/archive.h"
#include "chancery/audit.h"
#include "store/store.h"

namespace chancery::archive {

struct Archive::Impl {
  Impl(std::filesystem::path d, store::Store s) : dir(std::move(d)), store(std::move(s)) {}

  std::filesystem::path dir;
  store::Store store;
  bool read_only = false;
  unsigned shards = 2;
  std::optional<Xapian::Database> reader;
  std::vector<Xapian::Database> shard_readers;  // each shard of `reader` alone (the same tables)
  bool phrase_pairs = false;      // every shard of `reader` holds phrase_pairs.h's pairs
  std::int64_t reader_seq = -1;  // store max_seq when `reader` and `columns` were loaded
  bool index_lags = false;       // the index `reader` sees is behind reader_seq
  std::unique_ptr<FacetColumns> columns;
  std::unique_ptr<AccessTable> visibilities;  // of `reader`, loaded at the first filtered search
  access::Policy policy = access::Policy::defaults();
  std::shared_ptr<audit::AuditLog> audit_log;  // opened at the first audited read (shared_audit_log)
  TextCache snippet_texts{16u << 20};          // of the index's current versions
  // Hits' listings (a document's data, by combined docid): Xapian inflates
  // each from zlib at every read (9% of a loaded server's CPU, perf).
  TextCache listings{8u << 20};

  std::filesystem::path index_dir() const { return dir / "index"; }
  // The index for reading, reopened when the store moved on since.
  Result<Xapian::Database*> index();
  // Sets phrase_pairs from the shards' metadata.
  Result<void> read_phrase_pairs();
  Result<const FacetColumns*> facet_columns();
  Result<const AccessTable*> access_table();
  // Drops everything read from (or keyed by) the index as it was opened.
  void forget_index_caches() {
    columns.reset();
    visibilities.reset();
    snippet_texts.clear();
    listings.clear();
  }
  // Brings the index up to the store (what a crash left behind).
  Result<void> catch_up();
  // The viewer resolved against the policy and the clock.
  Sight sight(const Viewer& viewer) const {
    return Sight{.reader = viewer.reader,
                 .policy = policy,
                 .as_of = viewer.as_of.empty() ? access::today() : viewer.as_of};
  }
  // Reads access.json (the defaults when there is none).
  Result<void> load_policy();
  // The cables with this id the viewer may see something of.
  Result<std::vector<store::CableRow>> visible_rows(const std::string& id, const Sight& sight);
  // Appends to the audit log when what a read returns holds classified
  // text: `portions` names it ("07TELAVIV557: subject,1,2"); "" is nothing.
  Result<void> audit(const Sight& sight, std::string_view action, std::string_view target,
                     std::string_view portions);
  // The same for one cable read (show, diff, export).
  Result<void> audit_read(const Sight& sight, std::string_view action,
                          const StoredCable& cable, const access::CableAccess& access,
                          const std::vector<bool>& visible);
};

std::filesystem::path store_path(const std::filesystem::path& dir);
std::filesystem::path policy_path(const std::filesystem::path& dir);

// "ID is not in the archive": the same words for an absent cable and one the
// viewer may see nothing of.
Error not_in_archive(std::string_view id, std::optional<std::string_view> origin);
// The row of `rows` (one id's cables) from `origin`, or the only one when no
// origin is given. Errors: kConflict naming the origins when several
// qualify, kNotFound when none does.
Result<store::CableRow> choose_row(std::vector<store::CableRow> rows, std::string_view id,
                                   std::optional<std::string_view> origin);

}  // namespace chancery::archive
