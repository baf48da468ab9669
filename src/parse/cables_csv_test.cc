#include "parse/cables_csv.h"

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "chancery/parse.h"

#define ASSERT_OK(r) ASSERT_TRUE((r).has_value()) << (r).error().to_string()

namespace chancery::parse {
namespace {

std::string testdata(const std::string& name) {
  std::ifstream in(std::string(CHANCERY_TESTDATA_DIR) + "/readers/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Rows of testdata/readers/sample.csv (real cables.csv rows) by id, with their lines.
std::map<std::string, RawRecord> sample_rows() {
  std::map<std::string, RawRecord> rows;
  RecordSplitter splitter(open_memory(testdata("sample.csv"), "sample.csv"), Format::kCablesCsv,
                          {});
  while (std::optional<Result<RawRecord>> record = splitter.next()) {
    EXPECT_TRUE(record->has_value());
    if (!*record) continue;
    std::vector<std::string_view> fields;
    std::size_t offset = 0;
    if (split_csv_row((*record)->bytes, fields, &offset) && fields.size() > 2) {
      rows[unescape_csv_field(fields[2])] = **record;
    }
  }
  return rows;
}

TEST(CsvUnescape, BackslashEscapesTheNextByte) {
  struct Case {
    std::string_view raw;
    std::string_view text;
  };
  for (const Case& c : {Case{R"(plain)", "plain"}, Case{R"(say \"hi\")", "say \"hi\""},
                        Case{R"(a \\ b)", "a \\ b"}, Case{R"(\\\\\\\\)", "\\\\\\\\"},
                        Case{R"(\"\"HUMANITARIAN LOBBY\"\")", "\"\"HUMANITARIAN LOBBY\"\""},
                        Case{R"(\",\"C O N)", "\",\"C O N"}, Case{"line\\\\\nnext", "line\\\nnext"},
                        Case{R"(\x)", "x"}, Case{R"(end\)", "end\\"}, Case{"", ""}}) {
    SCOPED_TRACE(c.raw);
    EXPECT_EQ(unescape_csv_field(c.raw), c.text);
  }
}

TEST(CsvSplit, SplitsQuotedFieldsHonouringEscapes) {
  struct Case {
    std::string_view row;
    bool ok;
    std::size_t fields;
  };
  for (const Case& c :
       {Case{R"("a","b")", true, 2}, Case{R"("a","b\",\"c")", true, 2},
        Case{"\"a\",\"multi\nline\"\n", true, 2}, Case{"\"a\",\"b\"\r\n", true, 2},
        Case{R"("")", true, 1}, Case{R"("a\\","b")", true, 2}, Case{R"("a",b")", false, 0},
        Case{R"("a" ,"b")", false, 0}, Case{R"("a","b)", false, 0}, Case{R"("a","b\")", false, 0},
        Case{R"("a",)", false, 0}, Case{"", false, 0}}) {
    SCOPED_TRACE(c.row);
    std::vector<std::string_view> fields;
    std::size_t offset = 0;
    EXPECT_EQ(split_csv_row(c.row, fields, &offset), c.ok);
    if (c.ok) {
      EXPECT_EQ(fields.size(), c.fields);
    }
  }
}

TEST(CsvRow, ReadsMetadataAndKeepsTheEscapedFieldsAsRaw) {
  const std::map<std::string, RawRecord> rows = sample_rows();
  ASSERT_EQ(rows.size(), 7U);
  struct Case {
    std::string id, origin, classification;
    std::string_view body_prefix;
  };
  for (const Case& c : {
           Case{"01PARIS11204", "Embassy Paris", "CONFIDENTIAL", "C O N F I D E N T I A L"},
           Case{"09AITTAIPEI275", "American Institute Taiwan, Taipei",
                "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "UNCLAS AIT TAIPEI"},
           // Known defects: bodies opening with a stray quote or `","`.
           Case{"05TELAVIV4107", "Embassy Tel Aviv", "CONFIDENTIAL", "\"C O N F I D"},
           Case{"01VATICAN5693", "Embassy Vatican", "CONFIDENTIAL", "\",\"C O N F I D"},
           Case{"04BOGOTA11339", "Embassy Bogota", "CONFIDENTIAL", "22350\t2004-11-02"},
       }) {
    SCOPED_TRACE(c.id);
    const RawRecord& row = rows.at(c.id);
    ReadOptions options;
    options.keep_raw = true;
    options.source = "sample.csv";
    options.first_line = row.line;
    Result<Cable> cable = read_cables_csv_row(row.bytes, options);
    ASSERT_OK(cable);
    EXPECT_EQ(cable->id, c.id);
    EXPECT_EQ(cable->origin, c.origin);
    EXPECT_EQ(cable->format, "cables-csv");
    ASSERT_TRUE(cable->raw.has_value());
    std::vector<std::string_view> fields;
    std::size_t offset = 0;
    ASSERT_TRUE(split_csv_row(row.bytes, fields, &offset));
    EXPECT_EQ(cable->raw->header, fields[6]);
    EXPECT_EQ(cable->raw->body, fields[7]);
    EXPECT_EQ(unescape_csv_field(fields[7]).substr(0, c.body_prefix.size()), c.body_prefix);
  }
}

TEST(CsvRow, BackslashLinesAndDoubledQuotesSurvive) {
  const std::map<std::string, RawRecord> rows = sample_rows();
  std::vector<std::string_view> fields;
  std::size_t offset = 0;
  ASSERT_TRUE(split_csv_row(rows.at("04BOGOTA11339").bytes, fields, &offset));
  EXPECT_NE(unescape_csv_field(fields[7]).find("\\\n"), std::string::npos);
  ASSERT_TRUE(split_csv_row(rows.at("01VATICAN5960").bytes, fields, &offset));
  EXPECT_NE(unescape_csv_field(fields[7]).find("\"\""), std::string::npos);
}

TEST(CsvRow, WrongFieldCountIsInvalidInputWithTheRowLine) {
  ReadOptions options;
  options.source = "cables.csv";
  options.first_line = 1042;
  Result<Cable> cable =
      read_cables_csv_row(R"("1","9/27/2000 14:02","00X1","E","C","","h")", options);
  ASSERT_FALSE(cable.has_value());
  EXPECT_EQ(cable.error().code, Errc::kInvalidInput);
  EXPECT_EQ(cable.error().message, "expected 8 fields, found 7");
  EXPECT_EQ(cable.error().where, "cables.csv:1042");
  EXPECT_EQ(cable.error().to_string(), "cables.csv:1042: expected 8 fields, found 7");

  Result<Cable> broken = read_cables_csv_row("\"1\",\"x\"y\"", options);
  ASSERT_FALSE(broken.has_value());
  EXPECT_EQ(broken.error().where, "cables.csv:1042");
}

TEST(CsvRow, CreatedIsConvertedAndBodyLinesAreFileLines) {
  // The row starts on line 100; the body field opens on line 101 with a line
  // break, so its "bad" line is file line 103.
  const std::string row =
      "\"7\",\"2/22/2007 7:11\",\"07TELAVIV557\",\"Embassy Tel Aviv\",\"SECRET\",\"\",\"VZCZC\n"
      "FM AMEMBASSY TEL AVIV\",\"\nS E C R E T\nbad \xFF byte\nend\"";
  ReadOptions options;
  options.first_line = 100;
  Result<Cable> cable = read_cables_csv_row(row, options);
  ASSERT_OK(cable);
  EXPECT_EQ(cable->classification, "SECRET");
  bool found = false;
  for (const Warning& w : cable->warnings) {
    if (w.message.find("UTF-8") != std::string::npos) {
      EXPECT_EQ(w.line, 103);
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace chancery::parse
