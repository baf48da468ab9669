// Classification markings: levels, portion marks and classification lines.
//
// A marking is read as CAPCO writes it, leniently: the level first, then
// controls separated by "//" (between categories) or "/" (within one, and
// between the entries of a REL TO list, as in "S/REL TO NATO/AUS"). Drafters
// use both separators for everything ("S/NF", "S//NF"), so the difference
// only matters after REL: a "/" continues the list unless a known control
// follows ("S/REL TO UK/NF"), a "//" always ends it.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/access.h"

#include "access/access_internal.h"
#include "core/text.h"

namespace chancery::access {
namespace {

// Words that mean "not for the public" (SBU, FOUO, LOU, ...): level
// UNCLASSIFIED with the control OFFICIAL.
constexpr std::array<std::string_view, 11> kOfficialWords = {
    "SBU",        "FOUO", "LOU",     "LIMITED OFFICIAL USE",       "FOR OFFICIAL USE ONLY",
    "SENSITIVE",  "EFTO", "E F T O", "SENSITIVE BUT UNCLASSIFIED", "OFFICIAL",
    "UNCLAS EFTO"};

// Controls that can follow a REL TO list after a single "/" and are not
// entries of it.
constexpr std::array<std::string_view, 24> kKnownControls = {
    "NF",     "NOFORN", "FGI",    "ORCON",  "OC",  "IMCON", "PROPIN", "PR",
    "RELIDO", "FISA",   "SI",     "TK",     "HCS", "SAR",   "EXDIS",  "NODIS",
    "LIMDIS", "STADIS", "SPECAT", "SIPDIS", "LES", "SBU",   "FOUO",   "OFFICIAL"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

bool is_rel(std::string_view seg) {
  return seg == "REL" || seg.starts_with("REL ") || seg.starts_with("RELTO ");
}

// The list of a REL segment: "REL TO USA, FVEY" -> "USA, FVEY".
std::string_view rel_list(std::string_view seg) {
  seg.remove_prefix(seg.starts_with("RELTO") ? 5 : 3);
  seg = text::trim(seg);
  if (seg == "TO") return {};
  if (seg.starts_with("TO ")) seg.remove_prefix(3);
  return text::trim(seg);
}

struct Segment {
  std::string text;  // upper case, single spaces, trimmed
  bool after_double = false;
};

std::vector<Segment> split_segments(std::string_view s) {
  std::vector<Segment> out;
  std::size_t i = 0;
  bool double_sep = false;
  while (true) {
    const std::size_t j = s.find('/', i);
    out.push_back(
        {text::squeeze_spaces(s.substr(i, j == std::string_view::npos ? j : j - i)), double_sep});
    if (j == std::string_view::npos) break;
    i = j;
    std::size_t slashes = 0;
    while (i < s.size() && s[i] == '/') {
      ++i;
      ++slashes;
    }
    double_sep = slashes > 1;
  }
  return out;
}

}  // namespace

namespace detail {

std::string control_name(std::string_view word) {
  std::string w = text::squeeze_spaces(text::upper(word));
  if (w == "NF" || w == "NOFORN") return "NOFORN";
  if (one_of(kOfficialWords, w)) return "OFFICIAL";
  // Foreign government information says where the text came from; it
  // restricts nothing by itself ("FGI", "FGI DEU").
  if (w == "FGI" || w.starts_with("FGI ")) return "";
  return w;
}

}  // namespace detail

std::string_view level_name(Level level) {
  switch (level) {
    case Level::kUnclassified:
      return "UNCLASSIFIED";
    case Level::kConfidential:
      return "CONFIDENTIAL";
    case Level::kSecret:
      return "SECRET";
    case Level::kTopSecret:
      return "TOP SECRET";
  }
  return "TOP SECRET";
}

std::optional<Level> parse_level(std::string_view text) {
  const std::string t = text::squeeze_spaces(text::upper(text));
  if (t == "TOP SECRET" || t == "TS") return Level::kTopSecret;
  if (t == "SECRET" || t == "S") return Level::kSecret;
  if (t == "CONFIDENTIAL" || t == "C") return Level::kConfidential;
  if (t == "UNCLASSIFIED" || t == "UNCLAS" || t == "U") return Level::kUnclassified;
  return std::nullopt;
}

Result<Marking> parse_marking(std::string_view text) {
  // Markings are printable ASCII; anything else is no marking (and would not
  // survive the canonical form).
  for (char c : text) {
    if (c < 0x20 || c > 0x7e) {
      return Error{.code = Errc::kInvalidInput,
                   .message = "not a classification marking: a character no marking holds",
                   .hint = "expected a level such as U, C, S, TS, SBU or SECRET//NOFORN"};
    }
  }
  std::string_view s = text::trim(text);
  if (s.size() >= 2 && s.front() == '(' && s.back() == ')')
    s = text::trim(s.substr(1, s.size() - 2));
  const std::string upper = text::upper(s);
  std::vector<Segment> segments = split_segments(upper);

  Marking m;
  std::vector<std::string> controls;
  // The level segment: a level ("S", "TOP SECRET"), an SBU-like word, or a
  // level and a control separated by a space ("UNCLAS EFTO").
  const std::string& first = segments.front().text;
  bool official_level = false;
  std::string rest;
  if (std::optional<Level> l = parse_level(first)) {
    m.level = *l;
  } else if (detail::control_name(first) == "OFFICIAL") {
    m.level = Level::kUnclassified;
    controls.emplace_back("OFFICIAL");
    official_level = true;
  } else {
    std::optional<Level> found;
    for (std::size_t sp = first.rfind(' '); sp != std::string::npos && sp > 0;
         sp = first.rfind(' ', sp - 1)) {
      // Only a known control may follow, so that a subject's "(U S POLICY)"
      // or "(C O R R E C T E D COPY)" is no marking.
      const std::string tail = first.substr(sp + 1);
      const std::string tail_name = detail::control_name(tail);
      if (tail_name != "NOFORN" && tail_name != "OFFICIAL" && !one_of(kKnownControls, tail))
        continue;
      if ((found = parse_level(std::string_view(first).substr(0, sp)))) {
        rest = tail;
        break;
      }
    }
    if (!found) {
      return Error{.code = Errc::kInvalidInput,
                   .message = "not a classification marking: no level recognised",
                   .hint = "expected a level such as U, C, S, TS, SBU or SECRET//NOFORN"};
    }
    m.level = *found;
  }
  if (!rest.empty()) segments.front().text = rest;

  bool in_rel = false;
  for (std::size_t k = (rest.empty() ? 1 : 0); k < segments.size(); ++k) {
    const Segment& seg = segments[k];
    const std::string& t = seg.text;
    if (t.empty()) continue;
    if (in_rel && !seg.after_double && !one_of(kKnownControls, t) && !is_rel(t)) {
      detail::append_rel_list(t, m.rel_to);
      continue;
    }
    in_rel = false;
    if (is_rel(t)) {
      controls.emplace_back("REL");
      detail::append_rel_list(rel_list(t), m.rel_to);
      in_rel = true;
      continue;
    }
    // "SBU/N": N is NOFORN after SBU [FAH-1 H-246.2]; elsewhere it is unknown.
    std::string name = (t == "N" && official_level) ? "NOFORN" : detail::control_name(t);
    if (!name.empty()) controls.push_back(std::move(name));
  }
  detail::sort_unique(controls);
  detail::sort_unique(m.rel_to);
  // Names are words: letters, digits, spaces, '-' and '&'. Other punctuation
  // is no marking anyone wrote, and would not read back as itself.
  const auto word = [](const std::string& name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '&';
    });
  };
  if (!std::all_of(controls.begin(), controls.end(), word) || !std::all_of(m.rel_to.begin(), m.rel_to.end(), word)) {
    return Error{.code = Errc::kInvalidInput,
                 .message = "not a classification marking: a caveat or REL TO entry that is no word",
                 .hint = "expected a level such as U, C, S, TS, SBU or SECRET//NOFORN"};
  }
  m.controls = std::move(controls);
  return m;
}

std::string format_marking(const Marking& marking) {
  std::string out(level_name(marking.level));
  bool rel = false;
  for (const std::string& c : marking.controls) {
    if (c == "REL") {
      rel = true;
      continue;
    }
    out += "//";
    out += c;
  }
  // REL TO last: entries that are no known control would otherwise swallow
  // the controls after them when read back.
  if (rel) {
    out += "//REL";
    for (std::size_t i = 0; i < marking.rel_to.size(); ++i) {
      out += i == 0 ? " TO " : ", ";
      out += marking.rel_to[i];
    }
  }
  return out;
}

bool dominates(const Marking& a, const Marking& b) {
  if (a.level < b.level) return false;
  // Linear searches: a marking holds a handful of controls, and callers may
  // build one by hand without sorting it.
  auto has = [](const std::vector<std::string>& v, std::string_view x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  };
  for (const std::string& c : b.controls) {
    if (!has(a.controls, c)) return false;
  }
  if (has(b.controls, "REL")) {
    for (const std::string& r : a.rel_to) {
      if (!has(b.rel_to, r)) return false;
    }
  }
  return true;
}

}  // namespace chancery::access
