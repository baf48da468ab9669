// The telegram itself (header and text) and the two formats that are only
// the telegram: bare telegrams and plain files (5 metadata lines first).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "core/text.h"
#include "gen/dates.h"
#include "gen/render.h"
#include "parse/telegram_internal.h"

namespace chancery::gen {
namespace {

constexpr std::size_t kWidth = 65;

// Appends text in the style's form: HTML escapes and line breaks for kHtml.
class Out {
 public:
  explicit Out(TextStyle style) : html_(style == TextStyle::kHtml) {}

  void text(std::string_view s) {
    if (!html_) {
      s_ += s;
      return;
    }
    for (char c : s) {
      switch (c) {
        case '&':
          s_ += "&amp;";
          break;
        case '<':
          s_ += "&lt;";
          break;
        case '>':
          s_ += "&gt;";
          break;
        default:
          s_ += c;
      }
    }
  }
  void raw(std::string_view s) { s_ += s; }
  // The archives' text lines end in a blank; header lines do not.
  void end_line(bool trailing_blank = true) {
    if (trailing_blank) s_ += ' ';
    s_ += html_ ? "&#x000A;" : "\n";
  }
  void line(std::string_view s, bool trailing_blank = true) {
    text(s);
    end_line(trailing_blank);
  }
  bool html() const { return html_; }
  std::string take() { return std::move(s_); }

 private:
  bool html_;
  std::string s_;
};

// FNV-1a of the id: layout choices that vary between cables but not between
// renderings of the same cable.
std::uint64_t layout_hash(const Cable& c) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char ch : c.id.value_or("")) h = (h ^ static_cast<unsigned char>(ch)) * 0x100000001b3ULL;
  return h;
}

// Whether a line of wrapped text reads as text: not a paragraph start, a
// caption line, a page header, a classification or head line.
bool safe_line(std::string_view line) {
  namespace d = parse::detail;
  if (d::match_paragraph_start(line) || d::page_header_length(line) > 0) return false;
  if (line.size() <= 40 && d::caption_line(line)) return false;
  if (d::match_class_word(line, 0) || d::parse_dtg_line(line)) return false;
  for (std::string_view word :
       {"SIPDIS", "REF", "TAGS", "SUBJECT", "SUBJ", "E.O.", "EO ", "DECL", "CLASSIFIED", "BT",
        "NNNN", "END", "SECTION", "PAGE", "FM ", "TO ", "INFO", "DE "}) {
    if (text::istarts_with(line, word)) return false;
  }
  return true;
}

// Breaks single-spaced `s` into lines of about `width` bytes (`first` for the
// first line), then joins every line that would not read as text to the one
// before it.
std::vector<std::string_view> wrap(std::string_view s, std::size_t first, std::size_t width) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  std::size_t limit = first;
  while (start < s.size()) {
    if (s.size() - start <= limit) {
      lines.push_back(s.substr(start));
      break;
    }
    std::size_t cut = s.rfind(' ', start + limit);
    if (cut == std::string_view::npos || cut <= start) cut = s.find(' ', start + limit);
    if (cut == std::string_view::npos) {
      lines.push_back(s.substr(start));
      break;
    }
    lines.push_back(s.substr(start, cut - start));
    start = cut + 1;
    limit = width;
  }
  for (std::size_t k = 1; k < lines.size();) {
    if (safe_line(lines[k])) {
      ++k;
      continue;
    }
    const char* begin = lines[k - 1].data();
    const char* end = lines[k].data() + lines[k].size();
    lines[k - 1] = std::string_view(begin, static_cast<std::size_t>(end - begin));
    lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(k));
    if (k > 1) --k;
  }
  return lines;
}

void wrapped(Out& out, std::string_view prefix, std::string_view s) {
  const std::vector<std::string_view> lines =
      wrap(s, kWidth > prefix.size() + 20 ? kWidth - prefix.size() : 20, kWidth);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i == 0) out.text(prefix);
    out.line(lines[i]);
  }
}

char precedence_letter(const std::optional<std::string>& p) {
  if (p == "FLASH") return 'Z';
  if (p == "IMMEDIATE") return 'O';
  if (p == "PRIORITY") return 'P';
  return 'R';
}

DateTime created_time(const Cable& c) {
  const std::string& s = *c.created;  // "YYYY-MM-DDTHH:MMZ", set by the generator
  auto num = [&](std::size_t at, std::size_t n) { return std::stoi(s.substr(at, n)); };
  return DateTime{num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2)};
}

long serial_of(const GeneratedCable& g) {
  const std::string& id = *g.cable.id;
  std::size_t i = id.size();
  while (i > 2 && text::is_digit(id[i - 1])) --i;
  return std::stol(id.substr(i));
}

std::string class_line(const GeneratedCable& g, int year) {
  const std::string& level = *g.cable.classification;
  std::string word;
  if (level.starts_with("UNCLASSIFIED")) {
    word = "UNCLAS";
  } else if (year >= 2000) {
    for (char c : level) {  // "C O N F I D E N T I A L"
      if (!word.empty()) word += ' ';
      word += c;
    }
  } else {
    word = level;
  }
  return fmt::format("{} {} {:06}", word, g.post, serial_of(g));
}

std::string reasons_text(const Cable& c) {
  // "1.4(b)" -> "(b)"; the generator writes no other form.
  std::string out = "1.4 ";
  for (std::size_t i = 0; i < c.reasons.size(); ++i) {
    if (i > 0) out += i + 1 == c.reasons.size() ? " and " : ", ";
    out += std::string_view(c.reasons[i]).substr(3);
  }
  return out;
}

