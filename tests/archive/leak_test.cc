// The leak property test (Step 3): random readers (every clearance,
// nationality, group and the reading room, as of a random day) ask the
// archive of the dev corpus adversarial questions: words, prefixes and
// phrases that occur only in portions hidden from them, those words mixed
// with fields and visible words, facets and totals, references, exports and
// statistics. An oracle written here, from the parsed records and the rules
// of the issue (not from the library's decision code), says what each reader
// may see; anything returned that comes from a portion the reader may not
// see is a leak and fails the test with the reader, the query, the cable and
// the offending word.
//
// The archive is built once per process (ctest runs the LeakTest suite as
// one test). CHANCERY_LEAK_SEED replays a run; CHANCERY_LEAK_CASES sets the
// number of cases (default 10,000; the long mode is 1,000,000). Skipped,
// with a message, when ../shared/corpus is absent.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "archive_test_util.h"
#include "chancery/access.h"
#include "chancery/archive.h"
#include "index/query_parser.h"
#include "chancery/parse.h"
#include "chancery/search.h"

namespace chancery::archive {
namespace {

namespace fs = std::filesystem;
using access::Level;
using Kind = access::Portion::Kind;

// ---------------------------------------------------------------------------
// Words. The oracle's own splitting: ASCII letters and digits, lower case.
// `superset_words` adds the forms the index may make of the same text
// (initials "U.S.A." -> "usa", "iran's", "1,000", words joined across a
// zero-width or other non-ASCII character), so that the set of words a
// reader may see is never smaller than what the index holds of that text:
// a word is "hidden-only" only when no form of it is visible.

bool alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

template <typename Fn>
void plain_words(std::string_view text, Fn&& fn) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !alnum(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && alnum(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) fn(lower(text.substr(start, i - start)));
  }
}

template <typename Fn>
void superset_words(std::string_view text, Fn&& fn) {
  plain_words(text, fn);
  const auto joined = [](unsigned char c) {
    return alnum(c) || c >= 0x80 || c == '_' || c == '\'' || c == '&' || c == '.' || c == ',' ||
           c == ';';
  };
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !joined(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && joined(static_cast<unsigned char>(text[i]))) ++i;
    std::string run = lower(text.substr(start, i - start));
    while (!run.empty() && !alnum(static_cast<unsigned char>(run.back()))) run.pop_back();
    std::size_t lead = 0;
    while (lead < run.size() && !alnum(static_cast<unsigned char>(run[lead]))) ++lead;
    run.erase(0, lead);
    if (run.empty()) continue;
    bool only_alnum = true;
    for (char c : run) only_alnum = only_alnum && alnum(static_cast<unsigned char>(c));
    if (only_alnum) continue;  // plain_words had it
    fn(run);
    std::string squeezed, no_dots, apostrophe;
    for (std::size_t k = 0; k < run.size(); ++k) {
      const char c = run[k];
      if (alnum(static_cast<unsigned char>(c))) squeezed.push_back(c);
      if (c != '.') no_dots.push_back(c);
      // U+2019 (E2 80 99) reads as an apostrophe in the index.
      if (run.compare(k, 3, "\xE2\x80\x99") == 0) {
        apostrophe.push_back('\'');
        k += 2;
      } else {
        apostrophe.push_back(c);
      }
    }
    fn(squeezed);
    fn(no_dots);
    fn(apostrophe);
  }
}

bool letters_only(std::string_view w) {
  for (char c : w) {
    if (c < 'a' || c > 'z') return false;
  }
  return !w.empty();
}

const std::unordered_set<std::string>& stop_words() {
  static const std::unordered_set<std::string> words = {
      "about", "above", "after",  "again", "also",  "been",  "before", "being", "below",
      "both",  "could", "does",   "doing", "down",  "during", "each",  "from",  "further",
      "have",  "having", "here",  "into",  "more",  "most",  "once",   "only",  "other",
      "ours",  "over",  "same",   "should", "some", "such",  "than",   "that",  "their",
      "them",  "then",  "there",  "these", "they",  "this",  "those",  "through", "under",
      "until", "very",  "were",   "what",  "when",  "where", "which",  "while", "with",
      "would", "will",  "your",   "near",  "said",  "because"};
  return words;
}

// A word worth asking for: letters only, at least 4, not a stop word.
bool candidate(std::string_view w) {
  return w.size() >= 4 && w.size() <= 40 && letters_only(w) &&
         stop_words().count(std::string(w)) == 0;
}

