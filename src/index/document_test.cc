#include "index/document.h"

#include <xapian.h>

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "index/index_terms.h"

namespace chancery::index {
namespace {

// Terms of a document with their positions.
std::map<std::string, std::vector<Xapian::termpos>> terms_of(const Xapian::Document& doc) {
  std::map<std::string, std::vector<Xapian::termpos>> out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    std::vector<Xapian::termpos>& positions = out[*t];
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) positions.push_back(*p);
  }
  return out;
}

using Positions = std::vector<Xapian::termpos>;

// The document of a cable whose portions all share one visibility.
Xapian::Document build_document(const Cable& cable, std::string_view digest, Tokenizer& tok) {
  const access::CableAccess access = access::access_of(cable);
  std::vector<Xapian::Document> docs = build_documents(cable, access, digest, tok);
  EXPECT_EQ(docs.size(), 1U);
  return docs.empty() ? Xapian::Document() : docs.front();
}

Cable seed_like() {
  Cable c;
  c.id = "07telaviv557";
  c.origin = "Embassy Tel Aviv";
  c.created = "2007-02-22T07:11Z";
  c.classification = "SECRET//NOFORN";
  c.handling = {"SIPDIS", "NOFORN"};
  c.from = "AMEMBASSY TEL AVIV";
  c.to.resize(1);
  c.to[0].route = "RUEHC";
  c.to[0].name = "SECSTATE WASHDC";
  c.info.resize(2);
  c.info[0].name = "IRAN COLLECTIVE";
  c.info[1].name = "USMISSION USUN";
  c.subject = "Iran's programs";
  c.tags = {"PREL", "parm"};
  c.references = {Reference{.bullet = "a", .id = "07TELAVIV553", .text = "Tel aviv 00553"},
                  Reference{.bullet = "b", .id = std::nullopt, .text = "phone call"}};
  c.body = "Nuclear talks";
  return c;
}

// Portions first (the subject, then the body), then the header's fields.
TEST(BuildDocument, IndexesTextFieldsWithGapsBetweenThem) {
  Tokenizer tok;
  const auto terms = terms_of(build_document(seed_like(), "abc", tok));
  constexpr Xapian::termpos kGap = terms::kFieldGap;
  struct Case {
    std::string term;
    Positions positions;
  };
  for (const Case& c : {
           Case{"Siran", {1}},  // "Iran's": stems only (index_terms.h)
           Case{"Sprogram", {2}},
           Case{"nuclear", {2 + kGap + 1}},
           Case{"talk", {2 + kGap + 2}},
           Case{"XOembassi", {4 + 2 * kGap + 1}},
           Case{"XOaviv", {4 + 2 * kGap + 3}},
           Case{"XFamembassi", {7 + 3 * kGap + 1}},
           Case{"XTsecstat", {10 + 4 * kGap + 1}},
           Case{"XTwashdc", {10 + 4 * kGap + 2}},
           Case{"XIiran", {12 + 5 * kGap + 1}},
           Case{"XIusmiss", {14 + 6 * kGap + 1}},
       }) {
    SCOPED_TRACE(c.term);
    ASSERT_TRUE(terms.contains(c.term));
    EXPECT_EQ(terms.at(c.term), c.positions);
  }
}

TEST(BuildDocument, AddsBooleanTermsNormalised) {
  Tokenizer tok;
  const auto terms = terms_of(build_document(seed_like(), "abc", tok));
  for (const std::string term :
       {"Q07TELAVIV557", "KPREL", "KPARM", "XCSECRET", "XHSIPDIS", "XHNOFORN", "XR07TELAVIV553",
        "Y2007", "XM200702", "XEEmbassy Tel Aviv", "XL2", "XVNOFORN", "XVSIPDIS"}) {
    SCOPED_TRACE(term);
    ASSERT_TRUE(terms.contains(term));
    EXPECT_TRUE(terms.at(term).empty());
  }
  int boolean = 0;
  for (const auto& [term, positions] : terms) {
    if (term[0] >= 'A' && term[0] <= 'Y' && !term.starts_with("S") && !term.starts_with("XO") &&
        !term.starts_with("XF") && !term.starts_with("XT") && !term.starts_with("XI")) {
      ++boolean;
    }
  }
  EXPECT_EQ(boolean, 13);
}

