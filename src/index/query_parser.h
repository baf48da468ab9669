// The search query language (docs/search.md) read into a Xapian::Query over
// the index vocabulary of index_terms.h.
//
// Xapian::QueryParser does the reading: words, phrases, AND/OR/NOT/XOR,
// NEAR/ADJ, +/-, trailing-* wildcards, and the text fields subject: origin:
// from: to: info:. Boolean fields (id: tag: class: handling: ref: year:) and
// date ranges go through processors that normalise the value as the index
// stores it (query_fields.h). What Xapian quietly accepts but a researcher
// would not mean (an unbalanced quote or parenthesis, a misspelt field) is
// checked first and refused with a message.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/result.h"

namespace chancery::index {

// Longer query text is refused: no researcher types 4 KiB, and a bound keeps
// hostile input from building huge queries.
inline constexpr std::size_t kMaxQueryBytes = 4096;

// The stems, other than those starting with `word`, of `word` and of its
// usual longer forms ("election" -> "elect"; "negotia" -> "negoti", as in
// "negotiate"): what a wildcard `word*` also finds, since the index holds
// stems (index_terms.h) and a stem may be shorter than the word typed.
std::vector<std::string> stems_of_prefix(std::string_view word);

class QueryParser {
 public:
  // `db`, when given, must outlive the parser; it is handed to Xapian (which
  // in 1.4 expands wildcards at match time, so queries parse the same without it).
  // `phrase_pairs`: the index holds phrase_pairs.h's pairs (has_phrase_pairs
  // in shards.h), and exact phrases over them are answered with them.
  explicit QueryParser(const Xapian::Database* db = nullptr, bool phrase_pairs = false);

  // "" or "*" (or blanks) → Xapian::Query::MatchAll.
  // Errors: kInvalidInput, with a message naming what is wrong ("unbalanced
  // quote", "unknown field 'foo:'", "bad date '2007-13': ...") and the hint
  // "see docs/search.md"; kInternal if Xapian fails otherwise. Never throws.
  // Thread-safe: each call builds its own Xapian::QueryParser.
  Result<Xapian::Query> parse(std::string_view text) const;

 private:
  const Xapian::Database* db_;
  bool phrase_pairs_;
};

}  // namespace chancery::index
