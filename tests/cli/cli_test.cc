// Runs the real `chancery` binary in a temporary directory and checks what a
// user sees: exit codes, records (compared as JSON data, not text), error
// lines, order, and that threads change nothing.

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/cable.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using chancery::Cable;
using chancery::Result;
using chancery::Warning;
using chancery::from_json;

const fs::path kTestdata = fs::path(CHANCERY_TESTDATA_DIR) / "cli";
const fs::path kShared = CHANCERY_SHARED_DIR;
const fs::path kSample = kTestdata / "cables-sample.csv";
const std::vector<std::string> kSampleIds = {"04BRASILIA2067", "04BRASILIA2738",  "07SANJOSE49",
                                             "07YEREVAN688",   "08VLADIVOSTOK68", "09KABUL3423"};

// The record's fields, exactly (docs/cable-record.md).
const std::set<std::string> kFields = {"id",
                                       "origin",
                                       "created",
                                       "released",
                                       "classification",
                                       "handling",
                                       "transmission_id",
                                       "precedence",
                                       "from",
                                       "to",
                                       "info",
                                       "subject",
                                       "tags",
                                       "references",
                                       "classified_by",
                                       "reasons",
                                       "declassify_on",
                                       "summary",
                                       "paragraphs",
                                       "signed_by",
                                       "sections",
                                       "body",
                                       "format",
                                       "warnings"};

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Each stdout line parsed as JSON; a line that is not JSON fails the test.
std::vector<json> records_of(const std::string& out) {
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

std::vector<std::string> ids_of(const std::vector<json>& records) {
  std::vector<std::string> ids;
  for (const json& r : records) {
    ids.push_back(r.contains("id") && r["id"].is_string() ? r["id"].get<std::string>() : "?");
  }
  return ids;
}

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::path(::testing::TempDir()) / "chancery-cli-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  fs::path path(const std::string& name) const { return dir_ / name; }

  // Runs `chancery args...` in the temporary directory, standard input from
  // `input` (a path; /dev/null by default). Exit codes >= 128 mean a signal.
  Outcome run(std::initializer_list<std::string> args, const fs::path& input = "/dev/null") const {
    return run_shell(command(args) + " < " + quote(input.string()));
  }

  std::string command(std::initializer_list<std::string> args) const {
    std::string cmd = quote(CHANCERY_BIN);
    for (const std::string& a : args) cmd += " " + quote(a);
    return cmd;
  }

  // Runs a shell command line in the temporary directory, capturing its
  // stdout and stderr.
  Outcome run_shell(const std::string& line) const {
    const std::string cmd = "cd " + quote(dir_.string()) + " && { " + line + " ; } > " +
                            quote(path(".out").string()) + " 2> " + quote(path(".err").string());
    const int status = std::system(cmd.c_str());
    Outcome r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_file(path(".out"));
    r.err = read_file(path(".err"));
    return r;
  }

  fs::path dir_;
};

// Rows of the committed sample, each with its trailing newline.
std::vector<std::string> sample_rows() {
  const std::string csv = read_file(kSample);
  std::vector<std::string> rows;
  std::size_t start = 0;
  for (std::size_t i = csv.find("\n\"", 0); i != std::string::npos; i = csv.find("\n\"", i + 1)) {
    // A row starts with "<digits>"," after a newline.
    std::size_t j = i + 2;
    while (j < csv.size() && std::isdigit(static_cast<unsigned char>(csv[j]))) ++j;
    if (j > i + 2 && csv.compare(j, 3, "\",\"") == 0) {
      rows.push_back(csv.substr(start, i + 1 - start));
      start = i + 1;
    }
  }
  rows.push_back(csv.substr(start));
  return rows;
}

TEST(CliSample, HasTheExpectedRows) { EXPECT_EQ(sample_rows().size(), kSampleIds.size()); }

