// The tokenizer against Xapian::TermGenerator, its authority: for every cable
// of ../shared/corpus, the text terms of build_document() (terms, wdf,
// positions) must be exactly those TermGenerator makes of the same fields
// with the same gaps, and the same for a few thousand random strings built
// from the awkward cases (initialisms, infixes, suffixes, non-ASCII, invalid
// UTF-8). Phrase pairs are checked against pairs found in TermGenerator's
// positions. Prints its counts; the corpus part is skipped, with a message, when
// the corpus is absent.
#include <xapian.h>

#include <cstdio>
#include <map>
#include <optional>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "sanitized.h"

#include "chancery/cable.h"
#include "chancery/parse.h"
#include "chancery/source.h"

#include "index/document.h"
#include "index/index_terms.h"
#include "index/phrase_pairs.h"
#include "index/tokenizer.h"

namespace chancery::index {
namespace {

namespace fs = std::filesystem;

// Boolean terms of build_documents(); text terms never start with these (an
// unprefixed word starts lower case, digit or non-ASCII).
constexpr std::string_view kBooleanPrefixes[] = {
    terms::kId,  terms::kTag,  terms::kClass, terms::kHandling,
    terms::kRef, terms::kYear, terms::kMonth, terms::kOriginExact,
    terms::kLevel, terms::kControl, terms::kRelTo};

bool is_boolean(const std::string& term) {
  for (std::string_view p : kBooleanPrefixes) {
    if (term.starts_with(p)) return true;
  }
  return false;
}

// A document's text terms with wdf and positions, one per line.
std::vector<std::string> dump(const Xapian::Document& doc, bool skip_boolean) {
  std::vector<std::string> out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    if (skip_boolean && is_boolean(term)) continue;
    std::string line = term + " wdf=" + std::to_string(t.get_wdf()) + " pos=";
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
      line += std::to_string(*p) + ",";
    }
    out.push_back(std::move(line));
  }
  return out;
}

// The first line where two dumps differ, for the failure message.
std::string first_difference(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const std::string x = i < a.size() ? a[i] : "(none)";
    const std::string y = i < b.size() ? b[i] : "(none)";
    if (x != y) return "tokenizer: " + x + " | termgenerator: " + y;
  }
  return "";
}

Xapian::TermGenerator reference_generator() {
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("english"));
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
  return tg;
}

// The listed phrase pairs (phrase_pairs.h) of an unprefixed text, found
// from TermGenerator's positions: each two terms one position apart.
void add_reference_pairs(const std::string& text, Xapian::Document& doc) {
  Xapian::TermGenerator tg = reference_generator();
  Xapian::Document alone;
  tg.set_document(alone);
  tg.index_text(text);
  std::map<Xapian::termpos, std::string> at;
  for (auto t = alone.termlist_begin(); t != alone.termlist_end(); ++t) {
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) at[*p] = *t;
  }
  for (const auto& [pos, term] : at) {
    auto next = at.find(pos + 1);
    if (next == at.end()) continue;
    if (std::optional<std::string> pair = phrase_pairs::term_of(term, next->second)) doc.add_term(*pair);
  }
}

// What TermGenerator makes of a group's texts, in build_documents()'s
// order and gaps, and the pairs of the unprefixed ones.
Xapian::Document reference_document(const std::vector<std::pair<std::string, std::string>>& texts) {
  Xapian::TermGenerator tg = reference_generator();
  Xapian::Document doc;
  tg.set_document(doc);
  bool first = true;
  for (const auto& [prefix, text] : texts) {
    if (!first) tg.increase_termpos(terms::kFieldGap);
    first = false;
    tg.index_text(text, 1, prefix);
    if (prefix.empty()) add_reference_pairs(text, doc);
  }
  return doc;
}

TEST(TokenizerCorpus, EveryCableIndexesAsTermGeneratorDoes) {
  const fs::path csv = fs::path(CHANCERY_SHARED_DIR) / "corpus" / "cables-dev.csv.zst";
  if (!fs::exists(csv)) {
    GTEST_SKIP() << csv << " not found: tokenizer corpus test skipped";
  }
  Result<std::unique_ptr<ByteSource>> src = open_file(csv.string());
  ASSERT_TRUE(src) << src.error().to_string();
  parse::ReadOptions options;
  options.source = "cables-dev.csv";
  parse::RecordSplitter splitter(decompressing(std::move(src.value())), parse::Format::kCablesCsv,
                                 options);
  Tokenizer tok;
  std::size_t cables = 0, identical = 0, unread = 0, terms = 0, pair_terms = 0;
  std::size_t text_bytes = 0;
  // Every cable in the release run; every 8th under the sanitizers.
  const std::size_t every = test::sanitized() ? 8 : 1;
  std::size_t row = 0;
  while (std::optional<Result<parse::RawRecord>> rec = splitter.next()) {
    if (row++ % every != 0) continue;
    if (!*rec) {
      ++unread;
      continue;
    }
    Result<Cable> cable = parse::read_record(rec->value(), options);
    if (!cable) {
      ++unread;
      continue;
    }
    ++cables;
    text_bytes += cable->body.size();
    // Each group of portions is a document of its own.
    const access::CableAccess access = access::access_of(*cable);
    const std::vector<PortionGroup> groups = group_portions(access);
    const std::vector<Xapian::Document> docs = build_documents(*cable, access, "", tok);
    ASSERT_EQ(docs.size(), groups.size());
    bool same = true;
    for (std::size_t g = 0; g < groups.size() && same; ++g) {
      const std::vector<std::string> ours = dump(docs[g], true);
      const std::vector<std::string> theirs = dump(reference_document(group_texts(*cable, access, groups[g])), false);
      terms += theirs.size();
      for (const std::string& line : theirs) pair_terms += line.starts_with(terms::kPair) ? 1 : 0;
      if (ours != theirs) {
        same = false;
        ADD_FAILURE() << cable->id.value_or("?") << " (line " << rec->value().line << ", group " << g
                      << "): " << first_difference(ours, theirs);
      }
    }
    identical += same ? 1 : 0;
  }
  std::printf(
      "tokenizer corpus: %zu of %zu cables index identically to TermGenerator "
      "(%zu text terms, %zu of them phrase pairs, %.1f MB of body; %zu rows unread)\n",
      identical, cables, terms, pair_terms, static_cast<double>(text_bytes) / 1e6, unread);
  EXPECT_GT(cables, 0U);
  EXPECT_GT(pair_terms, 0U);
  EXPECT_EQ(identical, cables);
}

