// The boolean fields of the query language: how the value a researcher types
// after `id:`, `tag:`, `class:`, `handling:`, `ref:`, `year:` or `date:` becomes
// the terms and value ranges the index holds (index_terms.h). Each function
// normalises the value as the document builder does (trimmed, inner spaces
// squeezed, ASCII upper case) and fails with kInvalidInput and a message that
// names the field and the value when it cannot be what the field holds.
// Pure functions; thread-safe.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

#include "chancery/result.h"

namespace chancery::index::query {

// Wildcard expansion bounds. Free text and tags keep the most frequent
// expansions (`a*` should find the common words, not the first 256 in
// alphabetical order). Ids and refs are unique, so "most frequent" means
// nothing there: they keep the first ids in order, and more of them, since
// `id:07TELAVIV*` asks for a whole station's year.
inline constexpr Xapian::termcount kMaxWildcardExpansion = 256;
inline constexpr Xapian::termcount kMaxIdExpansion = 10000;
// A closed year range becomes one term per year; wider ones are a mistake.
inline constexpr int kMaxYearSpan = 200;

// "  top   secret " → "TOP SECRET".
std::string normalise_value(std::string_view value);

// id: and ref: take an id ("07telaviv557", any case) or an id prefix ending in
// "*" ("07TELAVIV*"); tag: takes a tag or a tag prefix ("P*").
Result<Xapian::Query> id_query(std::string_view value);
Result<Xapian::Query> ref_query(std::string_view value);
Result<Xapian::Query> tag_query(std::string_view value);

// class: takes a level or its letter ("secret", "s", "top secret", "ts"),
// optionally followed by handling captions as a banner writes them
// ("SECRET//NOFORN" → XCSECRET AND XHNOFORN).
Result<Xapian::Query> class_query(std::string_view value);
// handling: takes a caption ("noforn") or its usual short form ("nf", "fouo",
// "sbu"); any other caption is taken as written, since the corpus has a long tail.
Result<Xapian::Query> handling_query(std::string_view value);

// year: takes four digits; year:A..B (either end may be open).
Result<Xapian::Query> year_query(std::string_view value);
Result<Xapian::Query> year_range_query(std::string_view begin, std::string_view end);

// date: takes YYYY, YYYY-MM or YYYY-MM-DD, each meaning every minute in it;
// date:A..B runs from the first minute of A to the last of B (either end may
// be open). Whole years and months become their Y and XM terms, a part of a
// month its XM term and a value range on terms::kSlotCreated
// ("YYYYMMDDHHMM"), an open range a value range alone.
Result<Xapian::Query> date_query(std::string_view value);
Result<Xapian::Query> date_range_query(std::string_view begin, std::string_view end);

// The first and last minute a date covers, as the slot stores them:
// "2007-02" → {"200702010000", "200702282359"}.
struct DateSpan {
  std::string first;
  std::string last;
};
Result<DateSpan> date_span(std::string_view text);

}  // namespace chancery::index::query
