// The telegram reader's shared state and its three passes, one file each:
// telegram_header.cc (the ACP-127 header, format §1), telegram_head.cc (the
// text's fields up to the first paragraph, §4.1-§4.8) and telegram_body.cc
// (cleaned body, paragraphs, summary, signature, §4.2, §4.9-§4.11).
// telegram.cc joins them into read_telegram_text.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/cable.h"

#include "core/text.h"
#include "parse/lines.h"
#include "parse/telegram_internal.h"

namespace chancery::parse::reader {

constexpr std::size_t npos = std::string_view::npos;

// What the passes learn on the way, beside the record they fill.
struct Reader {
  Cable cable;
  std::vector<Line> lines;
  std::optional<detail::Dtg> dtg;
  char fl4_level = 0;  // 'S', 'C', 'U', 'E', 'T' from "ZNY SSSSS"
  std::string prosign;
  std::optional<detail::ClassificationLine> class_line;
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

// Where the text starts: the line and the offset of the classification word.
struct TextStart {
  std::size_t line = npos;
  std::size_t offset = 0;
};

// True when `s` starts with `word` (ASCII case ignored) followed by a blank or its end.
inline bool starts_with_word(std::string_view s, std::string_view word) {
  return text::istarts_with(s, word) &&
         (s.size() == word.size() || s[word.size()] == ' ' || s[word.size()] == '\t');
}

// "SUMMARY", "SUMMARY AND COMMENT", "BEGIN SUMMARY" alone on a line (dashes and colons aside).
inline bool is_summary_heading(std::string_view t) {
  t = text::trim(t);
  while (!t.empty() && (t.back() == ':' || t.back() == '.' || t.back() == '-')) t.remove_suffix(1);
  t = text::trim(t);
  return text::iequals(t, "SUMMARY") || text::iequals(t, "SUMMARY AND COMMENT") ||
         text::iequals(t, "BEGIN SUMMARY") || text::iequals(t, "EXECUTIVE SUMMARY");
}

// The header, read from lines [0, header_end). Without a known split the
// classification line ends it; returns where the text starts.
TextStart read_header(Reader& r, std::size_t header_end, bool split_known);
// The classification line in a text part that may open with wrapper noise.
TextStart find_class_line(const Reader& r, std::size_t from);
// The text's fields from the classification line to the first paragraph;
// returns the index of the first body line after them.
std::size_t read_head(Reader& r, TextStart start);
// The cleaned body, paragraphs, summary and signature.
void read_body(Reader& r, TextStart start, std::size_t head_end);

// Tests the reader makes of a line, shared with the composer, which must
// render what the reader reads back (src/compose/reader_view.h):
// A head line the archive glued fields into ("000073SIPDIS", "... REF: ..."):
// read_head cuts it into several.
bool glued_fields(std::string_view line);
// A subject ending so goes on past a blank line (", AND", " OF", ...).
bool subject_continues(std::string_view subject);
// A short name on the body's last line, taken for the signature.
bool looks_like_signature(std::string_view line);
// The paragraph without a heading block the archive left at its end (a
// rule among at most four short lines, or a lone summary heading).
std::string_view strip_trailing_heading(std::string_view paragraph);

}  // namespace chancery::parse::reader
