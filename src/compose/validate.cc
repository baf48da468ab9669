// Validation of a draft against the rules of the format
// (docs/telegram-format.md §9, the checklist; §2 precedence; §4 the text;
// §5 classification and declassification). Findings come in the order of the
// draft's members; each names the member and says what is expected.
#include <algorithm>
#include <array>
#include <cstdio>

#include <fmt/format.h>

#include "chancery/compose.h"
#include "compose/references.h"
#include "core/text.h"
#include "parse/telegram_internal.h"

namespace chancery::compose {
namespace {

using Severity = Problem::Severity;

class Findings {
 public:
  void error(std::string field, std::string message) {
    out_.push_back({Severity::kError, std::move(field), std::move(message)});
  }
  void warning(std::string field, std::string message) {
    out_.push_back({Severity::kWarning, std::move(field), std::move(message)});
  }
  std::vector<Problem> take() { return std::move(out_); }

 private:
  std::vector<Problem> out_;
};

// ---- Levels and portion marks (format §4.9, §5.1) ---------------------------

// 0 UNCLASSIFIED, 2 CONFIDENTIAL, 3 SECRET, 4 TOP SECRET; -1 unknown.
int level_rank(std::string_view level) {
  if (level == "UNCLASSIFIED") return 0;
  if (level == "CONFIDENTIAL") return 2;
  if (level == "SECRET") return 3;
  if (level == "TOP SECRET") return 4;
  return -1;
}

constexpr std::string_view kLevelNames[] = {"UNCLASSIFIED", "UNCLASSIFIED", "CONFIDENTIAL", "SECRET",
                                            "TOP SECRET"};

// A portion mark: its level and caveats ("C/NF" -> CONFIDENTIAL, NOFORN).
struct Portion {
  int rank = -1;  // as level_rank; 1 for SBU
  bool noforn = false;
  bool rel = false;
};

std::optional<Portion> read_mark(std::string_view mark) {
  const std::string m = text::upper(text::trim(mark));
  const std::size_t slash = m.find('/');
  const std::string level = m.substr(0, slash);
  Portion p;
  if (level == "U") {
    p.rank = 0;
  } else if (level == "SBU") {
    p.rank = 1;
  } else if (level == "C") {
    p.rank = 2;
  } else if (level == "S") {
    p.rank = 3;
  } else if (level == "TS") {
    p.rank = 4;
  } else {
    return std::nullopt;
  }
  // Caveats after "/" or "//": NF (NOFORN), REL ... ; nothing else is known.
  std::string_view rest = slash == std::string::npos ? std::string_view() : std::string_view(m).substr(slash);
  while (!rest.empty()) {
    while (!rest.empty() && rest[0] == '/') rest.remove_prefix(1);
    const std::size_t next = rest.find('/');
    const std::string_view caveat = text::trim(rest.substr(0, next));
    if (caveat == "NF" || caveat == "NOFORN" || caveat == "N") {
      p.noforn = true;
    } else if (caveat.starts_with("REL")) {
      p.rel = true;
      // "REL TO NATO/AUS": the list runs on past its slashes.
      break;
    } else if (!caveat.empty()) {
      return std::nullopt;
    }
    rest = next == std::string_view::npos ? std::string_view() : rest.substr(next);
  }
  return p;
}

// ---- Dates (format §5.3) ----------------------------------------------------

struct Date {
  int y = 0, m = 0, d = 0;
  auto operator<=>(const Date&) const = default;
};

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::optional<Date> read_date(std::string_view s) {
  s = text::trim(s);
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!text::is_digit(s[i])) return std::nullopt;
  }
  Date d{std::stoi(std::string(s.substr(0, 4))), std::stoi(std::string(s.substr(5, 2))),
         std::stoi(std::string(s.substr(8, 2)))};
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.m < 1 || d.m > 12 || d.d < 1 || d.d > kDays[d.m - 1]) return std::nullopt;
  if (d.m == 2 && d.d == 29 && !leap(d.y)) return std::nullopt;
  return d;
}

