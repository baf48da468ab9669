// The archive on small inputs: examples/ and the handmade cables of
// tests/testdata/archive/. Versions and diffs, one id from two origins, a
// broken file in the middle of a batch, references and facets on a known set.

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "archive/prepare.h"
#include "index/phrase_pairs.h"
#include "index/shards.h"
#include "archive_test_util.h"
#include "chancery/archive.h"
#include "chancery/parse.h"
#include "chancery/search.h"

namespace chancery::archive {
namespace {

namespace fs = std::filesystem;

using test_util::file_input;
using test_util::memory_input;
using test_util::read_file;
using test_util::TempDir;
using test_util::write_file;

const fs::path kExamples = fs::path(CHANCERY_SOURCE_DIR) / "examples";
const fs::path kTestdata = fs::path(CHANCERY_SOURCE_DIR) / "tests" / "testdata" / "archive";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

Archive make_archive(const TempDir& tmp) {
  Result<Archive> a = Archive::create(tmp.path() / "archive");
  if (!a) ADD_FAILURE() << a.error().to_string();
  return std::move(a).value();
}

IngestReport ingest(Archive& a, const std::vector<IngestInput>& inputs) {
  IngestOptions options;
  options.threads = 2;
  Result<IngestReport> r = a.ingest(inputs, options);
  if (!r) {
    ADD_FAILURE() << "ingest failed: " << r.error().to_string();
    return {};
  }
  return std::move(r).value();
}

void expect_consistent(Archive& a) {
  Result<CheckReport> check = a.check();
  ASSERT_TRUE(check) << check.error().to_string();
  std::string problems;
  for (const std::string& p : check->problems) problems += p + "\n";
  EXPECT_TRUE(check->problems.empty()) << problems;
  EXPECT_EQ(check->cables, check->indexed);
}

std::uint64_t total_of(Archive& a, const std::string& query) {
  SearchRequest request;
  request.query = query;
  request.limit = 0;
  request.snippets = false;
  request.exact_total = true;
  Result<SearchResult> r = a.search(request);
  if (!r) {
    ADD_FAILURE() << query << ": " << r.error().to_string();
    return 0;
  }
  EXPECT_TRUE(r->total_exact) << query;
  return r->total;
}

// The seed cable's first paragraph, and the same with one date changed.
constexpr std::string_view kOldLine = "During his January 30 - February 2 visit to Israel,";
constexpr std::string_view kNewLine = "During his January 29 - February 3 visit to Israel,";

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(ArchiveVersions, ModifiedCopyIsVersionTwoAndTheOriginalChangesNothing) {
  TempDir tmp("versions");
  Archive a = make_archive(tmp);
  const std::string v1 = read_file(kExamples / "07TELAVIV557.txt");
  const std::string v2 = replaced(v1, kOldLine, kNewLine);

  IngestReport first = ingest(a, {memory_input("v1/07TELAVIV557.txt", v1)});
  EXPECT_EQ(first.added, 1u);
  EXPECT_EQ(first.failed, 0u);
  IngestReport second = ingest(a, {memory_input("v2/07TELAVIV557.txt", v2)});
  EXPECT_EQ(second.added, 0u);
  EXPECT_EQ(second.new_versions, 1u);
  EXPECT_EQ(second.unchanged, 0u);

  Result<StoredCable> latest = a.get("07TELAVIV557");
  ASSERT_TRUE(latest) << latest.error().to_string();
  EXPECT_EQ(latest->version, 2);
  ASSERT_EQ(latest->versions.size(), 2u);
  EXPECT_NE(latest->versions[0].digest, latest->versions[1].digest);
  EXPECT_EQ(latest->versions[0].source, "v1/07TELAVIV557.txt:1");
  EXPECT_EQ(latest->versions[1].source, "v2/07TELAVIV557.txt:1");
  EXPECT_NE(latest->record.body.find(kNewLine), std::string::npos);
  EXPECT_EQ(latest->record.body.find(kOldLine), std::string::npos);

  // Lower case ids find it too; version 1 is kept whole, with its raw input.
  Result<StoredCable> old = a.get("07telaviv557", std::nullopt, 1, /*with_raw=*/true);
  ASSERT_TRUE(old) << old.error().to_string();
  EXPECT_EQ(old->version, 1);
  EXPECT_NE(old->record.body.find(kOldLine), std::string::npos);
  EXPECT_EQ(old->record.body.find(kNewLine), std::string::npos);
  ASSERT_TRUE(old->record.raw);
  EXPECT_EQ(old->record.raw->body, v1);
  Result<StoredCable> none = a.get("07TELAVIV557", std::nullopt, 3);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, Errc::kNotFound);

