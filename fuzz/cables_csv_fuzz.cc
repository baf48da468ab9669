// fuzz_cables_csv: a RecordSplitter cutting cables.csv rows from memory, and
// parse::read_record on every row it yields.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "chancery/parse.h"
#include "chancery/source.h"

#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chancery;
  const std::string_view input = fuzz::as_text(data, size);
  parse::ReadOptions options = fuzz::options_for(size);
  options.first_line = 1;  // a splitter numbers records from the top of its input
  // Real rows run from 1 to 60 KB. A limit picked by the input's length makes
  // the fuzzer meet both sides of it: rows refused as too large (every third
  // length) and rows read whole.
  options.max_record_bytes = size % 3 == 0 ? 512 : std::size_t{64} << 10;
  parse::RecordSplitter splitter(open_memory(std::string(input), "fuzz.csv"),
                                 parse::Format::kCablesCsv, options);
  fuzz::check(splitter.format() == parse::Format::kCablesCsv, "splitter keeps the given format");

  const std::int64_t last_line = options.first_line + fuzz::line_count(input) - 1;
  std::int64_t previous_line = 1;
  std::size_t bytes_cut = 0;
  // Every call consumes input, so more calls than bytes means a splitter
  // that stopped making progress.
  for (std::size_t calls = 0;; ++calls) {
    fuzz::check(calls <= size + 1, "splitter makes progress");
    std::optional<Result<parse::RawRecord>> next = splitter.next();
    if (!next) break;
    if (!*next) continue;  // a row that could not be cut; cutting resumes after it
    const parse::RawRecord& record = **next;
    fuzz::check(record.format == parse::Format::kCablesCsv, "records are cables.csv rows");
    fuzz::check(record.bytes.size() <= options.max_record_bytes, "max_record_bytes holds");
    fuzz::check(record.line >= previous_line && record.line >= 1 && record.line <= last_line,
                "rows start on lines of the input, in order");
    previous_line = record.line;
    bytes_cut += record.bytes.size();
    fuzz::check(bytes_cut <= size, "rows hold no more bytes than the input");

    Result<Cable> cable = parse::read_record(record, options);
    fuzz::check_not_internal(cable);
    if (!cable) continue;
    fuzz::check_cable(*cable, record.bytes, record.line, "cables-csv");
  }
  return 0;
}
