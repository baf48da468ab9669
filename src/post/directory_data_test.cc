#include "post/directory_data.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "post/shipped_data.h"

namespace chancery::post {
namespace {

const Post* find_post(const DirectorySeed& seed, std::string_view plad) {
  auto it = std::find_if(seed.posts.begin(), seed.posts.end(), [&](const Post& p) { return p.plad == plad; });
  return it == seed.posts.end() ? nullptr : &*it;
}

const Collective* find_collective(const DirectorySeed& seed, std::string_view plad) {
  auto it = std::find_if(seed.collectives.begin(), seed.collectives.end(),
                         [&](const Collective& c) { return c.plad == plad; });
  return it == seed.collectives.end() ? nullptr : &*it;
}

TEST(DirectoryData, TextNames) {
  EXPECT_EQ(text_name_of("AMEMBASSY TEL AVIV"), "TEL AVIV");
  EXPECT_EQ(text_name_of("AMCONSUL RIO DE JANEIRO"), "RIO DE JANEIRO");
  EXPECT_EQ(text_name_of("USMISSION USUN NEW YORK"), "USUN NEW YORK");
  EXPECT_EQ(text_name_of("USMISSION GENEVA"), "GENEVA");
  EXPECT_EQ(text_name_of("USEU BRUSSELS"), "BRUSSELS");
  EXPECT_EQ(text_name_of("USINT HAVANA"), "HAVANA");
  EXPECT_EQ(text_name_of("SECSTATE WASHDC"), "STATE");
  EXPECT_EQ(text_name_of("secstate  washdc"), "STATE");
  EXPECT_EQ(text_name_of("AIT TAIPEI"), "AIT TAIPEI");
  EXPECT_EQ(text_name_of("NSC WASHDC"), "NSC WASHDC");
  // A prefix is a whole word: USEUCOM is not USEU.
  EXPECT_EQ(text_name_of("USEUCOM AIDES VAIHINGEN GE"), "USEUCOM AIDES VAIHINGEN GE");
}

TEST(DirectoryData, NormalizedPlads) {
  EXPECT_EQ(normalize_plad("  amembassy   tel aviv "), "AMEMBASSY TEL AVIV");
  EXPECT_EQ(normalize_plad(""), "");
  EXPECT_TRUE(is_collective_plad("iran collective"));
  EXPECT_FALSE(is_collective_plad("AMEMBASSY PARIS"));
}

TEST(DirectoryData, ShippedSeed) {
  const std::optional<std::string_view> tsv = shipped_file("routing-indicators.tsv");
  ASSERT_TRUE(tsv);
  Result<DirectorySeed> seed = read_directory_seed(*tsv);
  ASSERT_TRUE(seed) << seed.error().message;
  EXPECT_GT(seed->posts.size(), 300u);
  EXPECT_GT(seed->collectives.size(), 40u);
  // One entry per PLAD, whatever the table repeats.
  EXPECT_EQ(seed->posts.size() + seed->collectives.size(), 443u);

  const Post* tel_aviv = find_post(*seed, "AMEMBASSY TEL AVIV");
  ASSERT_NE(tel_aviv, nullptr);
  EXPECT_EQ(tel_aviv->route, "RUEHTV");
  EXPECT_EQ(tel_aviv->text_name, "TEL AVIV");
  const Post* state = find_post(*seed, "SECSTATE WASHDC");
  ASSERT_NE(state, nullptr);
  EXPECT_EQ(state->route, "RUEHC");
  EXPECT_EQ(state->text_name, "STATE");
  EXPECT_EQ(find_post(*seed, "IRAN COLLECTIVE"), nullptr);

  // IRAN COLLECTIVE appears as RUCNIRA (181 times) and RUNCIRA (once): the
  // most frequent route wins.
  const Collective* iran = find_collective(*seed, "IRAN COLLECTIVE");
  ASSERT_NE(iran, nullptr);
  EXPECT_EQ(iran->route, "RUCNIRA");
  // Every example member is a seeded post (a typo would drop it silently).
  for (const Collective& example : example_collectives()) {
    const Collective* c = find_collective(*seed, example.plad);
    ASSERT_NE(c, nullptr) << example.plad;
    EXPECT_EQ(c->members.size(), example.members.size()) << example.plad;
    EXPECT_TRUE(std::is_sorted(c->members.begin(), c->members.end()));
  }
  EXPECT_TRUE(find_collective(*seed, "ARAB LEAGUE COLLECTIVE")->members.empty());
}

TEST(DirectoryData, MalformedSeedNamesTheLine) {
  Result<DirectorySeed> seed = read_directory_seed("route\tplad\tcount\nRUEHC\tSECSTATE WASHDC\t4\nRUEHTV\tAMEMBASSY TEL AVIV\n");
  ASSERT_FALSE(seed);
  EXPECT_EQ(seed.error().code, Errc::kInvalidInput);
  EXPECT_EQ(seed.error().where, "routing-indicators.tsv:3");
  Result<DirectorySeed> count = read_directory_seed("route\tplad\tcount\nRUEHC\tSECSTATE WASHDC\tmany\n");
  ASSERT_FALSE(count);
  EXPECT_EQ(count.error().where, "routing-indicators.tsv:2");
}

TEST(DirectoryData, ShippedTags) {
  const TagList& tags = TagList::shipped();
  EXPECT_GT(tags.size(), 1000u);
  EXPECT_TRUE(tags.known("PREL"));
  EXPECT_TRUE(tags.known("prel"));
  EXPECT_TRUE(tags.subject("PREL"));
  EXPECT_TRUE(tags.subject("KNNP"));  // a program tag
  EXPECT_TRUE(tags.known("IR"));
  EXPECT_FALSE(tags.subject("IR"));   // geographic
  EXPECT_FALSE(tags.known("XQZZ"));
  EXPECT_FALSE(tags.subject("XQZZ"));
}

}  // namespace
}  // namespace chancery::post
