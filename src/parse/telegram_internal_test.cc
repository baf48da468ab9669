// Unit tests for the pieces of the telegram reader (telegram_internal.h).
// Cases come from docs/telegram-format.md and the development corpus; each
// table row names the line it reads. A case the reader gets wrong is kept
// asserting the documented behaviour, disabled with a "BUG:" note.
#include "parse/telegram_internal.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace chancery::parse::detail {
namespace {

constexpr std::size_t npos = std::string_view::npos;
using Strings = std::vector<std::string>;

// ---- match_class_word ------------------------------------------------------

TEST(MatchClassWord, ReadsEveryWrittenFormOfTheLevel) {
  struct Case {
    std::string_view line;
    std::string_view level;
    std::size_t end;
    bool spaced;
    bool efto;
  };
  for (const Case& c : {
           Case{"S E C R E T", "SECRET", 11, true, false},
           Case{"S e c r e t section 01 of 04 tel aviv 000557", "SECRET", 11, true, false},
           Case{"C O N F I D E N T I A L SECTION 01 OF 02 HARARE 005461", "CONFIDENTIAL", 23, true,
                false},
           Case{"C o n f i d e n t i a l berlin 001068", "CONFIDENTIAL", 23, true, false},
           Case{"SECRET//NOFORN", "SECRET", 6, false, false},
           Case{"CONFIDENTIAL", "CONFIDENTIAL", 12, false, false},
           Case{"UNCLASSIFIED//FOR OFFICIAL USE ONLY", "UNCLASSIFIED", 12, false, false},
           Case{"UNCLAS STATE 012345", "UNCLASSIFIED", 6, false, false},
           Case{"UNCLAS E F T O LONDON 002618", "UNCLASSIFIED", 14, false, true},
           Case{"UNCLAS EFTO LONDON 000016", "UNCLASSIFIED", 11, false, true},
           Case{"TOP SECRET", "TOP SECRET", 10, false, false},
           Case{"T O P S E C R E T", "TOP SECRET", 17, true, false},
       }) {
    SCOPED_TRACE(c.line);
    std::optional<ClassWord> w = match_class_word(c.line, 0);
    ASSERT_TRUE(w.has_value());
    EXPECT_EQ(w->level, c.level);
    EXPECT_EQ(w->begin, 0U);
    EXPECT_EQ(w->end, c.end);
    EXPECT_EQ(w->spaced, c.spaced);
    EXPECT_EQ(w->efto, c.efto);
  }
}

TEST(MatchClassWord, RejectsWordsThatOnlyStartLikeALevel) {
  for (std::string_view line :
       {"SECRETARY RICE", "Secretary Rice met", "CONFIDENTIALITY", "SECRETS", "UNCLASSIFIEDS",
        "SUMMARY", "Sipdis", "", " SECRET", "S E C R E TX"}) {
    SCOPED_TRACE(line);
    EXPECT_FALSE(match_class_word(line, 0).has_value());
  }
}

TEST(MatchClassWord, MatchesAtTheGivenOffset) {
  const std::string_view line = "Telegram S E C R E T TRIPOLI 000641";
  std::optional<ClassWord> w = match_class_word(line, 9);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->level, "SECRET");
  EXPECT_EQ(w->begin, 9U);
  EXPECT_EQ(w->end, 20U);
  EXPECT_FALSE(match_class_word(line, 0).has_value());
  EXPECT_FALSE(match_class_word(line, line.size()).has_value());
}

// ---- find_spaced_class_word --------------------------------------------------

TEST(FindSpacedClassWord, FindsTheWordGluedToThePreviousOne) {
  struct Case {
    std::string_view line;
    std::string_view word;  // where the class word starts (its first bytes)
    std::string_view level;
  };
  for (const Case& c : {
           Case{"RHMFISS/HQ USEUCOM VAIHINGEN GES e c r e t section 01 of 04 tel aviv 000557",
                "S e c r e t", "SECRET"},
           Case{"HQ USEUCOM VAIHINGEN GES e c r e t", "S e c r e t", "SECRET"},
           Case{"Cable dated:2010-02-16T06:54:00C O N F I D E N T I A L SECTION 01 OF 04 "
                "KAMPALA 000073SIPDIS",
                "C O N F I D E N T I A L", "CONFIDENTIAL"},
           Case{"Telegram S E C R E T TRIPOLI 000641", "S E C R E T", "SECRET"},
           Case{"S E C R E T", "S E C R E T", "SECRET"},
       }) {
    SCOPED_TRACE(c.line);
    std::optional<ClassWord> w = find_spaced_class_word(c.line);
    ASSERT_TRUE(w.has_value());
    EXPECT_EQ(w->level, c.level);
    EXPECT_EQ(w->begin, c.line.find(c.word));
    EXPECT_EQ(w->end, c.line.find(c.word) + c.word.size());
    EXPECT_TRUE(w->spaced);
  }
}

TEST(FindSpacedClassWord, IgnoresUnspacedWordsAndOrdinaryText) {
  for (std::string_view line : {"SECRET//NOFORN", "SECRETARY RICE", "RUEHC/SECSTATE WASHDC 9537",
                                "CONFIDENTIAL SECTION 01 OF 02 HARARE 005461",
                                "PLAN A OR B OR C IS FINE", "the U S and E U", ""}) {
    SCOPED_TRACE(line);
    EXPECT_FALSE(find_spaced_class_word(line).has_value());
  }
}

// ---- parse_classification_line ----------------------------------------------

TEST(ParseClassificationLine, ReadsLevelSectionPostAndSerial) {
  struct Case {
    std::string_view line;
    std::string_view level;
    int section;
    int sections;
    std::string_view post;
    std::string_view serial;
    bool efto;
  };
  for (const Case& c : {
           Case{"S E C R E T SECTION 01 OF 04 TEL AVIV 000557", "SECRET", 1, 4, "TEL AVIV",
                "000557", false},
           Case{"S e c r e t section 01 of 04 tel aviv 000557", "SECRET", 1, 4, "TEL AVIV",
                "000557", false},
           Case{"C O N F I D E N T I A L SECTION 01 OF 02 HARARE 005461", "CONFIDENTIAL", 1, 2,
                "HARARE", "005461", false},
           Case{"C O N F I D E N T I A L SECTION01 OF 03 SAN JOSE 000525", "CONFIDENTIAL", 1, 3,
                "SAN JOSE", "000525", false},
           Case{"UNCLAS SECTION 1 OF 2 TEHRAN 2069", "UNCLASSIFIED", 1, 2, "TEHRAN", "2069", false},
           Case{"UNCLAS E F T O LONDON 002618", "UNCLASSIFIED", 0, 0, "LONDON", "002618", true},
           Case{"UNCLAS E F T O SECTION 01 OF 08 LONDON 002622", "UNCLASSIFIED", 1, 8, "LONDON",
                "002622", true},
           Case{"UNCLAS AIT TAIPEI 000275", "UNCLASSIFIED", 0, 0, "AIT TAIPEI", "000275", false},
           Case{"C O N F I D E N T I A L STATE 088235", "CONFIDENTIAL", 0, 0, "STATE", "088235",
                false},
           Case{"S E C R E T USUN NEW YORK 000123", "SECRET", 0, 0, "USUN NEW YORK", "000123",
                false},
           Case{"S E C R E T SECTION 02 OF 04 TEL AVIV 000557", "SECRET", 2, 4, "TEL AVIV",
                "000557", false},
       }) {
    SCOPED_TRACE(c.line);
    std::optional<ClassificationLine> cl = parse_classification_line(c.line);
    ASSERT_TRUE(cl.has_value());
    EXPECT_EQ(cl->level, c.level);
    EXPECT_EQ(cl->section, c.section);
    EXPECT_EQ(cl->sections, c.sections);
    EXPECT_EQ(cl->post, c.post);
    EXPECT_EQ(cl->serial, c.serial);
    EXPECT_EQ(cl->efto, c.efto);
    EXPECT_EQ(cl->rest, c.line.size());
  }
}

