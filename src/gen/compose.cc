// Drawing cables: the Generator. Each cable is composed as its intended
// record; renderers write it in a format, readers must read the same back.
//
// Dates follow the output order (row i of n gets the time at quantile i/n of
// a Cablegate-like distribution), so serials grow with time within each
// station and year, references point back in time, and memory stays bounded:
// only serial counters, windows of recent and skipped ids and the cables
// waiting to be re-emitted are kept.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "chancery/gen.h"

#include "core/text.h"
#include "gen/dates.h"
#include "gen/random.h"
#include "gen/seed.h"

namespace chancery::gen {
namespace {

constexpr std::size_t kRecentIds = 4096;
constexpr std::size_t kSkippedIds = 1024;
// Brussels pairs: Embassy Brussels and USEU Brussels number their cables
// alike, so both yield 08BRUSSELS1234; one pair every this many rows.
constexpr std::uint64_t kPairEvery = 997;
constexpr std::uint64_t kPairPhase = 100;
constexpr double kSeriesChance = 0.02;
constexpr int kVersionDelayMax = 200;

// Cables per year in Cablegate, roughly: a handful before 1990, most from
// 2004 on; 2010 ends in February.
struct YearWeight {
  int year;
  double weight;
};
std::vector<YearWeight> year_weights() {
  std::vector<YearWeight> w;
  for (int y = 1966; y <= 1989; ++y) w.push_back({y, y < 1980 ? 20.0 : 150.0});
  for (int y = 1990; y <= 1999; ++y) w.push_back({y, 400});
  for (auto [y, n] : {std::pair{2000, 1000},
                      {2001, 2000},
                      {2002, 3500},
                      {2003, 7000},
                      {2004, 17000},
                      {2005, 26000},
                      {2006, 41000},
                      {2007, 45000},
                      {2008, 50000},
                      {2009, 47000},
                      {2010, 7000}}) {
    w.push_back({y, static_cast<double>(n)});
  }
  return w;
}

struct Cited {
  std::string id;
  std::string text;  // "07 TEL AVIV 557"
};

// A bounded ring of ids that later cables may cite.
class Ring {
 public:
  explicit Ring(std::size_t cap) : cap_(cap) {}
  void push(Cited c) {
    if (items_.size() < cap_) {
      items_.push_back(std::move(c));
    } else {
      items_[next_] = std::move(c);
      next_ = (next_ + 1) % cap_;
    }
  }
  bool empty() const { return items_.empty(); }
  const Cited& pick(Random& rng) const { return rng.pick(items_); }

