// Opening and creating archives, reading cables back, and keeping the index
// level with the store.

#include "chancery/archive.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <system_error>

#include "archive/impl.h"
#include "archive/prepare.h"
#include "chancery/search.h"
#include "core/diff.h"
#include "core/text.h"
#include "index/document.h"
#include "index/index_terms.h"
#include "index/shards.h"
#include "index/tokenizer.h"
#include "index/xapian_error.h"

namespace chancery::archive {

namespace fs = std::filesystem;

fs::path default_archive_dir() {
  const char* env = std::getenv("CHANCERY_ARCHIVE");
  return env != nullptr && *env != '\0' ? fs::path(env) : fs::path("archive");
}

fs::path store_path(const fs::path& dir) { return dir / "store.sqlite"; }

namespace {
// The index's vocabulary version (store meta "index_format"): 2 indexes a
// document per group of portions with access terms (document.h); 3 indexes
// stems only (index_terms.h).
constexpr std::string_view kIndexFormat = "3";
}  // namespace

Archive::Archive(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Archive::Archive(Archive&&) noexcept = default;
Archive& Archive::operator=(Archive&&) noexcept = default;
Archive::~Archive() = default;

const fs::path& Archive::dir() const { return impl_->dir; }

Result<Archive> Archive::create(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return Error{.code = Errc::kConflict,
                 .message = fs::exists(store_path(dir)) ? "an archive is already there"
                                                        : "the directory is not empty",
                 .where = dir.string(),
                 .hint = "choose a new or empty directory"};
  }
  fs::create_directories(dir / "index", ec);
  if (ec) {
    return Error{.code = Errc::kIo, .message = "cannot create: " + ec.message(), .where = dir.string()};
  }
  Result<store::Store> store = store::Store::open(store_path(dir), true, false);
  if (!store) return store.error();
  if (Result<void> r = store->set_meta("shards", std::to_string(index::kDefaultShards)); !r) {
    return r.error();
  }
  if (Result<void> r = store->set_meta("index_format", std::string(kIndexFormat)); !r) {
    return r.error();
  }
  Result<std::unique_ptr<index::ShardWriter>> shards =
      index::ShardWriter::open(dir / "index", index::kDefaultShards, true);
  if (!shards) return shards.error();
  if (Result<void> r = (*shards)->commit(); !r) return r.error();
  auto impl = std::make_unique<Impl>(dir, std::move(store).value());
  impl->shards = index::kDefaultShards;
  return Archive(std::move(impl));
}

Result<Archive> Archive::open(const fs::path& dir, bool read_only, IndexUpkeep upkeep) {
  if (!fs::exists(store_path(dir))) {
    return Error{.code = Errc::kNotFound, .message = "no archive here", .where = dir.string()};
  }
  Result<store::Store> store = store::Store::open(store_path(dir), false, read_only);
  if (!store) {
    store.error().where = dir.string();
    return store.error();
  }
  Result<std::string> shards = store->meta("shards");
  if (!shards) return shards.error();
  auto impl = std::make_unique<Impl>(dir, std::move(store).value());
  impl->read_only = read_only;
  impl->shards = static_cast<unsigned>(std::max(1, std::atoi(shards->c_str())));
  if (Result<void> r = impl->load_policy(); !r) return r.error();
  // An archive made before the entry existed has none: its index is stale.
  Result<std::string> format = impl->store.meta("index_format");
  if (!format && format.error().code != Errc::kNotFound) return format.error();
  const bool stale = !format || *format != kIndexFormat;
  if (read_only || upkeep == IndexUpkeep::kNone) return Archive(std::move(impl));
  if (!stale) {
    if (Result<void> r = impl->catch_up(); !r) return r.error();
  }
  Archive archive(std::move(impl));
  if (stale) {
    // An index written by an earlier version of the vocabulary: rebuilt
    // from the store, as `chancery reindex` would.
    if (Result<void> r = archive.reindex(); !r) return r.error();
  }
  return archive;
}

Result<void> Archive::Impl::catch_up() {
  Result<std::int64_t> max_seq = store.max_seq();
  if (!max_seq) return max_seq.error();
  const bool missing = !fs::exists(index::shard_path(index_dir(), 0));
  if (!missing) {
    Result<std::vector<std::int64_t>> seqs = index::committed_seqs(index_dir(), shards);
    if (seqs && *std::min_element(seqs->begin(), seqs->end()) >= *max_seq) return {};
  }
  Result<std::unique_ptr<index::ShardWriter>> writer =
      index::ShardWriter::open(index_dir(), shards, missing);
  if (!writer) {
    // Another process is writing: it brings the index up itself.
    if (writer.error().code == Errc::kUnavailable) return {};
    return writer.error();
  }
  const std::vector<std::int64_t>& from = (*writer)->opened_seqs();
  const std::int64_t after = *std::min_element(from.begin(), from.end());
  index::Tokenizer tokenizer;
  std::optional<Error> failure;
  Result<void> walked = store.for_each_changed(
      after, [&](std::int64_t key, std::string_view json, std::string_view digest) {
        Result<Cable> cable = from_json(json);
        if (!cable) {
          failure = cable.error();
          return false;
        }
        (*writer)->replace(key, documents_of(*cable, digest, tokenizer), /*replacing=*/true);
        return true;
      });
  if (!walked) return walked.error();
  if (failure) return *failure;
  (*writer)->mark(*max_seq);
  return (*writer)->commit();
}

Result<void> Archive::catch_up() {
  if (impl_->read_only) {
    return Error{.code = Errc::kDenied, .message = "the archive was opened read-only"};
  }
  return impl_->catch_up();
}

Result<void> Archive::reindex(
    const std::function<void(std::uint64_t done, std::uint64_t total)>& progress) {
  if (impl_->read_only) {
    return Error{.code = Errc::kDenied, .message = "the archive was opened read-only"};
  }
  impl_->reader.reset();
  // Build the new index beside the old one and swap, so that a crash midway
  // leaves a usable archive (the old index, caught up at the next open).
  const fs::path fresh = impl_->dir / "index.new";
  std::error_code ec;
  fs::remove_all(fresh, ec);
  Result<std::unique_ptr<index::ShardWriter>> writer =
      index::ShardWriter::open(fresh, impl_->shards, true);
  if (!writer) return writer.error();
  Result<std::int64_t> max_seq = impl_->store.max_seq();
  if (!max_seq) return max_seq.error();
  Result<std::int64_t> total = impl_->store.count_cables();
  if (!total) return total.error();
  index::Tokenizer tokenizer;
  std::optional<Error> failure;
  std::uint64_t done = 0;
  Result<void> walked = impl_->store.for_each_changed(
      0, [&](std::int64_t key, std::string_view json, std::string_view digest) {
        Result<Cable> cable = from_json(json);
        if (!cable) {
          failure = cable.error();
          return false;
        }
        (*writer)->replace(key, documents_of(*cable, digest, tokenizer), /*replacing=*/false);
        if (progress && (++done % 1000 == 0)) progress(done, static_cast<std::uint64_t>(*total));
        return true;
      });
  if (!walked) return walked.error();
  if (failure) return *failure;
  (*writer)->mark(*max_seq);
  if (Result<void> r = (*writer)->commit(); !r) return r;
  writer->reset();
  const fs::path old = impl_->dir / "index.old";
  fs::remove_all(old, ec);
  fs::rename(impl_->index_dir(), old, ec);
  fs::rename(fresh, impl_->index_dir(), ec);
  if (ec) return Error{.code = Errc::kIo, .message = "cannot replace the index: " + ec.message()};
  if (Result<void> r = impl_->store.set_meta("index_format", std::string(kIndexFormat)); !r) return r;
  fs::remove_all(old, ec);
  if (progress) progress(static_cast<std::uint64_t>(*total), static_cast<std::uint64_t>(*total));
  return {};
}

Result<Xapian::Database*> Archive::Impl::index() {
  Result<std::int64_t> seq = store.max_seq();
  if (!seq) return seq.error();
  // Whether the index (as opened) holds less than the store: a send or
  // another process filed cables and the index has not caught up yet.
  auto lags = [&]() -> bool {
    Result<std::vector<std::int64_t>> seqs = index::committed_seqs(index_dir(), shards);
    return !seqs || seqs->empty() || *std::min_element(seqs->begin(), seqs->end()) < *seq;
  };
  if (!reader || *seq != reader_seq) {
    Result<Xapian::Database> db = index::open_reader(index_dir(), shards, &shard_readers);
    if (!db) return db.error();
    reader = std::move(db).value();
    forget_index_caches();
    reader_seq = *seq;
    index_lags = lags();
    if (Result<void> r = read_phrase_pairs(); !r) return r.error();
  } else if (index_lags) {
    // The store is where it was, but the index was behind it: look again
    // (Xapian's reopen() is cheap when nothing changed), or this handle
    // would read the old index until the store next moves.
    Result<bool> changed = index::guard("reopening the index", [&]() -> Result<bool> { return reader->reopen(); });
    if (!changed) return changed.error();
    if (*changed) {
      forget_index_caches();
      index_lags = lags();
      if (Result<void> r = read_phrase_pairs(); !r) return r.error();
    }
  }
  return &*reader;
}

Result<void> Archive::Impl::read_phrase_pairs() {
  return index::guard("reading the index", [&]() -> Result<void> {
    phrase_pairs = index::has_phrase_pairs(shard_readers);
    return {};
  });
}

Result<const FacetColumns*> Archive::Impl::facet_columns() {
  if (Result<Xapian::Database*> db = index(); !db) return db.error();
  if (!columns) {
    Result<FacetColumns> loaded = FacetColumns::load(store);
    if (!loaded) return loaded.error();
    columns = std::make_unique<FacetColumns>(std::move(loaded).value());
  }
  return columns.get();
}

Result<const AccessTable*> Archive::Impl::access_table() {
  Result<Xapian::Database*> db = index();
  if (!db) return db.error();
  if (!visibilities) {
    Result<AccessTable> loaded = AccessTable::load(**db, shards);
    if (!loaded) return loaded.error();
    visibilities = std::make_unique<AccessTable>(std::move(loaded).value());
  }
  return visibilities.get();
}

namespace {

std::vector<VersionInfo> version_infos(const std::vector<store::VersionRow>& rows) {
  std::vector<VersionInfo> infos;
  for (const store::VersionRow& r : rows) {
    infos.push_back(VersionInfo{.version = r.version,
                                .digest = r.digest,
                                .ingested = r.ingested,
                                .source = r.source,
                                .format = r.format});
  }
  return infos;
}

}  // namespace

Error not_in_archive(std::string_view id, std::optional<std::string_view> origin) {
  return Error{.code = Errc::kNotFound,
               .message = origin ? std::string(id) + " from " + std::string(*origin) + " is not in the archive"
                                 : std::string(id) + " is not in the archive"};
}

Result<store::CableRow> choose_row(std::vector<store::CableRow> rows, std::string_view id,
                                   std::optional<std::string_view> origin) {
  std::optional<std::size_t> chosen;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (origin && rows[i].origin != *origin) continue;
    if (chosen) {
      std::string origins;
      for (const store::CableRow& o : rows) origins += (origins.empty() ? "" : ", ") + o.origin;
      return Error{.code = Errc::kConflict,
                   .message = std::string(id) + " exists from several origins: " + origins,
                   .hint = "choose one with --origin"};
    }
    chosen = i;
  }
  if (!chosen) return not_in_archive(id, origin);
  return std::move(rows[*chosen]);
}

