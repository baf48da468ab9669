// The archive over the whole corpus of ../shared/corpus: the Cablegate HTML
// tree and cables.csv ingested together (then again), and search facets and
// the reference graph compared with counts computed by brute force from the
// records. Skipped, with a message, when the corpus is absent.
//
// The archive is built once per process: ctest runs the ArchiveCorpusTest
// suite as one test (see tests/CMakeLists.txt). Under a sanitizer
// (CHANCERY_SANITIZED=1, or an ASan build) a tenth of the corpus is used (the
// HTML and CSV forms of a tenth of the ids, and of the cables with two
// versions) and only the counts that follow from the records are asserted.

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "archive/prepare.h"
#include "index/query_parser.h"
#include "index/shards.h"
#include "archive_test_util.h"
#include "chancery/archive.h"
#include "chancery/parse.h"
#include "chancery/search.h"

namespace chancery::archive {
namespace {

namespace fs = std::filesystem;

using test_util::file_input;
using test_util::TempDir;

using Key = std::pair<std::string, std::string>;  // (id, origin)

// Cables of the corpus whose CSV row reads differently from their page
// (the archive's export damaged the text): a second version each.
constexpr std::uint64_t kObservedNewVersions = 10;
constexpr std::string_view kVersioned[] = {
    "07SAOPAULO601",   "08ASTANA338", "08BEIRUT523",  "08SANJOSE959", "08STATE43817",
    "09ISLAMABAD3037", "09LONDON2581", "09LONDON2596", "09MANAMA424",  "10MADRID87"};

// What the corpus holds, from the readers alone, and the archive made of it.
struct Corpus {
  TempDir tmp{"archive-corpus"};
  bool subset = false;
  std::vector<IngestInput> inputs;
  std::uint64_t pages = 0, rows = 0, records = 0, failures = 0;

  // The oracle: per (id, origin), the distinct contents in order of arrival
  // and the record of the latest one (the archive's current version).
  struct Entry {
    std::vector<std::string> digests;
    Cable current;
  };
  std::map<Key, Entry> cables;
  std::map<std::string, std::vector<std::string>> origins_of;  // id -> origins, sorted

  std::optional<Archive> archive;
  IngestReport first, second;
  double parse_seconds = 0;