TEST(BuildDocument, ReadsLevelAndCaveatsFromTheClassification) {
  struct Case {
    std::string classification;
    std::vector<std::string> terms;
  };
  for (const Case& c :
       {Case{"TOP SECRET", {"XCTOP SECRET"}},
        Case{"UNCLASSIFIED//FOR OFFICIAL USE ONLY", {"XCUNCLASSIFIED", "XHFOR OFFICIAL USE ONLY"}},
        Case{"confidential//noforn//orcon", {"XCCONFIDENTIAL", "XHNOFORN", "XHORCON"}}}) {
    SCOPED_TRACE(c.classification);
    Cable cable;
    cable.classification = c.classification;
    Tokenizer tok;
    const auto terms = terms_of(build_document(cable, "", tok));
    std::vector<std::string> got;
    for (const auto& [term, positions] : terms) {
      if (term.starts_with("XC") || term.starts_with("XH")) got.push_back(term);
    }
    EXPECT_EQ(got, c.terms);
  }
}

TEST(BuildDocument, SetsValuesAndData) {
  Tokenizer tok;
  const Cable cable = seed_like();
  const Xapian::Document doc = build_document(cable, "0123abcd", tok);
  EXPECT_EQ(doc.get_value(terms::kSlotCreated), "200702220711");
  EXPECT_EQ(doc.get_value(terms::kSlotDigest), "0123abcd");
  Result<Listing> listing = decode_listing(doc.get_data());
  ASSERT_TRUE(listing) << listing.error().to_string();
  EXPECT_EQ(listing->id, "07telaviv557");
  EXPECT_EQ(listing->origin, "Embassy Tel Aviv");
  EXPECT_EQ(listing->created, "2007-02-22T07:11Z");
  EXPECT_EQ(listing->classification, "SECRET//NOFORN");
  EXPECT_EQ(listing->subject, "Iran's programs");
  EXPECT_EQ(listing->tags, (std::vector<std::string>{"PREL", "parm"}));
  EXPECT_EQ(listing->portions, "*");
  // No DECL line: 31 December of the 25th year after 2007.
  EXPECT_EQ(doc.get_value(terms::kSlotRelease), "20321231");
}

// A cable whose portions differ is a document per visibility: a word of a
// SECRET paragraph is only in the SECRET group's document.
TEST(BuildDocuments, GroupsPortionsByVisibility) {
  Cable cable = seed_like();
  cable.classification = "SECRET";
  cable.handling = {"SIPDIS"};
  cable.declassify_on = "2017-02-09";
  cable.paragraphs = {Paragraph{.number = "1", .marking = "S", .text = "Mossad briefing"},
                      Paragraph{.number = "2", .marking = "U", .text = "Cleared by Joseph"}};
  cable.body = "SUBJECT: Iran's programs\n\n1. (S) Mossad briefing\n\n2. (U) Cleared by Joseph\n";
  Tokenizer tok;
  const access::CableAccess access = access::access_of(cable);
  const std::vector<Xapian::Document> docs = build_documents(cable, access, "d", tok);
  ASSERT_EQ(docs.size(), 2U);
  const auto secret = terms_of(docs[0]);
  const auto open = terms_of(docs[1]);
  EXPECT_TRUE(secret.contains("XL2"));
  EXPECT_TRUE(secret.contains("Siran"));  // the unmarked subject inherits SECRET
  EXPECT_TRUE(secret.contains("mossad"));
  EXPECT_FALSE(open.contains("mossad"));
  EXPECT_FALSE(open.contains("Siran"));
  EXPECT_TRUE(open.contains("XL0"));
  EXPECT_TRUE(open.contains("clear"));
  EXPECT_FALSE(secret.contains("clear"));
  // The header is in both.
  for (const auto* terms : {&secret, &open}) {
    EXPECT_TRUE(terms->contains("Q07TELAVIV557"));
    EXPECT_TRUE(terms->contains("XOembassi"));
    EXPECT_TRUE(terms->contains("XVSIPDIS"));
  }
  EXPECT_EQ(docs[0].get_value(terms::kSlotRelease), "20170209");
  EXPECT_EQ(docs[1].get_value(terms::kSlotRelease), "");  // unclassified: nothing to lapse
  Result<Listing> s = decode_listing(docs[0].get_data());
  Result<Listing> u = decode_listing(docs[1].get_data());
  ASSERT_TRUE(s && u);
  EXPECT_EQ(s->portions, "s,0,t");
  EXPECT_EQ(u->portions, "1");
  EXPECT_EQ(s->subject_visibility, s->visibility);
  EXPECT_EQ(u->subject_visibility, s->visibility);
  Result<access::Visibility> v = decode_visibility(u->visibility);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->level, access::Level::kUnclassified);
  EXPECT_EQ(v->controls, std::vector<std::string>{"SIPDIS"});
}