std::string show(const Date& d) { return fmt::format("{:04}-{:02}-{:02}", d.y, d.m, d.d); }

bool is_exemption(std::string_view s) {
  static constexpr std::string_view kExemptions[] = {"25X1", "25X2", "25X3", "25X4", "25X5", "25X6",
                                                     "25X7", "25X8", "25X9", "50X1-HUM", "50X2-WMD"};
  const std::string up = text::upper(text::trim(s));
  return std::find(std::begin(kExemptions), std::end(kExemptions), up) != std::end(kExemptions);
}

// ---- Captions (format §4.3) -------------------------------------------------

bool has(const std::vector<std::string>& list, std::string_view value) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& s) { return text::iequals(text::trim(s), value); });
}

bool has_prefix(const std::vector<std::string>& list, std::string_view prefix) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& s) { return text::istarts_with(text::trim(s), prefix); });
}

// A subject tag (four letters, the first naming the area) or a program tag
// (K...), by the shape the format describes (§4.5), when no TAGS list says.
bool subject_tag_by_shape(std::string_view tag) {
  if (tag.size() != 4 || !std::all_of(tag.begin(), tag.end(), text::is_upper)) return false;
  return std::string_view("ABCEMOPSTK").find(tag[0]) != std::string_view::npos;
}

// ---- The checks, one member at a time ------------------------------------------

void check_addressees(const Draft& d, const Context& ctx, Findings& f) {
  if (d.to.empty()) {
    f.error("to", "no action addressee: a cable needs at least one TO address");
  }
  auto check_block = [&](const std::vector<Addressee>& block, std::string_view name, bool action) {
    for (std::size_t i = 0; i < block.size(); ++i) {
      const Addressee& a = block[i];
      const std::string field = fmt::format("{}[{}]", name, i);
      const std::string plad = text::squeeze_spaces(a.name);
      if (plad.empty()) {
        f.error(field, "the address is empty: give a plain language address (AMEMBASSY PARIS)");
        continue;
      }
      if (ctx.known_address && !ctx.known_address(plad)) {
        f.error(field, fmt::format("unknown address \"{}\": not a post, office or collective of the "
                                   "directory",
                                   plad));
      }
      if (a.precedence) {
        if (!precedence_rank(*a.precedence)) {
          f.error(field + ".precedence",
                  fmt::format("\"{}\" is not a precedence: use FLASH, NIACT IMMEDIATE, IMMEDIATE, "
                              "PRIORITY or ROUTINE",
                              *a.precedence));
        } else if (*a.precedence == "NIACT IMMEDIATE" && !action) {
          f.error(field + ".precedence",
                  "NIACT IMMEDIATE is for action addressees only (format §2): an information "
                  "addressee takes IMMEDIATE at most");
        }
      }
      auto same = [&](const Addressee& b) { return text::squeeze_spaces(b.name) == plad; };
      const bool earlier_here = std::any_of(block.begin(), block.begin() + static_cast<std::ptrdiff_t>(i), same);
      const bool in_to = !action && std::any_of(d.to.begin(), d.to.end(), same);
      if (earlier_here || in_to) {
        f.warning(field, fmt::format("\"{}\" is addressed more than once", plad));
      }
    }
  };
  check_block(d.to, "to", true);
  check_block(d.info, "info", false);
}

void check_precedence(const Draft& d, Findings& f) {
  if (!precedence_rank(d.precedence)) {
    f.error("precedence", fmt::format("\"{}\" is not a precedence: use FLASH, IMMEDIATE, PRIORITY or "
                                      "ROUTINE (NIACT IMMEDIATE goes on an action addressee)",
                                      d.precedence));
    return;
  }
  if (d.precedence == "NIACT IMMEDIATE") {
    f.error("precedence",
            "NIACT IMMEDIATE attaches to an individual action addressee (format §2): give the draft "
            "IMMEDIATE and the addressee that must act at night NIACT IMMEDIATE");
  }
}

