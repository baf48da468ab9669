#include "index/tokenizer.h"

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace chancery::index {
namespace {

// A document's terms with wdf and positions, one per line, to compare two
// documents and see where they differ.
std::string dump(const Xapian::Document& doc) {
  std::string out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    out += *t;
    out += " wdf=" + std::to_string(t.get_wdf()) + " pos=";
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
      out += std::to_string(*p) + ",";
    }
    out += '\n';
  }
  return out;
}

// What Xapian::TermGenerator makes of `text`, as the index's contract says.
std::string reference(std::string_view text, std::string_view prefix) {
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("english"));
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
  Xapian::Document doc;
  tg.set_document(doc);
  tg.index_text(std::string(text), 1, std::string(prefix));
  return dump(doc);
}

std::string ours(std::string_view text, std::string_view prefix) {
  Tokenizer tok;
  Xapian::Document doc;
  Xapian::termpos pos = 0;
  tok.index_text(text, prefix, doc, pos);
  return dump(doc);
}

std::vector<std::string> words(std::string_view text) {
  Tokenizer tok;
  std::vector<std::string> out;
  tok.for_each_word(text, [&](const std::string& w) { out.push_back(w); });
  return out;
}

using Words = std::vector<std::string>;

TEST(Tokenizer, SplitsWordsAsTermGenerator) {
  struct Case {
    std::string_view text;
    Words words;
  };
  const std::string long_word(65, 'x');
  for (const Case& c : {
           Case{"", {}},
           Case{"  ,;. ", {}},
           Case{"Iran's nuclear PROGRAM", {"iran's", "nuclear", "program"}},
           Case{"Iran\xE2\x80\x99s", {"iran's"}},  // U+2019
           Case{"Iran\xE2\x80\x9Bs", {"iran's"}},  // U+201B
           Case{"rock'n'roll 'quoted'", {"rock'n'roll", "quoted"}},
           Case{"AT&T M&S a & b", {"at&t", "m&s", "a", "b"}},
           Case{"U.S.A. and U.S. policy", {"usa", "and", "us", "policy"}},
           Case{"U.S.A", {"usa"}},
           Case{"U.N.C.L.E.", {"uncle"}},
           Case{"U.S.bank", {"u", "s", "bank"}},
           Case{"A. Smith", {"a", "smith"}},
           Case{"US UK", {"us", "uk"}},
           Case{"1,000 3.5 1;2 1.2.3", {"1,000", "3.5", "1;2", "1.2.3"}},
           Case{"a,b a.b 1,a", {"a", "b", "a", "b", "1", "a"}},
           Case{"1, 000 end.", {"1", "000", "end"}},
           Case{"C++ C# C+++ F#!", {"c++", "c#", "c+++", "f#"}},
           Case{"C++++ x", {"c", "x"}},
           Case{"fish+chips", {"fish", "chips"}},
           Case{"under_score snake_case_", {"under_score", "snake_case_"}},
           Case{"e-mail well-known", {"e", "mail", "well", "known"}},
           Case{"ab\xE2\x80\x8B"
                "cd",
                {"abcd"}},  // zero-width space inside a word
           Case{"12\xE2\x80\x8B"
                "34",
                {"1234"}},  // ... and inside a number
           Case{"\xE2\x80\x8B"
                "ab",
                {"ab"}},
           Case{"Caf\xC3\xA9 \xC3\x89T\xC3\x89", {"caf\xC3\xA9", "\xC3\xA9t\xC3\xA9"}},
           Case{"\xC2\xB6"
                "2. text",
                {"2", "text"}},                         // pilcrow
           Case{"l\xC2\xB7l", {"l\xC2\xB7l"}},          // U+00B7 middle dot
           Case{"caf\xE9 x", {"caf\xC3\xA9", "x"}},     // invalid UTF-8: a Latin-1 byte
           Case{"\xFF\xFE\x80", {"\xC3\xBF\xC3\xBE"}},  // U+00FF U+00FE, then a control
           Case{long_word, {long_word}},                // split, then dropped by index_text
       }) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(words(c.text), c.words);
    EXPECT_EQ(ours(c.text, ""), reference(c.text, ""));
    EXPECT_EQ(ours(c.text, "XO"), reference(c.text, "XO"));
  }
}