TEST(Visibility, RoundTrips) {
  for (const access::Visibility& v :
       {access::Visibility{}, access::Visibility{.level = access::Level::kSecret,
                                                 .controls = {"NOFORN", "REL", "SIPDIS"},
                                                 .rel_to = {"GBR", "NATO"},
                                                 .release = "2017-02-09"}}) {
    Result<access::Visibility> back = decode_visibility(encode_visibility(v));
    ASSERT_TRUE(back) << back.error().to_string();
    EXPECT_EQ(*back, v);
  }
  EXPECT_FALSE(decode_visibility(""));
  EXPECT_FALSE(decode_visibility("7\x1e\x1e\x1e"));
}

TEST(BuildDocument, CreatedSlotNeedsADate) {
  struct Case {
    std::string created;
    std::string slot;
  };
  for (const Case& c :
       {Case{"2007-02-22T07:11Z", "200702220711"}, Case{"2007-02-22", "200702220000"},
        Case{"2007-02", ""}, Case{"", ""}, Case{"yesterday", ""}}) {
    SCOPED_TRACE(c.created);
    Cable cable;
    cable.created = c.created;
    Tokenizer tok;
    EXPECT_EQ(build_document(cable, "", tok).get_value(terms::kSlotCreated), c.slot);
  }
}

// Without a classification a cable is TOP SECRET (fail closed).
TEST(BuildDocument, EmptyCableHasOnlyItsLevelValuesAndData) {
  Tokenizer tok;
  const Xapian::Document doc = build_document(Cable{}, "d", tok);
  EXPECT_EQ(doc.termlist_count(), 1U);
  EXPECT_TRUE(terms_of(doc).contains("XL3"));
  EXPECT_EQ(doc.get_value(terms::kSlotCreated), "");
  EXPECT_EQ(doc.get_value(terms::kSlotDigest), "d");
  Result<Listing> listing = decode_listing(doc.get_data());
  ASSERT_TRUE(listing);
  EXPECT_EQ(listing->id, "");
  EXPECT_EQ(listing->portions, "*");
}

TEST(BuildDocument, LeavesOutTermsTooLongForXapian) {
  Cable cable;
  cable.tags = {std::string(300, 'T'), "PREL"};
  Tokenizer tok;
  const auto terms = terms_of(build_document(cable, "", tok));
  EXPECT_EQ(terms.size(), 2U);
  EXPECT_TRUE(terms.contains("KPREL"));
  EXPECT_TRUE(terms.contains("XL3"));
}

Listing make_listing(std::string id, std::vector<std::string> tags) {
  Listing l;
  l.id = std::move(id);
  l.tags = std::move(tags);
  return l;
}

TEST(Listing, RoundTrips) {
  for (const Listing& l : {Listing{}, make_listing("07TELAVIV557", {"", "PREL"}),
                           Listing{"a\x1f"
                                   "b",
                                   std::string(300, 'o'),
                                   "2007",
                                   "SECRET",
                                   std::string("\0\xff", 2),
                                   {},
                                   "s,0,t",
                                   "2",
                                   "0"}}) {
    Result<Listing> back = decode_listing(encode_listing(l));
    ASSERT_TRUE(back) << back.error().to_string();
    EXPECT_EQ(*back, l);
  }
}

TEST(Listing, RefusesBytesOfNoListing) {
  const std::string good = encode_listing(make_listing("X", {"A", "B"}));
  for (std::size_t cut = 0; cut < good.size(); ++cut) {
    Result<Listing> r = decode_listing(good.substr(0, cut));
    ASSERT_FALSE(r) << cut;
    EXPECT_EQ(r.error().code, Errc::kInvalidInput);
  }
  EXPECT_FALSE(decode_listing(good + "x"));
  EXPECT_FALSE(decode_listing("\x01" + good.substr(1)));  // an older layout
  EXPECT_FALSE(decode_listing(std::string("\x02\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 11)));
}

}  // namespace
}  // namespace chancery::index
