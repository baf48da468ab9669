#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/gen.h"
#include "chancery/parse.h"

#include "core/text.h"
#include "gen/dates.h"

namespace chancery::gen {
namespace {

namespace fs = std::filesystem;

const std::string kExamples = std::string(CHANCERY_SOURCE_DIR) + "/examples";

const Seed& examples_seed() {
  static const Seed seed = [] {
    Result<Seed> s = Seed::load({kExamples});
    EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().to_string());
    return std::move(s).value();
  }();
  return seed;
}

parse::Format reader_for(OutputFormat f) {
  switch (f) {
    case OutputFormat::kCsv:
      return parse::Format::kCablesCsv;
    case OutputFormat::kHtml:
      return parse::Format::kCablegateHtml;
    case OutputFormat::kTelegram:
      return parse::Format::kTelegram;
    case OutputFormat::kPlain:
      return parse::Format::kPlain;
    case OutputFormat::kJsonl:
      return parse::Format::kJsonl;
  }
  return parse::Format::kAuto;
}

std::vector<std::optional<std::string>> reference_ids(const Cable& c) {
  std::vector<std::optional<std::string>> ids;
  for (const Reference& r : c.references) ids.push_back(r.id);
  return ids;
}

std::vector<std::string> paragraph_heads(const Cable& c) {
  std::vector<std::string> heads;
  for (const Paragraph& p : c.paragraphs) heads.push_back(p.number + " " + p.marking.value_or("-"));
  return heads;
}

// Compares what a reader made of a generated cable with what was intended.
void expect_read_back(const Cable& got, const GeneratedCable& g, OutputFormat f) {
  const Cable& want = g.cable;
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.origin, want.origin);
  EXPECT_EQ(got.created, want.created);
  EXPECT_EQ(got.classification, want.classification);
  EXPECT_EQ(got.handling, want.handling);
  EXPECT_EQ(got.subject, want.subject);
  EXPECT_EQ(got.tags, want.tags);
  EXPECT_EQ(reference_ids(got), reference_ids(want));
  EXPECT_EQ(paragraph_heads(got), paragraph_heads(want));
  EXPECT_EQ(got.precedence, want.precedence);
  EXPECT_EQ(got.from, want.from);
  EXPECT_EQ(got.to, want.to);
  EXPECT_EQ(got.info, want.info);
  EXPECT_EQ(got.classified_by, want.classified_by);
  EXPECT_EQ(got.reasons, want.reasons);
  EXPECT_EQ(got.declassify_on, want.declassify_on);
  EXPECT_EQ(got.signed_by, want.signed_by);
  EXPECT_EQ(got.transmission_id, want.transmission_id);
  if (f == OutputFormat::kHtml) {
    EXPECT_EQ(got.released, want.released);
  }
  for (std::size_t i = 0; i < got.paragraphs.size() && i < want.paragraphs.size(); ++i) {
    EXPECT_EQ(text::squeeze_spaces(got.paragraphs[i].text), want.paragraphs[i].text)
        << "paragraph " << i + 1;
  }
  EXPECT_TRUE(got.warnings.empty())
      << got.warnings.size()
      << " warnings, first: " << (got.warnings.empty() ? "" : got.warnings[0].message);
}

class ParseBack : public ::testing::TestWithParam<OutputFormat> {};

TEST_P(ParseBack, EveryCableReadsBackAsIntended) {
  const OutputFormat format = GetParam();
  Generator generator(examples_seed(),
                      Options{.count = 300, .random_seed = 7, .versions_percent = 5});
  int cables = 0;
  while (std::optional<GeneratedCable> g = generator.next()) {
    SCOPED_TRACE(*g->cable.id + " row " + std::to_string(g->row));
    const std::string bytes = render(*g, format);
    Result<Cable> got = parse::read_record(
        parse::RawRecord{.format = reader_for(format), .line = 1, .bytes = bytes});
    ASSERT_TRUE(got.has_value()) << got.error().to_string();
    expect_read_back(*got, *g, format);
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << "first failing cable, as written:\n" << bytes.substr(0, 6000);
      return;
    }
    ++cables;
  }
  EXPECT_EQ(cables, 300);
}

