#include "fts5_baseline.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "chancery/parse.h"
#include "chancery/source.h"

namespace chancery::bench {
namespace {

namespace fs = std::filesystem;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A connection, closed on scope exit.
struct Connection {
  sqlite3* db = nullptr;
  Connection() = default;
  Connection(Connection&& o) noexcept : db(std::exchange(o.db, nullptr)) {}
  Connection& operator=(Connection&& o) noexcept {
    std::swap(db, o.db);
    return *this;
  }
  ~Connection() {
    if (db != nullptr) sqlite3_close_v2(db);
  }
};

Error sqlite_error(sqlite3* db, std::string_view doing) {
  return Error{.code = Errc::kIo,
               .message = fmt::format("fts5 baseline: {}: {}", doing,
                                      db != nullptr ? sqlite3_errmsg(db) : "out of memory")};
}

Result<Connection> open_db(const fs::path& path, bool create) {
  Connection c;
  int flags = create ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READONLY;
  if (sqlite3_open_v2(path.c_str(), &c.db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    return sqlite_error(c.db, fmt::format("opening {}", path.string()));
  }
  return c;
}

Result<void> exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    Error e{.code = Errc::kIo,
            .message = fmt::format("fts5 baseline: {}: {}", sql.substr(0, 60),
                                   message != nullptr ? message : "?")};
    sqlite3_free(message);
    return e;
  }
  return {};
}

// A prepared statement, finalized on scope exit.
class Stmt {
 public:
  Stmt() = default;
  Stmt(Stmt&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  Stmt& operator=(Stmt&& o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~Stmt() { sqlite3_finalize(s_); }

  static Result<Stmt> prepare(sqlite3* db, const std::string& sql) {
    Stmt s;
    if (sqlite3_prepare_v3(db, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &s.s_, nullptr) != SQLITE_OK) {
      return sqlite_error(db, fmt::format("preparing \"{}\"", sql));
    }
    return s;
  }

  // Text is bound without a copy (SQLITE_STATIC): it must outlive step().
  void bind(int i, std::string_view text) {
    sqlite3_bind_text(s_, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  }
  void bind(int i, std::int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void bind(int i, const std::optional<std::string>& text) {
    if (text) {
      bind(i, std::string_view(*text));
    } else {
      sqlite3_bind_null(s_, i);
    }
  }
  // SQLITE_ROW: true; SQLITE_DONE: false.
  Result<bool> step() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sqlite_error(sqlite3_db_handle(s_), "step");
  }
  Result<void> run() {
    auto r = step();
    reset();
    if (!r) return r.error();
    return {};
  }
  void reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  std::int64_t int_at(int i) const { return sqlite3_column_int64(s_, i); }
  double double_at(int i) const { return sqlite3_column_double(s_, i); }
  std::string text_at(int i) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, i));
    return p != nullptr ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, i)))
                        : std::string();
  }

 private:
  sqlite3_stmt* s_ = nullptr;
};

// The classification level without caveats, as chancery's class: filter and
// facet use it: "SECRET//NOFORN" -> "SECRET".
std::optional<std::string> level_of(const std::optional<std::string>& classification) {
  if (!classification) return std::nullopt;
  std::string_view c = *classification;
  c = c.substr(0, c.find("//"));
  while (!c.empty() && c.back() == ' ') c.remove_suffix(1);
  return std::string(c);
}

// Files of the inputs: a directory gives its regular files, recursively, in
// path order, skipping dot files (as chancery's CLI does).
Result<std::vector<fs::path>> expand(const std::vector<std::string>& inputs) {
  std::vector<fs::path> files;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(input, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->path().filename().string().starts_with(".")) {
          if (it->is_directory()) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file()) found.push_back(it->path());
      }
      if (ec)
        return Error{.code = Errc::kIo, .message = fmt::format("{}: {}", input, ec.message())};
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(input, ec)) {
      files.emplace_back(input);
    } else {
      return Error{.code = Errc::kNotFound, .message = fmt::format("{}: no such input", input)};
    }
  }
  return files;
}

