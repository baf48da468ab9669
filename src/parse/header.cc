// The ACP-127 transport header, one format line at a time (format §1-§3).
#include <array>
#include <charconv>

#include "core/text.h"
#include "parse/telegram_internal.h"

namespace chancery::parse::detail {
namespace {

using text::is_digit;
using text::is_upper;

constexpr std::array<std::string_view, 12> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                      "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

int two_digits(std::string_view s, std::size_t i) { return (s[i] - '0') * 10 + (s[i + 1] - '0'); }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return kDays[month - 1];
}

// Precedence words on addressee lines, longest first; typos the archive holds
// map to the word meant.
struct PrecedenceWord {
  std::string_view written;
  std::string_view meant;
};
constexpr std::array<PrecedenceWord, 7> kPrecedenceWords = {{
    {"NIACT IMMEDIATE", "NIACT IMMEDIATE"},
    {"IMMEDIATE", "IMMEDIATE"},
    {"PRIORITY", "PRIORITY"},
    {"PIORITY", "PRIORITY"},
    {"ROUTINE", "ROUTINE"},
    {"FLASH", "FLASH"},
    {"IMMED", "IMMEDIATE"},
}};

bool is_routing_indicator(std::string_view s) {
  if (s.size() < 4 || s.size() > 8) return false;
  for (char c : s) {
    if (!is_upper(c)) return false;
  }
  return true;
}

}  // namespace

std::optional<Dtg> parse_dtg(std::string_view s, std::size_t pos) {
  // DDHHMMZ MON YY
  if (pos + 14 > s.size()) return std::nullopt;
  std::string_view d = s.substr(pos);
  for (int k = 0; k < 6; ++k) {
    if (!is_digit(d[k])) return std::nullopt;
  }
  if (text::to_upper(d[6]) != 'Z' || d[7] != ' ') return std::nullopt;
  std::size_t i = 8;
  while (i < d.size() && d[i] == ' ') ++i;
  if (i + 6 > d.size()) return std::nullopt;
  const std::string month = text::upper(d.substr(i, 3));
  int month_index = 0;
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (month == kMonths[m]) month_index = static_cast<int>(m) + 1;
  }
  if (month_index == 0 || d[i + 3] != ' ') return std::nullopt;
  i += 4;
  while (i < d.size() && d[i] == ' ') ++i;
  if (i + 2 > d.size() || !is_digit(d[i]) || !is_digit(d[i + 1])) return std::nullopt;
  if (i + 2 < d.size() && is_digit(d[i + 2])) return std::nullopt;
  Dtg dtg;
  const int yy = two_digits(d, i);
  // Cablegate spans 1966-2010: 66-99 are 19xx, the rest 20xx.
  dtg.year = yy >= 66 ? 1900 + yy : 2000 + yy;
  dtg.month = month_index;
  dtg.day = two_digits(d, 0);
  dtg.hour = two_digits(d, 2);
  dtg.minute = two_digits(d, 4);
  if (dtg.day < 1 || dtg.day > days_in_month(dtg.year, dtg.month) || dtg.hour > 23 ||
      dtg.minute > 59) {
    return std::nullopt;
  }
  return dtg;
}

std::optional<Dtg> parse_dtg_line(std::string_view line) {
  line = text::trim(line);
  std::string letters;
  std::size_t i = 0;
  // One or two precedence letters, each followed by a space.
  while (i + 1 < line.size() && letters.size() < 3 &&
         (line[i] == 'Z' || line[i] == 'O' || line[i] == 'P' || line[i] == 'R') &&
         line[i + 1] == ' ') {
    if (!letters.empty()) letters += ' ';
    letters += line[i];
    i += 2;
    while (i < line.size() && line[i] == ' ') ++i;
  }
  if (letters.empty()) return std::nullopt;
  std::optional<Dtg> dtg = parse_dtg(line, i);
  if (dtg) dtg->letters = letters;
  return dtg;
}

std::optional<std::string_view> precedence_from_letter(char letter) {
  switch (letter) {
    case 'Z':
      return "FLASH";
    case 'O':
      return "IMMEDIATE";
    case 'P':
      return "PRIORITY";
    case 'R':
      return "ROUTINE";
    default:
      return std::nullopt;
  }
}

int precedence_rank(std::string_view precedence) {
  if (precedence == "FLASH") return 4;
  if (precedence == "IMMEDIATE" || precedence == "NIACT IMMEDIATE") return 3;
  if (precedence == "PRIORITY") return 2;
  if (precedence == "ROUTINE") return 1;
  return 0;
}

Recipient parse_addressee(std::string_view line) {
  line = text::trim(line);
  while (!line.empty() && line.back() == '\\')
    line = text::trim_right(line.substr(0, line.size() - 1));
  Recipient r;
  // RI/PLAD: the RI is a run of capitals before the first slash.
  if (std::size_t slash = line.find('/'); slash != std::string_view::npos && slash >= 4 &&
                                          is_routing_indicator(line.substr(0, slash))) {
    r.route = std::string(line.substr(0, slash));
    line = text::trim_left(line.substr(slash + 1));
  }
  // Trailing MCN: the last token when it is 3-4 digits.
  std::size_t end = line.size();
  std::size_t tok = line.rfind(' ');
  if (tok != std::string_view::npos) {
    std::string_view last = line.substr(tok + 1);
    bool digits = last.size() >= 3 && last.size() <= 4;
    for (char c : last) digits = digits && is_digit(c);
    if (digits) {
      r.mcn = std::string(last);
      end = tok;
    }
  }
  std::string_view rest = text::trim_right(line.substr(0, end));
  const std::string up = text::upper(rest);
  for (const PrecedenceWord& w : kPrecedenceWords) {
    if (up.size() > w.written.size() && up.ends_with(w.written) &&
        up[up.size() - w.written.size() - 1] == ' ') {
      r.precedence = std::string(w.meant);
      rest = text::trim_right(rest.substr(0, rest.size() - w.written.size()));
      break;
    }
  }
  r.name = text::squeeze_spaces(rest);
  return r;
}

}  // namespace chancery::parse::detail
