// The cable record: the one shape every reader produces.
//
// Field names and meanings are exactly those of docs/cable-record.md; a field
// the input does not carry is std::nullopt (JSON null) or an empty list, never
// invented. to_json() writes that schema, from_json() reads it back, and the
// two round-trip: from_json(to_json(c)) == c.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/result.h"

namespace chancery {

// An action (TO) or information (INFO) addressee.
struct Recipient {
  std::optional<std::string> route;       // routing indicator, e.g. "RUEHC"
  std::string name;                       // plain language address, e.g. "SECSTATE WASHDC"
  std::optional<std::string> precedence;  // "PRIORITY", "NIACT IMMEDIATE", ...
  std::optional<std::string> mcn;         // message control number as written, e.g. "9537"
  std::vector<std::string> excluded;      // XMT exemptions of a collective

  bool operator==(const Recipient&) const = default;
};

// One entry of the REF block.
struct Reference {
  std::optional<std::string> bullet;  // "a" for "A.", "(A)", "A)"; null when unlettered
  std::optional<std::string> id;      // canonical cable id, null when not a cable
  std::string text;                   // the reference as written, e.g. "Tel aviv 00553"

  bool operator==(const Reference&) const = default;
};

// A numbered paragraph. Lettered sub-items stay inside `text`.
struct Paragraph {
  std::string number;                  // digits as written, no leading zeros
  std::optional<std::string> marking;  // portion mark without parentheses: "S", "S/NF"
  std::string text;

  bool operator==(const Paragraph&) const = default;
};

// Something the reader repaired or could not read, on a line of the input.
struct Warning {
  int line = 0;  // 1-based line of the input the warning is about, 0 when not tied to a line
  std::string message;

  bool operator==(const Warning&) const = default;
};

// The input verbatim, kept with --raw so that nothing of the original is lost.
struct RawText {
  std::string header;
  std::string body;

  bool operator==(const RawText&) const = default;
};

struct Cable {
  std::optional<std::string> id;
  std::optional<std::string> origin;
  std::optional<std::string> created;   // "YYYY-MM-DDTHH:MMZ"
  std::optional<std::string> released;  // same form, archive publication time
  std::optional<std::string> classification;
  std::vector<std::string> handling;
  std::optional<std::string> transmission_id;
  std::optional<std::string> precedence;
  std::optional<std::string> from;
  std::vector<Recipient> to;
  std::vector<Recipient> info;
  std::optional<std::string> subject;
  std::vector<std::string> tags;
  std::vector<Reference> references;
  std::optional<std::string> classified_by;
  std::vector<std::string> reasons;
  std::optional<std::string> declassify_on;  // "YYYY-MM-DD"
  std::optional<std::string> summary;
  std::vector<Paragraph> paragraphs;
  std::vector<std::string> signed_by;
  int sections = 1;
  std::string body;
  std::string format;
  std::vector<Warning> warnings;
  std::optional<RawText> raw;  // only with ReadOptions::keep_raw

  bool operator==(const Cable&) const = default;
};

// Appends one JSON object (no trailing newline) with exactly the record's
// fields; "raw" is written only when the cable carries it. Strings are
// written as valid UTF-8 whatever they hold.
void append_json(const Cable& cable, std::string& out);
std::string to_json(const Cable& cable);

// Reads one record written by to_json. Errors: kInvalidInput naming the first
// field that is missing or of the wrong type.
Result<Cable> from_json(std::string_view json);

}  // namespace chancery