void check_exempt(const Draft& d, const Context& ctx, Findings& f) {
  if (d.exempt.empty()) return;
  auto collective = [](const Addressee& a) { return a.name.find("COLLECTIVE") != std::string::npos; };
  if (std::none_of(d.to.begin(), d.to.end(), collective) &&
      std::none_of(d.info.begin(), d.info.end(), collective)) {
    f.error("exempt", "XMT exempts members of a collective, and no collective is addressed");
  }
  for (std::size_t i = 0; i < d.exempt.size(); ++i) {
    const std::string plad = text::squeeze_spaces(d.exempt[i]);
    if (ctx.known_address && !ctx.known_address(plad)) {
      f.error(fmt::format("exempt[{}]", i), fmt::format("unknown address \"{}\"", plad));
    }
  }
}

void check_classification(const Draft& d, int level, Findings& f) {
  if (text::trim(d.classification).empty()) {
    f.error("classification",
            "classification missing: UNCLASSIFIED, CONFIDENTIAL, SECRET or TOP SECRET");
  } else if (level < 0) {
    f.error("classification", fmt::format("\"{}\" is not a classification: use UNCLASSIFIED, "
                                          "CONFIDENTIAL, SECRET or TOP SECRET",
                                          d.classification));
  }
  if (level < 0) return;
  // Overall classification >= the highest portion, the subject's included
  // (format §9.1; EO 13526 §1.6).
  int highest = -1;
  std::string where;
  auto consider = [&](std::string_view mark, std::string field) {
    if (std::optional<Portion> p = read_mark(mark); p && p->rank > highest) {
      highest = p->rank;
      where = std::move(field);
    }
  };
  if (!d.subject_marking.empty()) consider(d.subject_marking, "the subject");
  for (std::size_t i = 0; i < d.paragraphs.size(); ++i) {
    consider(d.paragraphs[i].marking, fmt::format("paragraphs[{}] ({})", i, d.paragraphs[i].marking));
  }
  const int overall = level;
  if (highest > overall && !(highest == 1 && overall == 0)) {
    f.error("classification", fmt::format("{} is below {}, marked {}: the cable must be classified at "
                                          "least {}",
                                          kLevelNames[overall], where, kLevelNames[highest],
                                          kLevelNames[highest]));
  }
}

void check_captions(const Draft& d, int level, Findings& f) {
  for (std::size_t i = 0; i < d.captions.size(); ++i) {
    const std::string c = text::upper(text::trim(d.captions[i]));
    const std::optional<std::vector<std::string>> read = parse::detail::caption_line(c);
    if (!read || read->size() != 1) {
      f.warning(fmt::format("captions[{}]", i),
                fmt::format("\"{}\" is no handling caption the format knows; it would read as a "
                            "passing line",
                            c));
    }
    if (std::count_if(d.captions.begin(), d.captions.begin() + static_cast<std::ptrdiff_t>(i),
                      [&](const std::string& s) { return text::iequals(text::trim(s), c); }) > 0) {
      f.warning(fmt::format("captions[{}]", i), fmt::format("{} is given twice", c));
    }
  }
  if (has(d.captions, "SIPDIS") && (has(d.captions, "NODIS") || has(d.captions, "EXDIS"))) {
    f.error("captions",
            "SIPDIS may not be combined with NODIS or EXDIS (FAH-2 H-440): the more restrictive "
            "caption prevails; remove SIPDIS");
  }
  if (has(d.captions, "EFTO") && level > 0) {
    f.error("captions", "EFTO is for unclassified traffic (UNCLAS E F T O); a classified cable is "
                        "encrypted anyway");
  }
  // Captions consistent with the portions.
  for (std::size_t i = 0; i < d.paragraphs.size(); ++i) {
    const std::optional<Portion> p = read_mark(d.paragraphs[i].marking);
    if (!p) continue;
    if (p->noforn && !has(d.captions, "NOFORN")) {
      f.error("captions", fmt::format("paragraphs[{}] is marked ({}) but NOFORN is not among the "
                                      "captions",
                                      i, text::upper(text::trim(d.paragraphs[i].marking))));
    }
    if (p->rel && !has_prefix(d.captions, "REL TO") && !has(d.captions, "NOFORN")) {
      f.error("captions", fmt::format("paragraphs[{}] is marked ({}) but no REL TO caption says to "
                                      "whom the cable may be released",
                                      i, text::upper(text::trim(d.paragraphs[i].marking))));
    }
    if (p->rank == 1 && level == 0 && !has(d.captions, "SENSITIVE") &&
        !has(d.captions, "SENSITIVE BUT UNCLASSIFIED")) {
      f.error("captions", fmt::format("paragraphs[{}] is marked (SBU) but the cable carries no "
                                      "SENSITIVE BUT UNCLASSIFIED caption",
                                      i));
    }
  }
}

