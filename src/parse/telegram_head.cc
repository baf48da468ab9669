// The text's fields between the classification line and the first paragraph
// (format §4.1-§4.8).
#include <algorithm>
#include <array>

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

// A piece of a line: most lines are one segment; a line on which the archive
// glued several fields ("000073SIPDISE.O. 12958: ...TAGS: PGOV") is cut into several.
struct Segment {
  std::string_view text;
  std::int64_t line = 0;
};

// ---------------------------------------------------------------------------
// Head of the text: classification line, captions, E.O., TAGS, SUBJECT, REF,
// Classified By (format §4.1-§4.8). Returns the index of the first body line
// after the head.

// Cuts a head line where the archive glued fields together.
//
// Glued without a space: "000073SIPDIS", "SIPDISE.O.", "2020/02/16TAGS:".
// After a space, only labels that cannot be ordinary words: "DEPT FOR
// WHA/BSC E.O. 12958: ...", "DECL: 12/17/2014 TAGS: EAIR", "SUBJECT: ... REF: ...".
// Keys are grouped by their first letter, which is all most bytes are tested on.
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

void cut_glued(std::string_view t, std::int64_t line, std::vector<Segment>& out) {
  std::size_t start = 0;
  for (std::size_t i = 1; i < t.size(); ++i) {
    const char c = t[i];
    if (c != 'S' && c != 'E' && c != 'T' && c != 'R' && c != 'C') continue;
    const char prev = t[i - 1];
    const GluedKeys keys = keys_for(c);
    bool cut = false;
    if (prev == ' ' || prev == '\t') {
      for (std::string_view key : keys.spaced) {
        if (key_at(t, i, key) && i > start + 1) {
          cut = true;
          break;
        }
      }
    } else {
      for (std::string_view key : keys.glued) {
        if (!key_at(t, i, key)) continue;
        // Words that merely contain a key ("NOTAGS") are ruled out by
        // requiring a digit, a dot or a caption before it, except for
        // SIPDIS, which nothing else spells.
        const bool after_digit =
            is_digit(prev) || prev == '.' || prev == ')' || key.starts_with("E.O.");
        const bool after_sipdis = i >= 6 && t.compare(i - 6, 6, "SIPDIS") == 0;
        if (!(after_digit || after_sipdis || key == "SIPDIS")) continue;
        if (key == "SIPDIS" && text::is_alpha(prev) && !after_sipdis && !is_upper(prev)) continue;
        cut = true;
        break;
      }
    }
    // "Classified By: X. Reason: E.O. 12958 1.4 (d)": the order is part of the reason.
    if (cut && c == 'E' && text::istarts_with(text::trim_left(t.substr(start)), "CLASSIFIED BY")) {
      cut = false;
    }
    if (cut) {
      out.push_back({t.substr(start, i - start), line});
      start = i;
    }
  }
  out.push_back({t.substr(start), line});
}

enum class Field { kNone, kSubject, kRef, kClassifiedBy, kTags };

// Drops a printed page's classification footer from the end of `s`
// ("... HARARE 5346  CONFIDENTIAL"): two spaces, then the level.
void strip_page_footer(std::string& s) {
  for (std::string_view level : {"UNCLASSIFIED", "CONFIDENTIAL", "SECRET"}) {
    std::string_view t = text::trim_right(s);
    if (t.size() > level.size() + 2 && t.ends_with(level) &&
        t.substr(t.size() - level.size() - 2, 2) == "  ") {
      s.resize(t.size() - level.size());
      while (!s.empty() && s.back() == ' ') s.pop_back();
    }
  }
}


// True when a "Classified By" line comes within the next few lines, before
// any paragraph: then free text between is a stray line of the head.
bool classified_by_follows(const Reader& r, std::size_t from) {
  const std::size_t limit = std::min(r.lines.size(), from + 12);
  for (std::size_t i = from; i < limit; ++i) {
    const std::string_view t = text::trim(r.lines[i].text);
    if (text::istarts_with(t, "CLASSIFIED BY")) return true;
    if (detail::match_paragraph_start(t)) return false;
  }
  return false;
}

}  // namespace

bool glued_fields(std::string_view line) {
  std::vector<Segment> segments;
  cut_glued(line, 0, segments);
  return segments.size() > 1;
}

// True when a subject broken by a blank line goes on: it stopped mid-phrase.
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

