// The index's vocabulary: how a cable becomes Xapian terms and values, and so
// what the query language can ask for. The document builder (src/index/document.cc)
// writes these terms and the query parser (src/index/query_parser.cc) reads them; this
// header is the contract between the two.
//
// Free text follows Xapian's own conventions, so that Xapian::QueryParser with
// STEM_ALL and the English stemmer finds what we index: each word is
// lowercased, stemmed and indexed as its stem with its position ("iran" for
// "Iran" and "Iran's", "program" for "programs"; tokenizer.h); phrases and
// wildcards match stems. Prefixed text fields put the prefix first
// ("Snuclear"). No unstemmed word is indexed, and no "Z" marks a stem. Text
// terms start with a lowercase letter, a digit or a non-ASCII character
// after their prefix; boolean terms with an uppercase value, under other
// prefixes: the two never meet.
#pragma once

#include <string_view>

#include <xapian.h>

namespace chancery::index::terms {

// Text fields: positional words (and Z-stems), searched by `field:word` and
// `field:"a phrase"`.
inline constexpr std::string_view kSubject = "S";   // subject:   the SUBJECT line
inline constexpr std::string_view kOrigin = "XO";   // origin:    "Embassy Tel Aviv"
inline constexpr std::string_view kFrom = "XF";     // from:      "AMEMBASSY TEL AVIV"
inline constexpr std::string_view kTo = "XT";       // to:        action addressees' names
inline constexpr std::string_view kInfo = "XI";     // info:      information addressees' names

// Boolean terms: the prefix + the value normalised as written here. Queries
// normalise the user's value the same way, so `tag:prel` finds "KPREL".
inline constexpr std::string_view kId = "Q";           // id:       "Q07TELAVIV557" (uppercase)
inline constexpr std::string_view kTag = "K";          // tag:      "KPREL" (uppercase)
inline constexpr std::string_view kClass = "XC";       // class:    "XCSECRET", "XCCONFIDENTIAL",
                                                       //           "XCUNCLASSIFIED", "XCTOP SECRET"
                                                       //           (level word(s) only, uppercase)
inline constexpr std::string_view kHandling = "XH";    // handling: "XHNOFORN" (uppercase)
inline constexpr std::string_view kRef = "XR";         // ref:      "XR07TELAVIV553" cited cable id
inline constexpr std::string_view kYear = "Y";         // year:     "Y2007"
inline constexpr std::string_view kMonth = "XM";       // (internal) "XM200702"
inline constexpr std::string_view kOriginExact = "XE"; // (internal) "XEEmbassy Tel Aviv" facet value
inline constexpr std::string_view kPair = "XP";        // (internal) "XPhuman right": a listed pair
                                                       //   of adjacent stems (phrase_pairs.h)

// Access terms (internal, never reachable from the query language): what a
// reader is filtered on (src/archive/access_filter.cc).
inline constexpr std::string_view kLevel = "XL";    // "XL2": the group's level, 0 UNCLASSIFIED .. 3 TOP SECRET
inline constexpr std::string_view kControl = "XV";  // "XVNOFORN", "XVEXDIS", "XVREL": each control
inline constexpr std::string_view kRelTo = "XN";    // "XNGBR": each entry of a REL TO list

// Value slots.
inline constexpr Xapian::valueno kSlotCreated = 0;  // "YYYYMMDDHHMM" ("" when unknown): sort, date:
inline constexpr Xapian::valueno kSlotDigest = 1;   // hex digest of the indexed version (consistency)
inline constexpr Xapian::valueno kSlotRelease = 2;  // "YYYYMMDD" when a classified group's level lapses
inline constexpr Xapian::valueno kSlotKey = 3;      // the cable's key (`chancery check` compares it)

// Gap between fields' positions, so a phrase never spans two fields.
inline constexpr Xapian::termpos kFieldGap = 100;

}  // namespace chancery::index::terms
