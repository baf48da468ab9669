#include "parse/cablegate_html.h"

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "chancery/parse.h"

#include "parse/cables_csv.h"

#define ASSERT_OK(r) ASSERT_TRUE((r).has_value()) << (r).error().to_string()

namespace chancery::parse {
namespace {

std::string testdata(const std::string& name) {
  std::ifstream in(std::string(CHANCERY_TESTDATA_DIR) + "/readers/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(CablegateDecode, DecodesEntitiesExactly) {
  struct Case {
    std::string_view html;
    std::string_view text;
  };
  for (const Case& c : {
           Case{"A&#x000A;B", "A\nB"},
           Case{"&#x000a;&#10;&#X41;", "\n\nA"},
           Case{"&amp; &lt; &gt; &quot; &apos;", "& < > \" '"},
           Case{"&nbsp;&eacute;&copy;&mdash;&euro;", "\u00A0\u00E9\u00A9\u2014\u20AC"},
           Case{"&#xE9;&#233;&#x1F600;", "\u00E9\u00E9\U0001F600"},
           Case{"&#0;&#xD800;&#x110000;&#99999999999;", "\uFFFD\uFFFD\uFFFD\uFFFD"},
           // A raw & that starts no entity stays as written.
           Case{"R&D; S&ED; &processes8; AT&T", "R&D; S&ED; &processes8; AT&T"},
           Case{"&pounding &not squeamish8", "&pounding &not squeamish8"},
           Case{"& &; &#; &#x; &#x41 &amp", "& &; &#; &#x; &#x41 &amp"},
           Case{"trailing &", "trailing &"},
           Case{"&#x000A", "&#x000A"},
       }) {
    SCOPED_TRACE(c.html);
    EXPECT_EQ(decode_cablegate_text(c.html), c.text);
  }
}

TEST(CablegateDecode, RemovesLinkTagsOnly) {
  struct Case {
    std::string_view html;
    std::string_view text;
  };
  for (const Case& c : {
           Case{"TAGS: <a href='/tag/PREL_0.html'>PREL</a> <a href='/tag/IR_0.html'>IR</a>",
                "TAGS: PREL IR"},
           Case{"<a id='par1' href='#par1'>\u00B6</a>1. (C) Text", "\u00B61. (C) Text"},
           Case{"<A HREF='x'>y</A >", "y"},
           // Raw < and > in cable text, and tags that are not links, stay;
           // <br> (the export's line-break markup; the CSV form has none) and
           // a mangled "< /a>" go.
           Case{"<<Israel>> destroyed", "<<Israel>> destroyed"},
           Case{"SIPDIS <br> x < y > z", "SIPDIS  x < y > z"},
           Case{"buenosaires.< /a> End", "buenosaires. End"},
           Case{"<abbr>X</abbr> <a", "<abbr>X</abbr> <a"},
           Case{"<a href='unterminated", "<a href='unterminated"},
       }) {
    SCOPED_TRACE(c.html);
    EXPECT_EQ(decode_cablegate_text(c.html), c.text);
  }
}

TEST(CablegateAnchors, ListsParagraphAnchorsInOrder) {
  EXPECT_EQ(cablegate_paragraph_anchors(
                "x <a id='par1' href='#par1'>\u00B6</a>1. a <a id='par2' href='#par2'>\u00B6</a>2. "
                "<a id='parB' href='#parB'>\u00B6</a>B. id='par9' in text"),
            (std::vector<std::string>{"1", "2", "B"}));
  EXPECT_EQ(cablegate_paragraph_anchors(testdata("06SANJOSE707.html")),
            (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}));
}

TEST(CablegatePage, ReadsTheMetadataTable) {
  struct Case {
    std::string file, id, created, released, classification, origin;
  };
  for (const Case& c : {
           // The classification link's title says 'unclassified'; its text is right.
           Case{"01PARIS11204.html", "01PARIS11204", "2001-10-16 05:05", "2011-01-21 16:04",
                "CONFIDENTIAL", "Embassy Paris"},
           // An "Appears in these articles:" row follows the data row.
           Case{"06SANJOSE707.html", "06SANJOSE707", "2006-03-30 23:11", "2011-03-03 16:04",
                "CONFIDENTIAL", "Embassy San Jose"},
           Case{"09AITTAIPEI275.html", "09AITTAIPEI275", "2009-03-12 09:09", "2011-04-06 00:12",
                "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "American Institute Taiwan, Taipei"},
       }) {
    SCOPED_TRACE(c.file);
    const std::string page = testdata(c.file);
    const std::optional<CablegatePage> scanned = scan_cablegate_page(page);
    ASSERT_TRUE(scanned.has_value());
    ASSERT_EQ(scanned->cells.size(), 5U);
    EXPECT_EQ(cablegate_cell_text(scanned->cells[0]), c.id);
    EXPECT_EQ(cablegate_cell_text(scanned->cells[1]), c.created);
    EXPECT_EQ(cablegate_cell_text(scanned->cells[2]), c.released);
    EXPECT_EQ(cablegate_cell_text(scanned->cells[3]), c.classification);
    EXPECT_EQ(cablegate_cell_text(scanned->cells[4]), c.origin);

    ReadOptions options;
    options.keep_raw = true;
    options.source = c.file;
    Result<Cable> cable = read_cablegate_html(page, options);
    ASSERT_OK(cable);
    EXPECT_EQ(cable->id, c.id);
    EXPECT_EQ(cable->origin, c.origin);
    EXPECT_EQ(cable->released, c.released.substr(0, 10) + "T" + c.released.substr(11) + "Z");
    EXPECT_EQ(cable->format, "cablegate-html");
    ASSERT_TRUE(cable->raw.has_value());
    EXPECT_EQ(cable->raw->header, scanned->header_block);
    EXPECT_EQ(cable->raw->body, scanned->body_block);
    EXPECT_NE(cable->raw->body.find("&#x000A;"), std::string::npos);
  }
}

TEST(CablegatePage, EntityInACellIsDecoded) {
  EXPECT_EQ(
      cablegate_cell_text("\n<a href='/origin/1_0.html'>US Delegation, Secretary &amp; Co</a>\n"),
      "US Delegation, Secretary & Co");
}

TEST(CablegatePage, WithoutTheCableTableIsNotACablegatePage) {
  ReadOptions options;
  options.source = "page.html";
  for (std::string_view page :
       {std::string_view("<html><body><pre>text</pre></body></html>"),
        std::string_view("<table class='cable'><tr><td>x</td></tr></table>"),
        std::string_view("UNCLASSIFIED\nSUBJECT: x\n"), std::string_view("<table class='cable'")}) {
    SCOPED_TRACE(page);
    Result<Cable> cable = read_cablegate_html(page, options);
    ASSERT_FALSE(cable.has_value());
    EXPECT_EQ(cable.error().code, Errc::kInvalidInput);
    EXPECT_EQ(cable.error().where, "page.html");
    EXPECT_NE(cable.error().message.find("not a Cablegate cable page"), std::string::npos);
  }
  Result<Cable> empty = read_cablegate_html("", options);
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().message, "empty input");
}

TEST(CablegatePage, InvalidUtf8IsReplacedAndWarnedOnItsDecodedLine) {
  // Header: 2 lines (1-2); body starts on line 3, the bad byte is on line 4.
  const std::string page =
      "<table class='cable'><tr><th>Reference ID</th></tr><tr><td><a>09X1</a></td><td>"
      "<a>2009-01-02 03:04</a></td><td><a>2011-01-02 03:04</a></td><td><a>SECRET</a></td>"
      "<td><a>Embassy X</a></td></tr></table>"
      "<code><pre>VZCZC&#x000A;FM AMEMBASSY X</pre></code>"
      "<code><pre>S E C R E T&#x000A;bad \xFF byte&#x000A;end</pre></code>";
  ReadOptions options;
  options.keep_raw = true;
  Result<Cable> cable = read_cablegate_html(page, options);
  ASSERT_OK(cable);
  bool found = false;
  for (const Warning& w : cable->warnings) {
    if (w.message.find("UTF-8") != std::string::npos) {
      EXPECT_EQ(w.line, 4);
      found = true;
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(cable->raw->body, "S E C R E T&#x000A;bad \xFF byte&#x000A;end");
  EXPECT_EQ(cable->id, "09X1");
  EXPECT_EQ(cable->classification, "SECRET");
}

// The same cable read from its Cablegate page and from its cables.csv row has
// the same decoded header and body (checked on the whole corpus by the corpus
// tests; here on the sample kept in testdata).
TEST(CablegatePage, DecodedTextEqualsTheCsvRow) {
  std::map<std::string, std::string> rows;  // id -> row bytes
  RecordSplitter splitter(open_memory(testdata("sample.csv"), "sample.csv"), Format::kAuto, {});
  while (std::optional<Result<RawRecord>> record = splitter.next()) {
    ASSERT_OK(*record);
    std::vector<std::string_view> fields;
    std::size_t error_offset = 0;
    ASSERT_TRUE(split_csv_row((*record)->bytes, fields, &error_offset)) << error_offset;
    ASSERT_EQ(fields.size(), 8U);
    rows[unescape_csv_field(fields[2])] = (*record)->bytes;
  }
  for (const std::string id : {"01PARIS11204", "06SANJOSE707", "09AITTAIPEI275", "01VATICAN5693"}) {
    SCOPED_TRACE(id);
    const std::string page = testdata(id + ".html");
    const std::optional<CablegatePage> scanned = scan_cablegate_page(page);
    ASSERT_TRUE(scanned.has_value());
    ASSERT_EQ(rows.count(id), 1U);
    std::vector<std::string_view> fields;
    std::size_t error_offset = 0;
    ASSERT_TRUE(split_csv_row(rows[id], fields, &error_offset));
    EXPECT_EQ(decode_cablegate_text(scanned->header_block), unescape_csv_field(fields[6]));
    EXPECT_EQ(decode_cablegate_text(scanned->body_block), unescape_csv_field(fields[7]));
  }
}

}  // namespace
}  // namespace chancery::parse