// Counts the bytes that pass, for progress and the build report.
class CountingSource final : public ByteSource {
 public:
  CountingSource(std::unique_ptr<ByteSource> inner, std::uint64_t& count)
      : inner_(std::move(inner)), count_(count) {}
  Result<std::size_t> read(char* buffer, std::size_t size) override {
    auto n = inner_->read(buffer, size);
    if (n) count_ += *n;
    return n;
  }
  const std::string& name() const override { return inner_->name(); }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::uint64_t& count_;
};

constexpr std::string_view kSchema = R"sql(
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE cables(key INTEGER PRIMARY KEY, id TEXT NOT NULL, origin TEXT NOT NULL,
                    created TEXT, year INTEGER, level TEXT, subject TEXT, body TEXT);
CREATE UNIQUE INDEX cables_identity ON cables(id, origin);
CREATE TABLE cable_tags(key INTEGER NOT NULL, tag TEXT NOT NULL, PRIMARY KEY(key, tag)) WITHOUT ROWID;
)sql";

// Built after the load: maintaining them row by row would slow it down.
constexpr std::string_view kIndexes = R"sql(
CREATE INDEX cable_tags_by_tag ON cable_tags(tag, key);
CREATE INDEX cables_facets ON cables(key, year, level, origin);
CREATE INDEX cables_year ON cables(year);
CREATE INDEX cables_created ON cables(created);
CREATE INDEX cables_level ON cables(level);
CREATE INDEX cables_origin ON cables(origin);
)sql";

constexpr std::size_t kBatch = 2000;

// One line per file: its path and size.
std::string describe(const std::vector<fs::path>& files) {
  std::string list;
  std::error_code ec;
  for (const auto& f : files) {
    list += fmt::format("{}{} {}", list.empty() ? "" : "\n", f.string(), fs::file_size(f, ec));
  }
  return list;
}

}  // namespace

Result<std::string> describe_inputs(const std::vector<std::string>& inputs) {
  auto files = expand(inputs);
  if (!files) return files.error();
  return describe(*files);
}

Result<std::vector<BenchQuery>> read_queries(const fs::path& path) {
  std::ifstream in(path);
  if (!in)
    return Error{.code = Errc::kNotFound, .message = fmt::format("{}: cannot read", path.string())};
  std::vector<BenchQuery> queries;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
      std::size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (fields.size() < 2 || fields.size() > 3 || fields[0].empty() ||
        (fields[1].empty() && (fields.size() < 3 || fields[2].empty()))) {
      return Error{.code = Errc::kInvalidInput,
                   .message =
                       "expected: chancery query TAB fts5 match TAB sql filter, with a "
                       "match or a filter",
                   .where = fmt::format("{}:{}", path.string(), number)};
    }
    fields.resize(3);
    queries.push_back(BenchQuery{.line = number,
                                 .chancery = std::move(fields[0]),
                                 .match = std::move(fields[1]),
                                 .filter = std::move(fields[2])});
  }
  return queries;
}

struct Fts5Baseline::Impl {
  Connection conn;
  std::map<std::string, Stmt> statements;  // by SQL: each query's are prepared once

  Result<Stmt*> statement(const std::string& sql) {
    auto it = statements.find(sql);
    if (it == statements.end()) {
      auto s = Stmt::prepare(conn.db, sql);
      if (!s) return s.error();
      it = statements.emplace(sql, std::move(*s)).first;
    }
    return &it->second;
  }
};

Fts5Baseline::Fts5Baseline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Fts5Baseline::Fts5Baseline(Fts5Baseline&&) noexcept = default;
Fts5Baseline& Fts5Baseline::operator=(Fts5Baseline&&) noexcept = default;
Fts5Baseline::~Fts5Baseline() = default;

