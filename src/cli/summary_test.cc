#include "cli/summary.h"

#include <string>

#include <gtest/gtest.h>

namespace chancery::cli {
namespace {

std::size_t columns(std::string_view line) {
  std::size_t n = 0;
  for (char c : line) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

Cable seed() {
  Cable c;
  c.id = "07TELAVIV557";
  c.created = "2007-02-22T07:11Z";
  c.classification = "SECRET";
  c.subject =
      "iran-unsc: under secretary joseph's discussions with israeli government "
      "officials (cable 4 of 4)";
  c.paragraphs.resize(19);
  c.warnings.resize(2);
  return c;
}

TEST(Summary, ShowsTheColumnsOnOneLine) {
  std::string out;
  append_summary(seed(), 200, out);
  EXPECT_EQ(out,
            "07TELAVIV557      2007-02-22 07:11  SECRET         19\u00B6   2w  iran-unsc: under "
            "secretary joseph's discussions with israeli government officials (cable 4 of 4)\n");
}

TEST(Summary, CutsTheSubjectToTheWidth) {
  for (std::size_t width : {80, 100, 120}) {
    SCOPED_TRACE(width);
    std::string out;
    append_summary(seed(), width, out);
    ASSERT_EQ(out.back(), '\n');
    out.pop_back();
    EXPECT_EQ(columns(out), width);
    EXPECT_TRUE(out.ends_with("\u2026"));
  }
}

TEST(Summary, MissingValuesAreDashes) {
  std::string out;
  append_summary(Cable{}, 120, out);
  EXPECT_EQ(out,
            "-                 -                 -               0\u00B6   0w  (no subject)\n");
}

TEST(Summary, KeepsSomeSubjectOnANarrowTerminal) {
  std::string out;
  append_summary(seed(), 40, out);
  EXPECT_NE(out.find("  iran-unsc"), std::string::npos) << out;
}

TEST(Summary, ControlCharactersNeverReachTheTerminal) {
  Cable c = seed();
  c.id = "07X\x1b[2J1";
  c.subject =
      "a\tb\nc\x1b]0;title\x07 d\xC2\x9B"
      "e";
  std::string out;
  append_summary(c, 200, out);
  out.pop_back();
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto ch = static_cast<unsigned char>(out[i]);
    EXPECT_FALSE(ch < 0x20 || ch == 0x7F) << "byte " << i;
    if (ch == 0xC2 && i + 1 < out.size()) {
      EXPECT_GE(static_cast<unsigned char>(out[i + 1]), 0xA0) << "C1 control at " << i;
    }
  }
}

TEST(Summary, NeverCutsInsideACharacter) {
  Cable c = seed();
  c.subject = std::string(200, 'x');
  for (std::size_t i = 0; i < 200; i += 2) c.subject->replace(i, 1, "\u00E9");
  std::string out;
  append_summary(c, 90, out);
  out.pop_back();
  EXPECT_EQ(columns(out), 90u);
}

TEST(Summary, ShortensUnclassified) {
  EXPECT_EQ(short_classification("UNCLASSIFIED"), "UNCLAS");
  EXPECT_EQ(short_classification("UNCLASSIFIED//FOR OFFICIAL USE ONLY"), "UNCLAS//FOUO");
  EXPECT_EQ(short_classification("TOP SECRET"), "TOP SECRET");
}

}  // namespace
}  // namespace chancery::cli
