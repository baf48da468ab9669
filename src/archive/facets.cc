#include "archive/facets.h"

#include "index/shards.h"
#include "index/xapian_error.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>
#include <unordered_map>

namespace chancery::archive {
namespace {

constexpr std::string_view kNames[] = {"tag", "origin", "year", "class", "month"};

class Interner {
 public:
  explicit Interner(FacetColumns::Values& values) : values_(values) {}
  std::uint32_t id(std::string_view name) {
    if (name.empty()) return 0;
    auto it = ids_.find(std::string(name));
    if (it != ids_.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(values_.names.size());
    values_.names.emplace_back(name);
    ids_.emplace(std::string(name), id);
    return id;
  }

 private:
  FacetColumns::Values& values_;
  std::unordered_map<std::string, std::uint32_t> ids_;
};

// "SECRET//NOFORN" -> "SECRET": the facet counts levels; captions are
// searched with handling:.
std::string_view level_of(std::string_view classification) {
  return classification.substr(0, classification.find("//"));
}

}  // namespace

std::optional<FacetKind> facet_kind(std::string_view name) {
  for (int i = 0; i < 5; ++i) {
    if (kNames[i] == name) return static_cast<FacetKind>(i);
  }
  return std::nullopt;
}

std::string_view facet_name(FacetKind kind) { return kNames[static_cast<int>(kind)]; }

Result<FacetColumns> FacetColumns::load(store::Store& store) {
  FacetColumns c;
  Interner tags(c.columns_[0]), origins(c.columns_[1]), years(c.columns_[2]),
      classes(c.columns_[3]), months(c.columns_[4]);
  Values& tag = c.columns_[0];
  // Index 0 is no key: key k's tags are ids[offsets[k - 1], offsets[k]).
  tag.offsets.push_back(0);
  for (int i = 1; i < 5; ++i) c.columns_[i].of_key.push_back(0);
  Result<void> walked = store.for_each_cable([&](const store::CableRow& row) {
    // Keys are dense but may have gaps; pad the columns up to this key.
    while (static_cast<std::int64_t>(tag.offsets.size()) <= row.key) {
      tag.offsets.push_back(static_cast<std::uint32_t>(tag.ids.size()));
      for (int i = 1; i < 5; ++i) c.columns_[i].of_key.push_back(0);
    }
    store::for_each_tag(row.tags, [&](std::string_view t) { tag.ids.push_back(tags.id(t)); });
    tag.offsets.back() = static_cast<std::uint32_t>(tag.ids.size());
    const std::string_view created = row.created;
    c.columns_[1].of_key[row.key] = origins.id(row.origin);
    c.columns_[2].of_key[row.key] = years.id(created.size() >= 4 ? created.substr(0, 4) : "");
    c.columns_[3].of_key[row.key] = classes.id(level_of(row.classification));
    c.columns_[4].of_key[row.key] = months.id(created.size() >= 7 ? created.substr(0, 7) : "");
    c.max_key_ = row.key;
    return true;
  });
  if (!walked) return walked.error();
  return c;
}

FacetCounter::FacetCounter(const FacetColumns& columns, std::vector<FacetKind> kinds)
    : columns_(columns), kinds_(std::move(kinds)),
      seen_(static_cast<std::size_t>(columns.max_key()) / 64 + 1, 0) {
  for (FacetKind kind : kinds_) counts_.emplace_back(columns_.values(kind).names.size(), 0);
}

void FacetCounter::add(std::int64_t key) {
  // A document newer than the columns (another process ingesting) is not
  // counted rather than read out of bounds; the next load will have it.
  if (key < 1 || key > columns_.max_key()) return;
  // A cable matches once, however many of its groups match.
  std::uint64_t& word = seen_[static_cast<std::size_t>(key) / 64];
  const std::uint64_t bit = std::uint64_t{1} << (static_cast<std::size_t>(key) % 64);
  if ((word & bit) != 0) return;
  word |= bit;
  ++cables_;
  for (std::size_t i = 0; i < kinds_.size(); ++i) {
    const FacetColumns::Values& v = columns_.values(kinds_[i]);
    std::vector<std::uint64_t>& counts = counts_[i];
    if (kinds_[i] == FacetKind::kTag) {
      const std::uint32_t begin = v.offsets[key - 1];
      const std::uint32_t end = v.offsets[key];
      for (std::uint32_t j = begin; j < end; ++j) ++counts[v.ids[j]];
    } else {
      ++counts[v.of_key[key]];
    }
  }
}

void FacetCounter::merge(const FacetCounter& other) {
  cables_ += other.cables_;
  for (std::size_t i = 0; i < counts_.size() && i < other.counts_.size(); ++i) {
    for (std::size_t id = 0; id < counts_[i].size() && id < other.counts_[i].size(); ++id) {
      counts_[i][id] += other.counts_[i][id];
    }
  }
  for (std::size_t w = 0; w < seen_.size() && w < other.seen_.size(); ++w) seen_[w] |= other.seen_[w];
}

std::vector<Facet> FacetCounter::result(std::uint32_t limit) const {
  std::vector<Facet> facets;
  for (std::size_t i = 0; i < kinds_.size(); ++i) {
    const FacetColumns::Values& v = columns_.values(kinds_[i]);
    Facet facet{.name = std::string(facet_name(kinds_[i])), .values = {}};
    for (std::size_t id = 1; id < counts_[i].size(); ++id) {
      if (counts_[i][id] != 0) facet.values.emplace_back(v.names[id], counts_[i][id]);
    }
    const bool chronological = kinds_[i] == FacetKind::kYear || kinds_[i] == FacetKind::kMonth;
    std::sort(facet.values.begin(), facet.values.end(), [&](const auto& a, const auto& b) {
      if (!chronological && a.second != b.second) return a.second > b.second;
      return a.first < b.first;
    });
    // Years and months read as a timeline, in order; the limit keeps the
    // most frequent of the others.
    if (!chronological && limit != 0 && facet.values.size() > limit) facet.values.resize(limit);
    facets.push_back(std::move(facet));
  }
  return facets;
}

bool CountingDecider::operator()(const Xapian::Document& doc) const {
  const Xapian::docid local = doc.get_docid();
  if (access_ == nullptr || access_->visible(local)) counter_.add(index::key_of_local(local));
  return false;
}

namespace {

// One shard's pass.
void count_in(const Xapian::Database& shard, const Xapian::Query& query, const AccessDecider* access,
              FacetCounter& counter) {
  const CountingDecider counting(counter, access);
  Xapian::Enquire enquire(shard);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.get_mset(0, 0, shard.get_doccount(), nullptr, &counting);
}

}  // namespace

Result<void> count_matches(const std::vector<Xapian::Database>& shards, const Xapian::Query& query,
                           const AccessDecider* access, FacetCounter& counter, bool parallel) {
  return index::guard("counting", [&]() -> Result<void> {
    if (shards.empty()) return {};
    if (!parallel) {
      for (const Xapian::Database& shard : shards) count_in(shard, query, access, counter);
      return {};
    }
    // The other threads read the decider: it decides now what it would
    // have decided lazily. And Xapian's reference counts are not atomic:
    // each thread gets its own copy of the query, and its own counter.
    if (access != nullptr) access->prepare();
    // A helper's thread reads its own members: joined before they go, on
    // every way out (an exception included) by the destructor.
    struct Helper {
      Helper(Xapian::Query q, FacetCounter c) : query(std::move(q)), counter(std::move(c)) {}
      Helper(const Helper&) = delete;
      Helper& operator=(const Helper&) = delete;
      ~Helper() {
        if (thread.joinable()) thread.join();
      }
      Xapian::Query query;
      FacetCounter counter;
      std::optional<Error> error;
      std::thread thread;
    };
    std::vector<std::unique_ptr<Helper>> helpers;
    const std::string serialised = shards.size() > 1 ? query.serialise() : std::string();
    for (std::size_t i = 1; i < shards.size(); ++i) {
      helpers.push_back(std::make_unique<Helper>(Xapian::Query::unserialise(serialised),
                                                 FacetCounter(counter.columns(), counter.kinds())));
      Helper& h = *helpers.back();
      const Xapian::Database& shard = shards[i];
      try {
        h.thread = std::thread([&h, &shard, access] {
          Result<void> r = index::guard("counting", [&]() -> Result<void> {
            count_in(shard, h.query, access, h.counter);
            return {};
          });
          if (!r) h.error = r.error();
        });
      } catch (const std::system_error&) {
        count_in(shard, h.query, access, h.counter);  // no thread to be had: here
      }
    }
    count_in(shards[0], query, access, counter);
    std::optional<Error> error;
    for (auto& h : helpers) {
      if (h->thread.joinable()) h->thread.join();
      if (h->error && !error) error = h->error;
      counter.merge(h->counter);
    }
    if (error) return *error;
    return {};
  });
}

}  // namespace chancery::archive
