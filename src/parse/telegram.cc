// The telegram reader: transport header, then the text (format §0-§4).
//
// The reader walks the lines once for the header, once over the head of the
// text (classification line to first paragraph) and once over the body,
// building the cleaned body and remembering where each paragraph lies in it.
// Real archives break every rule somewhere (format §8), so each step looks
// for landmarks rather than positions, and what it repairs becomes a warning.
#include "parse/telegram.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.h"
#include "parse/lines.h"
#include "parse/telegram_internal.h"

namespace chancery::parse {
namespace {

using detail::ClassificationLine;
using text::is_digit;
using text::is_upper;

constexpr std::size_t npos = std::string_view::npos;

// A piece of a line: most lines are one segment; a line on which the archive
// glued several fields ("000073SIPDISE.O. 12958: ...TAGS: PGOV") is cut into several.
struct Segment {
  std::string_view text;
  std::int64_t line = 0;
};

struct Reader {
  Cable cable;
  std::vector<Line> lines;
  std::optional<detail::Dtg> dtg;
  char fl4_level = 0;  // 'S', 'C', 'U', 'E', 'T' from "ZNY SSSSS"
  std::string prosign;
  std::optional<ClassificationLine> class_line;
  std::vector<std::string> text_captions;
  int year = 0;  // the cable's year: DTG, else the archive's date (for references)

