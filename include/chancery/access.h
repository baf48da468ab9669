// Who may read what: classification markings, portions, declassification
// and readers. One code path for every front end: the archive filters its
// search, views, references, statistics and exports through this model (see
// docs/access.md).
//
// The model in brief:
//  - A Marking is a classification level plus caveats, read from a portion
//    mark ("S/NF", "C//REL TO USA, GBR", "SBU") or a classification line
//    ("SECRET//NOFORN").
//  - A cable is split into portions: its subject, each numbered paragraph,
//    and the text outside numbered paragraphs. A portion's own mark decides
//    its level and caveats; an unmarked portion inherits the cable's overall
//    classification and caveats, never less. The cable's dissemination
//    captions (EXDIS, NODIS, ...) restrict every portion.
//  - A portion's Visibility is what the index stores and the reader is
//    checked against: a level, the controls that restrict it, and the date
//    its level lapses to UNCLASSIFIED (format spec §5.4: the DECL date; an
//    event, a legacy instruction or none falls back to 31 December of the
//    25th year after the cable; 25X/50X exemptions and configured holds never
//    lapse). Controls never lapse by themselves (§5.4 item 7).
//  - A Reader has a clearance, a nationality and access groups; the reading
//    room's anonymous reader has none of them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/cable.h"
#include "chancery/result.h"

namespace chancery::access {

enum class Level : std::uint8_t { kUnclassified = 0, kConfidential = 1, kSecret = 2, kTopSecret = 3 };

// "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP SECRET".
std::string_view level_name(Level level);
// Reads a level as users and cables write it: the full name in any case,
// "TOP SECRET"/"TS", "SECRET"/"S", "CONFIDENTIAL"/"C", "UNCLASSIFIED"/"UNCLAS"/"U".
std::optional<Level> parse_level(std::string_view text);

// A classification marking: the level and the controls that restrict it.
//
// Controls are upper-case names: "NOFORN", "REL" (with rel_to), "OFFICIAL"
// (SBU, FOUO, LIMITED OFFICIAL USE, SENSITIVE: not for the public) and
// dissemination captions by name ("EXDIS", "NODIS", "ORCON", "SIPDIS", ...).
// What each control asks of a reader is the Policy's business, so a change of
// policy needs no reindexing. Informational markings that restrict nothing by
// themselves (FGI) are kept out.
struct Marking {
  Level level = Level::kUnclassified;
  std::vector<std::string> controls;  // sorted, unique
  std::vector<std::string> rel_to;    // with control "REL": normalised entries ("GBR", "NATO"), sorted, unique

  bool operator==(const Marking&) const = default;
};

// Reads a portion mark or a classification line, with or without the
// parentheses: "S/NF", "S//NF", "SECRET//NOFORN", "(C/REL NATO)",
// "S//REL TO USA, FVEY", "S/REL TO NATO/AUS", "SBU", "SBU/NF", "U//FOUO",
// "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "TS//SI//NF", lower case too.
// REL TO entries are normalised (UK, UNITED KINGDOM -> GBR; FIVE EYES -> FVEY).
// Errors: kInvalidInput when the level is not recognised.
Result<Marking> parse_marking(std::string_view text);

// The canonical form: "SECRET//NOFORN", "CONFIDENTIAL//REL TO GBR, NATO",
// "UNCLASSIFIED//OFFICIAL"; parse_marking(format_marking(m)) == m.
std::string format_marking(const Marking& marking);

// True when `a` is at least as restrictive as `b`: a level at least b's, and
// every control of b also in a (REL: a's list within b's).
bool dominates(const Marking& a, const Marking& b);

// How a cable's declassification instruction reads (format spec §5.4).
struct Declassification {
  enum class Kind : std::uint8_t {
    kNone,      // unclassified: nothing to lapse
    kDate,      // "DECL: 02/09/2017"
    kFallback,  // an event, a legacy code (OADR, X1, MR), a downgrade or no line: 31 Dec of year+25
    kExempt,    // 25X<n> / 50X<n>: never by date
  };
  Kind kind = Kind::kNone;
  std::string release;  // "YYYY-MM-DD" when the level lapses; "" for kNone/kExempt or an unknown year
  std::string instruction;  // the DECL text as written, for people ("25X1- HUMAN"), may be ""

  bool operator==(const Declassification&) const = default;
};

// What the index stores for a portion and a reader is checked against.
struct Visibility {
  Level level = Level::kUnclassified;
  std::vector<std::string> controls;  // sorted, unique (portion's and the cable's captions)
  std::vector<std::string> rel_to;    // sorted, unique
  std::string release;                // "YYYY-MM-DD" or "" (never lapses)

