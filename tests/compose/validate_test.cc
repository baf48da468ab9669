// Validation: one failing draft per rule of the format, each with the field
// and the message it must give; the seed cable, as a draft, validates on its
// own date; a minimal UNCLASSIFIED draft validates.
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "chancery/compose.h"
#include "chancery/parse.h"

namespace chancery::compose {
namespace {

namespace fs = std::filesystem;
using Severity = Problem::Severity;

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The directory and the TAGS list the product ships (data/), as the post
// office builds its Context from them.
struct Knowledge {
  std::set<std::string> plads;
  std::set<std::string> tags;
  std::set<std::string> subject_tags;  // subject and program tags
};

const Knowledge& knowledge() {
  static const Knowledge k = [] {
    Knowledge out;
    std::istringstream routes(read_file(fs::path(CHANCERY_SOURCE_DIR) / "data" / "routing-indicators.tsv"));
    std::string line;
    std::getline(routes, line);  // header
    while (std::getline(routes, line)) {
      const std::size_t a = line.find('\t');
      const std::size_t b = line.find('\t', a + 1);
      if (a != std::string::npos) out.plads.insert(line.substr(a + 1, b - a - 1));
    }
    // The table keeps one PLAD per RI (the most frequent): RHMFISS serves
    // HQ USEUCOM VAIHINGEN GE too, an addressee of the seed cable, which the
    // directory holds as an edit.
    out.plads.insert("HQ USEUCOM VAIHINGEN GE");
    std::istringstream tags(read_file(fs::path(CHANCERY_SOURCE_DIR) / "data" / "tags.tsv"));
    std::getline(tags, line);
    while (std::getline(tags, line)) {
      const std::size_t a = line.find('\t');
      const std::size_t b = line.find('\t', a + 1);
      const std::string tag = line.substr(0, a);
      const std::string kind = a == std::string::npos ? "" : line.substr(a + 1, b - a - 1);
      out.tags.insert(tag);
      if (kind == "subject" || kind == "program") out.subject_tags.insert(tag);
    }
    return out;
  }();
  return k;
}

Context context(std::string today = "2026-03-01") {
  Context c;
  c.today = std::move(today);
  c.known_address = [](std::string_view p) { return knowledge().plads.count(std::string(p)) > 0; };
  c.known_tag = [](std::string_view t) { return knowledge().tags.count(std::string(t)) > 0; };
  c.subject_tag = [](std::string_view t) { return knowledge().subject_tags.count(std::string(t)) > 0; };
  // An archive that holds TEL AVIV 553 of 2026 only.
  c.in_archive = [](std::string_view id) { return id == "26TELAVIV553"; };
  return c;
}

// A SECRET draft that breaks no rule.
Draft valid_draft() {
  Draft d;
  d.author = "jdoe";
  d.from = "AMEMBASSY TEL AVIV";
  d.precedence = "PRIORITY";
  d.to = {{.name = "SECSTATE WASHDC", .precedence = std::nullopt}};
  d.info = {{.name = "IRAN COLLECTIVE", .precedence = "ROUTINE"},
            {.name = "AMEMBASSY LONDON", .precedence = std::nullopt}};
  d.classification = "SECRET";
  d.captions = {"NOFORN", "SIPDIS"};
  d.declassify_on = "2036-03-01";
  d.tags = {"PREL", "KNNP", "IR", "IS"};
  d.subject = "IRAN: NEXT STEPS AT THE UNSC";
  d.subject_marking = "C";
  d.references = {{.text = "TEL AVIV 553", .id = std::nullopt}};
  d.classified_by = "Ambassador Richard H. Jones";
  d.reasons = {"1.4(b)", "1.4(d)"};
  d.paragraphs = {{.marking = "S", .text = "Summary: the talks went well.", .number = ""},
                  {.marking = "C/NF", .text = "The Israelis asked for more.", .number = ""},
                  {.marking = "U", .text = "The Under Secretary has cleared this cable.", .number = ""}};
  d.signature = "JONES";
  return d;
}

std::string describe(const std::vector<Problem>& problems) {
  std::string s;
  for (const Problem& p : problems) {
    s += std::string(p.severity == Severity::kError ? "  error " : "  warning ") + p.field + ": " +
         p.message + "\n";
  }
  return s;
}

TEST(Validate, TheValidDraftHasNoFindings) {
  const std::vector<Problem> problems = validate(valid_draft(), context());
  EXPECT_TRUE(problems.empty()) << describe(problems);
}

struct Rule {
  std::string_view name;
  std::function<void(Draft&)> mutate;
  Severity severity;
  std::string_view field;
  std::string_view message;
};

TEST(Validate, EachRuleBrokenGivesItsProblem) {
  const Rule rules[] = {
      {"classification present", [](Draft& d) { d.classification = ""; }, Severity::kError,
       "classification", "classification missing: UNCLASSIFIED, CONFIDENTIAL, SECRET or TOP SECRET"},
      {"classification known", [](Draft& d) { d.classification = "SECRETISH"; }, Severity::kError,
       "classification",
       "\"SECRETISH\" is not a classification: use UNCLASSIFIED, CONFIDENTIAL, SECRET or TOP SECRET"},
      {"every paragraph of a classified cable portion-marked",
       [](Draft& d) { d.paragraphs[1].marking = ""; }, Severity::kError, "paragraphs[1].marking",
       "every paragraph of a classified cable needs a portion mark: (U), (SBU), (C), (S) or (TS), "
       "with /NF or /REL ... caveats"},
      {"portion marks readable", [](Draft& d) { d.paragraphs[0].marking = "SX"; }, Severity::kError,
       "paragraphs[0].marking",
       "\"SX\" is not a portion mark (U, SBU, C, S, TS, with /NF or /REL ... caveats)"},
      {"overall classification >= highest portion",
       [](Draft& d) { d.classification = "CONFIDENTIAL"; }, Severity::kError, "classification",
       "CONFIDENTIAL is below paragraphs[0] (S), marked SECRET: the cable must be classified at "
       "least SECRET"},
      {"the subject's mark counts",
       [](Draft& d) {
         d.classification = "CONFIDENTIAL";
         d.subject_marking = "S";
         for (DraftParagraph& p : d.paragraphs) p.marking = "C";
       },
       Severity::kError, "classification",
       "CONFIDENTIAL is below the subject, marked SECRET: the cable must be classified at least "
       "SECRET"},
      {"a NOFORN portion needs the NOFORN caption", [](Draft& d) { d.captions = {"SIPDIS"}; },
       Severity::kError, "captions",
       "paragraphs[1] is marked (C/NF) but NOFORN is not among the captions"},
      {"SIPDIS never with EXDIS or NODIS", [](Draft& d) { d.captions.push_back("EXDIS"); },
       Severity::kError, "captions",
       "SIPDIS may not be combined with NODIS or EXDIS (FAH-2 H-440): the more restrictive caption "
       "prevails; remove SIPDIS"},
      {"a REL portion needs a REL TO caption",
       [](Draft& d) {
         d.captions = {"SIPDIS"};
         d.paragraphs[1].marking = "S/REL NATO";
       },
       Severity::kError, "captions",
       "paragraphs[1] is marked (S/REL NATO) but no REL TO caption says to whom the cable may be "
       "released"},
      {"an SBU portion needs the SBU caption",
       [](Draft& d) {
         d.classification = "UNCLASSIFIED";
         d.subject_marking = "";
         d.declassify_on = "";
         d.classified_by = "";
         d.reasons.clear();
         d.captions = {"SIPDIS"};
         for (DraftParagraph& p : d.paragraphs) p.marking = "U";
         d.paragraphs[2].marking = "SBU";
       },
       Severity::kError, "captions",
       "paragraphs[2] is marked (SBU) but the cable carries no SENSITIVE BUT UNCLASSIFIED caption"},
      {"EFTO only unclassified", [](Draft& d) { d.captions.push_back("EFTO"); }, Severity::kError,
       "captions",
       "EFTO is for unclassified traffic (UNCLAS E F T O); a classified cable is encrypted anyway"},
      {"unknown caption warned", [](Draft& d) { d.captions.push_back("HUSH HUSH"); },
       Severity::kWarning, "captions[2]",
       "\"HUSH HUSH\" is no handling caption the format knows; it would read as a passing line"},
      {"a classified cable has a classifier", [](Draft& d) { d.classified_by = ""; },
       Severity::kError, "classified_by",
       "a classified cable needs its classifier: name and position (Classified By: Ambassador "
       "Richard H. Jones)"},
      {"a classified cable has reasons", [](Draft& d) { d.reasons.clear(); }, Severity::kError,
       "reasons", "a classified cable needs the reasons for classification: 1.4(a) to 1.4(h)"},
      {"reasons are 1.4(a)-(h)", [](Draft& d) { d.reasons = {"1.4(j)"}; }, Severity::kError,
       "reasons[0]", "\"1.4(j)\" is not a reason of EO 13526 §1.4: write 1.4(a) to 1.4(h)"},
      {"a classified cable has a declassification date", [](Draft& d) { d.declassify_on = ""; },
       Severity::kError, "declassify_on",
       "a classified cable needs a declassification date (YYYY-MM-DD) or an exemption (25X1-25X9, "
       "50X1-HUM, 50X2-WMD)"},
      {"declassification within 25 years", [](Draft& d) { d.declassify_on = "2051-03-02"; },
       Severity::kError, "declassify_on",
       "2051-03-02 is more than 25 years after today (2026-03-01): EO 13526 §1.5 allows no later "
       "than 2051-03-01, beyond that only an exemption (25X1-25X9, 50X1-HUM, 50X2-WMD)"},
      {"declassification in the future", [](Draft& d) { d.declassify_on = "2026-03-01"; },
       Severity::kError, "declassify_on",
       "2026-03-01 is not after today (2026-03-01): the information would be declassified already"},
      {"declassification a date or an exemption", [](Draft& d) { d.declassify_on = "25X10"; },
       Severity::kError, "declassify_on",
       "\"25X10\" is neither a date YYYY-MM-DD nor an exemption (25X1-25X9, 50X1-HUM, 50X2-WMD)"},
      {"TAGS present", [](Draft& d) { d.tags.clear(); }, Severity::kError, "tags",
       "no TAGS: a cable needs at least one subject tag (PREL, ECON, ...)"},
      {"a subject or program tag", [](Draft& d) { d.tags = {"IR", "IS"}; }, Severity::kError,
       "tags",
       "no subject or program tag among the TAGS (PREL, ECON, KNNP, ...): every cable needs at least "
       "one"},
      {"unknown TAGS warned", [](Draft& d) { d.tags.push_back("QQQQ"); }, Severity::kWarning,
       "tags[4]", "\"QQQQ\" is not in the TAGS list"},
      {"SUBJECT present", [](Draft& d) { d.subject = "  "; }, Severity::kError, "subject",
       "SUBJECT missing"},
      {"SUBJECT readable", [](Draft& d) { d.subject = "IRAN REF: TALKS"; }, Severity::kError,
       "subject",
       "the subject holds the field label \"REF:\", which would start that field when the cable is "
       "read"},
      {"precedence valid", [](Draft& d) { d.precedence = "URGENT"; }, Severity::kError,
       "precedence",
       "\"URGENT\" is not a precedence: use FLASH, IMMEDIATE, PRIORITY or ROUTINE (NIACT IMMEDIATE "
       "goes on an action addressee)"},
      {"NIACT is per addressee", [](Draft& d) { d.precedence = "NIACT IMMEDIATE"; },
       Severity::kError, "precedence",
       "NIACT IMMEDIATE attaches to an individual action addressee (format §2): give the draft "
       "IMMEDIATE and the addressee that must act at night NIACT IMMEDIATE"},
      {"an addressee's precedence valid", [](Draft& d) { d.to[0].precedence = "SOON"; },
       Severity::kError, "to[0].precedence",
       "\"SOON\" is not a precedence: use FLASH, NIACT IMMEDIATE, IMMEDIATE, PRIORITY or ROUTINE"},
      {"NIACT only for action addressees", [](Draft& d) { d.info[1].precedence = "NIACT IMMEDIATE"; },
       Severity::kError, "info[1].precedence",
       "NIACT IMMEDIATE is for action addressees only (format §2): an information addressee takes "
       "IMMEDIATE at most"},
      {"addressees known", [](Draft& d) { d.info[1].name = "AMEMBASSY ATLANTIS"; }, Severity::kError,
       "info[1]",
       "unknown address \"AMEMBASSY ATLANTIS\": not a post, office or collective of the directory"},
      {"an action addressee", [](Draft& d) { d.to.clear(); }, Severity::kError, "to",
       "no action addressee: a cable needs at least one TO address"},
      {"an originator", [](Draft& d) { d.from = ""; }, Severity::kError, "from",
       "the originating post is missing (its plain language address, AMEMBASSY TEL AVIV)"},
      {"XMT needs a collective",
       [](Draft& d) {
         d.info.erase(d.info.begin());
         d.exempt = {"AMEMBASSY PARIS"};
       },
       Severity::kError, "exempt", "XMT exempts members of a collective, and no collective is addressed"},
      {"references in the archive (warned)",
       [](Draft& d) { d.references = {{.text = "TEL AVIV 554", .id = std::nullopt}}; },
       Severity::kWarning, "references[0]", "26TELAVIV554 (\"TEL AVIV 554\") is not in the archive"},
      {"references resolved (warned)",
       [](Draft& d) { d.references = {{.text = "TELCON OF MARCH 3", .id = std::nullopt}}; },
       Severity::kWarning, "references[0]", "\"TELCON OF MARCH 3\" names no cable that could be resolved"},
      {"some text", [](Draft& d) { d.paragraphs.clear(); }, Severity::kError, "paragraphs",
       "the cable has no text: at least one paragraph"},
      {"paragraph numbers go up", [](Draft& d) { d.paragraphs[2].number = "1"; }, Severity::kError,
       "paragraphs[2].number", "paragraph number \"1\" does not follow 2"},
      {"an unclassified cable takes N/A (warned)",
       [](Draft& d) {
         d.classification = "UNCLASSIFIED";
         d.subject_marking = "";
         d.classified_by = "";
         d.reasons.clear();
         for (DraftParagraph& p : d.paragraphs) p.marking = "U";
       },
       Severity::kWarning, "declassify_on",
       "an unclassified cable takes no declassification date (E.O. line N/A)"},
  };
  for (const Rule& rule : rules) {
    SCOPED_TRACE(rule.name);
    Draft d = valid_draft();
    rule.mutate(d);
    const std::vector<Problem> problems = validate(d, context());
    const Problem want{rule.severity, std::string(rule.field), std::string(rule.message)};
    EXPECT_NE(std::find(problems.begin(), problems.end(), want), problems.end())
        << "want " << rule.field << ": " << rule.message << "\ngot:\n"
        << describe(problems);
  }
}

TEST(Validate, ExemptionsStandForADate) {
  for (std::string_view e : {"25X1", "25X9", "50X1-HUM", "50X2-WMD"}) {
    Draft d = valid_draft();
    d.declassify_on = std::string(e);
    const std::vector<Problem> problems = validate(d, context());
    EXPECT_TRUE(problems.empty()) << e << "\n" << describe(problems);
  }
}

TEST(Validate, FindingsComeInTheOrderOfTheDraftsMembers) {
  Draft d = valid_draft();
  d.from.clear();
  d.classification.clear();
  d.tags.clear();
  d.paragraphs[0].marking = "SX";
  const std::vector<Problem> problems = validate(d, context());
  std::vector<std::string> fields;
  for (const Problem& p : problems) fields.push_back(p.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"from", "classification", "tags", "paragraphs[0].marking"}))
      << describe(problems);
}

