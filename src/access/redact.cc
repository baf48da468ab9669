// The redacted record: what is withheld is left out, never blanked in place
// inside text that also holds what is shown (the body is rebuilt instead),
// so that no fragment of a withheld portion can survive by accident.

#include <string>
#include <vector>

#include "chancery/access.h"

namespace chancery::access {

Cable redact(const Cable& cable, const CableAccess& access, const std::vector<bool>& visible) {
  bool all = visible.size() == access.portions.size();
  for (bool v : visible) all = all && v;
  if (all) return cable;

  Cable out = cable;
  out.summary.reset();
  out.warnings.clear();
  out.raw.reset();
  bool text_visible = false;
  std::vector<bool> paragraph_visible(cable.paragraphs.size(), false);
  std::vector<const Portion*> paragraph_portion(cable.paragraphs.size(), nullptr);
  for (std::size_t i = 0; i < access.portions.size(); ++i) {
    const Portion& p = access.portions[i];
    const bool seen = i < visible.size() && visible[i];
    switch (p.kind) {
      case Portion::Kind::kSubject:
        if (!seen) out.subject.reset();
        break;
      case Portion::Kind::kParagraph:
        if (p.paragraph < paragraph_visible.size()) {
          paragraph_visible[p.paragraph] = seen;
          paragraph_portion[p.paragraph] = &p;
        }
        break;
      case Portion::Kind::kText:
        text_visible = seen;
        break;
    }
  }
  if (!text_visible) out.signed_by.clear();
  out.body.clear();
  if (cable.paragraphs.empty() && text_visible) out.body = portion_text(cable, access.portions.back());
  for (std::size_t i = 0; i < out.paragraphs.size(); ++i) {
    Paragraph& p = out.paragraphs[i];
    if (!paragraph_visible[i]) p.text.clear();
    if (!out.body.empty()) out.body += "\n\n";
    out.body += p.number;
    out.body += ". ";
    std::string mark;
    if (p.marking) {
      mark = *p.marking;
    } else if (!paragraph_visible[i] && paragraph_portion[i] != nullptr) {
      // An unmarked paragraph withheld: the placeholder names the marking it inherited.
      mark = format_marking(paragraph_portion[i]->marking);
    }
    if (!mark.empty()) {
      out.body += '(';
      out.body += mark;
      out.body += ") ";
    }
    out.body += paragraph_visible[i] ? p.text : std::string("[withheld]");
  }
  return out;
}

}  // namespace chancery::access
