// A cable as a Xapian document: its terms, values and data, per the
// vocabulary of index_terms.h.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/cable.h"
#include "chancery/result.h"

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

  bool operator==(const Listing&) const = default;
};

// The listing of a cable.
Listing listing_of(const Cable& cable);

// A compact, unambiguous byte form of a listing (a version byte, then each
// field as a varint length and its bytes), and its reading back:
// decode_listing(encode_listing(l)) == l. Errors: kInvalidInput when the
// bytes are not such a form (truncated, another version, trailing bytes).
std::string encode_listing(const Listing& listing);
Result<Listing> decode_listing(std::string_view bytes);

// The document of a cable:
//  - text, positional with Z-stems: the body unprefixed (positions from 1),
//    then subject (S), origin (XO), from (XF), each action addressee's name
//    (XT) and each information addressee's name (XI), kFieldGap positions
//    apart so that no phrase spans two of them;
//  - boolean terms: Q id, K tags, XC level (the classification before "//"),
//    XH handling (record.handling and the caveats after "//" in the
//    classification), XR referenced cable ids, Y year, XM year and month,
//    XE origin as written. Upper-cased except XE; a term longer than Xapian's
//    limit (kMaxTermBytes) is left out rather than fail the whole document;
//  - values: kSlotCreated "YYYYMMDDHHMM" ("" when the date is unknown or not
//    of that form), kSlotDigest `digest_hex`;
//  - data: encode_listing(listing_of(cable)).
// Xapian may throw std::bad_alloc; nothing else throws.
Xapian::Document build_document(const Cable& cable, std::string_view digest_hex, Tokenizer& tok);

// The longest term a glass database stores; longer ones make it throw.
inline constexpr std::size_t kMaxTermBytes = 245;

}  // namespace chancery::index