 private:
  std::size_t cap_;
  std::size_t next_ = 0;
  std::vector<Cited> items_;
};

struct Marks {
  std::vector<const char*> marks;
  std::vector<double> weights;
};

// Portion marks a paragraph of each label may carry; the first is the label's
// own level, which at least one paragraph has.
const Marks& marks_for(std::size_t level) {
  static const std::array<Marks, kLevels> kMarks = {{
      {{"U"}, {1}},
      {{"SBU", "U"}, {0.8, 0.2}},
      {{"C", "SBU", "U"}, {0.7, 0.2, 0.1}},
      {{"C/NF", "C", "SBU", "U"}, {0.6, 0.2, 0.1, 0.1}},
      {{"S", "C", "SBU", "U"}, {0.55, 0.3, 0.1, 0.05}},
      {{"S/NF", "S", "C/NF", "C", "U"}, {0.5, 0.2, 0.15, 0.1, 0.05}},
  }};
  return kMarks[level];
}

std::string ref_text(int year, const std::string& post, long serial) {
  return fmt::format("{:02} {} {}", year % 100, post, serial);
}

// "SUBJECT (cable 2 of 3)", in the subject's case.
std::string series_subject(const std::string& subject, int k, int n) {
  const bool upper = text::upper(subject) == subject;
  return fmt::format("{} ({} {} {} {})", subject, upper ? "CABLE" : "cable", k, upper ? "OF" : "of",
                     n);
}

bool usable_recipient(const Recipient& r) {
  if (r.name.find('/') != std::string::npos) return false;
  const std::size_t sp = r.name.rfind(' ');
  const std::string_view last =
      sp == std::string::npos ? std::string_view(r.name) : std::string_view(r.name).substr(sp + 1);
  for (const char* p : {"ROUTINE", "PRIORITY", "IMMEDIATE", "FLASH", "NIACT"}) {
    if (last == p) return false;
  }
  return !std::all_of(last.begin(), last.end(), [](char c) { return text::is_digit(c); });
}

}  // namespace

struct Generator::Impl {
  Impl(Seed s, Options o) : seed(std::move(s)), d(seed.data()), options(o), rng(o.random_seed) {
    levels.assign(d.level_weights.begin(), d.level_weights.end());
    precedences.assign(d.precedence_weights.begin(), d.precedence_weights.end());
    for (const Recipient& r : d.recipients) {
      if (usable_recipient(r)) recipients.push_back(r);
    }
    if (recipients.empty())
      recipients.push_back(Recipient{.route = "RUEHC",
                                     .name = "SECSTATE WASHDC",
                                     .precedence = {},
                                     .mcn = {},
                                     .excluded = {}});
    double total = 0;
    for (const YearWeight& y : year_weights()) {
      const std::int64_t start = to_minutes({y.year, 1, 1, 0, 0});
      const std::int64_t end =
          y.year == 2010 ? to_minutes({2010, 3, 1, 0, 0}) : to_minutes({y.year + 1, 1, 1, 0, 0});
      years.push_back({start, end, total, y.weight});
      total += y.weight;
    }
    total_weight = total;
    embassy_brussels = Station{.code = "BRUSSELS",
                               .origin = "Embassy Brussels",
                               .from = "AMEMBASSY BRUSSELS",
                               .post = "BRUSSELS",
                               .route = "RUEHBS"};
    useu_brussels = Station{.code = "BRUSSELS",
                            .origin = "USEU Brussels",
                            .from = "USEU BRUSSELS",
                            .post = "USEU BRUSSELS",
                            .route = "RUEHBS"};
  }

  std::optional<GeneratedCable> next();

  // The time at quantile f in [0, 1) of the year distribution, in minutes.
  std::int64_t time_at(double f) const {
    const double x = f * total_weight;
    for (const Span& s : years) {
      if (x < s.before + s.weight || &s == &years.back()) {
        const double in = std::clamp((x - s.before) / s.weight, 0.0, 0.999999);
        return s.start + static_cast<std::int64_t>(in * static_cast<double>(s.end - s.start));
      }
    }
    return years.back().start;
  }

  // The station's next serial in `year`. Cablegate holds a small share of
  // each post's cables, so serials have gaps; a skipped serial is a cable that
  // exists but is missing, which later cables may cite. Parts of a series
  // take consecutive serials.
  long draw_serial(int year, const Station& st, bool consecutive = false) {
    long& counter = serials[fmt::format("{:02}{}", year % 100, st.code)];
    const long gap = consecutive || !rng.chance(0.5) ? 1 : 1 + static_cast<long>(rng.below(5));
    if (gap > 1) {
      skipped.push(Cited{fmt::format("{:02}{}{}", year % 100, st.code, counter + 1),
                         ref_text(year, st.post, counter + 1)});
    }
    counter += gap;
    return counter;
  }

  // A cable that exists but is not in the corpus: one of last year's, past
  // the last serial drawn then (dates only move forward, so it is never
  // generated), or, in the first year, a serial skipped for good now.
  Cited missing_ref(int year, const Station& st) {
    const int cited_year = year > 1966 ? year - 1 : year;
    long& counter = serials[fmt::format("{:02}{}", cited_year % 100, st.code)];
    counter += cited_year < year ? rng.between(1, 40) : 1;
    return Cited{fmt::format("{:02}{}{}", cited_year % 100, st.code, counter),
                 ref_text(cited_year, st.post, counter)};
  }

