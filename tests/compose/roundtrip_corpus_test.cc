// The round trip over every cable of ../shared/corpus, in its HTML and its
// CSV form: parse -> draft_from_cable -> render_telegram -> read_telegram
// gives back the record (roundtrip.h says which fields and how they are
// compared). Skipped when the corpus is absent.
//
// A few records cannot come back whole, for reasons outside the renderer;
// each class is recognised from the original record alone, named below, and
// its one expected difference is written into the expected record:
//  - kUnspellableId: the archive derived the id from a damaged classification
//    line ("08ECTION01OF02MANAMA492", format §6.3); a classification line
//    cannot spell digits inside a post, so the id read back is the one the
//    rendered line gives ("08MANAMA492").
//  - kLabelOnlyControl: the archive's label says UNCLASSIFIED//FOR OFFICIAL
//    USE ONLY but the text has no caption saying so; the reader derives that
//    level from captions only, so the draft carries FOR OFFICIAL USE ONLY and
//    the handling read back has it too.
//  - kLabelBelowText: the label says UNCLASSIFIED while the text has an SBU
//    caption, which the reader (without the label) reads as UNCLASSIFIED//FOR
//    OFFICIAL USE ONLY.
//  - kOtherCableInBody: the record holds another cable's text (format §8,
//    "wrong body"), so the classification line's post and serial are not the
//    id's; the telegram is numbered as the id says, and the references that
//    the reader resolves relative to the citing cable are resolved relative to
//    that numbering.
//  - kCitingUnstated: the original text had no readable classification line
//    (or another serial in it), so the reader resolved its REF entries without
//    knowing the citing serial; the rendered telegram states it, and entries
//    of the cable's own post numbered above it read back as last year's
//    (format §6.2). Expected ids are those resolved relative to the numbering.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "chancery/compose.h"
#include "chancery/parse.h"
#include "chancery/source.h"
#include "compose/references.h"
#include "compose/roundtrip.h"
#include "core/text.h"
#include "parse/telegram_internal.h"

