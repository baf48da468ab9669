// chancery_search_bench: chancery's search against an SQLite FTS5 baseline,
// in the same process and the same run, on the same cables and the same
// queries (bench/queries.txt). See bench/README.md, "Search at scale".
//
// Per query and round, interleaved so that the machine's noise falls on both
// sides alike: chancery top-20, FTS5 top-20, chancery top-20 + exact facets
// (tag, origin, year, class), FTS5 the same; which side goes first alternates
// by round. Prints markdown tables: per query p50/p95 of each side and the
// FTS5/chancery ratio, the overall p50/p95 over all queries x rounds, the
// issue's bars, and every query whose exact totals or facet counts differ
// between the two sides (they reveal tokenizer and query-language
// differences; they are reported, not hidden).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "chancery/archive.h"
#include "chancery/search.h"

#include "fts5_baseline.h"

namespace {

namespace fs = std::filesystem;
using chancery::bench::BenchQuery;
using chancery::bench::Fts5Baseline;
using Clock = std::chrono::steady_clock;

const std::vector<std::string> kFacetNames = {"tag", "origin", "year", "class"};

struct Options {
  fs::path archive;
  fs::path fts5;
  fs::path queries = "bench/queries.txt";
  std::vector<std::string> inputs;
  bool rebuild = false;
  int rounds = 5;
  std::string only;  // "", "chancery" or "fts5"
  bool snippets = true;
};

// The measures of one query.
struct Samples {
  std::vector<double> chancery_top, fts5_top, chancery_facets, fts5_facets;  // ms
  std::uint64_t chancery_total = 0, fts5_total = 0;
  std::vector<chancery::archive::Facet> chancery_facet_values, fts5_facet_values;
  std::string error;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

template <typename F>
double time_ms(F&& f) {
  auto start = Clock::now();
  f();
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

[[noreturn]] void die(const chancery::Error& e) {
  std::fprintf(stderr, "chancery_search_bench: %s\n", e.to_string().c_str());
  if (!e.hint.empty()) std::fprintf(stderr, "  %s\n", e.hint.c_str());
  std::exit(1);
}

chancery::archive::SearchRequest request(const BenchQuery& q, bool facets, bool snippets,
                                         std::uint32_t facet_limit = 10) {
  chancery::archive::SearchRequest r;
  r.query = q.chancery;
  r.limit = 20;
  r.snippets = snippets;
  r.highlight_open = "<b>";
  r.highlight_close = "</b>";
  if (facets) {
    r.facets = kFacetNames;
    r.facet_limit = facet_limit;
    r.exact_total = true;
  }
  return r;
}

std::string cell(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return "`" + out + "`";
}

std::string ms(double v) { return std::isnan(v) ? "-" : fmt::format("{:.2f}", v); }
std::string ratio(double fts5, double chancery) {
  return (std::isnan(fts5) || std::isnan(chancery) || chancery <= 0)
             ? "-"
             : fmt::format("{:.1f}x", fts5 / chancery);
}

// How two complete facet counts (every value) differ, per facet: how many
// values differ and the one that differs most; "" when they agree. Compared
// as value -> count, so the order each side lists them in does not matter.
std::string facet_difference(const std::vector<chancery::archive::Facet>& a,
                             const std::vector<chancery::archive::Facet>& b) {
  std::string out;
  for (const auto& name : kFacetNames) {
    auto counts = [&](const std::vector<chancery::archive::Facet>& facets) {
      std::optional<std::map<std::string, std::uint64_t>> m;
      for (const auto& f : facets) {
        if (f.name == name) m.emplace(f.values.begin(), f.values.end());
      }
      return m;
    };
    auto ca = counts(a);
    auto cb = counts(b);
    if (!ca || !cb) {
      out += fmt::format("; {}: missing on one side", name);
      continue;
    }
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> both;
    for (const auto& [v, n] : *ca) both[v].first = n;
    for (const auto& [v, n] : *cb) both[v].second = n;
    std::size_t differing = 0;
    std::string worst;
    std::uint64_t worst_gap = 0;
    for (const auto& [v, n] : both) {
      if (n.first == n.second) continue;
      ++differing;
      std::uint64_t gap = n.first > n.second ? n.first - n.second : n.second - n.first;
      if (gap > worst_gap) {
        worst_gap = gap;
        worst = fmt::format("{} chancery {} / fts5 {}", v, n.first, n.second);
      }
    }
    if (differing != 0) {
      out +=
          fmt::format("; {}: {} of {} values differ, most {}", name, differing, both.size(), worst);
    }
  }
  return out;
}

void print_table(const char* title, const std::vector<BenchQuery>& queries,
                 const std::vector<Samples>& samples, bool facets) {
  std::printf("\n### %s\n\n", title);
  std::printf(
      "| query | hits (chancery / fts5) | chancery p50 | p95 | fts5 p50 | p95 | ratio p50 | ratio "
      "p95 |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (std::size_t i = 0; i < queries.size(); ++i) {
    const Samples& s = samples[i];
    if (!s.error.empty()) {
      std::printf("| %s | error: %s |  |  |  |  |  |  |\n", cell(queries[i].chancery).c_str(),
                  s.error.c_str());
      continue;
    }
    const auto& c = facets ? s.chancery_facets : s.chancery_top;
    const auto& f = facets ? s.fts5_facets : s.fts5_top;
    double c50 = percentile(c, 0.5), c95 = percentile(c, 0.95);
    double f50 = percentile(f, 0.5), f95 = percentile(f, 0.95);
    std::string hits = s.chancery_total == s.fts5_total
                           ? std::to_string(s.chancery_total)
                           : fmt::format("{} / {}", s.chancery_total, s.fts5_total);
    std::printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", cell(queries[i].chancery).c_str(),
                hits.c_str(), ms(c50).c_str(), ms(c95).c_str(), ms(f50).c_str(), ms(f95).c_str(),
                ratio(f50, c50).c_str(), ratio(f95, c95).c_str());
  }
}

// `show` and `refs` of one cable, in process: 200 cables spread over the
// archive (every n-th by date), each read whole (Archive::get: store lookup,
// zstd, JSON) and its reference graph built (Archive::refs), `rounds` times.
void time_show_and_refs(chancery::archive::Archive& archive, int rounds) {
  chancery::archive::SearchRequest all;
  all.query = "*";
  all.sort = chancery::archive::SortOrder::kOldest;
  all.limit = 10000;
  all.snippets = false;
  auto listed = archive.search(all);
  if (!listed || listed->hits.empty()) return;
  std::vector<const chancery::archive::SearchHit*> sample;
  const std::size_t step = std::max<std::size_t>(1, listed->hits.size() / 200);
  for (std::size_t i = 0; i < listed->hits.size(); i += step) sample.push_back(&listed->hits[i]);
  std::vector<double> show, refs;
  for (int r = 0; r < rounds; ++r) {
    for (const auto* hit : sample) {
      show.push_back(time_ms([&] { (void)archive.get(hit->id, hit->origin); }));
      refs.push_back(time_ms([&] { (void)archive.refs(hit->id, hit->origin); }));
    }
  }
  std::printf("\n### show and refs of one cable (%zu cables x %d rounds, in process)\n\n",
              sample.size(), rounds);
  std::printf("| | p50 ms | p95 ms | bar |\n|---|---|---|---|\n");
  std::printf("| show (Archive::get) | %s | %s | <= 2 ms: %s |\n", ms(percentile(show, 0.5)).c_str(),
              ms(percentile(show, 0.95)).c_str(), percentile(show, 0.95) <= 2 ? "met" : "NOT met");
  std::printf("| refs (Archive::refs) | %s | %s | <= 5 ms: %s |\n", ms(percentile(refs, 0.5)).c_str(),
              ms(percentile(refs, 0.95)).c_str(), percentile(refs, 0.95) <= 5 ? "met" : "NOT met");
}

}  // namespace

int main(int argc, char** argv) try {
  Options o;
  CLI::App app{"chancery search against an SQLite FTS5 baseline, same cables, same queries"};
  app.add_option("--archive", o.archive, "the chancery archive to search")->required();
  app.add_option("--fts5", o.fts5, "the FTS5 database (default: ARCHIVE.fts5.sqlite beside it)");
  app.add_option("--queries", o.queries, "the queries file (default: bench/queries.txt)");
  app.add_option("--inputs", o.inputs,
                 "the inputs the archive was ingested from: builds the FTS5 database when it is "
                 "missing or was built from other inputs");
  app.add_flag("--rebuild", o.rebuild, "build the FTS5 database even if it exists");
  app.add_option("--rounds", o.rounds, "timed rounds per query (default 5)")
      ->check(CLI::PositiveNumber);
  app.add_option("--only", o.only, "measure one side only")
      ->check(CLI::IsMember({"chancery", "fts5"}));
  bool no_snippets = false;
  app.add_flag("--no-snippets", no_snippets,
               "hits without snippets on both sides (what matching alone costs)");
  CLI11_PARSE(app, argc, argv);
  if (o.fts5.empty()) {
    fs::path dir = o.archive.lexically_normal();
    if (!dir.has_filename()) dir = dir.parent_path();
    o.fts5 = dir;
    o.fts5 += ".fts5.sqlite";
  }
  o.snippets = !no_snippets;
  const bool run_chancery = o.only != "fts5";
  const bool run_fts5 = o.only != "chancery";

  auto queries = chancery::bench::read_queries(o.queries);
  if (!queries) die(queries.error());

  // The baseline database: built once, kept beside the archive.
  bool build = o.rebuild || !fs::exists(o.fts5);
  if (!build && !o.inputs.empty()) {
    auto existing = Fts5Baseline::open(o.fts5);
    if (!existing) die(existing.error());
    auto wanted = chancery::bench::describe_inputs(o.inputs);
    if (!wanted) die(wanted.error());
    build = existing->meta("inputs") != *wanted;
    if (build) std::fprintf(stderr, "%s was built from other inputs: rebuilding\n", o.fts5.c_str());
  }
  if (build) {
    if (o.inputs.empty()) {
      die({.code = chancery::Errc::kNotFound,
           .message = fmt::format("{}: no FTS5 database", o.fts5.string()),
           .hint = "give --inputs, the files the archive was ingested from, to build it"});
    }
    std::fprintf(stderr, "building %s from %zu input(s)\n", o.fts5.c_str(), o.inputs.size());
    auto last = Clock::now();
    auto report = Fts5Baseline::build(o.fts5, o.inputs, [&](const auto& p) {
      if (Clock::now() - last < std::chrono::seconds(5)) return;
      last = Clock::now();
      std::fprintf(stderr, "  %llu records, %.0f MB read\n",
                   static_cast<unsigned long long>(p.records), static_cast<double>(p.bytes) / 1e6);
    });
    if (!report) die(report.error());
    std::printf(
        "FTS5 build: %llu records (%llu failed), %llu cables, %.0f MB read, %.1f s "
        "(load %.1f s, index %.1f s, optimize %.1f s), %.0f MB on disk\n",
        static_cast<unsigned long long>(report->records),
        static_cast<unsigned long long>(report->failed),
        static_cast<unsigned long long>(report->cables), static_cast<double>(report->bytes) / 1e6,
        report->seconds, report->load_seconds, report->index_seconds, report->optimize_seconds,
        static_cast<double>(report->file_bytes) / 1e6);
  }
  auto fts5 = Fts5Baseline::open(o.fts5);
  if (!fts5) die(fts5.error());
  auto archive = chancery::archive::Archive::open(o.archive, /*read_only=*/true);
  if (!archive) die(archive.error());

  auto stats = archive->stats();
  if (!stats) die(stats.error());
  auto fts5_cables = fts5->cable_count();
  if (!fts5_cables) die(fts5_cables.error());
  std::printf(
      "\nchancery archive %s: %llu cables; FTS5 %s: %llu cables (SQLite %s, built in %s s)\n",
      o.archive.c_str(), static_cast<unsigned long long>(stats->cables), o.fts5.c_str(),
      static_cast<unsigned long long>(*fts5_cables), fts5->meta("sqlite_version").c_str(),
      fts5->meta("build_seconds").c_str());
  if (stats->cables != *fts5_cables) {
    std::printf(
        "WARNING: the two hold different numbers of cables: ratios stand, totals will differ\n");
  }

  std::vector<Samples> samples(queries->size());
  auto run_chancery_query = [&](std::size_t i, bool facets) {
    Samples& s = samples[i];
    std::optional<chancery::Result<chancery::archive::SearchResult>> r;
    double t =
        time_ms([&] { r.emplace(archive->search(request((*queries)[i], facets, o.snippets))); });
    if (!*r) s.error = "chancery: " + r->error().to_string();
    return t;
  };
  auto run_fts5_query = [&](std::size_t i, bool facets) {
    Samples& s = samples[i];
    std::optional<chancery::Result<chancery::bench::Fts5Result>> r;
    double t = time_ms([&] { r.emplace(fts5->search((*queries)[i], facets, o.snippets)); });
    if (!*r) s.error = "fts5: " + r->error().to_string();
    return t;
  };

  // Warm: every query once on each side, both forms, untimed. Then, untimed
  // too, the exact totals and every facet value of each side, compared below.
  for (std::size_t i = 0; i < queries->size(); ++i) {
    for (bool facets : {false, true}) {
      if (run_chancery) run_chancery_query(i, facets);
      if (run_fts5) run_fts5_query(i, facets);
    }
    Samples& s = samples[i];
    if (run_chancery && s.error.empty()) {
      auto r = archive->search(request((*queries)[i], true, false, /*facet_limit=*/0));
      if (r) {
        s.chancery_total = r->total;
        s.chancery_facet_values = std::move(r->facets);
      }
    }
    if (run_fts5 && s.error.empty()) {
      auto r = fts5->search((*queries)[i], true, false, 20, /*facet_limit=*/0);
      if (r) {
        s.fts5_total = r->total;
        s.fts5_facet_values = std::move(r->facets);
      }
    }
  }
  auto bench_start = Clock::now();
  for (int round = 0; round < o.rounds; ++round) {
    const bool chancery_first = round % 2 == 0;
    for (std::size_t i = 0; i < queries->size(); ++i) {
      Samples& s = samples[i];
      if (!s.error.empty()) continue;
      for (bool facets : {false, true}) {
        auto& c = facets ? s.chancery_facets : s.chancery_top;
        auto& f = facets ? s.fts5_facets : s.fts5_top;
        for (int side = 0; side < 2; ++side) {
          if ((side == 0) == chancery_first) {
            if (run_chancery) c.push_back(run_chancery_query(i, facets));
          } else {
            if (run_fts5) f.push_back(run_fts5_query(i, facets));
          }
        }
      }
    }
  }
  double bench_seconds = std::chrono::duration<double>(Clock::now() - bench_start).count();

  std::printf(
      "\n%zu queries (%s), %d rounds, interleaved, %s; times in ms, wall clock, one "
      "thread; %.1f s measuring\n",
      queries->size(), o.queries.c_str(), o.rounds,
      o.snippets ? "with snippets" : "WITHOUT snippets", bench_seconds);
  print_table(o.snippets ? "Top 20 by relevance, with snippets" : "Top 20 by relevance", *queries,
              samples, false);
  print_table("Top 20 + exact facet counts (tag, origin, year, class)", *queries, samples, true);

  std::vector<double> all[4];
  for (const auto& s : samples) {
    all[0].insert(all[0].end(), s.chancery_top.begin(), s.chancery_top.end());
    all[1].insert(all[1].end(), s.fts5_top.begin(), s.fts5_top.end());
    all[2].insert(all[2].end(), s.chancery_facets.begin(), s.chancery_facets.end());
    all[3].insert(all[3].end(), s.fts5_facets.begin(), s.fts5_facets.end());
  }
  double p[4][2];
  for (int k = 0; k < 4; ++k) {
    p[k][0] = percentile(all[k], 0.5);
    p[k][1] = percentile(all[k], 0.95);
  }
  std::printf("\n### Overall (all queries x rounds)\n\n");
  std::printf("| | chancery p50 | p95 | fts5 p50 | p95 | ratio p50 | ratio p95 |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  std::printf("| top 20 | %s | %s | %s | %s | %s | %s |\n", ms(p[0][0]).c_str(),
              ms(p[0][1]).c_str(), ms(p[1][0]).c_str(), ms(p[1][1]).c_str(),
              ratio(p[1][0], p[0][0]).c_str(), ratio(p[1][1], p[0][1]).c_str());
  std::printf("| top 20 + facets | %s | %s | %s | %s | %s | %s |\n", ms(p[2][0]).c_str(),
              ms(p[2][1]).c_str(), ms(p[3][0]).c_str(), ms(p[3][1]).c_str(),
              ratio(p[3][0], p[2][0]).c_str(), ratio(p[3][1], p[2][1]).c_str());

  if (run_chancery && run_fts5) {
    auto verdict = [](bool ok) { return ok ? "met" : "NOT met"; };
    std::printf(
        "\nBars: top-20 p50 <= 3 ms: %s (%s); p95 <= 10 ms: %s (%s); facets p95 <= 30 ms: "
        "%s (%s); >= 5x FTS5 on p95: top-20 %s (%s), facets %s (%s)\n",
        verdict(p[0][0] <= 3), ms(p[0][0]).c_str(), verdict(p[0][1] <= 10), ms(p[0][1]).c_str(),
        verdict(p[2][1] <= 30), ms(p[2][1]).c_str(), verdict(p[1][1] >= 5 * p[0][1]),
        ratio(p[1][1], p[0][1]).c_str(), verdict(p[3][1] >= 5 * p[2][1]),
        ratio(p[3][1], p[2][1]).c_str());

    std::printf("\n### Where the two sides disagree (exact totals, facet counts)\n\n");
    int differences = 0;
    for (std::size_t i = 0; i < queries->size(); ++i) {
      const Samples& s = samples[i];
      if (!s.error.empty()) {
        std::printf("- %s: %s\n", cell((*queries)[i].chancery).c_str(), s.error.c_str());
        ++differences;
        continue;
      }
      std::string facets = facet_difference(s.chancery_facet_values, s.fts5_facet_values);
      if (s.chancery_total == s.fts5_total && facets.empty()) continue;
      ++differences;
      std::printf("- %s: total chancery %llu / fts5 %llu (%+lld)%s\n",
                  cell((*queries)[i].chancery).c_str(),
                  static_cast<unsigned long long>(s.chancery_total),
                  static_cast<unsigned long long>(s.fts5_total),
                  static_cast<long long>(s.chancery_total) - static_cast<long long>(s.fts5_total),
                  facets.c_str());
    }
    if (differences == 0) std::printf("none: every total and facet count agrees\n");
  }
  if (run_chancery) time_show_and_refs(*archive, o.rounds);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "chancery_search_bench: internal error: %s\n", e.what());
  return 1;
}
