// Collecting seed material from real cables, and Seed::load.
#include "gen/seed.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "chancery/parse.h"
#include "chancery/source.h"

#include "core/text.h"
#include "gen/random.h"
#include "parse/telegram_internal.h"

namespace chancery::gen {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxSubjects = 20000;
constexpr std::size_t kMaxTags = 50000;
constexpr std::size_t kMaxParagraphs = 30000;
constexpr std::size_t kMaxRecipients = 5000;
constexpr std::size_t kMaxNames = 5000;
// Paragraphs shorter than this are headings or stubs; longer ones are cut at
// a sentence end so that one paragraph cannot dominate a cable.
constexpr std::size_t kMinParagraph = 80;
constexpr std::size_t kMaxParagraph = 2400;

// A bounded uniform sample of everything offered (Vitter's algorithm R).
template <typename T>
void reservoir_add(std::vector<T>& pool, std::size_t cap, std::uint64_t& seen, Random& rng,
                   T value) {
  ++seen;
  if (pool.size() < cap) {
    pool.push_back(std::move(value));
    return;
  }
  const std::uint64_t j = rng.below(seen);
  if (j < cap) pool[j] = std::move(value);
}

std::string one_line(std::string_view s) { return text::squeeze_spaces(text::trim(s)); }

// Ids of the record's form: 2 digits, the station code, the serial.
std::string station_code_of(std::string_view id) {
  if (id.size() < 4) return {};
  std::string_view rest = id.substr(2);
  while (!rest.empty() && text::is_digit(rest.back())) rest.remove_suffix(1);
  return std::string(rest);
}

// The post as a classification line writes it: the FM address without its
// office word when the readers turn that back into the station code.
std::string post_for(const std::string& code, const std::string& from) {
  std::string_view f = from;
  for (std::string_view office : {"AMEMBASSY ", "AMCONSUL ", "USMISSION ", "AMEMB "}) {
    if (f.starts_with(office)) {
      f.remove_prefix(office.size());
      break;
    }
  }
  if (parse::detail::station_code(f) == code) return std::string(f);
  return code;
}

// The cable's label, one of kLabels, or -1 for TOP SECRET and the unknown.
int level_of(const Cable& c) {
  if (!c.classification) return -1;
  const bool noforn = std::find(c.handling.begin(), c.handling.end(), "NOFORN") != c.handling.end();
  const std::string& l = *c.classification;
  if (l == "UNCLASSIFIED") return 0;
  if (l == "UNCLASSIFIED//FOR OFFICIAL USE ONLY") return 1;
  if (l == "CONFIDENTIAL") return noforn ? 3 : 2;
  if (l == "SECRET") return noforn ? 5 : 4;
  return -1;
}

bool plain_name(std::string_view s, std::size_t min, std::size_t max) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s) {
    if (!text::is_alpha(c) && c != ' ' && c != '.' && c != '-' && c != '\'') return false;
  }
  return text::is_alpha(s.front());
}

// Cuts a long paragraph after the last sentence that fits, and the archive's
// end marks ("WOOD ====CABLE ENDS====") that some last paragraphs run into.
std::string bounded_paragraph(std::string p) {
  if (const std::size_t rule = p.find("===="); rule != std::string::npos) {
    p.resize(rule);
    while (!p.empty() && p.back() == ' ') p.pop_back();
  }
  if (p.size() <= kMaxParagraph) return p;
  std::size_t cut = p.rfind(". ", kMaxParagraph);
  if (cut == std::string::npos || cut < kMinParagraph) cut = p.rfind(' ', kMaxParagraph);
  p.resize(cut + 1);
  return p;
}

// Whether "1. " + text reads as paragraph 1 with no portion mark, the least
// the generator writes before a paragraph ("1. . Summary" and "1. 2008 was"
// do not; "(SBU) text" would read as a mark).
bool opens_a_paragraph(const std::string& text) {
  const std::optional<parse::detail::ParagraphStart> p =
      parse::detail::match_paragraph_start("1. " + text);
  return p && p->number == "1" && !p->marking && p->text_begin == 3 && text.front() != '(';
}

}  // namespace

struct SeedCollector::Pools {
  Random rng{0x5EEDULL};
  std::uint64_t subjects = 0, tags = 0, paragraphs = 0, recipients = 0, classifiers = 0,
                signers = 0;
  std::map<std::string, std::size_t> station_index;  // code + '|' + origin
};

SeedCollector::SeedCollector() : pools_(std::make_unique<Pools>()) {}
SeedCollector::~SeedCollector() = default;

