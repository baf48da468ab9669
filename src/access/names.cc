// The names a REL TO list uses and the coalitions a nationality belongs to.
//
// REL TO entries are written as the drafter pleased ("UK", "GBR", "UNITED
// KINGDOM", "FIVE EYES"); they are normalised to ISO 3166 alpha-3 codes, or
// to a coalition's short name, so that a reader's nationality can be matched
// against them. The alias table covers the names seen in the corpus and the
// obvious neighbours; anything else is kept as written ("ISAF", "ROYG",
// "AUSTRALIA GROUP"), which matches no nationality: such a portion stays
// closed to foreign readers (fail closed).
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chancery/access.h"

#include "access/access_internal.h"
#include "core/text.h"

namespace chancery::access {
namespace {

using Alias = std::pair<std::string_view, std::string_view>;

constexpr std::array kAliases = {
    Alias{"UK", "GBR"},
    Alias{"UNITED KINGDOM", "GBR"},
    Alias{"GREAT BRITAIN", "GBR"},
    Alias{"BRITAIN", "GBR"},
    Alias{"AUSTRALIA", "AUS"},
    Alias{"GERMANY", "DEU"},
    Alias{"CHINA", "CHN"},
    Alias{"CH", "CHN"},
    Alias{"PRC", "CHN"},
    Alias{"PAKISTAN", "PAK"},
    Alias{"RUSSIA", "RUS"},
    Alias{"RUSSIAN FEDERATION", "RUS"},
    Alias{"FIVE EYES", "FVEY"},
    Alias{"US", "USA"},
    Alias{"UNITED STATES", "USA"},
    Alias{"CANADA", "CAN"},
    Alias{"NEW ZEALAND", "NZL"},
    Alias{"NZ", "NZL"},
    Alias{"UZBEKISTAN", "UZB"},
    Alias{"TURKEY", "TUR"},
    Alias{"JAPAN", "JPN"},
    Alias{"SOUTH KOREA", "KOR"},
    Alias{"KOREA", "KOR"},
    Alias{"ROK", "KOR"},
    Alias{"UKRAINE", "UKR"},
    Alias{"LATVIA", "LVA"},
    Alias{"BELIZE", "BLZ"},
    Alias{"KENYA", "KEN"},
    Alias{"LIBYA", "LBY"},
    Alias{"PANAMA", "PAN"},
    Alias{"SYRIA", "SYR"},
    Alias{"FRANCE", "FRA"},
    Alias{"ITALY", "ITA"},
    Alias{"ISRAEL", "ISR"},
    Alias{"NETHERLANDS", "NLD"},
    Alias{"SPAIN", "ESP"},
    Alias{"POLAND", "POL"},
    Alias{"IRAQ", "IRQ"},
    Alias{"AFGHANISTAN", "AFG"},
    Alias{"YEMEN", "YEM"},
    Alias{"JORDAN", "JOR"},
    Alias{"EGYPT", "EGY"},
    Alias{"INDIA", "IND"},
    Alias{"MEXICO", "MEX"},
    Alias{"COLOMBIA", "COL"},
};

// Coalitions by the name REL TO lists use, and their members (alpha-3).
// NATO: the 32 members as of 2024 (Sweden joined in March 2024).
constexpr std::array<std::string_view, 32> kNato = {
    "ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU",
    "GRC", "HUN", "ISL", "ITA", "LVA", "LTU", "LUX", "MNE", "NLD", "MKD", "NOR",
    "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE", "TUR", "GBR", "USA"};
constexpr std::array<std::string_view, 5> kFvey = {"USA", "GBR", "CAN", "AUS", "NZL"};
constexpr std::array<std::string_view, 4> kAcgu = {"AUS", "CAN", "GBR", "USA"};
// The current EU-27 (the United Kingdom left in 2020).
constexpr std::array<std::string_view, 27> kEu = {"AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK",
                                                  "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL",
                                                  "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL",
                                                  "PRT", "ROU", "SVK", "SVN", "ESP", "SWE"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& members, std::string_view code) {
  return std::find(members.begin(), members.end(), code) != members.end();
}

}  // namespace

namespace detail {

std::string rel_entry(std::string_view entry) {
  std::string e = text::squeeze_spaces(text::upper(entry));
  while (!e.empty() && (e.back() == '.' || e.back() == ';')) e.pop_back();
  for (const Alias& a : kAliases) {
    if (e == a.first) return std::string(a.second);
  }
  return e;
}

void append_rel_list(std::string_view list, std::vector<std::string>& out) {
  const std::string u = text::squeeze_spaces(text::upper(list));
  std::string_view s = u;
  // Entries are separated by ',', ';', '/' or the word AND.
  while (!s.empty()) {
    std::size_t cut = s.find_first_of(",;/");
    std::size_t skip = 1;
    const std::size_t and_at = s.find(" AND ");
    if (and_at != std::string_view::npos && (cut == std::string_view::npos || and_at < cut)) {
      cut = and_at;
      skip = 5;
    }
    std::string_view item = text::trim(s.substr(0, cut));
    // "AND" at either end of an entry is a separator too ("REL AND UK").
    while (item.starts_with("AND ")) item = text::trim(item.substr(4));
    while (item.ends_with(" AND")) item = text::trim(item.substr(0, item.size() - 4));
    if (item == "AND") item = {};
    if (!item.empty()) {
      // Trimmed again: a normalised entry must read back as itself.
      std::string e(text::trim(text::squeeze_spaces(rel_entry(item))));
      if (!e.empty()) out.push_back(std::move(e));
    }
    if (cut == std::string_view::npos) break;
    s.remove_prefix(cut + skip);
  }
}

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace detail

std::vector<std::string> releasable_names(std::string_view nationality) {
  std::string n = detail::rel_entry(text::trim(nationality));
  if (n.empty()) return {};
  std::vector<std::string> names;
  if (contains(kNato, n)) names.emplace_back("NATO");
  if (contains(kFvey, n)) names.emplace_back("FVEY");
  if (contains(kAcgu, n)) names.emplace_back("ACGU");
  if (contains(kEu, n)) names.emplace_back("EU MEMBER STATES");
  names.push_back(std::move(n));
  detail::sort_unique(names);
  return names;
}

}  // namespace chancery::access
