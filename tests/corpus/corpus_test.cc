// Corpus report: every cable of ../shared/corpus, in its HTML and its CSV
// form, read and checked against the archive's own metadata. Prints its
// figures; skipped (with a message) only when the corpus is absent.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "chancery/cable.h"
#include "chancery/parse.h"

#include "parse/cablegate_html.h"
#include "parse/cables_csv.h"
#include "parse/telegram.h"

namespace chancery {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The corpus, decompressed once for all tests of this binary.
struct Corpus {
  fs::path dir;
  std::map<std::string, Cable> html;  // by id (+ origin when ids collide)
  std::map<std::string, Cable> csv;
  std::map<std::string, Cable> telegram;  // the page's telegram text alone, no metadata
  // The telegram text each form holds, decoded from its container (HTML
  // entities and links; CSV backslash escapes), to tell reader differences
  // from differences in the archive's own text.
  std::map<std::string, std::string> html_text, csv_text;
  std::map<std::string, std::vector<std::string>> anchors;  // ¶ anchors by key
  std::map<std::string, std::string> csv_label;             // archive classification by key
  std::map<std::string, std::string> csv_created;
  std::map<std::string, std::string> csv_origin;
  std::size_t html_files = 0, csv_rows = 0, html_errors = 0, csv_errors = 0;
  std::vector<std::string> errors;
};

std::string key_of(const Cable& c) { return c.id.value_or("?") + "|" + c.origin.value_or("?"); }

Corpus* load_corpus() {
  static Corpus* corpus = []() -> Corpus* {
    const fs::path shared = fs::path(CHANCERY_SHARED_DIR) / "corpus";
    if (!fs::exists(shared / "cablegate-dev-html.tar.zst") ||
        !fs::exists(shared / "cables-dev.csv.zst")) {
      return nullptr;
    }
    auto* c = new Corpus;
    c->dir = fs::temp_directory_path() / ("chancery-corpus-" + std::to_string(::getpid()));
    fs::create_directories(c->dir);
    const std::string cmd = "zstd -q -dc '" + (shared / "cablegate-dev-html.tar.zst").string() +
                            "' | tar x -C '" + c->dir.string() + "' && zstd -q -dc '" +
                            (shared / "cables-dev.csv.zst").string() + "' > '" +
                            (c->dir / "cables.csv").string() + "'";
    if (std::system(cmd.c_str()) != 0) {
      ADD_FAILURE() << "could not decompress the corpus: " << cmd;
      return c;
    }
    // HTML pages.
    std::vector<fs::path> pages;
    for (const auto& e : fs::recursive_directory_iterator(c->dir / "cable")) {
      if (e.is_regular_file() && e.path().extension() == ".html") pages.push_back(e.path());
    }
    std::sort(pages.begin(), pages.end());
    for (const fs::path& p : pages) {
      ++c->html_files;
      const std::string page = read_file(p);
      parse::ReadOptions options;
      options.source = p.string();
      options.keep_raw = true;
      Result<Cable> r = parse::read_cablegate_html(page, options);
      if (!r) {
        ++c->html_errors;
        c->errors.push_back(r.error().to_string());
        continue;
      }
      const std::string key = key_of(*r);
      {
        std::string body = parse::decode_cablegate_text(r->raw->body);
        // The reader drops table tags a few pages left inside the block.
        for (std::string_view tail : {"</table>", "</td></tr>"}) {
          while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back())))
            body.pop_back();
          if (body.ends_with(tail)) body.resize(body.size() - tail.size());
        }
        c->html_text[key] = parse::decode_cablegate_text(r->raw->header) + "\n" + body;
        r->raw.reset();
      }
      c->anchors[key] = parse::cablegate_paragraph_anchors(page);
      if (std::optional<parse::CablegatePage> parts = parse::scan_cablegate_page(page)) {
        const std::string text = parse::decode_cablegate_text(parts->header_block) + "\n" +
                                 parse::decode_cablegate_text(parts->body_block);
        if (Result<Cable> t = parse::read_telegram(text, options)) {
          c->telegram.emplace(key, std::move(t.value()));
        }
      }
      c->html.emplace(key, std::move(r.value()));
    }
    // The CSV dump, streamed.
    Result<std::unique_ptr<ByteSource>> src = open_file((c->dir / "cables.csv").string());
    if (!src) {
      ADD_FAILURE() << src.error().to_string();
      return c;
    }
    parse::ReadOptions options;
    options.source = "cables.csv";
    options.keep_raw = true;
    parse::RecordSplitter splitter(std::move(src.value()), parse::Format::kCablesCsv, options);
    while (std::optional<Result<parse::RawRecord>> rec = splitter.next()) {
      ++c->csv_rows;
      if (!*rec) {
        ++c->csv_errors;
        c->errors.push_back(rec->error().to_string());
        continue;
      }
      Result<Cable> r = parse::read_record(rec->value(), options);
      if (!r) {
        ++c->csv_errors;
        c->errors.push_back(r.error().to_string());
        continue;
      }
      std::string body = parse::unescape_csv_field(r->raw->body);
      while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back())))
        body.pop_back();
      c->csv_text[key_of(*r)] = parse::unescape_csv_field(r->raw->header) + "\n" + body;
      r->raw.reset();
      c->csv.emplace(key_of(*r), std::move(r.value()));
    }
    // The archive's metadata columns, read independently of our reader: the
    // CSV's fields 2 (created), 4 (origin) and 5 (classification).
    std::ifstream f(c->dir / "cables.csv", std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::size_t pos = 0;
    while (pos < all.size()) {
      // Rows start with "N","M/D/YYYY HH:MM","ID","Origin","Class"
      std::vector<std::string> fields;
      std::size_t p = pos;
      for (int k = 0; k < 5 && p < all.size() && all[p] == '"'; ++k) {
        const std::size_t q = all.find('"', p + 1);
        if (q == std::string::npos) break;
        fields.push_back(all.substr(p + 1, q - p - 1));
        p = q + 2;
      }
      if (fields.size() == 5) {
        const std::string key = fields[2] + "|" + fields[3];
        c->csv_label[key] = fields[4];
        c->csv_created[key] = fields[1];
        c->csv_origin[key] = fields[3];
      }
      // Next row: a line starting with a quoted row number.
      std::size_t nl = pos;
      while (true) {
        nl = all.find("\n\"", nl + 1);
        if (nl == std::string::npos ||
            (nl + 2 < all.size() && std::isdigit(static_cast<unsigned char>(all[nl + 2]))))
          break;
      }
      if (nl == std::string::npos) break;
      pos = nl + 1;
    }
    return c;
  }();
  return corpus;
}

class CorpusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_ = load_corpus();
    if (corpus_ == nullptr) {
      GTEST_SKIP() << "corpus not found under " << CHANCERY_SHARED_DIR
                   << "/corpus: corpus tests skipped";
    }
  }
  static void TearDownTestSuite() {
    if (Corpus* c = load_corpus(); c != nullptr && !c->dir.empty()) {
      std::error_code ec;
      fs::remove_all(c->dir, ec);
    }
  }
  Corpus* corpus_ = nullptr;
};

// "9/27/2000 14:02" -> "2000-09-27T14" (date and hour: the minutes are unreliable).
std::string csv_date_hour(const std::string& s) {
  int m = 0, d = 0, y = 0, h = 0, mi = 0;
  if (std::sscanf(s.c_str(), "%d/%d/%d %d:%d", &m, &d, &y, &h, &mi) != 5) return "?";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d", y, m, d, h);
  return buf;
}

double pct(std::size_t good, std::size_t n) {
  return n == 0 ? 0 : 100.0 * static_cast<double>(good) / static_cast<double>(n);
}

TEST_F(CorpusTest, EveryCableReadsInBothForms) {
  std::printf("[corpus] html pages %zu (errors %zu), csv rows %zu (errors %zu)\n",
              corpus_->html_files, corpus_->html_errors, corpus_->csv_rows, corpus_->csv_errors);
  for (std::size_t i = 0; i < std::min<std::size_t>(corpus_->errors.size(), 10); ++i) {
    std::printf("[corpus]   %s\n", corpus_->errors[i].c_str());
  }
  EXPECT_EQ(corpus_->html_files, 5043U);
  EXPECT_EQ(corpus_->csv_rows, 5043U);
  EXPECT_EQ(corpus_->html_errors, 0U);
  EXPECT_EQ(corpus_->csv_errors, 0U);
  EXPECT_EQ(corpus_->html.size(), 5043U);
  EXPECT_EQ(corpus_->csv.size(), 5043U);
}

