#include "cli/render_cable.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace chancery::cli {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

archive::StoredCable seed() {
  archive::StoredCable stored;
  stored.version = 2;
  stored.versions.resize(2);
  stored.versions[0] = {.version = 1,
                        .digest = "aa",
                        .ingested = "2024-05-01T10:00:00Z",
                        .source = "old.txt",
                        .format = "plain"};
  stored.versions[1] = {.version = 2,
                        .digest = "bb",
                        .ingested = "2024-06-01T10:00:00Z",
                        .source = "new.txt",
                        .format = "plain"};
  Cable& c = stored.record;
  c.id = "07TELAVIV557";
  c.origin = "Embassy Tel Aviv";
  c.created = "2007-02-22T07:11Z";
  c.classification = "SECRET";
  c.handling = {"SIPDIS"};
  c.precedence = "PRIORITY";
  c.from = "AMEMBASSY TEL AVIV";
  c.to.resize(1);
  c.to[0].route = "RUEHC";
  c.to[0].name = "SECSTATE WASHDC";
  c.subject = "iran-unsc: under secretary joseph's discussions (cable 4 of 4)";
  c.tags = {"PREL", "KNNP"};
  c.references = {Reference{.bullet = "a", .id = "07TELAVIV553", .text = "Tel aviv 00553"},
                  Reference{.bullet = "b", .id = "07TELAVIV554", .text = "Tel aviv 00554"},
                  Reference{.bullet = "c", .id = std::nullopt, .text = "email of 2 feb"}};
  c.classified_by = "Ambassador Richard H. Jones";
  c.reasons = {"1.4(b)", "1.4(d)"};
  c.declassify_on = "2017-02-09";
  c.paragraphs = {Paragraph{.number = "1", .marking = "S", .text = "During his visit."},
                  Paragraph{.number = "2", .marking = "C", .text = "Points."}};
  c.body =
      "S e c r e t section 01 of 04 tel aviv 000557\n"
      "\n"
      "¶1. (S) During his visit.\n"
      "\n"
      "2.  (C) Points.\n"
      "A. (S/NF) A lettered item.\n"
      "(C) not a paragraph start, left alone\n"
      "1999. a year, not a paragraph\n";
  return stored;
}

std::optional<std::string> archive_with_553(std::string_view id) {
  if (id == "07TELAVIV553") return "the cited cable's subject";
  return std::nullopt;
}

TEST(RenderCable, BannersTopAndBottom) {
  const std::vector<std::string> lines = lines_of(render_cable(seed(), {}));
  ASSERT_GE(lines.size(), 3u);
  EXPECT_NE(lines.front().find(" SECRET "), std::string::npos) << lines.front();
  EXPECT_EQ(lines.front(), lines.back());
  EXPECT_TRUE(lines.front().starts_with("\xE2\x94\x81")) << lines.front();
}

TEST(RenderCable, HeaderBlock) {
  const std::string out = render_cable(seed(), {});
  for (std::string_view line :
       {"id          07TELAVIV557\n", "origin      Embassy Tel Aviv\n",
        "created     2007-02-22 07:11 UTC\n", "precedence  PRIORITY\n",
        "from        AMEMBASSY TEL AVIV\n", "to          SECSTATE WASHDC\n",
        "tags        PREL, KNNP\n",
        "subject     iran-unsc: under secretary joseph's discussions (cable 4 of 4)\n",
        "classified  by Ambassador Richard H. Jones, reasons 1.4(b) 1.4(d)\n",
        "declassify  on 2017-02-09\n", "versions      1  2024-05-01T10:00:00Z  old.txt (plain)\n",
        "            * 2  2024-06-01T10:00:00Z  new.txt (plain)\n"}) {
    EXPECT_NE(out.find(line), std::string::npos) << line << "\n" << out;
  }
}

