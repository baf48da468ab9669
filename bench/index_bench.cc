// Indexing throughput on real cables: Xapian::TermGenerator against our
// Tokenizer on body text, build_document() (all of a cable's terms, values
// and data), and build_document() + WritableDatabase::replace_document()
// into a glass database with its final commit, the indexing cost per thread
// of an ingest.
//
//   build-release/bench/chancery_bench --benchmark_filter='Index|BuildDocument'
//
// Bytes processed are the cables' body text (the bulk of what is indexed:
// subject and addressees add ~1%), so the four figures compare directly.
#include <unistd.h>
#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "chancery/access.h"
#include "chancery/cable.h"
#include "chancery/parse.h"

#include "bench_corpus.h"
#include "index/document.h"
#include "index/tokenizer.h"

namespace chancery::bench {
namespace {

// The corpus's cables, read once.
const std::vector<Cable>& cables() {
  static const std::vector<Cable> all = [] {
    std::vector<Cable> out;
    for (const std::string& row : corpus().rows) {
      if (Result<Cable> c = parse::read_cables_csv_row(row)) out.push_back(std::move(c.value()));
    }
    return out;
  }();
  return all;
}

// Calls index(cable) for one cable per iteration, round-robin.
template <typename Index>
void index_each(benchmark::State& state, Index index) {
  const std::vector<Cable>& all = cables();
  if (all.empty()) {
    state.SkipWithError("no input: see bench/README.md for the corpus");
    return;
  }
  std::size_t i = 0;
  std::int64_t bytes = 0;
  for (auto _ : state) {
    const Cable& cable = all[i];
    index(cable);
    bytes += static_cast<std::int64_t>(cable.body.size());
    i = (i + 1) % all.size();
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(corpus().label);
}

void BM_IndexBody_TermGenerator(benchmark::State& state) {
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("english"));
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
  index_each(state, [&](const Cable& cable) {
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(cable.body);
    benchmark::DoNotOptimize(doc.termlist_count());
  });
}
BENCHMARK(BM_IndexBody_TermGenerator);

void BM_IndexBody_Tokenizer(benchmark::State& state) {
  index::Tokenizer tok;
  index_each(state, [&](const Cable& cable) {
    Xapian::Document doc;
    Xapian::termpos pos = 0;
    tok.index_text(cable.body, "", doc, pos);
    benchmark::DoNotOptimize(doc.termlist_count());
  });
}
BENCHMARK(BM_IndexBody_Tokenizer);

// Word splitting alone, without stems or Xapian::Document: how little of
// the cost above is the reading of the text.
void BM_IndexBody_SplitOnly(benchmark::State& state) {
  index::Tokenizer tok;
  index_each(state, [&](const Cable& cable) {
    std::size_t n = 0;
    tok.for_each_word(cable.body, [&](const std::string& w) { n += w.size(); });
    benchmark::DoNotOptimize(n);
  });
}
BENCHMARK(BM_IndexBody_SplitOnly);

// A cable's access profile (its portions' markings) and its documents, one
// per group of portions.
std::vector<Xapian::Document> documents(const Cable& cable, index::Tokenizer& tok) {
  return index::build_documents(cable, access::access_of(cable), "0123456789abcdef", tok);
}

void BM_BuildDocument(benchmark::State& state) {
  index::Tokenizer tok;
  index_each(state, [&](const Cable& cable) {
    std::vector<Xapian::Document> docs = documents(cable, tok);
    benchmark::DoNotOptimize(docs.size());
  });
}
BENCHMARK(BM_BuildDocument);

// One iteration indexes every cable of the corpus into a new glass database
// and commits: what one ingest thread pays per cable, flush to disk
// included. Wall time, since the commit waits for the disk.
void BM_BuildDocumentAndWrite(benchmark::State& state) {
  const std::vector<Cable>& all = cables();
  if (all.empty()) {
    state.SkipWithError("no input: see bench/README.md for the corpus");
    return;
  }
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("chancery-index-bench-" + std::to_string(::getpid()));
  index::Tokenizer tok;
  std::int64_t bytes = 0;
  std::int64_t docs = 0;
  try {
    for (auto _ : state) {
      Xapian::WritableDatabase db(dir.string(),
                                  Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
      for (const Cable& cable : all) {
        for (Xapian::Document& doc : documents(cable, tok)) db.add_document(doc);
        bytes += static_cast<std::int64_t>(cable.body.size());
      }
      db.commit();
      docs += static_cast<std::int64_t>(all.size());
    }
  } catch (const Xapian::Error& e) {
    state.SkipWithError(e.get_description().c_str());
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(docs);
  state.SetLabel(corpus().label);
}
BENCHMARK(BM_BuildDocumentAndWrite)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
}  // namespace chancery::bench
