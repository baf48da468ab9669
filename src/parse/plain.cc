// The plain-text reader (telegram-format.md section 7.3, the seed's format):
// five metadata lines (id, title, created, classification, origin), then the
// raw telegram. The title is the lower-cased first line of the subject and
// adds nothing the telegram does not say, so it is not read.
#include <utility>

#include "chancery/parse.h"

#include "core/text.h"
#include "parse/container.h"
#include "parse/telegram.h"

namespace chancery::parse {
namespace {

constexpr int kMetadataLines = 5;

std::optional<std::string> value(std::string_view line) {
  const std::string_view v = text::trim(line);
  if (v.empty()) return std::nullopt;
  return std::string(v);
}

}  // namespace

Result<Cable> read_plain(std::string_view text, const ReadOptions& options) {
  if (text::trim(text).empty()) {
    return Error{
        .code = Errc::kInvalidInput, .message = "empty input", .where = error_where(options)};
  }
  if (std::optional<Error> too_big = check_record_size(text.size(), options)) return *too_big;
  std::string_view lines[kMetadataLines];
  std::size_t pos = 0;
  for (int i = 0; i < kMetadataLines; ++i) {
    const std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      return Error{.code = Errc::kInvalidInput,
                   .message =
                       "not a plain cable: expected 5 metadata lines (id, title, created, "
                       "classification, origin) before the telegram",
                   .where = error_where(options, options.first_line + i)};
    }
    lines[i] = text.substr(pos, nl - pos);
    pos = nl + 1;
  }

  std::vector<Warning> warnings;
  ArchiveMetadata metadata;
  metadata.id = archive_id(lines[0], options.first_line, warnings);
  if (std::optional<std::string> created = value(lines[2])) {
    metadata.created = iso_from_plain_date(*created);
    if (!metadata.created) {
      warnings.push_back({static_cast<int>(options.first_line + 2), "unreadable created date"});
    }
  }
  metadata.classification = value(lines[3]);
  metadata.origin = value(lines[4]);

  const std::string_view telegram = text.substr(pos);
  if (!looks_like_telegram(telegram)) {
    return Error{.code = Errc::kInvalidInput,
                 .message = "not a plain cable: no telegram after the 5 metadata lines",
                 .where = error_where(options, options.first_line + kMetadataLines)};
  }
  const DecodedText decoded{.header = {},
                            .header_line = options.first_line + kMetadataLines,
                            .text = telegram,
                            .text_line = options.first_line + kMetadataLines,
                            .split_known = false};
  std::optional<RawText> raw;
  if (options.keep_raw) {
    raw = RawText{.header = std::string(text.substr(0, pos)), .body = std::string(telegram)};
  }
  return finish_cable(decoded, metadata, std::move(warnings), Format::kPlain, std::move(raw));
}

}  // namespace chancery::parse
