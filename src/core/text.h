// Small text helpers used across readers: ASCII case, trimming, UTF-8.
// Everything here is allocation-free unless it returns a std::string.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/cable.h"

namespace chancery::text {

constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
constexpr bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
constexpr char to_upper(char c) { return is_lower(c) ? static_cast<char>(c - 32) : c; }
constexpr char to_lower(char c) { return is_upper(c) ? static_cast<char>(c + 32) : c; }

std::string_view trim(std::string_view s);
std::string_view trim_left(std::string_view s);
std::string_view trim_right(std::string_view s);
std::string upper(std::string_view s);
std::string lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
// Position of `needle` in `hay` ignoring ASCII case, or npos.
std::size_t ifind(std::string_view hay, std::string_view needle, std::size_t from = 0);
// Collapses runs of white space to one space and trims.
std::string squeeze_spaces(std::string_view s);

// Appends code point `cp` as UTF-8; surrogates and values past U+10FFFF
// become U+FFFD.
void append_utf8(char32_t cp, std::string& out);

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or bytes past U+10FFFF).
bool is_valid_utf8(std::string_view s);
// Copies `s`, replacing each ill-formed sequence by U+FFFD. For each line
// that needed a replacement, appends a warning numbered from `first_line`.
std::string sanitize_utf8(std::string_view s, std::int64_t first_line,
                          std::vector<Warning>* warnings);

}  // namespace chancery::text