void check_declassification(const Draft& d, int level, const Context& ctx, Findings& f) {
  const std::string decl(text::trim(d.declassify_on));
  if (level < 0) return;  // no level, no rule to apply (the classification's own error says so)
  if (level == 0) {
    if (!decl.empty()) {
      f.warning("declassify_on", "an unclassified cable takes no declassification date (E.O. line "
                                 "N/A)");
    }
    return;
  }
  if (decl.empty()) {
    f.error("declassify_on", "a classified cable needs a declassification date (YYYY-MM-DD) or an "
                             "exemption (25X1-25X9, 50X1-HUM, 50X2-WMD)");
    return;
  }
  if (is_exemption(decl)) return;
  const std::optional<Date> date = read_date(decl);
  if (!date) {
    f.error("declassify_on", fmt::format("\"{}\" is neither a date YYYY-MM-DD nor an exemption "
                                         "(25X1-25X9, 50X1-HUM, 50X2-WMD)",
                                         decl));
    return;
  }
  const std::optional<Date> today = read_date(ctx.today);
  if (!today) return;
  if (*date <= *today) {
    f.error("declassify_on", fmt::format("{} is not after today ({}): the information would be "
                                         "declassified already",
                                         show(*date), show(*today)));
  }
  // At most 25 years from the decision (EO 13526 §1.5); 29 February moves
  // to the 28th in a year that has none.
  Date limit{today->y + 25, today->m, today->d};
  if (limit.m == 2 && limit.d == 29 && !leap(limit.y)) limit.d = 28;
  if (*date > limit) {
    f.error("declassify_on", fmt::format("{} is more than 25 years after today ({}): EO 13526 §1.5 "
                                         "allows no later than {}, beyond that only an exemption "
                                         "(25X1-25X9, 50X1-HUM, 50X2-WMD)",
                                         show(*date), show(*today), show(limit)));
  }
}

void check_tags(const Draft& d, const Context& ctx, Findings& f) {
  if (d.tags.empty()) {
    f.error("tags", "no TAGS: a cable needs at least one subject tag (PREL, ECON, ...)");
    return;
  }
  bool subject = false;
  for (std::size_t i = 0; i < d.tags.size(); ++i) {
    const std::string tag = text::upper(text::trim(d.tags[i]));
    const std::string field = fmt::format("tags[{}]", i);
    if (tag.empty()) {
      f.error(field, "an empty tag");
      continue;
    }
    if (tag.find(',') != std::string::npos || tag.find(';') != std::string::npos) {
      f.error(field, fmt::format("\"{}\" holds a separator: give each tag on its own", tag));
    }
    subject = subject || (ctx.subject_tag ? ctx.subject_tag(tag) : subject_tag_by_shape(tag));
    if (ctx.known_tag && !ctx.known_tag(tag)) {
      f.warning(field, fmt::format("\"{}\" is not in the TAGS list", tag));
    }
  }
  if (!subject) {
    f.error("tags", "no subject or program tag among the TAGS (PREL, ECON, KNNP, ...): every cable "
                    "needs at least one");
  }
}

