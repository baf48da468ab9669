#include "post/numbering.h"

#include <ctime>

#include <fmt/format.h>

#include "parse/telegram_internal.h"

namespace chancery::post {

Moment utc_moment(std::chrono::system_clock::time_point t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return Moment{.year = tm.tm_year + 1900,
                .month = tm.tm_mon + 1,
                .day = tm.tm_mday,
                .hour = tm.tm_hour,
                .minute = tm.tm_min,
                .second = tm.tm_sec};
}

std::string dtg_of(const Moment& m) {
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}Z", m.year, m.month, m.day, m.hour, m.minute);
}

std::string timestamp_of(const Moment& m) {
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", m.year, m.month, m.day, m.hour, m.minute,
                     m.second);
}

std::string date_of(const Moment& m) { return fmt::format("{:04}-{:02}-{:02}", m.year, m.month, m.day); }

std::string cable_id(int year, std::string_view text_name, std::int64_t serial) {
  // The parser's own station code: what it reads back from "TEL AVIV 000557".
  return fmt::format("{:02}{}{}", year % 100, parse::detail::station_code(text_name), serial);
}

std::string mcn_text(std::int64_t counter) { return fmt::format("{:04}", counter % 10000); }

std::string transmission_id(std::int64_t serial) { return fmt::format("VZCZCXRO{:04}", serial % 10000); }

}  // namespace chancery::post