  bool operator==(const Visibility&) const = default;
  auto operator<=>(const Visibility&) const = default;
};

// One portion of a cable.
struct Portion {
  enum class Kind : std::uint8_t { kSubject, kParagraph, kText };
  Kind kind = Kind::kText;
  std::size_t paragraph = 0;  // index into Cable::paragraphs for kParagraph
  bool inherited = false;     // unmarked (or unreadable mark): the cable's own marking
  Marking marking;            // the portion's own marking, after inheritance
  Visibility visibility;
};

// The access profile of a cable: its overall marking, declassification and
// portions: the subject (when the cable has one), each paragraph, and the
// text outside numbered paragraphs (the whole body when none is numbered).
// A cable without a readable classification is treated as TOP SECRET.
struct CableAccess {
  Marking overall;
  Declassification declassification;
  std::vector<Portion> portions;  // subject first, then paragraphs in order, then text
};

// Readers.
struct Reader {
  std::string name;            // "" for the reading room's anonymous visitor
  Level clearance = Level::kUnclassified;
  std::string nationality;     // ISO 3166 alpha-3 ("USA", "GBR"); "" for none
  std::vector<std::string> groups;  // lower case ("exdis", "nodis")
  bool anonymous = false;      // the reading room: OFFICIAL and every group are out
  bool everything = false;     // the archive's custodian: sees all, no checks (the local CLI)

  static Reader reading_room();
  static Reader custodian();
};

// What each control asks of a reader, and the holds on declassification.
struct Policy {
  enum class Rule : std::uint8_t {
    kOpen,         // restricts nothing (SIPDIS, CODEL, TERREP)
    kOfficial,     // any signed-in reader, not the public (SBU, FOUO, SENSITIVE, EFTO)
    kUsOnly,       // nationality USA (NOFORN)
    kReleasable,   // nationality USA or one the REL TO list names (REL)
    kGroup,        // membership of `group`
  };
  struct ControlRule {
    Rule rule = Rule::kGroup;
    std::string group;  // for kGroup
    bool operator==(const ControlRule&) const = default;
  };
  // Controls not listed here need the group of their own lower-case name:
  // an unknown control restricts (fail closed).
  std::map<std::string, ControlRule> controls;
  // Cable ids (upper case) whose declassification is held for review.
  std::map<std::string, std::string> holds;  // id -> reason

  // The defaults: SIPDIS/CODEL/TERREP open; OFFICIAL official; NOFORN
  // US-only; REL releasable; EXDIS, NODIS, LIMDIS, STADIS, ... their group.
  static Policy defaults();
  ControlRule rule_for(std::string_view control) const;
  bool held(std::string_view id) const;

  // A JSON form, for the archive's access.json: {"controls": {"EXDIS":
  // {"rule": "group", "group": "exdis"}, ...}, "holds": {"07X1": "reason"}}.
  // Controls missing from the JSON keep their defaults.
  std::string to_json() const;
  static Result<Policy> from_json(std::string_view json);
};

// The nationalities and coalitions a reader's nationality answers to in a
// REL TO list: "GBR" -> {"GBR", "NATO", "FVEY", ...}.
std::vector<std::string> releasable_names(std::string_view nationality);

// Whether the reader satisfies one control of a portion with that REL TO list.
bool satisfies(const Reader& reader, const Policy& policy, std::string_view control,
               const std::vector<std::string>& rel_to);

// Whether the level has lapsed: release != "" and release <= as_of ("YYYY-MM-DD").
bool released(const Visibility& visibility, std::string_view as_of);

// The decision: the reader's clearance covers the portion's level (or the
// level has lapsed and the cable is not held) and every control is satisfied.
bool may_see(const Reader& reader, const Policy& policy, const Visibility& visibility,
             std::string_view as_of, bool held);

// The access profile of a cable (its portions with their markings after
// inheritance and their visibility).
CableAccess access_of(const Cable& cable);

// The text of a portion: the subject, the paragraph's text, or for kText
// the body without its numbered paragraphs and its SUBJECT line ("" when
// they cannot be told apart in the body: nothing is better than a leak).
std::string portion_text(const Cable& cable, const Portion& portion);

// The record as a reader sees it, given one flag per portion of `access`
// (true: may see). Nothing withheld: the record itself. Otherwise a withheld
// paragraph keeps its number and mark with empty text; a withheld subject is
// null; the body is rebuilt from the paragraphs, "N. (MARK) text" or
// "N. (MARK) [withheld]", and the text outside paragraphs when visible and
// there are no paragraphs; summary, warnings and raw input (which can hold
// any portion) are dropped, and signatures unless the text outside
// paragraphs is visible.
Cable redact(const Cable& cable, const CableAccess& access, const std::vector<bool>& visible);

// Today's date, "YYYY-MM-DD" (UTC): the default clock.
std::string today();

}  // namespace chancery::access
