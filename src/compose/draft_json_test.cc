// The JSON form of a draft (docs/drafts.md): round trip, leniency on missing
// members, strictness on types, errors naming the member.
#include <gtest/gtest.h>

#include "chancery/compose.h"

namespace chancery::compose {
namespace {

Draft full_draft() {
  Draft d;
  d.id = "d-17";
  d.author = "jdoe";
  d.from = "AMEMBASSY TEL AVIV";
  d.precedence = "PRIORITY";
  d.to = {{.name = "SECSTATE WASHDC", .precedence = "IMMEDIATE"}};
  d.info = {{.name = "IRAN COLLECTIVE", .precedence = std::nullopt}};
  d.exempt = {"AMEMBASSY KHARTOUM"};
  d.classification = "SECRET";
  d.captions = {"NOFORN", "SIPDIS"};
  d.passing = {"DEPT FOR NEA/IPA"};
  d.declassify_on = "2036-02-22";
  d.tags = {"PREL", "IR"};
  d.subject = "IRAN: NEXT STEPS";
  d.subject_marking = "C";
  d.references = {{.text = "TEL AVIV 553", .id = "07TELAVIV553"}, {.text = "TELCON", .id = std::nullopt}};
  d.classified_by = "Ambassador Richard H. Jones";
  d.reasons = {"1.4(b)", "1.4(d)"};
  d.summary = "Talks went well.";
  d.paragraphs = {{.marking = "S", .text = "First.\nSecond line. \xC2\xB6 ok", .number = ""},
                  {.marking = "C/NF", .text = "Third.", .number = "4"}};
  d.signature = "JONES";
  return d;
}

TEST(DraftJson, RoundTrips) {
  const Draft d = full_draft();
  Result<Draft> back = draft_from_json(to_json(d));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, d);
  Result<Draft> empty = draft_from_json(to_json(Draft{}));
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, Draft{});
}

TEST(DraftJson, MissingMembersAndNullsKeepTheDefaults) {
  Result<Draft> d = draft_from_json(R"({"subject": "X", "to": [{"name": "SECSTATE WASHDC"}],
                                        "paragraphs": [{"text": "Hello."}], "summary": null})");
  ASSERT_TRUE(d) << d.error().to_string();
  EXPECT_EQ(d->precedence, "ROUTINE");
  EXPECT_EQ(d->subject, "X");
  ASSERT_EQ(d->to.size(), 1u);
  EXPECT_EQ(d->to[0].precedence, std::nullopt);
  ASSERT_EQ(d->paragraphs.size(), 1u);
  EXPECT_EQ(d->paragraphs[0].marking, "");
  EXPECT_EQ(d->summary, "");
  // A paragraph number may be written as a number.
  Result<Draft> n = draft_from_json(R"({"paragraphs": [{"text": "A.", "number": 3}]})");
  ASSERT_TRUE(n) << n.error().to_string();
  EXPECT_EQ(n->paragraphs[0].number, "3");
}

TEST(DraftJson, WrongTypesNameTheMember) {
  struct Case {
    std::string_view json;
    std::string_view where;
  };
  for (const Case& c : {Case{R"({"subject": 7})", "subject"},
                        Case{R"({"tags": "PREL"})", "tags"},
                        Case{R"({"tags": ["PREL", 3]})", "tags[1]"},
                        Case{R"({"to": [{"name": "X"}, "SECSTATE"]})", "to[1]"},
                        Case{R"({"info": [{"name": ["X"]}]})", "info[0].name"},
                        Case{R"({"to": [{"name": "X", "precedence": 1}]})", "to[0].precedence"},
                        Case{R"({"references": [{"text": "STATE 1", "id": false}]})", "references[0].id"},
                        Case{R"({"paragraphs": [{"marking": "S"}]})", "paragraphs[0].text"},
                        Case{R"({"paragraphs": [{"text": "x", "marking": 1}]})", "paragraphs[0].marking"}}) {
    SCOPED_TRACE(c.json);
    Result<Draft> d = draft_from_json(c.json);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error().code, Errc::kInvalidInput);
    EXPECT_EQ(d.error().where, c.where);
    EXPECT_NE(d.error().message.find(std::string(c.where)), std::string::npos) << d.error().message;
  }
}

TEST(DraftJson, NotJsonOrNotAnObject) {
  for (std::string_view bad : {"", "{", "[1, 2]", "\"draft\"", "{\"subject\": \"x\",}"}) {
    SCOPED_TRACE(bad);
    Result<Draft> d = draft_from_json(bad);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error().code, Errc::kInvalidInput);
  }
}

}  // namespace
}  // namespace chancery::compose
