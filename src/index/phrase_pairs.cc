#include "index/phrase_pairs.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "index/index_terms.h"

namespace chancery::index::phrase_pairs {
namespace {

// The list: every pair of adjacent stems in at least 200 of the 8,211 index
// documents (2.4%) of the development corpus's 5,043 real cables, leaving
// out stopwords, numbers, TAGS codes and the cables' boilerplate (SIPDIS,
// "END SUMMARY", markings): what `chancery_phrase_pairs --archive A --tags
// ../shared/data/tags.tsv --min-documents 200` prints for an archive A of
// the corpus (bench/phrase_pairs.cc). 200, not fewer: each pair's postings
// cost ingest time, and at Cablegate scale the 324 pairs in 100 documents or
// more cost 4.5% of it (bench/README.md). Changing the list changes kVersion.
constexpr std::string_view kPairs[] = {
    "unit state", "foreign minist", "prime minist", "human right", "foreign polici", "long term",
    "foreign affair", "high level", "law enforc", "san jose", "costa rica", "nation secur",
    "middl east", "last year", "intern communiti", "take place", "secur council", "two year",
    "govern offici", "move forward", "press report", "vice presid", "express concern",
    "costa rican", "told poloff", "secretari general", "polit parti", "new york", "privat sector",
    "secur forc", "bilater relationship", "year ago", "presid lula", "first time",
    "polit counselor", "six month", "visit london", "work togeth", "even though", "civil societi",
    "presid obama", "presidenti elect", "latin america", "minist counselor", "five year",
    "two countri", "unit nation", "action request", "director general", "former presid",
    "defens minist", "short term", "work group", "assist secretari", "look forward", "arm forc",
    "charg d'affair", "three year", "foreign ministri", "counter terror", "domest polit",
    "drug traffick", "public statement", "free trade", "saudi arabia", "organ crime", "sao paulo",
    "econom develop", "trade agreement", "media report", "member state", "central bank",
    "work close", "bilater relat", "suprem court", "public secur", "new delhi", "nuclear weapon",
    "peac process", "thus far", "presidenti candid", "made clear", "next year", "recent year",
    "next step", "financi crisi", "high profil", "nuclear program", "press confer", "climat chang",
    "deputi director", "past year", "presid bush", "intern organ", "secur servic", "sever year",
    "econom crisi", "last week", "secur issu", "took place", "key point", "year old",
    "money launder", "european union", "parti leader",
};

struct Table {
  std::unordered_map<std::string_view, std::uint16_t> words;  // stem -> word id
  std::unordered_map<std::uint32_t, std::uint16_t> pairs;     // first << 16 | second -> pair
  std::vector<std::string> terms;                             // pair -> its term, built once
};

const Table& table() {
  static const Table t = [] {
    Table built;
    auto id = [&built](std::string_view stem) {
      auto [it, added] = built.words.try_emplace(stem, static_cast<std::uint16_t>(built.words.size()));
      return it->second;
    };
    for (std::string_view pair : kPairs) {
      const std::size_t space = pair.find(' ');
      const std::string_view first = pair.substr(0, space);
      const std::string_view second = pair.substr(space + 1);
      const std::uint32_t key = std::uint32_t{id(first)} << 16 | id(second);
      built.pairs.try_emplace(key, static_cast<std::uint16_t>(built.terms.size()));
      built.terms.push_back(std::string(terms::kPair) + std::string(first) + ' ' + std::string(second));
    }
    return built;
  }();
  return t;
}

}  // namespace

std::uint16_t word_id(std::string_view stem) {
  const Table& t = table();
  auto it = t.words.find(stem);
  return it == t.words.end() ? kNoWord : it->second;
}

std::optional<std::uint16_t> pair_of(std::uint16_t first, std::uint16_t second) {
  if (first == kNoWord || second == kNoWord) return std::nullopt;
  const Table& t = table();
  auto it = t.pairs.find(std::uint32_t{first} << 16 | second);
  if (it == t.pairs.end()) return std::nullopt;
  return it->second;
}

const std::string& term(std::uint16_t pair) { return table().terms[pair]; }

std::optional<std::string> term_of(std::string_view first, std::string_view second) {
  std::optional<std::uint16_t> pair = pair_of(word_id(first), word_id(second));
  if (!pair) return std::nullopt;
  return term(*pair);
}

namespace {

// An exact phrase of terms (what a quoted phrase parses to), with the pairs
// it holds: the documents holding a two-word phrase's pair term are its
// matches, weighed as the phrase weighs them (the AND of its words); a
// longer phrase still checks positions, but only in documents holding all
// its pairs.
// nullopt: the phrase as it is.
std::optional<Xapian::Query> phrase_with_pairs(const Xapian::Query& phrase) {
  const std::size_t n = phrase.get_num_subqueries();
  if (n < 2) return std::nullopt;
  std::vector<Xapian::Query> words;
  std::vector<std::string> terms;
  for (std::size_t i = 0; i < n; ++i) {
    Xapian::Query word = phrase.get_subquery(i);
    if (word.get_type() != Xapian::Query::LEAF_TERM || word.get_terms_begin() == word.get_terms_end()) {
      return std::nullopt;
    }
    terms.push_back(*word.get_terms_begin());
    words.push_back(std::move(word));
  }
  // Exact: the window is the phrase's length (`a ADJ/5 b` is a phrase
  // with a wider window, which a pair does not answer).
  const Xapian::Query exact(Xapian::Query::OP_PHRASE, words.begin(), words.end(), static_cast<Xapian::termcount>(n));
  if (exact.serialise() != phrase.serialise()) return std::nullopt;
  std::vector<Xapian::Query> pairs;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (std::optional<std::string> pair = term_of(terms[i], terms[i + 1])) pairs.emplace_back(*pair);
  }
  if (pairs.empty()) return std::nullopt;
  const Xapian::Query held(Xapian::Query::OP_AND, pairs.begin(), pairs.end());
  if (n == 2) {
    return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()),
                         held);
  }
  return Xapian::Query(Xapian::Query::OP_FILTER, phrase, held);
}

// nullopt: the query as it is.
std::optional<Xapian::Query> with_pairs(const Xapian::Query& query) {
  const Xapian::Query::op op = query.get_type();
  if (op == Xapian::Query::OP_PHRASE) return phrase_with_pairs(query);
  switch (op) {
    // Operators with no parameter but their subqueries, rebuilt as they
    // were when a subquery changes. Others (a NEAR, a weight scale, a
    // wildcard, a value range) are kept whole.
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
      break;
    default:
      return std::nullopt;
  }
  std::vector<Xapian::Query> subqueries;
  bool changed = false;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    Xapian::Query sub = query.get_subquery(i);
    if (std::optional<Xapian::Query> rewritten = with_pairs(sub)) {
      sub = std::move(*rewritten);
      changed = true;
    }
    subqueries.push_back(std::move(sub));
  }
  if (!changed) return std::nullopt;
  return Xapian::Query(op, subqueries.begin(), subqueries.end());
}

}  // namespace

Xapian::Query use_pairs(const Xapian::Query& query) { return with_pairs(query).value_or(query); }

}  // namespace chancery::index::phrase_pairs