std::size_t read_head(Reader& r, TextStart start) {
  Cable& c = r.cable;
  std::string subject, refs, classified;
  Field field = Field::kNone;
  bool blank_before = false;
  std::size_t i = start.line;
  const std::size_t limit = std::min(r.lines.size(), start.line + 120);
  std::vector<Segment> segments;  // one line's pieces; kept across lines to reuse its storage
  bool done = false;

  for (; i < limit && !done; ++i) {
    std::string_view full = r.lines[i].text;
    if (i == start.line) full = full.substr(start.offset);
    const std::int64_t number = r.lines[i].number;
    if (is_blank(full)) {
      blank_before = true;
      // A blank line ends a field, unless the subject stopped mid-phrase
      // (double-spaced records: "... GOVERNOR,\n\nCOUNTERNARCOTICS ...").
      if (field == Field::kSubject && subject_continues(subject)) continue;
      if (field == Field::kSubject || field == Field::kClassifiedBy || field == Field::kTags) {
        field = Field::kNone;
      }
      continue;
    }
    segments.clear();
    if (i == start.line) {
      // The classification line, and whatever was glued after its serial.
      std::optional<ClassificationLine> cl = detail::parse_classification_line(full, 0);
      if (cl) {
        r.class_line = cl;
        for (std::string& cap : cl->captions) r.text_captions.push_back(cap);
        if (cl->rest < full.size()) cut_glued(text::trim(full.substr(cl->rest)), number, segments);
      } else {
        cut_glued(full, number, segments);
      }
    } else {
      // A paragraph ends the head: no need to look for glued fields in it.
      if (std::optional<detail::ParagraphStart> p = detail::match_paragraph_start(text::trim(full));
          p && (p->number == "1" || p->pilcrow || p->marking)) {
        break;
      }
      cut_glued(full, number, segments);
    }

    // By index and by value: a SUBJECT that ran into REF or Classified By
    // appends their segments to this very vector.
    for (std::size_t n = 0; n < segments.size(); ++n) {
      const Segment seg = segments[n];
      std::string_view t = text::trim(seg.text);
      while (!t.empty() && t.back() == '\\') t = text::trim_right(t.substr(0, t.size() - 1));
      // Printed records: a page header, and the page's classification
      // footer at the end of the line above it ("HARARE 5346  CONFIDENTIAL").
      if (const std::size_t ph = detail::page_header_length(t); ph > 0) {
        t = text::trim(t.substr(ph));
        if (field == Field::kRef) strip_page_footer(refs);
      }
      if (t.empty()) continue;
      // The first paragraph ends the head.
      if (std::optional<detail::ParagraphStart> p = detail::match_paragraph_start(t)) {
        if (p->number == "1" || p->pilcrow || p->marking) {
          done = true;
          break;
        }
      }
      if (is_summary_heading(t) && field != Field::kSubject) {
        done = true;
        break;
      }
      if (std::optional<std::vector<std::string>> caps = detail::caption_line(t)) {
        for (std::string& cap : *caps) r.text_captions.push_back(std::move(cap));
        field = Field::kNone;
        continue;
      }
      if (std::size_t body = detail::eo_line_body(t); body != npos) {
        if (!c.declassify_on) c.declassify_on = detail::parse_decl_date(t.substr(body));
        field = Field::kNone;
        continue;
      }
      if (text::istarts_with(t, "DECL:") || text::istarts_with(t, "DECL ")) {
        // "E.O. 12958:" wrapped before its DECL.
        if (!c.declassify_on) c.declassify_on = detail::parse_decl_date(t);
        field = Field::kNone;
        continue;
      }
      if (starts_with_word(t, "TAGS") || text::istarts_with(t, "TAGS:") ||
          starts_with_word(t, "TAG") || text::istarts_with(t, "TAG:")) {
        std::size_t k = 3;
        if (k < t.size() && (t[k] == 'S' || t[k] == 's')) ++k;
        if (k < t.size() && t[k] == ':') ++k;
        if (c.tags.empty()) {
          c.tags = detail::parse_tags(t.substr(k));
          field = Field::kTags;
        }
        continue;
      }
      if (text::istarts_with(t, "SUBJECT") || text::istarts_with(t, "SUBJ:")) {
        std::size_t k = text::istarts_with(t, "SUBJECT") ? 7 : 4;
        if (k < t.size() && t[k] != ':' && t[k] != ' ' && t[k] != '.') {
          // "SUBJECTIVE ..." is text.
        } else {
          while (k < t.size() && (t[k] == ':' || t[k] == ' ' || t[k] == '.')) ++k;
          if (subject.empty()) {
            // In garbled records SUBJECT runs into REF or Classified By.
            std::string_view s = t.substr(k);
            for (std::string_view key : {"REF:", "Ref:", "Classified By", "CLASSIFIED BY"}) {
              std::size_t p = s.find(key);
              if (p != npos && p > 0) {
                segments.push_back({s.substr(p), seg.line});
                s = text::trim_right(s.substr(0, p));
              }
            }
            subject = std::string(s);
            field = Field::kSubject;
          }
          continue;
        }
      }
      if (text::istarts_with(t, "REF:") || text::istarts_with(t, "REFS:") ||
          text::istarts_with(t, "REF(S):") || text::istarts_with(t, "REFS ") ||
          text::istarts_with(t, "REF ") || text::istarts_with(t, "REFTEL:") ||
          text::istarts_with(t, "REF. ") || text::istarts_with(t, "REFS. ")) {
        std::size_t k = t.find_first_of(":. ");
        k = k == npos ? t.size() : k + 1;
        if (!refs.empty()) refs += '\n';
        refs += t.substr(k);
        field = Field::kRef;
        continue;
      }
      if (text::istarts_with(t, "CLASSIFIED BY") || text::istarts_with(t, "Classified by")) {
        std::size_t k = 13;
        while (k < t.size() && (t[k] == ':' || t[k] == ' ')) ++k;
        classified = std::string(t.substr(k));
        field = Field::kClassifiedBy;
        continue;
      }
      // Continuation lines of the field in progress.
      if (field == Field::kSubject) {
        subject += ' ';
        subject += t;
        continue;
      }
      if (field == Field::kClassifiedBy) {
        classified += '\n';
        classified += t;
        continue;
      }
      if (field == Field::kTags && !blank_before && t.size() < 60 &&
          std::all_of(t.begin(), t.end(), [](char ch) {
            return is_upper(ch) || ch == ' ' || ch == ',' || ch == '-' || is_digit(ch);
          })) {
        for (std::string& tag : detail::parse_tags(t)) {
          if (std::find(c.tags.begin(), c.tags.end(), tag) == c.tags.end())
            c.tags.push_back(std::move(tag));
        }
        continue;
      }
      if (field == Field::kRef && (!blank_before || refs.empty())) {
        refs += '\n';
        refs += t;
        continue;
      }
      if (field == Field::kRef) {
        // After a blank line the block goes on only with the next bullet.
        char letter = 0;
        std::string_view u = t;
        if (u.starts_with("\xC2\xB6")) u.remove_prefix(2);
        if (u.size() > 2 && text::is_alpha(u[0]) && (u[1] == '.' || u[1] == ')')) letter = u[0];
        if (letter != 0) {
          refs += '\n';
          refs += t;
          continue;
        }
      }
      // "Classified By: POLITICAL COUNSELOR X.\n\nREASONS: 1.4 (B)(D)": the
      // reasons may stand apart after a blank line.
      if (!classified.empty() && detail::parse_reasons(classified).empty() &&
          (text::istarts_with(t, "REASON") || t.starts_with("1.4") || t.starts_with("1.5"))) {
        classified += '\n';
        classified += t;
        field = Field::kClassifiedBy;
        continue;
      }
      // Free text: before the subject, a passing line ("DEPT FOR EUR/RUS")
      // that stays in the body only. After it, the body has begun unless a
      // Classified By line still follows before the first paragraph.
      field = Field::kNone;
      if (!classified.empty() || (!subject.empty() && !classified_by_follows(r, i + 1))) {
        done = true;
        break;
      }
    }
    blank_before = false;
    if (done) break;
  }

  if (!subject.empty()) c.subject = text::squeeze_spaces(subject);
  if (!classified.empty()) {
    std::string name = detail::classifier_name(classified);
    if (!name.empty()) c.classified_by = std::move(name);
    c.reasons = detail::parse_reasons(classified);
  }
  if (!refs.empty()) {
    detail::CitingCable citing;
    citing.year = r.year;
    if (r.class_line && !r.class_line->post.empty()) {
      citing.station = detail::station_code(r.class_line->post);
      try {
        citing.serial = std::stol(r.class_line->serial.substr(0, 9));
      } catch (...) {
        citing.serial = 0;
      }
    }
    c.references = detail::parse_references(refs, citing);
  }
  return i;
}

}  // namespace chancery::parse::reader