Result<Fts5BuildReport> Fts5Baseline::build(
    const fs::path& db_path, const std::vector<std::string>& inputs,
    const std::function<void(const Fts5BuildProgress&)>& progress) {
  const auto start = std::chrono::steady_clock::now();
  auto files = expand(inputs);
  if (!files) return files.error();

  fs::path tmp = db_path;
  tmp += ".tmp";
  std::error_code ec;
  fs::remove(tmp, ec);
  auto conn = open_db(tmp, /*create=*/true);
  if (!conn) return conn.error();
  sqlite3* db = conn->db;
  // A scratch file until the rename: no journal, no fsync. The page cache is
  // bounded (256 MiB) whatever the input size.
  if (auto r =
          exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;");
      !r)
    return r.error();
  if (auto r = exec(db, std::string(kSchema)); !r) return r.error();

  auto upsert =
      Stmt::prepare(db,
                    "INSERT INTO cables(id, origin, created, year, level, subject, body) "
                    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id, origin) DO UPDATE SET "
                    "created = excluded.created, year = excluded.year, level = excluded.level, "
                    "subject = excluded.subject, body = excluded.body RETURNING key");
  auto clear_tags = Stmt::prepare(db, "DELETE FROM cable_tags WHERE key = ?1");
  auto add_tag = Stmt::prepare(db, "INSERT OR IGNORE INTO cable_tags(key, tag) VALUES(?1, ?2)");
  if (!upsert) return upsert.error();
  if (!clear_tags) return clear_tags.error();
  if (!add_tag) return add_tag.error();

  Fts5BuildReport report;
  Fts5BuildProgress at;
  std::size_t in_batch = 0;
  if (auto r = exec(db, "BEGIN"); !r) return r.error();
  for (const auto& file : *files) {
    auto source = open_file(file.string());
    if (!source) return source.error();
    parse::ReadOptions options{.source = file.string()};
    parse::RecordSplitter splitter(
        std::make_unique<CountingSource>(decompressing(std::move(*source)), at.bytes),
        parse::Format::kAuto, options);
    while (auto next = splitter.next()) {
      ++at.records;
      if (!*next) {
        ++report.failed;
        continue;
      }
      auto cable = parse::read_record(**next, options);
      if (!cable || !cable->id) {
        ++report.failed;
        continue;
      }
      std::optional<std::int64_t> year;
      if (int y = 0; cable->created && cable->created->size() >= 4 &&
                     std::from_chars(cable->created->data(), cable->created->data() + 4, y).ec ==
                         std::errc()) {
        year = y;
      }
      auto level = level_of(cable->classification);
      // Bound without copies (SQLITE_STATIC): each must live until step().
      const std::string origin = cable->origin.value_or("");
      upsert->bind(1, std::string_view(*cable->id));
      upsert->bind(2, std::string_view(origin));
      upsert->bind(3, cable->created);
      if (year) upsert->bind(4, *year);
      upsert->bind(5, level);
      upsert->bind(6, cable->subject);
      upsert->bind(7, std::string_view(cable->body));
      auto row = upsert->step();
      if (!row || !*row) return row ? sqlite_error(db, "insert") : row.error();
      std::int64_t key = upsert->int_at(0);
      upsert->reset();
      clear_tags->bind(1, key);
      if (auto r = clear_tags->run(); !r) return r.error();
      for (const auto& tag : cable->tags) {
        add_tag->bind(1, key);
        add_tag->bind(2, std::string_view(tag));
        if (auto r = add_tag->run(); !r) return r.error();
      }
      if (++in_batch == kBatch) {
        in_batch = 0;
        if (auto r = exec(db, "COMMIT; BEGIN"); !r) return r.error();
        if (progress) progress(at);
      }
    }
  }
  if (auto r = exec(db, "COMMIT"); !r) return r.error();
  report.records = at.records;
  report.bytes = at.bytes;
  report.load_seconds = seconds_since(start);
  if (progress) progress(at);

  // The index is built in one pass over the content table ('rebuild'),
  // flushing segments as it goes, so its memory is bounded too.
  auto index_start = std::chrono::steady_clock::now();
  if (auto r = exec(db,
                    "CREATE VIRTUAL TABLE fts USING fts5(subject, body, content='cables', "
                    "content_rowid='key', tokenize='porter unicode61');"
                    "INSERT INTO fts(fts) VALUES('rebuild');" +
                        std::string(kIndexes));
      !r) {
    return r.error();
  }
  report.index_seconds = seconds_since(index_start);
  // The corpus is static: one merged segment is what a tuned deployment would
  // query, so the baseline gets it.
  auto optimize_start = std::chrono::steady_clock::now();
  if (auto r = exec(db, "INSERT INTO fts(fts) VALUES('optimize'); ANALYZE;"); !r) return r.error();
  report.optimize_seconds = seconds_since(optimize_start);

  {
    auto count = Stmt::prepare(db, "SELECT count(*) FROM cables");
    if (!count) return count.error();
    if (auto r = count->step(); !r) return r.error();
    report.cables = static_cast<std::uint64_t>(count->int_at(0));
  }
  report.seconds = seconds_since(start);
  std::string inputs_list = describe(*files);
  auto put = Stmt::prepare(db, "INSERT OR REPLACE INTO meta(name, value) VALUES(?1, ?2)");
  if (!put) return put.error();
  const std::pair<std::string, std::string> metas[] = {
      {"inputs", inputs_list},
      {"records", std::to_string(report.records)},
      {"cables", std::to_string(report.cables)},
      {"failed", std::to_string(report.failed)},
      {"bytes", std::to_string(report.bytes)},
      {"build_seconds", fmt::format("{:.1f}", report.seconds)},
      {"sqlite_version", sqlite3_libversion()},
  };
  for (const auto& [name, value] : metas) {
    put->bind(1, std::string_view(name));
    put->bind(2, std::string_view(value));
    if (auto r = put->run(); !r) return r.error();
  }
  put = Stmt();
  upsert = Stmt();
  clear_tags = Stmt();
  add_tag = Stmt();
  *conn = Connection();
  fs::rename(tmp, db_path, ec);
  if (ec) {
    return Error{.code = Errc::kIo,
                 .message = fmt::format("renaming {}: {}", tmp.string(), ec.message())};
  }
  report.file_bytes = fs::file_size(db_path, ec);
  return report;
}