// Each form's record against the archive's metadata as the other form (the
// CSV's columns) states it: id, origin, created date and hour, level and NOFORN.
TEST_F(CorpusTest, RecordsAgreeWithArchiveMetadata) {
  for (const auto* form : {&corpus_->html, &corpus_->csv}) {
    const char* name = form == &corpus_->html ? "html" : "csv";
    std::size_t n = 0, id = 0, origin = 0, created = 0, cls = 0;
    std::vector<std::string> bad_created;
    for (const auto& [key, c] : *form) {
      ++n;
      auto label = corpus_->csv_label.find(key);
      if (label == corpus_->csv_label.end()) continue;
      ++id;  // the key (id + origin) was found in the archive's own columns
      if (c.origin == corpus_->csv_origin[key]) ++origin;
      if (c.created && c.created->substr(0, 13) == csv_date_hour(corpus_->csv_created[key])) {
        ++created;
      } else if (bad_created.size() < 5) {
        bad_created.push_back(key + " " + c.created.value_or("null") + " vs " +
                              corpus_->csv_created[key]);
      }
      const std::string& l = label->second;
      const std::string level =
          l.starts_with("UNCLASSIFIED//FOR OFFICIAL USE ONLY") ? l : l.substr(0, l.find("//"));
      const bool noforn_label = l.find("NOFORN") != std::string::npos;
      const bool noforn_record =
          std::find(c.handling.begin(), c.handling.end(), "NOFORN") != c.handling.end();
      if (c.classification == level && (!noforn_label || noforn_record)) ++cls;
    }
    std::printf(
        "[corpus] %s: %zu records; id %.2f%%, origin %.2f%%, created date+hour %.2f%%, "
        "classification+handling %.2f%%\n",
        name, n, pct(id, n), pct(origin, n), pct(created, n), pct(cls, n));
    for (const std::string& b : bad_created)
      std::printf("[corpus]   created differs: %s\n", b.c_str());
    EXPECT_GE(pct(id, n), 99.9);
    EXPECT_GE(pct(origin, n), 99.9);
    EXPECT_GE(pct(created, n), 99.9);
    EXPECT_GE(pct(cls, n), 99.9);
  }
}

