#include "post/directory_data.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/text.h"
#include "post/shipped_data.h"

namespace chancery::post {
namespace {

// Calls fn(line number, fields) for each non-empty line after the header.
template <typename Fn>
Result<void> for_each_row(std::string_view tsv, std::string_view file, std::size_t fields, Fn&& fn) {
  std::size_t line_no = 0;
  while (!tsv.empty()) {
    const std::size_t end = tsv.find('\n');
    std::string_view line = tsv.substr(0, end);
    tsv = end == std::string_view::npos ? std::string_view() : tsv.substr(end + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1 || text::trim(line).empty()) continue;  // the header
    std::vector<std::string_view> cols;
    while (true) {
      const std::size_t tab = line.find('\t');
      cols.push_back(line.substr(0, tab));
      if (tab == std::string_view::npos) break;
      line.remove_prefix(tab + 1);
    }
    if (cols.size() != fields) {
      return Error{.code = Errc::kInvalidInput,
                   .message = fmt::format("expected {} tab-separated fields, found {}", fields, cols.size()),
                   .where = fmt::format("{}:{}", file, line_no)};
    }
    if (Result<void> r = fn(line_no, cols); !r) return r;
  }
  return {};
}

constexpr std::string_view kPrefixes[] = {"AMEMBASSY ", "AMCONSUL ", "USMISSION ",
                                          "USEU ",      "USINT ",    "USLO "};

}  // namespace

std::string normalize_plad(std::string_view plad) {
  return text::squeeze_spaces(text::upper(text::trim(plad)));
}

std::string text_name_of(std::string_view plad) {
  const std::string p = normalize_plad(plad);
  if (p == "SECSTATE WASHDC") return "STATE";
  for (std::string_view prefix : kPrefixes) {
    if (p.size() > prefix.size() && std::string_view(p).starts_with(prefix)) return p.substr(prefix.size());
  }
  return p;
}

bool is_collective_plad(std::string_view plad) {
  const std::string p = normalize_plad(plad);
  return std::string_view(p).ends_with(" COLLECTIVE");
}

const std::vector<Collective>& example_collectives() {
  // Routes come from the shipped table; members are posts of it.
  static const std::vector<Collective> kExamples = {
      {.plad = "IRAN COLLECTIVE",
       .route = "",
       .members = {"AMEMBASSY ABU DHABI", "AMEMBASSY ANKARA", "AMEMBASSY BAGHDAD", "AMEMBASSY BAKU",
                   "AMEMBASSY BEIJING", "AMEMBASSY BERLIN", "AMEMBASSY ISLAMABAD", "AMEMBASSY KABUL",
                   "AMEMBASSY LONDON", "AMEMBASSY MOSCOW", "AMEMBASSY PARIS", "AMEMBASSY RIYADH",
                   "AMEMBASSY TEL AVIV", "AMCONSUL DUBAI", "USEU BRUSSELS", "USMISSION UNVIE VIENNA",
                   "USMISSION USUN NEW YORK"}},
      {.plad = "EUROPEAN POLITICAL COLLECTIVE",
       .route = "",
       .members = {"AMEMBASSY ANKARA",     "AMEMBASSY ATHENS",     "AMEMBASSY BERLIN",
                   "AMEMBASSY BERN",       "AMEMBASSY BRATISLAVA", "AMEMBASSY BUCHAREST",
                   "AMEMBASSY BUDAPEST",   "AMEMBASSY COPENHAGEN", "AMEMBASSY DUBLIN",
                   "AMEMBASSY HELSINKI",   "AMEMBASSY LISBON",     "AMEMBASSY LJUBLJANA",
                   "AMEMBASSY LONDON",     "AMEMBASSY LUXEMBOURG", "AMEMBASSY MADRID",
                   "AMEMBASSY NICOSIA",    "AMEMBASSY OSLO",       "AMEMBASSY PARIS",
                   "AMEMBASSY PRAGUE",     "AMEMBASSY REYKJAVIK",  "AMEMBASSY RIGA",
                   "AMEMBASSY ROME",       "AMEMBASSY SOFIA",      "AMEMBASSY STOCKHOLM",
                   "AMEMBASSY TALLINN",    "AMEMBASSY THE HAGUE",  "AMEMBASSY VALLETTA",
                   "AMEMBASSY VIENNA",     "AMEMBASSY VILNIUS",    "AMEMBASSY WARSAW",
                   "AMEMBASSY ZAGREB",     "USEU BRUSSELS",        "USMISSION USNATO"}},
      {.plad = "EU MEMBER STATES COLLECTIVE",
       .route = "",
       .members = {"AMEMBASSY ATHENS",     "AMEMBASSY BERLIN",    "AMEMBASSY BRATISLAVA",
                   "AMEMBASSY BUCHAREST",  "AMEMBASSY BUDAPEST",  "AMEMBASSY COPENHAGEN",
                   "AMEMBASSY DUBLIN",     "AMEMBASSY HELSINKI",  "AMEMBASSY LISBON",
                   "AMEMBASSY LJUBLJANA",  "AMEMBASSY LONDON",    "AMEMBASSY LUXEMBOURG",
                   "AMEMBASSY MADRID",     "AMEMBASSY NICOSIA",   "AMEMBASSY PARIS",
                   "AMEMBASSY PRAGUE",     "AMEMBASSY RIGA",      "AMEMBASSY ROME",
                   "AMEMBASSY SOFIA",      "AMEMBASSY STOCKHOLM", "AMEMBASSY TALLINN",
                   "AMEMBASSY THE HAGUE",  "AMEMBASSY VALLETTA",  "AMEMBASSY VIENNA",
                   "AMEMBASSY VILNIUS",    "AMEMBASSY WARSAW"}},
      {.plad = "ARAB ISRAELI COLLECTIVE",
       .route = "",
       .members = {"AMEMBASSY ABU DHABI", "AMEMBASSY ALGIERS", "AMEMBASSY AMMAN", "AMEMBASSY BAGHDAD",
                   "AMEMBASSY BEIRUT", "AMEMBASSY CAIRO", "AMEMBASSY DAMASCUS", "AMEMBASSY DOHA",
                   "AMEMBASSY KUWAIT", "AMEMBASSY MANAMA", "AMEMBASSY MUSCAT", "AMEMBASSY RABAT",
                   "AMEMBASSY RIYADH", "AMEMBASSY SANAA", "AMEMBASSY TEL AVIV", "AMEMBASSY TRIPOLI",
                   "AMEMBASSY TUNIS", "AMCONSUL JERUSALEM", "USMISSION USUN NEW YORK"}},
      {.plad = "GULF COOPERATION COUNCIL COLLECTIVE",
       .route = "",
       .members = {"AMEMBASSY ABU DHABI", "AMEMBASSY DOHA", "AMEMBASSY KUWAIT", "AMEMBASSY MANAMA",
                   "AMEMBASSY MUSCAT", "AMEMBASSY RIYADH", "AMCONSUL DHAHRAN", "AMCONSUL DUBAI",
                   "AMCONSUL JEDDAH"}},
  };
  return kExamples;
}

Result<DirectorySeed> read_directory_seed(std::string_view tsv) {
  struct Best {
    std::string route;
    std::int64_t count = -1;
  };
  std::map<std::string, Best> best;  // PLAD -> its most frequent route
  Result<void> read = for_each_row(
      tsv, "routing-indicators.tsv", 3,
      [&](std::size_t line_no, const std::vector<std::string_view>& cols) -> Result<void> {
        const std::string route = text::upper(text::trim(cols[0]));
        const std::string plad = normalize_plad(cols[1]);
        const std::string_view count_text = text::trim(cols[2]);
        std::int64_t count = 0;
        const auto [end, ec] = std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
        if (ec != std::errc() || end != count_text.data() + count_text.size() || plad.empty() ||
            route.empty()) {
          return Error{.code = Errc::kInvalidInput,
                       .message = "expected a routing indicator, a PLAD and a count",
                       .where = fmt::format("routing-indicators.tsv:{}", line_no)};
        }
        Best& b = best[plad];
        if (count > b.count) b = Best{.route = route, .count = count};
        return {};
      });
  if (!read) return read.error();

  DirectorySeed seed;
  std::set<std::string> posts;
  for (const auto& entry : best) {
    if (is_collective_plad(entry.first)) {
      seed.collectives.push_back(Collective{.plad = entry.first, .route = entry.second.route, .members = {}});
    } else {
      seed.posts.push_back(
          Post{.plad = entry.first, .route = entry.second.route, .text_name = text_name_of(entry.first)});
      posts.insert(entry.first);
    }
  }
  for (const Collective& example : example_collectives()) {
    auto it = std::find_if(seed.collectives.begin(), seed.collectives.end(),
                           [&](const Collective& c) { return c.plad == example.plad; });
    if (it == seed.collectives.end()) continue;  // not in this table: no example
    for (const std::string& m : example.members) {
      if (posts.contains(m)) it->members.push_back(m);
    }
    std::sort(it->members.begin(), it->members.end());
  }
  return seed;
}

Result<TagList> TagList::read(std::string_view tsv) {
  TagList list;
  Result<void> read = for_each_row(
      tsv, "tags.tsv", 3, [&](std::size_t line_no, const std::vector<std::string_view>& cols) -> Result<void> {
        const std::string tag = text::upper(text::trim(cols[0]));
        const std::string kind = text::lower(text::trim(cols[1]));
        if (tag.empty() || kind.empty()) {
          return Error{.code = Errc::kInvalidInput,
                       .message = "expected a tag, a kind and a meaning",
                       .where = fmt::format("tags.tsv:{}", line_no)};
        }
        list.kinds_[tag] = kind;
        return {};
      });
  if (!read) return read.error();
  return list;
}

const TagList& TagList::shipped() {
  // A broken shipped file is a build defect; the tests read it, so an empty
  // list here would not go unnoticed.
  static const TagList kShipped = [] {
    const std::optional<std::string_view> bytes = shipped_file("tags.tsv");
    if (!bytes) return TagList();
    Result<TagList> list = read(*bytes);
    return list ? std::move(list).value() : TagList();
  }();
  return kShipped;
}

bool TagList::known(std::string_view tag) const {
  return kinds_.contains(text::upper(text::trim(tag)));
}

bool TagList::subject(std::string_view tag) const {
  auto it = kinds_.find(text::upper(text::trim(tag)));
  return it != kinds_.end() && (it->second == "subject" || it->second == "program");
}

}  // namespace chancery::post
