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

TEST(BuildDocument, IndexesTextFieldsWithGapsBetweenThem) {
  Tokenizer tok;
  const auto terms = terms_of(build_document(seed_like(), "abc", tok));
  constexpr Xapian::termpos kGap = terms::kFieldGap;
  struct Case {
    std::string term;
    Positions positions;
  };
  for (const Case& c : {
           Case{"nuclear", {1}},
           Case{"talks", {2}},
           Case{"Ztalk", {}},
           Case{"Siran's", {2 + kGap + 1}},
           Case{"Sprograms", {2 + kGap + 2}},
           Case{"ZSprogram", {}},
           Case{"XOembassy", {4 + 2 * kGap + 1}},
           Case{"XOaviv", {4 + 2 * kGap + 3}},
           Case{"ZXOaviv", {}},
           Case{"XFamembassy", {7 + 3 * kGap + 1}},
           Case{"XTsecstate", {10 + 4 * kGap + 1}},
           Case{"XTwashdc", {10 + 4 * kGap + 2}},
           Case{"XIiran", {12 + 5 * kGap + 1}},
           Case{"XIusmission", {14 + 6 * kGap + 1}},
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
        "Y2007", "XM200702", "XEEmbassy Tel Aviv"}) {
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
  EXPECT_EQ(boolean, 10);
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

TEST(BuildDocument, EmptyCableHasOnlyItsValuesAndData) {
  Tokenizer tok;
  const Xapian::Document doc = build_document(Cable{}, "d", tok);
  EXPECT_EQ(doc.termlist_count(), 0U);
  EXPECT_EQ(doc.get_value(terms::kSlotCreated), "");
  EXPECT_EQ(doc.get_value(terms::kSlotDigest), "d");
  Result<Listing> listing = decode_listing(doc.get_data());
  ASSERT_TRUE(listing);
  EXPECT_EQ(*listing, Listing{});
}

TEST(BuildDocument, LeavesOutTermsTooLongForXapian) {
  Cable cable;
  cable.tags = {std::string(300, 'T'), "PREL"};
  Tokenizer tok;
  const auto terms = terms_of(build_document(cable, "", tok));
  EXPECT_EQ(terms.size(), 1U);
  EXPECT_TRUE(terms.contains("KPREL"));
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
                                   {}}}) {
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
  EXPECT_FALSE(decode_listing("\x02" + good.substr(1)));
  EXPECT_FALSE(decode_listing(std::string("\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 11)));
}

}  // namespace
}  // namespace chancery::index
