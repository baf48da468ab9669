#include "chancery/source.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace chancery {
namespace {

std::string read_all(ByteSource& source, std::size_t chunk) {
  std::string out;
  std::string buffer(chunk, '\0');
  while (true) {
    Result<std::size_t> n = source.read(buffer.data(), buffer.size());
    EXPECT_TRUE(n.has_value());
    if (!n || *n == 0) break;
    out.append(buffer.data(), *n);
  }
  return out;
}

TEST(MemorySource, ReadsTheBytesInChunksThenEnds) {
  std::unique_ptr<ByteSource> source = open_memory("hello, world", "mem");
  EXPECT_EQ(source->name(), "mem");
  EXPECT_EQ(read_all(*source, 5), "hello, world");
  char c = 0;
  Result<std::size_t> again = source->read(&c, 1);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, 0U);
}

TEST(FileSource, ReadsAFileAndNamesItByItsPath) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("chancery_source_test_" + std::to_string(::getpid()));
  std::string content(300000, 'x');
  content += "end\n";
  std::ofstream(path, std::ios::binary) << content;
  Result<std::unique_ptr<ByteSource>> source = open_file(path.string());
  ASSERT_TRUE(source.has_value()) << source.error().to_string();
  EXPECT_EQ((*source)->name(), path.string());
  EXPECT_EQ(read_all(**source, 65536), content);
  std::filesystem::remove(path);
}

TEST(FileSource, MissingFileIsNotFoundWithThePath) {
  Result<std::unique_ptr<ByteSource>> source = open_file("/nonexistent/dir/cables.csv");
  ASSERT_FALSE(source.has_value());
  EXPECT_EQ(source.error().code, Errc::kNotFound);
  EXPECT_EQ(source.error().where, "/nonexistent/dir/cables.csv");
}

TEST(FileSource, DirectoryIsAnIoError) {
  Result<std::unique_ptr<ByteSource>> source =
      open_file(std::filesystem::temp_directory_path().string());
  ASSERT_FALSE(source.has_value());
  EXPECT_EQ(source.error().code, Errc::kIo);
}

TEST(StdinSource, IsNamedDash) { EXPECT_EQ(open_stdin()->name(), "-"); }

}  // namespace
}  // namespace chancery
