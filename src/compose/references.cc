// REF entries' letters (references.h).
#include "compose/references.h"

#include "core/text.h"

namespace chancery::compose {
namespace {

// The REF block as the reader assembles it from the rendered lines (line
// breaks of the wrapping aside, which it treats as the spaces they replace).
std::string block_of(const std::vector<std::string>& texts, const std::vector<char>& bullets) {
  std::string block;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    block += i == 0 ? " " : "\n";
    if (bullets[i] != 0) {
      block += text::to_upper(bullets[i]);
      block += ". ";
    }
    block += texts[i];
  }
  return block;
}

bool reads_back(const std::vector<std::string>& texts, const std::vector<char>& bullets,
                const parse::detail::CitingCable& citing) {
  const std::vector<Reference> refs = parse::detail::parse_references(block_of(texts, bullets), citing);
  if (refs.size() != texts.size()) return false;
  for (std::size_t i = 0; i < refs.size(); ++i) {
    const char got = refs[i].bullet ? (*refs[i].bullet)[0] : 0;
    if (got != bullets[i] || refs[i].text != texts[i]) return false;
  }
  return true;
}

}  // namespace

parse::detail::CitingCable citing_of(const Numbering& n) {
  parse::detail::CitingCable citing;
  if (n.dtg.size() >= 4 && text::is_digit(n.dtg[0])) citing.year = std::stoi(n.dtg.substr(0, 4));
  citing.station = parse::detail::station_code(n.post);
  citing.serial = static_cast<long>(n.serial);
  return citing;
}

std::vector<char> reference_bullets(const std::vector<std::string>& texts,
                                    const parse::detail::CitingCable& citing) {
  const std::size_t n = texts.size();
  std::vector<char> lettered(n), lead(n, 0), none(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    lettered[i] = static_cast<char>('a' + i % 26);
    if (i > 0) lead[i] = static_cast<char>('a' + (i - 1) % 26);
  }
  if (n == 1) return reads_back(texts, none, citing) ? none : lettered;
  if (reads_back(texts, lettered, citing)) return lettered;
  if (n > 1 && reads_back(texts, lead, citing)) return lead;
  return lettered;
}

}  // namespace chancery::compose