  void warn(std::int64_t line, std::string message) {
    cable.warnings.push_back({static_cast<int>(line), std::move(message)});
  }
  void add_handling(std::string caption) {
    if (std::find(cable.handling.begin(), cable.handling.end(), caption) == cable.handling.end()) {
      cable.handling.push_back(std::move(caption));
    }
  }
};

bool starts_with_word(std::string_view s, std::string_view word) {
  return text::istarts_with(s, word) &&
         (s.size() == word.size() || s[word.size()] == ' ' || s[word.size()] == '\t');
}

// "LOG-00", "AF-00", "/006W": office symbols of a printed distribution block.
bool is_office_symbol(std::string_view t) {
  const std::size_t dash = t.rfind('-');
  if (dash == npos || dash == 0 || dash + 3 != t.size()) return false;
  return is_digit(t[dash + 1]) && is_digit(t[dash + 2]);
}

bool is_distribution_line(std::string_view t) {
  // "INFO  LOG-00   NP-00 ...", continuation lines of symbols, "/006W".
  int symbols = 0;
  std::size_t i = 0;
  while (i < t.size()) {
    while (i < t.size() && t[i] == ' ') ++i;
    std::size_t j = i;
    while (j < t.size() && t[j] != ' ') ++j;
    if (j == i) break;
    std::string_view tok = t.substr(i, j - i);
    if (is_office_symbol(tok)) {
      ++symbols;
    } else if (!(tok[0] == '/' && tok.size() <= 6) && tok != "INFO" && tok != "ACTION" &&
               tok != "ORIGIN") {
      return false;
    }
    i = j;
  }
  return symbols > 0 || (t.size() <= 6 && !t.empty() && t[0] == '/');
}

bool is_routing_token(std::string_view t) {
  if (t.size() < 4 || t.size() > 8) return false;
  return std::all_of(t.begin(), t.end(), [](char c) { return is_upper(c); });
}

// FL2: "PP RUEHBC RUEHDE" (prosign, then routing indicators).
bool is_prosign_line(std::string_view t, std::string* prosign) {
  if (t.size() < 2) return false;
  const std::string_view p = t.substr(0, 2);
  if (p != "ZZ" && p != "OO" && p != "PP" && p != "RR" && p != "NN") return false;
  if (t.size() > 2 && t[2] != ' ') return false;
  std::size_t i = 2;
  while (i < t.size()) {
    while (i < t.size() && t[i] == ' ') ++i;
    std::size_t j = i;
    while (j < t.size() && t[j] != ' ') ++j;
    if (j > i && !is_routing_token(t.substr(i, j - i))) return false;
    i = j;
  }
  *prosign = std::string(p);
  return true;
}

bool is_routing_continuation(std::string_view t) {
  std::size_t i = 0;
  int n = 0;
  while (i < t.size()) {
    while (i < t.size() && t[i] == ' ') ++i;
    std::size_t j = i;
    while (j < t.size() && t[j] != ' ') ++j;
    if (j > i) {
      if (!is_routing_token(t.substr(i, j - i))) return false;
      ++n;
    }
    i = j;
  }
  return n > 0;
}

std::string iso_minute(int y, int mo, int d, int h, int mi) {
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}Z", y, mo, d, h, mi);
}

// Where the text starts: the line and the offset of the classification word.
struct TextStart {
  std::size_t line = npos;
  std::size_t offset = 0;
};

// ---------------------------------------------------------------------------
// Header (format §1): FL1-FL9, printed distribution blocks, wrappers.
// Returns where the text starts (the classification line, or the first line
// that is no header line).
TextStart read_header(Reader& r, std::size_t header_end, bool split_known) {
  enum class Mode { kNone, kRouting, kTo, kInfo, kXmt, kDistribution };
  Mode mode = Mode::kNone;
  bool seen_header = false;
  std::vector<Recipient>* block = nullptr;
  Cable& c = r.cable;

  for (std::size_t i = 0; i < header_end; ++i) {
    std::string_view t = text::trim(r.lines[i].text);
    while (!t.empty() && t.back() == '\\') t = text::trim_right(t.substr(0, t.size() - 1));
    if (t.empty()) continue;

    // Without a known split, the classification line ends the header.
    if (!split_known) {
      if (detail::match_class_word(t, 0)) {
        std::optional<ClassificationLine> cl = detail::parse_classification_line(t, 0);
        // "CONFIDENTIAL     PTQ2529" heads a printed distribution record.
        const bool printed_banner = cl && cl->serial.empty() && t.find("  ") != npos &&
                                    mode == Mode::kNone;
        if (cl && !printed_banner &&
            (mode == Mode::kTo || mode == Mode::kInfo || mode == Mode::kXmt ||
             !cl->post.empty() || t.size() < 40)) {
          return {i, static_cast<std::size_t>(t.data() - r.lines[i].text.data())};
        }
      }
    }

    if (t.starts_with("VZCZC")) {
      c.transmission_id = std::string(t.substr(0, t.find(' ')));
      seen_header = true;
      mode = Mode::kNone;
      continue;
    }
    if (std::string prosign; is_prosign_line(t, &prosign)) {
      r.prosign = prosign;
      seen_header = true;
      mode = Mode::kRouting;
      continue;
    }
    if (mode == Mode::kRouting && is_routing_continuation(t)) continue;
    if (t.starts_with("DE ") && t.find('#') != npos) {
      seen_header = true;
      mode = Mode::kNone;
      continue;
    }
    if ((t.starts_with("ZNY ") || t.starts_with("ZNR ")) && t.size() >= 9) {
      const char l = t[4];
      if (t.substr(4, 5) == std::string(5, l)) r.fl4_level = l;
      seen_header = true;
      mode = Mode::kNone;
      continue;
    }
    if (std::optional<detail::Dtg> dtg = detail::parse_dtg_line(t)) {
      if (!r.dtg) r.dtg = dtg;
      seen_header = true;
      mode = Mode::kNone;
      continue;
    }
    if (starts_with_word(t, "FM")) {
      c.from = text::squeeze_spaces(t.substr(3));
      seen_header = true;
      mode = Mode::kNone;
      continue;
    }
    if (starts_with_word(t, "TO") || starts_with_word(t, "INFO") || starts_with_word(t, "XMT")) {
      const bool info = starts_with_word(t, "INFO");
      if (info && is_distribution_line(t)) {
        mode = Mode::kDistribution;
        continue;
      }
      seen_header = true;
      // The keyword ends at a space or a tab (starts_with_word).
      const std::size_t gap = t.find_first_of(" \t");
      std::string_view rest = text::trim(t.substr(gap == npos ? t.size() : gap));
      if (starts_with_word(t, "XMT")) {
        mode = Mode::kXmt;
        if (!rest.empty() && block != nullptr) {
          // XMT applies to a collective: the last one of the block it
          // follows, else the last one of the other block.
          Recipient* target = nullptr;
          for (std::vector<Recipient>* b : {block, block == &c.info ? &c.to : &c.info}) {
            for (Recipient& rc : *b) {
              if (rc.name.find("COLLECTIVE") != npos) target = &rc;
            }
            if (target != nullptr) break;
          }
          if (target == nullptr && !block->empty()) target = &block->back();
          std::string name = text::squeeze_spaces(rest);
          if (target != nullptr &&
              std::find(target->excluded.begin(), target->excluded.end(), name) ==
                  target->excluded.end()) {
            target->excluded.push_back(std::move(name));
          }
        }
        continue;
      }
      mode = info ? Mode::kInfo : Mode::kTo;
      block = info ? &c.info : &c.to;
      if (!rest.empty()) t = rest;
      else continue;
    } else if (starts_with_word(t, "ACTION") || starts_with_word(t, "ORIGIN")) {
      if (is_distribution_line(t)) {
        mode = Mode::kDistribution;
        continue;
      }
    } else if (mode == Mode::kDistribution && is_distribution_line(t)) {
      continue;
    } else if (mode == Mode::kXmt) {
      // The same PLAD repeated under XMT is no addressee.
      if (block != nullptr) {
        for (Recipient& rc : *block) {
          std::string name = text::squeeze_spaces(t);
          if (std::find(rc.excluded.begin(), rc.excluded.end(), name) != rc.excluded.end()) {
            name.clear();
          }
          if (name.empty()) break;
        }
      }
      continue;
    } else if (mode != Mode::kTo && mode != Mode::kInfo) {
      // Wrapper and printed-record lines ("This record is a partial extract",
      // "PAGE 01 ...", rule lines, e-mail headers): not addressees, not text.
      if (!split_known && seen_header && (c.from || !c.to.empty())) {
        // Free text after the addresses: the text starts here without a
        // classification line.
        return {i, static_cast<std::size_t>(t.data() - r.lines[i].text.data())};
      }
      continue;
    }

    // An addressee line. The archive sometimes lost the line break after the
    // last addressee, so the classification line runs into it
    // ("RHMFISS/HQ USEUCOM VAIHINGEN GES e c r e t section 01 of 04").
    if (std::optional<detail::ClassWord> w = detail::find_spaced_class_word(t)) {
      const std::size_t base = static_cast<std::size_t>(t.data() - r.lines[i].text.data());
      std::string_view before = text::trim(t.substr(0, w->begin));
      if (!before.empty()) block->push_back(detail::parse_addressee(before));
      r.warn(r.lines[i].number, "classification line ran into the last addressee; split");
      return {i, base + w->begin};
    }
    if (!split_known && (detail::eo_line_body(t) != npos || text::istarts_with(t, "TAGS") ||
                         text::istarts_with(t, "SUBJECT") || detail::caption_line(t))) {
      return {i, static_cast<std::size_t>(t.data() - r.lines[i].text.data())};
    }
    if (block != nullptr) block->push_back(detail::parse_addressee(t));
  }
  return {header_end, 0};
}

// ---------------------------------------------------------------------------
// Finding the classification line in a text part that may open with wrapper
// noise ("Friday, 24 July 2009, 16:08", "ID:248885 Cable dated:...").
TextStart find_class_line(const Reader& r, std::size_t from) {
  // A line with the class word, post and serial wins; a bare class word
  // ("SECRET//NOFORN" of a metadata copy) is taken only when no such line
  // comes before the text's first fields.
  const std::size_t limit = std::min(r.lines.size(), from + 80);
  TextStart weak{npos, 0};
  for (std::size_t i = from; i < limit; ++i) {
    std::string_view t = r.lines[i].text;
    const std::size_t pos = detail::find_classification_start(t);
    if (pos != npos) {
      if (std::optional<ClassificationLine> cl = detail::parse_classification_line(t, pos)) {
        if (!cl->serial.empty()) return {i, pos};
        if (weak.line == npos && (i == from || text::trim(t).size() < 40)) weak = {i, pos};
        continue;
      }
    }
    if (weak.line != npos) {
      std::string_view u = text::trim(t);
      if (detail::eo_line_body(u) != npos || text::istarts_with(u, "TAGS") ||
          text::istarts_with(u, "SUBJECT") || detail::match_paragraph_start(u)) {
        break;
      }
    }
  }
  return weak;
}

// ---------------------------------------------------------------------------
// Head of the text: classification line, captions, E.O., TAGS, SUBJECT, REF,
// Classified By (format §4.1-§4.8). Returns the index of the first body line
// after the head.

// Cuts a head line where the archive glued fields together.
void cut_glued(std::string_view t, std::int64_t line, std::vector<Segment>& out) {
  // Glued without a space: "000073SIPDIS", "SIPDISE.O.", "2020/02/16TAGS:".
  static constexpr std::string_view kGlued[] = {"SIPDIS", "E.O. 1", "EO 1", "E.O.1", "TAGS:",
                                                "TAGS ",  "SUBJECT:", "SUBJ:", "REF:", "REFS:",
                                                "Classified By", "CLASSIFIED BY"};
  // After a space, only labels that cannot be ordinary words: "DEPT FOR
  // WHA/BSC E.O. 12958: ...", "DECL: 12/17/2014 TAGS: EAIR", "SUBJECT: ... REF: ...".
  static constexpr std::string_view kSpaced[] = {"E.O. 1", "E.O.1", "TAGS:", "Tags:", "SUBJECT:",
                                                 "Subject:", "REF:", "Ref:", "REFS:", "Refs:",
                                                 "Classified By:", "CLASSIFIED BY:",
                                                 "Classified by:"};
  std::size_t start = 0;
  for (std::size_t i = 1; i < t.size(); ++i) {
    const char prev = t[i - 1];
    const char c = t[i];
    if (c != 'S' && c != 'E' && c != 'T' && c != 'R' && c != 'C') continue;
    bool cut = false;
    if (prev == ' ' || prev == '\t') {
      for (std::string_view key : kSpaced) {
        if (key[0] == c && t.compare(i, key.size(), key) == 0 && i > start + 1) {
          cut = true;
          break;
        }
      }
    } else {
      for (std::string_view key : kGlued) {
        if (key[0] != c || t.compare(i, key.size(), key) != 0) continue;
        // Words that merely contain a key ("NOTAGS") are ruled out by
        // requiring a digit, a dot or a caption before it, except for
        // SIPDIS, which nothing else spells.
        const bool after_digit = is_digit(prev) || prev == '.' || prev == ')' ||
                                 key.starts_with("E.O.");
        const bool after_sipdis = i >= 6 && t.compare(i - 6, 6, "SIPDIS") == 0;
        if (!(after_digit || after_sipdis || key == "SIPDIS")) continue;
        if (key == "SIPDIS" && text::is_alpha(prev) && !after_sipdis && !is_upper(prev)) continue;
        cut = true;
        break;
      }
    }
    if (cut) {
      out.push_back({t.substr(start, i - start), line});
      start = i;
    }
  }
  out.push_back({t.substr(start), line});
}

bool is_summary_heading(std::string_view t) {
  t = text::trim(t);
  while (!t.empty() && (t.back() == ':' || t.back() == '.' || t.back() == '-')) t.remove_suffix(1);
  t = text::trim(t);
  return text::iequals(t, "SUMMARY") || text::iequals(t, "SUMMARY AND COMMENT") ||
         text::iequals(t, "BEGIN SUMMARY") || text::iequals(t, "EXECUTIVE SUMMARY");
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

std::size_t read_head(Reader& r, TextStart start) {
  Cable& c = r.cable;
  std::string subject, refs, classified;
  std::int64_t subject_line = 0;
  Field field = Field::kNone;
  bool blank_before = false;
  std::size_t i = start.line;
  const std::size_t limit = std::min(r.lines.size(), start.line + 120);
  bool done = false;

  for (; i < limit && !done; ++i) {
    std::string_view full = r.lines[i].text;
    if (i == start.line) full = full.substr(start.offset);
    const std::int64_t number = r.lines[i].number;
    if (is_blank(full)) {
      blank_before = true;
      if (field == Field::kSubject || field == Field::kClassifiedBy || field == Field::kTags) {
        field = Field::kNone;
      }
      continue;
    }
    std::vector<Segment> segments;
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

    for (const Segment& seg : segments) {
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
            subject_line = seg.line;
            field = Field::kSubject;
          }
          continue;
        }
      }
      if (text::istarts_with(t, "REF:") || text::istarts_with(t, "REFS:") ||
          text::istarts_with(t, "REF(S):") || text::istarts_with(t, "REFS ") ||
          text::istarts_with(t, "REF ") || text::istarts_with(t, "REFTEL:")) {
        const std::size_t colon = t.find(':');
        std::size_t k = colon != npos && colon < 8 ? colon + 1 : t.find(' ') + 1;
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
          if (std::find(c.tags.begin(), c.tags.end(), tag) == c.tags.end()) c.tags.push_back(std::move(tag));
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
      // Free text: after the subject it is the body; before it, a passing
      // line ("DEPT FOR EUR/RUS") that stays in the body only.
      field = Field::kNone;
      if (!subject.empty() || !classified.empty()) {
        done = true;
        break;
      }
    }
    blank_before = false;
    if (done) break;
  }