// The page's ¶ anchors are noisy: they also anchor lettered sub-items (parB),
// years written after a pilcrow (par2001) and repeated marks (6, 6); and a
// paragraph written without '¶' has none. The anchors that can be paragraph
// numbers are the numeric ones forming an increasing sequence of small numbers.
std::vector<long> paragraph_anchors(const std::vector<std::string>& all) {
  std::vector<long> out;
  for (const std::string& a : all) {
    if (a.empty() || a.size() > 3 ||
        !std::all_of(a.begin(), a.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      continue;
    }
    const long n = std::stol(a);
    // A jump of more than five is an anchor on quoted or numbered text.
    const long last = out.empty() ? 0 : out.back();
    if (n > last && n <= last + 5) out.push_back(n);
  }
  return out;
}

// True when paragraph `n` is written with the archive's pilcrow ("¶12.") at
// a line start of the body: the paragraphs the page anchors.
bool written_with_pilcrow(const std::string& body, const std::string& n) {
  const std::string mark = "\xC2\xB6" + n + ".";
  for (std::size_t p = body.find(mark); p != std::string::npos; p = body.find(mark, p + 1)) {
    std::size_t k = p;
    while (k > 0 && body[k - 1] == ' ') --k;
    if (k == 0 || body[k - 1] == '\n') return true;
  }
  return false;
}

TEST_F(CorpusTest, ParagraphNumbersMatchThePagesAnchors) {
  // The page anchors a paragraph only where its number follows a '¶'; a
  // paragraph written "2.(C)" has no anchor. So the paragraphs we read that
  // are written with a pilcrow must be exactly the page's paragraph anchors;
  // and every anchored number must be among the paragraphs we read.
  std::size_t pages = 0, equal = 0, covered = 0, all_equal = 0;
  std::vector<std::string> differ;
  for (const auto& [key, c] : corpus_->html) {
    const std::vector<long> anchors = paragraph_anchors(corpus_->anchors[key]);
    if (anchors.empty()) continue;
    ++pages;
    std::vector<long> numbers, pilcrowed;
    for (const Paragraph& p : c.paragraphs) {
      numbers.push_back(std::stol(p.number));
      if (written_with_pilcrow(c.body, p.number)) pilcrowed.push_back(numbers.back());
    }
    if (pilcrowed == anchors)
      ++equal;
    else if (differ.size() < 10)
      differ.push_back(key);
    if (numbers == anchors) ++all_equal;
    if (std::includes(numbers.begin(), numbers.end(), anchors.begin(), anchors.end())) ++covered;
  }
  std::printf(
      "[corpus] paragraph anchors: %zu pages; numbers of paragraphs written with '¶' equal "
      "the anchors on %zu (%.2f%%); every anchored number read on %zu (%.2f%%); all "
      "paragraph numbers equal the anchors on %zu (%.2f%%: the rest have unanchored "
      "paragraphs or anchors on quoted text)\n",
      pages, equal, pct(equal, pages), covered, pct(covered, pages), all_equal,
      pct(all_equal, pages));
  for (const std::string& d : differ) std::printf("[corpus]   differs: %s\n", d.c_str());
  EXPECT_GE(pct(equal, pages), 99.0);
  EXPECT_GE(pct(covered, pages), 99.0);
}

// The two forms give the same record apart from format and released (and the
// line numbers of warnings, which count lines of different files). Where the
// archive's two forms hold different text, the records may differ: the CSV
// export ran the text through an HTML parser, dropping tag-like text
// ("<<Israel>>") and decoding entities that lack their ';' ("&pounding").
TEST_F(CorpusTest, HtmlAndCsvFormsGiveTheSameRecord) {
  std::size_t both = 0, same = 0, same_text = 0, same_given_text = 0;
  std::vector<std::string> differ, text_differs;
  for (const auto& [key, h] : corpus_->html) {
    auto it = corpus_->csv.find(key);
    if (it == corpus_->csv.end()) continue;
    ++both;
    Cable a = h, b = it->second;
    a.format = b.format = "";
    a.released = b.released = std::nullopt;
    for (Warning& w : a.warnings) w.line = 0;
    for (Warning& w : b.warnings) w.line = 0;
    const bool equal = a == b;
    const bool text_equal = corpus_->html_text[key] == corpus_->csv_text[key];
    same += equal;
    same_text += text_equal;
    if (text_equal) {
      same_given_text += equal;
      if (!equal && differ.size() < 10) differ.push_back(key);
    } else if (text_differs.size() < 40) {
      text_differs.push_back(key + (equal ? " (same record)" : ""));
    }
  }
  std::printf(
      "[corpus] html and csv: records identical (but format, released, warning lines) for "
      "%zu of %zu (%.2f%%); the archive's two texts are identical for %zu, and their "
      "records identical for %zu of those (%.2f%%)\n",
      same, both, pct(same, both), same_text, same_given_text, pct(same_given_text, same_text));
  for (const std::string& d : text_differs)
    std::printf("[corpus]   archive text differs: %s\n", d.c_str());
  for (const std::string& d : differ) std::printf("[corpus]   record differs: %s\n", d.c_str());
  EXPECT_EQ(both, 5043U);
  EXPECT_EQ(same_given_text, same_text);
  EXPECT_GE(same_text, 5000U);
}

// Tags follow the TAGS line rules of the format spec (§4.5): upper case, no
// duplicates, no SIPDIS; and a cable whose text has a TAGS line has tags.
TEST_F(CorpusTest, TagsFollowTheTagsLineRules) {
  std::size_t with_line = 0, with_tags = 0, broken = 0;
  for (const auto& [key, c] : corpus_->csv) {
    std::set<std::string> seen;
    for (const std::string& t : c.tags) {
      const bool upper =
          std::none_of(t.begin(), t.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; });
      if (t.empty() || !upper || t == "SIPDIS" || !seen.insert(t).second) {
        ++broken;
        ADD_FAILURE() << key << ": bad tag '" << t << "'";
      }
    }
    // A TAGS label at a line start in the text.
    const std::string& b = c.body;
    bool has_line = false;
    for (std::size_t p = b.find("TAGS"); p != std::string::npos; p = b.find("TAGS", p + 1)) {
      if (p == 0 || b[p - 1] == '\n') has_line = true;
    }
    if (has_line) {
      ++with_line;
      if (!c.tags.empty()) ++with_tags;
    }
  }
  std::printf(
      "[corpus] tags read from %zu of %zu cables with a TAGS line (%.2f%%), %zu malformed\n",
      with_tags, with_line, pct(with_tags, with_line), broken);
  EXPECT_GE(pct(with_tags, with_line), 99.5);
}

