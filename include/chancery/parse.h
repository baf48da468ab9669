// Reading cables: one reader per input format, all producing chancery::Cable.
//
// Readers repair what they can and say so in Cable::warnings (with the line of
// the input); they fail only when the bytes are not the format at all. They
// never throw, keep no state and are safe to call from many threads.
//
// Multi-record inputs (cables.csv, JSON Lines) are cut into records by a
// RecordSplitter, which streams: memory stays bounded whatever the input
// size. Records are then read independently, which is what lets the CLI parse
// in parallel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "chancery/cable.h"
#include "chancery/result.h"
#include "chancery/source.h"

namespace chancery::parse {

enum class Format : std::uint8_t {
  kAuto,
  kTelegram,       // raw telegram: ACP-127 header and text
  kCablegateHtml,  // a Cablegate page cable/YYYY/MM/ID.html
  kCablesCsv,      // the 8-column cables.csv dump
  kPlain,          // 5 metadata lines, then the telegram (07TELAVIV557.txt)
  kJsonl,          // our own records, one JSON object per line
};

// "telegram", "cablegate-html", "cables-csv", "plain", "jsonl", "auto".
std::string_view format_name(Format format);
std::optional<Format> format_from_name(std::string_view name);

// Guesses the format from the first bytes of an input (a few KiB suffice).
// Never returns kAuto: what is not recognisably anything else is kTelegram.
Format detect_format(std::string_view head);

struct ReadOptions {
  bool keep_raw = false;  // fill Cable::raw with the input verbatim
  std::string source;     // the input's name, for error locations ("-" is stdin)
  // 1-based line of the source on which the record's bytes start; warnings
  // and errors are numbered from here.
  std::int64_t first_line = 1;
  // A record larger than this is refused (kInvalidInput) rather than held in
  // memory: bounds memory on hostile input. The largest real cable page is
  // about 140 KB, so 8 MiB leaves room while keeping peak memory small.
  std::size_t max_record_bytes = std::size_t{8} << 20;
};

// Single-record readers. Errors: kInvalidInput when the bytes hold no cable
// of that format, with ReadOptions::source and a line in Error::where.
Result<Cable> read_telegram(std::string_view text, const ReadOptions& options = {});
Result<Cable> read_cablegate_html(std::string_view page, const ReadOptions& options = {});
Result<Cable> read_plain(std::string_view text, const ReadOptions& options = {});
// One complete cables.csv row (8 quoted fields, backslash escapes).
Result<Cable> read_cables_csv_row(std::string_view row, const ReadOptions& options = {});
// One line of JSON Lines written by to_json.
Result<Cable> read_jsonl_line(std::string_view line, const ReadOptions& options = {});

// One record's bytes as cut from an input, not yet read.
struct RawRecord {
  Format format = Format::kTelegram;  // never kAuto
  std::int64_t line = 1;              // 1-based line of the source where it starts
  std::string bytes;
};

// Reads a RawRecord with the reader of its format. `options.source` names the
// input; `first_line` is taken from the record.
Result<Cable> read_record(const RawRecord& record, const ReadOptions& options = {});

// Cuts an input into records. Single-record formats yield the whole input
// once; cables.csv yields rows and JSON Lines yields non-empty lines. A row
// that cannot be cut (a broken quote, a record over max_record_bytes) is
// returned as an Error naming its line, and cutting resumes after it.
// Not thread-safe: one splitter per input, records go to any thread.
class RecordSplitter {
 public:
  RecordSplitter(std::unique_ptr<ByteSource> source, Format format, ReadOptions options);
  ~RecordSplitter();
  RecordSplitter(const RecordSplitter&) = delete;
  RecordSplitter& operator=(const RecordSplitter&) = delete;

  // The next record, an Error for a record that could not be cut, or
  // std::nullopt at the end of the input.
  std::optional<Result<RawRecord>> next();

  // The format in use (detected from the first bytes when kAuto was given).
  Format format() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chancery::parse
