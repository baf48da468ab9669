// Greedy wrapping with corrections (wrap.h).
#include "compose/wrap.h"

#include "core/text.h"

namespace chancery::compose {

std::vector<std::string> wrap_words(std::string_view text, std::string_view lead,
                                    std::size_t width, const LineCheck& check) {
  std::vector<std::string_view> words;
  for (std::size_t i = 0; i < text.size();) {
    while (i < text.size() && (text::is_space(text[i]) || text[i] == '\n')) ++i;
    std::size_t j = i;
    while (j < text.size() && !text::is_space(text[j]) && text[j] != '\n') ++j;
    if (j > i) words.push_back(text.substr(i, j - i));
    i = j;
  }
  if (words.empty()) return {std::string(text::trim_right(lead))};

  // starts[k]: the first word of line k; lines are [starts[k], starts[k+1]).
  std::vector<std::size_t> starts{0};
  // Greedy from line k on, keeping starts[0..k].
  auto rewrap_from = [&](std::size_t k) {
    starts.resize(k + 1);
    std::size_t w = starts[k];
    std::size_t used = k == 0 ? lead.size() : 0;
    bool first = true;
    while (w < words.size()) {
      const std::size_t need = words[w].size() + (first ? 0 : 1);
      if (!first && used + need > width) {
        starts.push_back(w);
        used = 0;
        first = true;
        continue;
      }
      used += need;
      first = false;
      ++w;
    }
  };
  auto line_text = [&](std::size_t k) {
    std::string line = k == 0 ? std::string(lead) : std::string();
    const std::size_t end = k + 1 < starts.size() ? starts[k + 1] : words.size();
    for (std::size_t w = starts[k]; w < end; ++w) {
      if (w > starts[k]) line += ' ';
      line.append(words[w]);
    }
    return line;
  };
  rewrap_from(0);
  if (check) {
    // Each correction moves one break later, so the breaks only grow (in
    // lexicographic order) and the loop ends; the bound is a safety net.
    for (std::size_t round = 0; round < 2 * words.size() + 8; ++round) {
      std::size_t bad = 0;
      if (starts.size() > 1 && !check(line_text(0), 0, false)) {
        // The first line cannot give a word up: it takes one more instead.
        bad = 1;
      }
      for (std::size_t k = 1; k < starts.size() && bad == 0; ++k) {
        if (!check(line_text(k), k, k + 1 == starts.size())) bad = k;
      }
      if (bad == 0) break;
      ++starts[bad];
      const std::size_t end = bad + 1 < starts.size() ? starts[bad + 1] : words.size();
      if (starts[bad] >= end) {
        // The line was one word: it joins the line before.
        starts.erase(starts.begin() + static_cast<std::ptrdiff_t>(bad));
        if (bad < starts.size()) rewrap_from(bad);
      } else {
        rewrap_from(bad);
      }
    }
  }
  std::vector<std::string> lines;
  lines.reserve(starts.size());
  for (std::size_t k = 0; k < starts.size(); ++k) lines.push_back(line_text(k));
  return lines;
}

}  // namespace chancery::compose