TEST(ParseClassificationLine, BareLevelsKeepTheirCaveatsAsCaptions) {
  struct Case {
    std::string_view line;
    std::string_view level;
    Strings captions;
  };
  for (const Case& c : {
           Case{"SECRET//NOFORN", "SECRET", {"NOFORN"}},
           Case{"UNCLASSIFIED//FOR OFFICIAL USE ONLY", "UNCLASSIFIED", {"FOR OFFICIAL USE ONLY"}},
           Case{"S E C R E T", "SECRET", {}},
           Case{"CONFIDENTIAL", "CONFIDENTIAL", {}},
       }) {
    SCOPED_TRACE(c.line);
    std::optional<ClassificationLine> cl = parse_classification_line(c.line);
    ASSERT_TRUE(cl.has_value());
    EXPECT_EQ(cl->level, c.level);
    EXPECT_EQ(cl->captions, c.captions);
    EXPECT_EQ(cl->post, "");
    EXPECT_EQ(cl->serial, "");
    EXPECT_EQ(cl->sections, 0);
  }
}

TEST(ParseClassificationLine, CaptionsOnTheLineBeforeThePost) {
  std::optional<ClassificationLine> cl =
      parse_classification_line("C O N F I D E N T I A L NOFORN SECTION 01 OF 02 STATE 012345");
  ASSERT_TRUE(cl.has_value());
  EXPECT_EQ(cl->captions, Strings{"NOFORN"});
  EXPECT_EQ(cl->post, "STATE");
  EXPECT_EQ(cl->serial, "012345");
  EXPECT_EQ(cl->sections, 2);
}

TEST(ParseClassificationLine, StartsAtTheGivenOffsetAndStopsAtGluedText) {
  struct Case {
    std::string_view line;
    std::string_view word;  // the class word's first bytes
    std::string_view level;
    std::string_view post;
    std::string_view serial;
    int sections;
    std::string_view glued;  // what follows the serial
  };
  for (const Case& c : {
           Case{"Cable dated:2010-02-16T06:54:00C O N F I D E N T I A L SECTION 01 OF 04 "
                "KAMPALA 000073SIPDISE.O. 12958: DECL: 2020/02/16TAGS: PGOV",
                "C O N", "CONFIDENTIAL", "KAMPALA", "000073", 4,
                "SIPDISE.O. 12958: DECL: 2020/02/16TAGS: PGOV"},
           Case{"HQ USEUCOM VAIHINGEN GES e c r e t section 01 of 04 tel aviv 000557",
                "S e c r e t", "SECRET", "TEL AVIV", "000557", 4, ""},
           Case{"Telegram S E C R E T TRIPOLI 000641", "S E C R E T", "SECRET", "TRIPOLI", "000641",
                0, ""},
           Case{"S E C R E T CAIRO 000941SIPDISE.O. 12958: DECL: 02/15/2016", "S E C R E T",
                "SECRET", "CAIRO", "000941", 0, "SIPDISE.O. 12958: DECL: 02/15/2016"},
       }) {
    SCOPED_TRACE(c.line);
    const std::size_t pos = c.line.find(c.word);
    std::optional<ClassificationLine> cl = parse_classification_line(c.line, pos);
    ASSERT_TRUE(cl.has_value());
    EXPECT_EQ(cl->level, c.level);
    EXPECT_EQ(cl->post, c.post);
    EXPECT_EQ(cl->serial, c.serial);
    EXPECT_EQ(cl->sections, c.sections);
    EXPECT_EQ(c.line.substr(cl->rest), c.glued);
  }
}

TEST(ParseClassificationLine, RejectsLinesWithoutAClassWord) {
  for (std::string_view line : {"SECRETARY RICE", "SIPDIS", "E.O. 12958: DECL: 02/09/2017",
                                "TAGS: PREL", "RUEHC/SECSTATE WASHDC PRIORITY 9537", ""}) {
    SCOPED_TRACE(line);
    EXPECT_FALSE(parse_classification_line(line).has_value());
  }
}

// ---- find_classification_start ----------------------------------------------

TEST(FindClassificationStart, FindsTheLineAtTheStartOrAfterAWrapper) {
  struct Case {
    std::string_view line;
    std::string_view word;  // the class word's first bytes
  };
  for (const Case& c : {
           Case{"S E C R E T", "S E C R E T"},
           Case{"S e c r e t section 01 of 04 tel aviv 000557", "S e c r e t"},
           Case{"  SECRET//NOFORN", "SECRET"},
           Case{"UNCLAS E F T O", "UNCLAS"},
           Case{"UNCLASSIFIED//FOR OFFICIAL USE ONLY", "UNCLASSIFIED"},
           Case{"Cable dated:2010-02-16T06:54:00C O N F I D E N T I A L SECTION 01 OF 04 "
                "KAMPALA 000073SIPDIS",
                "C O N"},
           Case{"Telegram S E C R E T TRIPOLI 000641", "S E C R E T"},
           Case{"Telegram SECRET TRIPOLI 000641", "SECRET"},
           Case{"HQ USEUCOM VAIHINGEN GES e c r e t section 01 of 04 tel aviv 000557",
                "S e c r e t"},
       }) {
    SCOPED_TRACE(c.line);
    EXPECT_EQ(find_classification_start(c.line), c.line.find(c.word));
  }
}

TEST(FindClassificationStart, OrdinaryLinesHaveNone) {
  for (std::string_view line :
       {"SECRETARY RICE", "Secretary Rice will visit in May", "DEPT FOR EUR/RUS", "SIPDIS",
        "TAGS: PREL, KNNP", "", "The SECRET report"}) {
    SCOPED_TRACE(line);
    EXPECT_EQ(find_classification_start(line), npos);
  }
}

