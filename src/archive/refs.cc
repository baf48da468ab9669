// refs(): the reference graph around one cable, from the store's edges, as
// the viewer sees it: a cable it may see nothing of is, for it, not in the
// archive (so a cited one is "missing"), and a withheld subject is null.

#include "archive/impl.h"
#include "chancery/archive.h"
#include "core/text.h"

namespace chancery::archive {
Result<RefGraph> Archive::refs(std::string_view id, std::optional<std::string_view> origin,
                               const Viewer& viewer) {
  const Sight sight = impl_->sight(viewer);
  store::Store& store = impl_->store;
  Result<Xapian::Database*> db = impl_->index();
  if (!db) return db.error();

  std::string audited;  // classified subjects returned, for the audit log

  // The entry of a cable of the archive, or nullopt when the viewer may see none of it.
  const auto entry_of = [&](const store::CableRow& row, std::string written) -> Result<std::optional<RefEntry>> {
    Result<CableSight> seen = cable_sight(**db, impl_->shards, row.key, row.id, sight);
    if (!seen) return seen.error();
    if (!seen->any) return std::optional<RefEntry>();
    const bool subject = seen->subject;
    if (seen->subject_classified) audited += (audited.empty() ? "" : ",") + row.id + " subject";
    return std::optional<RefEntry>(RefEntry{.id = row.id,
                                            .origin = row.origin,
                                            .subject = subject ? std::optional(row.subject) : std::nullopt,
                                            .created = row.created,
                                            .text = std::move(written)});
  };
  const auto visible = [&](std::vector<store::CableRow> rows, std::vector<RefEntry>& out) -> Result<void> {
    for (const store::CableRow& row : rows) {
      Result<std::optional<RefEntry>> entry = entry_of(row, "");
      if (!entry) return entry.error();
      if (*entry) out.push_back(std::move(**entry));
    }
    return {};
  };

  Result<std::vector<store::CableRow>> rows = impl_->visible_rows(text::upper(id), sight);
  if (!rows) return rows.error();
  Result<store::CableRow> chosen = choose_row(std::move(rows).value(), id, origin);
  if (!chosen) return chosen.error();
  const store::CableRow* self = &*chosen;
  RefGraph graph{.id = self->id, .origin = self->origin, .cites = {}, .cited_by = {}, .missing = {}, .series = {}};
  Result<std::vector<std::pair<std::string, std::string>>> cited = store.refs_of(self->key);
  if (!cited) return cited.error();
  for (const auto& [target, written] : *cited) {
    Result<std::vector<store::CableRow>> found = impl_->visible_rows(target, sight);
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
    Result<std::optional<RefEntry>> entry = entry_of(*best, written);
    if (!entry) return entry.error();
    if (*entry) graph.cites.push_back(std::move(**entry));
  }
  Result<std::vector<store::CableRow>> citing = store.cited_by(graph.id);
  if (!citing) return citing.error();
  if (Result<void> r = visible(std::move(citing).value(), graph.cited_by); !r) return r.error();
  // A series is read from subjects ("(cable 2 of 4)"): listed only when the
  // viewer may see this cable's subject, and only the parts whose subject it
  // may see.
  Result<CableSight> self_sight = cable_sight(**db, impl_->shards, self->key, self->id, sight);
  if (!self_sight) return self_sight.error();
  if (!self->series.empty() && self_sight->subject) {
    Result<std::vector<store::CableRow>> parts = store.series(self->series, self->key);
    if (!parts) return parts.error();
    std::vector<RefEntry> listed;
    if (Result<void> r = visible(std::move(parts).value(), listed); !r) return r.error();
    for (RefEntry& e : listed) {
      if (e.subject) graph.series.push_back(std::move(e));
    }
  }
  if (Result<void> r = impl_->audit(sight, "refs", graph.id + " " + graph.origin, audited); !r) return r.error();
  return graph;
}

}  // namespace chancery::archive
