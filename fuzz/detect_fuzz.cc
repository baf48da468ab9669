// fuzz_detect: parse::detect_format, then the kAuto splitter and the reader
// of whatever format it picked, on every record.
#include <cstddef>
#include <cstdint>
#include <string>

#include "chancery/parse.h"
#include "chancery/source.h"

#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chancery;
  const std::string_view input = fuzz::as_text(data, size);
  const parse::Format detected = parse::detect_format(input);
  fuzz::check(detected != parse::Format::kAuto, "detect_format never returns kAuto");
  fuzz::check(parse::format_from_name(parse::format_name(detected)) == detected,
              "format names round-trip");

  parse::ReadOptions options = fuzz::options_for(size);
  options.first_line = 1;  // a splitter numbers records from the top of its input
  options.max_record_bytes = std::size_t{64} << 10;
  // Through the decompressing reader, as the CLI reads files: gzip, bzip2 and
  // zstd streams among the inputs exercise the decompressors too.
  parse::RecordSplitter splitter(decompressing(open_memory(std::string(input), "fuzz-input")),
                                 parse::Format::kAuto, options);
  const parse::Format format = splitter.format();
  fuzz::check(format != parse::Format::kAuto, "the kAuto splitter settles on a format");

  // A compressed input's records are counted in its decompressed lines, which
  // may be many more than its own bytes: those checks hold for plain inputs.
  const bool compressed = input.starts_with("\x1f\x8b") || input.starts_with("BZh") ||
                          input.starts_with(std::string_view("\x28\xb5\x2f\xfd", 4));
  const std::int64_t last_line = options.first_line + fuzz::line_count(input) - 1;
  for (std::size_t calls = 0; calls < (std::size_t{1} << 20); ++calls) {
    fuzz::check(compressed || calls <= size + 1, "splitter makes progress");
    std::optional<Result<parse::RawRecord>> next = splitter.next();
    if (!next) break;
    if (!*next) continue;
    const parse::RawRecord& record = **next;
    fuzz::check(record.format == format, "records carry the splitter's format");
    fuzz::check(compressed || (record.line >= options.first_line && record.line <= last_line),
                "records start on a line of the input");
    Result<Cable> cable = parse::read_record(record, options);
    // JSON Lines records carry their own ids and warning lines: only the
    // readers that parse text are held to the text invariants.
    fuzz::check_not_internal(cable);
    if (!cable || format == parse::Format::kJsonl) continue;
    fuzz::check_cable(*cable, record.bytes, record.line, parse::format_name(format));
  }
  return 0;
}
