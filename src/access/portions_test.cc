// A cable's portions, their inheritance and its declassification; the seed
// cable end to end.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/access.h"
#include "chancery/cable.h"
#include "chancery/parse.h"

#include "access/access_internal.h"

namespace chancery::access {
namespace {

using Strings = std::vector<std::string>;
using Kind = Declassification::Kind;

Paragraph para(std::string number, std::optional<std::string> marking) {
  return Paragraph{std::move(number), std::move(marking), "text"};
}

// A classified cable with the given E.O. line in its body.
Cable cable_with(std::string classification, std::string eo_line) {
  Cable c;
  c.id = "06BELGRADE1681";
  c.created = "2006-10-04T12:00Z";
  c.classification = std::move(classification);
  c.handling = {"SIPDIS"};
  c.subject = "Something";
  c.body = "C O N F I D E N T I A L BELGRADE 001681\n\nSIPDIS\n\n" + eo_line +
           "\nTAGS: PREL\nSUBJECT: SOMETHING\n\n1. (C) Text.\n";
  c.paragraphs = {para("1", "C")};
  return c;
}

TEST(PortionAccess, UnmarkedPortionsInheritTheOverallMarkingAndCaveats) {
  Cable c;
  c.classification = "SECRET";
  c.handling = {"NOFORN", "SIPDIS", "EXDIS"};
  c.subject = "(C) Talks";
  c.created = "2008-01-02T03:04Z";
  c.declassify_on = "2018-01-02";
  c.paragraphs = {para("1", "S/REL UK"), para("2", std::nullopt), para("3", "U"),
                  para("4", "CORRECTED COPY"), para("5", "TS")};
  const CableAccess a = access_of(c);
  EXPECT_EQ(a.overall, (Marking{Level::kSecret, {"NOFORN"}, {}}));
  ASSERT_EQ(a.portions.size(), 7U);  // subject, 5 paragraphs, text

  struct Want {
    Portion::Kind kind;
    std::size_t paragraph;
    bool inherited;
    Marking marking;
    Strings controls;
  };
  const Strings exdis_sipdis = {"EXDIS", "SIPDIS"};
  const std::vector<Want> want = {
      {Portion::Kind::kSubject, 0, false, {Level::kConfidential, {}, {}}, exdis_sipdis},
      {Portion::Kind::kParagraph,
       0,
       false,
       {Level::kSecret, {"REL"}, {"GBR"}},
       {"EXDIS", "REL", "SIPDIS"}},
      {Portion::Kind::kParagraph, 1, true, a.overall, {"EXDIS", "NOFORN", "SIPDIS"}},
      {Portion::Kind::kParagraph, 2, false, {Level::kUnclassified, {}, {}}, exdis_sipdis},
      // A mark that cannot be read: the highest level with the cable's caveats (fail closed).
      {Portion::Kind::kParagraph, 3, false, {Level::kTopSecret, {"NOFORN"}, {}}, {"EXDIS", "NOFORN", "SIPDIS"}},
      // A portion above the cable keeps its own level: never less.
      {Portion::Kind::kParagraph, 4, false, {Level::kTopSecret, {}, {}}, exdis_sipdis},
      {Portion::Kind::kText, 0, true, a.overall, {"EXDIS", "NOFORN", "SIPDIS"}},
  };
  for (std::size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(i);
    const Portion& p = a.portions[i];
    EXPECT_EQ(p.kind, want[i].kind);
    EXPECT_EQ(p.paragraph, want[i].paragraph);
    EXPECT_EQ(p.inherited, want[i].inherited);
    EXPECT_EQ(p.marking, want[i].marking);
    EXPECT_EQ(p.visibility.level, want[i].marking.level);
    EXPECT_EQ(p.visibility.controls, want[i].controls);
    EXPECT_EQ(p.visibility.rel_to, want[i].marking.rel_to);
    EXPECT_EQ(p.visibility.release, "2018-01-02");
    EXPECT_TRUE(dominates(p.marking, a.overall) || !p.inherited);
  }
}

TEST(PortionAccess, CaptionsMapToControlsAndRelToIsACaveat) {
  Cable c;
  c.classification = "UNCLASSIFIED//FOR OFFICIAL USE ONLY";
  c.handling = {"SENSITIVE", "SIPDIS", "REL TO USA, AUS", "VISAS VIPER", "EFTO"};
  c.paragraphs = {para("1", "U"), para("2", std::nullopt)};
  const CableAccess a = access_of(c);
  EXPECT_EQ(a.overall, (Marking{Level::kUnclassified, {"OFFICIAL", "REL"}, {"AUS", "USA"}}));
  ASSERT_EQ(a.portions.size(), 3U);  // no subject
  EXPECT_EQ(a.portions[0].visibility.controls, (Strings{"OFFICIAL", "SIPDIS", "VISAS VIPER"}));
  EXPECT_TRUE(a.portions[0].visibility.rel_to.empty());
  EXPECT_EQ(a.portions[1].visibility.controls,
            (Strings{"OFFICIAL", "REL", "SIPDIS", "VISAS VIPER"}));
  EXPECT_EQ(a.portions[1].visibility.rel_to, (Strings{"AUS", "USA"}));
  EXPECT_EQ(a.declassification.kind, Kind::kNone);
  EXPECT_EQ(a.portions[1].visibility.release, "");
}

TEST(PortionAccess, UnreadableClassificationIsTopSecret) {
  for (std::optional<std::string> cls :
       {std::optional<std::string>{}, std::optional<std::string>{"GARBLED"}}) {
    Cable c;
    c.classification = cls;
    c.body = "No paragraphs at all.";
    const CableAccess a = access_of(c);
    EXPECT_EQ(a.overall.level, Level::kTopSecret);
    ASSERT_EQ(a.portions.size(), 1U);
    EXPECT_EQ(a.portions[0].kind, Portion::Kind::kText);
    EXPECT_TRUE(a.portions[0].inherited);
    EXPECT_EQ(a.portions[0].visibility.level, Level::kTopSecret);
    EXPECT_EQ(a.declassification.kind, Kind::kFallback);
    EXPECT_EQ(a.declassification.release, "");  // no creation year: never lapses
  }
}

TEST(PortionAccess, SubjectMarks) {
  struct Case {
    std::string_view subject;
    bool inherited;
    Level level;
  };
  for (const Case& c :
       {Case{"(C) Talks", false, Level::kConfidential}, Case{"(s) talks", false, Level::kSecret},
        Case{"(S/NF) Talks", false, Level::kSecret}, Case{"(U) Talks", false, Level::kUnclassified},
        Case{"  (SBU) Talks", false, Level::kUnclassified}, Case{"Talks (U)", true, Level::kSecret},
        Case{"(CORRECTED COPY) Talks", true, Level::kSecret},
        Case{"(CUBA IS NOT A PORTION MARK", true, Level::kSecret},
        Case{"(U S POLICY) Talks", true, Level::kSecret}}) {
    SCOPED_TRACE(c.subject);
    Cable cable;
    cable.classification = "SECRET";
    cable.subject = std::string(c.subject);
    const CableAccess a = access_of(cable);
    ASSERT_EQ(a.portions.front().kind, Portion::Kind::kSubject);
    EXPECT_EQ(a.portions.front().inherited, c.inherited);
    EXPECT_EQ(a.portions.front().marking.level, c.level);
  }
}

TEST(Declassification, ReadsTheScheduleRule) {
  struct Case {
    std::string_view eo_line;
    std::optional<std::string> declassify_on;  // as the reader left it
    Declassification want;
  };
  const std::vector<Case> cases = {
      {"E.O. 12958: DECL: 02/09/2017", "2017-02-09", {Kind::kDate, "2017-02-09", "02/09/2017"}},
      // A reader that missed the date: read from the line.
      {"E.o. 12958: decl: 02/22/2018", std::nullopt, {Kind::kDate, "2018-02-22", "02/22/2018"}},
      {"E.O. 12958: DECL: 25X1", std::nullopt, {Kind::kExempt, "", "25X1"}},
      {"E.O. 12958: DECL: 25X1- HUMAN", std::nullopt, {Kind::kExempt, "", "25X1- HUMAN"}},
      {"E.O. 13526: DECL: 50X1-HUM", std::nullopt, {Kind::kExempt, "", "50X1-HUM"}},
      // An exemption wins over a date.
      {"E.O. 12958: DECL: 25X6 02/09/2017", "2017-02-09", {Kind::kExempt, "", "25X6 02/09/2017"}},
      {"E.O. 12958: DECL: CLOSURE OF ICTY",
       std::nullopt,
       {Kind::kFallback, "2031-12-31", "CLOSURE OF ICTY"}},
      {"EO 12958 DECL: TEN YEARS AFTER KOREAN UNIFICATION",
       std::nullopt,
       {Kind::kFallback, "2031-12-31", "TEN YEARS AFTER KOREAN UNIFICATION"}},
      {"E.O. 12958: DECL: (X1)", std::nullopt, {Kind::kFallback, "2031-12-31", "(X1)"}},
      {"E.O. 12356: DECL:OADR", std::nullopt, {Kind::kFallback, "2031-12-31", "OADR"}},
      {"E.O. 11652: GDS", std::nullopt, {Kind::kFallback, "2031-12-31", "GDS"}},
      {"E.O. 12958: DECL: MR", std::nullopt, {Kind::kFallback, "2031-12-31", "MR"}},
      {"E.O. 12958: N/A", std::nullopt, {Kind::kFallback, "2031-12-31", "N/A"}},
      // Downgrades are not applied: the fallback keeps the level, conservatively.
      {"E.O. 12958: DNG: CO 01/26/2021",
       std::nullopt,
       {Kind::kFallback, "2031-12-31", "DNG: CO 01/26/2021"}},
      {"E.O. 12958: DNG: CO 01/26/2021",
       "2021-01-26",
       {Kind::kFallback, "2031-12-31", "DNG: CO 01/26/2021"}},
      {"E.O. 12958: DECL: 12/17/2014 TAGS: EAIR",
       "2014-12-17",
       {Kind::kDate, "2014-12-17", "12/17/2014"}},
      {"E.O. 12958: DECL: 02/09/2017\\", "2017-02-09", {Kind::kDate, "2017-02-09", "02/09/2017"}},
      {"No E.O. line here", std::nullopt, {Kind::kFallback, "2031-12-31", ""}},
      {"E.O. 12958: DECL: MR\n\nClassified By: Derived from Multiple Sources\n"
       "Declassify on: Source marked 25X1-human, Date of source: October 31, 2008",
       std::nullopt,
       {Kind::kExempt, "", "MR"}},
      {"E.O. 12958:\nDECL: 02/09/2017", std::nullopt, {Kind::kDate, "2017-02-09", "02/09/2017"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.eo_line);
    Cable cable = cable_with("CONFIDENTIAL", std::string(c.eo_line));
    cable.declassify_on = c.declassify_on;
    const CableAccess a = access_of(cable);
    EXPECT_EQ(a.declassification, c.want);
    for (const Portion& p : a.portions) EXPECT_EQ(p.visibility.release, c.want.release);
  }
}

TEST(Declassification, UnclassifiedCablesHaveNothingToLapse) {
  Cable c = cable_with("UNCLASSIFIED", "E.O. 12958: N/A");
  c.paragraphs = {para("1", "U"), para("2", "SBU")};
  EXPECT_EQ(access_of(c).declassification, (Declassification{Kind::kNone, "", "N/A"}));
  // ... unless a portion is marked above the cable.
  c.paragraphs.push_back(para("3", "C"));
  EXPECT_EQ(access_of(c).declassification.kind, Kind::kFallback);
  EXPECT_EQ(access_of(c).portions.back().visibility.release, "2031-12-31");
}

TEST(Declassification, FallbackNeedsAYear) {
  Cable c = cable_with("SECRET", "E.O. 12958: DECL: TWENTY YEARS");
  c.created = "1990-10-11T10:46Z";
  EXPECT_EQ(access_of(c).declassification.release, "2015-12-31");
  c.created.reset();
  EXPECT_EQ(access_of(c).declassification, (Declassification{Kind::kFallback, "", "TWENTY YEARS"}));
}

// ---- The seed cable, 07TELAVIV557 -------------------------------------------

class PortionSeed : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::filesystem::path path =
        std::filesystem::path(CHANCERY_SHARED_DIR) / "corpus" / "07TELAVIV557.txt";
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "seed cable not found at " << path;
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    Result<Cable> r = parse::read_plain(ss.str());
    ASSERT_TRUE(r.has_value()) << r.error().to_string();
    cable_ = std::move(r.value());
    access_ = access_of(cable_);
  }
  Cable cable_;
  CableAccess access_;
};

TEST_F(PortionSeed, SubjectAndParagraphs) {
  EXPECT_EQ(access_.overall, (Marking{Level::kSecret, {}, {}}));
  EXPECT_EQ(access_.declassification, (Declassification{Kind::kDate, "2017-02-09", "02/09/2017"}));
  ASSERT_EQ(access_.portions.size(), 21U);  // subject, 19 paragraphs, text
  const Portion& subject = access_.portions.front();
  EXPECT_EQ(subject.kind, Portion::Kind::kSubject);
  EXPECT_TRUE(subject.inherited);
  for (std::size_t i = 0; i < access_.portions.size(); ++i) {
    const Portion& p = access_.portions[i];
    SCOPED_TRACE(i);
    const bool para19 = p.kind == Portion::Kind::kParagraph && p.paragraph == 18;
    if (p.kind == Portion::Kind::kParagraph) {
      EXPECT_EQ(p.paragraph, i - 1);
      EXPECT_FALSE(p.inherited);
    }
    EXPECT_EQ(
        p.visibility,
        (Visibility{para19 ? Level::kUnclassified : Level::kSecret, {"SIPDIS"}, {}, "2017-02-09"}));
  }
  EXPECT_EQ(access_.portions.back().kind, Portion::Kind::kText);
  EXPECT_TRUE(access_.portions.back().inherited);
}

TEST_F(PortionSeed, ConfidentialReaderBeforeReleaseSeesOnlyParagraph19) {
  Reader reader;
  reader.name = "analyst";
  reader.clearance = Level::kConfidential;
  reader.nationality = "USA";
  const Policy policy = Policy::defaults();
  std::vector<std::size_t> seen;
  for (std::size_t i = 0; i < access_.portions.size(); ++i) {
    if (may_see(reader, policy, access_.portions[i].visibility, "2016-01-01", false)) {
      seen.push_back(i);
    }
  }
  EXPECT_EQ(seen, std::vector<std::size_t>{19});  // portion 19 is paragraph 19
  // The custodian sees everything; the reading room only paragraph 19.
  for (const Portion& p : access_.portions) {
    EXPECT_TRUE(may_see(Reader::custodian(), policy, p.visibility, "2016-01-01", false));
    EXPECT_EQ(may_see(Reader::reading_room(), policy, p.visibility, "2016-01-01", false),
              p.visibility.level == Level::kUnclassified);
  }
}

TEST_F(PortionSeed, ReadingRoomSeesEverythingAfterRelease) {
  const Policy policy = Policy::defaults();
  for (const Portion& p : access_.portions) {
    EXPECT_TRUE(may_see(Reader::reading_room(), policy, p.visibility, "2026-11-29", false));
    EXPECT_TRUE(may_see(Reader::reading_room(), policy, p.visibility, "2017-02-09", false));
    // A hold keeps the level.
    EXPECT_EQ(may_see(Reader::reading_room(), policy, p.visibility, "2026-11-29", true),
              p.visibility.level == Level::kUnclassified);
  }
}

}  // namespace
}  // namespace chancery::access
