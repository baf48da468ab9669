#include <gtest/gtest.h>

#include "chancery/compose.h"

namespace chancery::compose {
namespace {

Cable cable() {
  Cable c;
  c.id = "07TELAVIV557";
  c.from = "AMEMBASSY TEL AVIV";
  c.to = {{.route = "RUEHC", .name = "SECSTATE WASHDC", .precedence = "PRIORITY", .mcn = "9537", .excluded = {}}};
  c.info = {{.route = "RUEHEE", .name = "ARAB LEAGUE COLLECTIVE", .precedence = std::nullopt, .mcn = std::nullopt,
             .excluded = {"AMEMBASSY KHARTOUM"}}};
  c.classification = "SECRET";
  c.handling = {"SIPDIS", "NOFORN"};
  c.subject = "(C) IRAN: NEXT STEPS";
  c.tags = {"PREL", "IR"};
  c.references = {{.bullet = "a", .id = "07TELAVIV553", .text = "TEL AVIV 553"}};
  c.classified_by = "Ambassador Richard H. Jones";
  c.reasons = {"1.4(b)"};
  c.declassify_on = "2017-02-09";
  c.summary = "The talks went well.";
  c.paragraphs = {{.number = "2", .marking = "S", .text = "SUMMARY: The talks went well. END SUMMARY."},
                  {.number = "3", .marking = std::nullopt, .text = "More."}};
  c.signed_by = {"JONES"};
  return c;
}

TEST(DraftFromCable, TakesTheRecordsFields) {
  const Draft d = draft_from_cable(cable());
  EXPECT_EQ(d.from, "AMEMBASSY TEL AVIV");
  EXPECT_EQ(d.precedence, "ROUTINE");
  ASSERT_EQ(d.to.size(), 1u);
  EXPECT_EQ(d.to[0], (Addressee{.name = "SECSTATE WASHDC", .precedence = "PRIORITY"}));
  EXPECT_EQ(d.info[0], (Addressee{.name = "ARAB LEAGUE COLLECTIVE", .precedence = std::nullopt}));
  EXPECT_EQ(d.exempt, std::vector<std::string>{"AMEMBASSY KHARTOUM"});
  EXPECT_EQ(d.classification, "SECRET");
  EXPECT_EQ(d.captions, (std::vector<std::string>{"SIPDIS", "NOFORN"}));
  EXPECT_EQ(d.subject_marking, "C");  // the subject's mark, split off
  EXPECT_EQ(d.subject, "IRAN: NEXT STEPS");
  EXPECT_EQ(d.references[0], (DraftReference{.text = "TEL AVIV 553", .id = "07TELAVIV553"}));
  EXPECT_EQ(d.declassify_on, "2017-02-09");
  EXPECT_EQ(d.summary, "");  // already in paragraph 2: not said twice
  ASSERT_EQ(d.paragraphs.size(), 2u);
  EXPECT_EQ(d.paragraphs[0].number, "2");  // the cable's own numbers
  EXPECT_EQ(d.paragraphs[1].marking, "");
  EXPECT_EQ(d.signature, "JONES");
}

TEST(DraftFromCable, LabelOnlyControlBecomesACaption) {
  Cable c = cable();
  c.classification = "UNCLASSIFIED//FOR OFFICIAL USE ONLY";
  c.handling = {"SIPDIS"};
  Draft d = draft_from_cable(c);
  EXPECT_EQ(d.classification, "UNCLASSIFIED");
  EXPECT_EQ(d.captions, (std::vector<std::string>{"SIPDIS", "FOR OFFICIAL USE ONLY"}));
  c.handling = {"SIPDIS", "SENSITIVE"};
  d = draft_from_cable(c);
  EXPECT_EQ(d.captions, (std::vector<std::string>{"SIPDIS", "SENSITIVE"}));
  // A summary outside the paragraphs is kept.
  c.summary = "Something else entirely.";
  EXPECT_EQ(draft_from_cable(c).summary, "Something else entirely.");
}

}  // namespace
}  // namespace chancery::compose
