// A cable as a Xapian document: its terms, values and data, per the
// vocabulary of index_terms.h.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chancery/access.h"
#include "chancery/cable.h"
#include "chancery/result.h"

#include "index/shards.h"
#include "index/tokenizer.h"

namespace chancery::index {

// What a search hit shows, kept as the document's data so that a result page
// is built from the index alone, without reading the store. Fields the cable
// lacks are "".
struct Listing {
  std::string id;
  std::string origin;
  std::string created;  // as in the record, "YYYY-MM-DDTHH:MMZ"
  std::string classification;
  std::string subject;
  std::vector<std::string> tags;
  // The group's portions, for snippets: "s" the subject, "t" the text
  // outside paragraphs, a number the index of a paragraph; "s,0,1,t";
  // "*" when the group is the whole cable.
  std::string portions;
  // The subject's visibility (encode_visibility), so that a hit shows the
  // subject only to a reader who may see it; "" when there is no subject.
  std::string subject_visibility;
  // The group's own visibility (encode_visibility).
  std::string visibility;

  bool operator==(const Listing&) const = default;
};

// The listing of a cable (without portions or subject visibility).
Listing listing_of(const Cable& cable);

// A visibility as one string ("2|NOFORN,SIPDIS||20170209"), and back.
std::string encode_visibility(const access::Visibility& visibility);
Result<access::Visibility> decode_visibility(std::string_view text);

// A compact, unambiguous byte form of a listing (a version byte, then each
// field as a varint length and its bytes), and its reading back:
// decode_listing(encode_listing(l)) == l. Errors: kInvalidInput when the
// bytes are not such a form (truncated, another version, trailing bytes).
std::string encode_listing(const Listing& listing);
Result<Listing> decode_listing(std::string_view bytes);

// A cable is indexed as one document per group of its portions that share a
// Visibility (access.h): a search filtered for a reader then matches only
// text the reader may see, and results are collapsed by cable (the key
// follows from the docid, index/shards.h). Most
// cables have one to three groups; past kMaxGroups the last group takes the
// remaining portions under the most restrictive visibility among them.
inline constexpr std::size_t kMaxGroups = kDocsPerKey;

struct PortionGroup {
  access::Visibility visibility;
  std::vector<std::size_t> portions;  // indexes into CableAccess::portions, in order
};
std::vector<PortionGroup> group_portions(const access::CableAccess& access);

// The documents of a cable, one per group, in group order. Each holds:
//  - text, positional with Z-stems: its portions' text unprefixed (the
//    subject S-prefixed), then the header's text fields origin (XO), from
//    (XF), each action addressee's name (XT) and each information
//    addressee's name (XI), kFieldGap positions apart so that no phrase spans
//    two of them. The header is in every group: a reader who may see one
//    portion sees the header block;
//  - boolean terms: Q id, K tags, XC level (the classification before "//"),
//    XH handling (record.handling and the caveats after "//" in the
//    classification), XR referenced cable ids, Y year, XM year and month,
//    XE origin as written. Upper-cased except XE; a term longer than Xapian's
//    limit (kMaxTermBytes) is left out rather than fail the whole document;
//  - access terms: XL level digit, XV each control, XN each REL TO entry;
//  - values: kSlotCreated "YYYYMMDDHHMM" ("" when the date is unknown or not
//    of that form), kSlotDigest `digest_hex`, kSlotRelease "YYYYMMDD" when
//    the group is classified and its level lapses, kSlotKey the cable key;
//  - data: encode_listing of the cable's listing with the group's portions.
// Xapian may throw std::bad_alloc; nothing else throws.
// (kSlotKey is set by ShardWriter::replace, when the key is known.)
std::vector<Xapian::Document> build_documents(const Cable& cable, const access::CableAccess& access,
                                              std::string_view digest_hex, Tokenizer& tok);

// The texts a group's document indexes, in order: (prefix, text).
std::vector<std::pair<std::string, std::string>> group_texts(const Cable& cable,
                                                             const access::CableAccess& access,
                                                             const PortionGroup& group);

// "YYYY-MM-DD" -> "YYYYMMDD" (kSlotRelease's form); "" for anything else.
std::string compact_date(std::string_view date);

// The key kSlotKey holds, and back.
std::string encode_key(std::int64_t key);
std::int64_t decode_key(std::string_view value);

// The longest term a glass database stores; longer ones make it throw.
inline constexpr std::size_t kMaxTermBytes = 245;

}  // namespace chancery::index