// BUG: an unspaced level word in the middle of a sentence followed by a
// number passes for a classification line after a "wrapper prefix": the
// paragraph below yields the offset of "SECRET" (post "POLICE ARRESTED",
// serial "12"). Only known wrapper prefixes ("Telegram", "Cable dated:...")
// should be accepted before an unspaced word (format §1.10).
TEST(FindClassificationStart, SentenceWithLevelWordAndNumberIsNoClassificationLine) {
  EXPECT_EQ(find_classification_start("1. (C) THE SECRET POLICE ARRESTED 12 PEOPLE"), npos);
  EXPECT_EQ(find_classification_start("He said the confidential talks 2009 failed"), npos);
}

// ---- caption_line -------------------------------------------------------------

TEST(CaptionLine, ReadsCaptionOnlyLines) {
  struct Case {
    std::string_view line;
    Strings captions;
  };
  for (const Case& c : {
           Case{"SIPDIS", {"SIPDIS"}},
           Case{"Sipdis", {"SIPDIS"}},
           Case{"NOFORN SIPDIS", {"NOFORN", "SIPDIS"}},
           Case{"SIPDIS \\", {"SIPDIS"}},
           Case{"  SIPDIS  ", {"SIPDIS"}},
           Case{"SENSITIVE", {"SENSITIVE"}},
           Case{"SENSITIVE BUT UNCLASSIFIED", {"SENSITIVE BUT UNCLASSIFIED"}},
           Case{"NODIS", {"NODIS"}},
           Case{"EXDIS", {"EXDIS"}},
           Case{"VISAS VIPER", {"VISAS VIPER"}},
           Case{"REL TO USA, AUS", {"REL TO USA, AUS"}},
       }) {
    SCOPED_TRACE(c.line);
    std::optional<Strings> caps = caption_line(c.line);
    ASSERT_TRUE(caps.has_value());
    EXPECT_EQ(*caps, c.captions);
  }
}

TEST(CaptionLine, PassingInstructionsAndTextAreNoCaptions) {
  for (std::string_view line :
       {"DEPT FOR EUR/RUS", "STATE FOR ISN/MTR", "PASS TO USTR", "DEPT PASS USTR",
        "NSC FOR SENIOR AFRICA DIRECTOR GAYLE SMITH", "SENSITIVE ISSUES REMAIN UNRESOLVED",
        "SIPDIS INTERESTS FOR THE MDC TO DO ALL IT CAN", "", "   ", "\\", "SIPDISCUSSION"}) {
    SCOPED_TRACE(line);
    EXPECT_FALSE(caption_line(line).has_value());
  }
}

// ---- parse_dtg_line / parse_dtg ------------------------------------------------

TEST(ParseDtgLine, ReadsPrecedenceLettersAndDateTimeGroup) {
  struct Case {
    std::string_view line;
    std::string_view letters;
    int year, month, day, hour, minute;
  };
  for (const Case& c : {
           Case{"P 220711Z FEB 07", "P", 2007, 2, 22, 7, 11},
           Case{"O R 160654Z FEB 10", "O R", 2010, 2, 16, 6, 54},
           Case{"Z 021228Z JUL 09 ZFF4", "Z", 2009, 7, 2, 12, 28},
           Case{"O 160836Z AUG 08 ZFF4", "O", 2008, 8, 16, 8, 36},
           Case{"O P 011212Z AUG 06", "O P", 2006, 8, 1, 12, 12},
           Case{"P R 221403Z NOV 06", "P R", 2006, 11, 22, 14, 3},
           Case{"R 271458Z SEP 00", "R", 2000, 9, 27, 14, 58},
           Case{"R 041530Z MAR 75", "R", 1975, 3, 4, 15, 30},
           Case{"O 311200Z DEC 66", "O", 1966, 12, 31, 12, 0},
           Case{"P 290000Z FEB 08", "P", 2008, 2, 29, 0, 0},
           Case{"R 010000Z JAN 10 ZDK CTG RUEHDO #3763", "R", 2010, 1, 1, 0, 0},
           Case{"  P 220711Z FEB 07  ", "P", 2007, 2, 22, 7, 11},
       }) {
    SCOPED_TRACE(c.line);
    std::optional<Dtg> d = parse_dtg_line(c.line);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->letters, c.letters);
    EXPECT_EQ(d->year, c.year);
    EXPECT_EQ(d->month, c.month);
    EXPECT_EQ(d->day, c.day);
    EXPECT_EQ(d->hour, c.hour);
    EXPECT_EQ(d->minute, c.minute);
  }
}

TEST(ParseDtgLine, RejectsInvalidDatesAndOtherLines) {
  for (std::string_view line : {
           "P 300711Z FEB 07",    // 30 February
           "P 290711Z FEB 07",    // 2007 is no leap year
           "P 320711Z JAN 07",    // day 32
           "P 000711Z JAN 07",    // day 0
           "P 312359Z APR 09",    // 31 April
           "P 222411Z FEB 07",    // hour 24
           "P 220760Z FEB 07",    // minute 60
           "P 220711Z FOO 07",    // no month
           "P 220711 FEB 07",     // no Z
           "220711Z FEB 07",      // no precedence letter
           "X 220711Z FEB 07",    // no precedence letter
           "P 220711Z FEB 2007",  // four-digit year
           "PP RUEHBC RUEHDE RUEHDIR RUEHKUK",
           "DE RUEHTV #0557/01 0530711",
           "",
       }) {
    SCOPED_TRACE(line);
    EXPECT_FALSE(parse_dtg_line(line).has_value());
  }
}

TEST(ParseDtg, ReadsAtAnOffsetWithoutPrecedenceLetters) {
  std::optional<Dtg> d = parse_dtg("220711Z FEB 07");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->year, 2007);
  EXPECT_EQ(d->day, 22);
  EXPECT_EQ(d->letters, "");
  const std::string_view printed = "PAGE 02 HARARE 05461 01 OF 02 271458Z SEP 00";
  d = parse_dtg(printed, printed.find("271458Z"));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->year, 2000);
  EXPECT_EQ(d->month, 9);
  EXPECT_EQ(d->hour, 14);
  EXPECT_FALSE(parse_dtg("220711Z FEB 07", 3).has_value());
}

// ---- parse_addressee ----------------------------------------------------------

