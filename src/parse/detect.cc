// Format names and detection from an input's first bytes.
#include <array>
#include <utility>

#include "chancery/parse.h"

#include "core/text.h"
#include "parse/container.h"

namespace chancery::parse {
namespace {

constexpr std::array<std::pair<Format, std::string_view>, 6> kNames = {{
    {Format::kTelegram, "telegram"},
    {Format::kCablegateHtml, "cablegate-html"},
    {Format::kCablesCsv, "cables-csv"},
    {Format::kPlain, "plain"},
    {Format::kJsonl, "jsonl"},
    {Format::kAuto, "auto"},
}};

// "07TELAVIV557": two digits, upper-case letters, then letters and digits
// ending in a digit.
bool looks_like_id(std::string_view s) {
  s = text::trim(s);
  if (s.size() < 4 || !text::is_digit(s[0]) || !text::is_digit(s[1]) || !text::is_upper(s[2]) ||
      !text::is_digit(s.back())) {
    return false;
  }
  for (char c : s) {
    if (!text::is_upper(c) && !text::is_digit(c)) return false;
  }
  return true;
}

// Line `index` (0-based) of s, without its line break; empty past the end.
std::string_view nth_line(std::string_view s, int index) {
  std::size_t pos = 0;
  for (int i = 0; i < index; ++i) {
    const std::size_t nl = s.find('\n', pos);
    if (nl == std::string_view::npos) return {};
    pos = nl + 1;
  }
  const std::size_t nl = s.find('\n', pos);
  std::string_view line = s.substr(pos, nl == std::string_view::npos ? s.size() - pos : nl - pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

std::string_view format_name(Format format) {
  for (const auto& [f, name] : kNames) {
    if (f == format) return name;
  }
  return "auto";
}

std::optional<Format> format_from_name(std::string_view name) {
  for (const auto& [f, n] : kNames) {
    if (n == name) return f;
  }
  return std::nullopt;
}

Format detect_format(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  const std::string_view t = text::trim_left(head);
  if (text::istarts_with(t, "<?xml") || text::istarts_with(t, "<!DOCTYPE html") ||
      text::istarts_with(t, "<html") ||
      head.find("<table class='cable'>") != std::string_view::npos) {
    return Format::kCablegateHtml;
  }
  if (!t.empty() && t[0] == '{') return Format::kJsonl;
  // Leading blank lines carry nothing: lines count from the first non-blank one.
  if (match_csv_row_start(nth_line(t, 0)) == Match::kYes) return Format::kCablesCsv;
  if (looks_like_id(nth_line(t, 0)) && iso_from_plain_date(nth_line(t, 2))) return Format::kPlain;
  return Format::kTelegram;
}

}  // namespace chancery::parse
