// The telegram reader: transport header, then the text (format §0-§4).
//
// The reader walks the lines once for the header, once over the head of the
// text (classification line to first paragraph) and once over the body,
// building the cleaned body and remembering where each paragraph lies in it.
// Real archives break every rule somewhere (format §8), so each step looks
// for landmarks rather than positions, and what it repairs becomes a warning.
#include "parse/telegram.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/text.h"
#include "parse/lines.h"
#include "parse/telegram_internal.h"
#include "parse/telegram_reader.h"

namespace chancery::parse {
namespace {

using detail::ClassificationLine;
using reader::npos;
using reader::Reader;
using reader::starts_with_word;
using reader::TextStart;
using text::is_digit;

std::string iso_minute(int y, int mo, int d, int h, int mi) {
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}Z", y, mo, d, h, mi);
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
      case 'S':
        level = "SECRET";
        break;
      case 'C':
        level = "CONFIDENTIAL";
        break;
      case 'U':
        level = "UNCLASSIFIED";
        break;
      case 'E':
        level = "UNCLASSIFIED";
        r.add_handling("EFTO");
        break;
      case 'T':
        level = "TOP SECRET";
        break;
      default:
        break;
    }
  }
  if (level == "UNCLASSIFIED") {
    const auto& h = c.handling;
    for (std::string_view fouo :
         {"SENSITIVE", "SENSITIVE BUT UNCLASSIFIED", "FOR OFFICIAL USE ONLY", "EFTO"}) {
      if (std::find(h.begin(), h.end(), fouo) != h.end())
        level = "UNCLASSIFIED//FOR OFFICIAL USE ONLY";
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
        std::string cav =
            text::upper(text::trim(label.substr(sep + 2, next == npos ? npos : next - sep - 2)));
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

// How much of the head a reading found: the fields the text states.
int head_score(const Cable& c) {
  return c.subject.has_value() + !c.tags.empty() + c.classified_by.has_value() +
         !c.reasons.empty() + !c.references.empty() + c.declassify_on.has_value();
}

// Some archive records open with a copy of the cable that breaks off ("REF:
// A. ... B....", then the archive's own metadata lines) and then hold the
// whole cable; others repeat a complete opening in a degraded form. When the
// same classification line comes again before any paragraph after a line that
// breaks off with "...", both openings are read and the one that yields more
// of the head wins.
TextStart choose_opening(const Reader& r, TextStart start) {
  if (start.line >= r.lines.size()) return start;
  const std::string_view first = r.lines[start.line].text.substr(start.offset);
  const std::optional<ClassificationLine> cl = detail::parse_classification_line(first, 0);
  if (!cl || cl->serial.empty() || cl->section > 1) return start;
  const std::size_t limit = std::min(r.lines.size(), start.line + 150);
  bool broken_off = false;
  for (std::size_t i = start.line + 1; i < limit; ++i) {
    const std::string_view t = text::trim(r.lines[i].text);
    if (t.ends_with("...")) broken_off = true;
    if (std::optional<detail::ParagraphStart> p = detail::match_paragraph_start(t);
        p && (p->number == "1" || p->pilcrow || p->marking)) {
      return start;
    }
    if (!broken_off || t.empty() || !detail::match_class_word(t, 0)) continue;
    const std::optional<ClassificationLine> again = detail::parse_classification_line(t, 0);
    if (!again || again->level != cl->level || again->post != cl->post ||
        again->serial != cl->serial || again->section > 1) {
      continue;
    }
    const TextStart second{i, static_cast<std::size_t>(t.data() - r.lines[i].text.data())};
    Reader a = r;
    Reader b = r;
    reader::read_head(a, start);
    reader::read_head(b, second);
    return head_score(b.cable) > head_score(a.cable) ? second : start;
  }
  return start;
}

}  // namespace

bool looks_like_telegram(std::string_view s) {
  // Line by line, stopping at the first landmark (usually line 1), over at
  // most the first 64 KiB.
  s = s.substr(0, std::min<std::size_t>(s.size(), 64 * 1024));
  while (!s.empty()) {
    const std::size_t nl = s.find('\n');
    const std::string_view t = text::trim(s.substr(0, nl));
    s = nl == npos ? std::string_view() : s.substr(nl + 1);
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
  // Archived lines average 40-70 bytes; reserving for 30 avoids regrowing.
  r.lines.reserve(input.text.size() / 30 + input.header.size() / 20 + 16);
  split_lines(input.header, input.header_line, r.lines);
  const std::size_t header_count = r.lines.size();
  split_lines(input.text, input.text_line, r.lines);
  // The end of transmission, "BT" then "NNNN" on lines of their own (format
  // §1.9; "Nnnn" in re-cased copies), is no text: a composer emits it, the
  // archive mostly stripped it.
  while (r.lines.size() > header_count) {
    const std::string_view t = text::trim(r.lines.back().text);
    if (!t.empty() && !text::iequals(t, "BT") && !text::iequals(t, "NNNN")) break;
    r.lines.pop_back();
  }
  Cable& c = r.cable;

  TextStart start;
  if (input.split_known) {
    reader::read_header(r, header_count, true);
    start = reader::find_class_line(r, header_count);
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
    start = reader::read_header(r, r.lines.size(), false);
    // The header ran out without a classification line: look again below
    // it, in case the text opens with noise.
    if (start.line >= r.lines.size() ||
        !detail::match_class_word(r.lines[start.line].text.substr(start.offset), 0)) {
      const std::size_t from = start.line >= r.lines.size() ? 0 : start.line;
      TextStart found = reader::find_class_line(r, from);
      if (found.line != npos)
        start = found;
      else if (start.line >= r.lines.size())
        start = {0, 0};
    }
  }

  if (r.dtg) {
    r.year = r.dtg->year;
  } else if (meta.created && meta.created->size() >= 4 && is_digit((*meta.created)[0])) {
    r.year = std::stoi(meta.created->substr(0, 4));
  }
  if (const TextStart chosen = choose_opening(r, start); chosen.line != start.line) {
    r.warn(r.lines[chosen.line].number,
           "the text opens twice and the first copy breaks off; read from this second copy "
           "(the first is kept in raw)");
    start = chosen;
  }
  std::size_t head_end = start.line;
  if (start.line < r.lines.size()) head_end = reader::read_head(r, start);
  if (start.line < r.lines.size()) reader::read_body(r, start, head_end);

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
    if (std::optional<std::string_view> p =
            detail::precedence_from_letter(r.prosign[0] == 'N'   ? 'O'
                                           : r.prosign[0] == 'Z' ? 'Z'
                                                                 : r.prosign[0])) {
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
    if (year == 0 && c.created && c.created->size() >= 4 && is_digit((*c.created)[0])) {
      year = std::stoi(c.created->substr(0, 4));
    }
    if (year != 0 && serial != "0") {
      text_id =
          fmt::format("{:02}{}{}", year % 100, detail::station_code(r.class_line->post), serial);
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
