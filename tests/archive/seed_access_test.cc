// The seed cable's access, as the issue states it: 07TELAVIV557 (DECL
// 2017-02-09; paragraphs 1-18 marked SECRET, paragraph 19 UNCLASSIFIED,
// subject unmarked) is wholly public in the reading room as of today. As of
// 2016-01-01 a SECRET reader sees all of it, while a CONFIDENTIAL reader
// sees its header block, paragraph 19, and placeholders for paragraphs 1-18
// and the subject, and no search for a word of paragraphs 1-18 finds it.
//
// Each through Archive::get and Archive::search with Viewers, on a small
// archive holding just the seed (and, for the series, a second archive with
// a part of its series made from it). Skipped when ../shared is absent.

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "archive_test_util.h"
#include "chancery/access.h"
#include "chancery/archive.h"
#include "index/query_parser.h"
#include "chancery/search.h"

namespace chancery::archive {
namespace {

namespace fs = std::filesystem;
using access::Level;
using Kind = access::Portion::Kind;

constexpr std::string_view kSeed = "07TELAVIV557";

fs::path seed_path() { return fs::path(CHANCERY_SHARED_DIR) / "corpus" / "07TELAVIV557.txt"; }

bool word_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Lower-case words split on anything but ASCII letters and digits, and the
// same runs without their dots ("U.S." -> "us", as the index reads initials).
std::set<std::string> words_of(std::string_view text) {
  std::set<std::string> out;
  std::string word, undotted;
  const auto flush = [&] {
    if (!word.empty()) out.insert(word);
    word.clear();
  };
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : ' ';
    if (word_char(c)) {
      const char l = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      word.push_back(l);
      undotted.push_back(l);
    } else {
      flush();
      if (c != '.' && c != '\'') {
        if (!undotted.empty()) out.insert(undotted);
        undotted.clear();
      }
    }
  }
  return out;
}

bool letters(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

Viewer viewer(Level clearance, std::string as_of, std::string nationality = "USA") {
  Viewer v;
  v.reader.name = "seed-reader";
  v.reader.clearance = clearance;
  v.reader.nationality = std::move(nationality);
  v.reader.everything = false;
  v.as_of = std::move(as_of);
  return v;
}

Viewer reading_room(std::string as_of) { return Viewer{.reader = access::Reader::reading_room(), .as_of = std::move(as_of)}; }

std::string describe(const Viewer& v) {
  return (v.reader.anonymous ? std::string("the reading room") : std::string(access::level_name(v.reader.clearance))) +
         " as of " + (v.as_of.empty() ? "today" : v.as_of);
}

struct Seed {
  test_util::TempDir tmp{"seed-access"};
  std::optional<Archive> archive;
  Cable full;  // as the custodian reads it
};

class SeedAccess : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fs::exists(seed_path())) return;
    seed_ = new Seed;
    Result<Archive> created = Archive::create(seed_->tmp.path() / "archive");
    ASSERT_TRUE(created.has_value()) << created.error().to_string();
    seed_->archive.emplace(std::move(created).value());
    Result<IngestReport> report = seed_->archive->ingest({test_util::file_input(seed_path())}, IngestOptions{});
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    ASSERT_EQ(report->added, 1U);
    Result<StoredCable> full = seed_->archive->get(kSeed);
    ASSERT_TRUE(full.has_value()) << full.error().to_string();
    seed_->full = std::move(full->record);
  }
  static void TearDownTestSuite() {
    delete seed_;
    seed_ = nullptr;
  }
  void SetUp() override {
    if (seed_ == nullptr) GTEST_SKIP() << "the seed cable is not at " << seed_path();
    ASSERT_TRUE(seed_->archive.has_value());
  }

  Archive& archive() { return *seed_->archive; }
  const Cable& full() { return seed_->full; }

 public:
  SearchResult search(const std::string& query, const Viewer& v) {
    SearchRequest r;
    r.query = query;
    r.exact_total = true;
    r.facets = {"tag", "year", "class"};
    Result<SearchResult> result = archive().search(r, v);
    EXPECT_TRUE(result.has_value()) << query << ": " << result.error().to_string();
    return result ? std::move(result).value() : SearchResult{};
  }

  // Sees every portion: the record whole, its raw input, found by a word
  // of paragraph 1 with its subject.
  void expect_whole(const Viewer& v) {
    SCOPED_TRACE(describe(v));
    Result<StoredCable> got = archive().get(kSeed, {}, {}, false, v);
    ASSERT_TRUE(got.has_value()) << got.error().to_string();
    EXPECT_FALSE(got->redacted);
    for (const PortionView& p : got->portions) EXPECT_FALSE(p.withheld) << p.number;
    EXPECT_EQ(got->record, full());
    Result<StoredCable> raw = archive().get(kSeed, {}, {}, true, v);
    ASSERT_TRUE(raw.has_value()) << raw.error().to_string();
    ASSERT_TRUE(raw->record.raw.has_value());
    EXPECT_NE(raw->record.raw->body.find("Mossad"), std::string::npos);
    const SearchResult found = search("Mossad", v);
    ASSERT_EQ(found.hits.size(), 1U);
    EXPECT_EQ(found.total, 1U);
    EXPECT_EQ(found.hits[0].id, kSeed);
    EXPECT_FALSE(found.hits[0].subject_withheld);
    EXPECT_EQ(found.hits[0].subject, full().subject.value_or(""));
    EXPECT_EQ(search("subject:israeli", v).total, 1U);
  }

 protected:
  static Seed* seed_;
};
Seed* SeedAccess::seed_ = nullptr;