void SeedCollector::add(const Cable& c) {
  ++data_.cables;
  Pools& p = *pools_;
  if (const int level = level_of(c); level >= 0) data_.level_weights[level] += 1;
  if (c.precedence) {
    for (std::size_t i = 0; i < kPrecedences.size(); ++i) {
      if (*c.precedence == kPrecedences[i]) data_.precedence_weights[i] += 1;
    }
  }
  if (c.id && c.origin && c.from) {
    const std::string code = station_code_of(*c.id);
    // Every reader must give the same origin: the telegram reader knows it
    // only from the FM line (or, failing that, the station code).
    const std::optional<std::string> by_from = parse::detail::origin_for_from(*c.from);
    const bool agrees =
        by_from ? *by_from == *c.origin
                : parse::detail::origin_for_station(code) == std::optional<std::string>(*c.origin);
    // A mangled archive id ("06ECTION01OF02MANAMA1") gives no station: the
    // code must be the FM address's post or a station the readers know.
    const bool letters =
        !code.empty() && code.size() <= 20 && std::all_of(code.begin(), code.end(), text::is_upper);
    const bool known = post_for(code, *c.from) != code ||
                       parse::detail::station_code(*c.from) == code ||
                       parse::detail::is_known_station(code);
    if (letters && known && agrees) {
      const std::string key = code + '|' + *c.origin;
      auto [it, inserted] = p.station_index.emplace(key, data_.stations.size());
      if (inserted) {
        data_.stations.push_back(Station{.code = code,
                                         .origin = *c.origin,
                                         .from = *c.from,
                                         .post = post_for(code, *c.from),
                                         .route = {}});
        data_.station_weights.push_back(0);
      }
      data_.station_weights[it->second] += 1;
    }
  }
  if (c.subject) {
    std::string s = one_line(*c.subject);
    if (s.size() >= 12 && s.size() <= 160) {
      reservoir_add(data_.subjects, kMaxSubjects, p.subjects, p.rng, std::move(s));
    }
  }
  for (const std::string& tag : c.tags) {
    if (plain_name(tag, 2, 12) && parse::detail::parse_tags(tag) == std::vector<std::string>{tag}) {
      reservoir_add(data_.tags, kMaxTags, p.tags, p.rng, tag);
    }
  }
  for (const Paragraph& para : c.paragraphs) {
    std::string t = bounded_paragraph(one_line(para.text));
    if (t.size() >= kMinParagraph && opens_a_paragraph(t)) {
      reservoir_add(data_.paragraphs, kMaxParagraphs, p.paragraphs, p.rng, std::move(t));
    }
  }
  for (const auto* list : {&c.to, &c.info}) {
    for (const Recipient& r : *list) {
      if (!r.route || r.name.empty() || !r.excluded.empty()) continue;
      Recipient plain{
          .route = r.route, .name = r.name, .precedence = {}, .mcn = {}, .excluded = {}};
      reservoir_add(data_.recipients, kMaxRecipients, p.recipients, p.rng, std::move(plain));
    }
  }
  // Names the reader would not give back as written (a stray "CLASSIFIED
  // BY", a trailing period) are left out.
  if (c.classified_by && plain_name(*c.classified_by, 5, 50) &&
      parse::detail::classifier_name(*c.classified_by + ", for reasons 1.4 (b)") ==
          *c.classified_by &&
      parse::detail::classifier_name(*c.classified_by + ". Reasons: 1.4 (b).") ==
          *c.classified_by) {
    reservoir_add(data_.classifiers, kMaxNames, p.classifiers, p.rng, *c.classified_by);
  }
  for (const std::string& s : c.signed_by) {
    if (plain_name(s, 3, 20) && text::upper(s) == s) {
      reservoir_add(data_.signers, kMaxNames, p.signers, p.rng, s);
    }
  }
}

