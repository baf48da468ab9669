#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "chancery/parse.h"

#define ASSERT_OK(r) ASSERT_TRUE((r).has_value()) << (r).error().to_string()

namespace chancery::parse {
namespace {

std::string seed() {
  std::ifstream in(std::string(CHANCERY_SHARED_DIR) + "/corpus/07TELAVIV557.txt", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(PlainReader, ReadsTheSeedsPreambleAndKeepsBothPartsRaw) {
  const std::string text = seed();
  ASSERT_FALSE(text.empty());
  ReadOptions options;
  options.keep_raw = true;
  options.source = "07TELAVIV557.txt";
  Result<Cable> cable = read_plain(text, options);
  ASSERT_OK(cable);
  EXPECT_EQ(cable->id, "07TELAVIV557");
  EXPECT_EQ(cable->origin, "Embassy Tel Aviv");
  EXPECT_EQ(cable->format, "plain");
  ASSERT_TRUE(cable->raw.has_value());
  EXPECT_EQ(cable->raw->header,
            "07TELAVIV557\niran-unsc: under secretary joseph's discussions\n"
            "Thu Feb 22 00:00:00 +0100 2007\nSECRET\nEmbassy Tel Aviv\n");
  EXPECT_EQ(cable->raw->header + cable->raw->body, text);
  EXPECT_EQ(cable->raw->body.rfind("VZCZCXRO4354\n", 0), 0U);
}

TEST(PlainReader, CreatedComesFromThePreambleWhenTheTextHasNoDateTimeGroup) {
  const std::string text =
      "07TELAVIV557\ntitle\nThu Feb 22 00:00:00 +0100 2007\nSECRET\nEmbassy Tel Aviv\n"
      "S E C R E T TEL AVIV 000557\n\nSUBJECT: A TEST\n";
  Result<Cable> cable = read_plain(text);
  ASSERT_OK(cable);
  EXPECT_EQ(cable->created, "2007-02-21T23:00Z");
}

TEST(PlainReader, UnreadableDateIsAWarningOnItsLine) {
  const std::string text =
      "07TELAVIV557\ntitle\nsometime in 2007\nSECRET\nEmbassy Tel Aviv\nS E C R E T\n";
  ReadOptions options;
  options.first_line = 10;
  Result<Cable> cable = read_plain(text, options);
  ASSERT_OK(cable);
  bool found = false;
  for (const Warning& w : cable->warnings)
    found = found || (w.line == 12 && w.message == "unreadable created date");
  EXPECT_TRUE(found);
}

TEST(PlainReader, FewerThanFiveLinesIsInvalidInput) {
  ReadOptions options;
  options.source = "x.txt";
  Result<Cable> cable = read_plain("07TELAVIV557\ntitle\n", options);
  ASSERT_FALSE(cable.has_value());
  EXPECT_EQ(cable.error().code, Errc::kInvalidInput);
  EXPECT_EQ(cable.error().where, "x.txt:3");
}

TEST(TelegramReader, KeepsTheWholeInputAsRawBody) {
  const std::string text = "UNCLAS SECTION 01 OF 02 TOKYO 001363\n\nSUBJECT: TEST\n";
  ReadOptions options;
  options.keep_raw = true;
  Result<Cable> cable = read_telegram(text, options);
  ASSERT_OK(cable);
  EXPECT_EQ(cable->format, "telegram");
  ASSERT_TRUE(cable->raw.has_value());
  EXPECT_EQ(cable->raw->header, "");
  EXPECT_EQ(cable->raw->body, text);
}

TEST(TelegramReader, NoTelegramIsInvalidInput) {
  ReadOptions options;
  options.source = "notes.txt";
  for (std::string_view text : {std::string_view(""), std::string_view("   \n"),
                                std::string_view("just some words\nand more words\n")}) {
    SCOPED_TRACE(text);
    Result<Cable> cable = read_telegram(text, options);
    ASSERT_FALSE(cable.has_value());
    EXPECT_EQ(cable.error().code, Errc::kInvalidInput);
    EXPECT_EQ(cable.error().where, "notes.txt");
  }
  EXPECT_EQ(read_telegram("just some words\n", options).error().message,
            "no telegram found: expected an ACP-127 header or a classification line");
}

TEST(ReadRecord, DispatchesOnTheFormatAndNumbersFromTheRecordLine) {
  RawRecord record{.format = Format::kCablesCsv,
                   .line = 42,
                   .bytes = R"("1","9/27/2000 14:02","00X1","Embassy X","SECRET","","h")"};
  Result<Cable> cable = read_record(record, ReadOptions{.source = "c.csv"});
  ASSERT_FALSE(cable.has_value());
  EXPECT_EQ(cable.error().to_string(), "c.csv:42: expected 8 fields, found 7");

  record.format = Format::kPlain;
  record.bytes = "07X1\nt\nThu Feb 22 00:00:00 +0100 2007\nSECRET\nEmbassy X\nS E C R E T\n";
  Result<Cable> plain = read_record(record, {});
  ASSERT_OK(plain);
  EXPECT_EQ(plain->format, "plain");
}

TEST(JsonlReader, ErrorsNameTheLine) {
  ReadOptions options;
  options.source = "records.jsonl";
  options.first_line = 7;
  Result<Cable> cable = read_jsonl_line("{not json", options);
  ASSERT_FALSE(cable.has_value());
  EXPECT_EQ(cable.error().code, Errc::kInvalidInput);
  EXPECT_EQ(cable.error().where, "records.jsonl:7");
}

TEST(JsonlReader, ReadsBackWhatToJsonWrote) {
  Cable c;
  c.id = "07TELAVIV557";
  c.format = "plain";
  c.body = "text";
  c.raw = RawText{.header = "h", .body = "b"};
  Result<Cable> back = read_jsonl_line(to_json(c));
  ASSERT_OK(back);
  EXPECT_EQ(*back, c);
}

TEST(PlainReader, MalformedArchiveIdIsDroppedWithAWarning) {
  const std::string text =
      "07telaviv 557\ntitle\nThu Feb 22 00:00:00 +0100 2007\nSECRET\nEmbassy Tel Aviv\nS E C R E "
      "T\n";
  Result<Cable> cable = read_plain(text);
  ASSERT_OK(cable);
  bool found = false;
  for (const Warning& w : cable->warnings)
    found = found || (w.line == 1 && w.message.find("reference id") != std::string::npos);
  EXPECT_TRUE(found);
  EXPECT_NE(cable->id, std::optional<std::string>("07telaviv 557"));
}

}  // namespace
}  // namespace chancery::parse
