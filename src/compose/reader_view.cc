// The reader's view of a line (see reader_view.h). The recognisers the reader
// exposes (parse/telegram_internal.h) are called; its private ones are copied.
#include "compose/reader_view.h"

#include <array>

#include "core/text.h"
#include "parse/lines.h"
#include "parse/telegram_internal.h"
#include "parse/telegram_reader.h"

namespace chancery::compose::reader_view {
namespace {

constexpr std::size_t npos = std::string_view::npos;
using text::is_digit;
using text::is_upper;

// Copy of telegram_head.cc's keys_for: the labels the reader cuts a head line at.
struct GluedKeys {
  std::array<std::string_view, 4> glued{};
  std::array<std::string_view, 4> spaced{};
};
constexpr GluedKeys keys_for(char c) {
  switch (c) {
    case 'S':
      return {{"SIPDIS", "SUBJECT:", "SUBJ:"}, {"SUBJECT:", "Subject:"}};
    case 'E':
      return {{"E.O. 1", "EO 1", "E.O.1"}, {"E.O. 1", "E.O.1"}};
    case 'T':
      return {{"TAGS:", "TAGS "}, {"TAGS:", "Tags:"}};
    case 'R':
      return {{"REF:", "REFS:"}, {"REF:", "Ref:", "REFS:", "Refs:"}};
    case 'C':
      return {{"Classified By", "CLASSIFIED BY"},
              {"Classified By:", "CLASSIFIED BY:", "Classified by:"}};
    default:
      return {};
  }
}

bool key_at(std::string_view t, std::size_t i, std::string_view key) {
  return !key.empty() && i + 1 < t.size() && t[i + 1] == key[1] &&
         t.compare(i, key.size(), key) == 0;
}

}  // namespace

bool would_cut(std::string_view line) {
  const std::string_view t = text::trim(line);
  const bool classified = text::istarts_with(t, "CLASSIFIED BY");
  for (std::size_t i = 1; i < t.size(); ++i) {
    const char c = t[i];
    if (c != 'S' && c != 'E' && c != 'T' && c != 'R' && c != 'C') continue;
    const char prev = t[i - 1];
    const GluedKeys keys = keys_for(c);
    bool cut = false;
    if (prev == ' ' || prev == '\t') {
      for (std::string_view key : keys.spaced) {
        if (key_at(t, i, key) && i > 1) cut = true;
      }
    } else {
      for (std::string_view key : keys.glued) {
        if (!key_at(t, i, key)) continue;
        const bool after_digit =
            is_digit(prev) || prev == '.' || prev == ')' || key.starts_with("E.O.");
        const bool after_sipdis = i >= 6 && t.compare(i - 6, 6, "SIPDIS") == 0;
        if (!(after_digit || after_sipdis || key == "SIPDIS")) continue;
        if (key == "SIPDIS" && text::is_alpha(prev) && !after_sipdis && !is_upper(prev)) continue;
        cut = true;
      }
    }
    // "Classified By: X. Reason: E.O. 12958 1.4 (d)" is not cut at the order.
    if (cut && c == 'E' && classified) cut = false;
    if (cut) return true;
  }
  return false;
}

bool head_line_special(std::string_view line) {
  const std::string_view t = text::trim(line);
  if (t.empty()) return true;  // a blank line ends most fields
  if (parse::detail::page_header_length(t) > 0) return true;
  if (parse::detail::match_paragraph_start(t)) return true;
  if (parse::reader::is_summary_heading(t)) return true;
  if (parse::detail::caption_line(t)) return true;
  if (parse::detail::eo_line_body(t) != npos) return true;
  // Labels, tested more broadly than the reader does ("REFORM" passes
  // for a label here): a wrapped line merely opens one word later.
  for (std::string_view label : {"DECL", "TAG", "SUBJ", "REF", "CLASSIFIED BY"}) {
    if (text::istarts_with(t, label)) return true;
  }
  return would_cut(t);
}

bool body_line_special(std::string_view line) {
  const std::string_view t = text::trim(line);
  if (t.empty()) return false;
  if (parse::detail::match_paragraph_start(t)) return true;
  if (parse::detail::page_header_length(t) > 0) return true;
  if (t.size() <= 40 && parse::detail::caption_line(t)) return true;
  if (t.size() > 7 && text::istarts_with(t, "SIPDIS ")) return true;
  // A line opening with a classification word may be a repeated section
  // header ("SECRET SECTION 02 OF 03 ..."): never open a wrapped line so.
  if (parse::detail::match_class_word(t, 0)) return true;
  return parse::is_rule(t);
}

bool looks_like_signature(std::string_view t) {
  t = text::trim(t);
  if (t.empty() || t.size() > 30) return false;
  int words = 1;
  int letters = 0;
  for (char ch : t) {
    if (ch == ' ') {
      ++words;
    } else if (text::is_alpha(ch)) {
      ++letters;
    } else if (ch != '.' && ch != '-' && ch != ',' && ch != '\'') {
      return false;
    }
  }
  if (words > 3 || letters < 3 || t.back() == '.' || t.back() == ',') return false;
  if (!is_upper(t[0])) return false;
  const std::string up = text::upper(t);
  for (std::string_view no :
       {"NNNN", "BT", "END", "SIPDIS", "NOFORN", "UNCLAS", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED",
        "END TEXT", "END CABLE", "SENSITIVE", "CABLE ENDS"}) {
    if (up == no) return false;
  }
  return true;
}

bool ends_with_heading(std::string_view p) {
  p = text::trim_right(p);
  // The last blank line within the paragraph's last bytes, as the reader looks.
  constexpr std::size_t kLongestHeading = 4 * 82;
  const std::size_t window = p.size() > kLongestHeading ? p.size() - kLongestHeading : 0;
  const std::size_t blank = p.rfind("\n\n");
  if (blank == npos || blank < window) return false;
  const std::string_view tail = p.substr(blank + 2);
  bool has_rule = false;
  bool short_lines = true;
  std::size_t n = 0;
  for (std::size_t i = 0; i <= tail.size();) {
    std::size_t nl = tail.find('\n', i);
    if (nl == npos) nl = tail.size();
    const std::string_view l = tail.substr(i, nl - i);
    if (parse::is_rule(l))
      has_rule = true;
    else if (text::trim(l).size() > 80)
      short_lines = false;
    ++n;
    i = nl + 1;
  }
  return (has_rule && short_lines && n <= 4) || (n == 1 && parse::reader::is_summary_heading(tail));
}

bool subject_continues(std::string_view subject) {
  subject = text::trim_right(subject);
  if (subject.empty()) return false;
  const char last = subject.back();
  if (last == ',' || last == '-' || last == ':' || last == ';' || last == '/') return true;
  for (std::string_view word : {" AND", " OF", " THE", " TO", " FOR", " IN", " ON", " WITH"}) {
    if (subject.size() > word.size() &&
        text::iequals(subject.substr(subject.size() - word.size()), word)) {
      return true;
    }
  }
  return false;
}

}  // namespace chancery::compose::reader_view