Result<SeedData> SeedCollector::finish() {
  SeedData& d = data_;
  auto missing = [&](std::string_view what) {
    return Error{.code = Errc::kInvalidInput,
                 .message = fmt::format("the seed has no {} to draw from ({} cables read, {} "
                                        "records skipped)",
                                        what, d.cables, d.skipped),
                 .hint = "give cables in any format chancery parse reads, e.g. --seed examples/"};
  };
  if (d.cables == 0) return missing("cable");
  if (d.stations.empty()) return missing("station (a cable with an id, an origin and a FM line)");
  if (d.paragraphs.empty()) return missing("numbered paragraph");
  if (d.subjects.empty()) return missing("subject");
  if (d.tags.empty()) return missing("tags");
  // The routing indicator of a station: the one its FM address has as an
  // addressee elsewhere in the seed, else a made-up one of the right shape.
  std::map<std::string, std::string> routes;
  for (const Recipient& r : d.recipients) routes.emplace(r.name, *r.route);
  for (Station& s : d.stations) {
    auto it = routes.find(s.from);
    s.route = it != routes.end()
                  ? it->second
                  : "RUEH" + s.code.substr(0, std::min<std::size_t>(2, s.code.size()));
  }
  if (d.recipients.empty()) {
    d.recipients.push_back(Recipient{
        .route = "RUEHC", .name = "SECSTATE WASHDC", .precedence = {}, .mcn = {}, .excluded = {}});
  }
  if (d.classifiers.empty()) d.classifiers.emplace_back("Charge d'Affaires");
  if (d.signers.empty()) {
    for (const std::string& name : d.classifiers) {
      const std::size_t sp = name.rfind(' ');
      std::string last = text::upper(sp == std::string::npos ? name : name.substr(sp + 1));
      if (plain_name(last, 3, 20)) d.signers.push_back(std::move(last));
    }
    if (d.signers.empty()) d.signers.emplace_back("RICE");
  }
  // Every label and precedence stays possible, whatever the seed's mix.
  double levels = 0;
  for (double w : d.level_weights) levels += w;
  for (double& w : d.level_weights) w += std::max(0.02 * levels, 0.5);
  double precedences = 0;
  for (double w : d.precedence_weights) precedences += w;
  for (std::size_t i = 0; i < d.precedence_weights.size(); ++i) {
    // FLASH stays rare.
    d.precedence_weights[i] += i == 3 ? 0.001 * precedences + 0.01 : 0.05 * precedences + 0.5;
  }
  return std::move(data_);
}

namespace {

bool is_hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name.front() == '.';
}

// The files below `dir`, sorted, hidden entries and symlinked directories
// skipped (as chancery parse walks them).
Result<void> walk(const fs::path& dir, std::vector<std::string>& out) {
  std::vector<fs::directory_entry> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!is_hidden(it->path())) entries.push_back(*it);
  }
  if (ec) {
    return Error{.code = Errc::kIo,
                 .message = "cannot read seed directory: " + ec.message(),
                 .where = dir.string()};
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
  for (const fs::directory_entry& e : entries) {
    std::error_code ignored;
    if (!e.is_symlink(ignored) && e.is_directory(ignored)) {
      if (Result<void> r = walk(e.path(), out); !r) return r;
    } else if (e.is_regular_file(ignored)) {
      out.push_back(e.path().string());
    }
  }
  return {};
}

Result<void> read_seed_file(const std::string& path, SeedCollector& collector) {
  Result<std::unique_ptr<ByteSource>> opened = open_file(path);
  if (!opened) {
    Error e = std::move(opened.error());
    e.message = "cannot read seed: " + e.message;
    if (e.where.empty()) e.where = path;
    return e;
  }
  parse::RecordSplitter splitter(decompressing(std::move(opened).value()), parse::Format::kAuto,
                                 parse::ReadOptions{.source = path});
  while (std::optional<Result<parse::RawRecord>> next = splitter.next()) {
    if (!*next) {
      // A damaged compressed stream or a read error ends this input; a row
      // that cannot be cut is only skipped.
      if (next->error().code == Errc::kIo) return next->error();
      collector.skip();
      continue;
    }
    Result<Cable> cable = parse::read_record(next->value(), parse::ReadOptions{.source = path});
    if (cable && cable->id) {
      collector.add(*cable);
    } else {
      collector.skip();
    }
  }
  return {};
}

}  // namespace

Result<Seed> Seed::load(const std::vector<std::string>& paths) {
  if (paths.empty()) {
    return Error{.code = Errc::kInvalidInput,
                 .message = "no seed given",
                 .hint = "name seed cables with --seed PATH (e.g. --seed examples/)"};
  }
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (path.empty() || status.type() == fs::file_type::not_found) {
      return Error{.code = Errc::kNotFound,
                   .message = "cannot read seed: no such file or directory",
                   .where = path.empty() ? "''" : path};
    }
    if (fs::is_directory(status)) {
      if (Result<void> r = walk(path, files); !r) return r.error();
    } else {
      files.push_back(path);
    }
  }
  SeedCollector collector;
  for (const std::string& file : files) {
    if (Result<void> r = read_seed_file(file, collector); !r) return r.error();
  }
  Result<SeedData> data = collector.finish();
  if (!data) return data.error();
  return Seed(std::make_shared<const SeedData>(std::move(data).value()));
}

std::size_t Seed::cables() const { return data_->cables; }
std::size_t Seed::skipped() const { return data_->skipped; }
std::size_t Seed::stations() const { return data_->stations.size(); }
std::size_t Seed::paragraphs() const { return data_->paragraphs.size(); }

}  // namespace chancery::gen
