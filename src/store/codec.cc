#include "store/codec.h"

#include <sodium.h>
#include <zstd.h>

#include <array>

namespace chancery::store {
namespace {

// Level 3 is zstd's default: several hundred MB/s, within a few percent of
// the higher levels' ratio on prose.
constexpr int kLevel = 3;
// A stored blob never claims more than this when decompressed: a damaged or
// hostile frame header cannot make us allocate gigabytes.
constexpr unsigned long long kMaxBlob = 1ull << 30;

}  // namespace

std::string compress(std::string_view bytes) {
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), kLevel);
  if (ZSTD_isError(n) != 0) return {};  // cannot happen with a bound-sized buffer
  out.resize(n);
  return out;
}

Result<std::string> decompress(std::string_view blob) {
  const unsigned long long size = ZSTD_getFrameContentSize(blob.data(), blob.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxBlob) {
    return Error{.code = Errc::kIo, .message = "store: a stored blob is damaged (no zstd frame)"};
  }
  std::string out(static_cast<std::size_t>(size), '\0');
  const std::size_t n = ZSTD_decompress(out.data(), out.size(), blob.data(), blob.size());
  if (ZSTD_isError(n) != 0 || n != out.size()) {
    return Error{.code = Errc::kIo,
                 .message = std::string("store: a stored blob is damaged: ") + ZSTD_getErrorName(n)};
  }
  return out;
}

std::string digest_hex(std::string_view bytes) {
  std::array<unsigned char, 16> hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(hash.size() * 2);
  for (unsigned char b : hash) {
    hex += kHex[b >> 4];
    hex += kHex[b & 15];
  }
  return hex;
}

}  // namespace chancery::store