TEST_F(SeedAccess, TheSeedIsAsTheIssueDescribesIt) {
  ASSERT_EQ(full().paragraphs.size(), 19U);
  for (std::size_t i = 0; i < 18; ++i) EXPECT_EQ(full().paragraphs[i].marking, "S") << i + 1;
  EXPECT_EQ(full().paragraphs[18].marking, "U");
  EXPECT_EQ(full().declassify_on, "2017-02-09");
  EXPECT_EQ(full().classification, "SECRET");
  ASSERT_TRUE(full().subject.has_value());
  EXPECT_NE(full().subject->front(), '(');  // unmarked: it inherits SECRET
}

TEST_F(SeedAccess, WhollyPublicInTheReadingRoomToday) {
  expect_whole(reading_room(""));
  expect_whole(reading_room(access::today()));
}

TEST_F(SeedAccess, ASecretReaderSeesAllOfItAsOf2016) {
  expect_whole(viewer(Level::kSecret, "2016-01-01"));
  expect_whole(viewer(Level::kTopSecret, "2016-01-01"));
  // No caveat restricts it: a foreign SECRET reader sees it too.
  expect_whole(viewer(Level::kSecret, "2016-01-01", "GBR"));
}

// What a reader who may see paragraph 19 and the header block, and nothing
// else, gets (the CONFIDENTIAL reader of the issue, and lower ones).
void expect_paragraph_19_only(SeedAccess& t, Archive& archive, const Cable& full, const Viewer& v) {
  SCOPED_TRACE(describe(v));
  Result<StoredCable> got = archive.get(kSeed, {}, {}, false, v);
  ASSERT_TRUE(got.has_value()) << got.error().to_string();
  EXPECT_TRUE(got->redacted);
  // Portions: the subject, paragraphs 1-18 and the text outside paragraphs
  // withheld; paragraph 19 shown.
  ASSERT_EQ(got->portions.size(), 21U);
  EXPECT_EQ(got->portions.front().kind, Kind::kSubject);
  EXPECT_TRUE(got->portions.front().withheld);
  for (std::size_t i = 1; i <= 18; ++i) {
    EXPECT_EQ(got->portions[i].kind, Kind::kParagraph);
    EXPECT_EQ(got->portions[i].number, std::to_string(i));
    EXPECT_TRUE(got->portions[i].withheld) << "paragraph " << i;
  }
  EXPECT_EQ(got->portions[19].number, "19");
  EXPECT_FALSE(got->portions[19].withheld);
  EXPECT_EQ(got->portions[20].kind, Kind::kText);
  EXPECT_TRUE(got->portions[20].withheld);

  const Cable& r = got->record;
  // The header block.
  EXPECT_EQ(r.id, full.id);
  EXPECT_EQ(r.origin, full.origin);
  EXPECT_EQ(r.created, full.created);
  EXPECT_EQ(r.classification, full.classification);
  EXPECT_EQ(r.handling, full.handling);
  EXPECT_EQ(r.from, full.from);
  EXPECT_EQ(r.to, full.to);
  EXPECT_EQ(r.info, full.info);
  EXPECT_EQ(r.tags, full.tags);
  EXPECT_EQ(r.references, full.references);
  // Placeholders for the subject and paragraphs 1-18; paragraph 19 whole.
  EXPECT_FALSE(r.subject.has_value());
  ASSERT_EQ(r.paragraphs.size(), 19U);
  for (std::size_t i = 0; i < 18; ++i) {
    EXPECT_EQ(r.paragraphs[i].number, std::to_string(i + 1));
    EXPECT_EQ(r.paragraphs[i].marking, "S");
    EXPECT_EQ(r.paragraphs[i].text, "") << "paragraph " << i + 1;
    EXPECT_NE(r.body.find(std::to_string(i + 1) + ". (S) [withheld]"), std::string::npos) << i + 1;
  }
  EXPECT_EQ(r.paragraphs[18], full.paragraphs[18]);
  EXPECT_NE(r.body.find(full.paragraphs[18].text), std::string::npos);
  EXPECT_FALSE(r.summary.has_value());
  EXPECT_TRUE(r.signed_by.empty());
  EXPECT_FALSE(r.raw.has_value());
  EXPECT_TRUE(r.warnings.empty());
  Result<StoredCable> raw = archive.get(kSeed, {}, {}, true, v);
  ASSERT_FALSE(raw.has_value());
  EXPECT_EQ(raw.error().code, Errc::kDenied);

  // What the reader may see: paragraph 19 and the header block.
  std::set<std::string> visible = words_of(full.paragraphs[18].text);
  std::string header = full.id.value_or("") + " " + full.origin.value_or("") + " " + full.from.value_or("") + " " +
                       full.classification.value_or("") + " " + full.created.value_or("") + " " +
                       full.classified_by.value_or("") + " " + full.declassify_on.value_or("");
  for (const auto* list : {&full.to, &full.info}) {
    for (const Recipient& rc : *list) header += " " + rc.route.value_or("") + " " + rc.name;
  }
  for (const std::string& s : full.tags) header += " " + s;
  for (const std::string& s : full.handling) header += " " + s;
  for (const std::string& s : full.reasons) header += " " + s;
  for (const Reference& ref : full.references) header += " " + ref.id.value_or("") + " " + ref.text;
  for (const std::string& w : words_of(header)) visible.insert(w);
  static Xapian::Stem stemmer("english");
  std::set<std::string> visible_stems;
  for (const std::string& w : visible) visible_stems.insert(stemmer(w));

  // No word of paragraphs 1-18 (and of the subject) that the reader does
  // not see elsewhere finds the cable, nor counts it.
  std::set<std::string> hidden;
  for (std::size_t i = 0; i < 18; ++i) {
    for (const std::string& w : words_of(full.paragraphs[i].text)) {
      if (letters(w) && w.size() >= 2 && visible.count(w) == 0) hidden.insert(w);
    }
  }
  ASSERT_GT(hidden.size(), 300U);
  std::size_t asked = 0;
  for (const std::string& w : hidden) {
    std::string as_written = w;
    as_written[0] = static_cast<char>(as_written[0] - 'a' + 'A');
    // As written ("And": not the operator AND), quoted and in lower case,
    // unless a visible word shares its stem (the index holds stems: every
    // form finds every other), and as a prefix unless a visible word or stem
    // starts so.
    if (visible_stems.count(stemmer(w)) != 0) continue;
    std::vector<std::string> queries = {as_written, "\"" + w + "\"", w};
    bool prefix_visible = false;
    const std::vector<std::string> widened = index::stems_of_prefix(w);
    for (const std::string& x : visible) {
      const std::string stem = stemmer(x);
      prefix_visible = prefix_visible || x.starts_with(w) || stem.starts_with(w) ||
                       std::find(widened.begin(), widened.end(), stem) != widened.end();
    }
    if (!prefix_visible && w.size() >= 3) queries.push_back(w + "*");
    for (const std::string& q : queries) {
      const SearchResult found = t.search(q, v);
      ++asked;
      EXPECT_EQ(found.total, 0U) << "'" << q << "' is only in paragraphs 1-18";
      EXPECT_TRUE(found.hits.empty()) << "'" << q << "' is only in paragraphs 1-18";
      for (const Facet& f : found.facets) EXPECT_TRUE(f.values.empty()) << "'" << q << "' facet " << f.name;
    }
  }
  std::printf("seed access: %zu searches for %zu words of paragraphs 1-18 (%s) found nothing\n", asked,
              hidden.size(), describe(v).c_str());
  for (const std::string& q : {std::string("subject:Israeli"), std::string("subject:unsc"),
                               std::string("\"under secretary joseph's discussions\"")}) {
    EXPECT_EQ(t.search(q, v).total, 0U) << q << ": the subject is withheld";
  }

  // A word of paragraph 19 finds it, without its subject or anything of
  // paragraphs 1-18 in the snippet.
  SearchRequest r19;
  r19.query = "cleared";
  r19.highlight_open = "[[";
  r19.highlight_close = "]]";
  Result<SearchResult> found = archive.search(r19, v);
  ASSERT_TRUE(found.has_value()) << found.error().to_string();
  ASSERT_EQ(found->hits.size(), 1U);
  const SearchHit& hit = found->hits[0];
  EXPECT_EQ(hit.id, kSeed);
  EXPECT_TRUE(hit.subject_withheld);
  EXPECT_EQ(hit.subject, "");
  EXPECT_EQ(hit.score, 0);
  EXPECT_NE(hit.snippet.find("[[cleared]]"), std::string::npos) << hit.snippet;
  for (const std::string& w : words_of(hit.snippet)) {
    EXPECT_TRUE(visible.count(w) != 0 || w == "amp") << "snippet word '" << w << "': " << hit.snippet;
  }
  // Counted once, its subject withheld, in search and statistics.
  const SearchResult all = t.search("*", v);
  EXPECT_EQ(all.total, 1U);
  Result<Stats> stats = archive.stats(v);
  ASSERT_TRUE(stats.has_value()) << stats.error().to_string();
  EXPECT_EQ(stats->cables, 1U);
  // Its references, without the subject of the cable itself.
  Result<RefGraph> refs = archive.refs(kSeed, {}, v);
  ASSERT_TRUE(refs.has_value()) << refs.error().to_string();
  EXPECT_EQ(refs->cites.size(), 4U);
  EXPECT_EQ(refs->missing.size(), 4U);
}