Result<Fts5Baseline> Fts5Baseline::open(const fs::path& db_path) {
  if (!fs::exists(db_path)) {
    return Error{.code = Errc::kNotFound,
                 .message = fmt::format("{}: no FTS5 database", db_path.string()),
                 .hint = "build it with --inputs"};
  }
  auto conn = open_db(db_path, /*create=*/false);
  if (!conn) return conn.error();
  // The match set of a facet query goes to a temporary table, in memory.
  if (auto r = exec(conn->db,
                    "PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY; "
                    "CREATE TEMP TABLE m(key INTEGER PRIMARY KEY);");
      !r) {
    return r.error();
  }
  auto impl = std::make_unique<Impl>();
  impl->conn = std::move(*conn);
  return Fts5Baseline(std::move(impl));
}

Result<std::uint64_t> Fts5Baseline::cable_count() {
  auto s = impl_->statement("SELECT count(*) FROM cables");
  if (!s) return s.error();
  auto row = (*s)->step();
  if (!row) return row.error();
  auto n = static_cast<std::uint64_t>((*s)->int_at(0));
  (*s)->reset();
  return n;
}

std::string Fts5Baseline::meta(const std::string& name) {
  auto s = impl_->statement("SELECT value FROM meta WHERE name = ?1");
  if (!s) return {};
  (*s)->bind(1, std::string_view(name));
  auto row = (*s)->step();
  std::string value = (row && *row) ? (*s)->text_at(0) : std::string();
  (*s)->reset();
  return value;
}

