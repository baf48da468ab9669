// Sending throughput (bench/README.md "Sending"): one sender sends the same
// CONFIDENTIAL draft, to 10 addressees (one action, nine information, each
// with its control number), again and again for --seconds (default 12),
// into a fresh archive on disk in the temporary directory. It reports the
// sustained sends per second, the slowest one-second window, and the
// latency percentiles of single sends; then, to say what dominates, the
// cost of each step of a send measured alone on the same draft:
// check (validation with the directory and the archive), render, parse
// back, prepare (JSON, digest, zstd) and the index catch-up a server runs
// after a send (not part of send()).
//
//   chancery_post_bench [--seconds N] [--threads N] [--no-steps]
//
// --threads N runs N senders, each with its own PostOffice, as server
// workers would (their sends are ordered by SQLite's write lock).

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "archive/prepare.h"
#include "chancery/archive.h"
#include "chancery/compose.h"
#include "chancery/parse.h"
#include "chancery/post_office.h"
#include "chancery/users.h"

namespace chancery::bench {
namespace {

namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

double since(Steady::time_point t) { return std::chrono::duration<double>(Steady::now() - t).count(); }

compose::Draft bench_draft() {
  compose::Draft d;
  d.author = "bench";
  d.from = "AMEMBASSY TEL AVIV";
  d.precedence = "PRIORITY";
  d.to = {{.name = "SECSTATE WASHDC", .precedence = "IMMEDIATE"}};
  for (const char* post : {"AMEMBASSY AMMAN", "AMEMBASSY CAIRO", "AMEMBASSY LONDON", "AMEMBASSY PARIS",
                           "AMEMBASSY BERLIN", "AMEMBASSY MOSCOW", "AMEMBASSY BEIJING", "AMEMBASSY RIYADH",
                           "USMISSION USUN NEW YORK"}) {
    d.info.push_back({.name = post, .precedence = std::nullopt});
  }
  d.classification = "CONFIDENTIAL";
  d.captions = {"SIPDIS"};
  d.declassify_on = "2036-01-01";
  d.tags = {"PREL", "KNNP", "IR", "IS"};
  d.subject = "IRAN: ISRAELI VIEWS ON THE NEXT ROUND OF SANCTIONS";
  d.subject_marking = "C";
  d.classified_by = "Ambassador Richard H. Jones";
  d.reasons = {"1.4(b)", "1.4(d)"};
  const std::string text =
      "Senior officials of the foreign ministry told the ambassador that the government expects the "
      "next round of sanctions to be decided within weeks, and that its partners in Europe are ready "
      "to support measures against the banking and insurance sectors. They asked for an early reading "
      "of the administration's position before the ministerial meeting.";
  for (int i = 0; i < 6; ++i) d.paragraphs.push_back({.marking = "C", .text = text, .number = ""});
  d.signature = "JONES";
  return d;
}

struct Options {
  double seconds = 12;
  int threads = 1;
  bool steps = true;  // --no-steps: the sustained run alone (for a profiler)
};

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--no-steps") == 0) o.steps = false;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--seconds") == 0) o.seconds = std::atof(argv[i + 1]);
    if (std::strcmp(argv[i], "--threads") == 0) o.threads = std::max(1, std::atoi(argv[i + 1]));
  }
  return o;
}

// Mean microseconds of fn() over `n` runs.
template <typename Fn>
double per_call_us(int n, Fn&& fn) {
  const auto t = Steady::now();
  for (int i = 0; i < n; ++i) fn();
  return since(t) * 1e6 / n;
}

