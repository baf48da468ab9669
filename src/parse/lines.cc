#include "parse/lines.h"

#include <cstring>

#include "core/text.h"

namespace chancery::parse {

void split_lines(std::string_view text, std::int64_t first_line, std::vector<Line>& out) {
  const char* p = text.data();
  const char* end = p + text.size();
  std::int64_t number = first_line;
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    const char* stop = nl != nullptr ? static_cast<const char*>(nl) : end;
    std::string_view line(p, static_cast<std::size_t>(stop - p));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back({line, number++});
    p = nl != nullptr ? stop + 1 : end;
  }
}

bool is_blank(std::string_view line) {
  for (char c : line) {
    if (!text::is_space(c)) return false;
  }
  return true;
}

bool is_rule(std::string_view line) {
  line = text::trim(line);
  if (line.size() < 3) return false;
  const char c = line[0];
  if (c != '-' && c != '=' && c != '_') return false;
  for (char d : line) {
    if (d != c && d != ' ') return false;
  }
  return true;
}

}  // namespace chancery::parse