  if (!subject.empty()) c.subject = text::squeeze_spaces(subject);
  (void)subject_line;
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

// Strips a heading block ("-----\nnext steps\n-----") that trails a
// paragraph's text: it belongs to the body, not to the paragraph before it.
std::string_view strip_trailing_heading(std::string_view p) {
  p = text::trim_right(p);
  while (true) {
    const std::size_t blank = p.rfind("\n\n");
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
      if (is_rule(l)) has_rule = true;
      else if (text::trim(l).size() > 80) short_lines = false;
      ++n;
      i = nl + 1;
    }
    if (!(has_rule && short_lines && n <= 4) &&
        !(n == 1 && is_summary_heading(tail))) {
      return p;
    }
    p = text::trim_right(p.substr(0, blank));
  }
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
  const std::size_t end_marker = text::ifind(b, "END SUMMARY");
  // The start marker: the first "SUMMARY" word at a line or paragraph start,
  // or after "BEGIN".
  std::size_t start = npos;
  std::size_t i = 0;
  while (true) {
    std::size_t p = text::ifind(b, "SUMMARY", i);
    if (p == npos || (end_marker != npos && p >= end_marker)) break;
    i = p + 7;
    if (p + 7 < b.size() && text::is_alpha(b[p + 7])) continue;  // SUMMARYS
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
    break;
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
  while (!t.empty() && (t.back() == '(' || t.back() == '-')) t = text::trim_right(t.substr(0, t.size() - 1));
  if (t.empty()) return std::nullopt;
  return std::string(t);
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
  for (std::string_view no : {"NNNN", "BT", "END", "SIPDIS", "NOFORN", "UNCLAS", "SECRET",
                              "CONFIDENTIAL", "UNCLASSIFIED", "END TEXT", "END CABLE",
                              "SENSITIVE", "CABLE ENDS"}) {
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
      p.text = std::string(strip_trailing_heading(std::string_view(body).substr(s.begin, s.end - s.begin)));
    }
    c.paragraphs.push_back(std::move(p));
  }
  c.summary = find_summary(body, head_end_offset, spans);
}

