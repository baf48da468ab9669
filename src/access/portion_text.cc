// The text of each portion. Paragraphs and the subject are fields of the
// record; the text outside them is what remains of the body once they are
// cut out. That remainder inherits the cable's overall marking, so whatever
// of a more restricted portion stayed in it would leak: when a paragraph
// cannot be found verbatim in the body, or the SUBJECT line cannot be
// located, the remainder is given up entirely.

#include <algorithm>
#include <string>
#include <string_view>

#include "chancery/access.h"
#include "core/text.h"

namespace chancery::access {
namespace {

bool blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

std::string_view line_at(std::string_view s, std::size_t begin) {
  const std::size_t end = s.find('\n', begin);
  return s.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
}

std::string_view trim_left(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

// A line that ends the SUBJECT block (format spec §4.6): a REF line or the
// Classified By line.
bool ends_subject(std::string_view line) {
  line = trim_left(line);
  return text::istarts_with(line, "REF") || text::istarts_with(line, "CLASSIFIED BY");
}

bool subject_label(std::string_view line) {
  line = trim_left(line);
  return text::istarts_with(line, "SUBJECT") || text::istarts_with(line, "SUBJ:") ||
         text::istarts_with(line, "SUBJ ");
}

// Cuts the SUBJECT block out of `text`; false when there is a subject but no
// block to cut.
bool cut_subject(std::string& text) {
  std::size_t begin = 0;
  while (begin < text.size()) {
    if (subject_label(line_at(text, begin))) break;
    const std::size_t next = text.find('\n', begin);
    begin = next == std::string::npos ? text.size() : next + 1;
  }
  if (begin >= text.size()) return false;
  std::size_t end = text.find('\n', begin);
  while (end != std::string::npos) {
    const std::string_view next = line_at(text, end + 1);
    if (blank(next) || ends_subject(next)) break;
    end = text.find('\n', end + 1);
  }
  text.erase(begin, end == std::string::npos ? std::string::npos : end - begin);
  return true;
}

std::string outside_paragraphs(const Cable& cable) {
  std::string out;
  std::size_t pos = 0;
  for (const Paragraph& p : cable.paragraphs) {
    if (p.text.empty()) continue;
    const std::size_t at = cable.body.find(p.text, pos);
    if (at == std::string::npos) return {};
    // The paragraph's label ("¶3. (S) ") goes with it: its line, from the start.
    const std::size_t line = at == 0 ? std::string::npos : cable.body.rfind('\n', at - 1);
    const std::size_t from = line == std::string::npos ? pos : std::max(pos, line + 1);
    out.append(cable.body, pos, from - pos);
    out.push_back('\n');
    pos = at + p.text.size();
  }
  out.append(cable.body, pos);
  if (cable.subject && !cable.subject->empty() && !cut_subject(out)) {
    // No SUBJECT line: keep the text only if the subject is not in it (its
    // start, which a line break is least likely to split).
    const std::string_view start = std::string_view(*cable.subject).substr(0, 12);
    if (text::ifind(out, start) != std::string::npos) return {};
  }
  return out;
}

}  // namespace

std::string portion_text(const Cable& cable, const Portion& portion) {
  switch (portion.kind) {
    case Portion::Kind::kSubject:
      return cable.subject.value_or("");
    case Portion::Kind::kParagraph:
      return portion.paragraph < cable.paragraphs.size() ? cable.paragraphs[portion.paragraph].text
                                                         : std::string();
    case Portion::Kind::kText:
      return outside_paragraphs(cable);
  }
  return {};
}

}  // namespace chancery::access
