// Frequent two-word phrases, indexed as terms of their own.
//
// A phrase query checks word positions in every document holding all its
// words: for two common words ("human rights", "prime minister") that is
// most of the cost of counting its matches, two position-list lookups per
// candidate (at Cablegate scale 80,000 cables, 19-31 ms a shard, Xapian's
// own floor: bench/README.md). So the pairs of adjacent stems most frequent
// in real cables are also indexed as one term each, without positions
// ("XPhuman right", the pair's count as wdf), and a query's exact phrase
// over a listed pair needs no positions: its matches are the documents
// holding the pair term (query_parser.h). Only unprefixed text (the body
// and the subject's words as plain text) gets pairs.
//
// An index says in each shard's metadata which list it was built with
// (kMetadataKey = kVersion, set when the shard is created; a writer with
// another list clears it): queries use the pairs only when every shard says
// this list's version.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

namespace chancery::index::phrase_pairs {

inline constexpr std::string_view kVersion = "1";
inline constexpr std::string_view kMetadataKey = "phrase_pairs";

// The id of a stem among the words of the listed pairs; kNoWord if it is in
// none. Ids are small: the tokenizer keeps one per stem it has seen.
inline constexpr std::uint16_t kNoWord = 0xffff;
std::uint16_t word_id(std::string_view stem);

// The listed pair of two words (ids from word_id), in this order.
std::optional<std::uint16_t> pair_of(std::uint16_t first, std::uint16_t second);

// A pair's term: terms::kPair + "first second" (built once, at first use).
const std::string& term(std::uint16_t pair);

// The term of two stems when they are a listed pair.
std::optional<std::string> term_of(std::string_view first, std::string_view second);

// `query` with each exact phrase that holds listed pairs answered with
// their terms: a two-word phrase becomes the AND of its words filtered by
// the pair term (no positions read; the same documents, weighed the same),
// a longer one is filtered by its pairs' terms. For an index that holds the
// pairs (shards.h, has_phrase_pairs) only. Xapian errors throw.
Xapian::Query use_pairs(const Xapian::Query& query);

}  // namespace chancery::index::phrase_pairs
