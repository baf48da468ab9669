#include "cli/render_cable.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>

#include <fmt/format.h>

#include "cli/exit_code.h"
#include "cli/output.h"
#include "core/text.h"

namespace chancery::cli {
namespace {

constexpr std::size_t kWidth = 72;       // banner and rule width, in columns
constexpr std::size_t kLabelWidth = 12;  // "references  "
constexpr std::size_t kListWidth = 100;  // where lists of addressees wrap

constexpr std::string_view kHeavy = "\xE2\x94\x81";  // ━
constexpr std::string_view kLight = "\xE2\x94\x80";  // ─
constexpr std::string_view kPilcrow = "\xC2\xB6";    // ¶

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

std::size_t columns(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += is_continuation(static_cast<unsigned char>(c)) ? 0 : 1;
  return n;
}

// Colors a span when color is on; appends it plain otherwise.
class Painter {
 public:
  Painter(bool color, std::string& out) : color_(color), out_(out) {}

  void paint(std::string_view sgr, std::string_view printable_text) {
    if (printable_text.empty()) return;
    if (color_ && !sgr.empty()) fmt::format_to(std::back_inserter(out_), "\x1b[{}m", sgr);
    out_.append(printable_text);
    if (color_ && !sgr.empty()) out_.append("\x1b[0m");
  }
  // Cable text, made printable first.
  void text(std::string_view sgr, std::string_view s) {
    std::string clean;
    append_printable(s, clean);
    paint(sgr, clean);
  }

