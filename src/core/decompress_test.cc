#include <bzlib.h>
#include <zlib.h>
#include <zstd.h>

#include <random>
#include <string>

#include <gtest/gtest.h>

#include "chancery/source.h"

namespace chancery {
namespace {

std::string gzip(const std::string& in) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, in.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string bzip2(const std::string& in) {
  unsigned size = static_cast<unsigned>(in.size() + in.size() / 100 + 600);
  std::string out(size, '\0');
  EXPECT_EQ(BZ2_bzBuffToBuffCompress(out.data(), &size, const_cast<char*>(in.data()),
                                     static_cast<unsigned>(in.size()), 9, 0, 0),
            BZ_OK);
  out.resize(size);
  return out;
}

std::string zstd(const std::string& in) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

// Reads a source to its end in small, uneven chunks.
Result<std::string> drain(std::unique_ptr<ByteSource> source) {
  std::string out;
  char buffer[777];
  for (std::size_t step = 1;; step = step % 700 + 13) {
    Result<std::size_t> n = source->read(buffer, step);
    if (!n) return n.error();
    if (*n == 0) return out;
    out.append(buffer, *n);
  }
}

std::string sample_text() {
  std::mt19937 random(7);
  std::string text;
  for (int i = 0; i < 200000; ++i) {
    text += "C O N F I D E N T I A L SECTION 01 OF 02 TEL AVIV 000557 "[random() % 40];
    if (random() % 61 == 0) text += '\n';
  }
  return text;
}

TEST(Decompressing, ReadsEachCodecAsTheOriginalBytes) {
  const std::string text = sample_text();
  for (const auto& [codec, bytes] : {std::pair{"gzip", gzip(text)}, std::pair{"bzip2", bzip2(text)},
                                     std::pair{"zstd", zstd(text)}, std::pair{"none", text}}) {
    SCOPED_TRACE(codec);
    Result<std::string> out = drain(decompressing(open_memory(bytes, "in")));
    ASSERT_TRUE(out.has_value()) << out.error().to_string();
    EXPECT_EQ(*out, text);
  }
}

TEST(Decompressing, ConcatenatedMembersAreReadInTurn) {
  const std::string a = sample_text(), b = "second member\n";
  for (const auto& [codec, bytes] :
       {std::pair{"gzip", gzip(a) + gzip(b)}, std::pair{"bzip2", bzip2(a) + bzip2(b)},
        std::pair{"zstd", zstd(a) + zstd(b)}}) {
    SCOPED_TRACE(codec);
    Result<std::string> out = drain(decompressing(open_memory(bytes, "in")));
    ASSERT_TRUE(out.has_value()) << out.error().to_string();
    EXPECT_EQ(*out, a + b);
  }
}

TEST(Decompressing, TruncatedOrDamagedStreamsAreErrorsNamingTheInput) {
  const std::string text = sample_text();
  for (const auto& [codec, bytes] : {std::pair{"gzip", gzip(text)}, std::pair{"bzip2", bzip2(text)},
                                     std::pair{"zstd", zstd(text)}}) {
    SCOPED_TRACE(codec);
    Result<std::string> cut =
        drain(decompressing(open_memory(bytes.substr(0, bytes.size() / 2), "in.x")));
    ASSERT_FALSE(cut.has_value());
    EXPECT_EQ(cut.error().code, Errc::kInvalidInput);
    EXPECT_EQ(cut.error().where, "in.x");
    std::string damaged = bytes;
    for (std::size_t i = 20; i < damaged.size(); i += 97)
      damaged[i] = static_cast<char>(~damaged[i]);
    Result<std::string> bad = drain(decompressing(open_memory(damaged, "in.x")));
    EXPECT_FALSE(bad.has_value() && *bad == text);
  }
}

TEST(Decompressing, ShortAndEmptyInputsPassThrough) {
  for (const std::string& s :
       {std::string(), std::string("x"), std::string("\x1f"), std::string("BZ")}) {
    Result<std::string> out = drain(decompressing(open_memory(s, "in")));
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(*out, s);
  }
}

}  // namespace
}  // namespace chancery
