// Runs the real `chancery` binary on an archive made from examples/ and
// checks the read commands as a user sees them: search (every format,
// facets, bad and empty queries), show, refs, stats and export. JSON is
// compared as data, not text.

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kExamples = fs::path(CHANCERY_TESTDATA_DIR) / ".." / ".." / "examples";
const fs::path kSeed = kExamples / "07TELAVIV557.txt";

using chancery::test::Outcome;
using chancery::test::read_file;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<json> json_lines(const std::string& out) {
  std::vector<json> records;
  for (const std::string& line : lines_of(out)) {
    try {
      records.push_back(json::parse(line));
    } catch (const json::exception& e) {
      ADD_FAILURE() << "not a JSON line: " << e.what() << "\n" << line.substr(0, 200);
    }
  }
  return records;
}

json parse_json(const std::string& out) {
  try {
    return json::parse(out);
  } catch (const json::exception& e) {
    ADD_FAILURE() << "not JSON: " << e.what() << "\n" << out.substr(0, 300);
    return json::object();
  }
}

// RFC 4180 records: quoted fields may hold commas, quotes ("") and newlines.
std::vector<std::vector<std::string>> csv_records(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
    } else {
      field += c;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quoted field";
  EXPECT_TRUE(field.empty() && record.empty()) << "no newline after the last record";
  return records;
}