namespace chancery::compose {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

enum Exception {
  kUnspellableId,
  kLabelOnlyControl,
  kLabelBelowText,
  kOtherCableInBody,
  kCitingUnstated,
  kExceptions
};
constexpr std::string_view kExceptionNames[] = {"unspellable id", "label-only control",
                                                "label below text", "other cable in body",
                                                "citing serial unstated"};

struct Tally {
  std::size_t cables = 0, round_trips = 0, summaries = 0, summaries_back = 0;
  std::size_t exceptions[kExceptions] = {};
  std::vector<std::string> failures;
  double seconds = 0;
};

bool is_control(std::string_view c) {
  return c == "SENSITIVE" || c == "SENSITIVE BUT UNCLASSIFIED" || c == "FOR OFFICIAL USE ONLY" ||
         c == "EFTO";
}

// The record's numbering: its id, the post and serial its classification
// line gives (or the id's, when the line names another cable), a plausible
// station RI, the DTG from `created`, and routes and MCNs from the addressees.
Numbering numbering_of(const Cable& c, const parse::detail::ClassificationLine* line) {
  Numbering n;
  n.id = c.id.value_or("");
  std::size_t digits = n.id.size();
  while (digits > 2 && text::is_digit(n.id[digits - 1])) --digits;
  const std::string id_station = n.id.size() > 2 ? n.id.substr(2, digits - 2) : "";
  n.serial = digits < n.id.size() ? std::stoll(n.id.substr(digits)) : 0;
  n.post = id_station;
  if (line != nullptr && !line->post.empty() && !line->serial.empty()) {
    n.post = line->post;
    n.serial = std::stoll(line->serial);
  }
  n.station = "RUEH" + id_station.substr(0, std::min<std::size_t>(2, id_station.size()));
  n.dtg = c.created.value_or("");
  n.transmission = c.transmission_id.value_or("");
  for (const auto* block : {&c.to, &c.info}) {
    for (const Recipient& r : *block) {
      n.routes.push_back(r.route.value_or(""));
      n.mcns.push_back(r.mcn.value_or(""));
    }
  }
  return n;
}

// The record the rendered telegram must read back to, with the exceptions
// above applied; `flags` says which.
Cable expected_record(const Cable& c, const parse::detail::ClassificationLine* line, Numbering& n,
                      bool flags[kExceptions]) {
  Cable want = c;
  const std::string yy = n.id.substr(0, 2);
  const std::string text_id = yy + parse::detail::station_code(n.post) + std::to_string(n.serial);
  if (text_id != n.id) {
    std::size_t digits = n.id.size();
    while (digits > 2 && text::is_digit(n.id[digits - 1])) --digits;
    const std::string id_station = n.id.substr(2, digits - 2);
    const bool spellable = std::all_of(id_station.begin(), id_station.end(), text::is_alpha);
    if (spellable) {
      // Another cable's text: number the telegram as the id says.
      flags[kOtherCableInBody] = true;
      n.post = id_station;
      n.serial = std::stoll(n.id.substr(digits));
    } else {
      flags[kUnspellableId] = true;
      want.id = text_id;
    }
  }
  // The reader resolves a REF entry relative to the citing cable's station
  // and serial (a higher serial of one's own post is last year's, format
  // §6.2). When the original text did not state them as the telegram now
  // does, its entries are resolved relative to the numbering.
  const bool same_citing = line != nullptr && !line->serial.empty() &&
                           parse::detail::station_code(line->post) ==
                               parse::detail::station_code(n.post) &&
                           std::stoll(line->serial) == n.serial && !flags[kOtherCableInBody];
  if (!same_citing && !c.references.empty()) {
    parse::detail::CitingCable citing;
    citing.year = std::stoi(c.created.value_or("0000").substr(0, 4));
    citing.station = parse::detail::station_code(n.post);
    citing.serial = static_cast<long>(n.serial);
    for (Reference& r : want.references) {
      std::optional<std::string> id = parse::detail::resolve_reference(r.text, citing);
      if (id != r.id && !flags[kOtherCableInBody]) flags[kCitingUnstated] = true;
      r.id = std::move(id);
    }
  }
  const bool controlled = std::any_of(c.handling.begin(), c.handling.end(), is_control);
  if (c.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY" && !controlled) {
    flags[kLabelOnlyControl] = true;
    want.handling.push_back("FOR OFFICIAL USE ONLY");
  }
  if (c.classification == "UNCLASSIFIED" && controlled) {
    flags[kLabelBelowText] = true;
    want.classification = "UNCLASSIFIED//FOR OFFICIAL USE ONLY";
  }
  // REF entries come back with the letters the renderer gave them.
  std::vector<std::string> texts;
  for (const Reference& r : want.references) texts.push_back(r.text);
  const std::vector<char> bullets = reference_bullets(texts, citing_of(n));
  for (std::size_t i = 0; i < want.references.size(); ++i) {
    want.references[i].bullet =
        bullets[i] != 0 ? std::optional<std::string>(std::string(1, bullets[i])) : std::nullopt;
  }
  return want;
}

void round_trip(const Cable& c, Tally& tally) {
  ++tally.cables;
  std::optional<parse::detail::ClassificationLine> line;
  {
    const std::string_view body = c.body;
    line = parse::detail::parse_classification_line(body.substr(0, body.find('\n')), 0);
  }
  Numbering n = numbering_of(c, line ? &*line : nullptr);
  bool flags[kExceptions] = {};
  Cable want = expected_record(c, line ? &*line : nullptr, n, flags);
  const Draft draft = draft_from_cable(c);
  const std::string telegram = render_telegram(draft, n);
  // CHANCERY_DUMP_ID=<id> writes that cable's telegram and records to /tmp.
  if (const char* dump = std::getenv("CHANCERY_DUMP_ID"); dump != nullptr && c.id == dump) {
    std::ofstream(std::string("/tmp/") + dump + "." + c.format + ".telegram") << telegram;
    std::ofstream(std::string("/tmp/") + dump + "." + c.format + ".json") << to_json(c);
  }
  Result<Cable> got = parse::read_telegram(telegram);
  if (!got) {
    tally.failures.push_back(c.id.value_or("?") + ": " + got.error().to_string());
    return;
  }
  std::vector<std::string> diffs = test::differences(want, *got);
  if (!diffs.empty()) {
    std::string message = c.id.value_or("?") + " (" + c.format + "):";
    for (const std::string& d : diffs) message += "\n    " + d;
    tally.failures.push_back(std::move(message));
    return;
  }
  ++tally.round_trips;
  for (int k = 0; k < kExceptions; ++k) tally.exceptions[k] += flags[k] ? 1 : 0;
  if (c.summary) {
    ++tally.summaries;
    if (got->summary && test::words(*got->summary) == test::words(*c.summary)) ++tally.summaries_back;
  }
}

class RoundTripCorpus : public ::testing::Test {
 protected:
  static fs::path corpus() { return fs::path(CHANCERY_SHARED_DIR) / "corpus"; }

