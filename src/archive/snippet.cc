#include "archive/snippet.h"

#include <algorithm>
#include <array>
#include <optional>

#include "core/text.h"

namespace chancery::archive {
namespace {

// Bytes of context kept before the first match of the window.
constexpr std::size_t kLead = 40;

// Letters, digits and the bytes of UTF-8 sequences, as a table: the scan
// over the text is the snippet's hot loop.
constexpr auto kWordBytes = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[static_cast<std::size_t>(c)] =
        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
  }
  return table;
}();

bool word_byte(unsigned char c) { return kWordBytes[c]; }

bool space_byte(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

struct Word {
  std::size_t begin;
  std::size_t end;
};

std::size_t word_end(std::string_view text, std::size_t at) {
  while (at < text.size() && word_byte(static_cast<unsigned char>(text[at]))) ++at;
  return at;
}

// The next word starting at or after `at`; nullopt when none does.
std::optional<Word> word_from(std::string_view text, std::size_t at) {
  if (at > 0 && at < text.size() && word_byte(static_cast<unsigned char>(text[at - 1]))) at = word_end(text, at);
  while (at < text.size() && !word_byte(static_cast<unsigned char>(text[at]))) ++at;
  if (at >= text.size()) return std::nullopt;
  return Word{at, word_end(text, at)};
}

// The words of `text` that begin with one of `words` (ASCII case-blind),
// in order. Found by searching for each query word (eight bytes at a time)
// rather than by splitting the whole text into words: most of a text
// matches nothing. Words of one or two letters must match whole, or "a"
// would light up half the text.
std::vector<Word> matching_words(std::string_view text, const std::vector<std::string>& words) {
  std::vector<Word> found;
  for (const std::string& q : words) {
    if (q.empty()) continue;
    for (std::size_t at = chancery::text::ifind(text, q); at != std::string_view::npos; at = chancery::text::ifind(text, q, at + 1)) {
      if (at > 0 && word_byte(static_cast<unsigned char>(text[at - 1]))) continue;  // inside a word
      const std::size_t end = word_end(text, at);
      if (q.size() <= 2 && end - at != q.size()) continue;
      found.push_back({at, end});
    }
  }
  std::sort(found.begin(), found.end(), [](const Word& x, const Word& y) { return x.begin < y.begin; });
  found.erase(std::unique(found.begin(), found.end(), [](const Word& x, const Word& y) { return x.begin == y.begin; }),
              found.end());
  return found;
}

}  // namespace

std::string make_snippet(std::string_view text, const std::vector<std::string>& words, const SnippetStyle& style) {
  const std::vector<Word> matches = matching_words(text, words);

  // The window: the match that has the most matches within `length` bytes
  // from it (the first such), started at the first word that begins at most
  // kLead bytes before it; the start of the text when nothing matches.
  std::size_t best = matches.size();
  std::size_t best_count = 0;
  for (std::size_t i = 0, j = 0; i < matches.size(); ++i) {
    j = std::max(j, i);
    while (j < matches.size() && matches[j].end <= matches[i].begin + style.length) ++j;
    if (j - i > best_count) {
      best = i;
      best_count = j - i;
    }
  }
  const std::size_t from = best < matches.size() && matches[best].begin > kLead ? matches[best].begin - kLead : 0;
  const std::optional<Word> start = word_from(text, from);
  if (!start) return {};
  const std::size_t limit = start->begin + style.length;
  auto matched = [&](std::size_t begin) {
    auto it = std::lower_bound(matches.begin(), matches.end(), begin,
                               [](const Word& w, std::size_t b) { return w.begin < b; });
    return it != matches.end() && it->begin == begin;
  };

  std::string out;
  out.reserve(style.length + 64);
  if (word_from(text, 0)->begin < start->begin) out += style.ellipsis;
  Word w = *start;
  std::optional<Word> next;
  for (;;) {
    const std::string_view word = text.substr(w.begin, w.end - w.begin);
    if (matched(w.begin)) {
      out += style.open;
      out += word;
      out += style.close;
    } else {
      out += word;
    }
    next = word_from(text, w.end);
    if (!next || next->end > limit) break;
    // The text between two words, white space folded to one space.
    bool space = false;
    for (std::size_t p = w.end; p < next->begin; ++p) {
      const unsigned char c = static_cast<unsigned char>(text[p]);
      if (space_byte(c)) {
        space = true;
        continue;
      }
      if (space) out.push_back(' ');
      space = false;
      if (c >= 0x20 && c != 0x7f) out.push_back(static_cast<char>(c));
    }
    if (space) out.push_back(' ');
    w = *next;
  }
  if (next) {
    out += style.ellipsis;
  } else {
    // Punctuation after the last word ("...program.") belongs to it.
    for (std::size_t p = w.end; p < text.size() && p < w.end + 3; ++p) {
      const unsigned char c = static_cast<unsigned char>(text[p]);
      if (space_byte(c) || c < 0x20) break;
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace chancery::archive