TEST(ParseAddressee, ReadsRoutePladPrecedenceAndMcn) {
  struct Case {
    std::string_view line;
    std::optional<std::string> route;
    std::string name;
    std::optional<std::string> precedence;
    std::optional<std::string> mcn;
  };
  for (const Case& c : {
           Case{"RUEHC/SECSTATE WASHDC PRIORITY 9537", "RUEHC", "SECSTATE WASHDC", "PRIORITY",
                "9537"},
           Case{"RUCNIRA/IRAN COLLECTIVE", "RUCNIRA", "IRAN COLLECTIVE", std::nullopt,
                std::nullopt},
           Case{"SECSTATE WASHDC IMMEDIATE 7212", std::nullopt, "SECSTATE WASHDC", "IMMEDIATE",
                "7212"},
           Case{"RUEHHE/AMEMBASSY HELSINKI NIACT IMMEDIATE 0000", "RUEHHE", "AMEMBASSY HELSINKI",
                "NIACT IMMEDIATE", "0000"},
           Case{"RUEHLO/AMEMBASSY LONDON PIORITY 7595", "RUEHLO", "AMEMBASSY LONDON", "PRIORITY",
                "7595"},
           Case{"RUEHBJ/AMEMBASSY BEIJING 0777   ", "RUEHBJ", "AMEMBASSY BEIJING", std::nullopt,
                "0777"},
           Case{"RUEHC/SECSTATE WASHDC FLASH 1579", "RUEHC", "SECSTATE WASHDC", "FLASH", "1579"},
           Case{"SECSTATE WASHDC 475", std::nullopt, "SECSTATE WASHDC", std::nullopt, "475"},
           Case{"NSC WASHDC IMMEDIATE", std::nullopt, "NSC WASHDC", "IMMEDIATE", std::nullopt},
           Case{"ALL DIPLOMATIC AND CONSULAR POSTS COLLECTIVE IMMEDIATE", std::nullopt,
                "ALL DIPLOMATIC AND CONSULAR POSTS COLLECTIVE", "IMMEDIATE", std::nullopt},
           Case{"RUCNDT/USMISSION USUN NEW YORK 4846", "RUCNDT", "USMISSION USUN NEW YORK",
                std::nullopt, "4846"},
           Case{"RUEHUNV/USMISSION UNVIE VIENNA 0124", "RUEHUNV", "USMISSION UNVIE VIENNA",
                std::nullopt, "0124"},
           Case{"RHMFISS/HQ USEUCOM VAIHINGEN GE", "RHMFISS", "HQ USEUCOM VAIHINGEN GE",
                std::nullopt, std::nullopt},
           Case{"RUEKJCS/SECDEF WASHDC ROUTINE", "RUEKJCS", "SECDEF WASHDC", "ROUTINE",
                std::nullopt},
           Case{"RUEHTRO/AMEMBASSY TRIPOLI 2831 \\", "RUEHTRO", "AMEMBASSY TRIPOLI", std::nullopt,
                "2831"},
       }) {
    SCOPED_TRACE(c.line);
    const Recipient r = parse_addressee(c.line);
    EXPECT_EQ(r.route, c.route);
    EXPECT_EQ(r.name, c.name);
    EXPECT_EQ(r.precedence, c.precedence);
    EXPECT_EQ(r.mcn, c.mcn);
    EXPECT_TRUE(r.excluded.empty());
  }
}

// ---- precedence --------------------------------------------------------------

TEST(Precedence, LettersAndRanks) {
  EXPECT_EQ(precedence_from_letter('Z'), "FLASH");
  EXPECT_EQ(precedence_from_letter('O'), "IMMEDIATE");
  EXPECT_EQ(precedence_from_letter('P'), "PRIORITY");
  EXPECT_EQ(precedence_from_letter('R'), "ROUTINE");
  EXPECT_EQ(precedence_from_letter('X'), std::nullopt);
  EXPECT_EQ(precedence_from_letter('p'), std::nullopt);

  // Format §2: FLASH > NIACT IMMEDIATE > IMMEDIATE > PRIORITY > ROUTINE. The
  // header's contract gives NIACT IMMEDIATE the rank of IMMEDIATE.
  EXPECT_GT(precedence_rank("FLASH"), precedence_rank("NIACT IMMEDIATE"));
  EXPECT_GE(precedence_rank("NIACT IMMEDIATE"), precedence_rank("IMMEDIATE"));
  EXPECT_GT(precedence_rank("IMMEDIATE"), precedence_rank("PRIORITY"));
  EXPECT_GT(precedence_rank("PRIORITY"), precedence_rank("ROUTINE"));
  EXPECT_GT(precedence_rank("ROUTINE"), 0);
  EXPECT_EQ(precedence_rank("FLASH"), 4);
  EXPECT_EQ(precedence_rank("ROUTINE"), 1);
  for (std::string_view unknown : {"", "PIORITY", "URGENT", "flash"}) {
    SCOPED_TRACE(unknown);
    EXPECT_EQ(precedence_rank(unknown), 0);
  }
}

// ---- E.O. line and DECL dates --------------------------------------------------

TEST(EoLine, FindsTheTextAfterLabelAndOrder) {
  struct Case {
    std::string_view line;
    std::string_view body;
  };
  for (const Case& c : {
           Case{"E.O. 12958: DECL: 02/09/2017", "DECL: 02/09/2017"},
           Case{"E.o. 12958: decl: 02/09/2017", "decl: 02/09/2017"},
           Case{"EO 12958 DECL: 09/21/10", "DECL: 09/21/10"},
           Case{"E. O. 12958: DECL: 12/17/2014", "DECL: 12/17/2014"},
           Case{"E.O.12958: DECL: 12/17/2014", "DECL: 12/17/2014"},
           Case{"E.O. 12958: N/A", "N/A"},
           Case{"E.O. 11652: GDS", "GDS"},
           Case{"E.O. 12356: DECL:OADR", "DECL:OADR"},
           Case{"E.O. 12958: DNG: CO 01/26/2021", "DNG: CO 01/26/2021"},
           Case{"E.O. 13526: DECL: 07/01/2020", "DECL: 07/01/2020"},
           Case{"  E.O. 12958: DECL: 02/09/2017", "DECL: 02/09/2017"},
       }) {
    SCOPED_TRACE(c.line);
    const std::size_t at = eo_line_body(c.line);
    ASSERT_NE(at, npos);
    EXPECT_EQ(c.line.substr(at), c.body);
  }
}

TEST(EoLine, OtherLinesAreNotOne) {
  for (std::string_view line :
       {"EMBASSY OFFICERS MET", "Executive Order 12958", "EO", "E.O. DECL: 02/09/2017",
        "ECON 12958", "EOB 12958", "E-mail 12958", "TAGS: PREL", ""}) {
    SCOPED_TRACE(line);
    EXPECT_EQ(eo_line_body(line), npos);
  }
}