  static void TearDownTestSuite() {
    if (dir_ != nullptr) {
      std::error_code ec;
      fs::remove_all(*dir_, ec);
      delete dir_;
      dir_ = nullptr;
    }
  }
  void SetUp() override {
    if (!fs::exists(corpus() / "cablegate-dev-html.tar.zst") ||
        !fs::exists(corpus() / "cables-dev.csv.zst")) {
      GTEST_SKIP() << "no corpus in " << corpus();
    }
  }

  // The HTML tree, unpacked once for the process (only the HTML test needs it).
  static const fs::path& html_tree() {
    if (dir_ == nullptr) {
      dir_ = new fs::path(fs::temp_directory_path() /
                          ("chancery-compose-corpus-" + std::to_string(::getpid())));
      fs::create_directories(*dir_);
      const std::string cmd = "zstd -q -dc '" + (corpus() / "cablegate-dev-html.tar.zst").string() +
                              "' | tar x -C '" + dir_->string() + "'";
      if (std::system(cmd.c_str()) != 0) ADD_FAILURE() << "could not decompress the corpus: " << cmd;
    }
    return *dir_;
  }

  static void report(std::string_view form, const Tally& t) {
    std::printf("%.*s: %zu of %zu cables round-trip (%.1f s)", static_cast<int>(form.size()),
                form.data(), t.round_trips, t.cables, t.seconds);
    for (int k = 0; k < kExceptions; ++k) {
      std::printf("; %zu %.*s", t.exceptions[k], static_cast<int>(kExceptionNames[k].size()),
                  kExceptionNames[k].data());
    }
    std::printf("; summaries read back %zu of %zu\n", t.summaries_back, t.summaries);
    // All of them with CHANCERY_ALL_FAILURES set, else the first 25.
    const std::size_t shown =
        std::getenv("CHANCERY_ALL_FAILURES") != nullptr ? t.failures.size() : 25;
    for (std::size_t i = 0; i < std::min(t.failures.size(), shown); ++i) {
      ADD_FAILURE() << t.failures[i];
    }
    EXPECT_EQ(t.round_trips, t.cables) << t.failures.size() << " cables do not round-trip";
  }

  static fs::path* dir_;
};

fs::path* RoundTripCorpus::dir_ = nullptr;

TEST_F(RoundTripCorpus, EveryHtmlPage) {
  Tally tally;
  const auto start = std::chrono::steady_clock::now();
  std::vector<fs::path> pages;
  for (const auto& e : fs::recursive_directory_iterator(html_tree() / "cable")) {
    if (e.is_regular_file() && e.path().extension() == ".html") pages.push_back(e.path());
  }
  std::sort(pages.begin(), pages.end());
  ASSERT_GT(pages.size(), 5000u);
  for (const fs::path& p : pages) {
    Result<Cable> c = parse::read_cablegate_html(read_file(p), {.source = p.string()});
    ASSERT_TRUE(c) << c.error().to_string();
    round_trip(*c, tally);
  }
  tally.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report("HTML", tally);
}

TEST_F(RoundTripCorpus, EveryCsvRow) {
  Tally tally;
  const auto start = std::chrono::steady_clock::now();
  Result<std::unique_ptr<ByteSource>> src =
      open_file((corpus() / "cables-dev.csv.zst").string());
  ASSERT_TRUE(src) << src.error().to_string();
  parse::RecordSplitter splitter(decompressing(std::move(src.value())), parse::Format::kCablesCsv,
                                 {.source = "cables.csv"});
  while (std::optional<Result<parse::RawRecord>> rec = splitter.next()) {
    ASSERT_TRUE(*rec) << rec->error().to_string();
    Result<Cable> c = parse::read_record(rec->value(), {.source = "cables.csv"});
    ASSERT_TRUE(c) << c.error().to_string();
    round_trip(*c, tally);
  }
  ASSERT_GT(tally.cables, 5000u);
  tally.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report("CSV", tally);
}

TEST_F(RoundTripCorpus, SeedCable) {
  const std::string text = read_file(corpus() / "07TELAVIV557.txt");
  ASSERT_FALSE(text.empty());
  Result<Cable> c = parse::read_plain(text);
  ASSERT_TRUE(c) << c.error().to_string();
  Tally tally;
  round_trip(*c, tally);
  for (const std::string& f : tally.failures) ADD_FAILURE() << f;
  EXPECT_EQ(tally.round_trips, 1u);
}

}  // namespace
}  // namespace chancery::compose
