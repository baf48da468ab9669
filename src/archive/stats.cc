// stats(): counts over the current version of every cable.

#include <algorithm>
#include <map>

#include "archive/impl.h"
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

Result<Stats> Archive::stats() {
  std::map<std::string, std::uint64_t> years, origins, classes, tags;
  Stats stats;
  Result<void> walked = impl_->store.for_each_cable([&](const store::CableRow& row) {
    ++stats.cables;
    ++years[row.created.size() >= 4 ? row.created.substr(0, 4) : "unknown"];
    ++origins[row.origin.empty() ? "unknown" : row.origin];
    ++classes[row.classification.empty() ? "unknown" : row.classification];
    store::for_each_tag(row.tags, [&](std::string_view t) { ++tags[std::string(t)]; });
    return true;
  });
  if (!walked) return walked.error();
  Result<std::int64_t> versions = impl_->store.count_versions();
  if (!versions) return versions.error();
  stats.versions = static_cast<std::uint64_t>(*versions);
  stats.by_year.assign(years.begin(), years.end());
  stats.by_origin = most_first(origins);
  stats.by_classification = most_first(classes);
  stats.by_tag = most_first(tags);
  return stats;
}

}  // namespace chancery::archive
