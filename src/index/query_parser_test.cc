#include "index/query_parser.h"

#include <xapian.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "index/index_terms.h"
#include "index/query_fields.h"

#define ASSERT_OK(r) ASSERT_TRUE((r).has_value()) << (r).error().to_string()

namespace chancery::index {
namespace {

struct Case {
  std::string_view query;
  std::string_view parsed;  // Xapian::Query::get_description()
};

// The table the issue asks for: queries and the Xapian queries they become.
// Every word becomes its stem (STEM_ALL; the index holds stems only),
// capitalised or in a phrase too; "0 *" marks a filter, which adds no weight. Plain words search the
// text and the subject (S-prefixed terms) both.
TEST(QueryParser, ReadsEachQueryAsTheTableSays) {
  const QueryParser parser;
  for (const Case& c : std::vector<Case>{
           // Everything.
           {"", "Query(<alldocuments>)"},
           {"*", "Query(<alldocuments>)"},
           {"  *  ", "Query(<alldocuments>)"},
           // Free text: words are ANDed and stemmed.
           {"iran nuclear", "Query(((iran@1 OR Siran@1) AND (nuclear@2 OR Snuclear@2)))"},
           {"Iran Programs", "Query(((iran@1 OR Siran@1) AND (program@2 OR Sprogram@2)))"},
           {"IRAN", "Query((iran@1 OR Siran@1))"},
           {"war and peace", "Query(((war@1 OR Swar@1) AND (and@2 OR Sand@2) AND (peac@3 OR Speac@3)))"},
           // Phrases and proximity.
           {"\"nuclear program\"", "Query(((nuclear@1 PHRASE 2 program@2) OR (Snuclear@1 PHRASE 2 Sprogram@2)))"},
           {"\xe2\x80\x9ciran nuclear\xe2\x80\x9d", "Query(((iran@1 PHRASE 2 nuclear@2) OR (Siran@1 PHRASE 2 Snuclear@2)))"},
           {"iran NEAR sanctions", "Query(((iran@1 NEAR 11 sanction@2) OR (Siran@1 NEAR 11 Ssanction@2)))"},
           {"iran NEAR/3 sanctions", "Query(((iran@1 NEAR 4 sanction@2) OR (Siran@1 NEAR 4 Ssanction@2)))"},
           {"iran ADJ sanctions", "Query(((iran@1 PHRASE 11 sanction@2) OR (Siran@1 PHRASE 11 Ssanction@2)))"},
           // Boolean operators (upper case only), +/-, groups.
           {"iran AND iraq", "Query(((iran@1 OR Siran@1) AND (iraq@2 OR Siraq@2)))"},
           {"iran OR iraq", "Query((iran@1 OR Siran@1 OR (iraq@2 OR Siraq@2)))"},
           {"iran NOT iraq", "Query(((iran@1 OR Siran@1) AND_NOT (iraq@2 OR Siraq@2)))"},
           {"iran AND NOT iraq", "Query(((iran@1 OR Siran@1) AND_NOT (iraq@2 OR Siraq@2)))"},
           {"iran XOR iraq", "Query(((iran@1 OR Siran@1) XOR (iraq@2 OR Siraq@2)))"},
           {"NOT iran", "Query((<alldocuments> AND_NOT (iran@1 OR Siran@1)))"},
           {"(iran OR iraq) AND nuclear", "Query(((iran@1 OR Siran@1 OR (iraq@2 OR Siraq@2)) AND (nuclear@3 OR Snuclear@3)))"},
           {"+iran -iraq", "Query(((iran@1 OR Siran@1) AND_NOT (iraq@2 OR Siraq@2)))"},
           // Wildcards (expanded at match time; see WildcardsExpandAgainstTheIndex).
           {"iran*", "Query((WILDCARD OR iran SYNONYM WILDCARD OR Siran))"},
           // Text fields.
           {"subject:iran", "Query(Siran@1)"},
           {"subject:\"nuclear program\"", "Query((Snuclear@1 PHRASE 2 Sprogram@2))"},
           {"origin:tel", "Query(0 * XOtel@1)"},
           {"origin:\"Tel Aviv\"", "Query(0 * (XOtel@1 PHRASE 2 XOaviv@2))"},
           {"from:amembassy", "Query(XFamembassi@1)"},
           {"to:secstate", "Query(XTsecstat@1)"},
           {"info:usun", "Query(XIusun@1)"},
           // id: and ref:, any case; a trailing * is a prefix.
           {"id:07telaviv557", "Query(0 * Q07TELAVIV557)"},
           {"id:07TELAVIV*", "Query(0 * WILDCARD SYNONYM Q07TELAVIV)"},
           {"id:07tel*", "Query(0 * WILDCARD SYNONYM Q07TEL)"},
           {"ref:07telaviv553", "Query(0 * XR07TELAVIV553)"},
           // tag: (several are ANDed: a cable has many tags).
           {"tag:prel", "Query(0 * KPREL)"},
           {"tag:P*", "Query(0 * WILDCARD SYNONYM KP)"},
           {"tag:prel tag:pgov", "Query(0 * (KPREL AND KPGOV))"},
           {"tag:prel OR tag:pgov", "Query((0 * KPREL OR 0 * KPGOV))"},
           {"NOT tag:prel", "Query((<alldocuments> AND_NOT KPREL))"},
           {"-tag:prel iran", "Query(((iran@1 OR Siran@1) AND_NOT KPREL))"},
           // class: levels, their letters, banners (several are ORed: one per cable).
           {"class:secret", "Query(0 * XCSECRET)"},
           {"class:s", "Query(0 * XCSECRET)"},
           {"class:TS", "Query(0 * XCTOP SECRET)"},
           {"class:\"top secret\"", "Query(0 * XCTOP SECRET)"},
           {"class:C", "Query(0 * XCCONFIDENTIAL)"},
           {"class:u", "Query(0 * XCUNCLASSIFIED)"},
           {"class:SECRET//NOFORN", "Query(0 * (XCSECRET AND XHNOFORN))"},
           {"class:u//fouo", "Query(0 * (XCUNCLASSIFIED AND XHFOR OFFICIAL USE ONLY))"},
           {"class:s class:c", "Query(0 * (XCSECRET OR XCCONFIDENTIAL))"},
           // handling: captions and their short forms.
           {"handling:noforn", "Query(0 * XHNOFORN)"},
           {"handling:nf", "Query(0 * XHNOFORN)"},
           {"handling:fouo", "Query(0 * XHFOR OFFICIAL USE ONLY)"},
           {"handling:\"for official use only\"", "Query(0 * XHFOR OFFICIAL USE ONLY)"},
           {"handling:Sipdis handling:noforn", "Query(0 * (XHSIPDIS AND XHNOFORN))"},
           // year: one, several, a range (open ends become date ranges).
           {"year:2007", "Query(0 * Y2007)"},
           {"year:2007 year:2009", "Query(0 * (Y2007 OR Y2009))"},
           {"year:2007..2009", "Query(0 * (Y2007 OR Y2008 OR Y2009))"},
           {"year:..2007", "Query(VALUE_LE 0 200712312359)"},
           {"year:2009..", "Query(VALUE_GE 0 200901010000)"},
           // date: a year, a month, a day, ranges of them, open ends.
           {"date:2007", "Query(0 * Y2007)"},
           {"date:2008-02", "Query(0 * XM200802)"},
           {"date:2007-02-22", "Query(0 * (XM200702 AND VALUE_RANGE 0 200702220000 200702222359))"},
           {"date:2007-1-5", "Query(0 * (XM200701 AND VALUE_RANGE 0 200701050000 200701052359))"},
           {"date:2007-01..2007-03", "Query(0 * (XM200701 OR XM200702 OR XM200703))"},
           {"date:2007-02-22..2007-02-22", "Query(0 * (XM200702 AND VALUE_RANGE 0 200702220000 200702222359))"},
           {"date:2007-11..2009-02", "Query(0 * (XM200711 OR XM200712 OR Y2008 OR XM200901 OR XM200902))"},
           {"date:2007-12-30..2008-01-02", "Query(0 * ((XM200712 AND VALUE_RANGE 0 200712300000 200712312359) OR (XM200801 AND VALUE_RANGE 0 200801010000 200801022359)))"},
           {"date:2007-12-01..2009-01-31", "Query(0 * (XM200712 OR Y2008 OR XM200901))"},
           {"date:1900..2200", "Query(VALUE_RANGE 0 190001010000 220012312359)"},
           {"date:..2007-01", "Query(VALUE_LE 0 200701312359)"},
           {"date:2009..", "Query(VALUE_GE 0 200901010000)"},
           {"date:2007 date:2009..",
            "Query(0 * (Y2007 OR VALUE_GE 0 200901010000))"},
           // Fields together: filters on different fields are ANDed.
           {"Tel Aviv iran id:07telaviv557 date:2007",
            "Query((((tel@1 OR Stel@1) AND (aviv@2 OR Saviv@2) AND (iran@3 OR Siran@3)) FILTER "
            "(Y2007 AND Q07TELAVIV557)))"},
           // Unicode words.
           {"Ελλάδα", "Query((ελλάδα@1 OR Sελλάδα@1))"},
           {"Müller", "Query((müller@1 OR Smüller@1))"},
           {"café", "Query((café@1 OR Scafé@1))"},
           {"北京", "Query((北京@1 OR S北京@1))"},
           // Not fields, not ranges: text.
           {"wait...", "Query(0 * (wait@1 OR Swait@1))"},
           {"iran ...", "Query(((iran@1 OR Siran@1) FILTER <alldocuments>))"},
           {"1.4..5", "Query(0 * ((1.4@1 OR S1.4@1) AND (5@2 OR S5@2)))"},
           {"http://www.state.gov",
            "Query(((http@1 PHRASE 4 www@2 PHRASE 4 state@3 PHRASE 4 gov@4) OR "
            "(Shttp@1 PHRASE 4 Swww@2 PHRASE 4 Sstate@3 PHRASE 4 Sgov@4)))"},
           {"10:30", "Query(((10@1 PHRASE 2 30@2) OR (S10@1 PHRASE 2 S30@2)))"},
           {"\"foo:bar\"", "Query(((foo@1 PHRASE 2 bar@2) OR (Sfoo@1 PHRASE 2 Sbar@2)))"},
           {"tag:foo:bar (subject:re:iran)", "Query(((Sre@1 PHRASE 2 Siran@2) FILTER KFOO:BAR))"},
       }) {
    SCOPED_TRACE(c.query);
    Result<Xapian::Query> query = parser.parse(c.query);
    ASSERT_OK(query);
    EXPECT_EQ(query->get_description(), c.parsed);
  }
}

struct BadCase {
  std::string_view query;
  std::string_view message;
};

// With an index that holds phrase pairs (phrase_pairs.h), an exact phrase
// over a listed pair is the AND of its words filtered by the pair's term; a
// longer phrase keeps its positions, filtered by its pairs; anything else
// (an unlisted pair, a field's phrase, a wider window) is as without.
TEST(QueryParser, ExactPhrasesOverListedPairsUseTheirTerms) {
  const QueryParser parser(nullptr, /*phrase_pairs=*/true);
  for (const Case& c : std::vector<Case>{
           {"\"human rights\"",
            "Query((((human@1 AND right@2) FILTER XPhuman right) OR (Shuman@1 PHRASE 2 Sright@2)))"},
           {"\"the prime minister said\"",
            "Query((((the@1 PHRASE 4 prime@2 PHRASE 4 minist@3 PHRASE 4 said@4) FILTER XPprime minist) OR "
            "(Sthe@1 PHRASE 4 Sprime@2 PHRASE 4 Sminist@3 PHRASE 4 Ssaid@4)))"},
           {"iran NOT \"nuclear program\"",
            "Query(((iran@1 OR Siran@1) AND_NOT (((nuclear@2 AND program@3) FILTER XPnuclear program) OR "
            "(Snuclear@2 PHRASE 2 Sprogram@3))))"},
           {"\"human rights\" OR iran",
            "Query((((human@1 AND right@2) FILTER XPhuman right) OR (Shuman@1 PHRASE 2 Sright@2) OR "
            "(iran@3 OR Siran@3)))"},
           // Not listed, a field's, a window: unchanged.
           {"\"rights human\"", "Query(((right@1 PHRASE 2 human@2) OR (Sright@1 PHRASE 2 Shuman@2)))"},
           {"subject:\"human rights\"", "Query((Shuman@1 PHRASE 2 Sright@2))"},
           {"human ADJ rights", "Query(((human@1 PHRASE 11 right@2) OR (Shuman@1 PHRASE 11 Sright@2)))"},
       }) {
    Result<Xapian::Query> q = parser.parse(c.query);
    ASSERT_OK(q);
    EXPECT_EQ(q->get_description(), c.parsed) << "query: " << c.query;
  }
  // Without pairs in the index, the same phrase is a phrase.
  Result<Xapian::Query> plain = QueryParser().parse("\"human rights\"");
  ASSERT_OK(plain);
  EXPECT_EQ(plain->get_description(), "Query(((human@1 PHRASE 2 right@2) OR (Shuman@1 PHRASE 2 Sright@2)))");
}

TEST(QueryParser, RefusesWhatItCannotReadWithAMessage) {
  const QueryParser parser;
  for (const BadCase& c : std::vector<BadCase>{
           {"\"unbalanced", "unbalanced quote: a phrase opened with '\"' is never closed"},
           {"\xe2\x80\x9ciran", "unbalanced quote: a phrase opened with '\"' is never closed"},
           {"iran)", "unbalanced parenthesis: a ')' closes nothing"},
           {"(iran", "unbalanced parenthesis: a '(' is never closed"},
           {"foo:bar",
            "unknown field 'foo:': fields are id: tag: class: handling: ref: year: date: subject: "
            "origin: from: to: info: (to search for the text, quote it: \"foo:...\")"},
           {"iran tags:prel",
            "unknown field 'tags:': fields are id: tag: class: handling: ref: year: date: "
            "subject: origin: from: to: info: (to search for the text, quote it: \"tags:...\")"},
           {"Subject:iran", "unknown field 'Subject:': field names are lower case (subject:)"},
           {"date:2007-13", "bad date '2007-13': there is no month 13"},
           {"date:2007-02-29", "bad date '2007-02-29': 2007-02 has no day 29"},
           {"date:07", "bad date '07': write YYYY, YYYY-MM or YYYY-MM-DD"},
           {"date:2007/02", "bad date '2007/02': write YYYY, YYYY-MM or YYYY-MM-DD"},
           {"date:2009..2007", "date range 2009..2007 ends before it begins"},
           {"date:2007-13..2008", "bad date '2007-13': there is no month 13"},
           {"date:..", "date:.. needs at least one date"},
           {"year:07", "bad year '07': write four digits, as in year:2007"},
           {"year:abc..2007", "bad year 'abc': write four digits, as in year:2007"},
           {"year:2009..2007", "year range 2009..2007 ends before it begins"},
           {"year:1000..2000", "year range 1000..2000 spans more than 200 years"},
           {"class:foo",
            "unknown classification 'foo': use top secret, secret, confidential or unclassified "
            "(or ts, s, c, u)"},
           {"class:top",
            "unknown classification 'top' (quote it: class:\"top secret\"): use top secret, "
            "secret, confidential or unclassified (or ts, s, c, u)"},
           {"id:07*TEL", "'*' can only end a value, as in id:07*"},
           {"tag:\"\"", "tag: needs a value"},
           {"iran AND",
            "AND needs a search term on each side (write it in lower case to search for the word)"},
           {"OR iran",
            "OR needs a search term on each side (write it in lower case to search for the word)"},
           {"OR NEAR/2 x",
            "OR needs a search term on each side (write it in lower case to search for the word)"},
           {"iran AND ADJ/3 OR ADJ/3",
            "OR needs a search term on each side (write it in lower case to search for the word)"},
           {"iran NOT",
            "NOT needs a search term after it (write it in lower case to search for the word)"},
           {"()", "the query has no words to search for"},
           {".", "the query has no words to search for"},
           {"...", "the query has no words to search for"},
           {"iran \xff", "the query is not valid UTF-8"},
       }) {
    SCOPED_TRACE(c.query);
    Result<Xapian::Query> query = parser.parse(c.query);
    ASSERT_FALSE(query.has_value()) << query->get_description();
    EXPECT_EQ(query.error().code, Errc::kInvalidInput);
    EXPECT_EQ(query.error().message, c.message);
    EXPECT_EQ(query.error().hint, "see docs/search.md");
  }
}

TEST(QueryParser, RefusesQueriesLongerThanFourKiB) {
  const QueryParser parser;
  std::string text;
  while (text.size() < kMaxQueryBytes) text += "iran ";
  text.resize(kMaxQueryBytes);
  EXPECT_TRUE(parser.parse(text).has_value());
  text += "x";
  Result<Xapian::Query> query = parser.parse(text);
  ASSERT_FALSE(query.has_value());
  EXPECT_EQ(query.error().code, Errc::kInvalidInput);
  EXPECT_EQ(query.error().message, "the query is 4097 bytes long; the limit is 4096");
}

// A small index shaped as the document builder writes one (index_terms.h).
class QueryParserIndex : public ::testing::Test {
 protected:
  struct Doc {
    std::string id;
    std::string created;  // the slot's "YYYYMMDDHHMM", "" when unknown
    std::vector<std::string> terms;
  };

