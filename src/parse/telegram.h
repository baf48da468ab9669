// The telegram reader's internal entry point, shared by every container
// reader (HTML page, CSV row, plain text, bare telegram).
//
// A container decodes its wrapper, collects the archive's metadata and hands
// the telegram text here; this file knows nothing of wrappers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "chancery/cable.h"
#include "chancery/parse.h"

namespace chancery::parse {

// What an archive says about a cable beside its text. Values are as the
// archive writes them, already normalised to the record's forms where noted.
struct ArchiveMetadata {
  std::optional<std::string> id;              // "07TELAVIV557"
  std::optional<std::string> origin;          // "Embassy Tel Aviv"
  std::optional<std::string> created;         // ISO "2007-02-22T07:11Z" (minutes unreliable)
  std::optional<std::string> released;        // ISO, HTML pages only
  std::optional<std::string> classification;  // archive label: "SECRET//NOFORN"
};

// The telegram text of one cable. When the container separates the
// transport header from the text (HTML, CSV), `header` and `text` hold each;
// otherwise (plain, bare telegram) `header` is empty and `text` holds both,
// and the reader finds where the text starts. Line numbers are 1-based
// lines of the source where each part begins.
struct TelegramText {
  std::string_view header;
  std::int64_t header_line = 1;
  std::string_view text;
  std::int64_t text_line = 1;
  bool split_known = false;
};

// Reads the telegram into a Cable, letting metadata fill or override what the
// archive is the authority for (id, origin, classification label, released;
// created only when the text has no date-time group). Sets every field but
// `format` and `raw`, which belong to the container. Never fails: odd text
// becomes warnings; callers decide whether a cable with nothing recognisable
// is an error (see looks_like_telegram).
Cable read_telegram_text(const TelegramText& input, const ArchiveMetadata& metadata);

// True when the text holds at least one telegram landmark: a format line
// (VZCZC, DE, FM, TO), a classification line, or a TAGS/SUBJECT line.
bool looks_like_telegram(std::string_view text);

}  // namespace chancery::parse
