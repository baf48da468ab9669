// The telegram as rendered: the header's format lines, the text's fields,
// sections and page headers (telegram-format.md sections 1-4 and 9).
#include <gtest/gtest.h>

#include "chancery/compose.h"
#include "chancery/parse.h"

namespace chancery::compose {
namespace {

Draft draft() {
  Draft d;
  d.from = "AMEMBASSY TEL AVIV";
  d.precedence = "ROUTINE";
  d.to = {{.name = "SECSTATE WASHDC", .precedence = "PRIORITY"}};
  d.info = {{.name = "IRAN COLLECTIVE", .precedence = std::nullopt},
            {.name = "AMEMBASSY LONDON", .precedence = std::nullopt}};
  d.exempt = {"AMEMBASSY KHARTOUM"};
  d.classification = "SECRET";
  d.captions = {"NOFORN", "SIPDIS"};
  d.passing = {"DEPT FOR NEA/IPA"};
  d.declassify_on = "2017-02-09";
  d.tags = {"PREL", "KNNP", "IR"};
  d.subject = "IRAN-UNSC: UNDER SECRETARY JOSEPH'S DISCUSSIONS";
  d.subject_marking = "C";
  d.references = {{.text = "TEL AVIV 553", .id = std::nullopt}, {.text = "STATE 12345", .id = std::nullopt}};
  d.classified_by = "Ambassador Richard H. Jones";
  d.reasons = {"1.4(b)", "1.4(d)"};
  d.paragraphs = {{.marking = "S", .text = "The talks.", .number = ""},
                  {.marking = "C/NF", .text = "More talks.", .number = ""}};
  d.signature = "JONES";
  return d;
}

Numbering numbering() {
  Numbering n;
  n.id = "07TELAVIV557";
  n.post = "TEL AVIV";
  n.serial = 557;
  n.station = "RUEHTV";
  n.dtg = "2007-02-22T07:11Z";
  n.transmission = "VZCZCXRO4354";
  n.routes = {"RUEHC", "RUCNIRA", "RUEHLO"};
  n.mcns = {"9537", "", "9341"};
  return n;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t nl = s.find('\n', i);
    if (nl == std::string::npos) nl = s.size();
    out.push_back(s.substr(i, nl - i));
    i = nl + 1;
  }
  return out;
}

TEST(RenderTelegram, HeaderFormatLines) {
  const std::vector<std::string> l = lines_of(render_telegram(draft(), numbering()));
  ASSERT_GT(l.size(), 14u);
  EXPECT_EQ(l[0], "VZCZCXRO4354");
  EXPECT_EQ(l[1], "PP RUEHC RUCNIRA RUEHLO");    // prosign of the highest precedence
  EXPECT_EQ(l[2], "DE RUEHTV #0557 0530711");    // day 053 is 22 February
  EXPECT_EQ(l[3], "ZNY SSSSS ZZH");
  EXPECT_EQ(l[4], "P R 220711Z FEB 07");         // action first, information differs
  EXPECT_EQ(l[5], "FM AMEMBASSY TEL AVIV");
  EXPECT_EQ(l[6], "TO RUEHC/SECSTATE WASHDC PRIORITY 9537");
  EXPECT_EQ(l[7], "INFO RUCNIRA/IRAN COLLECTIVE");  // ROUTINE is written without a word
  EXPECT_EQ(l[8], "RUEHLO/AMEMBASSY LONDON 9341");
  EXPECT_EQ(l[9], "XMT AMEMBASSY KHARTOUM");
  EXPECT_EQ(l[10], "BT");
  EXPECT_EQ(l[11], "S E C R E T TEL AVIV 000557");
  EXPECT_EQ(l[l.size() - 2], "BT");
  EXPECT_EQ(l.back(), "NNNN");
}

TEST(RenderTelegram, PrecedenceLettersAndSecurityLine) {
  struct Case {
    std::string classification;
    std::vector<std::string> captions;
    std::string draft_precedence;
    std::optional<std::string> to, info;
    std::string fl2, fl4, fl5;
  };
  for (const Case& c : {
           Case{"UNCLASSIFIED", {}, "ROUTINE", std::nullopt, std::nullopt, "RR", "ZNR UUUUU ZZH", "R"},
           Case{"UNCLASSIFIED", {"EFTO"}, "IMMEDIATE", std::nullopt, std::nullopt, "OO", "ZNY EEEEE ZZH", "O"},
           Case{"CONFIDENTIAL", {}, "ROUTINE", "NIACT IMMEDIATE", "PRIORITY", "OO", "ZNY CCCCC ZZH", "O P"},
           Case{"TOP SECRET", {}, "ROUTINE", "PRIORITY", "FLASH", "ZZ", "ZNY TTTTT ZZH", "P Z"},
           Case{"SECRET", {}, "IMMEDIATE", std::nullopt, std::nullopt, "OO", "ZNY SSSSS ZZH", "O"},
       }) {
    SCOPED_TRACE(c.classification + " " + c.fl5);
    Draft d = draft();
    d.classification = c.classification;
    d.captions = c.captions;
    d.precedence = c.draft_precedence;
    d.to = {{.name = "SECSTATE WASHDC", .precedence = c.to}};
    d.info = {{.name = "AMEMBASSY LONDON", .precedence = c.info}};
    Numbering n = numbering();
    n.routes.clear();
    const std::vector<std::string> l = lines_of(render_telegram(d, n));
    EXPECT_EQ(l[1], c.fl2);
    EXPECT_EQ(l[3], c.fl4);
    EXPECT_EQ(l[4], c.fl5 + " 220711Z FEB 07");
  }
}

TEST(RenderTelegram, TextFields) {
  const std::string t = render_telegram(draft(), numbering());
  for (std::string_view want :
       {"\nNOFORN\nSIPDIS\nDEPT FOR NEA/IPA\nE.O. 13526: DECL: 02/09/2017\nTAGS: PREL, KNNP, IR\n"
        "SUBJECT: (C) IRAN-UNSC: UNDER SECRETARY JOSEPH'S DISCUSSIONS\n\n",
        "\nREF: A. TEL AVIV 553\nB. STATE 12345\n\n",
        "\nClassified By: Ambassador Richard H. Jones; Reasons: 1.4(b), (d)\n\n",
        "\n1. (S) The talks.\n\n2. (C/NF) More talks.\n\nJONES\nBT\nNNNN\n"}) {
    EXPECT_NE(t.find(want), std::string::npos) << want << "\nin\n" << t;
  }
  Draft d = draft();
  d.classification = "UNCLASSIFIED";
  d.declassify_on = "";
  d.references.resize(1);
  d.paragraphs[0].number = "3";  // a number skipped
  d.paragraphs[0].marking = "";
  d.paragraphs[1].marking = "";
  const std::string u = render_telegram(d, numbering());
  EXPECT_NE(u.find("\nUNCLAS TEL AVIV 000557\n"), std::string::npos) << u;
  EXPECT_NE(u.find("\nE.O. 13526: DECL: N/A\n"), std::string::npos) << u;
  EXPECT_NE(u.find("\nREF: TEL AVIV 553\n"), std::string::npos) << u;  // a lone reference
  // Unmarked, a skipped number takes the paragraph sign the reader trusts.
  EXPECT_NE(u.find("\n\xC2\xB6" "3. The talks.\n\n4. More talks.\n"), std::string::npos) << u;
}

TEST(RenderTelegram, SectionsAndPageHeaders) {
  Draft d = draft();
  d.paragraphs.clear();
  for (int i = 0; i < 30; ++i) {
    d.paragraphs.push_back({.marking = "S",
                            .text = "The delegation discussed the next steps on Iran at some "
                                    "length and agreed to meet again in March.",
                            .number = ""});
  }
  const std::string t = render_telegram(d, numbering(), {.width = 65, .lines_per_section = 40});
  const std::vector<std::string> l = lines_of(t);
  EXPECT_EQ(l[2], "DE RUEHTV #0557/01 0530711");
  EXPECT_EQ(l[11], "S E C R E T SECTION 01 OF 03 TEL AVIV 000557");
  std::vector<std::size_t> headers;
  for (std::size_t i = 0; i < l.size(); ++i) {
    if (l[i].starts_with("TEL AVIV 00000557 ")) headers.push_back(i);
  }
  ASSERT_EQ(headers.size(), 2u) << t;
  EXPECT_EQ(l[headers[0]], "TEL AVIV 00000557 002 OF 003");
  EXPECT_EQ(l[headers[1]], "TEL AVIV 00000557 003 OF 003");
  // At most 40 text lines a section, the page header included; the breaks
  // fall between paragraphs.
  EXPECT_LE(headers[0] - 11, 40u);
  EXPECT_LE(headers[1] - headers[0], 40u);
  for (std::size_t h : headers) {
    EXPECT_NE(l[h + 1].find(". (S) The delegation"), std::string::npos) << l[h + 1];
  }
  for (std::size_t i = 12; i < l.size(); ++i) EXPECT_LE(l[i].size(), 65u) << l[i];
  // And the reader reads it back whole.
  std::string archived = t;
  archived.erase(archived.find("\nBT\n") + 1, 3);
  archived.resize(archived.size() - 8);
  Result<Cable> c = parse::read_telegram(archived);
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->sections, 3);
  EXPECT_EQ(c->paragraphs.size(), 30u);
  EXPECT_EQ(c->id, "07TELAVIV557");
}

