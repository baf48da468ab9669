#include "core/diff.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace chancery::diff {
namespace {

std::string numbered(int from, int to, std::string_view prefix = "line ") {
  std::string s;
  for (int i = from; i <= to; ++i) s += std::string(prefix) + std::to_string(i) + "\n";
  return s;
}

// Applies a unified diff to `from`, to check that a diff (minimal or not)
// really turns one text into the other.
std::string patched(std::string_view from, std::string_view patch) {
  std::vector<std::string> a;
  for (std::size_t start = 0; start < from.size();) {
    std::size_t end = from.find('\n', start);
    end = end == std::string_view::npos ? from.size() : end + 1;
    a.emplace_back(from.substr(start, end - start));
    start = end;
  }
  std::string out;
  std::size_t next = 0;  // next line of a not yet copied
  std::size_t pos = 0;
  char last = ' ';  // the mark of the previous line
  while (pos < patch.size()) {
    std::size_t end = patch.find('\n', pos);
    std::string line(patch.substr(pos, end - pos));
    pos = end + 1;
    if (line.starts_with("---") || line.starts_with("+++")) continue;
    if (line.starts_with("@@ -")) {
      std::size_t start = std::stoul(line.substr(4));
      std::size_t count = 1;
      const std::size_t comma = line.find(',');
      if (comma != std::string::npos && comma < line.find(' ', 4))
        count = std::stoul(line.substr(comma + 1));
      const std::size_t first = count == 0 ? start : start - 1;
      while (next < first) out += a[next++];
      continue;
    }
    if (line == "\\ No newline at end of file") {
      if (last != '-') out.pop_back();  // the line just written had no newline
      continue;
    }
    last = line[0];
    if (line[0] == ' ') {
      out += line.substr(1) + "\n";
      ++next;
    } else if (line[0] == '-') {
      ++next;
    } else if (line[0] == '+') {
      out += line.substr(1) + "\n";
    }
  }
  while (next < a.size()) out += a[next++];
  return out;
}

TEST(UnifiedDiff, IdenticalTextsGiveNothing) {
  EXPECT_EQ(unified_diff("", ""), "");
  EXPECT_EQ(unified_diff("a\nb\n", "a\nb\n"), "");
}

TEST(UnifiedDiff, OneChangedLineWithContext) {
  const std::string from = numbered(1, 10);
  std::string to = from;
  to.replace(to.find("line 5\n"), 7, "LINE FIVE\n");
  EXPECT_EQ(unified_diff(from, to, "v1", "v2"),
            "--- v1\n+++ v2\n"
            "@@ -2,7 +2,7 @@\n"
            " line 2\n line 3\n line 4\n-line 5\n+LINE FIVE\n line 6\n line 7\n line 8\n");
}

TEST(UnifiedDiff, InsertAndDeleteAtTheEnds) {
  EXPECT_EQ(unified_diff("b\nc\n", "a\nb\nc\n"), "--- a\n+++ b\n@@ -1,2 +1,3 @@\n+a\n b\n c\n");
  EXPECT_EQ(unified_diff("a\nb\nc\n", "a\nb\n"), "--- a\n+++ b\n@@ -1,3 +1,2 @@\n a\n b\n-c\n");
  EXPECT_EQ(unified_diff("b\nc\n", "a\nb\nc\n", "a", "b", {.context = 0}),
            "--- a\n+++ b\n@@ -0,0 +1 @@\n+a\n");
  EXPECT_EQ(unified_diff("a\nb\nc\n", "a\nb\n", "a", "b", {.context = 0}),
            "--- a\n+++ b\n@@ -3 +2,0 @@\n-c\n");
  EXPECT_EQ(unified_diff("a\nb\n", "a\nx\nb\n"), "--- a\n+++ b\n@@ -1,2 +1,3 @@\n a\n+x\n b\n");
}

TEST(UnifiedDiff, EmptyInputs) {
  EXPECT_EQ(unified_diff("", "a\nb\n"), "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n");
  EXPECT_EQ(unified_diff("a\n", ""), "--- a\n+++ b\n@@ -1 +0,0 @@\n-a\n");
}

TEST(UnifiedDiff, MissingFinalNewlineIsShown) {
  EXPECT_EQ(unified_diff("a\nb", "a\nb\n"),
            "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
}

TEST(UnifiedDiff, NearbyChangesShareAHunkDistantOnesDoNot) {
  const std::string from = numbered(1, 30);
  auto change = [](std::string s, int line) {
    const std::string old = "line " + std::to_string(line) + "\n";
    return s.replace(s.find(old), old.size(), "changed " + std::to_string(line) + "\n");
  };
  // 6 unchanged lines between (= 2·context): one hunk.
  const std::string near = unified_diff(from, change(change(from, 5), 12));
  EXPECT_EQ(std::count(near.begin(), near.end(), '@'), 4) << near;
  EXPECT_NE(near.find("@@ -2,14 +2,14 @@"), std::string::npos) << near;
  // 7 unchanged lines between: two hunks.
  const std::string far = unified_diff(from, change(change(from, 5), 13));
  EXPECT_EQ(std::count(far.begin(), far.end(), '@'), 8) << far;
  EXPECT_NE(far.find("@@ -2,7 +2,7 @@"), std::string::npos) << far;
  EXPECT_NE(far.find("@@ -10,7 +10,7 @@"), std::string::npos) << far;
  // No context at all.
  const std::string bare = unified_diff(from, change(from, 5), "a", "b", {.context = 0});
  EXPECT_EQ(bare, "--- a\n+++ b\n@@ -5 +5 @@\n-line 5\n+changed 5\n");
}

TEST(UnifiedDiff, IsMinimalAndApplies) {
  struct Case {
    std::string from, to;
    std::size_t inserted, deleted;
  };
  for (const Case& c :
       {Case{"a\nb\nc\nd\n", "a\nc\nd\ne\n", 1, 1}, Case{"x\ny\nz\n", "z\ny\nx\n", 2, 2},
        Case{numbered(1, 50), numbered(1, 20) + numbered(30, 60), 10, 9},
        Case{"a\nb\na\nb\na\n", "b\na\nb\na\nb\n", 1, 1}}) {
    SCOPED_TRACE(c.from + "=>\n" + c.to);
    std::string patch;
    const DiffStats stats = append_unified_diff(c.from, c.to, "a", "b", {}, patch);
    EXPECT_TRUE(stats.minimal);
    EXPECT_EQ(stats.inserted, c.inserted);
    EXPECT_EQ(stats.deleted, c.deleted);
    EXPECT_EQ(patched(c.from, patch), c.to) << patch;
  }
}

TEST(UnifiedDiff, RandomTextsGiveMinimalDiffsThatApply) {
  std::mt19937 random(42);
  auto text = [&] {
    std::string s;
    const int lines = static_cast<int>(random() % 12);
    for (int i = 0; i < lines; ++i)
      s += std::string(1, static_cast<char>('a' + random() % 3)) + "\n";
    if (random() % 4 == 0) s += "d";  // no final newline
    return s;
  };
  auto lines_of = [](const std::string& s) {
    std::vector<std::string> v;
    for (std::size_t start = 0; start < s.size();) {
      std::size_t end = std::min(s.find('\n', start), s.size() - 1) + 1;
      v.push_back(s.substr(start, end - start));
      start = end;
    }
    return v;
  };
  for (int round = 0; round < 2000; ++round) {
    const std::string from = text();
    const std::string to = text();
    SCOPED_TRACE(from + "=>\n" + to);
    // The longest common subsequence, by the textbook table.
    const std::vector<std::string> a = lines_of(from);
    const std::vector<std::string> b = lines_of(to);
    std::vector<std::vector<std::size_t>> lcs(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = a.size(); i-- > 0;) {
      for (std::size_t j = b.size(); j-- > 0;) {
        lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    std::string patch;
    const DiffStats stats = append_unified_diff(
        from, to, "a", "b", {.context = static_cast<std::size_t>(round % 4)}, patch);
    EXPECT_EQ(stats.deleted, a.size() - lcs[0][0]);
    EXPECT_EQ(stats.inserted, b.size() - lcs[0][0]);
    EXPECT_EQ(patched(from, patch), to) << patch;
  }
}

TEST(UnifiedDiff, HostileInputIsBoundedAndStillCorrect) {
  // Every line differs: the edit distance is 2·20000, far past the bound, so
  // the middle is replaced whole instead of searched.
  const std::string from = numbered(1, 20000, "a");
  const std::string to = numbered(1, 20000, "b");
  std::string patch;
  const DiffStats stats = append_unified_diff("head\n" + from + "tail\n", "head\n" + to + "tail\n",
                                              "a", "b", {}, patch);
  EXPECT_FALSE(stats.minimal);
  EXPECT_EQ(stats.deleted, 20000u);
  EXPECT_EQ(stats.inserted, 20000u);
  EXPECT_TRUE(patch.starts_with("--- a\n+++ b\n@@ -1,20002 +1,20002 @@\n head\n-a1\n"))
      << patch.substr(0, 80);
  EXPECT_EQ(patched("head\n" + from + "tail\n", patch), "head\n" + to + "tail\n");

  // Long runs of equal lines make long snakes on every diagonal (x…x y…y
  // against y…y x…x): the work bound stops the search early.
  std::string xs;
  std::string ys;
  for (int i = 0; i < 5000; ++i) {
    xs += "x\n";
    ys += "y\n";
  }
  patch.clear();
  const DiffStats snakes = append_unified_diff(xs + ys, ys + xs, "a", "b", {}, patch);
  EXPECT_FALSE(snakes.minimal);
  EXPECT_EQ(patched(xs + ys, patch), ys + xs);
}

}  // namespace
}  // namespace chancery::diff