  GeneratedCable compose(const Station& st, std::int64_t minutes, std::string subject,
                         std::optional<long> serial, const Cited* previous_part);
  GeneratedCable new_version(const GeneratedCable& g);
  void draw_addressees(Cable& c, const Station& st);
  GeneratedCable emit(GeneratedCable g) {
    g.row = ++row;
    return g;
  }

  struct Span {
    std::int64_t start, end;
    double before, weight;
  };
  struct Pending {
    std::uint64_t due;
    GeneratedCable cable;
  };
  struct Series {
    int left = 0, n = 0, k = 0;
    const Station* station = nullptr;
    std::int64_t minutes = 0;
    std::string subject;
    Cited previous;
  };

  Seed seed;
  const SeedData& d;
  Options options;
  Random rng;
  std::vector<double> levels, precedences;
  std::vector<Recipient> recipients;
  std::vector<Span> years;
  double total_weight = 0;
  Station embassy_brussels, useu_brussels;
  std::uint64_t row = 0;
  std::unordered_map<std::string, long> serials;
  Ring recent{kRecentIds};
  Ring skipped{kSkippedIds};
  std::vector<Pending> pending;
  Series series;
};

void Generator::Impl::draw_addressees(Cable& c, const Station& st) {
  auto taken = [&](const std::string& name) {
    if (name == st.from) return true;
    for (const auto* list : {&c.to, &c.info}) {
      for (const Recipient& r : *list) {
        if (r.name == name) return true;
      }
    }
    return false;
  };
  auto mcn = [&](const std::string& name) -> std::optional<std::string> {
    if (name.find("COLLECTIVE") != std::string::npos) return std::nullopt;
    return fmt::format("{:04}", rng.below(10000));
  };
  const int to = rng.chance(0.85) ? 1 : 2;
  const int info = static_cast<int>(rng.weighted({20, 15, 15, 12, 10, 8, 8, 6, 6}));
  for (int i = 0, tries = 0; i < to + info && tries < 40; ++tries) {
    const Recipient& pick = rng.pick(recipients);
    if (taken(pick.name)) continue;
    Recipient r{
        .route = pick.route, .name = pick.name, .precedence = {}, .mcn = {}, .excluded = {}};
    if (i < to) {
      r.precedence = c.precedence;
      r.mcn = mcn(r.name);
      c.to.push_back(std::move(r));
    } else {
      if (rng.chance(0.5)) r.precedence = c.precedence;
      r.mcn = mcn(r.name);
      c.info.push_back(std::move(r));
    }
    ++i;
  }
}

GeneratedCable Generator::Impl::compose(const Station& st, std::int64_t minutes,
                                        std::string subject, std::optional<long> serial_in,
                                        const Cited* previous_part) {
  const DateTime t = from_minutes(minutes);
  const long serial = serial_in ? *serial_in : draw_serial(t.year, st);
  const std::size_t level = rng.weighted(levels);
  GeneratedCable g;
  g.post = st.post;
  g.route = st.route;
  g.label = kLabels[level];
  Cable& c = g.cable;
  c.id = fmt::format("{:02}{}{}", t.year % 100, st.code, serial);
  c.origin = st.origin;
  c.created =
      fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}Z", t.year, t.month, t.day, t.hour, t.minute);
  {
    const std::int64_t from = to_minutes({2010, 11, 28, 0, 0});
    const std::int64_t to = to_minutes({2011, 9, 1, 0, 0});
    const DateTime r = from_minutes(
        from + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(to - from))));
    c.released =
        fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}Z", r.year, r.month, r.day, r.hour, r.minute);
  }
  const bool classified = level >= 2;
  c.classification = level == 1                 ? "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
                     : level == 0               ? "UNCLASSIFIED"
                     : level == 2 || level == 3 ? "CONFIDENTIAL"
                                                : "SECRET";
  if (level == 3 || level == 5) c.handling.emplace_back("NOFORN");
  if (level == 1) c.handling.emplace_back("SENSITIVE");
  if (t.year >= 2003) c.handling.emplace_back("SIPDIS");
  c.transmission_id = fmt::format("VZCZCXRO{:04}", rng.below(10000));
  c.precedence = kPrecedences[rng.weighted(precedences)];
  c.from = st.from;
  draw_addressees(c, st);
  c.subject = std::move(subject);

  const int tag_count = rng.between(2, 6);
  for (int tries = 0; static_cast<int>(c.tags.size()) < tag_count && tries < 30; ++tries) {
    const std::string& tag = rng.pick(d.tags);
    if (std::find(c.tags.begin(), c.tags.end(), tag) == c.tags.end()) c.tags.push_back(tag);
  }

  const int ref_count = static_cast<int>(rng.weighted({35, 30, 18, 10, 7}));
  std::vector<Cited> refs;
  if (previous_part != nullptr) refs.push_back(*previous_part);
  for (int added = 0, tries = 0; added < ref_count && tries < 12; ++tries) {
    Cited ref;
    if (rng.chance(0.1) || recent.empty()) {
      // Parts of a series keep consecutive serials: they cite only serials
      // skipped before.
      if (!skipped.empty() && (serial_in || rng.chance(0.7))) {
        ref = skipped.pick(rng);
      } else if (!serial_in) {
        ref = missing_ref(t.year, st);
      } else {
        continue;
      }
    } else {
      ref = recent.pick(rng);
    }
    if (ref.id == *c.id) continue;
    if (std::any_of(refs.begin(), refs.end(), [&](const Cited& r) { return r.id == ref.id; })) {
      continue;
    }
    refs.push_back(std::move(ref));
    ++added;
  }
  for (std::size_t i = 0; i < refs.size(); ++i) {
    Reference r;
    if (refs.size() > 1) r.bullet = std::string(1, static_cast<char>('a' + i));
    r.id = refs[i].id;
    r.text = refs[i].text;
    c.references.push_back(std::move(r));
  }

  if (classified) {
    c.classified_by = rng.pick(d.classifiers);
    static constexpr std::array<const char*, 5> kReasons = {"b", "c", "d", "g", "h"};
    static const std::vector<double> kReasonWeights = {0.8, 0.2, 0.85, 0.05, 0.05};
    for (std::size_t i = 0; i < kReasons.size(); ++i) {
      if (rng.chance(kReasonWeights[i])) c.reasons.push_back(fmt::format("1.4({})", kReasons[i]));
    }
    if (c.reasons.empty()) c.reasons.emplace_back("1.4(d)");
    if (t.year >= 1995) {
      // Declassify ten years on (the 29th of February moves to the 28th).
      c.declassify_on = fmt::format("{:04}-{:02}-{:02}", t.year + 10, t.month,
                                    t.month == 2 && t.day == 29 ? 28 : t.day);
    }
  }

  const int paragraphs = rng.between(3, 15);
  const Marks& marks = marks_for(level);
  const bool marked = t.year >= 1995 && (classified || level == 1 || rng.chance(0.3));
  const int top = rng.between(0, paragraphs - 1);  // one paragraph at the label's level
  for (int i = 0; i < paragraphs; ++i) {
    Paragraph p;
    p.number = std::to_string(i + 1);
    if (marked) p.marking = i == top ? marks.marks[0] : marks.marks[rng.weighted(marks.weights)];
    p.text = rng.pick(d.paragraphs);
    c.paragraphs.push_back(std::move(p));
  }
  c.signed_by.push_back(rng.pick(d.signers));
  return g;
}

