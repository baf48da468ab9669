// The numbers a send gives a cable, from the clock and the post's counters
// (telegram-format.md 1.3, 1.5, 3, 6.1). Pure functions; the counters
// themselves live in the store (send.cc).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace chancery::post {

// A UTC moment broken down.
struct Moment {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
};
Moment utc_moment(std::chrono::system_clock::time_point t);

std::string dtg_of(const Moment& m);        // "2007-02-22T07:11Z", the date-time group
std::string timestamp_of(const Moment& m);  // "2007-02-22T07:11:05Z"
std::string date_of(const Moment& m);       // "2007-02-22"

// The canonical id: two-digit year, the post's station code (its text name
// upper case without spaces or punctuation, with the parser's aliases), the
// serial without leading zeros: (2007, "TEL AVIV", 557) -> "07TELAVIV557".
// The same code the parser derives from the classification line, so that
// the rendered cable reads back under the id it was numbered with.
std::string cable_id(int year, std::string_view text_name, std::int64_t serial);

// A message control number as the addressee line writes it: the counter
// modulo 10000, four digits ("0042").
std::string mcn_text(std::int64_t counter);

// FL1: start of transmission, the channel designator and the serial's last
// four digits as the channel sequence ("VZCZCXRO0557"). It identifies a
// transmission, never the cable.
std::string transmission_id(std::int64_t serial);

}  // namespace chancery::post
