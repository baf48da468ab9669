// Property: for generated and mutated drafts, render -> read_telegram gives
// the draft's record. Drafts draw random subsets of paragraphs, markings,
// captions, addressees (with and without their own precedence, routes and
// MCNs, collectives with XMT), references, summaries and signatures, with
// texts long enough to force SECTION splits and page headers at small
// lines_per_section, and words chosen to tempt the reader (numbers with a
// dot, caption words, classification words, field labels). Deterministic:
// a fixed seed per case.
#include <random>

#include <gtest/gtest.h>

#include "chancery/compose.h"
#include "chancery/parse.h"
#include "compose/references.h"
#include "compose/roundtrip.h"

namespace chancery::compose {
namespace {

constexpr std::string_view kWords[] = {
    "the",    "Embassy", "talks",   "with",  "Iran",      "on",      "nuclear", "issues",
    "Secret", "NOFORN",  "SIPDIS",  "3.",    "1.4",       "(b)",     "SUBJECT", "TAGS",
    "REF",    "page",    "002",     "OF",    "Minister",  "said",    "that",    "--",
    "Ref:",   "E.O.",    "summary", "END",   "(C)",       "Classified", "A.",   "B)",
    "sanctions", "UNSCR", "1737,",  "and",   "Europeans", "should",  "act.",    "Sipdis",
    "5.",     "12.",     "TEL",     "AVIV",  "00000557",  "-----",   "BT",      "NNNN"};
// For subjects and summaries: a subject cannot hold a field label after a
// space ("... Ref: ...": the reader cuts the line there, as the format's
// glued fields demand), and a summary ends at the first "END SUMMARY".
constexpr std::string_view kPlainWords[] = {"the", "Embassy", "talks", "with", "Iran", "on",
                                            "nuclear", "UNSCR", "1737,", "Secret", "3.", "NOFORN",
                                            "(C)", "and", "Europeans", "act."};
constexpr std::string_view kPlads[] = {"SECSTATE WASHDC",  "AMEMBASSY PARIS", "AMEMBASSY LONDON",
                                       "NSC WASHDC",       "SECDEF WASHDC",   "USMISSION USUN NEW YORK",
                                       "AMCONSUL JERUSALEM"};
constexpr std::string_view kCollectives[] = {"IRAN COLLECTIVE", "ARAB LEAGUE COLLECTIVE"};
constexpr std::string_view kRoutes[] = {"RUEHC", "RUEHFR", "RUEHLO", "RHEHNSC", "RUEKJCS", "RUCNDT", "RUEHJM"};
constexpr std::string_view kPrecedences[] = {"FLASH", "NIACT IMMEDIATE", "IMMEDIATE", "PRIORITY",
                                             "ROUTINE"};
constexpr std::string_view kMarks[] = {"U", "C", "S", "SBU", "C/NF", "S/NF", "S//NF", "S/REL NATO"};
constexpr std::string_view kCaptions[] = {"SIPDIS", "NOFORN", "EXDIS", "SENSITIVE", "TERREP",
                                          "VISAS VIPER", "REL TO USA, GBR"};
constexpr std::string_view kTags[] = {"PREL", "PGOV", "KNNP", "IR", "IS", "MNUC", "UNSC",
                                      "COUNTER TERRORISM", "EUN", "AU-1"};
constexpr std::string_view kLevels[] = {"UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP SECRET"};

class Gen {
 public:
  explicit Gen(std::uint32_t seed) : rng_(seed) {}
  std::size_t below(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
  template <typename T, std::size_t N>
  std::string pick(const T (&list)[N]) {
    return std::string(list[below(N)]);
  }
  // Words; sentences that start with a capital and end with a full stop, so
  // that a paragraph opens like text.
  std::string sentence(std::size_t words, bool plain = false) {
    std::string s = "Under";
    for (std::size_t i = 0; i < words; ++i) s += " " + (plain ? pick(kPlainWords) : pick(kWords));
    return s + ".";
  }
  std::string text(std::size_t sentences, bool plain = false) {
    std::string s;
    for (std::size_t i = 0; i < sentences; ++i) {
      if (i > 0) s += chance(15) ? "\n\n" : chance(10) ? "\n" : " ";
      s += sentence(3 + below(25), plain);
    }
    return s;
  }

 private:
  std::mt19937 rng_;
};

struct Case {
  Draft draft;
  Numbering numbering;
  RenderOptions options;
};

Case generate(std::uint32_t seed) {
  Gen g(seed);
  Case c;
  Draft& d = c.draft;
  Numbering& n = c.numbering;
  d.from = "AMEMBASSY TEL AVIV";
  d.precedence = g.chance(50) ? "ROUTINE" : g.pick(kPrecedences);
  if (d.precedence == "NIACT IMMEDIATE") d.precedence = "IMMEDIATE";
  auto addressees = [&](std::vector<Addressee>& block, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      Addressee a;
      a.name = g.chance(15) ? g.pick(kCollectives) : g.pick(kPlads);
      if (g.chance(40)) a.precedence = g.pick(kPrecedences);
      block.push_back(a);
      const bool collective = a.name.find("COLLECTIVE") != std::string::npos;
      n.routes.push_back(g.chance(80) ? g.pick(kRoutes) : "");
      n.mcns.push_back(!collective && g.chance(60) ? std::to_string(1000 + g.below(9000)) : "");
    }
  };
  addressees(d.to, 1 + g.below(3));
  addressees(d.info, g.below(6));
  d.classification = g.pick(kLevels);
  for (std::size_t i = 0, k = g.below(3); i < k; ++i) {
    std::string cap = g.pick(kCaptions);
    if (std::find(d.captions.begin(), d.captions.end(), cap) == d.captions.end()) d.captions.push_back(cap);
  }
  if (g.chance(20)) d.passing.push_back("DEPT FOR NEA/IPA");
  d.declassify_on = d.classification == "UNCLASSIFIED" ? "" : g.chance(80) ? "2032-02-22" : "25X1";
  for (std::size_t i = 0, k = 1 + g.below(6); i < k; ++i) {
    std::string tag = g.pick(kTags);
    if (std::find(d.tags.begin(), d.tags.end(), tag) == d.tags.end()) d.tags.push_back(tag);
  }
  d.subject = "IRAN: " + g.sentence(2 + g.below(20), true);
  if (g.chance(40)) d.subject_marking = g.pick(kMarks);
  for (std::size_t i = 0, k = g.below(5); i < k; ++i) {
    d.references.push_back({.text = g.chance(70) ? "TEL AVIV " + std::to_string(100 + g.below(400))
                                                 : "STATE " + std::to_string(1000 + g.below(90000)) +
                                                       (g.chance(30) ? " (NOTAL)" : ""),
                            .id = std::nullopt});
  }
  if (d.classification != "UNCLASSIFIED" || g.chance(30)) {
    d.classified_by = g.chance(80) ? "Ambassador Richard H. Jones" : "Political Counselor Marc J. Sievers";
    d.reasons = {"1.4(b)"};
    if (g.chance(50)) d.reasons.push_back("1.4(d)");
  }
  if (g.chance(25)) d.summary = g.text(1 + g.below(3), true);
  long number = 0;
  for (std::size_t i = 0, k = 1 + g.below(12); i < k; ++i) {
    DraftParagraph p;
    p.marking = g.chance(85) ? g.pick(kMarks) : "";
    p.text = g.text(1 + g.below(i == 0 ? 40 : 8));  // sometimes long enough for several sections
    // Now and then a number skipped, as archived cables do.
    number += g.chance(10) && !p.marking.empty() ? 2 : 1;
    if (number != static_cast<long>(i) + 1 || g.chance(20)) p.number = std::to_string(number);
    d.paragraphs.push_back(p);
  }
  if (g.chance(70)) d.signature = "JONES";
  n.post = "TEL AVIV";
  n.serial = 500 + static_cast<std::int64_t>(g.below(9000));
  n.id = "26TELAVIV" + std::to_string(n.serial);
  n.station = "RUEHTV";
  n.dtg = "2026-02-22T07:11Z";
  c.options.width = 40 + g.below(40);
  c.options.lines_per_section = g.chance(50) ? 120 : 8 + g.below(40);
  return c;
}

// The record the draft stands for.
Cable record_of(const Case& c) {
  const Draft& d = c.draft;
  const Numbering& n = c.numbering;
  Cable want;
  want.id = n.id;
  want.from = d.from;
  std::size_t index = 0;
  for (const auto* block : {&d.to, &d.info}) {
    for (const Addressee& a : *block) {
      Recipient r;
      r.name = a.name;
      if (!n.routes[index].empty()) r.route = n.routes[index];
      if (!n.mcns[index].empty()) r.mcn = n.mcns[index];
      if (a.precedence) {
        r.precedence = a.precedence;
      } else if (d.precedence != "ROUTINE") {
        r.precedence = d.precedence;
      }
      (block == &d.to ? want.to : want.info).push_back(r);
      ++index;
    }
  }
  // XMT goes to the last collective (the reader's rule, format §1.8).
  want.subject = d.subject_marking.empty() ? d.subject : "(" + d.subject_marking + ") " + d.subject;
  want.tags = d.tags;
  std::vector<std::string> texts;
  for (const DraftReference& r : d.references) texts.push_back(r.text);
  const std::vector<char> bullets = reference_bullets(texts, citing_of(n));
  for (std::size_t i = 0; i < texts.size(); ++i) {
    Reference r;
    if (bullets[i] != 0) r.bullet = std::string(1, bullets[i]);
    r.text = texts[i];
    if (texts[i].starts_with("TEL AVIV ")) {
      r.id = "26TELAVIV" + texts[i].substr(9);
    } else {
      const std::string digits = texts[i].substr(6, texts[i].find(' ', 6) - 6);
      r.id = "26STATE" + digits;
    }
    want.references.push_back(r);
  }
  want.handling = d.captions;
  const bool controlled = std::any_of(d.captions.begin(), d.captions.end(), [](const std::string& s) {
    return s == "SENSITIVE" || s == "SENSITIVE BUT UNCLASSIFIED" || s == "FOR OFFICIAL USE ONLY" || s == "EFTO";
  });
  want.classification = d.classification == "UNCLASSIFIED" && controlled
                            ? "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
                            : d.classification;
  long number = 0;
  for (const DraftParagraph& p : d.paragraphs) {
    number = p.number.empty() ? number + 1 : std::stol(p.number);
    want.paragraphs.push_back({.number = std::to_string(number),
                               .marking = p.marking.empty() ? std::nullopt : std::optional(p.marking),
                               .text = p.text});
  }
  want.created = n.dtg;
  if (d.declassify_on.size() == 10) want.declassify_on = d.declassify_on;
  if (!d.classified_by.empty()) want.classified_by = d.classified_by;
  want.reasons = d.reasons;
  if (!d.signature.empty()) want.signed_by = {d.signature};
  return want;
}

TEST(RenderProperty, GeneratedDraftsReadBackAsTheirRecord) {
  std::size_t sectioned = 0;
  for (std::uint32_t seed = 1; seed <= 600; ++seed) {
    Case c = generate(seed);
    // Exemptions from collectives now and then.
    for (const Addressee& a : c.draft.info) {
      if (a.name.find("COLLECTIVE") != std::string::npos && seed % 3 == 0) {
        c.draft.exempt = {"AMEMBASSY KHARTOUM"};
      }
    }
    Cable want = record_of(c);
    if (!c.draft.exempt.empty()) {
      for (auto it = want.info.rbegin(); it != want.info.rend(); ++it) {
        if (it->name.find("COLLECTIVE") != std::string::npos) {
          it->excluded = c.draft.exempt;
          break;
        }
      }
    }
    const std::string telegram = render_telegram(c.draft, c.numbering, c.options);
    Result<Cable> got = parse::read_telegram(telegram);
    ASSERT_TRUE(got) << got.error().to_string();
    if (got->sections > 1) ++sectioned;
    const std::vector<std::string> diffs = test::differences(want, *got);
    std::string message;
    for (const std::string& d : diffs) message += "\n  " + d;
    ASSERT_TRUE(diffs.empty()) << "seed " << seed << ":" << message << "\n" << telegram;
    // The summary, when the draft has one.
    if (!c.draft.summary.empty()) {
      ASSERT_TRUE(got->summary) << "seed " << seed;
      EXPECT_EQ(test::words(*got->summary), test::words(c.draft.summary)) << "seed " << seed;
    }
  }
  // The generator does reach the page headers.
  EXPECT_GT(sectioned, 100u);
}

}  // namespace
}  // namespace chancery::compose
