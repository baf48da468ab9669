#include "core/json_reader.h"

#include <string>

#include <gtest/gtest.h>

#include "core/json_writer.h"
#include "core/text.h"

namespace chancery::json {
namespace {

#define EXPECT_OK(r) EXPECT_TRUE((r).has_value()) << (r).error().to_string()
#define ASSERT_OK(r) ASSERT_TRUE((r).has_value()) << (r).error().to_string()

std::string escaped(std::string_view s, BadUtf8 bad = BadUtf8::kReplace) {
  std::string out;
  append_string(out, s, bad);
  return out;
}

TEST(JsonWriter, EscapesQuoteBackslashAndEveryControlCharacter) {
  EXPECT_EQ(escaped(""), "\"\"");
  EXPECT_EQ(escaped("a\"b\\c/d"), "\"a\\\"b\\\\c/d\"");
  EXPECT_EQ(escaped("\b\t\n\f\r"), "\"\\b\\t\\n\\f\\r\"");
  EXPECT_EQ(escaped(std::string_view("\0\x01\x1f\x7f", 4)), "\"\\u0000\\u0001\\u001f\x7f\"");
  for (int c = 0; c < 0x20; ++c) {
    SCOPED_TRACE(c);
    const std::string in(1, static_cast<char>(c));
    const std::string out = escaped(in);
    EXPECT_EQ(out[1], '\\');
    Result<Value> back = parse(out);
    ASSERT_OK(back);
    EXPECT_EQ(back->as_string(), in);
  }
}

TEST(JsonWriter, KeepsUtf8AndReplacesOrEscapesBadBytes) {
  EXPECT_EQ(escaped("caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80"),
            "\"caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80\"");
  EXPECT_EQ(escaped("a\xFF"
                    "b\xC3"),
            "\"a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\"");
  EXPECT_EQ(escaped("a\xFF"
                    "b\xC3",
                    BadUtf8::kSurrogateEscape),
            "\"a\\udcff"
            "b\\udcc3\"");
  // A truncated sequence is escaped byte by byte.
  EXPECT_EQ(escaped("\xE2\x80"
                    "x",
                    BadUtf8::kSurrogateEscape),
            "\"\\udce2\\udc80x\"");
  // Encoded surrogates and overlongs are not UTF-8.
  EXPECT_EQ(escaped("\xED\xA0\x80", BadUtf8::kSurrogateEscape), "\"\\udced\\udca0\\udc80\"");
  EXPECT_EQ(escaped("\xC0\xAF", BadUtf8::kSurrogateEscape), "\"\\udcc0\\udcaf\"");
}

TEST(JsonWriter, LongRunsAroundSpecialBytesAtEveryOffset) {
  // Exercises the 8-byte fast path with the special byte at each position.
  for (std::size_t len = 0; len < 40; ++len) {
    for (std::size_t at = 0; at < len; ++at) {
      for (char special : {'"', '\\', '\n', '\x01', '\x80'}) {
        std::string in(len, 'x');
        in[at] = special;
        const std::string out = escaped(in, BadUtf8::kSurrogateEscape);
        EXPECT_TRUE(text::is_valid_utf8(out));
        Result<Value> back = parse(out);
        ASSERT_OK(back);
        EXPECT_EQ(back->as_string(), in);
      }
    }
  }
}

TEST(JsonWriter, WriterPlacesCommas) {
  std::string out;
  Writer w(out);
  w.begin_object().key("a").value(1).key("b").begin_array().value("x").null().value(true);
  w.begin_object().end_object().end_array().key("c\"").value(std::optional<std::string>());
  w.end_object();
  EXPECT_EQ(out, R"({"a":1,"b":["x",null,true,{}],"c\"":null})");
  std::string n;
  append_int(n, -9223372036854775807LL - 1);
  EXPECT_EQ(n, "-9223372036854775808");
}

TEST(JsonReader, ReadsEveryKindOfValue) {
  Result<Value> v = parse(
      " {\"n\":null,\"t\":true,\"f\":false,\"i\":-42,\"d\":1.5e2,\"s\":\"x\",\"a\":[1,[]],"
      "\"o\":{}}\r\n");
  ASSERT_OK(v);
  ASSERT_TRUE(v->is_object());
  EXPECT_EQ(v->as_object().size(), 8U);
  EXPECT_TRUE(v->find("n")->is_null());
  EXPECT_TRUE(v->find("t")->as_bool());
  EXPECT_FALSE(v->find("f")->as_bool());
  EXPECT_EQ(v->find("i")->as_int(), -42);
  EXPECT_EQ(v->find("d")->as_number().value, 150.0);
  EXPECT_EQ(v->find("d")->as_int(), std::nullopt);
  EXPECT_EQ(v->find("s")->as_string(), "x");
  EXPECT_EQ(v->find("a")->as_array().size(), 2U);
  EXPECT_TRUE(v->find("o")->as_object().empty());
  EXPECT_EQ(v->find("missing"), nullptr);
}

TEST(JsonReader, DecodesEscapes) {
  struct Case {
    std::string_view json;
    std::string_view text;
  };
  for (const Case& c : {Case{R"("\"\\\/\b\f\n\r\t")", "\"\\/\b\f\n\r\t"},
                        Case{R"("\u0041\u00e9\u2019")", "A\xC3\xA9\xE2\x80\x99"},
                        Case{R"("\uD83D\uDE00")", "\xF0\x9F\x98\x80"},
                        Case{R"("\udbff\udfff")", "\xF4\x8F\xBF\xBF"},
                        Case{R"("a\udcffb\udc80")",
                             "a\xFF"
                             "b\x80"},
                        Case{R"("\u0000")", std::string_view("\0", 1)}}) {
    SCOPED_TRACE(c.json);
    Result<Value> v = parse(c.json);
    ASSERT_OK(v);
    EXPECT_EQ(v->as_string(), c.text);
  }
}