int run(const Options& options) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("chancery-post-bench-{}", ::getpid());
  std::error_code ec;
  fs::remove_all(dir, ec);
  Result<archive::Archive> created = archive::Archive::create(dir);
  if (!created) {
    std::fprintf(stderr, "%s\n", created.error().to_string().c_str());
    return 1;
  }
  {
    Result<post::PostOffice> first = post::PostOffice::open(dir);
    if (!first) {
      std::fprintf(stderr, "%s\n", first.error().to_string().c_str());
      return 1;
    }
  }
  users::User officer;
  officer.name = "bench";
  officer.role = users::Role::kOfficer;
  officer.post = "AMEMBASSY TEL AVIV";
  const compose::Draft draft = bench_draft();

  // The sustained run.
  std::atomic<bool> stop{false};
  std::atomic<long> sent{0};
  std::vector<std::vector<double>> latencies(options.threads);
  std::vector<std::string> failures(options.threads);
  std::vector<long> per_second;
  const auto start = Steady::now();
  std::vector<std::thread> senders;
  for (int t = 0; t < options.threads; ++t) {
    senders.emplace_back([&, t] {
      Result<post::PostOffice> po = post::PostOffice::open(dir);
      if (!po) {
        failures[t] = po.error().to_string();
        return;
      }
      while (!stop.load(std::memory_order_relaxed)) {
        const auto t0 = Steady::now();
        Result<post::Sent> s = po->send(draft, officer);
        if (!s) {
          failures[t] = s.error().to_string();
          return;
        }
        latencies[t].push_back(since(t0) * 1e6);
        sent.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  long last = 0;
  for (int s = 1; s <= static_cast<int>(options.seconds); ++s) {
    std::this_thread::sleep_until(start + std::chrono::seconds(s));
    const long now = sent.load();
    per_second.push_back(now - last);
    last = now;
  }
  stop = true;
  for (std::thread& th : senders) th.join();
  const double elapsed = since(start);
  for (const std::string& f : failures) {
    if (!f.empty()) {
      std::fprintf(stderr, "send failed: %s\n", f.c_str());
      return 1;
    }
  }
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  const auto pct = [&](double q) { return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<std::size_t>(q * all.size()))]; };
  fmt::print("sending: {} sender(s), 10 addressees per cable, {:.1f} s, {} cables\n", options.threads, elapsed,
             sent.load());
  fmt::print("  sustained   {:.0f} sends/s (slowest 1-s window {} sends, fastest {})\n", sent.load() / elapsed,
             *std::min_element(per_second.begin(), per_second.end()),
             *std::max_element(per_second.begin(), per_second.end()));
  fmt::print("  latency     p50 {:.0f} us, p99 {:.0f} us, max {:.0f} us\n", pct(0.5), pct(0.99), all.empty() ? 0.0 : all.back());
  fmt::print("  store       {:.1f} MB (store.sqlite + WAL)\n",
             (fs::file_size(dir / "store.sqlite", ec) + (fs::exists(dir / "store.sqlite-wal") ? fs::file_size(dir / "store.sqlite-wal", ec) : 0)) / 1e6);

  if (!options.steps) {
    fs::remove_all(dir, ec);
    return 0;
  }

  // Each step alone, on the same draft.
  Result<post::PostOffice> po = post::PostOffice::open(dir);
  if (!po) return 1;
  compose::Numbering numbering{.id = "26TELAVIV999999", .post = "TEL AVIV", .serial = 999999, .station = "RUEHTV",
                               .dtg = "2026-03-02T09:30Z", .transmission = "VZCZCXRO9999", .routes = {}, .mcns = {}};
  numbering.routes.assign(10, "RUEHXX");
  numbering.mcns.assign(10, "0001");
  const std::string telegram = compose::render_telegram(draft, numbering);
  Result<Cable> cable = parse::read_telegram(telegram);
  if (!cable) return 1;
  const int n = 2000;
  const double check_us = per_call_us(n, [&] { (void)po->check(draft); });
  const double render_us = per_call_us(n, [&] { (void)compose::render_telegram(draft, numbering); });
  const double parse_us = per_call_us(n, [&] { (void)parse::read_telegram(telegram); });
  const double prepare_us =
      per_call_us(n, [&] { (void)archive::prepare_version(*cable, telegram, "sent by bench", "telegram"); });
  const double send_us = all.empty() ? 0 : pct(0.5);
  fmt::print("steps alone (mean of {} calls; telegram {} bytes):\n", n, telegram.size());
  fmt::print("  check       {:6.0f} us\n", check_us);
  fmt::print("  render      {:6.0f} us\n", render_us);
  fmt::print("  parse back  {:6.0f} us\n", parse_us);
  fmt::print("  prepare     {:6.0f} us (record JSON, digest, zstd)\n", prepare_us);
  fmt::print("  the rest    {:6.0f} us (transaction: counters, filing, deliveries, commit; of the p50 send)\n",
             std::max(0.0, send_us - check_us - render_us - parse_us - prepare_us));

  // The index, which send() leaves to the caller: one catch-up per send
  // (what the server does) and one for the whole run.
  {
    const auto t0 = Steady::now();
    Result<archive::Archive> a = archive::Archive::open(dir);  // catches up everything sent above
    if (!a) return 1;
    fmt::print("index catch-up of all {} cables at once: {:.2f} s\n", sent.load(), since(t0));
    const int k = 50;
    double total = 0;
    for (int i = 0; i < k; ++i) {
      if (Result<post::Sent> s = po->send(draft, officer); !s) return 1;
      const auto t1 = Steady::now();
      if (Result<void> r = a->catch_up(); !r) return 1;
      total += since(t1);
    }
    fmt::print("index catch-up after each send: {:.0f} us per send (mean of {})\n", total * 1e6 / k, k);
  }
  fs::remove_all(dir, ec);
  return 0;
}

}  // namespace
}  // namespace chancery::bench

int main(int argc, char** argv) { return chancery::bench::run(chancery::bench::parse_options(argc, argv)); }
