// Line-level recognisers for the body: paragraph starts with their portion
// marks (format §4.9) and page headers (§4.2). These run on every body line,
// so each rejects ordinary text within its first few bytes.
#include "core/text.h"
#include "parse/telegram_internal.h"

namespace chancery::parse::detail {
namespace {

using text::is_alpha;
using text::is_digit;
using text::is_upper;

// A portion mark's content without parentheses: a level, then optional
// caveats after '/' or '//': "S", "SBU", "S/NF", "C//NF", "S/REL NATO",
// "S/REL TO NATO/AUS", "U//FOUO".
bool is_portion_mark(std::string_view m) {
  if (m.empty() || m.size() > 24) return false;
  std::size_t i = 0;
  while (i < m.size() && is_alpha(m[i])) ++i;
  const std::string level = text::upper(m.substr(0, i));
  if (level != "U" && level != "C" && level != "S" && level != "TS" && level != "SBU" &&
      level != "FOUO" && level != "LOU" && level != "CUI") {
    return false;
  }
  for (; i < m.size(); ++i) {
    const char c = m[i];
    if (!is_alpha(c) && c != '/' && c != ' ' && c != '-' && c != ',') return false;
  }
  // A caveat must follow a slash: "(S NOFORN)" is not a mark we know.
  return i == level.size() || m[level.size()] == '/';
}

}  // namespace

std::optional<ParagraphStart> match_paragraph_start(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  if (i >= line.size()) return std::nullopt;
  ParagraphStart p;
  if (line.compare(i, 2, "\xC2\xB6") == 0) {  // ¶
    p.pilcrow = true;
    i += 2;
    while (i < line.size() && line[i] == ' ') ++i;
  }
  if (i >= line.size() || !is_digit(line[i])) return std::nullopt;
  const std::size_t digits_begin = i;
  while (i < line.size() && is_digit(line[i])) ++i;
  if (i - digits_begin > 3 || i >= line.size() || (line[i] != '.' && line[i] != ')')) {
    return std::nullopt;
  }
  // "1) (U) Summary": a parenthesis counts only before a portion mark, or
  // every numbered list would pass for paragraphs.
  const bool paren = line[i] == ')';
  std::string_view digits = line.substr(digits_begin, i - digits_begin);
  ++i;  // '.' or ')'
  // "1.5 million" is no paragraph; "1.KEY POINTS" and "2.(C)" are.
  if (i < line.size() && is_digit(line[i])) return std::nullopt;
  while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
  if (digits == "0") return std::nullopt;
  p.number = std::string(digits);
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i < line.size() && line[i] == '(') {
    const std::size_t close = line.find(')', i);
    if (close != std::string_view::npos && is_portion_mark(line.substr(i + 1, close - i - 1))) {
      p.marking = text::upper(line.substr(i + 1, close - i - 1));
      i = close + 1;
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    }
  }
  if (i < line.size() && !p.marking && !p.pilcrow && !is_upper(line[i]) && line[i] != '(' &&
      line[i] != '"' && line[i] != '-') {
    // Without a pilcrow or a mark, "3. the" is more likely a list item in
    // running text than a paragraph: paragraphs open with a capital.
    if (!is_alpha(line[i])) return std::nullopt;
  }
  if (paren && !p.marking) return std::nullopt;
  p.text_begin = i;
  return p;
}

std::size_t page_header_length(std::string_view line) {
  std::string_view t = text::trim_right(line);
  std::size_t lead = 0;
  while (lead < t.size() && t[lead] == ' ') ++lead;
  if (t.size() - lead < 12) return 0;
  // Printed distribution records: "PAGE 02 HARARE 05461 01 OF 02 271458Z".
  if (text::istarts_with(t.substr(lead), "PAGE ")) {
    std::size_t i = lead + 5;
    while (i < t.size() && t[i] == ' ') ++i;
    std::size_t d = i;
    while (d < t.size() && is_digit(t[d])) ++d;
    if (d == i || d - i > 3) return 0;
    // ... then up to the DTG's "Z" that ends the header.
    for (std::size_t z = d; z + 1 <= t.size() && z < d + 60; ++z) {
      if ((t[z] == 'Z' || t[z] == 'z') && z >= 6 && is_digit(t[z - 1]) &&
          (z + 1 == t.size() || t[z + 1] == ' ')) {
        std::size_t k = z;
        int n = 0;
        while (k > 0 && is_digit(t[k - 1])) {
          --k;
          ++n;
        }
        if (n == 6 && text::ifind(t.substr(d, z - d), " OF ") != std::string_view::npos) {
          return z + 1;
        }
      }
    }
    return 0;
  }
  // "<POST> <8-digit serial> <page> OF <pages>", e.g. "Tel aviv 00000557 002 of 004";
  // pages like "001.2" occur.
  if (!is_digit(t.back())) return 0;
  const std::size_t of = text::ifind(t, " OF ", lead);
  if (of == std::string_view::npos) return 0;
  for (std::size_t k = of + 4; k < t.size(); ++k) {
    if (!is_digit(t[k])) return 0;
  }
  std::size_t k = of;
  while (k > lead && (is_digit(t[k - 1]) || t[k - 1] == '.')) --k;
  if (k == of || k == lead || t[k - 1] != ' ') return 0;
  // One or more spaces between serial and page: "BEIRUT 00000895  002 OF 002".
  std::size_t serial_end = k - 1;
  while (serial_end > lead && t[serial_end - 1] == ' ') --serial_end;
  std::size_t s = serial_end;
  while (s > lead && is_digit(t[s - 1])) --s;
  if (serial_end - s != 8 || s == lead || t[s - 1] != ' ') return 0;
  for (std::size_t w = lead; w + 1 < s; ++w) {
    if (!is_alpha(t[w]) && t[w] != ' ' && t[w] != '-' && t[w] != '.' && t[w] != '\'') return 0;
  }
  return t.size();
}

}  // namespace chancery::parse::detail