TEST(DeclDate, ReadsEveryObservedDateForm) {
  struct Case {
    std::string_view line;  // a whole E.O. line
    std::string_view date;
  };
  for (const Case& c : {
           Case{"E.O. 12958: DECL: 02/09/2017", "2017-02-09"},
           Case{"E.o. 12958: decl: 02/09/2017", "2017-02-09"},
           Case{"EO 12958 DECL: 09/21/10", "2010-09-21"},
           Case{"E.O. 12958: DECL:  8/1/2016", "2016-08-01"},
           Case{"E.O. 12958: DECL: 2020/02/16", "2020-02-16"},
           Case{"E.O. 12958: DECL: 12-17-14", "2014-12-17"},
           Case{"E.O. 12958: DECLl: 02/09/2017", "2017-02-09"},
           Case{"E.O. 12958: DECL: DECL: 02/09/2017", "2017-02-09"},
           Case{"E.O. 12958: DECL: 02/09/2017\\", "2017-02-09"},
           Case{"E.O. 12958: DECL: 12/17/2014 TAGS: EAIR", "2014-12-17"},
           Case{"E.O. 12958: DECL: 02/29/2016", "2016-02-29"},
       }) {
    SCOPED_TRACE(c.line);
    const std::size_t at = eo_line_body(c.line);
    ASSERT_NE(at, npos);
    EXPECT_EQ(parse_decl_date(c.line.substr(at)), std::optional<std::string>(c.date));
  }
}

TEST(DeclDate, NoDateForNaEventsExemptionsAndLegacyMarks) {
  for (std::string_view line : {
           "E.O. 12958: N/A",
           "E.O. 12958: n/a",
           "E.O. 12958: DECL: N/A",
           "E.O. 12958: DECL: 25X1",
           "E.O. 12958: DECL: 25X1- HUMAN",
           "E.O. 12958: DECL: (X1)",
           "E.O. 12958: DECL: CLOSURE OF ICTY",
           "E.O. 12958: DECL: TEN YEARS AFTER KOREAN UNIFICATION",
           "E.O. 12958: DECL: TWENTY YEARS",
           "E.O. 12958: DECL: 1.6 FIVE YEARS AFTER CLOSURE OF THE ICTY",
           "E.O. 12356: DECL: OADR",
           "E.O. 11652: GDS",
           "E.O. 12958: DECL: MR",
           "E.O. 12958: DECL: 02/30/2017",
           "E.O. 12958: DECL: 13/01/2017",
           "E.O. 12958: DECL: 02/29/2017",
           "E.O. 12958: DECL:",
       }) {
    SCOPED_TRACE(line);
    const std::size_t at = eo_line_body(line);
    ASSERT_NE(at, npos);
    EXPECT_EQ(parse_decl_date(line.substr(at)), std::nullopt);
  }
}

// BUG: a downgrade instruction is read as a declassification date.
// "E.O. 12958: DNG: CO 01/26/2021" (06CARACAS219) means "downgrade to
// CONFIDENTIAL on 2021-01-26, then apply the default rule" (format §4.4,
// §5.4 item 2); the record's declassify_on is the DECL date, null when there
// is none (cable-record.md). parse_decl_date returns "2021-01-26".
TEST(DeclDate, DowngradeDateIsNoDeclassificationDate) {
  const std::string_view line = "E.O. 12958: DNG: CO 01/26/2021";
  EXPECT_EQ(parse_decl_date(line.substr(eo_line_body(line))), std::nullopt);
  EXPECT_EQ(parse_decl_date("DNG: CO 04/08/2026"), std::nullopt);
}

// ---- TAGS --------------------------------------------------------------------

TEST(Tags, SplitsOnSpacesOrCommasAndUpperCases) {
  struct Case {
    std::string_view text;
    Strings tags;
  };
  for (const Case& c : {
           Case{"PREL, KNNP, MNUC, PTER, UNSC, IR, RU, IS",
                {"PREL", "KNNP", "MNUC", "PTER", "UNSC", "IR", "RU", "IS"}},
           Case{" prel, knnp, mnuc, pter, unsc, ir, ru, is",
                {"PREL", "KNNP", "MNUC", "PTER", "UNSC", "IR", "RU", "IS"}},
           Case{"PGOV PREL VE", {"PGOV", "PREL", "VE"}},
           Case{"PGOV  PREL\tVE ", {"PGOV", "PREL", "VE"}},
           Case{"PGOV, PINS, ZI, MDC, ZANU-PF", {"PGOV", "PINS", "ZI", "MDC", "ZANU-PF"}},
           Case{"PREL SIPDIS PGOV", {"PREL", "PGOV"}},
           Case{"PREL, SIPDIS, PGOV", {"PREL", "PGOV"}},
           Case{"PTER, COUNTER TERRORISM, PREL", {"PTER", "COUNTER TERRORISM", "PREL"}},
           Case{"OVIP RICE CONDOLEEZZA PREL PHSA SP KV CU",
                {"OVIP", "RICE", "CONDOLEEZZA", "PREL", "PHSA", "SP", "KV", "CU"}},
           Case{"PGOV, PREL, AU-1 \\", {"PGOV", "PREL", "AU-1"}},
           Case{"PGOV, PREL.", {"PGOV", "PREL"}},
           Case{"", {}},
       }) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(parse_tags(c.text), c.tags);
  }
}

// "RICE, CONDOLEEZZA" (format §4.5, a personal tag written surname first):
// the archive links RICE and CONDOLEEZZA as two tags (08STATE100219), so
// chancery reads them as two wherever they stand.
TEST(Tags, PersonalTagWithACommaReadsAsTheArchiveLinksIt) {
  EXPECT_EQ(parse_tags("OVIP, RICE, CONDOLEEZZA, PREL"),
            (Strings{"OVIP", "RICE", "CONDOLEEZZA", "PREL"}));
}

// ---- Classified By -----------------------------------------------------------