Result<Fts5Result> Fts5Baseline::search(const BenchQuery& query, bool facets, bool snippets,
                                        std::uint32_t limit, std::uint32_t facet_limit) {
  const bool text = !query.match.empty();
  const std::string filter = query.filter.empty() ? "" : fmt::format(" AND ({})", query.filter);
  Fts5Result result;

  // Top hits. With text, FTS5 ranks by bm25 itself (ORDER BY rank, consumed
  // by the virtual table), so snippet() runs only for the rows returned; the
  // CROSS JOIN keeps fts as the outer loop so that plan holds with a filter.
  // Without text there is no rank: the first cables by key.
  std::string top_sql =
      text ? fmt::format(
                 "SELECT c.key, c.id, c.origin, c.created, c.level, c.subject, "
                 "{}, bm25(fts) FROM fts CROSS JOIN cables c ON c.key = fts.rowid "
                 "WHERE fts MATCH ?1{} ORDER BY fts.rank LIMIT ?2",
                 snippets ? "snippet(fts, -1, '<b>', '</b>', '...', 16)" : "''", filter)
           : fmt::format(
                 "SELECT c.key, c.id, c.origin, c.created, c.level, c.subject, "
                 "{}, 0 FROM cables c WHERE 1{} ORDER BY c.key LIMIT ?2",
                 snippets ? "substr(c.body, 1, 160)" : "''", filter);
  auto top = impl_->statement(top_sql);
  if (!top) return top.error();
  Stmt& s = **top;
  if (text) s.bind(1, std::string_view(query.match));
  s.bind(2, std::int64_t{limit});
  for (;;) {
    auto row = s.step();
    if (!row) {
      s.reset();
      return row.error();
    }
    if (!*row) break;
    result.hits.push_back(Fts5Hit{.key = s.int_at(0),
                                  .id = s.text_at(1),
                                  .origin = s.text_at(2),
                                  .created = s.text_at(3),
                                  .level = s.text_at(4),
                                  .subject = s.text_at(5),
                                  .snippet = s.text_at(6),
                                  .bm25 = s.double_at(7)});
  }
  s.reset();
  if (!facets) return result;

  // Facets: the match set once into temp.m, then the total and one GROUP BY
  // per facet over it; year, class and origin read the covering index.
  if (auto r = exec(impl_->conn.db, "DELETE FROM temp.m"); !r) return r.error();
  std::string fill_sql =
      !text ? fmt::format("INSERT INTO temp.m(key) SELECT c.key FROM cables c WHERE 1{}", filter)
      : filter.empty()
          ? std::string("INSERT INTO temp.m(key) SELECT rowid FROM fts WHERE fts MATCH ?1")
          : fmt::format(
                "INSERT INTO temp.m(key) SELECT fts.rowid FROM fts CROSS JOIN cables c "
                "ON c.key = fts.rowid WHERE fts MATCH ?1{}",
                filter);
  auto fill = impl_->statement(fill_sql);
  if (!fill) return fill.error();
  if (text) (*fill)->bind(1, std::string_view(query.match));
  if (auto r = (*fill)->run(); !r) return r.error();

  auto total = impl_->statement("SELECT count(*) FROM temp.m");
  if (!total) return total.error();
  if (auto r = (*total)->step(); !r) return r.error();
  result.total = static_cast<std::uint64_t>((*total)->int_at(0));
  result.total_exact = true;
  (*total)->reset();

  const std::int64_t values = facet_limit == 0 ? -1 : std::int64_t{facet_limit};
  struct FacetSql {
    const char* name;
    const char* sql;
  };
  static constexpr FacetSql kFacets[] = {
      {"tag",
       "SELECT t.tag, count(*) AS n FROM temp.m CROSS JOIN cable_tags t ON t.key = m.key "
       "GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT ?1"},
      {"origin",
       "SELECT c.origin, count(*) AS n FROM temp.m CROSS JOIN cables c INDEXED BY cables_facets "
       "ON c.key = m.key GROUP BY c.origin ORDER BY n DESC, c.origin LIMIT ?1"},
      {"year",
       "SELECT c.year, count(*) AS n FROM temp.m CROSS JOIN cables c INDEXED BY cables_facets "
       "ON c.key = m.key WHERE c.year IS NOT NULL GROUP BY c.year ORDER BY n DESC, c.year "
       "LIMIT ?1"},
      {"class",
       "SELECT c.level, count(*) AS n FROM temp.m CROSS JOIN cables c INDEXED BY cables_facets "
       "ON c.key = m.key WHERE c.level IS NOT NULL GROUP BY c.level ORDER BY n DESC, c.level "
       "LIMIT ?1"},
  };
  for (const auto& f : kFacets) {
    auto st = impl_->statement(f.sql);
    if (!st) return st.error();
    (*st)->bind(1, values);
    archive::Facet facet{.name = f.name, .values = {}};
    for (;;) {
      auto row = (*st)->step();
      if (!row) {
        (*st)->reset();
        return row.error();
      }
      if (!*row) break;
      facet.values.emplace_back((*st)->text_at(0), static_cast<std::uint64_t>((*st)->int_at(1)));
    }
    (*st)->reset();
    result.facets.push_back(std::move(facet));
  }
  return result;
}

}  // namespace chancery::bench