 private:
  bool color_;
  std::string& out_;
};

// The level a portion mark or classification starts with, as a color for text.
std::string_view mark_color(std::string_view mark) {
  const std::size_t end = mark.find_first_of("/- ");
  const std::string_view level = mark.substr(0, end);
  if (level == "TS") return "1;38;5;208";
  if (level == "S") return "1;31";
  if (level == "C") return "1;34";
  return "1;32";  // U, SBU, FOUO, LOU, CUI
}

// "(S)", "(S/NF)", "(SBU)", "(C - ENTIRE TEXT)": a portion mark, as opposed
// to the "(A)" of a lettered item.
bool is_portion_mark(std::string_view inside) {
  if (inside.empty() || inside.size() > 32) return false;
  const std::size_t end = inside.find_first_of("/- ");
  const std::string_view level = inside.substr(0, end);
  static const std::set<std::string_view> kLevels = {"U",   "C",    "S",   "TS",
                                                     "SBU", "FOUO", "LOU", "CUI"};
  if (!kLevels.contains(level)) return false;
  return std::all_of(inside.begin(), inside.end(), [](char c) {
    return text::is_upper(c) || text::is_digit(c) || c == '/' || c == '-' || c == ' ' || c == ',';
  });
}

// Writes one body line, with its paragraph number shown as "¶N." and its
// portion mark highlighted. Only the start of a line is looked at: a
// paragraph ("¶1.", "1.", "22.(SBU)") or a lettered item ("¶A.", "A.") may
// carry a mark there.
void append_body_line(std::string_view line, const std::set<std::string>& numbers, Painter& painter,
                      std::string& out) {
  std::size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  const std::size_t indent = i;
  const bool pilcrow = line.substr(i).starts_with(kPilcrow);
  if (pilcrow) i += kPilcrow.size();
  const std::size_t label_start = i;
  while (i < line.size() && i - label_start < 3 && text::is_digit(line[i])) ++i;
  const bool numbered = i > label_start;
  if (!numbered && i < line.size() && text::is_upper(line[i])) ++i;
  if (i == label_start || i >= line.size() || line[i] != '.') {
    painter.text("", line);
    return;
  }
  const std::string label(line.substr(label_start, i - label_start));
  ++i;  // '.'
  const bool paragraph = numbered && (pilcrow || numbers.contains(label));
  if (!paragraph && !pilcrow && numbered) {  // "1999." or a list the reader did not take
    painter.text("", line);
    return;
  }
  out.append(indent, ' ');
  if (paragraph) {
    painter.paint("1", fmt::format("{}{}.", kPilcrow, label));
  } else {
    painter.text("", line.substr(indent, i - indent));
  }
  std::size_t j = i;
  while (j < line.size() && line[j] == ' ') ++j;
  if (j < line.size() && line[j] == '(') {
    const std::size_t close = line.find(')', j);
    if (close != std::string_view::npos && is_portion_mark(line.substr(j + 1, close - j - 1))) {
      painter.text("", line.substr(i, j - i));
      painter.text(mark_color(line.substr(j + 1, close - j - 1)), line.substr(j, close + 1 - j));
      i = close + 1;
    }
  }
  painter.text("", line.substr(i));
}

void append_banner(std::string_view level, bool color, std::string& out) {
  std::string shown;
  append_printable(level.empty() ? "UNKNOWN CLASSIFICATION" : level, shown, false);
  const std::string label = " " + shown + " ";
  const std::size_t width = columns(label);
  const std::size_t left = width >= kWidth ? 2 : (kWidth - width) / 2;
  const std::size_t right = width >= kWidth ? 2 : kWidth - width - left;
  for (std::size_t i = 0; i < left; ++i) out.append(kHeavy);
  Painter(color, out).paint(level_color(level), label);
  for (std::size_t i = 0; i < right; ++i) out.append(kHeavy);
  out += '\n';
}

void append_rule(std::string& out) {
  for (std::size_t i = 0; i < kWidth; ++i) out.append(kLight);
  out += '\n';
}

// "label       value\n"; nothing when the value is empty.
void append_field(std::string_view label, std::string_view value, bool color, std::string& out) {
  if (value.empty()) return;
  Painter(color, out).paint("2", label);
  out.append(kLabelWidth - std::min(kLabelWidth - 1, label.size()), ' ');
  append_printable(value, out, false);
  out += '\n';
}

void append_optional(std::string_view label, const std::optional<std::string>& value, bool color,
                     std::string& out) {
  if (value) append_field(label, std::string_view(*value), color, out);
}

// Items joined by ", ", wrapped under the value column.
void append_list(std::string_view label, const std::vector<std::string>& items, bool color,
                 std::string& out) {
  if (items.empty()) return;
  Painter(color, out).paint("2", label);
  out.append(kLabelWidth - std::min(kLabelWidth - 1, label.size()), ' ');
  std::size_t column = kLabelWidth;
  for (std::size_t n = 0; n < items.size(); ++n) {
    std::string item;
    append_printable(items[n], item, false);
    if (n + 1 < items.size()) item += ",";
    const std::size_t width = columns(item);
    if (n > 0 && column + 1 + width > kListWidth) {
      out += '\n';
      out.append(kLabelWidth, ' ');
      column = kLabelWidth;
    } else if (n > 0) {
      out += ' ';
      ++column;
    }
    out += item;
    column += width;
  }
  out += '\n';
}

std::vector<std::string> recipient_names(const std::vector<Recipient>& recipients) {
  std::vector<std::string> names;
  names.reserve(recipients.size());
  for (const Recipient& r : recipients) names.push_back(r.name);
  return names;
}

// "2007-02-22T07:11Z" reads better as "2007-02-22 07:11 UTC".
std::string readable_time(std::string_view iso) {
  if (iso.size() == 17 && iso[10] == 'T' && iso[16] == 'Z') {
    return fmt::format("{} {} UTC", iso.substr(0, 10), iso.substr(11, 5));
  }
  return std::string(iso);
}

void append_references(const Cable& cable, const RenderOptions& options, std::string& out) {
  bool first = true;
  for (const Reference& ref : cable.references) {
    if (first) {
      Painter(options.color, out).paint("2", "references");
      out.append(kLabelWidth - 10, ' ');
      first = false;
    } else {
      out.append(kLabelWidth, ' ');
    }
    if (ref.bullet) {
      append_printable(*ref.bullet, out, false);
      out += ". ";
    }
    if (!ref.id) {
      append_printable(ref.text, out, false);
      out += "  (not a cable)\n";
      continue;
    }
    Painter(options.color, out).text("1", *ref.id);
    out += "  ";
    append_printable(ref.text, out, false);
    if (options.subject_of) {
      const std::optional<std::string> subject = options.subject_of(*ref.id);
      if (!subject) {
        out += "  (not in the archive)";
      } else if (!subject->empty()) {
        out += "  \xE2\x80\x94 ";  // —
        append_printable(*subject, out, false);
      }
    }
    out += '\n';
  }
}

}  // namespace

bool use_color(bool no_color_flag) {
  if (no_color_flag) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  return ::isatty(STDOUT_FILENO) != 0;
}

void append_printable(std::string_view s, std::string& out, bool keep_newlines) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n') {
      out += keep_newlines ? '\n' : ' ';
    } else if (c == '\t') {
      out += keep_newlines ? '\t' : ' ';
    } else if (c < 0x20 || c == 0x7F) {
      out += ' ';
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) < 0xA0) {
      out += ' ';  // a C1 control (U+0080..U+009F): CSI and friends
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
}

void append_csv_field(std::string_view s, std::string& out) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(s);
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

