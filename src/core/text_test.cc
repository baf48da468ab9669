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