TEST(Reasons, NormalisesEveryLetterListForm) {
  struct Case {
    std::string_view text;
    Strings reasons;
  };
  const Strings bd = {"1.4(b)", "1.4(d)"};
  for (const Case& c : {
           Case{"1.4 (b)(d)", bd},
           Case{"1.4 (b) and (d)", bd},
           Case{"1.4 (b), (d)", bd},
           Case{"1.4 (b,d)", bd},
           Case{"1.4(b/d)", bd},
           Case{"1.4 b and d", bd},
           Case{"1.4 (b & d)", bd},
           Case{"1.4 (b) & (d)", bd},
           Case{"1.4 (b and d)", bd},
           Case{"1.5 (B) AND (D)", {"1.5(b)", "1.5(d)"}},
           // Wrapped and mistyped section numbers seen in the corpus.
           Case{"FOR REASONS 1\n.4 (B AND D)", {"1.4(b)", "1.4(d)"}},
           Case{"for Reasons 1/4 (B) and (D).", {"1.4(b)", "1.4(d)"}},
           Case{"for reasons\n1,4 (b) and (d).", {"1.4(b)", "1.4(d)"}},
           Case{"1.5 (B,D)", {"1.5(b)", "1.5(d)"}},
           Case{"1.4(A), (B), (C), (D)", {"1.4(a)", "1.4(b)", "1.4(c)", "1.4(d)"}},
           Case{"1.5 (d)", {"1.5(d)"}},
           Case{"1.4(d)", {"1.4(d)"}},
           Case{"REASONS; 1. \n4(B/D)", bd},
           Case{"Ambassador Richard H. Jones. Reasons: 1.4 (b)(d).", bd},
           Case{"Ambassador Mark Langdale for reasons 1.4 (b) & (d)", bd},
           Case{"PolCouns Ted Osius, Reason 1.5 (B,D)", {"1.5(b)", "1.5(d)"}},
           Case{"DCM EARL IRVING. REASONS: 1.5 (B) AND (D).", {"1.5(b)", "1.5(d)"}},
           Case{"Charge d'Affaires Richard LeBaron for reasons 1.4 (b and d)", bd},
           Case{"A/DCM Jane Doe, reasons 1.4 (B), (D) and (H)", {"1.4(b)", "1.4(d)", "1.4(h)"}},
           Case{"Ambassador Richard H. Jones", {}},
           Case{"", {}},
       }) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(parse_reasons(c.text), c.reasons);
  }
}

TEST(ClassifierName, CutsTheNameBeforeTheReason) {
  struct Case {
    std::string_view text;
    std::string_view name;
  };
  for (const Case& c : {
           Case{"Ambassador Richard H. Jones. Reasons: 1.4 (b)(d).", "Ambassador Richard H. Jones"},
           Case{"Ambassador Mark Langdale for reasons 1.4 (b) & (d)", "Ambassador Mark Langdale"},
           Case{"PolCouns Ted Osius, Reason 1.5 (B,D)", "PolCouns Ted Osius"},
           Case{"DCM EARL IRVING. REASONS: 1.5 (B) AND (D).", "DCM EARL IRVING"},
           // The label written twice, and a portion mark before the name.
           Case{"CLASSIFIED BY ANDREW SCHOFER, POLCOUNS, FOR REASONS 1.4", "ANDREW SCHOFER, POLCOUNS"},
           Case{"(U) Polcounselor John Kunstadter; reasons: E.O. 12958 1.4 (b,d).",
                "Polcounselor John Kunstadter"},
           Case{"Charge d'Affaires Richard LeBaron for reasons 1.4 (b and d)",
                "Charge d'Affaires Richard LeBaron"},
           Case{"Charge d'Affaires, a.i., Lawrence Mandel for Reason 1.4 (b) & (d)",
                "Charge d'Affaires, a.i., Lawrence Mandel"},
           Case{"Political Officer Laura Carter, per 1.4 (b) and (d)",
                "Political Officer Laura Carter"},
           Case{"A/DCM John Smith 1.4 (d)", "A/DCM John Smith"},
           Case{"Ambassador Richard H. Jones", "Ambassador Richard H. Jones"},
           Case{"  Ambassador   Richard H. Jones.  ", "Ambassador Richard H. Jones"},
       }) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(classifier_name(c.text), c.name);
  }
}

// ---- References -----------------------------------------------------------------

TEST(StationCode, DropsSpacesAndMapsAliases) {
  struct Case {
    std::string_view post;
    std::string_view code;
  };
  for (const Case& c : {
           Case{"Tel aviv", "TELAVIV"},
           Case{"TEL AVIV", "TELAVIV"},
           Case{"SECSTATE", "STATE"},
           Case{"SECTSTATE", "STATE"},
           Case{"STATE", "STATE"},
           Case{"RIO DE JAN", "RIODEJANEIRO"},
           Case{"RIO", "RIODEJANEIRO"},
           Case{"USUN", "USUNNEWYORK"},
           Case{"USUN NEW YORK", "USUNNEWYORK"},
           Case{"UNVIE", "UNVIEVIENNA"},
           Case{"HAGUE", "THEHAGUE"},
           Case{"The Hague", "THEHAGUE"},
           Case{"PORT-AU-PRINCE", "PORTAUPRINCE"},
           Case{"PORT OF SPAIN", "PORTOFSPAIN"},
           Case{"MEXICO CITY", "MEXICO"},
           Case{"DELHI", "NEWDELHI"},
           Case{"NEW DELHI", "NEWDELHI"},
           Case{"SANJSE", "SANJOSE"},
           Case{"BRASILA", "BRASILIA"},
           Case{"AIT TAIPEI", "AITTAIPEI"},
           Case{"BUENOS AIRES", "BUENOSAIRES"},
           Case{"USEU", "BRUSSELS"},
       }) {
    SCOPED_TRACE(c.post);
    EXPECT_EQ(station_code(c.post), c.code);
  }
}

TEST(ResolveReference, BuildsTheIdFromYearStationAndSerial) {
  const CitingCable telaviv{2007, "TELAVIV", 557};
  const CitingCable manama{2008, "MANAMA", 324};
  const CitingCable reykjavik{2009, "REYKJAVIK", 50};
  const CitingCable havana{2006, "HAVANA", 8769};
  struct Case {
    std::string_view text;
    const CitingCable* citing;
    std::string_view id;
  };
  for (const Case& c : {
           Case{"Tel aviv 00553", &telaviv, "07TELAVIV553"},
           Case{"STATE 50592", &manama, "08STATE50592"},
           Case{"STATE 5577", &reykjavik, "09STATE5577"},
           Case{"08 STATE 132759", &reykjavik, "08STATE132759"},
           Case{"05 HAVANA 23177", &havana, "05HAVANA23177"},
           Case{"HAVANA 8017", &havana, "06HAVANA8017"},
           Case{"2007 MANAGUA 2135", &manama, "07MANAGUA2135"},
           Case{"SECSTATE 115541", &manama, "08STATE115541"},
           Case{"BRASILIA 609", &manama, "08BRASILIA609"},
           Case{"BERLIN 01093", &reykjavik, "09BERLIN1093"},
           Case{"STATE 0563", &manama, "08STATE563"},
           Case{"ANKARA 1516 (EXDIS)", &reykjavik, "09ANKARA1516"},
           Case{"STATE 1234 (NOTAL)", &reykjavik, "09STATE1234"},
           Case{"10 BUENOS AIRES 118", &reykjavik, "10BUENOSAIRES118"},
           Case{"USUN NEW YORK 1234", &reykjavik, "09USUNNEWYORK1234"},
           Case{"06 TBILISI 2601", &telaviv, "06TBILISI2601"},
           // Serials only grow within a year: a higher number from the
           // citing cable's own post is last year's (format §6.2 step 2).
           Case{"TEL AVIV 04000", &telaviv, "06TELAVIV4000"},
           Case{"HAVANA 9000", &havana, "05HAVANA9000"},
           // Another post's higher number is this year's.
           Case{"STATE 04000", &telaviv, "07STATE4000"},
       }) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(resolve_reference(c.text, *c.citing), std::optional<std::string>(c.id));
  }
}

