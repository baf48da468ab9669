// chancery_phrase_count_bench: what counting every match of a two-word phrase
// costs Xapian itself, with none of chancery's code: the floor under
// chancery's exact facet counts for phrases (bench/README.md, "Phrase
// counting, investigated").
//
// Opens the archive's shards read-only (index::shard_path) and, per phrase,
// counts its matches with Xapian's matcher (BoolWeight, a match decider that
// only counts, every document checked) in four ways: the two words' AND in
// one shard; the phrase in one shard; the phrase in each shard one after the
// other; the phrase in both shards at once, a thread each. Prints the median
// of the rounds, in ms.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <xapian.h>

#include "index/shards.h"

namespace {

using Clock = std::chrono::steady_clock;

class Counter : public Xapian::MatchDecider {
 public:
  bool operator()(const Xapian::Document&) const override {
    ++count_;
    return false;
  }
  Xapian::doccount count() const { return count_; }

 private:
  mutable Xapian::doccount count_ = 0;
};

Xapian::doccount count(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  Counter counter;
  enquire.get_mset(0, 0, db.get_doccount(), nullptr, &counter);
  return counter.count();
}

template <typename Fn>
double median_ms(int rounds, Fn&& fn) {
  std::vector<double> ms;
  for (int r = 0; r < rounds; ++r) {
    const auto start = Clock::now();
    fn();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"what counting a phrase's matches costs Xapian itself, per shard and both at once"};
  std::string archive;
  int rounds = 7;
  std::vector<std::string> phrases = {"human right", "prime minist", "nuclear program"};
  app.add_option("--archive", archive, "the chancery archive")->required();
  app.add_option("--rounds", rounds, "rounds per measure (median printed)")->check(CLI::PositiveNumber);
  app.add_option("phrases", phrases, "two-word phrases as indexed stems (default: the bench's three)");
  CLI11_PARSE(app, argc, argv);

  std::vector<Xapian::Database> shards;
  const std::filesystem::path index_dir = std::filesystem::path(archive) / "index";
  for (unsigned i = 0; std::filesystem::exists(chancery::index::shard_path(index_dir, i)); ++i) {
    shards.emplace_back(chancery::index::shard_path(index_dir, i).string());
  }
  if (shards.size() < 2) {
    fmt::print(stderr, "{}: expected an archive of two shards or more\n", archive);
    return 1;
  }
  fmt::print("| phrase | matches, shard 0 | AND, shard 0 | phrase, shard 0 | each shard in turn | both at once |\n");
  fmt::print("|---|---|---|---|---|---|\n");
  for (const std::string& phrase : phrases) {
    const std::size_t space = phrase.find(' ');
    if (space == std::string::npos) {
      fmt::print(stderr, "'{}': expected two words\n", phrase);
      return 1;
    }
    const std::vector<std::string> words = {phrase.substr(0, space), phrase.substr(space + 1)};
    const Xapian::Query both(Xapian::Query::OP_AND, words.begin(), words.end());
    const Xapian::Query exact(Xapian::Query::OP_PHRASE, words.begin(), words.end(), 2);
    Xapian::doccount matches = 0;
    const double and_ms = median_ms(rounds, [&] { count(shards[0], both); });
    const double one_ms = median_ms(rounds, [&] { matches = count(shards[0], exact); });
    const double turn_ms = median_ms(rounds, [&] {
      count(shards[0], exact);
      count(shards[1], exact);
    });
    // Xapian's reference counts are not atomic: the helper builds its own query.
    const double together_ms = median_ms(rounds, [&] {
      std::thread helper([&] {
        const Xapian::Query own(Xapian::Query::OP_PHRASE, words.begin(), words.end(), 2);
        count(shards[1], own);
      });
      count(shards[0], exact);
      helper.join();
    });
    fmt::print("| `{}` | {} | {:.2f} | {:.2f} | {:.2f} | {:.2f} |\n", phrase, matches, and_ms, one_ms, turn_ms,
               together_ms);
  }
  return 0;
}