  // The diff shows the one changed line, old then new.
  Result<std::string> diff = a.diff("07TELAVIV557", std::nullopt, 1, 2);
  ASSERT_TRUE(diff) << diff.error().to_string();
  std::vector<std::string> minus, plus;
  for (const std::string& line : lines_of(*diff)) {
    if (line.starts_with("---") || line.starts_with("+++")) continue;
    if (line.starts_with("-")) minus.push_back(line);
    if (line.starts_with("+")) plus.push_back(line);
  }
  ASSERT_EQ(minus.size(), 1u) << *diff;
  ASSERT_EQ(plus.size(), 1u) << *diff;
  EXPECT_NE(minus[0].find(kOldLine), std::string::npos) << *diff;
  EXPECT_NE(plus[0].find(kNewLine), std::string::npos) << *diff;
  EXPECT_LT(diff->find(minus[0]), diff->find(plus[0]));

  // The index holds version 2 only.
  EXPECT_EQ(total_of(a, "\"january 29 february 3\""), 1u);
  EXPECT_EQ(total_of(a, "\"january 30 february 2\""), 0u);

  // The first version again is no third version, and the current stays 2.
  IngestReport again = ingest(a, {memory_input("v1-again/07TELAVIV557.txt", v1)});
  EXPECT_EQ(again.added, 0u);
  EXPECT_EQ(again.new_versions, 0u);
  EXPECT_EQ(again.unchanged, 1u);
  Result<StoredCable> after = a.get("07TELAVIV557");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->version, 2);
  EXPECT_EQ(after->versions.size(), 2u);
  Result<Stats> stats = a.stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->cables, 1u);
  EXPECT_EQ(stats->versions, 2u);
  expect_consistent(a);

  // Reopened from disk, the same.
  Result<Archive> reopened = Archive::open(tmp.path() / "archive");
  ASSERT_TRUE(reopened) << reopened.error().to_string();
  Result<StoredCable> back = reopened->get("07TELAVIV557", std::string_view("Embassy Tel Aviv"));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->version, 2);
  expect_consistent(*reopened);
}

