// Classification words, classification lines and caption lines (format §4.1,
// §4.3, §5.1). Archives print the level in many shapes: "SECRET",
// "S E C R E T" (the terminal's spacing), "S e c r e t" (re-cased copies),
// glued to a preceding word when a line break was lost.
#include <algorithm>
#include <array>

#include "core/text.h"
#include "parse/telegram_internal.h"

namespace chancery::parse::detail {
namespace {

using text::is_alpha;
using text::is_digit;
using text::to_upper;

struct LevelWord {
  std::string_view letters;  // the word without spaces
  std::string_view level;
};
// Longer words first: UNCLASSIFIED before its prefix UNCLAS.
constexpr std::array<LevelWord, 5> kLevelWords = {{
    {"TOPSECRET", "TOP SECRET"},
    {"UNCLASSIFIED", "UNCLASSIFIED"},
    {"UNCLAS", "UNCLASSIFIED"},
    {"CONFIDENTIAL", "CONFIDENTIAL"},
    {"SECRET", "SECRET"},
}};

// Matches `letters` at `pos`, letters either all adjacent or all separated by
// single spaces (TOP SECRET may have one space between its words either way).
// Returns the end offset, or npos.
std::size_t match_letters(std::string_view s, std::size_t pos, std::string_view letters,
                          bool* spaced) {
  std::size_t i = pos;
  int mode = -1;  // -1 unknown, 0 adjacent, 1 spaced
  for (std::size_t k = 0; k < letters.size(); ++k) {
    if (k > 0) {
      std::size_t gap = 0;
      while (i + gap < s.size() && s[i + gap] == ' ') ++gap;
      const bool word_break = letters == "TOPSECRET" && k == 3;
      if (mode == -1) {
        mode = gap >= 1 && !word_break ? 1 : 0;
      }
      if (mode == 0 && gap != 0 && !(word_break && gap == 1)) return std::string_view::npos;
      if (mode == 1 && (gap < 1 || gap > 2)) return std::string_view::npos;
      i += gap;
    }
    if (i >= s.size() || to_upper(s[i]) != letters[k]) return std::string_view::npos;
    ++i;
  }
  *spaced = mode == 1;
  return i;
}

bool is_caption_word_char(char c) { return is_alpha(c) || c == '-'; }

// Known handling captions, upper case, longest first where one is a prefix.
constexpr std::array<std::string_view, 24> kCaptions = {{
    "SENSITIVE BUT UNCLASSIFIED",
    "FOR OFFICIAL USE ONLY",
    "HANDLE AS SPECAT EXCLUSIVE",
    "SPECAT EXCLUSIVE",
    "DISSENT CHANNEL",
    "VISAS DONKEY",
    "VISAS VIPER",
    "MED CHANNEL",
    "TM CHANNEL",
    "SIPDIS",
    "NOFORN",
    "NODIS",
    "EXDIS",
    "LIMDIS",
    "STADIS",
    "SENSITIVE",
    "TERREP",
    "CODEL",
    "SPECAT",
    "ORCON",
    "PROPIN",
    "AGRMENT",
    "DIRGEN",
    "EFTO",
}};

// Matches a caption phrase at `pos` of the upper-cased `s`; returns its end or npos.
std::size_t match_caption(std::string_view s, std::size_t pos, std::string* caption) {
  for (std::string_view c : kCaptions) {
    if (s.substr(pos, c.size()) == c &&
        (pos + c.size() == s.size() || !is_caption_word_char(s[pos + c.size()]))) {
      *caption = std::string(c);
      return pos + c.size();
    }
  }
  // "REL TO USA, AUS, NATO": the list runs to the end of the caption.
  if (s.substr(pos, 7) == "REL TO ") {
    std::size_t i = pos + 7;
    std::string list;
    while (i < s.size()) {
      while (i < s.size() && (s[i] == ' ' || s[i] == ',' || s[i] == '/')) ++i;
      std::size_t j = i;
      while (j < s.size() && text::is_upper(s[j])) ++j;
      if (j == i || j - i > 4) break;
      if (!list.empty()) list += ", ";
      list.append(s.substr(i, j - i));
      i = j;
    }
    if (list.empty()) return std::string_view::npos;
    *caption = "REL TO " + list;
    return i;
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<ClassWord> match_class_word(std::string_view line, std::size_t pos) {
  if (pos >= line.size() || !is_alpha(line[pos])) return std::nullopt;
  for (const LevelWord& w : kLevelWords) {
    bool spaced = false;
    std::size_t end = match_letters(line, pos, w.letters, &spaced);
    if (end == std::string_view::npos) continue;
    // An unspaced word must end at a word boundary: SECRETARY is no SECRET.
    // "UNCLASSIFIED//FOUO" and "SECRET//NOFORN" are fine.
    if (end < line.size() && (is_alpha(line[end]) || is_digit(line[end]))) {
      if (!spaced) continue;
      // Spaced words end at a space; "S E C R E TX" is not one.
      continue;
    }
    ClassWord word{w.level, pos, end, spaced, false};
    if (w.letters == "UNCLAS") {
      std::size_t i = end;
      while (i < line.size() && line[i] == ' ') ++i;
      bool efto_spaced = false;
      std::size_t efto_end = match_letters(line, i, "EFTO", &efto_spaced);
      if (efto_end != std::string_view::npos &&
          (efto_end == line.size() || !is_alpha(line[efto_end]))) {
        word.efto = true;
        word.end = efto_end;
      }
    }
    return word;
  }
  return std::nullopt;
}

std::optional<ClassWord> find_spaced_class_word(std::string_view line) {
  for (std::size_t i = 0; i + 11 <= line.size(); ++i) {
    const char c = to_upper(line[i]);
    if (c != 'S' && c != 'C' && c != 'U' && c != 'T') continue;
    if (line[i + 1] != ' ') continue;
    std::optional<ClassWord> w = match_class_word(line, i);
    if (w && w->spaced) return w;
  }
  return std::nullopt;
}

std::size_t find_classification_start(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && text::is_space(line[i])) ++i;
  if (match_class_word(line, i)) return i;
  // A spaced word anywhere is unmistakable ("Telegram S E C R E T ...",
  // "Cable dated:2010-02-16T06:54:00C O N F I D E N T I A L ...").
  if (std::optional<ClassWord> w = find_spaced_class_word(line)) return w->begin;
  // An unspaced word after a wrapper prefix ("Telegram SECRET STATE 012345")
  // must be written in capitals and look like a whole classification line:
  // post and a serial of at least four digits ("THE SECRET POLICE ARRESTED
  // 12 PEOPLE" is a sentence), and the prefix must not open a paragraph.
  if (i < line.size() && text::is_digit(line[i])) return std::string_view::npos;
  for (std::size_t k = i + 1; k < line.size(); ++k) {
    if (!text::is_upper(line[k]) || is_alpha(line[k - 1])) continue;
    if (std::optional<ClassificationLine> cl = parse_classification_line(line, k)) {
      if (!cl->post.empty() && cl->serial.size() >= 4 && text::is_upper(line[k + 1])) return k;
    }
  }
  return std::string_view::npos;
}

std::optional<ClassificationLine> parse_classification_line(std::string_view line,
                                                            std::size_t pos) {
  std::optional<ClassWord> word = match_class_word(line, pos);
  if (!word) return std::nullopt;
  // The line's fields stand in its first bytes; what follows (glued fields,
  // a whole paragraph) is the caller's, from `rest` on.
  line = line.substr(0, std::min(line.size(), pos + 200));
  ClassificationLine out;
  out.level = std::string(word->level);
  out.efto = word->efto;
  std::size_t i = word->end;
  const std::string up = text::upper(line);
  auto skip_spaces = [&] {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  };
  // Caveats: "SECRET//NOFORN", "UNCLASSIFIED//FOR OFFICIAL USE ONLY".
  while (i + 1 < line.size() && line[i] == '/' && line[i + 1] == '/') {
    i += 2;
    std::size_t j = line.find("//", i);
    std::size_t stop = j == std::string_view::npos ? line.size() : j;
    // The caveat ends at the first word that is no caption (the post follows).
    std::string caption;
    std::size_t end = match_caption(up, i, &caption);
    if (end == std::string_view::npos || end > stop) break;
    out.captions.push_back(caption);
    i = end;
  }
  std::vector<std::string> post_words;
  while (true) {
    skip_spaces();
    if (i >= line.size()) break;
    // SECTION nn OF mm, also "SECTION01 OF 03".
    if (up.compare(i, 7, "SECTION") == 0 && post_words.empty()) {
      std::size_t j = i + 7;
      while (j < line.size() && line[j] == ' ') ++j;
      std::size_t d = j;
      while (d < line.size() && is_digit(line[d])) ++d;
      if (d > j) {
        std::size_t k = d;
        while (k < line.size() && line[k] == ' ') ++k;
        if (up.compare(k, 2, "OF") == 0) {
          std::size_t m = k + 2;
          while (m < line.size() && line[m] == ' ') ++m;
          std::size_t e = m;
          while (e < line.size() && is_digit(line[e])) ++e;
          if (e > m && e - m <= 3 && d - j <= 3) {
            out.section = std::stoi(std::string(line.substr(j, d - j)));
            out.sections = std::stoi(std::string(line.substr(m, e - m)));
            i = e;
            continue;
          }
        }
      }
    }
    if (is_digit(line[i])) {
      if (post_words.empty()) break;
      std::size_t j = i;
      while (j < line.size() && is_digit(line[j])) ++j;
      if (j - i > 8) break;
      out.serial = std::string(line.substr(i, j - i));
      out.rest = j;
      break;
    }
    // A caption between the class word and the post ("SECRET NOFORN STATE 1").
    std::string caption;
    std::size_t cap_end = match_caption(up, i, &caption);
    if (cap_end != std::string_view::npos && post_words.empty()) {
      out.captions.push_back(caption);
      i = cap_end;
      continue;
    }
    std::size_t j = i;
    while (j < line.size() &&
           (is_alpha(line[j]) || line[j] == '-' || line[j] == '.' || line[j] == '\'')) {
      ++j;
    }
    if (j == i || post_words.size() >= 5) break;
    post_words.push_back(up.substr(i, j - i));
    i = j;
  }
  if (!out.serial.empty()) {
    for (const std::string& w : post_words) {
      if (!out.post.empty()) out.post += ' ';
      out.post += w;
    }
  } else {
    out.rest = word->end;
  }
  return out;
}

namespace {

// First words of the captions above: a line opening with another word is no
// caption line. Checked before anything is copied (runs on short body lines).
bool opens_with_caption_word(std::string_view line) {
  static constexpr std::string_view kFirstWords[] = {
      "SIPDIS", "NOFORN", "NODIS",   "EXDIS",  "LIMDIS", "STADIS", "SENSITIVE", "FOR",
      "HANDLE", "SPECAT", "DISSENT", "VISAS",  "MED",    "TM",     "TERREP",    "CODEL",
      "ORCON",  "PROPIN", "AGRMENT", "DIRGEN", "EFTO",   "REL"};
  std::size_t n = 0;
  while (n < line.size() && is_alpha(line[n])) ++n;
  if (n == 0 || n > 9) return false;
  for (std::string_view w : kFirstWords) {
    if (text::iequals(line.substr(0, n), w)) return true;
  }
  return false;
}

}  // namespace

std::optional<std::vector<std::string>> caption_line(std::string_view line) {
  if (!opens_with_caption_word(text::trim_left(line))) return std::nullopt;
  std::string up = text::upper(text::trim(line));
  // Archives leave trailing backslashes on lines ("SIPDIS \").
  while (!up.empty() && (up.back() == '\\' || up.back() == ' ')) up.pop_back();
  if (up.empty()) return std::nullopt;
  std::vector<std::string> captions;
  std::size_t i = 0;
  while (i < up.size()) {
    while (i < up.size() && (up[i] == ' ' || up[i] == ',' || up[i] == '/' || up[i] == ';')) ++i;
    if (i >= up.size()) break;
    std::string caption;
    std::size_t end = match_caption(up, i, &caption);
    if (end == std::string_view::npos) return std::nullopt;
    captions.push_back(std::move(caption));
    i = end;
  }
  if (captions.empty()) return std::nullopt;
  return captions;
}

}  // namespace chancery::parse::detail
