// Snippets: a short extract of a hit's text around the words the query
// matched, those words highlighted.
//
// Hand-written rather than Xapian's MSet::snippet, which reads every
// character of the text through its Unicode tables and stems every word: at
// twenty hits a page that was most of a search's time. Here a word matches
// when it begins with one of the query's words (its stems are prefixes of
// the words they come from: "program" of "programs", "countri" of
// "countries"), compared in ASCII lower case.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::archive {

struct SnippetStyle {
  std::size_t length = 240;  // bytes of text, about
  std::string_view open;     // around each matched word
  std::string_view close;
  std::string_view ellipsis = "\xE2\x80\xA6";  // where text was cut ("…")
};

// The extract of `text` (plain text, runs of white space as one space) with
// the most matches of `words` (lower-case; stems or whole words) within
// `style.length` bytes, starting a little before the first of them; the
// start of the text when nothing matches. Never splits a word or a UTF-8
// sequence.
std::string make_snippet(std::string_view text, const std::vector<std::string>& words,
                         const SnippetStyle& style);

}  // namespace chancery::archive