TEST(Tokenizer, AsciiCharactersAgreeWithXapian) {
  // Every ASCII character alone, between letters, between digits, after a
  // capital and at the end of a word.
  for (int c = 0; c < 128; ++c) {
    const std::string ch(1, static_cast<char>(c));
    for (const std::string& text :
         {ch, "ab" + ch + "cd", "12" + ch + "34", "A" + ch + "B" + ch, "x" + ch, ch + "x"}) {
      SCOPED_TRACE(testing::Message() << "character " << c);
      EXPECT_EQ(ours(text, ""), reference(text, ""));
    }
  }
}

TEST(Tokenizer, AddsPositionsStemsAndPrefixes) {
  Tokenizer tok;
  Xapian::Document doc;
  Xapian::termpos pos = 10;
  tok.index_text("Programs, 2007 programs", "S", doc, pos);
  EXPECT_EQ(pos, 13U);
  // Stems only, each with the positions of every word of that stem.
  EXPECT_EQ(dump(doc),
            "S2007 wdf=1 pos=12,\n"
            "Sprogram wdf=2 pos=11,13,\n");
  tok.index_text("program's programme", "S", doc, pos);
  EXPECT_EQ(dump(doc),
            "S2007 wdf=1 pos=12,\n"
            "Sprogram wdf=3 pos=11,13,14,\n"
            "Sprogramm wdf=1 pos=15,\n");
}

// Listed pairs of adjacent stems (phrase_pairs.h) of the text last indexed,
// unprefixed: one term each, its count as wdf, no positions.
TEST(Tokenizer, AddsListedPhrasePairsOfUnprefixedText) {
  Tokenizer tok;
  Xapian::Document doc;
  Xapian::termpos pos = 0;
  // Punctuation does not part words for a phrase (positions stay adjacent);
  // "rights human" and "human and rights" are no pair.
  tok.index_text("Human rights. Human, Rights! rights human; human and rights", "", doc, pos);
  tok.add_phrase_pairs(doc);
  EXPECT_EQ(dump(doc),
            "XPhuman right wdf=2 pos=\n"
            "and wdf=1 pos=8,\n"
            "human wdf=4 pos=1,3,6,7,\n"
            "right wdf=4 pos=2,4,5,9,\n");
  // Each call's pairs: of its own text only, none across two texts.
  Xapian::Document across;
  pos = 0;
  tok.index_text("the prime", "", across, pos);
  tok.add_phrase_pairs(across);
  tok.index_text("minister said", "", across, pos);
  tok.add_phrase_pairs(across);
  EXPECT_EQ(across.termlist_count(), 4U);
  // Prefixed text has none.
  Xapian::Document subject;
  pos = 0;
  tok.index_text("human rights", "S", subject, pos);
  tok.add_phrase_pairs(subject);
  EXPECT_EQ(dump(subject), "Shuman wdf=1 pos=1,\nSright wdf=1 pos=2,\n");
}

TEST(Tokenizer, DropsOverLongWordsWithoutUsingAPosition) {
  Tokenizer tok;
  Xapian::Document doc;
  Xapian::termpos pos = 0;
  const std::string longest(Tokenizer::kMaxWordBytes, 'a');
  tok.index_text(std::string(Tokenizer::kMaxWordBytes + 1, 'b') + " " + longest + " end", "", doc,
                 pos);
  EXPECT_EQ(pos, 2U);
  EXPECT_EQ(doc.termlist_count(), 2U);  // longest, end
}

TEST(Tokenizer, OneTokenizerServesManyTextsAndPrefixes) {
  // The tokenizer remembers words between texts; each text still gets
  // exactly its own terms.
  Tokenizer tok;
  for (int round = 0; round < 3; ++round) {
    for (const std::string_view prefix : {"", "S", "XT"}) {
      for (const std::string_view text :
           {"program programs Programmed", "the programs, the program", "", "U.S. C++ 1,000"}) {
        SCOPED_TRACE(testing::Message() << prefix << ": " << text);
        Xapian::Document doc;
        Xapian::termpos pos = 0;
        tok.index_text(text, prefix, doc, pos);
        EXPECT_EQ(dump(doc), reference(text, prefix));
      }
    }
  }
}

TEST(Tokenizer, SurvivesArbitraryBytes) {
  std::string bytes;
  for (int i = 0; i < 4096; ++i) bytes.push_back(static_cast<char>((i * 7919) % 256));
  for (std::size_t cut = 0; cut < 64; ++cut) {
    const std::string text = bytes.substr(cut, 512 + cut);
    EXPECT_EQ(ours(text, ""), reference(text, ""));
  }
}

}  // namespace
}  // namespace chancery::index
