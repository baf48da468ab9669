// The bare telegram reader and read_record, the dispatch on a record's format.
#include <utility>

#include "chancery/parse.h"

#include "core/text.h"
#include "parse/container.h"
#include "parse/telegram.h"

namespace chancery::parse {

Result<Cable> read_telegram(std::string_view text, const ReadOptions& options) {
  if (text::trim(text).empty()) {
    return Error{
        .code = Errc::kInvalidInput, .message = "empty input", .where = error_where(options)};
  }
  if (std::optional<Error> too_big = check_record_size(text.size(), options)) return *too_big;
  if (!looks_like_telegram(text)) {
    return Error{
        .code = Errc::kInvalidInput,
        .message = "no telegram found: expected an ACP-127 header or a classification line",
        .where = error_where(options)};
  }
  // Without a container the header's end is unknown before parsing, so the
  // raw text keeps the whole input as its body.
  const DecodedText decoded{.header = {},
                            .header_line = options.first_line,
                            .text = text,
                            .text_line = options.first_line,
                            .split_known = false};
  std::optional<RawText> raw;
  if (options.keep_raw) raw = RawText{.header = {}, .body = std::string(text)};
  return finish_cable(decoded, ArchiveMetadata{}, {}, Format::kTelegram, std::move(raw));
}

Result<Cable> read_record(const RawRecord& record, const ReadOptions& options) {
  ReadOptions opts = options;
  opts.first_line = record.line;
  const Format format =
      record.format == Format::kAuto ? detect_format(record.bytes) : record.format;
  switch (format) {
    case Format::kCablegateHtml:
      return read_cablegate_html(record.bytes, opts);
    case Format::kCablesCsv:
      return read_cables_csv_row(record.bytes, opts);
    case Format::kPlain:
      return read_plain(record.bytes, opts);
    case Format::kJsonl:
      return read_jsonl_line(record.bytes, opts);
    case Format::kAuto:
    case Format::kTelegram:
      break;
  }
  return read_telegram(record.bytes, opts);
}

}  // namespace chancery::parse
