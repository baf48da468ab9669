#include "post/numbering.h"

#include <gtest/gtest.h>

namespace chancery::post {
namespace {

using std::chrono::system_clock;

system_clock::time_point at(std::int64_t unix_seconds) {
  return system_clock::time_point(std::chrono::seconds(unix_seconds));
}

TEST(Numbering, Moments) {
  // 2007-02-22T07:11:05Z, the seed's date-time group.
  const Moment m = utc_moment(at(1172128265));
  EXPECT_EQ(m.year, 2007);
  EXPECT_EQ(dtg_of(m), "2007-02-22T07:11Z");
  EXPECT_EQ(timestamp_of(m), "2007-02-22T07:11:05Z");
  EXPECT_EQ(date_of(m), "2007-02-22");
  // The last second of a year and the first of the next.
  EXPECT_EQ(timestamp_of(utc_moment(at(1798761599))), "2026-12-31T23:59:59Z");
  EXPECT_EQ(utc_moment(at(1798761600)).year, 2027);
}

TEST(Numbering, Ids) {
  EXPECT_EQ(cable_id(2007, "TEL AVIV", 557), "07TELAVIV557");
  EXPECT_EQ(cable_id(2008, "STATE", 88235), "08STATE88235");
  EXPECT_EQ(cable_id(2026, "USUN NEW YORK", 1), "26USUNNEWYORK1");
  EXPECT_EQ(cable_id(2000, "PORT-AU-PRINCE", 12), "00PORTAUPRINCE12");
  EXPECT_EQ(cable_id(1975, "TEHRAN", 2069), "75TEHRAN2069");
}

TEST(Numbering, ControlNumbersWrap) {
  EXPECT_EQ(mcn_text(1), "0001");
  EXPECT_EQ(mcn_text(9537), "9537");
  EXPECT_EQ(mcn_text(10000), "0000");
  EXPECT_EQ(mcn_text(12345), "2345");
  EXPECT_EQ(transmission_id(557), "VZCZCXRO0557");
  EXPECT_EQ(transmission_id(88235), "VZCZCXRO8235");
}

}  // namespace
}  // namespace chancery::post
