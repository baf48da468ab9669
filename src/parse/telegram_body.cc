// The body (format §4.2, §4.9-§4.11): cleaned text, paragraphs, summary and signature.
#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "core/text.h"
#include "parse/lines.h"
#include "parse/telegram_internal.h"
#include "parse/telegram_reader.h"

namespace chancery::parse::reader {

using detail::ClassificationLine;
using text::is_digit;
using text::is_upper;

namespace {

// ---------------------------------------------------------------------------
// Body (format §4.2, §4.9-§4.11): the cleaned text, paragraphs, summary and
// signature.

struct ParagraphSpan {
  detail::ParagraphStart start;
  std::size_t begin = 0;  // offset in body where its text starts
  std::size_t end = 0;    // offset in body where it ends
};

bool is_section_repeat(std::string_view t) {
  // Runs on every body line: only a class word at the line's start counts.
  std::size_t pos = 0;
  while (pos < t.size() && pos < 3 && t[pos] == ' ') ++pos;
  if (pos >= t.size()) return false;
  const char first = text::to_upper(t[pos]);
  if (first != 'S' && first != 'C' && first != 'U' && first != 'T') return false;
  if (!detail::match_class_word(t, pos)) return false;
  std::optional<ClassificationLine> cl = detail::parse_classification_line(t, pos);
  return cl && cl->section >= 2;
}


std::string strip_paragraph_prefixes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t nl = s.find('\n', i);
    if (nl == npos) nl = s.size();
    std::string_view line = s.substr(i, nl - i);
    if (std::optional<detail::ParagraphStart> p = detail::match_paragraph_start(line)) {
      line = line.substr(p->text_begin);
    }
    out += line;
    if (nl < s.size()) out += '\n';
    i = nl + 1;
  }
  return out;
}

std::optional<std::string> find_summary(std::string_view body, std::size_t from,
                                        const std::vector<ParagraphSpan>& paragraphs) {
  std::string_view b = body.substr(from);
  // One pass over the "SUMMARY" words: the first preceded by "END " ends the
  // summary; the first at a line or paragraph start (or after "BEGIN") opens it.
  std::size_t end_marker = npos;
  std::size_t start = npos;
  for (std::size_t i = 0;;) {
    const std::size_t p = text::ifind(b, "SUMMARY", i);
    if (p == npos) break;
    i = p + 7;
    if (p + 7 < b.size() && text::is_alpha(b[p + 7])) continue;  // SUMMARYS
    if (p >= 4 && text::iequals(b.substr(p - 4, 4), "END ")) {
      end_marker = p - 4;
      break;
    }
    if (start != npos) continue;
    // What stands before it on its line must be a paragraph prefix, "BEGIN",
    // "EXECUTIVE" or nothing.
    std::size_t ls = b.rfind('\n', p);
    ls = ls == npos ? 0 : ls + 1;
    std::string_view before = text::trim(b.substr(ls, p - ls));
    if (std::optional<detail::ParagraphStart> ps = detail::match_paragraph_start(b.substr(ls))) {
      before = text::trim(b.substr(ls + ps->text_begin, p - std::min(p, ls + ps->text_begin)));
    }
    if (!before.empty() && !text::iequals(before, "BEGIN") && !text::iequals(before, "EXECUTIVE") &&
        !text::iequals(before, "-") && !text::iequals(before, "(U)")) {
      continue;
    }
    std::size_t k = p + 7;
    if (text::istarts_with(b.substr(k), " AND COMMENT")) k += 12;
    while (k < b.size() && (b[k] == ':' || b[k] == '.' || b[k] == ' ' || b[k] == '-' ||
                            b[k] == '\n' || b[k] == '\t')) {
      ++k;
    }
    start = k;
  }
  std::size_t stop = npos;
  if (start != npos && end_marker != npos && end_marker > start) {
    stop = end_marker;
  } else if (start != npos) {
    // No END SUMMARY: the summary is the paragraph it opens (or, after a
    // heading, the paragraph that follows).
    const std::size_t abs = from + start;
    for (std::size_t k = 0; k < paragraphs.size(); ++k) {
      if (paragraphs[k].end > abs) {
        stop = paragraphs[k].end - from;
        break;
      }
    }
    if (stop == npos) return std::nullopt;
  } else if (end_marker != npos && !paragraphs.empty() && paragraphs[0].begin < from + end_marker) {
    start = paragraphs[0].begin - from;
    stop = end_marker;
  } else {
    return std::nullopt;
  }
  if (stop <= start) return std::nullopt;
  std::string s = strip_paragraph_prefixes(b.substr(start, stop - start));
  std::string_view t = text::trim(s);
  // "... on Iran. END SUMMARY." leaves "(" or "--" behind now and then.
  while (!t.empty() && (t.back() == '(' || t.back() == '-'))
    t = text::trim_right(t.substr(0, t.size() - 1));
  if (t.empty()) return std::nullopt;
  return std::string(t);
}


}  // namespace

