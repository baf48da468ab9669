// The policy, readers and the decision.
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/access.h"

namespace chancery::access {
namespace {

using Strings = std::vector<std::string>;
using Rule = Policy::Rule;

Reader reader(Level clearance, std::string nationality, Strings groups = {}) {
  Reader r;
  r.name = "r";
  r.clearance = clearance;
  r.nationality = std::move(nationality);
  r.groups = std::move(groups);
  return r;
}

TEST(PolicyDefaults, RulesForKnownAndUnknownControls) {
  const Policy p = Policy::defaults();
  struct Case {
    std::string_view control;
    Policy::ControlRule rule;
  };
  for (const Case& c : {
           Case{"SIPDIS", {Rule::kOpen, ""}},
           Case{"CODEL", {Rule::kOpen, ""}},
           Case{"TERREP", {Rule::kOpen, ""}},
           Case{"OFFICIAL", {Rule::kOfficial, ""}},
           Case{"NOFORN", {Rule::kUsOnly, ""}},
           Case{"REL", {Rule::kReleasable, ""}},
           Case{"EXDIS", {Rule::kGroup, "exdis"}},
           Case{"NODIS", {Rule::kGroup, "nodis"}},
           Case{"LIMDIS", {Rule::kGroup, "limdis"}},
           Case{"STADIS", {Rule::kGroup, "stadis"}},
           Case{"ORCON", {Rule::kGroup, "orcon"}},
           Case{"SPECAT", {Rule::kGroup, "specat"}},
           Case{"exdis", {Rule::kGroup, "exdis"}},
           // Unknown controls need a group of their own name: fail closed.
           Case{"SI", {Rule::kGroup, "si"}},
           Case{"VISAS VIPER", {Rule::kGroup, "visas viper"}},
       }) {
    SCOPED_TRACE(c.control);
    EXPECT_EQ(p.rule_for(c.control), c.rule);
  }
}

TEST(PolicyDecision, SatisfiesEachRule) {
  const Policy p = Policy::defaults();
  const Reader us = reader(Level::kSecret, "USA");
  const Reader uk = reader(Level::kSecret, "GBR");
  const Reader fr = reader(Level::kSecret, "FRA");
  const Reader jp = reader(Level::kSecret, "JPN");
  const Reader nobody = reader(Level::kSecret, "");
  const Reader exdis = reader(Level::kSecret, "USA", {"exdis"});
  const Reader room = Reader::reading_room();
  const Reader all = Reader::custodian();
  struct Case {
    const Reader* reader;
    std::string_view control;
    Strings rel_to;
    bool ok;
  };
  const std::vector<Case> cases = {
      {&room, "SIPDIS", {}, true},
      {&room, "OFFICIAL", {}, false},
      {&room, "NOFORN", {}, false},
      {&room, "REL", {"USA"}, false},
      {&room, "EXDIS", {}, false},
      {&nobody, "OFFICIAL", {}, true},
      {&us, "NOFORN", {}, true},
      {&uk, "NOFORN", {}, false},
      {&nobody, "NOFORN", {}, false},
      {&us, "REL", {"GBR"}, true},
      {&uk, "REL", {"GBR"}, true},
      {&uk, "REL", {"NATO"}, true},
      {&uk, "REL", {"FVEY"}, true},
      {&uk, "REL", {"ACGU"}, true},
      {&uk, "REL", {"EU MEMBER STATES"}, false},
      {&fr, "REL", {"EU MEMBER STATES"}, true},
      {&fr, "REL", {"FVEY", "USA"}, false},
      {&jp, "REL", {"NATO"}, false},
      {&jp, "REL", {"JPN"}, true},
      {&uk, "REL", {"ISAF"}, false},
      {&uk, "REL", {}, false},
      {&nobody, "REL", {"GBR"}, false},
      {&us, "EXDIS", {}, false},
      {&exdis, "EXDIS", {}, true},
      {&exdis, "NODIS", {}, false},
      {&exdis, "SI", {}, false},
      {&all, "SI", {}, true},
      {&all, "NOFORN", {}, true},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    SCOPED_TRACE(std::to_string(i) + " " + c.reader->nationality + " " + std::string(c.control));
    EXPECT_EQ(satisfies(*c.reader, p, c.control, c.rel_to), c.ok);
  }
}

TEST(PolicyDecision, ReleasableNames) {
  EXPECT_EQ(releasable_names("GBR"), (Strings{"ACGU", "FVEY", "GBR", "NATO"}));
  EXPECT_EQ(releasable_names("USA"), (Strings{"ACGU", "FVEY", "NATO", "USA"}));
  EXPECT_EQ(releasable_names("FRA"), (Strings{"EU MEMBER STATES", "FRA", "NATO"}));
  EXPECT_EQ(releasable_names("NZL"), (Strings{"FVEY", "NZL"}));
  EXPECT_EQ(releasable_names("SWE"), (Strings{"EU MEMBER STATES", "NATO", "SWE"}));
  EXPECT_EQ(releasable_names("JPN"), (Strings{"JPN"}));
  EXPECT_EQ(releasable_names(""), Strings{});
}

TEST(PolicyDecision, LevelsLapseControlsDoNot) {
  const Policy p = Policy::defaults();
  const Visibility secret{Level::kSecret, {"SIPDIS"}, {}, "2017-02-09"};
  const Visibility noforn{Level::kSecret, {"NOFORN"}, {}, "2017-02-09"};
  const Visibility exempt{Level::kSecret, {}, {}, ""};
  const Reader c_us = reader(Level::kConfidential, "USA");
  const Reader s_us = reader(Level::kSecret, "USA");
  EXPECT_FALSE(released(secret, "2017-02-08"));
  EXPECT_TRUE(released(secret, "2017-02-09"));
  EXPECT_FALSE(released(exempt, "2999-12-31"));
  EXPECT_FALSE(released(secret, ""));

  EXPECT_FALSE(may_see(c_us, p, secret, "2017-02-08", false));
  EXPECT_TRUE(may_see(c_us, p, secret, "2017-02-09", false));
  EXPECT_FALSE(may_see(c_us, p, secret, "2017-02-09", true));  // held
  EXPECT_TRUE(may_see(s_us, p, secret, "2000-01-01", true));   // cleared: a hold does not matter
  EXPECT_FALSE(may_see(c_us, p, exempt, "2999-12-31", false));
  EXPECT_TRUE(may_see(Reader::reading_room(), p, secret, "2026-11-29", false));
  EXPECT_FALSE(may_see(Reader::reading_room(), p, noforn, "2026-11-29", false));
  EXPECT_FALSE(may_see(reader(Level::kTopSecret, "GBR"), p, noforn, "2026-11-29", false));
  EXPECT_TRUE(may_see(c_us, p, noforn, "2026-11-29", false));
}

TEST(PolicyDecision, UnknownControlFailsClosed) {
  const Policy p = Policy::defaults();
  const Visibility v{Level::kUnclassified, {"WHATEVER"}, {}, ""};
  EXPECT_FALSE(may_see(reader(Level::kTopSecret, "USA"), p, v, "2030-01-01", false));
  EXPECT_FALSE(may_see(Reader::reading_room(), p, v, "2030-01-01", false));
  EXPECT_TRUE(
      may_see(reader(Level::kUnclassified, "USA", {"whatever"}), p, v, "2030-01-01", false));
  EXPECT_TRUE(may_see(Reader::custodian(), p, v, "2030-01-01", false));
}

TEST(PolicyHolds, HeldByUpperCaseId) {
  Policy p = Policy::defaults();
  p.holds["07TELAVIV557"] = "under review";
  EXPECT_TRUE(p.held("07TELAVIV557"));
  EXPECT_TRUE(p.held("07telaviv557"));
  EXPECT_FALSE(p.held("07TELAVIV556"));
}

TEST(PolicyJson, RoundTrips) {
  Policy p = Policy::defaults();
  p.controls["EXDIS"] = {Rule::kGroup, "exec-sec"};
  p.controls["VISAS VIPER"] = {Rule::kOfficial, ""};
  p.controls["SIPDIS"] = {Rule::kOfficial, ""};
  p.holds["07TELAVIV557"] = "review \"quoted\"";
  Result<Policy> back = Policy::from_json(p.to_json());
  ASSERT_TRUE(back.has_value()) << back.error().to_string();
  EXPECT_EQ(back->controls, p.controls);
  EXPECT_EQ(back->holds, p.holds);
  EXPECT_EQ(Policy::from_json(Policy::defaults().to_json())->controls, Policy::defaults().controls);
}

TEST(PolicyJson, MissingControlsKeepTheirDefaults) {
  Result<Policy> p =
      Policy::from_json(R"({"controls": {"exdis": {"rule": "open"}, "NEWCAP": {"rule": "group"}},)"
                        R"( "holds": {"07x1": "why"}})");
  ASSERT_TRUE(p.has_value()) << p.error().to_string();
  EXPECT_EQ(p->rule_for("EXDIS"), (Policy::ControlRule{Rule::kOpen, ""}));
  EXPECT_EQ(p->rule_for("NEWCAP"), (Policy::ControlRule{Rule::kGroup, "newcap"}));
  EXPECT_EQ(p->rule_for("NOFORN"), (Policy::ControlRule{Rule::kUsOnly, ""}));
  EXPECT_TRUE(p->held("07X1"));
  Result<Policy> empty = Policy::from_json("{}");
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->controls, Policy::defaults().controls);
  EXPECT_TRUE(empty->holds.empty());
}

TEST(PolicyJson, RefusesMalformedPolicies) {
  for (std::string_view json : {
           "",
           "[]",
           "{",
           R"({"hold": {}})",
           R"({"controls": []})",
           R"({"controls": {"EXDIS": "group"}})",
           R"({"controls": {"EXDIS": {}}})",
           R"({"controls": {"EXDIS": {"rule": "secret"}}})",
           R"({"controls": {"EXDIS": {"rule": "group", "grop": "x"}}})",
           R"({"holds": {"07X1": 3}})",
           R"({"holds": []})",
       }) {
    SCOPED_TRACE(json);
    Result<Policy> p = Policy::from_json(json);
    ASSERT_FALSE(p.has_value());
    EXPECT_EQ(p.error().code, Errc::kInvalidInput);
  }
}

TEST(PolicyClock, TodayIsAnIsoDate) {
  const std::string t = today();
  ASSERT_EQ(t.size(), 10U);
  EXPECT_EQ(t[4], '-');
  EXPECT_EQ(t[7], '-');
  EXPECT_GE(t, "2024-01-01");
}

}  // namespace
}  // namespace chancery::access
