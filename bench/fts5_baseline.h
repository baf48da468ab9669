// The SQLite FTS5 baseline of chancery_search_bench: the same cables in an
// SQLite database searched the way one would without chancery, so that the
// benchmark can say how much faster chancery's search is on the same queries.
//
// Schema (one file, built once and kept next to the archive):
//   cables(key INTEGER PRIMARY KEY, id, origin, created, year, level, subject, body)
//       one row per (id, origin), the latest record read wins (as the archive's
//       current version); `level` is the classification without caveats
//       ("SECRET" for "SECRET//NOFORN"), what chancery's class: and facet use;
//       `body` comes last so that reading the small columns stays on the row's
//       first page.
//   cable_tags(key, tag)          one row per tag (upper case), for tag filters and the tag facet.
//   cables_facets index           (key, year, level, origin): the facet GROUP BYs read
//                                 this covering index, not the wide rows.
//   fts (FTS5, tokenize='porter unicode61', columns subject, body)
//       external content (content='cables'): the text is stored once, in
//       `cables`, and snippet() reads it from there. A contentless table
//       would be smaller but cannot make snippets, which chancery's hits carry.
//   meta(name, value)             what the file was built from, and how long it took.
//
// Not thread-safe: one Fts5Baseline per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "chancery/result.h"
#include "chancery/search.h"

namespace chancery::bench {

// One line of bench/queries.txt: the same question in both languages.
struct BenchQuery {
  int line = 0;
  std::string chancery;  // chancery's query language
  std::string match;     // FTS5 MATCH expression, "" when the query is filters only
  std::string filter;    // SQL over `c` (cables) and cable_tags, "" when none
};

// Reads a queries file (TAB-separated fields; '#' lines and blank lines skipped).
// Errors: kNotFound, kInvalidInput naming the line.
Result<std::vector<BenchQuery>> read_queries(const std::filesystem::path& path);

// The files `inputs` stand for (directories expanded), one "path size" a
// line: what meta('inputs') of a database built from them holds, so a cached
// database can be told stale.
Result<std::string> describe_inputs(const std::vector<std::string>& inputs);

struct Fts5BuildProgress {
  std::uint64_t records = 0;
  std::uint64_t bytes = 0;  // input bytes consumed (decompressed)
};

struct Fts5BuildReport {
  std::uint64_t records = 0;    // records read
  std::uint64_t cables = 0;     // rows of `cables` (records less repeated (id, origin))
  std::uint64_t failed = 0;     // records the readers refused
  std::uint64_t bytes = 0;      // input bytes read
  double load_seconds = 0;      // parse + insert into cables and cable_tags
  double index_seconds = 0;     // FTS5 'rebuild' + secondary indexes
  double optimize_seconds = 0;  // FTS5 'optimize' (merges the index into one segment)
  double seconds = 0;           // all of it
  std::uint64_t file_bytes = 0;
};

// What one query returns: the top hits by bm25, and with facets the exact
// total and counts over every match.
struct Fts5Hit {
  std::int64_t key = 0;
  std::string id;
  std::string origin;
  std::string created;
  std::string level;
  std::string subject;
  std::string snippet;
  double bm25 = 0;  // FTS5's bm25(): lower is better
};

struct Fts5Result {
  std::uint64_t total = 0;  // exact, only when asked for facets
  bool total_exact = false;
  std::vector<Fts5Hit> hits;
  std::vector<archive::Facet> facets;  // tag, origin, year, class, as chancery names them
};

class Fts5Baseline {
 public:
  // Builds `db_path` from the records of `inputs` (files or directories, read
  // with chancery's parsers, gzip/bzip2/zstd read through). Streams: memory
  // stays bounded whatever the input size. Writes to `db_path`.tmp and renames
  // at the end, so an interrupted build leaves no half database behind.
  static Result<Fts5BuildReport> build(
      const std::filesystem::path& db_path, const std::vector<std::string>& inputs,
      const std::function<void(const Fts5BuildProgress&)>& progress = {});
  // Opens a built database read-only.
  static Result<Fts5Baseline> open(const std::filesystem::path& db_path);

  Fts5Baseline(Fts5Baseline&&) noexcept;
  Fts5Baseline& operator=(Fts5Baseline&&) noexcept;
  ~Fts5Baseline();

  // The top `limit` matches by bm25, with snippets unless `snippets` is
  // false; with `facets`, also the exact total and the counts by tag, origin,
  // year and class over every match, `facet_limit` values each (most first,
  // then by value; 0: all).
  Result<Fts5Result> search(const BenchQuery& query, bool facets, bool snippets = true,
                            std::uint32_t limit = 20, std::uint32_t facet_limit = 10);

  Result<std::uint64_t> cable_count();
  // The value of meta(name), "" when absent.
  std::string meta(const std::string& name);

  struct Impl;

 private:
  explicit Fts5Baseline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace chancery::bench