void recipient_line(Out& out, std::string_view label, const Recipient& r) {
  std::string line(label);
  if (r.route) line += *r.route + "/";
  line += r.name;
  if (r.precedence) line += " " + *r.precedence;
  if (r.mcn) line += " " + *r.mcn;
  out.line(line, false);
}

}  // namespace

std::string render_header(const GeneratedCable& g, TextStyle style) {
  const Cable& c = g.cable;
  const DateTime t = created_time(c);
  const char p = precedence_letter(c.precedence);
  Out out(style);
  out.line(c.transmission_id.value_or("VZCZC"), false);
  std::string prosign(2, p);
  for (std::size_t i = 0; i < c.info.size() && i < 4; ++i) {
    prosign += ' ';
    prosign += c.info[i].route.value_or("RUEHC");
  }
  if (c.info.empty()) prosign += " RUEHWEB";
  out.line(prosign, false);
  out.line(fmt::format("DE {} #{:04} {:03}{:02}{:02}", g.route, serial_of(g) % 10000,
                       day_of_year(t), t.hour, t.minute),
           false);
  const std::string& level = *c.classification;
  const char* mark = level.starts_with("UNCLASSIFIED") ? "ZNR UUUUU ZZH"
                     : level == "CONFIDENTIAL"         ? "ZNY CCCCC ZZH"
                                                       : "ZNY SSSSS ZZH";
  out.line(mark, false);
  out.line(fmt::format("{} {:02}{:02}{:02}Z {} {:02}", p, t.day, t.hour, t.minute,
                       kMonthNames[t.month - 1], t.year % 100),
           false);
  out.line("FM " + c.from.value_or(""), false);
  for (std::size_t i = 0; i < c.to.size(); ++i) recipient_line(out, i == 0 ? "TO " : "", c.to[i]);
  for (std::size_t i = 0; i < c.info.size(); ++i) {
    recipient_line(out, i == 0 ? "INFO " : "", c.info[i]);
  }
  return out.take();
}

std::string render_text(const GeneratedCable& g, TextStyle style) {
  const Cable& c = g.cable;
  const DateTime t = created_time(c);
  const std::uint64_t h = layout_hash(c);
  Out out(style);
  out.line(class_line(g, t.year));
  out.line("");
  for (const std::string& caption : c.handling) out.line(caption);
  if (!c.handling.empty()) out.line("");

  if (c.declassify_on) {
    const std::string& d = *c.declassify_on;  // YYYY-MM-DD
    out.line(
        fmt::format("E.O. 12958: DECL: {}/{}/{}", d.substr(5, 2), d.substr(8, 2), d.substr(0, 4)));
  } else if (c.classified_by) {
    out.line("E.O. 12356: DECL: OADR");
  } else {
    out.line("E.O. 12958: N/A");
  }
  const bool commas = (h & 1) != 0;
  out.text("TAGS: ");
  for (std::size_t i = 0; i < c.tags.size(); ++i) {
    if (i > 0) out.text(commas ? ", " : " ");
    if (out.html()) {
      out.raw(fmt::format("<a href='/tag/{}_0.html'>{}</a>", c.tags[i], c.tags[i]));
    } else {
      out.text(c.tags[i]);
    }
  }
  out.end_line();
  wrapped(out, "SUBJECT: ", c.subject.value_or(""));
  out.line("");

  if (!c.references.empty()) {
    for (std::size_t i = 0; i < c.references.size(); ++i) {
      const Reference& r = c.references[i];
      std::string line = i == 0 ? "REF: " : "     ";
      if (r.bullet) line += text::upper(*r.bullet) + ". ";
      line += r.text;
      out.line(line);
    }
    out.line("");
  }
  if (c.classified_by) {
    if ((h & 2) != 0) {
      out.line(fmt::format("Classified By: {}, for reasons {}", *c.classified_by, reasons_text(c)));
    } else {
      out.line(fmt::format("Classified By: {}. Reasons: {}.", *c.classified_by, reasons_text(c)));
    }
    out.line("");
  }

  for (const Paragraph& p : c.paragraphs) {
    std::string prefix = p.number + ".";
    if (p.marking) prefix += " (" + *p.marking + ")";
    prefix += ' ';
    if (style == TextStyle::kHtml) {
      out.raw(fmt::format("<a id='par{}' href='#par{}'>\xC2\xB6</a>", p.number, p.number));
    } else if (style == TextStyle::kArchive) {
      out.raw("\xC2\xB6");
    }
    wrapped(out, prefix, p.text);
    out.line("");
  }
  for (const std::string& name : c.signed_by) out.line(name);
  return out.take();
}

std::string render_telegram(const GeneratedCable& g) {
  return render_header(g, TextStyle::kTelegram) + render_text(g, TextStyle::kTelegram);
}

std::string render_plain(const GeneratedCable& g) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const Cable& c = g.cable;
  const DateTime t = created_time(c);
  // The title is the subject's first line, lower-cased, as in 07TELAVIV557.txt.
  const std::string subject = c.subject.value_or("");
  const std::vector<std::string_view> lines = wrap(subject, kWidth - 9, kWidth);
  const std::string title = lines.empty() ? std::string() : text::lower(lines.front());
  std::string out = fmt::format("{}\n{}\n{} {} {:02} {:02}:{:02}:00 +0000 {}\n{}\n{}\n", *c.id,
                                title, kDays[static_cast<std::size_t>(weekday(t))],
                                kMonths[static_cast<std::size_t>(t.month - 1)], t.day, t.hour,
                                t.minute, t.year, g.label, c.origin.value_or(""));
  out += render_telegram(g);
  return out;
}

}  // namespace chancery::gen
