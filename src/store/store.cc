#include "store/store.h"

#include "store/codec.h"

namespace chancery::store {
namespace {

constexpr int kSchemaVersion = 1;

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cables(
  key INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  origin TEXT NOT NULL,
  current INTEGER NOT NULL,
  created TEXT NOT NULL,
  classification TEXT NOT NULL,
  subject TEXT NOT NULL,
  tags TEXT NOT NULL,
  series TEXT NOT NULL,
  UNIQUE(id, origin)
);
CREATE INDEX IF NOT EXISTS cables_series ON cables(series) WHERE series <> '';
CREATE TABLE IF NOT EXISTS versions(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  key INTEGER NOT NULL REFERENCES cables(key),
  version INTEGER NOT NULL,
  digest TEXT NOT NULL,
  ingested TEXT NOT NULL,
  source TEXT NOT NULL,
  format TEXT NOT NULL,
  raw BLOB NOT NULL,
  record BLOB NOT NULL,
  UNIQUE(key, version),
  UNIQUE(key, digest)
);
CREATE TABLE IF NOT EXISTS refs(
  key INTEGER NOT NULL REFERENCES cables(key),
  ordinal INTEGER NOT NULL,
  target TEXT NOT NULL,
  written TEXT NOT NULL,
  PRIMARY KEY(key, ordinal)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS refs_target ON refs(target);
)sql";

// Statement slots.
enum : std::size_t {
  kFindCable,
  kHasDigest,
  kHasDigestById,
  kInsertCable,
  kInsertVersion,
  kUpdateCable,
  kMaxVersion,
  kDeleteRefs,
  kInsertRef,
  kFindId,
  kCableByKey,
  kVersions,
  kRecord,
  kRaw,
  kMaxSeq,
  kRefsOf,
  kCitedBy,
  kSeries,
  kSlots
};

CableRow read_cable(const Statement& s) {
  CableRow row;
  row.key = s.column_int(0);
  row.id = s.column_text(1);
  row.origin = s.column_text(2);
  row.current = static_cast<int>(s.column_int(3));
  row.created = s.column_text(4);
  row.classification = s.column_text(5);
  row.subject = s.column_text(6);
  row.tags = s.column_text(7);
  row.series = s.column_text(8);
  return row;
}

constexpr std::string_view kCableColumns =
    "key, id, origin, current, created, classification, subject, tags, series";

}  // namespace

Result<Store> Store::open(const std::filesystem::path& file, bool create, bool read_only) {
  Result<Db> db = Db::open(file.string(), create, read_only);
  if (!db) return db.error();
  Store store(std::move(db).value());
  if (!read_only) {
    // WAL: readers never block the writer; synchronous=NORMAL keeps every
    // committed transaction through a crash of the process (kill -9), and
    // loses at most the last ones on power loss, never consistency.
    if (Result<void> r = store.db_.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"); !r) {
      return r.error();
    }
  }
  if (create) {
    if (Result<void> r = store.db_.exec(kSchema); !r) return r.error();
    if (Result<void> r = store.set_meta("schema", std::to_string(kSchemaVersion)); !r) {
      return r.error();
    }
  } else {
    Result<std::string> schema = store.meta("schema");
    if (!schema) return schema.error();
    if (*schema != std::to_string(kSchemaVersion)) {
      return Error{.code = Errc::kInvalidInput,
                   .message = "the store has schema version '" + *schema + "', this chancery reads " +
                              std::to_string(kSchemaVersion),
                   .where = file.string()};
    }
  }
  (void)store.db_.exec("PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;");
  store.statements_.resize(kSlots);
  return store;
}

Result<Statement*> Store::statement(std::size_t slot, std::string_view sql) {
  if (!statements_[slot]) {
    Result<Statement> s = db_.prepare(sql);
    if (!s) return s.error();
    statements_[slot] = std::make_unique<Statement>(std::move(s).value());
  }
  statements_[slot]->reset();
  return statements_[slot].get();
}

Result<std::string> Store::meta(std::string_view key) {
  Result<Statement> s = db_.prepare("SELECT value FROM meta WHERE key = ?");
  if (!s) return s.error();
  s->bind(1, key);
  Result<bool> row = s->step();
  if (!row) return row.error();
  if (!*row) {
    return Error{.code = Errc::kNotFound,
                 .message = "the store has no '" + std::string(key) + "' entry"};
  }
  return std::string(s->column_text(0));
}

Result<void> Store::set_meta(std::string_view key, std::string_view value) {
  Result<Statement> s = db_.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
  if (!s) return s.error();
  return s->bind(1, key).bind(2, value).run();
}

Result<Filed> Store::file(const NewVersion& v, std::string_view now) {
  Result<Statement*> find = statement(kFindCable, "SELECT key FROM cables WHERE id = ? AND origin = ?");
  if (!find) return find.error();
  (*find)->bind(1, v.id).bind(2, v.origin);
  Result<bool> found = (*find)->step();
  if (!found) return found.error();
  Filed filed;
  if (*found) {
    filed.key = (*find)->column_int(0);
    (*find)->reset();
    Result<Statement*> has =
        statement(kHasDigest, "SELECT version FROM versions WHERE key = ? AND digest = ?");
    if (!has) return has.error();
    (*has)->bind(1, filed.key).bind(2, v.digest);
    Result<bool> same = (*has)->step();
    if (!same) return same.error();
    if (*same) {
      filed.outcome = archive::Outcome::kUnchanged;
      filed.version = static_cast<int>((*has)->column_int(0));
      (*has)->reset();
      return filed;
    }
    Result<Statement*> max = statement(kMaxVersion, "SELECT max(version) FROM versions WHERE key = ?");
    if (!max) return max.error();
    (*max)->bind(1, filed.key);
    if (Result<bool> r = (*max)->step(); !r) return r.error();
    filed.version = static_cast<int>((*max)->column_int(0)) + 1;
    (*max)->reset();
    filed.outcome = archive::Outcome::kNewVersion;
    Result<Statement*> update = statement(
        kUpdateCable,
        "UPDATE cables SET current = ?, created = ?, classification = ?, subject = ?, tags = ?, "
        "series = ? WHERE key = ?");
    if (!update) return update.error();
    (*update)->bind(1, std::int64_t{filed.version}).bind(2, v.listing.created);
    (*update)->bind(3, v.listing.classification).bind(4, v.listing.subject);
    (*update)->bind(5, v.listing.tags).bind(6, v.listing.series).bind(7, filed.key);
    if (Result<void> r = (*update)->run(); !r) return r.error();
  } else {
    Result<Statement*> insert = statement(
        kInsertCable,
        "INSERT INTO cables(id, origin, current, created, classification, subject, tags, series) "
        "VALUES(?, ?, 1, ?, ?, ?, ?, ?)");
    if (!insert) return insert.error();
    (*insert)->bind(1, v.id).bind(2, v.origin).bind(3, v.listing.created);
    (*insert)->bind(4, v.listing.classification).bind(5, v.listing.subject);
    (*insert)->bind(6, v.listing.tags).bind(7, v.listing.series);
    if (Result<void> r = (*insert)->run(); !r) return r.error();
    filed.key = db_.last_insert_rowid();
    filed.version = 1;
    filed.outcome = archive::Outcome::kNew;
  }

  Result<Statement*> version = statement(
      kInsertVersion,
      "INSERT INTO versions(key, version, digest, ingested, source, format, raw, record) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
  if (!version) return version.error();
  (*version)->bind(1, filed.key).bind(2, std::int64_t{filed.version}).bind(3, v.digest);
  (*version)->bind(4, now).bind(5, v.source).bind(6, v.format);
  (*version)->bind_blob(7, v.raw_blob).bind_blob(8, v.record_blob);
  if (Result<void> r = (*version)->run(); !r) return r.error();

  // The reference edges follow the current version.
  Result<Statement*> del = statement(kDeleteRefs, "DELETE FROM refs WHERE key = ?");
  if (!del) return del.error();
  if (Result<void> r = (*del)->bind(1, filed.key).run(); !r) return r.error();
  Result<Statement*> ref =
      statement(kInsertRef, "INSERT INTO refs(key, ordinal, target, written) VALUES(?, ?, ?, ?)");
  if (!ref) return ref.error();
  std::int64_t ordinal = 0;
  for (const auto& [target, written] : v.refs) {
    (*ref)->bind(1, filed.key).bind(2, ordinal++).bind(3, target).bind(4, written);
    if (Result<void> r = (*ref)->run(); !r) return r.error();
  }
  return filed;
}

Result<bool> Store::has_digest(std::string_view id, std::string_view origin,
                               std::string_view digest) {
  Result<Statement*> s = statement(kHasDigestById,
                                   "SELECT 1 FROM cables c JOIN versions v ON v.key = c.key "
                                   "WHERE c.id = ? AND c.origin = ? AND v.digest = ?");
  if (!s) return s.error();
  (*s)->bind(1, id).bind(2, origin).bind(3, digest);
  Result<bool> row = (*s)->step();
  (*s)->reset();  // an open statement would hold a read snapshot and stall WAL checkpoints
  return row;
}

Result<std::vector<CableRow>> Store::find(std::string_view id) {
  Result<Statement*> s = statement(
      kFindId, "SELECT " + std::string(kCableColumns) + " FROM cables WHERE id = ? ORDER BY origin");
  if (!s) return s.error();
  (*s)->bind(1, id);
  std::vector<CableRow> rows;
  for (;;) {
    Result<bool> row = (*s)->step();
    if (!row) return row.error();
    if (!*row) break;
    rows.push_back(read_cable(**s));
  }
  return rows;
}

Result<std::optional<CableRow>> Store::cable(std::int64_t key) {
  Result<Statement*> s =
      statement(kCableByKey, "SELECT " + std::string(kCableColumns) + " FROM cables WHERE key = ?");
  if (!s) return s.error();
  (*s)->bind(1, key);
  Result<bool> row = (*s)->step();
  if (!row) return row.error();
  if (!*row) return std::optional<CableRow>();
  std::optional<CableRow> cable(read_cable(**s));
  (*s)->reset();
  return cable;
}

Result<std::vector<VersionRow>> Store::versions(std::int64_t key) {
  Result<Statement*> s = statement(
      kVersions,
      "SELECT seq, version, digest, ingested, source, format FROM versions WHERE key = ? "
      "ORDER BY version");
  if (!s) return s.error();
  (*s)->bind(1, key);
  std::vector<VersionRow> rows;
  for (;;) {
    Result<bool> row = (*s)->step();
    if (!row) return row.error();
    if (!*row) break;
    rows.push_back(VersionRow{.seq = (*s)->column_int(0),
                              .version = static_cast<int>((*s)->column_int(1)),
                              .digest = std::string((*s)->column_text(2)),
                              .ingested = std::string((*s)->column_text(3)),
                              .source = std::string((*s)->column_text(4)),
                              .format = std::string((*s)->column_text(5))});
  }
  return rows;
}

namespace {

// Reads a version's row through `read` (given the statement on that row).
template <typename Read>
Result<std::string> version_row(Result<Statement*> s, std::int64_t key, int version, Read read) {
  if (!s) return s.error();
  (*s)->bind(1, key).bind(2, std::int64_t{version});
  Result<bool> row = (*s)->step();
  if (!row) return row.error();
  if (!*row) {
    return Error{.code = Errc::kNotFound, .message = "no version " + std::to_string(version)};
  }
  Result<std::string> bytes = read(**s);
  (*s)->reset();
  return bytes;
}

// A record blob and the raw input it may be compressed against (codec.h).
Result<std::string> record_of(std::string_view record_blob, std::string_view raw_blob) {
  if (!record_needs_raw(record_blob)) return decompress_record(record_blob, {});
  Result<std::string> raw = decompress(raw_blob);
  if (!raw) return raw.error();
  return decompress_record(record_blob, *raw);
}

}  // namespace

Result<std::string> Store::record_json(std::int64_t key, int version) {
  return version_row(statement(kRecord, "SELECT record, raw FROM versions WHERE key = ? AND version = ?"),
                     key, version,
                     [](Statement& s) { return record_of(s.column_blob(0), s.column_blob(1)); });
}

Result<std::string> Store::raw(std::int64_t key, int version) {
  return version_row(statement(kRaw, "SELECT raw FROM versions WHERE key = ? AND version = ?"), key,
                     version, [](Statement& s) { return decompress(s.column_blob(0)); });
}

Result<std::int64_t> Store::max_seq() {
  Result<Statement*> s = statement(kMaxSeq, "SELECT coalesce(max(seq), 0) FROM versions");
  if (!s) return s.error();
  if (Result<bool> r = (*s)->step(); !r) return r.error();
  const std::int64_t seq = (*s)->column_int(0);
  (*s)->reset();
  return seq;
}

Result<std::int64_t> Store::count_cables() {
  Result<Statement> s = db_.prepare("SELECT count(*) FROM cables");
  if (!s) return s.error();
  if (Result<bool> r = s->step(); !r) return r.error();
  return s->column_int(0);
}

Result<std::int64_t> Store::count_versions() {
  Result<Statement> s = db_.prepare("SELECT count(*) FROM versions");
  if (!s) return s.error();
  if (Result<bool> r = s->step(); !r) return r.error();
  return s->column_int(0);
}

Result<void> Store::for_each_changed(
    std::int64_t after_seq,
    const std::function<bool(std::int64_t, std::string_view, std::string_view)>& fn) {
  Result<Statement> s = db_.prepare(
      "SELECT c.key, v.record, v.digest, v.raw FROM cables c JOIN versions v "
      "ON v.key = c.key AND v.version = c.current "
      "WHERE c.key IN (SELECT key FROM versions WHERE seq > ?) ORDER BY c.key");
  if (!s) return s.error();
  s->bind(1, after_seq);
  for (;;) {
    Result<bool> row = s->step();
    if (!row) return row.error();
    if (!*row) return {};
    Result<std::string> json = record_of(s->column_blob(1), s->column_blob(3));
    if (!json) return json.error();
    if (!fn(s->column_int(0), *json, s->column_text(2))) return {};
  }
}

Result<void> Store::for_each_cable(const std::function<bool(const CableRow&)>& fn) {
  Result<Statement> s =
      db_.prepare("SELECT " + std::string(kCableColumns) + " FROM cables ORDER BY key");
  if (!s) return s.error();
  for (;;) {
    Result<bool> row = s->step();
    if (!row) return row.error();
    if (!*row) return {};
    if (!fn(read_cable(*s))) return {};
  }
}

Result<std::vector<std::pair<std::string, std::string>>> Store::refs_of(std::int64_t key) {
  Result<Statement*> s =
      statement(kRefsOf, "SELECT target, written FROM refs WHERE key = ? ORDER BY ordinal");
  if (!s) return s.error();
  (*s)->bind(1, key);
  std::vector<std::pair<std::string, std::string>> refs;
  for (;;) {
    Result<bool> row = (*s)->step();
    if (!row) return row.error();
    if (!*row) return refs;
    refs.emplace_back((*s)->column_text(0), (*s)->column_text(1));
  }
}

namespace {

Result<std::vector<CableRow>> cable_rows(Result<Statement*> s) {
  if (!s) return s.error();
  std::vector<CableRow> rows;
  for (;;) {
    Result<bool> row = (*s)->step();
    if (!row) return row.error();
    if (!*row) return rows;
    rows.push_back(read_cable(**s));
  }
}

}  // namespace

Result<std::vector<CableRow>> Store::cited_by(std::string_view id) {
  Result<Statement*> s = statement(
      kCitedBy,
      "SELECT DISTINCT c.key, c.id, c.origin, c.current, c.created, c.classification, c.subject, "
      "c.tags, c.series FROM refs r JOIN cables c ON c.key = r.key WHERE r.target = ? "
      "ORDER BY c.created, c.id");
  if (!s) return s.error();
  (*s)->bind(1, id);
  return cable_rows(s);
}

Result<std::vector<CableRow>> Store::series(std::string_view series, std::int64_t except_key) {
  Result<Statement*> s = statement(
      kSeries, "SELECT " + std::string(kCableColumns) +
                   " FROM cables WHERE series = ? AND series <> '' AND key <> ? "
                   "ORDER BY subject, id");  // "<> ''" lets SQLite use the partial index
  if (!s) return s.error();
  (*s)->bind(1, series).bind(2, except_key);
  return cable_rows(s);
}

}  // namespace chancery::store