  std::uint64_t versions() const {
    std::uint64_t n = 0;
    for (const auto& [key, e] : cables) n += e.digests.size();
    return n;
  }
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void add_record(Corpus& c, const parse::RawRecord& raw, const std::string& source) {
  ++c.records;
  Result<Cable> cable = parse::read_record(raw, parse::ReadOptions{.source = source});
  if (!cable || !cable->id || cable->id->empty()) {
    ++c.failures;
    return;
  }
  Key key{*cable->id, cable->origin.value_or("")};
  Corpus::Entry& e = c.cables[key];
  const std::string digest = content_digest(*cable);
  if (std::find(e.digests.begin(), e.digests.end(), digest) == e.digests.end()) {
    e.digests.push_back(digest);
    e.current = std::move(cable).value();
  }
}

// Reads every record of `source` into the oracle; returns the raw rows when
// `keep` says so (to write a subset).
void read_input(Corpus& c, std::unique_ptr<ByteSource> source, const std::string& name,
                std::uint64_t& count, const std::function<bool(std::string_view)>& keep,
                std::string* kept) {
  parse::RecordSplitter splitter(decompressing(std::move(source)), parse::Format::kAuto,
                                 parse::ReadOptions{.source = name});
  while (std::optional<Result<parse::RawRecord>> raw = splitter.next()) {
    if (!*raw) {
      ++count;
      ++c.records;
      ++c.failures;
      continue;
    }
    if (keep) {
      Result<Cable> cable = parse::read_record(**raw);
      if (cable && !keep(cable->id.value_or(""))) continue;
    }
    ++count;
    if (kept != nullptr) {
      *kept += (*raw)->bytes;
      *kept += '\n';
    }
    add_record(c, **raw, name);
  }
}

// Built once for every test of this binary; destroyed at exit, which removes
// its directory (600 MB: a test run must not leave it behind).
Corpus* load_corpus() {
  static std::unique_ptr<Corpus> corpus([]() -> Corpus* {
    const fs::path shared = fs::path(CHANCERY_SHARED_DIR) / "corpus";
    const fs::path tar = shared / "cablegate-dev-html.tar.zst";
    const fs::path csv = shared / "cables-dev.csv.zst";
    if (!fs::exists(tar) || !fs::exists(csv)) return nullptr;
    auto* c = new Corpus;
    c->subset = test_util::sanitized();
    const auto start = std::chrono::steady_clock::now();
    const fs::path html = c->tmp.path() / "html";
    fs::create_directories(html);
    const std::string cmd =
        "zstd -q -dc '" + tar.string() + "' | tar x -C '" + html.string() + "'";
    if (std::system(cmd.c_str()) != 0) {
      ADD_FAILURE() << "could not extract the HTML tree: " << cmd;
      return c;
    }
    std::vector<fs::path> pages;
    for (const auto& e : fs::recursive_directory_iterator(html)) {
      if (e.is_regular_file() && e.path().extension() == ".html") pages.push_back(e.path());
    }
    std::sort(pages.begin(), pages.end());
    // A tenth of the corpus under a sanitizer: both forms of the cables whose
    // id hashes to 0 modulo 10, and of those with a second version.
    const auto keep = [c](std::string_view id) {
      if (!c->subset) return true;
      for (std::string_view v : kVersioned) {
        if (id == v) return true;
      }
      return std::hash<std::string_view>{}(id) % 10 == 0;
    };
    for (std::size_t i = 0; i < pages.size(); ++i) {
      if (!keep(pages[i].stem().string())) continue;
      Result<std::unique_ptr<ByteSource>> src = open_file(pages[i].string());
      if (!src) {
        ADD_FAILURE() << src.error().to_string();
        continue;
      }
      std::uint64_t one = 0;
      read_input(*c, std::move(src).value(), pages[i].string(), one, {}, nullptr);
      ++c->pages;
      c->inputs.push_back(file_input(pages[i]));
    }
    Result<std::unique_ptr<ByteSource>> src = open_file(csv.string());
    if (!src) {
      ADD_FAILURE() << src.error().to_string();
      return c;
    }
    if (c->subset) {
      std::string rows;
      read_input(*c, std::move(src).value(), "cables.csv", c->rows, keep, &rows);
      const fs::path subset = c->tmp.path() / "cables-subset.csv";
      test_util::write_file(subset, rows);
      c->inputs.push_back(file_input(subset));
    } else {
      // The compressed file itself: ingest decompresses it as it streams.
      read_input(*c, std::move(src).value(), csv.string(), c->rows, {}, nullptr);
      c->inputs.push_back(file_input(csv));
    }
    for (const auto& [key, e] : c->cables) c->origins_of[key.first].push_back(key.second);
    c->parse_seconds = seconds_since(start);

    Result<Archive> created = Archive::create(c->tmp.path() / "archive");
    if (!created) {
      ADD_FAILURE() << created.error().to_string();
      return c;
    }
    c->archive.emplace(std::move(created).value());
    for (IngestReport* report : {&c->first, &c->second}) {
      Result<IngestReport> r = c->archive->ingest(c->inputs, IngestOptions{});
      if (!r) {
        ADD_FAILURE() << "ingest: " << r.error().to_string();
        c->archive.reset();
        return c;
      }
      *report = std::move(r).value();
    }
    return c;
  }());
  return corpus.get();
}

class ArchiveCorpusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_ = load_corpus();
    if (corpus_ == nullptr) GTEST_SKIP() << "no corpus in " CHANCERY_SHARED_DIR "/corpus";
    ASSERT_TRUE(corpus_->archive) << "the corpus archive could not be made";
  }
  Corpus* corpus_ = nullptr;
};

std::string failures_of(const IngestReport& r) {
  std::string out;
  for (std::size_t i = 0; i < r.failures.size() && i < 20; ++i) {
    out += r.failures[i].to_string() + "\n";
  }
  return out;
}

TEST_F(ArchiveCorpusTest, IngestGivesEveryCableOnceAndAgainChangesNothing) {
  Corpus& c = *corpus_;
  Archive& a = *c.archive;
  const std::uint64_t cables = c.cables.size();
  const std::uint64_t new_versions = c.versions() - cables;
  std::uint64_t two_versions = 0;
  std::vector<std::string> versioned;
  for (const auto& [key, e] : c.cables) {
    EXPECT_LE(e.digests.size(), 2u) << key.first;
    if (e.digests.size() == 2) {
      ++two_versions;
      versioned.push_back(key.first);
    }
  }
  std::string names;
  for (const std::string& id : versioned) names += " " + id;
  std::printf(
      "[corpus] %s: %llu pages + %llu rows = %llu records (%llu unreadable), read in %.1f s\n"
      "[corpus] first ingest: %llu new, %llu new versions, %llu unchanged, %llu failed in %.1f s"
      " (%.1f MiB)\n"
      "[corpus] second ingest: %llu new, %llu new versions, %llu unchanged, %llu failed in %.1f "
      "s\n[corpus] cables with 2 versions:%s\n",
      c.subset ? "a tenth (sanitized run)" : "whole", static_cast<unsigned long long>(c.pages),
      static_cast<unsigned long long>(c.rows), static_cast<unsigned long long>(c.records),
      static_cast<unsigned long long>(c.failures), c.parse_seconds,
      static_cast<unsigned long long>(c.first.added),
      static_cast<unsigned long long>(c.first.new_versions),
      static_cast<unsigned long long>(c.first.unchanged),
      static_cast<unsigned long long>(c.first.failed), c.first.seconds,
      static_cast<double>(c.first.bytes) / (1024.0 * 1024.0),
      static_cast<unsigned long long>(c.second.added),
      static_cast<unsigned long long>(c.second.new_versions),
      static_cast<unsigned long long>(c.second.unchanged),
      static_cast<unsigned long long>(c.second.failed), c.second.seconds, names.c_str());

  // The figures of the whole corpus, as observed; the rest follows from the records.
  if (!c.subset) {
    EXPECT_EQ(c.pages, 5043u);
    EXPECT_EQ(c.rows, 5043u);
    EXPECT_EQ(cables, 5043u);
    EXPECT_EQ(new_versions, kObservedNewVersions);
    EXPECT_EQ(c.failures, 0u);
  }
  EXPECT_EQ(c.first.failed, c.failures) << failures_of(c.first);
  EXPECT_EQ(c.first.added, cables);
  EXPECT_EQ(c.first.new_versions, new_versions);
  EXPECT_EQ(c.first.new_versions, two_versions);
  // A handful: the cables whose CSV text the archive's export damaged.
  if (!c.subset) {
    EXPECT_LE(c.first.new_versions * 100, cables);
  }
  EXPECT_EQ(c.first.added + c.first.new_versions + c.first.unchanged + c.first.failed, c.records);

  EXPECT_EQ(c.second.added, 0u);
  EXPECT_EQ(c.second.new_versions, 0u);
  EXPECT_EQ(c.second.unchanged, c.records - c.failures);
  EXPECT_EQ(c.second.failed, c.failures);

  Result<Stats> stats = a.stats();
  ASSERT_TRUE(stats) << stats.error().to_string();
  EXPECT_EQ(stats->cables, cables);
  EXPECT_EQ(stats->versions, cables + new_versions);

  // Every cable, at its latest content, with as many versions as contents.
  std::uint64_t wrong = 0;
  for (const auto& [key, e] : c.cables) {
    Result<StoredCable> s = a.get(key.first, std::string_view(key.second));
    if (!s) {
      ADD_FAILURE() << key.first << " from '" << key.second << "': " << s.error().to_string();
      if (++wrong > 10) break;
      continue;
    }
    EXPECT_EQ(s->versions.size(), e.digests.size()) << key.first;
    EXPECT_EQ(s->version, static_cast<int>(e.digests.size())) << key.first;
    for (std::size_t v = 0; v < s->versions.size() && v < e.digests.size(); ++v) {
      EXPECT_EQ(s->versions[v].digest, e.digests[v]) << key.first << " version " << v + 1;
    }
    EXPECT_EQ(content_digest(s->record), e.digests.back()) << key.first;
  }

  Result<CheckReport> check = a.check();
  ASSERT_TRUE(check) << check.error().to_string();
  std::string problems;
  for (std::size_t i = 0; i < check->problems.size() && i < 20; ++i) {
    problems += check->problems[i] + "\n";
  }
  EXPECT_TRUE(check->problems.empty()) << problems;
  EXPECT_EQ(check->cables, cables);
  EXPECT_EQ(check->indexed, cables);
}

// ---- facets -----------------------------------------------------------------

using Counts = std::map<std::string, std::uint64_t>;
struct FacetCounts {
  std::uint64_t total = 0;
  Counts tag, origin, year, cls;
};

std::string level_of(const Cable& c) {
  const std::string& s = c.classification.value_or("");
  return s.substr(0, s.find("//"));
}

std::string year_of(const Cable& c) {
  const std::string& s = c.created.value_or("");
  return s.size() >= 4 ? s.substr(0, 4) : "";
}

void count(FacetCounts& f, const Cable& c) {
  ++f.total;
  for (const std::string& t : c.tags) {
    if (!t.empty()) ++f.tag[t];
  }
  if (!c.origin.value_or("").empty()) ++f.origin[*c.origin];
  if (!year_of(c).empty()) ++f.year[year_of(c)];
  if (!level_of(c).empty()) ++f.cls[level_of(c)];
}

// Handling captions: the record's, and the caveats after "//" in the banner.
bool has_handling(const Cable& c, const std::string& caption) {
  if (std::find(c.handling.begin(), c.handling.end(), caption) != c.handling.end()) return true;
  const std::string& s = c.classification.value_or("");
  for (std::size_t at = s.find("//"); at != std::string::npos; at = s.find("//", at + 2)) {
    const std::size_t end = s.find("//", at + 2);
    if (s.substr(at + 2, end == std::string::npos ? std::string::npos : end - at - 2) == caption) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> words;
  std::string w;
  for (char ch : s) {
    if (std::isalnum(static_cast<unsigned char>(ch)) != 0) {
      w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    } else if (!w.empty()) {
      words.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) words.push_back(std::move(w));
  return words;
}

// Whether `phrase` appears as consecutive words of the origin.
bool origin_has(const Cable& c, const std::string& phrase) {
  const std::vector<std::string> have = words_of(c.origin.value_or(""));
  const std::vector<std::string> want = words_of(phrase);
  return std::search(have.begin(), have.end(), want.begin(), want.end()) != have.end();
}

struct Query {
  std::string text;
  std::function<bool(const Cable&)> match;  // empty: the search's own match set
};

bool has_tag(const Cable& c, const std::string& tag) {
  return std::find(c.tags.begin(), c.tags.end(), tag) != c.tags.end();
}

std::vector<Query> queries_for(const Corpus& c) {
  Counts tags, years, origins;
  for (const auto& [key, e] : c.cables) {
    for (const std::string& t : e.current.tags) ++tags[t];
    ++years[year_of(e.current)];
    ++origins[key.second];
  }
  const auto by_count = [](const Counts& counts) {
    std::vector<std::pair<std::uint64_t, std::string>> v;
    for (const auto& [name, n] : counts) v.emplace_back(n, name);
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    return v;
  };
  const auto tag_list = by_count(tags);
  const auto year_list = by_count(years);
  const auto origin_list = by_count(origins);

  std::vector<Query> q;
  q.push_back({"*", [](const Cable&) { return true; }});
  q.push_back({"", [](const Cable&) { return true; }});
  // The five most common tags, one rare one, and one in lower case.
  for (std::size_t i = 0; i < 5 && i < tag_list.size(); ++i) {
    const std::string t = tag_list[i].second;
    q.push_back({"tag:" + t, [t](const Cable& x) { return has_tag(x, t); }});
  }
  if (!tag_list.empty()) {
    const std::string rare = tag_list.back().second;
    q.push_back({"tag:" + rare, [rare](const Cable& x) { return has_tag(x, rare); }});
  }
  q.push_back({"tag:prel", [](const Cable& x) { return has_tag(x, "PREL"); }});
  // Two tags: both.
  if (tag_list.size() >= 2) {
    const std::string a = tag_list[0].second, b = tag_list[1].second;
    q.push_back({"tag:" + a + " tag:" + b,
                 [a, b](const Cable& x) { return has_tag(x, a) && has_tag(x, b); }});
  }
  // Years: the three most common, the oldest, and two years (either).
  for (std::size_t i = 0; i < 3 && i < year_list.size(); ++i) {
    const std::string y = year_list[i].second;
    q.push_back({"year:" + y, [y](const Cable& x) { return year_of(x) == y; }});
  }
  if (!years.empty() && !years.begin()->first.empty()) {
    const std::string oldest = years.begin()->first;
    q.push_back({"year:" + oldest, [oldest](const Cable& x) { return year_of(x) == oldest; }});
  }
  if (year_list.size() >= 2) {
    const std::string a = year_list[0].second, b = year_list[1].second;
    q.push_back({"year:" + a + " year:" + b,
                 [a, b](const Cable& x) { return year_of(x) == a || year_of(x) == b; }});
    if (!tag_list.empty()) {
      const std::string t = tag_list[0].second;
      q.push_back({"tag:" + t + " year:" + a,
                   [t, a](const Cable& x) { return has_tag(x, t) && year_of(x) == a; }});
    }
  }
  // Classification levels, by word and by letter, and with a caveat.
  for (const auto& [query, level] : std::vector<std::pair<std::string, std::string>>{
           {"class:secret", "SECRET"},
           {"class:confidential", "CONFIDENTIAL"},
           {"class:u", "UNCLASSIFIED"},
           {"class:\"top secret\"", "TOP SECRET"}}) {
    q.push_back({query, [want = level](const Cable& x) { return level_of(x) == want; }});
  }
  q.push_back({"class:\"secret//noforn\"", [](const Cable& x) {
                 return level_of(x) == "SECRET" && has_handling(x, "NOFORN");
               }});
  q.push_back({"handling:noforn", [](const Cable& x) { return has_handling(x, "NOFORN"); }});
  // The three most common origins, as phrases of their words.
  for (std::size_t i = 0; i < 3 && i < origin_list.size(); ++i) {
    const std::string o = origin_list[i].second;
    q.push_back({"origin:\"" + o + "\"", [o](const Cable& x) { return origin_has(x, o); }});
  }
  // Free text: the search's own matches, recounted from the records.
  for (const char* text : {"iran", "nuclear", "\"human rights\"", "sanctions", "oil OR gas",
                           "election*", "\"prime minister\"", "tag:PREL iran",
                           "subject:visit", "china NOT japan"}) {
    q.push_back({text, {}});
  }
  return q;
}

std::string show(const Counts& counts) {
  std::string out;
  for (const auto& [name, n] : counts) out += name + "=" + std::to_string(n) + " ";
  return out;
}

Counts to_counts(const Facet& f) {
  Counts out;
  for (const auto& [name, n] : f.values) {
    EXPECT_TRUE(out.emplace(name, n).second) << f.name << " value twice: " << name;
  }
  return out;
}

TEST_F(ArchiveCorpusTest, FacetsEqualBruteForceCounts) {
  Corpus& c = *corpus_;
  Archive& a = *c.archive;
  std::map<Key, const Cable*> by_key;
  for (const auto& [key, e] : c.cables) by_key[key] = &e.current;

  std::size_t compared = 0;
  for (const Query& query : queries_for(c)) {
    SCOPED_TRACE("query: " + query.text);
    SearchRequest request;
    request.query = query.text;
    request.limit = 10000;
    request.snippets = false;
    request.facets = {"tag", "origin", "year", "class"};
    request.facet_limit = 0;
    Result<SearchResult> r = a.search(request);
    ASSERT_TRUE(r) << r.error().to_string();
    ASSERT_EQ(r->facets.size(), 4u);
    EXPECT_TRUE(r->total_exact);

    FacetCounts want;
    if (query.match) {
      for (const auto& [key, cable] : by_key) {
        if (query.match(*cable)) count(want, *cable);
      }
    } else {
      ASSERT_EQ(r->hits.size(), r->total);
      std::set<Key> seen;
      for (const SearchHit& hit : r->hits) {
        const Key key{hit.id, hit.origin};
        EXPECT_TRUE(seen.insert(key).second) << "hit twice: " << hit.id;
        auto it = by_key.find(key);
        ASSERT_NE(it, by_key.end()) << "a hit for no cable: " << hit.id << " " << hit.origin;
        count(want, *it->second);
      }
      EXPECT_GT(want.total, 0u) << "choose a query that matches";
    }
    EXPECT_EQ(r->total, want.total);
    EXPECT_EQ(r->facets[0].name, "tag");
    EXPECT_EQ(to_counts(r->facets[0]), want.tag) << "got  " << show(to_counts(r->facets[0]))
                                                 << "\nwant " << show(want.tag);
    EXPECT_EQ(to_counts(r->facets[1]), want.origin) << "got  " << show(to_counts(r->facets[1]))
                                                    << "\nwant " << show(want.origin);
    EXPECT_EQ(to_counts(r->facets[2]), want.year) << "got  " << show(to_counts(r->facets[2]))
                                                  << "\nwant " << show(want.year);
    EXPECT_EQ(to_counts(r->facets[3]), want.cls) << "got  " << show(to_counts(r->facets[3]))
                                                 << "\nwant " << show(want.cls);
    std::printf("[facets] %-28s total %5llu, %3zu tags, %3zu origins, %2zu years, %zu classes\n",
                query.text.c_str(), static_cast<unsigned long long>(r->total), want.tag.size(),
                want.origin.size(), want.year.size(), want.cls.size());
    ++compared;
  }
  EXPECT_GE(compared, 30u);
}

// Phrase pairs (index/phrase_pairs.h) change how a phrase is answered, not
// what it finds: on the corpus index, each query matches the same documents
// with the same weights, in the same order, with the pairs as without.
TEST_F(ArchiveCorpusTest, PhrasePairsFindWhatPhrasesFind) {
  std::vector<Xapian::Database> shards;
  Result<Xapian::Database> db = index::open_reader(corpus_->tmp.path() / "archive" / "index", 2, &shards);
  ASSERT_TRUE(db) << db.error().to_string();
  ASSERT_TRUE(index::has_phrase_pairs(shards)) << "a new archive holds the pairs";
  const index::QueryParser plain(&*db), paired(&*db, /*phrase_pairs=*/true);
  std::size_t rewritten = 0;
  for (const char* text :
       {"\"human rights\"", "\"prime minister\"", "\"united states\"", "\"foreign minister\"",
        "\"nuclear program\"", "\"money laundering\"", "\"the prime minister said\"",
        "\"human rights\" OR iran", "iran NOT \"nuclear program\"", "\"united states\" \"human rights\"",
        "\"human rights\" tag:PHUM", "\"prime minister\" year:2009", "\"rights human\"",
        "subject:\"human rights\"", "human ADJ rights", "\"human rights watch\"",
        "\"charge d'affaires\"", "(\"saudi arabia\" OR \"north korea\") AND \"nuclear weapons\"", "\"climate change\"",
        "\"european union\" \"free trade agreement\""}) {
    SCOPED_TRACE(text);
    Result<Xapian::Query> a = plain.parse(text);
    Result<Xapian::Query> b = paired.parse(text);
    ASSERT_TRUE(a && b);
    if (a->get_description() != b->get_description()) ++rewritten;
    auto matches = [&](const Xapian::Query& q) {
      Xapian::Enquire enquire(*db);
      enquire.set_query(q);
      const Xapian::MSet mset = enquire.get_mset(0, db->get_doccount(), db->get_doccount());
      std::vector<std::pair<Xapian::docid, double>> out;
      for (auto it = mset.begin(); it != mset.end(); ++it) out.emplace_back(*it, it.get_weight());
      return out;
    };
    const auto want = matches(*a);
    EXPECT_EQ(matches(*b), want);
    if (std::string_view(text) != "\"rights human\"") {
      EXPECT_FALSE(want.empty()) << "choose a query that matches";
    }
  }
  EXPECT_GE(rewritten, 16u);
}

// Pages are cut from one ranked list, with a cable once: a weightless query
// (filters alone) runs in each shard and is merged, a weighted one in the
// whole index; either way every page is the slice of the whole list, and a
// filter alone lists cables in the order they were filed (by key).
TEST_F(ArchiveCorpusTest, PagesAreSlicesOfTheWholeList) {
  Archive& a = *corpus_->archive;
  for (const char* text : {"tag:PREL", "year:2009", "class:secret", "iran", "\"prime minister\"", ""}) {
    for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest}) {
      SCOPED_TRACE(std::string("query: ") + text + " sort " + std::to_string(static_cast<int>(sort)));
      SearchRequest request;
      request.query = text;
      request.sort = sort;
      request.snippets = false;
      request.limit = 10000;
      Result<SearchResult> whole = a.search(request);
      ASSERT_TRUE(whole) << whole.error().to_string();
      ASSERT_TRUE(whole->total_exact);
      ASSERT_EQ(whole->total, whole->hits.size());
      ASSERT_GT(whole->hits.size(), 40u);
      std::set<std::int64_t> keys;
      for (const SearchHit& hit : whole->hits) EXPECT_TRUE(keys.insert(hit.key).second) << "twice: " << hit.id;
      for (std::size_t i = 1; i < whole->hits.size(); ++i) {
        const SearchHit& before = whole->hits[i - 1];
        const SearchHit& after = whole->hits[i];
        if (sort == SortOrder::kNewest) {
          EXPECT_GE(before.created, after.created) << after.id;
        } else if (sort == SortOrder::kOldest) {
          EXPECT_LE(before.created, after.created) << after.id;
        } else if (std::string_view(text).find(':') != std::string_view::npos) {
          EXPECT_LT(before.key, after.key) << after.id;
        }
      }
      for (const auto& [offset, limit] : std::vector<std::pair<std::uint32_t, std::uint32_t>>{
               {0, 20}, {20, 20}, {7, 3}, {100, 50}, {static_cast<std::uint32_t>(whole->total) - 5, 20}}) {
        request.offset = offset;
        request.limit = limit;
        Result<SearchResult> page = a.search(request);
        ASSERT_TRUE(page) << page.error().to_string();
        // (A page past the end, on the sanitizers' tenth of the corpus, is empty.)
        const std::size_t end = std::min<std::size_t>(whole->hits.size(), offset + limit);
        ASSERT_EQ(page->hits.size(), end > offset ? end - offset : 0) << offset << "+" << limit;
        for (std::size_t i = 0; i < page->hits.size(); ++i) {
          EXPECT_EQ(page->hits[i].key, whole->hits[offset + i].key) << offset << "+" << limit << " #" << i;
        }
        if (page->total_exact) {
          EXPECT_EQ(page->total, whole->total);
        }
        EXPECT_GE(page->total, std::min<std::size_t>(end, whole->total));
      }
      request.offset = 0;
    }
  }
}

// ---- references -------------------------------------------------------------

TEST_F(ArchiveCorpusTest, RefsEqualBruteForceGraph) {
  Corpus& c = *corpus_;
  Archive& a = *c.archive;
  // Who names each id, from every current record.
  std::map<std::string, std::set<Key>> citing;
  for (const auto& [key, e] : c.cables) {
    for (const Reference& ref : e.current.references) {
      if (ref.id && *ref.id != key.first) citing[*ref.id].insert(key);
    }
  }
  std::uint64_t edges = 0, resolved = 0, cited_by_edges = 0, with_refs = 0, errors = 0;
  std::set<std::string> missing_ids;
  for (const auto& [key, e] : c.cables) {
    SCOPED_TRACE(key.first + " from " + key.second);
    const bool ambiguous = c.origins_of.at(key.first).size() > 1;
    Result<RefGraph> g = ambiguous ? a.refs(key.first, std::string_view(key.second))
                                   : a.refs(key.first);
    if (!g) {
      ADD_FAILURE() << g.error().to_string();
      if (++errors > 10) break;
      continue;
    }
    EXPECT_EQ(g->id, key.first);
    EXPECT_EQ(g->origin, key.second);

    // cites: every reference to a cable id, in order, but itself; resolved to
    // the citing origin's cable when the id has several, else the first.
    std::vector<RefEntry> cites, missing;
    for (const Reference& ref : e.current.references) {
      if (!ref.id || *ref.id == key.first) continue;
      RefEntry want{.id = *ref.id, .origin = {}, .subject = {}, .created = {}, .text = ref.text};
      auto found = c.origins_of.find(*ref.id);
      if (found == c.origins_of.end()) {
        missing.push_back(want);
        missing_ids.insert(*ref.id);
      } else {
        const std::vector<std::string>& origins = found->second;
        want.origin = std::find(origins.begin(), origins.end(), key.second) != origins.end()
                          ? key.second
                          : origins.front();
        ++resolved;
      }
      cites.push_back(std::move(want));
    }
    edges += cites.size();
    if (!cites.empty()) ++with_refs;
    ASSERT_EQ(g->cites.size(), cites.size());
    for (std::size_t i = 0; i < cites.size(); ++i) {
      EXPECT_EQ(g->cites[i].id, cites[i].id) << "cite " << i;
      EXPECT_EQ(g->cites[i].origin, cites[i].origin) << "cite " << i << " " << cites[i].id;
      EXPECT_EQ(g->cites[i].text, cites[i].text) << "cite " << i;
      if (cites[i].origin) {
        const Cable& target = c.cables.at({cites[i].id, *cites[i].origin}).current;
        EXPECT_EQ(g->cites[i].subject.value_or(""), target.subject.value_or(""));
        EXPECT_EQ(g->cites[i].created.value_or(""), target.created.value_or(""));
      }
    }
    ASSERT_EQ(g->missing.size(), missing.size());
    for (std::size_t i = 0; i < missing.size(); ++i) {
      EXPECT_EQ(g->missing[i].id, missing[i].id);
      EXPECT_FALSE(g->missing[i].origin);
    }

    // cited_by: the cables naming this id, once each, by date.
    std::set<Key> want_by;
    if (auto it = citing.find(key.first); it != citing.end()) want_by = it->second;
    std::set<Key> got_by;
    for (const RefEntry& r : g->cited_by) {
      EXPECT_TRUE(got_by.emplace(r.id, r.origin.value_or("?")).second) << "twice: " << r.id;
    }
    EXPECT_EQ(got_by, want_by);
    for (std::size_t i = 1; i < g->cited_by.size(); ++i) {
      EXPECT_LE(g->cited_by[i - 1].created.value_or(""), g->cited_by[i].created.value_or(""));
    }
    cited_by_edges += g->cited_by.size();
  }
  std::printf(
      "[refs] %zu cables, %llu cite others: %llu reference edges, %llu resolved in the "
      "corpus, %llu to %zu missing ids; %llu cited-by edges\n",
      c.cables.size(), static_cast<unsigned long long>(with_refs),
      static_cast<unsigned long long>(edges), static_cast<unsigned long long>(resolved),
      static_cast<unsigned long long>(edges - resolved), missing_ids.size(),
      static_cast<unsigned long long>(cited_by_edges));
  EXPECT_GT(resolved, 0u);
  EXPECT_GT(missing_ids.size(), 0u);
}

}  // namespace
}  // namespace chancery::archive