TEST_F(CorpusTest, JsonLinesRoundTripEveryRecord) {
  std::size_t n = 0, same = 0;
  for (const auto* form : {&corpus_->html, &corpus_->csv}) {
    for (const auto& [key, c] : *form) {
      ++n;
      Result<Cable> back = parse::read_jsonl_line(to_json(c));
      if (back && *back == c)
        ++same;
      else
        ADD_FAILURE() << key << ": JSON Lines round trip differs";
    }
  }
  std::printf("[corpus] JSON Lines round trip identical for %zu of %zu records\n", same, n);
  EXPECT_EQ(same, n);
}

// Fields the text states are read: a "Classified By" line gives a name and
// reasons, an END SUMMARY gives a summary. Guards at the level reached.
TEST_F(CorpusTest, StatedFieldsAreRead) {
  std::size_t clby = 0, clby_read = 0, ends = 0, summaries = 0, refs = 0, refs_read = 0;
  for (const auto& [key, c] : corpus_->csv) {
    const std::string& b = c.body;
    bool has_clby = false;
    for (std::size_t p = 0; (p = b.find('\n', p)) != std::string::npos; ++p) {
      std::size_t q = p + 1;
      while (q < b.size() && b[q] == ' ') ++q;
      if (b.size() - q >= 13) {
        std::string w = b.substr(q, 13);
        for (char& ch : w) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (w == "CLASSIFIED BY") has_clby = true;
      }
    }
    if (has_clby) {
      ++clby;
      if (c.classified_by && !c.reasons.empty()) ++clby_read;
    }
    std::string up = b;
    for (char& ch : up) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (up.find("END SUMMARY") != std::string::npos) {
      ++ends;
      if (c.summary) ++summaries;
    }
    for (const Reference& r : c.references) {
      ++refs;
      if (r.id) ++refs_read;
    }
  }
  std::printf("[corpus] Classified By read (name and reasons) in %zu of %zu (%.2f%%); summary "
              "read in %zu of %zu cables with END SUMMARY (%.2f%%); %zu of %zu references "
              "resolved to an id (%.2f%%)\n",
              clby_read, clby, pct(clby_read, clby), summaries, ends, pct(summaries, ends),
              refs_read, refs, pct(refs_read, refs));
  EXPECT_GE(pct(clby_read, clby), 96.5);
  EXPECT_GE(pct(summaries, ends), 98.0);
  EXPECT_GE(pct(refs_read, refs), 80.0);
}

// The telegram reader alone, without the archive's metadata: how much of the
// record the text itself yields. The printed distribution records (about 550)
// carry no date-time group, so their id and date cannot come from the text.
TEST_F(CorpusTest, TelegramTextAloneReport) {
  std::size_t n = 0, id = 0, created = 0, level = 0, subject = 0, tags = 0;
  for (const auto& [key, c] : corpus_->html) {
    auto t = corpus_->telegram.find(key);
    ++n;
    if (t == corpus_->telegram.end()) continue;
    const Cable& r = t->second;
    if (r.id == c.id) ++id;
    if (r.created && c.created && r.created->substr(0, 13) == c.created->substr(0, 13)) ++created;
    auto lvl = [](const std::optional<std::string>& s) {
      return s ? s->substr(0, s->find("//")) : std::string("?");
    };
    if (lvl(r.classification) == lvl(c.classification)) ++level;
    if (r.subject) ++subject;
    if (!r.tags.empty()) ++tags;
  }
  std::printf(
      "[corpus] telegram text alone (%zu cables): id %.2f%%, created %.2f%%, level %.2f%%, "
      "subject %.2f%%, tags %.2f%%\n",
      n, pct(id, n), pct(created, n), pct(level, n), pct(subject, n), pct(tags, n));
  // Guards at the level reached (see the closing note of issue 2).
  EXPECT_GE(pct(id, n), 85.0);
  EXPECT_GE(pct(created, n), 88.0);
  EXPECT_GE(pct(level, n), 99.0);
  EXPECT_GE(pct(subject, n), 96.0);
  EXPECT_GE(pct(tags, n), 99.0);
}

}  // namespace
}  // namespace chancery