GeneratedCable Generator::Impl::new_version(const GeneratedCable& g) {
  GeneratedCable v = g;
  v.copy = g.copy + 1;
  std::vector<Paragraph>& ps = v.cable.paragraphs;
  Paragraph& p = ps[rng.below(ps.size())];
  for (int tries = 0; tries < 8; ++tries) {
    const std::string& text = rng.pick(d.paragraphs);
    if (text != p.text) {
      p.text = text;
      break;
    }
  }
  // A seed of one paragraph has nothing else to offer: mark the change.
  if (d.paragraphs.size() == 1) p.text += " (Corrected copy.)";
  return v;
}

std::optional<GeneratedCable> Generator::Impl::next() {
  if (row >= options.count) return std::nullopt;
  const std::uint64_t remaining = options.count - row;
  // Re-emissions come first when due, and whatever it takes to fit them all.
  if (!pending.empty()) {
    auto first = std::min_element(pending.begin(), pending.end(),
                                  [](const Pending& a, const Pending& b) { return a.due < b.due; });
    if (first->due <= row || remaining <= pending.size()) {
      GeneratedCable g = std::move(first->cable);
      pending.erase(first);
      return emit(std::move(g));
    }
  }
  const std::int64_t minutes =
      time_at((static_cast<double>(row) + rng.unit()) / static_cast<double>(options.count));
  const std::uint64_t free = remaining - pending.size();

  if (series.left > 0) {
    --series.left;
    ++series.k;
    series.minutes += rng.between(1, 4);
    const long serial = draw_serial(from_minutes(series.minutes).year, *series.station, true);
    GeneratedCable g =
        compose(*series.station, series.minutes, series_subject(series.subject, series.k, series.n),
                serial, &series.previous);
    series.previous = Cited{
        *g.cable.id, ref_text(from_minutes(series.minutes).year, series.station->post, serial)};
    recent.push(series.previous);
    return emit(std::move(g));
  }

  if (row % kPairEvery == kPairPhase && free >= 3) {
    GeneratedCable a =
        compose(embassy_brussels, minutes, rng.pick(d.subjects), std::nullopt, nullptr);
    const DateTime t = from_minutes(minutes);
    const std::string& id = *a.cable.id;
    const long serial = std::stol(id.substr(2 + embassy_brussels.code.size()));
    // Hours later, but in the same year: the year is part of the id.
    std::int64_t later = minutes + rng.between(1, 600);
    if (from_minutes(later).year != t.year) later = minutes;
    GeneratedCable b = compose(useu_brussels, later, rng.pick(d.subjects), serial, nullptr);
    b.copy = 2;
    pending.push_back({row + 1 + rng.below(20), std::move(b)});
    recent.push(Cited{id, ref_text(t.year, embassy_brussels.post, serial)});
    return emit(std::move(a));
  }

  const Station* st = &d.stations[rng.weighted(d.station_weights)];
  if (rng.chance(kSeriesChance) && free > 8) {
    series.n = rng.between(2, 5);
    series.k = 1;
    series.left = series.n - 1;
    series.station = st;
    series.minutes = minutes;
    series.subject = rng.pick(d.subjects);
    const long serial = draw_serial(from_minutes(minutes).year, *st);
    GeneratedCable g =
        compose(*st, minutes, series_subject(series.subject, 1, series.n), serial, nullptr);
    series.previous = Cited{*g.cable.id, ref_text(from_minutes(minutes).year, st->post, serial)};
    recent.push(series.previous);
    return emit(std::move(g));
  }

  GeneratedCable g = compose(*st, minutes, rng.pick(d.subjects), std::nullopt, nullptr);
  const DateTime t = from_minutes(minutes);
  const std::string& id = *g.cable.id;
  recent.push(Cited{id, ref_text(t.year, st->post, std::stol(id.substr(2 + st->code.size())))});
  if (options.versions_percent > 0 && rng.chance(options.versions_percent / 100.0) &&
      free > pending.size() + 2) {
    pending.push_back(
        {row + 1 + static_cast<std::uint64_t>(rng.between(0, kVersionDelayMax)), new_version(g)});
  }
  return emit(std::move(g));
}

Generator::Generator(Seed seed, Options options)
    : impl_(std::make_unique<Impl>(std::move(seed), options)) {}
Generator::~Generator() = default;
std::optional<GeneratedCable> Generator::next() { return impl_->next(); }

}  // namespace chancery::gen