TEST(ResolveReference, NonCablesHaveNoId) {
  const CitingCable citing{2008, "LONDON", 3110};
  for (std::string_view text : {
           "IIR 663 2405 08",
           "EMAIL OF JANUARY 3, 2008",
           "E-MAIL FROM POL/C 01/15/07",
           "TELCON 12/3",
           "UNSCR 1737",
           "PARA 5",
           "LONDON",
           "",
       }) {
    SCOPED_TRACE(text);
    EXPECT_EQ(resolve_reference(text, citing), std::nullopt);
  }
  // Without the citing year an unyeared reference cannot be resolved.
  EXPECT_EQ(resolve_reference("STATE 1234", CitingCable{}), std::nullopt);
  EXPECT_EQ(resolve_reference("08 STATE 1234", CitingCable{}),
            std::optional<std::string>("08STATE1234"));
}

// BUG: format §6.2 step 3 maps the post "RIO DE JAN" to RIODEJANEIRO, but
// resolve_reference rejects any post word that is a month abbreviation, so
// "RIO DE JAN 123" (2008) gives nullopt instead of "08RIODEJANEIRO123".
TEST(ResolveReference, RioDeJanIsRioDeJaneiro) {
  EXPECT_EQ(resolve_reference("RIO DE JAN 123", CitingCable{2008, "MANAMA", 324}),
            std::optional<std::string>("08RIODEJANEIRO123"));
}

// BUG: format §6.2 step 5 says a reference is no cable id when it is the
// citing cable itself; "TEL AVIV 557" in 07TELAVIV557 resolves to
// "07TELAVIV557".
TEST(ResolveReference, TheCitingCableItselfIsNoReference) {
  EXPECT_EQ(resolve_reference("TEL AVIV 557", CitingCable{2007, "TELAVIV", 557}), std::nullopt);
}

// Compact form for reference lists: bullet ('-' when none), id ('-' when
// none), text.
std::string describe(const std::vector<Reference>& refs) {
  std::string out;
  for (const Reference& r : refs) {
    out += r.bullet.value_or("-") + " " + r.id.value_or("-") + " [" + r.text + "]\n";
  }
  return out;
}

TEST(ParseReferences, SplitsBlocksIntoLetteredAndUnletteredEntries) {
  const CitingCable telaviv{2007, "TELAVIV", 557};
  const CitingCable reykjavik{2009, "REYKJAVIK", 50};
  const CitingCable havana{2006, "HAVANA", 8769};
  const CitingCable manama{2008, "MANAMA", 324};
  struct Case {
    std::string_view block;
    const CitingCable* citing;
    std::string_view refs;  // describe() of the expected list
  };
  for (const Case& c : {
           Case{" a. Tel aviv 00553\nb. Tel aviv 00554\nc. Tel aviv 00555\nd. Tel aviv 00556",
                &telaviv,
                "a 07TELAVIV553 [Tel aviv 00553]\nb 07TELAVIV554 [Tel aviv 00554]\n"
                "c 07TELAVIV555 [Tel aviv 00555]\nd 07TELAVIV556 [Tel aviv 00556]\n"},
           Case{" STATE 50592", &manama, "- 08STATE50592 [STATE 50592]\n"},
           Case{" SECSTATE 115541", &manama, "- 08STATE115541 [SECSTATE 115541]\n"},
           Case{" A) STATE 5577  B) 08 STATE 132759", &reykjavik,
                "a 09STATE5577 [STATE 5577]\nb 08STATE132759 [08 STATE 132759]\n"},
           Case{" A. HAVANA 8017\nB. 05 HAVANA 23177", &havana,
                "a 06HAVANA8017 [HAVANA 8017]\nb 05HAVANA23177 [05 HAVANA 23177]\n"},
           Case{" A. HAVANA 8017 B. 05 HAVANA 23177", &havana,
                "a 06HAVANA8017 [HAVANA 8017]\nb 05HAVANA23177 [05 HAVANA 23177]\n"},
           Case{" (A) BRASILIA 609;\n(B) STATE 1234", &manama,
                "a 08BRASILIA609 [BRASILIA 609]\nb 08STATE1234 [STATE 1234]\n"},
           Case{"\n\xC2\xB6"
                "A. BERLIN 01131\n\xC2\xB6"
                "B. BERLIN 01093",
                &reykjavik, "a 09BERLIN1131 [BERLIN 01131]\nb 09BERLIN1093 [BERLIN 01093]\n"},
           Case{" ANKARA 1516 (EXDIS)", &reykjavik, "- 09ANKARA1516 [ANKARA 1516 (EXDIS)]\n"},
           Case{" IIR 663 2405 08", &reykjavik, "- - [IIR 663 2405 08]\n"},
           Case{" EMAIL OF JANUARY 3, 2008", &manama, "- - [EMAIL OF JANUARY 3, 2008]\n"},
           Case{" A. EMAIL FROM EMBASSY TO EUR/NCE OF MAY 2, 2008\nB. STATE 1234", &manama,
                "a - [EMAIL FROM EMBASSY TO EUR/NCE OF MAY 2, 2008]\nb 08STATE1234 [STATE 1234]\n"},
           Case{" STATE 1234; STATE 5678", &manama,
                "- 08STATE1234 [STATE 1234]\n- 08STATE5678 [STATE 5678]\n"},
           Case{" STATE 1234 AND STATE 5678", &manama,
                "- 08STATE1234 [STATE 1234]\n- 08STATE5678 [STATE 5678]\n"},
           Case{" TEL AVIV 04000", &telaviv, "- 06TELAVIV4000 [TEL AVIV 04000]\n"},
           Case{" HARARE 5346", &manama, "- 08HARARE5346 [HARARE 5346]\n"},
       }) {
    SCOPED_TRACE(c.block);
    EXPECT_EQ(describe(parse_references(c.block, *c.citing)), c.refs);
  }
}

// ---- Paragraphs ------------------------------------------------------------------

