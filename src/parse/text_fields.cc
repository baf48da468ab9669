// The fields between the classification line and the first paragraph:
// E.O. line (format §4.4), TAGS (§4.5), Classified By and reasons (§4.8).
#include <fmt/format.h>

#include "core/text.h"
#include "parse/telegram_internal.h"

namespace chancery::parse::detail {
namespace {

using text::is_alpha;
using text::is_digit;
using text::to_lower;
using text::to_upper;

bool valid_date(int y, int m, int d) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return false;
  return true;
}

// Reads up to `max` digits at i; -1 when none.
int read_number(std::string_view s, std::size_t& i, std::size_t max, std::size_t* count) {
  std::size_t start = i;
  int value = 0;
  while (i < s.size() && is_digit(s[i]) && i - start < max) value = value * 10 + (s[i++] - '0');
  *count = i - start;
  return i > start ? value : -1;
}

}  // namespace

std::size_t eo_line_body(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && text::is_space(line[i])) ++i;
  // E.O. / EO / E. O. / E.o.
  if (i >= line.size() || to_upper(line[i]) != 'E') return std::string_view::npos;
  ++i;
  if (i < line.size() && line[i] == '.') ++i;
  while (i < line.size() && line[i] == ' ') ++i;
  if (i >= line.size() || to_upper(line[i]) != 'O') return std::string_view::npos;
  ++i;
  if (i < line.size() && line[i] == '.') ++i;
  while (i < line.size() && (line[i] == ' ' || line[i] == ':')) ++i;
  // The order's number (12958, 12356, 11652, 13526 and typos).
  std::size_t digits = 0;
  while (i < line.size() && is_digit(line[i])) {
    ++i;
    ++digits;
  }
  if (digits < 4 || digits > 6) return std::string_view::npos;
  while (i < line.size() && (line[i] == ' ' || line[i] == ':' || line[i] == ',')) ++i;
  return i;
}

std::optional<std::string> parse_decl_date(std::string_view s) {
  // Skip a label ("DECL:", "DECLl:", "DECL: DECL:") and find the first digit.
  // A downgrade ("DNG: CO 01/26/2021") is no declassification date.
  if (text::ifind(s, "DNG") != std::string_view::npos) return std::nullopt;
  std::size_t i = 0;
  while (i < s.size() && !is_digit(s[i])) ++i;
  if (i >= s.size()) return std::nullopt;
  std::size_t n1 = 0, n2 = 0, n3 = 0;
  const int a = read_number(s, i, 4, &n1);
  if (i >= s.size() || (s[i] != '/' && s[i] != '-' && s[i] != '.')) return std::nullopt;
  const char sep = s[i++];
  const int b = read_number(s, i, 2, &n2);
  if (b < 0 || i >= s.size() || s[i] != sep) return std::nullopt;
  ++i;
  const int c = read_number(s, i, 4, &n3);
  if (c < 0 || (i < s.size() && is_digit(s[i]))) return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (n1 == 4) {  // YYYY/MM/DD
    y = a;
    m = b;
    d = c;
    if (n3 > 2) return std::nullopt;
  } else if (n1 <= 2) {  // MM/DD/YYYY or MM/DD/YY
    m = a;
    d = b;
    if (n3 == 4) {
      y = c;
    } else if (n3 == 2) {
      y = 2000 + c;  // "DECL: 09/21/10" is 2010: dates are in the future of the cable
    } else {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (!valid_date(y, m, d)) return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

std::vector<std::string> parse_tags(std::string_view s) {
  std::vector<std::string> tags;
  s = text::trim(s);
  while (!s.empty() && (s.back() == '\\' || s.back() == '.'))
    s = text::trim_right(s.substr(0, s.size() - 1));
  // Commas separate when present (then "COUNTER TERRORISM" or "RICE, CONDOLEEZZA"
  // keep their spaces); otherwise spaces do.
  const bool commas = s.find(',') != std::string_view::npos;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',' || s[i] == ';' || s[i] == '\t')) ++i;
    std::size_t j = i;
    if (commas) {
      while (j < s.size() && s[j] != ',' && s[j] != ';') ++j;
    } else {
      while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s[j] != ';') ++j;
    }
    if (j > i) {
      std::string tag = text::squeeze_spaces(text::upper(s.substr(i, j - i)));
      while (!tag.empty() && (tag.back() == '.' || tag.back() == '\\')) tag.pop_back();
      bool seen = false;
      for (const std::string& t : tags) seen = seen || t == tag;
      // SIPDIS is a caption that strays into the list; it is no tag.
      if (!tag.empty() && !seen && tag != "SIPDIS") tags.push_back(std::move(tag));
    }
    i = j;
  }
  return tags;
}