// Awkward pieces of text, glued at random.
constexpr std::string_view kPieces[] = {
    "U.S.",
    "U.S.A.",
    "U.N",
    "A.",
    "AT&T",
    "M&S",
    "C++",
    "C#",
    "F#",
    "C++++",
    "+",
    "#",
    "++",
    "'",
    "''",
    "\xE2\x80\x99",
    "\xE2\x80\x9B",
    "&",
    ".",
    ",",
    ";",
    ":",
    "-",
    "_",
    "/",
    "(",
    ")",
    "\"",
    " ",
    " ",
    " ",
    "\n",
    "\t",
    "1",
    "2",
    "07",
    "1,000",
    "3.5",
    "1.",
    ".5",
    "a",
    "b",
    "x",
    "Iran",
    "iran's",
    "IRAN",
    "programs",
    "Nuclear",
    "SECSTATE",
    "e-mail",
    "fish+chips",
    "\xC3\xA9",
    "\xC3\x89",
    "\xC3\x9F",  // e acute, E acute, sharp s
    "\xC4\xB0",  // I with dot above
    "\xC7\x85",  // titlecase DZ
    "\xC2\xB7",
    "\xD7\xB4",
    "\xE2\x80\xA7",  // infix dots
    "\xE2\x80\x8B",
    "\xE2\x80\x8C",
    "\xE2\x80\x8D",
    "\xE2\x81\xA0",
    "\xEF\xBB\xBF",  // zero-width
    "\xD9\xA3",      // Arabic-Indic digit three
    "\xCD\xBE",
    "\xD6\x89",
    "\xD8\x8D",
    "\xDF\xB8",
    "\xE2\x81\x84",
    "\xEF\xB8\x90",  // digit seps
    "\xE2\x91\xA0",
    "\xE2\x85\xAB",
    "\xC2\xB2",                  // circled one, roman twelve, superscript two
    "\xE4\xB8\xAD\xE6\x96\x87",  // CJK
    "\xCC\x81",                  // combining acute
    "\xCA\xBC",                  // modifier letter apostrophe
    "\xEF\xAC\x81",
    "\xCE\xA3",
    "\xF0\x9F\x98\x80",
    "\xC2\xB6",
    "\xE9",
    "\xC3",
    "\x80",
    "\xFF",
    "\xED\xA0\x80",
    "\xF4\x90\x80\x80",  // invalid UTF-8
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl",  // 64 bytes
};

TEST(TokenizerCorpus, RandomStringsIndexAsTermGeneratorDoes) {
  std::mt19937 rng(20070222);
  std::uniform_int_distribution<std::size_t> piece(0, std::size(kPieces) - 1);
  std::uniform_int_distribution<int> length(1, 24);
  Tokenizer tok;
  constexpr int kStrings = 5000;
  int identical = 0;
  for (int i = 0; i < kStrings; ++i) {
    std::string text;
    for (int n = length(rng); n > 0; --n) text += kPieces[piece(rng)];
    const std::string prefix = i % 2 == 0 ? "" : "XT";
    Xapian::Document ours, theirs;
    Xapian::termpos pos = 7;
    tok.index_text(text, prefix, ours, pos);
    Xapian::TermGenerator tg = reference_generator();
    tg.set_document(theirs);
    tg.set_termpos(7);
    tg.index_text(text, 1, prefix);
    const std::vector<std::string> a = dump(ours, false), b = dump(theirs, false);
    if (a == b && pos == tg.get_termpos()) {
      ++identical;
    } else {
      ADD_FAILURE() << "text \"" << text << "\": " << first_difference(a, b) << " (end pos " << pos
                    << " vs " << tg.get_termpos() << ")";
    }
  }
  std::printf("tokenizer random strings: %d of %d identical to TermGenerator\n", identical,
              kStrings);
  EXPECT_EQ(identical, kStrings);
}

}  // namespace
}  // namespace chancery::index