void check_subject(const Draft& d, int level, Findings& f) {
  const std::string subject = text::squeeze_spaces(d.subject);
  if (subject.empty()) {
    f.error("subject", "SUBJECT missing");
  } else {
    // The reader cuts a line at a field label after a space (format §8,
    // merged lines), so a subject cannot hold one.
    for (std::string_view label : {"REF:", "Ref:", "REFS:", "TAGS:", "Tags:", "SUBJECT:", "Subject:",
                                   "Classified By:", "CLASSIFIED BY:", "E.O. 1"}) {
      if (subject.find(std::string(" ") + std::string(label)) != std::string::npos) {
        f.error("subject", fmt::format("the subject holds the field label \"{}\", which would start "
                                       "that field when the cable is read",
                                       label));
      }
    }
  }
  if (!d.subject_marking.empty() && !read_mark(d.subject_marking)) {
    f.error("subject_marking", fmt::format("\"{}\" is not a portion mark (U, SBU, C, S, TS, with "
                                           "/NF or /REL ... caveats)",
                                           d.subject_marking));
  } else if (d.subject_marking.empty() && level > 0) {
    f.warning("subject_marking", "the subject of a classified cable is normally portion-marked");
  }
}

void check_references(const Draft& d, const Numbering& numbering, const Context& ctx, Findings& f) {
  const parse::detail::CitingCable citing = citing_of(numbering);
  for (std::size_t i = 0; i < d.references.size(); ++i) {
    const DraftReference& r = d.references[i];
    const std::string field = fmt::format("references[{}]", i);
    const std::string t = text::squeeze_spaces(r.text);
    if (t.empty()) {
      f.error(field, "an empty reference");
      continue;
    }
    std::optional<std::string> id = r.id;
    if (!id && ctx.resolve_reference) id = ctx.resolve_reference(t);
    if (!id) id = parse::detail::resolve_reference(t, citing);
    if (!id) {
      f.warning(field, fmt::format("\"{}\" names no cable that could be resolved", t));
    } else if (ctx.in_archive && !ctx.in_archive(*id)) {
      f.warning(field, fmt::format("{} (\"{}\") is not in the archive", *id, t));
    }
  }
}

void check_classifier(const Draft& d, int level, Findings& f) {
  const bool named = !text::trim(d.classified_by).empty();
  if (level > 0 && !named) {
    f.error("classified_by", "a classified cable needs its classifier: name and position "
                             "(Classified By: Ambassador Richard H. Jones)");
  }
  if (level > 0 && d.reasons.empty()) {
    f.error("reasons", "a classified cable needs the reasons for classification: 1.4(a) to 1.4(h)");
  }
  if (level == 0 && (named || !d.reasons.empty())) {
    f.warning(named ? "classified_by" : "reasons",
              "an unclassified cable has no classifier and no reasons");
  }
  for (std::size_t i = 0; i < d.reasons.size(); ++i) {
    const std::string r = text::lower(text::trim(d.reasons[i]));
    const bool valid = r.size() == 6 && r.starts_with("1.4(") && r[4] >= 'a' && r[4] <= 'h' &&
                       r[5] == ')';
    if (!valid) {
      f.error(fmt::format("reasons[{}]", i),
              fmt::format("\"{}\" is not a reason of EO 13526 §1.4: write 1.4(a) to 1.4(h)",
                          d.reasons[i]));
    }
  }
}

