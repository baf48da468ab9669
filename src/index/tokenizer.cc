#include "index/tokenizer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

#include "index/phrase_pairs.h"

namespace chancery::index {
namespace {

// The word splitting below follows Xapian 1.4's TermGenerator
// (termgenerator_internal.cc: parse_terms, check_wordchar, check_infix,
// check_infix_digit, check_suffix) step by step, so that the two agree on
// every input; the corpus test compares them. Only the character decoding
// differs: ASCII comes from a table, the rest from Xapian::Unicode.

// Returned by check_infix*() for a character inside a word that is dropped.
constexpr unsigned kIgnore = ~0U;

// ASCII word characters (Unicode letters, digits and the connector '_'),
// lowercased; 0 for the rest. tokenizer_test checks it against
// Xapian::Unicode for all 128.
constexpr std::array<unsigned char, 128> kAsciiWord = [] {
  std::array<unsigned char, 128> t{};
  for (unsigned c = '0'; c <= '9'; ++c) t[c] = static_cast<unsigned char>(c);
  for (unsigned c = 'a'; c <= 'z'; ++c) t[c] = static_cast<unsigned char>(c);
  for (unsigned c = 'A'; c <= 'Z'; ++c) t[c] = static_cast<unsigned char>(c + ('a' - 'A'));
  t['_'] = '_';
  return t;
}();

// One character of the text: its code point (as Utf8Iterator reads it, so a
// stray byte of invalid UTF-8 is its own value) and where the next starts.
struct Char {
  unsigned cp = 0;
  std::size_t next = 0;
};

Char decode_nonascii(const char* s, std::size_t n, std::size_t i) {
  Xapian::Utf8Iterator it(s + i, n - i);
  const unsigned cp = *it;
  ++it;
  return {cp, static_cast<std::size_t>(it.raw() - s)};
}

inline Char decode(const char* s, std::size_t n, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return {b, i + 1};
  return decode_nonascii(s, n, i);
}

inline unsigned check_wordchar(unsigned ch) {
  if (ch < 128) return kAsciiWord[ch];
  return Xapian::Unicode::is_wordchar(ch) ? Xapian::Unicode::tolower(ch) : 0;
}

inline bool is_wordchar(unsigned ch) {
  if (ch < 128) return kAsciiWord[ch] != 0;
  return Xapian::Unicode::is_wordchar(ch);
}

// Xapian's U_isupper: initialisms are ASCII capitals only.
inline bool is_upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }

inline bool is_digit(unsigned ch) {
  if (ch < 128) return ch >= '0' && ch <= '9';
  return Xapian::Unicode::get_category(ch) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}

inline bool is_zero_width(unsigned ch) {
  return ch >= 0x200b && (ch <= 0x200d || ch == 0x2060 || ch == 0xfeff);
}

// Between two word characters: apostrophes ("iran's", with the typographic
// ones read as '\''), '&' ("AT&T") and a few word joiners.
inline unsigned check_infix(unsigned ch) {
  if (ch == '\'' || ch == '&' || ch == 0xb7 || ch == 0x5f4 || ch == 0x2027) return ch;
  if (ch == 0x2019 || ch == 0x201b) return '\'';
  if (is_zero_width(ch)) return kIgnore;
  return 0;
}

// Between two digits: separators of numbers ("1,000", "3.5").
inline unsigned check_infix_digit(unsigned ch) {
  switch (ch) {
    case ',':
    case '.':
    case ';':
    case 0x037e:  // GREEK QUESTION MARK
    case 0x0589:  // ARMENIAN FULL STOP
    case 0x060D:  // ARABIC DATE SEPARATOR
    case 0x07F8:  // NKO COMMA
    case 0x2044:  // FRACTION SLASH
    case 0xFE10:  // PRESENTATION FORM FOR VERTICAL COMMA
    case 0xFE13:  // PRESENTATION FORM FOR VERTICAL COLON
    case 0xFE14:  // PRESENTATION FORM FOR VERTICAL SEMICOLON
      return ch;
    default:
      break;
  }
  if (is_zero_width(ch)) return kIgnore;
  return 0;
}

inline void append_char(std::string& s, unsigned ch) {
  if (ch < 128) {
    s.push_back(static_cast<char>(ch));
  } else {
    Xapian::Unicode::append_utf8(s, ch);
  }
}

// parse_terms() of TermGenerator without CJK n-grams: calls emit(word) for
// each word, lowercased, built in `word`.
template <typename Emit>
void split(std::string_view text, std::string& word, Emit&& emit) {
  const char* s = text.data();
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (true) {
    // Advance to the start of the next word: c is its first character, ch
    // that character lowercased.
    unsigned ch = 0;
    Char c;
    while (true) {
      if (i >= n) return;
      const auto b = static_cast<unsigned char>(s[i]);
      if (b < 0x80) {
        ch = kAsciiWord[b];
        if (ch != 0) {
          c = {b, i + 1};
          break;
        }
        ++i;
        continue;
      }
      c = decode_nonascii(s, n, i);
      ch = check_wordchar(c.cp);
      if (ch != 0) break;
      i = c.next;
    }
    word.clear();

    // Initials separated by '.' ("U.S.A.", "P.T.O"), a trailing '.' or not,
    // at least two of them, and no word character right after.
    if (is_upper_ascii(s[i])) {
      std::size_t p = i;
      do {
        word.push_back(static_cast<char>(s[p] + ('a' - 'A')));
        ++p;
      } while (p != n && s[p] == '.' && ++p != n && is_upper_ascii(s[p]));
      if (word.size() > 1 && (p == n || !is_wordchar(decode(s, n, p).cp))) {
        i = p;
        emit(word);
        continue;
      }
      word.clear();
    }

    while (true) {
      unsigned prevch = 0;
      do {
        append_char(word, ch);
        prevch = ch;
        i = c.next;
        if (i == n) goto end_of_word;
        c = decode(s, n, i);
        ch = check_wordchar(c.cp);
      } while (ch != 0);
      // c, at i, is not a word character: it joins two words into one when
      // it is an infix between word characters.
      if (c.next == n) break;
      const Char after = decode(s, n, c.next);
      const unsigned afterch = check_wordchar(after.cp);
      if (afterch == 0) break;
      const unsigned infix =
          (is_digit(prevch) && is_digit(after.cp)) ? check_infix_digit(c.cp) : check_infix(c.cp);
      if (infix == 0) break;
      if (infix != kIgnore) append_char(word, infix);
      ch = afterch;
      i = c.next;
      c = after;
    }

    // Up to three '+' or '#' ("C++", "C#"), unless a word character follows
    // ("fish+chips" is two words).
    {
      const std::size_t len = word.size();
      unsigned count = 0;
      while (c.cp == '+' || c.cp == '#') {
        if (++count > 3) {
          word.resize(len);
          break;
        }
        word.push_back(static_cast<char>(c.cp));
        i = c.next;
        if (i == n) goto end_of_word;
        c = decode(s, n, i);
      }
      if (is_wordchar(c.cp)) word.resize(len);
    }

  end_of_word:
    emit(word);
  }
}

}  // namespace

