// Calendar arithmetic for generated dates (proleptic Gregorian, UTC).
#pragma once

#include <cstdint>

namespace chancery::gen {

struct DateTime {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0;
};

// Days since 1970-01-01 (H. Hinnant's algorithms).
constexpr std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const auto doy = static_cast<unsigned>((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

constexpr DateTime from_minutes(std::int64_t minutes) {
  // Floor division: times before 1970 are negative.
  const std::int64_t days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
  const int minute_of_day = static_cast<int>(minutes - days * 1440);
  std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  DateTime t;
  t.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  t.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  t.year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (t.month <= 2 ? 1 : 0));
  t.hour = minute_of_day / 60;
  t.minute = minute_of_day % 60;
  return t;
}

constexpr std::int64_t to_minutes(const DateTime& t) {
  return (days_from_civil(t.year, t.month, t.day) * 24 + t.hour) * 60 + t.minute;
}

// 0 = Sunday.
constexpr int weekday(const DateTime& t) {
  const std::int64_t d = days_from_civil(t.year, t.month, t.day);
  return static_cast<int>((d % 7 + 11) % 7);  // 1970-01-01 was a Thursday
}

constexpr int day_of_year(const DateTime& t) {
  return static_cast<int>(days_from_civil(t.year, t.month, t.day) - days_from_civil(t.year, 1, 1)) +
         1;
}

inline constexpr const char* kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                              "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

}  // namespace chancery::gen
