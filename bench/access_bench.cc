// chancery_access_bench: what access filtering costs a search. The same
// queries (bench/queries.txt) run unfiltered (the custodian: no filter, the
// search of Step 2 on the same index) and filtered for readers who may not
// see everything, interleaved query by query and round by round so that the
// machine's noise falls on every side alike. Prints per query and overall
// p50/p95 and the filtered/unfiltered ratio; the bar is <= 1.20 on p95.
//
//   chancery_access_bench --archive ARCHIVE [--queries bench/queries.txt] [--rounds 5]

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "chancery/access.h"
#include "chancery/archive.h"
#include "chancery/search.h"

#include "fts5_baseline.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace archive = chancery::archive;

struct Side {
  std::string name;
  archive::Viewer viewer;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

[[noreturn]] void die(const chancery::Error& e) {
  std::fprintf(stderr, "chancery_access_bench: %s\n", e.to_string().c_str());
  std::exit(1);
}

archive::SearchRequest request(const std::string& query, bool facets) {
  archive::SearchRequest r;
  r.query = query;
  r.limit = 20;
  r.highlight_open = "<b>";
  r.highlight_close = "</b>";
  if (facets) {
    r.facets = {"tag", "origin", "year", "class"};
    r.exact_total = true;
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) try {
  std::filesystem::path dir;
  std::filesystem::path queries_path = "bench/queries.txt";
  int rounds = 5;
  CLI::App app{"what access filtering costs a search: unfiltered and filtered, interleaved"};
  app.add_option("--archive", dir, "the archive")->required();
  app.add_option("--queries", queries_path, "the queries file (default: bench/queries.txt)");
  app.add_option("--rounds", rounds, "timed rounds (default 5)")->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);

  auto queries = chancery::bench::read_queries(queries_path);
  if (!queries) die(queries.error());
  auto opened = archive::Archive::open(dir, /*read_only=*/true);
  if (!opened) die(opened.error());
  archive::Archive& a = *opened;

  std::vector<Side> sides;
  sides.push_back(Side{"unfiltered (custodian)", archive::Viewer{}});
  archive::Viewer confidential;
  confidential.reader.everything = false;
  confidential.reader.name = "bench-confidential";
  confidential.reader.clearance = chancery::access::Level::kConfidential;
  confidential.reader.nationality = "USA";
  sides.push_back(Side{"CONFIDENTIAL, USA, no groups", confidential});
  archive::Viewer foreign = confidential;
  foreign.reader.name = "bench-secret-gbr";
  foreign.reader.clearance = chancery::access::Level::kSecret;
  foreign.reader.nationality = "GBR";
  sides.push_back(Side{"SECRET, GBR", foreign});
  sides.push_back(Side{"reading room", archive::Viewer{chancery::access::Reader::reading_room(), ""}});

  // [form][side][query] -> samples (ms); form 0 top 20, 1 top 20 + facets.
  std::vector<std::vector<std::vector<std::vector<double>>>> t(
      2, std::vector<std::vector<std::vector<double>>>(sides.size(),
                                                       std::vector<std::vector<double>>(queries->size())));
  for (const auto& q : *queries) {  // warm, untimed
    for (const Side& s : sides) {
      for (bool facets : {false, true}) {
        auto r = a.search(request(q.chancery, facets), s.viewer);
        if (!r) die(r.error());
      }
    }
  }
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t i = 0; i < queries->size(); ++i) {
      for (int form = 0; form < 2; ++form) {
        for (std::size_t k = 0; k < sides.size(); ++k) {
          // Rotate which side goes first, round by round.
          const std::size_t s = (k + static_cast<std::size_t>(round)) % sides.size();
          const auto start = Clock::now();
          auto r = a.search(request((*queries)[i].chancery, form == 1), sides[s].viewer);
          const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
          if (!r) die(r.error());
          t[form][s][i].push_back(ms);
        }
      }
    }
  }

  for (int form = 0; form < 2; ++form) {
    std::printf("\n### %s\n\n| query |", form == 0 ? "Top 20 with snippets" : "Top 20 + exact facets (tag, origin, year, class)");
    for (const Side& s : sides) std::printf(" %s p50 | p95 |", s.name.c_str());
    std::printf("\n|---|");
    for (std::size_t k = 0; k < sides.size(); ++k) std::printf("---|---|");
    std::printf("\n");
    for (std::size_t i = 0; i < queries->size(); ++i) {
      std::printf("| `%s` |", (*queries)[i].chancery.c_str());
      for (std::size_t k = 0; k < sides.size(); ++k) {
        std::printf(" %.2f | %.2f |", percentile(t[form][k][i], 0.5), percentile(t[form][k][i], 0.95));
      }
      std::printf("\n");
    }
    std::printf("\n| overall (all queries x rounds) | p50 ms | p95 ms | p50 / unfiltered | p95 / unfiltered |\n|---|---|---|---|---|\n");
    std::vector<double> base;
    for (const auto& q : t[form][0]) base.insert(base.end(), q.begin(), q.end());
    const double b50 = percentile(base, 0.5), b95 = percentile(base, 0.95);
    for (std::size_t k = 0; k < sides.size(); ++k) {
      std::vector<double> all;
      for (const auto& q : t[form][k]) all.insert(all.end(), q.begin(), q.end());
      const double p50 = percentile(all, 0.5), p95 = percentile(all, 0.95);
      std::printf("| %s | %.2f | %.2f | %.2f | %.2f%s |\n", sides[k].name.c_str(), p50, p95, p50 / b50, p95 / b95,
                  k == 0 ? "" : (p95 / b95 <= 1.20 ? " (bar <= 1.20 met)" : " (bar <= 1.20 NOT met)"));
    }
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "chancery_access_bench: %s\n", e.what());
  return 1;
}
