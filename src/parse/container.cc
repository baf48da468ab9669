#include "parse/container.h"

#include <stdexcept>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "core/text.h"

namespace chancery::parse {
namespace {

// A tiny cursor over ASCII date text; every reader returns false on a
// mismatch and leaves the cursor somewhere harmless.
struct Cursor {
  std::string_view s;
  std::size_t i = 0;

  bool done() const { return i >= s.size(); }
  bool literal(char c) {
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  // Between min and max digits.
  bool number(int min_digits, int max_digits, int& out) {
    int n = 0;
    int value = 0;
    while (i < s.size() && n < max_digits && text::is_digit(s[i])) {
      value = value * 10 + (s[i] - '0');
      ++i;
      ++n;
    }
    out = value;
    return n >= min_digits;
  }
  bool spaces() {
    const std::size_t start = i;
    while (i < s.size() && s[i] == ' ') ++i;
    return i > start;
  }
  std::string_view word() {
    const std::size_t start = i;
    while (i < s.size() && text::is_alpha(s[i])) ++i;
    return s.substr(start, i - start);
  }
};

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

bool valid(int y, int mo, int d, int h, int mi) {
  return y >= 1 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= days_in_month(y, mo) &&
         h >= 0 && h <= 23 && mi >= 0 && mi <= 59;
}

std::string iso(int y, int mo, int d, int h, int mi) {
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}Z", y, mo, d, h, mi);
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = static_cast<unsigned>((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0));
}

int month_from_name(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (text::iequals(name.substr(0, 3), kMonths[i])) return static_cast<int>(i + 1);
  }
  return 0;
}

}  // namespace

std::optional<std::string> iso_from_cablegate_time(std::string_view s) {
  Cursor c{text::trim(s)};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  if (!c.number(4, 4, y) || !c.literal('-') || !c.number(2, 2, mo) || !c.literal('-') ||
      !c.number(2, 2, d) || !c.spaces() || !c.number(1, 2, h) || !c.literal(':') ||
      !c.number(2, 2, mi) || !c.done() || !valid(y, mo, d, h, mi)) {
    return std::nullopt;
  }
  return iso(y, mo, d, h, mi);
}

std::optional<std::string> iso_from_csv_time(std::string_view s) {
  Cursor c{text::trim(s)};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  if (!c.number(1, 2, mo) || !c.literal('/') || !c.number(1, 2, d) || !c.literal('/') ||
      !c.number(4, 4, y) || !c.spaces() || !c.number(1, 2, h) || !c.literal(':') ||
      !c.number(2, 2, mi) || !c.done() || !valid(y, mo, d, h, mi)) {
    return std::nullopt;
  }
  return iso(y, mo, d, h, mi);
}

std::optional<std::string> iso_from_plain_date(std::string_view s) {
  // "Thu Feb 22 00:00:00 +0100 2007": the weekday is not checked (it adds
  // nothing the date does not say); the offset converts local time to UTC.
  Cursor c{text::trim(s)};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, oh = 0, om = 0;
  if (c.word().empty() || !c.spaces()) return std::nullopt;
  mo = month_from_name(c.word());
  if (mo == 0 || !c.spaces() || !c.number(1, 2, d) || !c.spaces() || !c.number(1, 2, h) ||
      !c.literal(':') || !c.number(2, 2, mi) || !c.literal(':') || !c.number(2, 2, sec) ||
      !c.spaces()) {
    return std::nullopt;
  }
  int sign = 0;
  if (c.literal('+')) {
    sign = 1;
  } else if (c.literal('-')) {
    sign = -1;
  } else {
    return std::nullopt;
  }
  if (!c.number(2, 2, oh) || !c.number(2, 2, om) || !c.spaces() || !c.number(4, 4, y) ||
      !c.done() || sec > 60 || oh > 23 || om > 59 || !valid(y, mo, d, h, mi)) {
    return std::nullopt;
  }
  const std::int64_t local = (days_from_civil(y, mo, d) * 24 + h) * 60 + mi;
  const std::int64_t utc = local - sign * (oh * 60 + om);
  const std::int64_t days = utc >= 0 ? utc / 1440 : -((-utc + 1439) / 1440);
  const std::int64_t minute_of_day = utc - days * 1440;
  int uy = 0, um = 0, ud = 0;
  civil_from_days(days, uy, um, ud);
  if (uy < 1 || uy > 9999) return std::nullopt;
  return iso(uy, um, ud, static_cast<int>(minute_of_day / 60),
             static_cast<int>(minute_of_day % 60));
}

std::string error_where(const ReadOptions& options, std::int64_t line) {
  if (options.source.empty()) return fmt::format("line {}", line);
  return fmt::format("{}:{}", options.source, line);
}

std::string error_where(const ReadOptions& options) { return options.source; }

std::optional<std::string> archive_id(std::string_view value, std::int64_t line,
                                      std::vector<Warning>& warnings) {
  value = text::trim(value);
  if (value.empty()) return std::nullopt;
  bool ok = value.size() >= 4 && text::is_digit(value[0]) && text::is_digit(value[1]) &&
            text::is_digit(value.back());
  for (std::size_t i = 2; ok && i < value.size(); ++i) {
    ok = text::is_upper(value[i]) || text::is_digit(value[i]);
  }
  if (!ok) {
    warnings.push_back({static_cast<int>(line),
                        "the archive's reference id is not of the form "
                        "07TELAVIV557; ignored"});
    return std::nullopt;
  }
  return std::string(value);
}