  QueryParserIndex() : db_(std::string(), Xapian::DB_BACKEND_INMEMORY) {
    for (const Doc& d : std::vector<Doc>{
             {"07TELAVIV557",
              "200702221200",
              {"iran", "nuclear", "KPREL", "KMNUC", "XCSECRET", "XHNOFORN", "XEEmbassy Tel Aviv", "XOembassi", "XOtel", "XOaviv",
               "Y2007"}},
             {"07TELAVIV553",
              "200701010000",
              {"iraq", "KPGOV", "XCCONFIDENTIAL", "Y2007", "XEEmbassy Tel Aviv", "XOembassi", "XOtel", "XOaviv"}},
             {"07BAGHDAD100",
              "200703312359",
              {"iraq", "irrig", "KPREL", "KPTER", "XCUNCLASSIFIED", "XEEmbassy Baghdad", "XOembassi", "XObaghdad",
               "Y2007"}},
             {"08ROME10", "200804010000", {"ireland", "KECON", "XCSECRET", "Y2008"}},
             {"06PARIS1", "200612312359", {"pari", "KPREL", "Y2006", "XEParis", "XOpari"}},
             {"09NODATE1", "", {"iran"}},
         }) {
      Xapian::Document doc;
      doc.set_data(d.id);
      doc.add_boolean_term(std::string(terms::kId) + d.id);
      doc.add_value(terms::kSlotCreated, d.created);
      // The date terms the document builder adds beside the slot.
      if (!d.created.empty()) {
        doc.add_boolean_term(std::string(terms::kYear) + d.created.substr(0, 4));
        doc.add_boolean_term(std::string(terms::kMonth) + d.created.substr(0, 6));
      }
      for (const std::string& term : d.terms) doc.add_term(term);
      db_.add_document(doc);
    }
  }

