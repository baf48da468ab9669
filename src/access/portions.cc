// A cable's portions and what each one needs of a reader.
//
// The overall marking is the classification line plus the caveats among the
// captions (NOFORN, REL TO): both bind only the portions that carry no mark
// of their own, since a portion mark states that portion's level and caveats
// in full ("(U)" in a SECRET//NOFORN cable is releasable text). The other
// captions (SIPDIS, EXDIS, SENSITIVE, ...) are dissemination controls of the
// whole message and restrict every portion.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/access.h"

#include "access/access_internal.h"
#include "core/text.h"

namespace chancery::access {
namespace {

// The portion mark that leads a subject ("(C/NF) Iran: ..."), or nullopt
// when there is none or it is no readable marking ("(CORRECTED COPY) ...").
std::optional<Marking> subject_mark(std::string_view subject) {
  subject = text::trim(subject);
  if (subject.empty() || subject.front() != '(') return std::nullopt;
  const std::size_t close = subject.find(')');
  // Portion marks are short; a long parenthesis is text.
  if (close == std::string_view::npos || close > 48) return std::nullopt;
  Result<Marking> m = parse_marking(subject.substr(0, close + 1));
  if (!m) return std::nullopt;
  return std::move(m.value());
}

// The more restrictive of two markings: no reader sees more through it than
// through either.
Marking meet(const Marking& a, const Marking& b) {
  Marking m;
  m.level = std::max(a.level, b.level);
  m.controls = a.controls;
  m.controls.insert(m.controls.end(), b.controls.begin(), b.controls.end());
  detail::sort_unique(m.controls);
  const auto has_rel = [](const Marking& x) {
    return std::find(x.controls.begin(), x.controls.end(), "REL") != x.controls.end();
  };
  if (has_rel(a) && has_rel(b)) {
    for (const std::string& r : a.rel_to) {
      if (std::find(b.rel_to.begin(), b.rel_to.end(), r) != b.rel_to.end()) m.rel_to.push_back(r);
    }
  } else {
    m.rel_to = has_rel(a) ? a.rel_to : b.rel_to;
  }
  return m;
}

// Portion marks that text inherited from the cable still holds: a paragraph
// the parser did not take ("1.(SBU) ..." run into the subject or left
// outside the paragraphs) keeps its own restriction. Any "(X)" whose X
// reads as a marking counts; a false alarm only makes the text stricter.
Marking with_stray_marks(const Marking& inherited, std::string_view text) {
  Marking m = inherited;
  for (std::size_t open = text.find('('); open != std::string_view::npos; open = text.find('(', open + 1)) {
    const std::size_t close = text.find(')', open);
    if (close == std::string_view::npos) break;
    if (close - open > 32) continue;
    Result<Marking> mark = parse_marking(text.substr(open, close - open + 1));
    if (mark && (mark->level != Level::kUnclassified || !mark->controls.empty())) m = meet(m, *mark);
  }
  return m;
}

Portion make_portion(Portion::Kind kind, std::size_t paragraph, std::optional<Marking> own,
                     const Marking& overall) {
  Portion p;
  p.kind = kind;
  p.paragraph = paragraph;
  p.inherited = !own.has_value();
  p.marking = own ? std::move(*own) : overall;
  return p;
}

}  // namespace

CableAccess access_of(const Cable& cable) {
  CableAccess a;
  // A cable whose level cannot be read is treated as the highest (fail closed).
  bool readable = false;
  if (cable.classification) {
    if (Result<Marking> m = parse_marking(*cable.classification)) {
      a.overall = std::move(m.value());
      readable = true;
    }
  }
  if (!readable) a.overall = Marking{Level::kTopSecret, {}, {}};

  std::vector<std::string> dissemination;
  for (const std::string& caption : cable.handling) {
    const std::string c = text::squeeze_spaces(text::upper(caption));
    if (c == "REL" || c.starts_with("REL TO") || c.starts_with("REL ")) {
      a.overall.controls.emplace_back("REL");
      std::string_view list = std::string_view(c).substr(3);
      list = text::trim(list);
      if (list == "TO") list = {};
      if (list.starts_with("TO ")) list.remove_prefix(3);
      detail::append_rel_list(list, a.overall.rel_to);
      continue;
    }
    std::string name = detail::control_name(c);
    if (name.empty()) continue;
    if (name == "NOFORN") {
      a.overall.controls.push_back(std::move(name));
    } else {
      dissemination.push_back(std::move(name));
    }
  }
  detail::sort_unique(a.overall.controls);
  detail::sort_unique(a.overall.rel_to);
  detail::sort_unique(dissemination);

  if (cable.subject && !text::trim(*cable.subject).empty()) {
    a.portions.push_back(
        make_portion(Portion::Kind::kSubject, 0, subject_mark(*cable.subject), a.overall));
  }
  for (std::size_t i = 0; i < cable.paragraphs.size(); ++i) {
    std::optional<Marking> own;
    if (const std::optional<std::string>& mark = cable.paragraphs[i].marking) {
      // A mark that cannot be read says something we cannot tell: the
      // highest level, with the cable's caveats (fail closed).
      Result<Marking> m = parse_marking(*mark);
      own = m ? std::move(m.value()) : Marking{Level::kTopSecret, a.overall.controls, a.overall.rel_to};
    }
    a.portions.push_back(make_portion(Portion::Kind::kParagraph, i, std::move(own), a.overall));
  }
  a.portions.push_back(make_portion(Portion::Kind::kText, 0, std::nullopt, a.overall));
  for (Portion& p : a.portions) {
    if (p.inherited) p.marking = with_stray_marks(p.marking, portion_text(cable, p));
  }

  Level highest = a.overall.level;
  for (const Portion& p : a.portions) highest = std::max(highest, p.marking.level);
  a.declassification = detail::declassification_of(cable, highest);

  for (Portion& p : a.portions) {
    Visibility& v = p.visibility;
    v.level = p.marking.level;
    v.controls = p.marking.controls;
    v.controls.insert(v.controls.end(), dissemination.begin(), dissemination.end());
    detail::sort_unique(v.controls);
    v.rel_to = p.marking.rel_to;
    v.release = a.declassification.release;
  }
  return a;
}

}  // namespace chancery::access