// The same with the development corpus as the seed (5,043 cables, many more
// stations, addressees and paragraph shapes); skipped when it is absent.
TEST(ParseBackSharedCorpus, EveryCableReadsBackAsIntended) {
  const std::string csv = std::string(CHANCERY_SHARED_DIR) + "/corpus/cables-dev.csv.zst";
  if (!fs::exists(csv)) GTEST_SKIP() << csv << " is absent";
  Result<Seed> seed = Seed::load({csv});
  ASSERT_TRUE(seed.has_value()) << seed.error().to_string();
  for (OutputFormat format :
       {OutputFormat::kCsv, OutputFormat::kHtml, OutputFormat::kTelegram, OutputFormat::kPlain}) {
    SCOPED_TRACE(std::string(output_format_name(format)));
    Generator generator(*seed, Options{.count = 1000, .random_seed = 9, .versions_percent = 2});
    while (std::optional<GeneratedCable> g = generator.next()) {
      SCOPED_TRACE(*g->cable.id + " row " + std::to_string(g->row));
      const std::string bytes = render(*g, format);
      Result<Cable> got = parse::read_record(
          parse::RawRecord{.format = reader_for(format), .line = 1, .bytes = bytes});
      ASSERT_TRUE(got.has_value()) << got.error().to_string();
      expect_read_back(*got, *g, format);
      if (::testing::Test::HasFailure()) {
        ADD_FAILURE() << "first failing cable, as written:\n" << bytes.substr(0, 6000);
        return;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllFormats, ParseBack,
                         ::testing::Values(OutputFormat::kCsv, OutputFormat::kHtml,
                                           OutputFormat::kTelegram, OutputFormat::kPlain,
                                           OutputFormat::kJsonl),
                         [](const auto& param_info) {
                           return std::string(output_format_name(param_info.param));
                         });

std::string generate_csv(std::uint64_t random_seed, std::uint64_t count) {
  std::string out;
  Result<WriteSummary> s =
      write_stream(examples_seed(), Options{.count = count, .random_seed = random_seed},
                   OutputFormat::kCsv, [&](std::string_view b) {
                     out += b;
                     return true;
                   });
  EXPECT_TRUE(s.has_value());
  return out;
}

TEST(Dates, MinutesRoundTripBefore1970) {
  for (const DateTime t : {DateTime{1966, 1, 1, 0, 0}, DateTime{1969, 12, 31, 23, 59},
                           DateTime{1970, 1, 1, 0, 0}, DateTime{2008, 2, 29, 12, 5}}) {
    const DateTime back = from_minutes(to_minutes(t));
    EXPECT_EQ(std::tie(back.year, back.month, back.day, back.hour, back.minute),
              std::tie(t.year, t.month, t.day, t.hour, t.minute));
  }
  EXPECT_EQ(weekday(DateTime{2007, 2, 22, 0, 0}), 4);  // a Thursday
  EXPECT_EQ(weekday(DateTime{1966, 1, 1, 0, 0}), 6);   // a Saturday
}

TEST(Generator, SameSeedSameBytes) {
  const std::string a = generate_csv(11, 400);
  EXPECT_EQ(a, generate_csv(11, 400));
  EXPECT_NE(a, generate_csv(12, 400));
}

TEST(Generator, IdsAreUniqueButForVersionsAndBrusselsPairs) {
  Generator generator(examples_seed(),
                      Options{.count = 3000, .random_seed = 3, .versions_percent = 2});
  std::map<std::string, std::vector<GeneratedCable>> by_id;
  std::set<std::string> ids;
  std::size_t refs = 0, refs_to_generated = 0, series = 0;
  std::uint64_t row = 0;
  std::string last_created;
  while (std::optional<GeneratedCable> g = generator.next()) {
    EXPECT_EQ(g->row, ++row);
    ids.insert(*g->cable.id);
    for (const Reference& r : g->cable.references) {
      ++refs;
      refs_to_generated += ids.count(*r.id);
    }
    if (g->cable.subject->find("of ") != std::string::npos &&
        g->cable.subject->find("(cable ") != std::string::npos) {
      ++series;
    }
    const std::string id = *g->cable.id;
    by_id[id].push_back(std::move(*g));
  }
  EXPECT_EQ(row, 3000u);
  std::size_t versions = 0, pairs = 0;
  for (const auto& [id, cables] : by_id) {
    if (cables.size() == 1) continue;
    ASSERT_EQ(cables.size(), 2u) << id;
    EXPECT_EQ(cables[1].copy, 2);
    if (cables[0].cable.origin != cables[1].cable.origin) {
      ++pairs;
      EXPECT_EQ(*cables[0].cable.origin, "Embassy Brussels");
      EXPECT_EQ(*cables[1].cable.origin, "USEU Brussels");
    } else {
      ++versions;
      std::size_t changed = 0;
      ASSERT_EQ(cables[0].cable.paragraphs.size(), cables[1].cable.paragraphs.size());
      for (std::size_t i = 0; i < cables[0].cable.paragraphs.size(); ++i) {
        changed += cables[0].cable.paragraphs[i] != cables[1].cable.paragraphs[i];
      }
      EXPECT_EQ(changed, 1u) << id;
    }
  }
  EXPECT_GE(pairs, 2u);
  EXPECT_GE(versions, 30u);
  EXPECT_LE(versions, 90u);
  EXPECT_GT(series, 20u);
  // Most references point to cables written earlier; about a tenth are missing.
  ASSERT_GT(refs, 1000u);
  EXPECT_GT(refs_to_generated, refs * 8 / 10);
  EXPECT_LT(refs_to_generated, refs * 97 / 100);
}

TEST(Generator, WritesTheCablegateTree) {
  const fs::path dir =
      fs::temp_directory_path() / ("chancery_gen_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  Result<WriteSummary> s =
      write_corpus(examples_seed(), Options{.count = 50}, OutputFormat::kHtml, dir.string());
  ASSERT_TRUE(s.has_value()) << s.error().to_string();
  EXPECT_EQ(s->cables, 50u);
  std::size_t files = 0;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    ++files;
    const std::string rel = fs::relative(e.path(), dir).string();
    EXPECT_TRUE(rel.starts_with("cable/")) << rel;
    EXPECT_TRUE(rel.ends_with(".html")) << rel;
  }
  EXPECT_EQ(files, 50u);
  fs::remove_all(dir);
}

TEST(SeedLoad, MissingSeedIsNotFound) {
  Result<Seed> s = Seed::load({kExamples + "/no-such-file.csv"});
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, Errc::kNotFound);
  EXPECT_NE(s.error().where.find("no-such-file.csv"), std::string::npos);
}

TEST(SeedLoad, SeedWithoutCablesIsInvalidInput) {
  const fs::path file =
      fs::temp_directory_path() / ("chancery_gen_empty_" + std::to_string(::getpid()) + ".txt");
  std::ofstream(file) << "just some notes\nnothing like a cable\n";
  Result<Seed> s = Seed::load({file.string()});
  fs::remove(file);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, Errc::kInvalidInput);
  EXPECT_NE(s.error().message.find("no cable"), std::string::npos) << s.error().message;
}

TEST(SeedLoad, NoSeedIsInvalidInput) {
  Result<Seed> s = Seed::load({});
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, Errc::kInvalidInput);
}

TEST(OutputFormatName, RoundTrips) {
  for (OutputFormat f : {OutputFormat::kCsv, OutputFormat::kHtml, OutputFormat::kTelegram,
                         OutputFormat::kPlain, OutputFormat::kJsonl}) {
    EXPECT_EQ(output_format_from_name(output_format_name(f)), f);
  }
  EXPECT_EQ(output_format_from_name("xml"), std::nullopt);
}

}  // namespace
}  // namespace chancery::gen