  // The ids of the cables `query` matches, sorted.
  std::vector<std::string> matches(const Xapian::Query& query) const {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    std::vector<std::string> ids;
    for (Xapian::MSetIterator it = enquire.get_mset(0, db_.get_doccount()).begin();
         it != Xapian::MSetIterator(); ++it) {
      ids.push_back(it.get_document().get_data());
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  Xapian::WritableDatabase db_;
};

TEST_F(QueryParserIndex, WildcardsExpandAgainstTheIndex) {
  struct IndexCase {
    std::string_view query;
    std::string_view parsed;
    std::vector<std::string> ids;
  };
  const QueryParser with_db(&db_);
  const QueryParser without_db;
  for (const IndexCase& c : std::vector<IndexCase>{
           {"ir*",
            "Query((WILDCARD OR ir SYNONYM WILDCARD OR Sir))",
            {"07BAGHDAD100", "07TELAVIV553", "07TELAVIV557", "08ROME10", "09NODATE1"}},
           {"ira*",
            "Query((WILDCARD OR ira SYNONYM WILDCARD OR Sira))",
            {"07BAGHDAD100", "07TELAVIV553", "07TELAVIV557", "09NODATE1"}},
           {"ira* NOT iraq",
            "Query(((WILDCARD OR ira SYNONYM WILDCARD OR Sira) AND_NOT (iraq@2 OR Siraq@2)))",
            {"07TELAVIV557", "09NODATE1"}},
           {"id:07telaviv*",
            "Query(0 * WILDCARD SYNONYM Q07TELAVIV)",
            {"07TELAVIV553", "07TELAVIV557"}},
           {"tag:p*",
            "Query(0 * WILDCARD SYNONYM KP)",
            {"06PARIS1", "07BAGHDAD100", "07TELAVIV553", "07TELAVIV557"}},
           {"tag:p* -tag:prel", "Query((0 * WILDCARD SYNONYM KP AND_NOT KPREL))", {"07TELAVIV553"}},
       }) {
    SCOPED_TRACE(c.query);
    Result<Xapian::Query> query = with_db.parse(c.query);
    ASSERT_OK(query);
    EXPECT_EQ(query->get_description(), c.parsed);
    EXPECT_EQ(matches(*query), c.ids);
    // Xapian 1.4 expands at match time: without a database the query is the same.
    Result<Xapian::Query> plain = without_db.parse(c.query);
    ASSERT_OK(plain);
    EXPECT_EQ(plain->get_description(), c.parsed);
  }
}

TEST_F(QueryParserIndex, DatesAndFieldsFindTheirCables) {
  struct IndexCase {
    std::string_view query;
    std::vector<std::string> ids;
  };
  const QueryParser parser(&db_);
  for (const IndexCase& c : std::vector<IndexCase>{
           // Both ends are inclusive to the minute; a cable without a date is in no range.
           {"date:2007-01..2007-03", {"07BAGHDAD100", "07TELAVIV553", "07TELAVIV557"}},
           {"date:2007-02-22", {"07TELAVIV557"}},
           {"date:..2007-01", {"06PARIS1", "07TELAVIV553"}},
           {"date:2007-04..", {"08ROME10"}},
           {"date:2006 date:2008", {"06PARIS1", "08ROME10"}},
           {"year:2007..2008", {"07BAGHDAD100", "07TELAVIV553", "07TELAVIV557", "08ROME10"}},
           {"year:..2006", {"06PARIS1"}},
           {"class:s", {"07TELAVIV557", "08ROME10"}},
           {"class:secret//nf", {"07TELAVIV557"}},
           {"class:s OR class:u", {"07BAGHDAD100", "07TELAVIV557", "08ROME10"}},
           {"id:07TELAVIV557", {"07TELAVIV557"}},
           {"NOT tag:prel", {"07TELAVIV553", "08ROME10", "09NODATE1"}},
           {"iran", {"07TELAVIV557", "09NODATE1"}},
           {"iran year:2007", {"07TELAVIV557"}},
           // Whole months as terms, parts of months as terms and the slot.
           {"date:2007-03", {"07BAGHDAD100"}},
           {"date:2007-03-31..2007-04-01", {"07BAGHDAD100"}},
           {"date:2006-12-31..2007-01-01", {"06PARIS1", "07TELAVIV553"}},
           {"date:2006-12..2007-02", {"06PARIS1", "07TELAVIV553", "07TELAVIV557"}},
           {"date:2007-02-23..2007-03-30", {}},
           // origin: as the exact origins whose words hold the value.
           {"origin:\"tel aviv\"", {"07TELAVIV553", "07TELAVIV557"}},
           {"origin:\"Embassy Tel Aviv\"", {"07TELAVIV553", "07TELAVIV557"}},
           {"origin:\"aviv tel\"", {}},
           {"origin:embassy", {"07BAGHDAD100", "07TELAVIV553", "07TELAVIV557"}},
           {"origin:embassies", {"07BAGHDAD100", "07TELAVIV553", "07TELAVIV557"}},
           {"origin:baghdad iraq", {"07BAGHDAD100"}},
           {"origin:paris origin:baghdad", {"06PARIS1", "07BAGHDAD100"}},
           {"origin:rome", {}},
           {"origin:tel* nuclear", {"07TELAVIV557"}},
       }) {
    SCOPED_TRACE(c.query);
    Result<Xapian::Query> query = parser.parse(c.query);
    ASSERT_OK(query);
    EXPECT_EQ(matches(*query), c.ids);
  }
}

// The index holds stems: a wildcard typed past a stem ("election*", whose
// stem is "elect") also takes the stems the word starts with.
TEST(QueryParserStems, AWildcardTypedPastAStemFindsIt) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const std::vector<std::string>& terms :
       std::vector<std::vector<std::string>>{{"elect"}, {"electr"}, {"electioneer"}, {"negoti"}, {"Select"}}) {
    Xapian::Document doc;
    doc.set_data(terms[0]);
    for (const std::string& term : terms) doc.add_term(term);
    db.add_document(doc);
  }
  const QueryParser parser(&db);
  const auto found = [&](std::string_view text) {
    Result<Xapian::Query> query = parser.parse(text);
    EXPECT_TRUE(query) << text;
    std::vector<std::string> data;
    if (!query) return data;
    Xapian::Enquire enquire(db);
    enquire.set_query(*query);
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    for (auto it = mset.begin(); it != mset.end(); ++it) data.push_back(it.get_document().get_data());
    std::sort(data.begin(), data.end());
    return data;
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(found("election*"), (Ids{"Select", "elect", "electioneer"}));  // the subject too
  EXPECT_EQ(found("negotia*"), (Ids{"negoti"}));
  EXPECT_EQ(found("negotiation*"), (Ids{"negoti"}));
  EXPECT_EQ(found("elect*"), (Ids{"Select", "elect", "electioneer", "electr"}));
  EXPECT_EQ(found("subject:election*"), (Ids{"Select"}));
  EXPECT_EQ(found("election* negotia*"), (Ids{}));
  EXPECT_EQ(found("election* OR negotia*"), (Ids{"Select", "elect", "electioneer", "negoti"}));
  // Left as typed: quoted, signed, boolean fields.
  EXPECT_EQ(found("-election* negoti*"), (Ids{"negoti"}));
  EXPECT_EQ(found("\"election*\""), (Ids{"Select", "elect"}));  // a phrase: the word's stem, no wildcard
  EXPECT_EQ(parser.parse("tag:election*")->get_description(), "Query(0 * WILDCARD SYNONYM KELECTION)");
  // Widened as (word* OR stem): the parsed query shows it.
  EXPECT_EQ(parser.parse("negotia*")->get_description(),
            "Query(((WILDCARD OR negotia SYNONYM WILDCARD OR Snegotia) OR (negoti@2 OR Snegoti@2)))");
}

TEST(QueryParserBounds, WildcardExpansionIsBounded) {
  // 300 words starting "w", each alone in its cable: w* expands to 256 of them.
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  constexpr int kWords = 300;
  for (int word = 0; word < kWords; ++word) {
    Xapian::Document doc;
    doc.add_term(std::string("w").append(std::to_string(word)));
    db.add_document(doc);
  }
  Result<Xapian::Query> query = QueryParser(&db).parse("w*");
  ASSERT_OK(query);
  Xapian::Enquire enquire(db);
  enquire.set_query(*query);
  EXPECT_EQ(enquire.get_mset(0, kWords).size(), Xapian::doccount{query::kMaxWildcardExpansion});
}

TEST(QueryParserBounds, FuzzRegressionsParseOrFail) {
  // Inputs that once looked risky; each must parse or be refused, never throw.
  const QueryParser parser;
  for (std::string_view text : std::vector<std::string_view>{
           "((((((((((((((((((((iran))))))))))))))))))))", "\"\"\"\"", "NOT NOT NOT", "id:*",
           "tag:*", "date:..2007..2008", "year:2007....", ":", "a:", "a::b", "*:*",
           "\"a\" NEAR/99999999999 \"b\"", std::string_view("\0", 1), "..", "date:2007-..",
           "class:////"}) {
    SCOPED_TRACE(text);
    Result<Xapian::Query> query = parser.parse(text);
    if (!query) {
      EXPECT_NE(query.error().code, Errc::kInternal) << query.error().message;
    }
  }
}

}  // namespace
}  // namespace chancery::index
