// Reader throughput on real cables (bench/README.md: how to run, how to read).
//
// Each benchmark reads one record per iteration, cycling through the corpus,
// and reports bytes/s of input and items/s (records). A record a reader
// refuses still costs its time; the `errors` counter says how many there were,
// so a fast figure from a reader that fails everything is visible as such.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

#include "chancery/parse.h"
#include "chancery/source.h"

#include "bench_corpus.h"

namespace chancery::bench {
namespace {

// Reads `inputs` round-robin with `read`, one per iteration; in a threaded
// run, thread t takes inputs t, t + n, t + 2n, ...
template <typename Read>
void read_each(benchmark::State& state, const std::vector<std::string>& inputs, Read read) {
  if (inputs.empty()) {
    state.SkipWithError("no input: see bench/README.md for the corpus");
    return;
  }
  const auto threads = static_cast<std::size_t>(state.threads());
  std::size_t i = static_cast<std::size_t>(state.thread_index()) % inputs.size();
  std::int64_t bytes = 0;
  std::int64_t errors = 0;
  for (auto _ : state) {
    const std::string& input = inputs[i];
    Result<Cable> cable = read(input);
    if (!cable) ++errors;
    benchmark::DoNotOptimize(cable);
    bytes += static_cast<std::int64_t>(input.size());
    i = (i + threads) % inputs.size();
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations());
  state.counters["errors"] = benchmark::Counter(static_cast<double>(errors));
  state.SetLabel(corpus().label);
}

void BM_ReadTelegram(benchmark::State& state) {
  read_each(state, corpus().telegrams,
            [](std::string_view text) { return parse::read_telegram(text); });
}
BENCHMARK(BM_ReadTelegram);

void BM_ReadCablesCsvRow(benchmark::State& state) {
  read_each(state, corpus().rows,
            [](std::string_view row) { return parse::read_cables_csv_row(row); });
}
BENCHMARK(BM_ReadCablesCsvRow);

void BM_ReadCablegateHtml(benchmark::State& state) {
  read_each(state, corpus().pages,
            [](std::string_view page) { return parse::read_cablegate_html(page); });
}
BENCHMARK(BM_ReadCablegateHtml);

// A ByteSource over bytes already in memory, without open_memory's copy, so
// that BM_Splitter times the cutting alone.
class ViewSource final : public ByteSource {
 public:
  explicit ViewSource(std::string_view bytes) : bytes_(bytes) {}
  Result<std::size_t> read(char* buffer, std::size_t size) override {
    const std::size_t n = std::min(size, bytes_.size());
    std::memcpy(buffer, bytes_.data(), n);
    bytes_.remove_prefix(n);
    return n;
  }
  const std::string& name() const override { return name_; }

 private:
  std::string_view bytes_;
  std::string name_ = "cables.csv";
};

// Cuts the whole cables.csv into rows: one iteration is one pass over the file.
void BM_Splitter(benchmark::State& state) {
  const std::string& csv = corpus().csv;
  std::int64_t records = 0;
  std::int64_t errors = 0;
  for (auto _ : state) {
    parse::RecordSplitter splitter(std::make_unique<ViewSource>(csv), parse::Format::kCablesCsv,
                                   parse::ReadOptions{});
    while (std::optional<Result<parse::RawRecord>> record = splitter.next()) {
      if (*record) {
        ++records;
        benchmark::DoNotOptimize(record->value().bytes.data());
      } else {
        ++errors;
      }
    }
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(csv.size()));
  state.SetItemsProcessed(records);
  state.counters["errors"] = benchmark::Counter(static_cast<double>(errors));
  state.SetLabel(corpus().label);
}
BENCHMARK(BM_Splitter)->Unit(benchmark::kMillisecond);

// What `chancery parse` does per record after cutting, on 1 and 2 threads:
// real time, so bytes/s is the whole run's throughput and the 2-thread figure
// over the 1-thread one is the scaling.
void BM_ParallelParse(benchmark::State& state) {
  static const std::vector<parse::RawRecord> records = [] {
    std::vector<parse::RawRecord> out;
    for (const std::string& row : corpus().rows) {
      out.push_back(parse::RawRecord{.format = parse::Format::kCablesCsv, .line = 1, .bytes = row});
    }
    return out;
  }();
  if (records.empty()) {
    state.SkipWithError("no input");
    return;
  }
  const auto threads = static_cast<std::size_t>(state.threads());
  std::size_t i = static_cast<std::size_t>(state.thread_index()) % records.size();
  std::int64_t bytes = 0;
  for (auto _ : state) {
    Result<Cable> cable = parse::read_record(records[i]);
    benchmark::DoNotOptimize(cable);
    bytes += static_cast<std::int64_t>(records[i].bytes.size());
    i = (i + threads) % records.size();
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParallelParse)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace
}  // namespace chancery::bench