TEST(ArchiveVersions, SameIdFromTwoOriginsIsTwoCables) {
  TempDir tmp("origins");
  Archive a = make_archive(tmp);
  IngestReport report = ingest(a, {file_input(kTestdata / "09BRUSSELS1234-embassy.txt"),
                                   file_input(kTestdata / "09BRUSSELS1234-useu.txt")});
  for (const Error& e : report.failures) ADD_FAILURE() << e.to_string();
  EXPECT_EQ(report.added, 2u);
  EXPECT_EQ(report.new_versions, 0u);

  Result<std::vector<StoredCable>> found = a.find("09brussels1234");
  ASSERT_TRUE(found) << found.error().to_string();
  ASSERT_EQ(found->size(), 2u);
  EXPECT_NE((*found)[0].key, (*found)[1].key);

  Result<StoredCable> either = a.get("09BRUSSELS1234");
  ASSERT_FALSE(either);
  EXPECT_EQ(either.error().code, Errc::kConflict);
  EXPECT_NE(either.error().message.find("Embassy Brussels"), std::string::npos);
  EXPECT_NE(either.error().message.find("USEU Brussels"), std::string::npos);

  Result<StoredCable> embassy = a.get("09BRUSSELS1234", std::string_view("Embassy Brussels"));
  ASSERT_TRUE(embassy) << embassy.error().to_string();
  EXPECT_EQ(embassy->record.origin, "Embassy Brussels");
  EXPECT_EQ(embassy->record.classification, "CONFIDENTIAL");
  EXPECT_EQ(embassy->version, 1);
  Result<StoredCable> useu = a.get("09BRUSSELS1234", std::string_view("USEU Brussels"));
  ASSERT_TRUE(useu) << useu.error().to_string();
  EXPECT_EQ(useu->record.origin, "USEU Brussels");
  EXPECT_EQ(useu->record.classification, "UNCLASSIFIED");
  EXPECT_NE(embassy->key, useu->key);
  Result<StoredCable> paris = a.get("09BRUSSELS1234", std::string_view("Embassy Paris"));
  ASSERT_FALSE(paris);
  EXPECT_EQ(paris.error().code, Errc::kNotFound);

  // refs and diff choose by origin too.
  Result<RefGraph> refs = a.refs("09BRUSSELS1234");
  ASSERT_FALSE(refs);
  EXPECT_EQ(refs.error().code, Errc::kConflict);
  Result<RefGraph> embassy_refs = a.refs("09BRUSSELS1234", std::string_view("Embassy Brussels"));
  ASSERT_TRUE(embassy_refs) << embassy_refs.error().to_string();
  std::vector<std::string> cited;
  for (const RefEntry& e : embassy_refs->cites) cited.push_back(e.id);
  EXPECT_EQ(cited, (std::vector<std::string>{"09BRUSSELS1200", "09STATE12345"}));
  EXPECT_EQ(embassy_refs->missing.size(), 2u);

  EXPECT_EQ(total_of(a, "id:09BRUSSELS1234"), 2u);
  EXPECT_EQ(total_of(a, "origin:useu"), 1u);
  EXPECT_EQ(total_of(a, "class:c"), 1u);
  expect_consistent(a);
}

// The examples: every count follows from the records themselves.
TEST(ArchiveIngest, ExamplesGiveOneCablePerIdAndOriginAndOneVersionPerContent) {
  TempDir tmp("examples");
  Archive a = make_archive(tmp);
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kExamples)) {
    if (e.is_regular_file() && e.path().extension() != ".md") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 6u);

  // What the readers make of them, independently of the archive.
  std::set<std::pair<std::string, std::string>> cables;
  std::set<std::string> contents;
  std::uint64_t records = 0;
  for (const fs::path& f : files) {
    Result<std::unique_ptr<ByteSource>> src = open_file(f.string());
    ASSERT_TRUE(src);
    parse::RecordSplitter splitter(std::move(src).value(), parse::Format::kAuto, {});
    while (std::optional<Result<parse::RawRecord>> raw = splitter.next()) {
      ASSERT_TRUE(*raw) << raw->error().to_string();
      Result<Cable> c = parse::read_record(**raw);
      ASSERT_TRUE(c) << c.error().to_string();
      ++records;
      cables.emplace(*c->id, c->origin.value_or(""));
      contents.insert(*c->id + "|" + c->origin.value_or("") + "|" + content_digest(*c));
    }
  }
  std::vector<IngestInput> inputs;
  for (const fs::path& f : files) inputs.push_back(file_input(f));
  IngestReport report = ingest(a, inputs);
  for (const Error& e : report.failures) ADD_FAILURE() << e.to_string();
  EXPECT_EQ(records, 16u);  // 5 files of one cable, 11 rows
  EXPECT_EQ(report.added, cables.size());
  EXPECT_EQ(report.new_versions, contents.size() - cables.size());
  EXPECT_EQ(report.added + report.new_versions + report.unchanged, records);
  std::printf("[examples] %llu records: %llu cables, %llu new versions, %llu unchanged\n",
              static_cast<unsigned long long>(records),
              static_cast<unsigned long long>(report.added),
              static_cast<unsigned long long>(report.new_versions),
              static_cast<unsigned long long>(report.unchanged));
  Result<Stats> stats = a.stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->cables, cables.size());
  EXPECT_EQ(stats->versions, contents.size());
  EXPECT_EQ(total_of(a, "*"), cables.size());
  for (const auto& [id, origin] : cables) {
    Result<StoredCable> c = a.get(id, std::string_view(origin));
    EXPECT_TRUE(c) << id << ": " << c.error().to_string();
  }
  expect_consistent(a);

  IngestReport again = ingest(a, inputs);
  EXPECT_EQ(again.added, 0u);
  EXPECT_EQ(again.new_versions, 0u);
  EXPECT_EQ(again.unchanged, records);
  expect_consistent(a);
}

