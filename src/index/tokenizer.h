// Free text into Xapian postings, fast: the indexing hot path.
//
// Tokenizer produces exactly the terms Xapian::TermGenerator would (Xapian
// 1.4, English stemmer, STEM_ALL, no stopper, default flags, words of at
// most 64 bytes), so that Xapian::QueryParser finds them, at about twice its
// speed (bench/index_bench.cc): it reads ASCII through a byte table instead
// of Utf8Iterator, stems each distinct word once, and adds a text's terms to
// the Xapian::Document in term order; the Document's own std::map is most
// of what remains.
//  - each word is lowercased and stemmed, and its stem is added with the
//    word's position: prefix + stem(word) ("iran", "Snuclear").
//  - on request (add_phrase_pairs), the listed pairs of adjacent stems of an
//    unprefixed text, as terms without positions ("XPhuman right";
//    phrase_pairs.h): the one thing TermGenerator does not make.
//    Only stems are indexed: unstemmed words would double the postings the
//    index writes and stores (measured on 20,000 generated cables: ingest
//    44% slower, index 40% larger)
//    for exact-form matching that researchers rarely need.
// Word splitting is TermGenerator's: "iran's" and "AT&T" are one word, so are
// "1,000" and "3.5" (digit separators), "U.S.A." is "usa", "C++" and "C#"
// keep up to three trailing '+'/'#', zero-width characters vanish inside
// words, longer words are dropped without using a position. Invalid UTF-8
// is read as Xapian reads it (stray bytes as Latin-1 characters).
// tests/corpus/tokenizer_corpus_test.cc holds it to TermGenerator's output.
//
// Not thread-safe: one Tokenizer per thread (it owns a stemmer and a cache).
#pragma once

#include <xapian.h>

#include "index/phrase_pairs.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace chancery::index {

class Tokenizer {
 public:
  // Words longer than this (in bytes, lowercased) are not indexed.
  static constexpr std::size_t kMaxWordBytes = 64;

  Tokenizer();

  // Indexes `text` into `doc` with `prefix`; positions continue from `pos`
  // (the first word gets pos + 1) and `pos` ends at the last one used.
  // Xapian may throw std::bad_alloc from doc; nothing else throws.
  void index_text(std::string_view text, std::string_view prefix, Xapian::Document& doc,
                  Xapian::termpos& pos);

  // Adds to `doc` the listed pairs (phrase_pairs.h) of adjacent stems of
  // the text index_text() indexed last, unprefixed, each once with its
  // count as wdf: what an unprefixed text adds besides TermGenerator's terms.
  void add_phrase_pairs(Xapian::Document& doc);

  // Calls fn(word) for each word of `text` in order, lowercased, as
  // index_text() would index it (over-long words included: callers decide).
  template <typename Fn>
  void for_each_word(std::string_view text, Fn&& fn);

  // The English stem of a lowercased word, as Xapian::Stem("english").
  std::string stem(const std::string& word) { return stemmer_(word); }

 private:
  void split_into_words(std::string_view text, void (*emit)(void*, const std::string&),
                        void* context);
  void add_to(Xapian::Document& doc);

  // Xapian::Document keeps its terms in a std::map: inserting them one word
  // at a time in text order costs a cache-missing lookup per word. So a text
  // is first gathered here (each distinct stem once, with its occurrences),
  // then added in term order.
  struct Stem {
    std::uint16_t pair_word = phrase_pairs::kNoWord;  // phrase_pairs::word_id, when unprefixed
    std::uint32_t text = 0;     // the text (index_text call) it was last seen in
    std::uint32_t id = 0;       // its index in stems_of_text_ for that text
    Xapian::termcount wdf = 0;  // occurrences in that text
  };
  using StemEntry = std::pair<const std::string, Stem>;  // (prefix + stem, ...)
  // Terms (prefix + word) seen lately, to their stem (null: not indexed):
  // the vocabulary is Zipfian, so a few thousand words make most of a text
  // and their stems are computed once. Both maps are cleared between texts
  // when they outgrow kMaxKnownWords.
  std::unordered_map<std::string, StemEntry*> known_;
  std::unordered_map<std::string, Stem> stems_;
  static constexpr std::size_t kMaxKnownWords = 500'000;
  std::uint32_t text_ = 0;
  std::vector<StemEntry*> stems_of_text_;                               // this text's stems
  std::vector<std::pair<std::uint32_t, Xapian::termpos>> occurrences_;  // (id, position)
  std::vector<std::uint32_t> order_, start_;
  std::vector<Xapian::termpos> positions_;
  std::vector<std::uint16_t> pairs_;  // listed pairs met in the text, by id

  Xapian::Stem stemmer_;
  std::string word_;  // the word being built, reused
  std::string term_;  // prefix + word, reused
};

template <typename Fn>
void Tokenizer::for_each_word(std::string_view text, Fn&& fn) {
  using F = std::remove_reference_t<Fn>;
  split_into_words(
      text, [](void* f, const std::string& word) { (*static_cast<F*>(f))(word); },
      const_cast<void*>(static_cast<const void*>(&fn)));
}

}  // namespace chancery::index