std::string record_limit_text(std::size_t max_record_bytes) {
  if (max_record_bytes >= (std::size_t{1} << 20) &&
      max_record_bytes % (std::size_t{1} << 20) == 0) {
    return fmt::format("{} MiB", max_record_bytes >> 20);
  }
  return fmt::format("{} bytes", max_record_bytes);
}

std::optional<Error> check_record_size(std::size_t size, const ReadOptions& options) {
  if (size <= options.max_record_bytes) return std::nullopt;
  return Error{.code = Errc::kInvalidInput,
               .message = fmt::format("record larger than the {} record limit",
                                      record_limit_text(options.max_record_bytes)),
               .where = error_where(options, options.first_line)};
}

std::int64_t count_newlines(std::string_view s) {
  // Eight bytes at a time: every row and field start is numbered by this, so
  // it runs over the whole input. The bit trick marks exactly the zero bytes
  // of word ^ "\n\n\n\n\n\n\n\n" (no false positives, unlike the shorter form).
  constexpr std::uint64_t kNewlines = 0x0A0A0A0A0A0A0A0AULL;
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  std::int64_t n = 0;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    const std::uint64_t x = word ^ kNewlines;
    const std::uint64_t zero_bytes = ~(((x & kLow7) + kLow7) | x | kLow7);
    // One bit per matching byte at bit 7 of its byte: sum the bytes with a
    // multiply (no popcount instruction is assumed).
    n += static_cast<std::int64_t>(((zero_bytes >> 7) * 0x0101010101010101ULL) >> 56);
  }
  for (; i < s.size(); ++i) n += s[i] == '\n' ? 1 : 0;
  return n;
}

Match match_csv_row_start(std::string_view s) {
  std::size_t i = 0;
  // Each step consumes what it can; running out of bytes mid-pattern is
  // kNeedMore, a wrong byte is kNo.
  auto lit = [&](char c) -> std::optional<Match> {
    if (i >= s.size()) return Match::kNeedMore;
    if (s[i] != c) return Match::kNo;
    ++i;
    return std::nullopt;
  };
  auto digits = [&](int min_n, int max_n) -> std::optional<Match> {
    int n = 0;
    while (i < s.size() && n < max_n && text::is_digit(s[i])) {
      ++i;
      ++n;
    }
    if (i >= s.size() && n < max_n) return Match::kNeedMore;
    if (n < min_n) return Match::kNo;
    return std::nullopt;
  };
  if (auto m = lit('"')) return *m;
  if (auto m = digits(1, 10)) return *m;
  for (char c : std::string_view("\",\"")) {
    if (auto m = lit(c)) return *m;
  }
  if (auto m = digits(1, 2)) return *m;
  if (auto m = lit('/')) return *m;
  if (auto m = digits(1, 2)) return *m;
  if (auto m = lit('/')) return *m;
  if (auto m = digits(4, 4)) return *m;
  if (auto m = lit(' ')) return *m;
  if (auto m = digits(1, 2)) return *m;
  if (auto m = lit(':')) return *m;
  if (auto m = digits(2, 2)) return *m;
  for (char c : std::string_view("\",\"")) {
    if (auto m = lit(c)) return *m;
  }
  return Match::kYes;
}

Result<Cable> finish_cable(const DecodedText& decoded, const ArchiveMetadata& metadata,
                   std::vector<Warning> container_warnings, Format format,
                   std::optional<RawText> raw) {
  // The telegram reader works on valid UTF-8 only; bad bytes become U+FFFD
  // here, with a warning, and the raw text keeps the original.
  std::vector<Warning> utf8_warnings;
  std::string header_fixed;
  std::string text_fixed;
  TelegramText input{.header = decoded.header,
                     .header_line = decoded.header_line,
                     .text = decoded.text,
                     .text_line = decoded.text_line,
                     .split_known = decoded.split_known};
  if (!text::is_valid_utf8(decoded.header)) {
    header_fixed = text::sanitize_utf8(decoded.header, decoded.header_line, &utf8_warnings);
    input.header = header_fixed;
  }
  if (!text::is_valid_utf8(decoded.text)) {
    text_fixed = text::sanitize_utf8(decoded.text, decoded.text_line, &utf8_warnings);
    input.text = text_fixed;
  }
  // The reader is written not to throw (and fuzzed for it); should a bug make
  // it throw all the same, one record fails with an error naming no content,
  // and the rest of the input is still read.
  Cable cable;
  try {
    cable = read_telegram_text(input, metadata);
  } catch (const std::exception& e) {
    return Error{.code = Errc::kInternal,
                 .message = fmt::format("internal error in the telegram reader ({})", e.what()),
                 .hint = "please report it with the input"};
  }
  for (auto* list : {&container_warnings, &utf8_warnings}) {
    cable.warnings.insert(cable.warnings.end(), std::make_move_iterator(list->begin()),
                          std::make_move_iterator(list->end()));
  }
  cable.format = std::string(format_name(format));
  cable.raw = std::move(raw);
  return cable;
}

}  // namespace chancery::parse
