// REF blocks (format §4.7) and resolving references to cable ids (§6.2).
#include <array>

#include "core/text.h"
#include "parse/telegram_internal.h"

namespace chancery::parse::detail {
namespace {

using text::is_alpha;
using text::is_digit;
using text::is_space;
using text::to_lower;
using text::to_upper;

struct Alias {
  std::string_view written;  // station code as written, spaces removed
  std::string_view code;
};
constexpr std::array<Alias, 16> kAliases = {{
    {"SECSTATE", "STATE"},
    {"SECTSTATE", "STATE"},
    {"DEPT", "STATE"},
    {"RIODEJAN", "RIODEJANEIRO"},
    {"RIO", "RIODEJANEIRO"},
    {"USUN", "USUNNEWYORK"},
    {"USEU", "BRUSSELS"},
    {"USEUBRUSSELS", "BRUSSELS"},
    {"UNVIE", "UNVIEVIENNA"},
    {"HAGUE", "THEHAGUE"},
    {"DELHI", "NEWDELHI"},
    {"MEXICOCITY", "MEXICO"},
    {"SANJSE", "SANJOSE"},
    {"BRASILA", "BRASILIA"},
    {"USNATOBRUSSELS", "USNATO"},
    {"SECSTATEWASHDC", "STATE"},
}};

// Words that precede a number in a REF line without naming a station.
constexpr std::array<std::string_view, 34> kNotStations = {{
    "IIR",     "TELCON",    "EMAIL",   "E-MAIL",     "MEMCON",   "MEMO",   "FAX",
    "LETTER",  "UNSCR",     "UNSC",    "RESOLUTION", "PARA",     "PARAS",  "PARAGRAPH",
    "SECTION", "PAGE",      "LAW",     "DECREE",     "ARTICLE",  "REPORT", "NOTE",
    "JANUARY", "FEBRUARY",  "MARCH",   "APRIL",      "MAY",      "JUNE",   "JULY",
    "AUGUST",  "SEPTEMBER", "OCTOBER", "NOVEMBER",   "DECEMBER", "TD",
}};

bool is_month_abbrev(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  for (std::string_view m : kMonths) {
    if (w == m) return true;
  }
  return w == "SEPT";
}

// Qualifiers that may follow a reference: "(NOTAL)", "AND PREVIOUS", "ET AL".
bool is_qualifier_tail(std::string_view s) {
  s = text::trim(s);
  while (!s.empty()) {
    if (s[0] == '(') {
      std::size_t close = s.find(')');
      if (close == std::string_view::npos) return false;
      s = text::trim_left(s.substr(close + 1));
      continue;
    }
    if (s[0] == ',' || s[0] == ';' || s[0] == '.' || s[0] == ':' || s[0] == '-') {
      s = text::trim_left(s.substr(1));
      continue;
    }
    bool matched = false;
    for (std::string_view q : {"AND PREVIOUS", "AND PREVIOUS", "ET AL", "NOTAL", "AND PRIOR",
                               "AND REFTELS", "ALL NOTAL", "EXDIS", "NODIS", "PREVIOUS"}) {
      if (text::istarts_with(s, q)) {
        s = text::trim_left(s.substr(q.size()));
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  return true;
}

// The next bullet expected after `prev` ('a' after nothing).
char next_bullet(char prev) { return prev == 0 ? 'a' : static_cast<char>(prev + 1); }

// A bullet marker at `i`: "A.", "A)", "(A)", "A:", optionally after '¶'.
// Returns the offset after the marker and its letter, or npos.
std::size_t match_bullet(std::string_view s, std::size_t i, char* letter) {
  if (s.compare(i, 2, "\xC2\xB6") == 0) i += 2;  // ¶
  const bool paren = i < s.size() && s[i] == '(';
  if (paren) ++i;
  if (i >= s.size() || !is_alpha(s[i])) return std::string_view::npos;
  const char l = to_lower(s[i]);
  ++i;
  if (i >= s.size()) return std::string_view::npos;
  if (paren) {
    if (s[i] != ')') return std::string_view::npos;
  } else if (s[i] != '.' && s[i] != ')' && s[i] != ':') {
    return std::string_view::npos;
  }
  ++i;
  if (i < s.size() && !is_space(s[i]) && s[i] != '\n') return std::string_view::npos;
  *letter = l;
  return i;
}

std::string clean_entry(std::string_view s) {
  std::string out = text::squeeze_spaces(s);
  while (!out.empty() &&
         (out.back() == ';' || out.back() == ',' || out.back() == '\\' || out.back() == ' ')) {
    out.pop_back();
  }
  return out;
}

}  // namespace

std::string station_code(std::string_view post) {
  std::string code;
  for (char c : post) {
    if (is_alpha(c)) code += to_upper(c);
  }
  for (const Alias& a : kAliases) {
    if (code == a.written) return std::string(a.code);
  }
  return code;
}

std::optional<std::string> resolve_reference(std::string_view s, const CitingCable& citing) {
  s = text::trim(s);
  std::size_t i = 0;
  int year = 0;
  // An explicit year: "06 TBILISI 2601", "2007 MANAGUA 2135".
  {
    std::size_t j = 0;
    while (j < s.size() && is_digit(s[j])) ++j;
    if ((j == 2 || j == 4) && j < s.size() && s[j] == ' ') {
      const int v = std::stoi(std::string(s.substr(0, j)));
      if (j == 2) year = v >= 66 ? 1900 + v : 2000 + v;
      if (j == 4 && v >= 1966 && v <= 2030) year = v;
      if (year != 0) i = j + 1;
    }
  }
  // Station words, then the serial.
  std::string post;
  int words = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size() || is_digit(s[i])) break;
    std::size_t j = i;
    while (j < s.size() && (is_alpha(s[j]) || s[j] == '-' || s[j] == '.' || s[j] == '\'')) ++j;
    if (j == i || ++words > 4) return std::nullopt;
    std::string word = text::upper(s.substr(i, j - i));
    while (!word.empty() && word.back() == '.') word.pop_back();
    for (std::string_view bad : kNotStations) {
      if (word == bad) return std::nullopt;
    }
    // "DEC 5" is a date; "RIO DE JAN 123" is Rio de Janeiro.
    if (is_month_abbrev(word) && words == 1) return std::nullopt;
    if (!post.empty()) post += ' ';
    post += word;
    i = j;
  }
  if (post.empty() || i >= s.size()) return std::nullopt;
  std::size_t j = i;
  while (j < s.size() && is_digit(s[j])) ++j;
  if (j - i < 1 || j - i > 7) return std::nullopt;
  if (j < s.size() && (is_alpha(s[j]) || s[j] == '/')) return std::nullopt;
  if (!is_qualifier_tail(s.substr(j))) return std::nullopt;
  std::string_view digits = s.substr(i, j - i);
  while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
  if (digits == "0") return std::nullopt;
  const long serial = std::stol(std::string(digits));
  const std::string code = station_code(post);
  if (code.empty() || code.size() > 20) return std::nullopt;
  if (code == citing.station && serial == citing.serial && (year == 0 || year == citing.year)) {
    return std::nullopt;  // the citing cable itself
  }
  if (year == 0) {
    if (citing.year == 0) return std::nullopt;
    year = citing.year;
    // Serials only grow within a year: a higher number from our own station
    // is last year's.
    if (code == citing.station && citing.serial != 0 && serial > citing.serial) --year;
  }
  const int yy = year % 100;
  std::string id;
  id += static_cast<char>('0' + yy / 10);
  id += static_cast<char>('0' + yy % 10);
  id += code;
  id += digits;
  return id;
}

std::vector<Reference> parse_references(std::string_view block, const CitingCable& citing) {
  // Cut the block at bullet markers that come in sequence (a, b, c ...), at a
  // line start or after white space; the sequence keeps a portion mark such
  // as "(C)" in the middle of an entry from passing for a bullet.
  struct Cut {
    std::size_t marker;  // where the marker starts
    std::size_t text;    // where the entry's text starts
    char letter;
  };
  std::vector<Cut> cuts;
  char expected = 'a';
  for (std::size_t i = 0; i < block.size(); ++i) {
    const bool boundary = i == 0 || is_space(block[i - 1]) || block[i - 1] == '\n' ||
                          block[i - 1] == ';' || block[i - 1] == ',';
    if (!boundary) continue;
    char letter = 0;
    std::size_t after = match_bullet(block, i, &letter);
    if (after == std::string_view::npos || letter != expected) continue;
    cuts.push_back({i, after, letter});
    expected = next_bullet(letter);
    i = after - 1;
  }
  std::vector<Reference> refs;
  auto add = [&](std::optional<std::string> bullet, std::string_view entry) {
    std::string text = clean_entry(entry);
    if (text.empty()) return;
    Reference r;
    r.bullet = std::move(bullet);
    r.id = resolve_reference(text, citing);
    r.text = std::move(text);
    refs.push_back(std::move(r));
  };
  if (!cuts.empty()) {
    if (std::string_view lead = text::trim(block.substr(0, cuts[0].marker)); !lead.empty()) {
      add(std::nullopt, lead);
    }
    for (std::size_t k = 0; k < cuts.size(); ++k) {
      const std::size_t end = k + 1 < cuts.size() ? cuts[k + 1].marker : block.size();
      add(std::string(1, cuts[k].letter), block.substr(cuts[k].text, end - cuts[k].text));
    }
    return refs;
  }
  // Unlettered: one reference, or several separated by ';', ',' or " AND ".
  std::size_t start = 0;
  for (std::size_t i = 0; i <= block.size(); ++i) {
    bool cut = i == block.size() || block[i] == ';' || block[i] == ',' || block[i] == '\n';
    std::size_t skip = 1;
    if (!cut && (block[i] == ' ') && text::istarts_with(block.substr(i), " AND ") &&
        !text::istarts_with(block.substr(i), " AND PREVIOUS") &&
        !text::istarts_with(block.substr(i), " AND PRIOR")) {
      cut = true;
      skip = 5;
    }
    if (!cut) continue;
    std::string_view entry = block.substr(start, i - start);
    // ',', a line break and " AND " separate references only between
    // cables: "EMAIL OF JANUARY 3, 2008" is one reference.
    const bool hard = i == block.size() || block[i] == ';';
    if (!hard && !resolve_reference(entry, citing)) continue;
    add(std::nullopt, entry);
    start = i + skip;
    i = start - 1;
  }
  return refs;
}

}  // namespace chancery::parse::detail
