#include "archive/snippet.h"

#include <gtest/gtest.h>

namespace chancery::archive {
namespace {

const SnippetStyle kMarks{.length = 60, .open = "[", .close = "]", .ellipsis = "..."};

TEST(Snippet, HighlightsWordsBeginningWithAQueryWordCaseBlind) {
  EXPECT_EQ(make_snippet("The Iranian programs and IRAN's program.", {"iran", "program"}, kMarks),
            "The [Iranian] [programs] and [IRAN]'s [program].");
}

TEST(Snippet, ShortQueryWordsMatchOnlyWholeWords) {
  EXPECT_EQ(make_snippet("a UN vote, an unusual one", {"un"}, kMarks), "a [UN] vote, an unusual one");
}

TEST(Snippet, FoldsWhiteSpaceAndDropsControlBytes) {
  EXPECT_EQ(make_snippet("one\n\n  two\t\x01three", {"two"}, kMarks), "one [two] three");
}

TEST(Snippet, TheDensestStretchWinsAndTheCutsAreMarked) {
  const std::string text =
      "oil is mentioned once here, then a long stretch of words without the other one at all, "
      "until sanctions and more sanctions and oil sanctions come together near the end of it all";
  SnippetStyle style = kMarks;
  style.length = 110;  // the lead (40 bytes) and the stretch
  const std::string s = make_snippet(text, {"sanction", "oil"}, style);
  EXPECT_EQ(s.rfind("...", 0), 0u) << s;  // cut before
  EXPECT_NE(s.find("[sanctions] and more [sanctions] and [oil] [sanctions]"), std::string::npos) << s;
  EXPECT_EQ(s.substr(s.size() - 3), "...") << s;  // and after
}

TEST(Snippet, NoMatchGivesTheStartAndNothingGivesNothing) {
  EXPECT_EQ(make_snippet("alpha beta gamma", {"zeta"}, kMarks), "alpha beta gamma");
  EXPECT_EQ(make_snippet("", {"zeta"}, kMarks), "");
  EXPECT_EQ(make_snippet(" ,;; ", {"zeta"}, kMarks), "");
}

TEST(Snippet, NeverSplitsAUtf8Sequence) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "caf\xC3\xA9 na\xC3\xAFve ";
  const std::string s = make_snippet(text, {"naive"}, kMarks);
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) == 0xC3) {
      EXPECT_GE(static_cast<unsigned char>(s[i + 1]), 0x80u);
    }
  }
  EXPECT_NE(static_cast<unsigned char>(s.back()), 0xC3u);
}

}  // namespace
}  // namespace chancery::archive