// A broken file in the middle is reported with its name and line; what is
// around it (and the good rows of the broken file) is filed.
TEST(ArchiveIngest, BrokenFilesInTheMiddleAreReportedAndTheRestIsIngested) {
  TempDir tmp("broken");
  const fs::path in = tmp.path() / "in";
  // Good cables, then garbage, a CSV cut inside its third row, then more.
  write_file(in / "1-07TELAVIV557.txt", read_file(kExamples / "07TELAVIV557.txt"));
  write_file(in / "2-75TEHRAN2069.html", read_file(kExamples / "75TEHRAN2069.html"));
  std::string garbage;
  std::uint32_t x = 12345;
  for (int i = 0; i < 4096; ++i) {
    x = x * 1103515245u + 12345u;
    garbage.push_back(static_cast<char>(x >> 23));
  }
  write_file(in / "3-garbage.bin", garbage);
  // The first three rows of examples/cables.csv, the third cut in its text.
  const std::string csv = read_file(kExamples / "cables.csv");
  std::vector<parse::RawRecord> rows;
  {
    parse::RecordSplitter splitter(open_memory(csv, "cables.csv"), parse::Format::kCablesCsv, {});
    while (rows.size() < 3) {
      std::optional<Result<parse::RawRecord>> row = splitter.next();
      ASSERT_TRUE(row && *row);
      rows.push_back(std::move(**row));
    }
  }
  const std::size_t third = csv.find(rows[2].bytes);
  ASSERT_NE(third, std::string::npos);
  const std::size_t cut = third + rows[2].bytes.size() / 2;
  write_file(in / "4-truncated.csv", csv.substr(0, cut));
  write_file(in / "5-09PARIS1254.html", read_file(kExamples / "09PARIS1254.html"));
  write_file(in / "6-empty.txt", "");
  write_file(in / "7-09BRUSSELS1234.txt", read_file(kTestdata / "09BRUSSELS1234-useu.txt"));

  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(in)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<IngestInput> inputs;
  for (const fs::path& f : files) inputs.push_back(file_input(f));
  // Small batches, so that the failures fall between commits.
  IngestOptions options;
  options.threads = 2;
  options.batch = 2;
  Archive a = make_archive(tmp);
  Result<IngestReport> report = a.ingest(inputs, options);
  ASSERT_TRUE(report) << report.error().to_string();

  std::string failures;
  for (const Error& e : report->failures) failures += e.to_string() + "\n";
  std::printf("[broken] %llu filed, %llu failed:\n%s",
              static_cast<unsigned long long>(report->added),
              static_cast<unsigned long long>(report->failed), failures.c_str());
  EXPECT_EQ(report->failed, 3u) << failures;  // garbage, the cut row, the empty file
  ASSERT_EQ(report->failures.size(), report->failed);
  // In input order, each naming its file and a line.
  const auto names = [&](std::size_t i, const std::string& file, std::string_view line) {
    ASSERT_LT(i, report->failures.size());
    const Error& e = report->failures[i];
    EXPECT_NE(e.where.find(file), std::string::npos) << e.to_string();
    if (!line.empty()) {
      EXPECT_NE(e.where.find(line), std::string::npos) << e.to_string();
    }
  };
  names(0, "3-garbage.bin", ":1");
  // The cut row is named by the line it starts on.
  const std::string line = ":" + std::to_string(rows[2].line);
  names(1, "4-truncated.csv", line);
  names(2, "6-empty.txt", "");

  // 2 files, the 2 good rows, 2 more files: all in.
  EXPECT_EQ(report->added, 6u) << failures;
  for (const auto& [id, origin] : std::vector<std::pair<std::string, std::string>>{
           {"07TELAVIV557", "Embassy Tel Aviv"},
           {"75TEHRAN2069", ""},
           {"09PARIS1254", ""},
           {"09BRUSSELS1234", "USEU Brussels"}}) {
    Result<StoredCable> c = origin.empty() ? a.get(id) : a.get(id, std::string_view(origin));
    EXPECT_TRUE(c) << id << ": " << c.error().to_string();
  }
  Result<Stats> stats = a.stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->cables, 6u);
  expect_consistent(a);
}