bool write_stdout(std::string_view bytes, int& exit_code) {
  switch (write_all(STDOUT_FILENO, bytes)) {
    case WriteStatus::kOk:
      return true;
    case WriteStatus::kClosed:
      return false;
    case WriteStatus::kFailed:
      print_error(Error{.code = Errc::kIo,
                        .message = fmt::format("cannot write: {}", std::strerror(errno)),
                        .where = "standard output"});
      exit_code = worse_exit_code(exit_code, exit_code_for(Errc::kIo));
      return false;
  }
  return false;
}

std::string_view level_color(std::string_view level) {
  if (level.starts_with("TOP SECRET")) return "1;97;48;5;208";
  if (level.starts_with("SECRET")) return "1;97;41";
  if (level.starts_with("CONFIDENTIAL")) return "1;97;44";
  if (level.starts_with("UNCLASSIFIED")) return "1;97;42";
  return "";
}

std::string render_cable(const archive::StoredCable& stored, const RenderOptions& options) {
  const Cable& cable = stored.record;
  const bool color = options.color;
  const std::string_view level =
      cable.classification ? std::string_view(*cable.classification) : std::string_view();
  std::string out;
  append_banner(level, color, out);

  append_optional("id", cable.id, color, out);
  append_optional("origin", cable.origin, color, out);
  if (cable.created) append_field("created", readable_time(*cable.created), color, out);
  if (cable.released) append_field("released", readable_time(*cable.released), color, out);
  append_optional("precedence", cable.precedence, color, out);
  append_optional("from", cable.from, color, out);
  append_list("to", recipient_names(cable.to), color, out);
  append_list("info", recipient_names(cable.info), color, out);
  append_list("handling", cable.handling, color, out);
  append_list("tags", cable.tags, color, out);
  if (cable.subject) {
    Painter(color, out).paint("2", "subject");
    out.append(kLabelWidth - 7, ' ');
    std::string subject;
    append_printable(*cable.subject, subject, false);
    Painter(color, out).paint("1", subject);
    out += '\n';
  } else {
    // A withheld subject: its place and marking, as released documents show it.
    for (const archive::PortionView& p : stored.portions) {
      if (p.kind != access::Portion::Kind::kSubject || !p.withheld) continue;
      append_field("subject", "[withheld: " + p.marking + "]", color, out);
    }
  }
  if (stored.redacted) {
    std::size_t withheld = 0;
    for (const archive::PortionView& p : stored.portions) withheld += p.withheld ? 1 : 0;
    append_field("withheld", std::to_string(withheld) + " of " + std::to_string(stored.portions.size()) +
                                 " portions are above what you may read",
                 color, out);
  }
  if (cable.classified_by || !cable.reasons.empty()) {
    std::string by;
    if (cable.classified_by) by = "by " + *cable.classified_by;
    if (!cable.reasons.empty()) {
      if (!by.empty()) by += ", ";
      by += "reasons ";
      for (std::size_t i = 0; i < cable.reasons.size(); ++i) {
        by += (i > 0 ? " " : "") + cable.reasons[i];
      }
    }
    append_field("classified", by, color, out);
  }
  append_references(cable, options, out);

  append_rule(out);
  std::set<std::string> numbers;
  for (const Paragraph& p : cable.paragraphs) numbers.insert(p.number);
  Painter painter(color, out);
  std::string_view body = cable.body;
  while (!body.empty() && body.back() == '\n') body.remove_suffix(1);
  for (std::size_t start = 0; start <= body.size() && !body.empty();) {
    std::size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    append_body_line(body.substr(start, end - start), numbers, painter, out);
    out += '\n';
    start = end + 1;
  }
  append_rule(out);

  append_field("declassify", cable.declassify_on ? "on " + *cable.declassify_on : "(no date given)",
               color, out);
  if (!cable.signed_by.empty()) append_list("signed", cable.signed_by, color, out);
  if (!cable.warnings.empty()) {
    append_field("warnings",
                 fmt::format("{} repaired or unread passage{} (see 'chancery show --json')",
                             cable.warnings.size(), cable.warnings.size() == 1 ? "" : "s"),
                 color, out);
  }
  for (std::size_t i = 0; i < stored.versions.size(); ++i) {
    const archive::VersionInfo& v = stored.versions[i];
    const bool shown = v.version == stored.version;
    std::string line = fmt::format("{} {}  {}  {} ({})", shown ? '*' : ' ', v.version, v.ingested,
                                   v.source, v.format);
    append_field(i == 0 ? "versions" : "", line, color, out);
  }
  append_banner(level, color, out);
  return out;
}

}  // namespace chancery::cli
