// The pieces of the telegram reader, exposed for unit tests. Each reads one
// element of the format (telegram-format.md names the section) from a line or
// a block of lines; none allocates more than its result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/cable.h"

#include "parse/lines.h"

namespace chancery::parse::detail {

// ---- Classification (format §4.1, §5.1) ----------------------------------

// A classification word found in a line: "SECRET", "S E C R E T", "S e c r e t".
struct ClassWord {
  std::string_view level;  // "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP SECRET"
  std::size_t begin = 0;   // where the word starts in the line
  std::size_t end = 0;     // one past its last letter (and past "E F T O" when efto)
  bool spaced = false;     // written with spaces between the letters
  bool efto = false;       // "UNCLAS E F T O" / "UNCLAS EFTO"
};

// Matches a classification word starting exactly at `pos`.
std::optional<ClassWord> match_class_word(std::string_view line, std::size_t pos);

// Finds a spaced classification word ("S e c r e t") anywhere in `line`, even
// glued to the end of a previous word ("VAIHINGEN GES e c r e t").
std::optional<ClassWord> find_spaced_class_word(std::string_view line);

// The classification line: <class> [captions] [SECTION nn OF mm] <POST> <serial>.
struct ClassificationLine {
  std::string level;
  bool efto = false;
  std::vector<std::string> captions;  // captions written on the same line
  int section = 0;                    // 0 when not sectioned
  int sections = 0;
  std::string post;      // upper case, single spaces: "TEL AVIV"
  std::string serial;    // digits as written: "000557"
  std::size_t rest = 0;  // offset in the line after the serial (glued text follows)
};

// Reads a classification line whose class word starts at `pos` (a prefix such
// as "Telegram" or "Cable dated:...Z" may stand before it).
std::optional<ClassificationLine> parse_classification_line(std::string_view line,
                                                            std::size_t pos = 0);
// Finds the start of a classification line in `line`: the class word at the
// start, or after a known wrapper prefix. npos when there is none.
std::size_t find_classification_start(std::string_view line);

// ---- Captions (§4.3) -----------------------------------------------------

// When `line` consists only of handling captions ("SIPDIS", "NOFORN",
// "SENSITIVE BUT UNCLASSIFIED", "REL TO USA, AUS"), returns them upper-cased.
std::optional<std::vector<std::string>> caption_line(std::string_view line);

// ---- Header (§1) ----------------------------------------------------------

struct Dtg {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  std::string letters;  // precedence letters, e.g. "O R"
};
// "P 220711Z FEB 07 [signals]" (one or two precedence letters).
std::optional<Dtg> parse_dtg_line(std::string_view line);
// "220711Z FEB 07" at `pos` (no precedence letters).
std::optional<Dtg> parse_dtg(std::string_view s, std::size_t pos = 0);

// An addressee line "[RI/]PLAD [PRECEDENCE] [MCN]".
Recipient parse_addressee(std::string_view line);

// "FLASH" for 'Z', "IMMEDIATE" for 'O', ... ; nullopt for anything else.
std::optional<std::string_view> precedence_from_letter(char letter);
// Rank for ordering: FLASH 4 > (NIACT) IMMEDIATE 3 > PRIORITY 2 > ROUTINE 1; 0 unknown.
int precedence_rank(std::string_view precedence);

// ---- Text fields (§4.4-4.8) ---------------------------------------------

// The E.O. line: "E.O. 12958: DECL: 02/09/2017". Returns the offset just past
// the label and order number when `line` is one, else npos.
std::size_t eo_line_body(std::string_view line);
// A DECL date in any observed form, as "YYYY-MM-DD"; nullopt for N/A, events,
// exemptions and anything that is not a valid date.
std::optional<std::string> parse_decl_date(std::string_view text);

// The TAGS line body (after the label): upper-cased tags in order.
std::vector<std::string> parse_tags(std::string_view text);

// Classification reasons: "1.4 (b)(d)" -> {"1.4(b)", "1.4(d)"}.
std::vector<std::string> parse_reasons(std::string_view text);
// The classifier's name from the text after "Classified By:".
std::string classifier_name(std::string_view text);

// ---- References (§4.7, §6.2) --------------------------------------------

struct CitingCable {
  int year = 0;         // four digits; 0 when unknown
  std::string station;  // the citing cable's own station code ("TELAVIV")
  long serial = 0;      // its own serial; 0 when unknown
};
// Splits a REF block (label removed) into references and resolves each.
std::vector<Reference> parse_references(std::string_view block, const CitingCable& citing);
// Resolves one reference text ("06 TBILISI 2601", "STATE 0563") to an id.
std::optional<std::string> resolve_reference(std::string_view text, const CitingCable& citing);
// The station code of a post as written ("Tel aviv" -> "TELAVIV", "SECSTATE" -> "STATE").
std::string station_code(std::string_view post);

// ---- Body (§4.2, §4.9-4.11) ------------------------------------------------

struct ParagraphStart {
  std::string number;                  // digits, no leading zeros
  std::optional<std::string> marking;  // without parentheses
  std::size_t text_begin = 0;          // offset of the paragraph's text in the line
  bool pilcrow = false;                // written with the archive's '¶'
};
std::optional<ParagraphStart> match_paragraph_start(std::string_view line);

// A page header inside the body: "TEL AVIV 00000557 002 OF 004" (whole line,
// returns its length) or "PAGE 02 HARARE 05461 01 OF 02 271458Z" (a prefix:
// returns the length of the prefix; text may follow). 0 when not one.
std::size_t page_header_length(std::string_view line);

// ---- Names ----------------------------------------------------------------

// The archive's origin name for an FM address or a station code; nullopt
// when unknown.
std::optional<std::string> origin_for_from(std::string_view plad);
std::optional<std::string> origin_for_station(std::string_view code);
bool is_known_station(std::string_view code);

}  // namespace chancery::parse::detail
