// Helpers shared by the container readers (HTML page, CSV row, plain text,
// bare telegram) and the splitter: archive date forms, CSV row landmarks and
// the last step every reader takes (UTF-8 repair, telegram read, format, raw).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/cable.h"
#include "chancery/parse.h"

#include "parse/telegram.h"

namespace chancery::parse {

// Archive timestamps to the record's "YYYY-MM-DDTHH:MMZ"; std::nullopt when
// the text is not that form or a field is out of range.
// Cablegate HTML: "2001-10-16 05:05".
std::optional<std::string> iso_from_cablegate_time(std::string_view s);
// cables.csv: "9/27/2000 14:02" (month, day and hour unpadded).
std::optional<std::string> iso_from_csv_time(std::string_view s);
// Plain preamble: "Thu Feb 22 00:00:00 +0100 2007", converted to UTC.
std::optional<std::string> iso_from_plain_date(std::string_view s);

// "source:line", or "line N" for an unnamed input.
std::string error_where(const ReadOptions& options, std::int64_t line);
// "source", or empty for an unnamed input.
std::string error_where(const ReadOptions& options);

// kInvalidInput "record larger than the N MiB record limit" when `size`
// exceeds options.max_record_bytes.
std::optional<Error> check_record_size(std::size_t size, const ReadOptions& options);
std::string record_limit_text(std::size_t max_record_bytes);  // "64 MiB", "100 bytes"

// The archive's reference id when it has the record's form
// ([0-9]{2}[A-Z0-9]+[0-9]+, e.g. "07TELAVIV557"); otherwise std::nullopt and
// a warning on `line`, so that a mangled archive field never becomes the id.
std::optional<std::string> archive_id(std::string_view value, std::int64_t line,
                                      std::vector<Warning>& warnings);

// Number of '\n' in s.
std::int64_t count_newlines(std::string_view s);

// Whether bytes at a line start open a cables.csv row:
// "<digits>","<M/D/YYYY H:MM>","  (quotes included). kNeedMore when `s`
// ends before the answer is known (the caller buffers more or treats the
// end of the input as kNo).
enum class Match : std::uint8_t { kNo, kYes, kNeedMore };
Match match_csv_row_start(std::string_view s);

// The decoded telegram of a container, with source line numbers.
struct DecodedText {
  std::string_view header;
  std::int64_t header_line = 1;
  std::string_view text;
  std::int64_t text_line = 1;
  bool split_known = false;
};

// The step every container reader ends with: replaces ill-formed UTF-8 (with
// a warning per line), reads the telegram, appends `container_warnings` and
// the UTF-8 warnings, and sets `format` and, when given, `raw`. Errors:
// kInternal only if the reader throws, which is a bug (the fuzzers check).
Result<Cable> finish_cable(const DecodedText& decoded, const ArchiveMetadata& metadata,
                   std::vector<Warning> container_warnings, Format format,
                   std::optional<RawText> raw);

}  // namespace chancery::parse
