// The synthetic corpus generator behind `chancery gen`.
//
// Draws realistic cables from seed material (real paragraphs, subjects, tags,
// addressees and stations read from any input the parsers read) and writes
// them in every input format. Each generated cable comes with its intended
// record, the record a reader must produce from the bytes written, which is
// what the parse-back tests compare against.
//
// Everything is drawn from one seeded PRNG: the same random seed and the same
// seed inputs give the same bytes. Generation streams: memory stays bounded
// whatever the count (only counters, a window of recent ids and the cables
// waiting to be re-emitted as new versions are kept).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/cable.h"
#include "chancery/result.h"

namespace chancery::gen {

enum class OutputFormat : std::uint8_t {
  kCsv,       // one cables.csv file (8 quoted columns)
  kHtml,      // the Cablegate tree OUT/cable/YYYY/MM/ID.html
  kTelegram,  // OUT/ID.txt, raw telegrams
  kPlain,     // OUT/ID.txt, 5 metadata lines + telegram (like 07TELAVIV557.txt)
  kJsonl,     // one record per line, as `chancery parse --json` writes it
};
// "csv", "html", "telegram", "plain", "jsonl".
std::string_view output_format_name(OutputFormat format);
std::optional<OutputFormat> output_format_from_name(std::string_view name);

struct SeedData;  // src/gen/seed.h

// The material cables are drawn from. Cheap to copy (shared, immutable).
class Seed {
 public:
  // Reads every cable of `paths` (files, directories walked recursively in
  // sorted order with hidden entries skipped, .gz/.bz2/.zst read
  // decompressed). Records that are not cables are skipped and counted.
  // Errors: kNotFound / kIo for a path that cannot be read, kInvalidInput when
  // no cable at all was found.
  static Result<Seed> load(const std::vector<std::string>& paths);

  std::size_t cables() const;   // cables read
  std::size_t skipped() const;  // records that could not be read as cables
  std::size_t stations() const;
  std::size_t paragraphs() const;

  const SeedData& data() const { return *data_; }

 private:
  explicit Seed(std::shared_ptr<const SeedData> data) : data_(std::move(data)) {}
  std::shared_ptr<const SeedData> data_;
};

struct Options {
  std::uint64_t count = 1000;  // cables written, new versions and pairs included
  std::uint64_t random_seed = 1;
  double versions_percent = 1.0;  // share of cables emitted again later as a new version
};

// One generated cable: the record a reader must produce, and what the
// renderers need beyond it.
struct GeneratedCable {
  Cable cable;            // the intended record (body and warnings empty)
  std::string post;       // the station as the classification line writes it
  std::string route;      // the originating station's routing indicator
  std::string label;      // the archive's classification label ("SECRET//NOFORN")
  int copy = 1;           // 2 or more for a later record with the same id
  std::uint64_t row = 1;  // 1-based position in the output
};

// Draws cables one at a time. Not thread-safe.
class Generator {
 public:
  Generator(Seed seed, Options options);
  ~Generator();
  Generator(const Generator&) = delete;
  Generator& operator=(const Generator&) = delete;

  // The next cable, or std::nullopt after options.count of them.
  std::optional<GeneratedCable> next();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The bytes of one cable in `format`: a whole file for html, telegram and
// plain; one row or line (with its newline) for csv and jsonl.
std::string render(const GeneratedCable& cable, OutputFormat format);

// Where a per-file format puts a cable, relative to the output directory:
// "cable/2008/06/08ANKARA1167.html" or "08ANKARA1167.txt"; a later record
// with the same id gets ".v2" (".v3", ...) before the extension.
std::string relative_path(const GeneratedCable& cable, OutputFormat format);

struct WriteSummary {
  std::uint64_t cables = 0;
  std::uint64_t bytes = 0;
};

// Generates options.count cables in a stream format (csv or jsonl) and hands
// the bytes to `sink` in chunks of about 1 MiB; stops early when the sink
// returns false (its reader went away).
Result<WriteSummary> write_stream(const Seed& seed, const Options& options, OutputFormat format,
                                  const std::function<bool(std::string_view)>& sink);

// Generates options.count cables and writes them to `out`: a file for csv
// and jsonl, a directory (created; files in it are overwritten) for the
// others.
// Errors: kIo naming the path that could not be written.
Result<WriteSummary> write_corpus(const Seed& seed, const Options& options, OutputFormat format,
                                  const std::string& out);

}  // namespace chancery::gen