TEST(RenderTelegram, ClassifierNamesTheReaderWouldTrim) {
  // Archived names end oddly; a connective the reader takes off keeps them whole.
  for (std::string_view name : {"Ambassador David Hale for", "COM: Michael E. Parmly:", "X per"}) {
    SCOPED_TRACE(name);
    Draft d = draft();
    d.classified_by = std::string(name);
    std::string t = render_telegram(d, numbering());
    t.erase(t.find("\nBT\n") + 1, 3);
    t.resize(t.size() - 8);
    Result<Cable> c = parse::read_telegram(t);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->classified_by, std::string(name)) << t;
    EXPECT_EQ(c->reasons, d.reasons);
  }
}

TEST(RenderTelegram, AnEmptyDraftStillRenders) {
  const std::string t = render_telegram(Draft{}, Numbering{}, {.width = 0, .lines_per_section = 0});
  EXPECT_TRUE(t.starts_with("VZCZCXRO0000\nRR\nDE #0000 0010000\nZNR UUUUU ZZH\nR 010000Z JAN 00\nBT\nUNCLAS\n"))
      << t;
  EXPECT_TRUE(t.ends_with("\nBT\nNNNN\n")) << t;
}

// The reader skips the BT separators and the NNNN end marker (format §1.9,
// "parsers must not require them"): "BT" after the INFO block is no
// addressee, and the end marker is no text of the last paragraph.
TEST(RenderTelegram, ReaderSkipsSeparators) {
  Draft d = draft();
  d.exempt.clear();  // BT after an XMT line happens to pass
  Result<Cable> c = parse::read_telegram(render_telegram(d, numbering()));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->info.size(), 2u);
  EXPECT_EQ(c->info.back().name, "AMEMBASSY LONDON");
  EXPECT_EQ(c->signed_by, std::vector<std::string>{"JONES"});
  ASSERT_EQ(c->paragraphs.size(), 2u);
  EXPECT_EQ(c->paragraphs[1].text, "More talks.");
}

}  // namespace
}  // namespace chancery::compose