TEST(JsonReader, NumbersAndHugeNumbers) {
  Result<Value> big = parse("123456789012345678901234567890");
  ASSERT_OK(big);
  EXPECT_EQ(big->as_int(), std::nullopt);
  EXPECT_GT(big->as_number().value, 1e29);
  Result<Value> inf = parse("-1e99999");
  ASSERT_OK(inf);
  EXPECT_LT(inf->as_number().value, -1e308);
  Result<Value> tiny = parse("1e-99999");
  ASSERT_OK(tiny);
  EXPECT_EQ(tiny->as_number().value, 0.0);
  Result<Value> min = parse("-9223372036854775808");
  ASSERT_OK(min);
  EXPECT_EQ(min->as_int(), INT64_MIN);
  Result<Value> zero = parse("-0");
  ASSERT_OK(zero);
  EXPECT_EQ(zero->as_int(), 0);
}

TEST(JsonReader, RefusesWhatIsNotStrictJson) {
  for (std::string_view bad : {"",
                               " ",
                               "[",
                               "[1,]",
                               "{\"a\":1,}",
                               "{\"a\" 1}",
                               "{a:1}",
                               "01",
                               "1.",
                               ".5",
                               "+1",
                               "1e",
                               "-",
                               "--1",
                               "nul",
                               "truex",
                               "[1] [2]",
                               "\"abc",
                               "\"a\nb\"",
                               "\"\\x\"",
                               "\"\\u12\"",
                               "\"\\u12g4\"",
                               "\"\\ud800\"",
                               "\"\\ud800\\u0041\"",
                               "\"\\udc00\"",
                               "\"\\udd00\"",
                               "\"\xFF\"",
                               "\"\xC3\"",
                               "\"\xED\xA0\x80\"",
                               "'a'",
                               "[1 2]",
                               "{\"a\":}",
                               "NaN",
                               "Infinity",
                               "\"\\",
                               "{\"a\"",
                               "[\"a\",",
                               "\xEF\xBB\xBF{}"}) {
    SCOPED_TRACE(bad);
    Result<Value> v = parse(bad);
    ASSERT_FALSE(v.has_value());
    EXPECT_EQ(v.error().code, Errc::kInvalidInput);
    EXPECT_NE(v.error().message.find("at byte"), std::string::npos) << v.error().message;
  }
}

TEST(JsonReader, BoundsDepthValuesAndSize) {
  const std::string deep(100000, '[');
  Result<Value> d = parse(deep);
  ASSERT_FALSE(d.has_value());
  EXPECT_NE(d.error().message.find("nesting too deep"), std::string::npos);
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  EXPECT_FALSE(parse(objects).has_value());

  std::string ok_depth = std::string(64, '[') + std::string(64, ']');
  EXPECT_OK(parse(ok_depth));
  std::string too_deep = std::string(65, '[') + std::string(65, ']');
  EXPECT_FALSE(parse(too_deep).has_value());

  ParseOptions small;
  small.max_values = 3;
  EXPECT_OK(parse("[1,2]", small));
  EXPECT_FALSE(parse("[1,2,3]", small).has_value());
  small.max_bytes = 4;
  EXPECT_FALSE(parse("[1,2]", small).has_value());
}

}  // namespace
}  // namespace chancery::json
