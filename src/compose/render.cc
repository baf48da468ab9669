// Rendering a numbered draft as the complete telegram (compose.h,
// docs/telegram-format.md sections 1-4 and 9).
//
// The output must read back through the archive's telegram reader
// (parse::read_telegram) into the draft's record, so every choice below is
// one the reader understands: a spaced classification line, one caption per
// line, lettered REF entries, "N. (M) text" paragraphs, and wrapped lines that
// never open like a field, a paragraph or a page header (reader_view.h).
#include <algorithm>
#include <array>
#include <cstdio>

#include <fmt/format.h>

#include "chancery/compose.h"
#include "compose/reader_view.h"
#include "compose/references.h"
#include "compose/wrap.h"
#include "core/text.h"
#include "parse/lines.h"
#include "parse/telegram_internal.h"

namespace chancery::compose {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                      "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

struct Dtg {
  int year = 2000, month = 1, day = 1, hour = 0, minute = 0;
};

int digits(std::string_view s, std::size_t at, std::size_t n, int fallback) {
  if (at + n > s.size()) return fallback;
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (!text::is_digit(s[i])) return fallback;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// "YYYY-MM-DDTHH:MMZ"; fields that do not read keep 2000-01-01T00:00.
Dtg read_dtg(std::string_view s) {
  Dtg d;
  d.year = digits(s, 0, 4, d.year);
  d.month = std::clamp(digits(s, 5, 2, d.month), 1, 12);
  d.day = std::clamp(digits(s, 8, 2, d.day), 1, 31);
  d.hour = std::clamp(digits(s, 11, 2, d.hour), 0, 23);
  d.minute = std::clamp(digits(s, 14, 2, d.minute), 0, 59);
  return d;
}

int day_of_year(const Dtg& d) {
  static constexpr int kBefore[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  return kBefore[d.month - 1] + d.day + (leap && d.month > 2 ? 1 : 0);
}

// Rank 0 (FLASH) .. 4 (ROUTINE); the reader's spellings ("PIORITY") and
// anything unknown count as what the reader would make of them.
int rank_of(std::string_view precedence) {
  const std::string up = text::upper(text::trim(precedence));
  if (std::optional<int> r = precedence_rank(up)) return *r;
  if (up == "PIORITY") return 3;
  if (up == "IMMED") return 2;
  return 4;
}

char letter_of(int rank) { return "ZOOPR"[std::clamp(rank, 0, 4)]; }

std::string effective_precedence(const Addressee& a, const Draft& d) {
  return a.precedence ? *a.precedence : d.precedence;
}

bool has_caption(const Draft& d, std::string_view caption) {
  return std::any_of(d.captions.begin(), d.captions.end(),
                     [&](const std::string& c) { return text::iequals(text::trim(c), caption); });
}

// The level word of a classification ("SECRET//NOFORN" -> "SECRET").
std::string level_of(std::string_view classification) {
  std::string level = text::upper(text::trim(classification.substr(0, classification.find("//"))));
  if (level == "UNCLAS" || level.empty()) level = "UNCLASSIFIED";
  return level;
}

// The classification word as the terminal prints it (format §4.1).
std::string spaced_level(std::string_view level) {
  if (level == "UNCLASSIFIED") return "UNCLAS";
  std::string out;
  for (char c : level) {
    if (c == ' ') continue;
    if (!out.empty()) out += ' ';
    out += c;
  }
  return out;
}

// FL4 (format §1.4, checklist 4).
std::string fl4(const Draft& d, std::string_view level) {
  if (level == "UNCLASSIFIED") return has_caption(d, "EFTO") ? "ZNY EEEEE ZZH" : "ZNR UUUUU ZZH";
  const char l = level == "TOP SECRET" ? 'T' : level.empty() ? 'U' : level[0];
  return fmt::format("ZNY {} ZZH", std::string(5, l));
}

// "1.4(b)", "1.4(d)", "1.5(c)" -> "1.4(b), (d); 1.5(c)": consecutive letters
// of one section share it; anything not of that form is written as it is.
std::string reasons_text(const std::vector<std::string>& reasons) {
  std::string out;
  std::string section;
  for (const std::string& raw : reasons) {
    const std::string_view r = text::trim(raw);
    const std::size_t open = r.find('(');
    const bool regular = open != std::string_view::npos && r.size() == open + 3 && r.back() == ')';
    const std::string_view sec = regular ? text::trim(r.substr(0, open)) : std::string_view();
    if (regular && sec == section) {
      out += ", ";
      out.append(r.substr(open));
      continue;
    }
    if (!out.empty()) out += "; ";
    if (regular) {
      out.append(sec);
      out.append(r.substr(open));
      section = std::string(sec);
    } else {
      out.append(r);
      section.clear();
    }
  }
  return out;
}

// "2017-02-09" -> "02/09/2017"; "" -> "N/A"; an exemption or other text as given.
std::string decl_text(std::string_view declassify_on) {
  const std::string_view d = text::trim(declassify_on);
  if (d.empty()) return "N/A";
  if (d.size() == 10 && d[4] == '-' && d[7] == '-') {
    return fmt::format("{}/{}/{}", d.substr(5, 2), d.substr(8, 2), d.substr(0, 4));
  }
  return text::upper(d);
}

// The TAGS line(s): "TAGS: PREL, KNNP, IR". Comma-separated, since then the
// reader keeps a tag with a space in it whole ("COUNTER TERRORISM"); a lone
// such tag gets a trailing comma for the same reason. Continuation lines
// (the reader takes a short line of capitals after a TAGS line as more tags)
// end with a comma; when a tag cannot stand on one, the line runs long.
std::vector<std::string> tags_lines(const std::vector<std::string>& tags, std::size_t width) {
  std::string one = "TAGS: ";
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (i > 0) one += ", ";
    one += tags[i];
  }
  const bool lone_spaced = tags.size() == 1 && tags[0].find(' ') != std::string::npos;
  if (lone_spaced) one += ',';
  if (one.size() <= width || tags.size() < 2) return {one};
  auto continuation_ok = [](std::string_view line) {
    if (line.size() >= 60) return false;
    for (char c : line) {
      if (!text::is_upper(c) && c != ' ' && c != ',' && c != '-' && !text::is_digit(c)) return false;
    }
    return !reader_view::head_line_special(line);
  };
  std::vector<std::string> lines{"TAGS:"};
  for (std::size_t i = 0; i < tags.size(); ++i) {
    std::string& cur = lines.back();
    const std::string piece = (cur.ends_with(':') ? " " : cur.empty() ? "" : " ") + tags[i];
    if (cur.size() + piece.size() + 1 > std::min<std::size_t>(width, lines.size() == 1 ? width : 59) &&
        !cur.ends_with(':') && !cur.empty()) {
      lines.push_back(tags[i]);
    } else {
      cur += piece;
    }
    if (i + 1 < tags.size()) lines.back() += ',';
  }
  // The last line needs a comma when it holds one tag with a space in it.
  if (lines.size() > 1 && lines.back().find(',') == std::string::npos) lines.back() += ',';
  for (std::size_t k = 1; k < lines.size(); ++k) {
    if (!continuation_ok(lines[k])) return {one};
  }
  return lines;
}

// A line of the text and whether a page header may go before it: the reader
// drops blank lines around a page header and may add one after it, which is
// harmless between paragraphs and in the head, but at a paragraph's end can
// make its last lines pass for a heading block (reader_view::ends_with_heading).
enum Break : std::uint8_t { kNever, kAllowed, kPreferred };

struct TextLine {
  std::string text;
  Break before = kAllowed;
};

// The reader reads the head (classification line to first paragraph) within
// 120 lines; longer heads (archived REF blocks that swallowed a whole cable)
// are written with their fields unwrapped.
constexpr std::size_t kHeadLines = 100;
constexpr std::size_t kUnwrapped = std::string::npos / 2;

class Renderer {
 public:
  Renderer(const Draft& d, const Numbering& n, const RenderOptions& o)
      : d_(d), n_(n), width_(std::max<std::size_t>(o.width, 20)), per_section_(o.lines_per_section),
        citing_(citing_of(n)) {}

  std::string render() {
    std::vector<TextLine> text = head(width_);
    if (text.size() > kHeadLines) text = head(kUnwrapped);
    summary(text);
    paragraphs(text);
    if (!text::trim(d_.signature).empty()) {
      text.push_back({"", kPreferred});
      text.push_back({std::string(text::trim(d_.signature)), kAllowed});
    }
    const std::vector<std::size_t> starts = section_starts(text);
    std::string out;
    header(out, starts.size());
    out += "BT\n";
    for (std::size_t i = 0, section = 0; i < text.size(); ++i) {
      if (section + 1 < starts.size() && starts[section + 1] == i) {
        ++section;
        out += page_header(section + 1, starts.size());
        out += '\n';
      }
      out += i == 0 ? class_line(starts.size()) : text[i].text;
      out += '\n';
    }
    out += "BT\nNNNN\n";
    return out;
  }

 private:
  // Where each section starts: the first holds lines_per_section lines, each
  // later one a page header and lines_per_section - 1 lines; a break moves up
  // to the nearest paragraph boundary (or, failing one, an allowed line).
  std::vector<std::size_t> section_starts(const std::vector<TextLine>& text) const {
    std::vector<std::size_t> starts{0};
    if (per_section_ < 2) return starts;
    std::size_t start = 0;
    std::size_t room = per_section_;
    while (text.size() - start > room) {
      const std::size_t limit = start + room;
      std::size_t chosen = 0;
      for (Break wanted : {kPreferred, kAllowed}) {
        for (std::size_t b = limit; b > start + 1 && chosen == 0; --b) {
          if (text[b].before >= wanted) chosen = b;
        }
        if (chosen != 0) break;
      }
      if (chosen == 0) chosen = limit;
      starts.push_back(chosen);
      start = chosen;
      room = per_section_ - 1;
    }
    return starts;
  }

  // ---- Header (format §1) --------------------------------------------------
  void header(std::string& out, std::size_t sections) const {
    const Dtg dtg = read_dtg(n_.dtg);
    out += n_.transmission.empty() ? fmt::format("VZCZCXRO{:04}", n_.serial % 10000)
                                   : n_.transmission;
    out += '\n';
    // FL2: the prosign of the highest precedence, then the addressees' RIs.
    int highest = 4, action = -1, info = -1;
    for (const Addressee& a : d_.to) {
      const int r = rank_of(effective_precedence(a, d_));
      highest = std::min(highest, r);
      action = action < 0 ? r : std::min(action, r);
    }
    for (const Addressee& a : d_.info) {
      const int r = rank_of(effective_precedence(a, d_));
      highest = std::min(highest, r);
      info = info < 0 ? r : std::min(info, r);
    }
    if (action < 0 && info < 0) highest = rank_of(d_.precedence);
    std::vector<std::string> routes;
    for (const std::string& r : n_.routes) {
      if (!r.empty() && std::find(routes.begin(), routes.end(), r) == routes.end()) {
        routes.push_back(r);
      }
    }
    std::string line(2, letter_of(highest));
    for (const std::string& r : routes) {
      if (line.size() + 1 + r.size() > width_) {
        out += line;
        out += '\n';
        line.clear();
      }
      if (!line.empty()) line += ' ';
      line += r;
    }
    out += line;
    out += '\n';
    // FL3: station, the serial's last four digits, section, Julian day and time.
    out += "DE ";
    if (!n_.station.empty()) out += n_.station + ' ';
    out += fmt::format("#{:04}", n_.serial % 10000);
    if (sections > 1) out += "/01";
    out += fmt::format(" {:03}{:02}{:02}\n", day_of_year(dtg), dtg.hour, dtg.minute);
    out += fl4(d_, level_of(d_.classification));
    out += '\n';
    // FL5: action precedence first, the information one only when it differs.
    const char a_letter = letter_of(action >= 0 ? action : info >= 0 ? info : highest);
    out += a_letter;
    if (action >= 0 && info >= 0 && letter_of(info) != a_letter) {
      out += ' ';
      out += letter_of(info);
    }
    out += fmt::format(" {:02}{:02}{:02}Z {} {:02}\n", dtg.day, dtg.hour, dtg.minute,
                       kMonths[dtg.month - 1], dtg.year % 100);
    if (!text::trim(d_.from).empty()) out += "FM " + std::string(text::trim(d_.from)) + '\n';
    std::size_t index = 0;
    for (const Addressee& a : d_.to) {
      out += addressee_line(index == 0 ? "TO " : "", a, index);
      ++index;
    }
    const std::size_t info_start = index;
    for (const Addressee& a : d_.info) {
      out += addressee_line(index == info_start ? "INFO " : "", a, index);
      ++index;
    }
    for (const std::string& x : d_.exempt) {
      if (!text::trim(x).empty()) out += "XMT " + std::string(text::trim(x)) + '\n';
    }
  }

  // "RUEHC/SECSTATE WASHDC PRIORITY 9537". An addressee without a precedence
  // of its own is written with the draft's, except ROUTINE, which a line
  // without a word means (format §1.7).
  std::string addressee_line(std::string_view keyword, const Addressee& a, std::size_t index) const {
    std::string line(keyword);
    const std::string route = index < n_.routes.size() ? n_.routes[index] : std::string();
    if (!route.empty()) line += route + '/';
    line += text::squeeze_spaces(a.name);
    if (a.precedence) {
      line += ' ' + *a.precedence;
    } else if (rank_of(d_.precedence) != 4) {
      line += ' ' + d_.precedence;
    }
    if (index < n_.mcns.size() && !n_.mcns[index].empty()) line += ' ' + n_.mcns[index];
    return line + '\n';
  }

  // ---- Text (format §4) ----------------------------------------------------
  std::string class_line(std::size_t sections) const {
    std::string line = spaced_level(level_of(d_.classification));
    if (sections > 1) line += fmt::format(" SECTION {:02} OF {:02}", 1, sections);
    if (!text::trim(n_.post).empty()) {
      line += ' ' + text::upper(text::trim(n_.post));
      line += fmt::format(" {:06}", n_.serial);
    }
    return line;
  }

  std::string page_header(std::size_t page, std::size_t pages) const {
    return fmt::format("{} {:08} {:03} OF {:03}", text::upper(text::trim(n_.post)), n_.serial, page,
                       pages);
  }

  // A field of the head wrapped so that no continuation line reads as
  // anything but more of it; `extra` may veto more lines.
  static void add_head_field(std::vector<TextLine>& out, std::string_view lead, std::string_view text,
                             std::size_t width, const LineCheck& extra = {}) {
    LineCheck check = [&extra](std::string_view line, std::size_t index, bool last) {
      if (index > 0 && reader_view::head_line_special(line)) return false;
      return !extra || extra(line, index, last);
    };
    for (std::string& l : wrap_words(text, lead, width, check)) out.push_back({std::move(l), kAllowed});
  }

  // Classification line to Classified By.
  std::vector<TextLine> head(std::size_t width) const {
    std::vector<TextLine> out;
    out.push_back({class_line(1), kNever});
    // Captions, one per line and in the drafter's order (which the record's
    // handling keeps); a classification's own caveats ("//NOFORN") too.
    std::vector<std::string> captions;
    auto add_caption = [&captions](std::string_view c) {
      std::string up = text::upper(text::trim(c));
      if (!up.empty() && std::find(captions.begin(), captions.end(), up) == captions.end()) {
        captions.push_back(std::move(up));
      }
    };
    for (const std::string& c : d_.captions) add_caption(c);
    const std::string_view classification = d_.classification;
    for (std::size_t sep = classification.find("//"); sep != std::string_view::npos;) {
      const std::size_t next = classification.find("//", sep + 2);
      add_caption(classification.substr(sep + 2, next == std::string_view::npos ? next : next - sep - 2));
      sep = next;
    }
    for (const std::string& c : captions) out.push_back({c, kAllowed});
    for (const std::string& p : d_.passing) {
      if (!text::trim(p).empty()) out.push_back({std::string(text::trim(p)), kAllowed});
    }
    out.push_back({"E.O. 13526: DECL: " + decl_text(d_.declassify_on), kAllowed});
    if (!d_.tags.empty()) {
      for (std::string& l : tags_lines(d_.tags, width_)) out.push_back({std::move(l), kAllowed});
    }
    const std::string subject = text::squeeze_spaces(d_.subject);
    if (!subject.empty()) {
      std::string lead = "SUBJECT: ";
      if (!text::trim(d_.subject_marking).empty()) {
        lead += '(' + text::upper(text::trim(d_.subject_marking)) + ") ";
      }
      add_head_field(out, lead, subject, width);
    }
    references(out, width);
    classified_by(out, width);
    return out;
  }

  // "REF: TEL AVIV 553", or lettered when several: "REF: A. TEL AVIV 553" /
  // "B. TEL AVIV 554", one entry per line.
  void references(std::vector<TextLine>& out, std::size_t width) const {
    std::vector<std::string> texts;
    for (const DraftReference& r : d_.references) {
      std::string t = text::squeeze_spaces(r.text);
      if (!t.empty()) texts.push_back(std::move(t));
    }
    if (texts.empty()) return;
    out.push_back({"", kPreferred});
    const std::vector<char> bullets = reference_bullets(texts, citing_);
    for (std::size_t i = 0; i < texts.size(); ++i) {
      std::string lead = i == 0 ? "REF: " : "";
      if (bullets[i] != 0) lead += fmt::format("{}. ", text::to_upper(bullets[i]));
      const std::string& entry = texts[i];
      if (bullets[i] != 0) {
        add_head_field(out, lead, entry, width);
        continue;
      }
      // Unlettered, a line break after a complete cable reference would cut
      // the entry there: such breaks are taken back.
      std::vector<std::string> lines =
          wrap_words(entry, lead, width, [](std::string_view l, std::size_t index, bool) {
            return index == 0 || !reader_view::head_line_special(l);
          });
      std::string prefix;
      std::vector<std::string> joined;
      for (std::string& l : lines) {
        const std::string_view piece =
            joined.empty() ? std::string_view(l).substr(lead.size()) : std::string_view(l);
        const bool keep_break =
            joined.empty() || !parse::detail::resolve_reference(prefix, citing_);
        if (!prefix.empty()) prefix += ' ';
        prefix.append(piece);
        if (keep_break)
          joined.push_back(std::move(l));
        else
          joined.back() += ' ' + l;
      }
      for (std::string& l : joined) out.push_back({std::move(l), kAllowed});
    }
  }

  // "Classified By: Ambassador Richard H. Jones; Reasons: 1.4(b), (d)".
  void classified_by(std::vector<TextLine>& out, std::size_t width) const {
    const std::string name = text::squeeze_spaces(d_.classified_by);
    const std::string reasons = reasons_text(d_.reasons);
    if (name.empty() && reasons.empty()) return;
    out.push_back({"", kPreferred});
    if (name.empty()) {
      add_head_field(out, "Classified By: ", "Reasons: " + reasons, width);
      return;
    }
    // The reader takes off the front "CLASSIFIED BY" and one "(x)" mark, and
    // trims the name's end where the reason begins: first ". , ; : -", then
    // one trailing "for", "per" or "under" (in that order), then ". , ;"
    // (parse classifier_name). Archived names that start or end so anyway
    // ("Ambassador David Hale for", from a line break before "for reasons")
    // get a front or a connective the reader takes off instead.
    std::string front;
    if (text::istarts_with(name, "CLASSIFIED BY")) front = "CLASSIFIED BY ";
    if (name[0] == '(' && name.find(')') != std::string::npos && name.find(')') <= 6) front += "(U) ";
    bool ragged = std::string_view(".,;:-").find(name.back()) != std::string_view::npos;
    bool late_tail = false;
    for (std::string_view tail : {" for", " per", " under"}) {
      const bool ends = name.size() > tail.size() &&
                        text::iequals(std::string_view(name).substr(name.size() - tail.size()), tail);
      ragged = ragged || ends;
      late_tail = late_tail || (ends && tail != " for");
    }
    std::string body = front + name;
    const std::string_view connective = late_tail ? "under" : "for";
    if (ragged) {
      body += ' ';
      body += connective;
      if (!reasons.empty()) body += " Reasons: " + reasons;
    } else if (!reasons.empty()) {
      body += "; Reasons: " + reasons;
    }
    // The connective must follow the name on its line, or the line break
    // before it keeps the reader from taking it off.
    add_head_field(out, "Classified By: ", body, width,
                   [ragged, connective](std::string_view line, std::size_t, bool) {
                     return !ragged || !(line == connective || (line.starts_with(connective) &&
                                                                line.substr(connective.size()).starts_with(" Reasons")));
                   });
  }

  // An unnumbered summary above paragraph 1, between a "SUMMARY:" heading
  // (which ends the head for the reader) and "END SUMMARY." (format §4.10).
  void summary(std::vector<TextLine>& out) const {
    if (text::trim(d_.summary).empty()) return;
    out.push_back({"", kPreferred});
    out.push_back({"SUMMARY:", kAllowed});
    for (std::string& l : body_lines(d_.summary, "", false, width_)) out.push_back({std::move(l), kAllowed});
    out.push_back({"END SUMMARY.", kAllowed});
  }

  // A block of body text keeping its own line breaks, each of its lines
  // wrapped; the first opens with `lead`. `last_of_body`: the final line must
  // not pass for a signature.
  static std::vector<std::string> body_lines(std::string_view text, std::string_view lead,
                                             bool last_of_body, std::size_t width) {
    std::vector<std::string_view> hard;
    for (std::size_t i = 0; i <= text.size();) {
      std::size_t nl = text.find('\n', i);
      if (nl == std::string_view::npos) nl = text.size();
      hard.push_back(text::trim_right(text.substr(i, nl - i)));
      i = nl + 1;
    }
    while (hard.size() > 1 && text::trim(hard.back()).empty()) hard.pop_back();
    std::vector<std::string> out;
    for (std::size_t h = 0; h < hard.size(); ++h) {
      const bool final_line = last_of_body && h + 1 == hard.size();
      if (text::trim(hard[h]).empty()) {
        out.emplace_back(h == 0 ? text::trim_right(lead) : std::string_view());
        continue;
      }
      // The paragraph's own first line is its start; any other line, the
      // first piece of a line of the text included, must read as more text.
      // (A line of the text that is special as a whole was read as text in
      // its cable all the same; only its pieces are checked then.)
      const bool opens_paragraph =
          (h == 0 && !lead.empty()) || reader_view::body_line_special(hard[h]);
      LineCheck check = [final_line, opens_paragraph](std::string_view line, std::size_t index,
                                                      bool last) {
        if (!(opens_paragraph && index == 0) && reader_view::body_line_special(line)) return false;
        return !(final_line && last && reader_view::looks_like_signature(line));
      };
      for (std::string& l : wrap_words(hard[h], h == 0 ? lead : std::string_view(), width, check)) {
        out.push_back(std::move(l));
      }
    }
    return out;
  }

  static std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const std::string& l : lines) s += l + '\n';
    return s;
  }