Result<std::vector<StoredCable>> Archive::find(std::string_view id, const Viewer& viewer) {
  Result<std::vector<store::CableRow>> rows = impl_->visible_rows(text::upper(id), impl_->sight(viewer));
  if (!rows) return rows.error();
  std::vector<StoredCable> cables;
  for (const store::CableRow& row : *rows) {
    Result<StoredCable> cable = get(row.id, row.origin, {}, false, viewer);
    if (!cable) return cable.error();
    cables.push_back(std::move(cable).value());
  }
  return cables;
}

Result<std::vector<store::CableRow>> Archive::Impl::visible_rows(const std::string& id,
                                                                 const Sight& sight) {
  Result<std::vector<store::CableRow>> rows = store.find(id);
  if (!rows || sight.everything()) return rows;
  Result<Xapian::Database*> db = index();
  if (!db) return db.error();
  std::vector<store::CableRow> visible;
  for (store::CableRow& row : *rows) {
    Result<CableSight> seen = cable_sight(**db, shards, row.key, row.id, sight);
    if (!seen) return seen.error();
    if (seen->any) visible.push_back(std::move(row));
  }
  return visible;
}

Result<StoredCable> Archive::get(std::string_view id, std::optional<std::string_view> origin,
                                 std::optional<int> version, bool with_raw, const Viewer& viewer) {
  const Sight sight = impl_->sight(viewer);
  Result<std::vector<store::CableRow>> rows = impl_->visible_rows(text::upper(id), sight);
  if (!rows) return rows.error();
  const Error absent = not_in_archive(id, origin);
  Result<store::CableRow> chosen = choose_row(std::move(rows).value(), id, origin);
  if (!chosen) return chosen.error();
  const store::CableRow* row = &*chosen;
  Result<std::vector<store::VersionRow>> versions = impl_->store.versions(row->key);
  if (!versions) return versions.error();
  const int wanted = version.value_or(row->current);
  if (wanted < 1 || wanted > static_cast<int>(versions->size())) {
    return Error{.code = Errc::kNotFound,
                 .message = row->id + " has no version " + std::to_string(wanted) + " (it has " +
                            std::to_string(versions->size()) + ")"};
  }
  Result<std::string> json = impl_->store.record_json(row->key, wanted);
  if (!json) return json.error();
  Result<Cable> record = from_json(*json);
  if (!record) return record.error();

  // The version's own markings decide (a version may be marked otherwise).
  const access::CableAccess access = access::access_of(*record);
  std::vector<bool> visible;
  std::vector<PortionView> portions;
  for (const access::Portion& p : access.portions) {
    visible.push_back(sight.may_see(p.visibility, row->id));
    portions.push_back(PortionView{
        .kind = p.kind,
        .number = p.kind == access::Portion::Kind::kParagraph ? record->paragraphs[p.paragraph].number : "",
        .marking = access::format_marking(p.marking),
        .inherited = p.inherited,
        .withheld = !visible.back()});
  }
  const bool any = std::find(visible.begin(), visible.end(), true) != visible.end();
  const bool all = std::find(visible.begin(), visible.end(), false) == visible.end();
  if (!any) {
    if (!version) return absent;
    return Error{.code = Errc::kNotFound,
                 .message = "version " + std::to_string(wanted) + " of " + row->id + " is withheld"};
  }
  if (with_raw) {
    if (!all) {
      return Error{.code = Errc::kDenied,
                   .message = "the raw input of " + row->id + " holds portions withheld from you",
                   .hint = "show it without --raw"};
    }
    Result<std::string> raw = impl_->store.raw(row->key, wanted);
    if (!raw) return raw.error();
    record->raw = RawText{.header = {}, .body = std::move(raw).value()};
  }
  StoredCable cable{.key = row->key,
                    .version = wanted,
                    .versions = version_infos(*versions),
                    .record = all ? std::move(record).value() : access::redact(*record, access, visible),
                    .portions = std::move(portions),
                    .redacted = !all,
                    .overall = access::format_marking(access.overall)};
  if (Result<void> r = impl_->audit_read(sight, "show", cable, access, visible); !r) return r.error();
  return cable;
}

