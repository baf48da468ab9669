// The record's JSON: how fast append_json writes (the hot path of
// `chancery parse --json`) and from_json reads back a realistic cable.
//
//   build-release/bench/json_bench --benchmark_filter=Json
//
// Bytes processed are the bytes of JSON written or read.
#include <string>

#include <benchmark/benchmark.h>

#include "chancery/cable.h"

namespace {

// ~10 KB of cable text: sentence-cased words, a line break every ~70
// characters, quotes, portion marks, some non-ASCII (¶, ’), like the corpus.
std::string cable_text(std::size_t size) {
  static constexpr const char* kWords[] = {"During",
                                           "his",
                                           "January",
                                           "visit",
                                           "to",
                                           "Israel,",
                                           "Under",
                                           "Secretary",
                                           "Joseph",
                                           "discussed",
                                           "Iran's",
                                           "nuclear",
                                           "program",
                                           "with",
                                           "senior",
                                           "GOI",
                                           "officials.",
                                           "\"sanctions\"",
                                           "(S)",
                                           "the",
                                           "UNSC",
                                           "resolution",
                                           "\xE2\x80\x99",
                                           "\xC2\xB6"
                                           "2.",
                                           "Embassy",
                                           "Tel",
                                           "Aviv",
                                           "noted",
                                           "that",
                                           "Russia",
                                           "and",
                                           "China",
                                           "would",
                                           "agree;"};
  std::string s;
  s.reserve(size + 64);
  std::size_t line = 0;
  std::size_t i = 0;
  while (s.size() < size) {
    const std::string_view w = kWords[(i * 7 + i / 3) % std::size(kWords)];
    ++i;
    if (line + w.size() > 70) {
      s += '\n';
      line = 0;
      if (i % 5 == 0) s += '\n';
    } else if (line > 0) {
      s += ' ';
      ++line;
    }
    s += w;
    line += w.size();
  }
  return s;
}

chancery::Cable realistic_cable(bool with_raw) {
  chancery::Cable c;
  c.id = "07TELAVIV557";
  c.origin = "Embassy Tel Aviv";
  c.created = "2007-02-22T07:11Z";
  c.classification = "SECRET";
  c.handling = {"SIPDIS"};
  c.transmission_id = "VZCZCXRO4354";
  c.precedence = "PRIORITY";
  c.from = "AMEMBASSY TEL AVIV";
  c.to = {{"RUEHC", "SECSTATE WASHDC", "PRIORITY", "9537", {}}};
  for (int i = 0; i < 20; ++i) {
    c.info.push_back({"RUEHBJ", "AMEMBASSY BEIJING", "PRIORITY", std::to_string(700 + i), {}});
  }
  c.subject = "iran-unsc: under secretary joseph's discussions with israeli government officials";
  c.tags = {"PREL", "KNNP", "MNUC", "PTER", "UNSC", "IR", "RU", "IS"};
  for (char b = 'a'; b <= 'd'; ++b) {
    c.references.push_back({std::string(1, b), "07TELAVIV553", "Tel aviv 00553"});
  }
  c.classified_by = "Ambassador Richard H. Jones";
  c.reasons = {"1.4(b)", "1.4(d)"};
  c.declassify_on = "2017-02-09";
  c.summary = cable_text(600);
  c.body = cable_text(10 * 1024);
  for (int i = 1; i <= 19; ++i) {
    c.paragraphs.push_back({std::to_string(i), "S", cable_text(480)});
  }
  c.sections = 4;
  c.format = "plain";
  c.warnings = {{12, "page header removed"}};
  if (with_raw) c.raw = chancery::RawText{cable_text(1500), c.body};
  return c;
}

void BM_AppendJson(benchmark::State& state) {
  const chancery::Cable cable = realistic_cable(state.range(0) != 0);
  std::string out;
  for (auto _ : state) {
    out.clear();
    chancery::append_json(cable, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
  state.counters["json_bytes"] = static_cast<double>(out.size());
}
BENCHMARK(BM_AppendJson)->ArgName("raw")->Arg(0)->Arg(1);

void BM_FromJson(benchmark::State& state) {
  const std::string json = chancery::to_json(realistic_cable(state.range(0) != 0));
  for (auto _ : state) {
    chancery::Result<chancery::Cable> cable = chancery::from_json(json);
    if (!cable) state.SkipWithError(cable.error().message.c_str());
    benchmark::DoNotOptimize(cable);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json.size()));
}
BENCHMARK(BM_FromJson)->ArgName("raw")->Arg(0)->Arg(1);

}  // namespace

