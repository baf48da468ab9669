#include "core/text.h"

#include <fmt/format.h>

namespace chancery::text {

std::string_view trim_left(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (is_space(s[i]) || s[i] == '\n')) ++i;
  return s.substr(i);
}

std::string_view trim_right(std::string_view s) {
  std::size_t n = s.size();
  while (n > 0 && (is_space(s[n - 1]) || s[n - 1] == '\n')) --n;
  return s.substr(0, n);
}

std::string_view trim(std::string_view s) { return trim_right(trim_left(s)); }

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_upper(c);
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_upper(a[i]) != to_upper(b[i])) return false;
  }
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::size_t ifind(std::string_view hay, std::string_view needle, std::size_t from) {
  if (needle.empty()) return from <= hay.size() ? from : std::string_view::npos;
  if (hay.size() < needle.size() || from > hay.size() - needle.size()) {
    return std::string_view::npos;
  }
  const char* p = hay.data();
  const std::size_t last = hay.size() - needle.size();
  const char second = needle.size() > 1 ? to_lower(needle[1]) : 0;
  auto matches_at = [&](std::size_t i) {
    if (needle.size() > 1 && to_lower(p[i + 1]) != second) return false;
    return iequals(std::string_view(p + i, needle.size()), needle);
  };
  // Runs over whole bodies (summary markers, page headers): find candidates
  // for the first byte eight bytes at a time. OR-ing 0x20 folds ASCII case
  // (and some punctuation, which the full comparison then rejects).
  const std::uint64_t ones = 0x0101010101010101ULL;
  const std::uint64_t highs = 0x8080808080808080ULL;
  const std::uint64_t pattern = ones * static_cast<std::uint8_t>(to_lower(needle[0]) | 0x20);
  std::size_t i = from;
  for (; i + 8 <= last + 1; i += 8) {
    std::uint64_t word;
    __builtin_memcpy(&word, p + i, 8);
    const std::uint64_t x = (word | (ones * 0x20)) ^ pattern;
    std::uint64_t zero = (x - ones) & ~x & highs;
    while (zero != 0) {
      const std::size_t k = i + static_cast<std::size_t>(__builtin_ctzll(zero) / 8);
      if (matches_at(k)) return k;
      zero &= zero - 1;
    }
  }
  for (; i <= last; ++i) {
    if (matches_at(i)) return i;
  }
  return std::string_view::npos;
}

std::string squeeze_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : trim(s)) {
    if (is_space(c) || c == '\n') {
      space = true;
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

namespace {

// Length of the well-formed UTF-8 sequence at s[i], or 0 when ill-formed.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  auto cont = [&](std::size_t k) {
    return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  };
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (b0 == 0xE0 && byte(1) < 0xA0) return 0;  // overlong
    if (b0 == 0xED && byte(1) > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (b0 == 0xF0 && byte(1) < 0x90) return 0;  // overlong
    if (b0 == 0xF4 && byte(1) > 0x8F) return 0;  // past U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

void append_utf8(char32_t cp, std::string& out) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    // Fast path: eight ASCII bytes at a time.
    while (i + 8 <= s.size()) {
      std::uint64_t word;
      __builtin_memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= s.size()) break;
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string sanitize_utf8(std::string_view s, std::int64_t first_line,
                          std::vector<Warning>* warnings) {
  std::string out;
  out.reserve(s.size() + 16);
  std::int64_t line = first_line;
  std::int64_t last_warned = first_line - 1;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      if (warnings != nullptr && line != last_warned) {
        warnings->push_back({static_cast<int>(line),
                             "invalid UTF-8 replaced by U+FFFD (the raw input keeps the bytes)"});
        last_warned = line;
      }
      ++i;
      continue;
    }
    if (s[i] == '\n') ++line;
    out.append(s.data() + i, n);
    i += n;
  }
  return out;
}

}  // namespace chancery::text
