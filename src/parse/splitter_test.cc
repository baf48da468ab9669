#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/parse.h"
#include "chancery/source.h"

namespace chancery::parse {
namespace {

// Returns at most `step` bytes per read, like a slow pipe: every record
// boundary lands somewhere inside a read for some step.
class TrickleSource final : public ByteSource {
 public:
  TrickleSource(std::string bytes, std::size_t step) : bytes_(std::move(bytes)), step_(step) {}
  Result<std::size_t> read(char* buffer, std::size_t size) override {
    const std::size_t n = std::min({size, step_, bytes_.size() - offset_});
    std::memcpy(buffer, bytes_.data() + offset_, n);
    offset_ += n;
    return n;
  }
  const std::string& name() const override { return name_; }

 private:
  std::string bytes_;
  std::size_t step_;
  std::size_t offset_ = 0;
  std::string name_ = "in.csv";
};

class FailingSource final : public ByteSource {
 public:
  Result<std::size_t> read(char*, std::size_t) override {
    return Error{.code = Errc::kIo, .message = "cannot read: Input/output error", .where = name_};
  }
  const std::string& name() const override { return name_; }

 private:
  std::string name_ = "bad";
};

// One cut: a record (line + bytes) or an error (its text).
struct Cut {
  bool ok = true;
  std::int64_t line = 0;
  std::string text;  // the bytes, or the error's to_string()
  bool operator==(const Cut&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Cut& c) {
  return os << (c.ok ? "record@" : "error@") << c.line << " [" << c.text << "]";
}

std::vector<Cut> cut(const std::string& input, Format format, std::size_t step,
                     std::size_t max_record_bytes = std::size_t{64} << 20) {
  ReadOptions options;
  options.max_record_bytes = max_record_bytes;
  RecordSplitter splitter(std::make_unique<TrickleSource>(input, step), format, options);
  std::vector<Cut> out;
  while (std::optional<Result<RawRecord>> r = splitter.next()) {
    if (*r) {
      out.push_back({true, (*r)->line, (*r)->bytes});
    } else {
      out.push_back({false, 0, r->error().to_string()});
    }
    if (out.size() > 1000) break;  // a splitter that loops is a failure, not a hang
  }
  return out;
}

// Every step size must cut the same way as reading everything at once.
std::vector<Cut> cut_all_steps(const std::string& input, Format format,
                               std::size_t max_record_bytes = std::size_t{64} << 20) {
  const std::vector<Cut> whole = cut(input, format, std::size_t{1} << 20, max_record_bytes);
  for (std::size_t step : {1, 2, 3, 5, 7, 16, 61}) {
    SCOPED_TRACE(step);
    EXPECT_EQ(cut(input, format, step, max_record_bytes), whole);
  }
  return whole;
}

constexpr std::string_view kRow1 =
    R"("1","9/27/2000 14:02","00HARARE5461","Embassy Harare","CONFIDENTIAL","","HDR","body one)";
constexpr std::string_view kRow2Head =
    R"("2","10/16/2001 5:05","01PARIS11204","Embassy Paris","SECRET","",)";
constexpr std::string_view kRow3 =
    R"("3","1/2/2003 10:00","03X1","Embassy X","UNCLASSIFIED","","H","last")";

TEST(RecordSplitter, CutsCsvRowsAcrossReadBoundaries) {
  const std::string row1 =
      std::string(kRow1) + "\nsays \\\"hi\\\" \\\\\nbackslash line \\\\\\\\\n\"";
  const std::string row2 =
      std::string(kRow2Head) + "\"multi\nline\nheader\",\"\\\",\\\"stray opening\"";
  const std::string input = row1 + "\n" + row2 + "\n" + std::string(kRow3) + "\n";
  const std::vector<Cut> cuts = cut_all_steps(input, Format::kCablesCsv);
  ASSERT_EQ(cuts.size(), 3U);
  EXPECT_EQ(cuts[0], (Cut{true, 1, row1}));
  EXPECT_EQ(cuts[1], (Cut{true, 5, row2}));
  EXPECT_EQ(cuts[2], (Cut{true, 8, std::string(kRow3)}));
}

TEST(RecordSplitter, CsvWithCrlfAndNoFinalLineBreak) {
  const std::string input = std::string(kRow1) + "\r\nmore\"\r\n" + std::string(kRow3);
  const std::vector<Cut> cuts = cut_all_steps(input, Format::kCablesCsv);
  ASSERT_EQ(cuts.size(), 2U);
  EXPECT_EQ(cuts[0], (Cut{true, 1, std::string(kRow1) + "\r\nmore\""}));
  EXPECT_EQ(cuts[1], (Cut{true, 3, std::string(kRow3)}));
}

TEST(RecordSplitter, MissingClosingQuoteIsReportedAndTheNextRowIsKept) {
  // Row 2 (lines 3-5) lost its closing quote; row 3 starts on line 6.
  const std::string input = std::string(kRow1) + "\"\n\n" + std::string(kRow2Head) +
                            "\"h\",\"text\nmore text\nend without quote\n" + std::string(kRow3) +
                            "\n";
  const std::vector<Cut> cuts = cut_all_steps(input, Format::kCablesCsv);
  ASSERT_EQ(cuts.size(), 3U);
  EXPECT_TRUE(cuts[0].ok);
  EXPECT_FALSE(cuts[1].ok);
  EXPECT_EQ(cuts[1].text.rfind("in.csv:3: broken quote in row 2:", 0), 0U) << cuts[1].text;
  EXPECT_NE(cuts[1].text.find("on line 6"), std::string::npos) << cuts[1].text;
  EXPECT_EQ(cuts[2], (Cut{true, 6, std::string(kRow3)}));
}

TEST(RecordSplitter, RecoversFromEachKindOfBrokenRow) {
  struct Case {
    std::string name;
    std::string broken_row;  // the second row, starting on line 2
  };
  for (const Case& c : {
           Case{"unescaped quote inside a field",
                std::string(kRow2Head) + "\"h\",\"he said \"hi\" there\nand more\""},
           Case{"nine fields", std::string(kRow2Head) + "\"h\",\"b\",\"extra\""},
           Case{"field without opening quote", std::string(kRow2Head) + "h\",\"b\""},
           Case{"text after the last field",
                std::string(kRow2Head) + "\"h\",\"b \"\nrest of body\""},
           Case{"garbage after a quote", std::string(kRow2Head) + "\"h\",\"b\"x\nmore\""},
       }) {
    SCOPED_TRACE(c.name);
    const std::string input =
        std::string(kRow1) + "\"\n" + c.broken_row + "\n" + std::string(kRow3);
    const std::vector<Cut> cuts = cut_all_steps(input, Format::kCablesCsv);
    ASSERT_EQ(cuts.size(), 3U);
    EXPECT_EQ(cuts[0], (Cut{true, 1, std::string(kRow1) + "\""}));
    EXPECT_FALSE(cuts[1].ok);
    EXPECT_EQ(cuts[1].text.rfind("in.csv:2: broken quote in row 2", 0), 0U) << cuts[1].text;
    EXPECT_EQ(cuts[2].text, std::string(kRow3));
    EXPECT_TRUE(cuts[2].ok);
  }
}

TEST(RecordSplitter, MissingQuoteAtTheEndOfTheInput) {
  const std::string input =
      std::string(kRow3) + "\n" + std::string(kRow2Head) + "\"h\",\"never closed\n";
  const std::vector<Cut> cuts = cut_all_steps(input, Format::kCablesCsv);
  ASSERT_EQ(cuts.size(), 2U);
  EXPECT_TRUE(cuts[0].ok);
  EXPECT_FALSE(cuts[1].ok);
  EXPECT_NE(cuts[1].text.find("in.csv:2: broken quote in row 2: no closing quote"),
            std::string::npos)
      << cuts[1].text;
}

TEST(RecordSplitter, JunkBeforeTheFirstRowIsSkipped) {
  const std::string input = "not a row\nstill not\n" + std::string(kRow3) + "\n";
  const std::vector<Cut> cuts = cut_all_steps(input, Format::kCablesCsv);
  ASSERT_EQ(cuts.size(), 2U);
  EXPECT_FALSE(cuts[0].ok);
  EXPECT_EQ(cuts[0].text.rfind("in.csv:1: ", 0), 0U);
  EXPECT_EQ(cuts[1], (Cut{true, 3, std::string(kRow3)}));
}

TEST(RecordSplitter, OversizedRowIsReportedWithoutBeingKept) {
  const std::string big = std::string(kRow2Head) + "\"h\",\"" + std::string(5000, 'x') + "\nline\"";
  const std::string input = std::string(kRow3) + "\n" + big + "\n" + std::string(kRow3) + "\n";
  const std::vector<Cut> cuts = cut_all_steps(input, Format::kCablesCsv, 1000);
  ASSERT_EQ(cuts.size(), 3U);
  EXPECT_TRUE(cuts[0].ok);
  EXPECT_FALSE(cuts[1].ok);
  EXPECT_EQ(cuts[1].text, "in.csv:2: row 2 larger than the 1000 bytes record limit; skipped");
  EXPECT_EQ(cuts[2], (Cut{true, 4, std::string(kRow3)}));
}

TEST(RecordSplitter, EmptyInput) {
  EXPECT_TRUE(cut("", Format::kCablesCsv, 7).empty());
  EXPECT_TRUE(cut("", Format::kJsonl, 7).empty());
  EXPECT_TRUE(cut("\n\r\n", Format::kCablesCsv, 7).empty());
  for (Format f : {Format::kTelegram, Format::kPlain, Format::kCablegateHtml, Format::kAuto}) {
    const std::vector<Cut> cuts = cut("", f, 7);
    ASSERT_EQ(cuts.size(), 1U);
    EXPECT_EQ(cuts[0], (Cut{true, 1, ""}));
    RawRecord record{.format = f == Format::kAuto ? Format::kTelegram : f, .line = 1, .bytes = ""};
    Result<Cable> cable = read_record(record, ReadOptions{.source = "in"});
    ASSERT_FALSE(cable.has_value());
    EXPECT_EQ(cable.error().message, "empty input");
  }
}

TEST(RecordSplitter, SingleRecordFormatsYieldTheWholeInput) {
  const std::string telegram = "VZCZCXRO4354\nPP RUEHBC\n\nS E C R E T\n";
  EXPECT_EQ(cut_all_steps(telegram, Format::kTelegram), (std::vector<Cut>{{true, 1, telegram}}));
  const std::vector<Cut> big = cut_all_steps(telegram, Format::kTelegram, 10);
  ASSERT_EQ(big.size(), 1U);
  EXPECT_EQ(big[0].text, "in.csv: input larger than the 10 bytes record limit");
}

TEST(RecordSplitter, JsonlYieldsNonEmptyLinesWithTheirLineNumbers) {
  const std::string input =
      "{\"a\":1}\n\n  \r\n{\"b\":2}\r\n{\"c\":\"" + std::string(300, 'x') + "\"}\n{\"d\":4}";
  const std::vector<Cut> cuts = cut_all_steps(input, Format::kJsonl, 100);
  ASSERT_EQ(cuts.size(), 4U);
  EXPECT_EQ(cuts[0], (Cut{true, 1, "{\"a\":1}"}));
  EXPECT_EQ(cuts[1], (Cut{true, 4, "{\"b\":2}"}));
  EXPECT_FALSE(cuts[2].ok);
  EXPECT_EQ(cuts[2].text.rfind("in.csv:5: line larger than", 0), 0U) << cuts[2].text;
  EXPECT_EQ(cuts[3], (Cut{true, 6, "{\"d\":4}"}));
}

TEST(RecordSplitter, DetectsTheFormatFromTheFirstBytes) {
  struct Case {
    std::string input;
    Format format;
  };
  for (const Case& c : {Case{std::string(kRow3) + "\n" + std::string(kRow3), Format::kCablesCsv},
                        Case{"{\"x\":1}\n{\"y\":2}\n", Format::kJsonl},
                        Case{"<?xml version='1.0'?>\n<html>", Format::kCablegateHtml},
                        Case{"UNCLASSIFIED\nSUBJECT: x\n", Format::kTelegram}}) {
    SCOPED_TRACE(c.input);
    RecordSplitter splitter(std::make_unique<TrickleSource>(c.input, 3), Format::kAuto, {});
    EXPECT_EQ(splitter.format(), c.format);
    std::size_t n = 0;
    while (std::optional<Result<RawRecord>> r = splitter.next()) {
      ASSERT_TRUE(r->has_value());
      EXPECT_EQ((*r)->format, c.format);
      ++n;
    }
    EXPECT_EQ(n, c.format == Format::kCablesCsv || c.format == Format::kJsonl ? 2U : 1U);
  }
}

TEST(RecordSplitter, ReadErrorIsReportedOnce) {
  RecordSplitter splitter(std::make_unique<FailingSource>(), Format::kCablesCsv, {});
  std::optional<Result<RawRecord>> first = splitter.next();
  ASSERT_TRUE(first.has_value());
  ASSERT_FALSE(first->has_value());
  EXPECT_EQ(first->error().code, Errc::kIo);
  EXPECT_FALSE(splitter.next().has_value());
}

TEST(RecordSplitter, ByteOrderMarkIsSkipped) {
  const std::vector<Cut> cuts = cut("\xEF\xBB\xBF" + std::string(kRow3) + "\n", Format::kAuto, 2);
  ASSERT_EQ(cuts.size(), 1U);
  EXPECT_EQ(cuts[0], (Cut{true, 1, std::string(kRow3)}));
}

}  // namespace
}  // namespace chancery::parse