TEST_F(SeedAccess, AConfidentialReaderAsOf2016SeesTheHeaderParagraph19AndPlaceholders) {
  expect_paragraph_19_only(*this, archive(), full(), viewer(Level::kConfidential, "2016-01-01"));
}

TEST_F(SeedAccess, LowerReadersAsOf2016SeeNoMore) {
  expect_paragraph_19_only(*this, archive(), full(), viewer(Level::kUnclassified, "2016-01-01", "PAK"));
  // Paragraph 19 is UNCLASSIFIED and SIPDIS restricts nothing: the public sees it.
  expect_paragraph_19_only(*this, archive(), full(), reading_room("2016-01-01"));
}

TEST_F(SeedAccess, TheDeclassificationDateDecides) {
  // The day before DECL the CONFIDENTIAL reader sees paragraph 19 only; on it, all.
  Result<StoredCable> before = archive().get(kSeed, {}, {}, false, viewer(Level::kConfidential, "2017-02-08"));
  ASSERT_TRUE(before.has_value());
  EXPECT_TRUE(before->redacted);
  Result<StoredCable> on = archive().get(kSeed, {}, {}, false, viewer(Level::kConfidential, "2017-02-09"));
  ASSERT_TRUE(on.has_value());
  EXPECT_FALSE(on->redacted);
  EXPECT_EQ(search("Mossad", viewer(Level::kConfidential, "2017-02-08")).total, 0U);
  EXPECT_EQ(search("Mossad", viewer(Level::kConfidential, "2017-02-09")).total, 1U);
  EXPECT_EQ(search("Mossad", reading_room("2017-02-09")).total, 1U);
}