std::vector<std::string> parse_reasons(std::string_view s) {
  std::vector<std::string> reasons;
  auto add = [&](std::string_view section, char letter) {
    std::string r = std::string(section) + "(" + to_lower(letter) + ")";
    for (const std::string& have : reasons) {
      if (have == r) return;
    }
    reasons.push_back(std::move(r));
  };
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    // "1.4", "1.5", also wrapped "1. 4", "1\n.4" and the typos "1/4", "1,4".
    if (s[i] != '1' || (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '.'))) continue;
    std::size_t j = i + 1;
    while (j < s.size() && (s[j] == ' ' || s[j] == '\n')) ++j;
    if (j >= s.size() || (s[j] != '.' && s[j] != '/' && s[j] != ',')) continue;
    ++j;
    while (j < s.size() && (s[j] == ' ' || s[j] == '\n')) ++j;
    if (j >= s.size() || (s[j] != '4' && s[j] != '5' && s[j] != '6')) continue;
    const std::string section = std::string("1.") + s[j];
    ++j;
    if (j < s.size() && is_digit(s[j])) continue;
    // Letters a-h as single-letter tokens: "(b)(d)", "(b, d)", "b and d", "(b/d)", "(b & d)".
    std::size_t k = j;
    while (k < s.size()) {
      const char c = s[k];
      if (c == ' ' || c == '(' || c == ')' || c == ',' || c == '/' || c == '&' || c == '\n' ||
          c == '\t') {
        ++k;
        continue;
      }
      if (text::istarts_with(s.substr(k), "and") && (k + 3 >= s.size() || !is_alpha(s[k + 3]))) {
        k += 3;
        continue;
      }
      const char l = to_lower(c);
      if (l >= 'a' && l <= 'h' && (k + 1 >= s.size() || !is_alpha(s[k + 1])) &&
          (k == 0 || !is_alpha(s[k - 1]))) {
        add(section, l);
        ++k;
        continue;
      }
      break;
    }
    i = k > i ? k - 1 : i;
  }
  return reasons;
}

std::string classifier_name(std::string_view s) {
  s = text::trim(s);
  // "Classified By: CLASSIFIED BY ANDREW SCHOFER", "Classified By: (U) Polcounselor".
  if (text::istarts_with(s, "CLASSIFIED BY")) s = text::trim(s.substr(13));
  if (!s.empty() && s[0] == ':') s = text::trim(s.substr(1));
  if (s.size() > 3 && s[0] == '(' && s.find(')') != std::string_view::npos && s.find(')') <= 6) {
    s = text::trim(s.substr(s.find(')') + 1));
  }
  // The name ends where the reason begins.
  std::size_t end = s.size();
  auto cut = [&](std::string_view marker) {
    std::size_t p = text::ifind(s, marker);
    if (p != std::string_view::npos && p < end) end = p;
  };
  cut("reason");
  cut("E.O.");
  cut(" EO 1");
  cut("1.4");
  cut("1.5");
  cut("1. 4");
  cut("1. 5");
  std::string_view name = text::trim(s.substr(0, end));
  while (!name.empty() && (name.back() == '.' || name.back() == ',' || name.back() == ';' ||
                           name.back() == ':' || name.back() == '-' || name.back() == ' ')) {
    name.remove_suffix(1);
  }
  // "Ambassador Mark Langdale for reasons": drop the connective left behind.
  for (std::string_view tail : {" for", " per", " under"}) {
    if (name.size() > tail.size() && text::iequals(name.substr(name.size() - tail.size()), tail)) {
      name = text::trim_right(name.substr(0, name.size() - tail.size()));
    }
  }
  while (!name.empty() && (name.back() == '.' || name.back() == ',' || name.back() == ';')) {
    name.remove_suffix(1);
  }
  return text::squeeze_spaces(name);
}

}  // namespace chancery::parse::detail