TEST_F(Cli, GoodFileExitsZeroWithOneRecordPerCable) {
  const Outcome r = run({"parse", "--json", kSample.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::vector<json> records = records_of(r.out);
  EXPECT_EQ(ids_of(records), kSampleIds);
  for (const json& record : records) {
    SCOPED_TRACE(record.value("id", "?"));
    std::set<std::string> keys;
    for (const auto& [key, value] : record.items()) keys.insert(key);
    EXPECT_EQ(keys, kFields);
    EXPECT_EQ(record.value("format", ""), "cables-csv");
  }
}

TEST_F(Cli, MissingInputIsReportedAndTheRestStillPrinted) {
  const Outcome r = run({"parse", "--json", "missing.csv", kSample.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.err.starts_with("chancery: missing.csv: ")) << r.err;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_EQ(ids_of(records_of(r.out)), kSampleIds);
}

TEST_F(Cli, QuietHidesErrorsButNotTheExitCode) {
  const Outcome r = run({"parse", "--json", "--quiet", "missing.csv", kSample.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(records_of(r.out).size(), kSampleIds.size());
}

TEST_F(Cli, UsageErrorsExitTwo) {
  for (std::initializer_list<std::string> args : {
           std::initializer_list<std::string>{"parse", "--format", "bogus", "x.csv"},
           {"parse", "--threads", "0", "x.csv"},
           {"parse", "--no-such-option"},
           {"no-such-command"},
           {},
       }) {
    std::string shown;
    for (const std::string& a : args) shown += a + " ";
    SCOPED_TRACE(shown);
    const Outcome r = run(args);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_TRUE(r.err.starts_with("chancery: ")) << r.err;
  }
  const Outcome bogus = run({"parse", "--format", "bogus", "x.csv"});
  EXPECT_NE(bogus.err.find("bogus"), std::string::npos) << bogus.err;
  EXPECT_NE(bogus.err.find("cables-csv"), std::string::npos) << "lists the formats: " << bogus.err;
}

TEST_F(Cli, DashReadsStandardInput) {
  const Outcome from_file = run({"parse", "--json", kSample.string()});
  for (std::initializer_list<std::string> args :
       {std::initializer_list<std::string>{"parse", "--json", "-"}, {"parse", "--json"}}) {
    const Outcome r = run(args, kSample);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(records_of(r.out), records_of(from_file.out));
  }
}

TEST_F(Cli, DirectoryIsWalkedRecursivelyInSortedOrder) {
  const std::vector<std::string> rows = sample_rows();
  ASSERT_EQ(rows.size(), 6u);
  write_file(path("d/z.csv"), rows[0]);
  write_file(path("d/a/y.csv"), rows[1]);
  write_file(path("d/a/b/x.csv"), rows[2]);
  write_file(path("d/.hidden.csv"), rows[3]);
  write_file(path("d/.git/h.csv"), rows[4]);
  write_file(path("outside.csv"), rows[5]);
  fs::create_symlink("../outside.csv", path("d/link.csv"));
  fs::create_directory_symlink(".", path("d/loop"));  // must not make the walk endless
  fs::create_symlink("nowhere.csv", path("d/dangling.csv"));

  const Outcome r = run({"parse", "--json", "--format", "cables-csv", "d"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // Component by component: d/a/b/x.csv < d/a/y.csv < d/link.csv < d/z.csv.
  EXPECT_EQ(ids_of(records_of(r.out)),
            (std::vector<std::string>{kSampleIds[2], kSampleIds[1], kSampleIds[5], kSampleIds[0]}));

  // A hidden file named on the command line is read: the user asked for it.
  const Outcome hidden = run({"parse", "--json", "--format", "cables-csv", "d/.hidden.csv"});
  EXPECT_EQ(ids_of(records_of(hidden.out)), std::vector<std::string>{kSampleIds[3]});
}

TEST_F(Cli, ThreadsGiveByteIdenticalOutputOnTheSample) {
  // About 1 MB: several batches, so that workers finish out of order.
  std::string big;
  const std::string sample = read_file(kSample);
  for (int i = 0; i < 200; ++i) big += sample;
  write_file(path("big.csv"), big);
  for (const char* mode : {"--json", "--verbose"}) {
    SCOPED_TRACE(mode);
    const Outcome one = run({"parse", mode, "--threads", "1", "big.csv"});
    EXPECT_EQ(one.exit_code, 0) << one.err.substr(0, 500);
    EXPECT_EQ(lines_of(one.out).size(), 200 * kSampleIds.size());
    for (const char* threads : {"2", "3"}) {
      const Outcome many = run({"parse", mode, "--threads", threads, "big.csv"});
      EXPECT_EQ(many.exit_code, one.exit_code);
      EXPECT_TRUE(many.out == one.out) << "--threads " << threads << " changed the output";
    }
  }
}

// The first `max_bytes` of the shared corpus's cables.csv, cut at a row.
std::string corpus_csv_prefix(std::size_t max_bytes) {
  const fs::path zst = kShared / "corpus" / "cables-dev.csv.zst";
  if (!fs::exists(zst) || std::system("command -v zstd > /dev/null 2>&1") != 0) return {};
  const std::string cmd =
      "zstd -dc " + quote(zst.string()) + " 2>/dev/null | head -c " + std::to_string(max_bytes);
  std::string bytes;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[1 << 16];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) bytes.append(buf, n);
    ::pclose(p);
  }
  // Cut before the last row start ("<digits>","M/D/YYYY) that begins a line.
  static const std::regex row_start("\n\"[0-9]+\",\"[0-9]+/[0-9]+/[0-9]{4} ");
  std::size_t last = std::string::npos;
  for (auto it = std::sregex_iterator(bytes.begin(), bytes.end(), row_start);
       it != std::sregex_iterator(); ++it) {
    last = static_cast<std::size_t>(it->position());
  }
  if (last == std::string::npos) return {};
  bytes.resize(last + 1);
  return bytes;
}

TEST_F(Cli, ThreadsGiveByteIdenticalOutputOnTheCorpus) {
  const std::string csv = corpus_csv_prefix(std::size_t{6} << 20);
  if (csv.empty()) {
    GTEST_SKIP() << "needs " << (kShared / "corpus" / "cables-dev.csv.zst")
                 << " and the zstd command";
  }
  write_file(path("corpus.csv"), csv);
  std::size_t rows = 0;
  for (std::size_t i = 0; (i = csv.find("\n\"", i)) != std::string::npos; ++i) {
    std::size_t j = i + 2;
    while (j < csv.size() && std::isdigit(static_cast<unsigned char>(csv[j]))) ++j;
    rows += j > i + 2 && csv.compare(j, 3, "\",\"") == 0;
  }
  ++rows;  // the first row has no newline before it
  for (const char* mode : {"--json", "--raw", "--verbose"}) {
    SCOPED_TRACE(mode);
    const Outcome one = run({"parse", mode, "--threads", "1", "corpus.csv"});
    const Outcome two = run({"parse", mode, "--threads", "2", "corpus.csv"});
    EXPECT_EQ(one.exit_code, 0) << one.err.substr(0, 500);
    EXPECT_EQ(two.exit_code, one.exit_code);
    EXPECT_EQ(lines_of(one.out).size(), rows);
    EXPECT_TRUE(one.out == two.out) << "--threads 2 changed the output";
  }
}

TEST_F(Cli, EmptyFileIsAnErrorNotACrash) {
  write_file(path("empty.txt"), "");
  for (const char* format : {"auto", "telegram", "cables-csv", "plain", "jsonl"}) {
    SCOPED_TRACE(format);
    const Outcome r = run({"parse", "--json", "--format", format, "empty.txt"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(r.err.starts_with("chancery: empty.txt")) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

TEST_F(Cli, BinaryGarbageIsAnErrorNamingTheLine) {
  std::mt19937 random(20240229);
  std::string garbage(64 << 10, '\0');
  for (char& c : garbage) c = static_cast<char>(random() & 0xFF);
  write_file(path("garbage.bin"), garbage);
  static const std::regex located("(^|\n)chancery: garbage\\.bin:[0-9]+: ");
  for (const char* format :
       {"auto", "telegram", "cablegate-html", "cables-csv", "plain", "jsonl"}) {
    SCOPED_TRACE(format);
    for (const char* threads : {"1", "2"}) {
      const Outcome r =
          run({"parse", "--json", "--threads", threads, "--format", format, "garbage.bin"});
      EXPECT_EQ(r.exit_code, 1) << r.err.substr(0, 500);
      EXPECT_TRUE(std::regex_search(r.err, located)) << r.err.substr(0, 500);
      for (const json& record : records_of(r.out)) EXPECT_TRUE(record.is_object());
    }
  }
}

TEST_F(Cli, BrokenQuoteInCsvIsAnErrorNamingItsLine) {
  const std::vector<std::string> rows = sample_rows();
  const std::string good = rows[0] + rows[1];
  const long line = 1 + std::count(good.begin(), good.end(), '\n');
  write_file(path("broken.csv"),
             good +
                 "\"7\",\"1/1/2007 00:00\",\"07BROKEN1\",\"Embassy X\",\"UNCLASSIFIED\",\"\","
                 "\"header\",\"a body whose quote never closes\nUNCLAS\n");
  const Outcome r = run({"parse", "--json", "broken.csv"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("chancery: broken.csv:" + std::to_string(line) + ": "), std::string::npos)
      << "expected line " << line << ": " << r.err;
  EXPECT_EQ(ids_of(records_of(r.out)), (std::vector<std::string>{kSampleIds[0], kSampleIds[1]}));
}

TEST_F(Cli, RawAddsTheInputVerbatim) {
  const Outcome plain = run({"parse", "--json", kSample.string()});
  for (const json& record : records_of(plain.out)) EXPECT_FALSE(record.contains("raw"));
  for (std::initializer_list<std::string> args :
       {std::initializer_list<std::string>{"parse", "--json", "--raw", kSample.string()},
        {"parse", "--raw", kSample.string()}}) {
    const Outcome r = run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const std::vector<json> records = records_of(r.out);
    EXPECT_EQ(records.size(), kSampleIds.size());
    for (const json& record : records) {
      ASSERT_TRUE(record.contains("raw")) << record.dump().substr(0, 200);
      EXPECT_TRUE(record["raw"]["header"].is_string());
      EXPECT_TRUE(record["raw"]["body"].is_string());
    }
  }
  // The raw texts hold the CSV's header and body fields.
  const std::vector<json> records = records_of(run({"parse", "--raw", kSample.string()}).out);
  ASSERT_GE(records.size(), 3u);
  EXPECT_NE(records[2]["raw"]["header"].get<std::string>().find("FM AMEMBASSY SAN JOSE"),
            std::string::npos);
  EXPECT_NE(records[2]["raw"]["body"].get<std::string>().find("Doggett Amendment."),
            std::string::npos);
}

TEST_F(Cli, JsonLinesReadBackAsTheSameRecords) {
  const Outcome first = run({"parse", "--json", kSample.string()});
  write_file(path("records.jsonl"), first.out);
  const Outcome again = run({"parse", "--json", "records.jsonl"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  std::vector<json> a = records_of(first.out);
  std::vector<json> b = records_of(again.out);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    // Only the reader that produced it differs.
    a[i].erase("format");
    b[i].erase("format");
    EXPECT_EQ(a[i], b[i]) << i;
  }
}

TEST_F(Cli, SummaryHasOneLinePerCable) {
  const Outcome r = run({"parse", kSample.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), kSampleIds.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_TRUE(lines[i].starts_with(kSampleIds[i] + " ")) << lines[i];
    std::size_t columns = 0;
    for (char c : lines[i]) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    EXPECT_LE(columns, 120u) << lines[i];
  }
}

TEST_F(Cli, VerboseCountsOnStandardError) {
  const Outcome r = run({"parse", "--json", "--verbose", kSample.string()});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.err.find("chancery: 6 cables, 0 errors"), std::string::npos) << r.err;
}

TEST_F(Cli, SeedIsDetectedAsPlainText) {
  const fs::path seed = kShared / "corpus" / "07TELAVIV557.txt";
  if (!fs::exists(seed)) GTEST_SKIP() << "needs " << seed;
  const Outcome r = run({"parse", "--json", seed.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::vector<json> records = records_of(r.out);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].value("id", ""), "07TELAVIV557");
  EXPECT_EQ(records[0].value("format", ""), "plain");
}

TEST_F(Cli, ClosedOutputEndsQuietly) {
  std::string big;
  const std::string sample = read_file(kSample);
  for (int i = 0; i < 1000; ++i) big += sample;  // ~5 MB: far more than a pipe holds
  write_file(path("big.csv"), big);
  // With SIGPIPE at its default the shell sees a signal; ignored, EPIPE ends
  // the run with exit code 0. Either way, nothing on stderr.
  for (const char* trap : {"", "trap '' PIPE; "}) {
    SCOPED_TRACE(trap);
    const Outcome r = run_shell(std::string(trap) + "{ " + command({"parse", "--json", "big.csv"}) +
                                " 2> err.txt; echo $? > code.txt; } | head -c 100 > /dev/null");
    EXPECT_EQ(read_file(path("err.txt")), "");
    const std::string code = read_file(path("code.txt"));
    EXPECT_TRUE(code == "0\n" || code == "141\n") << code;
  }
}

TEST_F(Cli, WriteErrorIsReported) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "needs /dev/full";
  for (const char* threads : {"1", "2"}) {
    const Outcome r = run_shell(
        command({"parse", "--json", "--threads", threads, kSample.string()}) + " > /dev/full");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "chancery: standard output: cannot write: No space left on device\n");
  }
}

TEST_F(Cli, HelpAndVersion) {
  const Outcome help = run({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("parse"), std::string::npos);
  EXPECT_NE(help.out.find("Exit codes"), std::string::npos);
  const Outcome parse_help = run({"parse", "--help"});
  EXPECT_EQ(parse_help.exit_code, 0);
  for (const char* option : {"--format", "--json", "--raw", "--threads", "--quiet", "--verbose"}) {
    EXPECT_NE(parse_help.out.find(option), std::string::npos) << option;
  }
  const Outcome version = run({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out, std::string("chancery ") + CHANCERY_VERSION + "\n");
}

}  // namespace

// ---- Bad input: never a crash, a hang or a loss --------------------------

const fs::path kSeed = fs::path(CHANCERY_TESTDATA_DIR) / ".." / ".." / "examples" / "07TELAVIV557.txt";

// Peak resident memory of `command` in KiB, through GNU time; -1 when it is
// not installed (scripts/deps.sh installs it).
long peak_rss_kib(const std::string& dir, const std::string& command) {
  if (!fs::exists("/usr/bin/time")) return -1;
  const std::string out = dir + "/.rss";
  const std::string line = "cd " + quote(dir) + " && /usr/bin/time -f %M -o " + quote(out) + " " +
                           command + " > /dev/null 2>&1";
  (void)std::system(line.c_str());
  const std::vector<std::string> lines = lines_of(read_file(out));
  return lines.empty() ? -1 : std::stol(lines.back());
}

TEST_F(Cli, HundredMegabyteLineIsRefusedInBoundedMemory) {
  write_file(path("line.txt"), std::string(100 << 20, 'A'));
  const Outcome t = run({"parse", "--json", "line.txt"});
  EXPECT_EQ(t.exit_code, 1);
  EXPECT_NE(t.err.find("chancery: line.txt: input larger than the 8 MiB record limit"),
            std::string::npos)
      << t.err;
  EXPECT_EQ(t.out, "");

  // In a CSV the oversized row is reported and the next row still read.
  const std::vector<std::string> rows = sample_rows();
  write_file(path("big.csv"),
             "\"1\",\"1/1/2007 00:00\",\"07BIG1\",\"Embassy X\",\"SECRET\",\"\",\"" +
                 std::string(100 << 20, 'B') + "\",\"S E C R E T X 000001\"\n" + rows[0]);
  const Outcome c = run({"parse", "--json", "big.csv"});
  EXPECT_EQ(c.exit_code, 1);
  EXPECT_NE(c.err.find("chancery: big.csv:1: row 1 larger than the 8 MiB record limit"),
            std::string::npos)
      << c.err;
  EXPECT_EQ(records_of(c.out).size(), 1U);

#if defined(__SANITIZE_ADDRESS__)
  constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  constexpr bool kSanitized = true;
#else
  constexpr bool kSanitized = false;
#endif
#else
  constexpr bool kSanitized = false;
#endif
  // AddressSanitizer's shadow memory alone exceeds the bound: measure the
  // plain build only.
  if (kSanitized) GTEST_SKIP() << "memory bound not measured under AddressSanitizer";
  for (const char* threads : {"1", "2"}) {
    const long kib = peak_rss_kib(dir_.string(), command({"parse", "--json", "--threads", threads,
                                                          "big.csv", "line.txt"}));
    if (kib < 0) GTEST_SKIP() << "/usr/bin/time is not installed: memory not measured";
    EXPECT_LE(kib, 64 * 1024) << "threads " << threads;
  }
}

TEST_F(Cli, InvalidUtf8IsReplacedInFieldsWarnedAndKeptByteExactInRaw) {
  std::string seed = read_file(kSeed);
  ASSERT_FALSE(seed.empty()) << kSeed;
  // Two bad bytes inside paragraph 2 ("The main points ..."), on its line.
  const std::size_t at = seed.find("The main points");
  ASSERT_NE(at, std::string::npos);
  seed.insert(at + 4, "\xFF\xFE");
  const long line = 1 + std::count(seed.begin(), seed.begin() + static_cast<long>(at), '\n');
  write_file(path("bad.txt"), seed);
  const Outcome r = run({"parse", "--json", "--raw", "bad.txt"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 1U);
  Result<Cable> cable = from_json(lines[0]);
  ASSERT_TRUE(cable.has_value()) << cable.error().to_string();
  ASSERT_GE(cable->paragraphs.size(), 2U);
  EXPECT_TRUE(cable->paragraphs[1].text.starts_with("The \xEF\xBF\xBD\xEF\xBF\xBDmain points"))
      << cable->paragraphs[1].text;
  bool warned = false;
  for (const Warning& w : cable->warnings) {
    warned = warned || (w.line == line && w.message.find("UTF-8") != std::string::npos);
  }
  EXPECT_TRUE(warned) << "no UTF-8 warning on line " << line;
  ASSERT_TRUE(cable->raw.has_value());
  EXPECT_EQ(cable->raw->header + cable->raw->body, seed);
}

TEST_F(Cli, TruncatedInputsNeverCrash) {
  const std::string seed = read_file(kSeed);
  const std::string page = read_file(fs::path(CHANCERY_TESTDATA_DIR) / "readers" / "06SANJOSE707.html");
  const std::string csv = read_file(kSample);
  ASSERT_FALSE(seed.empty() || page.empty() || csv.empty());
  int n = 0;
  for (const auto& [name, bytes] :
       {std::pair{"seed.txt", seed}, std::pair{"page.html", page}, std::pair{"rows.csv", csv}}) {
    for (int k = 1; k < 25; ++k) {
      const std::string cut = bytes.substr(0, bytes.size() * static_cast<std::size_t>(k) / 25);
      write_file(path(std::to_string(n++) + "-" + name), cut);
    }
  }
  const Outcome r = run({"parse", "--json", "."});
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.exit_code << "\n" << r.err;
  for (const std::string& line : lines_of(r.out)) {
    EXPECT_TRUE(from_json(line).has_value()) << line.substr(0, 200);
  }
  // Every truncated file gave a record or an error naming it.
  EXPECT_GE(lines_of(r.out).size() + lines_of(r.err).size(), static_cast<std::size_t>(n));
}

TEST_F(Cli, CompressedInputsReadAsTheirText) {
  if (std::system("command -v zstd > /dev/null 2>&1") != 0) GTEST_SKIP() << "zstd not installed";
  write_file(path("s.csv"), read_file(kSample));
  const Outcome plain = run({"parse", "--json", "s.csv"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const Outcome z = run_shell("zstd -q -c s.csv > s.csv.zst && " + command({"parse", "--json", "s.csv.zst"}));
  EXPECT_EQ(z.exit_code, 0) << z.err;
  EXPECT_EQ(z.out, plain.out);
  // Cut in half: the stream is damaged; the error names the file.
  const Outcome cut = run_shell("head -c 2000 s.csv.zst > cut.zst && " + command({"parse", "--json", "cut.zst"}));
  EXPECT_EQ(cut.exit_code, 1);
  EXPECT_NE(cut.err.find("chancery: cut.zst"), std::string::npos) << cut.err;
}
