// When a cable's level lapses: the schedule rule of format spec §5.4.
//
//  DECL <date>                     -> that date (kDate)
//  25X<n> / 50X<n>                 -> never by date (kExempt)
//  an event, X1-X8, OADR, GDS, MR,
//  N/A on a classified cable, a
//  downgrade or no line at all     -> 31 December of year(created) + 25 (kFallback)
//  nothing above UNCLASSIFIED      -> nothing to lapse (kNone)
//
// A downgrade ("DNG: CO 01/26/2021") lowers the level on that date; it is not
// applied: the whole cable keeps its level until the fallback date, which
// errs on the side of keeping it closed.
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "chancery/access.h"

#include "access/access_internal.h"
#include "core/text.h"
#include "parse/telegram_internal.h"

namespace chancery::access::detail {
namespace {

// "25X1", "25x1-human", "50X1-HUM": an exemption from automatic
// declassification (EO 13526 §3.3). The 1995 order's "X1" is not one.
bool names_exemption(std::string_view s) {
  for (std::size_t i = 0; i + 3 < s.size(); ++i) {
    if ((s[i] != '2' || s[i + 1] != '5') && (s[i] != '5' || s[i + 1] != '0')) continue;
    if (i > 0 && text::is_alnum(s[i - 1])) continue;
    if (text::to_upper(s[i + 2]) == 'X' && text::is_digit(s[i + 3])) return true;
  }
  return false;
}

// The instruction for people: without the "DECL:" label and whatever ran
// into the line (TAGS, SUBJECT, a trailing backslash).
std::string clean_instruction(std::string_view s) {
  for (std::string_view glued : {" TAGS", "\tTAGS", " SUBJ"}) {
    if (const std::size_t at = text::ifind(s, glued); at != std::string_view::npos) {
      s = s.substr(0, at);
    }
  }
  s = text::trim(s);
  while (text::istarts_with(s, "DECL")) {
    std::size_t k = 4;
    if (k < s.size() && (s[k] == 'L' || s[k] == 'l')) ++k;  // "DECLl:"
    if (k < s.size() && s[k] != ':' && s[k] != ' ') break;  // "DECLASSIFY ..." stays
    while (k < s.size() && (s[k] == ':' || s[k] == ' ')) ++k;
    s = s.substr(k);
  }
  while (!s.empty() && (s.back() == '\\' || text::is_space(s.back()))) s.remove_suffix(1);
  return text::squeeze_spaces(s);
}

// The year of "YYYY-..." or 0.
int year_of(std::string_view iso) {
  if (iso.size() < 4) return 0;
  int y = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    if (!text::is_digit(iso[i])) return 0;
    y = y * 10 + (iso[i] - '0');
  }
  return y;
}

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!text::is_digit(s[i])) return false;
  }
  return true;
}

}  // namespace

EoInstruction find_eo_instruction(std::string_view body) {
  EoInstruction eo;
  std::string declassify_on;    // "Declassify on: Source marked 25X1-human, ..."
  bool want_decl_line = false;  // "E.O. 12958:" wrapped before its DECL
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view line = text::trim(body.substr(pos, end - pos));
    pos = end + 1;
    if (want_decl_line) {
      if (line.empty()) continue;
      want_decl_line = false;
      if (text::istarts_with(line, "DECL")) eo.raw = std::string(line);
      continue;
    }
    if (!eo.found) {
      if (const std::size_t at = parse::detail::eo_line_body(line); at != std::string_view::npos) {
        eo.found = true;
        eo.raw = std::string(line.substr(at));
        want_decl_line = text::trim(eo.raw).empty();
        continue;
      }
    }
    if (declassify_on.empty() && text::istarts_with(line, "DECLASSIFY ON")) {
      std::string_view rest = line.substr(13);
      while (!rest.empty() && (rest.front() == ':' || rest.front() == ' ')) rest.remove_prefix(1);
      declassify_on = std::string(rest.empty() ? line : rest);
    }
    if (eo.found && !want_decl_line && !declassify_on.empty()) break;
  }
  if (!eo.found && !declassify_on.empty()) {
    eo.found = true;
    eo.raw = declassify_on;
  }
  eo.instruction = clean_instruction(eo.raw);
  eo.exempt = names_exemption(eo.raw) || names_exemption(declassify_on);
  return eo;
}

Declassification declassification_of(const Cable& cable, Level highest) {
  const EoInstruction eo = find_eo_instruction(cable.body);
  Declassification d;
  d.instruction = eo.instruction;
  if (highest == Level::kUnclassified) return d;  // kNone
  if (eo.exempt) {
    d.kind = Declassification::Kind::kExempt;
    return d;
  }
  const bool downgrade = text::ifind(eo.raw, "DNG") != std::string_view::npos;
  if (!downgrade) {
    if (cable.declassify_on && is_iso_date(*cable.declassify_on)) {
      d.kind = Declassification::Kind::kDate;
      d.release = *cable.declassify_on;
      return d;
    }
    // Some readers leave declassify_on null for a DECL date they did not
    // reach (re-cased "E.o. 12958: decl: 02/22/2018"): read the line here.
    if (std::optional<std::string> date = parse::detail::parse_decl_date(eo.raw)) {
      d.kind = Declassification::Kind::kDate;
      d.release = std::move(*date);
      return d;
    }
  }
  d.kind = Declassification::Kind::kFallback;
  if (const int year = cable.created ? year_of(*cable.created) : 0; year > 0) {
    d.release = fmt::format("{:04}-12-31", year + 25);
  }
  return d;
}

}  // namespace chancery::access::detail