// One archive for the whole suite: ingesting is the slow part.
class ArchiveCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string tmpl = (fs::path(::testing::TempDir()) / "chancery-archive-cli-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = new fs::path(tmpl);
    const Outcome init = run({"init", "A"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    // The cable files only (README.md is not a cable).
    const Outcome ingest =
        run({"ingest", "--archive", "A", kSeed.string(), (kExamples / "00HARARE5461.html").string(),
             (kExamples / "09PARIS1254.html").string(), (kExamples / "09STATE93327.html").string(),
             (kExamples / "75TEHRAN2069.html").string(), (kExamples / "cables.csv").string()});
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
    dir_ = nullptr;
  }

  // Runs `chancery args...` in the suite's directory, stdin from /dev/null.
  static Outcome run(std::initializer_list<std::string> args) {
    return run_vector(std::vector<std::string>(args));
  }

  static Outcome run_vector(const std::vector<std::string>& args) {
    return chancery::test::run_chancery(*dir_, args);
  }

  // `chancery search --archive A --format json extra...`, parsed.
  static json search_json(std::initializer_list<std::string> extra) {
    std::vector<std::string> args = {"search", "--archive", "A", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const Outcome r = run_vector(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return parse_json(r.out);
  }

  static fs::path* dir_;
};

fs::path* ArchiveCli::dir_ = nullptr;

std::vector<std::string> hit_ids(const json& result) {
  std::vector<std::string> ids;
  for (const json& hit : result.at("hits")) ids.push_back(hit.at("id").get<std::string>());
  return ids;
}

// --- search ---------------------------------------------------------------

TEST_F(ArchiveCli, SearchTextShowsAHeaderAndOneBlockPerHit) {
  const Outcome r = run({"search", "--archive", "A", "iran"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines[0].find("match (showing 1-"), std::string::npos) << lines[0];
  EXPECT_NE(r.out.find("07TELAVIV557  2007-02-22 07:11  SECRET  Embassy Tel Aviv\n"),
            std::string::npos)
      << r.out;
  // Not a terminal: no escape sequence, and no highlight markers left behind.
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.out.find('\x0e'), std::string::npos);
  EXPECT_EQ(r.out.find('\x0f'), std::string::npos);
}

TEST_F(ArchiveCli, SearchJsonHasTotalsHitsAndFacets) {
  const json result = search_json({"iran", "--facets", "tag,year,class,origin"});
  EXPECT_TRUE(result.at("total_exact").get<bool>());
  const auto total = result.at("total").get<std::uint64_t>();
  EXPECT_GE(total, 2u);
  EXPECT_EQ(result.at("hits").size(), std::min<std::uint64_t>(total, 20));
  for (const json& hit : result.at("hits")) {
    for (const char* field :
         {"id", "origin", "created", "classification", "subject", "tags", "snippet", "score"}) {
      EXPECT_TRUE(hit.contains(field)) << field << " in " << hit.dump();
    }
    EXPECT_EQ(hit.at("snippet").get<std::string>().find('\x1b'), std::string::npos);
  }
  for (const char* facet : {"tag", "year", "class", "origin"}) {
    ASSERT_TRUE(result.at("facets").contains(facet)) << result.at("facets").dump();
    std::uint64_t sum = 0;
    for (const json& v : result.at("facets").at(facet)) sum += v.at("count").get<std::uint64_t>();
    EXPECT_GT(sum, 0u) << facet;
  }
  // Each cable has one class (and there are fewer than 10): they add up to the total.
  std::uint64_t classes = 0;
  for (const json& v : result.at("facets").at("class"))
    classes += v.at("count").get<std::uint64_t>();
  EXPECT_EQ(classes, total);
}

TEST_F(ArchiveCli, SearchFacetsCountTheMatchingCables) {
  // One match: each facet names that cable's own values. (--facets takes one
  // list each time, so the query may follow it.)
  const json result =
      search_json({"--facets", "year,class", "--facets", "origin,tag", "id:10BAKU98"});
  ASSERT_EQ(result.at("total"), 1);
  const json& facets = result.at("facets");
  EXPECT_EQ(facets.at("year"), json::parse(R"([{"value":"2010","count":1}])")) << facets.dump();
  EXPECT_EQ(facets.at("class"), json::parse(R"([{"value":"SECRET","count":1}])")) << facets.dump();
  EXPECT_EQ(facets.at("origin"), json::parse(R"([{"value":"Embassy Baku","count":1}])"))
      << facets.dump();
  std::set<std::string> tags;
  for (const json& v : facets.at("tag")) tags.insert(v.at("value").get<std::string>());
  EXPECT_EQ(tags, (std::set<std::string>{"PGOV", "PARM", "PHUM", "AJ", "IR"}));
}

TEST_F(ArchiveCli, SearchFormatsAgreeOnTheHits) {
  const json result = search_json({"--sort", "oldest", "--limit", "50"});
  const std::vector<std::string> ids = hit_ids(result);
  ASSERT_GE(ids.size(), 10u);  // examples/ holds 13 distinct cables

  const Outcome listed =
      run({"search", "--archive", "A", "--sort", "oldest", "--limit", "50", "--format", "ids"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(lines_of(listed.out), ids);

  const Outcome jsonl =
      run({"search", "--archive", "A", "--sort", "oldest", "--limit", "50", "--format", "jsonl"});
  ASSERT_EQ(jsonl.exit_code, 0) << jsonl.err;
  std::vector<std::string> jsonl_ids;
  for (const json& hit : json_lines(jsonl.out)) jsonl_ids.push_back(hit.at("id"));
  EXPECT_EQ(jsonl_ids, ids);

  const Outcome csv =
      run({"search", "--archive", "A", "--sort", "oldest", "--limit", "50", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  const std::vector<std::vector<std::string>> rows = csv_records(csv.out);
  ASSERT_EQ(rows.size(), ids.size() + 1);
  EXPECT_EQ(rows[0],
            (std::vector<std::string>{"id", "origin", "created", "classification", "subject"}));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ASSERT_EQ(rows[i + 1].size(), 5u) << i;
    EXPECT_EQ(rows[i + 1][0], ids[i]);
    EXPECT_EQ(rows[i + 1][4], result["hits"][i]["subject"].get<std::string>());
  }

  // Oldest first, and newest is the reverse order of dates.
  std::vector<std::string> created;
  for (const json& hit : result.at("hits")) created.push_back(hit.at("created"));
  EXPECT_TRUE(std::is_sorted(created.begin(), created.end()));
  const json newest = search_json({"--sort", "newest", "--limit", "50"});
  EXPECT_EQ(newest.at("hits").front().at("created"), created.back());
}

TEST_F(ArchiveCli, SearchPagesWithOffsetAndLimit) {
  const std::vector<std::string> all = hit_ids(search_json({"--sort", "oldest", "--limit", "50"}));
  ASSERT_GE(all.size(), 6u);
  const std::vector<std::string> page =
      hit_ids(search_json({"--sort", "oldest", "--offset", "2", "--limit", "3"}));
  EXPECT_EQ(page, std::vector<std::string>(all.begin() + 2, all.begin() + 5));
  const Outcome text =
      run({"search", "--archive", "A", "--sort", "oldest", "--offset", "2", "--limit", "3"});
  EXPECT_NE(text.out.find("(showing 3-5)"), std::string::npos) << text.out;
}

TEST_F(ArchiveCli, SearchWithNoHitIsNotAnError) {
  const Outcome r = run({"search", "--archive", "A", "xyzzyplughnothing"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "No cable matches.\n");
  const json result = search_json({"xyzzyplughnothing"});
  EXPECT_EQ(result.at("total"), 0);
  EXPECT_TRUE(result.at("hits").empty());
  const Outcome ids = run({"search", "--archive", "A", "--format", "ids", "xyzzyplughnothing"});
  EXPECT_EQ(ids.exit_code, 0);
  EXPECT_EQ(ids.out, "");
}

TEST_F(ArchiveCli, SearchBadQueryIsAUsageErrorWithAMessage) {
  const Outcome r = run({"search", "--archive", "A", "\"iran"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(r.err.starts_with("chancery: ")) << r.err;
  EXPECT_NE(r.err.find("quote"), std::string::npos) << r.err;
}

TEST_F(ArchiveCli, SearchUsageErrors) {
  for (std::initializer_list<std::string> args : {
           std::initializer_list<std::string>{"search", "--archive", "A", "--format", "xml"},
           {"search", "--archive", "A", "--sort", "random"},
           {"search", "--archive", "A", "--facets", "tag,colour"},
           {"search", "--archive", "A", "--limit", "-3"},
       }) {
    const Outcome r = run(args);
    EXPECT_EQ(r.exit_code, 2) << *(args.begin() + 3) << r.err;
  }
}

TEST_F(ArchiveCli, SearchExplainShowsTheParsedQuery) {
  const Outcome r = run({"search", "--archive", "A", "--explain", "--format", "ids", "tag:PREL"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.starts_with("query: ")) << r.err;
  const json result = search_json({"--explain", "tag:PREL"});
  EXPECT_FALSE(result.at("parsed_query").get<std::string>().empty());
}

TEST_F(ArchiveCli, MissingArchiveSaysHowToMakeOne) {
  const Outcome r = run({"search", "--archive", "nowhere", "iran"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("chancery init"), std::string::npos) << r.err;
}

// --- show -----------------------------------------------------------------

TEST_F(ArchiveCli, ShowRendersTheSeed) {
  const Outcome r = run({"show", "--archive", "A", "07TELAVIV557"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_GE(lines.size(), 10u);
  EXPECT_NE(lines.front().find(" SECRET "), std::string::npos) << lines.front();
  EXPECT_EQ(lines.front(), lines.back());
  EXPECT_NE(r.out.find("subject     iran-unsc: under secretary joseph's discussions with israeli "
                       "government officials (cable 4 of 4)\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\n¶1. (S) During his January 30"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("07TELAVIV553  Tel aviv 00553  (not in the archive)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("declassify  on 2017-02-09\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  // Ids are case-insensitive.
  EXPECT_EQ(run({"show", "--archive", "A", "07telaviv557"}).out, r.out);
}

TEST_F(ArchiveCli, ShowRawIsTheInputVerbatim) {
  const Outcome r = run({"show", "--archive", "A", "--raw", "07TELAVIV557"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out == read_file(kSeed))
      << r.out.size() << " bytes, not " << read_file(kSeed).size();
}

TEST_F(ArchiveCli, ShowJsonIsTheRecord) {
  const Outcome r = run({"show", "--archive", "A", "--json", "07TELAVIV557"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json record = parse_json(r.out);
  EXPECT_EQ(record.at("id"), "07TELAVIV557");
  EXPECT_EQ(record.at("classification"), "SECRET");
  EXPECT_EQ(record.at("paragraphs").size(), 19u);
  EXPECT_EQ(record.at("references").size(), 4u);
  EXPECT_FALSE(record.contains("raw"));
}

TEST_F(ArchiveCli, ShowMissingCableOrVersionIsNotFound) {
  const Outcome version = run({"show", "--archive", "A", "--version", "9", "07TELAVIV557"});
  EXPECT_EQ(version.exit_code, 1);
  EXPECT_EQ(version.out, "");
  EXPECT_TRUE(version.err.starts_with("chancery: ")) << version.err;
  const Outcome cable = run({"show", "--archive", "A", "99NOWHERE1"});
  EXPECT_EQ(cable.exit_code, 1);
  EXPECT_NE(cable.err.find("99NOWHERE1"), std::string::npos) << cable.err;
}

TEST_F(ArchiveCli, ShowAnIdOfSeveralOriginsListsThem) {
  // A second archive, holding the seed twice under two origins.
  const Outcome parsed = run({"parse", "--json", kSeed.string()});
  ASSERT_EQ(parsed.exit_code, 0) << parsed.err;
  json other = parse_json(parsed.out);
  other["origin"] = "Consulate Jerusalem";
  std::ofstream(*dir_ / "two.jsonl") << parsed.out << other.dump() << "\n";
  ASSERT_EQ(run({"init", "B"}).exit_code, 0);
  const Outcome ingest = run({"ingest", "--archive", "B", "two.jsonl"});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;

  const Outcome r = run({"show", "--archive", "B", "07telaviv557"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("2 cables have the id 07TELAVIV557"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\n  Consulate Jerusalem  2007-02-22"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\n  Embassy Tel Aviv     2007-02-22"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: choose one with --origin"), std::string::npos) << r.err;

  const Outcome chosen =
      run({"show", "--archive", "B", "--origin", "Consulate Jerusalem", "--json", "07TELAVIV557"});
  ASSERT_EQ(chosen.exit_code, 0) << chosen.err;
  EXPECT_EQ(parse_json(chosen.out).at("origin"), "Consulate Jerusalem");
  EXPECT_EQ(run({"refs", "--archive", "B", "07TELAVIV557"}).exit_code, 1);
}

TEST_F(ArchiveCli, ShowUsageErrors) {
  EXPECT_EQ(run({"show", "--archive", "A"}).exit_code, 2);
  EXPECT_EQ(run({"show", "--archive", "A", "--diff", "1-2", "07TELAVIV557"}).exit_code, 2);
  EXPECT_EQ(run({"show", "--archive", "A", "--raw", "--json", "07TELAVIV557"}).exit_code, 2);
}

TEST_F(ArchiveCli, ShowDiffOfAVersionWithItself) {
  const Outcome same = run({"show", "--archive", "A", "--diff", "1..1", "07TELAVIV557"});
  EXPECT_EQ(same.exit_code, 0) << same.err;
  EXPECT_EQ(same.out, "");
  const Outcome missing = run({"show", "--archive", "A", "--diff", "1..9", "07TELAVIV557"});
  EXPECT_EQ(missing.exit_code, 1) << missing.err;
}

TEST_F(ArchiveCli, ShowDiffOfTwoVersions) {
  // A third archive: the seed, then the seed with one line changed.
  std::string changed = read_file(kSeed);
  const std::size_t at = changed.find("and the Mossad.");
  ASSERT_NE(at, std::string::npos);
  changed.replace(at, 15, "and the MOSSAD service.");
  std::ofstream(*dir_ / "seed2.txt", std::ios::binary) << changed;
  ASSERT_EQ(run({"init", "D"}).exit_code, 0);
  ASSERT_EQ(run({"ingest", "--archive", "D", kSeed.string()}).exit_code, 0);
  ASSERT_EQ(run({"ingest", "--archive", "D", "seed2.txt"}).exit_code, 0);

  const Outcome r = run({"show", "--archive", "D", "--diff", "1..2", "07TELAVIV557"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("--- ")) << r.out;
  EXPECT_NE(r.out.find("\n-intelligence (IDI), and the Mossad. Discussions focused on\n"
                       "+intelligence (IDI), and the MOSSAD service. Discussions focused on\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  // The latest is shown by default, the first on request; both are listed.
  EXPECT_NE(run({"show", "--archive", "D", "07TELAVIV557"}).out.find("the MOSSAD service"),
            std::string::npos);
  const Outcome first = run({"show", "--archive", "D", "--version", "1", "07TELAVIV557"});
  EXPECT_NE(first.out.find("and the Mossad."), std::string::npos);
  EXPECT_NE(first.out.find("versions    * 1  "), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("\n              2  "), std::string::npos) << first.out;
  EXPECT_EQ(run({"show", "--archive", "D", "--raw", "--version", "1", "07TELAVIV557"}).out,
            read_file(kSeed));
}

// --- refs -----------------------------------------------------------------

TEST_F(ArchiveCli, RefsOfTheSeedAreMissing) {
  const Outcome r = run({"refs", "--archive", "A", "--json", "07TELAVIV557"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json graph = parse_json(r.out);
  EXPECT_EQ(graph.at("id"), "07TELAVIV557");
  std::vector<std::string> missing;
  for (const json& e : graph.at("missing")) missing.push_back(e.at("id"));
  EXPECT_EQ(missing, (std::vector<std::string>{"07TELAVIV553", "07TELAVIV554", "07TELAVIV555",
                                               "07TELAVIV556"}));
  for (const json& e : graph.at("cites")) EXPECT_TRUE(e.at("origin").is_null()) << e.dump();

  const Outcome text = run({"refs", "--archive", "A", "07TELAVIV557"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("missing (4)\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("07TELAVIV553"), std::string::npos) << text.out;
  EXPECT_EQ(run({"refs", "--archive", "A", "99NOWHERE1"}).exit_code, 1);
}

// --- stats ----------------------------------------------------------------

TEST_F(ArchiveCli, StatsCountsAddUp) {
  const Outcome r = run({"stats", "--archive", "A", "--json", "--top", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json stats = parse_json(r.out);
  const auto cables = stats.at("cables").get<std::uint64_t>();
  EXPECT_GE(cables, 10u);
  EXPECT_GE(stats.at("versions").get<std::uint64_t>(), cables);
  for (const char* table : {"by_year", "by_origin", "by_classification"}) {
    std::uint64_t sum = 0;
    for (const json& row : stats.at(table)) sum += row.at("count").get<std::uint64_t>();
    EXPECT_EQ(sum, cables) << table;
  }
  EXPECT_EQ(search_json({}).at("total").get<std::uint64_t>(), cables);

  const Outcome text = run({"stats", "--archive", "A", "--top", "3"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(text.out.starts_with(std::to_string(cables) + " cables, ")) << text.out;
  EXPECT_NE(text.out.find("\nyear "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("\ntag "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(" more)"), std::string::npos) << text.out;
}

// --- export ---------------------------------------------------------------

TEST_F(ArchiveCli, ExportJsonlHasEveryMatchWhole) {
  const auto total = search_json({"iran"}).at("total").get<std::size_t>();
  const Outcome r = run({"export", "--archive", "A", "iran"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<json> records = json_lines(r.out);
  EXPECT_EQ(records.size(), total);
  std::set<std::string> ids;
  for (const json& record : records) {
    ids.insert(record.at("id"));
    EXPECT_TRUE(record.contains("body") && record.contains("paragraphs")) << record.dump();
    EXPECT_FALSE(record.contains("raw"));
  }
  EXPECT_TRUE(ids.contains("07TELAVIV557"));

  const Outcome raw = run({"export", "--archive", "A", "--raw", "id:07TELAVIV557"});
  ASSERT_EQ(raw.exit_code, 0) << raw.err;
  const std::vector<json> one = json_lines(raw.out);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].at("raw").at("header").get<std::string>() +
                one[0].at("raw").at("body").get<std::string>(),
            read_file(kSeed));
}

TEST_F(ArchiveCli, ExportCsvQuotesAsRfc4180) {
  const auto total = search_json({}).at("total").get<std::size_t>();
  const Outcome r = run({"export", "--archive", "A", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::vector<std::string>> rows = csv_records(r.out);
  ASSERT_EQ(rows.size(), total + 1);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"id", "created", "origin", "classification",
                                               "handling", "tags", "subject", "body"}));
  bool seed = false;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 8u) << i;
    if (rows[i][0] != "07TELAVIV557") continue;
    seed = true;
    EXPECT_EQ(rows[i][5], "PREL,KNNP,MNUC,PTER,UNSC,IR,RU,IS");
    EXPECT_NE(rows[i][7].find("\n"), std::string::npos);  // the body, newlines and all
  }
  EXPECT_TRUE(seed);
}

}  // namespace
