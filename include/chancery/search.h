// Searching the archive: the query language, sorting, paging, facets and
// snippets. See docs/search.md for the language; in short, notmuch-like:
//
//   iran nuclear            both words (stemmed: "programs" finds "program")
//   "nuclear program"       a phrase          iran NEAR sanctions
//   iran OR iraq   NOT x    boolean           iran*   a prefix
//   id: tag: origin: from: to: info: class: handling: subject: ref:   fields
//   date:2007-01..2007-03   year:2009         date ranges (either end open)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace chancery::archive {

enum class SortOrder : std::uint8_t { kRelevance, kNewest, kOldest };

// The facets search() can count: "tag", "origin", "year", "class", "month".
struct SearchRequest {
  std::string query;  // "" or "*" matches every cable
  SortOrder sort = SortOrder::kRelevance;
  std::uint32_t offset = 0;
  std::uint32_t limit = 20;
  std::vector<std::string> facets;  // counted over every match, exactly
  std::uint32_t facet_limit = 10;   // values per facet, most frequent first (0: all)
  bool snippets = true;             // a highlighted extract for each hit
  bool exact_total = false;         // count every match (implied by facets)
  std::string highlight_open = "\x1b[1;33m";  // around matched words in snippets
  std::string highlight_close = "\x1b[0m";
};

struct SearchHit {
  std::int64_t key = 0;
  std::string id;
  std::string origin;
  std::string created;  // as in the record, "" when unknown
  std::string classification;
  std::string subject;   // "" when withheld
  bool subject_withheld = false;
  std::vector<std::string> tags;
  double score = 0;  // BM25 weight (0 when sorted by date, and for a filtered viewer:
                     // weights carry statistics of text it may not see)
  std::string snippet;
};

struct Facet {
  std::string name;
  std::vector<std::pair<std::string, std::uint64_t>> values;  // most first, then by value
};

struct SearchResult {
  std::uint64_t total = 0;    // matching cables (exact when total_exact; else an
                              // estimate, or for a filtered viewer a lower bound)
  bool total_exact = false;
  std::vector<SearchHit> hits;
  std::vector<Facet> facets;
  std::string parsed_query;  // Xapian's description of the parsed query, for --explain
  // The classified text this result disclosed to its viewer, as the audit
  // entry search() appended names it ("" when none): what a cache that
  // serves the same result again must record again (record_disclosure()).
  std::string disclosed;
};

}  // namespace chancery::archive
