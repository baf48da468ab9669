// The JSON Lines reader: one record written by to_json per line. The record
// comes back exactly as written, `format` and `raw` included, so that
// record -> JSON Lines -> --format jsonl gives the same record.
#include <utility>

#include "chancery/cable.h"
#include "chancery/parse.h"

#include "core/text.h"
#include "parse/container.h"

namespace chancery::parse {

Result<Cable> read_jsonl_line(std::string_view line, const ReadOptions& options) {
  if (text::trim(line).empty()) {
    return Error{.code = Errc::kInvalidInput,
                 .message = "empty input",
                 .where = error_where(options, options.first_line)};
  }
  if (std::optional<Error> too_big = check_record_size(line.size(), options)) return *too_big;
  Result<Cable> cable = from_json(line);
  if (!cable) {
    Error error = std::move(cable.error());
    error.where = error_where(options, options.first_line);
    return error;
  }
  return cable;
}

}  // namespace chancery::parse
