#include "archive/snippet.h"

#include <algorithm>
#include <array>

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

unsigned char lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + 32) : c; }

struct Word {
  std::size_t begin;
  std::size_t end;
  bool match;
};

// Does the word begin with `w` (ASCII case-insensitive)? Words of one or
// two letters must match whole, or "a" would light up half the text.
bool matches(std::string_view word, std::string_view w) {
  if (w.empty() || w.size() > word.size()) return false;
  if (w.size() <= 2 && w.size() != word.size()) return false;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (lower(static_cast<unsigned char>(word[i])) != static_cast<unsigned char>(w[i])) return false;
  }
  return true;
}

}  // namespace

std::string make_snippet(std::string_view text, const std::vector<std::string>& words, const SnippetStyle& style) {
  // Most words start with a letter no query word starts with: one table
  // look-up rules them out before any comparison.
  bool starts[256] = {};
  for (const std::string& w : words) {
    if (!w.empty()) starts[static_cast<unsigned char>(w[0])] = true;
  }
  // Nothing to look for: the snippet is the start of the text, and no more
  // of it need be read than that (up to a space, so that no word is cut).
  if (words.empty() && text.size() > style.length + 64) {
    const std::size_t cut = text.find_first_of(" \n\t\r", style.length + 64);
    if (cut != std::string_view::npos) text = text.substr(0, cut + 1);
  }
  std::vector<Word> found;
  found.reserve(text.size() / 5);
  for (std::size_t i = 0; i < text.size();) {
    if (!word_byte(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    const std::size_t begin = i;
    while (i < text.size() && word_byte(static_cast<unsigned char>(text[i]))) ++i;
    bool match = false;
    if (starts[lower(static_cast<unsigned char>(text[begin]))]) {
      const std::string_view w = text.substr(begin, i - begin);
      match = std::any_of(words.begin(), words.end(), [&](const std::string& q) { return matches(w, q); });
    }
    found.push_back({begin, i, match});
  }
  if (found.empty()) return {};

  // The window: the match that has the most matches within `length` bytes
  // from it (the first such), started kLead bytes earlier at a word.
  std::size_t best = found.size();
  std::size_t best_count = 0;
  for (std::size_t i = 0, j = 0, count = 0; i < found.size(); ++i) {
    if (!found[i].match) continue;
    if (j < i) {
      j = i;
      count = 0;
    }
    while (j < found.size() && found[j].end <= found[i].begin + style.length) count += found[j++].match ? 1 : 0;
    if (count > best_count) {
      best = i;
      best_count = count;
    }
    count -= 1;  // found[i] leaves the window
  }
  std::size_t first = 0;
  if (best < found.size()) {
    first = best;
    while (first > 0 && found[best].begin - found[first - 1].begin <= kLead) --first;
  }
  const std::size_t limit = found[first].begin + style.length;

  std::string out;
  out.reserve(style.length + 64);
  if (first > 0) out += style.ellipsis;
  std::size_t k = first;
  for (; k < found.size() && (k == first || found[k].end <= limit); ++k) {
    if (k > first) {
      // The text between two words, white space folded to one space.
      bool space = false;
      for (std::size_t p = found[k - 1].end; p < found[k].begin; ++p) {
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
    }
    const std::string_view w = text.substr(found[k].begin, found[k].end - found[k].begin);
    if (found[k].match) {
      out += style.open;
      out += w;
      out += style.close;
    } else {
      out += w;
    }
  }
  if (k < found.size()) {
    out += style.ellipsis;
  } else {
    // Punctuation after the last word ("...program.") belongs to it.
    for (std::size_t p = found.back().end; p < text.size() && p < found.back().end + 3; ++p) {
      const unsigned char c = static_cast<unsigned char>(text[p]);
      if (space_byte(c) || c < 0x20) break;
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace chancery::archive
