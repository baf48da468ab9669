// The seed cable, 07TELAVIV557 in the plain format: every value of the table
// in docs/cable-record.md, asserted one by one.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "chancery/cable.h"
#include "chancery/parse.h"

namespace chancery {
namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

class SeedCable : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::filesystem::path path =
        std::filesystem::path(CHANCERY_SHARED_DIR) / "corpus" / "07TELAVIV557.txt";
    std::filesystem::path local =
        std::filesystem::path(CHANCERY_SOURCE_DIR) / "examples" / "07TELAVIV557.txt";
    const std::filesystem::path& use = std::filesystem::exists(path) ? path : local;
    if (!std::filesystem::exists(use)) GTEST_SKIP() << "seed cable not found at " << path;
    bytes_ = read_file(use);
    parse::ReadOptions options;
    options.source = use.string();
    Result<Cable> r = parse::read_plain(bytes_, options);
    ASSERT_TRUE(r.has_value()) << r.error().to_string();
    cable_ = std::move(r.value());
  }
  std::string bytes_;
  Cable cable_;
};

TEST_F(SeedCable, HeaderFields) {
  EXPECT_EQ(cable_.id, "07TELAVIV557");
  EXPECT_EQ(cable_.origin, "Embassy Tel Aviv");
  EXPECT_EQ(cable_.created, "2007-02-22T07:11Z");
  EXPECT_EQ(cable_.released, std::nullopt);
  EXPECT_EQ(cable_.classification, "SECRET");
  EXPECT_EQ(cable_.handling, std::vector<std::string>{"SIPDIS"});
  EXPECT_EQ(cable_.transmission_id, "VZCZCXRO4354");
  EXPECT_EQ(cable_.precedence, "PRIORITY");
  EXPECT_EQ(cable_.from, "AMEMBASSY TEL AVIV");
  EXPECT_EQ(cable_.format, "plain");
  EXPECT_EQ(cable_.sections, 4);
}

TEST_F(SeedCable, Addressees) {
  ASSERT_EQ(cable_.to.size(), 1U);
  EXPECT_EQ(cable_.to[0], (Recipient{"RUEHC", "SECSTATE WASHDC", "PRIORITY", "9537", {}}));
  ASSERT_EQ(cable_.info.size(), 12U);
  EXPECT_EQ(cable_.info.front().route, "RUCNIRA");
  EXPECT_EQ(cable_.info.front().name, "IRAN COLLECTIVE");
  EXPECT_EQ(cable_.info.front().mcn, std::nullopt);
  EXPECT_EQ(cable_.info[1], (Recipient{"RUEHBJ", "AMEMBASSY BEIJING", std::nullopt, "0777", {}}));
  // The last addressee ran into the classification line in the archive.
  EXPECT_EQ(cable_.info.back().route, "RHMFISS");
  EXPECT_EQ(cable_.info.back().name, "HQ USEUCOM VAIHINGEN GE");
}

TEST_F(SeedCable, TextFields) {
  EXPECT_EQ(cable_.subject,
            "iran-unsc: under secretary joseph's discussions with israeli government officials "
            "(cable 4 of 4)");
  EXPECT_EQ(cable_.tags,
            (std::vector<std::string>{"PREL", "KNNP", "MNUC", "PTER", "UNSC", "IR", "RU", "IS"}));
  ASSERT_EQ(cable_.references.size(), 4U);
  EXPECT_EQ(cable_.references[0], (Reference{"a", "07TELAVIV553", "Tel aviv 00553"}));
  EXPECT_EQ(cable_.references[1].id, "07TELAVIV554");
  EXPECT_EQ(cable_.references[2].id, "07TELAVIV555");
  EXPECT_EQ(cable_.references[3], (Reference{"d", "07TELAVIV556", "Tel aviv 00556"}));
  EXPECT_EQ(cable_.classified_by, "Ambassador Richard H. Jones");
  EXPECT_EQ(cable_.reasons, (std::vector<std::string>{"1.4(b)", "1.4(d)"}));
  EXPECT_EQ(cable_.declassify_on, "2017-02-09");
  ASSERT_TRUE(cable_.summary.has_value());
  EXPECT_TRUE(cable_.summary->starts_with("During his January 30 - February 2 visit to Israel,"))
      << *cable_.summary;
  EXPECT_TRUE(cable_.summary->ends_with("obvious next steps for the USG on\nIran."))
      << *cable_.summary;
  EXPECT_TRUE(cable_.signed_by.empty());
}

TEST_F(SeedCable, Paragraphs) {
  ASSERT_EQ(cable_.paragraphs.size(), 19U);
  for (std::size_t i = 0; i < 19; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(cable_.paragraphs[i].number, std::to_string(i + 1));
    EXPECT_EQ(cable_.paragraphs[i].marking, i < 18 ? "S" : "U");
  }
  EXPECT_TRUE(cable_.paragraphs[0].text.starts_with("During his January 30"));
  // Lettered sub-items stay inside their paragraph.
  EXPECT_NE(cable_.paragraphs[4].text.find("\xC2\xB6"
                                           "J. Working with the IAEA"),
            std::string::npos);
  // The page header inside paragraph 5 is gone and the sentence rejoined.
  EXPECT_NE(cable_.paragraphs[4].text.find("under a WMD\nExecutive Order."), std::string::npos);
  // The stray "Sipdis" in paragraph 18 is gone.
  EXPECT_NE(cable_.paragraphs[17].text.find("in our\ninterests to allow"), std::string::npos);
  EXPECT_EQ(cable_.paragraphs[18].text,
            "Under Secretary Robert Joseph has cleared on this\ncable.");
  // A heading between paragraphs belongs to the body only.
  EXPECT_EQ(cable_.paragraphs[2].text.find("next steps on iran"), std::string::npos);
}

TEST_F(SeedCable, BodyIsCleaned) {
  EXPECT_EQ(cable_.body.find("Tel aviv 00000557"), std::string::npos);
  EXPECT_NE(cable_.body.find("next steps on iran"), std::string::npos);
  EXPECT_TRUE(cable_.body.starts_with("S e c r e t section 01 of 04 tel aviv 000557"));
  EXPECT_TRUE(cable_.body.ends_with("cleared on this\ncable."));
}

TEST_F(SeedCable, RawKeepsTheInputVerbatim) {
  parse::ReadOptions options;
  options.keep_raw = true;
  Result<Cable> r = parse::read_plain(bytes_, options);
  ASSERT_TRUE(r.has_value());
  ASSERT_TRUE(r->raw.has_value());
  EXPECT_EQ(r->raw->header + r->raw->body, bytes_);
}

TEST_F(SeedCable, JsonRoundTrip) {
  Result<Cable> back = from_json(to_json(cable_));
  ASSERT_TRUE(back.has_value()) << back.error().to_string();
  EXPECT_EQ(*back, cable_);
}

}  // namespace
}  // namespace chancery
