// Markings: levels, portion marks, classification lines, their canonical
// form and their order.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/access.h"

namespace chancery::access {
namespace {

using Strings = std::vector<std::string>;
constexpr Level kU = Level::kUnclassified;
constexpr Level kC = Level::kConfidential;
constexpr Level kS = Level::kSecret;
constexpr Level kTS = Level::kTopSecret;

Marking parsed(std::string_view text) {
  Result<Marking> m = parse_marking(text);
  EXPECT_TRUE(m.has_value()) << text << ": " << m.error().to_string();
  return m ? *m : Marking{};
}

TEST(MarkingLevel, ReadsNamesAndAbbreviationsInAnyCase) {
  struct Case {
    std::string_view text;
    std::optional<Level> level;
  };
  for (const Case& c :
       {Case{"TOP SECRET", kTS}, Case{"top  secret", kTS}, Case{"TS", kTS}, Case{"Secret", kS},
        Case{"s", kS}, Case{"CONFIDENTIAL", kC}, Case{"C", kC}, Case{"UNCLASSIFIED", kU},
        Case{"UNCLAS", kU}, Case{"u", kU}, Case{"SBU", std::nullopt}, Case{"SECRETS", std::nullopt},
        Case{"", std::nullopt}, Case{"X", std::nullopt}}) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(parse_level(c.text), c.level);
  }
  for (Level l : {kU, kC, kS, kTS}) EXPECT_EQ(parse_level(level_name(l)), l);
  EXPECT_EQ(level_name(kTS), "TOP SECRET");
}

TEST(MarkingParse, ReadsEveryCorpusForm) {
  struct Case {
    std::string_view text;
    Marking want;
  };
  const std::vector<Case> cases = {
      {"C", {kC, {}, {}}},
      {"SBU", {kU, {"OFFICIAL"}, {}}},
      {"U", {kU, {}, {}}},
      {"S", {kS, {}, {}}},
      {"(s)", {kS, {}, {}}},
      {"(u)", {kU, {}, {}}},
      {"TS", {kTS, {}, {}}},
      {"S/NF", {kS, {"NOFORN"}, {}}},
      {"C/NF", {kC, {"NOFORN"}, {}}},
      {"S//NF", {kS, {"NOFORN"}, {}}},
      {"SBU/NF", {kU, {"NOFORN", "OFFICIAL"}, {}}},
      {"SBU/N", {kU, {"NOFORN", "OFFICIAL"}, {}}},
      {"C//NF", {kC, {"NOFORN"}, {}}},
      {"S/NOFORN", {kS, {"NOFORN"}, {}}},
      {"C/NOFORN", {kC, {"NOFORN"}, {}}},
      {"S/REL NATO", {kS, {"REL"}, {"NATO"}}},
      {"C/REL NATO", {kC, {"REL"}, {"NATO"}}},
      {"C/REL UK", {kC, {"REL"}, {"GBR"}}},
      {"S/REL UK", {kS, {"REL"}, {"GBR"}}},
      {"U//FOUO", {kU, {"OFFICIAL"}, {}}},
      {"S//FGI//NF", {kS, {"NOFORN"}, {}}},
      {"S/REL TO NATO/AUS", {kS, {"REL"}, {"AUS", "NATO"}}},
      {"C/REL AUS", {kC, {"REL"}, {"AUS"}}},
      {"C//REL ISAF", {kC, {"REL"}, {"ISAF"}}},
      {"SBU/REL NATO", {kU, {"OFFICIAL", "REL"}, {"NATO"}}},
      {"C//REL AUSTRALIA GROUP", {kC, {"REL"}, {"AUSTRALIA GROUP"}}},
      {"S/REL UZBEKISTAN", {kS, {"REL"}, {"UZB"}}},
      {"C/REL GERMANY", {kC, {"REL"}, {"DEU"}}},
      {"S//REL CHINA", {kS, {"REL"}, {"CHN"}}},
      {"S//REL TO USA, FVEY", {kS, {"REL"}, {"FVEY", "USA"}}},
      {"S//REL TO USA, ACGU", {kS, {"REL"}, {"ACGU", "USA"}}},
      {"S/REL ROYG", {kS, {"REL"}, {"ROYG"}}},
      {"S/REL TO UK, PAKISTAN", {kS, {"REL"}, {"GBR", "PAK"}}},
      {"S/REL GBR", {kS, {"REL"}, {"GBR"}}},
      {"S/ REL TO UK", {kS, {"REL"}, {"GBR"}}},
      {"C/ REL ISAF", {kC, {"REL"}, {"ISAF"}}},
      {"C/F", {kC, {"F"}, {}}},
      {"C//REL TO FIVE EYES", {kC, {"REL"}, {"FVEY"}}},
      {"S/REL TO RUSSIA, LATVIA", {kS, {"REL"}, {"LVA", "RUS"}}},
      {"S/NF/REL PANAMA", {kS, {"NOFORN", "REL"}, {"PAN"}}},
      {"C/REL NATO AND AUS", {kC, {"REL"}, {"AUS", "NATO"}}},
      {"C/REL EU MEMBER STATES", {kC, {"REL"}, {"EU MEMBER STATES"}}},
      {"S/REL CH", {kS, {"REL"}, {"CHN"}}},
      {"S/REL PAK", {kS, {"REL"}, {"PAK"}}},
      {"S/REL TO UK/NF", {kS, {"NOFORN", "REL"}, {"GBR"}}},
      {"S//REL TO USA, FVEY//ORCON", {kS, {"ORCON", "REL"}, {"FVEY", "USA"}}},
      {"TS//SI//NF", {kTS, {"NOFORN", "SI"}, {}}},
      {"(C/REL NATO)", {kC, {"REL"}, {"NATO"}}},
      {" ( S/NF ) ", {kS, {"NOFORN"}, {}}},
      // Classification lines.
      {"CONFIDENTIAL", {kC, {}, {}}},
      {"SECRET", {kS, {}, {}}},
      {"UNCLASSIFIED", {kU, {}, {}}},
      {"TOP SECRET", {kTS, {}, {}}},
      {"UNCLASSIFIED//FOR OFFICIAL USE ONLY", {kU, {"OFFICIAL"}, {}}},
      {"SECRET//NOFORN", {kS, {"NOFORN"}, {}}},
      {"LIMITED OFFICIAL USE", {kU, {"OFFICIAL"}, {}}},
      {"UNCLAS EFTO", {kU, {"OFFICIAL"}, {}}},
      {"SECRET//FGI//NOFORN//MR", {kS, {"MR", "NOFORN"}, {}}},
      {"secret//noforn", {kS, {"NOFORN"}, {}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Marking> m = parse_marking(c.text);
    ASSERT_TRUE(m.has_value()) << m.error().to_string();
    EXPECT_EQ(m->level, c.want.level);
    EXPECT_EQ(m->controls, c.want.controls);
    EXPECT_EQ(m->rel_to, c.want.rel_to);
  }
}

TEST(MarkingParse, SpellingsOfOneMarkingAreEqual) {
  for (const std::vector<std::string_view>& group :
       {std::vector<std::string_view>{"S/NF", "S//NF", "SECRET//NOFORN", "(s/nf)", "S/NOFORN",
                                      "SECRET NOFORN"},
        std::vector<std::string_view>{"SBU", "U//FOUO", "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
                                      "LIMITED OFFICIAL USE", "UNCLASSIFIED//OFFICIAL"},
        std::vector<std::string_view>{"C/REL UK", "C//REL TO GBR", "C/REL TO UNITED KINGDOM",
                                      "CONFIDENTIAL//REL TO GBR"},
        std::vector<std::string_view>{"S/REL TO NATO/AUS", "S//REL TO AUS, NATO",
                                      "S/REL NATO AND AUSTRALIA"}}) {
    const Marking first = parsed(group.front());
    for (std::string_view other : group) {
      SCOPED_TRACE(other);
      EXPECT_EQ(parsed(other), first);
    }
  }
}

TEST(MarkingParse, RefusesTextWithoutALevel) {
  for (std::string_view text :
       {"", "()", "NF", "REL TO UK", "CORRECTED COPY", "CUBA IS", "CABLE 4 OF 4",
        "C O R R E C T E D COPY", "U S POLICY", "SECRETARY", "/S"}) {
    SCOPED_TRACE(text);
    Result<Marking> m = parse_marking(text);
    ASSERT_FALSE(m.has_value());
    EXPECT_EQ(m.error().code, Errc::kInvalidInput);
  }
}

TEST(MarkingFormat, WritesTheCanonicalFormAndReadsItBack) {
  struct Case {
    std::string_view text;
    std::string_view canonical;
  };
  for (const Case& c : {
           Case{"S/NF", "SECRET//NOFORN"},
           Case{"C/REL NATO AND UK", "CONFIDENTIAL//REL TO GBR, NATO"},
           Case{"SBU", "UNCLASSIFIED//OFFICIAL"},
           Case{"u", "UNCLASSIFIED"},
           Case{"TS//SI//NF", "TOP SECRET//NOFORN//SI"},
           Case{"S//REL TO USA, FVEY//ORCON", "SECRET//ORCON//REL TO FVEY, USA"},
           Case{"C//REL AUSTRALIA GROUP", "CONFIDENTIAL//REL TO AUSTRALIA GROUP"},
           Case{"C/REL EU MEMBER STATES/NF", "CONFIDENTIAL//NOFORN//REL TO EU MEMBER STATES"},
           Case{"C/F", "CONFIDENTIAL//F"},
           Case{"SBU/N", "UNCLASSIFIED//NOFORN//OFFICIAL"},
       }) {
    SCOPED_TRACE(c.text);
    const Marking m = parsed(c.text);
    EXPECT_EQ(format_marking(m), c.canonical);
    EXPECT_EQ(parsed(format_marking(m)), m);
  }
  // Hand-built markings whose controls are no known words still round-trip.
  for (const Marking& m : {Marking{kS, {"REL", "ZZZ"}, {"GBR", "ROYG"}}, Marking{kC, {"N"}, {}},
                           Marking{kU, {"VISAS VIPER"}, {}}, Marking{kTS, {"REL"}, {}}}) {
    SCOPED_TRACE(format_marking(m));
    EXPECT_EQ(parsed(format_marking(m)), m);
  }
}

TEST(MarkingOrder, DominatesByLevelAndControls) {
  struct Case {
    std::string_view a;
    std::string_view b;
    bool a_dominates_b;
  };
  for (const Case& c : {
           Case{"S", "C", true},
           Case{"C", "S", false},
           Case{"S", "S", true},
           Case{"TS", "U", true},
           Case{"S//NF", "S", true},
           Case{"S", "S//NF", false},
           Case{"C//NF", "S", false},
           Case{"S//NF", "C//NF", true},
           Case{"SBU", "U", true},
           Case{"U", "SBU", false},
           Case{"C", "SBU", false},  // a level is no OFFICIAL control
           Case{"S/REL UK", "S/REL TO UK, NATO", true},
           Case{"S/REL TO UK, NATO", "S/REL UK", false},
           Case{"S/REL UK", "S", true},
           Case{"S", "S/REL UK", false},
           Case{"S/REL UK", "C/REL UK", true},
           Case{"TS//SI//NF", "S//NF", true},
           Case{"S//NF", "TS//SI//NF", false},
       }) {
    SCOPED_TRACE(std::string(c.a) + " over " + std::string(c.b));
    EXPECT_EQ(dominates(parsed(c.a), parsed(c.b)), c.a_dominates_b);
  }
}

}  // namespace
}  // namespace chancery::access
