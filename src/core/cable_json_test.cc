#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/cable.h"

#include "core/json_reader.h"
#include "core/text.h"

namespace chancery {
namespace {

#define EXPECT_OK(r) EXPECT_TRUE((r).has_value()) << (r).error().to_string()
#define ASSERT_OK(r) ASSERT_TRUE((r).has_value()) << (r).error().to_string()

// The seed cable, shortened, with every field set.
Cable full_cable() {
  Cable c;
  c.id = "07TELAVIV557";
  c.origin = "Embassy Tel Aviv";
  c.created = "2007-02-22T07:11Z";
  c.released = "2011-08-30T01:44Z";
  c.classification = "SECRET";
  c.handling = {"SIPDIS", "NOFORN"};
  c.transmission_id = "VZCZCXRO4354";
  c.precedence = "PRIORITY";
  c.from = "AMEMBASSY TEL AVIV";
  c.to = {{"RUEHC", "SECSTATE WASHDC", "PRIORITY", "9537", {}}};
  c.info = {{"RUCNIRA", "IRAN COLLECTIVE", std::nullopt, std::nullopt, {"AMEMBASSY X", "Y"}},
            {std::nullopt, "HQ USEUCOM VAIHINGEN GE", "ROUTINE", "0777", {}}};
  c.subject = "iran-unsc: under secretary joseph's discussions (cable 4 of 4)";
  c.tags = {"PREL", "KNNP", "IR"};
  c.references = {{"a", "07TELAVIV553", "Tel aviv 00553"}, {std::nullopt, std::nullopt, "e-mail"}};
  c.classified_by = "Ambassador Richard H. Jones";
  c.reasons = {"1.4(b)", "1.4(d)"};
  c.declassify_on = "2017-02-09";
  c.summary = "During his January 30 - February 2 visit to Israel, \"quoted\"\tand\\more";
  c.paragraphs = {{"1", "S", "During his visit\n> text"}, {"19", std::nullopt, "caf\xC3\xA9"}};
  c.signed_by = {"JONES"};
  c.sections = 4;
  c.body =
      "S E C R E T SECTION 01 OF 04\n\n\xC2\xB6"
      "1. (S) During his visit\r\n";
  c.format = "plain";
  c.warnings = {{12, "page header removed"}, {0, "no date-time group"}};
  c.raw = RawText{"UNCLASSIFIED header", "body \xFF\xC3(\x80"};
  return c;
}

std::vector<std::string> top_level_keys(const std::string& json_text) {
  Result<json::Value> v = json::parse(json_text);
  std::vector<std::string> keys;
  if (!v || !v->is_object()) return keys;
  for (const json::Member& m : v->as_object()) keys.push_back(m.key);
  return keys;
}

TEST(CableJson, FullCableRoundTrips) {
  const Cable c = full_cable();
  const std::string j = to_json(c);
  EXPECT_TRUE(text::is_valid_utf8(j));
  EXPECT_EQ(j.find('\n'), std::string::npos);
  EXPECT_EQ(j.find("\": "), std::string::npos) << "compact output";
  EXPECT_EQ(j.find(", \""), std::string::npos) << "compact output";
  Result<Cable> back = from_json(j);
  ASSERT_OK(back);
  EXPECT_EQ(*back, c);
  EXPECT_EQ(to_json(*back), j);
}

TEST(CableJson, AppendsWithoutTouchingWhatIsThere) {
  std::string out = "prefix";
  append_json(Cable{}, out);
  EXPECT_EQ(out.rfind("prefix{\"id\":null,", 0), 0U);
  EXPECT_EQ(out.back(), '}');
}

TEST(CableJson, FieldsAreInTheOrderOfTheDoc) {
  // clang-format off
  const std::vector<std::string> doc_order = {
      "id", "origin", "created", "released", "classification", "handling",
      "transmission_id", "precedence", "from", "to", "info", "subject",
      "tags", "references", "classified_by", "reasons", "declassify_on", "summary",
      "paragraphs", "signed_by", "sections", "body", "format", "warnings",
  };
  // clang-format on
  Cable c = full_cable();
  std::vector<std::string> with_raw = doc_order;
  with_raw.push_back("raw");
  EXPECT_EQ(top_level_keys(to_json(c)), with_raw);
  c.raw.reset();
  EXPECT_EQ(top_level_keys(to_json(c)), doc_order);

  const std::string j = to_json(full_cable());
  EXPECT_NE(j.find(R"({"route":"RUEHC","name":"SECSTATE WASHDC","precedence":"PRIORITY",)"
                   R"("mcn":"9537","excluded":[]})"),
            std::string::npos);
  EXPECT_NE(j.find(R"({"bullet":"a","id":"07TELAVIV553","text":"Tel aviv 00553"})"),
            std::string::npos);
  EXPECT_NE(j.find(R"({"number":"19","marking":null,"text":"caf)"), std::string::npos);
  EXPECT_NE(j.find(R"({"line":12,"message":"page header removed"})"), std::string::npos);
  EXPECT_NE(j.find(R"("sections":4,)"), std::string::npos);
  EXPECT_NE(j.find(R"("raw":{"header":"UNCLASSIFIED header","body":"body \udcff\udcc3(\udc80"}})"),
            std::string::npos);
}

TEST(CableJson, EmptyCableWritesNullsAndEmptyLists) {
  Cable c;
  EXPECT_EQ(to_json(c),
            R"({"id":null,"origin":null,"created":null,"released":null,"classification":null,)"
            R"("handling":[],"transmission_id":null,"precedence":null,"from":null,"to":[],)"
            R"("info":[],"subject":null,"tags":[],"references":[],"classified_by":null,)"
            R"("reasons":[],"declassify_on":null,"summary":null,"paragraphs":[],"signed_by":[],)"
            R"("sections":1,"body":"","format":"","warnings":[]})");
  Result<Cable> back = from_json(to_json(c));
  ASSERT_OK(back);
  EXPECT_EQ(*back, c);
}

TEST(CableJson, NullAndEmptyStringStayDistinct) {
  Cable c;
  c.subject = "";
  c.summary = std::nullopt;
  c.raw = RawText{};
  c.to = {{std::string(), "", std::nullopt, std::string(), {""}}};
  const std::string j = to_json(c);
  EXPECT_NE(j.find(R"("subject":"",)"), std::string::npos);
  EXPECT_NE(j.find(R"("summary":null,)"), std::string::npos);
  EXPECT_NE(j.find(R"("raw":{"header":"","body":""})"), std::string::npos);
  Result<Cable> back = from_json(j);
  ASSERT_OK(back);
  EXPECT_EQ(*back, c);
  ASSERT_TRUE(back->raw.has_value());
}

TEST(CableJson, RawKeepsAnyBytesAndTheTextStaysUtf8) {
  for (std::string_view bytes :
       {std::string_view("\xFF"), std::string_view("ab\xC3"), std::string_view("\xE2\x82"),
        std::string_view("\xF0\x9F\x98"), std::string_view("\xED\xA0\x80\xC0\xAF\x80\xBF"),
        std::string_view("ok \xC3\xA9 \xE2\x80\x99\x7F", 11), std::string_view("\0\x01\x1F", 3),
        std::string_view("\xF4\x90\x80\x80\xF5\xFE")}) {
    SCOPED_TRACE(testing::PrintToString(bytes));
    Cable c;
    c.raw = RawText{std::string(bytes), std::string(bytes) + "\n"};
    const std::string j = to_json(c);
    EXPECT_TRUE(text::is_valid_utf8(j));
    Result<Cable> back = from_json(j);
    ASSERT_OK(back);
    EXPECT_EQ(back->raw, c.raw);
  }
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  Cable c;
  c.raw = RawText{all, all + all};
  const std::string j = to_json(c);
  EXPECT_TRUE(text::is_valid_utf8(j));
  Result<Cable> back = from_json(j);
  ASSERT_OK(back);
  EXPECT_EQ(back->raw, c.raw);
}

TEST(CableJson, IllFormedFieldsAreWrittenAsReplacementCharacters) {
  Cable c;
  c.body =
      "a\xFF"
      "b\xC3";
  const std::string j = to_json(c);
  EXPECT_TRUE(text::is_valid_utf8(j));
  Result<Cable> back = from_json(j);
  ASSERT_OK(back);
  EXPECT_EQ(back->body,
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
}

// Replaces the value of the first `"key":` in `json_text` by `value`.
std::string with_field(std::string json_text, std::string_view key, std::string_view value) {
  const std::string needle = "\"" + std::string(key) + "\":";
  const std::size_t at = json_text.find(needle);
  if (at == std::string::npos) return json_text;
  const std::size_t start = at + needle.size();
  // The value ends where the shortest prefix that parses cannot grow (a number may).
  for (std::size_t end = start + 1; end <= json_text.size(); ++end) {
    if (json::parse(std::string_view(json_text).substr(start, end - start)).has_value()) {
      const bool longer =
          end < json_text.size() &&
          json::parse(std::string_view(json_text).substr(start, end + 1 - start)).has_value();
      if (!longer) return json_text.replace(start, end - start, value);
    }
  }
  return json_text;
}

TEST(CableJson, ErrorsNameTheField) {
  Cable base = full_cable();
  base.raw.reset();
  const std::string good = to_json(base);
  struct Case {
    std::string json;
    std::string_view message;
  };
  const std::string to_missing_name =
      std::string(good).replace(good.find("\"name\":\"SECSTATE"), 6, "\"nam\"");
  const std::string info_1_name =
      std::string(good).replace(good.find("\"HQ USEUCOM VAIHINGEN GE\""), 25, "42");
  const std::string para_text =
      std::string(good).replace(good.find("\"text\":\"caf"), 6, "\"text\":[\"caf\"],\"x\"");
  const std::string warning_line =
      std::string(good).replace(good.find("\"line\":0"), 8, "\"line\":0.5");
  const std::string no_sections =
      std::string(good).replace(good.find("\"sections\""), 10, "\"Sections\"");
  const std::string dup =
      std::string(good).replace(good.find("\"format\""), 8, "\"format\":\"x\",\"format\"");
  for (const Case& c : {
           Case{with_field(good, "id", "7"),
                "field \"id\": expected a string or null, found a number"},
           Case{with_field(good, "body", "null"), "field \"body\": expected a string, found null"},
           Case{with_field(good, "handling", "[\"A\",null]"),
                "field \"handling[1]\": expected a string"},
           Case{with_field(good, "sections", "\"4\""), "field \"sections\": expected an integer"},
           Case{with_field(good, "sections", "4.0"), "field \"sections\": expected an integer"},
           Case{with_field(good, "sections", "99999999999999999999"),
                "field \"sections\": expected an integer"},
           Case{with_field(good, "sections", "2147483648"),
                "field \"sections\": integer out of range"},
           Case{with_field(good, "to", "{}"), "field \"to\": expected an array, found an object"},
           Case{with_field(good, "info", "[null]"),
                "field \"info[0]\": expected an object, found null"},
           Case{to_missing_name, "field \"to[0].name\": missing"},
           Case{info_1_name, "field \"info[1].name\": expected a string, found a number"},
           Case{para_text, "field \"paragraphs[1].text\": expected a string, found an array"},
           Case{warning_line, "field \"warnings[1].line\": expected an integer"},
           Case{no_sections, "field \"sections\": missing"},
           Case{dup, "field \"format\": appears twice"},
           Case{good.substr(0, good.size() - 1) + ",\"raw\":\"x\"}",
                "field \"raw\": expected an object"},
           Case{good.substr(0, good.size() - 1) + ",\"raw\":{\"header\":\"\"}}",
                "field \"raw.body\": missing"},
           Case{"[]", "record: expected an object, found an array"},
       }) {
    SCOPED_TRACE(c.json);
    Result<Cable> r = from_json(c.json);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, Errc::kInvalidInput);
    EXPECT_EQ(r.error().message.substr(0, c.message.size()), c.message) << r.error().message;
  }
}

TEST(CableJson, UnknownKeysAreIgnoredAndRawMayBeNull) {
  Cable c = full_cable();
  c.raw.reset();
  std::string j = to_json(c);
  j.insert(1, R"("future":{"nested":[1,2,{"x":null}]},)");
  j.insert(j.size() - 1, R"(,"raw":null,"later":true)");
  Result<Cable> back = from_json(j);
  ASSERT_OK(back);
  EXPECT_EQ(*back, c);
}

TEST(CableJson, GarbageIsAnErrorNotACrash) {
  const std::string good = to_json(full_cable());
  std::vector<std::string> inputs = {"",
                                     "{",
                                     "null",
                                     "\"x\"",
                                     std::string(100000, '['),
                                     std::string(100000, '{'),
                                     "1e999999999",
                                     "-" + std::string(5000, '9'),
                                     good + "x",
                                     good + good};
  for (std::size_t n = 0; n < good.size(); n += 7) inputs.push_back(good.substr(0, n));
  for (const std::string& in : inputs) {
    Result<Cable> r = from_json(in);
    ASSERT_FALSE(r.has_value()) << in.size();
    EXPECT_EQ(r.error().code, Errc::kInvalidInput);
  }
  // Flipping bytes never crashes; whatever parses must write back as valid UTF-8.
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string m = good;
    for (int k = 0; k < 3; ++k) m[rng() % m.size()] = static_cast<char>(rng() & 0xFF);
    Result<Cable> r = from_json(m);
    if (r) {
      EXPECT_TRUE(text::is_valid_utf8(to_json(*r)));
    }
  }
}

// Random strings: mostly text with escapes and UTF-8, or any bytes at all.
class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  std::size_t below(std::size_t n) { return n == 0 ? 0 : rng_() % n; }

  std::string text(std::size_t max_len) {
    static constexpr std::string_view kPieces[] = {"a",
                                                   "Z",
                                                   " ",
                                                   "\n",
                                                   "\t",
                                                   "\"",
                                                   "\\",
                                                   "/",
                                                   "\x01",
                                                   "\x1F",
                                                   "\x7F",
                                                   std::string_view("\0", 1),
                                                   "\xC3\xA9",
                                                   "\xE2\x80\x99",
                                                   "\xF0\x9F\x98\x80",
                                                   "\xEF\xBF\xBD",
                                                   "SECRET",
                                                   "\xC2\xB6"};
    std::string s;
    const std::size_t n = below(max_len + 1);
    for (std::size_t i = 0; i < n; ++i) s += kPieces[below(std::size(kPieces))];
    return s;
  }

  std::string bytes(std::size_t max_len) {
    std::string s(below(max_len + 1), '\0');
    for (char& c : s) c = static_cast<char>(rng_() & 0xFF);
    return s;
  }

  std::optional<std::string> maybe(std::size_t max_len) {
    if (below(3) == 0) return std::nullopt;
    return text(max_len);
  }

  std::vector<std::string> list(std::size_t max_items) {
    std::vector<std::string> v(below(max_items + 1));
    for (std::string& s : v) s = text(8);
    return v;
  }

  template <typename T, typename F>
  std::vector<T> items(std::size_t max_items, F make) {
    std::vector<T> v(below(max_items + 1));
    for (T& x : v) x = make();
    return v;
  }

  Recipient recipient() { return {maybe(6), text(10), maybe(4), maybe(4), list(2)}; }

  Cable cable() {
    Cable c;
    c.id = maybe(12);
    c.origin = maybe(12);
    c.created = maybe(17);
    c.released = maybe(17);
    c.classification = maybe(8);
    c.handling = list(3);
    c.transmission_id = maybe(12);
    c.precedence = maybe(8);
    c.from = maybe(12);
    c.to = items<Recipient>(3, [&] { return recipient(); });
    c.info = items<Recipient>(5, [&] { return recipient(); });
    c.subject = maybe(40);
    c.tags = list(6);
    c.references = items<Reference>(4, [&] { return Reference{maybe(2), maybe(12), text(20)}; });
    c.classified_by = maybe(20);
    c.reasons = list(3);
    c.declassify_on = maybe(10);
    c.summary = maybe(80);
    c.paragraphs = items<Paragraph>(6, [&] { return Paragraph{text(3), maybe(4), text(60)}; });
    c.signed_by = list(2);
    c.sections = static_cast<int>(rng_());
    c.body = text(200);
    c.format = text(10);
    c.warnings = items<Warning>(3, [&] { return Warning{static_cast<int>(rng_()), text(20)}; });
    if (below(2) == 0) c.raw = RawText{bytes(100), bytes(300)};
    return c;
  }

 private:
  std::mt19937 rng_;
};

TEST(CableJson, RandomCablesRoundTrip) {
  Generator gen(20070222);
  for (int i = 0; i < 3000; ++i) {
    const Cable c = gen.cable();
    const std::string j = to_json(c);
    ASSERT_TRUE(text::is_valid_utf8(j)) << i;
    Result<Cable> back = from_json(j);
    ASSERT_OK(back);
    ASSERT_EQ(*back, c) << i << ": " << j;
  }
}

}  // namespace
}  // namespace chancery