// Facets and totals on the examples, by hand: small enough to know.
TEST(ArchiveSearch, FacetsCountEveryMatchOnce) {
  TempDir tmp("facets");
  Archive a = make_archive(tmp);
  IngestReport report = ingest(a, {file_input(kExamples / "cables.csv"),
                                   file_input(kTestdata / "09BRUSSELS1234-embassy.txt"),
                                   file_input(kTestdata / "09BRUSSELS1234-useu.txt")});
  ASSERT_EQ(report.failed, 0u);
  SearchRequest request;
  request.query = "*";
  request.limit = 100;
  request.snippets = false;
  request.facets = {"tag", "origin", "year", "class", "month"};
  request.facet_limit = 0;
  Result<SearchResult> all = a.search(request);
  ASSERT_TRUE(all) << all.error().to_string();
  EXPECT_EQ(all->total, report.added);
  EXPECT_EQ(all->hits.size(), report.added);
  ASSERT_EQ(all->facets.size(), 5u);
  // The origins add up to the cables (each has one), and both Brussels are there.
  std::uint64_t sum = 0;
  std::map<std::string, std::uint64_t> origins;
  for (const auto& [name, n] : all->facets[1].values) {
    sum += n;
    origins[name] = n;
  }
  EXPECT_EQ(sum, report.added);
  EXPECT_EQ(origins["Embassy Brussels"], 1u);
  EXPECT_EQ(origins["USEU Brussels"], 1u);
  // ENRG is on both Brussels cables and one row of the examples.
  request.query = "tag:enrg";
  Result<SearchResult> enrg = a.search(request);
  ASSERT_TRUE(enrg);
  EXPECT_EQ(enrg->total, 3u);
  std::map<std::string, std::uint64_t> tags(enrg->facets[0].values.begin(),
                                            enrg->facets[0].values.end());
  EXPECT_EQ(tags["ENRG"], 3u);
  EXPECT_EQ(tags["CO"], 1u);
  EXPECT_EQ(tags["PREL"], 1u);
  EXPECT_EQ(tags["EUN"], 1u);
  EXPECT_EQ(tags["BE"], 1u);
  std::map<std::string, std::uint64_t> months(enrg->facets[4].values.begin(),
                                              enrg->facets[4].values.end());
  EXPECT_EQ(months["2009-03"], 2u);
  request.query = "tag:enrg year:2009";
  Result<SearchResult> enrg2009 = a.search(request);
  ASSERT_TRUE(enrg2009);
  EXPECT_EQ(enrg2009->total, 2u);
  // An unknown facet is an error, not an empty count.
  request.facets = {"colour"};
  Result<SearchResult> bad = a.search(request);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::kInvalidInput);
}

}  // namespace
}  // namespace chancery::archive

