// The ACP-127 transport header (format §1-§3): format lines, addressees,
// printed distribution blocks and wrappers.
#include <algorithm>

#include <fmt/format.h>

#include "core/text.h"
#include "parse/lines.h"
#include "parse/telegram_internal.h"
#include "parse/telegram_reader.h"

namespace chancery::parse::reader {

using detail::ClassificationLine;
using text::is_digit;
using text::is_upper;

namespace {

// "LOG-00", "AF-00", "/006W": office symbols of a printed distribution block.
bool is_office_symbol(std::string_view t) {
  const std::size_t dash = t.rfind('-');
  if (dash == npos || dash == 0 || dash + 3 != t.size()) return false;
  return is_digit(t[dash + 1]) && is_digit(t[dash + 2]);
}

bool is_distribution_line(std::string_view t) {
  // "INFO  LOG-00   NP-00 ...", continuation lines of symbols, "/006W".
  int symbols = 0;
  std::size_t i = 0;
  while (i < t.size()) {
    while (i < t.size() && t[i] == ' ') ++i;
    std::size_t j = i;
    while (j < t.size() && t[j] != ' ') ++j;
    if (j == i) break;
    std::string_view tok = t.substr(i, j - i);
    if (is_office_symbol(tok)) {
      ++symbols;
    } else if (!(tok[0] == '/' && tok.size() <= 6) && tok != "INFO" && tok != "ACTION" &&
               tok != "ORIGIN") {
      return false;
    }
    i = j;
  }
  return symbols > 0 || (t.size() <= 6 && !t.empty() && t[0] == '/');
}

bool is_routing_token(std::string_view t) {
  if (t.size() < 4 || t.size() > 8) return false;
  return std::all_of(t.begin(), t.end(), [](char c) { return is_upper(c); });
}

// FL2: "PP RUEHBC RUEHDE" (prosign, then routing indicators).
bool is_prosign_line(std::string_view t, std::string* prosign) {
  if (t.size() < 2) return false;
  const std::string_view p = t.substr(0, 2);
  if (p != "ZZ" && p != "OO" && p != "PP" && p != "RR" && p != "NN") return false;
  if (t.size() > 2 && t[2] != ' ') return false;
  std::size_t i = 2;
  while (i < t.size()) {
    while (i < t.size() && t[i] == ' ') ++i;
    std::size_t j = i;
    while (j < t.size() && t[j] != ' ') ++j;
    if (j > i && !is_routing_token(t.substr(i, j - i))) return false;
    i = j;
  }
  *prosign = std::string(p);
  return true;
}

bool is_routing_continuation(std::string_view t) {
  std::size_t i = 0;
  int n = 0;
  while (i < t.size()) {
    while (i < t.size() && t[i] == ' ') ++i;
    std::size_t j = i;
    while (j < t.size() && t[j] != ' ') ++j;
    if (j > i) {
      if (!is_routing_token(t.substr(i, j - i))) return false;
      ++n;
    }
    i = j;
  }
  return n > 0;
}

}  // namespace

// ---------------------------------------------------------------------------
// Header (format §1): FL1-FL9, printed distribution blocks, wrappers.
// Returns where the text starts (the classification line, or the first line
// that is no header line).
TextStart read_header(Reader& r, std::size_t header_end, bool split_known) {
  enum class Mode { kNone, kRouting, kTo, kInfo, kXmt, kDistribution };
  Mode mode = Mode::kNone;
  bool seen_header = false;
  std::vector<Recipient>* block = nullptr;
  Cable& c = r.cable;

  for (std::size_t i = 0; i < header_end; ++i) {
    std::string_view t = text::trim(r.lines[i].text);
    while (!t.empty() && t.back() == '\\') t = text::trim_right(t.substr(0, t.size() - 1));
    if (t.empty()) continue;

    // Without a known split, the classification line ends the header.
    if (!split_known) {
      if (detail::match_class_word(t, 0)) {
        std::optional<ClassificationLine> cl = detail::parse_classification_line(t, 0);
        // "CONFIDENTIAL     PTQ2529" heads a printed distribution record.
        const bool printed_banner =
            cl && cl->serial.empty() && t.find("  ") != npos && mode == Mode::kNone;
        if (cl && !printed_banner &&
            (mode == Mode::kTo || mode == Mode::kInfo || mode == Mode::kXmt || !cl->post.empty() ||
             t.size() < 40)) {
          return {i, static_cast<std::size_t>(t.data() - r.lines[i].text.data())};
        }
      }
    }

    // BT (break) separates the heading from the text (format §1.9): the
    // archive stripped it from nearly every cable, composers emit it. It
    // ends the addressee blocks and is no addressee itself.
    if (t == "BT") {
      mode = Mode::kNone;
      continue;
    }
    if (t.starts_with("VZCZC")) {
      c.transmission_id = std::string(t.substr(0, t.find(' ')));
      seen_header = true;
      mode = Mode::kNone;
      continue;
    }
    if (std::string prosign; is_prosign_line(t, &prosign)) {
      r.prosign = prosign;
      seen_header = true;
      mode = Mode::kRouting;
      continue;
    }
    if (mode == Mode::kRouting && is_routing_continuation(t)) continue;
    if (t.starts_with("DE ") && t.find('#') != npos) {
      seen_header = true;
      mode = Mode::kNone;
      continue;
    }
    if ((t.starts_with("ZNY ") || t.starts_with("ZNR ")) && t.size() >= 9) {
      const char l = t[4];
      if (t.substr(4, 5) == std::string(5, l)) r.fl4_level = l;
      seen_header = true;
      mode = Mode::kNone;
      continue;
    }
    if (std::optional<detail::Dtg> dtg = detail::parse_dtg_line(t)) {
      if (!r.dtg) r.dtg = dtg;
      seen_header = true;
      mode = Mode::kNone;
      continue;
    }
    if (starts_with_word(t, "FM")) {
      c.from = text::squeeze_spaces(t.substr(std::min<std::size_t>(3, t.size())));
      seen_header = true;
      mode = Mode::kNone;
      continue;
    }
    if (starts_with_word(t, "TO") || starts_with_word(t, "INFO") || starts_with_word(t, "XMT")) {
      const bool info = starts_with_word(t, "INFO");
      if (info && is_distribution_line(t)) {
        mode = Mode::kDistribution;
        continue;
      }
      seen_header = true;
      // The keyword ends at a space or a tab (starts_with_word).
      const std::size_t gap = t.find_first_of(" \t");
      std::string_view rest = text::trim(t.substr(gap == npos ? t.size() : gap));
      if (starts_with_word(t, "XMT")) {
        mode = Mode::kXmt;
        if (!rest.empty() && block != nullptr) {
          // XMT applies to a collective: the last one of the block it
          // follows, else the last one of the other block.
          Recipient* target = nullptr;
          for (std::vector<Recipient>* b : {block, block == &c.info ? &c.to : &c.info}) {
            for (Recipient& rc : *b) {
              if (rc.name.find("COLLECTIVE") != npos) target = &rc;
            }
            if (target != nullptr) break;
          }
          if (target == nullptr && !block->empty()) target = &block->back();
          std::string name = text::squeeze_spaces(rest);
          if (target != nullptr && std::find(target->excluded.begin(), target->excluded.end(),
                                             name) == target->excluded.end()) {
            target->excluded.push_back(std::move(name));
          }
        }
        continue;
      }
      mode = info ? Mode::kInfo : Mode::kTo;
      block = info ? &c.info : &c.to;
      if (!rest.empty())
        t = rest;
      else
        continue;
    } else if (starts_with_word(t, "ACTION") || starts_with_word(t, "ORIGIN")) {
      if (is_distribution_line(t)) {
        mode = Mode::kDistribution;
        continue;
      }
    } else if (mode == Mode::kDistribution && is_distribution_line(t)) {
      continue;
    } else if (mode == Mode::kXmt) {
      // The same PLAD repeated under XMT is no addressee.
      if (block != nullptr) {
        for (Recipient& rc : *block) {
          std::string name = text::squeeze_spaces(t);
          if (std::find(rc.excluded.begin(), rc.excluded.end(), name) != rc.excluded.end()) {
            name.clear();
          }
          if (name.empty()) break;
        }
      }
      continue;
    } else if (mode != Mode::kTo && mode != Mode::kInfo) {
      // Wrapper and printed-record lines ("This record is a partial extract",
      // "PAGE 01 ...", rule lines, e-mail headers): not addressees, not text.
      if (!split_known && seen_header && (c.from || !c.to.empty())) {
        // Free text after the addresses: the text starts here without a
        // classification line.
        return {i, static_cast<std::size_t>(t.data() - r.lines[i].text.data())};
      }
      continue;
    }

    // An addressee line. The archive sometimes lost the line break after the
    // last addressee, so the classification line runs into it
    // ("RHMFISS/HQ USEUCOM VAIHINGEN GES e c r e t section 01 of 04").
    if (std::optional<detail::ClassWord> w = detail::find_spaced_class_word(t)) {
      const std::size_t base = static_cast<std::size_t>(t.data() - r.lines[i].text.data());
      std::string_view before = text::trim(t.substr(0, w->begin));
      if (!before.empty()) block->push_back(detail::parse_addressee(before));
      r.warn(r.lines[i].number, "classification line ran into the last addressee; split");
      return {i, base + w->begin};
    }
    if (!split_known && (detail::eo_line_body(t) != npos || text::istarts_with(t, "TAGS") ||
                         text::istarts_with(t, "SUBJECT") || detail::caption_line(t))) {
      return {i, static_cast<std::size_t>(t.data() - r.lines[i].text.data())};
    }
    if (block != nullptr) block->push_back(detail::parse_addressee(t));
  }
  return {header_end, 0};
}

// ---------------------------------------------------------------------------
// Finding the classification line in a text part that may open with wrapper
// noise ("Friday, 24 July 2009, 16:08", "ID:248885 Cable dated:...").
TextStart find_class_line(const Reader& r, std::size_t from) {
  // A line with the class word, post and serial wins; a bare class word
  // ("SECRET//NOFORN" of a metadata copy) is taken only when no such line
  // comes before the text's first fields.
  const std::size_t limit = std::min(r.lines.size(), from + 80);
  TextStart weak{npos, 0};
  for (std::size_t i = from; i < limit; ++i) {
    std::string_view t = r.lines[i].text;
    const std::size_t pos = detail::find_classification_start(t);
    if (pos != npos) {
      if (std::optional<ClassificationLine> cl = detail::parse_classification_line(t, pos)) {
        if (!cl->serial.empty()) return {i, pos};
        if (weak.line == npos && (i == from || text::trim(t).size() < 40)) weak = {i, pos};
        continue;
      }
    }
    if (weak.line != npos) {
      std::string_view u = text::trim(t);
      if (detail::eo_line_body(u) != npos || text::istarts_with(u, "TAGS") ||
          text::istarts_with(u, "SUBJECT") || detail::match_paragraph_start(u)) {
        break;
      }
    }
  }
  return weak;
}

}  // namespace chancery::parse::reader
