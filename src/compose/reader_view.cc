// The reader's view of a line (see reader_view.h): the reader's own tests
// (parse/telegram_internal.h, parse/telegram_reader.h), called.
#include "compose/reader_view.h"

#include "core/text.h"
#include "parse/lines.h"
#include "parse/telegram_internal.h"
#include "parse/telegram_reader.h"

namespace chancery::compose::reader_view {
namespace {

constexpr std::size_t npos = std::string_view::npos;

}  // namespace

bool would_cut(std::string_view line) { return parse::reader::glued_fields(text::trim(line)); }

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

bool looks_like_signature(std::string_view line) { return parse::reader::looks_like_signature(line); }

bool ends_with_heading(std::string_view paragraph) {
  const std::string_view p = text::trim_right(paragraph);
  return parse::reader::strip_trailing_heading(p).size() < p.size();
}

bool subject_continues(std::string_view subject) { return parse::reader::subject_continues(subject); }

}  // namespace chancery::compose::reader_view