// Strips a heading block ("-----\nnext steps\n-----") that trails a
// paragraph's text: it belongs to the body, not to the paragraph before it.
std::string_view strip_trailing_heading(std::string_view p) {
  p = text::trim_right(p);
  while (true) {
    // A heading block is a few short lines: look for its blank line only in
    // the paragraph's last bytes, so that long paragraphs cost nothing.
    constexpr std::size_t kLongestHeading = 4 * 82;
    const std::size_t window = p.size() > kLongestHeading ? p.size() - kLongestHeading : 0;
    std::size_t blank = npos;
    for (std::size_t end = p.size(); end > window + 1;) {
      const void* nl = memrchr(p.data() + window, '\n', end - window);
      if (nl == nullptr) break;
      const std::size_t k = static_cast<std::size_t>(static_cast<const char*>(nl) - p.data());
      if (k > window && p[k - 1] == '\n') {
        blank = k - 1;
        break;
      }
      end = k;
    }
    if (blank == npos) return p;
    std::string_view tail = p.substr(blank + 2);
    bool has_rule = false;
    bool short_lines = true;
    std::size_t n = 0;
    std::size_t i = 0;
    while (i <= tail.size()) {
      std::size_t nl = tail.find('\n', i);
      if (nl == npos) nl = tail.size();
      std::string_view l = tail.substr(i, nl - i);
      if (is_rule(l))
        has_rule = true;
      else if (text::trim(l).size() > 80)
        short_lines = false;
      ++n;
      i = nl + 1;
    }
    if (!(has_rule && short_lines && n <= 4) && !(n == 1 && is_summary_heading(tail))) {
      return p;
    }
    p = text::trim_right(p.substr(0, blank));
  }
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

void read_body(Reader& r, TextStart start, std::size_t head_end) {
  Cable& c = r.cable;
  std::string& body = c.body;
  std::size_t total = 0;
  for (std::size_t i = start.line; i < r.lines.size(); ++i) total += r.lines[i].text.size() + 1;
  body.reserve(total);

  std::vector<ParagraphSpan> spans;
  long last_number = 0;
  bool pending_gap = false;      // a removed line asks for a paragraph break check
  bool skipping_repeat = false;  // inside a repeated section header
  std::size_t head_end_offset = npos;

  auto pop_blank_lines = [&] {
    while (body.size() >= 2 && body[body.size() - 1] == '\n' && body[body.size() - 2] == '\n') {
      body.pop_back();
    }
  };

  for (std::size_t i = start.line; i < r.lines.size(); ++i) {
    std::string_view line = r.lines[i].text;
    if (i == start.line) line = line.substr(start.offset);
    // Trailing blanks and the archive's trailing backslashes are noise.
    std::string_view t = text::trim_right(line);
    while (!t.empty() && t.back() == '\\') t = text::trim_right(t.substr(0, t.size() - 1));
    const bool after_head = i >= head_end;
    if (i == head_end) head_end_offset = body.size();

    if (after_head && t.size() > 7 && text::istarts_with(t, "SIPDIS ")) {
      // A stray caption glued to the start of a text line ("SIPDIS INTERESTS FOR").
      r.text_captions.push_back("SIPDIS");
      t = t.substr(7);
    }
    if (after_head && !t.empty()) {
      // Page headers: "TEL AVIV 00000557 002 OF 004", "PAGE 02 HARARE ... 271458Z".
      if (const std::size_t ph = detail::page_header_length(t); ph > 0) {
        // The page above may end with its classification ("... REALIZE  CONFIDENTIAL").
        pop_blank_lines();
        for (std::string_view w : {"UNCLASSIFIED", "CONFIDENTIAL", "SECRET"}) {
          if (body.size() > w.size() + 2 && body.ends_with(std::string(w) + "\n") &&
              body.compare(body.size() - w.size() - 3, 2, "  ") == 0) {
            body.resize(body.size() - w.size() - 1);
            while (!body.empty() && body.back() == ' ') body.pop_back();
            body += '\n';
          }
        }
        t = text::trim(t.substr(ph));
        if (t.empty()) {
          pending_gap = true;
          continue;
        }
      } else if (std::optional<std::vector<std::string>> caps =
                     t.size() <= 40 ? detail::caption_line(t) : std::nullopt) {
        // A stray caption between paragraphs ("Sipdis" in the middle of
        // a sentence): out of the body, into handling.
        for (std::string& cap : *caps) r.text_captions.push_back(std::move(cap));
        pop_blank_lines();
        pending_gap = true;
        continue;
      } else if (is_section_repeat(t)) {
        pop_blank_lines();
        pending_gap = true;
        skipping_repeat = true;
        continue;
      }
    }
    if (skipping_repeat) {
      // A section's repeated head: captions, E.O., TAGS, SUBJECT lines.
      if (t.empty() || detail::eo_line_body(t) != npos || text::istarts_with(t, "TAGS") ||
          text::istarts_with(t, "SUBJECT")) {
        continue;
      }
      skipping_repeat = false;
    }
    if (pending_gap) {
      if (t.empty()) continue;
      pending_gap = false;
      // A break fell between paragraphs: keep one blank line; inside a
      // sentence: join the halves.
      if (body.size() >= 2 && body.back() == '\n') {
        const char end = body[body.size() - 2];
        const std::string_view next = text::trim_left(t);
        const bool sentence_end = end == '.' || end == ':' || end == '"' || end == ')';
        if (detail::match_paragraph_start(t) || is_rule(t) ||
            (sentence_end && (is_upper(next[0]) || next.starts_with("\xC2\xB6")))) {
          body += '\n';
        }
      }
    }

    if (after_head && !t.empty()) {
      if (std::optional<detail::ParagraphStart> p = detail::match_paragraph_start(t)) {
        const long n = std::stol(p->number);
        const bool in_sequence = n == last_number + 1;
        // Numbering gaps happen (a cable may continue another's numbering);
        // a pilcrow and a portion mark together make a jump credible.
        const bool plausible_gap =
            n > last_number && ((p->pilcrow && p->marking && n <= last_number + 30) ||
                                ((p->pilcrow || p->marking) && n <= last_number + 5));
        if (in_sequence || plausible_gap) {
          if (!in_sequence) {
            r.warn(r.lines[i].number,
                   fmt::format("paragraph {} follows paragraph {}", n, last_number));
          }
          if (!spans.empty()) spans.back().end = body.size();
          ParagraphSpan span;
          span.start = *p;
          // `t` starts where the line does; the text begins after the mark.
          span.begin = body.size() + p->text_begin;
          spans.push_back(std::move(span));
          last_number = n;
        }
      }
    }
    body.append(t);
    body += '\n';
  }
  // Trailing blank lines.
  while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.pop_back();
  if (!spans.empty()) spans.back().end = body.size();
  if (head_end_offset == npos) head_end_offset = body.size();

  // Signature: a short name on the last line, after the last paragraph.
  {
    std::size_t ls = body.rfind('\n');
    ls = ls == npos ? 0 : ls + 1;
    std::string_view last = std::string_view(body).substr(ls);
    if (ls > 0 && ls >= head_end_offset && looks_like_signature(last)) {
      c.signed_by.push_back(std::string(text::trim(last)));
      if (!spans.empty() && spans.back().end > ls) spans.back().end = ls;
    }
  }

  c.paragraphs.reserve(spans.size());
  for (ParagraphSpan& s : spans) {
    Paragraph p;
    p.number = std::move(s.start.number);
    p.marking = std::move(s.start.marking);
    if (s.end > s.begin) {
      p.text = std::string(
          strip_trailing_heading(std::string_view(body).substr(s.begin, s.end - s.begin)));
    }
    c.paragraphs.push_back(std::move(p));
  }
  c.summary = find_summary(body, head_end_offset, spans);
}

}  // namespace chancery::parse::reader
