// The cables.csv row reader (telegram-format.md section 7.2).
//
// Eight double-quoted fields, no header row: row number, created
// "M/D/YYYY HH:MM", reference id, origin, classification, references (empty in
// the dump), header, body. The escape is the backslash; quotes are not
// doubled, so a quote written twice in a cable (`""HUMANITARIAN LOBBY""`)
// arrives as `\"\"` and is kept as two quotes. Decoding `\x` to `x` gives
// exactly the text of the Cablegate page for the same cable.
//
// Line numbers are those of the file: escapes never remove a newline, so the
// decoded header and body keep the file's line breaks.
#include "parse/cables_csv.h"

#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "chancery/parse.h"

#include "core/text.h"
#include "parse/container.h"

namespace chancery::parse {

std::size_t find_closing_quote(std::string_view row, std::size_t start) {
  std::size_t from = start;
  while (from < row.size()) {
    const void* hit = std::memchr(row.data() + from, '"', row.size() - from);
    if (hit == nullptr) return std::string_view::npos;
    const auto q = static_cast<std::size_t>(static_cast<const char*>(hit) - row.data());
    // The quote is escaped when an odd run of backslashes precedes it: escapes
    // pair from the left, and the byte before a maximal run is never the
    // target of a backslash inside the run.
    std::size_t k = q;
    while (k > start && row[k - 1] == '\\') --k;
    if ((q - k) % 2 == 0) return q;
    from = q + 1;
  }
  return std::string_view::npos;
}

bool split_csv_row(std::string_view row, std::vector<std::string_view>& fields,
                   std::size_t* error_offset) {
  fields.clear();
  // Line breaks after the last field belong to the file, not the row.
  while (!row.empty() && (row.back() == '\n' || row.back() == '\r')) row.remove_suffix(1);
  std::size_t i = 0;
  auto fail = [&](std::size_t at) {
    if (error_offset != nullptr) *error_offset = at;
    return false;
  };
  while (true) {
    if (i >= row.size() || row[i] != '"') return fail(i);
    const std::size_t close = find_closing_quote(row, i + 1);
    if (close == std::string_view::npos) return fail(i);
    fields.push_back(row.substr(i + 1, close - i - 1));
    if (close + 1 == row.size()) return true;
    if (row[close + 1] != ',') return fail(close);
    i = close + 2;
  }
}

void unescape_csv_field(std::string_view raw, std::string& out) {
  out.reserve(out.size() + raw.size());
  std::size_t i = 0;
  while (i < raw.size()) {
    const void* hit = std::memchr(raw.data() + i, '\\', raw.size() - i);
    if (hit == nullptr) {
      out.append(raw.data() + i, raw.size() - i);
      break;
    }
    const auto b = static_cast<std::size_t>(static_cast<const char*>(hit) - raw.data());
    out.append(raw.data() + i, b - i);
    if (b + 1 >= raw.size()) {
      out.push_back('\\');
      break;
    }
    out.push_back(raw[b + 1]);
    i = b + 2;
  }
}

std::string unescape_csv_field(std::string_view raw) {
  std::string out;
  unescape_csv_field(raw, out);
  return out;
}

namespace {

constexpr std::size_t kFields = 8;
enum Field : std::size_t {
  kRowNumber,
  kCreated,
  kId,
  kOrigin,
  kClassification,
  kReferences,
  kHeader,
  kBody
};

std::optional<std::string> metadata_value(std::string_view raw) {
  std::string value = unescape_csv_field(text::trim(raw));
  const std::string_view trimmed = text::trim(value);
  if (trimmed.empty()) return std::nullopt;
  return std::string(trimmed);
}

}  // namespace

Result<Cable> read_cables_csv_row(std::string_view row, const ReadOptions& options) {
  if (text::trim(row).empty()) {
    return Error{.code = Errc::kInvalidInput,
                 .message = "empty input",
                 .where = error_where(options, options.first_line)};
  }
  if (std::optional<Error> too_big = check_record_size(row.size(), options)) return *too_big;
  std::vector<std::string_view> fields;
  fields.reserve(kFields);
  std::size_t error_offset = 0;
  if (!split_csv_row(row, fields, &error_offset)) {
    const std::int64_t line = options.first_line + count_newlines(row.substr(0, error_offset));
    return Error{.code = Errc::kInvalidInput,
                 .message = fmt::format("broken quote on line {}: expected 8 double-quoted "
                                        "fields separated by commas",
                                        line),
                 .where = error_where(options, options.first_line)};
  }
  if (fields.size() != kFields) {
    return Error{.code = Errc::kInvalidInput,
                 .message = fmt::format("expected 8 fields, found {}", fields.size()),
                 .where = error_where(options, options.first_line)};
  }

  // Fields are views into `row`, so their offsets give their first lines.
  auto newlines_between = [](std::string_view from, std::string_view to) {
    return count_newlines(
        std::string_view(from.data(), static_cast<std::size_t>(to.data() - from.data())));
  };
  auto line_of = [&](std::string_view field) {
    return options.first_line + newlines_between(row, field);
  };
  std::vector<Warning> warnings;
  ArchiveMetadata metadata;
  if (std::optional<std::string> id = metadata_value(fields[kId])) {
    metadata.id = archive_id(*id, line_of(fields[kId]), warnings);
  }
  metadata.origin = metadata_value(fields[kOrigin]);
  metadata.classification = metadata_value(fields[kClassification]);
  if (std::optional<std::string> created = metadata_value(fields[kCreated])) {
    metadata.created = iso_from_csv_time(*created);
    if (!metadata.created) {
      warnings.push_back({static_cast<int>(line_of(fields[kCreated])), "unreadable created time"});
    }
  }

  const std::int64_t header_line = line_of(fields[kHeader]);
  const std::int64_t body_line = header_line + newlines_between(fields[kHeader], fields[kBody]);
  std::string header;
  std::string body;
  unescape_csv_field(fields[kHeader], header);
  unescape_csv_field(fields[kBody], body);
  const DecodedText decoded{.header = header,
                            .header_line = header_line,
                            .text = body,
                            .text_line = body_line,
                            .split_known = true};
  std::optional<RawText> raw;
  if (options.keep_raw) {
    raw = RawText{.header = std::string(fields[kHeader]), .body = std::string(fields[kBody])};
  }
  return finish_cable(decoded, metadata, std::move(warnings), Format::kCablesCsv, std::move(raw));
}

}  // namespace chancery::parse