  void paragraphs(std::vector<TextLine>& out) const {
    long previous = 0;
    const bool signed_off = !text::trim(d_.signature).empty();
    for (std::size_t i = 0; i < d_.paragraphs.size(); ++i) {
      const DraftParagraph& p = d_.paragraphs[i];
      long number = previous + 1;
      if (!text::trim(p.number).empty()) {
        try {
          number = std::stol(std::string(text::trim(p.number)));
        } catch (...) {
          number = previous + 1;
        }
      }
      const std::string marking = text::upper(text::trim(p.marking));
      // The reader takes "N." for a paragraph when N follows the last one, or
      // jumps a little with a portion mark; otherwise (and when the text does
      // not open like a paragraph) only with the archive's paragraph sign ¶
      // before it (format §4.9), which it then trusts.
      const std::string_view first = text::trim_left(p.text);
      const bool opens_like_text = !marking.empty() || first.empty() || text::is_alpha(first[0]) ||
                                   first[0] == '(' || first[0] == '"' || first[0] == '-';
      const bool in_sequence =
          number == previous + 1 || (!marking.empty() && number > previous && number <= previous + 5);
      std::string lead = in_sequence && opens_like_text ? "" : "\xC2\xB6";
      lead += fmt::format("{}.", number);
      if (!marking.empty()) lead += " (" + marking + ")";
      lead += ' ';
      const bool last = i + 1 == d_.paragraphs.size() && !signed_off;
      std::vector<std::string> lines = body_lines(p.text, lead, last, width_);
      // Wrapping short lines can make a trailing heading block of lines that
      // were too long to be one: then the text's own lines stay as they are.
      if (reader_view::ends_with_heading(joined(lines)) && !reader_view::ends_with_heading(p.text)) {
        lines = body_lines(p.text, lead, last, kUnwrapped);
      }
      out.push_back({"", kPreferred});
      const std::size_t first_line = out.size();
      for (std::string& l : lines) out.push_back({std::move(l), kAllowed});
      out[first_line].before = kPreferred;
      // No page header among the last lines when a rule is there: the blank
      // line the reader may put after it would make them a heading block.
      const std::size_t tail = out.size() > first_line + 5 ? out.size() - 5 : first_line + 1;
      bool rule = false;
      for (std::size_t k = tail; k < out.size(); ++k) rule = rule || parse::is_rule(out[k].text);
      if (rule) {
        for (std::size_t k = tail; k < out.size(); ++k) out[k].before = kNever;
      }
      previous = number;
    }
  }

  const Draft& d_;
  const Numbering& n_;
  std::size_t width_;
  std::size_t per_section_;
  parse::detail::CitingCable citing_;
};

}  // namespace

std::string render_telegram(const Draft& draft, const Numbering& numbering,
                            const RenderOptions& options) {
  return Renderer(draft, numbering, options).render();
}

}  // namespace chancery::compose
