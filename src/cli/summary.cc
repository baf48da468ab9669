#include "cli/summary.h"

#include <algorithm>

#include <fmt/format.h>

namespace chancery::cli {
namespace {

constexpr std::size_t kIdWidth = 17;
constexpr std::size_t kClassWidth = 12;
constexpr std::size_t kMinSubject = 10;

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the character starting at `i`: a lead byte and its continuation
// bytes (or a run of stray continuation bytes, shown as one replacement).
std::size_t char_length(std::string_view s, std::size_t i) {
  std::size_t len = 1;
  while (i + len < s.size() && is_continuation(static_cast<unsigned char>(s[i + len]))) ++len;
  return len;
}

// Appends `s` with control characters replaced by spaces, keeping at most
// `columns` characters (one column per code point), and ending with "…" when
// something was cut. Returns the columns written.
std::size_t append_clean(std::string_view s, std::size_t columns, std::string& out) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); i += char_length(s, i)) ++count;
  const bool cut = count > columns;
  const std::size_t keep = cut ? (columns == 0 ? 0 : columns - 1) : count;
  std::size_t written = 0;
  for (std::size_t i = 0; i < s.size() && written < keep; ++written) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = char_length(s, i);
    // C0 controls, DEL and the C1 controls (U+0080..U+009F, encoded C2 80..C2 9F)
    // can drive a terminal; input text never gets to.
    const bool c1 = c == 0xC2 && len >= 2 && static_cast<unsigned char>(s[i + 1]) < 0xA0;
    if (c < 0x20 || c == 0x7F || c1 || is_continuation(c)) {
      out += ' ';
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  if (cut && columns > 0) {
    out += "\xE2\x80\xA6";  // …
    ++written;
  }
  return written;
}

void append_column(std::string_view s, std::size_t columns, std::string& out) {
  const std::size_t written = append_clean(s, columns, out);
  out.append(columns - std::min(columns, written), ' ');
}

}  // namespace

std::string_view short_classification(std::string_view level) {
  if (level == "UNCLASSIFIED") return "UNCLAS";
  if (level == "UNCLASSIFIED//FOR OFFICIAL USE ONLY") return "UNCLAS//FOUO";
  return level;
}

void append_summary(const Cable& cable, std::size_t width, std::string& out) {
  const std::size_t start = out.size();
  append_column(cable.id ? std::string_view(*cable.id) : "-", kIdWidth, out);
  out += ' ';
  if (cable.created && cable.created->size() >= 16) {
    // "2007-02-22T07:11Z" reads better as "2007-02-22 07:11".
    std::string created = cable.created->substr(0, 16);
    created[10] = ' ';
    append_column(created, 16, out);
  } else {
    append_column(cable.created ? std::string_view(*cable.created) : "-", 16, out);
  }
  out += "  ";
  append_column(cable.classification ? short_classification(*cable.classification) : "-",
                kClassWidth, out);
  fmt::format_to(std::back_inserter(out), " {:>4}\u00B6 {:>3}w  ", cable.paragraphs.size(),
                 cable.warnings.size());
  // Columns used so far: the "¶" is 2 bytes but one column.
  const std::size_t used = out.size() - start - 1;
  const std::size_t room = width > used + kMinSubject ? width - used : kMinSubject;
  append_clean(cable.subject ? std::string_view(*cable.subject) : "(no subject)", room, out);
  out += '\n';
}

}  // namespace chancery::cli