TEST(ParagraphStart, ReadsNumberMarkAndWhereTheTextBegins) {
  struct Case {
    std::string_view line;
    std::string_view number;
    std::optional<std::string> marking;
    std::string_view text;  // the paragraph's text as it starts on the line
    bool pilcrow;
  };
  for (const Case& c : {
           Case{"\xC2\xB6"
                "1. (S) During his visit",
                "1", "S", "During his visit", true},
           Case{"1. (C) Text", "1", "C", "Text", false},
           Case{"2. (S/NF) Text", "2", "S/NF", "Text", false},
           Case{"3. (SBU) Text", "3", "SBU", "Text", false},
           Case{"4. (S/REL NATO) Text", "4", "S/REL NATO", "Text", false},
           Case{"5. (C//NF) Text", "5", "C//NF", "Text", false},
           Case{"6. (s) during", "6", "S", "during", false},
           Case{"1.(C) Text", "1", "C", "Text", false},
           Case{"1.KEY POINTS", "1", std::nullopt, "KEY POINTS", false},
           Case{"1) (U) Summary", "1", "U", "Summary", false},
           Case{"10. (U) Text", "10", "U", "Text", false},
           Case{"01. (C) Text", "1", "C", "Text", false},
           Case{"12. Text without a mark", "12", std::nullopt, "Text without a mark", false},
           Case{"  \xC2\xB6"
                "2. (C) Text",
                "2", "C", "Text", true},
           Case{"7. (S/REL TO NATO/AUS) Text", "7", "S/REL TO NATO/AUS", "Text", false},
           Case{"\xC2\xB6"
                "19. (U) Under Secretary",
                "19", "U", "Under Secretary", true},
       }) {
    SCOPED_TRACE(c.line);
    std::optional<ParagraphStart> p = match_paragraph_start(c.line);
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->number, c.number);
    EXPECT_EQ(p->marking, c.marking);
    EXPECT_EQ(c.line.substr(p->text_begin), c.text);
    EXPECT_EQ(p->pilcrow, c.pilcrow);
  }
}

TEST(ParagraphStart, ListsNumbersAndSubitemsAreNoParagraphs) {
  for (std::string_view line : {
           "1.5 million people",
           "1.4 (b)(d)",
           "\xC2\xB6"
           "A. Lettered",
           "A. Lettered",
           "2009. The year",
           "1) item",
           "0. Zero",
           "(S) No number",
           "Text 1. (C)",
           "",
       }) {
    SCOPED_TRACE(line);
    EXPECT_FALSE(match_paragraph_start(line).has_value());
  }
}

// ---- Page headers ----------------------------------------------------------------

TEST(PageHeader, WholeLineHeaders) {
  for (std::string_view line : {
           "Tel aviv 00000557 002 of 004",
           "TEL AVIV 00000557 002 OF 004",
           "NEW DELHI 00009127 001.2 OF 003",
           "STATE 00088235 002 OF 003",
           "USUN NEW YORK 00000123 002 OF 003",
           "PAGE 02 HARARE 05461 01 OF 02 271458Z",
       }) {
    SCOPED_TRACE(line);
    EXPECT_EQ(page_header_length(line), line.size());
  }
}

// BUG: a third of the page headers in the development corpus (1001 of 2988
// distinct whole-line headers in the HTML pages) have two spaces between the
// serial and the page number ("BEIRUT 00000895  002 OF 002", 06BEIRUT895;
// "NEW DELHI 00000265  001.2 OF 002"). page_header_length returns 0 for them,
// so they stay in the body and inside paragraphs (format §4.2).
TEST(PageHeader, TwoSpacesBeforeThePageNumber) {
  for (std::string_view line : {
           "BEIRUT 00000895  002 OF 002",
           "TOKYO 00001363  004 OF 009",
           "NEW DELHI 00000265  001.2 OF 002",
           "  SANAA 00000295  005 OF 013",
       }) {
    SCOPED_TRACE(line);
    EXPECT_EQ(page_header_length(line), line.size());
  }
}

TEST(PageHeader, PrintedRecordPrefixBeforeText) {
  struct Case {
    std::string_view line;
    std::string_view header;
  };
  for (const Case& c : {
           Case{"PAGE 03 HARARE 05461 01 OF 02 271458Z THAT THE MDC IS GAINING STRENGTH",
                "PAGE 03 HARARE 05461 01 OF 02 271458Z"},
           Case{"PAGE 01        HARARE  05461  01 OF 02  271458Z ",
                "PAGE 01        HARARE  05461  01 OF 02  271458Z"},
       }) {
    SCOPED_TRACE(c.line);
    EXPECT_EQ(page_header_length(c.line), c.header.size());
  }
}

TEST(PageHeader, OrdinaryLinesEndingInDigitsAreNone) {
  for (std::string_view line : {
           "The vote was 12 OF 15",
           "S E C R E T SECTION 02 OF 04 TEL AVIV 000557",
           "SECTION 02 OF 04",
           "REF: TEL AVIV 00553",
           "THE MEETING ON 12 MAY 2009 ENDED AT 1500",
           "PAGE 2 OF THE REPORT WAS MISSING",
           "Tel aviv 00000557 002 of 004 and more",
           "RUEHC/SECSTATE WASHDC PRIORITY 9537",
           "Tel aviv 557 002 of 004",
           "",
       }) {
    SCOPED_TRACE(line);
    EXPECT_EQ(page_header_length(line), 0U);
  }
}

// ---- Names -------------------------------------------------------------------------

TEST(OriginNames, FromAddressAndStationCode) {
  EXPECT_EQ(origin_for_from("AMEMBASSY TEL AVIV"), "Embassy Tel Aviv");
  EXPECT_EQ(origin_for_from("SECSTATE WASHDC"), "Secretary of State");
  EXPECT_EQ(origin_for_from("AMEMBASSY HARARE"), "Embassy Harare");
  EXPECT_EQ(origin_for_from("AMCONSUL MUMBAI"), "Consulate Mumbai");
  EXPECT_EQ(origin_for_from("AIT TAIPEI"), "American Institute Taiwan, Taipei");
  EXPECT_EQ(origin_for_from("USMISSION USUN NEW YORK"), "USUN New York");
  EXPECT_EQ(origin_for_from("amembassy  tel   aviv"), "Embassy Tel Aviv");
  EXPECT_EQ(origin_for_from("AMEMBASSY ATLANTIS"), std::nullopt);
  EXPECT_EQ(origin_for_from(""), std::nullopt);

  EXPECT_EQ(origin_for_station("TELAVIV"), "Embassy Tel Aviv");
  EXPECT_EQ(origin_for_station("STATE"), "Secretary of State");
  EXPECT_EQ(origin_for_station("KAMPALA"), "Embassy Kampala");
  EXPECT_EQ(origin_for_station("AITTAIPEI"), "American Institute Taiwan, Taipei");
  EXPECT_EQ(origin_for_station("USUNNEWYORK"), "USUN New York");
  EXPECT_EQ(origin_for_station("ATLANTIS"), std::nullopt);
  EXPECT_TRUE(is_known_station("REYKJAVIK"));
  EXPECT_FALSE(is_known_station("ATLANTIS"));
  EXPECT_FALSE(is_known_station("telaviv"));
}

}  // namespace
}  // namespace chancery::parse::detail
