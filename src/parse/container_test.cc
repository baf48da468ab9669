#include "parse/container.h"

#include <optional>
#include <string_view>

#include <gtest/gtest.h>

namespace chancery::parse {
namespace {

struct DateCase {
  std::string_view in;
  std::optional<std::string_view> iso;
};

void expect_dates(std::optional<std::string> (*convert)(std::string_view),
                  std::initializer_list<DateCase> cases) {
  for (const DateCase& c : cases) {
    SCOPED_TRACE(c.in);
    const std::optional<std::string> got = convert(c.in);
    if (c.iso) {
      ASSERT_TRUE(got.has_value());
      EXPECT_EQ(*got, *c.iso);
    } else {
      EXPECT_FALSE(got.has_value()) << *got;
    }
  }
}

TEST(ArchiveDates, CablegateTimeToIso) {
  expect_dates(iso_from_cablegate_time, {{"2001-10-16 05:05", "2001-10-16T05:05Z"},
                                         {"2011-01-21 16:04", "2011-01-21T16:04Z"},
                                         {" 2006-03-30 23:11 ", "2006-03-30T23:11Z"},
                                         {"1975-03-01 0:00", "1975-03-01T00:00Z"},
                                         {"2001-13-16 05:05", std::nullopt},
                                         {"2001-02-29 05:05", std::nullopt},
                                         {"2001-10-16 24:05", std::nullopt},
                                         {"2001-10-16", std::nullopt},
                                         {"2001-10-16 05:05 extra", std::nullopt},
                                         {"", std::nullopt}});
}

TEST(ArchiveDates, CsvTimeToIso) {
  expect_dates(iso_from_csv_time, {{"9/27/2000 14:02", "2000-09-27T14:02Z"},
                                   {"11/2/2001 16:04", "2001-11-02T16:04Z"},
                                   {"2/22/2010 7:03", "2010-02-22T07:03Z"},
                                   {"12/31/2009 23:59", "2009-12-31T23:59Z"},
                                   {"2/29/2008 1:00", "2008-02-29T01:00Z"},
                                   {"2/29/2009 1:00", std::nullopt},
                                   {"9/27/00 14:02", std::nullopt},
                                   {"09.01.2009 08:58", std::nullopt},
                                   {"9/27/2000", std::nullopt}});
}

TEST(ArchiveDates, PlainDateConvertsTheOffsetToUtc) {
  expect_dates(iso_from_plain_date, {{"Thu Feb 22 00:00:00 +0100 2007", "2007-02-21T23:00Z"},
                                     {"Mon Jan 01 00:30:00 +0100 2007", "2006-12-31T23:30Z"},
                                     {"Tue Feb 28 22:00:00 -0300 2006", "2006-03-01T01:00Z"},
                                     {"Thu Feb 28 23:00:00 -0100 2008", "2008-02-29T00:00Z"},
                                     {"Wed Mar 15 12:00:00 +0000 2006", "2006-03-15T12:00Z"},
                                     {"Thu Feb 22 00:00:00 2007", std::nullopt},
                                     {"Thu Foo 22 00:00:00 +0100 2007", std::nullopt},
                                     {"Thu Feb 30 00:00:00 +0100 2007", std::nullopt},
                                     {"2007-02-22", std::nullopt}});
}

TEST(CsvRowStart, MatchesTheOpeningOfARowOnly) {
  struct Case {
    std::string_view bytes;
    Match match;
  };
  for (const Case& c :
       {Case{R"("1","9/27/2000 14:02","00HARARE5461")", Match::kYes},
        Case{R"("5043","12/31/2010 1:05","x)", Match::kYes},
        Case{R"("17","1/2/2003 10:00",)", Match::kNeedMore},
        Case{R"("17","1/2/20)", Match::kNeedMore}, Case{R"(")", Match::kNeedMore},
        Case{"", Match::kNeedMore}, Case{R"("17","1/2/2003 10:00"x)", Match::kNo},
        Case{R"("17",1/2/2003 10:00",")", Match::kNo},
        Case{R"("x","1/2/2003 10:00",")", Match::kNo},
        Case{R"(\"17\",\"1/2/2003 10:00\",\")", Match::kNo}, Case{"SIPDIS", Match::kNo},
        Case{R"("17","2003-01-02 10:00",")", Match::kNo}}) {
    SCOPED_TRACE(c.bytes);
    EXPECT_EQ(match_csv_row_start(c.bytes), c.match);
  }
}

}  // namespace
}  // namespace chancery::parse