namespace chancery::archive {
namespace {

// What a search finds, as a comparable string: total, hits (id, score) and facets.
std::string found(Archive& a, const std::string& query) {
  SearchRequest request;
  request.query = query;
  request.limit = 100;
  request.snippets = false;
  request.facets = {"tag", "origin", "year", "class"};
  request.facet_limit = 0;
  Result<SearchResult> r = a.search(request);
  if (!r) return "error: " + r.error().to_string();
  std::string out = std::to_string(r->total) + ":";
  for (const SearchHit& hit : r->hits) out += " " + hit.id + "/" + std::to_string(hit.score);
  for (const Facet& facet : r->facets) {
    out += " " + facet.name + "{";
    for (const auto& [value, n] : facet.values) out += value + "=" + std::to_string(n) + ",";
    out += "}";
  }
  return out;
}

std::string parsed(Archive& a, const std::string& query) {
  SearchRequest request;
  request.query = query;
  request.snippets = false;
  Result<SearchResult> r = a.search(request);
  return r ? r->parsed_query : "error: " + r.error().to_string();
}

bool holds_pairs(const std::filesystem::path& archive) {
  std::vector<Xapian::Database> shards;
  Result<Xapian::Database> db = index::open_reader(archive / "index", index::kDefaultShards, &shards);
  return db && index::has_phrase_pairs(shards);
}

// Compaction and reindexing keep what search finds, phrase pairs included;
// an index without the pairs (built before them) answers phrases with
// positions, and finds the same.
TEST(ArchiveIndexUpkeep, CompactAndReindexKeepWhatSearchFinds) {
  TempDir tmp("upkeep");
  const std::filesystem::path dir = tmp.path() / "archive";
  const std::vector<std::string> queries = {"\"prime minister\"", "\"united states\"", "\"united states\" OR iran",
                                            "government", "\"foreign minister\" OR year:2009"};
  std::vector<std::string> before;
  {
    Archive a = make_archive(tmp);
    IngestReport report = ingest(a, {file_input(kExamples / "cables.csv")});
    ASSERT_EQ(report.failed, 0u);
    for (const std::string& q : queries) before.push_back(found(a, q));
    EXPECT_NE(found(a, "\"prime minister\"").substr(0, 2), "0:") << "choose a phrase the examples hold";
    EXPECT_NE(parsed(a, "\"prime minister\"").find("XPprime minist"), std::string::npos);
    ASSERT_TRUE(holds_pairs(dir));
    Result<std::uint64_t> size = a.compact();
    ASSERT_TRUE(size) << size.error().to_string();
  }
  ASSERT_TRUE(holds_pairs(dir)) << "compaction keeps the shards' metadata";
  {
    Result<Archive> a = Archive::open(dir);
    ASSERT_TRUE(a) << a.error().to_string();
    for (std::size_t i = 0; i < queries.size(); ++i) EXPECT_EQ(found(*a, queries[i]), before[i]) << queries[i];
  }
  // An index whose shard does not say it holds the pairs.
  {
    Xapian::WritableDatabase shard(index::shard_path(dir / "index", 1).string(), Xapian::DB_OPEN);
    shard.set_metadata(std::string(index::phrase_pairs::kMetadataKey), "");
    shard.commit();
  }
  ASSERT_FALSE(holds_pairs(dir));
  {
    Result<Archive> a = Archive::open(dir);
    ASSERT_TRUE(a) << a.error().to_string();
    EXPECT_EQ(parsed(*a, "\"prime minister\"").find("XP"), std::string::npos);
    for (std::size_t i = 0; i < queries.size(); ++i) EXPECT_EQ(found(*a, queries[i]), before[i]) << queries[i];
    ASSERT_TRUE(a->reindex());
    for (std::size_t i = 0; i < queries.size(); ++i) EXPECT_EQ(found(*a, queries[i]), before[i]) << queries[i];
    EXPECT_NE(parsed(*a, "\"prime minister\"").find("XPprime minist"), std::string::npos);
  }
  EXPECT_TRUE(holds_pairs(dir)) << "a rebuilt index holds the pairs";
}

}  // namespace
}  // namespace chancery::archive