TEST(RenderCable, ReferencesResolvedOrMarkedMissing) {
  const std::string out = render_cable(seed(), {.color = false, .subject_of = archive_with_553});
  EXPECT_NE(
      out.find(
          "references  a. 07TELAVIV553  Tel aviv 00553  \xE2\x80\x94 the cited cable's subject\n"),
      std::string::npos)
      << out;
  EXPECT_NE(out.find("            b. 07TELAVIV554  Tel aviv 00554  (not in the archive)\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("            c. email of 2 feb  (not a cable)\n"), std::string::npos) << out;
  // Without a lookup, references are shown as written.
  EXPECT_NE(render_cable(seed(), {}).find("a. 07TELAVIV553  Tel aviv 00553\n"), std::string::npos);
}

TEST(RenderCable, ParagraphNumbersAndPortionMarks) {
  const std::string plain = render_cable(seed(), {});
  EXPECT_NE(plain.find("\n¶1. (S) During his visit.\n"), std::string::npos) << plain;
  EXPECT_NE(plain.find("\n¶2.  (C) Points.\n"), std::string::npos) << plain;
  EXPECT_NE(plain.find("\nA. (S/NF) A lettered item.\n"), std::string::npos) << plain;
  EXPECT_NE(plain.find("\n1999. a year, not a paragraph\n"), std::string::npos) << plain;

  const std::string colored = render_cable(seed(), {.color = true});
  EXPECT_NE(colored.find("\x1b[1m¶1.\x1b[0m \x1b[1;31m(S)\x1b[0m During"), std::string::npos)
      << colored;
  EXPECT_NE(colored.find("\x1b[1m¶2.\x1b[0m  \x1b[1;34m(C)\x1b[0m Points"), std::string::npos)
      << colored;
  EXPECT_NE(colored.find("A. \x1b[1;31m(S/NF)\x1b[0m"), std::string::npos) << colored;
  EXPECT_NE(colored.find("\n(C) not a paragraph start"), std::string::npos) << colored;
  EXPECT_NE(colored.find("\x1b[1;97;41m SECRET \x1b[0m"), std::string::npos) << colored;
}

TEST(RenderCable, BannerColorFollowsTheLevel) {
  EXPECT_EQ(level_color("TOP SECRET"), "1;97;48;5;208");
  EXPECT_EQ(level_color("SECRET"), "1;97;41");
  EXPECT_EQ(level_color("CONFIDENTIAL"), "1;97;44");
  EXPECT_EQ(level_color("UNCLASSIFIED//FOR OFFICIAL USE ONLY"), "1;97;42");
  EXPECT_EQ(level_color("whatever"), "");
}

TEST(RenderCable, NoEscapeSequenceWithoutColorEvenFromHostileText) {
  archive::StoredCable stored = seed();
  stored.record.subject = "evil\x1b[2J subject\r";
  stored.record.body +=
      "clear \x1b]0;title\x07 and C1 \xC2\x9B"
      "31m here\n";
  stored.record.tags.push_back("\x1b[31m");
  const std::string out = render_cable(stored, {.subject_of = archive_with_553});
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_EQ(out.find('\x07'), std::string::npos);
  EXPECT_EQ(out.find('\r'), std::string::npos);
  EXPECT_EQ(out.find("\xC2\x9B"), std::string::npos);
  EXPECT_NE(out.find("subject     evil [2J subject \n"), std::string::npos) << out;
  // With color, the only escapes are ours: the cable's own are still spaces.
  const std::string colored = render_cable(stored, {.color = true});
  EXPECT_EQ(colored.find("\x1b[2J"), std::string::npos);
  EXPECT_EQ(colored.find("\x1b]0"), std::string::npos);
}

TEST(RenderCable, MissingFieldsAreLeftOut) {
  archive::StoredCable stored;
  stored.record.id = "99X1";
  stored.record.body = "text\n";
  const std::string out = render_cable(stored, {});
  EXPECT_NE(out.find(" UNKNOWN CLASSIFICATION "), std::string::npos) << out;
  EXPECT_EQ(out.find("origin"), std::string::npos) << out;
  EXPECT_EQ(out.find("references"), std::string::npos) << out;
  EXPECT_NE(out.find("declassify  (no date given)\n"), std::string::npos) << out;
}

TEST(Printable, ControlsBecomeSpaces) {
  std::string out;
  append_printable("a\tb\nc\x01\x7f\xC2\x85\xC2\xB6", out);
  EXPECT_EQ(out, "a\tb\nc   \xC2\xB6");
  out.clear();
  append_printable("a\tb\nc", out, false);
  EXPECT_EQ(out, "a b c");
}

}  // namespace
}  // namespace chancery::cli
