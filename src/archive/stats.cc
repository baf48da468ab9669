// stats(): counts over the current version of every cable.

#include <algorithm>
#include <map>

#include "archive/facets.h"
#include "archive/impl.h"
#include "index/xapian_error.h"
#include "chancery/archive.h"

namespace chancery::archive {
namespace {

using Counts = std::vector<std::pair<std::string, std::uint64_t>>;

Counts most_first(const std::map<std::string, std::uint64_t>& counts) {
  Counts out(counts.begin(), counts.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

}  // namespace

Result<Stats> Archive::stats(const Viewer& viewer) {
  const Sight sight = impl_->sight(viewer);
  // For a filtered viewer, the cables it may see something of: those the
  // access decider lets through, every one visited.
  std::optional<FacetCounter> seen;
  if (!sight.everything()) {
    Result<Xapian::Database*> db = impl_->index();
    if (!db) return db.error();
    Result<const FacetColumns*> columns = impl_->facet_columns();
    if (!columns) return columns.error();
    Result<const AccessTable*> table = impl_->access_table();
    if (!table) return table.error();
    const AccessDecider decider(**table, **db, impl_->shards, sight);
    seen.emplace(**columns, std::vector<FacetKind>{});
    Result<void> matched = count_matches(impl_->shard_readers, Xapian::Query::MatchAll, &decider, *seen, true);
    if (!matched) return matched.error();
  }
  std::map<std::string, std::uint64_t> years, origins, classes, tags;
  Stats stats;
  std::uint64_t versions_seen = 0;
  Result<void> walked = impl_->store.for_each_cable([&](const store::CableRow& row) {
    if (seen && !seen->seen(row.key)) return true;
    if (seen) versions_seen += static_cast<std::uint64_t>(row.current);
    ++stats.cables;
    ++years[row.created.size() >= 4 ? row.created.substr(0, 4) : "unknown"];
    ++origins[row.origin.empty() ? "unknown" : row.origin];
    ++classes[row.classification.empty() ? "unknown" : row.classification];
    store::for_each_tag(row.tags, [&](std::string_view t) { ++tags[std::string(t)]; });
    return true;
  });
  if (!walked) return walked.error();
  if (seen) {
    stats.versions = versions_seen;  // versions are numbered 1..current
  } else {
    Result<std::int64_t> versions = impl_->store.count_versions();
    if (!versions) return versions.error();
    stats.versions = static_cast<std::uint64_t>(*versions);
  }
  stats.by_year.assign(years.begin(), years.end());
  stats.by_origin = most_first(origins);
  stats.by_classification = most_first(classes);
  stats.by_tag = most_first(tags);
  return stats;
}

}  // namespace chancery::archive
