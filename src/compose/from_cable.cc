// A draft that renders back to a cable (compose.h: draft_from_cable).
#include <algorithm>

#include "chancery/compose.h"
#include "core/text.h"

namespace chancery::compose {
namespace {

// A subject opening with an upper-case portion mark and a space: "(C) IRAN: ...".
// Returns the mark's length with its parentheses, 0 when there is none.
std::size_t subject_mark_length(std::string_view s) {
  if (s.size() < 4 || s[0] != '(') return 0;
  const std::size_t close = s.find(')');
  if (close == std::string_view::npos || close > 24 || close + 1 >= s.size() || s[close + 1] != ' ') {
    return 0;
  }
  const std::string_view mark = s.substr(1, close - 1);
  std::size_t i = 0;
  while (i < mark.size() && text::is_upper(mark[i])) ++i;
  const std::string_view level = mark.substr(0, i);
  if (level != "U" && level != "C" && level != "S" && level != "TS" && level != "SBU") return 0;
  for (; i < mark.size(); ++i) {
    if (!text::is_upper(mark[i]) && mark[i] != '/' && mark[i] != ' ') return 0;
  }
  return close + 1;
}

// True when the summary is already text of the paragraphs (most cables put it
// in paragraph 1: "1. (C) SUMMARY: ... END SUMMARY."); rendering it again
// above them would say it twice.
bool summary_in_paragraphs(const Cable& c) {
  if (!c.summary) return true;
  const std::string summary = text::squeeze_spaces(*c.summary);
  std::string paragraphs;
  for (const Paragraph& p : c.paragraphs) {
    paragraphs += ' ';
    paragraphs += p.text;
  }
  return text::squeeze_spaces(paragraphs).find(summary) != std::string::npos;
}

void add_addressees(const std::vector<Recipient>& from, std::vector<Addressee>& to,
                    std::vector<std::string>& exempt) {
  for (const Recipient& r : from) {
    to.push_back(Addressee{.name = r.name, .precedence = r.precedence});
    for (const std::string& x : r.excluded) {
      if (std::find(exempt.begin(), exempt.end(), x) == exempt.end()) exempt.push_back(x);
    }
  }
}

}  // namespace

Draft draft_from_cable(const Cable& c) {
  Draft d;
  d.from = c.from.value_or("");
  // Addressees keep their own precedence word or none: a line without one is
  // ROUTINE, which the renderer then writes without a word too.
  d.precedence = "ROUTINE";
  add_addressees(c.to, d.to, d.exempt);
  add_addressees(c.info, d.info, d.exempt);
  d.captions = c.handling;
  const std::string classification = c.classification.value_or("");
  if (classification.starts_with("UNCLASSIFIED")) {
    d.classification = "UNCLASSIFIED";
    // The archive's label "UNCLASSIFIED//FOR OFFICIAL USE ONLY" without a
    // caption in the text to say so: a caption keeps the control (the reader
    // derives that label from the captions).
    static constexpr std::string_view kControls[] = {"SENSITIVE", "SENSITIVE BUT UNCLASSIFIED",
                                                     "FOR OFFICIAL USE ONLY", "EFTO"};
    const bool controlled = std::any_of(std::begin(kControls), std::end(kControls), [&](std::string_view k) {
      return std::find(d.captions.begin(), d.captions.end(), k) != d.captions.end();
    });
    if (classification != "UNCLASSIFIED" && !controlled) d.captions.push_back("FOR OFFICIAL USE ONLY");
  } else {
    d.classification = classification;
  }
  d.declassify_on = c.declassify_on.value_or("");
  d.tags = c.tags;
  const std::string subject = c.subject.value_or("");
  if (const std::size_t mark = subject_mark_length(subject); mark > 0) {
    d.subject_marking = subject.substr(1, mark - 2);
    d.subject = std::string(text::trim(std::string_view(subject).substr(mark)));
  } else {
    d.subject = subject;
  }
  for (const Reference& r : c.references) d.references.push_back({.text = r.text, .id = r.id});
  d.classified_by = c.classified_by.value_or("");
  d.reasons = c.reasons;
  if (!summary_in_paragraphs(c)) d.summary = *c.summary;
  for (const Paragraph& p : c.paragraphs) {
    d.paragraphs.push_back({.marking = p.marking.value_or(""), .text = p.text, .number = p.number});
  }
  if (!c.signed_by.empty()) d.signature = c.signed_by.front();
  return d;
}

}  // namespace chancery::compose