// ---------------------------------------------------------------------------
// Putting the record together.

void settle_classification(Reader& r, const ArchiveMetadata& meta) {
  Cable& c = r.cable;
  for (std::string& cap : r.text_captions) r.add_handling(std::move(cap));
  std::optional<std::string> level;
  if (r.class_line) {
    level = r.class_line->level;
    if (r.class_line->efto) r.add_handling("EFTO");
  } else {
    switch (r.fl4_level) {
      case 'S': level = "SECRET"; break;
      case 'C': level = "CONFIDENTIAL"; break;
      case 'U': level = "UNCLASSIFIED"; break;
      case 'E': level = "UNCLASSIFIED"; r.add_handling("EFTO"); break;
      case 'T': level = "TOP SECRET"; break;
      default: break;
    }
  }
  if (level == "UNCLASSIFIED") {
    const auto& h = c.handling;
    for (std::string_view fouo : {"SENSITIVE", "SENSITIVE BUT UNCLASSIFIED", "FOR OFFICIAL USE ONLY", "EFTO"}) {
      if (std::find(h.begin(), h.end(), fouo) != h.end()) level = "UNCLASSIFIED//FOR OFFICIAL USE ONLY";
    }
  }
  if (meta.classification) {
    // The archive's label is the authority for the archived cable; its
    // caveats ("SECRET//NOFORN") are handling captions.
    std::string_view label = *meta.classification;
    std::string archive_level;
    if (label.starts_with("UNCLASSIFIED//FOR OFFICIAL USE ONLY")) {
      archive_level = "UNCLASSIFIED//FOR OFFICIAL USE ONLY";
    } else {
      const std::size_t sep = label.find("//");
      archive_level = text::upper(text::trim(label.substr(0, sep)));
      while (sep != npos && sep < label.size()) {
        std::size_t next = label.find("//", sep + 2);
        std::string cav = text::upper(text::trim(label.substr(sep + 2, next == npos ? npos : next - sep - 2)));
        if (!cav.empty()) r.add_handling(std::move(cav));
        if (next == npos) break;
        label = label.substr(next);
      }
    }
    auto rank = [](std::string_view l) {
      if (l.starts_with("UNCLASSIFIED")) return 0;
      if (l == "CONFIDENTIAL") return 2;
      if (l == "SECRET") return 3;
      if (l == "TOP SECRET") return 4;
      return -1;
    };
    if (level && rank(*level) != rank(archive_level)) {
      r.warn(0, fmt::format("text says {}, archive says {}; the archive's label is used", *level,
                            archive_level));
    }
    level = archive_level;
  }
  c.classification = level;
}

}  // namespace

