// The inputs every benchmark reads, loaded once per process.
//
// Benchmarks measure the readers on real cables: the cables.csv dump of
// ../shared/corpus (decompressed at startup with `zstd -dc`), or the
// uncompressed file named by $CHANCERY_BENCH_CSV, and Cablegate pages from the
// HTML tarball. Without the corpus they fall back to the few cables shipped in
// examples/, which is enough to run, not to publish figures: the `corpus`
// label of each benchmark says which was used.
#pragma once

#include <string>
#include <vector>

namespace chancery::bench {

struct Corpus {
  std::string label;                   // where the data came from, for the output
  std::string csv;                     // a whole cables.csv, rows in order
  std::vector<std::string> rows;       // the same, one complete row each
  std::vector<std::string> telegrams;  // each row's telegram: header and text columns
  std::vector<std::string> pages;      // Cablegate HTML pages
  std::size_t csv_bytes_of_rows = 0;   // sum of rows' sizes
};

// Loads on first call (a few seconds for the full corpus); never fails: a
// source that cannot be read is reported on stderr and skipped.
const Corpus& corpus();

}  // namespace chancery::bench
