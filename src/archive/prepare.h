// Turning a parsed cable into what the store files and the index holds; runs
// on the ingest workers, so everything costly happens here in parallel.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "chancery/cable.h"
#include "index/tokenizer.h"
#include "store/store.h"

namespace chancery::archive {

// The digest of what makes a version: the record without what differs
// between two readings of the same text (format, release date, warnings'
// line numbers, raw input). An HTML page and a CSV row of the same cable
// are one version.
std::string content_digest(const Cable& cable);

// The series a cable belongs to, from a subject ending "(cable 2 of 4)" or
// "(part 2 of 4)": origin, subject without the part, and the count; "" when
// the subject names no series.
std::string series_key(const Cable& cable);

// The store's row for a cable (`raw` is the input verbatim). Errors:
// kInvalidInput when the cable has no id to file it under.
Result<store::NewVersion> prepare_version(const Cable& cable, std::string_view raw,
                                          std::string source, std::string format);

// The index documents of a cable: one per group of its portions.
std::vector<Xapian::Document> documents_of(const Cable& cable, std::string_view digest_hex,
                                           index::Tokenizer& tok);

}  // namespace chancery::archive
