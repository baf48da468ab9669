// refs(): the reference graph around one cable, from the store's edges.

#include "archive/impl.h"
#include "chancery/archive.h"

namespace chancery::archive {
namespace {

RefEntry entry_of(const store::CableRow& row, std::string written) {
  return RefEntry{.id = row.id,
                  .origin = row.origin,
                  .subject = row.subject,
                  .created = row.created,
                  .text = std::move(written)};
}

}  // namespace

Result<RefGraph> Archive::refs(std::string_view id, std::optional<std::string_view> origin) {
  Result<StoredCable> cable = get(id, origin);
  if (!cable) return cable.error();
  store::Store& store = impl_->store;
  RefGraph graph{.id = cable->record.id.value_or(""),
                 .origin = cable->record.origin.value_or(""),
                 .cites = {},
                 .cited_by = {},
                 .missing = {},
                 .series = {}};
  Result<std::vector<std::pair<std::string, std::string>>> cited = store.refs_of(cable->key);
  if (!cited) return cited.error();
  for (const auto& [target, written] : *cited) {
    Result<std::vector<store::CableRow>> found = store.find(target);
    if (!found) return found.error();
    if (found->empty()) {
      RefEntry missing{.id = target, .origin = {}, .subject = {}, .created = {}, .text = written};
      graph.cites.push_back(missing);
      graph.missing.push_back(std::move(missing));
      continue;
    }
    // The same id from several origins: the one from the citing cable's
    // origin is meant when there is one (a post cites its own series).
    const store::CableRow* best = &found->front();
    for (const store::CableRow& row : *found) {
      if (row.origin == graph.origin) best = &row;
    }
    graph.cites.push_back(entry_of(*best, written));
  }
  Result<std::vector<store::CableRow>> citing = store.cited_by(graph.id);
  if (!citing) return citing.error();
  for (const store::CableRow& row : *citing) graph.cited_by.push_back(entry_of(row, ""));
  Result<std::optional<store::CableRow>> self = store.cable(cable->key);
  if (!self) return self.error();
  if (*self && !(*self)->series.empty()) {
    Result<std::vector<store::CableRow>> parts = store.series((*self)->series, cable->key);
    if (!parts) return parts.error();
    for (const store::CableRow& row : *parts) graph.series.push_back(entry_of(row, ""));
  }
  return graph;
}

}  // namespace chancery::archive