Tokenizer::Tokenizer() : stemmer_("english") {}

void Tokenizer::index_text(std::string_view text, std::string_view prefix, Xapian::Document& doc,
                           Xapian::termpos& pos) {
  if (known_.size() > kMaxKnownWords || ++text_ == 0) {
    known_.clear();
    stems_.clear();
    text_ = 1;
  }
  stems_of_text_.clear();
  occurrences_.clear();
  split(text, word_, [&](const std::string& word) {
    // TermGenerator drops an over-long word before giving it a position.
    if (word.size() > kMaxWordBytes) return;
    term_.assign(prefix);
    term_ += word;
    auto [it, added] = known_.try_emplace(term_, nullptr);
    if (added) {
      std::string stem = stemmer_(word);
      // TermGenerator skips a word whose stem is empty (without a position).
      if (!stem.empty()) {
        std::string stem_term(prefix);
        stem_term += stem;
        auto [entry, created] = stems_.try_emplace(std::move(stem_term));
        if (created && prefix.empty()) entry->second.pair_word = phrase_pairs::word_id(stem);
        it->second = &*entry;
      }
    }
    if (it->second == nullptr) return;
    Stem& s = it->second->second;
    if (s.text != text_) {
      s.text = text_;
      s.id = static_cast<std::uint32_t>(stems_of_text_.size());
      s.wdf = 0;
      stems_of_text_.push_back(it->second);
    }
    ++s.wdf;
    occurrences_.emplace_back(s.id, ++pos);
  });
  add_to(doc);
}

void Tokenizer::add_phrase_pairs(Xapian::Document& doc) {
  pairs_.clear();
  for (std::size_t k = 1; k < occurrences_.size(); ++k) {
    const auto [a, pa] = occurrences_[k - 1];
    const auto [b, pb] = occurrences_[k];
    const std::uint16_t first = stems_of_text_[a]->second.pair_word;
    if (first == phrase_pairs::kNoWord) continue;
    // Adjacent as a phrase query sees them: positions one apart.
    if (pb != pa + 1) continue;
    if (std::optional<std::uint16_t> pair = phrase_pairs::pair_of(first, stems_of_text_[b]->second.pair_word)) {
      pairs_.push_back(*pair);
    }
  }
  if (pairs_.empty()) return;
  std::sort(pairs_.begin(), pairs_.end());
  for (std::size_t k = 0; k < pairs_.size();) {
    std::size_t end = k + 1;
    while (end < pairs_.size() && pairs_[end] == pairs_[k]) ++end;
    doc.add_term(phrase_pairs::term(pairs_[k]), static_cast<Xapian::termcount>(end - k));
    k = end;
  }
}

void Tokenizer::add_to(Xapian::Document& doc) {
  const auto n = static_cast<std::uint32_t>(stems_of_text_.size());
  order_.resize(n);
  for (std::uint32_t k = 0; k < n; ++k) order_[k] = k;
  std::sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
    return stems_of_text_[a]->first < stems_of_text_[b]->first;
  });
  // Each term's positions together, in text order.
  start_.assign(n + 1, 0);
  for (std::uint32_t k = 0; k < n; ++k) start_[k + 1] = start_[k] + stems_of_text_[k]->second.wdf;
  positions_.resize(occurrences_.size());
  for (const auto& [id, p] : occurrences_) positions_[start_[id]++] = p;
  // start_[id] is now the end of id's positions, and start_[id - 1] its start.
  for (std::uint32_t id : order_) {
    const std::string& term = stems_of_text_[id]->first;
    for (std::uint32_t k = id == 0 ? 0 : start_[id - 1]; k < start_[id]; ++k) {
      doc.add_posting(term, positions_[k]);
    }
  }
}

void Tokenizer::split_into_words(std::string_view text, void (*emit)(void*, const std::string&),
                                 void* context) {
  split(text, word_, [&](const std::string& word) { emit(context, word); });
}

}  // namespace chancery::index