Result<std::string> Archive::diff(std::string_view id, std::optional<std::string_view> origin,
                                  int from, int to, const Viewer& viewer) {
  Result<StoredCable> a = get(id, origin, from, false, viewer);
  if (!a) return a.error();
  Result<StoredCable> b = get(id, origin, to, false, viewer);
  if (!b) return b.error();
  const std::string name = a->record.id.value_or(std::string(id));
  return diff::unified_diff(a->record.body, b->record.body,
                            name + " version " + std::to_string(from),
                            name + " version " + std::to_string(to));
}

Result<CheckReport> Archive::check() {
  CheckReport report;
  Result<store::Statement> integrity = impl_->store.db().prepare("PRAGMA integrity_check");
  if (!integrity) return integrity.error();
  for (;;) {
    Result<bool> row = integrity->step();
    if (!row) return row.error();
    if (!*row) break;
    if (integrity->column_text(0) != "ok") {
      report.problems.push_back("store: " + std::string(integrity->column_text(0)));
    }
  }
  Result<Xapian::Database*> db = impl_->index();
  if (!db) return db.error();
  Result<std::vector<std::int64_t>> seqs = index::committed_seqs(impl_->index_dir(), impl_->shards);
  if (!seqs) return seqs.error();
  Result<std::int64_t> max_seq = impl_->store.max_seq();
  if (!max_seq) return max_seq.error();
  for (std::size_t s = 0; s < seqs->size(); ++s) {
    if ((*seqs)[s] != *max_seq) {
      report.problems.push_back("index shard " + std::to_string(s) + " is at store sequence " +
                                std::to_string((*seqs)[s]) + ", the store at " +
                                std::to_string(*max_seq));
    }
  }
  // Every cable has its current version's document, and the index has
  // nothing else.
  Result<store::Statement> current = impl_->store.db().prepare(
      "SELECT c.key, c.id, v.digest FROM cables c JOIN versions v "
      "ON v.key = c.key AND v.version = c.current ORDER BY c.key");
  if (!current) return current.error();
  std::uint64_t documents = 0;
  Result<void> walked = index::guard("checking the index", [&]() -> Result<void> {
    for (;;) {
      Result<bool> row = current->step();
      if (!row) return row.error();
      if (!*row) break;
      ++report.cables;
      const std::int64_t key = current->column_int(0);
      const std::string id(current->column_text(1));
      // The cable's documents are groups 0, 1, ... without gaps; a document
      // past a gap shows in the count below.
      unsigned groups = 0;
      bool stale = false;
      for (; groups < index::kDocsPerKey; ++groups) {
        try {
          const Xapian::Document doc =
              (*db)->get_document(index::combined_docid(key, groups, impl_->shards));
          stale = stale || doc.get_value(index::terms::kSlotDigest) != current->column_text(2) ||
                  doc.get_value(index::terms::kSlotKey) != index::encode_key(key);
        } catch (const Xapian::DocNotFoundError&) {
          break;
        }
      }
      if (groups == 0) {
        report.problems.push_back("index: " + id + " is missing");
      } else {
        ++report.indexed;
        documents += groups;
        if (stale) report.problems.push_back("index: " + id + " is indexed at another version");
      }
    }
    if ((*db)->get_doccount() != documents) {
      report.problems.push_back("index: " + std::to_string((*db)->get_doccount() - documents) +
                                " documents for no cable of the store");
    }
    return {};
  });
  if (!walked) return walked.error();
  return report;
}

}  // namespace chancery::archive