void check_paragraphs(const Draft& d, int level, Findings& f) {
  if (d.paragraphs.empty()) {
    f.error("paragraphs", "the cable has no text: at least one paragraph");
    return;
  }
  long previous = 0;
  std::size_t characters = 0;
  for (std::size_t i = 0; i < d.paragraphs.size(); ++i) {
    const DraftParagraph& p = d.paragraphs[i];
    const std::string field = fmt::format("paragraphs[{}]", i);
    characters += p.text.size();
    if (text::trim(p.text).empty()) f.error(field + ".text", "an empty paragraph");
    const std::string mark(text::trim(p.marking));
    if (mark.empty()) {
      if (level > 0) {
        f.error(field + ".marking",
                "every paragraph of a classified cable needs a portion mark: (U), (SBU), (C), (S) "
                "or (TS), with /NF or /REL ... caveats");
      }
    } else if (!read_mark(mark)) {
      f.error(field + ".marking", fmt::format("\"{}\" is not a portion mark (U, SBU, C, S, TS, "
                                              "with /NF or /REL ... caveats)",
                                              mark));
    }
    if (!text::trim(p.number).empty()) {
      long n = 0;
      const std::string number(text::trim(p.number));
      const bool digits = std::all_of(number.begin(), number.end(), text::is_digit) && number.size() <= 3;
      if (digits) n = std::stol(number);
      if (!digits || n <= previous) {
        f.error(field + ".number", fmt::format("paragraph number \"{}\" does not follow {}", number,
                                               previous));
      }
      previous = digits ? n : previous + 1;
    } else {
      ++previous;
    }
  }
  // FAH-1 H-246.3: a telegram longer than three pages needs a summary; a
  // page holds about 60 lines of 65 columns.
  const bool summarised = !text::trim(d.summary).empty() ||
                          std::any_of(d.paragraphs.begin(), d.paragraphs.end(), [](const DraftParagraph& p) {
                            return text::ifind(p.text, "SUMMARY") != std::string_view::npos;
                          });
  if (!summarised && characters > 3 * 60 * 65) {
    f.warning("summary", "a cable longer than three pages needs a summary above paragraph 1");
  }
  // NIACT must be justified in paragraph 1 (format §2).
  const bool niact = std::any_of(d.to.begin(), d.to.end(), [](const Addressee& a) {
    return a.precedence && *a.precedence == "NIACT IMMEDIATE";
  });
  if (niact && text::ifind(d.paragraphs[0].text, "NIACT") == std::string_view::npos) {
    f.warning("paragraphs[0]", "a NIACT IMMEDIATE cable justifies the night action in paragraph 1");
  }
}

}  // namespace

std::vector<Problem> validate(const Draft& d, const Context& ctx) {
  Findings f;
  const std::string level_word = text::upper(text::trim(d.classification));
  const int level = level_rank(level_word);
  // The reference resolver needs the citing post and year; the draft's own
  // post is its originator and the year today's.
  Numbering numbering;
  numbering.dtg = ctx.today;
  if (text::istarts_with(d.from, "AMEMBASSY ") || text::istarts_with(d.from, "AMCONSUL ")) {
    numbering.post = d.from.substr(d.from.find(' ') + 1);
  } else if (text::istarts_with(d.from, "SECSTATE")) {
    numbering.post = "STATE";
  }

  if (text::trim(d.from).empty()) {
    f.error("from", "the originating post is missing (its plain language address, AMEMBASSY TEL AVIV)");
  } else if (ctx.known_address && !ctx.known_address(text::squeeze_spaces(d.from))) {
    f.error("from", fmt::format("unknown originator \"{}\": not a post or office of the directory",
                                text::squeeze_spaces(d.from)));
  }
  check_precedence(d, f);
  check_addressees(d, ctx, f);
  check_exempt(d, ctx, f);
  check_classification(d, level, f);
  check_captions(d, level, f);
  check_declassification(d, level, ctx, f);
  check_tags(d, ctx, f);
  check_subject(d, level, f);
  check_references(d, numbering, ctx, f);
  check_classifier(d, level, f);
  check_paragraphs(d, level, f);
  if (text::trim(d.signature).empty()) {
    f.warning("signature", "no signature: a cable ends with the name of the chief of mission or the "
                           "Secretary");
  }
  return f.take();
}

}  // namespace chancery::compose
