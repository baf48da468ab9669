// Composing cables: drafts, their validation against the rules of the
// telegram format (docs/telegram-format.md; the checklist of its section 9),
// and rendering a numbered draft as the complete telegram.
//
// Everything here is a pure function of its inputs: numbering, routing,
// delivery and filing happen in the post office (post_office.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/cable.h"
#include "chancery/result.h"

namespace chancery::compose {

// Precedences, highest first; "PRIORITY" is kept (the corpus is full of it).
inline constexpr std::string_view kPrecedences[] = {"FLASH", "NIACT IMMEDIATE", "IMMEDIATE", "PRIORITY",
                                                    "ROUTINE"};
// 0 for FLASH ... 4 for ROUTINE; nullopt for anything else.
std::optional<int> precedence_rank(std::string_view precedence);

// An addressee as the drafter writes it: a plain language address (a post,
// an office or a collective) and, optionally, a precedence of its own.
struct Addressee {
  std::string name;                       // PLAD, "AMEMBASSY PARIS", "IRAN COLLECTIVE"
  std::optional<std::string> precedence;  // default: the draft's precedence
  bool operator==(const Addressee&) const = default;
};

struct DraftReference {
  std::string text;               // as it goes on the REF line, "TEL AVIV 553"
  std::optional<std::string> id;  // the cable it names, when the drafter or the checker knows it
  bool operator==(const DraftReference&) const = default;
};

struct DraftParagraph {
  std::string marking;  // the portion mark without parentheses: "S", "C/NF", "U", "SBU"
  std::string text;     // one paragraph; lettered sub-items inside
  // The paragraph's number as it is to be written; "" (a new draft) for the
  // next in order. draft_from_cable keeps a cable's own numbers, since archived
  // cables skip numbers or start at 2 (a cable continuing another's numbering)
  // and the round trip must give them back.
  std::string number;
  bool operator==(const DraftParagraph&) const = default;
};

// A draft: docs/drafts.md documents its JSON form (to_json/draft_from_json).
struct Draft {
  std::string id;      // the post office's draft id ("" until saved)
  std::string author;  // user name
  std::string from;    // the originating post's PLAD, "AMEMBASSY TEL AVIV"
  std::string precedence = "ROUTINE";  // for addressees without their own
  std::vector<Addressee> to;           // action
  std::vector<Addressee> info;         // information
  std::vector<std::string> exempt;     // XMT: collective members that must not receive it
  std::string classification;          // "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP SECRET"
  std::vector<std::string> captions;   // "NOFORN", "SIPDIS", "EXDIS", "SENSITIVE", "REL TO ..."
  std::vector<std::string> passing;    // passing lines, "DEPT FOR EUR/RUS"
  std::string declassify_on;  // "YYYY-MM-DD", or an exemption "25X1".."25X9", "50X1-HUM",
                              // "50X2-WMD"; "" for an unclassified cable (E.O. line N/A)
  std::vector<std::string> tags;  // TAGS, in order
  std::string subject;
  std::string subject_marking;  // the subject's portion mark ("" = unmarked)
  std::vector<DraftReference> references;
  std::string classified_by;         // "Ambassador Richard H. Jones"
  std::vector<std::string> reasons;  // "1.4(b)", "1.4(d)"
  std::string summary;               // "" for none
  std::vector<DraftParagraph> paragraphs;  // numbered 1, 2, ... in order (see DraftParagraph::number)
  std::string signature;             // "JONES"

  bool operator==(const Draft&) const = default;
};

// The JSON form of a draft (docs/drafts.md): every member optional on input
// but `paragraphs` entries need text. Errors: kInvalidInput naming the member.
std::string to_json(const Draft& draft);
Result<Draft> draft_from_json(std::string_view json);

// A draft that would render back to `cable`: its originator, addressees,
// markings, TAGS, subject, references, classifier, dates and paragraphs.
// (The round trip parse -> draft -> render -> parse is a property test over
// the whole corpus.)
Draft draft_from_cable(const Cable& cable);

// One finding of validate(): an error stops sending, a warning does not.
struct Problem {
  enum class Severity : std::uint8_t { kError, kWarning };
  Severity severity = Severity::kError;
  std::string field;    // the draft member: "classification", "paragraphs[3].marking", "to[0]"
  std::string message;  // what is wrong and what is expected, in plain words
  bool operator==(const Problem&) const = default;
};

// What validation knows beyond the draft: the directory, the TAGS list and
// the archive. Each callback may be empty (that check is then skipped).
struct Context {
  std::string today;  // "YYYY-MM-DD": the clock, for the declassification limits
  std::function<bool(std::string_view plad)> known_address;      // post, office or collective
  std::function<bool(std::string_view tag)> known_tag;           // in the TAGS list
  std::function<bool(std::string_view tag)> subject_tag;         // a subject or program tag
  std::function<bool(std::string_view cable_id)> in_archive;     // a reference resolves
  std::function<std::optional<std::string>(std::string_view text)> resolve_reference;  // text -> id
};

// Every rule of the format the draft breaks, in the order of the draft's
// members; empty when it may be sent.
std::vector<Problem> validate(const Draft& draft, const Context& context);

// What numbering adds to a draft when it is sent.
struct Numbering {
  std::string id;              // "26TELAVIV1234"
  std::string post;            // the post as the classification line writes it, "TEL AVIV"
  std::int64_t serial = 0;     // 1234
  std::string station;         // the sending station's RI for FL3, "RUEHTV"
  std::string dtg;             // "YYYY-MM-DDTHH:MMZ", the date-time group
  std::string transmission;    // FL1, "VZCZCXRO0001"
  // Per addressee, in the order of to then info: its routing indicator
  // ("" when unknown) and message control number ("" for collectives).
  std::vector<std::string> routes;
  std::vector<std::string> mcns;
};

// The complete telegram: FL1-FL9 (prosign from the highest precedence, FL3
// with the serial's last four digits, FL4 from the classification, FL5 with
// the precedence letters and the DTG, FM, TO, INFO, XMT), BT, the text
// (classification line, captions, passing lines, E.O. line, TAGS, SUBJECT,
// REF, Classified By, summary, numbered portion-marked paragraphs,
// signature), BT and NNNN; wrapped at `width` columns; split into sections
// of at most `lines_per_section` text lines ("SECTION 01 OF 03" on each
// section's classification line, "/01" in FL3) with page headers
// ("TEL AVIV 00001234 002 OF 003") the way the format describes. parse
// reads it back to the draft's record.
struct RenderOptions {
  std::size_t width = 65;
  std::size_t lines_per_section = 120;
};
std::string render_telegram(const Draft& draft, const Numbering& numbering, const RenderOptions& options = {});

}  // namespace chancery::compose
