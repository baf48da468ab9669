// docs/drafts.md stays true: its example is the seed cable as a draft, and
// it reads back through draft_from_json.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "chancery/compose.h"
#include "chancery/parse.h"

namespace chancery::compose {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST(DraftDoc, TheExampleIsTheSeedCableAsADraft) {
  const std::string doc = read_file(fs::path(CHANCERY_SOURCE_DIR) / "docs" / "drafts.md");
  const std::size_t open = doc.rfind("```json\n");
  ASSERT_NE(open, std::string::npos);
  const std::size_t close = doc.find("```", open + 8);
  ASSERT_NE(close, std::string::npos);
  Result<Draft> example = draft_from_json(std::string_view(doc).substr(open + 8, close - open - 8));
  ASSERT_TRUE(example) << example.error().to_string();
  const std::string seed = read_file(fs::path(CHANCERY_SHARED_DIR) / "corpus" / "07TELAVIV557.txt");
  if (seed.empty()) GTEST_SKIP() << "no seed cable in " << CHANCERY_SHARED_DIR;
  Result<Cable> cable = parse::read_plain(seed);
  ASSERT_TRUE(cable) << cable.error().to_string();
  EXPECT_EQ(*example, draft_from_cable(*cable));
}

}  // namespace
}  // namespace chancery::compose