TEST(Validate, AMinimalUnclassifiedDraft) {
  Draft d;
  d.from = "AMEMBASSY TEL AVIV";
  d.to = {{.name = "SECSTATE WASHDC", .precedence = std::nullopt}};
  d.classification = "UNCLASSIFIED";
  d.tags = {"PREL", "IS"};
  d.subject = "COURTESY CALL ON THE FOREIGN MINISTER";
  d.paragraphs = {{.marking = "", .text = "The Ambassador called on the Foreign Minister.", .number = ""}};
  d.signature = "JONES";
  const std::vector<Problem> problems = validate(d, context());
  EXPECT_TRUE(problems.empty()) << describe(problems);
}

TEST(Validate, TheSeedCableOnItsOwnDate) {
  const std::string text = read_file(fs::path(CHANCERY_SHARED_DIR) / "corpus" / "07TELAVIV557.txt");
  if (text.empty()) GTEST_SKIP() << "no seed cable in " << CHANCERY_SHARED_DIR;
  Result<Cable> cable = parse::read_plain(text);
  ASSERT_TRUE(cable) << cable.error().to_string();
  const Draft d = draft_from_cable(*cable);
  const std::vector<Problem> problems = validate(d, context("2007-02-22"));
  std::vector<std::string> errors, warnings;
  for (const Problem& p : problems) {
    (p.severity == Severity::kError ? errors : warnings).push_back(p.field + ": " + p.message);
  }
  EXPECT_TRUE(errors.empty()) << describe(problems);
  // What remains: the subject carries no portion mark, its four references
  // (07TELAVIV553-556) are not in this test's archive, and the seed, as
  // archived, has no signature line.
  EXPECT_EQ(warnings,
            (std::vector<std::string>{
                "subject_marking: the subject of a classified cable is normally portion-marked",
                "references[0]: 07TELAVIV553 (\"Tel aviv 00553\") is not in the archive",
                "references[1]: 07TELAVIV554 (\"Tel aviv 00554\") is not in the archive",
                "references[2]: 07TELAVIV555 (\"Tel aviv 00555\") is not in the archive",
                "references[3]: 07TELAVIV556 (\"Tel aviv 00556\") is not in the archive",
                "signature: no signature: a cable ends with the name of the chief of mission or the "
                "Secretary"}))
      << describe(problems);
}

}  // namespace
}  // namespace chancery::compose
