#include "core/text.h"

#include <gtest/gtest.h>

namespace chancery::text {
namespace {

TEST(Utf8, AcceptsWellFormedAndRejectsIllFormed) {
  struct Case { std::string_view bytes; bool valid; };
  for (const Case& c : {Case{"plain ascii", true}, Case{"caf\xC3\xA9", true},
                        Case{"\xE2\x80\x99quoted\xE2\x80\x9D", true}, Case{"\xF0\x9F\x98\x80", true},
                        Case{"\xC3", false}, Case{"\xC0\xAF", false}, Case{"\xED\xA0\x80", false},
                        Case{"\xF4\x90\x80\x80", false}, Case{"abc\xFF", false}}) {
    SCOPED_TRACE(c.bytes);
    EXPECT_EQ(is_valid_utf8(c.bytes), c.valid);
  }
}

TEST(Utf8, SanitizeReplacesEachBadByteAndWarnsOncePerLine) {
  std::vector<Warning> warnings;
  const std::string out = sanitize_utf8("ok\nb\xFF\xFE" "d\nfine", 10, &warnings);
  EXPECT_EQ(out, "ok\nb\xEF\xBF\xBD\xEF\xBF\xBD" "d\nfine");
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_EQ(warnings[0].line, 11);
  EXPECT_TRUE(is_valid_utf8(out));
}

TEST(Text, CaseInsensitiveHelpers) {
  EXPECT_TRUE(iequals("Subject", "SUBJECT"));
  EXPECT_TRUE(istarts_with("Tags: prel", "TAGS"));
  EXPECT_EQ(ifind("e.o. 12958: decl: 02/09/2017", "DECL"), 12U);
  EXPECT_EQ(squeeze_spaces("  a \n  b\t c "), "a b c");
  EXPECT_EQ(trim(" \n x \r\n"), "x");
}

}  // namespace
}  // namespace chancery::text

namespace chancery::text {
namespace {

// ifind scans eight bytes at a time; it must find exactly what a plain
// case-blind scan finds, at every alignment and near the end.
TEST(Text, IfindAgreesWithAPlainScan) {
  auto plain = [](std::string_view hay, std::string_view needle, std::size_t from) {
    for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
      if (iequals(hay.substr(i, needle.size()), needle)) return i;
    }
    return std::string_view::npos;
  };
  std::uint32_t state = 12345;
  auto next = [&] { return state = state * 1103515245u + 12345u; };
  const std::string alphabet = "sSuUmMaArRyY @`{ \\x00\\n.";
  for (int round = 0; round < 20000; ++round) {
    std::string hay(next() % 40, ' ');
    for (char& c : hay) c = alphabet[next() % alphabet.size()];
    std::string needle(1 + next() % 4, ' ');
    for (char& c : needle) c = alphabet[next() % alphabet.size()];
    const std::size_t from = hay.empty() ? 0 : next() % (hay.size() + 1);
    ASSERT_EQ(ifind(hay, needle, from), plain(hay, needle, from)) << hay << " / " << needle;
  }
}

}  // namespace
}  // namespace chancery::text
