// Audit log append latency (bench/README.md: the bar is 0.2 ms per append).
//
// Each benchmark appends to a fresh log in the temporary directory, one entry
// per iteration, and reports the mean (the usual time column) and, as
// counters, the p50, p99 and max of the individual appends in microseconds.
// Run with a fixed count so that every row means the same thing:
//   chancery_audit_bench --benchmark_filter=Append
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>

#include "chancery/audit.h"

namespace chancery::bench {
namespace {

namespace fs = std::filesystem;

constexpr int kAppends = 20000;

class FreshLog {
 public:
  explicit FreshLog(const char* tag) {
    dir_ = fs::temp_directory_path() / fmt::format("chancery-audit-bench-{}-{}", tag, ::getpid());
    std::error_code ec;
    fs::remove_all(dir_, ec);
    fs::create_directories(dir_, ec);
  }
  ~FreshLog() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  FreshLog(const FreshLog&) = delete;
  FreshLog& operator=(const FreshLog&) = delete;
  fs::path file() const { return dir_ / "audit.sqlite"; }

 private:
  fs::path dir_;
};

void report_percentiles(benchmark::State& state, std::vector<double>& micros) {
  if (micros.empty()) return;
  std::sort(micros.begin(), micros.end());
  const auto at = [&](double q) {
    return micros[std::min(micros.size() - 1, static_cast<std::size_t>(q * micros.size()))];
  };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
  state.counters["max_us"] = micros.back();
}

// A realistic entry: a reader, a cable id and the portions shown.
void append_one(audit::AuditLog& log, benchmark::State& state, std::int64_t i) {
  Result<std::int64_t> seq =
      log.append("alice.smith", "show", fmt::format("07TELAVIV{}", 100 + i % 900),
                 fmt::format("07TELAVIV{}:subject,1-18,19", 100 + i % 900));
  if (!seq) state.SkipWithError(seq.error().to_string().c_str());
}

void BM_Append(benchmark::State& state, bool durable) {
  FreshLog dir(durable ? "full" : "normal");
  audit::OpenOptions options;
  options.durable = durable;
  Result<audit::AuditLog> log = audit::AuditLog::open(dir.file(), options);
  if (!log) {
    state.SkipWithError(log.error().to_string().c_str());
    return;
  }
  std::vector<double> micros;
  micros.reserve(kAppends);
  std::int64_t i = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    append_one(*log, state, i++);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
  }
  state.SetItemsProcessed(state.iterations());
  report_percentiles(state, micros);
  Result<audit::VerifyReport> report = log->verify();
  if (!report || !report->ok()) state.SkipWithError("the log did not verify after the run");
}

void BM_AppendNormal(benchmark::State& state) { BM_Append(state, false); }
void BM_AppendDurable(benchmark::State& state) { BM_Append(state, true); }

// Verifying: entries per second over a log of kAppends entries.
void BM_Verify(benchmark::State& state) {
  FreshLog dir("verify");
  Result<audit::AuditLog> log = audit::AuditLog::open(dir.file());
  if (!log) {
    state.SkipWithError(log.error().to_string().c_str());
    return;
  }
  for (std::int64_t i = 0; i < kAppends; ++i) append_one(*log, state, i);
  for (auto _ : state) {
    Result<audit::VerifyReport> report = log->verify();
    if (!report || !report->ok()) state.SkipWithError("the log did not verify");
  }
  state.SetItemsProcessed(state.iterations() * kAppends);
}

BENCHMARK(BM_AppendNormal)->Iterations(kAppends)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AppendDurable)->Iterations(kAppends)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Verify)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace chancery::bench