bool looks_like_telegram(std::string_view s) {
  std::vector<Line> lines;
  split_lines(s.substr(0, std::min<std::size_t>(s.size(), 64 * 1024)), 1, lines);
  for (const Line& l : lines) {
    std::string_view t = text::trim(l.text);
    if (t.starts_with("VZCZC") || t.starts_with("DE RUE") || starts_with_word(t, "FM") ||
        starts_with_word(t, "TO") || text::istarts_with(t, "TAGS") ||
        text::istarts_with(t, "SUBJECT") || detail::eo_line_body(t) != npos ||
        detail::parse_dtg_line(t) || detail::find_classification_start(t) != npos) {
      return true;
    }
  }
  return false;
}

Cable read_telegram_text(const TelegramText& input, const ArchiveMetadata& meta) {
  Reader r;
  r.lines.reserve(input.text.size() / 40 + input.header.size() / 30 + 8);
  split_lines(input.header, input.header_line, r.lines);
  const std::size_t header_count = r.lines.size();
  split_lines(input.text, input.text_line, r.lines);
  Cable& c = r.cable;

  TextStart start;
  if (input.split_known) {
    read_header(r, header_count, true);
    start = find_class_line(r, header_count);
    if (start.line == npos) {
      start = {header_count, 0};
      if (header_count < r.lines.size()) {
        r.warn(r.lines[header_count].number, "no classification line");
      }
    } else if (start.line > header_count) {
      r.warn(r.lines[header_count].number,
             fmt::format("{} line(s) before the classification line are not part of the text",
                         start.line - header_count));
    }
  } else {
    start = read_header(r, r.lines.size(), false);
    // The header ran out without a classification line: look again below
    // it, in case the text opens with noise.
    if (start.line >= r.lines.size() || !detail::match_class_word(r.lines[start.line].text.substr(start.offset), 0)) {
      const std::size_t from = start.line >= r.lines.size() ? 0 : start.line;
      TextStart found = find_class_line(r, from);
      if (found.line != npos) start = found;
      else if (start.line >= r.lines.size()) start = {0, 0};
    }
  }

  if (r.dtg) {
    r.year = r.dtg->year;
  } else if (meta.created && meta.created->size() >= 4 && is_digit((*meta.created)[0])) {
    r.year = std::stoi(meta.created->substr(0, 4));
  }
  std::size_t head_end = start.line;
  if (start.line < r.lines.size()) head_end = read_head(r, start);
  if (start.line < r.lines.size()) read_body(r, start, head_end);

  // Dates, precedence, id, origin.
  if (r.dtg) {
    c.created = iso_minute(r.dtg->year, r.dtg->month, r.dtg->day, r.dtg->hour, r.dtg->minute);
  } else {
    c.created = meta.created;
  }
  int best = 0;
  auto consider = [&](std::string_view p) {
    const int rank = detail::precedence_rank(p);
    if (rank > best) {
      best = rank;
      c.precedence = std::string(p == "NIACT IMMEDIATE" ? "IMMEDIATE" : p);
    }
  };
  if (r.dtg) {
    for (char l : r.dtg->letters) {
      if (std::optional<std::string_view> p = detail::precedence_from_letter(l)) consider(*p);
    }
  }
  if (!r.prosign.empty()) {
    if (std::optional<std::string_view> p = detail::precedence_from_letter(
            r.prosign[0] == 'N' ? 'O' : r.prosign[0] == 'Z' ? 'Z' : r.prosign[0])) {
      consider(*p);
    }
  }
  for (const Recipient& rc : c.to) {
    if (rc.precedence) consider(*rc.precedence);
  }
  for (const Recipient& rc : c.info) {
    if (rc.precedence) consider(*rc.precedence);
  }

  if (r.class_line && r.class_line->sections > 0) c.sections = r.class_line->sections;

  settle_classification(r, meta);

  std::optional<std::string> text_id;
  if (r.class_line && !r.class_line->post.empty() && r.class_line->serial.size() <= 7) {
    std::string_view serial = r.class_line->serial;
    while (serial.size() > 1 && serial[0] == '0') serial.remove_prefix(1);
    int year = r.dtg ? r.dtg->year : 0;
    if (year == 0 && c.created && c.created->size() >= 4) year = std::stoi(c.created->substr(0, 4));
    if (year != 0 && serial != "0") {
      text_id = fmt::format("{:02}{}{}", year % 100, detail::station_code(r.class_line->post), serial);
    }
  }
  c.id = meta.id ? meta.id : text_id;
  if (meta.origin) {
    c.origin = meta.origin;
  } else if (c.from) {
    c.origin = detail::origin_for_from(*c.from);
  }
  if (!c.origin && r.class_line && !r.class_line->post.empty()) {
    c.origin = detail::origin_for_station(detail::station_code(r.class_line->post));
  }
  c.released = meta.released;
  if (!r.dtg && !meta.created) r.warn(0, "no date-time group and no archive date");
  std::stable_sort(c.warnings.begin(), c.warnings.end(),
                   [](const Warning& a, const Warning& b) { return a.line < b.line; });
  return c;
}

}  // namespace chancery::parse