// A series is read from subjects ("... (cable 3 of 4)"): a reader who may
// not see the subjects is not told which cables share one. A second part of
// the seed's series, made from it (07TELAVIV556, "cable 3 of 4").
TEST_F(SeedAccess, ASeriesIsNotReadFromWithheldSubjects) {
  std::string text = test_util::read_file(seed_path());
  ASSERT_EQ(text.rfind("07TELAVIV557", 0), 0U);
  text.replace(0, 12, "07TELAVIV556");
  const std::size_t part = text.find("(cable 4 of 4)");
  ASSERT_NE(part, std::string::npos);
  text.replace(part, 14, "(cable 3 of 4)");
  test_util::TempDir tmp("seed-series");
  test_util::write_file(tmp.path() / "07TELAVIV556.txt", text);
  Result<Archive> created = Archive::create(tmp.path() / "archive");
  ASSERT_TRUE(created.has_value()) << created.error().to_string();
  Archive a = std::move(created).value();
  Result<IngestReport> report =
      a.ingest({test_util::file_input(seed_path()), test_util::file_input(tmp.path() / "07TELAVIV556.txt")},
               IngestOptions{});
  ASSERT_TRUE(report.has_value()) << report.error().to_string();
  ASSERT_EQ(report->added, 2U);

  Result<RefGraph> secret = a.refs(kSeed, {}, viewer(Level::kSecret, "2016-01-01"));
  ASSERT_TRUE(secret.has_value()) << secret.error().to_string();
  ASSERT_EQ(secret->series.size(), 1U);
  EXPECT_EQ(secret->series[0].id, "07TELAVIV556");

  // The CONFIDENTIAL reader sees both cables (paragraph 19), neither subject.
  const Viewer confidential = viewer(Level::kConfidential, "2016-01-01");
  Result<RefGraph> refs = a.refs(kSeed, {}, confidential);
  ASSERT_TRUE(refs.has_value()) << refs.error().to_string();
  EXPECT_TRUE(refs->series.empty())
      << "LEAK: refs(" << kSeed << ") for a CONFIDENTIAL reader as of 2016-01-01 lists "
      << refs->series.size() << " part(s) of its series (first " << (refs->series.empty() ? "" : refs->series[0].id)
      << "), which is read from the SECRET subjects the reader may not see";
  for (const RefEntry& e : refs->series) EXPECT_FALSE(e.subject.has_value());
  // The cited 07TELAVIV556 is visible (its header block), its subject withheld.
  bool cited = false;
  for (const RefEntry& e : refs->cites) {
    if (e.id != "07TELAVIV556") continue;
    cited = true;
    EXPECT_TRUE(e.origin.has_value());
    EXPECT_FALSE(e.subject.has_value());
  }
  EXPECT_TRUE(cited);
}

}  // namespace
}  // namespace chancery::archive