std::string capitalised(std::string w) {
  if (!w.empty()) w[0] = static_cast<char>(w[0] - 'a' + 'A');
  return w;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  if (from.empty()) return s;
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

std::string upper_squeezed(std::string_view s) {
  std::string out;
  for (char c : trim(s)) {
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      continue;
    }
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

// ---------------------------------------------------------------------------
// The oracle's model of a cable: its portions, what each asks of a reader,
// and the words of each.
//
// Two readings of each portion: `cls` the strict one (the rules of the
// issue; where the release date the record gives differs from the one
// access_of() reads, the later of the two) and `lenient` (the earlier one;
// the same class for every cable that is not ambiguous). What the archive
// shows that even the lenient reading hides is a leak; what only the strict
// one hides is reported as "ambiguous" (a parser and the access model
// disagree on the DECL date), not failed.

struct OVis {
  Level level = Level::kUnclassified;
  std::vector<std::string> controls;  // sorted, unique
  std::vector<std::string> rel_to;    // sorted, unique
  std::string release;                // "" never lapses
  bool held = false;
  auto operator<=>(const OVis&) const = default;
  bool operator==(const OVis&) const = default;
};

using Ids = std::vector<std::uint32_t>;  // word ids, sorted, unique

struct OPortion {
  Kind kind = Kind::kText;
  std::size_t paragraph = 0;
  std::uint32_t cls = 0;      // strict reading (World::classes)
  std::uint32_t lenient = 0;  // lenient reading
  std::string text;
  Ids words;  // superset_words of text
};

struct OCable {
  std::string id, origin;
  Cable record;
  std::vector<OPortion> portions;  // subject (if any), paragraphs, text
  bool has_subject = false;
  std::uint32_t group = 0, group_lenient = 0;  // World::groups: the header block's visibility
  std::string header;                          // the header block's text
  Ids header_words, body_words;
  bool ambiguous = false;
  std::string release, library_release;  // the oracle's and access_of()'s
  std::vector<std::string> refs;         // cited ids, upper case
};

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

void sort_unique(Ids& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// "25X1", "50X1-HUM" on the E.O. / DECL lines.
bool exempt_from_declassification(std::string_view body) {
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    const std::string line = lower(body.substr(pos, end - pos));
    pos = end + 1;
    if (line.find("decl") == std::string::npos && line.find("e.o") == std::string::npos) continue;
    for (std::size_t i = 0; i + 3 < line.size(); ++i) {
      const bool code = (line[i] == '2' && line[i + 1] == '5') || (line[i] == '5' && line[i + 1] == '0');
      if (!code || line[i + 2] != 'x' || line[i + 3] < '0' || line[i + 3] > '9') continue;
      if (i > 0 && alnum(static_cast<unsigned char>(line[i - 1]))) continue;
      return true;
    }
  }
  return false;
}

bool iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// The captions that mean "official use only" (any signed-in reader).
bool official_caption(std::string_view c) {
  return c == "SENSITIVE" || c == "FOR OFFICIAL USE ONLY" || c == "SENSITIVE BUT UNCLASSIFIED" ||
         c == "EFTO" || c == "SBU" || c == "FOUO" || c == "LIMITED OFFICIAL USE";
}

// ---------------------------------------------------------------------------
// Readers and the oracle's decision.

struct OReader {
  access::Reader reader;
  std::string as_of;

  std::string describe() const {
    if (reader.anonymous) return "reading room as of " + as_of;
    std::string groups;
    for (const std::string& g : reader.groups) groups += (groups.empty() ? "" : ",") + g;
    return "reader{" + std::string(access::level_name(reader.clearance)) + ", nationality '" +
           reader.nationality + "', groups [" + groups + "]} as of " + as_of;
  }
  Viewer viewer() const { return Viewer{.reader = reader, .as_of = as_of}; }
};

// The nationalities and coalitions a nationality answers to in REL TO lists.
std::vector<std::string> answers_to(const std::string& nationality) {
  static const std::map<std::string, std::vector<std::string>> table = {
      {"GBR", {"GBR", "NATO", "FVEY", "ACGU"}},
      {"AUS", {"AUS", "FVEY", "ACGU"}},
      {"CAN", {"CAN", "NATO", "FVEY", "ACGU"}},
      {"DEU", {"DEU", "NATO", "EU MEMBER STATES"}},
      {"FRA", {"FRA", "NATO", "EU MEMBER STATES"}},
      {"CHN", {"CHN"}},
      {"PAK", {"PAK"}},
  };
  auto it = table.find(nationality);
  return it == table.end() ? std::vector<std::string>{} : it->second;
}

bool oracle_sees(const access::Policy& policy, const access::Reader& r, const std::string& as_of,
                 const OVis& v) {
  const bool lapsed = !v.release.empty() && v.release <= as_of && !v.held;
  if (v.level > r.clearance && !lapsed) return false;
  for (const std::string& control : v.controls) {
    const access::Policy::ControlRule rule = policy.rule_for(control);
    if (rule.rule == access::Policy::Rule::kOpen) continue;
    if (r.anonymous) return false;
    switch (rule.rule) {
      case access::Policy::Rule::kOpen:
      case access::Policy::Rule::kOfficial:
        break;
      case access::Policy::Rule::kUsOnly:
        if (r.nationality != "USA") return false;
        break;
      case access::Policy::Rule::kReleasable: {
        if (r.nationality == "USA") break;
        bool ok = false;
        for (const std::string& name : answers_to(r.nationality)) {
          ok = ok || std::find(v.rel_to.begin(), v.rel_to.end(), name) != v.rel_to.end();
        }
        if (!ok) return false;
        break;
      }
      case access::Policy::Rule::kGroup:
        if (std::find(r.groups.begin(), r.groups.end(), rule.group) == r.groups.end()) return false;
        break;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------
// The archive and the oracle, built once.

constexpr std::uint32_t kHeaderBit = 0x80000000U;

struct World {
  test_util::TempDir tmp{"leak"};
  std::optional<Archive> archive;
  access::Policy policy = access::Policy::defaults();
  std::vector<OCable> cables;
  std::map<std::pair<std::string, std::string>, std::size_t> by_key;
  std::map<std::string, std::vector<std::size_t>> by_id;
  std::map<std::string, std::vector<std::size_t>> cited_by;  // id -> citing cables
  std::vector<OVis> classes;
  std::vector<Ids> groups;  // the classes of a cable's portions
  std::unordered_map<std::string, std::uint32_t> vocab;
  std::vector<std::string> words;           // id -> word
  std::vector<std::string> stems;           // id -> its English stem, once computed
  std::vector<Ids> occurs;                  // word -> classes (| kHeaderBit: groups) it occurs in
  std::vector<Ids> subject_occurs;          // word -> classes of the subjects it occurs in
  // The index holds stems, not words (index_terms.h): a query word finds
  // every word of its stem, so "hidden" and "visible" are a stem's.
  std::unordered_map<std::string, Ids> by_stem;  // stem -> the words of that stem
  std::size_t ambiguous = 0, records = 0;
  bool subset = false;
  double build_seconds = 0, ingest_seconds = 0;
  std::string skipped;

  std::map<OVis, std::uint32_t> class_ids;
  std::map<Ids, std::uint32_t> group_ids;

  std::uint32_t word_id(const std::string& w) {
    auto [it, added] = vocab.try_emplace(w, static_cast<std::uint32_t>(words.size()));
    if (added) {
      words.push_back(w);
      stems.emplace_back();
      occurs.emplace_back();
      subject_occurs.emplace_back();
    }
    return it->second;
  }
  std::optional<std::uint32_t> find_word(const std::string& w) const {
    auto it = vocab.find(w);
    if (it == vocab.end()) return std::nullopt;
    return it->second;
  }
  const std::string& stem(std::uint32_t id) {
    static Xapian::Stem stemmer("english");
    if (stems[id].empty()) stems[id] = stemmer(words[id]);
    return stems[id];
  }
  // The words sharing `word`'s stem (none when no cable holds it).
  const Ids& same_stem(const std::string& word) const {
    static const Ids none;
    static Xapian::Stem stemmer("english");
    auto it = by_stem.find(stemmer(word));
    return it == by_stem.end() ? none : it->second;
  }
  std::uint32_t class_id(const OVis& v) {
    auto [it, added] = class_ids.try_emplace(v, static_cast<std::uint32_t>(classes.size()));
    if (added) classes.push_back(v);
    return it->second;
  }
  std::uint32_t group_id(Ids classes_of_cable) {
    sort_unique(classes_of_cable);
    auto [it, added] = group_ids.try_emplace(classes_of_cable, static_cast<std::uint32_t>(groups.size()));
    if (added) groups.push_back(classes_of_cable);
    return it->second;
  }
  Ids word_ids(std::string_view text) {
    Ids ids;
    superset_words(text, [&](const std::string& word) { ids.push_back(word_id(word)); });
    sort_unique(ids);
    return ids;
  }
};

// The oracle's portions of one cable (the rules of the issue).
void model_cable(World& w, OCable& c) {
  const Cable& r = c.record;
  // The overall marking; a cable without a readable one is TOP SECRET.
  access::Marking overall{Level::kTopSecret, {}, {}};
  if (r.classification) {
    if (Result<access::Marking> m = access::parse_marking(*r.classification)) overall = *m;
  }
  // Captions: NOFORN and REL are caveats of the overall marking (unmarked
  // portions inherit them); the others restrict every portion.
  std::vector<std::string> everywhere;
  for (const std::string& caption : r.handling) {
    const std::string h = upper_squeezed(caption);
    if (h == "NOFORN" || h == "NF") {
      overall.controls.emplace_back("NOFORN");
    } else if (h == "REL" || h.starts_with("REL ")) {
      if (Result<access::Marking> m = access::parse_marking("UNCLASSIFIED//" + h)) {
        overall.controls.insert(overall.controls.end(), m->controls.begin(), m->controls.end());
        overall.rel_to.insert(overall.rel_to.end(), m->rel_to.begin(), m->rel_to.end());
      } else {
        overall.controls.emplace_back("REL");  // releasable to nobody named
      }
    } else if (official_caption(h)) {
      everywhere.emplace_back("OFFICIAL");
    } else if (!h.empty()) {
      everywhere.push_back(h);
    }
  }
  sort_unique(overall.controls);
  sort_unique(overall.rel_to);

  struct Raw {
    Kind kind;
    std::size_t paragraph;
    std::optional<access::Marking> own;
    std::string text;
  };
  std::vector<Raw> raws;
  if (r.subject && !trim(*r.subject).empty()) {
    const std::string s = trim(*r.subject);
    std::optional<access::Marking> own;
    if (s.front() == '(') {
      if (const std::size_t close = s.find(')'); close != std::string::npos) {
        if (Result<access::Marking> m = access::parse_marking(s.substr(0, close + 1))) own = *m;
      }
    }
    raws.push_back({Kind::kSubject, 0, own, *r.subject});
    c.has_subject = true;
  }
  for (std::size_t i = 0; i < r.paragraphs.size(); ++i) {
    std::optional<access::Marking> own;
    if (r.paragraphs[i].marking) {
      if (Result<access::Marking> m = access::parse_marking(*r.paragraphs[i].marking)) own = *m;
    }
    raws.push_back({Kind::kParagraph, i, own, r.paragraphs[i].text});
  }
  {
    access::Portion text_portion;
    text_portion.kind = Kind::kText;
    std::string text = access::portion_text(r, text_portion);
    for (const std::string& s : r.signed_by) text += "\n" + s;
    raws.push_back({Kind::kText, 0, std::nullopt, std::move(text)});
  }

  // Declassification: the DECL date; 25X/50X never; else 31 December of the
  // 25th year after the cable.
  Level highest = Level::kUnclassified;
  for (const Raw& p : raws) highest = std::max(highest, p.own ? p.own->level : overall.level);
  std::string release;
  if (highest != Level::kUnclassified && !exempt_from_declassification(r.body)) {
    if (r.declassify_on && iso_date(*r.declassify_on)) {
      release = *r.declassify_on;
    } else if (r.created && r.created->size() >= 4) {
      const int year = std::atoi(r.created->substr(0, 4).c_str());
      if (year > 0) release = std::to_string(year + 25) + "-12-31";
    }
  }
  c.release = release;
  std::string lenient = release;
  if (highest != Level::kUnclassified) {
    c.library_release = access::access_of(r).declassification.release;
    if (c.library_release != release) {
      c.ambiguous = true;
      // Strict: the later (never is latest); lenient: the earlier.
      if (release.empty() || c.library_release.empty()) {
        lenient = release.empty() ? c.library_release : release;
        release.clear();
      } else {
        lenient = std::min(release, c.library_release);
        release = std::max(release, c.library_release);
      }
    }
  }
  const bool held = w.policy.held(c.id);

  Ids strict_group, lenient_group;
  for (Raw& p : raws) {
    OVis v;
    const access::Marking& m = p.own ? *p.own : overall;
    v.level = m.level;
    v.controls = m.controls;
    v.controls.insert(v.controls.end(), everywhere.begin(), everywhere.end());
    sort_unique(v.controls);
    v.rel_to = m.rel_to;
    sort_unique(v.rel_to);
    v.release = release;
    v.held = held;
    OPortion portion{.kind = p.kind, .paragraph = p.paragraph, .cls = w.class_id(v), .lenient = 0,
                     .text = std::move(p.text), .words = {}};
    v.release = lenient;
    portion.lenient = w.class_id(v);
    portion.words = w.word_ids(portion.text);
    strict_group.push_back(portion.cls);
    lenient_group.push_back(portion.lenient);
    c.portions.push_back(std::move(portion));
  }
  c.group = w.group_id(strict_group);
  c.group_lenient = w.group_id(lenient_group);

  // The header block: what a reader who may see any portion sees.
  std::string& h = c.header;
  const auto add = [&h](std::string_view s) {
    h += s;
    h += '\n';
  };
  add(c.id);
  add(c.origin);
  add(r.created.value_or(""));
  add(r.released.value_or(""));
  add(r.classification.value_or(""));
  for (const std::string& s : r.handling) add(s);
  add(r.transmission_id.value_or(""));
  add(r.precedence.value_or(""));
  add(r.from.value_or(""));
  for (const auto* list : {&r.to, &r.info}) {
    for (const Recipient& rc : *list) {
      add(rc.route.value_or(""));
      add(rc.name);
      add(rc.precedence.value_or(""));
      add(rc.mcn.value_or(""));
      for (const std::string& x : rc.excluded) add(x);
    }
  }
  for (const std::string& t : r.tags) add(t);
  for (const Reference& ref : r.references) {
    add(ref.bullet.value_or(""));
    add(ref.id.value_or(""));
    add(ref.text);
    if (ref.id) c.refs.push_back(upper_squeezed(*ref.id));
  }
  add(r.classified_by.value_or(""));
  for (const std::string& s : r.reasons) add(s);
  add(r.declassify_on.value_or(""));
  for (const Paragraph& p : r.paragraphs) {
    add(p.number);
    add(p.marking.value_or(""));
  }
  sort_unique(c.refs);
  c.header_words = w.word_ids(c.header);
  // The body is shown whole only to a reader who sees every portion; the
  // index holds the portions' text, not the body.
  c.body_words = w.word_ids(r.body);

  // Where each word occurs, in both readings.
  const auto note = [](Ids& list, std::uint32_t where) {
    if (list.empty() || list.back() != where) list.push_back(where);
  };
  for (const OPortion& p : c.portions) {
    for (std::uint32_t id : p.words) {
      note(w.occurs[id], p.cls);
      note(w.occurs[id], p.lenient);
      if (p.kind == Kind::kSubject) {
        note(w.subject_occurs[id], p.cls);
        note(w.subject_occurs[id], p.lenient);
      }
    }
  }
  for (std::uint32_t id : c.header_words) {
    note(w.occurs[id], kHeaderBit | c.group);
    note(w.occurs[id], kHeaderBit | c.group_lenient);
  }
}

std::string corpus_csv() { return (fs::path(CHANCERY_SHARED_DIR) / "corpus" / "cables-dev.csv.zst").string(); }
std::string seed_path() { return (fs::path(CHANCERY_SHARED_DIR) / "corpus" / "07TELAVIV557.txt").string(); }

std::uint32_t fnv(std::string_view s) {
  std::uint32_t h = 2166136261U;
  for (char ch : s) h = (h ^ static_cast<unsigned char>(ch)) * 16777619U;
  return h;
}

// Holds on declassification: one cable in 25, by a hash of its id (another
// than the sanitized run's sample).
bool hold(std::string_view id) { return fnv(std::string(id) + "#hold") % 25 == 0; }

World* build_world() {
  auto* w = new World;
  const auto start = std::chrono::steady_clock::now();
  if (!fs::exists(corpus_csv()) || !fs::exists(seed_path())) {
    w->skipped = "the corpus is not at " + corpus_csv() + " (and the seed beside it)";
    return w;
  }
  if (!w->tmp.ok()) {
    w->skipped = "no temporary directory";
    return w;
  }
  // Under a sanitizer, a fifth of the cables (by a hash of the id) and the seed.
  w->subset = test_util::sanitized();
  std::string kept;
  std::vector<std::pair<std::string, std::string>> keys;
  for (const std::string& path : {corpus_csv(), seed_path()}) {
    Result<std::unique_ptr<ByteSource>> source = open_file(path);
    if (!source) {
      ADD_FAILURE() << source.error().to_string();
      return w;
    }
    parse::RecordSplitter splitter(decompressing(std::move(source).value()), parse::Format::kAuto,
                                   parse::ReadOptions{.source = path});
    const bool csv = path == corpus_csv();
    while (std::optional<Result<parse::RawRecord>> raw = splitter.next()) {
      if (!*raw) continue;
      Result<Cable> cable = parse::read_record(**raw, parse::ReadOptions{.source = path});
      if (!cable || !cable->id || cable->id->empty()) continue;
      if (w->subset && csv && fnv(*cable->id) % 5 != 0) continue;
      if (w->subset && csv) {
        kept += (*raw)->bytes;
        kept += '\n';
      }
      ++w->records;
      keys.emplace_back(*cable->id, cable->origin.value_or(""));
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());

  Result<Archive> created = Archive::create(w->tmp.path() / "archive");
  if (!created) {
    ADD_FAILURE() << created.error().to_string();
    return w;
  }
  w->archive.emplace(std::move(created).value());
  std::vector<IngestInput> inputs;
  if (w->subset) {
    test_util::write_file(w->tmp.path() / "cables-subset.csv", kept);
    inputs.push_back(test_util::file_input(w->tmp.path() / "cables-subset.csv"));
  } else {
    inputs.push_back(test_util::file_input(corpus_csv()));
  }
  inputs.push_back(test_util::file_input(seed_path()));
  Result<IngestReport> report = w->archive->ingest(inputs, IngestOptions{});
  if (!report) {
    ADD_FAILURE() << report.error().to_string();
    w->archive.reset();
    return w;
  }
  w->ingest_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Holds, so that the filter's held branch is exercised.
  for (const auto& [id, origin] : keys) {
    if (hold(id)) w->policy.holds[id] = "leak test";
  }
  if (Result<void> set = w->archive->set_policy(w->policy); !set) {
    ADD_FAILURE() << set.error().to_string();
    w->archive.reset();
    return w;
  }

  // The current record of each cable, as the custodian reads it.
  std::string ambiguous;
  for (const auto& [id, origin] : keys) {
    Result<StoredCable> stored = w->archive->get(id, origin);
    if (!stored) {
      ADD_FAILURE() << "custodian get " << id << " " << origin << ": " << stored.error().to_string();
      continue;
    }
    OCable c;
    c.id = id;
    c.origin = origin;
    c.record = std::move(stored->record);
    model_cable(*w, c);
    if (c.ambiguous) {
      ++w->ambiguous;
      ambiguous += "\n  " + c.id + ": the record says " + c.record.declassify_on.value_or("(no DECL date)") +
                   " -> " + (c.release.empty() ? "never" : c.release) + ", access_of() reads " +
                   (c.library_release.empty() ? "never" : c.library_release);
    }
    const std::size_t index = w->cables.size();
    w->by_key[{id, origin}] = index;
    w->by_id[id].push_back(index);
    for (const std::string& ref : c.refs) w->cited_by[ref].push_back(index);
    w->cables.push_back(std::move(c));
  }
  for (Ids& list : w->occurs) sort_unique(list);
  for (Ids& list : w->subject_occurs) sort_unique(list);
  for (std::uint32_t id = 0; id < w->words.size(); ++id) w->by_stem[w->stem(id)].push_back(id);
  w->build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("leak test: archive of %zu cables%s, %zu visibility classes, %zu header groups, %zu words, "
              "%zu cables held; built in %.1f s (ingest %.1f s)\n",
              w->cables.size(), w->subset ? " (a fifth of the corpus, sanitized run)" : "", w->classes.size(),
              w->groups.size(), w->vocab.size(), w->policy.holds.size(), w->build_seconds, w->ingest_seconds);
  std::printf("leak test: %zu cable(s) with an ambiguous release date (strict: the later; lenient: the earlier)%s\n",
              w->ambiguous, ambiguous.c_str());
  std::fflush(stdout);
  return w;
}

// ---------------------------------------------------------------------------
// One reader's view, from the oracle.

// What a reader may see of one cable (in the lenient reading: the words a
// hit may be justified by).
struct VisibleText {
  Ids words;
  bool all = false;             // every portion (lenient)
  bool subject = false;         // its subject, strict
  bool subject_maybe = false;   // ... lenient
  std::string lowered;          // the text, lower case (built when needed)

  bool has(std::uint32_t id) const { return std::binary_search(words.begin(), words.end(), id); }
};

class Session {
 public:
  Session(World& w, std::uint64_t seed) : w_(w), rng_(seed) {}

  World& world() { return w_; }

  std::uint64_t leaks = 0, checks = 0, discrepancies = 0, ambiguities = 0;

  void leak(const std::string& what) {
    ++leaks;
    if (leaks <= 40) ADD_FAILURE() << "LEAK: " << what;
  }
  void discrepancy(const std::string& what) {
    ++discrepancies;
    if (discrepancies <= 20) std::printf("leak test: note (stricter than the oracle): %s\n", what.c_str());
  }
  // Shown, and hidden only by the strict reading of an ambiguous cable.
  void ambiguity(const std::string& what) {
    ++ambiguities;
    if (ambiguities <= 5) std::printf("leak test: note (ambiguous release date): %s\n", what.c_str());
  }
  // The archive shows something the oracle hides strictly (`strict` false)
  // or in both readings (`maybe` false).
  void shown(bool strict, bool maybe, const std::string& what) {
    if (!maybe) {
      leak(what);
    } else if (!strict) {
      ambiguity(what);
    }
  }
  void failure(const std::string& what) {
    ++failures_;
    if (failures_ <= 40) ADD_FAILURE() << what;
  }
  std::uint64_t failures() const { return failures_; }

  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

  // A random reader as of a random day in 2000..2045.
  void new_reader(std::size_t n) {
    OReader r;
    if (chance(0.12)) {
      r.reader = access::Reader::reading_room();
    } else {
      static const char* const kNationalities[] = {"USA", "GBR", "AUS", "CAN", "DEU",
                                                   "FRA", "CHN", "PAK", ""};
      static const char* const kGroups[] = {"exdis", "nodis", "limdis", "visas viper"};
      r.reader.name = "leak-reader-" + std::to_string(n);
      r.reader.clearance = static_cast<Level>(pick(4));
      r.reader.nationality = kNationalities[pick(9)];
      for (const char* g : kGroups) {
        if (chance(0.35)) r.reader.groups.emplace_back(g);
      }
    }
    using namespace std::chrono;
    const sys_days from = sys_days{year{2000} / January / 1};
    const sys_days to = sys_days{year{2045} / December / 31};
    const sys_days day = from + days{static_cast<int>(pick(static_cast<std::size_t>((to - from).count()) + 1))};
    const year_month_day ymd{day};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    r.as_of = buf;
    set_reader(std::move(r));
  }

  void set_reader(OReader r) {
    reader_ = std::move(r);
    cls_.assign(w_.classes.size(), 0);
    for (std::size_t i = 0; i < w_.classes.size(); ++i) {
      cls_[i] = oracle_sees(w_.policy, reader_.reader, reader_.as_of, w_.classes[i]) ? 1 : 0;
    }
    group_.assign(w_.groups.size(), 0);
    for (std::size_t g = 0; g < w_.groups.size(); ++g) {
      for (std::uint32_t cls : w_.groups[g]) group_[g] |= cls_[cls];
    }
    visible_.clear();
    seen_.clear();
    maybe_.clear();
    partial_.clear();
    invisible_.clear();
    hidden_subject_.clear();
    for (std::size_t i = 0; i < w_.cables.size(); ++i) {
      const OCable& c = w_.cables[i];
      if (cable_maybe(c)) maybe_.push_back(i);
      if (!cable_maybe(c)) {
        invisible_.push_back(i);
        continue;
      }
      if (!cable_visible(c)) continue;
      seen_.push_back(i);
      bool hidden = false;
      for (const OPortion& p : c.portions) {
        if (!portion_maybe(p)) {
          hidden = true;
          if (p.kind == Kind::kSubject) hidden_subject_.push_back(i);
        }
      }
      if (hidden) partial_.push_back(i);
    }
  }

  const OReader& reader() const { return reader_; }
  // Strict: the oracle shows it; maybe: some reading shows it.
  bool cable_visible(const OCable& c) const { return group_[c.group] != 0; }
  bool cable_maybe(const OCable& c) const { return group_[c.group_lenient] != 0; }
  bool portion_visible(const OPortion& p) const { return cls_[p.cls] != 0; }
  bool portion_maybe(const OPortion& p) const { return cls_[p.lenient] != 0; }

  bool word_visible_anywhere(std::uint32_t id) const {
    for (std::uint32_t where : w_.occurs[id]) {
      if ((where & kHeaderBit) != 0 ? group_[where & ~kHeaderBit] : cls_[where]) return true;
    }
    return false;
  }
  bool hidden_only(const std::string& word) const {
    const Ids& ids = w_.same_stem(word);
    if (ids.empty()) return false;
    for (std::uint32_t id : ids) {
      if (word_visible_anywhere(id)) return false;
    }
    return true;
  }
  bool subject_hidden_only(const std::string& word) const {
    const std::optional<std::uint32_t> id = w_.find_word(word);
    if (!id || w_.subject_occurs[*id].empty()) return false;
    for (std::uint32_t other : w_.same_stem(word)) {
      for (std::uint32_t cls : w_.subject_occurs[other]) {
        if (cls_[cls]) return false;
      }
    }
    return true;
  }

  // What the reader may see of a cable, cached for the current reader.
  VisibleText& visible_text(std::size_t index) {
    auto it = visible_.find(index);
    if (it != visible_.end()) return it->second;
    const OCable& c = w_.cables[index];
    VisibleText v;
    v.all = true;
    std::size_t size = c.header_words.size();
    for (const OPortion& p : c.portions) {
      v.all = v.all && portion_maybe(p);
      if (p.kind == Kind::kSubject) {
        v.subject = portion_visible(p);
        v.subject_maybe = portion_maybe(p);
      }
      if (portion_maybe(p)) size += p.words.size();
    }
    v.words.reserve(size + (v.all ? c.body_words.size() : 0));
    v.words = c.header_words;
    for (const OPortion& p : c.portions) {
      if (portion_maybe(p)) v.words.insert(v.words.end(), p.words.begin(), p.words.end());
    }
    if (v.all) v.words.insert(v.words.end(), c.body_words.begin(), c.body_words.end());
    sort_unique(v.words);
    return visible_.emplace(index, std::move(v)).first->second;
  }
  const std::string& lowered(std::size_t index) {
    VisibleText& v = visible_text(index);
    if (!v.lowered.empty()) return v.lowered;
    const OCable& c = w_.cables[index];
    std::string text = c.header;
    if (v.all) text += c.record.body + "\n";
    for (const OPortion& p : c.portions) {
      if (portion_maybe(p)) text += p.text + "\n";
    }
    v.lowered = lower(text);
    return v.lowered;
  }
  bool visible_word(std::size_t index, const std::string& word) {
    const std::optional<std::uint32_t> id = w_.find_word(word);
    return id && visible_text(index).has(*id);
  }
  // A word of `word`'s stem is visible in the cable: what a search for the
  // word finds.
  bool visible_stem(std::size_t index, const std::string& word) {
    VisibleText& v = visible_text(index);
    for (std::uint32_t id : w_.same_stem(word)) {
      if (v.has(id)) return true;
    }
    return false;
  }

  // A cable to draw hidden words from: seen in part, or not at all.
  const std::vector<std::size_t>* hidden_source() {
    if (!partial_.empty() && (invisible_.empty() || chance(0.7))) return &partial_;
    return invisible_.empty() ? nullptr : &invisible_;
  }

  // A word of a hidden portion that the reader sees nowhere in the archive.
  std::optional<std::pair<std::string, std::size_t>> hidden_word() {
    for (int attempt = 0; attempt < 60; ++attempt) {
      const std::vector<std::size_t>* from = hidden_source();
      if (from == nullptr) return std::nullopt;
      const std::size_t index = (*from)[pick(from->size())];
      const OCable& c = w_.cables[index];
      std::vector<const OPortion*> hidden;
      for (const OPortion& p : c.portions) {
        if (!portion_maybe(p) && !p.text.empty()) hidden.push_back(&p);
      }
      if (hidden.empty()) continue;
      std::vector<std::string> words;
      plain_words(hidden[pick(hidden.size())]->text, [&](const std::string& word) {
        if (candidate(word)) words.push_back(word);
      });
      if (words.empty()) continue;
      for (int k = 0; k < 8; ++k) {
        const std::string& word = words[pick(words.size())];
        if (hidden_only(word)) return std::make_pair(word, index);
      }
    }
    return std::nullopt;
  }

  // Two consecutive words of a hidden portion, the first (and if possible
  // both) hidden-only: "\"w1 w2\"".
  std::optional<std::pair<std::string, std::size_t>> hidden_phrase() {
    std::optional<std::pair<std::string, std::size_t>> fallback;
    for (int attempt = 0; attempt < 30; ++attempt) {
      const std::vector<std::size_t>* from = hidden_source();
      if (from == nullptr) return std::nullopt;
      const std::size_t index = (*from)[pick(from->size())];
      for (const OPortion& p : w_.cables[index].portions) {
        if (portion_maybe(p)) continue;
        std::vector<std::string> words;
        plain_words(p.text, [&](const std::string& word) { words.push_back(word); });
        const std::size_t begin = words.empty() ? 0 : pick(words.size());
        for (std::size_t k = 0; k + 1 < words.size(); ++k) {
          const std::size_t i = (begin + k) % (words.size() - 1);
          if (!candidate(words[i]) || !letters_only(words[i + 1]) || !hidden_only(words[i])) continue;
          const std::string phrase = "\"" + words[i] + " " + words[i + 1] + "\"";
          if (candidate(words[i + 1]) && hidden_only(words[i + 1])) return std::make_pair(phrase, index);
          if (!fallback) fallback = std::make_pair(phrase, index);
        }
      }
      if (fallback && attempt > 8) return fallback;
    }
    return fallback;
  }

  // A word of a subject hidden from the reader that no subject it sees holds.
  std::optional<std::pair<std::string, std::size_t>> hidden_subject_word() {
    if (hidden_subject_.empty()) return std::nullopt;
    for (int attempt = 0; attempt < 30; ++attempt) {
      const std::size_t index = hidden_subject_[pick(hidden_subject_.size())];
      std::vector<std::string> words;
      plain_words(w_.cables[index].record.subject.value_or(""), [&](const std::string& word) {
        if (candidate(word) && subject_hidden_only(word)) words.push_back(word);
      });
      if (!words.empty()) return std::make_pair(words[pick(words.size())], index);
    }
    return std::nullopt;
  }

  // A word of a portion the reader sees.
  std::optional<std::string> shown_word() {
    for (int attempt = 0; attempt < 30 && !seen_.empty(); ++attempt) {
      const OCable& c = w_.cables[seen_[pick(seen_.size())]];
      std::vector<const OPortion*> shown;
      for (const OPortion& p : c.portions) {
        if (portion_visible(p) && !p.text.empty()) shown.push_back(&p);
      }
      if (shown.empty()) continue;
      std::vector<std::string> words;
      plain_words(shown[pick(shown.size())]->text, [&](const std::string& word) {
        if (candidate(word)) words.push_back(word);
      });
      if (!words.empty()) return words[pick(words.size())];
    }
    return std::nullopt;
  }

  const std::vector<std::size_t>& seen() const { return seen_; }
  const std::vector<std::size_t>& maybe() const { return maybe_; }
  const std::vector<std::size_t>& partial() const { return partial_; }
  const std::vector<std::size_t>& invisible() const { return invisible_; }

 private:
  World& w_;
  std::mt19937_64 rng_;
  OReader reader_;
  std::vector<char> cls_, group_;
  std::unordered_map<std::size_t, VisibleText> visible_;
  // seen_: visible (strict); maybe_: visible in some reading; partial_: seen
  // with a portion hidden in both readings; invisible_: hidden in both.
  std::vector<std::size_t> seen_, maybe_, partial_, invisible_, hidden_subject_;
  std::uint64_t failures_ = 0;
};

// ---------------------------------------------------------------------------
// The checks.

std::string where(const Session& s, std::string_view query) {
  return s.reader().describe() + ", query '" + std::string(query) + "'";
}

std::optional<std::size_t> find_cable(World& w, const std::string& id, const std::string& origin) {
  auto it = w.by_key.find({id, origin});
  if (it == w.by_key.end()) return std::nullopt;
  return it->second;
}

// Why a hit may match: nullopt when it may, else what is wrong.
using Justify = std::function<std::optional<std::string>(std::size_t cable, VisibleText&)>;

std::string unescape_snippet(std::string snippet) {
  snippet = replace_all(snippet, "[[", "");
  snippet = replace_all(snippet, "]]", "");
  // Snippets are HTML-escaped.
  for (const auto& [entity, ch] : {std::pair<std::string_view, std::string_view>{"&lt;", "<"},
                                   {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"},
                                   {"&amp;", "&"}}) {
    snippet = replace_all(snippet, entity, ch);
  }
  return snippet;
}

// What every hit must satisfy: a cable the reader sees, its subject only when
// the reader may see it, no score, a snippet of visible words; `justify`
// says why this cable may match.
void check_hits(Session& s, std::string_view query, const SearchResult& result, const Justify& justify) {
  World& w = s.world();
  for (const SearchHit& hit : result.hits) {
    ++s.checks;
    const std::optional<std::size_t> index = find_cable(w, hit.id, hit.origin);
    if (!index) {
      s.failure(where(s, query) + ": a hit for a cable the corpus does not hold: " + hit.id + " " + hit.origin);
      continue;
    }
    const OCable& c = w.cables[*index];
    if (!s.cable_visible(c)) {
      s.shown(false, s.cable_maybe(c), where(s, query) + ": cable " + hit.id + " (" + hit.origin +
                                           ") is found, but the reader may see no portion of it");
      if (!s.cable_maybe(c)) continue;
    }
    VisibleText& v = s.visible_text(*index);
    if (c.has_subject) {
      if (!hit.subject_withheld || !hit.subject.empty()) {
        s.shown(v.subject, v.subject_maybe, where(s, query) + ": cable " + hit.id + " shows its subject '" +
                                                hit.subject + "', which is hidden from the reader");
      }
      if (v.subject && hit.subject_withheld) {
        s.discrepancy(where(s, query) + ": cable " + hit.id + " withholds a subject the oracle shows");
      }
    } else if (hit.subject_withheld) {
      s.failure(where(s, query) + ": cable " + hit.id + " has no subject but one is withheld");
    }
    if (hit.score != 0) {
      s.leak(where(s, query) + ": cable " + hit.id + " has a BM25 score " + std::to_string(hit.score) +
             " for a filtered reader (statistics of hidden text)");
    }
    // Every word of the snippet is a visible word of the cable; the first
    // and last of each piece ("…" apart) may be cut from one.
    const std::string snippet = unescape_snippet(hit.snippet);
    std::size_t from = 0;
    while (from <= snippet.size()) {
      std::size_t cut = snippet.find("\xE2\x80\xA6", from);
      if (cut == std::string::npos) cut = snippet.size();
      std::vector<std::string> words;
      plain_words(std::string_view(snippet).substr(from, cut - from),
                  [&](const std::string& word) { words.push_back(word); });
      for (std::size_t k = 0; k < words.size(); ++k) {
        if (s.visible_word(*index, words[k])) continue;
        const bool edge = k == 0 || k + 1 == words.size();
        if (edge && s.lowered(*index).find(words[k]) != std::string::npos) continue;
        s.leak(where(s, query) + ": the snippet of " + hit.id + " holds '" + words[k] +
               "', which is in no portion the reader may see; snippet: " + hit.snippet);
      }
      from = cut + 3;
    }
    if (justify) {
      if (std::optional<std::string> why = justify(*index, v)) {
        s.leak(where(s, query) + ": cable " + hit.id + " matches, but " + *why);
      }
    }
  }
}

SearchRequest request(std::string query, Session& s, bool counted) {
  SearchRequest r;
  r.query = std::move(query);
  r.limit = 20;
  r.highlight_open = "[[";
  r.highlight_close = "]]";
  r.sort = static_cast<SortOrder>(s.pick(3));
  if (counted) {
    r.exact_total = true;
    r.facets = {"tag", "origin", "year", "class", "month"};
    r.facet_limit = 0;
  }
  return r;
}

std::optional<SearchResult> run(Session& s, const SearchRequest& r) {
  Result<SearchResult> result = s.world().archive->search(r, s.reader().viewer());
  if (!result) {
    s.failure(where(s, r.query) + ": search failed: " + result.error().to_string());
    return std::nullopt;
  }
  return std::move(result).value();
}

// A query that must find nothing: no hit, a total of 0, empty facets.
void expect_nothing(Session& s, const std::string& query, std::string_view why) {
  const SearchRequest r = request(query, s, true);
  std::optional<SearchResult> result = run(s, r);
  if (!result) return;
  ++s.checks;
  check_hits(s, query, *result, {});
  if (!result->hits.empty() || result->total != 0) {
    std::string found;
    for (const SearchHit& h : result->hits) found += " " + h.id;
    s.leak(where(s, query) + ": " + std::string(why) + ", yet the search finds " +
           std::to_string(result->total) + " cable(s):" + found);
  }
  for (const Facet& f : result->facets) {
    ++s.checks;
    if (!f.values.empty()) {
      s.leak(where(s, query) + ": " + std::string(why) + ", yet facet '" + f.name + "' counts '" +
             f.values.front().first + "': " + std::to_string(f.values.front().second));
    }
  }
}

// Counts by value, as facets and statistics count.
using Counts = std::map<std::string, std::uint64_t>;
using Counted = std::vector<std::pair<std::string, std::uint64_t>>;

// Compares what the archive counts with the oracle's strict and lenient
// counts: more than the lenient is a leak, less than the strict a
// discrepancy, in between an ambiguity.
void compare_counts(Session& s, const std::string& what, const Counts& strict, const Counts& lenient,
                    const Counted& got_list) {
  ++s.checks;
  const Counts got(got_list.begin(), got_list.end());
  std::set<std::string> keys;
  for (const Counts* m : {&strict, &lenient, &got}) {
    for (const auto& [k, n] : *m) keys.insert(k);
  }
  const auto at = [](const Counts& m, const std::string& k) -> std::uint64_t {
    auto it = m.find(k);
    return it == m.end() ? 0 : it->second;
  };
  for (const std::string& k : keys) {
    const std::uint64_t g = at(got, k), lo = at(strict, k), hi = at(lenient, k);
    if (g == lo) continue;
    const std::string line = what + " '" + k + "': " + std::to_string(g) + ", the oracle counts " +
                             std::to_string(lo) + (hi != lo ? " (" + std::to_string(hi) + " lenient)" : "");
    if (g > hi) {
      s.leak(line);
    } else if (g < lo) {
      s.discrepancy(line);
    } else {
      s.ambiguity(line);
    }
    return;  // one line per list
  }
}

std::string describe(const OVis& v) {
  std::string out(access::level_name(v.level));
  for (const std::string& c : v.controls) out += "/" + c;
  if (!v.rel_to.empty()) {
    out += " TO";
    for (const std::string& r : v.rel_to) out += " " + r;
  }
  out += ", release " + (v.release.empty() ? std::string("never") : v.release);
  if (v.held) out += ", held";
  return out;
}

// Why the oracle and the library differ on a cable: each portion's rules and
// decisions, the oracle's and the library's (access_of, may_see).
std::string explain(Session& s, std::size_t index) {
  World& w = s.world();
  const OCable& c = w.cables[index];
  const access::CableAccess library = access::access_of(c.record);
  std::string out = c.id + " (" + c.origin + "), classification '" + c.record.classification.value_or("(null)") +
                    "', handling [";
  for (const std::string& h : c.record.handling) out += h + ";";
  out += "], declassify_on " + c.record.declassify_on.value_or("(null)") + ", created " +
         c.record.created.value_or("(null)") + (c.ambiguous ? ", ambiguous" : "") + ":";
  for (std::size_t i = 0; i < c.portions.size() && i < 24; ++i) {
    const OPortion& p = c.portions[i];
    out += "\n    ";
    out += p.kind == Kind::kSubject ? "subject"
           : p.kind == Kind::kText  ? "text"
                                    : "para " + c.record.paragraphs[p.paragraph].number;
    if (p.kind == Kind::kParagraph) out += " (" + c.record.paragraphs[p.paragraph].marking.value_or("unmarked") + ")";
    out += ": oracle " + describe(w.classes[p.cls]) + " -> " + (s.portion_visible(p) ? "visible" : "hidden");
    if (i < library.portions.size()) {
      const access::Visibility& v = library.portions[i].visibility;
      const OVis lv{v.level, v.controls, v.rel_to, v.release, w.policy.held(c.id)};
      out += "; library " + describe(lv) + " -> " +
             (access::may_see(s.reader().reader, w.policy, v, s.reader().as_of, w.policy.held(c.id)) ? "visible"
                                                                                                     : "hidden");
    }
  }
  return out;
}

// The cables the archive finds for the reader that the oracle hides.
std::string extra_cables(Session& s) {
  World& w = s.world();
  SearchRequest r;
  r.query = "*";
  r.limit = 10000;
  r.snippets = false;
  Result<SearchResult> all = w.archive->search(r, s.reader().viewer());
  if (!all) return "(search * failed: " + all.error().to_string() + ")";
  std::string out;
  int shown = 0;
  for (const SearchHit& hit : all->hits) {
    const std::optional<std::size_t> index = find_cable(w, hit.id, hit.origin);
    if (index && s.cable_maybe(w.cables[*index])) continue;
    if (++shown > 3) break;
    out += "\n  found, hidden by the oracle: " + (index ? explain(s, *index) : hit.id + " (unknown)");
  }
  return out;
}

// ---- the kinds of case

// (a) a hidden-only word, as written (no other forms), with every facet:
// nothing; and in lower case (other forms too): each hit has a visible word
// of the same stem.
bool case_hidden_word(Session& s) {
  auto picked = s.hidden_word();
  if (!picked) return false;
  // Named copies, not structured bindings: clang 14 lets no lambda capture those.
  const std::string word = picked->first;
  const auto cable = picked->second;
  expect_nothing(s, capitalised(word),
                 "'" + word + "' occurs only in portions hidden from the reader (e.g. in " +
                     s.world().cables[cable].id + ")");
  const SearchRequest r = request(word, s, false);
  std::optional<SearchResult> result = run(s, r);
  if (!result) return true;
  World& w = s.world();
  static Xapian::Stem stemmer("english");
  const std::string stem = stemmer(word);
  check_hits(s, r.query, *result, [&](std::size_t, VisibleText& v) -> std::optional<std::string> {
    for (std::uint32_t id : v.words) {
      const std::string& x = w.words[id];
      if (!x.empty() && x[0] >= 'a' && x[0] <= 'z' && w.stem(id) == stem) return std::nullopt;
    }
    return "no visible word of the cable has the stem '" + stem + "' of '" + word + "'";
  });
  return true;
}

// (b) a prefix of a hidden-only word: each hit has a visible word so starting.
bool case_wildcard(Session& s) {
  auto picked = s.hidden_word();
  if (!picked) return false;
  const std::string& word = picked->first;
  const std::size_t length = 3 + s.pick(word.size() - 2);  // 3 .. size
  const std::string prefix = word.substr(0, length);
  const std::string query = prefix + "*";
  const SearchRequest r = request(query, s, s.chance(0.3));
  std::optional<SearchResult> result = run(s, r);
  if (!result) return true;
  World& w = s.world();
  // The wildcard expands over stems ("happi*" finds "happy"), and takes the
  // stems of the prefix's own forms ("election*" finds "elect").
  const std::vector<std::string> widened = index::stems_of_prefix(prefix);
  const auto widened_from = [&](const std::string& stem) {
    return std::find(widened.begin(), widened.end(), stem) != widened.end();
  };
  check_hits(s, query, *result, [&](std::size_t, VisibleText& v) -> std::optional<std::string> {
    for (std::uint32_t id : v.words) {
      const std::string& stem = w.stem(id);
      if (w.words[id].starts_with(prefix) || stem.starts_with(prefix) || widened_from(stem)) return std::nullopt;
    }
    return "no visible word of the cable starts with '" + prefix + "' (hidden: '" + word + "')";
  });
  return true;
}

// (c) a phrase of hidden-only words: nothing.
bool case_phrase(Session& s) {
  auto picked = s.hidden_phrase();
  if (!picked) return false;
  expect_nothing(s, picked->first,
                 "the phrase occurs only in a portion hidden from the reader (" +
                     s.world().cables[picked->second].id + ")");
  return true;
}

// (d) a hidden-only word with fields (nothing) or with a visible word (the
// hidden word may neither add a cable nor remove one).
bool case_combined(Session& s) {
  auto picked = s.hidden_word();
  if (!picked) return false;
  const std::string hidden = capitalised(picked->first);
  const OCable& c = s.world().cables[picked->second];
  const std::string why = "'" + picked->first + "' occurs only in portions hidden from the reader";
  switch (s.pick(4)) {
    case 0: {
      // Tags as a word ("PREL"; not "OVIP (STEINBERG, JAMES)", which is no query).
      std::vector<std::string> tags;
      for (const std::string& t : c.record.tags) {
        if (!t.empty() && std::all_of(t.begin(), t.end(), [](char ch) { return alnum(static_cast<unsigned char>(ch)); }))
          tags.push_back(t);
      }
      if (tags.empty()) return false;
      expect_nothing(s, "tag:" + tags[s.pick(tags.size())] + " " + hidden, why);
      break;
    }
    case 1: {
      std::string fields;
      if (c.record.created && c.record.created->size() >= 4) fields += "year:" + c.record.created->substr(0, 4) + " ";
      if (s.chance(0.5)) fields += "id:" + c.id + " ";
      if (c.record.classification) {
        const std::string level = c.record.classification->substr(0, c.record.classification->find("//"));
        if (level == "SECRET" || level == "CONFIDENTIAL" || level == "UNCLASSIFIED") {
          fields += "class:" + lower(level) + " ";
        }
      }
      expect_nothing(s, fields + (s.chance(0.3) ? "(" + hidden + " OR " + hidden + ")" : hidden), why);
      break;
    }
    default: {
      std::optional<std::string> visible = s.shown_word();
      if (!visible) return false;
      const std::string shown = capitalised(*visible);
      const SearchRequest alone = request(shown, s, true);
      const bool with_or = s.chance(0.5);
      const SearchRequest mixed = request(with_or ? shown + " OR " + hidden : shown + " NOT " + hidden, s, true);
      std::optional<SearchResult> a = run(s, alone);
      std::optional<SearchResult> b = run(s, mixed);
      if (!a || !b) return true;
      ++s.checks;
      if (a->total != b->total) {
        s.leak(where(s, mixed.query) + ": " + why + ", yet the query counts " + std::to_string(b->total) +
               " cables and '" + shown + "' alone " + std::to_string(a->total));
      }
      const std::string v = *visible;
      const Justify has_it = [&](std::size_t index, VisibleText&) -> std::optional<std::string> {
        if (s.visible_stem(index, v)) return std::nullopt;
        return "no word of the stem of '" + v + "' is in what the reader may see of it";
      };
      check_hits(s, mixed.query, *b, has_it);
      if (s.chance(0.3)) check_hits(s, alone.query, *a, has_it);
      break;
    }
  }
  return true;
}

// (e) subject:word, the word only in subjects hidden from the reader.
bool case_subject(Session& s) {
  auto picked = s.hidden_subject_word();
  if (!picked) return false;
  expect_nothing(s, "subject:" + capitalised(picked->first),
                 "'" + picked->first + "' occurs only in subjects hidden from the reader (e.g. " +
                     s.world().cables[picked->second].id + ")");
  return true;
}

// id: of a cable the reader may see nothing of.
bool case_hidden_id(Session& s) {
  if (s.invisible().empty()) return false;
  const OCable& c = s.world().cables[s.invisible()[s.pick(s.invisible().size())]];
  expect_nothing(s, "id:" + (s.chance(0.5) ? c.id : lower(c.id)), c.id + " is hidden from the reader");
  return true;
}

// `*` with facets: the oracle's counts over the visible cables.
void count_visible(World& w, const std::vector<std::size_t>& cables, Counts& tag, Counts& origin, Counts& year,
                   Counts& cls, bool facets) {
  for (std::size_t i : cables) {
    const Cable& c = w.cables[i].record;
    for (const std::string& t : c.tags) ++tag[t];
    if (facets) {
      if (c.origin && !c.origin->empty()) ++origin[*c.origin];
      if (c.created && c.created->size() >= 4) ++year[c.created->substr(0, 4)];
      if (c.classification && !c.classification->empty())
        ++cls[c.classification->substr(0, c.classification->find("//"))];
    } else {
      ++origin[c.origin && !c.origin->empty() ? *c.origin : "unknown"];
      ++year[c.created && c.created->size() >= 4 ? c.created->substr(0, 4) : "unknown"];
      ++cls[c.classification && !c.classification->empty() ? *c.classification : "unknown"];
    }
  }
}

void compare_total(Session& s, const std::string& what, std::uint64_t got) {
  ++s.checks;
  const std::uint64_t strict = s.seen().size(), lenient = s.maybe().size();
  if (got == strict) return;
  const std::string line = what + " " + std::to_string(got) + " cables, the oracle " + std::to_string(strict) +
                           (lenient != strict ? " (" + std::to_string(lenient) + " lenient)" : "");
  if (got > lenient) {
    s.leak(line + extra_cables(s));
  } else if (got < strict) {
    s.discrepancy(line);
  } else {
    s.ambiguity(line);
  }
}

bool case_match_all(Session& s) {
  World& w = s.world();
  SearchRequest r = request(s.chance(0.5) ? "*" : "", s, true);
  r.facets = {"tag", "origin", "year", "class"};
  std::optional<SearchResult> result = run(s, r);
  if (!result) return true;
  check_hits(s, "*", *result, {});
  Counts strict[4], lenient[4];
  count_visible(w, s.seen(), strict[0], strict[1], strict[2], strict[3], true);
  count_visible(w, s.maybe(), lenient[0], lenient[1], lenient[2], lenient[3], true);
  compare_total(s, where(s, r.query) + ": total", result->total);
  const std::map<std::string, int> slot = {{"tag", 0}, {"origin", 1}, {"year", 2}, {"class", 3}};
  for (const Facet& f : result->facets) {
    auto it = slot.find(f.name);
    if (it == slot.end()) continue;
    compare_counts(s, where(s, r.query) + ": facet " + f.name, strict[it->second], lenient[it->second], f.values);
  }
  return true;
}

bool case_stats(Session& s) {
  World& w = s.world();
  Result<Stats> stats = w.archive->stats(s.reader().viewer());
  if (!stats) {
    s.failure(s.reader().describe() + ": stats failed: " + stats.error().to_string());
    return true;
  }
  Counts strict[4], lenient[4];  // tags, origins, years, classifications
  count_visible(w, s.seen(), strict[0], strict[1], strict[2], strict[3], false);
  count_visible(w, s.maybe(), lenient[0], lenient[1], lenient[2], lenient[3], false);
  const std::string who = s.reader().describe() + ": stats";
  compare_total(s, who + " count", stats->cables);
  compare_counts(s, who + " by_tag", strict[0], lenient[0], stats->by_tag);
  compare_counts(s, who + " by_origin", strict[1], lenient[1], stats->by_origin);
  compare_counts(s, who + " by_year", strict[2], lenient[2], stats->by_year);
  compare_counts(s, who + " by_classification", strict[3], lenient[3], stats->by_classification);
  return true;
}

// The error for a cable the reader may not see is the one for an id that
// does not exist.
void check_absent(Session& s, std::string_view what, const OCable& c, const Error& got, const Error& made_up,
                  const std::string& fake) {
  ++s.checks;
  const auto same = [&](const std::string& a, const std::string& b) { return a == replace_all(b, fake, c.id); };
  if (got.code != Errc::kNotFound || !same(got.message, made_up.message) || !same(got.hint, made_up.hint) ||
      !same(got.where, made_up.where)) {
    s.leak(s.reader().describe() + ": " + std::string(what) + " of hidden cable " + c.id + " answers '" +
           got.to_string() + "' (" + errc_name(got.code) + "), an id that does not exist '" +
           made_up.to_string() + "' (" + errc_name(made_up.code) + ")");
  }
}

void check_ref_entry(Session& s, const OCable& self, const RefEntry& e, std::string_view list) {
  World& w = s.world();
  ++s.checks;
  const std::string ctx = s.reader().describe() + ": refs of " + self.id + ", " + std::string(list) + " entry " + e.id;
  if (!e.origin) {
    if (list != "cites") s.failure(ctx + " has no origin");
    return;
  }
  const std::optional<std::size_t> index = find_cable(w, e.id, *e.origin);
  if (!index) {
    s.failure(ctx + " names a cable the corpus does not hold (" + *e.origin + ")");
    return;
  }
  const OCable& c = w.cables[*index];
  if (!s.cable_visible(c)) {
    s.shown(false, s.cable_maybe(c), ctx + " (" + *e.origin + ") is listed, but the reader may see no portion of it");
    if (!s.cable_maybe(c)) return;
  }
  const VisibleText& v = s.visible_text(*index);
  if (e.subject) {
    s.shown(v.subject, v.subject_maybe, ctx + " shows the subject '" + *e.subject + "', which is hidden from the reader");
  } else if (v.subject) {
    s.discrepancy(ctx + " withholds a subject the oracle shows");
  }
}

bool case_refs(Session& s) {
  World& w = s.world();
  const Viewer viewer = s.reader().viewer();
  const std::string fake = "98NOWHERE" + std::to_string(1000 + s.pick(90000));
  if (!s.invisible().empty() && s.chance(0.3)) {
    const OCable& c = w.cables[s.invisible()[s.pick(s.invisible().size())]];
    const std::optional<std::string_view> origin =
        s.chance(0.5) ? std::optional<std::string_view>(c.origin) : std::nullopt;
    Result<RefGraph> got = w.archive->refs(c.id, origin, viewer);
    Result<RefGraph> made_up = w.archive->refs(fake, origin, viewer);
    if (got) {
      s.leak(s.reader().describe() + ": refs of hidden cable " + c.id + " answers a graph");
    } else if (made_up) {
      s.failure("refs of a made-up id " + fake + " answers a graph");
    } else {
      check_absent(s, "refs", c, got.error(), made_up.error(), fake);
    }
    return true;
  }
  if (s.seen().empty()) return false;
  // Rather a cable with references around it.
  std::size_t index = s.seen()[s.pick(s.seen().size())];
  for (int k = 0; k < 10; ++k) {
    const OCable& c = w.cables[index];
    if (!c.refs.empty() || w.cited_by.count(c.id) != 0) break;
    index = s.seen()[s.pick(s.seen().size())];
  }
  const OCable& self = w.cables[index];
  const std::string who = s.reader().describe() + ": refs of " + self.id;
  Result<RefGraph> graph = w.archive->refs(self.id, self.origin, viewer);
  if (!graph) {
    s.discrepancy(who + ": " + graph.error().to_string());
    return true;
  }
  for (const RefEntry& e : graph->cites) check_ref_entry(s, self, e, "cites");
  for (const RefEntry& e : graph->cited_by) check_ref_entry(s, self, e, "cited_by");
  for (const RefEntry& e : graph->series) check_ref_entry(s, self, e, "series");
  // A series is read from subjects: the reader must see this one's, and each part's.
  if (!graph->series.empty()) {
    ++s.checks;
    const VisibleText& v = s.visible_text(index);
    s.shown(v.subject, v.subject_maybe,
            who + " lists " + std::to_string(graph->series.size()) + " other part(s) of its series (first " +
                graph->series.front().id + "), which is read from its subject '" +
                self.record.subject.value_or("") + "', hidden from the reader");
    for (const RefEntry& e : graph->series) {
      const std::optional<std::size_t> part = e.origin ? find_cable(w, e.id, *e.origin) : std::nullopt;
      if (!part || !s.cable_maybe(w.cables[*part])) continue;
      const VisibleText& pv = s.visible_text(*part);
      s.shown(pv.subject, pv.subject_maybe,
              who + " lists " + e.id + " as a part of its series, which is read from that cable's subject '" +
                  w.cables[*part].record.subject.value_or("") + "', hidden from the reader");
    }
  }
  // missing: the cited ids the reader sees no cable of.
  std::set<std::string> missing;
  for (const RefEntry& e : graph->missing) missing.insert(upper_squeezed(e.id));
  for (const RefEntry& e : graph->cites) {
    ++s.checks;
    const std::string id = upper_squeezed(e.id);
    bool visible = false;
    if (auto it = w.by_id.find(id); it != w.by_id.end()) {
      for (std::size_t i : it->second) visible = visible || s.cable_visible(w.cables[i]);
    }
    if (e.origin && missing.count(id) != 0) s.failure(who + ": " + id + " is both cited and missing");
    if (!e.origin && missing.count(id) == 0) s.failure(who + ": " + id + " is unresolved but not missing");
    if (!e.origin && visible) s.discrepancy(who + ": cited " + id + " is missing, but the oracle sees it");
  }
  // cited_by: the visible cables whose references name it.
  std::set<std::pair<std::string, std::string>> expected, got;
  if (auto it = w.cited_by.find(self.id); it != w.cited_by.end()) {
    for (std::size_t i : it->second) {
      if (s.cable_visible(w.cables[i])) expected.insert({w.cables[i].id, w.cables[i].origin});
    }
  }
  for (const RefEntry& e : graph->cited_by) got.insert({e.id, e.origin.value_or("")});
  ++s.checks;
  for (const auto& k : expected) {
    if (got.count(k) == 0) s.discrepancy(who + " lacks cited_by " + k.first);
  }
  return true;
}

// "Export": the cable as the reader gets it, with and without raw input.
bool case_get(Session& s) {
  World& w = s.world();
  const Viewer viewer = s.reader().viewer();
  const std::string fake = "98NOWHERE" + std::to_string(1000 + s.pick(90000));
  if (!s.invisible().empty() && s.chance(0.25)) {
    const OCable& c = w.cables[s.invisible()[s.pick(s.invisible().size())]];
    const std::optional<std::string_view> origin =
        s.chance(0.5) ? std::optional<std::string_view>(c.origin) : std::nullopt;
    const bool raw = s.chance(0.3);
    Result<StoredCable> got = w.archive->get(c.id, origin, {}, raw, viewer);
    Result<StoredCable> made_up = w.archive->get(fake, origin, {}, raw, viewer);
    if (got) {
      s.leak(s.reader().describe() + ": get of hidden cable " + c.id + " answers the cable");
    } else if (made_up) {
      s.failure("get of a made-up id " + fake + " answers a cable");
    } else {
      check_absent(s, "get", c, got.error(), made_up.error(), fake);
    }
    Result<std::vector<StoredCable>> found = w.archive->find(c.id, viewer);
    ++s.checks;
    if (!found || !found->empty()) {
      s.leak(s.reader().describe() + ": find of hidden cable " + c.id + " answers " +
             (found ? std::to_string(found->size()) + " cable(s)" : found.error().to_string()));
    }
    return true;
  }
  const std::vector<std::size_t>& from = !s.partial().empty() && s.chance(0.8) ? s.partial() : s.seen();
  if (from.empty()) return false;
  const std::size_t index = from[s.pick(from.size())];
  const OCable& c = w.cables[index];
  const std::string ctx = s.reader().describe() + ": get " + c.id + " (" + c.origin + ")";
  Result<StoredCable> got = w.archive->get(c.id, c.origin, {}, false, viewer);
  if (!got) {
    s.discrepancy(ctx + ": " + got.error().to_string() + ", but the oracle sees a portion");
    return true;
  }
  VisibleText& v = s.visible_text(index);
  bool all_strict = true;
  for (const OPortion& p : c.portions) all_strict = all_strict && s.portion_visible(p);
  // The portions, one by one.
  ++s.checks;
  if (got->portions.size() != c.portions.size()) {
    s.failure(ctx + ": " + std::to_string(got->portions.size()) + " portions, the oracle has " +
              std::to_string(c.portions.size()));
  } else {
    for (std::size_t i = 0; i < c.portions.size(); ++i) {
      const OPortion& p = c.portions[i];
      const std::string name = p.kind == Kind::kSubject ? "the subject"
                               : p.kind == Kind::kText  ? "the text outside paragraphs"
                                                        : "paragraph " + got->portions[i].number;
      if (!got->portions[i].withheld) {
        s.shown(s.portion_visible(p), s.portion_maybe(p),
                ctx + ": " + name + " (" + got->portions[i].marking + ") is shown, the oracle hides it");
      } else if (s.portion_visible(p)) {
        s.discrepancy(ctx + ": " + name + " (" + got->portions[i].marking + ") is withheld, the oracle shows it");
      }
    }
  }
  const Cable& r = got->record;
  ++s.checks;
  if (!got->redacted) {
    s.shown(all_strict, v.all, ctx + ": not redacted, though the oracle hides a portion");
  } else if (all_strict) {
    s.discrepancy(ctx + ": redacted, though the oracle shows every portion");
  }
  if (got->redacted) {
    if (r.summary) s.leak(ctx + ": the redacted record keeps its summary");
    if (r.raw) s.leak(ctx + ": the redacted record keeps its raw input");
    if (!r.warnings.empty()) s.leak(ctx + ": the redacted record keeps its warnings");
    if (c.has_subject && r.subject) {
      s.shown(v.subject, v.subject_maybe, ctx + ": the subject '" + *r.subject + "' is shown");
    }
    if (r.paragraphs.size() != c.record.paragraphs.size()) {
      s.failure(ctx + ": the redacted record has " + std::to_string(r.paragraphs.size()) + " paragraphs");
    }
    for (const OPortion& p : c.portions) {
      if (p.kind == Kind::kParagraph && !s.portion_maybe(p) && p.paragraph < r.paragraphs.size() &&
          !r.paragraphs[p.paragraph].text.empty()) {
        s.leak(ctx + ": withheld paragraph " + r.paragraphs[p.paragraph].number + " keeps its text");
      }
      if (p.kind == Kind::kText && !s.portion_maybe(p) && !r.signed_by.empty()) {
        s.leak(ctx + ": the signatures are shown, the text outside paragraphs is hidden");
      }
    }
    // No word in the record's text that the reader may not see; the
    // placeholders name the marks and "[withheld]".
    std::unordered_set<std::string> allowed = {"withheld"};
    for (const PortionView& pv : got->portions) {
      plain_words(pv.marking, [&](const std::string& x) { allowed.insert(x); });
    }
    plain_words(got->overall, [&](const std::string& x) { allowed.insert(x); });
    const auto check_text = [&](const std::string& field, std::string_view text) {
      ++s.checks;
      plain_words(text, [&](const std::string& word) {
        if (allowed.count(word) != 0 || s.visible_word(index, word)) return;
        s.leak(ctx + ": the " + field + " holds '" + word + "', which no visible portion holds");
      });
    };
    check_text("body", r.body);
    check_text("subject", r.subject.value_or(""));
    check_text("summary", r.summary.value_or(""));
    for (const Paragraph& p : r.paragraphs) check_text("paragraph " + p.number, p.text);
    for (const std::string& x : r.signed_by) check_text("signature", x);
  } else if (!(r == c.record)) {
    s.failure(ctx + ": the unredacted record differs from the custodian's");
  }
  // The raw input only for a reader who sees every portion.
  Result<StoredCable> raw = w.archive->get(c.id, c.origin, {}, true, viewer);
  ++s.checks;
  if (raw) {
    s.shown(all_strict, v.all, ctx + " with raw: the raw input is returned, though the oracle hides a portion");
  } else if (all_strict) {
    s.discrepancy(ctx + " with raw: " + raw.error().to_string() + ", though the oracle shows every portion");
  } else if (raw.error().code != Errc::kDenied) {
    s.failure(ctx + " with raw: " + raw.error().to_string() + " (expected kDenied)");
  }
  return true;
}

// ---------------------------------------------------------------------------

class LeakTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (world_ == nullptr) world_ = build_world();
  }
  static void TearDownTestSuite() {
    delete world_;
    world_ = nullptr;
  }
  void SetUp() override {
    if (!world_->skipped.empty()) GTEST_SKIP() << "leak test skipped: " << world_->skipped;
    ASSERT_TRUE(world_->archive.has_value()) << "the archive could not be built";
  }
  static World* world_;
};
World* LeakTest::world_ = nullptr;

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  return std::strtoull(v, nullptr, 10);
}

// The oracle reads the corpus as the custodian does, and readers do meet
// cables they see in part (else the property asks nothing).
TEST_F(LeakTest, OracleMatchesTheCustodianAndIsNotVacuous) {
  World& w = *world_;
  Result<Stats> stats = w.archive->stats();
  ASSERT_TRUE(stats.has_value()) << stats.error().to_string();
  EXPECT_EQ(stats->cables, w.cables.size());
  Counts tags;
  for (const OCable& c : w.cables) {
    for (const std::string& t : c.record.tags) ++tags[t];
  }
  EXPECT_EQ(tags, Counts(stats->by_tag.begin(), stats->by_tag.end()));

  // The text outside paragraphs (access::portion_text, which the oracle
  // reads) holds no paragraph of another visibility.
  std::size_t overlaps = 0;
  for (const OCable& c : w.cables) {
    const OPortion& text = c.portions.back();
    for (const OPortion& p : c.portions) {
      if (p.kind != Kind::kParagraph || p.cls == text.cls || p.text.size() < 40) continue;
      if (text.text.find(p.text) != std::string::npos && ++overlaps <= 10) {
        ADD_FAILURE() << "LEAK: the text outside paragraphs of " << c.id << " holds paragraph "
                      << c.record.paragraphs[p.paragraph].number << ", which is marked otherwise";
      }
    }
  }
  EXPECT_EQ(overlaps, 0U);

  Session s(w, 1);
  std::size_t partial = 0, hidden_words = 0;
  for (Level level : {Level::kUnclassified, Level::kConfidential, Level::kSecret}) {
    OReader r;
    r.reader.name = "probe";
    r.reader.clearance = level;
    r.reader.nationality = "GBR";
    r.as_of = "2012-06-01";
    s.set_reader(r);
    partial += s.partial().size();
    for (int k = 0; k < 20; ++k) hidden_words += s.hidden_word().has_value() ? 1 : 0;
  }
  const std::size_t scale = w.subset ? 5 : 1;
  EXPECT_GT(partial * scale, 500U) << "readers should see many cables in part";
  EXPECT_GT(hidden_words, 30U) << "readers should meet hidden-only words";
  std::printf("leak test: three probe readers see %zu cables in part\n", partial);
}

// The property: random readers x adversarial queries, refs, exports, stats.
TEST_F(LeakTest, RandomReadersSeeNothingHidden) {
  World& w = *world_;
  std::uint64_t seed = env_number("CHANCERY_LEAK_SEED", 0);
  if (seed == 0) seed = std::random_device{}() | (static_cast<std::uint64_t>(std::random_device{}()) << 32);
  const std::uint64_t wanted = env_number("CHANCERY_LEAK_CASES", test_util::sanitized() ? 1000 : 10000);
  std::printf("leak test: seed %llu (replay with CHANCERY_LEAK_SEED=%llu), %llu cases wanted\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed),
              static_cast<unsigned long long>(wanted));
  std::fflush(stdout);
  Session s(w, seed);
  using CaseFn = bool (*)(Session&);
  struct CaseKind {
    const char* name;
    CaseFn fn;
    unsigned weight;
    std::uint64_t done = 0, leaks = 0;
    double seconds = 0;
  };
  CaseKind kinds[] = {{"hidden word", case_hidden_word, 6}, {"wildcard", case_wildcard, 3},
                      {"phrase", case_phrase, 2},           {"combined", case_combined, 5},
                      {"subject", case_subject, 2},         {"hidden id", case_hidden_id, 1},
                      {"match all", case_match_all, 1},     {"stats", case_stats, 1},
                      {"refs", case_refs, 3},               {"get", case_get, 4}};
  unsigned total_weight = 0;
  for (const CaseKind& k : kinds) total_weight += k.weight;
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t cases = 0, readers = 0, skipped = 0;
  while (cases < wanted) {
    s.new_reader(readers++);
    for (int n = 0; n < 25 && cases < wanted; ++n) {
      unsigned roll = static_cast<unsigned>(s.pick(total_weight));
      CaseKind* kind = &kinds[0];
      for (CaseKind& k : kinds) {
        if (roll < k.weight) {
          kind = &k;
          break;
        }
        roll -= k.weight;
      }
      const auto t0 = std::chrono::steady_clock::now();
      const std::uint64_t leaks_before = s.leaks;
      const bool ran = kind->fn(s);
      kind->leaks += s.leaks - leaks_before;
      kind->seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (!ran) {
        ++skipped;
        continue;
      }
      ++cases;
      ++kind->done;
      if (wanted >= 100000 && cases % 100000 == 0) {
        std::printf("leak test: %llu cases, %llu leaks\n", static_cast<unsigned long long>(cases),
                    static_cast<unsigned long long>(s.leaks));
        std::fflush(stdout);
      }
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string mix;
  for (const CaseKind& k : kinds) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s %llu (%.1f s%s)", k.name, static_cast<unsigned long long>(k.done), k.seconds,
                  k.leaks != 0 ? (", " + std::to_string(k.leaks) + " LEAKS").c_str() : "");
    mix += std::string(mix.empty() ? "" : ", ") + buf;
  }
  std::printf("leak test: %llu readers, %llu checks, %llu notes stricter than the oracle, %llu on ambiguous "
              "release dates, %llu draws without a fitting word; %s; %.1f s (%.2f ms a case)\n",
              static_cast<unsigned long long>(readers), static_cast<unsigned long long>(s.checks),
              static_cast<unsigned long long>(s.discrepancies), static_cast<unsigned long long>(s.ambiguities),
              static_cast<unsigned long long>(skipped), mix.c_str(), seconds,
              cases ? 1000.0 * seconds / static_cast<double>(cases) : 0.0);
  std::printf("leak test: %llu cases, %llu leaks (seed %llu)\n", static_cast<unsigned long long>(cases),
              static_cast<unsigned long long>(s.leaks), static_cast<unsigned long long>(seed));
  EXPECT_EQ(s.leaks, 0U) << "replay with CHANCERY_LEAK_SEED=" << seed;
  EXPECT_EQ(s.failures(), 0U) << "replay with CHANCERY_LEAK_SEED=" << seed;
  EXPECT_GE(cases, wanted);
}

}  // namespace
}  // namespace chancery::archive
